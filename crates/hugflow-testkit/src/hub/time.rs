//! Timestamps as the Hub writes them: RFC 3339 in UTC with milliseconds
//! (`2025-06-01T12:00:00.000Z`), held as milliseconds since the Unix epoch.

use chrono::{DateTime, SecondsFormat, Utc};

/// Formats milliseconds since the epoch as `2025-06-01T12:00:00.000Z`.
pub fn format_rfc3339(millis: i64) -> String {
    DateTime::<Utc>::from_timestamp_millis(millis)
        .unwrap_or_default()
        .to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Parses an RFC 3339 timestamp; panics with the bad value (builders take literals).
pub fn parse_rfc3339(text: &str) -> i64 {
    DateTime::parse_from_rfc3339(text)
        .unwrap_or_else(|e| panic!("not an RFC 3339 timestamp: {text:?}: {e}"))
        .timestamp_millis()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let text = "2025-06-01T12:00:00.000Z";
        assert_eq!(format_rfc3339(parse_rfc3339(text)), text);
    }
}
