//! Every golden line reads back as the event it was written from, and readers refuse what
//! they must refuse.

use super::*;

#[test]
fn every_golden_line_reads_back_as_written() {
    for line in golden() {
        let text = line.to_json();
        assert!(text.starts_with(r#"{"schema":1,"event":""#), "{text}");
        let read: SyncEvent = parse_line(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(read, line.event, "{text}");
    }
    for line in golden_cancel_answers() {
        let read: JobCancelAnswer = parse_line(&line.to_json()).unwrap();
        assert_eq!(read, line.event);
    }
}

#[test]
fn the_golden_lines_cover_every_kind() {
    let kinds: std::collections::BTreeSet<_> = golden().iter().map(|l| l.event.kind()).collect();
    let all = [
        "started",
        "planned",
        "progress",
        "note",
        "complete",
        "skipped",
        "removed",
        "failed",
        "cancelled",
        "results",
    ];
    assert_eq!(kinds, all.into_iter().collect());
}

#[test]
fn a_newer_schema_is_refused_with_upgrade() {
    let error =
        parse_line::<SyncEvent>(r#"{"schema":2,"event":"note","message":"hi"}"#).unwrap_err();
    assert!(error.needs_upgrade());
    assert!(error.to_string().contains("upgrade Hugflow"), "{error}");
}

#[test]
fn unknown_fields_are_ignored_and_unknown_kinds_are_unreadable() {
    let read: SyncEvent =
        parse_line(r#"{"schema":1,"event":"note","message":"hi","new_field":3}"#).unwrap();
    assert_eq!(read, SyncEvent::note("hi"));
    let error = parse_line::<SyncEvent>(r#"{"schema":1,"event":"teleported"}"#).unwrap_err();
    assert!(matches!(error, LineError::Unreadable { ref event, .. } if event == "teleported"));
    assert_eq!(
        parse_line::<SyncEvent>("plain text"),
        Err(LineError::NotJson)
    );
    assert_eq!(
        parse_line::<SyncEvent>(r#"{"event":"note","message":"hi"}"#),
        Err(LineError::NoSchema)
    );
}

#[test]
fn a_mistyped_field_names_the_event() {
    let error = parse_line::<SyncEvent>(r#"{"schema":1,"event":"progress","task":3}"#).unwrap_err();
    assert!(
        error.to_string().starts_with("unreadable `progress` event"),
        "{error}"
    );
}
