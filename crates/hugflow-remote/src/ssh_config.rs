//! The `Host` names in the user's ssh config, offered when adding a host.
//!
//! Only read to list names: ssh itself resolves everything else at connect time. `Include`
//! is followed (relative paths are under `~/.ssh`, globs allowed in the last part); patterns
//! (`*`, `?`, `!`) are not hosts one can connect to and are left out.

use std::path::{Path, PathBuf};

/// Host names from `config`, in file order, without repeats.
pub fn host_names(config: &Path) -> Vec<String> {
    let mut names = Vec::new();
    let ssh_dir = config
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    collect(config, &ssh_dir, &mut names, 0);
    names
}

/// `~/.ssh/config`.
pub fn default_config() -> Option<PathBuf> {
    std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".ssh").join("config"))
}

fn collect(file: &Path, ssh_dir: &Path, names: &mut Vec<String>, depth: u8) {
    // ssh stops at 16 levels of Include; so do we, so a loop cannot hang us.
    if depth > 16 {
        return;
    }
    let Ok(text) = std::fs::read_to_string(file) else {
        return;
    };
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('#') {
            continue;
        }
        let (keyword, rest) = match line.split_once(|c: char| c.is_whitespace() || c == '=') {
            Some((k, r)) => (
                k,
                r.trim_start_matches(|c: char| c.is_whitespace() || c == '='),
            ),
            None => continue,
        };
        if keyword.eq_ignore_ascii_case("Host") {
            for name in rest.split_whitespace().map(|n| n.trim_matches('"')) {
                let pattern = name.contains(['*', '?', '!']);
                if !pattern && !names.iter().any(|n| n == name) {
                    names.push(name.to_string());
                }
            }
        } else if keyword.eq_ignore_ascii_case("Include") {
            for pattern in rest.split_whitespace() {
                for included in expand(pattern, ssh_dir) {
                    collect(&included, ssh_dir, names, depth + 1);
                }
            }
        }
    }
}

/// The files an `Include` argument names (a `*` glob in its last part only).
fn expand(pattern: &str, ssh_dir: &Path) -> Vec<PathBuf> {
    let path = match pattern.strip_prefix("~/") {
        Some(rest) => match std::env::var_os("HOME") {
            Some(home) => PathBuf::from(home).join(rest),
            None => return Vec::new(),
        },
        None if pattern.starts_with('/') => PathBuf::from(pattern),
        None => ssh_dir.join(pattern),
    };
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if !file_name.contains('*') {
        return vec![path];
    }
    let (prefix, suffix) = file_name.split_once('*').unwrap_or((&file_name, ""));
    let Some(dir) = path.parent() else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .map(|n| n.to_string_lossy())
                .is_some_and(|n| n.starts_with(prefix) && n.ends_with(suffix))
        })
        .collect();
    found.sort();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_hosts_through_includes_and_skips_patterns() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("config.d")).unwrap();
        std::fs::write(
            dir.path().join("config"),
            "# team hosts\nInclude config.d/*.conf\nHost hgx-a hgx-b\n  HostName 10.0.0.5\nHost *.internal !bastion\n  User ml\nHost=jump\nMatch host x\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("config.d/10-lab.conf"),
            "Host lab-h200\n  ProxyJump jump\nHost hgx-a\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("config.d/README"), "Host not-included\n").unwrap();
        assert_eq!(
            host_names(&dir.path().join("config")),
            ["lab-h200", "hgx-a", "hgx-b", "jump"]
        );
        assert!(host_names(&dir.path().join("missing")).is_empty());
    }
}
