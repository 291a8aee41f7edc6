//! The dataset viewer endpoints, Spaces, and whoami.

mod common;

use common::*;
use hugflow_testkit::hub::{Corpus, DEFAULT_TOKEN, FakeHub, ViewerState};
use serde_json::json;

#[test]
fn splits_list_every_config_and_split() {
    let hub = hub();
    let splits = json(get(&format!(
        "{}/splits?dataset={SPEECH}",
        hub.viewer_url()
    )));
    assert_eq!(
        splits,
        json!({
            "splits": [
                {"dataset": SPEECH, "config": "default", "split": "train"},
                {"dataset": SPEECH, "config": "default", "split": "test"},
            ],
            "pending": [],
            "failed": [],
        })
    );
}

#[test]
fn first_rows_render_audio_cells_as_the_viewer_does() {
    let hub = hub();
    let url = format!(
        "{}/first-rows?dataset={SPEECH}&config=default&split=train",
        hub.viewer_url()
    );
    let page = json(get(&url));
    assert_eq!(page["dataset"], SPEECH);
    assert_eq!(page["truncated"], false);
    assert_eq!(
        page["features"][0],
        json!({"feature_idx": 0, "name": "audio", "type": {"sampling_rate": 16000, "_type": "Audio"}})
    );
    assert_eq!(
        page["features"][1]["type"],
        json!({"dtype": "string", "_type": "Value"})
    );
    let row = &page["rows"][1];
    assert_eq!(row["row_idx"], 1);
    assert_eq!(row["truncated_cells"], json!([]));
    assert_eq!(row["row"]["text"], "cuaca hari ini panas");
    let audio = &row["row"]["audio"];
    assert_eq!(audio[0]["type"], "audio/wav");
    let src = audio[0]["src"].as_str().unwrap();
    assert!(
        src.starts_with(&format!("{}/cached-assets/{SPEECH}/--/", hub.viewer_url())),
        "{src}"
    );
    let wav = get(src).bytes().unwrap();
    assert_eq!(&wav[..4], b"RIFF");
}

#[test]
fn generated_image_datasets_have_image_cells() {
    let hub = FakeHub::start(Corpus::generate(400, 3));
    let mut checked = 0;
    for id in hub.corpus().ids().take(400) {
        let dataset = hub.corpus().dataset(id).unwrap();
        if dataset.private || dataset.gated != hugflow_testkit::hub::Gated::No {
            continue;
        }
        let config = &dataset.viewer.as_ref().unwrap().configs[0];
        if !config.features.iter().any(|f| f.name == "image") {
            continue;
        }
        let url = format!(
            "{}/first-rows?dataset={id}&config={}&split=train",
            hub.viewer_url(),
            config.name
        );
        let page = json(get(&url));
        let image = &page["rows"][0]["row"]["image"];
        assert!(image["src"].as_str().unwrap().ends_with("/image.jpg"));
        assert!(image["height"].as_u64().unwrap() > 0 && image["width"].as_u64().unwrap() > 0);
        assert_eq!(page["features"][0]["type"], json!({"_type": "Image"}));
        checked += 1;
    }
    assert!(checked > 0, "some generated image datasets");
}

#[test]
fn size_and_info_describe_configs_and_splits() {
    let hub = hub();
    let size = json(get(&format!("{}/size?dataset={SPEECH}", hub.viewer_url())));
    assert_eq!(size["partial"], false);
    assert_eq!(size["size"]["dataset"]["num_rows"], 1280);
    assert_eq!(size["size"]["configs"][0]["num_columns"], 3);
    assert_eq!(size["size"]["splits"][1]["split"], "test");
    assert_eq!(size["size"]["splits"][1]["num_rows"], 80);
    let info = json(get(&format!(
        "{}/info?dataset={SPEECH}&config=default",
        hub.viewer_url()
    )));
    let info = &info["dataset_info"];
    assert_eq!(
        info["features"]["audio"],
        json!({"sampling_rate": 16000, "_type": "Audio"})
    );
    assert_eq!(info["splits"]["train"]["num_examples"], 1200);
    let all = json(get(&format!("{}/info?dataset={SPEECH}", hub.viewer_url())));
    assert!(all["dataset_info"]["default"].is_object());
    let parquet = json(get(&format!(
        "{}/parquet?dataset={SPEECH}",
        hub.viewer_url()
    )));
    let file = &parquet["parquet_files"][0];
    assert_eq!(file["config"], "default");
    assert_eq!(get(file["url"].as_str().unwrap()).status(), 302);
}

