//! Naive UTC timestamps as the Python Hugflow writes them (`2026-11-21T20:40:29.021643`).
//!
//! Python's `datetime.isoformat()` gives no offset and drops the fraction when it is zero; we
//! read every such form (and tolerate an offset, converting to UTC) and always write six digits.

use std::fmt;

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

const WRITE_FORMAT: &str = "%Y-%m-%dT%H:%M:%S%.6f";

/// A UTC instant without an offset, as stored in `.hugflow-state/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NaiveTimestamp(pub NaiveDateTime);

impl NaiveTimestamp {
    pub fn now() -> Self {
        Self(Utc::now().naive_utc())
    }

    /// Parses the forms Python writes, plus RFC 3339 with an offset.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        for format in [
            "%Y-%m-%dT%H:%M:%S%.f",
            "%Y-%m-%d %H:%M:%S%.f",
            "%Y-%m-%dT%H:%M",
        ] {
            if let Ok(value) = NaiveDateTime::parse_from_str(text, format) {
                return Some(Self(value));
            }
        }
        DateTime::parse_from_rfc3339(text)
            .ok()
            .map(|value| Self(value.with_timezone(&Utc).naive_utc()))
    }

    /// Seconds since the Unix epoch, for sorting and ages in the UI.
    pub fn unix_seconds(&self) -> i64 {
        self.0.and_utc().timestamp()
    }
}

impl fmt::Display for NaiveTimestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format(WRITE_FORMAT))
    }
}

impl Serialize for NaiveTimestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for NaiveTimestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "`{text}` is not a timestamp like 2026-11-21T20:40:29.021643"
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_python_forms_and_writes_microseconds() {
        let with_fraction = NaiveTimestamp::parse("2026-11-21T20:40:29.021643").unwrap();
        assert_eq!(with_fraction.to_string(), "2026-11-21T20:40:29.021643");
        let without = NaiveTimestamp::parse("2026-11-20T08:00:00").unwrap();
        assert_eq!(without.to_string(), "2026-11-20T08:00:00.000000");
        let offset = NaiveTimestamp::parse("2026-11-20T10:00:00+02:00").unwrap();
        assert_eq!(offset, without);
        assert!(NaiveTimestamp::parse("yesterday").is_none());
    }
}
