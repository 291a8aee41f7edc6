//! `hugflow jobs` against the fake Hub: a sync started detached returns at once and is followed
//! to its end; the token from stdin is used and never written anywhere; a cancel keeps the
//! parts and a second job resumes them; hostile ids are refused; a CI download and a killed
//! job show as such.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use hugflow_testkit::hub::{Corpus, FakeDataset, FakeHub, Gated, HubOptions};
use hugflow_testkit::wait::until;
use serde_json::{Value, json};

const SMALL: &str = "acme/small-speech";
const GATED: &str = "acme/gated-speech";
const BIG: &str = "acme/big-speech";
const BIG_FILE: u64 = 12 << 20;
/// A token nothing else contains, to look for.
const TOKEN: &str = "hf_jobsTestTokenQ7xZ3";

fn corpus() -> Corpus {
    let mut small = FakeDataset::builder(SMALL).file("README.md", "# Small\n");
    for i in 0..3 {
        small = small.noise_file(&format!("data/train-{i:05}-of-00003.parquet"), 150_000);
    }
    let gated = FakeDataset::builder(GATED)
        .file("README.md", "# Gated\n")
        .noise_file("data/train-00000-of-00001.parquet", 300_000)
        .gated(Gated::Manual)
        .access(TOKEN);
    let big = FakeDataset::builder(BIG)
        .file("README.md", "# Big\n")
        .noise_file("data/train-00000-of-00002.parquet", BIG_FILE)
        .noise_file("data/train-00001-of-00002.parquet", BIG_FILE);
    let mut corpus = Corpus::new();
    corpus.insert(small.build());
    corpus.insert(gated.build());
    corpus.insert(big.build());
    corpus
}

/// The fake Hub (whose only valid token is [`TOKEN`]), a checkout, and the jobs to kill if a
/// test fails half-way.
struct Host {
    hub: FakeHub,
    work: tempfile::TempDir,
    pids: std::cell::RefCell<Vec<u32>>,
}

impl Host {
    fn new() -> Self {
        let options = HubOptions {
            tokens: vec![TOKEN.to_string()],
            ..HubOptions::default()
        };
        Self {
            hub: FakeHub::start_with(corpus(), options),
            work: tempfile::tempdir().unwrap(),
            pids: Default::default(),
        }
    }

    fn root(&self) -> &Path {
        self.work.path()
    }

    fn state(&self) -> PathBuf {
        self.root().join(".hugflow-state")
    }

    fn job_dir(&self, id: &str) -> PathBuf {
        self.state().join("jobs").join(id)
    }

    /// `hugflow jobs ARGS --root <checkout>`, run from elsewhere, with no token in its
    /// environment: one can only come from stdin.
    fn jobs(&self, args: &[&str]) -> Command {
        let mut cmd = Command::cargo_bin("hugflow").unwrap();
        cmd.current_dir(std::env::temp_dir())
            .arg("jobs")
            .args(args)
            .arg("--root")
            .arg(self.root())
            .env("HF_ENDPOINT", self.hub.url())
            .env("MAX_CONCURRENT_DOWNLOADS", "2")
            .env_remove("HF_TOKEN")
            .env_remove("STORAGE_ROOT")
            .env_remove("STATE_DIR")
            .env_remove("STORAGE_QUOTA_GB")
            .env_remove("PROCESSED_ROOT")
            .env_remove("HUGFLOW_LOG")
            .timeout(Duration::from_secs(60));
        cmd
    }

    /// `jobs start --json` with `input` on stdin; the `started` event.
    fn start_input(&self, input: &Value) -> Value {
        let output = self
            .jobs(&["start", "--json"])
            .write_stdin(input.to_string())
            .output()
            .unwrap();
        ok(&output);
        let event = last_line(&output);
        assert_eq!(event["schema"], 1, "{event}");
        assert_eq!(event["event"], "started", "{event}");
        self.pids
            .borrow_mut()
            .push(event["pid"].as_u64().unwrap() as u32);
        event
    }

