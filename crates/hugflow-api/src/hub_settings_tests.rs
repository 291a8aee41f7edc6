//! Settings' Hub section through the facade, against the fake Hub and its viewer on an origin
//! of its own: checked endpoints, "Test connection", and a gated dataset's splits on the
//! dataset page only when the saved token reaches the viewer it was saved with.

use std::sync::Arc;

use hugflow_secrets::{MemoryStore, SecretId, SecretStore, Secrets};
use hugflow_testkit::hub::{
    Corpus, FakeDataset, FakeHub, Gated, HubOptions, Viewer, ViewerSplit, ViewerState,
};

use super::*;
use crate::test_support::RecordingHost;

const GATED: &str = "acme/gated-voice";
const GRANTED: &str = "hf_granted_voice";

fn hub() -> FakeHub {
    let viewer = Viewer::speech(
        "ms",
        vec![ViewerSplit::new("train", 900, 1_000).partially_converted(300)],
    );
    let mut corpus = Corpus::generate(3, 5);
    corpus.insert(
        FakeDataset::builder(GATED)
            .file("README.md", "# Gated voice\n")
            .gated(Gated::Auto)
            .access(GRANTED)
            .viewer(viewer)
            .build(),
    );
    FakeHub::start_with(
        corpus,
        HubOptions {
            tokens: vec![GRANTED.into()],
            ..HubOptions::default()
        },
    )
}

