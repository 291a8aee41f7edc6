//! The corpus generator: determinism, realism of what it draws, hashes that match the bytes,
//! and the knob for big files.

use std::collections::BTreeSet;
use std::time::Instant;

use hugflow_testkit::hub::{Corpus, Digest, Gated, RefKind};
use serde_json::Value;

fn fingerprint(corpus: &Corpus, id: &str) -> Vec<(String, String, u64)> {
    let dataset = corpus.dataset(id).unwrap();
    dataset
        .main()
        .files
        .iter()
        .map(|f| {
            let bytes = f.read(0, f.size() as usize);
            (f.path.clone(), Digest::of(&bytes).sha256, f.size())
        })
        .collect()
}

#[test]
fn the_same_seed_gives_the_same_corpus_and_bytes() {
    let (a, b) = (Corpus::generate(500, 11), Corpus::generate(500, 11));
    let ids: Vec<&str> = a.ids().collect();
    assert_eq!(ids, b.ids().collect::<Vec<_>>());
    assert_eq!(
        ids.iter().collect::<BTreeSet<_>>().len(),
        500,
        "ids are unique"
    );
    for id in ids.iter().step_by(37) {
        assert_eq!(fingerprint(&a, id), fingerprint(&b, id), "{id}");
        let (x, y) = (a.dataset(id).unwrap(), b.dataset(id).unwrap());
        assert_eq!(x.main().sha, y.main().sha);
        assert_eq!(x.card_data, y.card_data);
        assert_eq!(x.viewer, y.viewer);
    }
    let other = Corpus::generate(500, 12);
    assert_ne!(ids, other.ids().collect::<Vec<_>>());
    let larger = Corpus::generate(800, 11);
    assert_eq!(
        larger.ids().take(500).collect::<Vec<_>>(),
        ids,
        "a larger n extends"
    );
}

#[test]
fn hashes_match_the_bytes_of_every_file() {
    let corpus = Corpus::generate(60, 5);
    for id in corpus.ids() {
        let dataset = corpus.dataset(id).unwrap();
        for git_ref in &dataset.refs {
            for file in &git_ref.commit.files {
                let facts = file.facts();
                let bytes = file.read(0, facts.size as usize);
                let digest = Digest::of(&bytes);
                assert_eq!(digest.sha256, facts.sha256, "{id} {}", file.path);
                assert_eq!(digest.git_oid, facts.content_oid, "{id} {}", file.path);
                match &facts.lfs {
                    Some(lfs) => {
                        let pointer = hugflow_testkit::hub::lfs_pointer(&lfs.sha256, lfs.size);
                        assert_eq!(
                            facts.oid,
                            hugflow_testkit::hub::git_blob_oid(pointer.as_bytes())
                        );
                        assert_eq!(lfs.pointer_size, pointer.len() as u64);
                    }
                    None => assert_eq!(facts.oid, facts.content_oid),
                }
                // Any range equals the same slice of the whole.
                if facts.size > 10 {
                    let middle = file.read(3, facts.size as usize - 7);
                    assert_eq!(middle, bytes.slice(3..facts.size as usize - 4));
                }
            }
        }
    }
}

#[test]
fn generated_datasets_look_like_the_hubs() {
    let corpus = Corpus::generate(3000, 42);
    let mut shapes = BTreeSet::new();
    let (mut gated, mut private, mut audio, mut ms) = (0, 0, 0, 0);
    let mut extensions = BTreeSet::new();
    for id in corpus.ids().step_by(3) {
        let dataset = corpus.dataset(id).unwrap();
        assert!(id.contains('/'), "{id}");
        assert_eq!(dataset.main().sha.len(), 40);
        gated += usize::from(dataset.gated != Gated::No);
        private += usize::from(dataset.private);
        ms += usize::from(dataset.tags.iter().any(|t| t == "language:ms"));
        for file in &dataset.main().files {
            let name = file.path.rsplit('/').next().unwrap();
            extensions.insert(name.rsplit_once('.').map_or(name, |(_, e)| e).to_string());
            audio += usize::from(file.path.starts_with("audio/"));
        }
        assert!(dataset.main().file("README.md").is_some());
        assert!(dataset.main().file(".gitattributes").is_some());
        if let Some(configs) = dataset.card_data.get("configs") {
            for config in configs.as_array().unwrap() {
                let files = &config["data_files"];
                shapes.insert(match files {
                    Value::String(_) => "string",
                    Value::Array(items) if items[0].is_string() => "list of strings",
                    Value::Array(items) if items[0]["path"].is_array() => "split with path list",
                    Value::Array(_) => "split with pattern",
                    _ => "other",
                });
            }
        }
        if !dataset.private {
            let convert = dataset.git_ref(RefKind::Convert, "parquet").unwrap();
            assert!(
                convert
                    .commit
                    .files
                    .iter()
                    .any(|f| f.path.ends_with("/0000.parquet"))
            );
        }
    }
    assert_eq!(
        shapes,
        BTreeSet::from([
            "list of strings",
            "split with path list",
            "split with pattern",
            "string"
        ])
    );
    for extension in [
        "parquet",
        "flac",
        "wav",
        "jsonl",
        "json",
        "md",
        "gitattributes",
    ] {
        assert!(
            extensions.contains(extension),
            "{extension} in {extensions:?}"
        );
    }
    let n = corpus.len() / 3;
    assert!(
        gated > n / 50 && gated < n / 10,
        "about 5% gated: {gated}/{n}"
    );
    assert!(private < n / 20, "private is rare: {private}/{n}");
    assert!(
        audio > 0 && ms > n / 20,
        "audio files {audio}, Malay datasets {ms}"
    );
}

#[test]
fn readme_front_matter_is_the_card_data() {
    let corpus = Corpus::generate(20, 9);
    let id = corpus.ids().next().unwrap().to_string();
    let dataset = corpus.dataset(&id).unwrap();
    let readme = dataset.main().file("README.md").unwrap();
    let text = String::from_utf8(readme.read(0, readme.size() as usize).to_vec()).unwrap();
    assert!(text.starts_with("---\npretty_name: "), "{text}");
    let license = dataset.card_data["license"].as_str().unwrap();
    assert!(text.contains(&format!("license: \"{license}\"")), "{text}");
    assert!(text.contains(&dataset.description));
}

#[test]
fn big_files_on_request() {
    let mut corpus = Corpus::generate(50, 2);
    let id = corpus.ids().nth(3).unwrap().to_string();
    assert!(corpus.set_file_size(&id, 50 << 20));
    let dataset = corpus.dataset(&id).unwrap();
    let big: Vec<_> = dataset.main().files.iter().filter(|f| f.is_lfs()).collect();
    assert!(!big.is_empty());
    assert!(big.iter().all(|f| f.size() == 50 << 20));
    assert!(!corpus.set_file_size("no/such", 1));
}

#[test]
fn large_corpora_generate_quickly() {
    let started = Instant::now();
    let corpus = Corpus::generate(5_000, 1);
    let elapsed = started.elapsed();
    assert_eq!(corpus.len(), 5_000);
    // Timings are for benchmarks; this only prints it.
    eprintln!("generated 5000 datasets in {elapsed:?}");
}
