//! Unit tests of the lookup order, the origin binding and the statuses.

use super::*;

fn to(url: &str) -> Destination {
    Destination::new(url).unwrap()
}

const HUB: &str = "https://huggingface.co";
const GITHUB: &str = "https://api.github.com";

#[test]
fn keyring_wins_then_environment() {
    let secrets = Secrets::with_env(MemoryStore::default(), |name| {
        (name == "GITHUB_TOKEN").then(|| "from-env".to_string())
    });
    let github = to(GITHUB);
    let status = secrets.status(SecretId::GithubToken, Some(&github));
    assert_eq!(
        (status.set, status.source, status.env_var.as_deref()),
        (true, Some(SecretSource::Environment), Some("GITHUB_TOKEN"))
    );
    secrets
        .set(SecretId::GithubToken, "from-keyring", Some(&github))
        .unwrap();
    let found = secrets.lookup(SecretId::GithubToken, &github).ok().unwrap();
    assert_eq!(
        (found.value.expose(), found.source),
        ("from-keyring", SecretSource::Keyring)
    );
    let status = secrets.clear(SecretId::GithubToken, Some(&github)).unwrap();
    assert_eq!(status.source, Some(SecretSource::Environment));
    assert!(!secrets.status(SecretId::HfToken, Some(&to(HUB))).set);
}

#[test]
fn a_saved_token_goes_only_to_the_origin_it_was_saved_for() {
    let secrets = Secrets::with_env(MemoryStore::default(), |_| None);
    let saved_for = to("https://ghe.example/api/v3");
    secrets
        .set(SecretId::GithubToken, "ghp_bound", Some(&saved_for))
        .unwrap();
    // The same origin, whatever the path: the API lives under it.
    let same = to("https://GHE.example:443/api/v3/");
    let found = secrets.lookup(SecretId::GithubToken, &same).ok().unwrap();
    assert_eq!(found.value.expose(), "ghp_bound");
    let status = secrets.status(SecretId::GithubToken, Some(&same));
    assert_eq!(status.saved_for.as_deref(), Some("https://ghe.example"));
    assert_eq!(status.other_origin, None);

    for elsewhere in [
        "https://evil.example/api/v3",
        "http://ghe.example/api/v3",
        "https://ghe.example:8443/api/v3",
        "https://ghe.example.evil.example/api/v3",
    ] {
        let missing = secrets
            .lookup(SecretId::GithubToken, &to(elsewhere))
            .err()
            .unwrap_or_else(|| panic!("the token was handed out for {elsewhere}"));
        let other = *missing.other_origin.clone().expect("the mismatch is named");
        assert_eq!(other.saved_for, "https://ghe.example");
        assert_eq!(other.requested, elsewhere);
        assert!(missing.explained());
        let status = secrets.status(SecretId::GithubToken, Some(&to(elsewhere)));
        assert_eq!(
            (status.set, status.source, status.other_origin.as_ref()),
            (false, None, Some(&other))
        );
        let message = missing.to_string();
        assert!(!message.contains("ghp_bound"), "{message}");
    }
    assert_eq!(
        secrets
            .lookup(SecretId::GithubToken, &to("https://evil.example/api/v3"))
            .err()
            .unwrap()
            .to_string(),
        "no usable GitHub token: the GitHub token in the keyring was saved for https://ghe.example, \
         but the GitHub API URL is now https://evil.example/api/v3, so it is not sent there: save \
         the token again for it in Settings, or set GH_TOKEN or GITHUB_TOKEN"
    );
    // An environment token is the user's own choice: used anywhere, the mismatch still shown.
    let with_env = Secrets::with_env(secrets.store, |name| {
        (name == "GH_TOKEN").then(|| "ghp_env".to_string())
    });
    let evil = to("https://evil.example/api/v3");
    let found = with_env.lookup(SecretId::GithubToken, &evil).ok().unwrap();
    assert_eq!(found.value.expose(), "ghp_env");
    let status = with_env.status(SecretId::GithubToken, Some(&evil));
    assert_eq!(status.source, Some(SecretSource::Environment));
    assert!(status.other_origin.is_some());
}

