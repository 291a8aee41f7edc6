//! Planning against the fake Hub: a card's configs, the parquet conversion when the card has
//! none, the errors that list what exists, and the column check. Also the host lock.

use hugflow_core::request::AddRequest;
use hugflow_core::selection::PARQUET_REVISION;
use hugflow_hub::{HubClient, HubConfig};
use hugflow_sync::plan::{Plan, plan};
use hugflow_sync::{HostLock, SyncError};
use hugflow_testkit::hub::{
    Corpus, FakeDataset, FakeHub, Feature, FeatureType, Viewer, ViewerConfig, ViewerSplit,
};
use serde_json::json;

const CARDED: &str = "acme/carded";
const CONVERTED: &str = "acme/converted";

fn hub() -> FakeHub {
    let carded = FakeDataset::builder(CARDED)
        .gitattributes()
        .card_data(json!({"configs": [
            {"config_name": "en", "data_files": "en/*.parquet"},
            {"config_name": "ms", "data_files": [
                {"split": "train", "path": ["ms/train-*.parquet"]},
                {"split": "test", "path": "ms/test-*.parquet"},
            ]},
        ]}))
        .noise_file("en/train-0.parquet", 1000)
        .noise_file("ms/train-0.parquet", 2000)
        .noise_file("ms/train-1.parquet", 2100)
        .noise_file("ms/test-0.parquet", 900)
        .build();
    let viewer = Viewer {
        state: Default::default(),
        configs: vec![ViewerConfig {
            name: "default".into(),
            splits: vec![
                ViewerSplit::new("train", 100, 1000),
                ViewerSplit::new("test", 10, 1000),
            ],
            features: vec![
                Feature::new(
                    "audio",
                    FeatureType::Audio {
                        sampling_rate: 16_000,
                    },
                ),
                Feature::new("transcription", FeatureType::value("string")),
            ],
            rows: Vec::new(),
        }],
    };
    let converted = FakeDataset::builder(CONVERTED)
        .noise_file("raw/archive.tar", 5000)
        .viewer(viewer)
        .parquet_conversion()
        .build();
    let mut corpus = Corpus::new();
    corpus.insert(carded);
    corpus.insert(converted);
    FakeHub::start(corpus)
}

fn client(hub: &FakeHub) -> HubClient {
    HubClient::new(
        HubConfig::new(hub.url())
            .with_viewer_endpoint(Some(hub.viewer_url().to_string()))
            .with_token(Some(hugflow_core::config::Secret::new(hub.token()))),
    )
    .unwrap()
}

fn request(id: &str, subset: Option<&str>, split: &str) -> AddRequest {
    let mut request = AddRequest::with_defaults(id, "test");
    request.subset = subset.map(str::to_string);
    request.split = split.to_string();
    request
}

/// Plans `request` against `hub`.
fn planned(hub: &FakeHub, request: &AddRequest) -> Result<Plan, SyncError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(plan(&client(hub), request))
}

#[test]
fn a_cards_configs_pick_the_subsets_files() {
    let hub = hub();
    let plan = planned(&hub, &request(CARDED, Some("ms"), "train")).unwrap();
    let paths: Vec<&str> = plan.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths, ["ms/train-0.parquet", "ms/train-1.parquet"]);
    assert_eq!(plan.bytes, 4100);
    assert_eq!(
        plan.commit,
        hub.corpus().dataset(CARDED).unwrap().main().sha
    );
    assert_eq!(plan.source_revision, "main");

    let full = planned(&hub, &request(CARDED, None, "train")).unwrap();
    assert_eq!(full.files.len(), 5, "everything, .gitattributes included");

    let error = planned(&hub, &request(CARDED, Some("ms"), "validation")).unwrap_err();
    assert_eq!(error.kind(), "unknown_split");
    assert!(
        error
            .to_string()
            .contains("its splits are: `train`, `test`"),
        "{error}"
    );
}

#[test]
fn without_configs_the_parquet_conversion_stands_in() {
    let hub = hub();
    let plan = planned(&hub, &request(CONVERTED, Some("default"), "test")).unwrap();
    let paths: Vec<&str> = plan.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths, ["default/test/0000.parquet"]);
    assert_eq!(plan.source_revision, PARQUET_REVISION);
    let dataset = hub.corpus().dataset(CONVERTED).unwrap();
    let converted = dataset.resolve(PARQUET_REVISION).unwrap();
    assert_eq!(plan.commit, converted.sha);

    let error = planned(&hub, &request(CONVERTED, Some("ms"), "train")).unwrap_err();
    assert!(matches!(error, SyncError::Selection(_)), "{error}");
    assert!(
        error.to_string().contains("its subsets are: `default`"),
        "{error}"
    );
}

