//! A local sync against the fake Hub reports through the sink, in order, what the CLI and
//! a job's log show: planned → progress → complete; then skipped, removed, and the
//! refusals (an invalid file, a cancel while another sync holds the lock).

use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;

use hugflow_core::checkout::Checkout;
use hugflow_core::config::Config;
use hugflow_core::events::{EventSink, SyncEvent};
use hugflow_core::progress::Cancel;
use hugflow_core::request::{Request, load_request_file};
use hugflow_sync::HostLock;
use hugflow_testkit::hub::{Corpus, FakeDataset, FakeHub};

use super::{Applied, apply, apply_request};

const ID: &str = "acme/tiny";

/// Every event, in order.
#[derive(Default)]
struct Collect(Mutex<Vec<SyncEvent>>);

impl EventSink for Collect {
    fn event(&self, event: &SyncEvent) {
        self.0.lock().unwrap().push(event.clone());
    }
}

impl Collect {
    fn take(&self) -> Vec<SyncEvent> {
        std::mem::take(&mut *self.0.lock().unwrap())
    }
}

fn hub() -> FakeHub {
    let mut corpus = Corpus::new();
    corpus.insert(
        FakeDataset::builder(ID)
            .file("README.md", "# Tiny\n")
            .file("data/train.csv", "audio,text\na.wav,hello\n")
            .build(),
    );
    FakeHub::start(corpus)
}

/// A checkout at `root` talking to `hub`; the environment is not read (tests run in
/// parallel, and the CI's may set `HF_ENDPOINT`).
fn checkout(root: &Path, hub: &FakeHub) -> Checkout {
    let values = HashMap::from([
        ("HF_ENDPOINT".to_string(), hub.url().to_string()),
        ("HF_TOKEN".to_string(), hub.token().to_string()),
    ]);
    Checkout::with_config(root, Config::from_values(&values, ".env").unwrap())
}

/// A request file written under `requests/<kind>/`, read back as the CLI reads it.
fn request(root: &Path, kind: &str, yaml: &str) -> Request {
    let dir = root.join("requests").join(kind);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("tiny.yaml");
    std::fs::write(&file, yaml).unwrap();
    let report = load_request_file(&file);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    report.request.unwrap()
}

fn kinds(events: &[SyncEvent]) -> Vec<&'static str> {
    let mut kinds: Vec<_> = events.iter().map(SyncEvent::kind).collect();
    kinds.dedup();
    kinds
}

#[test]
fn a_request_is_planned_downloaded_then_skipped_then_removed() {
    let hub = hub();
    let root = tempfile::tempdir().unwrap();
    let sink = Collect::default();
    let add = request(
        root.path(),
        "add",
        &format!("hf_id: {ID}\ndescription: t\n"),
    );
    let applied = apply_request(checkout(root.path(), &hub), &add, &sink, &Cancel::new());
    assert_eq!(applied.unwrap(), Applied::Done);
    let events = sink.take();
    let kinds = kinds(&events);
    assert_eq!(kinds.first(), Some(&"planned"), "{events:?}");
    assert!(kinds.contains(&"progress"), "{events:?}");
    assert_eq!(kinds.last(), Some(&"complete"), "{events:?}");
    let SyncEvent::Complete {
        storage_name,
        path,
        file_count,
        ..
    } = events.last().unwrap()
    else {
        unreachable!()
    };
    assert_eq!(*file_count, 2);
    assert!(Path::new(path).join("data/train.csv").is_file(), "{path}");

    // Listed in active.json now: nothing to download.
    let applied = apply_request(checkout(root.path(), &hub), &add, &sink, &Cancel::new());
    assert_eq!(applied.unwrap(), Applied::Done);
    match sink.take().as_slice() {
        [
            SyncEvent::Skipped {
                storage_name: s, ..
            },
        ] => assert_eq!(s, storage_name),
        other => panic!("{other:?}"),
    }

    let remove = request(
        root.path(),
        "remove",
        &format!("hf_id: {ID}\nreason: done\n"),
    );
    let applied = apply_request(checkout(root.path(), &hub), &remove, &sink, &Cancel::new());
    assert_eq!(applied.unwrap(), Applied::Done);
    match sink.take().as_slice() {
        [SyncEvent::Removed { hf_id, removed }] => {
            assert_eq!(hf_id, ID);
            assert_eq!(removed.len(), 1);
            assert_eq!(&removed[0].storage_name, storage_name);
        }
        other => panic!("{other:?}"),
    }
    assert!(!Path::new(path).exists(), "{path} is still there");
}

#[test]
fn an_invalid_file_is_a_failed_event_naming_the_file_not_an_error() {
    let root = tempfile::tempdir().unwrap();
    let file = root.path().join("requests/add/bad.yaml");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, "hf_id: acme/tiny\ndescripton: typo\n").unwrap();
    let sink = Collect::default();
    // The root is never opened: the file is refused first.
    let applied = apply(&file, &root.path().join("absent"), &sink, &Cancel::new());
    assert_eq!(applied.unwrap(), Applied::Failed);
    match sink.take().as_slice() {
        [
            SyncEvent::Failed {
                kind,
                message,
                suggestion,
                errors: Some(errors),
            },
        ] => {
            assert_eq!(kind, "invalid_request");
            assert!(message.contains("bad.yaml"), "{message}");
            assert!(suggestion.is_some());
            // The field errors, with their place, for a reader that shows them one by one.
            assert!(
                errors
                    .iter()
                    .any(|e| e.field == "descripton" && e.line == 2),
                "{errors:?}"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_cancel_while_another_sync_holds_the_lock_says_waiting_then_cancelled() {
    let hub = hub();
    let root = tempfile::tempdir().unwrap();
    let checkout = checkout(root.path(), &hub);
    checkout.state.init().unwrap();
    let _held = HostLock::acquire(checkout.state.path(), |_| {}).unwrap();
    let add = request(
        root.path(),
        "add",
        &format!("hf_id: {ID}\ndescription: t\n"),
    );
    let cancel = Cancel::new();
    cancel.cancel();
    let sink = Collect::default();
    let applied = apply_request(checkout, &add, &sink, &cancel).unwrap();
    assert_eq!(applied, Applied::Cancelled);
    let events = sink.take();
    assert!(
        matches!(events.first(), Some(SyncEvent::Note { message }) if message.contains("waiting for it to finish")),
        "{events:?}"
    );
    assert!(
        matches!(events.last(), Some(SyncEvent::Cancelled { message }) if message.contains("nothing was downloaded")),
        "{events:?}"
    );
}
