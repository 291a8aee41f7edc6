//! The set of datasets the fake Hub serves: generated ones (kept as compact listing entries and
//! rebuilt from their seed when opened) and hand-built ones inserted by tests.
//!
//! `Corpus::generate(500_000, seed)` takes about a second and well under 200 MB: an entry holds
//! only what listing, search, filtering and sorting read. Opening a dataset (info, tree,
//! resolve) builds its files and card and keeps the last few hundred built datasets.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use hashbrown::HashTable;

use super::builder::object_id;
use super::dataset::{FakeDataset, Gated};
use super::prng::{hash_strs, hex, mix};
use super::profile::Profile;
use super::synth;

/// How many built datasets stay cached.
const CACHE_SIZE: usize = 512;

/// A dataset's listing fields.
#[derive(Debug)]
pub(crate) struct Entry {
    pub id: Box<str>,
    pub sha: [u8; 20],
    pub created_at: i64,
    pub last_modified: i64,
    pub downloads: u64,
    pub likes: u64,
    pub private: bool,
    pub gated: Gated,
    pub tags: Box<[u32]>,
    pub origin: Origin,
}

#[derive(Debug)]
pub(crate) enum Origin {
    Generated { seed: u64 },
    Custom(Arc<FakeDataset>),
}

/// Interned tag strings.
#[derive(Debug, Default)]
pub(crate) struct TagTable {
    names: Vec<Box<str>>,
    ids: HashMap<Box<str>, u32>,
}

impl TagTable {
    fn intern(&mut self, tag: &str) -> u32 {
        if let Some(&id) = self.ids.get(tag) {
            return id;
        }
        let id = u32::try_from(self.names.len()).expect("fewer than 4 billion distinct tags");
        self.names.push(tag.into());
        self.ids.insert(tag.into(), id);
        id
    }

    pub fn lookup(&self, tag: &str) -> Option<u32> {
        self.ids.get(tag).copied()
    }

    pub fn name(&self, id: u32) -> &str {
        &self.names[id as usize]
    }
}

/// The datasets a fake Hub serves.
#[derive(Default)]
pub struct Corpus {
    pub(crate) entries: Vec<Entry>,
    index: HashTable<u32>,
    pub(crate) tags: TagTable,
    file_sizes: HashMap<u32, u64>,
    /// Entry indices by sort key (downloads, likes, lastModified, createdAt), descending.
    pub(crate) orders: [OnceLock<Vec<u32>>; 4],
    cache: Mutex<HashMap<u32, Arc<FakeDataset>>>,
}

impl std::fmt::Debug for Corpus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Corpus({} datasets)", self.entries.len())
    }
}

fn id_hash(id: &str) -> u64 {
    hash_strs(&[id])
}

impl Corpus {
    /// An empty corpus.
    pub fn new() -> Self {
        Self::default()
    }

    /// `n` realistic datasets drawn from `seed`: the same `(n, seed)` always gives the same ids,
    /// metadata, files and bytes, and a larger `n` extends a smaller one.
    pub fn generate(n: usize, seed: u64) -> Self {
        let mut corpus = Self::new();
        corpus.entries.reserve(n);
        corpus
            .index
            .reserve(n, |&i| id_hash(&corpus.entries[i as usize].id));
        for i in 0..n {
            let dataset_seed = mix(seed ^ mix(i as u64 + 1));
            let profile = Profile::draw(dataset_seed);
            let id = corpus.unique_id(format!("{}/{}", profile.author, profile.name));
            let tags = profile
                .tags()
                .into_iter()
                .map(|t| corpus.tags.intern(t))
                .collect();
            corpus.push(Entry {
                id: id.into_boxed_str(),
                sha: profile.sha,
                created_at: profile.created_at,
                last_modified: profile.last_modified,
                downloads: profile.downloads,
                likes: profile.likes,
                private: profile.private,
                gated: profile.gated,
                tags,
                origin: Origin::Generated { seed: dataset_seed },
            });
        }
        corpus
    }

    fn unique_id(&self, id: String) -> String {
        if self.position(&id).is_none() {
            return id;
        }
        (2..)
            .map(|k| format!("{id}-{k}"))
            .find(|candidate| self.position(candidate).is_none())
            .expect("some suffix is free")
    }

    fn push(&mut self, entry: Entry) {
        let index = self.entries.len() as u32;
        let hash = id_hash(&entry.id);
        self.entries.push(entry);
        let entries = &self.entries;
        self.index
            .insert_unique(hash, index, |&i| id_hash(&entries[i as usize].id));
    }

