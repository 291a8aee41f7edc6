//! Answers of the real Rust rules (storage names, request plans, host targets, the GitOps
//! repository and GitHub API URL settings) for a table of
//! inputs, written into `ui/src/generated/rules.json`, so the UI's fake backend looks answers
//! up instead of keeping a TypeScript copy of a rule that could drift from this one.
//!
//! A UI test that needs an input missing here fails and says to add it to the tables below;
//! `make bindings` rewrites the file, and a test here fails when the committed file is stale.

use std::path::Path;

use hugflow_core::cluster::StageSpec;
use hugflow_core::storage_name::storage_name;
use hugflow_gitops::{AddDraft, Draft, Plan, RemoveDraft};
use serde::Serialize;

use crate::{ApiError, HostInput, NotificationSettings, RequestSettings};

/// The file's name in `ui/src/generated/`.
pub const FILE: &str = "rules.json";

/// The request form's defaults, read by the UI itself (not only its tests).
pub const DEFAULTS_FILE: &str = "request-defaults.json";

/// Writes the rule fixtures and the request defaults into `dir` (`ui/src/generated/`).
pub fn write_to(dir: &Path) -> std::io::Result<()> {
    std::fs::write(dir.join(FILE), render())?;
    std::fs::write(dir.join(DEFAULTS_FILE), render_defaults())
}

/// What an add request gets for a field it leaves out (`hugflow_core::request`), so the
/// form shows the values the engine will use without a TypeScript copy of them.
pub fn render_defaults() -> String {
    use hugflow_core::request::{
        DEFAULT_AUDIO_COLUMN, DEFAULT_REVISION, DEFAULT_SPLIT, DEFAULT_TEXT_COLUMN,
    };
    let defaults = serde_json::json!({
        "revision": DEFAULT_REVISION,
        "split": DEFAULT_SPLIT,
        "audio_column": DEFAULT_AUDIO_COLUMN,
        "text_column": DEFAULT_TEXT_COLUMN,
    });
    let mut text = serde_json::to_string_pretty(&defaults).expect("defaults serialize");
    text.push('\n');
    text
}

/// The file's text: pretty JSON, so a changed answer shows as a small diff in review.
pub fn render() -> String {
    let rules = Rules {
        about: "Written by `make bindings` from crates/hugflow-api/src/rule_fixtures.rs: the real Rust functions' answers for its tables of inputs. Do not edit.",
        storage_names: STORAGE_NAMES
            .iter()
            .map(|&(hf_id, subset, split, revision)| StorageNameRow {
                hf_id,
                subset,
                split,
                revision,
                storage_name: storage_name(hf_id, subset, split, revision),
            })
            .collect(),
        plans: drafts()
            .into_iter()
            .map(|draft| PlanRow {
                plan: draft.plan(),
                draft,
            })
            .collect(),
        hosts: host_inputs()
            .into_iter()
            .map(|input| HostRow {
                answer: add_host_answer(&input),
                input: HostInputRow {
                    name: input.name,
                    storage_root: input.storage_root,
                    checkout: input.checkout,
                },
            })
            .collect(),
        request_settings: REQUEST_SETTINGS
            .iter()
            .map(|&(repo, api_url)| SettingsRow {
                input: SettingsInput { repo, api_url },
                answer: request_settings_answer(repo, api_url),
            })
            .collect(),
        stages: stage_rows(),
    };
    let mut text = serde_json::to_string_pretty(&rules).expect("the rule fixtures serialize");
    text.push('\n');
    text
}

#[derive(Serialize)]
struct Rules {
    #[serde(rename = "_about")]
    about: &'static str,
    storage_names: Vec<StorageNameRow>,
    plans: Vec<PlanRow>,
    hosts: Vec<HostRow>,
    request_settings: Vec<SettingsRow>,
    stages: Vec<StageRow>,
}

/// What "Stage on cluster" sends, and the message `stage_on_cluster` refuses it with (none:
/// it goes to the login node).
#[derive(Serialize)]
struct StageRow {
    storage_name: &'static str,
    spec: StageSpec,
    rejected: Option<String>,
}

