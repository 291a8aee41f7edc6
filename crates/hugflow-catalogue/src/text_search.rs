//! Searching with text, fast whatever was typed.
//!
//! The index is walked in search-key order (most downloaded first) and stops once it has the
//! page, the ranked window and the capped count, so cost follows the page, not the matches.
//! Shapes of query that would read whole doclists (a prefix FTS5 holds no index for merges
//! the doclists of every word it starts) are avoided while they can be:
//! - one-letter words only ("s"): a letter starts a word of nearly every dataset, so it is
//!   taken as the first letter of a name, read from `datasets_initial` in popularity order;
//! - a complete word used as a prefix ("speech"* merges every word it starts): when the words
//!   taken whole already pass the count cap, they answer;
//! - a prefix longer than the prefix index (3) or a one-letter word beside longer ones: the
//!   index is asked for the indexed three-letter prefix, and rows are kept when every typed
//!   word starts a word of theirs, within a scan budget. Once the page's candidates are in,
//!   the whole words they were seen to hold ("comm" → "common", "community") are counted in
//!   the index: past the cap, that is the total, without reading more rows.
//!
//! Only when these fall short is the exact prefix query run, and then it is cheap: its words
//! are rare.

use rusqlite::types::Value as SqlValue;

use crate::rank::{MatchedText, covers, relevance, words, words_starting};
use crate::search::{
    COUNT_CAP, Conditions, RANKED_WINDOW, ROWID_OF_KEY, SearchQuery, Sort, count, match_expression,
    page_bounds, renumbered,
};

/// Rows a filtered walk reads before it gives way to the exact prefix query.
const SCAN_BUDGET: usize = 5_000;

/// Characters of the longest prefix the index holds (`prefix = '2 3'`).
const INDEXED_PREFIX: usize = 3;

/// A text match on its way to a page.
struct Candidate {
    row: i64,
    text: MatchedText,
    downloads: i64,
    likes: i64,
    last_modified: String,
}

/// The page's rows and the (capped) total of a query with text.
pub(crate) fn text_search(
    conn: &rusqlite::Connection,
    query: &SearchQuery,
    conditions: &Conditions,
) -> rusqlite::Result<(Vec<i64>, u64)> {
    let (offset, limit) = page_bounds(query);
    let exact = exact_rows(conn, query.text.trim(), conditions)?;
    let wanted = (offset + limit).max(RANKED_WINDOW) + exact.len();
    let typed = words(&query.text);
    let prefixes = match_expression(&query.text).unwrap_or_default();
    let walk = Walk {
        conn,
        conditions,
        wanted,
    };
    let (candidates, total) = 'found: {
        if typed.iter().all(|word| word.chars().count() == 1) {
            break 'found walk.by_initial(&typed)?;
        }
        for shape in [Shape::WholeWords, Shape::Indexed] {
            let Some(query) = expression(&typed, shape).filter(|q| q.text != prefixes) else {
                continue;
            };
            // Whole words answer only when they alone pass the cap (a count that a prefix
            // could only raise); the indexed prefixes whenever the walk stays in budget.
            let (candidates, total) = if query.checked {
                walk.matches(&query.text, Some(&typed))?
            } else {
                let total = walk.count(&query.text)?;
                if total <= COUNT_CAP {
                    continue;
                }
                (walk.matches(&query.text, None)?.0, Some(total))
            };
            match (shape, total) {
                (Shape::WholeWords, Some(total)) if total > COUNT_CAP => {
                    break 'found (candidates, total);
                }
                (Shape::Indexed, Some(total)) => break 'found (candidates, total),
                _ => {}
            }
        }
        (walk.matches(&prefixes, None)?.0, walk.count(&prefixes)?)
    };
    let ordered = order(exact, candidates, &query.text, query.sort);
    Ok((
        ordered.into_iter().skip(offset).take(limit).collect(),
        total,
    ))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// Words longer than the indexed prefix as whole words, shorter ones as prefixes.
    WholeWords,
    /// Words longer than the indexed prefix cut to it.
    Indexed,
}

