//! `hugflow stage`, `stage-task`, `ready` and `cluster`: one `hugflow_cluster` call each,
//! rendered as text, a live line on a terminal, or `--json`.

use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use hugflow_cluster::copy::{Task, run_task};
use hugflow_cluster::records::StageBook;
use hugflow_cluster::stage::{StageRequest, follow, submit};
use hugflow_cluster::unstage::{UnstageRequest, follow_unstage, remove_copy, submit_unstage};
use hugflow_cluster::{ready::ready as ready_answer, status::cluster_status, this_node};
use hugflow_core::checkout::Checkout;
use hugflow_core::cluster::{NodeStageState, StageOutcome, StageRecord, StageSpec};
use hugflow_core::progress::Cancel;
use hugflow_core::request::{Request, load_request_file};
use hugflow_core::units::human_bytes;
use hugflow_ops::sync::{Applied, apply};
use indicatif::{ProgressBar, ProgressStyle};

use super::transfer::Display;
use crate::output::{Table, print_json, stderr_is_rich};

pub struct StageArgs {
    /// A request file or a storage name.
    pub dataset: String,
    pub spec: StageSpec,
    pub max_rate: Option<u64>,
    pub wait: bool,
    pub json: bool,
}

pub fn stage(args: StageArgs, root: &Path) -> anyhow::Result<ExitCode> {
    let checkout = Checkout::open(root)?;
    let Some(storage_name) = synced_storage_name(&args.dataset, root, args.json)? else {
        return Ok(ExitCode::from(1));
    };
    let request = StageRequest {
        storage_name: storage_name.clone(),
        storage_root: checkout.storage_root.clone(),
        state_dir: checkout.state.path().to_path_buf(),
        spec: args.spec,
        program: std::env::current_exe().context("cannot tell where this hugflow is")?,
        max_rate: args.max_rate,
    };
    let (job_id, record) = submit(&request)?;
    if !args.json {
        println!(
            "Submitted staging job {job_id}: {storage_name} to {}/{storage_name} on {}.",
            record.target,
            nodes_phrase(&record)
        );
    }
    if !args.wait {
        if args.json {
            print_json(&StageOutcome {
                schema: 1,
                storage_name,
                job_id,
                job_state: "PENDING".into(),
                succeeded: false,
                record,
            })?;
        } else {
            println!(
                "Follow it with `hugflow cluster`; train with `sbatch --dependency=afterok:{job_id} …`, or start the training script with `hugflow ready {}`.",
                request.storage_name
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    let book = StageBook::new(&request.state_dir);
    let live = Live::new(args.json);
    let outcome = follow(
        &book,
        &storage_name,
        &job_id,
        Duration::from_secs(1),
        |record, job| {
            let state = job.map_or("ended", |j| j.state.as_str());
            live.show(&format!("job {job_id} {state} · {}", node_states(record)));
        },
    )?;
    live.finish();
    if args.json {
        print_json(&outcome)?;
    } else {
        print_outcome(&outcome);
    }
    Ok(if outcome.succeeded {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The storage name `dataset` stands for, synced to the shared storage first when it is a
/// request file (`None`: the sync failed, and said why).
fn synced_storage_name(dataset: &str, root: &Path, json: bool) -> anyhow::Result<Option<String>> {
    let path = Path::new(dataset);
    let is_file = path.is_file() || dataset.ends_with(".yaml") || dataset.ends_with(".yml");
    if !is_file {
        return Ok(Some(dataset.to_string()));
    }
    let report = load_request_file(path);
    let storage_name = match &report.request {
        Some(Request::Add(add)) => Some(add.storage_name()),
        Some(Request::Remove(_)) => anyhow::bail!(
            "{dataset} is a removal request; stage a request from requests/add/, or a storage name"
        ),
        // Not a valid request: the sync below says what is wrong with it, field by field.
        None => None,
    };
    // Step 1: the dataset on the shared storage, as `local-sync` puts it there.
    let display = Display::new(json);
    let applied = apply(path, root, &display, &Cancel::new());
    display.finish();
    let synced = matches!(applied?, Applied::Done);
    Ok(storage_name.filter(|_| synced))
}

fn nodes_phrase(record: &StageRecord) -> String {
    let pending: Vec<&str> = record
        .nodes
        .iter()
        .filter(|(_, n)| n.state == NodeStageState::Pending)
        .map(|(name, _)| name.as_str())
        .collect();
    if pending.is_empty() {
        "the nodes Slurm picks".to_string()
    } else {
        pending.join(", ")
    }
}

fn node_states(record: &StageRecord) -> String {
    record
        .nodes
        .iter()
        .map(|(node, stage)| format!("{node} {stage}"))
        .collect::<Vec<_>>()
        .join(" · ")
}

fn print_outcome(outcome: &StageOutcome) {
    let record = &outcome.record;
    for (node, stage) in &record.nodes {
        if stage.job_id.as_deref() != Some(outcome.job_id.as_str()) {
            continue;
        }
        let detail = match stage.state {
            NodeStageState::Verified => format!(
                "{} in {} files ({} reused)",
                human_bytes(stage.bytes_total),
                stage.files_total,
                stage.files_reused
            ),
            _ => String::new(),
        };
        println!("  {node}: {stage} {detail}");
    }
    if outcome.succeeded {
        println!(
            "Staged {} on every node (job {} {}).",
            outcome.storage_name, outcome.job_id, outcome.job_state
        );
    } else {
        println!(
            "Staging {} did not finish on every node (job {} {}): {}",
            outcome.storage_name,
            outcome.job_id,
            outcome.job_state,
            record.failures().join(", ")
        );
    }
}

/// One line that follows the job: a spinner on a terminal, else a log line per change.
struct Live {
    bar: Option<ProgressBar>,
    last: std::cell::RefCell<String>,
    quiet: bool,
}

impl Live {
    fn new(json: bool) -> Self {
        let bar = (!json && stderr_is_rich()).then(|| {
            let bar = ProgressBar::new_spinner();
            bar.set_style(ProgressStyle::with_template("{spinner} {msg}").expect("template"));
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        Self {
            bar,
            last: Default::default(),
            quiet: json,
        }
    }

    fn show(&self, line: &str) {
        if *self.last.borrow() == line {
            return;
        }
        *self.last.borrow_mut() = line.to_string();
        match &self.bar {
            Some(bar) => bar.set_message(line.to_string()),
            None if !self.quiet => eprintln!("{line}"),
            None => {}
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// One node's task: its result goes to the record; a line to the job's output file.
pub fn stage_task(task: Task) -> anyhow::Result<ExitCode> {
    let stage = run_task(&task)?;
    println!("{}: {} {stage}", task.node, task.storage_name);
    Ok(if stage.state == NodeStageState::Verified {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

pub fn unstage(
    storage_name: &str,
    nodes: Option<String>,
    wait: bool,
    root: &Path,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let checkout = Checkout::open(root)?;
    let request = UnstageRequest {
        storage_name: storage_name.to_string(),
        state_dir: checkout.state.path().to_path_buf(),
        nodes,
        program: std::env::current_exe().context("cannot tell where this hugflow is")?,
    };
    let (job_id, nodes) = submit_unstage(&request)?;
    if !json {
        println!(
            "Submitted clean-up job {job_id}: {storage_name} off {}.",
            nodes.join(", ")
        );
    }
    let book = StageBook::new(&request.state_dir);
    if !wait {
        if json {
            print_json(&serde_json::json!({
                "schema": 1, "storage_name": storage_name, "job_id": job_id,
                "job_state": "PENDING", "nodes": nodes, "succeeded": false,
                "record": book.read(storage_name)?,
            }))?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let live = Live::new(json);
    let outcome = follow_unstage(
        &book,
        storage_name,
        &job_id,
        &nodes,
        Duration::from_secs(1),
        |state| live.show(&format!("job {job_id} {state}")),
    )?;
    live.finish();
    let succeeded = outcome.left.is_empty();
    if json {
        print_json(&serde_json::json!({
            "schema": 1,
            "storage_name": storage_name,
            "job_id": job_id,
            "job_state": outcome.job_state,
            "nodes": nodes,
            "succeeded": succeeded,
            "record": outcome.record,
        }))?;
    } else if succeeded {
        println!(
            "Removed {storage_name} from {} (job {job_id} {}).",
            nodes.join(", "),
            outcome.job_state
        );
    } else {
        println!(
            "Job {job_id} ended {}; {storage_name} is still recorded on {}: see {}",
            outcome.job_state,
            outcome.left.join(", "),
            book.log_dir().display()
        );
    }
    Ok(if succeeded {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// One node's clean-up.
pub fn unstage_task(
    book: &StageBook,
    target: &Path,
    storage_name: &str,
    node: &str,
) -> anyhow::Result<ExitCode> {
    match remove_copy(book, target, storage_name, node) {
        Ok(()) => {
            println!("{node}: {storage_name} removed");
            Ok(ExitCode::SUCCESS)
        }
        Err(why) => {
            println!("{node}: {storage_name} not removed: {why}");
            Ok(ExitCode::from(1))
        }
    }
}

pub fn ready(
    storage_name: &str,
    node: Option<String>,
    target: Option<&Path>,
    root: &Path,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let checkout = Checkout::open(root)?;
    let here = this_node();
    let node = node.unwrap_or_else(|| here.clone());
    let book = StageBook::new(checkout.state.path());
    let answer = ready_answer(&book, storage_name, &node, target, node == here)?;
    if json {
        print_json(&answer)?;
    } else if answer.ready {
        println!("ready: {} on {}", answer.path, answer.node);
    } else {
        eprintln!(
            "not ready: {}",
            answer.reason.as_deref().unwrap_or("no reason")
        );
    }
    Ok(if answer.ready {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

pub fn status(root: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let checkout = Checkout::open(root)?;
    let status = cluster_status(&StageBook::new(checkout.state.path()))?;
    if json {
        print_json(&status)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut nodes = Table::new(["NODE", "STATE", "GPUS", "CPUS", "PARTITIONS", "REASON"]);
    for node in &status.nodes {
        nodes.row([
            node.name.clone(),
            node.state.clone(),
            node.gpus.to_string(),
            node.cpus.to_string(),
            node.partitions.join(","),
            node.reason.clone().unwrap_or_default(),
        ]);
    }
    nodes.print();
    println!();
    if status.jobs.is_empty() {
        println!("No staging jobs in Slurm's queue (finished ones leave it after MinJobAge).");
    } else {
        let mut jobs = Table::new(["JOB", "KIND", "DATASET", "STATE", "NODES", "REASON"]);
        for job in &status.jobs {
            jobs.row([
                job.job_id.clone(),
                job.kind.clone(),
                job.storage_name.clone(),
                job.state.clone(),
                job.nodes.clone(),
                job.reason.clone().unwrap_or_default(),
            ]);
        }
        jobs.print();
    }
    println!();
    if status.datasets.is_empty() {
        println!(
            "Nothing staged yet: `hugflow stage <storage_name> --nodes n1,n2 --target /local/nvme/datasets`."
        );
    }
    for record in &status.datasets {
        let finished = record.nodes.values().all(|n| settled(n.state));
        println!(
            "{} → {}/{}{}",
            record.storage_name,
            record.target,
            record.storage_name,
            if finished { "" } else { " (staging)" }
        );
        for (node, stage) in &record.nodes {
            println!("  {node}: {stage}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn settled(state: NodeStageState) -> bool {
    !matches!(state, NodeStageState::Pending | NodeStageState::Copying)
}
