//! A real OpenSSH server on loopback (DESIGN §5), standing in for an HGX host.
//!
//! Each [`Sshd`] has its own temp dir with fresh ed25519 host and client keys, its own
//! `sshd_config` and a remote `HOME` and `bin/` of its own: `SetEnv` gives remote commands that
//! `HOME` and a `PATH` starting with `bin/`, where tests put a fake `nvidia-smi` (or leave it
//! out, for a host without GPUs). Nothing touches the real user's home.
//!
//! Clients reach it through [`Sshd::write_client_config`], an ssh config naming the host `alias`
//! with its port and identity; [`Sshd::known_hosts_line`] is what a trusted `known_hosts`
//! holds for it.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use tempfile::TempDir;

use crate::process::spawn_owned;
use crate::wait;

pub struct Sshd {
    dir: TempDir,
    port: u16,
    alias: String,
    child: Option<Child>,
    env: Vec<(String, String)>,
}

impl Sshd {
    /// Starts a server whose remote commands see `env` (besides `HOME` and `PATH`).
    /// `alias` is the `Host` name [`Sshd::client_config`] gives it.
    pub fn start(alias: &str, env: &[(&str, &str)]) -> Self {
        std::fs::create_dir_all("/run/sshd").ok();
        let dir = tempfile::tempdir().expect("temp dir");
        for sub in ["home", "bin"] {
            std::fs::create_dir_all(dir.path().join(sub)).expect("remote dirs");
        }
        keygen(&dir.path().join("host_key"));
        keygen(&dir.path().join("client_key"));
        std::fs::copy(
            dir.path().join("client_key.pub"),
            dir.path().join("authorized_keys"),
        )
        .expect("authorized_keys");
        let mut server = Self {
            port: free_port(),
            dir,
            alias: alias.to_string(),
            child: None,
            env: env
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        };
        // The port was free when picked; if another process took it before sshd bound it,
        // sshd exits, and a new port is picked.
        for _ in 0..3 {
            server.write_config();
            if server.launch() {
                return server;
            }
            assert!(
                server.log().contains("Address already in use"),
                "sshd did not start:\n{}",
                server.log()
            );
            server.port = free_port();
        }
        panic!("sshd found no free port:\n{}", server.log())
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn alias(&self) -> &str {
        &self.alias
    }

    /// The remote user's `HOME`.
    pub fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }

    /// The first folder on the remote `PATH`.
    pub fn bin(&self) -> PathBuf {
        self.dir.path().join("bin")
    }

    /// Puts `program` on the remote PATH as `name` (a symlink).
    pub fn install_program(&self, name: &str, program: &Path) {
        let link = self.bin().join(name);
        let _ = std::fs::remove_file(&link);
        std::os::unix::fs::symlink(program, &link).expect("link a program onto the remote PATH");
    }

    /// The private key authorized on this server.
    pub fn client_key(&self) -> PathBuf {
        self.dir.path().join("client_key")
    }

    /// `[127.0.0.1]:PORT ssh-ed25519 AAAA…`: the line a `known_hosts` trusting it holds.
    pub fn known_hosts_line(&self) -> String {
        let public = std::fs::read_to_string(self.dir.path().join("host_key.pub")).unwrap();
        let mut parts = public.split_whitespace();
        let (kind, key) = (parts.next().unwrap(), parts.next().unwrap());
        format!("[127.0.0.1]:{} {kind} {key}", self.port)
    }

    /// The host key's `SHA256:…` fingerprint, as `ssh-keygen -l` prints it.
    pub fn fingerprint(&self) -> String {
        let output = Command::new("ssh-keygen")
            .arg("-lf")
            .arg(self.dir.path().join("host_key.pub"))
            .output()
            .expect("run ssh-keygen");
        let text = String::from_utf8_lossy(&output.stdout);
        text.split_whitespace()
            .nth(1)
            .expect("ssh-keygen prints a fingerprint")
            .to_string()
    }

    /// Writes to `path` an ssh config with a `Host` entry for `alias`: loopback, the port,
    /// this user, and the client key. Several servers can share one file through `append`.
    pub fn write_client_config(&self, path: &Path, append: bool) {
        let entry = format!(
            "Host {}\n  HostName 127.0.0.1\n  Port {}\n  User {}\n  IdentityFile {}\n  IdentitiesOnly yes\n\n",
            self.alias,
            self.port,
            user_name(),
            self.client_key().display()
        );
        let text = if append {
            std::fs::read_to_string(path).unwrap_or_default() + &entry
        } else {
            entry
        };
        std::fs::write(path, text).expect("write the ssh client config");
    }

    /// Gives the server a new host key (a reinstalled host, or an attacker), restarting it.
    pub fn replace_host_key(&mut self) {
        self.kill();
        for name in ["host_key", "host_key.pub"] {
            let _ = std::fs::remove_file(self.dir.path().join(name));
        }
        keygen(&self.dir.path().join("host_key"));
        self.restart();
    }

