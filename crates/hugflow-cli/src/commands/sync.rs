//! `hugflow local-sync FILE` and `hugflow sync --ci-mode`: one `hugflow_ops::sync` call
//! each, its events rendered by [`Display`] (a bar, log lines, or `--json` lines).

use std::collections::HashMap;
use std::path::Path;
use std::process::ExitCode;

use hugflow_core::events::{EventSink, SyncEvent};
use hugflow_core::progress::Cancel;
use hugflow_ops::sync::{apply, ci as ci_sync};

use super::transfer::Display;

pub fn local(file: &Path, root: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let display = Display::new(json);
    let applied = apply(file, root, &display, &Cancel::new());
    display.finish();
    Ok(ExitCode::from(applied?.code()))
}

pub fn ci(root: &Path, results: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let display = Display::new(json);
    // The workspace is the PR's checkout: settings come from the runner alone.
    let env: HashMap<String, String> = std::env::vars().collect();
    let done = ci_sync(root, results, &env, &display);
    display.finish();
    if done.is_ok() && !json {
        display.event(&SyncEvent::note(format!("wrote {}", results.display())));
    }
    Ok(if done?.succeeded {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
