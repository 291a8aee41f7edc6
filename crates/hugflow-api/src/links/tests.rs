//! The one URL allow-list: what `open_url` opens, what a notification's click opens, and the
//! production CSP that keeps loopback origins out of the webview.

use std::sync::Arc;

use hugflow_secrets::{MemoryStore, SecretStore, Secrets};

use super::*;
use crate::requests::RequestSettings;
use crate::test_support::RecordingHost;
use crate::{AppPaths, HF_ENDPOINT_SETTING};

/// What a dataset card, a PR body or a host's database could hand the app to open.
const HOSTILE: &[&str] = &[
    "file:///etc/passwd",
    "javascript:alert(1)",
    "http://evil.example",
    "https://evil.example/",
    "https://huggingface.co.evil.example/",
    "https://huggingface.co@evil.example/",
    "https://user:pass@huggingface.co/datasets/a/b",
    "http://huggingface.co/datasets/a/b",
    "https://huggingface.co:8443/datasets/a/b",
    "https://github.com.evil.example/team/gitops/pull/3",
    "https://evil.example/https://github.com/",
    "data:text/html,<script>alert(1)</script>",
    "/etc/passwd",
    "",
];

const HUB_PAGE: &str = "https://huggingface.co/datasets/acme/speech";
const PR: &str = "https://github.com/team/gitops/pull/3";
const ACTIONS_RUN: &str = "https://github.com/team/gitops/actions/runs/42";

fn app(data: &tempfile::TempDir, host: Arc<RecordingHost>) -> HugflowApp {
    let store: Box<dyn SecretStore> = Box::new(MemoryStore::default());
    let app = HugflowApp::new(
        AppPaths {
            data_dir: data.path().join("data"),
            log_dir: data.path().join("logs"),
        },
        Secrets::with_env(store, |_| None),
        host,
    )
    .unwrap();
    // The settings as a user saves them, not the environment of whoever runs the tests.
    app.db
        .set_setting(HF_ENDPOINT_SETTING, "https://huggingface.co")
        .unwrap();
    app.set_request_settings(&RequestSettings {
        repo: "team/gitops".into(),
        base_branch: String::new(),
        api_url: "https://api.github.com".into(),
        notifications: app.request_settings().unwrap().notifications,
    })
    .unwrap();
    app
}

#[test]
fn only_pages_of_the_configured_hub_and_github_pass() {
    let policy = LinkPolicy::new("https://huggingface.co", "https://api.github.com");
    for url in [
        HUB_PAGE,
        PR,
        ACTIONS_RUN,
        "https://HuggingFace.co/spaces/a/b",
    ] {
        assert!(policy.check(url).is_ok(), "{url} should open");
    }
    for url in HOSTILE {
        let error = policy.check(url).unwrap_err();
        assert_eq!(error.code, ErrorCode::NotAllowed, "{url}");
        assert!(
            error.message.contains("https://github.com"),
            "the refusal says what opens: {}",
            error.message
        );
    }
    // What is opened is the parsed URL, not the text sent.
    assert_eq!(
        policy
            .check(" https://github.com/a/b/../c ")
            .unwrap()
            .as_str(),
        "https://github.com/a/c"
    );
}

#[test]
fn github_enterprise_opens_its_own_host_only() {
    let policy = LinkPolicy::new("https://huggingface.co", "https://ghe.corp/api/v3");
    assert!(policy.check("https://ghe.corp/team/gitops/pull/1").is_ok());
    assert!(
        policy
            .check("https://ghe.corp/team/gitops/actions/runs/9")
            .is_ok()
    );
    assert!(policy.check(PR).is_err(), "github.com is not this GitHub");
    assert!(policy.check("https://api.ghe.corp/x").is_err());
}

#[test]
fn plain_http_is_admitted_only_as_the_exact_loopback_origin_configured() {
    // The test fakes: exactly the configured origin, whatever its scheme, on this machine.
    let fakes = LinkPolicy::new("http://127.0.0.1:8080/", "http://127.0.0.1:9090");
    assert!(fakes.check("http://127.0.0.1:8080/datasets/a/b").is_ok());
    assert!(
        fakes
            .check("http://127.0.0.1:9090/team/gitops/pull/1")
            .is_ok()
    );
    for url in [
        "http://127.0.0.1:7070/",
        "https://127.0.0.1:8080/datasets/a/b",
        "http://localhost:8080/datasets/a/b",
        HUB_PAGE,
    ] {
        assert!(fakes.check(url).is_err(), "{url}");
    }
    // Plain http off this machine admits nothing, even when configured.
    let plain = LinkPolicy::new("http://hub.corp", "http://ghe.corp/api/v3");
    assert!(plain.check("http://hub.corp/datasets/a/b").is_err());
    assert!(plain.check("http://ghe.corp/team/gitops/pull/1").is_err());
}

