//! A fake Hugging Face Hub on loopback, speaking the real protocol, for tests, benchmarks and
//! demos (DESIGN §5). Point `HF_ENDPOINT` at [`FakeHub::url`].
//!
//! - [`Corpus`]: the datasets served. [`Corpus::generate`] draws realistic ones from a seed
//!   (ids, authors, tags, cards with `configs`, parquet shards, audio folders, JSON files,
//!   viewer data, `refs/convert/parquet`); [`Corpus::insert`] adds hand-built ones made with
//!   [`FakeDataset::builder`] (branches, tags, gating, big files).
//! - [`FakeHub`]: the server. The Hub API (`/api/datasets`, info, refs, tree), file resolution
//!   with LFS redirects to a second "CDN" listener, the dataset viewer endpoints, Spaces, and
//!   the Hub's error headers. [`Faults`] injects latency, 429s, 5xx, malformed JSON and
//!   corrupted bytes; [`FakeHub::requests`] is the request log.
//!
//! File bytes are a function of `(dataset id, path)`: tests verify downloads against
//! [`FileFacts`] (`oid` is the git blob id, `sha256` the LFS oid).
//!
//! ```no_run
//! use hugflow_testkit::hub::{Corpus, FakeHub};
//! let hub = FakeHub::start(Corpus::generate(2_000, 42));
//! println!("HF_ENDPOINT={} HF_TOKEN={}", hub.url(), hub.token());
//! ```

mod builder;
mod card;
mod content;
mod corpus;
mod dataset;
mod listing;
mod profile;
mod render;
mod schema;
mod server;
mod synth;
mod time;
mod tree;
mod viewer;
mod words;

pub(crate) mod prng;

pub use builder::DatasetBuilder;
pub use content::{Content, Digest, Noise, git_blob_oid, lfs_pointer};
pub use corpus::Corpus;
pub use dataset::{
    Commit, FakeDataset, FakeFile, FileFacts, Gated, GitRef, LfsFacts, RefKind,
    default_gitattributes,
};
pub use listing::{ListPage, ListQuery, SortKey};
pub use server::{
    FakeHub, Faults, Files, HubOptions, Listener, LiveRepos, LoggedRequest, RateBucket, SpaceCall,
    Spaces,
};
pub use time::{format_rfc3339, parse_rfc3339};
pub use tree::{TreeItem, TreeKind};
pub use viewer::{Feature, FeatureType, Viewer, ViewerConfig, ViewerSplit, ViewerState};

/// The token every fake Hub accepts unless told otherwise; it has access to every generated
/// gated dataset.
pub const DEFAULT_TOKEN: &str = "hf_testkit_token";
