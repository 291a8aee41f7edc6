//! The resume record of a file fetched in byte ranges: `<content id>.ranges` beside its part.
//!
//! A range-split part has holes, so its length says nothing about progress (the single-stream
//! rule). The journal says which ranges the part is cut into and how far each one got:
//!
//! - It is created whole, with temp + rename, so a journal either exists with a full layout or
//!   not at all; a crash while writing it leaves only the temp file.
//! - Progress is one little-endian `u64` per range (its `done` offset), rewritten in place
//!   with one 8-byte `pwrite` after every chunk of that range reaches the part. A `pwrite` of
//!   8 bytes inside one page is never torn by a SIGKILL (the kernel copies it or does not run
//!   it), and it is issued after the chunk's own `pwrite`, so a killed process loses at most
//!   the bytes in flight: the kernel keeps both writes in the page cache for the next run.
//!   A power loss can reorder them on disk; then the journal may vouch for bytes that never
//!   landed, and the whole file's sha256 (checked before the rename) catches it and the file
//!   is fetched again, as any corruption is.
//! - It names the content id and size it was made for, and is used only when both match the
//!   file being fetched. Parts are named by content id, so a journal left by another revision
//!   is either for other bytes (another name, never read; removed with the work dir at the end
//!   of a successful job) or for the very same bytes, which is what it describes: reused.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

const MAGIC: &[u8; 8] = b"HFRANGE1";
/// Magic, size, range count, id length, then the content id padded to 64 bytes: 96 bytes, so
/// every `done` slot after it is 8-byte aligned (and never straddles a page).
const HEADER: u64 = 32 + 64;
const ENTRY: u64 = 24;

/// One byte range of the file: `[start, end)`, of which `[start, done)` is in the part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span {
    pub start: u64,
    pub end: u64,
    pub done: u64,
}

impl Span {
    pub fn complete(&self) -> bool {
        self.done >= self.end
    }
}

/// An open journal: its layout as read or written, and the handle progress goes through.
pub(crate) struct Journal {
    file: File,
    path: PathBuf,
}

