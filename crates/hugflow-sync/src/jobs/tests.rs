use std::collections::HashMap;
use std::path::Path;

use hugflow_core::checkout::Checkout;
use hugflow_core::config::Config;
use hugflow_core::progress::Cancel;
use hugflow_core::state::ProgressRecord;
use hugflow_core::timestamp::NaiveTimestamp;
use serde_json::Map;

use super::*;
use crate::HostLock;

const ADD: &str = "hf_id: acme/speech\ndescription: Malay ASR\n";

fn checkout(root: &Path) -> Checkout {
    let config = Config::from_values(&HashMap::new(), ".env").unwrap();
    let checkout = Checkout::with_config(root, config);
    checkout.state.init().unwrap();
    checkout
}

fn progress(checkout: &Checkout, storage_name: &str, status: &str) {
    let record = ProgressRecord {
        dataset_name: "acme/other".into(),
        status: status.into(),
        downloaded_files: 1,
        total_files: 4,
        percent_complete: 25.0,
        start_time: Some(NaiveTimestamp::now()),
        last_update: Some(NaiveTimestamp::now()),
        current_file: None,
        eta: None,
        extra: Map::new(),
    };
    checkout
        .state
        .write_progress(storage_name, &record)
        .unwrap();
}

#[test]
fn ids_are_checked_before_they_reach_a_path() {
    for bad in [
        "",
        ".",
        "..",
        "../x",
        "a/b",
        "/etc",
        "$(id)",
        "`id`",
        "a;rm -rf ~",
        "-rf",
        "x\ny",
        "a b",
        "a.b",
        "日本",
        &"a".repeat(65),
    ] {
        assert!(
            matches!(JobId::parse(bad), Err(JobError::BadId { .. })),
            "{bad:?}"
        );
    }
    let id = JobId::generate(Utc::now());
    assert_eq!(JobId::parse(id.as_str()).unwrap(), id);
    assert!(JobId::parse("20260511T101530Z-1a2b3c4d").is_ok());
    let message = JobId::parse("x\n; rm").unwrap_err().to_string();
    assert!(
        !message.contains('\n'),
        "the id is quoted, not printed raw: {message}"
    );
}

#[test]
fn an_invalid_request_creates_no_job_and_names_the_problem() {
    let dir = tempfile::tempdir().unwrap();
    let store = JobStore::new(&checkout(dir.path()).state);
    let error = store.create("hf_id: acme/speech\n").unwrap_err();
    assert_eq!(error.kind(), "invalid_request");
    let message = error.to_string();
    assert!(message.contains("request_yaml"), "{message}");
    assert!(message.contains("description"), "{message}");
    let error = store.create("hf_id: [unclosed\n").unwrap_err();
    assert_eq!(error.kind(), "invalid_request", "{error}");
    assert!(store.jobs().unwrap().is_empty());
}

#[test]
fn a_job_is_created_whole_and_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let store = JobStore::new(&checkout(dir.path()).state);
    let job = store.create(ADD).unwrap();
    assert_eq!(
        std::fs::read_to_string(job.request_path()).unwrap(),
        ADD,
        "the request as sent"
    );
    let meta = job.meta().unwrap();
    assert_eq!(meta.id, job.id().as_str());
    assert_eq!(meta.kind, RequestKind::Add);
    assert_eq!(meta.hf_id, "acme/speech");
    assert_eq!(meta.storage_name.as_deref(), Some("acme__speech__rev_main"));
    assert!(meta.started_at().is_some(), "{}", meta.started_at);
    assert_eq!(meta.pid, None);
    let names: Vec<String> = std::fs::read_dir(store.dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, [job.id().to_string()], "no temporary folder left");

    let removal = store
        .create("hf_id: acme/speech\nreason: superseded\n")
        .unwrap();
    let meta = removal.meta().unwrap();
    assert_eq!(meta.kind, RequestKind::Remove);
    assert_eq!(meta.storage_name, None);
    let ids: Vec<JobId> = store.jobs().unwrap().iter().map(|j| j.id.clone()).collect();
    // Newest first by the recorded start; the ids may share their second, so their text
    // order says nothing.
    assert_eq!(
        ids,
        [removal.id().clone(), job.id().clone()],
        "newest first"
    );
}

#[test]
fn jobs_started_in_one_second_are_listed_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    let store = JobStore::new(&checkout(dir.path()).state);
    // Ids carry whole seconds and a random suffix: without the recorded start, jobs of one
    // second would come back in a random order.
    let created: Vec<JobId> = (0..6)
        .map(|_| store.create(ADD).unwrap().id().clone())
        .collect();
    let listed: Vec<JobId> = store.jobs().unwrap().iter().map(|j| j.id.clone()).collect();
    let newest_first: Vec<JobId> = created.into_iter().rev().collect();
    assert_eq!(listed, newest_first);
}

#[test]
fn opening_a_job_refuses_bad_ids_ci_ids_and_unknown_ones() {
    let dir = tempfile::tempdir().unwrap();
    let store = JobStore::new(&checkout(dir.path()).state);
    assert_eq!(store.open("../x").unwrap_err().kind(), "bad_id");
    assert_eq!(
        store.open("ci-acme__speech__rev_main").unwrap_err().kind(),
        "not_a_job"
    );
    let missing = store.open("20260101T000000Z-00000000").unwrap_err();
    assert_eq!(missing.kind(), "not_found");
    assert!(
        missing
            .to_string()
            .contains("`hugflow jobs list` shows them"),
        "{missing}"
    );
    let job = store.create(ADD).unwrap();
    assert_eq!(store.open(job.id().as_str()).unwrap().dir(), job.dir());
}