#[test]
fn a_legacy_plain_entry_is_bound_to_the_default_origin() {
    let store = MemoryStore::default();
    store.set("hf_token", "hf_legacy").unwrap();
    store.set("github_token", "ghp_legacy").unwrap();
    let secrets = Secrets::with_env(store, |_| None);
    for (id, default, other) in [
        (SecretId::HfToken, HUB, "https://hub.mirror.example"),
        (SecretId::GithubToken, GITHUB, "https://ghe.example/api/v3"),
    ] {
        assert_eq!(id.default_origin(), Some(default));
        let found = secrets.lookup(id, &to(default)).ok().unwrap();
        assert!(found.value.expose().ends_with("_legacy"));
        let status = secrets.status(id, Some(&to(default)));
        assert_eq!(status.saved_for.as_deref(), Some(default));
        let missing = secrets.lookup(id, &to(other)).err().unwrap();
        assert_eq!(
            missing.other_origin.map(|o| o.saved_for).as_deref(),
            Some(default)
        );
    }
}

#[test]
fn a_token_is_stored_with_its_origin_and_a_webhook_as_it_is() {
    let secrets = Secrets::with_env(MemoryStore::default(), |_| None);
    secrets
        .set(
            SecretId::HfToken,
            "hf_x",
            Some(&to("https://hub.mirror.example/")),
        )
        .unwrap();
    let raw = secrets.store.get("hf_token").unwrap().unwrap();
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&raw).unwrap(),
        serde_json::json!({"origin": "https://hub.mirror.example", "viewer": "https://hub.mirror.example", "token": "hf_x"}),
        "saved for the Hub and its viewer (a mirror's default viewer: itself)"
    );
    let error = secrets
        .set(SecretId::GithubToken, "ghp_x", None)
        .unwrap_err()
        .to_string();
    assert!(error.contains("the GitHub API URL"), "{error}");
    assert_eq!(secrets.store.get("github_token").unwrap(), None);
    let hook = "https://hooks.slack.com/services/T/B/X";
    let status = secrets.set(SecretId::SlackWebhook, hook, None).unwrap();
    assert_eq!((status.set, status.saved_for), (true, None));
    assert_eq!(
        secrets.store.get("slack_webhook").unwrap().as_deref(),
        Some(hook)
    );
}

#[test]
fn destinations_are_origins_without_credentials() {
    let d = to("https://user:pw@Example.COM:443/api/v3?x=1");
    assert_eq!(d.origin(), "https://example.com");
    assert_eq!(d.url(), "https://example.com/api/v3?x=1");
    assert_eq!(
        to("http://127.0.0.1:8080/").origin(),
        "http://127.0.0.1:8080"
    );
    assert_eq!(
        to("https://huggingface.co/").url(),
        "https://huggingface.co"
    );
    for bad in [
        "ftp://example.com",
        "huggingface.co",
        "file:///etc/passwd",
        "",
    ] {
        let error = Destination::new(bad).unwrap_err().to_string();
        assert!(error.contains(&format!("{bad:?}")), "{error}");
    }
}

