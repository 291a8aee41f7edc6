//! A YAML reader for request files that keeps where each key and value was written.
//!
//! Request files are mappings of scalars, with at most one level of nested mapping (`stage:`).
//! Reading them through the event parser (rather than a serde deserializer) lets validation
//! report every problem with its line and column, not just the first one serde trips over.

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// A 1-based place in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl From<Marker> for Position {
    fn from(mark: Marker) -> Self {
        Self {
            line: mark.line(),
            column: mark.col() + 1,
        }
    }
}

/// A value as written: text, YAML null, a mapping one level down, or something else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(String),
    Null,
    /// A mapping under a top-level key, its entries in file order (their values are scalars,
    /// or `NotScalar` for anything nested deeper).
    Mapping(Vec<Entry>),
    /// A list, a mapping nested deeper, or an alias; named for the error message.
    NotScalar(&'static str),
}

impl Value {
    /// What the value is, for messages: `text`, `null`, `mapping`, `list`, `alias`.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Text(_) => "text",
            Self::Null => "null",
            Self::Mapping(_) => "mapping",
            Self::NotScalar(kind) => kind,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub key: String,
    pub key_at: Position,
    pub value: Value,
    pub value_at: Position,
}

/// Why a file is not a flat mapping at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShapeError {
    pub at: Position,
    pub message: String,
}

/// Reads `text` as one flat mapping, in file order (duplicates included).
pub fn read_flat_mapping(text: &str) -> Result<Vec<Entry>, ShapeError> {
    let mut collector = Collector::default();
    Parser::new_from_str(text)
        .load(&mut collector, true)
        .map_err(|error| ShapeError {
            at: (*error.marker()).into(),
            message: format!("not valid YAML: {}", error.info()),
        })?;
    if let Some(error) = collector.error {
        return Err(error);
    }
    match collector.documents {
        0 => Err(ShapeError {
            at: Position { line: 1, column: 1 },
            message: "the file is empty; write `hf_id:` and `description:` lines".into(),
        }),
        1 => Ok(collector.entries),
        _ => Err(ShapeError {
            at: collector.second_document.unwrap_or_default(),
            message: "the file holds several YAML documents (`---`); keep one request per file"
                .into(),
        }),
    }
}