impl Journal {
    /// Writes a new journal for `spans` atomically (temp + rename) and opens it.
    pub fn create(path: &Path, id: &str, size: u64, spans: &[Span]) -> std::io::Result<Self> {
        let mut bytes = Vec::with_capacity((HEADER + ENTRY * spans.len() as u64) as usize);
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&size.to_le_bytes());
        bytes.extend_from_slice(&(spans.len() as u64).to_le_bytes());
        bytes.extend_from_slice(&(id.len() as u64).to_le_bytes());
        let mut padded = [0u8; 64];
        let id_bytes = id.as_bytes();
        padded[..id_bytes.len().min(64)].copy_from_slice(&id_bytes[..id_bytes.len().min(64)]);
        bytes.extend_from_slice(&padded);
        for span in spans {
            bytes.extend_from_slice(&span.start.to_le_bytes());
            bytes.extend_from_slice(&span.end.to_le_bytes());
            bytes.extend_from_slice(&span.done.to_le_bytes());
        }
        let temp = path.with_extension("ranges.tmp");
        {
            let mut file = File::create(&temp)?;
            file.write_all(&bytes)?;
        }
        std::fs::rename(&temp, path)?;
        Self::open(path)
    }

    fn open(path: &Path) -> std::io::Result<Self> {
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(path)?;
        Ok(Self {
            file,
            path: path.to_path_buf(),
        })
    }

    /// The journal at `path` and its spans when it describes `size` bytes of content `id`
    /// (ranges in order, covering the file exactly, each `done` inside its range); `None` when
    /// there is none or it is for something else or damaged (then it is to be replaced).
    pub fn load(path: &Path, id: &str, size: u64) -> Option<(Self, Vec<Span>)> {
        let bytes = std::fs::read(path).ok()?;
        let spans = parse(&bytes, id, size)?;
        Some((Self::open(path).ok()?, spans))
    }

    /// Records that range `index` holds its bytes up to `done`.
    pub fn record(&self, index: usize, done: u64) -> std::io::Result<()> {
        let at = HEADER + ENTRY * index as u64 + 16;
        crate::pio::write_all_at(&self.file, &done.to_le_bytes(), at)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

fn parse(bytes: &[u8], id: &str, size: u64) -> Option<Vec<Span>> {
    let word = |at: u64| -> Option<u64> {
        let at = at as usize;
        Some(u64::from_le_bytes(bytes.get(at..at + 8)?.try_into().ok()?))
    };
    if bytes.get(..8)? != MAGIC || word(8)? != size {
        return None;
    }
    let count = word(16)?;
    let id_len = word(24)? as usize;
    if id_len != id.len() || bytes.get(32..32 + id_len)? != id.as_bytes() {
        return None;
    }
    if bytes.len() as u64 != HEADER.checked_add(ENTRY.checked_mul(count)?)? {
        return None;
    }
    let mut spans = Vec::with_capacity(count as usize);
    let mut next = 0;
    for i in 0..count {
        let at = HEADER + ENTRY * i;
        let span = Span {
            start: word(at)?,
            end: word(at + 8)?,
            done: word(at + 16)?,
        };
        if span.start != next
            || span.end <= span.start
            || !(span.start..=span.end).contains(&span.done)
        {
            return None;
        }
        next = span.end;
        spans.push(span);
    }
    (next == size).then_some(spans)
}

/// Cuts `size` bytes into ranges for `connections` at once: about four ranges per connection
/// (so a connection that finishes early finds more work and the tail stays short), each at
/// least `min_range`, and the last `connections` ranges a quarter of the others, since the
/// download's end waits for its slowest range.
pub(crate) fn layout(size: u64, connections: usize, min_range: u64) -> Vec<Span> {
    let connections = connections.max(1) as u64;
    let body = (size / (connections * 4)).max(min_range).max(1);
    let tail_piece = (body / 4).max(min_range / 4).max(1);
    let tail = (tail_piece * connections).min(size);
    let mut spans = Vec::new();
    let mut at = 0;
    while at < size - tail {
        let end = (at + body).min(size - tail);
        spans.push(Span {
            start: at,
            end,
            done: at,
        });
        at = end;
    }
    while at < size {
        let end = (at + tail_piece).min(size);
        spans.push(Span {
            start: at,
            end,
            done: at,
        });
        at = end;
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03";

    #[test]
    fn layouts_cover_the_file_and_end_in_small_ranges() {
        for (size, connections) in [(1u64 << 32, 16), (300 << 20, 8), (1000, 3), (7, 8)] {
            let spans = layout(size, connections, 8 << 20);
            assert_eq!(spans[0].start, 0);
            assert_eq!(spans.last().unwrap().end, size);
            assert!(spans.windows(2).all(|w| w[0].end == w[1].start));
            assert!(spans.iter().all(|s| s.done == s.start && s.end > s.start));
        }
        let spans = layout(1 << 32, 16, 8 << 20);
        assert_eq!(spans[0].end, 64 << 20);
        assert_eq!(
            spans.last().unwrap().end - spans.last().unwrap().start,
            16 << 20
        );
    }

    #[test]
    fn a_journal_round_trips_and_refuses_what_it_was_not_made_for() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.ranges");
        let spans = layout(100 << 20, 4, 1 << 20);
        let journal = Journal::create(&path, ID, 100 << 20, &spans).unwrap();
        journal.record(1, spans[1].start + 12345).unwrap();
        let (_, read) = Journal::load(&path, ID, 100 << 20).unwrap();
        assert_eq!(read[1].done, spans[1].start + 12345);
        assert_eq!(read[0], spans[0]);
        assert!(Journal::load(&path, ID, 99 << 20).is_none(), "another size");
        let other = ID.replace('5', "6");
        assert!(
            Journal::load(&path, &other, 100 << 20).is_none(),
            "another id"
        );
        journal.record(0, spans[0].end + 1).unwrap();
        assert!(
            Journal::load(&path, ID, 100 << 20).is_none(),
            "done past its range"
        );
        std::fs::write(&path, b"HFRANGE1").unwrap();
        assert!(Journal::load(&path, ID, 100 << 20).is_none(), "cut short");
    }
}