#[test]
fn unknown_datasets_configs_and_splits_are_404() {
    let hub = hub();
    let base = hub.viewer_url();
    for url in [
        format!("{base}/first-rows?dataset={SPEECH}&config=nope&split=train"),
        format!("{base}/first-rows?dataset={SPEECH}&config=default&split=nope"),
    ] {
        let response = get(&url);
        assert_eq!(response.status(), 404, "{url}");
        assert!(json(response)["error"].is_string(), "{url}");
    }
    let unknown = get_with(&format!("{base}/splits?dataset=acme/none"), GRANTED);
    assert_eq!(unknown.status(), 404);
    assert_eq!(
        get(&format!("{base}/first-rows?dataset={SPEECH}")).status(),
        422
    );
}

/// As datasets-server: the Hub's auth check first. Anonymous: 401 ExternalUnauthenticatedError
/// for gated, private and missing datasets alike; a token that may not see it: 404
/// ExternalAuthenticatedError; a token with access: the answer.
#[test]
fn the_viewer_demands_the_token_for_gated_and_private_datasets() {
    let hub = hub();
    let base = hub.viewer_url();
    for id in [GATED, PRIVATE, "acme/none"] {
        let response = get(&format!("{base}/splits?dataset={id}"));
        assert_eq!(response.status(), 401, "{id}");
        assert_eq!(
            header(&response, "x-error-code").as_deref(),
            Some("ExternalUnauthenticatedError"),
            "{id}"
        );
        assert!(
            json(response)["error"]
                .as_str()
                .unwrap()
                .contains("authentication")
        );
    }
    let other = get_with(&format!("{base}/splits?dataset={GATED}"), OTHER);
    assert_eq!(other.status(), 404);
    assert_eq!(
        header(&other, "x-error-code").as_deref(),
        Some("ExternalAuthenticatedError")
    );
    // GATED has no viewer answer, even with access: the viewer's own 404.
    let granted = get_with(&format!("{base}/splits?dataset={GATED}"), GRANTED);
    assert_eq!(
        header(&granted, "x-error-code").as_deref(),
        Some("DatasetNotFoundError")
    );
    // The Hub's origin serves no viewer routes (huggingface.co does not).
    assert_eq!(
        get(&format!("{}/splits?dataset={SPEECH}", hub.url())).status(),
        404
    );
    assert!(
        hub.viewer_requests()
            .iter()
            .any(|r| r.authorization && r.path.contains(GATED)),
        "the viewer's own log records the token"
    );
}

#[test]
fn size_with_a_config_answers_size_config_and_partial_conversions_say_so() {
    let hub = hub();
    let base = hub.viewer_url();
    let config = json(get(&format!("{base}/size?dataset={SPEECH}&config=default")));
    assert!(config["size"]["dataset"].is_null(), "{config}");
    assert_eq!(config["size"]["config"]["config"], "default");
    assert_eq!(config["size"]["config"]["num_rows"], 1280);
    assert_eq!(config["size"]["splits"][0]["split"], "train");

    let mut dataset = speech_dataset();
    let viewer = dataset.viewer.as_mut().unwrap();
    let train = viewer.configs[0].splits[0].clone().partially_converted(500);
    viewer.configs[0].splits[0] = train;
    let mut corpus = Corpus::generate(0, 1);
    corpus.insert(dataset);
    let hub = FakeHub::start(corpus);
    let size = json(get(&format!("{}/size?dataset={SPEECH}", hub.viewer_url())));
    assert_eq!(size["partial"], true);
    assert_eq!(size["size"]["dataset"]["num_rows"], 580);
    assert_eq!(size["size"]["dataset"]["estimated_num_rows"], 1280);
    assert_eq!(size["size"]["splits"][0]["estimated_num_rows"], 1200);
    assert!(size["size"]["splits"][1]["estimated_num_rows"].is_null());
}

