//! The real desktop app: a window shown once its page has loaded, Local datasets over the Python
//! fixture checkout, live refresh, and a token stored through Settings that lands in the keyring
//! and nowhere else.

use hugflow_core::state::StateDir;
use hugflow_e2e::{AppHome, Desktop};
use hugflow_testkit::fixtures;

const BINARY: &str = env!("CARGO_BIN_EXE_hugflow-desktop");
const TOKEN: &str = "e2e-github-token-MUST-NOT-LEAK-7f3a9c";

#[tokio::test(flavor = "multi_thread")]
async fn local_datasets_settings_and_no_leaked_token() {
    let home = AppHome::new();
    let checkout = fixtures::copy_python_state();
    let desktop = Desktop::launch(&home, BINARY).await;
    // The window starts hidden and is shown once its page has loaded (see the log below).
    desktop.wait_visible().await;

    // Local datasets: pick the checkout, see the table.
    desktop.click("nav-local").await;
    desktop
        .type_into("checkout-path", &checkout.path().display().to_string())
        .await;
    desktop.click("checkout-open").await;
    desktop.wait_count("dataset-row", 2).await;
    assert_eq!(
        desktop.text("checkout-root").await.trim(),
        checkout.path().display().to_string()
    );
    let table = desktop.text("datasets-table").await;
    for expected in [
        "mozilla-foundation/common_voice_11_0",
        "openslr/librispeech_asr",
        "3.0 GB",
        "281,241",
    ] {
        assert!(
            table.contains(expected),
            "the table lacks {expected:?}:\n{table}"
        );
    }
    desktop.wait_count("progress-row", 1).await;
    desktop.screenshot("local-datasets").await;

    // A sync on disk (here: a removal) refreshes the page by itself.
    let state = StateDir::new(checkout.path().join(".hugflow-state"));
    state
        .record_remove(
            "openslr/librispeech_asr",
            "openslr__librispeech_asr__rev_main",
            "e2e",
        )
        .unwrap();
    desktop.wait_count("dataset-row", 1).await;

    // Settings: store a GitHub token.
    desktop.click("nav-settings").await;
    desktop
        .wait_text("secret-status-github_token", "not set")
        .await;
    desktop.type_into("secret-input-github_token", TOKEN).await;
    desktop.click("secret-save-github_token").await;
    desktop
        .wait_text("secret-status-github_token", "set (keyring)")
        .await;
    let input = desktop.find("secret-input-github_token").await;
    assert_eq!(
        input.prop("value").await.unwrap().unwrap_or_default(),
        "",
        "the input is cleared"
    );
    desktop.screenshot("settings").await;
    desktop.quit().await;

    // It is in the OS keyring...
    let stored = home
        .session
        .keyring_lookup(&[("service", "hugflow"), ("username", "github_token")]);
    // Bound to the origin it was saved for (hugflow-secrets `BoundEntry`).
    let stored: serde_json::Value =
        serde_json::from_str(&stored.expect("a keyring entry")).expect("a JSON keyring entry");
    assert_eq!(stored["token"], TOKEN);
    assert!(
        stored["origin"]
            .as_str()
            .is_some_and(|o| o.starts_with("http")),
        "{stored}"
    );

    // ...and after a restart the app still knows the checkout and the token's status.
    let desktop = Desktop::launch(&home, BINARY).await;
    desktop.click("nav-local").await;
    desktop.wait_count("dataset-row", 1).await;
    desktop.click("nav-settings").await;
    desktop
        .wait_text("secret-status-github_token", "set (keyring)")
        .await;
    desktop.quit().await;

    // ...and nowhere in the app's files: not the SQLite database, not the logs.
    let files = home.written_files();
    let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    assert!(
        names.iter().any(|n| n.ends_with("hugflow.sqlite")),
        "no database among {names:?}"
    );
    let logs: Vec<&std::path::PathBuf> = files
        .iter()
        .filter(|f| f.to_string_lossy().contains("hugflow-desktop"))
        .collect();
    assert!(!logs.is_empty(), "no log file among {names:?}");
    let log: String = logs
        .iter()
        .map(|l| std::fs::read_to_string(l).unwrap_or_default())
        .collect();
    assert!(log.contains("secret stored"), "{log}");
    assert_revealed_by_the_page_load(&log, 2);
    for file in &files {
        let bytes = std::fs::read(file).unwrap_or_default();
        assert!(
            !bytes.windows(TOKEN.len()).any(|w| w == TOKEN.as_bytes()),
            "the token was written to {}",
            file.display()
        );
    }
}

/// Each of `launches` logged its page load (the page-load hook fired), and each time the window
/// was shown, it was by that hook, or by the fallback only once its 3 s had passed: on a busy
/// machine a debug build may take longer than that to load its page.
fn assert_revealed_by_the_page_load(log: &str, launches: usize) {
    let loaded = log
        .lines()
        .filter(|l| l.contains("the main page loaded"))
        .count();
    assert!(loaded >= launches, "each launch logs its page load:\n{log}");
    let shown: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("showing the window"))
        .collect();
    assert_eq!(
        shown.len(),
        launches,
        "each launch shows its window once: {shown:#?}"
    );
    for line in shown {
        if line.contains(r#"why="the page loaded""#) {
            continue;
        }
        let since_start_ms: u64 = line
            .split_once("since_start_ms=")
            .and_then(|(_, rest)| rest.split(' ').next()?.parse().ok())
            .unwrap_or_else(|| panic!("a fallback reveal without its time: {line}"));
        assert!(
            line.contains(r#"why="the page did not load in time""#) && since_start_ms >= 3_000,
            "the window was shown early, by neither the page load nor the 3 s fallback: {line}"
        );
    }
}
