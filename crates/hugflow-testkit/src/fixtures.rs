//! The shared fixtures (`../shared/fixtures/`), and writable copies of them.

use std::fs;
use std::path::{Path, PathBuf};

/// `shared/fixtures/`, beside the project's checkout.
pub fn fixtures_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures");
    assert!(
        dir.is_dir(),
        "the shared fixtures are missing at {}: clone the project next to shared/",
        dir.display()
    );
    dir
}

/// The checkout the Python Hugflow wrote (`.hugflow-state/` and `datasets/`).
pub fn python_state_checkout() -> PathBuf {
    fixtures_dir().join("hugflow-python-state")
}

/// A writable copy of `python_state_checkout()` in a fresh temporary directory.
pub fn copy_python_state() -> tempfile::TempDir {
    let temp = tempfile::tempdir().expect("create a temp dir");
    copy_tree(&python_state_checkout(), temp.path());
    temp
}

/// Copies `from` into `to` recursively, making every copied file writable (the fixtures are
/// read-only).
pub fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap_or_else(|e| panic!("create {}: {e}", to.display()));
    for entry in fs::read_dir(from).unwrap_or_else(|e| panic!("read {}: {e}", from.display())) {
        let entry = entry.expect("directory entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target)
                .unwrap_or_else(|e| panic!("copy to {}: {e}", target.display()));
            let mut permissions = fs::metadata(&target).expect("metadata").permissions();
            #[allow(clippy::permissions_set_readonly_false)]
            permissions.set_readonly(false);
            fs::set_permissions(&target, permissions).expect("make writable");
        }
    }
}

/// The train flow of the ductaflow fixture, relative to its project.
pub const DUCTAFLOW_TRAIN_FLOW: &str = "runs/pipeline/diverged/runs/train_instance";

/// ductaflow's CLI mode in a few lines of real Python: `--config` and `--output-dir`, what it
/// was given printed (`rows=… cwd=… out=…`), a sleep when the config says `sleep`, and the
/// config's `exit` as its exit code.
const CLI_TRAIN_FLOW: &str = r#"
import argparse, json, os, sys, time
parser = argparse.ArgumentParser()
parser.add_argument("--config")
parser.add_argument("--output-dir")
args = parser.parse_args()
config = json.load(open(args.config))
print(f"rows={config['rows']} cwd={os.getcwd()} out={args.output_dir}", flush=True)
time.sleep(config.get("sleep", 0))
sys.exit(config.get("exit", 0))
"#;

/// A writable copy of the ductaflow fixture's project whose `flows/train.py` runs as a script
/// (see [`CLI_TRAIN_FLOW`]), the saved config of [`DUCTAFLOW_TRAIN_FLOW`] extended with `extra`.
/// Returns the copy and that flow's folder in it.
pub fn ductaflow_project_to_rerun(extra: serde_json::Value) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("create a temp dir");
    copy_tree(&fixtures_dir().join("ductaflow/project"), dir.path());
    fs::write(dir.path().join("flows/train.py"), CLI_TRAIN_FLOW).expect("write the flow");
    let flow = dir.path().join(DUCTAFLOW_TRAIN_FLOW);
    let config_path = flow.join("train_config.json");
    let mut config: serde_json::Value =
        serde_json::from_slice(&fs::read(&config_path).expect("read the config")).unwrap();
    for (key, value) in extra.as_object().expect("extra config is an object") {
        config[key] = value.clone();
    }
    fs::write(&config_path, config.to_string()).expect("write the config");
    (dir, flow)
}
