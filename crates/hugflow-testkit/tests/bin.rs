//! The `hugflow-testkit serve` binary: announces its URLs, serves, and exits on SIGTERM.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[test]
fn serve_announces_the_hub_and_stops_on_sigterm() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hugflow-testkit"))
        .args([
            "serve",
            "--hub-port",
            "0",
            "--datasets",
            "50",
            "--seed",
            "3",
        ])
        .stdout(Stdio::piped())
        .spawn()
        .expect("start hugflow-testkit");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let hub = lines.next().unwrap().unwrap();
    let cdn = lines.next().unwrap().unwrap();
    let url = hub
        .strip_prefix("hub: ")
        .filter(|url| url.starts_with("http://127.0.0.1:"))
        .unwrap_or_else(|| panic!("the first line announces the hub: {hub}"));
    assert!(cdn.starts_with("cdn: http://127.0.0.1:"), "{cdn}");

    let client = reqwest::blocking::Client::new();
    let body = client
        .get(format!("{url}/api/datasets"))
        .send()
        .unwrap()
        .text()
        .unwrap();
    let page: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert!(
        page.as_array().unwrap().len() >= 45,
        "50 datasets, a few private"
    );
    let whoami = client
        .get(format!("{url}/api/whoami-v2"))
        .bearer_auth("hf_testkit_token")
        .send()
        .unwrap();
    assert_eq!(whoami.status(), 200, "the default token is valid");

    // SAFETY: signalling our own child by its pid.
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    let status = child.wait().unwrap();
    assert!(status.success(), "exits cleanly on SIGTERM: {status}");
}

#[test]
fn serve_without_a_service_explains_itself() {
    let output = Command::new(env!("CARGO_BIN_EXE_hugflow-testkit"))
        .arg("serve")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--hub-port"));
}
