//! Printing a log a detached process writes (a job's, a re-run's), and following it as it grows.

use std::io::{BufRead, BufReader, Seek, SeekFrom, Write};
use std::path::Path;
use std::time::Duration;

use anyhow::Context;

/// How often `--follow` looks for new lines.
const FOLLOW_EVERY: Duration = Duration::from_millis(200);

/// Copies the log's whole lines from `offset` to `out` (every byte when `all`); returns the
/// new offset. `Ok(None)`: the reader went away (a closed pipe).
fn copy_lines(
    path: &Path,
    offset: u64,
    all: bool,
    out: &mut impl Write,
) -> anyhow::Result<Option<u64>> {
    let mut file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Some(offset)),
        Err(error) => return Err(error).with_context(|| format!("cannot read {}", path.display())),
    };
    file.seek(SeekFrom::Start(offset))?;
    let mut reader = BufReader::new(file);
    let mut offset = offset;
    let mut line = Vec::new();
    loop {
        line.clear();
        let read = reader.read_until(b'\n', &mut line)?;
        if read == 0 || (!all && line.last() != Some(&b'\n')) {
            break;
        }
        if let Err(error) = out.write_all(&line) {
            if error.kind() == std::io::ErrorKind::BrokenPipe {
                return Ok(None);
            }
            return Err(error.into());
        }
        offset += read as u64;
    }
    match out.flush() {
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(None),
        other => other.map(|()| Some(offset)).map_err(Into::into),
    }
}

/// Prints the log at `path`; with `follow`, keeps printing new whole lines for as long as
/// `running` says the process writing it runs, then the rest. Ends the command quietly when
/// the reader goes away (`output::stdout_closed`).
pub fn print_log(
    path: &Path,
    follow: bool,
    mut running: impl FnMut() -> anyhow::Result<bool>,
) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    let mut offset = 0;
    loop {
        // Looked at before reading, so the last read sees everything an ended writer wrote.
        let ended = !follow || !running()?;
        match copy_lines(path, offset, ended, &mut out)? {
            None => crate::output::stdout_closed(),
            Some(_) if ended => return Ok(()),
            Some(next) => offset = next,
        }
        std::thread::sleep(FOLLOW_EVERY);
    }
}
