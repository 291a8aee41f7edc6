//! Re-runs of the ductaflow fixture's train flow (a real Python script): started in-process,
//! followed, refused twice, cancelled; the runner's [`supervise`]; and a re-run whose
//! watcher went away (the app quit) read as ended once its flow has.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use hugflow_core::jobs::JobState;
use hugflow_testkit::fixtures::ductaflow_project_to_rerun;

use hugflow_testkit::process::cmdline;

use super::*;

fn project(extra: serde_json::Value) -> (tempfile::TempDir, PathBuf) {
    ductaflow_project_to_rerun(extra)
}

fn ended(folder: &Path) -> Rerun {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let record = status(folder).unwrap();
        if !record.state.is_running() {
            return record;
        }
        assert!(Instant::now() < deadline, "still running: {record:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn log(folder: &Path) -> String {
    std::fs::read_to_string(rerun::log_path(folder)).unwrap_or_default()
}

fn printed(folder: &Path) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !log(folder).contains("rows=") {
        assert!(
            Instant::now() < deadline,
            "the flow never printed: {}",
            log(folder)
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn an_in_process_rerun_runs_the_flow_itself_and_records_its_end() {
    let (_dir, flow) = project(serde_json::json!({ "sleep": 1 }));
    let started = start(&flow, Some("python3"), &Launcher::InProcess).unwrap();
    assert_eq!(started.state, JobState::Running);
    let folder = flow.canonicalize().unwrap();
    let pid = started.pid.expect("the flow's pid is recorded at once");
    assert_eq!(status(&flow).unwrap().pid, Some(pid));
    // No runner in between: the recorded pid is the flow's own python.
    // (argv[0] may differ: python3 may be a shim that runs the real one.)
    let args = cmdline(pid);
    assert!(args.ends_with(&started.command[1..]), "{args:?}");

    let record = ended(&flow);
    assert_eq!((record.state, record.code), (JobState::Complete, Some(0)));
    assert!(record.ended_at.is_some());
    let log = log(&flow);
    assert!(log.starts_with("hugflow: python3 flows/train.py"), "{log}");
    assert!(
        log.contains(&format!("out={}", folder.display())),
        "the flow's output is in the log: {log}"
    );
    assert!(
        log.ends_with("hugflow: the re-run ended: complete (exit code 0)\n"),
        "{log}"
    );

    let (_dir, failing) = project(serde_json::json!({ "exit": 3 }));
    start(&failing, Some("python3"), &Launcher::InProcess).unwrap();
    let record = ended(&failing);
    assert_eq!((record.state, record.code), (JobState::Failed, Some(3)));
}

#[test]
fn a_running_rerun_is_refused_a_second_start_and_cancel_stops_its_group() {
    let (_dir, flow) = project(serde_json::json!({ "sleep": 60 }));
    start(&flow, Some("python3"), &Launcher::InProcess).unwrap();
    let again = start(&flow, Some("python3"), &Launcher::InProcess).unwrap_err();
    assert!(matches!(again, RerunsError::Running { .. }), "{again}");
    assert!(
        again.to_string().contains("hugflow rerun cancel"),
        "{again}"
    );
    printed(&flow);

    let answer = cancel(&flow).unwrap();
    assert_eq!(
        answer,
        RerunCancel {
            schema: RERUN_SCHEMA,
            state: JobState::Cancelled
        }
    );
    let record = status(&flow).unwrap();
    assert_eq!((record.state, record.code), (JobState::Cancelled, None));
    assert!(
        log(&flow).ends_with("the re-run ended: cancelled\n"),
        "{}",
        log(&flow)
    );
    // An ended re-run answers how it ended; a new one may start, and starts uncancelled.
    assert_eq!(cancel(&flow).unwrap().state, JobState::Cancelled);
    start(&flow, Some("python3"), &Launcher::InProcess).unwrap();
    printed(&flow);
    assert!(status(&flow).unwrap().state.is_running());
    assert_eq!(cancel(&flow).unwrap().state, JobState::Cancelled);
}

#[test]
fn a_missing_interpreter_fails_the_start_and_says_what_to_give() {
    let (_dir, flow) = project(serde_json::json!({}));
    let error = start(&flow, Some("/no/such/python"), &Launcher::InProcess).unwrap_err();
    assert!(
        error.to_string().contains("--python or HUGFLOW_PYTHON"),
        "{error}"
    );
    let record = status(&flow).unwrap();
    assert_eq!((record.state, record.code), (JobState::Failed, None));
    assert!(log(&flow).contains("cannot start it"), "{}", log(&flow));
}

#[test]
fn the_runner_supervises_the_recorded_command_once() {
    let (_dir, flow) = project(serde_json::json!({}));
    let plan = rerun::plan(&flow, Some("python3")).unwrap();
    rerun::write(&plan.folder, &rerun::starting(&plan, now())).unwrap();
    let record = supervise(&flow).unwrap();
    assert_eq!((record.state, record.code), (JobState::Complete, Some(0)));
    assert_eq!(record.pid, Some(std::process::id()), "the runner's own pid");
    assert_eq!(status(&flow).unwrap(), record);
    assert!(
        log(&flow).contains("the re-run ended: complete"),
        "{}",
        log(&flow)
    );
    let again = supervise(&flow).unwrap_err();
    assert!(again.to_string().contains("has already run"), "{again}");
    let never = status(&plan.folder.join("..")).unwrap_err();
    assert!(never.to_string().contains("was never re-run"), "{never}");
}

#[test]
fn a_rerun_whose_watcher_went_away_reads_lost_once_its_flow_has_ended() {
    // What the desktop leaves behind when it quits mid-run: a record with the flow's pid,
    // the flow running on with nobody to record its end.
    let (_dir, flow) = project(serde_json::json!({ "sleep": 60 }));
    let plan = rerun::plan(&flow, Some("python3")).unwrap();
    let mut record = rerun::starting(&plan, now());
    rerun::write(&plan.folder, &record).unwrap();
    let mut orphan = flow::spawn(&record, Some(&rerun::log_path(&plan.folder))).unwrap();
    record.pid = Some(orphan.id());
    rerun::write(&plan.folder, &record).unwrap();
    printed(&flow);
    assert_eq!(status(&flow).unwrap().state, JobState::Running);

    orphan.kill().unwrap();
    orphan.wait().unwrap();
    let lost = status(&flow).unwrap();
    assert_eq!(lost.state, JobState::Lost);
    assert_eq!(lost.ended_at, None, "how long it ran is not known");
    // Nothing to stop: cancel answers as much, and a new re-run may start.
    assert_eq!(cancel(&flow).unwrap().state, JobState::Lost);
    start(&flow, Some("python3"), &Launcher::InProcess).unwrap();
    assert_eq!(cancel(&flow).unwrap().state, JobState::Cancelled);
}

#[test]
fn a_flow_that_ignores_the_cancel_is_killed_with_its_group() {
    let (dir, flow) = project(serde_json::json!({}));
    // It ignores SIGTERM, and so does the child it leaves behind.
    std::fs::write(
        dir.path().join("flows/train.py"),
        "import signal, subprocess, sys, time\n\
         signal.signal(signal.SIGTERM, signal.SIG_IGN)\n\
         child = subprocess.Popen([sys.executable, '-c', 'import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(60)'])\n\
         print(f'rows=1 child={child.pid}', flush=True)\n\
         time.sleep(60)\n",
    )
    .unwrap();
    start(&flow, Some("python3"), &Launcher::InProcess).unwrap();
    printed(&flow);
    let child: u32 = log(&flow)
        .split("child=")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|pid| pid.parse().ok())
        .expect("the flow printed its child's pid");
    let asked = Instant::now();
    assert_eq!(cancel(&flow).unwrap().state, JobState::Cancelled);
    assert!(
        asked.elapsed() >= flow::KILL_AFTER,
        "killed only after the grace"
    );
    let deadline = Instant::now() + Duration::from_secs(5);
    while std::path::Path::new(&format!("/proc/{child}")).exists() {
        // Adopted by init once its parent died, and collected by it.
        assert!(
            Instant::now() < deadline,
            "the flow's child outlived the kill"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}
