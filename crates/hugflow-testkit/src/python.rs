//! The real Python `huggingface_hub` client, installed from PyPI into a venv once and reused,
//! for the test that checks the fake Hub against it and for the download benchmark.
//! Missing Python, venv or pip is a failure that says which Debian package to install.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The client version the fake is checked against (latest on PyPI when this was written).
pub const HF_HUB_VERSION: &str = "2.4.0";

/// Runs `command` to success and returns its stdout; a failure panics with `hint`.
pub fn run(command: &mut Command, what: &str, hint: &str) -> String {
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("{what}: cannot run {command:?}: {e}\n{hint}"));
    if !output.status.success() {
        panic!(
            "{what} failed ({}):\n{}\n{}\n{hint}",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// `python3` on PATH, else the system one.
fn system_python() -> &'static str {
    for candidate in ["python3", "/usr/bin/python3"] {
        if Command::new(candidate)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
        {
            return candidate;
        }
    }
    panic!(
        "this test needs Python 3 with venv and pip to install huggingface_hub from PyPI: \
         install the Debian packages python3, python3-venv and python3-pip"
    );
}

/// A venv with huggingface_hub installed, created on first use.
/// A venv under `parent` with huggingface_hub installed, created on first use.
pub fn hf_venv(parent: &Path) -> PathBuf {
    let dir = parent.join(format!("hf-venv-{HF_HUB_VERSION}"));
    let python = dir.join("bin/python");
    let marker = dir.join(".huggingface_hub-installed");
    if marker.exists() && python.exists() {
        return dir;
    }
    run(
        Command::new(system_python())
            .args(["-m", "venv", "--clear"])
            .arg(&dir),
        "creating a Python venv",
        "install the Debian package python3-venv (or a Python with the venv module)",
    );
    run(
        Command::new(&python).args([
            "-m",
            "pip",
            "install",
            "--disable-pip-version-check",
            "--quiet",
            &format!("huggingface_hub=={HF_HUB_VERSION}"),
        ]),
        &format!("pip install huggingface_hub=={HF_HUB_VERSION}"),
        "pip needs to reach PyPI; install the Debian package python3-pip if pip is missing",
    );
    std::fs::write(&marker, HF_HUB_VERSION).expect("write the venv marker");
    dir
}
