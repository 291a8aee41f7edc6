//! The listing-level draw of one generated dataset: its kind, languages, licence, size, splits,
//! popularity, dates, gating and name, all from one seed. The corpus keeps only what listing
//! needs and redraws the rest from the seed when a dataset is opened, so the two always agree.

use std::sync::OnceLock;

use super::dataset::Gated;
use super::prng::Rng;
use super::words::{
    AUTHORS, DOMAINS, Domain, LANGUAGES, LICENSES, Layout, PREFIXES, SIZE_CATEGORIES, SUFFIXES,
};

/// 2022-03-02T23:29:04.000Z, the earliest `createdAt` the Hub reports.
const FIRST_CREATED: i64 = 1_646_263_744_000;
/// 2025-09-01T00:00:00.000Z
const LAST_CREATED: i64 = 1_756_684_800_000;
/// 2025-10-01T00:00:00.000Z
const LAST_MODIFIED: i64 = 1_759_276_800_000;

/// Everything about a generated dataset that its listing entry shows.
#[derive(Debug, Clone)]
pub struct Profile {
    pub domain: &'static Domain,
    pub layout: Layout,
    /// Indices into [`LANGUAGES`], the first is the main one.
    pub languages: Vec<usize>,
    pub license: &'static str,
    /// Index into [`SIZE_CATEGORIES`].
    pub size_category: usize,
    /// One config per language (`en`, `ms`, ...) instead of `default`.
    pub per_language_configs: bool,
    pub splits: &'static [&'static str],
    pub gated: Gated,
    pub private: bool,
    pub downloads: u64,
    pub likes: u64,
    pub created_at: i64,
    pub last_modified: i64,
    pub sha: [u8; 20],
    pub author: &'static str,
    /// The name before the corpus makes it unique.
    pub name: String,
}

const SPLIT_SETS: &[&[&str]] = &[
    &["train"],
    &["train", "test"],
    &["train", "validation", "test"],
    &["train", "validation"],
];

impl Profile {
    /// Draws a dataset's profile from its seed.
    pub fn draw(seed: u64) -> Self {
        let mut rng = Rng::new(seed);
        let domain = weighted(&mut rng, DOMAINS, |d| d.weight);
        let layout = rng.pick(domain.layouts);
        let main_language = weighted_index(&mut rng, LANGUAGES.len(), |i| LANGUAGES[i].1);
        let mut languages = vec![main_language];
        let extra = if rng.chance(0.25) { rng.range(1, 4) } else { 0 };
        for _ in 0..extra {
            let language = weighted_index(&mut rng, LANGUAGES.len(), |i| LANGUAGES[i].1);
            if !languages.contains(&language) {
                languages.push(language);
            }
        }
        let size_category = weighted_index(&mut rng, SIZE_CATEGORIES.len(), |i| {
            [20, 30, 25, 15, 7, 3][i]
        });
        let per_language_configs =
            languages.len() > 1 && layout == Layout::Parquet && rng.chance(0.6);
        let splits = rng.pick(SPLIT_SETS);
        let gate = rng.unit();
        let gated = if gate < 0.03 {
            Gated::Auto
        } else if gate < 0.05 {
            Gated::Manual
        } else {
            Gated::No
        };
        let private = rng.chance(0.01);
        let downloads = rng.heavy_tail(0.6, 25_000_000);
        let likes =
            rng.heavy_tail(1.2, 2_000) + ((downloads as f64).powf(0.55) * rng.unit() * 0.4) as u64;
        let created_at = rng.range(FIRST_CREATED as u64, LAST_CREATED as u64) as i64;
        let last_modified = created_at + rng.below((LAST_MODIFIED - created_at) as u64 + 1) as i64;
        let mut sha = [0u8; 20];
        for chunk in sha.chunks_mut(8) {
            chunk.copy_from_slice(&rng.next_u64().to_le_bytes()[..chunk.len()]);
        }
        let author = rng.pick(AUTHORS);
        let name = draw_name(&mut rng, domain, LANGUAGES[main_language].0);
        Self {
            domain,
            layout,
            languages,
            license: rng.pick(LICENSES),
            size_category,
            per_language_configs,
            splits,
            gated,
            private,
            downloads,
            likes,
            created_at,
            last_modified,
            sha,
            author,
            name,
        }
    }

