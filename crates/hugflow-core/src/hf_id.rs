//! The Hugging Face Hub's rule for repository ids (`[namespace/]name`).
//!
//! Mirrors `huggingface_hub.utils.validate_repo_id`: characters `[A-Za-z0-9_.-]`, no `--` or
//! `..`, no leading or trailing `-` or `.`, not ending in `.git`, each part at most 96 characters.

/// Longest namespace or name the Hub accepts.
pub const MAX_PART_LEN: usize = 96;

/// Checks `id` (already trimmed) and explains the first rule it breaks.
pub fn validate_hf_id(id: &str) -> Result<(), String> {
    if id.is_empty() {
        return Err(
            "is empty; give the dataset's id as on its Hub page, e.g. `openslr/librispeech_asr`"
                .into(),
        );
    }
    let parts: Vec<&str> = id.split('/').collect();
    if parts.len() > 2 {
        return Err(format!(
            "`{id}` has {} slashes; a Hub id is `name` or `namespace/name`",
            parts.len() - 1
        ));
    }
    for part in &parts {
        validate_part(id, part)?;
    }
    if id.contains("--") || id.contains("..") {
        return Err(format!(
            "`{id}` contains `--` or `..`, which the Hub forbids"
        ));
    }
    if id.ends_with(".git") {
        return Err(format!("`{id}` ends in `.git`; drop the suffix"));
    }
    Ok(())
}

fn validate_part(id: &str, part: &str) -> Result<(), String> {
    if part.is_empty() {
        return Err(format!("`{id}` has an empty part around `/`"));
    }
    if let Some(bad) = part
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')))
    {
        return Err(format!(
            "`{id}` contains {bad:?}; only letters, digits, `_`, `-` and `.` are allowed"
        ));
    }
    if part.starts_with(['-', '.']) || part.ends_with(['-', '.']) {
        return Err(format!("`{part}` in `{id}` starts or ends with `-` or `.`"));
    }
    if part.len() > MAX_PART_LEN {
        return Err(format!(
            "`{part}` is {} characters; the Hub allows at most {MAX_PART_LEN}",
            part.len()
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::validate_hf_id;

    #[test]
    fn accepts_real_ids() {
        for id in [
            "squad",
            "mozilla-foundation/common_voice_11_0",
            "openslr/librispeech_asr",
            "Revolab/repetitive_conversations",
            "HuggingFaceM4/the_cauldron",
            "a/b.c_d-e",
        ] {
            assert_eq!(validate_hf_id(id), Ok(()), "{id}");
        }
    }

    #[test]
    fn rejects_what_the_hub_rejects() {
        let long = "x".repeat(97);
        for id in [
            "",
            "a/b/c",
            "/b",
            "a/",
            "a--b",
            "a..b",
            "-a",
            "a.",
            "repo.git",
            "a b",
            "a/$(id)",
            "; rm -rf ~",
            "a/`id`",
            "a\nb",
            "../../etc",
            long.as_str(),
        ] {
            assert!(validate_hf_id(id).is_err(), "{id:?} should be rejected");
        }
    }
}
