//! The Hub client against an endpoint that redirects where it should not. A tiny HTTP server
//! in the test answers every request with one `302 Found` (the Hub's redirects, e.g. for a
//! renamed repo, have this shape with a relative or absolute `Location`).

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use hugflow_hub::{HubClient, HubConfig, HubError, RetryPolicy};

/// Serves `302 Found` with `Location: location` on a free port; returns the base URL and the
/// count of requests answered.
fn redirecting(location: &'static str) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let asked = Arc::new(AtomicUsize::new(0));
    let count = asked.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            // The request head ends at the first empty line.
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line != "\r\n" {
                line.clear();
            }
            count.fetch_add(1, Ordering::SeqCst);
            let _ = write!(
                stream,
                "HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
        }
    });
    (url, asked)
}

fn info_error(endpoint: &str) -> HubError {
    let client = HubClient::new(HubConfig::new(endpoint).with_retry(RetryPolicy::quick())).unwrap();
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(client.dataset_info("acme/speech", None))
        .unwrap_err()
}

#[test]
fn a_redirect_to_a_file_url_is_refused() {
    let (url, asked) = redirecting("file:///etc/passwd");
    let message = info_error(&url).to_string();
    assert!(
        message.contains("redirected to file:///etc/passwd, which is not an http(s) URL"),
        "{message}"
    );
    assert!(message.contains("check HF_ENDPOINT"), "{message}");
    assert_eq!(asked.load(Ordering::SeqCst), 1);
}

#[test]
fn a_redirect_loop_ends_after_ten_hops() {
    let (url, asked) = redirecting("/api/datasets/acme/speech");
    let message = info_error(&url).to_string();
    assert!(
        message.contains("redirected more than 10 times"),
        "{message}"
    );
    assert_eq!(asked.load(Ordering::SeqCst), 11, "the request and 10 hops");
}
