//! The dataset viewer on an origin of its own, as datasets-server.huggingface.co is: the token
//! goes to the Hub and the viewer, and to nothing else (the CDN never sees it); a gated
//! dataset's splits and first rows show only when the token reaches the viewer; each viewer
//! refusal says what it means.

use hugflow_core::config::Secret;
use hugflow_hub::{HubClient, HubConfig, HubError, RetryPolicy, ViewerRefusal};
use hugflow_testkit::hub::{
    Corpus, FakeDataset, FakeHub, Gated, HubOptions, Listener, Viewer, ViewerSplit, ViewerState,
};

const GATED: &str = "acme/gated-voice";
const GRANTED: &str = "hf_granted";
const OTHER: &str = "hf_other";

fn hub() -> FakeHub {
    let viewer = Viewer::speech(
        "ms",
        vec![ViewerSplit::new("train", 900, 1_000).partially_converted(300)],
    );
    let mut corpus = Corpus::generate(0, 1);
    corpus.insert(
        FakeDataset::builder(GATED)
            .noise_file("data/train.parquet", 3 << 20)
            .gated(Gated::Auto)
            .access(GRANTED)
            .viewer(viewer)
            .build(),
    );
    FakeHub::start_with(
        corpus,
        HubOptions {
            tokens: vec![GRANTED.into(), OTHER.into()],
            ..HubOptions::default()
        },
    )
}

