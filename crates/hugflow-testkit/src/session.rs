//! A D-Bus session with a real, unlocked GNOME Keyring, and a notification daemon
//! (python-dbusmock) whose log tests read.
//!
//! Inside `dbus-run-session` the existing bus is used; otherwise a private `dbus-daemon` is
//! started and `DBUS_SESSION_BUS_ADDRESS` set for this process. Each daemon keeps its files
//! in a temporary directory and is killed when the test process exits or the guard drops.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

use crate::process::{spawn_announcing, spawn_owned};
use crate::wait;

/// A running daemon, killed on drop.
#[derive(Debug)]
pub struct Daemon {
    child: Child,
    _dir: Option<tempfile::TempDir>,
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The session bus address for this process, starting a private bus when there is none.
pub fn session_bus() -> &'static str {
    static BUS: OnceLock<(String, Option<Daemon>)> = OnceLock::new();
    &BUS.get_or_init(|| {
        if let Ok(address) = std::env::var("DBUS_SESSION_BUS_ADDRESS")
            && !address.is_empty()
        {
            return (address, None);
        }
        let (address, daemon) = start_bus();
        // SAFETY: set once, before any D-Bus client in this process connects; the keyring
        // and notification libraries read it when they open the session bus.
        unsafe { std::env::set_var("DBUS_SESSION_BUS_ADDRESS", &address) };
        (address, Some(daemon))
    })
    .0
}

fn start_bus() -> (String, Daemon) {
    let mut command = Command::new("dbus-daemon");
    command.args(["--session", "--nofork", "--print-address=1"]);
    let (child, address) = spawn_announcing(command, "dbus-daemon (Debian package dbus)");
    (address, Daemon { child, _dir: None })
}

/// A session bus that starts nothing on demand. The standard one would bring a stopped
/// gnome-keyring back (with the test process's own, real keyring dir) and, with a `DISPLAY`,
/// open gcr-prompter's unlock window for a locked keyring and wait on it forever.
fn start_bus_without_activation() -> (String, Daemon) {
    let dir = tempfile::tempdir().expect("temp dir for the bus");
    let config = dir.path().join("session.conf");
    std::fs::write(
        &config,
        format!(
            r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir={}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"#,
            dir.path().display()
        ),
    )
    .expect("write the bus config");
    let mut command = Command::new("dbus-daemon");
    command
        .arg(format!("--config-file={}", config.display()))
        .args(["--nofork", "--print-address=1"]);
    let (child, address) = spawn_announcing(command, "dbus-daemon (Debian package dbus)");
    (
        address,
        Daemon {
            child,
            _dir: Some(dir),
        },
    )
}

/// Whether `name` has an owner on the bus at `address`.
pub fn bus_has_name(address: &str, name: &str) -> bool {
    Command::new("gdbus")
        .args([
            "call",
            "--session",
            "--dest",
            "org.freedesktop.DBus",
            "--object-path",
            "/org/freedesktop/DBus",
            "--method",
            "org.freedesktop.DBus.NameHasOwner",
            name,
        ])
        .env("DBUS_SESSION_BUS_ADDRESS", address)
        .output()
        .map(|out| String::from_utf8_lossy(&out.stdout).contains("true"))
        .unwrap_or(false)
}

