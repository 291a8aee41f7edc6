//! Fault injection (429, 5xx, malformed JSON, latency, corrupt CDN bytes), the request log,
//! and stopping and restarting a Hub on the same port.

mod common;

use std::time::{Duration, Instant};

use common::*;
use hugflow_testkit::hub::{Corpus, FakeHub, Listener};

#[test]
fn rate_limits_answer_429_with_the_hub_headers_for_the_next_n() {
    let hub = hub();
    hub.faults().rate_limit(2, 1, Some("/datasets/"));
    let url = format!("{}/datasets/{SPEECH}/resolve/main/README.md", hub.url());
    for _ in 0..2 {
        let response = get(&url);
        assert_eq!(response.status(), 429);
        assert_eq!(
            header(&response, "ratelimit").as_deref(),
            Some("\"resolvers\";r=0;t=1")
        );
        assert_eq!(header(&response, "retry-after").as_deref(), Some("1"));
        assert_eq!(
            header(&response, "ratelimit-policy").as_deref(),
            Some("\"fixed window\";\"resolvers\";q=3000;w=300")
        );
    }
    // Served again (README.md is small: the Hub's relative 307 to its resolve cache).
    assert_eq!(get(&url).status(), 307, "only the next two");

    hub.faults().rate_limit(1, 0, Some("/datasets/"));
    assert_eq!(
        get(&format!("{}/api/datasets?limit=1", hub.url())).status(),
        200,
        "other paths pass"
    );
    let api = {
        hub.faults().rate_limit(1, 5, None);
        get(&format!("{}/api/datasets?limit=1", hub.url()))
    };
    assert_eq!(
        header(&api, "ratelimit").as_deref(),
        Some("\"api\";r=0;t=5")
    );
    assert_eq!(
        get(&url).status(),
        429,
        "the earlier /datasets/ rule still waits"
    );
}

#[test]
fn server_errors_and_malformed_json_are_injected() {
    let hub = hub();
    let url = format!("{}/api/datasets/{SPEECH}", hub.url());
    hub.faults().fail(1, 503, None);
    hub.faults().fail(1, 500, None);
    let first = get(&url);
    assert_eq!(first.status(), 503);
    assert!(first.text().unwrap().contains("503 Service Unavailable"));
    let second = get(&url);
    assert_eq!(second.status(), 500);
    assert!(
        json(second)["error"]
            .as_str()
            .unwrap()
            .starts_with("Internal Error")
    );
    assert_eq!(get(&url).status(), 200);

    hub.faults().malformed_json(1, "/api/datasets");
    let broken = get(&url);
    assert_eq!(broken.status(), 200);
    assert_eq!(
        header(&broken, "content-type").as_deref(),
        Some("application/json; charset=utf-8")
    );
    assert_eq!(broken.text().unwrap(), "{\"truncated\": [");
    assert_eq!(json(get(&url))["id"], SPEECH);
}

#[test]
fn latency_delays_every_response() {
    let hub = hub();
    hub.faults().set_latency(Duration::from_millis(150));
    let started = Instant::now();
    get(&format!("{}/api/datasets?limit=1", hub.url()));
    assert!(started.elapsed() >= Duration::from_millis(150));
    hub.faults().clear();
}

#[test]
fn corrupt_cdn_bytes_for_the_next_downloads_of_a_file() {
    let hub = hub();
    let path = "data/train-00001-of-00002.parquet";
    let sha256 = hub
        .corpus()
        .dataset(SPEECH)
        .unwrap()
        .main()
        .file(path)
        .unwrap()
        .facts()
        .sha256
        .clone();
    let url = format!("{}/datasets/{SPEECH}/resolve/main/{path}", hub.url());
    let location = header(&get(&url), "location").unwrap();
    hub.faults().corrupt_cdn(path, 1);
    let corrupt = get(&location).bytes().unwrap();
    assert_eq!(corrupt.len(), 5_000, "same size");
    assert_ne!(sha256_hex(&corrupt), sha256);
    assert_eq!(
        sha256_hex(&get(&location).bytes().unwrap()),
        sha256,
        "only once"
    );
    hub.faults().corrupt_cdn(&sha256, 1);
    assert_ne!(
        sha256_hex(&get(&location).bytes().unwrap()),
        sha256,
        "by sha256 too"
    );
}

#[test]
fn the_request_log_records_method_path_auth_and_status() {
    let hub = hub();
    get_with(
        &format!("{}/api/datasets?search=speech", hub.url()),
        GRANTED,
    );
    client()
        .head(format!("{}/datasets/{SPEECH}/resolve/main/nope", hub.url()))
        .send()
        .unwrap();
    let log = hub.requests();
    assert_eq!(log.len(), 2);
    assert_eq!(log[0].method, "GET");
    assert_eq!(log[0].path, "/api/datasets?search=speech");
    assert!(log[0].authorization);
    assert_eq!(log[0].status, 200);
    assert_eq!(log[0].listener, Listener::Hub);
    assert_eq!(log[1].method, "HEAD");
    assert!(!log[1].authorization);
    assert_eq!(log[1].status, 404);
    hub.clear_requests();
    assert!(hub.requests().is_empty());
}

#[test]
fn a_stopped_hub_refuses_connections_and_restarts_on_its_port() {
    let corpus = std::sync::Arc::new(Corpus::generate(20, 1));
    let mut hub = FakeHub::start(corpus.clone());
    let (url, port) = (hub.url().to_string(), hub.port());
    assert_eq!(get(&format!("{url}/api/datasets")).status(), 200);
    let started = Instant::now();
    hub.stop();
    // Not held up by open connections (a keep-alive lasts far longer than this).
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "stop is quick: {:?}",
        started.elapsed()
    );
    let refused = client().get(format!("{url}/api/datasets")).send();
    assert!(refused.is_err(), "nothing listens after stop");
    let again = FakeHub::start_on(port, corpus);
    assert_eq!(again.url(), url);
    assert_eq!(get(&format!("{url}/api/datasets")).status(), 200);
}
