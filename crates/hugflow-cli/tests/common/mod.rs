//! What the CLI's integration tests share: the `hugflow` binary pointed at the fakes.

use assert_cmd::Command;
use hugflow_testkit::github::FakeGithub;
use hugflow_testkit::hub::FakeHub;

/// `hugflow` with the fake Hub and fake GitHub, authenticated to GitHub as `token`.
pub fn hugflow(hub: &FakeHub, github: &FakeGithub, token: &str) -> Command {
    let mut cmd = Command::cargo_bin("hugflow").unwrap();
    cmd.env("HF_ENDPOINT", hub.url())
        .env("HF_VIEWER_ENDPOINT", hub.viewer_url())
        .env("HF_TOKEN", hub.token())
        .env("GITHUB_API_URL", github.url())
        .env("HUGFLOW_GITOPS_REPO", github.repo())
        .env("GH_TOKEN", token)
        .env_remove("GITHUB_TOKEN")
        .env_remove("HUGFLOW_BASE_BRANCH")
        .env_remove("HUGFLOW_LOG")
        // No session bus: the keyring is skipped and GH_TOKEN used, as on a CI runner. (On the
        // test session, asking would D-Bus-activate a locked keyring other tests then trip on.)
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/hugflow-test-bus",
        );
    cmd
}
