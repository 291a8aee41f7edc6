//! The version and git commit this build of Hugflow is from: `hugflow --version` prints them,
//! the desktop's About shows them, and the desktop compares a host's `hugflow` with
//! [`VERSION`].

/// The workspace's version, e.g. `0.1.0`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The short git commit of the build (see `build.rs`), `unknown` outside a git checkout.
pub const COMMIT: &str = env!("HUGFLOW_GIT_COMMIT");

/// `0.1.0 (1a2b3c4)`, as `hugflow --version` prints after the name. A `const` rather than a
/// function so clap's `version` takes it as is.
pub const LONG: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (",
    env!("HUGFLOW_GIT_COMMIT"),
    ")"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_is_the_version_then_the_commit() {
        assert_eq!(LONG, format!("{VERSION} ({COMMIT})"));
        assert!(
            COMMIT == "unknown"
                || (COMMIT.len() >= 7 && COMMIT.chars().all(|c| c.is_ascii_hexdigit())),
            "{COMMIT:?}"
        );
    }
}
