//! The Hub client against an endpoint that redirects where it should not. A tiny HTTP server
//! in the test answers every request with one `302 Found` (the Hub's redirects, e.g. for a
//! renamed repo, have this shape with a relative or absolute `Location`), and a second one
//! stands for another origin.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use hugflow_core::config::Secret;
use hugflow_hub::{HubClient, HubConfig, HubError, RetryPolicy};

/// The request heads a test server received, in order.
type Heads = Arc<Mutex<Vec<String>>>;

/// Answers every request on a free port with `response` (a whole HTTP/1.1 response); returns
/// the base URL and the request heads received.
fn serve(response: String) -> (String, Heads) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let heads = Heads::default();
    let seen = heads.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            // The request head ends at the first empty line.
            let mut head = String::new();
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line != "\r\n" {
                head.push_str(&line.to_ascii_lowercase());
                line.clear();
            }
            seen.lock().unwrap().push(head);
            let _ = stream.write_all(response.as_bytes());
        }
    });
    (url, heads)
}

/// `302 Found` to `location`.
fn redirecting(location: &str) -> (String, Heads) {
    serve(format!(
        "HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    ))
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

fn info_error(endpoint: &str) -> HubError {
    let client = HubClient::new(HubConfig::new(endpoint).with_retry(RetryPolicy::quick())).unwrap();
    runtime()
        .block_on(client.dataset_info("acme/speech", None))
        .unwrap_err()
}

#[test]
fn a_redirect_to_a_file_url_is_refused() {
    let (url, heads) = redirecting("file:///etc/passwd");
    let message = info_error(&url).to_string();
    assert!(
        message.contains("redirected to file:///etc/passwd, which is not an http(s) URL"),
        "{message}"
    );
    assert!(message.contains("check HF_ENDPOINT"), "{message}");
    assert_eq!(heads.lock().unwrap().len(), 1);
}

#[test]
fn a_redirect_loop_ends_after_ten_hops() {
    let (url, heads) = redirecting("/api/datasets/acme/speech");
    let message = info_error(&url).to_string();
    assert!(
        message.contains("redirected more than 10 times"),
        "{message}"
    );
    assert_eq!(heads.lock().unwrap().len(), 11, "the request and 10 hops");
}

#[test]
fn a_redirect_to_another_origin_never_carries_the_token() {
    let body = r#"{"id":"acme/speech","sha":"ce013625030ba8dba906f756967f9e9ca394464a"}"#;
    let (elsewhere, elsewhere_heads) = serve(format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    ));
    let (hub, hub_heads) = redirecting(&format!("{elsewhere}/api/datasets/acme/speech"));
    let client =
        HubClient::new(HubConfig::new(&hub).with_token(Some(Secret::new("hf_secret_token"))))
            .unwrap();
    let info = runtime()
        .block_on(client.dataset_info("acme/speech", None))
        .unwrap();
    assert_eq!(info.id, "acme/speech");
    let sent = |heads: &Heads| {
        heads
            .lock()
            .unwrap()
            .iter()
            .any(|h| h.contains("hf_secret_token"))
    };
    assert!(sent(&hub_heads), "the Hub's own origin gets the token");
    assert_eq!(
        elsewhere_heads.lock().unwrap().len(),
        1,
        "the redirect was followed"
    );
    assert!(!sent(&elsewhere_heads), "another origin never does");
}

#[test]
fn file_metadata_refuses_a_location_no_download_would_follow() {
    let (hub, _) = serve(
        "HTTP/1.1 302 Found\r\nLocation: file:///etc/passwd\r\nX-Repo-Commit: ce013625030ba8dba906f756967f9e9ca394464a\r\nETag: \"ce013625030ba8dba906f756967f9e9ca394464a\"\r\nX-Linked-Size: 5\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            .to_string(),
    );
    let client = HubClient::new(HubConfig::new(&hub)).unwrap();
    let error = runtime()
        .block_on(client.file_metadata("acme/speech", "main", "README.md"))
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("file:///etc/passwd, which is not an http(s) URL"),
        "{error}"
    );
}