fn start_keyring(address: &str) -> Daemon {
    let dir = tempfile::tempdir().expect("temp dir for the keyring");
    let mut command = Command::new("gnome-keyring-daemon");
    command
        .args(["--unlock", "--components=secrets", "--foreground"])
        .env("DBUS_SESSION_BUS_ADDRESS", address)
        .env("XDG_DATA_HOME", dir.path())
        .env("XDG_RUNTIME_DIR", dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let mut child =
        spawn_owned(command).expect("start gnome-keyring-daemon (Debian package gnome-keyring)");
    // The login keyring's password: it is created unlocked with it.
    let mut stdin = child.stdin.take().expect("stdin");
    stdin
        .write_all(b"hugflow-test")
        .expect("unlock the keyring");
    drop(stdin);
    wait::until(
        "gnome-keyring on the session bus",
        Duration::from_secs(10),
        || bus_has_name(address, "org.freedesktop.secrets").then_some(()),
    );
    Daemon {
        child,
        _dir: Some(dir),
    }
}

/// An unlocked GNOME Keyring serving `org.freedesktop.secrets` on this process's session
/// bus, shared by every test in the process.
pub fn keyring() {
    static KEYRING: OnceLock<Option<Daemon>> = OnceLock::new();
    KEYRING.get_or_init(|| {
        let bus = session_bus();
        (!bus_has_name(bus, "org.freedesktop.secrets")).then(|| start_keyring(bus))
    });
}

/// A bus of its own with a keyring on it, for a program under test (the desktop app) whose
/// secrets must not reach the developer's real keyring. Nothing in this process connects to it.
pub struct PrivateSession {
    address: String,
    keyring: Option<Daemon>,
    _bus: Daemon,
}

impl PrivateSession {
    pub fn start() -> Self {
        Self::on_bus(start_bus())
    }

    /// On a bus that starts no service on demand, for tests that stop or lock the keyring:
    /// it stays stopped, and no unlock prompt can appear (see [`start_bus_without_activation`]).
    pub fn start_without_activation() -> Self {
        Self::on_bus(start_bus_without_activation())
    }

    fn on_bus((address, bus): (String, Daemon)) -> Self {
        let keyring = start_keyring(&address);
        Self {
            address,
            keyring: Some(keyring),
            _bus: bus,
        }
    }

    pub fn address(&self) -> &str {
        &self.address
    }

    /// Stops the keyring daemon and waits until its name has left the bus.
    pub fn stop_keyring(&mut self) {
        drop(self.keyring.take());
        wait::until(
            "gnome-keyring to leave the session bus",
            Duration::from_secs(10),
            || (!bus_has_name(&self.address, "org.freedesktop.secrets")).then_some(()),
        );
    }

    /// Locks the login collection, as the desktop does on screen lock or a user in Seahorse.
    /// Through D-Bus, not `secret-tool lock`, which locks and then crashes (libsecret 0.20).
    pub fn lock_keyring(&self) {
        let service = [
            "/org/freedesktop/secrets",
            "org.freedesktop.Secret.Service.Lock",
        ];
        let output = self.secret_service_call(service, &[LOGIN_COLLECTION_ARRAY]);
        assert!(
            output.status.success(),
            "lock the keyring: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let property = [LOGIN_COLLECTION, "org.freedesktop.DBus.Properties.Get"];
        let locked =
            self.secret_service_call(property, &["org.freedesktop.Secret.Collection", "Locked"]);
        assert!(
            String::from_utf8_lossy(&locked.stdout).contains("true"),
            "the login collection is still unlocked"
        );
    }

    /// `gdbus call` of `[object, method]` on the Secret Service of this session.
    fn secret_service_call(&self, [object, method]: [&str; 2], args: &[&str]) -> Output {
        Command::new("gdbus")
            .args(["call", "--session", "--dest", "org.freedesktop.secrets"])
            .args(["--object-path", object, "--method", method])
            .args(args)
            .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
            .output()
            .expect("run gdbus (Debian package libglib2.0-bin)")
    }

    /// `secret-tool lookup` on this session's keyring.
    pub fn keyring_lookup(&self, attributes: &[(&str, &str)]) -> Option<String> {
        let mut command = Command::new("secret-tool");
        command
            .arg("lookup")
            .env("DBUS_SESSION_BUS_ADDRESS", &self.address);
        for (key, value) in attributes {
            command.args([key, value]);
        }
        let output = command
            .output()
            .expect("run secret-tool (Debian package libsecret-tools)");
        output
            .status
            .success()
            .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
    }
}

/// GNOME Keyring's default collection, as an object path and as a one-element `ao` argument.
const LOGIN_COLLECTION: &str = "/org/freedesktop/secrets/collection/login";
const LOGIN_COLLECTION_ARRAY: &str = "['/org/freedesktop/secrets/collection/login']";

/// A python-dbusmock notification daemon logging every call to a file.
pub struct NotificationDaemon {
    pub log: PathBuf,
    _daemon: Daemon,
}

impl NotificationDaemon {
    /// On this process's session bus.
    pub fn start() -> Self {
        Self::start_on(session_bus())
    }

    /// On the bus at `bus` (e.g. a [`PrivateSession`] a desktop app under test uses).
    pub fn start_on(bus: &str) -> Self {
        let dir = tempfile::tempdir().expect("temp dir for the notification log");
        let log = dir.path().join("notify.log");
        // Debian's python3-dbusmock is installed for the system interpreter, which a pyenv or
        // venv `python3` earlier on PATH would not see.
        let python = if Path::new("/usr/bin/python3").exists() {
            "/usr/bin/python3"
        } else {
            "python3"
        };
        let mut command = Command::new(python);
        command
            .args([
                "-m",
                "dbusmock",
                "--session",
                "-t",
                "notification_daemon",
                "-l",
            ])
            .arg(&log)
            .env("DBUS_SESSION_BUS_ADDRESS", bus)
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let child = spawn_owned(command)
            .expect("start python3 -m dbusmock (Debian package python3-dbusmock)");
        let daemon = Daemon {
            child,
            _dir: Some(dir),
        };
        wait::until(
            "the notification daemon on the session bus",
            Duration::from_secs(10),
            || bus_has_name(bus, "org.freedesktop.Notifications").then_some(()),
        );
        Self {
            log,
            _daemon: daemon,
        }
    }

    /// The `Notify` calls logged so far.
    pub fn notifications(&self) -> Vec<String> {
        read_lines(&self.log)
            .into_iter()
            .filter(|l| l.contains(" Notify "))
            .collect()
    }
}

fn read_lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect()
}