    /// Kills the server and every session it serves, as a crashed or rebooting host would
    /// drop them.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let mut pids = descendants(child.id());
            pids.push(child.id());
            for pid in pids {
                // SAFETY: plain kill(2) on pids found under our own child.
                unsafe { libc::kill(pid as i32, libc::SIGKILL) };
            }
            let _ = child.wait();
        }
    }

    /// Freezes the server (it still accepts TCP connections, but never answers): a host that
    /// hangs.
    pub fn pause(&self) {
        self.signal(libc::SIGSTOP);
    }

    pub fn resume(&self) {
        self.signal(libc::SIGCONT);
    }

    fn signal(&self, signal: i32) {
        if let Some(child) = &self.child {
            // SAFETY: kill(2) on our own child.
            unsafe { libc::kill(child.id() as i32, signal) };
        }
    }

    /// Starts (again) on the same port with the same keys.
    pub fn restart(&mut self) {
        assert!(self.launch(), "sshd did not start:\n{}", self.log());
    }

    /// Starts sshd on [`Self::port`]; whether it listens (false: it exited).
    fn launch(&mut self) -> bool {
        self.kill();
        let mut command = Command::new("/usr/sbin/sshd");
        command
            .arg("-D")
            .arg("-e")
            .arg("-f")
            .arg(self.dir.path().join("sshd_config"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(
                std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(self.dir.path().join("sshd.log"))
                    .expect("sshd log"),
            );
        let mut child = spawn_owned(command).expect("start /usr/sbin/sshd (openssh-server)");
        let port = self.port;
        // Listening, or exited: a connection alone could reach another process on the port.
        let listening = wait::until("sshd to listen", Duration::from_secs(10), || {
            if let Ok(Some(_)) = child.try_wait() {
                return Some(false);
            }
            ssh_banner(port)?;
            // A failed bind makes sshd exit at once: still running, the banner was its own.
            Some(matches!(child.try_wait(), Ok(None)))
        });
        self.child = Some(child);
        listening
    }

    /// What sshd logged, for failure messages.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("sshd.log")).unwrap_or_default()
    }

    fn write_config(&self) {
        let dir = self.dir.path();
        let mut set_env = vec![
            format!("HOME={}", self.home().display()),
            format!(
                "PATH={}:/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin",
                self.bin().display()
            ),
        ];
        set_env.extend(self.env.iter().map(|(k, v)| format!("{k}={v}")));
        let set_env: Vec<String> = set_env.iter().map(|e| format!("\"{e}\"")).collect();
        let config = format!(
            "Port {port}\nListenAddress 127.0.0.1\nHostKey {dir}/host_key\nPidFile {dir}/sshd.pid\n\
             AuthorizedKeysFile {dir}/authorized_keys\nUsePAM no\nStrictModes no\n\
             PasswordAuthentication no\nKbdInteractiveAuthentication no\nPermitRootLogin yes\n\
             MaxSessions 50\nMaxStartups 50\nSetEnv {set_env}\n",
            port = self.port,
            dir = dir.display(),
            set_env = set_env.join(" "),
        );
        std::fs::write(dir.join("sshd_config"), config).expect("write sshd_config");
    }
}

impl Drop for Sshd {
    fn drop(&mut self) {
        self.kill();
    }
}

fn keygen(path: &Path) {
    let status = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", "hugflow-test", "-f"])
        .arg(path)
        .stdin(Stdio::null())
        .status()
        .expect("run ssh-keygen (openssh-client)");
    assert!(status.success(), "ssh-keygen failed for {}", path.display());
}

/// The user running the tests: sshd run by a user other than root serves only that user.
fn user_name() -> String {
    let output = Command::new("id").arg("-un").output().expect("run id -un");
    String::from_utf8_lossy(&output.stdout).trim().to_string()
}

/// Whether an SSH server answers on `port` with its banner (`SSH-2.0-…`).
fn ssh_banner(port: u16) -> Option<()> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
    let mut banner = [0u8; 4];
    std::io::Read::read_exact(&mut stream, &mut banner).ok()?;
    (&banner == b"SSH-").then_some(())
}

pub(crate) fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// Every process below `pid`, from the parent links in /proc.
fn descendants(pid: u32) -> Vec<u32> {
    let parents: Vec<(u32, u32)> = std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .filter_map(|entry| {
            let child: u32 = entry.ok()?.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(format!("/proc/{child}/stat")).ok()?;
            // The name field may hold spaces and parentheses; the fields after its last ')'
            // are plain: state, then the parent's pid.
            let after = &stat[stat.rfind(')')? + 1..];
            let parent = after.split_whitespace().nth(1)?.parse().ok()?;
            Some((child, parent))
        })
        .collect();
    let mut found = vec![pid];
    let mut index = 0;
    while index < found.len() {
        let parent = found[index];
        found.extend(
            parents
                .iter()
                .filter(|(_, p)| *p == parent)
                .map(|(child, _)| *child),
        );
        index += 1;
    }
    found.remove(0);
    found
}