#[derive(Default)]
struct Collector {
    /// Nesting depth: 1 inside the top mapping, more inside nested values.
    depth: usize,
    documents: usize,
    second_document: Option<Position>,
    pending_key: Option<(String, Position)>,
    nested: Option<(&'static str, Position)>,
    /// Inside a mapping under a top-level key: its entries and its key waiting for a value.
    inner: Vec<Entry>,
    inner_key: Option<(String, Position)>,
    /// Something opened two levels down, reported as the inner key's value when it closes.
    deeper: Option<(&'static str, Position)>,
    entries: Vec<Entry>,
    error: Option<ShapeError>,
}

impl Collector {
    fn fail(&mut self, at: Position, message: impl Into<String>) {
        if self.error.is_none() {
            self.error = Some(ShapeError {
                at,
                message: message.into(),
            });
        }
    }

    fn push_value(&mut self, value: Value, value_at: Position) {
        if let Some((key, key_at)) = self.pending_key.take() {
            self.entries.push(Entry {
                key,
                key_at,
                value,
                value_at,
            });
        }
    }

    /// A list or mapping opened as a value (or as a key, which requests never have).
    fn open_nested(&mut self, kind: &'static str, at: Position) {
        match self.depth {
            0 if kind == "list" => self.fail(at, "expected `key: value` lines, found a list"),
            1 if self.pending_key.is_some() => {
                self.nested = Some((kind, at));
                self.inner.clear();
                self.inner_key = None;
            }
            1 => self.fail(at, format!("a {kind} cannot be a key; write `key: value`")),
            2 if self.inner_key.is_some() && self.nested.is_some_and(|(k, _)| k == "mapping") => {
                self.deeper = Some((kind, at));
            }
            _ => {}
        }
        self.depth += 1;
    }

    fn close_nested(&mut self) {
        self.depth = self.depth.saturating_sub(1);
        if self.depth == 2
            && let Some((kind, at)) = self.deeper.take()
        {
            self.push_inner(Value::NotScalar(kind), at);
        }
        if self.depth == 1
            && let Some((kind, at)) = self.nested.take()
        {
            let value = if kind == "mapping" {
                Value::Mapping(std::mem::take(&mut self.inner))
            } else {
                Value::NotScalar(kind)
            };
            self.push_value(value, at);
        }
    }

    fn push_inner(&mut self, value: Value, value_at: Position) {
        if let Some((key, key_at)) = self.inner_key.take() {
            self.inner.push(Entry {
                key,
                key_at,
                value,
                value_at,
            });
        }
    }

    /// A scalar two levels down: a key or a value of the nested mapping (inside a list, or
    /// deeper still, scalars are only part of a value already reported as not a scalar).
    fn inner_scalar(&mut self, value: Value, at: Position) {
        let in_mapping = matches!(self.nested, Some(("mapping", _)));
        if !in_mapping || self.deeper.is_some() {
            return;
        }
        if self.inner_key.is_some() {
            self.push_inner(value, at);
        } else {
            let key = match value {
                Value::Text(text) => text,
                _ => String::new(),
            };
            self.inner_key = Some((key, at));
        }
    }
}

impl MarkedEventReceiver for Collector {
    fn on_event(&mut self, event: Event, mark: Marker) {
        let at = Position::from(mark);
        match event {
            Event::DocumentStart => {
                self.documents += 1;
                if self.documents == 2 {
                    self.second_document = Some(at);
                }
            }
            Event::MappingStart(..) => self.open_nested("mapping", at),
            Event::SequenceStart(..) => self.open_nested("list", at),
            Event::MappingEnd | Event::SequenceEnd => self.close_nested(),
            Event::Alias(_) if self.depth == 1 && self.pending_key.is_some() => {
                self.push_value(Value::NotScalar("alias"), at);
            }
            Event::Alias(_) if self.depth == 2 && self.inner_key.is_some() => {
                self.push_inner(Value::NotScalar("alias"), at);
            }
            Event::Scalar(text, style, ..) => match self.depth {
                0 if self.documents == 1 && !is_null(&text, style) => {
                    self.fail(at, "expected `key: value` lines, found a single value")
                }
                1 if self.pending_key.is_none() => self.pending_key = Some((text, at)),
                1 => {
                    let value = scalar(text, style);
                    self.push_value(value, at);
                }
                2 => self.inner_scalar(scalar(text, style), at),
                _ => {}
            },
            _ => {}
        }
    }
}

fn scalar(text: String, style: TScalarStyle) -> Value {
    if is_null(&text, style) {
        Value::Null
    } else {
        Value::Text(text)
    }
}

fn is_null(text: &str, style: TScalarStyle) -> bool {
    style == TScalarStyle::Plain && matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(entry: &Entry) -> &str {
        match &entry.value {
            Value::Text(text) => text,
            other => panic!("expected text, got {other:?}"),
        }
    }

    #[test]
    fn keeps_positions_and_raw_scalars() {
        let entries = read_flat_mapping("hf_id: \"a/b\"\nrevision: 1.0\nsubset:\n").unwrap();
        assert_eq!(entries.len(), 3);
        assert_eq!(entries[0].key, "hf_id");
        assert_eq!(entries[0].key_at, Position { line: 1, column: 1 });
        assert_eq!(text(&entries[0]), "a/b");
        assert_eq!(entries[0].value_at, Position { line: 1, column: 8 });
        assert_eq!(text(&entries[1]), "1.0");
        assert_eq!(entries[1].key_at.line, 2);
        assert_eq!(entries[2].value, Value::Null);
    }

    #[test]
    fn nested_values_are_reported_not_dropped() {
        let entries =
            read_flat_mapping("hf_id: [a, b]\ndescription:\n  x: 1\nsplit: train\n").unwrap();
        assert_eq!(entries[0].value, Value::NotScalar("list"));
        let Value::Mapping(inner) = &entries[1].value else {
            panic!("{:?}", entries[1]);
        };
        assert_eq!((inner[0].key.as_str(), text(&inner[0])), ("x", "1"));
        assert_eq!(inner[0].key_at, Position { line: 3, column: 3 });
        assert_eq!(text(&entries[2]), "train");
    }

    #[test]
    fn one_level_of_mapping_keeps_its_entries_and_deeper_values_are_not_scalars() {
        let entries = read_flat_mapping(
            "stage:\n  nodes: n[1-3]\n  target: /nvme\n  deep: {a: 1}\n  list: [1, 2]\n  empty:\nsplit: x\n",
        )
        .unwrap();
        let Value::Mapping(inner) = &entries[0].value else {
            panic!("{:?}", entries[0]);
        };
        let kinds: Vec<(&str, &str)> = inner
            .iter()
            .map(|e| (e.key.as_str(), e.value.kind()))
            .collect();
        assert_eq!(
            kinds,
            [
                ("nodes", "text"),
                ("target", "text"),
                ("deep", "mapping"),
                ("list", "list"),
                ("empty", "null")
            ]
        );
        assert_eq!(text(&inner[0]), "n[1-3]");
        assert_eq!(text(&entries[1]), "x");
        // A list of mappings under a top-level key is one list, not a mapping.
        let entries = read_flat_mapping("stage:\n  - a: 1\n").unwrap();
        assert_eq!(entries[0].value, Value::NotScalar("list"));
    }

    #[test]
    fn shape_errors_say_where() {
        let error = read_flat_mapping("hf_id: a\n  bad: [\n").unwrap_err();
        assert!(error.message.starts_with("not valid YAML"), "{error:?}");
        assert!(read_flat_mapping("").unwrap_err().message.contains("empty"));
        assert!(
            read_flat_mapping("- a\n- b\n")
                .unwrap_err()
                .message
                .contains("list")
        );
        assert!(
            read_flat_mapping("just text\n")
                .unwrap_err()
                .message
                .contains("single value")
        );
        let docs = read_flat_mapping("a: 1\n---\nb: 2\n").unwrap_err();
        assert_eq!(docs.at.line, 2);
    }
}