#[cfg(unix)]
#[test]
fn gh_is_asked_for_the_configured_host_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let gh = dir.path().join("gh");
    // Answers only `gh auth token --hostname ghe.example`, as a gh logged in there would.
    std::fs::write(
        &gh,
        "#!/bin/sh\n[ \"$*\" = \"auth token --hostname ghe.example\" ] && echo ghs_fromgh\n",
    )
    .unwrap();
    std::fs::set_permissions(&gh, std::fs::Permissions::from_mode(0o755)).unwrap();
    let secrets = Secrets::with_env(MemoryStore::default(), |_| None).with_gh(&gh);
    let ghe = to("https://ghe.example/api/v3").with_gh_host(Some("ghe.example".into()));
    let found = secrets.lookup(SecretId::GithubToken, &ghe).ok().unwrap();
    assert_eq!(
        (found.value.expose(), found.source),
        ("ghs_fromgh", SecretSource::GhCli)
    );
    let other = to(GITHUB).with_gh_host(Some("github.com".into()));
    assert!(secrets.lookup(SecretId::GithubToken, &other).is_err());
    // No host known: gh is not asked (it would answer for its default host).
    assert!(
        secrets
            .lookup(SecretId::GithubToken, &to("https://ghe.example/api/v3"))
            .is_err()
    );
    // A token saved for another GitHub does not keep gh from answering for this one.
    secrets
        .set(SecretId::GithubToken, "ghp_saved", Some(&to(GITHUB)))
        .unwrap();
    let found = secrets.lookup(SecretId::GithubToken, &ghe).ok().unwrap();
    assert_eq!(found.source, SecretSource::GhCli);
    assert!(
        secrets
            .status(SecretId::GithubToken, Some(&ghe))
            .other_origin
            .is_some()
    );
}

/// A keyring that answers every call with the same problem.
struct BrokenStore(KeyringProblem);

impl SecretStore for BrokenStore {
    fn get(&self, _: &str) -> Result<Option<String>, SecretError> {
        Err(SecretError::Keyring(self.0.clone()))
    }
    fn set(&self, _: &str, _: &str) -> Result<(), SecretError> {
        Err(SecretError::Keyring(self.0.clone()))
    }
    fn delete(&self, _: &str) -> Result<(), SecretError> {
        Err(SecretError::Keyring(self.0.clone()))
    }
}

#[test]
fn a_broken_keyring_is_named_when_nothing_else_has_the_secret() {
    let problem = KeyringProblem::new(KeyringState::Failing, "D-Bus said no");
    let secrets = Secrets::with_env(BrokenStore(problem.clone()), |name| {
        (name == "GH_TOKEN").then(|| "from-env".to_string())
    });
    let github = secrets.status(SecretId::GithubToken, Some(&to(GITHUB)));
    assert_eq!(
        (github.set, github.source, github.keyring.as_ref()),
        (true, Some(SecretSource::Environment), Some(&problem))
    );
    let hf = secrets.status(SecretId::HfToken, Some(&to(HUB)));
    assert_eq!((hf.set, hf.keyring.as_ref()), (false, Some(&problem)));
    let missing = secrets.optional(SecretId::HfToken, &to(HUB)).err().unwrap();
    assert_eq!(
        missing.to_string(),
        "no Hugging Face token: the OS keyring failed: check or restart it (D-Bus said no), or set HF_TOKEN"
    );
    let fine = Secrets::with_env(MemoryStore::default(), |_| None);
    assert!(matches!(
        fine.optional(SecretId::GithubToken, &to(GITHUB)),
        Ok(None)
    ));
    assert_eq!(
        fine.lookup(SecretId::GithubToken, &to(GITHUB))
            .err()
            .unwrap()
            .to_string(),
        "no GitHub token is set: save one in Settings, or set GH_TOKEN or GITHUB_TOKEN"
    );
}

#[test]
fn bad_values_are_refused_before_storing() {
    let secrets = Secrets::with_env(MemoryStore::default(), |_| None);
    let hub = to(HUB);
    for (id, value) in [
        (SecretId::HfToken, ""),
        (SecretId::HfToken, " hf_x\n"),
        (SecretId::SlackWebhook, "http://hooks.example/x"),
    ] {
        let error = secrets.set(id, value, Some(&hub)).unwrap_err().to_string();
        assert!(error.contains(id.label()), "{error}");
    }
    assert!(!secrets.status(SecretId::HfToken, Some(&hub)).set);
}

const VIEWER: &str = "https://datasets-server.huggingface.co";

