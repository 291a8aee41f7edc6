//! A throwaway PostgreSQL cluster on loopback (DESIGN §5): `initdb` into a temp dir and
//! `pg_ctl start` on a free port, trust authentication for user `hugflow`, stopped (and its
//! files removed) on drop. As root the server runs as the `postgres` user, which PostgreSQL
//! insists on.

use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

pub struct Postgres {
    dir: TempDir,
    port: u16,
    bin: PathBuf,
}

impl Postgres {
    /// Starts a cluster; panics with what to install when PostgreSQL is missing.
    pub fn start() -> Self {
        let bin = server_bin();
        let dir = tempfile::tempdir().expect("temp dir");
        let as_root = is_root();
        if as_root {
            chown_to_postgres(dir.path());
        }
        let data = dir.path().join("data");
        run(
            &bin,
            as_root,
            &[
                "initdb",
                "-D",
                &data.display().to_string(),
                "-A",
                "trust",
                "-U",
                "hugflow",
                "--no-sync",
            ],
        );
        // The port is picked as late as possible, and again if another process took it
        // between the pick and the server's bind.
        let mut attempts = 0;
        loop {
            attempts += 1;
            let port = crate::sshd::free_port();
            let options = format!(
                "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
                dir.path().display()
            );
            let log = dir.path().join("server.log").display().to_string();
            let started = command(
                &bin,
                as_root,
                &[
                    "pg_ctl",
                    "-D",
                    &data.display().to_string(),
                    "-o",
                    &options,
                    "-l",
                    &log,
                    "-w",
                    "start",
                ],
            )
            .output()
            .expect("run PostgreSQL");
            if started.status.success() {
                return Self { dir, port, bin };
            }
            let server_log = std::fs::read_to_string(&log).unwrap_or_default();
            assert!(
                attempts < 3 && server_log.contains("could not bind"),
                "pg_ctl start failed: {}{}\n{server_log}",
                String::from_utf8_lossy(&started.stdout),
                String::from_utf8_lossy(&started.stderr)
            );
        }
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// `postgresql://hugflow@127.0.0.1:PORT/postgres`
    pub fn url(&self) -> String {
        format!("postgresql://hugflow@127.0.0.1:{}/postgres", self.port)
    }

    /// The server's log, for a failing test's message.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("server.log")).unwrap_or_default()
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let data = self.dir.path().join("data").display().to_string();
        let _ = command(
            &self.bin,
            is_root(),
            &["pg_ctl", "-D", &data, "-m", "immediate", "stop"],
        )
        .output();
    }
}

/// The newest installed server's `bin/` (Debian keeps it out of PATH).
fn server_bin() -> PathBuf {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|dir| dir.flatten().map(|e| e.path().join("bin")).collect())
        .unwrap_or_default();
    versions.retain(|bin| bin.join("initdb").exists());
    versions.sort();
    versions.pop().expect(
        "PostgreSQL is not installed: `apt-get install postgresql` (make deps-test does it)",
    )
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

fn chown_to_postgres(dir: &Path) {
    let status = Command::new("chown")
        .arg("postgres")
        .arg(dir)
        .status()
        .expect("chown");
    assert!(
        status.success(),
        "cannot hand {} to the postgres user",
        dir.display()
    );
}

fn command(bin: &Path, as_root: bool, args: &[&str]) -> Command {
    let program = bin.join(args[0]);
    if as_root {
        let mut command = Command::new("runuser");
        command
            .args(["-u", "postgres", "--"])
            .arg(program)
            .args(&args[1..]);
        command
    } else {
        let mut command = Command::new(program);
        command.args(&args[1..]);
        command
    }
}

fn run(bin: &Path, as_root: bool, args: &[&str]) {
    let output = command(bin, as_root, args)
        .output()
        .expect("run PostgreSQL");
    assert!(
        output.status.success(),
        "{} failed: {}{}",
        args[0],
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
