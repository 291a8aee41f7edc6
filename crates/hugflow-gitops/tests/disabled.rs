//! A request for a dataset the Hub disabled is refused before anything reaches GitHub: the
//! facts looked up from the (fake) Hub say so, and `open` stops there.

use hugflow_core::config::Secret;
use hugflow_gitops::{AddDraft, DatasetFacts, Draft, GitopsError};
use hugflow_hub::{HubClient, HubConfig};
use hugflow_testkit::github::{FakeGithub, GithubOptions, REQUESTER};
use hugflow_testkit::hub::{Corpus, FakeDataset, FakeHub};

mod common;
use common::gitops;

const DISABLED: &str = "acme/taken-down";
const OPEN: &str = "acme/speech";

fn hub() -> FakeHub {
    let mut corpus = Corpus::new();
    corpus.insert(
        FakeDataset::builder(DISABLED)
            .file("README.md", "# gone\n")
            .noise_file("data/train.parquet", 2_000)
            .disabled()
            .build(),
    );
    corpus.insert(
        FakeDataset::builder(OPEN)
            .file("README.md", "# speech\n")
            .noise_file("data/train.parquet", 2_000)
            .build(),
    );
    FakeHub::start(corpus)
}

fn hub_client(hub: &FakeHub) -> HubClient {
    HubClient::new(HubConfig::new(hub.url()).with_token(Some(Secret::new(hub.token())))).unwrap()
}

fn draft(hf_id: &str) -> Draft {
    Draft::Add(AddDraft {
        hf_id: hf_id.into(),
        description: "Speech for the ASR model".into(),
        ..AddDraft::default()
    })
}

#[tokio::test]
async fn the_hub_says_which_datasets_are_disabled() {
    let hub = hub();
    let client = hub_client(&hub);
    let disabled = DatasetFacts::lookup(&client, DISABLED, None).await;
    assert!(disabled.disabled, "{disabled:?}");
    assert_eq!(disabled.size_bytes, None);
    assert!(disabled.hub_url.unwrap().ends_with(DISABLED));
    let open = DatasetFacts::lookup(&client, OPEN, Some(" ")).await;
    assert!(!open.disabled, "{open:?}");
    let main = hub.corpus().dataset(OPEN).unwrap();
    assert_eq!(open.size_bytes, Some(main.main().size()));
    assert_eq!(open.files, Some(main.main().files.len() as u64));
}

#[tokio::test]
async fn a_disabled_dataset_is_refused_before_github_is_asked() {
    let hub = hub();
    let github = FakeGithub::start(GithubOptions::default());
    let flow = gitops(&github, REQUESTER);
    let facts = DatasetFacts::lookup(&hub_client(&hub), DISABLED, None).await;
    let draft = draft(DISABLED);
    let error = flow
        .open(&draft, &facts, &[], "Hugflow Desktop")
        .await
        .unwrap_err();
    assert!(
        matches!(&error, GitopsError::Disabled { hf_id } if hf_id == DISABLED),
        "{error:?}"
    );
    let text = error.to_string();
    assert!(
        text.contains(DISABLED) && text.contains("disabled") && text.contains("no PR was opened"),
        "{text}"
    );
    assert!(github.pulls().is_empty(), "no PR");
    assert!(
        github.calls().is_empty(),
        "GitHub was not asked: {:?}",
        github.calls()
    );
    assert_eq!(
        github.branch_sha(github.repo(), &draft.plan().branch),
        None,
        "no branch"
    );
    // The same flow opens a request for a dataset that is not disabled.
    let facts = DatasetFacts::lookup(&hub_client(&hub), OPEN, None).await;
    flow.open(&self::draft(OPEN), &facts, &[], "Hugflow Desktop")
        .await
        .unwrap();
    assert_eq!(github.pulls().len(), 1);
}
