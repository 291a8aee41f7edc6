//! Searching with text, fast whatever was typed.
//!
//! The index is walked in search-key order (most downloaded first) and stops once it has the
//! page, the ranked window and the capped count, so cost follows the page, not the matches.
//! Two shapes of query would still read whole doclists, and are avoided while they can be:
//! - a complete word used as a prefix ("speech"* merges every word it starts): when the words
//!   taken whole already pass the count cap, they answer;
//! - a prefix longer than the prefix index (3) or a one-letter word: the index is asked for
//!   the indexed three-letter prefix, and rows are kept when every typed word starts a word of
//!   theirs, within a scan budget.
//!
//! Only when both fall short is the exact prefix query run, and then it is cheap: its words
//! are rare.

use rusqlite::types::Value as SqlValue;

use crate::rank::{MatchedText, relevance, words};
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
        let mut rows = statement.query(rusqlite::params_from_iter(self.params(expression)))?;
        let mut candidates = Vec::new();
        let (mut scanned, mut total) = (0usize, 0u64);
        while let Some(row) = rows.next()? {
            let candidate = candidate(row)?;
            let Some(typed) = typed else {
                candidates.push(candidate);
                continue;
            };
            scanned += 1;
            if scanned > SCAN_BUDGET {
                return Ok((candidates, None));
            }
            if !candidate.text.covers(typed) {
                continue;
            }
            total += 1;
            if total > COUNT_CAP {
                break;
            }
            if candidates.len() < self.wanted {
                candidates.push(candidate);
            }
        }
        Ok((candidates, Some(total)))
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
