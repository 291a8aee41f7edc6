//! `cargo bench -p hugflow-runs --bench scan`: 10,000 ductaflow run folders (2,000 builds × 4
//! flows, each with a ~10-line log, its config and a small executed notebook, their scripts in
//! the project's `flows/` and `builds/`, so each folder's re-run is planned) plus 1,000 huldra
//! artifacts, generated in a temp dir, then scanned warm (one untimed scan first, then the best
//! of 3), against DESIGN §8's target: `hugflow runs --json` over 10k run folders in < 1 s. The
//! timed work is what `--json` does: `scan` and serialising the report.
//!
//! `BENCH_BUILDS=N` changes the number of builds (4 flows each); `BENCH_KEEP=DIR` generates the
//! tree into DIR and keeps it, e.g. to time `hugflow runs --json --root DIR` itself.

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use hugflow_runs::{FlowStatus, ScanOptions, scan};

const FLOWS: [&str; 4] = ["prep", "features", "train", "evaluate"];
const ARTIFACTS: usize = 1_000;
const TARGET: Duration = Duration::from_secs(1);

fn main() {
    let builds: usize = hugflow_testkit::bench::env_number("BENCH_BUILDS", 2_000);
    let temp = tempfile::tempdir().expect("temp dir");
    // BENCH_KEEP=DIR generates the tree into DIR and leaves it there (to time the binary on it).
    let kept = std::env::var_os("BENCH_KEEP").map(std::path::PathBuf::from);
    let root = kept.as_deref().unwrap_or(temp.path());
    if kept.is_some() && root.join("runs").exists() {
        panic!(
            "{} already holds runs/: pass an empty or new folder",
            root.display()
        );
    }
    let started = Instant::now();
    generate(root, builds);
    let run_folders = builds * (FLOWS.len() + 1);
    println!(
        "generated {builds} builds × {} flows = {run_folders} run folders and {ARTIFACTS} huldra artifacts in {:.1} s",
        FLOWS.len(),
        started.elapsed().as_secs_f64()
    );

    for workers in [1, ScanOptions::default().workers] {
        let options = ScanOptions {
            workers,
            ..ScanOptions::default()
        };
        // Warm the directory and page caches; check what the scan found.
        let report = scan(root, &options).expect("scan");
        assert_eq!(report.ductaflow.len(), builds);
        assert!(
            report
                .ductaflow
                .iter()
                .all(|r| r.flows.len() == FLOWS.len())
        );
        assert_eq!(report.huldra.len(), ARTIFACTS);
        let red = report
            .ductaflow
            .iter()
            .filter(|r| r.status == FlowStatus::Error)
            .count();
        assert_eq!(red, builds.div_ceil(20));
        // Every folder's re-run was planned (the work this bench also times).
        assert!(report.ductaflow.iter().all(|r| {
            r.rerun_command.is_some() && r.flows.iter().all(|f| f.rerun_command.is_some())
        }));

        let mut best = Duration::MAX;
        let mut best_scan = Duration::MAX;
        let mut bytes = 0;
        for _ in 0..3 {
            let start = Instant::now();
            let report = scan(root, &options).expect("scan");
            let scanned = start.elapsed();
            let json = serde_json::to_vec_pretty(&report).expect("json");
            best = best.min(start.elapsed());
            best_scan = best_scan.min(scanned);
            bytes = json.len();
        }
        let secs = best.as_secs_f64();
        let ratio = TARGET.as_secs_f64() / secs;
        let verdict = if best < TARGET {
            format!("{ratio:.1}x under the 1 s target")
        } else {
            format!("{:.1}x over the 1 s target", 1.0 / ratio)
        };
        println!(
            "{workers} worker(s): {run_folders} runs in {secs:.2} s, {verdict} \
             (+{ARTIFACTS} huldra artifacts; scan {:.2} s, then {:.1} MB of JSON)",
            best_scan.as_secs_f64(),
            bytes as f64 / 1e6
        );
    }
}

fn write(path: &Path, contents: &str) {
    fs::write(path, contents).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}

