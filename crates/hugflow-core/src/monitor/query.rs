//! `nvidia-smi --query-*=… --format=csv[,noheader][,nounits]` output, read into rows of
//! named values.
//!
//! Fields are named as asked (`memory.used`), whatever the header adds (`memory.used [MiB]`),
//! and the names drivers renamed are folded onto today's (`clocks_throttle_reasons.*` became
//! `clocks_event_reasons.*`). Values keep their text; [`Value::number`] drops a unit
//! (`81559 MiB`, `100 %`, `631.95 W`) and is `None` for `[N/A]`, `[Not Supported]` and any
//! other bracketed note.

use std::collections::HashMap;

/// Field names older drivers use, and the name we read them under.
const RENAMED: [(&str, &str); 1] = [("clocks_throttle_reasons.", "clocks_event_reasons.")];

/// One cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Value(pub String);

impl Value {
    /// `[N/A]`, `[Not Supported]`, `[Requested functionality has been deprecated]`, ...
    pub fn is_unavailable(&self) -> bool {
        self.0.starts_with('[') && self.0.ends_with(']') || self.0.is_empty()
    }

    /// The number at the start of the cell, without its unit.
    pub fn number(&self) -> Option<f64> {
        if self.is_unavailable() {
            return None;
        }
        let text = self.0.trim();
        let end = text
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-' || c == '+'))
            .unwrap_or(text.len());
        text[..end].parse().ok()
    }

    pub fn text(&self) -> Option<&str> {
        (!self.is_unavailable()).then_some(self.0.as_str())
    }
}

/// One row: field name → value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Row(HashMap<String, Value>);

impl Row {
    pub fn get(&self, field: &str) -> Option<&Value> {
        self.0.get(field)
    }

    pub fn number(&self, field: &str) -> Option<f64> {
        self.get(field).and_then(Value::number)
    }

    pub fn text(&self, field: &str) -> Option<&str> {
        self.get(field).and_then(Value::text)
    }
}

/// A field name as we key it: no unit, today's name.
pub fn canonical_field(name: &str) -> String {
    let name = name.trim();
    let name = name
        .split_once(" [")
        .map_or(name, |(field, _)| field)
        .trim();
    for (old, new) in RENAMED {
        if let Some(rest) = name.strip_prefix(old) {
            return format!("{new}{rest}");
        }
    }
    name.to_string()
}

/// Parses CSV output. With `fields`, the output has no header (`noheader`) and its columns
/// are those fields; without, the first line is the header. Blank lines are skipped; a row
/// with the wrong number of cells is an error naming it.
pub fn parse(text: &str, fields: Option<&[&str]>) -> Result<Vec<Row>, String> {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let names: Vec<String> = match fields {
        Some(fields) => fields.iter().map(|f| canonical_field(f)).collect(),
        None => match lines.next() {
            Some(header) => split(header).map(canonical_field).collect(),
            None => return Ok(Vec::new()),
        },
    };
    lines
        .map(|line| {
            let cells: Vec<&str> = split(line).collect();
            if cells.len() != names.len() {
                return Err(format!(
                    "nvidia-smi printed {} values where {} fields were asked: {line:?}",
                    cells.len(),
                    names.len()
                ));
            }
            Ok(Row(names
                .iter()
                .cloned()
                .zip(cells.into_iter().map(|c| Value(c.to_string())))
                .collect()))
        })
        .collect()
}

/// nvidia-smi separates cells with `, ` and never quotes them.
fn split(line: &str) -> impl Iterator<Item = &str> {
    line.split(", ").map(str::trim)
}
