//! `GET /api/datasets` over a corpus: search (case-insensitive substring of the id), author,
//! tag filters, gating, sort and direction, and cursor pagination. A cursor is a position in
//! the sorted order, so walking all pages of 500k datasets scans each entry once.

use std::cmp::Reverse;

use super::corpus::{Corpus, Entry};
use super::dataset::Gated;

/// What to sort by (`sort=`); `Default` is the corpus order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    #[default]
    Default,
    Downloads,
    Likes,
    LastModified,
    CreatedAt,
}

impl SortKey {
    /// Parses the Hub's `sort` values (`trendingScore` sorts like likes here).
    pub fn parse(value: &str) -> Option<Self> {
        Some(match value {
            "downloads" => Self::Downloads,
            "likes" | "trendingScore" => Self::Likes,
            "lastModified" => Self::LastModified,
            "createdAt" => Self::CreatedAt,
            "id" | "" => Self::Default,
            _ => return None,
        })
    }

    fn slot(self) -> Option<usize> {
        match self {
            Self::Default => None,
            Self::Downloads => Some(0),
            Self::Likes => Some(1),
            Self::LastModified => Some(2),
            Self::CreatedAt => Some(3),
        }
    }

    fn key(self, entry: &Entry) -> i128 {
        match self {
            Self::Default => 0,
            Self::Downloads => i128::from(entry.downloads),
            Self::Likes => i128::from(entry.likes),
            Self::LastModified => i128::from(entry.last_modified),
            Self::CreatedAt => i128::from(entry.created_at),
        }
    }
}

/// A listing request.
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    /// Every one must be a substring of the id (case-insensitive).
    pub search: Vec<String>,
    pub author: Option<String>,
    /// Every one must be a tag of the dataset.
    pub filters: Vec<String>,
    pub gated: Option<bool>,
    pub sort: SortKey,
    pub ascending: bool,
}

/// One page: entry indices, and the cursor position of the next page when more match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListPage {
    pub items: Vec<usize>,
    pub next: Option<usize>,
}

impl Corpus {
    /// Up to `limit` matching datasets from cursor position `start`. Private datasets only
    /// when `show_private`.
    pub fn list(
        &self,
        query: &ListQuery,
        show_private: bool,
        start: usize,
        limit: usize,
    ) -> ListPage {
        let empty = ListPage {
            items: Vec::new(),
            next: None,
        };
        let Some(filters) = query
            .filters
            .iter()
            .map(|f| self.tags.lookup(f))
            .collect::<Option<Vec<u32>>>()
        else {
            return empty;
        };
        let needles: Vec<String> = query
            .search
            .iter()
            .map(|s| s.to_ascii_lowercase())
            .collect();
        let matches = |entry: &Entry| {
            (show_private || !entry.private)
                && query.author.as_deref().is_none_or(|author| {
                    entry
                        .id
                        .split_once('/')
                        .is_some_and(|(a, _)| a.eq_ignore_ascii_case(author))
                })
                && query
                    .gated
                    .is_none_or(|gated| gated == (entry.gated != Gated::No))
                && filters.iter().all(|f| entry.tags.contains(f))
                && needles.iter().all(|n| contains_ignore_case(&entry.id, n))
        };
        let order = self.order(query.sort);
        let n = self.entries.len();
        let at = |pos: usize| {
            let pos = if query.ascending { n - 1 - pos } else { pos };
            order.map_or(pos, |order| order[pos] as usize)
        };
        let mut items = Vec::new();
        let mut pos = start.min(n);
        while pos < n && items.len() < limit {
            let index = at(pos);
            if matches(&self.entries[index]) {
                items.push(index);
            }
            pos += 1;
        }
        let more = (pos..n).any(|p| matches(&self.entries[at(p)]));
        ListPage {
            items,
            next: more.then_some(pos),
        }
    }

    /// Entry indices sorted by `key`, descending (ties in corpus order); `None` for the
    /// corpus order itself.
    fn order(&self, key: SortKey) -> Option<&[u32]> {
        let slot = key.slot()?;
        Some(self.orders[slot].get_or_init(|| {
            let mut order: Vec<u32> = (0..self.entries.len() as u32).collect();
            order.sort_by_key(|&i| (Reverse(key.key(&self.entries[i as usize])), i));
            order
        }))
    }
}

/// Whether `haystack` contains `needle` (already lower-case), ignoring ASCII case.
fn contains_ignore_case(haystack: &str, needle: &str) -> bool {
    needle.is_empty()
        || haystack
            .as_bytes()
            .windows(needle.len())
            .any(|window| window.eq_ignore_ascii_case(needle.as_bytes()))
}