fn generate(root: &Path, builds: usize) {
    // The project's scripts: the scan plans each folder's re-run from them.
    for (folder, script) in FLOWS
        .iter()
        .map(|flow| ("flows", *flow))
        .chain([("builds", "pipeline")])
    {
        fs::create_dir_all(root.join(folder)).unwrap();
        write(
            &root.join(folder).join(format!("{script}.py")),
            "print('ok')\n",
        );
    }
    for b in 0..builds {
        let build = format!("scenario_{b:05}");
        let dir = root.join("runs/pipeline").join(&build);
        fs::create_dir_all(dir.join("runs")).unwrap();
        let minute = b % 60;
        let hour = 8 + (b / 60) % 12;
        // One build in 20 fails in its train flow; one in 7 warns in prep.
        let fails = b % 20 == 0;
        let warns = b % 7 == 0;
        run_folder(&dir, "pipeline", &build, hour, minute, 0, fails, false);
        for (f, flow) in FLOWS.iter().enumerate() {
            let flow_dir = dir.join("runs").join(format!("{flow}_instance"));
            fs::create_dir_all(&flow_dir).unwrap();
            let fail = fails && *flow == "train";
            let warn = warns && *flow == "prep";
            run_folder(
                &flow_dir,
                flow,
                &build,
                hour,
                minute,
                f as u32 + 1,
                fail,
                warn,
            );
        }
    }
    for a in 0..ARTIFACTS {
        let class = if a % 4 == 0 {
            "PrepareCorpus"
        } else {
            "FineTune"
        };
        let hash = format!("{:020x}", (a as u128 + 1) * 0x9e37_79b9_7f4a_7c15);
        let dir = root
            .join("data-huldra/data/asrpipe/pipelines")
            .join(class)
            .join(&hash)
            .join(".huldra");
        fs::create_dir_all(&dir).unwrap();
        let status = if a % 10 == 0 { "failed" } else { "success" };
        let error = if status == "failed" {
            r#","error": {"type": "RuntimeError", "message": "CUDA out of memory", "traceback": "Traceback (most recent call last):\n  ...\nRuntimeError: CUDA out of memory\n"}"#
        } else {
            ""
        };
        write(
            &dir.join("state.json"),
            &format!(
                r#"{{"schema_version": 1, "result": {{"status": "{status}"}}, "attempt": {{"id": "a{a}", "number": 1, "backend": "local", "status": "{status}", "started_at": "2026-11-21T10:00:00+00:00", "heartbeat_at": "2026-11-21T10:00:30+00:00", "lease_duration_sec": 120.0, "lease_expires_at": "2026-11-21T10:02:30+00:00", "owner": {{"pid": {}, "host": "hgx-a", "hostname": "hgx-a", "user": "ml", "command": "train.py"}}, "scheduler": {{}}, "ended_at": "2026-11-21T10:01:00+00:00"{error}}}, "updated_at": "2026-11-21T10:01:00+00:00"}}"#,
                1000 + a
            ),
        );
        write(
            &dir.join("metadata.json"),
            &format!(
                r#"{{"huldra_python_def": "asrpipe.pipelines.{class}(lr={a})", "huldra_obj": {{"__class__": "asrpipe.pipelines.{class}", "lr": {a}, "corpus": {{"__class__": "asrpipe.pipelines.PrepareCorpus", "name": "cv_ms"}}}}, "huldra_hash": "{hash}", "git_commit": "6763dda8185f628867976526dace5ece5afad17a", "git_patch": "{}", "command": "train.py", "hostname": "hgx-a", "pid": {}}}"#,
                "x".repeat(2_000),
                1000 + a
            ),
        );
    }
}

#[allow(clippy::too_many_arguments)]
fn run_folder(
    dir: &Path,
    notebook: &str,
    instance: &str,
    hour: usize,
    minute: usize,
    step: u32,
    fail: bool,
    warn: bool,
) {
    let t = |s: u32| {
        format!(
            "2026-11-21 {hour:02}:{minute:02}:{:02}",
            (step * 8 + s) % 60
        )
    };
    let logger = format!("flow:{notebook}");
    let mut log = format!(
        "{} - {logger} - INFO - 🚀 Execution started\n\
         {} - {logger} - INFO - 📁 Working directory: /data/hgx/flows/runs/pipeline/{instance}\n\
         {} - {logger} - INFO - 📋 Config: {notebook}_config.json\n\
         {} - {logger} - INFO - ------------------------------------------------------------\n",
        t(0),
        t(0),
        t(0),
        t(0)
    );
    if warn {
        log.push_str("Warning: 3 rows dropped\n");
    }
    if fail {
        log.push_str(&format!(
            "{} - {logger} - ERROR - ❌ Execution failed: \n\
             ---------------------------------------------------------------------------\n\
             Exception encountered at \"In [4]\":\n\
             RuntimeError                              Traceback (most recent call last)\n\
             Cell In[4], line 5\n\
             RuntimeError: loss diverged (nan) at step 12\n",
            t(6)
        ));
    } else {
        log.push_str(&format!(
            "{} - {logger} - INFO - ------------------------------------------------------------\n\
             {} - {logger} - INFO - ✅ Execution completed\n",
            t(6),
            t(6)
        ));
    }
    write(&dir.join(format!("{notebook}_execution_output.txt")), &log);
    write(
        &dir.join(format!("{notebook}_config.json")),
        &format!(
            "{{\n  \"instance\": \"{instance}\",\n  \"rows\": 1000,\n  \"lr\": 0.0003,\n  \"_project_root\": \"/data/hgx/flows\"\n}}"
        ),
    );
    let cell = |n: usize, outputs: &str| {
        format!(
            r#"{{"cell_type": "code", "execution_count": {n}, "id": "c{n}", "metadata": {{"execution": {{"iopub.execute_input": "2026-11-21T10:00:0{n}.1Z", "iopub.status.idle": "2026-11-21T10:00:0{n}.2Z"}}, "papermill": {{"duration": 0.02, "exception": false, "status": "completed"}}, "tags": []}}, "outputs": [{outputs}], "source": ["import json\n", "print(\"step {n}\")\n"]}}"#
        )
    };
    let stream = |text: &str| {
        format!(r#"{{"name": "stdout", "output_type": "stream", "text": ["{text}\n"]}}"#)
    };
    let warning = if warn {
        stream("⚠️ Warning: only 12 rows after filtering")
    } else {
        stream("rows: 1000")
    };
    let cells = [
        cell(1, ""),
        cell(2, ""),
        cell(3, &stream("📋 Unpacking config variables:")),
        cell(4, &format!("{}, {}", stream("📊 Preparing data"), warning)),
    ]
    .join(", ");
    write(
        &dir.join(format!("{notebook}_executed.ipynb")),
        &format!(
            r#"{{"cells": [{cells}], "metadata": {{"kernelspec": {{"display_name": "Python 3", "language": "python", "name": "python3"}}, "papermill": {{"default_parameters": {{}}, "duration": 1.5, "environment_variables": {{}}}}}}, "nbformat": 4, "nbformat_minor": 5}}"#
        ),
    );
}