/// The app with an empty keyring and no environment tokens, pointed at `hub` and its viewer.
fn app(data: &tempfile::TempDir, hub: &FakeHub) -> HugflowApp {
    let store: Box<dyn SecretStore> = Box::new(MemoryStore::default());
    let app = HugflowApp::new(
        AppPaths {
            data_dir: data.path().join("data"),
            log_dir: data.path().join("logs"),
        },
        Secrets::with_env(store, |_| None),
        Arc::new(RecordingHost::default()),
    )
    .unwrap();
    app.set_hub_settings(hub.url(), hub.viewer_url()).unwrap();
    app
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_check_the_endpoints_and_test_connection_says_what_it_found() {
    let hub = hub();
    let data = tempfile::tempdir().unwrap();
    let app = app(&data, &hub);
    let settings = app.hub_settings().unwrap();
    assert_eq!(
        (
            settings.endpoint.as_str(),
            settings.viewer_endpoint.as_str()
        ),
        (hub.url(), hub.viewer_url())
    );
    assert_eq!(
        settings.default_viewer_endpoint,
        hub.url(),
        "a mirror is its own viewer"
    );

    for bad in [
        "https://me:hf_secret@viewer.example",
        "ftp://viewer.example",
        "viewer",
    ] {
        let error = app.set_hub_settings(hub.url(), bad).unwrap_err();
        assert_eq!(error.code, ErrorCode::InvalidInput, "{bad}");
        assert!(
            error.message.contains("the dataset viewer endpoint"),
            "{}",
            error.message
        );
        assert!(!error.message.contains("hf_secret"), "{}", error.message);
    }
    assert_eq!(
        app.hub_settings().unwrap(),
        settings,
        "nothing saved on a refusal"
    );

    let report = app.test_hub_connection().await.unwrap();
    assert!(report.hub.ok && report.viewer.ok, "{report:?}");
    assert_eq!(report.account, None, "no token set");
    app.set_secret(SecretId::HfToken, GRANTED).unwrap();
    let report = app.test_hub_connection().await.unwrap();
    let account = report.account.unwrap();
    assert!(
        account.ok && account.detail.contains("testkit"),
        "{account:?}"
    );

    // The Hub's origin is no viewer: said, with what to check.
    app.set_hub_settings(hub.url(), hub.url()).unwrap();
    let report = app.test_hub_connection().await.unwrap();
    assert!(report.hub.ok && !report.viewer.ok, "{report:?}");
    assert!(
        report.viewer.detail.contains("viewer endpoint"),
        "{}",
        report.viewer.detail
    );

    // Empty fields fall back: the viewer to the Hub's default.
    let cleared = app.set_hub_settings(hub.url(), " ").unwrap();
    assert_eq!(cleared.viewer_endpoint, hub.url());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_gated_datasets_splits_show_only_while_the_saved_token_reaches_its_viewer() {
    let hub = hub();
    let data = tempfile::tempdir().unwrap();
    let app = app(&data, &hub);

    // Without a token: the viewer's 401 is said on the page, not shown as "no splits".
    let page = app.dataset_details(GATED, None).await.unwrap();
    assert!(page.splits.is_empty());
    let note = page.splits_note.unwrap();
    assert!(note.contains("only with a token"), "{note}");
    assert_eq!(
        page.splits_note_code,
        Some(ErrorCode::ViewerUnauthenticated)
    );
    let error = app.first_rows(GATED, "ms", "train").await.unwrap_err();
    assert_eq!(error.code, ErrorCode::ViewerUnauthenticated, "{error:?}");

    app.set_secret(SecretId::HfToken, GRANTED).unwrap();
    let page = app.dataset_details(GATED, None).await.unwrap();
    assert_eq!(page.splits.len(), 1, "{:?}", page.splits_note);
    let size = page.size.expect("the viewer's sizes");
    assert!(size.partial, "a partial conversion is shown as such");
    assert_eq!(size.total().unwrap().rows(), Some(900));
    let rows = app.first_rows(GATED, "ms", "train").await.unwrap();
    assert_eq!(rows.rows.len(), 1);
    assert!(hub.viewer_requests().iter().any(|r| r.authorization));

    // The viewer setting moves to another origin: the token stays with the Hub, the page says
    // why there are no splits, first rows say the same, Settings says to save it again.
    let other = hub_like(&hub);
    app.set_hub_settings(hub.url(), other.viewer_url()).unwrap();
    let page = app.dataset_details(GATED, None).await.unwrap();
    assert!(page.splits.is_empty());
    let note = page.splits_note.unwrap();
    assert!(note.contains("saved for another viewer endpoint"), "{note}");
    let error = app.first_rows(GATED, "ms", "train").await.unwrap_err();
    assert!(
        !error.message.contains("refused the token"),
        "{}",
        error.message
    );
    assert!(
        other.viewer_requests().iter().all(|r| !r.authorization),
        "the new viewer never got the token"
    );
    let status = app
        .secret_statuses()
        .into_iter()
        .find(|s| s.id == SecretId::HfToken)
        .unwrap();
    assert!(status.set, "the Hub still gets it");
    let mismatch = status
        .other_origin
        .expect("Settings shows the moved viewer");
    assert!(
        mismatch
            .explanation
            .contains("the dataset viewer endpoint is now")
            && mismatch.explanation.contains("save the token again"),
        "{}",
        mismatch.explanation
    );

    app.set_secret(SecretId::HfToken, GRANTED).unwrap();
    let page = app.dataset_details(GATED, None).await.unwrap();
    assert_eq!(page.splits.len(), 1, "{:?}", page.splits_note);
    assert!(other.viewer_requests().iter().any(|r| r.authorization));
}

/// A second fake Hub serving the same datasets and tokens: another viewer origin.
fn hub_like(hub: &FakeHub) -> FakeHub {
    FakeHub::start_with(
        hub.corpus().clone(),
        HubOptions {
            tokens: vec![GRANTED.into()],
            ..HubOptions::default()
        },
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_viewer_not_ready_or_blocked_reaches_the_ui_with_its_own_code() {
    let mut corpus = Corpus::new();
    for (id, state) in [
        ("acme/not-ready", ViewerState::NotReady),
        ("acme/blocked", ViewerState::Blocked),
        ("acme/many-configs", ViewerState::TooManyConfigs),
        ("acme/ready", ViewerState::Ready),
    ] {
        let viewer = Viewer::speech("ms", vec![ViewerSplit::new("train", 90, 1_000)]);
        corpus.insert(
            FakeDataset::builder(id)
                .file("README.md", "# Voice\n")
                .viewer(viewer.in_state(state))
                .build(),
        );
    }
    let hub = FakeHub::start_with(corpus, HubOptions::default());
    let data = tempfile::tempdir().unwrap();
    let app = app(&data, &hub);
    for (id, code, says) in [
        (
            "acme/not-ready",
            ErrorCode::ViewerNotReady,
            "try again in a few minutes",
        ),
        (
            "acme/blocked",
            ErrorCode::ViewerUnavailable,
            "DatasetInBlockListError",
        ),
        (
            "acme/many-configs",
            ErrorCode::ViewerUnavailable,
            "too many subsets",
        ),
    ] {
        let page = app.dataset_details(id, None).await.unwrap();
        assert!(page.splits.is_empty() && !page.offline, "{id}");
        assert_eq!(page.splits_note_code, Some(code), "{id}");
        let note = page.splits_note.unwrap();
        assert!(note.contains(says), "{id}: {note}");
        let error = app.first_rows(id, "ms", "train").await.unwrap_err();
        assert_eq!(error.code, code, "{id}: {error:?}");
        assert!(error.message.contains(says), "{id}: {}", error.message);
    }
    let ready = app.dataset_details("acme/ready", None).await.unwrap();
    assert_eq!((ready.splits.len(), ready.splits_note_code), (1, None));
}
