//! Printing: JSON documents, aligned tables and human-readable numbers.

use std::io::Write;

use serde::Serialize;

/// One pretty JSON document on stdout.
pub fn print_json<T: Serialize>(value: &T) -> anyhow::Result<()> {
    // Buffered: stdout is line-buffered, and a big report is thousands of lines.
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    serde_json::to_writer_pretty(&mut stdout, value)?;
    writeln!(stdout)?;
    stdout.flush()?;
    Ok(())
}

pub use hugflow_core::units::{human_bytes, human_count};

/// A left-aligned text table.
pub struct Table<const N: usize> {
    header: [String; N],
    rows: Vec<[String; N]>,
}

impl<const N: usize> Table<N> {
    pub fn new(header: [&str; N]) -> Self {
        Self {
            header: header.map(str::to_string),
            rows: Vec::new(),
        }
    }

    pub fn row(&mut self, row: [String; N]) {
        self.rows.push(row);
    }

    pub fn print(&self) {
        let mut widths = self.header.clone().map(|h| h.chars().count());
        for row in &self.rows {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(cell.chars().count());
            }
        }
        for row in std::iter::once(&self.header).chain(&self.rows) {
            let cells: Vec<String> = row
                .iter()
                .zip(&widths)
                .map(|(cell, width)| format!("{cell:width$}"))
                .collect();
            println!("{}", cells.join("  ").trim_end());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_like_a_person_wrote_them() {
        assert_eq!(human_bytes(512), "512 B");
        assert_eq!(human_bytes(3_221_225_472), "3.0 GiB");
        assert_eq!(human_bytes(61_203_283_968), "57.0 GiB");
        assert_eq!(human_count(281_241), "281,241");
        assert_eq!(human_count(12), "12");
        assert_eq!(human_count(1_000_000), "1,000,000");
    }
}
