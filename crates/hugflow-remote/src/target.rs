//! Where to connect: a `Host` name from the user's ssh config, or `[user@]host[:port]`.
//!
//! A target ends up on ssh's command line, so it is checked strictly: nothing that ssh could
//! read as an option (a leading `-`), no spaces, quotes or shell characters. The ssh config
//! does the rest (HostName, ProxyJump, identities), exactly as in a terminal.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{input:?} is not an SSH host: {why}. Use a Host name from ~/.ssh/config (e.g. hgx-a) or user@host[:port] (e.g. ml@10.0.0.5:2222)"
)]
pub struct TargetError {
    pub input: String,
    pub why: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Target {
    user: Option<String>,
    host: String,
    port: Option<u16>,
}

impl Target {
    pub fn parse(input: &str) -> Result<Self, TargetError> {
        let fail = |why: &str| TargetError {
            input: input.to_string(),
            why: why.to_string(),
        };
        let input = input.trim();
        if input.is_empty() {
            return Err(fail("it is empty"));
        }
        let (user, rest) = match input.rsplit_once('@') {
            Some((user, rest)) => (Some(user), rest),
            None => (None, input),
        };
        let (host, port) = if let Some(bracketed) = rest.strip_prefix('[') {
            let (host, after) = bracketed
                .split_once(']')
                .ok_or_else(|| fail("an IPv6 address needs its closing ]"))?;
            let port = match after {
                "" => None,
                _ => Some(
                    after
                        .strip_prefix(':')
                        .ok_or_else(|| fail("only :port may follow ]"))?,
                ),
            };
            (host, port)
        } else {
            match rest.split_once(':') {
                Some((host, port)) => (host, Some(port)),
                None => (rest, None),
            }
        };
        if let Some(user) = user {
            check_word(user, "the user name", false).map_err(|why| fail(&why))?;
        }
        check_word(host, "the host name", rest.starts_with('[')).map_err(|why| fail(&why))?;
        let port = port
            .map(|p| {
                p.parse::<u16>()
                    .ok()
                    .filter(|p| *p > 0)
                    .ok_or_else(|| fail(&format!("the port {p:?} is not a number from 1 to 65535")))
            })
            .transpose()?;
        Ok(Self {
            user: user.map(str::to_string),
            host: host.to_string(),
            port,
        })
    }

    pub fn host(&self) -> &str {
        &self.host
    }

    /// The arguments that name this target to ssh, destination last.
    pub fn ssh_args(&self) -> Vec<String> {
        let mut args = Vec::new();
        if let Some(port) = self.port {
            args.extend(["-p".to_string(), port.to_string()]);
        }
        if let Some(user) = &self.user {
            args.extend(["-l".to_string(), user.clone()]);
        }
        args.push(self.host.clone());
        args
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(user) = &self.user {
            write!(f, "{user}@")?;
        }
        if self.host.contains(':') {
            write!(f, "[{}]", self.host)?;
        } else {
            f.write_str(&self.host)?;
        }
        if let Some(port) = self.port {
            write!(f, ":{port}")?;
        }
        Ok(())
    }
}

fn check_word(value: &str, what: &str, ipv6: bool) -> Result<(), String> {
    if value.is_empty() {
        return Err(format!("{what} is empty"));
    }
    if value.starts_with('-') {
        return Err(format!("{what} may not start with '-'"));
    }
    let allowed = |c: char| c.is_ascii_alphanumeric() || "._-".contains(c) || (ipv6 && c == ':');
    match value.chars().find(|c| !allowed(*c)) {
        Some(c) => Err(format!("{what} may not contain {c:?}")),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_aliases_addresses_and_ports() {
        let t = Target::parse("hgx-a").unwrap();
        assert_eq!(t.ssh_args(), ["hgx-a"]);
        let t = Target::parse("ml@10.0.0.5:2222").unwrap();
        assert_eq!(t.ssh_args(), ["-p", "2222", "-l", "ml", "10.0.0.5"]);
        assert_eq!(t.to_string(), "ml@10.0.0.5:2222");
        let t = Target::parse("root@[::1]:22").unwrap();
        assert_eq!(t.ssh_args(), ["-p", "22", "-l", "root", "::1"]);
        assert_eq!(t.to_string(), "root@[::1]:22");
    }

    #[test]
    fn refuses_what_ssh_or_a_shell_would_misread() {
        for bad in [
            "",
            "-oProxyCommand=id",
            "a b",
            "host;id",
            "$(id)",
            "`id`",
            "h:0",
            "h:99999",
            "u@-x",
            "host\nid",
            "[::1",
        ] {
            let error = Target::parse(bad).unwrap_err().to_string();
            assert!(error.contains("~/.ssh/config"), "{bad:?}: {error}");
        }
    }
}