/// The stage form's inputs in the UI's tests, then hostile ones.
fn stage_rows() -> Vec<StageRow> {
    let spec = |nodes: Option<&str>, partition: Option<&str>, count: Option<u32>, target: &str| {
        StageSpec {
            nodes: nodes.map(str::to_string),
            partition: partition.map(str::to_string),
            nodes_count: count,
            target: target.to_string(),
        }
    };
    let name = "acme__speech__rev_main";
    [
        (
            name,
            spec(Some("n[1-3]"), None, None, "/local/nvme/datasets"),
        ),
        (
            name,
            spec(Some("n1,n2"), None, None, "/local/nvme/datasets"),
        ),
        (
            name,
            spec(None, Some("debug"), Some(2), "/local/nvme/datasets"),
        ),
        (
            name,
            spec(Some("n1;reboot"), None, None, "/local/nvme/datasets"),
        ),
        (name, spec(None, None, None, "/local/nvme/datasets")),
        (name, spec(Some("n1"), None, None, "local/nvme")),
        (name, spec(Some("n1"), None, None, "/local/../etc")),
        (
            "../etc",
            spec(Some("n1"), None, None, "/local/nvme/datasets"),
        ),
    ]
    .into_iter()
    .map(|(storage_name, spec)| StageRow {
        rejected: hugflow_core::cluster::check_storage_name(storage_name)
            .and_then(|()| spec.check())
            .err()
            .map(|e| e.to_string()),
        storage_name,
        spec,
    })
    .collect()
}

#[derive(Serialize)]
struct StorageNameRow {
    hf_id: &'static str,
    subset: Option<&'static str>,
    split: &'static str,
    revision: &'static str,
    storage_name: String,
}

/// A draft as the request form sends it to `plan_request`, and the plan the desktop answers.
#[derive(Serialize)]
struct PlanRow {
    draft: Draft,
    plan: Plan,
}

/// `HostInput` only deserializes (it comes from the UI); this is its JSON.
#[derive(Serialize)]
struct HostInputRow {
    name: String,
    storage_root: Option<String>,
    checkout: Option<String>,
}

#[derive(Serialize)]
struct HostRow {
    input: HostInputRow,
    answer: HostAnswer,
}

/// What `add_host` makes of the form: the saved name and paths, or the error it rejects with.
#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
enum HostAnswer {
    Saved {
        name: String,
        storage_root: Option<String>,
        checkout: Option<String>,
    },
    Rejected(ApiError),
}

/// What `HugflowApp::add_host` saves of the form, or why it refuses it: its own check.
fn add_host_answer(input: &HostInput) -> HostAnswer {
    match input.checked() {
        Ok(host) => HostAnswer::Saved {
            name: host.name,
            storage_root: host.storage_root,
            checkout: host.checkout,
        },
        Err(error) => HostAnswer::Rejected(error),
    }
}

#[derive(Serialize)]
struct SettingsInput {
    repo: &'static str,
    api_url: &'static str,
}

#[derive(Serialize)]
struct SettingsRow {
    input: SettingsInput,
    answer: SettingsAnswer,
}

/// What `set_request_settings` saves of the repository and API URL, or why it refuses them.
#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
enum SettingsAnswer {
    Saved { repo: String, api_url: String },
    Rejected(ApiError),
}

/// What `HugflowApp::set_request_settings` saves of the repository and API URL, or why it
/// refuses them: its own check.
fn request_settings_answer(repo: &str, api_url: &str) -> SettingsAnswer {
    let settings = RequestSettings {
        repo: repo.to_string(),
        base_branch: String::new(),
        api_url: api_url.to_string(),
        notifications: NotificationSettings {
            complete: true,
            failed: true,
            merged: true,
            comment: true,
        },
    };
    match settings.checked_gitops() {
        Ok((repo, api_url)) => SettingsAnswer::Saved { repo, api_url },
        Err(error) => SettingsAnswer::Rejected(error),
    }
}

/// `(repo, api_url)` as Settings → Requests sends them: the page tests', then hostile ones.
const REQUEST_SETTINGS: &[(&str, &str)] = &[
    (" my-team/datasets-gitops ", "https://api.github.com"),
    ("not a repo", "https://api.github.com"),
    ("", "https://api.github.com"),
    (
        "https://github.com/my-team/datasets-gitops.git/",
        "https://api.github.com",
    ),
    ("my-team", "https://api.github.com"),
    ("a/b/c", "https://api.github.com"),
    ("a/..", "https://api.github.com"),
    ("https://github.com/my-team", "https://api.github.com"),
    ("ünï/cödé", "https://api.github.com"),
    ("--upload-pack/x", "https://api.github.com"),
    (
        "my-team/datasets-gitops",
        " https://github.example.com/api/v3 ",
    ),
    ("my-team/datasets-gitops", "http://localhost:8080"),
    ("my-team/datasets-gitops", "ftp://github.example.com"),
    ("my-team/datasets-gitops", "not a url"),
    ("my-team/datasets-gitops", ""),
];