    /// Adds a hand-built dataset, replacing any dataset with the same id (which keeps its
    /// place in the default order). Returns it as the server will serve it.
    pub fn insert(&mut self, dataset: FakeDataset) -> Arc<FakeDataset> {
        let dataset = Arc::new(dataset);
        let entry = Entry {
            id: dataset.id.clone().into_boxed_str(),
            sha: [0; 20], // read from the dataset itself
            created_at: dataset.created_at,
            last_modified: dataset.last_modified,
            downloads: dataset.downloads,
            likes: dataset.likes,
            private: dataset.private,
            gated: dataset.gated,
            tags: dataset.tags.iter().map(|t| self.tags.intern(t)).collect(),
            origin: Origin::Custom(dataset.clone()),
        };
        match self.position(&dataset.id) {
            Some(index) => {
                self.entries[index] = entry;
                self.cache_mut().remove(&(index as u32));
            }
            None => self.push(entry),
        }
        self.orders = Default::default();
        dataset
    }

    /// Makes every parquet/audio file of the generated dataset `id` exactly `bytes` long (to
    /// test large downloads). Returns false when `id` is not a generated dataset.
    pub fn set_file_size(&mut self, id: &str, bytes: u64) -> bool {
        let Some(index) = self.position(id) else {
            return false;
        };
        if !matches!(self.entries[index].origin, Origin::Generated { .. }) {
            return false;
        }
        self.file_sizes.insert(index as u32, bytes);
        self.cache_mut().remove(&(index as u32));
        true
    }

    fn cache_mut(&mut self) -> &mut HashMap<u32, Arc<FakeDataset>> {
        self.cache.get_mut().unwrap_or_else(|e| e.into_inner())
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Dataset ids in the default listing order.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|e| &*e.id)
    }

    /// The id of the dataset at `index` in the default order (as [`Corpus::list`] returns).
    pub fn id_at(&self, index: usize) -> &str {
        &self.entries[index].id
    }

    pub fn contains(&self, id: &str) -> bool {
        self.position(id).is_some()
    }

    pub(crate) fn position(&self, id: &str) -> Option<usize> {
        self.index
            .find(id_hash(id), |&i| &*self.entries[i as usize].id == id)
            .map(|&i| i as usize)
    }

    /// The dataset `id`, built (and cached) if it is a generated one.
    pub fn dataset(&self, id: &str) -> Option<Arc<FakeDataset>> {
        self.position(id).map(|index| self.dataset_at(index))
    }

    pub(crate) fn dataset_at(&self, index: usize) -> Arc<FakeDataset> {
        let seed = match &self.entries[index].origin {
            Origin::Custom(dataset) => return dataset.clone(),
            Origin::Generated { seed } => *seed,
        };
        let key = index as u32;
        if let Some(dataset) = self.lock_cache().get(&key) {
            return dataset.clone();
        }
        let dataset = Arc::new(self.build(index, seed));
        let mut cache = self.lock_cache();
        if cache.len() >= CACHE_SIZE {
            cache.clear();
        }
        cache.entry(key).or_insert(dataset).clone()
    }

    /// Builds a dataset without caching it (for listing many datasets once).
    pub(crate) fn dataset_uncached(&self, index: usize) -> Arc<FakeDataset> {
        match &self.entries[index].origin {
            Origin::Custom(dataset) => dataset.clone(),
            Origin::Generated { seed } => {
                let key = index as u32;
                if let Some(dataset) = self.lock_cache().get(&key) {
                    return dataset.clone();
                }
                Arc::new(self.build(index, *seed))
            }
        }
    }

    fn build(&self, index: usize, seed: u64) -> FakeDataset {
        let size = self.file_sizes.get(&(index as u32)).copied();
        synth::build(&self.entries[index].id, seed, size)
    }

    fn lock_cache(&self) -> std::sync::MutexGuard<'_, HashMap<u32, Arc<FakeDataset>>> {
        self.cache.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The listing description of entry `index`.
    pub(crate) fn description(&self, index: usize) -> String {
        let entry = &self.entries[index];
        match &entry.origin {
            Origin::Custom(dataset) => dataset.description.clone(),
            Origin::Generated { seed } => {
                let name = entry.id.split_once('/').map_or(&*entry.id, |(_, n)| n);
                Profile::draw(*seed).description(name)
            }
        }
    }

    /// The `_id` of entry `index`.
    pub(crate) fn object_id(&self, index: usize) -> String {
        let entry = &self.entries[index];
        match &entry.origin {
            Origin::Custom(dataset) => dataset.object_id.clone(),
            Origin::Generated { .. } => object_id(entry.created_at, &entry.id),
        }
    }

    /// The main commit sha of entry `index`, in hex.
    pub(crate) fn sha(&self, index: usize) -> String {
        match &self.entries[index].origin {
            Origin::Custom(dataset) => dataset.main().sha.clone(),
            Origin::Generated { .. } => hex(&self.entries[index].sha),
        }
    }
}
