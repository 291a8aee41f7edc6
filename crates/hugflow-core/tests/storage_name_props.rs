//! For any request the validator accepts, the storage name stays inside the storage root and
//! belongs to that request alone.

use std::path::{Component, Path};

use hugflow_core::request::{Request, RequestKind, parse_request};
use hugflow_core::storage_name::{DownloadTarget, parse_storage_name};
use proptest::prelude::*;

/// Values that stress the rule: path tricks, separators the name uses, shell metacharacters.
fn tricky() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z0-9._-]{1,12}",
        "[A-Za-z0-9_.%/-]{1,16}",
        Just("..".to_string()),
        Just("../../x".to_string()),
        Just("refs/convert/parquet".to_string()),
        Just("__rev_main".to_string()),
        Just("x__subset_y".to_string()),
        Just("_".to_string()),
        Just("a%2Fb".to_string()),
        Just("; rm -rf ~".to_string()),
        Just("$(id)".to_string()),
        Just("`id`".to_string()),
        Just("a\nb".to_string()),
        ".{0,10}",
    ]
}

fn hf_id() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z0-9][A-Za-z0-9_.-]{0,10}[A-Za-z0-9_]",
        "[A-Za-z0-9_]{1,6}/[A-Za-z0-9_][A-Za-z0-9_.-]{0,8}[A-Za-z0-9_]",
        tricky(),
    ]
}

fn request_yaml(hf_id: &str, subset: &Option<String>, split: &str, revision: &str) -> String {
    let q = |v: &str| serde_json::to_string(v).unwrap();
    let mut yaml = format!(
        "hf_id: {}\ndescription: d\nsplit: {}\nrevision: {}\n",
        q(hf_id),
        q(split),
        q(revision)
    );
    if let Some(subset) = subset {
        yaml.push_str(&format!("subset: {}\n", q(subset)));
    }
    yaml
}

fn accepted(
    hf_id: &str,
    subset: &Option<String>,
    split: &str,
    revision: &str,
) -> Option<DownloadTarget> {
    match parse_request(
        &request_yaml(hf_id, subset, split, revision),
        Some(RequestKind::Add),
    )
    .1
    {
        Ok(Request::Add(add)) => Some(add.target()),
        _ => None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn names_stay_in_the_root_and_parse_back(
        id in hf_id(), subset in proptest::option::of(tricky()), split in tricky(), revision in tricky()
    ) {
        let Some(target) = accepted(&id, &subset, &split, &revision) else { return Ok(()) };
        let name = target.storage_name();
        let joined = Path::new("/data/datasets").join(&name);
        prop_assert!(joined.starts_with("/data/datasets"));
        let components: Vec<Component> = Path::new(&name).components().collect();
        prop_assert_eq!(components.len(), 1, "{} is not one path component", name);
        prop_assert!(matches!(components[0], Component::Normal(_)));
        prop_assert!(!name.contains('/') && !name.contains('\0') && !name.contains('\n'));
        prop_assert!(name.len() <= 255);
        // Reversible, hence no two accepted requests share a name.
        prop_assert_eq!(parse_storage_name(&name), Some(target));
    }

    #[test]
    fn different_requests_get_different_names(
        a in (hf_id(), proptest::option::of(tricky()), tricky(), tricky()),
        b in (hf_id(), proptest::option::of(tricky()), tricky(), tricky()),
    ) {
        let (Some(ta), Some(tb)) = (accepted(&a.0, &a.1, &a.2, &a.3), accepted(&b.0, &b.1, &b.2, &b.3)) else {
            return Ok(());
        };
        if ta != tb {
            prop_assert_ne!(ta.storage_name(), tb.storage_name());
        }
    }
}

#[test]
fn the_generators_reach_accepted_requests() {
    // Guards the property tests against vacuity: plenty of generated inputs must be valid.
    let valid = [
        accepted(
            "org/data",
            &Some("__rev_main".into()),
            "_",
            "refs/convert/parquet",
        ),
        accepted("a_", &None, "train", "x__rev_main"),
        accepted("org/data", &Some("; rm -rf ~".into()), "$(id)", "main"),
    ];
    assert!(valid.iter().all(Option::is_some), "{valid:?}");
}
