//! One module per subcommand.

mod cluster;
mod follow;
mod gitops;
mod hub;
mod info;
mod init;
mod jobs;
mod monitor;
mod request;
mod requests;
mod rerun;
mod retrain;
mod runs;
mod search;
mod shell;
mod status;
mod sync;
mod transfer;
mod validate;

use std::process::ExitCode;

use hugflow_cluster::records::StageBook;

use crate::cli::{Command, RetrainAction};

pub fn run(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Init { root, workflow } => init::run(&root, workflow),
        Command::Validate { files, json } => validate::run(&files, json),
        Command::Status { root, json } => status::run(&root, json),
        Command::Search { query, limit, json } => search::run(&query, limit, json),
        Command::Info {
            hf_id,
            revision,
            json,
        } => info::run(&hf_id, revision.as_deref(), json),
        Command::LocalSync { file, root, json } => sync::local(&file, &root, json),
        Command::Sync {
            ci_mode: _,
            root,
            results,
            json,
        } => sync::ci(&root, &results, json),
        Command::Jobs { action } => jobs::run(action),
        Command::Rerun { action } => rerun::run(action),
        Command::Monitor { root, json, watch } => monitor::run(&root, json, watch),
        Command::Request { action } => request::run(action),
        Command::Requests { gitops, json } => requests::run(&gitops, json),
        Command::Runs {
            root,
            json,
            running_within,
        } => runs::run(&root, json, running_within),
        Command::Retrain {
            action: Some(RetrainAction::History { root, limit, json }),
            ..
        } => retrain::history(&root, limit, json),
        Command::Retrain {
            action: None,
            root,
            config,
            json,
        } => retrain::run(&root, config.as_deref(), json),
        Command::Stage {
            dataset,
            nodes,
            partition,
            nodes_count,
            target,
            max_rate_mb,
            wait,
            root,
            json,
        } => cluster::stage(
            cluster::StageArgs {
                dataset,
                spec: hugflow_core::cluster::StageSpec {
                    partition,
                    nodes,
                    nodes_count,
                    target,
                },
                max_rate: max_rate_mb.map(|mb| mb * 1_000_000),
                wait,
                json,
            },
            &root,
        ),
        Command::StageTask {
            source,
            target,
            state_dir,
            job_id,
            max_rate,
            node,
            storage_name,
        } => cluster::stage_task(hugflow_cluster::copy::Task {
            source,
            target,
            node: node.unwrap_or_else(hugflow_cluster::this_node),
            job_id,
            book: StageBook::new(&state_dir),
            max_rate,
            storage_name,
        }),
        Command::Ready {
            storage_name,
            node,
            target,
            root,
            json,
        } => cluster::ready(&storage_name, node, target.as_deref(), &root, json),
        Command::Unstage {
            storage_name,
            nodes,
            wait,
            root,
            json,
        } => cluster::unstage(&storage_name, nodes, wait, &root, json),
        Command::UnstageTask {
            target,
            state_dir,
            job_id: _,
            node,
            storage_name,
        } => cluster::unstage_task(
            &StageBook::new(&state_dir),
            &target,
            &storage_name,
            &node.unwrap_or_else(hugflow_cluster::this_node),
        ),
        Command::Cluster { root, json } => cluster::status(&root, json),
        Command::Completions { shell } => shell::completions(shell),
        Command::Man { out_dir } => shell::man(out_dir.as_deref()),
    }
}
