//! The Runs page's facade calls against the shared ductaflow fixture: saving, scanning and
//! tailing a folder, and refusing the folders that cannot be one.

use std::sync::Arc;

use hugflow_core::runs::FlowStatus;
use hugflow_secrets::{MemoryStore, SecretStore, Secrets};
use hugflow_testkit::fixtures;
use hugflow_testkit::hub::FakeHub;

use super::RunSource;
use crate::test_support::RecordingHost;
use crate::{AppPaths, ErrorCode, HF_ENDPOINT_SETTING, HugflowApp};

/// An app with its data in `data`, talking to `hub` (with its token) if given. The Retrain
/// and Spaces tests build theirs here too.
pub(crate) fn app(data: &tempfile::TempDir, hub: Option<&FakeHub>) -> HugflowApp {
    app_with(data, hub, Arc::new(RecordingHost::default()))
}

pub(crate) fn app_with(
    data: &tempfile::TempDir,
    hub: Option<&FakeHub>,
    host: Arc<RecordingHost>,
) -> HugflowApp {
    let store: Box<dyn SecretStore> = Box::new(MemoryStore::default());
    let token = hub.map(|h| h.token().to_string());
    let app = HugflowApp::new(
        AppPaths {
            data_dir: data.path().join("data"),
            log_dir: data.path().join("logs"),
        },
        Secrets::with_env(store, move |name| {
            (name == "HF_TOKEN").then(|| token.clone()).flatten()
        }),
        host,
    )
    .unwrap();
    if let Some(hub) = hub {
        app.db.set_setting(HF_ENDPOINT_SETTING, hub.url()).unwrap();
    }
    app
}

fn local(path: &std::path::Path) -> RunSource {
    RunSource {
        host: None,
        path: path.display().to_string(),
    }
}

#[tokio::test]
async fn a_local_run_folder_is_saved_scanned_and_tailed() {
    let data = tempfile::tempdir().unwrap();
    let app = app(&data, None);
    let project = fixtures::fixtures_dir().join("ductaflow/project");
    let sources = app.add_run_source(&local(&project)).unwrap();
    assert_eq!(sources, [local(&project)]);
    assert_eq!(
        app.add_run_source(&local(&project)).unwrap().len(),
        1,
        "added once"
    );

    let report = app.scan_runs(&sources[0]).await.unwrap();
    let diverged = report
        .ductaflow
        .iter()
        .find(|r| r.name == "diverged")
        .unwrap();
    assert_eq!(diverged.status, FlowStatus::Error);
    let train = diverged
        .flows
        .iter()
        .find(|f| f.name == "train_instance")
        .unwrap();
    let log = train.log_path.clone().unwrap();
    let tail = app.run_file_tail(&sources[0], &log, 3).await.unwrap();
    assert_eq!(tail.len(), 3);
    assert!(
        tail.iter()
            .any(|l| l.starts_with("RuntimeError: loss diverged")),
        "{tail:?}"
    );

    let escape = app
        .run_file_tail(&sources[0], "../../../etc/passwd", 3)
        .await
        .unwrap_err();
    assert_eq!(escape.code, ErrorCode::NotAllowed);
    assert!(app.remove_run_source(&sources[0]).unwrap().is_empty());
}

#[tokio::test]
async fn bad_run_folders_are_refused_with_the_fix() {
    let data = tempfile::tempdir().unwrap();
    let app = app(&data, None);
    let missing = app
        .add_run_source(&local(std::path::Path::new("/nowhere/runs")))
        .unwrap_err();
    assert_eq!(missing.code, ErrorCode::InvalidInput);
    assert!(
        missing.message.contains("/nowhere/runs"),
        "{}",
        missing.message
    );
    let relative = app
        .add_run_source(&RunSource {
            host: None,
            path: "runs".into(),
        })
        .unwrap_err();
    assert!(
        relative.message.contains("absolute"),
        "{}",
        relative.message
    );
    let unknown = app
        .add_run_source(&RunSource {
            host: Some("hgx-9".into()),
            path: "/data/runs".into(),
        })
        .unwrap_err();
    assert!(
        unknown.message.contains("Hosts page"),
        "{}",
        unknown.message
    );
    assert!(app.run_sources().unwrap().is_empty());
}