fn client(hub: &FakeHub, token: Option<&str>) -> HubClient {
    let config = HubConfig::new(hub.url())
        .with_viewer_endpoint(Some(hub.viewer_url().to_string()))
        .with_token(token.map(Secret::new))
        .with_retry(RetryPolicy::quick());
    HubClient::new(config).unwrap()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn a_gated_datasets_splits_and_rows_show_only_when_the_token_reaches_the_viewer() {
    let hub = hub();
    let rt = runtime();

    // Anonymous: the viewer's 401 ExternalUnauthenticatedError, said as such, not "no splits".
    let anonymous = rt.block_on(client(&hub, None).splits(GATED)).unwrap_err();
    assert!(
        matches!(
            anonymous,
            HubError::Viewer {
                refusal: ViewerRefusal::Unauthenticated,
                ..
            }
        ),
        "{anonymous:?}"
    );
    let text = anonymous.to_string();
    assert!(
        text.contains("only with a token") && text.contains("the viewer accepts"),
        "{text}"
    );

    // The token reaches the Hub but not the viewer (saved for another viewer): said so.
    let withheld = HubClient::new(
        HubConfig::new(hub.url())
            .with_viewer_endpoint(Some(hub.viewer_url().to_string()))
            .with_token(Some(Secret::new(GRANTED)))
            .with_viewer_token(None)
            .with_retry(RetryPolicy::quick()),
    )
    .unwrap();
    let error = rt.block_on(withheld.splits(GATED)).unwrap_err().to_string();
    assert!(
        error.contains("saved for another viewer endpoint"),
        "{error}"
    );

    // A token without access: the viewer's 404 ExternalAuthenticatedError, with the access link.
    match rt
        .block_on(client(&hub, Some(OTHER)).splits(GATED))
        .unwrap_err()
    {
        HubError::Gated { access_url, .. } => {
            assert_eq!(access_url, format!("{}/datasets/{GATED}", hub.url()))
        }
        other => panic!("{other:?}"),
    }

    // With the token: splits, first rows and a partial conversion's size.
    hub.clear_requests();
    let granted = client(&hub, Some(GRANTED));
    let splits = rt.block_on(granted.splits(GATED)).unwrap().splits;
    assert_eq!(
        splits
            .iter()
            .map(|s| (s.config.as_str(), s.split.as_str()))
            .collect::<Vec<_>>(),
        [("ms", "train")]
    );
    let rows = rt
        .block_on(granted.first_rows(GATED, "ms", "train"))
        .unwrap();
    assert_eq!(rows.rows[0].row["sentence"], "selamat pagi");
    let size = rt.block_on(granted.size(GATED, Some("ms"))).unwrap();
    assert!(size.partial);
    let total = size.total().unwrap();
    assert_eq!((total.num_rows, total.rows()), (Some(300), Some(900)));
    let viewer = hub.viewer_requests();
    assert_eq!(viewer.len(), 3, "{viewer:?}");
    assert!(
        viewer.iter().all(|r| r.authorization && r.status == 200),
        "{viewer:?}"
    );
    assert!(
        hub.requests().is_empty(),
        "the Hub's origin served none of it"
    );
}

#[test]
fn the_token_reaches_the_hub_and_the_viewer_and_no_third_origin() {
    let hub = hub();
    let rt = runtime();
    let client = client(&hub, Some(GRANTED));
    let info = rt.block_on(client.dataset_info(GATED, None)).unwrap();
    rt.block_on(client.splits(GATED)).unwrap();
    let meta = rt
        .block_on(client.file_metadata(GATED, &info.sha.unwrap(), "data/train.parquet"))
        .unwrap();
    // The CDN's address is handed on, not visited with the token (the downloader follows it
    // without; the CLI's sync test checks that end to end).
    let location = meta.location.expect("an LFS file redirects to the CDN");
    assert!(location.as_str().starts_with(hub.cdn_url()), "{location}");
    let log = hub.requests();
    assert!(
        log.iter()
            .all(|r| r.listener == Listener::Hub && r.authorization),
        "{log:?}"
    );
    let viewer = hub.viewer_requests();
    assert!(
        !viewer.is_empty() && viewer.iter().all(|r| r.authorization),
        "{viewer:?}"
    );
}

#[test]
fn the_default_viewer_of_huggingface_co_is_datasets_server_and_of_a_mirror_the_mirror() {
    let public = HubClient::new(HubConfig::new("https://huggingface.co")).unwrap();
    assert_eq!(
        public.viewer_endpoint().as_str(),
        "https://datasets-server.huggingface.co/"
    );
    let mirror = HubClient::new(HubConfig::new("https://hub.internal/")).unwrap();
    assert_eq!(mirror.viewer_endpoint().as_str(), "https://hub.internal/");
    let set = HubClient::new(
        HubConfig::new("https://hub.internal")
            .with_viewer_endpoint(Some("https://v.internal".into())),
    )
    .unwrap();
    assert_eq!(set.viewer_endpoint().as_str(), "https://v.internal/");
}

/// A public dataset whose viewer is in `state`, on a fake Hub of its own.
fn hub_with_viewer_in(state: ViewerState) -> (FakeHub, &'static str) {
    const ID: &str = "acme/voice-in-state";
    let viewer = Viewer::speech("ms", vec![ViewerSplit::new("train", 90, 1_000)]).in_state(state);
    let mut corpus = Corpus::new();
    corpus.insert(
        FakeDataset::builder(ID)
            .noise_file("data/train.parquet", 4_000)
            .viewer(viewer)
            .build(),
    );
    (FakeHub::start_with(corpus, HubOptions::default()), ID)
}

#[test]
fn each_refusal_of_the_real_viewer_comes_back_as_its_own_viewer_error() {
    let rt = runtime();
    for (state, status, code, refusal, says) in [
        (
            ViewerState::NotReady,
            500,
            "ResponseNotReady",
            ViewerRefusal::NotReady,
            "not ready; try again in a few minutes",
        ),
        (
            ViewerState::Blocked,
            501,
            "DatasetInBlockListError",
            ViewerRefusal::Blocked,
            "it may be blocked there",
        ),
        (
            ViewerState::TooManyConfigs,
            501,
            "DatasetWithTooManyConfigsError",
            ViewerRefusal::TooBig,
            "too many subsets or is too big",
        ),
    ] {
        let (hub, id) = hub_with_viewer_in(state);
        let client = client(&hub, None);
        // Every viewer call refuses alike; none is an empty answer or "not found".
        let errors = [
            rt.block_on(client.splits(id)).map(drop).unwrap_err(),
            rt.block_on(client.first_rows(id, "ms", "train"))
                .map(drop)
                .unwrap_err(),
            rt.block_on(client.size(id, None)).map(drop).unwrap_err(),
            rt.block_on(client.viewer_info(id, None))
                .map(drop)
                .unwrap_err(),
        ];
        for error in &errors {
            match error {
                HubError::Viewer { refusal: got, .. } => assert_eq!(*got, refusal, "{state:?}"),
                other => panic!("{state:?}: {other:?}"),
            }
            assert!(!error.is_unreachable(), "{state:?}: {error:?}");
            let text = error.to_string();
            assert!(
                text.contains(says) && text.contains(id),
                "{state:?}: {text}"
            );
        }
        // The refusal is the viewer's own answer, asked once (no retry would change it).
        let log = hub.viewer_requests();
        assert_eq!(log.len(), errors.len(), "{state:?}: {log:?}");
        assert!(log.iter().all(|r| r.status == status), "{state:?}: {log:?}");
        assert!(
            errors[0].to_string().contains(code),
            "{state:?}: {}",
            errors[0]
        );
        // The Hub itself still serves the dataset's files.
        assert!(rt.block_on(client.dataset_info(id, None)).is_ok());
    }
}
