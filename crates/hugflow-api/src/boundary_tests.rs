//! The trust boundary: the window names things, the facade resolves them against what the
//! user saved. Every call that takes a run folder, a path in one, a host or a Space is given
//! hostile values it must refuse with `not_allowed` before anything is read, run or sent, and
//! a saved value still works.

use std::os::unix::fs::symlink;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use hugflow_gitops::{AddDraft, Draft};
use hugflow_secrets::{MemoryStore, SecretStore, Secrets};

use crate::test_support::RecordingHost;
use crate::{
    AppPaths, ErrorCode, HF_ENDPOINT_SETTING, HostInput, HostsOptions, HugflowApp, RunSource,
    SpacesSettings,
};

/// An app whose `hugflow` does not exist: a call that got past the boundary and tried to run
/// it would fail with `not_configured`, not `not_allowed`.
fn app(data: &tempfile::TempDir) -> Arc<HugflowApp> {
    let store: Box<dyn SecretStore> = Box::new(MemoryStore::default());
    let options = HostsOptions {
        ssh_config: Some(data.path().join("no_ssh_config")),
        interval: Duration::from_secs(60),
        poll: Duration::from_secs(60),
        retrain_poll: Duration::from_secs(60),
        agents: hugflow_remote::agent::builds::AgentBuilds::single(
            &data.path().join("no-such-hugflow"),
        ),
    };
    Arc::new(
        HugflowApp::with_hosts_options(
            AppPaths {
                data_dir: data.path().join("data"),
                log_dir: data.path().join("logs"),
            },
            Secrets::with_env(store, |_| None),
            Arc::new(RecordingHost::default()),
            options,
        )
        .unwrap(),
    )
}

fn local(path: &Path) -> RunSource {
    RunSource {
        host: None,
        path: path.display().to_string(),
    }
}

/// The log of the run in [`runs_folder`].
const LOG: &str = "flow/flow_execution_output.txt";

/// A saved run folder with one run, next to a folder that is not saved.
fn runs_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("runs/flow")).unwrap();
    std::fs::write(dir.path().join("runs").join(LOG), "one\ntwo\n").unwrap();
    std::fs::create_dir_all(dir.path().join("private")).unwrap();
    std::fs::write(dir.path().join("private/secret.txt"), "secret\n").unwrap();
    // Named like a log, so only the folder check can keep it out.
    std::fs::write(
        dir.path().join("private/secret_execution_output.txt"),
        "secret\n",
    )
    .unwrap();
    dir
}

#[track_caller]
fn refused<T: std::fmt::Debug>(what: &str, outcome: Result<T, crate::ApiError>) {
    let error = outcome.expect_err(what);
    assert_eq!(
        error.code,
        ErrorCode::NotAllowed,
        "{what}: {}",
        error.message
    );
}

#[tokio::test]
async fn every_runs_call_refuses_a_folder_the_user_never_saved() {
    let data = tempfile::tempdir().unwrap();
    let app = app(&data);
    let dir = runs_folder();
    let runs = dir.path().join("runs");
    let saved = app.add_run_source(&local(&runs)).unwrap().remove(0);

    let unsaved = [
        local(Path::new("/etc")),
        local(Path::new("/")),
        local(&dir.path().join("private")),
        local(&runs.join("..")),
        local(Path::new("../../")),
        RunSource {
            host: Some("hgx-evil".into()),
            path: saved.path.clone(),
        },
        RunSource {
            host: Some("hgx-a; rm -rf ~".into()),
            path: "/data/runs".into(),
        },
    ];
    for source in &unsaved {
        let name = format!("{source:?}");
        refused(&format!("scan_runs {name}"), app.scan_runs(source).await);
        refused(
            &format!("run_file_tail {name}"),
            app.run_file_tail(source, "secret.txt", 10).await,
        );
        refused(
            &format!("rerun_flow {name}"),
            app.rerun_flow(source, "flow").await,
        );
        refused(
            &format!("cancel_rerun {name}"),
            app.cancel_rerun(source, "flow").await,
        );
    }

    // The saved folder still works, also named with a trailing slash.
    app.scan_runs(&saved).await.unwrap();
    let slashed = RunSource {
        host: None,
        path: format!("{}/", saved.path),
    };
    assert_eq!(
        app.run_file_tail(&slashed, LOG, 10).await.unwrap(),
        ["one", "two"]
    );
}

