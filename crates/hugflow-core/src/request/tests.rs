use super::*;

fn errors(text: &str, kind: RequestKind) -> Vec<FieldError> {
    parse_request(text, Some(kind)).1.unwrap_err()
}

fn add(text: &str) -> AddRequest {
    match parse_request(text, Some(RequestKind::Add)).1 {
        Ok(Request::Add(request)) => request,
        other => panic!("expected a valid add request, got {other:?}"),
    }
}

#[test]
fn minimal_add_request_gets_the_seed_defaults() {
    let request = add(
        "hf_id: \"mozilla-foundation/common_voice_11_0\"\ndescription: \"Malay ASR training data\"\n",
    );
    assert_eq!(request.hf_id, "mozilla-foundation/common_voice_11_0");
    assert_eq!(request.revision, "main");
    assert_eq!(request.subset, None);
    assert_eq!(request.split, "train");
    assert_eq!(request.audio_column, "audio");
    assert_eq!(request.text_column, "text");
    assert_eq!(request.download_mode(), "full");
    assert_eq!(
        request.storage_name(),
        "mozilla-foundation__common_voice_11_0__rev_main"
    );
}

#[test]
fn full_add_request_from_the_seed() {
    let request = add(
        "hf_id: \"mozilla-foundation/common_voice_11_0\"\ndescription: \"Malay ASR training data\"\n\
         revision: \"main\"           # default: \"main\"\nsubset: \"ms\"\nsplit: \"train\"\n\
         audio_column: \"audio\"\ntext_column: \"text\"\n",
    );
    assert_eq!(request.subset.as_deref(), Some("ms"));
    assert_eq!(request.download_mode(), "specific");
    assert_eq!(
        request.storage_name(),
        "mozilla-foundation__common_voice_11_0__subset_ms__split_train__rev_main"
    );
}

#[test]
fn remove_request_needs_a_reason() {
    let (kind, result) = parse_request("hf_id: a/b\nreason: No longer needed\n", None);
    assert_eq!(kind, RequestKind::Remove);
    assert_eq!(
        result.unwrap(),
        Request::Remove(RemoveRequest {
            hf_id: "a/b".into(),
            reason: "No longer needed".into()
        })
    );
    let errs = errors("hf_id: a/b\nreason: \"   \"\n", RequestKind::Remove);
    assert_eq!(errs.len(), 1);
    assert_eq!(
        (errs[0].field.as_str(), errs[0].line, errs[0].column),
        ("reason", 2, 9)
    );
}

#[test]
fn every_error_of_a_file_is_reported_with_its_place() {
    let errs = errors(
        "hf_id: \"a--b\"\ndescripton: typo\nrevision: ../../etc\nsubset: a/b\nsplit: \"x\\ny\"\n",
        RequestKind::Add,
    );
    let summary: Vec<(&str, usize, usize)> = errs
        .iter()
        .map(|e| (e.field.as_str(), e.line, e.column))
        .collect();
    assert_eq!(
        summary,
        vec![
            ("descripton", 2, 1),
            ("hf_id", 1, 8),
            ("description", 1, 1),
            ("revision", 3, 11),
            ("subset", 4, 9),
            ("split", 5, 8),
        ]
    );
    assert_eq!(errs[0].hint.as_deref(), Some("did you mean `description`?"));
    assert!(errs[2].message.contains("missing"), "{:?}", errs[2]);
}

#[test]
fn unknown_keys_get_helpful_hints() {
    let errs = errors(
        "hf_id: a/b\ndescription: d\nreason: x\nfoo: 1\n",
        RequestKind::Add,
    );
    assert_eq!(
        errs[0].hint.as_deref(),
        Some("`reason` belongs in a remove request (requests/remove/)")
    );
    assert!(
        errs[1]
            .hint
            .as_deref()
            .unwrap()
            .starts_with("allowed keys: hf_id, description")
    );
}

