//! The real desktop app with a keyring that gets locked, then stopped: Settings says so in
//! words the user sees, instead of "not set", and a save into the locked keyring explains why
//! it failed. The app's bus starts nothing on demand, so no unlock window appears on the display
//! and the stopped keyring stays stopped; the bus and keyring are this test's own.

use hugflow_e2e::{AppHome, Desktop};

const BINARY: &str = env!("CARGO_BIN_EXE_hugflow-desktop");
const TOKEN: &str = "e2e-hf-token-LOCKED-KEYRING-3b8e1d";

/// Opens Settings afresh (it asks for the statuses when it mounts).
async fn reopen_settings(desktop: &Desktop) {
    desktop.click("nav-local").await;
    desktop.wait_count("secret-status-hf_token", 0).await;
    desktop.click("nav-settings").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn settings_shows_a_locked_then_a_stopped_keyring() {
    let mut home = AppHome::without_bus_activation();
    let desktop = Desktop::launch(&home, BINARY).await;
    desktop.click("nav-settings").await;
    desktop.wait_text("secret-status-hf_token", "not set").await;
    assert_eq!(desktop.count("secret-keyring-hf_token").await, 0);

    home.session.lock_keyring();
    reopen_settings(&desktop).await;
    for id in ["hf_token", "github_token", "slack_webhook"] {
        desktop
            .wait_text(&format!("secret-status-{id}"), "keyring locked")
            .await;
        desktop
            .wait_text_containing(
                &format!("secret-keyring-{id}"),
                "The OS keyring is locked: unlock your keyring (the Secret Service collection",
            )
            .await;
    }
    desktop.screenshot("settings-keyring-locked").await;

    // Saving into it fails, and says why, under the row.
    desktop.type_into("secret-input-hf_token", TOKEN).await;
    desktop.click("secret-save-hf_token").await;
    desktop
        .wait_text_containing("secret-error-hf_token", "the OS keyring is locked")
        .await;
    desktop
        .wait_text("secret-status-hf_token", "keyring locked")
        .await;

    home.session.stop_keyring();
    reopen_settings(&desktop).await;
    desktop
        .wait_text("secret-status-hf_token", "keyring unavailable")
        .await;
    desktop
        .wait_text_containing(
            "secret-keyring-hf_token",
            "The OS keyring is unavailable: start a Secret Service such as GNOME Keyring or KWallet (",
        )
        .await;
    desktop.screenshot("settings-keyring-unavailable").await;
    desktop.quit().await;

    for file in home.written_files() {
        let bytes = std::fs::read(&file).unwrap_or_default();
        assert!(
            !bytes.windows(TOKEN.len()).any(|w| w == TOKEN.as_bytes()),
            "the token was written to {}",
            file.display()
        );
    }
}