#[test]
fn columns_missing_from_the_features_are_warned_about() {
    let hub = hub();
    let plan = planned(&hub, &request(CONVERTED, Some("default"), "train")).unwrap();
    assert!(plan.columns.checked);
    assert_eq!(
        plan.columns.warnings.len(),
        1,
        "{:?}",
        plan.columns.warnings
    );
    assert!(plan.columns.warnings[0].starts_with("text_column `text` is not among the features"));
}

/// A dataset the viewer knows nothing of (CARDED has no viewer answer) is planned, and the
/// column check says why it checked nothing instead of passing silently.
#[test]
fn columns_the_viewer_cannot_describe_are_said_to_be_unchecked() {
    let hub = hub();
    let plan = planned(&hub, &request(CARDED, Some("ms"), "train")).unwrap();
    assert!(!plan.columns.checked);
    let warning = &plan.columns.warnings[..];
    assert_eq!(warning.len(), 1, "{warning:?}");
    assert!(
        warning[0].starts_with("columns not checked: the dataset viewer at ")
            && warning[0].contains(CARDED),
        "{warning:?}"
    );
}

#[test]
fn a_second_sync_waits_for_the_first_and_says_who_holds_the_lock() {
    let state = tempfile::tempdir().unwrap();
    let first = HostLock::acquire(state.path(), |_| panic!("nobody holds it yet")).unwrap();
    let (told, heard) = std::sync::mpsc::channel();
    let path = state.path().to_path_buf();
    let second = std::thread::spawn(move || {
        HostLock::acquire(&path, |holder| told.send(holder.to_string()).unwrap()).unwrap()
    });
    let holder = heard
        .recv_timeout(std::time::Duration::from_secs(10))
        .unwrap();
    assert!(
        holder.starts_with(&format!("pid {} since", std::process::id())),
        "{holder}"
    );
    assert!(!second.is_finished(), "the second sync waits");
    drop(first);
    second.join().unwrap();
}

/// Issue 19's big datasets at a test's size: every file of a 50k-file tree (50 pages of the
/// Hub's 1000) is planned once, with its size and hash, and nothing else.
#[test]
fn a_tree_of_fifty_thousand_files_is_planned_whole_over_its_pages() {
    const ID: &str = "acme/many-clips";
    const FILES: usize = 50_000;
    let path = |i: usize| format!("clips/{:02}/{i:06}.flac", i / 1000);
    let mut builder = FakeDataset::builder(ID);
    for i in 0..FILES {
        builder = builder.noise_file(&path(i), 64 + (i % 7) as u64);
    }
    let mut corpus = Corpus::new();
    corpus.insert(builder.build());
    let hub = FakeHub::start(corpus);

    let plan = planned(&hub, &AddRequest::with_defaults(ID, "test")).unwrap();
    let dataset = hub.corpus().dataset(ID).unwrap();
    let expected: std::collections::BTreeMap<String, (u64, String)> = dataset
        .main()
        .files
        .iter()
        .map(|f| (f.path.clone(), (f.facts().size, f.facts().sha256.clone())))
        .collect();
    assert_eq!(expected.len(), FILES);
    let mut planned = std::collections::BTreeMap::new();
    for file in &plan.files {
        let hugflow_download::Check::Sha256(sha256) = &file.check else {
            panic!("{} is an LFS file: {:?}", file.path, file.check);
        };
        let previous = planned.insert(file.path.clone(), (file.size, sha256.clone()));
        assert!(previous.is_none(), "{} planned twice", file.path);
    }
    assert!(planned == expected, "the plan differs from the tree");
    assert_eq!(
        plan.bytes,
        expected.values().map(|(size, _)| size).sum::<u64>()
    );
    assert!(planned.contains_key(&path(FILES - 1)));
    let pages = hub
        .requests()
        .iter()
        .filter(|r| r.path.contains("/tree/"))
        .count();
    assert!(pages >= FILES / 1000, "the tree came in pages: {pages}");
}
