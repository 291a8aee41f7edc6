use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use hugflow_core::state::StateDir;
use hugflow_secrets::{MemoryStore, SecretId, SecretSource, SecretStore, Secrets};
use hugflow_testkit::{fixtures, wait};

use super::*;

#[derive(Default)]
struct CountingHost(AtomicUsize);

impl AppHost for CountingHost {
    fn local_status_changed(&self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }

    fn requests_changed(&self) {}

    fn hosts_changed(&self) {}

    fn notify(&self, notification: Notification) {
        panic!("no notification expected here: {notification:?}");
    }

    fn open_url(&self, url: &AllowedUrl) -> Result<(), String> {
        Err(format!("no browser in tests ({})", url.as_str()))
    }
}

fn app(data: &tempfile::TempDir, host: Arc<CountingHost>) -> HugflowApp {
    let store: Box<dyn SecretStore> = Box::new(MemoryStore::default());
    HugflowApp::new(
        AppPaths {
            data_dir: data.path().join("data"),
            log_dir: data.path().join("logs"),
        },
        Secrets::with_env(store, |name| {
            (name == "HF_TOKEN").then(|| "hf_from_env".into())
        }),
        host,
    )
    .unwrap()
}

#[test]
fn opens_the_python_checkout_and_remembers_it() {
    let data = tempfile::tempdir().unwrap();
    let checkout = fixtures::copy_python_state();
    let app = app(&data, Arc::default());
    assert_eq!(app.local_status().unwrap_err().code, ErrorCode::NoCheckout);

    let report = app
        .open_local_checkout(&checkout.path().display().to_string())
        .unwrap();
    assert_eq!(report.schema, 1);
    let ids: Vec<&str> = report.datasets.iter().map(|d| d.hf_id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "mozilla-foundation/common_voice_11_0",
            "openslr/librispeech_asr"
        ]
    );
    assert!(report.datasets.iter().all(|d| d.present));
    assert_eq!(report.in_progress.len(), 1);

    // A new app on the same data dir (a restart) still knows the checkout.
    drop(app);
    let app = self::app(&data, Arc::default());
    assert_eq!(app.local_status().unwrap().datasets.len(), 2);
    app.close_local_checkout().unwrap();
    assert_eq!(app.local_checkout().unwrap(), None);
}

#[test]
fn wrong_folders_say_what_to_do() {
    let data = tempfile::tempdir().unwrap();
    let app = app(&data, Arc::default());
    let empty = tempfile::tempdir().unwrap();
    let error = app
        .open_local_checkout(&empty.path().display().to_string())
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::NotACheckout);
    assert!(error.message.contains("hugflow init"), "{}", error.message);
    assert_eq!(
        app.open_local_checkout("relative/path").unwrap_err().code,
        ErrorCode::InvalidInput
    );
    assert_eq!(
        app.open_local_checkout("/does/not/exist").unwrap_err().code,
        ErrorCode::NotACheckout
    );
    assert_eq!(
        app.local_checkout().unwrap(),
        None,
        "a rejected folder is not remembered"
    );
}

#[test]
fn a_write_to_the_state_notifies_the_host() {
    let data = tempfile::tempdir().unwrap();
    let checkout = fixtures::copy_python_state();
    let host = Arc::new(CountingHost::default());
    let app = app(&data, host.clone());
    app.open_local_checkout(&checkout.path().display().to_string())
        .unwrap();
    let state = StateDir::new(checkout.path().join(".hugflow-state"));
    state
        .record_remove(
            "openslr/librispeech_asr",
            "openslr__librispeech_asr__rev_main",
            "test",
        )
        .unwrap();
    wait::until("a change notification", Duration::from_secs(5), || {
        (host.0.load(Ordering::SeqCst) > 0).then_some(())
    });
    assert_eq!(app.local_status().unwrap().datasets.len(), 1);
}

#[test]
fn secrets_report_status_never_values() {
    let data = tempfile::tempdir().unwrap();
    let app = app(&data, Arc::default());
    let statuses = app.secret_statuses();
    assert_eq!(statuses.len(), 3);
    assert_eq!(statuses[0].source, Some(SecretSource::Environment));
    let status = app
        .set_secret(SecretId::GithubToken, "ghp_valuevaluevalue")
        .unwrap();
    let json = serde_json::to_string(&status).unwrap();
    assert!(!json.contains("valuevalue"), "{json}");
    assert_eq!(status.source, Some(SecretSource::Keyring));
    let error = app
        .set_secret(SecretId::SlackWebhook, "not a url")
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(!app.clear_secret(SecretId::GithubToken).unwrap().set);
}

/// A keyring token saved before tokens were bound counts as saved for its service's default
/// origin: the one the Hub and GitHub clients use when nothing is configured.
#[test]
fn legacy_tokens_count_as_saved_for_the_default_endpoints() {
    for (id, url) in [
        (SecretId::HfToken, hugflow_hub::DEFAULT_ENDPOINT),
        (SecretId::GithubToken, hugflow_github::DEFAULT_API_URL),
    ] {
        let default = hugflow_secrets::Destination::new(url).unwrap();
        assert_eq!(id.default_origin(), Some(default.origin()));
    }
}

/// The committed `ui/src/bindings/` must be what the Rust types generate.
#[test]
fn committed_bindings_match_the_rust_types() {
    let fresh = tempfile::tempdir().unwrap();
    bindings::export_to(fresh.path()).unwrap();
    fn list(root: &std::path::Path, dir: &std::path::Path, out: &mut Vec<(String, String)>) {
        for entry in
            std::fs::read_dir(dir).unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        {
            let path = entry.unwrap().path();
            if path.is_dir() {
                list(root, &path, out);
            } else {
                let name = path.strip_prefix(root).unwrap().display().to_string();
                out.push((name, std::fs::read_to_string(&path).unwrap()));
            }
        }
        out.sort();
    }
    let collect = |dir: &std::path::Path| {
        let mut files = Vec::new();
        list(dir, dir, &mut files);
        files
    };
    let committed = collect(&bindings::committed_dir());
    let generated = collect(fresh.path());
    let names = |files: &[(String, String)]| files.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
    assert_eq!(
        names(&committed),
        names(&generated),
        "binding files differ: run `make bindings`"
    );
    for ((name, old), (_, new)) in committed.iter().zip(&generated) {
        assert_eq!(
            old, new,
            "ui/src/bindings/{name} is stale: run `make bindings`"
        );
    }
}
