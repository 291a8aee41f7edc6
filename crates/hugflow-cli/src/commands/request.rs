//! `hugflow request add|remove`: the desktop's "Create PR", from a terminal.

use std::process::ExitCode;

use hugflow_gitops::{AddDraft, Draft, GitopsError, Plan, RemoveDraft, browser_url};
use hugflow_ops::requests::{self, RequestAnswer};
use indicatif::{ProgressBar, ProgressStyle};

use super::{gitops, hub};
use crate::cli::RequestAction;
use crate::output::print_json;

pub fn run(action: RequestAction) -> anyhow::Result<ExitCode> {
    let (draft, common) = match action {
        RequestAction::Add {
            hf_id,
            description,
            revision,
            subset,
            split,
            audio_column,
            text_column,
            common,
        } => {
            let draft = Draft::Add(AddDraft {
                hf_id,
                description,
                revision,
                subset,
                split,
                audio_column,
                text_column,
            });
            (draft, common)
        }
        RequestAction::Remove {
            hf_id,
            reason,
            storage_name,
            common,
        } => {
            let draft = Draft::Remove(RemoveDraft {
                hf_id,
                reason,
                storage_name,
            });
            (draft, common)
        }
    };
    let plan = requests::plan(&draft);
    if common.dry_run || !plan.is_valid() {
        return show_plan(&plan, common.json);
    }
    let settings = gitops::settings(&common.gitops)?;
    let flow = gitops::connect(&settings)?;
    let spinner = (!common.json).then(|| {
        let bar = ProgressBar::new_spinner()
            .with_message(format!("opening \"{}\" on {}", plan.title, settings.repo));
        bar.set_style(ProgressStyle::with_template("{spinner} {msg}").expect("a valid template"));
        bar.enable_steady_tick(std::time::Duration::from_millis(100));
        bar
    });
    // The PR quotes the dataset's size when the Hub answers; it can be opened without.
    let hub = hub::client()
        .inspect_err(|error| {
            tracing::warn!("the PR will not quote the dataset's size: {error:#}");
        })
        .ok();
    let runtime = hub::runtime()?;
    let opened = runtime.block_on(requests::open(
        &flow,
        hub.as_ref(),
        &draft,
        &[],
        "the hugflow CLI",
    ));
    if let Some(spinner) = spinner {
        spinner.finish_and_clear();
    }
    let opened = match opened {
        Ok(opened) => opened,
        Err(
            error @ (GitopsError::Duplicate(_)
            | GitopsError::Invalid(_)
            | GitopsError::Disabled { .. }),
        ) => {
            if common.json {
                print_json(&RequestAnswer {
                    error: Some(error.to_string()),
                    ..RequestAnswer::planned(plan)
                })?;
            } else {
                eprintln!("error: {error}");
            }
            return Ok(ExitCode::from(1));
        }
        Err(error) => return Err(error.into()),
    };
    if common.json {
        print_json(&RequestAnswer {
            pull: Some(opened.clone()),
            ..RequestAnswer::planned(plan.clone())
        })?;
    } else {
        println!("Opened PR #{}: {}", opened.number, plan.title);
        println!("  {}", opened.url);
        println!("  branch  {}", opened.head);
        println!("  file    {}", opened.path);
        if opened.forked {
            println!("  (from your fork: you cannot push to {})", settings.repo);
        }
    }
    if common.open {
        match browser_url(&opened.url, &settings.api_url) {
            Ok(url) => open::that_detached(&url)?,
            Err(why) => eprintln!("{why}"),
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The plan (a dry run, or an invalid request with its errors).
fn show_plan(plan: &Plan, json: bool) -> anyhow::Result<ExitCode> {
    let code = if plan.is_valid() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    };
    if json {
        print_json(&RequestAnswer::planned(plan.clone()))?;
        return Ok(code);
    }
    for error in &plan.errors {
        let hint = error
            .hint
            .as_deref()
            .map(|h| format!(" ({h})"))
            .unwrap_or_default();
        eprintln!("error: {}: {}{hint}", error.field, error.message);
    }
    println!("{}  ->  {}", plan.title, plan.branch);
    println!("--- {}", plan.path);
    print!("{}", plan.yaml);
    Ok(code)
}