#[test]
fn duplicates_and_nested_values_are_errors() {
    let errs = errors(
        "hf_id: a/b\nhf_id: c/d\ndescription: [x]\n",
        RequestKind::Add,
    );
    assert!(
        errs[0].message.contains("given twice (first on line 1)"),
        "{errs:?}"
    );
    assert!(errs[1].message.contains("not a list"), "{errs:?}");
}

#[test]
fn syntax_errors_carry_a_position() {
    let errs = errors("hf_id: \"unterminated\ndescription: x\n", RequestKind::Add);
    assert_eq!(errs.len(), 1);
    assert!(errs[0].message.starts_with("not valid YAML"));
    assert!(errs[0].line >= 1);
}

#[test]
fn hostile_values_are_rejected_where_they_could_escape() {
    for value in ["; rm -rf ~", "$(id)", "`id`", "a\nb", "..", "../x"] {
        let text = format!(
            "hf_id: {}\ndescription: d\n",
            serde_json::to_string(value).unwrap()
        );
        assert!(
            !errors(&text, RequestKind::Add).is_empty(),
            "hf_id {value:?}"
        );
        let text = format!(
            "hf_id: a/b\ndescription: d\nrevision: {}\n",
            serde_json::to_string(value).unwrap()
        );
        assert!(
            !errors(&text, RequestKind::Add).is_empty(),
            "revision {value:?}"
        );
    }
    // A subset may hold shell metacharacters (config names are free text), but never a path.
    let request = add("hf_id: a/b\ndescription: d\nsubset: \"; rm -rf ~\"\nsplit: \"$(id)\"\n");
    assert!(!request.storage_name().contains('/'));
    for value in ["..", "a/b", "x\ny"] {
        let text = format!(
            "hf_id: a/b\ndescription: d\nsubset: {}\n",
            serde_json::to_string(value).unwrap()
        );
        assert!(
            !errors(&text, RequestKind::Add).is_empty(),
            "subset {value:?}"
        );
    }
}

#[test]
fn revisions_may_be_refs() {
    let request = add("hf_id: a/b\ndescription: d\nrevision: refs/convert/parquet\n");
    assert_eq!(request.revision, "refs/convert/parquet");
    assert_eq!(request.storage_name(), "a__b__rev_refs%2Fconvert%2Fparquet");
}

#[test]
fn numbers_are_read_as_written() {
    assert_eq!(
        add("hf_id: a/b\ndescription: d\nrevision: 1.0\n").revision,
        "1.0"
    );
}

#[test]
fn yaml_round_trips_through_the_parser() {
    let request = AddRequest {
        hf_id: "org/data".into(),
        description: "Line one: with \"quotes\"\nand a second line".into(),
        revision: "v1.0".into(),
        subset: Some("ms".into()),
        split: "validation".into(),
        audio_column: "audio".into(),
        text_column: "sentence".into(),
        stage: None,
    };
    let yaml = to_yaml(&request);
    assert!(
        !yaml.contains("audio_column"),
        "defaults are left out:\n{yaml}"
    );
    assert_eq!(add(&yaml), request);
}

#[test]
fn kind_comes_from_the_folder() {
    assert_eq!(
        RequestKind::from_path(Path::new("requests/add/x.yaml")),
        Some(RequestKind::Add)
    );
    assert_eq!(
        RequestKind::from_path(Path::new("/r/requests/remove/x.yml")),
        Some(RequestKind::Remove)
    );
    assert_eq!(RequestKind::from_path(Path::new("x.yaml")), None);
}