#[tokio::test]
async fn a_saved_folder_cannot_be_left_by_dots_or_symbolic_links() {
    let data = tempfile::tempdir().unwrap();
    let app = app(&data);
    let dir = runs_folder();
    let runs = dir.path().join("runs");
    symlink(dir.path().join("private"), runs.join("out")).unwrap();
    symlink("/etc/passwd", runs.join("flow/passwd")).unwrap();
    symlink("/etc/passwd", runs.join("flow/passwd_execution_output.txt")).unwrap();
    symlink(runs.join("flow"), runs.join("inner")).unwrap();
    let saved = app.add_run_source(&local(&runs)).unwrap().remove(0);

    for file in [
        "../private/secret.txt",
        "../../../../etc/passwd",
        "/etc/passwd",
        "flow/../../private/secret.txt",
        "out/secret.txt",
        "flow/passwd",
        "",
        // Artifact names, so these reach the folder check and are refused by it.
        "../private/secret_execution_output.txt",
        "flow/../../private/secret_execution_output.txt",
        "out/secret_execution_output.txt",
        "flow/passwd_execution_output.txt",
    ] {
        refused(
            &format!("run_file_tail {file:?}"),
            app.run_file_tail(&saved, file, 10).await,
        );
    }
    for flow in ["..", "../private", "out", "/tmp", "flow/../.."] {
        refused(
            &format!("rerun_flow {flow:?}"),
            app.rerun_flow(&saved, flow).await,
        );
        refused(
            &format!("cancel_rerun {flow:?}"),
            app.cancel_rerun(&saved, flow).await,
        );
    }
    // A link that stays inside the folder is read.
    assert_eq!(
        app.run_file_tail(&saved, "inner/flow_execution_output.txt", 1)
            .await
            .unwrap(),
        ["two"]
    );
}

#[tokio::test]
async fn every_host_call_refuses_a_host_the_user_never_added() {
    let data = tempfile::tempdir().unwrap();
    let app = app(&data);
    let draft = Draft::Add(AddDraft {
        hf_id: "acme/speech".into(),
        ..AddDraft::default()
    });
    for name in ["hgx-evil", "hgx-a; rm -rf ~", "$(reboot)", "../../etc"] {
        refused(&format!("host_history {name}"), app.host_history(name));
        refused(
            &format!("trust_host_key {name}"),
            app.trust_host_key(name, "SHA256:abc"),
        );
        refused(&format!("retry_host {name}"), app.retry_host(name));
        refused(&format!("remove_host {name}"), app.remove_host(name));
        refused(
            &format!("install_agent {name}"),
            app.install_agent(name).await,
        );
        refused(
            &format!("start_host_sync {name}"),
            app.start_host_sync(name, &draft).await,
        );
        refused(
            &format!("cancel_host_sync {name}"),
            app.cancel_host_sync(name, "job-1").await,
        );
        refused(
            &format!("host_sync_log {name}"),
            app.host_sync_log(name, "job-1").await,
        );
        refused(
            &format!("retrain_history {name}"),
            app.retrain_history(Some(name)).await,
        );
        refused(
            &format!("add_run_source {name}"),
            app.add_run_source(&RunSource {
                host: Some(name.into()),
                path: "/data/runs".into(),
            }),
        );
    }
    // Adding a host is the user's own act: the form's value is checked, not resolved.
    let hostile = app.add_host(&HostInput {
        cluster: None,
        name: "hgx-a; rm -rf ~".into(),
        storage_root: None,
        checkout: None,
    });
    assert_eq!(hostile.unwrap_err().code, ErrorCode::InvalidInput);
}

#[tokio::test]
async fn only_watched_spaces_are_restarted_or_paused() {
    let data = tempfile::tempdir().unwrap();
    let app = app(&data);
    // A Hub that refuses connections: a call that passes the boundary fails offline.
    app.db
        .set_setting(HF_ENDPOINT_SETTING, "http://127.0.0.1:9")
        .unwrap();
    app.save_spaces_settings(&SpacesSettings {
        prepare: Some("acme/prepare".into()),
        ..SpacesSettings::default()
    })
    .unwrap();
    for id in ["acme/other", "../../api/whoami", "acme/prepare/../x"] {
        refused(&format!("restart_space {id}"), app.restart_space(id).await);
        refused(&format!("pause_space {id}"), app.pause_space(id).await);
    }
    let watched = app.restart_space(" acme/prepare ").await.unwrap_err();
    assert_ne!(watched.code, ErrorCode::NotAllowed, "{}", watched.message);
}

