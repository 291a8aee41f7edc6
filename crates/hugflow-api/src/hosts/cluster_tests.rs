//! Login nodes without a window: which hosts are clusters, what a stage refuses before
//! anything reaches ssh, and which staging jobs are notified as ended (once).

use std::collections::BTreeMap;
use std::sync::Arc;

use hugflow_core::cluster::{ClusterStatus, NodeStage, NodeStageState, StageRecord, StageSpec};

use super::*;
use crate::HostInput;
use crate::hosts::tests::{Laptop, RecordingHost, view};

fn node(state: NodeStageState, reason: Option<&str>) -> NodeStage {
    NodeStage {
        state,
        reason: reason.map(str::to_string),
        ..NodeStage::pending(Some("7".into()))
    }
}

fn record(job: &str, submitted_at: &str, nodes: &[(&str, NodeStage)]) -> StageRecord {
    StageRecord {
        schema: 1,
        storage_name: "acme__speech__rev_main".into(),
        hf_id: "acme/speech".into(),
        commit: "abc".into(),
        target: "/local/nvme/datasets".into(),
        job_id: Some(job.into()),
        submitted_at: submitted_at.into(),
        nodes: nodes
            .iter()
            .map(|(name, stage)| (name.to_string(), stage.clone()))
            .collect::<BTreeMap<_, _>>(),
    }
}

fn status(records: Vec<StageRecord>) -> ClusterStatus {
    ClusterStatus {
        schema: 1,
        nodes: Vec::new(),
        jobs: Vec::new(),
        datasets: records,
    }
}

const SINCE: &str = "2026-12-04T10:00:00Z";

#[test]
fn a_staging_job_is_notified_once_when_every_node_settled() {
    use NodeStageState::*;
    let mut watch = StageWatch::default();
    // Old news: staged before the app looked.
    let old = record("3", "2026-12-04T09:00:00Z", &[("n1", node(Verified, None))]);
    assert!(watch.endings("login", &status(vec![old]), SINCE).is_empty());

    let copying = record(
        "8",
        "2026-12-04T10:01:00Z",
        &[("n1", node(Copying, None)), ("n2", node(Pending, None))],
    );
    assert!(
        watch
            .endings("login", &status(vec![copying]), SINCE)
            .is_empty()
    );
    let failed = record(
        "8",
        "2026-12-04T10:01:00Z",
        &[
            ("n1", node(Verified, None)),
            ("n2", node(Failed, Some("disk full on /local/nvme"))),
        ],
    );
    let endings = watch.endings("login", &status(vec![failed.clone()]), SINCE);
    assert_eq!(
        endings,
        [StageEnding {
            title: "Staging acme__speech__rev_main failed on login".into(),
            body: "Job 8: n2 (failed: disk full on /local/nvme)".into(),
            succeeded: false,
        }]
    );
    assert!(
        watch
            .endings("login", &status(vec![failed]), SINCE)
            .is_empty()
    );

    // A new job that ended between two looks is news too.
    let verified = record(
        "9",
        "2026-12-04T10:05:00Z",
        &[("n1", node(Verified, None)), ("n2", node(Verified, None))],
    );
    let endings = watch.endings("login", &status(vec![verified]), SINCE);
    assert_eq!(endings.len(), 1);
    assert!(endings[0].succeeded, "{endings:?}");
    assert_eq!(
        endings[0].body,
        "Job 9: verified on 2 node(s) in /local/nvme/datasets/acme__speech__rev_main."
    );
}

