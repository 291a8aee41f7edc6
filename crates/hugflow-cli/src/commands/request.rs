//! `hugflow request add|remove`: the desktop's "Create PR", from a terminal.

use std::process::ExitCode;

use hugflow_gitops::{AddDraft, DatasetFacts, Draft, GitopsError, Plan, RemoveDraft, browser_url};
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::json;

use super::{gitops, hub};
use crate::cli::RequestAction;
use crate::output::print_json;

pub fn run(action: RequestAction) -> anyhow::Result<ExitCode> {
    let (draft, common, facts) = match action {
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
            let facts = if common.dry_run {
                DatasetFacts::default()
            } else {
                gitops::facts(&hf_id, revision.as_deref())
            };
            let draft = Draft::Add(AddDraft {
                hf_id,
                description,
                revision,
                subset,
                split,
                audio_column,
                text_column,
            });
            (draft, common, facts)
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
            (draft, common, DatasetFacts::default())
        }
    };
    let plan = draft.plan();
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
    let runtime = hub::runtime()?;
    let opened = runtime.block_on(flow.open(&draft, &facts, &[], "the hugflow CLI"));
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
                print_json(&json!({ "schema": 1, "plan": plan, "error": error.to_string() }))?;
            } else {
                eprintln!("error: {error}");
            }
            return Ok(ExitCode::from(1));
        }
        Err(error) => return Err(error.into()),
    };
    if common.json {
        print_json(&json!({ "schema": 1, "plan": plan, "pull": opened }))?;
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
        print_json(&json!({ "schema": 1, "plan": plan }))?;
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
