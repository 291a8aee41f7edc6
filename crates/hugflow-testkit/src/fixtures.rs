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
