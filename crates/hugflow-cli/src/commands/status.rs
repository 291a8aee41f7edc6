use std::path::Path;
use std::process::ExitCode;

use hugflow_ops::local::{Checkout, StatusReport, status};

use crate::output::{Table, human_bytes, human_count, print_json};

pub fn run(root: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let checkout = Checkout::open(root)?;
    let report = status(&checkout)?;
    if json {
        print_json(&report)?;
    } else {
        print_human(&report);
    }
    Ok(ExitCode::SUCCESS)
}

fn print_human(report: &StatusReport) {
    println!(
        "Storage: {}\nState:   {}\n",
        report.storage_root, report.state_dir
    );
    if report.datasets.is_empty() {
        println!(
            "No datasets yet. Open a pull request adding requests/add/<name>.yaml, or run `hugflow local-sync <file>` on this host."
        );
    } else {
        let mut table = Table::new([
            "HF ID",
            "REVISION",
            "SUBSET/SPLIT",
            "SIZE",
            "FILES",
            "ADDED",
            "PATH",
        ]);
        for d in &report.datasets {
            let selection = match &d.subset {
                Some(subset) => format!("{subset}/{}", d.split),
                None => "full".to_string(),
            };
            let path = match (&d.path, d.present) {
                (Some(path), true) => path.clone(),
                (Some(path), false) => format!("{path} (missing)"),
                (None, _) => "(unsafe storage name, not shown)".to_string(),
            };
            table.row([
                d.hf_id.clone(),
                d.revision.clone(),
                selection,
                d.size_bytes.map(human_bytes).unwrap_or_else(|| "-".into()),
                d.file_count.map(human_count).unwrap_or_else(|| "-".into()),
                d.added_at
                    .get(..16)
                    .unwrap_or(&d.added_at)
                    .replace('T', " "),
                path,
            ]);
        }
        table.print();
        let total: u64 = report.datasets.iter().filter_map(|d| d.size_bytes).sum();
        println!(
            "\n{} dataset(s), {}",
            report.datasets.len(),
            human_bytes(total)
        );
    }
    if !report.in_progress.is_empty() {
        println!("\nIn progress:");
        for p in &report.in_progress {
            println!(
                "  {}  {}  {:.1}%  {}/{} files  eta {}",
                p.hf_id,
                p.status,
                p.percent_complete,
                human_count(p.downloaded_files),
                human_count(p.total_files),
                p.eta.as_deref().unwrap_or("?"),
            );
        }
    }
}
