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
        agent_binary: data.path().join("no-such-hugflow"),
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

/// A saved run folder with one log, next to a folder that is not saved.
fn runs_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("runs/flow")).unwrap();
    std::fs::write(dir.path().join("runs/flow/log.txt"), "one\ntwo\n").unwrap();
    std::fs::create_dir_all(dir.path().join("private")).unwrap();
    std::fs::write(dir.path().join("private/secret.txt"), "secret\n").unwrap();
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
        app.run_file_tail(&slashed, "flow/log.txt", 10)
            .await
            .unwrap(),
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
        app.run_file_tail(&saved, "inner/log.txt", 1).await.unwrap(),
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