/// An FTS5 query and whether its rows must be checked against the typed words (it left
/// one-letter words out, or cut long ones).
#[derive(Debug, PartialEq, Eq)]
struct Expression {
    text: String,
    checked: bool,
}

/// An FTS5 expression for `typed` in `shape`, or `None` when nothing is left to ask. One-letter
/// words are never asked (no prefix index holds them): the walk checks them.
fn expression(typed: &[String], shape: Shape) -> Option<Expression> {
    let mut checked = false;
    let tokens: Vec<String> = typed
        .iter()
        .filter_map(|word| {
            let length = word.chars().count();
            if length == 1 {
                checked = true;
                return None;
            }
            Some(match shape {
                Shape::WholeWords if length > INDEXED_PREFIX => format!("\"{word}\""),
                Shape::Indexed if length > INDEXED_PREFIX => {
                    checked = true;
                    let cut: String = word.chars().take(INDEXED_PREFIX).collect();
                    format!("\"{cut}\"*")
                }
                _ => format!("\"{word}\"*"),
            })
        })
        .collect();
    (!tokens.is_empty()).then(|| Expression {
        text: tokens.join(" "),
        checked,
    })
}

/// Reads matches in search-key order.
struct Walk<'a> {
    conn: &'a rusqlite::Connection,
    conditions: &'a Conditions,
    wanted: usize,
}

impl Walk<'_> {
    fn params(&self, expression: &str) -> Vec<SqlValue> {
        self.conditions
            .with([SqlValue::from(expression.to_string())])
    }

    /// How many rows match `expression`, counting no further than past the cap.
    fn count(&self, expression: &str) -> rusqlite::Result<u64> {
        let from = if self.conditions.is_empty() {
            "datasets_search s WHERE datasets_search MATCH ?".to_string()
        } else {
            format!(
                "datasets_search s JOIN datasets d ON d.rowid = {ROWID_OF_KEY} \
                 WHERE datasets_search MATCH ?"
            )
        };
        count(
            self.conn,
            &from,
            self.conditions,
            [SqlValue::from(expression.to_string())],
        )
    }

    /// The first `wanted` matches of `expression`. With `typed`, only rows in which every
    /// typed word starts a word are kept, and they are also counted: the total is `None`
    /// when the scan budget ran out first.
    ///
    /// Counting a checked walk to past the cap reads hundreds of rows more than the page
    /// needs, so once it has its candidates it asks the index for a lower bound first: the
    /// rows holding, for each typed word, one of the whole words it was seen to start
    /// ("comm" → "common", "community"). Past the cap, that is the answer.
    fn matches(
        &self,
        expression: &str,
        typed: Option<&[String]>,
    ) -> rusqlite::Result<(Vec<Candidate>, Option<u64>)> {
        let limit = match typed {
            Some(_) => String::new(),
            None => format!(" LIMIT {}", self.wanted),
        };
        let sql = format!(
            "SELECT d.rowid, d.downloads, d.likes, d.last_modified, d.id, d.author, d.title,
                    d.keywords, d.description
             FROM datasets_search s JOIN datasets d ON d.rowid = {ROWID_OF_KEY}
             WHERE datasets_search MATCH ?1{} ORDER BY s.rowid{limit}",
            renumbered(&self.conditions.and(), 2)
        );
        let mut statement = self.conn.prepare_cached(&sql)?;
        let rows = statement.query(rusqlite::params_from_iter(self.params(expression)))?;
        match typed {
            None => {
                let candidates = rows.mapped(candidate).collect::<Result<_, _>>()?;
                Ok((candidates, None))
            }
            Some(typed) => self.checked(rows, typed, |seen| self.count(&seen)),
        }
    }

    /// Keeps the rows of `rows` that cover `typed` (see [`Walk::matches`]); `bound` counts
    /// an expression of whole words seen, for the lower bound.
    fn checked(
        &self,
        mut rows: rusqlite::Rows<'_>,
        typed: &[String],
        bound: impl Fn(String) -> rusqlite::Result<u64>,
    ) -> rusqlite::Result<(Vec<Candidate>, Option<u64>)> {
        let mut candidates = Vec::new();
        let mut seen = Seen::new(typed);
        let (mut scanned, mut total) = (0usize, 0u64);
        while let Some(row) = rows.next()? {
            scanned += 1;
            if scanned > SCAN_BUDGET {
                return Ok((candidates, None));
            }
            let fields = borrowed_fields(row)?;
            if !covers(&fields, typed) {
                continue;
            }
            total += 1;
            if total > COUNT_CAP {
                break;
            }
            if candidates.len() < self.wanted {
                seen.add(&fields);
                candidates.push(candidate(row)?);
                if candidates.len() == self.wanted
                    && let Some(expression) = seen.expression()
                    && bound(expression)? > COUNT_CAP
                {
                    return Ok((candidates, Some(COUNT_CAP + 1)));
                }
            }
        }
        Ok((candidates, Some(total)))
    }

    /// Queries of one-letter words only: datasets whose name starts with the first letter
    /// (`datasets_initial`), most popular first, in which every other typed word starts a
    /// word. A letter starts a word of nearly every dataset, so a name is what it can mean.
    fn by_initial(&self, typed: &[String]) -> rusqlite::Result<(Vec<Candidate>, u64)> {
        const INITIAL: &str = "lower(substr(d.id, instr(d.id, '/') + 1, 1)) = ?1";
        let letter = SqlValue::from(typed[0].clone());
        let params = self.conditions.with([letter.clone()]);
        let conditions = renumbered(&self.conditions.and(), 2);
        let rest = &typed[1..];
        let limit = if rest.is_empty() {
            format!(" LIMIT {}", self.wanted)
        } else {
            String::new()
        };
        let sql = format!(
            "SELECT d.rowid, d.downloads, d.likes, d.last_modified, d.id, d.author, d.title,
                    d.keywords, d.description
             FROM datasets d INDEXED BY datasets_initial
             WHERE {INITIAL}{conditions} ORDER BY d.popularity DESC, d.rowid{limit}"
        );
        let mut statement = self.conn.prepare_cached(&sql)?;
        let rows = statement.query(rusqlite::params_from_iter(&params))?;
        if !rest.is_empty() {
            let (candidates, total) = self.checked(rows, rest, |_| Ok(0))?;
            return Ok((candidates, total.unwrap_or(COUNT_CAP + 1)));
        }
        let candidates = rows.mapped(candidate).collect::<Result<_, _>>()?;
        let total = count(
            self.conn,
            &format!("datasets d INDEXED BY datasets_initial WHERE {INITIAL}"),
            self.conditions,
            [letter],
        )?;
        Ok((candidates, total))
    }
}