#[test]
fn the_state_follows_the_process_and_exit_record() {
    let dir = tempfile::tempdir().unwrap();
    let store = JobStore::new(&checkout(dir.path()).state);
    let job = store.create(ADD).unwrap();
    assert_eq!(
        job.state().unwrap().0,
        JobState::Running,
        "starting, no pid yet"
    );
    // This test's own pid is alive but is not `hugflow jobs run <id>`: a reused pid.
    job.record_pid(std::process::id()).unwrap();
    assert_eq!(job.pid(), Some(std::process::id()));
    assert_eq!(job.meta().unwrap().pid, Some(std::process::id()));
    assert_eq!(job.state().unwrap().0, JobState::Lost);
    assert_eq!(
        job.cancel(Duration::from_secs(1)).unwrap(),
        CancelOutcome::NotRunning(JobState::Lost),
        "a lost job is not signalled"
    );
    job.log_event(&SyncEvent::note("planning")).unwrap();
    job.log_event(&SyncEvent::Failed {
        kind: "gated".into(),
        message: "the dataset is gated".into(),
        suggestion: None,
        errors: None,
    })
    .unwrap();
    job.log_event(&SyncEvent::note("after the failure"))
        .unwrap();
    std::fs::OpenOptions::new()
        .append(true)
        .open(job.log_path())
        .and_then(|mut f| f.write_all(b"warning: not json\n"))
        .unwrap();
    assert_eq!(job.last_error().as_deref(), Some("the dataset is gated"));
    job.finish(1, JobState::Failed).unwrap();
    let (state, exit) = job.state().unwrap();
    assert_eq!(state, JobState::Failed);
    assert_eq!(exit.unwrap().code, 1);
}

#[test]
fn progress_files_belong_to_their_job_or_show_as_ci() {
    let dir = tempfile::tempdir().unwrap();
    let checkout = checkout(dir.path());
    let store = JobStore::new(&checkout.state);
    // A job cancelled during its download leaves its progress file ("failed").
    let job = store.create(ADD).unwrap();
    progress(&checkout, "acme__speech__rev_main", "failed");
    job.finish(130, JobState::Cancelled).unwrap();
    // A download nobody here started, its sync gone.
    progress(&checkout, "acme__other__rev_main", "downloading");

    let list = list(&checkout).unwrap();
    assert_eq!(list.schema, 1);
    assert_eq!(list.jobs.len(), 2, "{list:#?}");
    let mine = list
        .jobs
        .iter()
        .find(|j| j.origin == Origin::Desktop)
        .unwrap();
    assert_eq!(mine.state, JobState::Cancelled);
    assert_eq!(mine.progress.as_ref().unwrap().percent_complete, 25.0);
    assert!(mine.ended_at.is_some());
    let ci = list.jobs.iter().find(|j| j.origin == Origin::Ci).unwrap();
    assert_eq!(ci.id, "ci-acme__other__rev_main");
    assert_eq!(ci.hf_id, "acme/other");
    assert_eq!(ci.state, JobState::Lost, "nobody holds the sync lock");

    // While a sync that is not a job holds the lock, the download is running.
    let lock = HostLock::acquire(checkout.state.path(), |_| {}).unwrap();
    let list = super::list(&checkout).unwrap();
    let ci = list.jobs.iter().find(|j| j.origin == Origin::Ci).unwrap();
    assert_eq!(ci.state, JobState::Running);
    assert_eq!(ci.pid, Some(std::process::id()));
    drop(lock);

    // A progress file rewritten after the job ended is not the job's.
    std::thread::sleep(Duration::from_millis(10));
    let later = ProgressRecord {
        start_time: NaiveTimestamp::parse("2099-01-01T00:00:00"),
        last_update: NaiveTimestamp::parse("2099-01-01T00:10:00"),
        ..checkout.state.read_progress().unwrap()[0].record.clone()
    };
    checkout
        .state
        .write_progress(
            "acme__speech__rev_main",
            &ProgressRecord {
                status: "failed".into(),
                ..later
            },
        )
        .unwrap();
    let list = super::list(&checkout).unwrap();
    assert_eq!(list.jobs.len(), 3, "{list:#?}");
    assert_eq!(list.jobs[0].id, "ci-acme__speech__rev_main", "newest first");
    assert_eq!(list.jobs[0].state, JobState::Failed);
    let mine = list
        .jobs
        .iter()
        .find(|j| j.origin == Origin::Desktop)
        .unwrap();
    assert_eq!(mine.progress, None);
}

#[test]
fn a_cancelled_lock_wait_gives_up_and_a_free_lock_is_taken() {
    let dir = tempfile::tempdir().unwrap();
    let held = HostLock::acquire(dir.path(), |_| {}).unwrap();
    let cancel = Cancel::new();
    let stopper = {
        let cancel = cancel.clone();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(300));
            cancel.cancel();
        })
    };
    let mut heard = Vec::new();
    let got =
        acquire_host_lock(dir.path(), |holder| heard.push(holder.to_string()), &cancel).unwrap();
    stopper.join().unwrap();
    assert!(got.is_none(), "cancelled while waiting");
    assert_eq!(heard.len(), 1);
    assert!(
        heard[0].contains(&format!("pid {}", std::process::id())),
        "{heard:?}"
    );
    drop(held);
    let got = acquire_host_lock(dir.path(), |_| {}, &Cancel::new()).unwrap();
    assert!(got.is_some());
}