/// `(hf_id, subset, split, revision)`: plain names, and the ones that must be encoded.
const STORAGE_NAMES: &[(&str, Option<&str>, &str, &str)] = &[
    ("openslr/librispeech_asr", None, "train", "main"),
    (
        "openslr/librispeech_asr",
        Some("clean"),
        "train.100",
        "v2.0",
    ),
    (
        "mozilla-foundation/common_voice_11_0",
        Some("ms"),
        "train",
        "main",
    ),
    ("Revolab/repetitive_conversations", None, "train", "main"),
    ("squad", None, "train", "main"),
    ("a/b", None, "train", "refs/convert/parquet"),
    ("a/b", Some("x__y"), "train", "main"),
    ("a/b", Some("../etc"), "train", "main"),
    ("a/b", Some("my subset"), "validation", "main"),
    ("a/b", Some("malais-é"), "train", "main"),
    ("a/b", Some("_lead"), "trail_", "main"),
    ("a/b", None, "train", "v1..v2"),
    ("a/b", None, "train", ".git"),
    ("a/b", Some(""), "train", "main"),
];

/// The add form's draft as it starts: the form fills in the default options.
fn form(hf_id: &str, description: &str) -> AddDraft {
    AddDraft {
        hf_id: hf_id.into(),
        description: description.into(),
        revision: Some("main".into()),
        audio_column: Some("audio".into()),
        text_column: Some("text".into()),
        ..AddDraft::default()
    }
}

/// A draft with only the id and description typed (the CLI's and the fake tests' shape).
fn bare(hf_id: &str, description: &str) -> AddDraft {
    AddDraft {
        hf_id: hf_id.into(),
        description: description.into(),
        ..AddDraft::default()
    }
}

fn remove(hf_id: &str, reason: &str, storage_name: Option<&str>) -> Draft {
    Draft::Remove(RemoveDraft {
        hf_id: hf_id.into(),
        reason: reason.into(),
        storage_name: storage_name.map(str::to_string),
    })
}

fn some(value: &str) -> Option<String> {
    Some(value.into())
}

/// Every draft the UI's tests and demo plan: the page tests' drafts, then hostile ones.
fn drafts() -> Vec<Draft> {
    const LIBRI: &str = "openslr/librispeech_asr";
    const LIBRI_MAIN: &str = "openslr__librispeech_asr__rev_main";
    const ACME: &str = "acme/private-set";
    let too_long = "r".repeat(250);
    let adds = [
        // The request form on a dataset's page (RequestPage, DatasetPage, App tests).
        form(LIBRI, ""),
        form(LIBRI, "English ASR baseline"),
        form(LIBRI, "x"),
        form(LIBRI, "again"),
        form("", "English ASR baseline"),
        form("bad--id", "English ASR baseline"),
        AddDraft {
            subset: some("clean"),
            split: some("train.100"),
            ..form(LIBRI, "")
        },
        AddDraft {
            subset: some("clean"),
            split: some("train.100"),
            ..form(LIBRI, "again")
        },
        AddDraft {
            revision: some("v2.0"),
            subset: some("clean"),
            split: some("train.100"),
            ..form(LIBRI, "")
        },
        AddDraft {
            revision: some("v2.0"),
            subset: some("clean"),
            split: some("train.100"),
            ..form(LIBRI, "d")
        },
        AddDraft {
            revision: some("v2.0"),
            subset: some("clean"),
            split: some("train.100"),
            text_column: some("speaker_id"),
            ..form(LIBRI, "d")
        },
        // A dataset the Hub does not know: every option typed.
        form("", ""),
        form(ACME, ""),
        form(ACME, "Internal"),
        AddDraft {
            subset: some("ms"),
            split: some("train"),
            ..form(ACME, "Internal")
        },
        // The fake's own tests: trimming, defaults left out of the YAML, hostile values.
        AddDraft {
            subset: some("ms"),
            split: some(" "),
            ..bare(" mozilla/cv ", "Malay ASR")
        },
        AddDraft {
            revision: some("v2.0"),
            audio_column: some("audio"),
            text_column: some("sentence"),
            ..bare("a/b", "x")
        },
        bare("bad--id", "  "),
        bare("a/b", "x\"\nrevision: evil\n# ; rm -rf ~"),
        bare("", ""),
        bare("../etc/passwd", "x"),
        bare("a/b/c", "x"),
        bare("/b", "x"),
        bare("a/", "x"),
        bare("my dataset", "x"),
        bare("ünï/cödé", "x"),
        bare("-a/b", "x"),
        bare("a/b.git", "x"),
        bare("a/.git", "x"),
        bare("a/b", "données vocales 🎙"),
        AddDraft {
            revision: some("refs/convert/parquet"),
            ..bare("a/b", "x")
        },
        AddDraft {
            revision: some("v1..v2"),
            ..bare("a/b", "x")
        },
        AddDraft {
            revision: some("--upload-pack=evil"),
            ..bare("a/b", "x")
        },
        AddDraft {
            revision: some(&too_long),
            ..bare("a/b", "x")
        },
        AddDraft {
            subset: some("../x"),
            split: some("a/b"),
            ..bare("a/b", "x")
        },
        AddDraft {
            subset: some("x__y"),
            split: some("my split"),
            ..bare("a/b", "x")
        },
        AddDraft {
            audio_column: some(" "),
            text_column: some("a/b"),
            ..bare("a/b", "x")
        },
    ];
    let mut drafts: Vec<Draft> = adds.into_iter().map(Draft::Add).collect();
    drafts.extend([
        // The removal form on a host's dataset (RequestPage tests).
        remove(LIBRI, "", Some(LIBRI_MAIN)),
        remove(LIBRI, "Superseded by v2", Some(LIBRI_MAIN)),
        remove("a/b", "", None),
        remove("a/b", "gone", Some("  ")),
        remove("a--b", "gone", None),
        remove("", "", None),
    ]);
    drafts
}