/// The text a walk checks, as SQLite holds it (no copies): name, author, title, keywords,
/// description, the fields [`MatchedText`] ranks.
fn borrowed_fields<'r>(row: &'r rusqlite::Row<'_>) -> rusqlite::Result<[&'r str; 5]> {
    let text = |at: usize| -> rusqlite::Result<&'r str> {
        Ok(match row.get_ref(at)? {
            rusqlite::types::ValueRef::Text(bytes) => std::str::from_utf8(bytes).unwrap_or(""),
            _ => "",
        })
    };
    let id = text(4)?;
    let name = id.split_once('/').map_or(id, |(_, name)| name);
    Ok([name, text(5)?, text(6)?, text(7)?, text(8)?])
}

/// Most whole words kept per typed word for the lower bound.
const SEEN_WORDS: usize = 16;

/// The whole words that each typed word was seen to start, in the rows a walk kept.
struct Seen<'t> {
    typed: &'t [String],
    words: Vec<Vec<String>>,
}

impl<'t> Seen<'t> {
    fn new(typed: &'t [String]) -> Self {
        Self {
            typed,
            words: vec![Vec::new(); typed.len()],
        }
    }

    fn add(&mut self, fields: &[&str]) {
        for (prefix, words) in self.typed.iter().zip(&mut self.words) {
            for field in fields {
                for word in words_starting(field, prefix) {
                    if words.len() < SEEN_WORDS && !words.contains(&word) {
                        words.push(word);
                    }
                }
            }
        }
    }

