//! A Slurm cluster through its login node's agent: `hugflow cluster --json` (nodes, staging
//! jobs, each dataset's copy node by node) and `hugflow stage NAME … --json` (submits one
//! staging job and answers at once). Every value is checked by the core's rule
//! (`hugflow_core::cluster`) before it reaches the command line, and what the host prints is
//! read through the core's types, refusing a newer schema.

use hugflow_core::cluster::{ClusterStatus, StageOutcome, StageSpec, check_storage_name};

use super::{AgentError, AgentInfo, parse_versioned, run_json};
use crate::error::SshError;
use crate::quote::{RemoteCommand, ValueError, check_path};
use crate::ssh::Ssh;
use crate::target::Target;

/// The schema of `hugflow cluster --json` and `hugflow stage --json` this build reads.
pub const CLUSTER_SCHEMA: u32 = 1;

/// `hugflow cluster --json [--root CHECKOUT]` on the login node.
pub async fn status(
    ssh: &Ssh,
    target: &Target,
    agent: &AgentInfo,
    checkout: Option<&str>,
) -> Result<ClusterStatus, AgentError> {
    let command = with_root(
        RemoteCommand::default()
            .path(&agent.path)
            .arg("cluster")
            .arg("--json"),
        checkout,
    )?;
    let text = run_json(ssh, target, &command, None).await?;
    parse_versioned(target, "hugflow cluster --json", &text, CLUSTER_SCHEMA)
}

/// `hugflow stage STORAGE_NAME --nodes …|--partition … --target DIR --json` on the login
/// node: the job it submitted and each node's first state.
pub async fn stage(
    ssh: &Ssh,
    target: &Target,
    agent: &AgentInfo,
    checkout: Option<&str>,
    storage_name: &str,
    spec: &StageSpec,
) -> Result<StageOutcome, AgentError> {
    let command = stage_command(agent, checkout, storage_name, spec)?;
    let text = run_json(ssh, target, &command, None).await?;
    parse_versioned(target, "hugflow stage --json", &text, CLUSTER_SCHEMA)
}

fn stage_command(
    agent: &AgentInfo,
    checkout: Option<&str>,
    storage_name: &str,
    spec: &StageSpec,
) -> Result<RemoteCommand, AgentError> {
    check_storage_name(storage_name).map_err(refused)?;
    spec.check().map_err(refused)?;
    let mut command = RemoteCommand::default()
        .path(&agent.path)
        .arg("stage")
        .arg(storage_name);
    if let Some(nodes) = &spec.nodes {
        command = command.arg("--nodes").arg(nodes);
    }
    if let Some(partition) = &spec.partition {
        command = command.arg("--partition").arg(partition);
    }
    if let Some(count) = spec.nodes_count {
        command = command.arg("--nodes-count").arg(&count.to_string());
    }
    command = command.arg("--target").arg(&spec.target).arg("--json");
    with_root(command, checkout)
}

fn with_root(command: RemoteCommand, checkout: Option<&str>) -> Result<RemoteCommand, AgentError> {
    Ok(match checkout {
        Some(root) => {
            check_path("the checkout path", root).map_err(SshError::from)?;
            command.arg("--root").path(root)
        }
        None => command,
    })
}

fn refused(error: hugflow_core::cluster::StageSpecError) -> AgentError {
    AgentError::Ssh(SshError::from(ValueError {
        what: format!("the {}", error.field),
        value: error.value,
        why: error.why,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agent() -> AgentInfo {
        AgentInfo {
            version: "0.1.0".into(),
            path: "~/.local/bin/hugflow".into(),
        }
    }

    fn spec(nodes: Option<&str>, partition: Option<&str>, target: &str) -> StageSpec {
        StageSpec {
            partition: partition.map(str::to_string),
            nodes: nodes.map(str::to_string),
            nodes_count: partition.map(|_| 2),
            target: target.into(),
        }
    }

    #[test]
    fn a_stage_is_one_quoted_agent_command() {
        let command = stage_command(
            &agent(),
            Some("~/gitops"),
            "acme__speech__rev_main",
            &spec(Some("n[1-3]"), None, "/local/nvme/datasets"),
        )
        .unwrap();
        assert_eq!(
            command.as_str(),
            " \"$HOME\"/.local/bin/hugflow stage acme__speech__rev_main --nodes 'n[1-3]' \
             --target /local/nvme/datasets --json --root \"$HOME\"/gitops"
        );
        let command =
            stage_command(&agent(), None, "a", &spec(None, Some("gpu"), "/raid/data")).unwrap();
        assert!(
            command
                .as_str()
                .ends_with("stage a --partition gpu --nodes-count 2 --target /raid/data --json"),
            "{command}"
        );
    }

    #[test]
    fn hostile_values_never_reach_the_host() {
        let good = spec(Some("n1"), None, "/local/nvme");
        let cases = [
            ("-rf", good.clone(), "storage name"),
            ("a/../../etc", good.clone(), "storage name"),
            ("a", spec(Some("n1;id"), None, "/x"), "nodes"),
            ("a", spec(None, Some("$(id)"), "/x"), "partition"),
            ("a", spec(Some("n1"), None, "x"), "target"),
            ("a", spec(None, None, "/x"), "stage"),
        ];
        for (name, spec, field) in cases {
            let error = stage_command(&agent(), None, name, &spec).unwrap_err();
            assert!(
                matches!(&error, AgentError::Ssh(SshError::Value(v)) if v.what.contains(field)),
                "{name} {spec:?}: {error}"
            );
        }
        assert!(stage_command(&agent(), Some("relative"), "a", &good).is_err());
    }

    #[test]
    fn answers_read_through_the_core_types_and_a_newer_schema_asks_for_an_upgrade() {
        let host = Target::parse("login").unwrap();
        let status = r#"{"schema":1,"nodes":[{"name":"n1","state":"idle","cpus":2,"gpus":8,
            "gres":"gpu:h100:8","partitions":["debug"]}],"jobs":[],"datasets":[]}"#;
        let read: ClusterStatus =
            parse_versioned(&host, "hugflow cluster --json", status, CLUSTER_SCHEMA).unwrap();
        assert_eq!(read.nodes[0].gpus, 8);
        let newer = status.replace("\"schema\":1", "\"schema\":2");
        assert!(matches!(
            parse_versioned::<ClusterStatus>(&host, "c", &newer, CLUSTER_SCHEMA),
            Err(AgentError::NewerSchema { found: 2, .. })
        ));
        assert!(matches!(
            parse_versioned::<ClusterStatus>(&host, "c", "sinfo: not found", CLUSTER_SCHEMA),
            Err(AgentError::Unreadable { .. })
        ));
    }
}
