//! What can go wrong talking to a host, read from what `ssh` says on stderr.

use std::time::Duration;

use crate::quote::ValueError;

#[derive(Debug, thiserror::Error)]
pub enum SshError {
    #[error(
        "cannot run {program}: {source}. Install the OpenSSH client, or set HUGFLOW_SSH to its path"
    )]
    NoSsh {
        program: String,
        source: std::io::Error,
    },
    #[error("{host}'s host key is not known yet; check its fingerprint and trust it to connect")]
    HostKeyUnknown { host: String },
    #[error(
        "{host}'s host key has CHANGED since it was trusted: either the host was reinstalled or someone is intercepting the connection. Ask the host's admin for the new fingerprint; only if it is expected, remove the old key and connect again to trust the new one. {detail}"
    )]
    HostKeyChanged { host: String, detail: String },
    #[error(
        "{host} refused the login: {detail}. Check that your key is in the host's authorized_keys and loaded in your ssh agent (ssh-add -l), or set IdentityFile in ~/.ssh/config"
    )]
    AuthFailed { host: String, detail: String },
    #[error("cannot reach {host}: {detail}. Check the host name, port and network (VPN?)")]
    Unreachable { host: String, detail: String },
    #[error("the connection to {host} was lost: {detail}")]
    Lost { host: String, detail: String },
    #[error("{host} did not answer within {after:?}; it may be overloaded or the network slow")]
    TimedOut { host: String, after: Duration },
    #[error("ssh to {host} failed: {detail}")]
    Other { host: String, detail: String },
    #[error(
        "the SSH control-socket directory {} is unsafe: {problem}. It must be a directory of yours that only you can enter; remove it or fix its owner/mode: chmod 700 {}",
        dir.display(), dir.display()
    )]
    UnsafeControlDir {
        dir: std::path::PathBuf,
        problem: String,
    },
    #[error("cannot {what}: {source}")]
    Local {
        what: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    Value(#[from] ValueError),
}

impl SshError {
    /// Reads why ssh exited (255) from what it printed.
    pub fn classify(host: &str, _code: Option<i32>, stderr: &str) -> Self {
        let host = host.to_string();
        let detail = last_meaningful_line(stderr);
        if stderr.contains("REMOTE HOST IDENTIFICATION HAS CHANGED")
            || (stderr.contains("Host key for") && stderr.contains("has changed"))
        {
            // ssh names the file and line of the old key and the command that removes it.
            let lines: Vec<&str> = stderr.lines().map(str::trim).collect();
            let pick = |prefix: &str| lines.iter().find(|l| l.starts_with(prefix)).copied();
            let detail = match (pick("Offending"), pick("ssh-keygen -f")) {
                (Some(offending), Some(remove)) => format!("{offending}; remove it with: {remove}"),
                _ => detail,
            };
            return Self::HostKeyChanged { host, detail };
        }
        if stderr.contains("Host key verification failed") || stderr.contains("host key is known") {
            return Self::HostKeyUnknown { host };
        }
        if stderr.contains("Permission denied") || stderr.contains("Too many authentication") {
            return Self::AuthFailed { host, detail };
        }
        let unreachable = [
            "Connection refused",
            "Connection timed out",
            "Could not resolve hostname",
            "No route to host",
            "Network is unreachable",
            "Connection closed by",
            "Connection reset",
            "banner exchange",
            "Broken pipe",
        ];
        if unreachable.iter().any(|s| stderr.contains(s)) {
            return Self::Unreachable { host, detail };
        }
        Self::Other { host, detail }
    }

    /// A short stable name for the UI and logs.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::NoSsh { .. } => "no_ssh",
            Self::HostKeyUnknown { .. } => "host_key_unknown",
            Self::HostKeyChanged { .. } => "host_key_changed",
            Self::AuthFailed { .. } => "auth_failed",
            Self::Unreachable { .. } => "unreachable",
            Self::Lost { .. } => "lost",
            Self::TimedOut { .. } => "timed_out",
            Self::Other { .. } | Self::Local { .. } => "failed",
            Self::UnsafeControlDir { .. } => "unsafe_control_dir",
            Self::Value(_) => "invalid_value",
        }
    }

    /// Whether trying again later can help without the user doing something first.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Self::Unreachable { .. }
                | Self::Lost { .. }
                | Self::TimedOut { .. }
                | Self::Other { .. }
        )
    }
}

fn last_meaningful_line(stderr: &str) -> String {
    stderr
        .lines()
        .map(str::trim)
        .rfind(|l| !l.is_empty() && !l.starts_with('@') && !l.starts_with("Warning:"))
        .unwrap_or("ssh exited without saying why")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_openssh_prints() {
        let kind = |stderr: &str| SshError::classify("h", Some(255), stderr).kind();
        assert_eq!(
            kind(
                "No ED25519 host key is known for [127.0.0.1]:2301 and you have requested strict checking.\nHost key verification failed.\n"
            ),
            "host_key_unknown"
        );
        assert_eq!(
            kind(
                "@@@\n@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\n@@@\nHost key verification failed.\n"
            ),
            "host_key_changed"
        );
        assert_eq!(
            kind("root@127.0.0.1: Permission denied (publickey).\n"),
            "auth_failed"
        );
        assert_eq!(
            kind("ssh: connect to host 127.0.0.1 port 1: Connection refused\n"),
            "unreachable"
        );
        assert_eq!(kind("something new\n"), "failed");
    }
}