    /// `("common" OR "community") AND ("voice")`: rows that certainly match (each typed word
    /// starts one of them), or `None` when a typed word was never seen.
    fn expression(&self) -> Option<String> {
        let groups: Option<Vec<String>> = self
            .words
            .iter()
            .map(|words| {
                (!words.is_empty()).then(|| {
                    let quoted: Vec<String> = words.iter().map(|w| format!("\"{w}\"")).collect();
                    format!("({})", quoted.join(" OR "))
                })
            })
            .collect();
        groups.map(|groups| groups.join(" AND "))
    }
}

fn candidate(row: &rusqlite::Row<'_>) -> rusqlite::Result<Candidate> {
    Ok(Candidate {
        row: row.get(0)?,
        downloads: row.get(1)?,
        likes: row.get(2)?,
        last_modified: row.get(3)?,
        text: MatchedText {
            id: row.get(4)?,
            author: row.get(5)?,
            title: row.get(6)?,
            keywords: row.get::<_, Option<String>>(7)?.unwrap_or_default(),
            description: row.get(8)?,
        },
    })
}

/// Datasets whose id, or name after the slash, is `text` (any case), most downloaded first.
fn exact_rows(
    conn: &rusqlite::Connection,
    text: &str,
    conditions: &Conditions,
) -> rusqlite::Result<Vec<i64>> {
    // One index on the name answers both: "squad" is a name, "rajpurkar/SQuAD" a name and
    // an author to check.
    let sql = format!(
        "SELECT d.rowid, d.downloads FROM datasets d
         WHERE substr(d.id, instr(d.id, '/') + 1) = substr(?1, instr(?1, '/') + 1) COLLATE NOCASE
           AND (instr(?1, '/') = 0 OR d.id = ?1 COLLATE NOCASE){}",
        renumbered(&conditions.and(), 2)
    );
    let mut rows: Vec<(i64, i64)> = conn
        .prepare_cached(&sql)?
        .query_map(
            rusqlite::params_from_iter(conditions.with([SqlValue::from(text.to_string())])),
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?
        .collect::<Result<_, _>>()?;
    rows.sort_by_key(|&(_, downloads)| std::cmp::Reverse(downloads));
    Ok(rows.into_iter().map(|(row, _)| row).collect())
}

/// Exact matches, then the ranked window, then the rest in popularity order.
fn order(exact: Vec<i64>, candidates: Vec<Candidate>, text: &str, sort: Sort) -> Vec<i64> {
    let mut candidates: Vec<Candidate> = candidates
        .into_iter()
        .filter(|c| !exact.contains(&c.row))
        .collect();
    let window = candidates.len().min(RANKED_WINDOW);
    let typed = words(text);
    let mut ranked: Vec<(u32, Candidate)> = candidates
        .drain(..window)
        .map(|c| (relevance(&c.text, text, &typed), c))
        .collect();
    ranked.sort_by(|(a_score, a), (b_score, b)| match sort {
        Sort::Relevance => b_score.cmp(a_score).then(b.downloads.cmp(&a.downloads)),
        Sort::Downloads => b.downloads.cmp(&a.downloads),
        Sort::Likes => b.likes.cmp(&a.likes),
        Sort::Updated => b.last_modified.cmp(&a.last_modified),
    });
    exact
        .into_iter()
        .chain(ranked.into_iter().map(|(_, c)| c.row))
        .chain(candidates.into_iter().map(|c| c.row))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(text: &str) -> Vec<String> {
        words(text)
    }

    #[test]
    fn expressions_ask_only_what_the_index_answers_cheaply() {
        let ask = |text: &str, shape| expression(&typed(text), shape).map(|e| (e.text, e.checked));
        assert_eq!(
            ask("Common v speec", Shape::WholeWords).unwrap(),
            (r#""common" "speec""#.to_string(), true)
        );
        assert_eq!(
            ask("Common speec", Shape::Indexed).unwrap(),
            (r#""com"* "spe"*"#.to_string(), true)
        );
        assert_eq!(
            ask("common", Shape::WholeWords).unwrap(),
            (r#""common""#.to_string(), false)
        );
        assert_eq!(
            ask("asr", Shape::Indexed).unwrap(),
            (r#""asr"*"#.to_string(), false)
        );
        assert_eq!(ask("a", Shape::Indexed), None);
    }
}