    /// The Hub's tags for this dataset, in the Hub's order.
    pub fn tags(&self) -> Vec<&'static str> {
        let vocab = vocab();
        let domain = DOMAINS
            .iter()
            .position(|d| std::ptr::eq(d, self.domain))
            .expect("domain from DOMAINS");
        let mut tags = vec![vocab.tasks[domain].as_str()];
        tags.extend(self.languages.iter().map(|&l| vocab.languages[l].as_str()));
        let license = LICENSES
            .iter()
            .position(|l| *l == self.license)
            .unwrap_or(0);
        tags.push(&vocab.licenses[license]);
        tags.push(&vocab.sizes[self.size_category]);
        tags.push(&vocab.formats[self.layout as usize]);
        for modality in self.domain.modalities {
            let index = MODALITIES.iter().position(|m| m == modality).unwrap_or(0);
            tags.push(&vocab.modalities[index]);
        }
        tags.extend(["library:datasets", "library:mlcroissant"]);
        if self.layout != Layout::AudioFolder {
            tags.push("library:pandas");
        }
        tags.push("region:us");
        tags
    }

    /// Language codes.
    pub fn language_codes(&self) -> Vec<&'static str> {
        self.languages.iter().map(|&l| LANGUAGES[l].0).collect()
    }

    /// `Malay Speech V2` from `malay-speech_v2`.
    pub fn pretty_name(name: &str) -> String {
        name.split(['-', '_'])
            .filter(|w| !w.is_empty())
            .map(|word| {
                let mut chars = word.chars();
                chars.next().map_or_else(String::new, |first| {
                    first.to_uppercase().chain(chars).collect()
                })
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The one-paragraph description the Hub extracts from the README.
    pub fn description(&self, name: &str) -> String {
        let (size, _, _) = SIZE_CATEGORIES[self.size_category];
        let languages: Vec<&str> = self.languages.iter().map(|&l| LANGUAGES[l].2).collect();
        let languages = languages.join("/");
        let article = if languages.starts_with(['A', 'E', 'I', 'O', 'U']) {
            "an"
        } else {
            "a"
        };
        format!(
            "{}: {article} {languages} {} ({} rows; splits: {}). Released under {}.",
            Self::pretty_name(name),
            self.domain.noun,
            size,
            self.splits.join(", "),
            self.license
        )
    }
}

fn draw_name(rng: &mut Rng, domain: &Domain, language: &str) -> String {
    let mut name = String::new();
    if rng.chance(0.35) {
        name.push_str(rng.pick(PREFIXES));
        name.push('-');
    }
    name.push_str(rng.pick(domain.stems));
    if language != "en" && rng.chance(0.5) {
        name.push('_');
        name.push_str(language);
    }
    if rng.chance(0.45) {
        name.push_str(rng.pick(SUFFIXES));
    }
    name
}

fn weighted<'a, T>(rng: &mut Rng, items: &'a [T], weight: impl Fn(&T) -> u32) -> &'a T {
    &items[weighted_index(rng, items.len(), |i| weight(&items[i]))]
}

fn weighted_index(rng: &mut Rng, len: usize, weight: impl Fn(usize) -> u32) -> usize {
    let total: u64 = (0..len).map(|i| u64::from(weight(i))).sum();
    let mut pick = rng.below(total);
    for i in 0..len {
        let w = u64::from(weight(i));
        if pick < w {
            return i;
        }
        pick -= w;
    }
    len - 1
}

const MODALITIES: &[&str] = &["audio", "text", "image"];

/// Tag strings, formatted once.
struct Vocab {
    tasks: Vec<String>,
    languages: Vec<String>,
    licenses: Vec<String>,
    sizes: Vec<String>,
    formats: [String; 3],
    modalities: Vec<String>,
}

fn vocab() -> &'static Vocab {
    static VOCAB: OnceLock<Vocab> = OnceLock::new();
    VOCAB.get_or_init(|| Vocab {
        tasks: DOMAINS
            .iter()
            .map(|d| format!("task_categories:{}", d.task))
            .collect(),
        languages: LANGUAGES
            .iter()
            .map(|(code, _, _)| format!("language:{code}"))
            .collect(),
        licenses: LICENSES.iter().map(|l| format!("license:{l}")).collect(),
        sizes: SIZE_CATEGORIES
            .iter()
            .map(|(s, _, _)| format!("size_categories:{s}"))
            .collect(),
        formats: [
            "format:parquet".into(),
            "format:audiofolder".into(),
            "format:json".into(),
        ],
        modalities: MODALITIES.iter().map(|m| format!("modality:{m}")).collect(),
    })
}