#[test]
fn a_viewer_not_ready_blocked_or_with_too_many_configs_refuses_as_datasets_server_does() {
    for (state, status, code, says) in [
        (
            ViewerState::NotReady,
            500,
            "ResponseNotReady",
            "not ready yet",
        ),
        (
            ViewerState::Blocked,
            501,
            "DatasetInBlockListError",
            "disabled for now",
        ),
        (
            ViewerState::TooManyConfigs,
            501,
            "DatasetWithTooManyConfigsError",
            "maximum number of configs",
        ),
    ] {
        let mut dataset = speech_dataset();
        let viewer = dataset.viewer.take().unwrap().in_state(state);
        dataset.viewer = Some(viewer);
        let mut corpus = Corpus::generate(0, 1);
        corpus.insert(dataset);
        let hub = FakeHub::start(corpus);
        let base = hub.viewer_url();
        for path in [
            format!("splits?dataset={SPEECH}"),
            format!("first-rows?dataset={SPEECH}&config=default&split=train"),
            format!("size?dataset={SPEECH}"),
            format!("info?dataset={SPEECH}"),
        ] {
            let response = get(&format!("{base}/{path}"));
            assert_eq!(response.status(), status, "{state:?} {path}");
            assert_eq!(
                header(&response, "x-error-code").as_deref(),
                Some(code),
                "{state:?} {path}"
            );
            let body = json(response);
            let error = body["error"].as_str().unwrap_or_default();
            assert!(error.contains(says), "{state:?} {path}: {body}");
        }
    }
}

#[test]
fn spaces_report_runtime_and_record_restarts_and_pauses() {
    let hub = hub();
    hub.spaces().add("acme/worker", "RUNNING");
    let runtime = json(get(&format!(
        "{}/api/spaces/acme/worker/runtime",
        hub.url()
    )));
    assert_eq!(runtime["stage"], "RUNNING");
    assert_eq!(
        runtime["hardware"],
        json!({"current": "cpu-basic", "requested": "cpu-basic"})
    );

    let pause = format!("{}/api/spaces/acme/worker/pause", hub.url());
    assert_eq!(
        client().post(&pause).send().unwrap().status(),
        401,
        "a token is required"
    );
    let paused = json(
        client()
            .post(&pause)
            .bearer_auth(DEFAULT_TOKEN)
            .send()
            .unwrap(),
    );
    assert_eq!(paused["stage"], "PAUSED");
    assert_eq!(paused["hardware"]["current"], serde_json::Value::Null);
    let restart = format!("{}/api/spaces/acme/worker/restart?factory=true", hub.url());
    let restarted = json(
        client()
            .post(&restart)
            .bearer_auth(DEFAULT_TOKEN)
            .send()
            .unwrap(),
    );
    assert_eq!(restarted["stage"], "APP_STARTING");
    assert_eq!(
        hub.spaces().stage("acme/worker").as_deref(),
        Some("RUNNING")
    );
    let calls = hub.spaces().calls();
    assert_eq!(calls.len(), 2);
    assert_eq!(
        (calls[0].action.as_str(), calls[0].factory),
        ("pause", false)
    );
    assert_eq!(
        (calls[1].action.as_str(), calls[1].factory),
        ("restart", true)
    );
    let unknown = get_with(
        &format!("{}/api/spaces/acme/none/runtime", hub.url()),
        DEFAULT_TOKEN,
    );
    assert_eq!(
        header(&unknown, "x-error-code").as_deref(),
        Some("RepoNotFound")
    );
}

#[test]
fn whoami_needs_a_valid_token() {
    let hub = hub();
    let url = format!("{}/api/whoami-v2", hub.url());
    assert_eq!(get(&url).status(), 401);
    assert_eq!(json(get_with(&url, DEFAULT_TOKEN))["name"], "testkit");
}