#[tokio::test]
async fn only_a_marked_login_node_is_asked_and_a_bad_stage_never_reaches_ssh() {
    let laptop = Laptop::new(&[]);
    let app = laptop.app(Arc::new(RecordingHost::default()), &[]);
    Arc::clone(&app).watch_hosts().await;
    let spec = StageSpec {
        partition: None,
        nodes: Some("n[1-3]".into()),
        nodes_count: None,
        target: "/local/nvme/datasets".into(),
    };
    let unknown = app.host_cluster("login").await.unwrap_err();
    assert_eq!(unknown.code, ErrorCode::NotAllowed, "{unknown:?}");

    let input = |cluster| HostInput {
        name: "login".into(),
        storage_root: None,
        checkout: Some("~/gitops".into()),
        cluster,
    };
    app.add_host(&input(None)).unwrap();
    assert!(!view(&app, "login").cluster);
    let plain = app.stage_on_cluster("login", "a", &spec).await.unwrap_err();
    assert_eq!(plain.code, ErrorCode::NotConfigured);
    assert!(plain.message.contains("Slurm login node"), "{plain:?}");

    app.add_host(&input(Some(true))).unwrap();
    assert!(view(&app, "login").cluster);
    // Re-saving the paths without saying keeps it a cluster.
    app.add_host(&input(None)).unwrap();
    assert!(view(&app, "login").cluster);

    for (name, spec, field) in [
        ("../etc", spec.clone(), "storage name"),
        (
            "a",
            StageSpec {
                nodes: Some("n1;reboot".into()),
                ..spec.clone()
            },
            "nodes",
        ),
        (
            "a",
            StageSpec {
                target: "/local/../etc".into(),
                ..spec.clone()
            },
            "target",
        ),
    ] {
        let error = app
            .stage_on_cluster("login", name, &spec)
            .await
            .unwrap_err();
        assert_eq!(error.code, ErrorCode::InvalidInput, "{error:?}");
        assert!(error.message.starts_with(field), "{error:?}");
    }
    // Valid, but the host is not connected: no agent to ask.
    let offline = app.stage_on_cluster("login", "a", &spec).await.unwrap_err();
    assert_eq!(offline.code, ErrorCode::NotConfigured, "{offline:?}");

    app.remove_host("login").unwrap();
    assert!(app.cluster_hosts().unwrap().is_empty());
}

/// The real path without a window: a login node over ssh in front of a real 3-node Slurm
/// cluster; its cluster is read, a dataset staged, and its end notified once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_login_node_shows_its_nodes_and_stages_a_dataset_verified_on_each() {
    use std::time::Duration;

    use hugflow_testkit::process::workspace_bin;
    use hugflow_testkit::slurm::login::LoginNode;

    use crate::hosts::tests::{trust, until};

    let Some(site) = LoginNode::start_or_skip(&workspace_bin("hugflow")) else {
        return;
    };
    let laptop = Laptop::new(&[&site.sshd]);
    let recorder = Arc::new(RecordingHost::default());
    let app = laptop.app(recorder.clone(), &[]);
    tokio::spawn(Arc::clone(&app).watch_hosts());
    tokio::time::sleep(Duration::from_millis(100)).await;
    app.add_host(&HostInput {
        name: "login".into(),
        storage_root: None,
        checkout: Some(site.checkout.path().display().to_string()),
        cluster: Some(true),
    })
    .unwrap();
    trust(&app, "login").await;
    until(
        "hugflow found on the login node",
        Duration::from_secs(30),
        || {
            matches!(
                view(&app, "login").agent,
                crate::AgentState::Installed { .. }
            )
            .then_some(())
        },
    )
    .await;

    let status = app.host_cluster("login").await.unwrap();
    let nodes: Vec<&str> = status.nodes.iter().map(|n| n.name.as_str()).collect();
    assert_eq!(nodes, ["n1", "n2", "n3"]);
    assert!(status.datasets.is_empty(), "{status:#?}");

    let target = format!("{}/datasets", hugflow_testkit::slurm::NVME);
    let spec = StageSpec {
        partition: None,
        nodes: Some("n[1-3]".into()),
        nodes_count: None,
        target: target.clone(),
    };
    let outcome = app
        .stage_on_cluster("login", &site.storage_name, &spec)
        .await
        .unwrap();
    assert!(!outcome.job_id.is_empty(), "{outcome:#?}");
    let mut verified = false;
    for _ in 0..120 {
        let status = app.host_cluster("login").await.unwrap();
        let record = status
            .datasets
            .iter()
            .find(|d| d.storage_name == site.storage_name);
        if record.is_some_and(StageRecord::all_verified) {
            verified = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    assert!(verified, "{}", site.cluster.logs());
    for node in ["n1", "n2", "n3"] {
        assert!(
            site.copy_on(node, &target).join("README.md").is_file(),
            "{node}"
        );
    }
    let staged = |recorder: &RecordingHost| {
        recorder
            .notifications
            .lock()
            .unwrap()
            .iter()
            .filter(|n| n.title == format!("{} staged on login", site.storage_name))
            .count()
    };
    until("the staged notification", Duration::from_secs(20), || {
        (staged(&recorder) > 0).then_some(())
    })
    .await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(staged(&recorder), 1);
}
