//! The Hub's glob rules for `data_files` patterns (fsspec's, as the `datasets` library applies
//! them): `*` and `?` never cross a `/`, a whole `**` segment spans any number of folders
//! (none included), `[abc]`, `[a-z]` and `[!abc]` match one character.

/// A compiled pattern, matched against repository paths (`data/train-00000.parquet`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Glob {
    segments: Vec<String>,
}

impl Glob {
    pub fn new(pattern: &str) -> Self {
        let pattern = pattern.trim_start_matches("./").trim_start_matches('/');
        Self {
            segments: pattern
                .split('/')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
        }
    }

    /// The pattern's segments; the hidden-file rule compares them with the path's.
    pub fn segments(&self) -> &[String] {
        &self.segments
    }

    pub fn matches(&self, path: &str) -> bool {
        let parts: Vec<&str> = path.split('/').collect();
        let segments: Vec<&str> = self.segments.iter().map(String::as_str).collect();
        match_segments(&segments, &parts)
    }
}

fn match_segments(pattern: &[&str], path: &[&str]) -> bool {
    match pattern.split_first() {
        None => path.is_empty(),
        Some((&"**", rest)) => (0..=path.len()).any(|skip| match_segments(rest, &path[skip..])),
        Some((first, rest)) => match path.split_first() {
            Some((part, path_rest)) => {
                match_segment(first.as_bytes(), part.as_bytes()) && match_segments(rest, path_rest)
            }
            None => false,
        },
    }
}

/// One segment: `*`, `?` and classes over bytes (paths are UTF-8; multi-byte characters only
/// ever meet `*`, which spans them whole).
fn match_segment(pattern: &[u8], text: &[u8]) -> bool {
    match pattern.split_first() {
        None => text.is_empty(),
        Some((b'*', rest)) => (0..=text.len()).any(|skip| match_segment(rest, &text[skip..])),
        Some((b'?', rest)) => !text.is_empty() && match_segment(rest, &text[char_len(text)..]),
        Some((b'[', rest)) => match (class(rest), text.first()) {
            (Some((matches, after)), Some(&c)) => matches(c) && match_segment(after, &text[1..]),
            (None, Some(&b'[')) => match_segment(rest, &text[1..]),
            _ => false,
        },
        Some((&c, rest)) => text.first() == Some(&c) && match_segment(rest, &text[1..]),
    }
}

fn char_len(text: &[u8]) -> usize {
    match text[0] {
        b if b < 0x80 => 1,
        b if b >= 0xF0 => 4,
        b if b >= 0xE0 => 3,
        _ => 2,
    }
    .min(text.len())
}

/// `[...]` after its `[`: a predicate on one byte and the pattern after the `]`; `None` when
/// there is no closing bracket (then `[` is literal).
#[allow(clippy::type_complexity)]
fn class(pattern: &[u8]) -> Option<(Box<dyn Fn(u8) -> bool + '_>, &[u8])> {
    let (negated, body_start) = match pattern.first() {
        Some(b'!' | b'^') => (true, 1),
        _ => (false, 0),
    };
    // A `]` right after the opening is a member, not the end.
    let close = pattern[body_start..]
        .iter()
        .skip(1)
        .position(|&b| b == b']')
        .map(|i| body_start + 1 + i)?;
    let body = &pattern[body_start..close];
    let matches = move |c: u8| {
        let mut i = 0;
        let mut found = false;
        while i < body.len() {
            if i + 2 < body.len() && body[i + 1] == b'-' {
                found |= (body[i]..=body[i + 2]).contains(&c);
                i += 3;
            } else {
                found |= body[i] == c;
                i += 1;
            }
        }
        found != negated
    };
    Some((Box::new(matches), &pattern[close + 1..]))
}

#[cfg(test)]
mod tests {
    use super::Glob;

    fn m(pattern: &str, path: &str) -> bool {
        Glob::new(pattern).matches(path)
    }

    #[test]
    fn star_stays_within_a_folder() {
        assert!(m("data/train-*", "data/train-00000-of-00002.parquet"));
        assert!(!m("data/*", "data/sub/x.parquet"));
        assert!(m("*.jsonl", "train.jsonl"));
        assert!(!m("*.jsonl", "data/train.jsonl"));
        assert!(m("data/train.json", "data/train.json"));
        assert!(!m("data/train.json", "data/train.jsonl"));
    }

    #[test]
    fn double_star_spans_folders_or_none() {
        assert!(m("**/*.parquet", "a.parquet"));
        assert!(m("**/*.parquet", "x/y/a.parquet"));
        assert!(m("audio/**", "audio/train/0001.flac"));
        assert!(m("data/**/train-*", "data/ms/train-0.parquet"));
        assert!(!m("data/**/train-*", "other/ms/train-0.parquet"));
    }

    #[test]
    fn question_marks_and_classes() {
        assert!(m("data/train-0000?.parquet", "data/train-00003.parquet"));
        assert!(!m("data/train-0000?.parquet", "data/train-0000.parquet"));
        assert!(m("shard-[0-2].tar", "shard-1.tar"));
        assert!(!m("shard-[0-2].tar", "shard-3.tar"));
        assert!(m("shard-[!0-2].tar", "shard-3.tar"));
        assert!(m("odd[.txt", "odd[.txt"));
        assert!(m("d/é*", "d/été.wav"));
        assert!(m("d/?t?.wav", "d/été.wav"));
    }
}
