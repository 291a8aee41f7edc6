//! Child processes that cannot outlive the test process.
//!
//! Daemons kept in statics are never dropped, so they are started with
//! `PR_SET_PDEATHSIG`: the kernel kills them when their parent thread ends. The parent is a
//! spawner thread that lives as long as the process, because test threads come and go.

use std::io::{self, BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Sender};
use std::sync::{Mutex, OnceLock};

type Request = (Command, Sender<io::Result<Child>>);

/// Spawns `command` so that it is killed when this process exits, however it exits.
pub fn spawn_owned(mut command: Command) -> io::Result<Child> {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::process::CommandExt;
        // SAFETY: prctl is async-signal-safe and touches no memory of the parent.
        unsafe {
            command.pre_exec(|| {
                if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) == -1 {
                    return Err(io::Error::last_os_error());
                }
                Ok(())
            });
        }
    }
    static SPAWNER: OnceLock<Mutex<Sender<Request>>> = OnceLock::new();
    let spawner = SPAWNER.get_or_init(|| {
        let (send, receive) = mpsc::channel::<Request>();
        std::thread::Builder::new()
            .name("testkit-spawner".into())
            .spawn(move || {
                for (mut command, reply) in receive {
                    let _ = reply.send(command.spawn());
                }
            })
            .expect("start the spawner thread");
        Mutex::new(send)
    });
    let (reply, result) = mpsc::channel();
    spawner
        .lock()
        .expect("spawner lock")
        .send((command, reply))
        .expect("spawner thread is alive");
    result.recv().expect("spawner replies")
}

/// Spawns a daemon that announces itself (an address, a display number) on its first line of
/// stdout, and returns it with that line, trimmed. `what` names it in panics.
pub fn spawn_announcing(mut command: Command, what: &str) -> (Child, String) {
    command.stdout(Stdio::piped()).stderr(Stdio::null());
    let mut child = spawn_owned(command).unwrap_or_else(|e| panic!("start {what}: {e}"));
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("piped stdout"))
        .read_line(&mut line)
        .unwrap_or_else(|e| panic!("read what {what} announces: {e}"));
    (child, line.trim().to_string())
}

/// A binary of this workspace (`hugflow`, the fake `nvidia-smi`) next to the running test's
/// own folder. `cargo test --workspace` builds every member's binaries first; a lone
/// `cargo test -p X` may not, hence the hint.
pub fn workspace_bin(name: &str) -> std::path::PathBuf {
    let exe = std::env::current_exe().expect("the test's own path");
    let dir = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("target/<profile>/deps");
    let path = dir.join(name);
    assert!(
        path.exists(),
        "{} is not built; run `cargo build --workspace --bins` (cargo test --workspace does)",
        path.display()
    );
    path
}

/// The command line of live process `pid`, as /proc shows it. It is empty for a moment while
/// an interpreter shim (pyenv's `python3`) execs the real one, so this waits up to 5 s for it.
pub fn cmdline(pid: u32) -> Vec<String> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        let bytes = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
        if !bytes.is_empty() || std::time::Instant::now() > deadline {
            return bytes
                .split(|b| *b == 0)
                .filter(|a| !a.is_empty())
                .map(|a| String::from_utf8_lossy(a).into_owned())
                .collect();
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}