/// "The Hub" is two origins: a token saved for a Hub and its viewer goes to both, to the
/// viewer only while it is the one saved with, and never to any third origin.
#[test]
fn a_saved_hf_token_goes_to_its_hub_and_the_viewer_it_was_saved_with() {
    let secrets = Secrets::with_env(MemoryStore::default(), |_| None);
    let hub = to("https://hub.internal")
        .with_viewer("https://viewer.internal/")
        .unwrap();
    secrets
        .set(SecretId::HfToken, "hf_bound", Some(&hub))
        .unwrap();
    let found = |to: &Destination| secrets.lookup(SecretId::HfToken, to).ok().map(|r| r.value);
    assert_eq!(found(&hub).unwrap().expose(), "hf_bound");
    assert_eq!(found(&hub.viewer()).unwrap().expose(), "hf_bound");
    assert_eq!(hub.viewer().origin(), "https://viewer.internal");

    // The viewer setting changed: the Hub still gets it, the new viewer does not, and both
    // the lookup and the status say to save it again.
    let moved = to("https://hub.internal")
        .with_viewer("https://evil.example")
        .unwrap();
    assert!(found(&moved).is_some());
    let missing = secrets
        .lookup(SecretId::HfToken, &moved.viewer())
        .err()
        .unwrap();
    let message = missing.to_string();
    assert!(
        message.contains(
            "saved for https://hub.internal with its dataset viewer at https://viewer.internal"
        ) && message.contains("the dataset viewer endpoint is now https://evil.example")
            && message.contains("save the token again"),
        "{message}"
    );
    assert!(!message.contains("hf_bound"));
    let status = secrets.status(SecretId::HfToken, Some(&moved));
    assert!(status.set, "the Hub still gets it");
    assert_eq!(
        status.other_origin.unwrap().requested,
        "https://evil.example",
        "Settings names the viewer it no longer goes to"
    );
    // A viewer of another Hub, even the saved viewer's origin as a Hub: not it.
    let other_hub = to("https://evil.example")
        .with_viewer("https://viewer.internal")
        .unwrap();
    assert!(found(&other_hub.viewer()).is_none());
    assert!(
        found(&to("https://viewer.internal")).is_none(),
        "the viewer is no Hub"
    );
}

#[test]
fn a_legacy_or_hub_only_hf_token_counts_as_bound_to_the_hubs_default_viewer() {
    // A plain token from before binding: huggingface.co and its datasets-server.
    let store = MemoryStore::default();
    store.set(SecretId::HfToken.key(), "hf_plain").unwrap();
    let secrets = Secrets::with_env(store, |_| None);
    let hub = to(HUB);
    assert_eq!(hub.viewer().origin(), VIEWER);
    let found = |to: &Destination| secrets.lookup(SecretId::HfToken, to).is_ok();
    assert!(found(&hub.viewer()));
    assert!(found(&to(HUB).with_viewer(VIEWER).unwrap().viewer()));
    assert!(!found(
        &to(HUB)
            .with_viewer("https://viewer.internal")
            .unwrap()
            .viewer()
    ));

    // A Hub-only entry of a mirror: the mirror is its own viewer.
    let store = MemoryStore::default();
    store
        .set(
            SecretId::HfToken.key(),
            r#"{"origin":"https://hub.internal","token":"hf_mirror"}"#,
        )
        .unwrap();
    let secrets = Secrets::with_env(store, |_| None);
    let mirror = to("https://hub.internal");
    assert_eq!(mirror.viewer().origin(), "https://hub.internal");
    assert!(secrets.lookup(SecretId::HfToken, &mirror.viewer()).is_ok());
    let elsewhere = to("https://hub.internal").with_viewer(VIEWER).unwrap();
    assert!(
        secrets
            .lookup(SecretId::HfToken, &elsewhere.viewer())
            .is_err()
    );
}

#[test]
fn an_environment_hf_token_goes_to_whatever_viewer_is_configured() {
    let secrets = Secrets::with_env(MemoryStore::default(), |name| {
        (name == "HF_TOKEN").then(|| "hf_env".to_string())
    });
    let hub = to("https://hub.internal")
        .with_viewer("https://viewer.internal")
        .unwrap();
    let found = secrets
        .lookup(SecretId::HfToken, &hub.viewer())
        .ok()
        .unwrap();
    assert_eq!(
        (found.value.expose(), found.source),
        ("hf_env", SecretSource::Environment)
    );
}