#[test]
fn a_pull_requests_request_files_are_exactly_requests_add_or_remove_name_yaml() {
    assert_eq!(
        RequestKind::of_repository_path("requests/add/cv.yaml"),
        Some(RequestKind::Add)
    );
    assert_eq!(
        RequestKind::of_repository_path("requests/remove/old.yml"),
        Some(RequestKind::Remove)
    );
    for path in [
        "x/requests/add/a.yaml",
        "requests/add/sub/a.yaml",
        "requests/add/../a.yaml",
        "requests/add/../../etc/passwd.yaml",
        "requests/../requests/add/a.yaml",
        "/requests/add/a.yaml",
        "requests//add/a.yaml",
        "requests/add/.yaml",
        "requests/add/.hidden.yaml",
        "requests/add/a.json",
        "requests/add/a\\b.yaml",
        "requests/add/a\nb.yaml",
        "requests/other/a.yaml",
        "add/a.yaml",
        ".env",
    ] {
        assert_eq!(RequestKind::of_repository_path(path), None, "{path:?}");
    }
}

#[test]
fn removal_yaml_round_trips_through_the_parser() {
    let request = RemoveRequest {
        hf_id: "org/data".into(),
        reason: "superseded by v2: \"data-v2\"\n(see #12)".into(),
    };
    let yaml = remove_to_yaml(&request);
    let (kind, parsed) = parse_request(&yaml, Some(RequestKind::Remove));
    assert_eq!(kind, RequestKind::Remove);
    assert_eq!(parsed.unwrap(), Request::Remove(request));
}

#[test]
fn a_stage_block_names_the_cluster_nodes_and_round_trips() {
    let request = add(
        "hf_id: a/b\ndescription: x\nstage:\n  nodes: gpu[01-04]\n  nodes_count: 4\n  target: /local/nvme/datasets\n",
    );
    let stage = request.stage.clone().expect("a stage");
    assert_eq!(stage.nodes.as_deref(), Some("gpu[01-04]"));
    assert_eq!(stage.nodes_count, Some(4));
    assert_eq!(stage.target, "/local/nvme/datasets");
    assert_eq!(add(&to_yaml(&request)), request);
    assert_eq!(add("hf_id: a/b\ndescription: x\nstage:\n").stage, None);
    let partition = add("hf_id: a/b\ndescription: x\nstage:\n  partition: gpu\n  target: /raid\n");
    assert_eq!(partition.stage.unwrap().partition.as_deref(), Some("gpu"));
}

#[test]
fn a_bad_stage_block_names_each_field_and_its_line() {
    let cases: [(&str, &str, usize, &str); 7] = [
        ("stage: n1\n", "stage", 3, "must be a mapping, not text"),
        ("stage:\n  nodes: n1\n", "stage.target", 3, "is missing"),
        (
            "stage:\n  nodes: n1;reboot\n  target: /x\n",
            "stage.nodes",
            4,
            "';' is not allowed",
        ),
        (
            "stage:\n  nodes: n1\n  target: ../etc\n",
            "stage.target",
            5,
            "absolute path",
        ),
        ("stage:\n  target: /x\n", "stage", 3, "name the nodes"),
        (
            "stage:\n  node: n1\n  target: /x\n",
            "stage.node",
            4,
            "unknown key",
        ),
        (
            "stage:\n  nodes: n1\n  nodes_count: many\n  target: /x\n",
            "stage.nodes_count",
            5,
            "whole number",
        ),
    ];
    for (tail, field, line, message) in cases {
        let text = format!("hf_id: a/b\ndescription: x\n{tail}");
        let errors = errors(&text, RequestKind::Add);
        assert_eq!(errors.len(), 1, "{tail}: {errors:?}");
        let error = &errors[0];
        assert_eq!(
            (error.field.as_str(), error.line),
            (field, line),
            "{tail}: {error:?}"
        );
        assert!(error.message.contains(message), "{tail}: {}", error.message);
        assert!(error.hint.is_some());
    }
    let hint = &errors(
        "hf_id: a/b\ndescription: x\nstage:\n  nodez: n1\n  target: /x\n",
        RequestKind::Add,
    )[0];
    assert_eq!(hint.hint.as_deref(), Some("did you mean `nodes`?"));
    // Any other key given a mapping is still refused as before.
    let nested = &errors("hf_id: a/b\ndescription:\n  x: 1\n", RequestKind::Add)[0];
    assert!(nested.message.contains("not a mapping"), "{nested:?}");
}