#[test]
fn open_url_refuses_every_hostile_url_and_opens_configured_pages() {
    let data = tempfile::tempdir().unwrap();
    let host = Arc::new(RecordingHost::default());
    let app = app(&data, host.clone());
    for url in HOSTILE {
        let error = app.open_url(url).unwrap_err();
        assert_eq!(
            error.code,
            ErrorCode::NotAllowed,
            "{url}: {}",
            error.message
        );
    }
    assert!(host.opened.lock().unwrap().is_empty(), "nothing was opened");
    for url in [HUB_PAGE, PR, ACTIONS_RUN] {
        app.open_url(url).unwrap();
    }
    assert_eq!(*host.opened.lock().unwrap(), [HUB_PAGE, PR, ACTIONS_RUN]);
}

#[test]
fn a_notification_opens_only_an_admitted_link() {
    let data = tempfile::tempdir().unwrap();
    let host = Arc::new(RecordingHost::default());
    let app = app(&data, host.clone());
    let notice = |link: &str| Notice {
        title: format!("about {link}"),
        body: String::new(),
        link: Some(link.to_string()),
    };
    for url in HOSTILE {
        app.notify(notice(url));
    }
    app.notify(notice(ACTIONS_RUN));
    app.notify(notice(PR));
    let shown = host.notifications.lock().unwrap().clone();
    assert_eq!(
        shown.len(),
        HOSTILE.len() + 2,
        "every notice is still shown"
    );
    for note in &shown[..HOSTILE.len()] {
        assert_eq!(note.url, None, "{} has no open action", note.title);
    }
    let links: Vec<_> = shown[HOSTILE.len()..]
        .iter()
        .map(|n| n.url.as_ref().map(AllowedUrl::as_str))
        .collect();
    assert_eq!(links, [Some(ACTIONS_RUN), Some(PR)]);
}

#[test]
fn the_retrain_notification_link_from_a_hosts_database_is_checked() {
    let data = tempfile::tempdir().unwrap();
    let host = Arc::new(RecordingHost::default());
    let app = app(&data, host.clone());
    let run = |url: &str| hugflow_core::retrain::RetrainRun {
        id: 1,
        started_at: "2026-11-20T10:00:00Z".into(),
        ended_at: Some("2026-11-20T10:05:00Z".into()),
        outcome: hugflow_core::retrain::RunOutcome::Completed,
        dry_run: false,
        actions_url: Some(url.into()),
        labels: Vec::new(),
        error: None,
    };
    app.notify(crate::retrain::retrain_notice(
        Some("hgx-a"),
        &run("file:///etc/passwd"),
    ));
    app.notify(crate::retrain::retrain_notice(
        Some("hgx-a"),
        &run(ACTIONS_RUN),
    ));
    let urls: Vec<_> = host
        .notifications
        .lock()
        .unwrap()
        .iter()
        .map(|n| n.url.as_ref().map(|u| u.as_str().to_string()))
        .collect();
    assert_eq!(urls, [None, Some(ACTIONS_RUN.to_string())]);
}

/// The shipped CSP is compiled into the app (`generate_context!`): a loopback origin there
/// would let any local process serve the webview images and media.
#[test]
fn the_production_csp_names_no_loopback_origin() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tauri.conf.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let config: serde_json::Value = serde_json::from_str(&text).unwrap();
    let security = &config["app"]["security"];
    let sources: Vec<String> = match &security["csp"] {
        serde_json::Value::String(csp) => vec![csp.clone()],
        serde_json::Value::Object(directives) => directives
            .iter()
            .map(|(name, value)| format!("{name} {}", value.as_str().unwrap_or("")))
            .collect(),
        _ => Vec::new(),
    };
    assert!(!sources.is_empty(), "{} has no CSP", path.display());
    for directive in &sources {
        for token in directive.split_whitespace().skip(1) {
            assert!(
                !admits_loopback(token),
                "the CSP in {} admits loopback origins with `{token}`: {directive}",
                path.display()
            );
        }
    }
}

/// Whether a CSP source names this machine (`http://127.0.0.1:*`, `localhost`, `[::1]`) or
/// admits it through a wildcard (`*`, a bare `http:`). Tauri's own IPC origin
/// (`http://ipc.localhost`) is served by the app itself, not the network, so it stays.
fn admits_loopback(source: &str) -> bool {
    let source = source.to_ascii_lowercase();
    if matches!(source.as_str(), "*" | "http:" | "https:" | "ws:" | "wss:") {
        return true;
    }
    let host_port = source
        .split_once("://")
        .map_or(source.as_str(), |(_, rest)| rest);
    let host_port = host_port.split('/').next().unwrap_or_default();
    let host = if host_port.starts_with('[') {
        host_port.split_inclusive(']').next().unwrap_or_default()
    } else {
        host_port.split(':').next().unwrap_or_default()
    };
    host == "localhost" || host.starts_with("127.") || host == "[::1]" || host == "0.0.0.0"
}

#[test]
fn the_csp_check_catches_loopback_sources() {
    for source in [
        "http://127.0.0.1:*",
        "localhost:8080",
        "http://[::1]:3000",
        "*",
        "http:",
    ] {
        assert!(admits_loopback(source), "{source}");
    }
    for source in [
        "'self'",
        "data:",
        "https://huggingface.co",
        "http://ipc.localhost",
        "ipc:",
    ] {
        assert!(!admits_loopback(source), "{source}");
    }
}
