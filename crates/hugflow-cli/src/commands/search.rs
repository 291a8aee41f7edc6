//! `hugflow search QUERY`: the Hub's datasets matching a query, most downloaded first, as a
//! table or (with `--json`) one typed answer.

use std::process::ExitCode;

use hugflow_hub::{DatasetSummary, ListQuery};
use serde::Serialize;

use super::hub;
use crate::output::{Table, human_count, print_json};

pub fn run(query: &str, limit: usize, json: bool) -> anyhow::Result<ExitCode> {
    let client = hub::client()?;
    let list = ListQuery {
        search: Some(query.to_string()),
        sort: Some("downloads".into()),
        limit: Some(limit.clamp(1, 1000) as u32),
        ..Default::default()
    };
    let found = hub::or_report(
        hub::runtime()?.block_on(client.list_all(&list, limit)),
        json,
    )?;
    if json {
        print_json(&SearchAnswer {
            schema: 1,
            query,
            datasets: &found,
        })?;
        return Ok(ExitCode::SUCCESS);
    }
    if found.is_empty() {
        println!(
            "No dataset on {} matches `{query}`. Try fewer or shorter words.",
            client.endpoint()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let mut table = Table::new(["ID", "DOWNLOADS", "LIKES", "UPDATED", "ACCESS"]);
    for d in &found {
        table.row([
            d.id.clone(),
            human_count(d.downloads),
            human_count(d.likes),
            d.last_modified
                .as_deref()
                .unwrap_or("")
                .get(..10)
                .unwrap_or("")
                .to_string(),
            access(d).into(),
        ]);
    }
    table.print();
    Ok(ExitCode::SUCCESS)
}

/// Whether and how the dataset can be had: `disabled` (never), `gated` (after an access
/// request), `private` (with a token that sees it), or nothing.
fn access(dataset: &DatasetSummary) -> &'static str {
    if dataset.disabled {
        "disabled"
    } else if dataset.gated.is_gated() {
        "gated"
    } else if dataset.private {
        "private"
    } else {
        ""
    }
}

/// `search --json`.
#[derive(Serialize)]
struct SearchAnswer<'a> {
    schema: u32,
    query: &'a str,
    datasets: &'a [DatasetSummary],
}
