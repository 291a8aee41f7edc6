//! The fake Hub as a hostile mirror: one field of one tree entry rewritten (the rest of the
//! answer is the real Hub's shape, untouched), and `/resolve/` redirected anywhere.

mod common;

use common::*;
use serde_json::{Value, json};

fn tree(hub: &hugflow_testkit::hub::FakeHub) -> Vec<Value> {
    let url = format!(
        "{}/api/datasets/{SPEECH}/tree/main?recursive=true",
        hub.url()
    );
    let mut entries = Vec::new();
    let mut next = Some(url);
    while let Some(url) = next.take() {
        let response = get(&url);
        next = next_link(&response);
        entries.extend(json(response).as_array().unwrap().clone());
    }
    entries
}

#[test]
fn a_tampered_tree_entry_changes_only_the_fields_given() {
    let hub = hub();
    let before = tree(&hub);
    hub.faults().tamper_tree_entry(
        SPEECH,
        "README.md",
        json!({"path": "../x", "size": 1u64 << 62}),
    );
    let after = tree(&hub);
    assert_eq!(before.len(), after.len());
    for (old, new) in before.iter().zip(&after) {
        if old["path"] == "README.md" {
            assert_eq!(new["path"], "../x");
            assert_eq!(new["size"], 1u64 << 62);
            assert_eq!(new["oid"], old["oid"], "other fields kept");
            assert_eq!(new["type"], "file");
        } else {
            assert_eq!(new, old);
        }
    }
    hub.faults().clear();
    assert_eq!(tree(&hub), before);
}

#[test]
fn resolve_redirects_anywhere_it_is_told() {
    let hub = hub();
    let url = format!("{}/datasets/{SPEECH}/resolve/main/README.md", hub.url());
    hub.faults()
        .redirect_resolve("README.md", "file:///etc/passwd");
    for _ in 0..2 {
        let response = get(&url);
        assert_eq!(response.status(), 302);
        assert_eq!(
            header(&response, "location").as_deref(),
            Some("file:///etc/passwd")
        );
    }
    let other = format!(
        "{}/datasets/{SPEECH}/resolve/main/.gitattributes",
        hub.url()
    );
    // Served as usual: the Hub's relative 307 to its resolve cache, for a small file.
    assert_eq!(get(&other).status(), 307, "other files are served");
}
