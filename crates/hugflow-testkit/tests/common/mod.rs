//! Shared by the fake Hub tests: a corpus with hand-built datasets beside generated ones, a
//! Hub with small page sizes, and a blocking HTTP client that does not follow redirects.

#![allow(dead_code)]

use hugflow_testkit::hub::{
    Corpus, DEFAULT_TOKEN, FakeDataset, FakeFile, FakeHub, Feature, FeatureType, Gated, HubOptions,
    Viewer, ViewerConfig, ViewerSplit,
};
use reqwest::blocking::{Client, Response};
use serde_json::{Value, json};

pub const SPEECH: &str = "acme/speech-ms";
pub const GATED: &str = "acme/gated-speech";
pub const PRIVATE: &str = "acme/private-notes";
pub const CANONICAL: &str = "squad_canonical";
/// Small files, an LFS file, a Xet file and an entry of unknown type.
pub const MIXED: &str = "acme/mixed-storage";
pub const MIXED_XET: &str = "data/train-00000-of-00001.bin";
pub const MIXED_UNKNOWN: &str = "vendor/tools";
/// Disabled by the Hub: info answers, files and tree are refused.
pub const DISABLED: &str = "acme/disabled-speech";
/// Has access to `GATED`.
pub const GRANTED: &str = "hf_granted_token";
/// Valid, but without access to `GATED`.
pub const OTHER: &str = "hf_other_token";
pub const LIST_PAGE: usize = 50;
pub const TREE_PAGE: usize = 4;

/// A speech dataset with parquet shards, an audio folder, a `dev` branch, a `v1.0` tag, a
/// viewer and `refs/convert/parquet`.
pub fn speech_dataset() -> FakeDataset {
    let viewer = Viewer {
        state: Default::default(),
        configs: vec![ViewerConfig {
            name: "default".into(),
            splits: vec![
                ViewerSplit::new("train", 1200, 60_000),
                ViewerSplit::new("test", 80, 60_000),
            ],
            features: vec![
                Feature::new(
                    "audio",
                    FeatureType::Audio {
                        sampling_rate: 16_000,
                    },
                ),
                Feature::new("text", FeatureType::value("string")),
                Feature::new("speaker_id", FeatureType::value("int64")),
            ],
            rows: vec![
                vec![Value::Null, json!("saya suka makan"), json!(3)],
                vec![Value::Null, json!("cuaca hari ini panas"), json!(7)],
            ],
        }],
    };
    let mut builder = FakeDataset::builder(SPEECH)
        .gitattributes()
        .file(
            "README.md",
            "---\nlicense: cc-by-4.0\n---\n# Malay speech\n",
        )
        .noise_file("data/train-00000-of-00002.parquet", 300_000)
        .noise_file("data/train-00001-of-00002.parquet", 5_000)
        .noise_file("data/test-00000-of-00001.parquet", 2_000)
        .file(
            "audio/train/metadata.jsonl",
            "{\"file_name\":\"000001.flac\",\"text\":\"saya\"}\n",
        )
        .noise_file("audio/train/000001.flac", 1_500)
        .noise_file("audio/train/000002.wav", 1_200)
        .branch(
            "dev",
            [
                FakeFile::bytes("README.md", "# Malay speech (dev)\n"),
                FakeFile::noise(SPEECH, "data/train-00000-of-00001.parquet", 700),
            ],
        )
        .tag_at("v1.0", "main")
        .downloads(123_456)
        .likes(42)
        .tags([
            "task_categories:automatic-speech-recognition",
            "language:ms",
            "modality:audio",
        ])
        .description("Malay speech for tests")
        .card_data(json!({"license": "cc-by-4.0", "language": ["ms"]}))
        .viewer(viewer)
        .parquet_conversion();
    builder = builder.created_at("2023-05-01T08:00:00.000Z");
    builder.build()
}

/// Files stored every way huggingface.co stores them, and an entry of unknown type.
pub fn mixed_dataset() -> FakeDataset {
    FakeDataset::builder(MIXED)
        .gitattributes()
        .file("README.md", "# Mixed storage\n")
        .file("docs/notes.json", "{\"rows\": 3}\n")
        .noise_file("data/test-00000-of-00001.parquet", 3_000)
        .xet_file(MIXED_XET, 70_000)
        .unknown_entry(MIXED_UNKNOWN)
        .build()
}

/// The test corpus: 300 generated datasets and the hand-built ones.
pub fn corpus() -> Corpus {
    let mut corpus = Corpus::generate(300, 7);
    corpus.insert(speech_dataset());
    corpus.insert(
        FakeDataset::builder(GATED)
            .file("README.md", "# gated\n")
            .noise_file("data/train.parquet", 1_000)
            .gated(Gated::Manual)
            .access(GRANTED)
            .build(),
    );
    corpus.insert(
        FakeDataset::builder(PRIVATE)
            .file("notes.txt", "secret\n")
            .private(true)
            .build(),
    );
    corpus.insert(
        FakeDataset::builder(DISABLED)
            .file("README.md", "# disabled\n")
            .disabled()
            .build(),
    );
    corpus.insert(mixed_dataset());
    corpus.insert(
        FakeDataset::builder(CANONICAL)
            .file("README.md", "# canonical\n")
            .build(),
    );
    corpus
}

pub fn options() -> HubOptions {
    HubOptions {
        tokens: vec![DEFAULT_TOKEN.into(), GRANTED.into(), OTHER.into()],
        list_page_size: LIST_PAGE,
        tree_page_size: TREE_PAGE,
        ..HubOptions::default()
    }
}

pub fn hub() -> FakeHub {
    FakeHub::start_with(corpus(), options())
}

/// A client that does not follow redirects.
pub fn client() -> Client {
    Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("HTTP client")
}

pub fn get(url: &str) -> Response {
    client()
        .get(url)
        .send()
        .unwrap_or_else(|e| panic!("GET {url}: {e}"))
}

pub fn get_with(url: &str, token: &str) -> Response {
    client()
        .get(url)
        .bearer_auth(token)
        .send()
        .unwrap_or_else(|e| panic!("GET {url}: {e}"))
}

pub fn header(response: &Response, name: &str) -> Option<String> {
    response
        .headers()
        .get(name)
        .map(|v| v.to_str().expect("ASCII header").to_string())
}

pub fn json(response: Response) -> Value {
    let status = response.status();
    let text = response.text().expect("body");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{status}: not JSON ({e}): {text}"))
}

/// The URL in `Link: <url>; rel="next"`.
pub fn next_link(response: &Response) -> Option<String> {
    let link = header(response, "link")?;
    let url = link.strip_prefix('<')?.split_once(">; rel=\"next\"")?.0;
    Some(url.to_string())
}

/// Follows `Link` pages from `url`, returning every item and the number of pages.
pub fn all_pages(url: &str, token: Option<&str>) -> (Vec<Value>, usize) {
    let mut items = Vec::new();
    let mut pages = 0;
    let mut next = Some(url.to_string());
    while let Some(url) = next {
        let response = match token {
            Some(token) => get_with(&url, token),
            None => get(&url),
        };
        assert_eq!(response.status(), 200, "GET {url}");
        next = next_link(&response);
        let page = json(response);
        items.extend(page.as_array().expect("a JSON array").iter().cloned());
        pages += 1;
        assert!(pages < 1000, "pagination does not end");
    }
    (items, pages)
}

pub fn ids(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|item| item["id"].as_str().expect("id").to_string())
        .collect()
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hugflow_testkit::hub::Digest::of(bytes).sha256
}
