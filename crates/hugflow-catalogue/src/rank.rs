//! Relevance of a text match, computed for the few hundred candidates a search ranks.
//!
//! FTS5's bm25 needs each term's document frequency, which for a two-letter prefix means
//! reading the whole doclist on every keystroke; this score needs only the candidates' own
//! text. Each query word scores by the best field it starts a word of: the dataset's name
//! (after the slash) 10, its author 4, title 3, tag keywords 2, description 1; a name that
//! starts with the whole query scores 10 more.

/// The text of a candidate, as stored.
pub(crate) struct MatchedText {
    pub id: String,
    pub author: String,
    pub title: String,
    pub keywords: String,
    pub description: String,
}

/// Lower-case words, split as the search index splits them (on anything not alphanumeric).
pub(crate) fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

impl MatchedText {
    fn name(&self) -> &str {
        self.id
            .split_once('/')
            .map_or(self.id.as_str(), |(_, name)| name)
    }

    /// The fields with their weights, best first.
    fn fields(&self) -> [(u32, &str); 5] {
        [
            (10, self.name()),
            (4, &self.author),
            (3, &self.title),
            (2, &self.keywords),
            (1, &self.description),
        ]
    }

    /// The weight of the best field with a word that `typed` (lower case) starts, if any.
    fn best_field(&self, typed: &str) -> Option<u32> {
        self.fields()
            .into_iter()
            .find(|(_, field)| starts_a_word(field, typed))
            .map(|(weight, _)| weight)
    }

    /// Whether every typed word starts a word of some field.
    #[cfg(test)]
    pub fn covers(&self, typed: &[String]) -> bool {
        covers(&self.fields().map(|(_, field)| field), typed)
    }
}

/// Whether every typed word (lower case) starts a word of one of `fields`: the check a
/// filtered walk makes of every row it reads, on the row's text as SQLite holds it.
pub(crate) fn covers(fields: &[&str], typed: &[String]) -> bool {
    typed
        .iter()
        .all(|word| fields.iter().any(|field| starts_a_word(field, word)))
}

/// The words of `text` (lower case) that `prefix` (lower case) starts.
pub(crate) fn words_starting<'a>(
    text: &'a str,
    prefix: &'a str,
) -> impl Iterator<Item = String> + 'a {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(move |word| {
            let mut word = word.chars().flat_map(char::to_lowercase);
            prefix.chars().all(|p| word.next() == Some(p))
        })
        .map(str::to_lowercase)
}

/// Whether `prefix` (lower case) starts one of `text`'s words, without allocating: this runs
/// for every row a filtered walk reads.
fn starts_a_word(text: &str, prefix: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric()).any(|word| {
        let mut word = word.chars().flat_map(char::to_lowercase);
        prefix.chars().all(|p| word.next() == Some(p))
    })
}

/// Higher is better.
pub(crate) fn relevance(candidate: &MatchedText, query: &str, query_words: &[String]) -> u32 {
    let mut score: u32 = query_words
        .iter()
        .map(|word| candidate.best_field(word).unwrap_or(0))
        .sum();
    let query = query.trim().to_lowercase();
    if !query.is_empty() && candidate.name().to_lowercase().starts_with(&query) {
        score += 10;
    }
    score
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(id: &str, title: &str, description: &str) -> MatchedText {
        MatchedText {
            id: id.into(),
            author: id.split('/').next().unwrap_or_default().into(),
            title: title.into(),
            keywords: "automatic-speech-recognition en audio".into(),
            description: description.into(),
        }
    }

    fn score(candidate: &MatchedText, query: &str) -> u32 {
        relevance(candidate, query, &words(query))
    }

    #[test]
    fn the_name_outranks_the_title_which_outranks_the_description() {
        let by_name = text("openslr/librispeech_asr", "LibriSpeech", "read English");
        let by_title = text("someone/corpus", "Librispeech clean", "read English");
        let by_description = text("other/audio", "Audio", "derived from librispeech");
        let scores = [by_name, by_title, by_description].map(|c| score(&c, "libri"));
        assert!(scores[0] > scores[1] && scores[1] > scores[2], "{scores:?}");
        assert_eq!(score(&text("a/b", "c", "d"), "libri"), 0);
    }

    #[test]
    fn covers_needs_every_word_to_start_a_word() {
        let candidate = text("openslr/LibriSpeech_asr", "LibriSpeech", "Read English.");
        let typed = |t: &str| words(t);
        assert!(candidate.covers(&typed("libri e")));
        assert!(candidate.covers(&typed("ASR")));
        assert!(
            !candidate.covers(&typed("ibri")),
            "inside a word is not a start"
        );
        assert!(!candidate.covers(&typed("libri x")));
    }

    #[test]
    fn every_word_counts_and_a_name_prefix_wins() {
        let both = text("mozilla/common_voice", "Common Voice", "");
        let one = text("mozilla/common_crawl", "Common Crawl", "");
        assert!(score(&both, "common voice") > score(&one, "common voice"));
        let starts = text("x/speech_commands", "", "");
        let contains = text("x/google_speech", "", "");
        assert!(score(&starts, "speech") > score(&contains, "speech"));
    }
}
