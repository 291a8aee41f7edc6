//! The `hugflow` binary as a command line should behave: a reader that stops reading ends
//! it quietly, it prints its own completion scripts and man page, and `--version` names the
//! commit it was built from.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

/// The exit status `output::STDOUT_CLOSED` documents: what a shell shows for SIGPIPE.
const STDOUT_CLOSED: i32 = 141;

fn hugflow() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_hugflow"));
    for var in ["HUGFLOW_LOG", "RUST_LOG", "STORAGE_ROOT", "STATE_DIR"] {
        cmd.env_remove(var);
    }
    cmd
}

/// Request files enough for `validate` to print far more than a pipe holds (64 KiB), so it is
/// still writing when the reader goes away.
fn many_requests(dir: &Path) {
    let add = dir.join("requests/add");
    std::fs::create_dir_all(&add).unwrap();
    for i in 0..3000 {
        std::fs::write(
            add.join(format!("dataset-{i:04}.yaml")),
            format!("hf_id: \"some-org/dataset_{i:04}\"\ndescription: \"test data {i}\"\n"),
        )
        .unwrap();
    }
}

/// Runs `cmd` with stdout read up to its first line and then closed, as `| head -1` does;
/// returns that line, the exit status and stderr.
fn first_line_then_close(cmd: &mut Command) -> (String, std::process::ExitStatus, String) {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    reader.read_line(&mut first).unwrap();
    drop(reader);
    let output = child.wait_with_output().unwrap();
    (
        first,
        output.status,
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn assert_quiet_stop(what: &str, first: &str, status: std::process::ExitStatus, stderr: &str) {
    assert!(
        !first.is_empty(),
        "{what}: printed nothing before the pipe closed"
    );
    assert!(
        !stderr.contains("panicked") && !stderr.contains("Broken pipe"),
        "{what}: a closed stdout must end it quietly, stderr was:\n{stderr}"
    );
    assert_eq!(
        status.code(),
        Some(STDOUT_CLOSED),
        "{what}: a closed stdout must end it with {STDOUT_CLOSED} (not 101, a panic), got {status}; stderr:\n{stderr}"
    );
    assert_eq!(stderr, "", "{what}: nothing on stderr");
}

#[test]
fn a_closed_stdout_ends_text_output_quietly() {
    let dir = tempfile::tempdir().unwrap();
    many_requests(dir.path());
    let (first, status, stderr) =
        first_line_then_close(hugflow().arg("validate").arg(dir.path().join("requests")));
    assert!(first.starts_with("ok: "), "first line: {first}");
    assert_quiet_stop("validate", &first, status, &stderr);
}

#[test]
fn a_closed_stdout_ends_json_output_quietly() {
    let dir = tempfile::tempdir().unwrap();
    many_requests(dir.path());
    let (first, status, stderr) = first_line_then_close(
        hugflow()
            .args(["validate", "--json"])
            .arg(dir.path().join("requests")),
    );
    assert_eq!(first.trim(), "{");
    assert_quiet_stop("validate --json", &first, status, &stderr);
}

#[test]
fn output_read_to_the_end_still_exits_zero() {
    let dir = tempfile::tempdir().unwrap();
    many_requests(dir.path());
    let output = hugflow()
        .arg("validate")
        .arg(dir.path().join("requests"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(
        stdout.lines().filter(|l| l.starts_with("ok: ")).count(),
        3000
    );
    assert!(
        stdout.ends_with("3000 file(s) checked, 0 invalid\n"),
        "{stdout}"
    );
}

/// A checkout whose state has an unreadable progress file, so `hugflow status` logs a warning.
fn checkout_that_warns(dir: &Path) {
    let status = hugflow()
        .args(["init", "--root"])
        .arg(dir)
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
    let progress = dir.join(".hugflow-state/progress");
    std::fs::create_dir_all(&progress).unwrap();
    std::fs::write(progress.join("broken.json"), "not json").unwrap();
}

#[test]
fn logs_on_a_pipe_carry_no_colour() {
    let dir = tempfile::tempdir().unwrap();
    checkout_that_warns(dir.path());
    let output = hugflow()
        .args(["status", "--root"])
        .arg(dir.path())
        .env("TERM", "xterm-256color")
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("skipping progress file"),
        "no warning: {stderr}"
    );
    assert!(
        !stderr.contains('\x1b'),
        "escape codes in a piped log:\n{stderr}"
    );
}

/// On a terminal (a pty from util-linux's `script`), the log is coloured unless `NO_COLOR` is
/// set or `TERM=dumb`.
#[cfg(target_os = "linux")]
#[test]
fn logs_on_a_terminal_are_coloured_unless_told_not_to() {
    // util-linux is part of every Debian-like system this runs on: a missing `script` is a
    // broken machine, not a reason to skip.
    assert!(
        Command::new("script").arg("--version").output().is_ok(),
        "util-linux's `script` is needed for a pty: install util-linux"
    );
    let dir = tempfile::tempdir().unwrap();
    checkout_that_warns(dir.path());
    let on_a_terminal = |env: &[(&str, &str)]| {
        let line = format!(
            "{} status --root '{}' >/dev/null",
            env!("CARGO_BIN_EXE_hugflow"),
            dir.path().display()
        );
        let mut cmd = Command::new("script");
        cmd.args(["-qec", &line, "/dev/null"])
            .env("TERM", "xterm-256color")
            .env_remove("NO_COLOR")
            .env_remove("HUGFLOW_LOG")
            .env_remove("RUST_LOG")
            .stdin(Stdio::null());
        for (name, value) in env {
            cmd.env(name, value);
        }
        let output = cmd.output().unwrap();
        let seen = String::from_utf8_lossy(&output.stdout).into_owned();
        assert!(
            seen.contains("skipping progress file"),
            "{env:?}: no warning: {seen}"
        );
        seen
    };
    assert!(
        on_a_terminal(&[]).contains('\x1b'),
        "no colour on a terminal"
    );
    for env in [[("NO_COLOR", "1")], [("TERM", "dumb")]] {
        let seen = on_a_terminal(&env);
        assert!(!seen.contains('\x1b'), "{env:?}: escape codes: {seen:?}");
    }
}

fn stdout_of(args: &[&str]) -> String {
    let output = hugflow().args(args).output().unwrap();
    assert!(output.status.success(), "hugflow {args:?}: {output:?}");
    assert!(output.stderr.is_empty(), "hugflow {args:?}: {output:?}");
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn completions_name_the_real_subcommands() {
    for shell in ["bash", "zsh", "fish"] {
        let script = stdout_of(&["completions", shell]);
        for subcommand in ["local-sync", "jobs", "validate", "completions"] {
            assert!(
                script.contains(subcommand),
                "the {shell} completions do not know `{subcommand}`:\n{script}"
            );
        }
    }
    let output = hugflow().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("tcsh") && stderr.contains("bash"),
        "an unknown shell is named, with the known ones: {stderr}"
    );
}

#[test]
fn the_shells_accept_their_scripts() {
    let dir = tempfile::tempdir().unwrap();
    // bash must be there (CI and the HGX hosts have it); zsh and fish are checked when present.
    for (shell, required) in [("bash", true), ("zsh", false), ("fish", false)] {
        let available = Command::new(shell)
            .arg("-c")
            .arg("exit 0")
            .output()
            .is_ok_and(|o| o.status.success());
        if !available {
            assert!(
                !required,
                "{shell} is needed to check its completion script"
            );
            continue;
        }
        let file = dir.path().join(format!("hugflow.{shell}"));
        std::fs::write(&file, stdout_of(&["completions", shell])).unwrap();
        let check = Command::new(shell).arg("-n").arg(&file).output().unwrap();
        assert!(
            check.status.success(),
            "`{shell} -n` refuses the completion script: {}",
            String::from_utf8_lossy(&check.stderr)
        );
    }
    // And in bash it completes: `hugflow lo<TAB>` offers local-sync.
    let script = dir.path().join("hugflow.bash");
    let probe = format!(
        "source {}; COMP_WORDS=(hugflow lo); COMP_CWORD=1; COMP_LINE='hugflow lo'; COMP_POINT=10; \
         _hugflow hugflow lo hugflow; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script.display()
    );
    let out = Command::new("bash").arg("-c").arg(probe).output().unwrap();
    let offered = String::from_utf8_lossy(&out.stdout);
    assert!(
        offered.lines().any(|l| l == "local-sync"),
        "`hugflow lo<TAB>` does not offer local-sync: {offered:?} {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_man_page_is_roff_listing_the_subcommands() {
    let page = stdout_of(&["man"]);
    // clap_mangen's preamble defines the apostrophe string (`\*(Aq`); the page begins after it.
    let first = page
        .lines()
        .find(|l| !l.starts_with(".ie ") && !l.starts_with(".el "))
        .unwrap_or_default();
    assert!(
        first.starts_with(".TH hugflow 1"),
        "not a man page: {first}"
    );
    assert!(page.contains(".SH SUBCOMMANDS"), "{page}");
    for subcommand in [r"local\-sync", "jobs", "validate", "completions"] {
        assert!(
            page.contains(&format!(r"hugflow\-{subcommand}(1)")),
            "the man page does not list `{subcommand}`"
        );
    }
    assert!(
        !page.contains(r"hugflow\-help(1)"),
        "`help` has no page of its own"
    );

    // For packaging: every page the first one refers to, written into a folder.
    let dir = tempfile::tempdir().unwrap();
    stdout_of(&["man", "--out-dir", dir.path().to_str().unwrap()]);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("hugflow.1")).unwrap(),
        page
    );
    for name in [
        "hugflow-local-sync.1",
        "hugflow-jobs.1",
        "hugflow-jobs-start.1",
    ] {
        let sub = std::fs::read_to_string(dir.path().join(name))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(sub.contains(".TH hugflow-"), "{name}: {sub}");
    }
    assert!(
        !dir.path().join("hugflow-jobs-run.1").exists(),
        "the hidden runner has no page"
    );
    let missing = dir.path().join("not-there");
    let output = hugflow()
        .args(["man", "--out-dir"])
        .arg(&missing)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("not-there") && stderr.contains("does the folder exist"),
        "{stderr}"
    );

    // `man` is for packaging, not for the help's list of commands.
    let help = stdout_of(&["--help"]);
    assert!(help.contains("completions"), "{help}");
    assert!(
        !help.lines().any(|l| l.trim_start().starts_with("man ")),
        "{help}"
    );
}

#[test]
fn version_names_the_commit_it_was_built_from() {
    let version = stdout_of(&["--version"]);
    let rest = version
        .strip_prefix(&format!("hugflow {} (", env!("CARGO_PKG_VERSION")))
        .and_then(|r| r.strip_suffix(")\n"))
        .unwrap_or_else(|| {
            panic!("`hugflow --version` is not `hugflow <version> (<commit>)`: {version:?}")
        });
    if rest != "unknown" {
        assert!(
            rest.len() >= 7 && rest.chars().all(|c| c.is_ascii_hexdigit()),
            "not a short commit: {rest:?}"
        );
        // Built in this checkout: the commit must be one of its own.
        let known = Command::new("git")
            .args(["cat-file", "-e", &format!("{rest}^{{commit}}")])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status();
        if let Ok(status) = known {
            assert!(status.success(), "{rest} is not a commit of this checkout");
        }
    }
    assert_eq!(stdout_of(&["-V"]), version);
}
