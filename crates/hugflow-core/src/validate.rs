//! `hugflow validate`: check request files (or whole folders of them) and report every error.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::request::{FieldError, RequestKind, load_request_file};

pub const VALIDATE_SCHEMA: u32 = 1;

#[derive(Debug, Clone, Serialize)]
pub struct ValidationReport {
    pub schema: u32,
    pub files: Vec<FileValidation>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FileValidation {
    pub file: String,
    pub ok: bool,
    pub kind: Option<RequestKind>,
    pub hf_id: Option<String>,
    pub storage_name: Option<String>,
    pub errors: Vec<FieldError>,
}

impl ValidationReport {
    pub fn all_ok(&self) -> bool {
        self.files.iter().all(|f| f.ok)
    }
}

/// Validates each path; a directory stands for every `*.yaml`/`*.yml` below it.
pub fn validate_paths(paths: &[PathBuf]) -> ValidationReport {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut found = Vec::new();
            collect_yaml(path, &mut found);
            found.sort();
            files.extend(found.iter().map(|p| validate_file(p)));
        } else {
            files.push(validate_file(path));
        }
    }
    ValidationReport {
        schema: VALIDATE_SCHEMA,
        files,
    }
}

pub fn validate_file(path: &Path) -> FileValidation {
    let report = load_request_file(path);
    let hf_id = report
        .request
        .as_ref()
        .map(|r| r.hf_id().trim().to_string());
    let storage_name = report.storage_name();
    FileValidation {
        file: path.display().to_string(),
        ok: report.errors.is_empty(),
        kind: report.kind,
        hf_id,
        storage_name,
        errors: report.errors,
    }
}

fn collect_yaml(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_yaml(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
}
