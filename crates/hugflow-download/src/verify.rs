//! What a file's bytes must hash to, and the hashing as they arrive.

use std::io::Read;
use std::path::Path;

use hugflow_core::selection::{GitOid, Sha256Hex, UnsafeValue};
use sha1::Sha1;
use sha2::{Digest, Sha256};

/// The Hub's id of a file's content: the sha256 for LFS files, the git blob id (sha1 of
/// `blob <size>\0` + content) for files git stores itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Check {
    Sha256(String),
    GitSha1(String),
}

impl Check {
    /// The expected hash in lowercase hex; also names the file's part.
    pub fn content_id(&self) -> &str {
        match self {
            Self::Sha256(hex) | Self::GitSha1(hex) => hex,
        }
    }

    /// Whether the id is lowercase hex of the algorithm's length (64 for sha256, 40 for a git
    /// blob id), the only shape that may name a part file.
    pub fn validate(&self) -> Result<(), UnsafeValue> {
        match self {
            Self::Sha256(hex) => Sha256Hex::parse(hex).map(drop),
            Self::GitSha1(hex) => GitOid::parse(hex).map(drop),
        }
    }

    pub fn algorithm(&self) -> &'static str {
        match self {
            Self::Sha256(_) => "sha256",
            Self::GitSha1(_) => "git-sha1",
        }
    }
}

/// Hashes a file's bytes as they arrive, in order.
pub enum Hasher {
    Sha256(Box<Sha256>),
    GitSha1(Box<Sha1>),
}

impl Hasher {
    pub fn new(check: &Check, size: u64) -> Self {
        match check {
            Check::Sha256(_) => Self::Sha256(Box::default()),
            Check::GitSha1(_) => {
                let mut sha1 = Sha1::new();
                sha1.update(format!("blob {size}\0").as_bytes());
                Self::GitSha1(Box::new(sha1))
            }
        }
    }

    pub fn update(&mut self, bytes: &[u8]) {
        match self {
            Self::Sha256(h) => h.update(bytes),
            Self::GitSha1(h) => h.update(bytes),
        }
    }

    /// Hashes the first `len` bytes of `path` (a part kept from an earlier run).
    pub fn update_from_file(&mut self, path: &Path, len: u64) -> std::io::Result<()> {
        let file = std::fs::File::open(path)?;
        let mut reader = file.take(len);
        let mut buf = vec![0u8; 1 << 20];
        loop {
            let n = reader.read(&mut buf)?;
            if n == 0 {
                return Ok(());
            }
            self.update(&buf[..n]);
        }
    }

    /// `Ok` when the bytes hash to what `check` expects, else what they hashed to.
    pub fn verify(self, check: &Check) -> Result<(), String> {
        let actual = match self {
            Self::Sha256(h) => hex(&h.finalize()),
            Self::GitSha1(h) => hex(&h.finalize()),
        };
        if actual.eq_ignore_ascii_case(check.content_id()) {
            Ok(())
        } else {
            Err(format!(
                "{} {actual}, expected {}",
                check.algorithm(),
                check.content_id()
            ))
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn git_blob_ids_and_sha256_as_the_hub_gives_them() {
        // `printf 'hello\n' | git hash-object --stdin` and `| sha256sum`.
        let git = Check::GitSha1("ce013625030ba8dba906f756967f9e9ca394464a".into());
        let mut hasher = Hasher::new(&git, 6);
        hasher.update(b"hel");
        hasher.update(b"lo\n");
        assert_eq!(hasher.verify(&git), Ok(()));
        let lfs = Check::Sha256(
            "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03".into(),
        );
        let mut hasher = Hasher::new(&lfs, 6);
        hasher.update(b"hello\n");
        assert_eq!(hasher.verify(&lfs), Ok(()));
        let mut hasher = Hasher::new(&lfs, 6);
        hasher.update(b"hellO\n");
        assert!(hasher.verify(&lfs).unwrap_err().starts_with("sha256 "));
    }
}
