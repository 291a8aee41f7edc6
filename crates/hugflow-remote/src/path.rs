//! Finding `ssh` when the app was started from a desktop menu.
//!
//! A desktop launcher hands apps a bare PATH (on macOS `/usr/bin:/bin:/usr/sbin:/sbin`), so
//! tools the user's shell finds (`/opt/homebrew/bin/ssh`, a Nix profile) would be missing.
//! At start-up the app asks the user's login shell for its PATH and merges it in, plus the
//! usual folders, before any thread starts.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Duration;

/// Folders searched even when no shell lists them.
const USUAL: [&str; 6] = [
    "/usr/local/bin",
    "/usr/bin",
    "/bin",
    "/opt/homebrew/bin",
    "/usr/sbin",
    "/sbin",
];

/// `current` followed by the folders of `login` and [`USUAL`] it lacks, in order, no repeats.
pub fn merged_path(current: &str, login: Option<&str>) -> String {
    let mut dirs: Vec<&str> = Vec::new();
    let candidates = current
        .split(':')
        .chain(login.unwrap_or_default().split(':'))
        .chain(USUAL);
    for dir in candidates {
        if !dir.is_empty() && !dirs.contains(&dir) {
            dirs.push(dir);
        }
    }
    dirs.join(":")
}

/// How long start-up waits for the login shell: the window appears after it.
const LOGIN_SHELL_WAIT: Duration = Duration::from_secs(2);

/// The PATH the user's login shell sets up, if it answers within [`LOGIN_SHELL_WAIT`].
pub fn login_shell_path() -> Option<String> {
    login_shell_path_within(LOGIN_SHELL_WAIT)
}

fn login_shell_path_within(wait: Duration) -> Option<String> {
    let shell = std::env::var_os("SHELL").unwrap_or_else(|| OsString::from("/bin/sh"));
    const MARK: &str = "__HUGFLOW_PATH__";
    let mut child = Command::new(shell)
        .args(["-l", "-c", &format!("printf '{MARK}%s{MARK}' \"$PATH\"")])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let deadline = std::time::Instant::now() + wait;
    while child.try_wait().ok()?.is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let output = child.wait_with_output().ok()?;
    // Login scripts may print banners; take only what sits between the marks.
    let text = String::from_utf8_lossy(&output.stdout);
    let start = text.find(MARK)? + MARK.len();
    let end = text[start..].find(MARK)? + start;
    Some(text[start..end].to_string())
}

/// Merges the login shell's PATH into this process's.
///
/// # Safety
/// Sets an environment variable: call it before any other thread exists (first thing in
/// `main`).
pub unsafe fn fix_path() {
    // A Windows app starts with the user's whole PATH, and there is no login shell to ask.
    if !cfg!(unix) {
        return;
    }
    let current = std::env::var("PATH").unwrap_or_default();
    let merged = merged_path(&current, login_shell_path().as_deref());
    if merged != current {
        // SAFETY: the caller guarantees no other thread reads the environment yet.
        unsafe { std::env::set_var("PATH", merged) };
    }
}

/// `HUGFLOW_SSH`, or the first executable `name` on PATH, or `name` itself (the error then
/// says it is missing when it is first run).
pub fn find_program(name: &str) -> PathBuf {
    if let Some(explicit) = std::env::var_os("HUGFLOW_SSH").filter(|_| name == "ssh") {
        return PathBuf::from(explicit);
    }
    let path = std::env::var("PATH").unwrap_or_default();
    find_in(name, &path).unwrap_or_else(|| PathBuf::from(name))
}

fn find_in(name: &str, path: &str) -> Option<PathBuf> {
    let file = format!("{name}{}", std::env::consts::EXE_SUFFIX);
    std::env::split_paths(path)
        .filter(|d| !d.as_os_str().is_empty())
        .map(|dir| dir.join(&file))
        .find(|p| p.metadata().is_ok_and(|m| m.is_file() && executable(&m)))
}

#[cfg(unix)]
fn executable(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o111 != 0
}

/// Windows runs any file by its extension, which [`find_in`] asked for.
#[cfg(not(unix))]
fn executable(_: &std::fs::Metadata) -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_launcher_path_gains_the_login_shells_folders() {
        let merged = merged_path("/usr/bin:/bin", Some("/home/u/.nix/bin:/usr/bin"));
        assert_eq!(
            merged,
            "/usr/bin:/bin:/home/u/.nix/bin:/usr/local/bin:/opt/homebrew/bin:/usr/sbin:/sbin"
        );
        assert!(merged_path("", None).starts_with("/usr/local/bin:"));
    }

    #[test]
    fn finds_ssh_where_the_merged_path_has_it() {
        let found = find_in("ssh", &merged_path("/nonexistent", None)).expect("ssh installed");
        assert!(found.is_absolute() && found.ends_with("ssh"), "{found:?}");
        assert_eq!(find_in("ssh", "/nonexistent"), None);
    }

    #[test]
    fn the_login_shell_answers_with_its_path() {
        // Generous: a login shell sourcing its profile can be slow on a busy machine.
        let path = login_shell_path_within(Duration::from_secs(30)).expect("a login shell answers");
        assert!(path.contains("/usr/bin"), "{path}");
    }
}