    fn start(&self, hf_id: &str, token: Option<&str>) -> Value {
        self.start_input(&json!({
            "request_yaml": format!("hf_id: {hf_id}\ndescription: jobs test\n"),
            "hf_token": token,
        }))
    }

    fn list(&self) -> Vec<Value> {
        let output = self.jobs(&["list", "--json"]).output().unwrap();
        ok(&output);
        let report: Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(report["schema"], 1, "{report}");
        report["jobs"].as_array().unwrap().clone()
    }

    fn job(&self, id: &str) -> Value {
        self.list()
            .into_iter()
            .find(|j| j["id"] == id)
            .unwrap_or_else(|| panic!("{id} not listed"))
    }

    /// `jobs log ID --follow` to the end; its lines.
    fn follow(&self, id: &str) -> Vec<Value> {
        let output = self.jobs(&["log", id, "--follow"]).output().unwrap();
        ok(&output);
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect()
    }

    fn log_events(&self, id: &str) -> Vec<Value> {
        std::fs::read_to_string(self.job_dir(id).join("log.jsonl"))
            .unwrap_or_default()
            .lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect()
    }

    /// Waits until job `id` has downloaded at least `bytes`.
    fn wait_for_bytes(&self, id: &str, bytes: u64) {
        until(
            &format!("{bytes} bytes downloaded by {id}"),
            Duration::from_secs(60),
            || {
                self.log_events(id)
                    .iter()
                    .any(|e| e["event"] == "progress" && e["bytes_done"].as_u64() >= Some(bytes))
                    .then_some(())
            },
        );
    }
}

impl Host {
    /// Takes the host's sync lock as another sync (the CI's) would, stamped with this pid.
    fn hold_sync_lock(&self) -> std::fs::File {
        std::fs::create_dir_all(self.state()).unwrap();
        let path = self.state().join(".sync.lock");
        let lock = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .unwrap();
        hugflow_core::state::record_lock::lock_exclusive(&lock).unwrap();
        std::fs::write(
            &path,
            format!("pid {} since 2026-05-11 10:00:00 UTC\n", std::process::id()),
        )
        .unwrap();
        lock
    }
}

impl Drop for Host {
    fn drop(&mut self) {
        for pid in self.pids.borrow().iter() {
            if is_runner(*pid) {
                let _ = std::process::Command::new("kill")
                    .args(["-KILL", &pid.to_string()])
                    .status();
            }
        }
    }
}

/// Whether `pid` is a live `hugflow jobs run` (not a zombie, not a reused pid).
fn is_runner(pid: u32) -> bool {
    let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
    let args: Vec<&[u8]> = cmdline.split(|b| *b == 0).collect();
    args.windows(2).any(|w| w == [b"jobs" as &[u8], b"run"])
}

