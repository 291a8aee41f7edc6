//! `hugflow requests`: the GitOps repository's request PRs and where each stands.

use std::process::ExitCode;

use hugflow_ops::requests;

use super::{gitops, hub};
use crate::cli::GitopsArgs;
use crate::output::{Table, print_json};

pub fn run(args: &GitopsArgs, json: bool) -> anyhow::Result<ExitCode> {
    let settings = gitops::settings(args)?;
    let flow = gitops::connect(&settings)?;
    let runtime = hub::runtime()?;
    let list = runtime.block_on(requests::list(&flow))?;
    if json {
        print_json(&list)?;
        return Ok(ExitCode::SUCCESS);
    }
    let items = list.requests;
    if items.is_empty() {
        println!(
            "No request PRs on {} (open, or closed in the last 30 days). Ask for a dataset with `hugflow request add HF_ID --description TEXT`.",
            settings.repo
        );
        return Ok(ExitCode::SUCCESS);
    }
    let mut table = Table::new(["PR", "DATASET", "BY", "STATE"]);
    for item in &items {
        let dataset = item.hf_id.clone().unwrap_or_else(|| item.title.clone());
        let by = if item.mine {
            format!("{} (you)", item.author)
        } else {
            item.author.clone()
        };
        table.row([
            format!("#{}", item.number),
            dataset,
            by,
            item.state.summary(),
        ]);
    }
    table.print();
    Ok(ExitCode::SUCCESS)
}