#[test]
fn a_local_checkout_is_remembered_by_its_real_path() {
    let data = tempfile::tempdir().unwrap();
    let app = app(&data);
    let checkout = hugflow_testkit::fixtures::copy_python_state();
    let links = tempfile::tempdir().unwrap();
    symlink(checkout.path(), links.path().join("checkout")).unwrap();
    let named = links.path().join("checkout");
    app.open_local_checkout(&named.display().to_string())
        .unwrap();
    assert_eq!(
        app.local_checkout().unwrap().unwrap(),
        checkout
            .path()
            .canonicalize()
            .unwrap()
            .display()
            .to_string()
    );
    // Folders without Hugflow state, and relative paths, are not opened.
    assert_eq!(
        app.open_local_checkout("/etc").unwrap_err().code,
        ErrorCode::NotACheckout
    );
    assert_eq!(
        app.open_local_checkout("../../").unwrap_err().code,
        ErrorCode::InvalidInput
    );
}

/// A folder like a home directory saved whole: keys and settings next to a ductaflow project
/// (with a re-run's log) and a huldra store, all copied from the real fixtures.
struct Home {
    dir: tempfile::TempDir,
    /// A flow that was re-run, relative to the home.
    rerun_flow: String,
}

fn home() -> Home {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let fixtures = hugflow_testkit::fixtures::fixtures_dir();
    hugflow_testkit::fixtures::copy_tree(
        &fixtures.join("ductaflow/project"),
        &home.join("project"),
    );
    hugflow_testkit::fixtures::copy_tree(
        &fixtures.join("huldra/data-huldra"),
        &home.join("data-huldra"),
    );
    let write = |rel: &str, text: &str| {
        let path = home.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(".ssh/id_ed25519", "-----BEGIN OPENSSH PRIVATE KEY-----\n");
    write(".env", "HF_TOKEN=hf_secret\n");
    write(".config/app/app_config.json", "{\"token\": \"secret\"}\n");
    write("project/.git/x_execution_output.txt", "not a run\n");
    let rerun_flow = "project/runs/pipeline/diverged/runs/train_instance".to_string();
    write(
        &format!("{rerun_flow}/.hugflow/rerun.log"),
        "epoch 1\nepoch 2\n",
    );
    Home { dir, rerun_flow }
}

/// Names a window could send for a saved `~`, none of them a run artifact.
const NOT_ARTIFACTS: [&str; 13] = [
    "../../.ssh/id_ed25519",
    ".ssh/id_ed25519",
    "/etc/passwd",
    "/root/.ssh/id_ed25519",
    ".env",
    ".config/app/app_config.json",
    "project/flows/train.py",
    "project/runs/pipeline/baseline/runs/prep_instance/prep_output.json",
    "project/.git/x_execution_output.txt",
    "data-huldra/data/asrpipe/pipelines/FineTune/5ad086e5788f8901b96e/.huldra/events.jsonl",
    "data-huldra/data/asrpipe/pipelines/FineTune/5ad086e5788f8901b96e/metrics.json",
    "./.ssh/id_ed25519",
    "data-huldra/.huldra/state.json/../../.ssh/id_ed25519",
];

#[tokio::test]
async fn a_saved_home_folder_serves_only_run_artifacts() {
    let data = tempfile::tempdir().unwrap();
    let app = app(&data);
    let home = home();
    let saved = app
        .add_run_source(&local(home.dir.path()))
        .unwrap()
        .remove(0);

    // Everything the scan points to is still read: logs, configs, notebooks, huldra's files,
    // the re-run's log.
    let report = app.scan_runs(&saved).await.unwrap();
    let mut files = Vec::new();
    for run in &report.ductaflow {
        for flow in std::iter::once(&run.run).chain(&run.flows) {
            files.extend(flow.log_path.clone());
            files.extend(flow.config_path.clone());
            files.extend(flow.signals.iter().map(|s| s.file.clone()));
        }
    }
    for artifact in &report.huldra {
        for name in ["state.json", "metadata.json", "huldra.log"] {
            files.push(format!("{}/.huldra/{name}", artifact.path));
        }
    }
    assert!(
        files.iter().any(|f| f.ends_with("_executed.ipynb"))
            && files.iter().any(|f| f.ends_with("_config.json"))
            && files.iter().any(|f| f.ends_with("_execution_output.txt"))
            && report.huldra.len() >= 3,
        "{files:?}"
    );
    for file in &files {
        if let Err(error) = app.run_file_tail(&saved, file, 5).await {
            // A fixture artifact may lack huldra.log; never refused, though.
            assert_eq!(error.code, ErrorCode::NotFound, "{file}: {}", error.message);
            assert!(file.ends_with("huldra.log"), "{file}: {}", error.message);
        }
    }
    assert_eq!(
        app.run_file_tail(
            &saved,
            &format!("{}/.hugflow/rerun.log", home.rerun_flow),
            1
        )
        .await
        .unwrap(),
        ["epoch 2"]
    );

    // Named like a log, leading to the key: refused by what it resolves to. (Made after the
    // scan, which reads links to files as ductaflow does.)
    symlink(
        home.dir.path().join(".ssh/id_ed25519"),
        home.dir
            .path()
            .join("project/runs/pipeline/baseline/key_execution_output.txt"),
    )
    .unwrap();
    for file in NOT_ARTIFACTS
        .into_iter()
        .chain(["project/runs/pipeline/baseline/key_execution_output.txt"])
    {
        let error = app.run_file_tail(&saved, file, 10).await.expect_err(file);
        assert_eq!(
            error.code,
            ErrorCode::NotAllowed,
            "{file}: {}",
            error.message
        );
        assert!(
            error.message.contains(file)
                && error.message.contains("Hugflow reads only run artifacts"),
            "the message names the file and what can be read: {}",
            error.message
        );
    }
}

/// The app watching one saved host, `hgx-a` (no sshd behind it: its agent never answers).
async fn app_with_host_a(data: &tempfile::TempDir) -> Arc<HugflowApp> {
    let app = app(data);
    app.clone().watch_hosts().await;
    app.add_host(&HostInput {
        cluster: None,
        name: "hgx-a".into(),
        storage_root: None,
        checkout: Some("/data/checkout".into()),
    })
    .unwrap();
    app
}

#[tokio::test]
async fn on_a_host_only_artifact_names_are_sent() {
    let data = tempfile::tempdir().unwrap();
    let app = app_with_host_a(&data).await;
    let saved = app
        .add_run_source(&RunSource {
            host: Some("hgx-a".into()),
            path: "/home/me".into(),
        })
        .unwrap()
        .remove(0);
    // Only names are judged here (the host's files are not visible from this computer): a
    // config-like name in some other folder of a host's `~` passes; the folders are checked
    // only on this computer.
    for file in NOT_ARTIFACTS
        .into_iter()
        .filter(|f| *f != ".config/app/app_config.json")
    {
        refused(
            &format!("run_file_tail on hgx-a {file:?}"),
            app.run_file_tail(&saved, file, 10).await,
        );
    }
    // An artifact's name passes the boundary; the host (its agent not installed) is next.
    for file in [
        "runs/pipeline/diverged/pipeline_execution_output.txt",
        "data/FineTune/5ad0/.huldra/huldra.log",
        "runs/a/.hugflow/rerun.log",
    ] {
        let error = app.run_file_tail(&saved, file, 10).await.unwrap_err();
        assert_eq!(
            error.code,
            ErrorCode::NotConfigured,
            "{file}: {}",
            error.message
        );
    }
}

/// Job ids a window could send instead of one the host listed.
const HOSTILE_JOB_IDS: [&str; 12] = [
    "; touch X",
    "20260511T101530Z-1a2b3c4d; touch X",
    "$(id)",
    "`id`",
    "20260511T101530Z-1a2b3c4d\nrm -rf ~",
    "x\ny",
    "../x",
    "../../etc/passwd",
    "-rf",
    "",
    "job-1",
    "ci-../../x",
];

#[tokio::test]
async fn only_job_ids_the_host_listed_are_cancelled_or_read() {
    let data = tempfile::tempdir().unwrap();
    let app = app_with_host_a(&data).await;
    let listed = "20260511T101530Z-1a2b3c4d";
    let ci = "ci-acme__speech__rev_main";
    let job = |id: &str| hugflow_core::jobs::JobSummary {
        id: id.into(),
        origin: hugflow_core::jobs::Origin::Desktop,
        kind: None,
        hf_id: "acme/speech".into(),
        storage_name: None,
        state: hugflow_core::jobs::JobState::Running,
        pid: None,
        started_at: None,
        ended_at: None,
        progress: None,
        error: None,
    };
    app.hosts
        .live("hgx-a")
        .unwrap()
        .set_jobs(vec![job(listed), job(ci)]);

    // Well-formed but never listed: refused too.
    let unlisted = "20260511T101531Z-00000000";
    for id in HOSTILE_JOB_IDS.iter().copied().chain([unlisted]) {
        refused(
            &format!("cancel_host_sync {id:?}"),
            app.cancel_host_sync("hgx-a", id).await,
        );
        refused(
            &format!("host_sync_log {id:?}"),
            app.host_sync_log("hgx-a", id).await,
        );
    }
    // Listed ids pass the boundary; the host (its agent not installed) is next.
    for id in [listed, ci] {
        for outcome in [
            app.cancel_host_sync("hgx-a", id).await.map(drop),
            app.host_sync_log("hgx-a", id).await.map(drop),
        ] {
            let error = outcome.unwrap_err();
            assert_eq!(
                error.code,
                ErrorCode::NotConfigured,
                "{id}: {}",
                error.message
            );
        }
    }
}
