//! What the keyring tests of the CLI share: `hugflow` on a private D-Bus session, with no
//! token in its environment, run from an empty folder (so no `.env` of a checkout is read).

use std::path::Path;

use assert_cmd::Command;

/// `hugflow` whose only token source is the keyring on the bus at `bus`.
pub fn hugflow_on_bus(bus: &str, folder: &Path) -> Command {
    let mut cmd = Command::cargo_bin("hugflow").unwrap();
    for var in [
        "HF_TOKEN",
        "GITHUB_TOKEN",
        "GH_TOKEN",
        "GITHUB_API_URL",
        "HUGFLOW_LOG",
        "RUST_LOG",
        "HUGFLOW_GITOPS_REPO",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("DBUS_SESSION_BUS_ADDRESS", bus)
        // `gh auth token` would be the next place to look; keep a developer's own out.
        .env("PATH", "/usr/bin:/bin")
        .current_dir(folder);
    cmd
}

/// Whether it succeeded, and its stderr.
pub fn stderr_of(cmd: &mut Command) -> (bool, String) {
    let output = cmd.output().unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}
