//! What an executed notebook (`<notebook>_executed.ipynb`, nbformat 4) printed that the log
//! may have missed.
//!
//! ductaflow's status reads only the `*_execution_output.txt` logs, and the current logger
//! format puts none of the notebook's own output there: a flow that printed
//! `⚠️ Warning: only 12 rows` is still green. So the scan also reads each executed notebook:
//! every line of a cell's `stream` output (consecutive outputs of the same stream joined, then
//! split as [`crate::rule::lines`] splits) whose first 15 characters carry an indicator, and
//! every `error` output (`ename: evalue`; of a value spanning several lines, its last non-blank
//! one), as [`SignalSource::Notebook`] signals with the 1-based cell index as their line. They never change the status. Rich outputs
//! (`display_data`, `execute_result`) are skipped unparsed, so plots cost little.

use std::fs;
use std::path::Path;

use hugflow_core::runs::{Signal, SignalKind, SignalSource};
use serde::Deserialize;

use crate::rule::{line_signal, lines};
use crate::signals::SignalSink;

#[derive(Deserialize)]
struct Notebook {
    cells: Vec<Cell>,
}

#[derive(Deserialize)]
struct Cell {
    #[serde(default)]
    outputs: Vec<Output>,
}

#[derive(Deserialize)]
struct Output {
    output_type: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    text: Option<MultilineText>,
    #[serde(default)]
    ename: Option<String>,
    #[serde(default)]
    evalue: Option<String>,
}

/// nbformat stores text as one string or a list of strings to concatenate.
#[derive(Deserialize)]
#[serde(untagged)]
enum MultilineText {
    One(String),
    Many(Vec<String>),
}

impl MultilineText {
    fn push_to(&self, out: &mut String) {
        match self {
            MultilineText::One(text) => out.push_str(text),
            MultilineText::Many(parts) => parts.iter().for_each(|p| out.push_str(p)),
        }
    }
}

/// Reads the notebook at `path` (shown as `file` in signals) and adds its signals to `sink`.
/// An unreadable or malformed notebook is an `Err` with the reason, for the run's `problem`.
pub fn read_signals(path: &Path, file: &str, sink: &mut SignalSink) -> Result<(), String> {
    let bytes = fs::read(path).map_err(|e| format!("cannot read it: {e}"))?;
    let notebook: Notebook = serde_json::from_slice(&bytes)
        .map_err(|e| format!("not a readable nbformat 4 notebook ({e})"))?;
    for (index, cell) in notebook.cells.iter().enumerate() {
        let cell_number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let mut stream = String::new();
        let mut stream_name: Option<&str> = None;
        for output in &cell.outputs {
            let is_stream = output.output_type == "stream";
            let name = output.name.as_deref();
            if !is_stream || name != stream_name {
                flush_stream(&mut stream, file, cell_number, sink);
            }
            if is_stream {
                stream_name = name;
                if let Some(text) = &output.text {
                    text.push_to(&mut stream);
                }
            } else {
                stream_name = None;
            }
            if output.output_type == "error" {
                let ename = output.ename.as_deref().unwrap_or("Error");
                let text = match output.evalue.as_deref().map(one_line) {
                    Some(evalue) if !evalue.is_empty() => format!("{ename}: {evalue}"),
                    _ => ename.to_string(),
                };
                sink.push(Signal {
                    kind: SignalKind::Error,
                    source: SignalSource::Notebook,
                    file: file.to_string(),
                    line: cell_number,
                    text,
                });
            }
        }
        flush_stream(&mut stream, file, cell_number, sink);
    }
    Ok(())
}

/// A one-line form of an exception's value: itself, or for a value spanning lines (papermill's
/// `PapermillExecutionError` carries the whole inner traceback) its last non-blank line, which
/// is the inner exception (`RuntimeError: loss diverged`).
fn one_line(evalue: &str) -> &str {
    lines(evalue)
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .last()
        .unwrap_or("")
}

fn flush_stream(stream: &mut String, file: &str, cell: u32, sink: &mut SignalSink) {
    for line in lines(stream) {
        if let Some(kind) = line_signal(line) {
            sink.push(Signal {
                kind,
                source: SignalSource::Notebook,
                file: file.to_string(),
                line: cell,
                text: line.to_string(),
            });
        }
    }
    stream.clear();
}