fn host(name: &str, storage_root: Option<&str>, checkout: Option<&str>) -> HostInput {
    HostInput {
        cluster: None,
        name: name.into(),
        storage_root: storage_root.map(str::to_string),
        checkout: checkout.map(str::to_string),
    }
}

/// What the Add host form sends in the UI's tests, then hostile input.
fn host_inputs() -> Vec<HostInput> {
    vec![
        host("hgx-a", None, None),
        host("hgx-a", Some("/data/datasets"), Some("~/gitops")),
        host("hgx-a", Some("/data/datasets"), Some("/srv/gitops")),
        host("hgx-a", Some("data"), None),
        host("hgx-c", Some("data"), None),
        host("ml@10.0.0.5:2222", Some("~/datasets"), None),
        host(" hgx-b ", Some(" /data "), Some("  ")),
        host("ml@bad host", None, None),
        host(" ", None, None),
        host("", None, None),
        host("-oProxyCommand=x", None, None),
        host("hgx-a:99999", None, None),
        host("hgx-a:0", None, None),
        host("ml@[fe80::1]:22", None, None),
        host("[fe80::1", None, None),
        host("hgx-a;rm -rf ~", None, None),
        host("hgx-ä", None, None),
        host("hgx-a", Some("../data"), None),
        host("hgx-a", Some("/data/$(reboot)"), None),
        host("hgx-a", None, Some("gitops")),
        host("hgx-a", Some("~"), Some("~/a b")),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn committed_rule_fixtures_match_the_rust_functions() {
        let path = crate::bindings::generated_dir().join(FILE);
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        // Not assert_eq!: a diff of two long JSON texts buries the one line that matters.
        assert!(
            committed == render(),
            "{} is not what the Rust rules answer now: run `make bindings` and commit it",
            path.display()
        );
    }

    #[test]
    fn committed_request_defaults_match_the_core() {
        let path = crate::bindings::generated_dir().join(DEFAULTS_FILE);
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert_eq!(
            committed,
            render_defaults(),
            "{} is stale: run `make bindings`",
            path.display()
        );
    }

    #[test]
    fn every_table_input_is_there_once() {
        let rendered: serde_json::Value = serde_json::from_str(&render()).unwrap();
        for table in ["storage_names", "plans", "hosts", "request_settings"] {
            let rows = rendered[table].as_array().unwrap();
            let keys: std::collections::HashSet<String> = rows
                .iter()
                .map(|row| match table {
                    "storage_names" => {
                        let mut row = row.clone();
                        row.as_object_mut().unwrap().remove("storage_name");
                        row.to_string()
                    }
                    "plans" => row["draft"].to_string(),
                    "hosts" | "request_settings" => row["input"].to_string(),
                    _ => unreachable!("{table} is not a table"),
                })
                .collect();
            assert_eq!(keys.len(), rows.len(), "a {table} input is listed twice");
        }
    }
}
