//! What a fake file holds: bytes a test gave, bytes rendered on first use (generated text
//! such as a README), or noise produced on demand from a seed (binary shards, audio). Noise is
//! never stored, so a corpus can describe gigabytes it never allocates; any byte range of it
//! can be produced directly, which is what Range requests and streaming need.

use std::fmt;
use std::sync::Arc;

use bytes::{Bytes, BytesMut};
use sha1::{Digest as _, Sha1};
use sha2::Sha256;

use super::prng::{fill_noise, hex};

/// Renders a file's bytes the first time they are needed.
pub type Render = Arc<dyn Fn() -> Bytes + Send + Sync>;

/// The recipe for a file's bytes.
#[derive(Clone)]
pub enum Content {
    /// Exactly these bytes.
    Bytes(Bytes),
    /// Bytes produced by a function (called at most once per file).
    Rendered(Render),
    /// Seeded noise, optionally framed by fixed leading and trailing bytes (file magic).
    Noise(Noise),
}

impl fmt::Debug for Content {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Bytes(bytes) => write!(f, "Bytes({} bytes)", bytes.len()),
            Self::Rendered(_) => f.write_str("Rendered"),
            Self::Noise(noise) => write!(f, "{noise:?}"),
        }
    }
}

/// `size` bytes of noise seeded by `seed`, with `head` written over its start and `tail` over
/// its end (when they fit).
#[derive(Debug, Clone)]
pub struct Noise {
    pub seed: u64,
    pub size: u64,
    pub head: Bytes,
    pub tail: Bytes,
}

impl Noise {
    pub fn new(seed: u64, size: u64) -> Self {
        Self {
            seed,
            size,
            head: Bytes::new(),
            tail: Bytes::new(),
        }
    }

    pub fn framed(mut self, head: impl Into<Bytes>, tail: impl Into<Bytes>) -> Self {
        self.head = head.into();
        self.tail = tail.into();
        self
    }

    /// Writes bytes `offset..offset + buf.len()` into `buf`.
    pub fn fill(&self, offset: u64, buf: &mut [u8]) {
        fill_noise(self.seed, offset, buf);
        let end = offset + buf.len() as u64;
        let overlay = |buf: &mut [u8], at: u64, frame: &[u8]| {
            let frame_end = at + frame.len() as u64;
            let (from, to) = (offset.max(at), end.min(frame_end));
            if from < to {
                buf[(from - offset) as usize..(to - offset) as usize]
                    .copy_from_slice(&frame[(from - at) as usize..(to - at) as usize]);
            }
        };
        if (self.head.len() + self.tail.len()) as u64 <= self.size {
            overlay(buf, 0, &self.head);
            overlay(buf, self.size - self.tail.len() as u64, &self.tail);
        }
    }

    /// Bytes `offset..offset + len` as a new buffer.
    pub fn read(&self, offset: u64, len: usize) -> Bytes {
        let mut buf = BytesMut::zeroed(len);
        self.fill(offset, &mut buf);
        buf.freeze()
    }
}

/// Size and hashes of some content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Digest {
    pub size: u64,
    /// `sha1("blob <len>\0" + content)`, the git blob id, in hex.
    pub git_oid: String,
    /// `sha256(content)`, the LFS oid, in hex.
    pub sha256: String,
}

impl Digest {
    /// Hashes bytes.
    pub fn of(bytes: &[u8]) -> Self {
        let mut hasher = Hasher::new(bytes.len() as u64);
        hasher.update(bytes);
        hasher.finish()
    }

    /// Hashes noise, a megabyte at a time.
    pub fn of_noise(noise: &Noise) -> Self {
        let mut hasher = Hasher::new(noise.size);
        let mut buf = vec![0u8; 1 << 20];
        let mut offset = 0;
        while offset < noise.size {
            let len = (noise.size - offset).min(buf.len() as u64) as usize;
            noise.fill(offset, &mut buf[..len]);
            hasher.update(&buf[..len]);
            offset += len as u64;
        }
        hasher.finish()
    }
}

struct Hasher {
    size: u64,
    sha1: Sha1,
    sha256: Sha256,
}

impl Hasher {
    fn new(size: u64) -> Self {
        let mut sha1 = Sha1::new();
        sha1.update(format!("blob {size}\0").as_bytes());
        Self {
            size,
            sha1,
            sha256: Sha256::new(),
        }
    }

    fn update(&mut self, bytes: &[u8]) {
        self.sha1.update(bytes);
        self.sha256.update(bytes);
    }

    fn finish(self) -> Digest {
        Digest {
            size: self.size,
            git_oid: hex(&self.sha1.finalize()),
            sha256: hex(&self.sha256.finalize()),
        }
    }
}

/// The git blob id of `bytes`.
pub fn git_blob_oid(bytes: &[u8]) -> String {
    Digest::of(bytes).git_oid
}

/// The text git stores in place of an LFS file.
pub fn lfs_pointer(sha256: &str, size: u64) -> String {
    format!("version https://git-lfs.github.com/spec/v1\noid sha256:{sha256}\nsize {size}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn git_oid_matches_git() {
        // `printf 'hello\n' | git hash-object --stdin`
        assert_eq!(
            git_blob_oid(b"hello\n"),
            "ce013625030ba8dba906f756967f9e9ca394464a"
        );
    }

    #[test]
    fn framed_noise_has_its_magic() {
        let noise = Noise::new(3, 64).framed(&b"PAR1"[..], &b"PAR1"[..]);
        let all = noise.read(0, 64);
        assert_eq!(&all[..4], b"PAR1");
        assert_eq!(&all[60..], b"PAR1");
        assert_eq!(noise.read(2, 4), all[2..6]);
        assert_eq!(Digest::of_noise(&noise), Digest::of(&all));
    }
}