fn ok(output: &Output) {
    assert!(
        output.status.success(),
        "{:?}\n{}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

fn last_line(output: &Output) -> Value {
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout.lines().last().unwrap_or_else(|| {
        panic!(
            "no output; stderr: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"))
}

fn json_file(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn id_of(event: &Value) -> String {
    event["id"].as_str().unwrap().to_string()
}

#[test]
fn a_started_job_returns_at_once_and_is_followed_to_complete() {
    let host = Host::new();
    // Its files wait until released, so "at once" and "running" mean something however
    // slow the machine is.
    host.hub.faults().hold_files();
    let started_at = Instant::now();
    let started = host.start(SMALL, None);
    let took = started_at.elapsed();
    let id = id_of(&started);
    assert!(
        id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'),
        "{id}"
    );
    assert!(
        !host.job_dir(&id).join("exit.json").exists(),
        "`jobs start` returned after {took:?}, before the sync ended"
    );
    assert!(took < Duration::from_secs(5), "took {took:?}");
    assert_eq!(
        started["log"].as_str().map(PathBuf::from),
        Some(host.job_dir(&id).join("log.jsonl"))
    );
    assert_eq!(host.job(&id)["state"], "running");

    host.hub.faults().release_files();
    let lines = host.follow(&id);
    let last = lines.last().unwrap();
    assert_eq!(last["event"], "complete", "{lines:#?}");
    assert_eq!(last["schema"], 1);
    assert_eq!(last["storage_name"], "acme__small-speech__rev_main");
    assert!(lines.iter().any(|l| l["event"] == "planned"), "{lines:#?}");

    let job = host.job(&id);
    assert_eq!(job["state"], "complete", "{job}");
    assert_eq!(job["origin"], "desktop");
    assert_eq!(job["kind"], "add");
    assert_eq!(job["hf_id"], SMALL);
    assert_eq!(job["storage_name"], "acme__small-speech__rev_main");
    assert_eq!(job["pid"], started["pid"]);
    assert!(job["started_at"].as_str().unwrap().ends_with('Z'), "{job}");
    assert!(job["ended_at"].is_string(), "{job}");
    assert_eq!(job["error"], Value::Null);
    assert_eq!(job["progress"], Value::Null, "the progress file is gone");
    let exit = json_file(&host.job_dir(&id).join("exit.json"));
    assert_eq!(
        (exit["code"].as_i64(), &exit["state"]),
        (Some(0), &json!("complete"))
    );
    let meta = json_file(&host.job_dir(&id).join("job.json"));
    assert_eq!(meta["pid"], started["pid"]);
    assert_eq!(
        std::fs::read_to_string(host.job_dir(&id).join("pid"))
            .unwrap()
            .trim(),
        started["pid"].to_string()
    );

    let active = json_file(&host.state().join("active.json"));
    assert!(
        active["datasets"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["hf_id"] == SMALL),
        "{active}"
    );
    // The table a person reads.
    let table = host.jobs(&["list"]).output().unwrap();
    ok(&table);
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(
        text.contains(&id) && text.contains("complete") && text.contains("desktop"),
        "{text}"
    );
    // Without --follow the log is printed once, whole.
    let log = host.jobs(&["log", &id]).output().unwrap();
    ok(&log);
    assert_eq!(
        log.stdout,
        std::fs::read(host.job_dir(&id).join("log.jsonl")).unwrap()
    );
}

#[test]
fn the_token_from_stdin_is_used_and_never_written_or_shown() {
    let host = Host::new();
    // Without it, the gated dataset is refused, and the job says why.
    let refused = id_of(&host.start(GATED, None));
    let lines = host.follow(&refused);
    assert_eq!(lines.last().unwrap()["event"], "failed", "{lines:#?}");
    let job = host.job(&refused);
    assert_eq!(job["state"], "failed", "{job}");
    assert!(
        job["error"].as_str().unwrap().contains("gated"),
        "the log's failure is the job's error: {job}"
    );
    assert_eq!(
        json_file(&host.job_dir(&refused).join("exit.json"))["code"],
        1
    );

    // With it (its files held, to look at the running process).
    host.hub.faults().hold_files();
    let output = host
        .jobs(&["start", "--json"])
        .write_stdin(
            json!({
                "request_yaml": format!("hf_id: {GATED}\ndescription: jobs test\n"),
                "hf_token": TOKEN,
            })
            .to_string(),
        )
        .output()
        .unwrap();
    ok(&output);
    for stream in [&output.stdout, &output.stderr] {
        assert!(!String::from_utf8_lossy(stream).contains(TOKEN));
    }
    let started = last_line(&output);
    let pid = started["pid"].as_u64().unwrap();
    host.pids.borrow_mut().push(pid as u32);
    let id = id_of(&started);
    let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap();
    let cmdline = String::from_utf8_lossy(&cmdline).replace('\0', " ");
    assert!(cmdline.contains(&format!("jobs run {id}")), "{cmdline}");
    assert!(!cmdline.contains(TOKEN), "the token is in argv: {cmdline}");
    let environ = std::fs::read(format!("/proc/{pid}/environ")).unwrap();
    assert!(
        environ
            .split(|b| *b == 0)
            .any(|var| var == format!("HF_TOKEN={TOKEN}").as_bytes()),
        "the token reaches the sync through its environment"
    );
    host.hub.faults().release_files();
    let lines = host.follow(&id);
    assert_eq!(lines.last().unwrap()["event"], "complete", "{lines:#?}");
    assert_eq!(host.job(&id)["state"], "complete");

    // Nowhere on disk under the state (jobs, manifests, progress), nor in any listing.
    let mut files = Vec::new();
    let mut dirs = vec![host.state()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                files.push(path);
            }
        }
    }
    assert!(files.iter().any(|f| f.ends_with("log.jsonl")), "{files:?}");
    for file in files {
        let bytes = std::fs::read(&file).unwrap();
        assert!(
            !String::from_utf8_lossy(&bytes).contains(TOKEN),
            "the token is in {}",
            file.display()
        );
    }
    let list = host.jobs(&["list", "--json"]).output().unwrap();
    assert!(!String::from_utf8_lossy(&list.stdout).contains(TOKEN));
}

#[test]
fn a_cancelled_job_keeps_its_parts_and_the_next_job_resumes_them() {
    let host = Host::new();
    host.hub.faults().set_bandwidth(Some(1 << 20));
    let first = id_of(&host.start(BIG, None));
    host.wait_for_bytes(&first, 1 << 20);

    let asked = Instant::now();
    let output = host.jobs(&["cancel", &first, "--json"]).output().unwrap();
    ok(&output);
    let event = last_line(&output);
    assert_eq!(
        event,
        json!({"schema": 1, "event": "cancelled", "id": first, "state": "cancelled"})
    );
    assert!(asked.elapsed() < Duration::from_secs(10));
    let exit = json_file(&host.job_dir(&first).join("exit.json"));
    assert_eq!(exit["state"], "cancelled");
    assert_eq!(exit["code"], 130);
    let lines = host.follow(&first);
    assert_eq!(lines.last().unwrap()["event"], "cancelled", "{lines:#?}");
    let job = host.job(&first);
    assert_eq!(job["state"], "cancelled", "{job}");
    assert_eq!(job["error"], Value::Null);
    assert!(
        job["progress"]["storage_name"] == "acme__big-speech__rev_main",
        "the stopped download's progress stays with its job: {job}"
    );
    assert!(
        !host.list().iter().any(|j| j["origin"] == "ci"),
        "its progress file is not a CI download"
    );
    let incomplete = host
        .root()
        .join("datasets/acme__big-speech__rev_main/.hugflow/incomplete");
    let kept: u64 = std::fs::read_dir(&incomplete)
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum();
    assert!(kept >= 1 << 20, "{kept} bytes kept");

    // Cancelling it again is a no-op.
    let again = host.jobs(&["cancel", &first]).output().unwrap();
    ok(&again);
    assert!(
        String::from_utf8_lossy(&again.stdout).contains("not running (cancelled)"),
        "{}",
        String::from_utf8_lossy(&again.stdout)
    );

    host.hub.faults().set_bandwidth(None);
    let second = id_of(&host.start(BIG, None));
    let lines = host.follow(&second);
    let done = lines.last().unwrap();
    assert_eq!(done["event"], "complete", "{lines:#?}");
    assert!(
        done["bytes_resumed"].as_u64().unwrap() >= 1 << 20,
        "the second job resumed the first's parts: {done}"
    );
    let jobs = host.list();
    assert_eq!(jobs[0]["id"], second, "newest first");
    assert_eq!(jobs[0]["state"], "complete");
    assert_eq!(jobs[1]["id"], first);
    assert_eq!(jobs[1]["state"], "cancelled");
    assert_eq!(
        jobs[1]["progress"],
        Value::Null,
        "its progress file is gone"
    );
}

#[test]
fn hostile_ids_are_refused_before_they_reach_a_path() {
    let host = Host::new();
    // What `../x` would find from the jobs folder, were ids not checked.
    let decoy = host.state().join("x");
    std::fs::create_dir_all(&decoy).unwrap();
    std::fs::write(decoy.join("job.json"), "{}").unwrap();
    std::fs::create_dir_all(host.state().join("jobs")).unwrap();
    for id in [
        "../x",
        "..",
        "$(id)",
        "`id`",
        "a/b",
        "/etc",
        "x; rm -rf ~",
        "x\ny",
        "",
    ] {
        for args in [
            vec!["log", id],
            vec!["log", id, "--follow"],
            vec!["cancel", id, "--json"],
            vec!["run", id],
        ] {
            let output = host.jobs(&args).output().unwrap();
            assert_eq!(output.status.code(), Some(2), "{args:?}");
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(stderr.contains("is not a job id"), "{args:?}: {stderr}");
            if args.contains(&"--json") {
                let event = last_line(&output);
                assert_eq!(event["event"], "failed");
                assert_eq!(event["kind"], "bad_id");
            }
        }
    }
    assert!(decoy.join("job.json").exists());
    assert!(!decoy.join("exit.json").exists() && !decoy.join("pid").exists());
    assert_eq!(
        std::fs::read_dir(host.state().join("jobs"))
            .unwrap()
            .count(),
        0
    );

    let unknown = host
        .jobs(&["log", "20260101T000000Z-00000000"])
        .output()
        .unwrap();
    assert_eq!(unknown.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&unknown.stderr);
    assert!(
        stderr.contains("no job 20260101T000000Z-00000000 under")
            && stderr.contains("`hugflow jobs list` shows them"),
        "{stderr}"
    );
}

#[test]
fn bad_input_to_start_is_refused_and_creates_no_job() {
    let host = Host::new();
    let start = |input: &str| {
        host.jobs(&["start", "--json"])
            .write_stdin(input.to_string())
            .output()
            .unwrap()
    };
    let invalid = start(&json!({"request_yaml": "hf_id: acme/x\n"}).to_string());
    assert_eq!(invalid.status.code(), Some(2));
    let event = last_line(&invalid);
    assert_eq!(event["event"], "failed");
    assert_eq!(event["kind"], "invalid_request");
    assert!(
        event["message"].as_str().unwrap().contains("description"),
        "{event}"
    );
    assert_eq!(event["errors"][0]["field"], "description", "{event}");

    for (input, says) in [
        ("not json", "not one JSON document"),
        ("[]", "must be a JSON object"),
        (r#"{"hf_token": "x"}"#, "no `request_yaml`"),
        (
            r#"{"request_yaml": "hf_id: a/b\ndescription: d\n", "hf_tokn": "x"}"#,
            "unknown field \"hf_tokn\"",
        ),
        (r#"{"request_yaml": 5}"#, "must be a string"),
        (
            r#"{"request_yaml": "hf_id: a/b\ndescription: d\n", "hf_token": "a b"}"#,
            "spaces or control characters",
        ),
        (
            r#"{"request_yaml": "x: y\n", "schema": 2}"#,
            "upgrade hugflow",
        ),
    ] {
        let output = start(input);
        assert_eq!(output.status.code(), Some(2), "{input}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(says), "{input}: {stderr}");
    }
    // A value sent in the wrong field is not echoed.
    let output = start(&json!({"request_yaml": {"token": TOKEN}}).to_string());
    assert_eq!(output.status.code(), Some(2));
    assert!(!String::from_utf8_lossy(&output.stderr).contains(TOKEN));
    assert!(!String::from_utf8_lossy(&output.stdout).contains(TOKEN));

    let jobs = host.state().join("jobs");
    let count = std::fs::read_dir(&jobs).map_or(0, |d| d.count());
    assert_eq!(count, 0, "no job folder");
    assert!(host.list().is_empty());
}

#[test]
fn a_download_no_job_started_is_listed_as_ci() {
    let host = Host::new();
    let progress = host.state().join("progress");
    std::fs::create_dir_all(&progress).unwrap();
    std::fs::write(
        progress.join("acme__ci-data__rev_main.json"),
        json!({
            "dataset_name": "acme/ci-data",
            "status": "downloading",
            "downloaded_files": 3,
            "total_files": 12,
            "percent_complete": 25.0,
            "start_time": "2026-05-11T10:00:00.000000",
            "last_update": "2026-05-11T10:05:00.000000",
            "current_file": null,
            "eta": "15m",
        })
        .to_string(),
    )
    .unwrap();

    // Nobody holds the sync lock: whatever wrote it is gone.
    let jobs = host.list();
    assert_eq!(jobs.len(), 1, "{jobs:#?}");
    let ci = &jobs[0];
    assert_eq!(ci["id"], "ci-acme__ci-data__rev_main");
    assert_eq!(ci["origin"], "ci");
    assert_eq!(ci["hf_id"], "acme/ci-data");
    assert_eq!(ci["storage_name"], "acme__ci-data__rev_main");
    assert_eq!(ci["state"], "lost", "{ci}");
    assert_eq!(ci["started_at"], "2026-05-11T10:00:00Z");
    assert_eq!(ci["progress"]["percent_complete"], 25.0);
    assert_eq!(ci["progress"]["total_files"], 12);

    // A sync (the CI's) holds the lock, as every sync does while it downloads.
    let lock = host.hold_sync_lock();
    let ci = host.job("ci-acme__ci-data__rev_main");
    assert_eq!(ci["state"], "running", "{ci}");
    assert_eq!(ci["pid"], std::process::id());
    let table = host.jobs(&["list"]).output().unwrap();
    ok(&table);
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(
        text.contains("ci-acme__ci-data__rev_main") && text.contains("running"),
        "{text}"
    );

    for args in [
        ["cancel", "ci-acme__ci-data__rev_main"],
        ["log", "ci-acme__ci-data__rev_main"],
    ] {
        let output = host.jobs(&args).output().unwrap();
        assert_eq!(output.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("not a job"), "{stderr}");
    }
    drop(lock);
}

#[test]
fn a_job_killed_without_warning_shows_as_lost() {
    let host = Host::new();
    host.hub.faults().set_bandwidth(Some(1 << 20));
    let started = host.start(BIG, None);
    let id = id_of(&started);
    let pid = started["pid"].as_u64().unwrap();
    host.wait_for_bytes(&id, 1 << 19);
    assert_eq!(host.job(&id)["state"], "running");
    let killed = std::process::Command::new("kill")
        .args(["-KILL", &pid.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    until("the runner to die", Duration::from_secs(10), || {
        (!is_runner(pid as u32)).then_some(())
    });

    let job = host.job(&id);
    assert_eq!(job["state"], "lost", "{job}");
    assert_eq!(job["ended_at"], Value::Null);
    assert!(!host.job_dir(&id).join("exit.json").exists());
    // Following it ends, with what it wrote.
    let lines = host.follow(&id);
    assert!(lines.iter().any(|l| l["event"] == "progress"), "{lines:#?}");
    // Cancelling it sends nothing.
    let output = host.jobs(&["cancel", &id, "--json"]).output().unwrap();
    ok(&output);
    assert_eq!(
        last_line(&output),
        json!({"schema": 1, "event": "not_running", "id": id, "state": "lost"})
    );
}

#[test]
fn a_job_waiting_for_another_sync_says_so_and_can_be_cancelled() {
    let host = Host::new();
    let lock = host.hold_sync_lock();
    let id = id_of(&host.start(SMALL, None));
    let note = until("the job to say it waits", Duration::from_secs(30), || {
        host.log_events(&id)
            .into_iter()
            .find(|e| e["event"] == "note")
    });
    let message = note["message"].as_str().unwrap();
    assert!(
        message.contains("another sync is running")
            && message.contains(&format!("pid {}", std::process::id())),
        "{note}"
    );
    assert_eq!(host.job(&id)["state"], "running");

    let output = host.jobs(&["cancel", &id, "--json"]).output().unwrap();
    ok(&output);
    assert_eq!(last_line(&output)["state"], "cancelled");
    let lines = host.follow(&id);
    let last = lines.last().unwrap();
    assert_eq!(last["event"], "cancelled", "{lines:#?}");
    assert!(
        last["message"].as_str().unwrap().contains("waiting"),
        "{last}"
    );
    assert!(
        !host
            .root()
            .join("datasets/acme__small-speech__rev_main")
            .exists(),
        "nothing was downloaded"
    );
    drop(lock);
}
