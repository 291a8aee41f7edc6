//! Requests on the GitOps repository, as both shells offer them: connect with a token, plan a
//! draft, open its PR (quoting the Hub's facts when the Hub answers), and list the request
//! PRs with where each stands. Where the settings and the token come from is the shell's
//! business (the CLI: flags, environment, `origin`; the desktop: its database and keyring);
//! what is done with them is here, once.

use hugflow_core::config::Secret;
use hugflow_github::{GithubClient, GithubConfig};
use hugflow_gitops::{
    DatasetFacts, Draft, Gitops, GitopsError, GitopsSettings, OpenedRequest, Plan, RequestItem,
};
use hugflow_hub::HubClient;
use serde::Serialize;

/// The version of the `--json` answers below.
pub const REQUESTS_SCHEMA: u32 = 1;

/// A host that already holds a draft's download, as `(host, path)`: the PR body names it.
pub type Holder = (String, Option<String>);

/// The GitOps repository through a GitHub client carrying `token` (none: public reads only).
pub fn connect(settings: &GitopsSettings, token: Option<Secret>) -> Result<Gitops, GitopsError> {
    let client = GithubClient::new(GithubConfig::new(&settings.api_url, token))?;
    Gitops::new(client, settings)
}

/// The draft's plan: YAML, path, branch, title and the core's errors. Local and instant.
pub fn plan(draft: &Draft) -> Plan {
    draft.plan()
}

/// What the Hub says of an add draft's dataset (size, files, page, disabled), quoted in the
/// PR; nothing when there is no Hub client, for a removal, or when the Hub does not answer.
pub async fn facts(hub: Option<&HubClient>, draft: &Draft) -> DatasetFacts {
    match (hub, draft) {
        (Some(hub), Draft::Add(add)) => {
            DatasetFacts::lookup(hub, &add.hf_id, add.revision.as_deref()).await
        }
        _ => DatasetFacts::default(),
    }
}

/// "Create PR": the branch, the request file's commit and the PR (through a fork when the
/// user cannot push); `origin` is what the PR body says it came from.
pub async fn open(
    gitops: &Gitops,
    hub: Option<&HubClient>,
    draft: &Draft,
    held: &[Holder],
    origin: &str,
) -> Result<OpenedRequest, GitopsError> {
    let facts = facts(hub, draft).await;
    let opened = gitops.open(draft, &facts, held, origin).await?;
    tracing::info!(
        number = opened.number,
        forked = opened.forked,
        "request PR created"
    );
    Ok(opened)
}

/// The signed-in user and the repository's request PRs (open, or closed lately), theirs
/// marked as theirs.
pub async fn list(gitops: &Gitops) -> Result<RequestList, GitopsError> {
    let login = gitops.client().user().await?.login;
    let requests = gitops.requests(Some(&login), chrono::Utc::now()).await?;
    Ok(RequestList {
        schema: REQUESTS_SCHEMA,
        repo: gitops.repo().to_string(),
        login,
        requests,
    })
}

/// `hugflow requests --json`, and what the desktop's poller gets.
#[derive(Debug, Clone, Serialize)]
pub struct RequestList {
    pub schema: u32,
    pub repo: String,
    pub login: String,
    pub requests: Vec<RequestItem>,
}

/// `hugflow request add|remove --json`: the plan, and the PR or why none was opened.
#[derive(Debug, Clone, Serialize)]
pub struct RequestAnswer {
    pub schema: u32,
    pub plan: Plan,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pull: Option<OpenedRequest>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl RequestAnswer {
    pub fn planned(plan: Plan) -> Self {
        Self {
            schema: REQUESTS_SCHEMA,
            plan,
            pull: None,
            error: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use hugflow_gitops::{AddDraft, RemoveDraft};

    use super::*;

    fn add(hf_id: &str) -> Draft {
        Draft::Add(AddDraft {
            hf_id: hf_id.into(),
            description: "speech for the ASR retrain".into(),
            revision: None,
            subset: None,
            split: None,
            audio_column: None,
            text_column: None,
        })
    }

    #[test]
    fn a_planned_answer_has_no_pull_and_no_error_fields() {
        let answer = RequestAnswer::planned(plan(&add("org/speech")));
        let json = serde_json::to_value(&answer).unwrap();
        assert_eq!(json["schema"], 1);
        assert_eq!(json["plan"]["hf_id"], "org/speech");
        assert!(
            json.get("pull").is_none() && json.get("error").is_none(),
            "{json}"
        );
    }

    #[test]
    fn an_invalid_draft_plans_with_its_errors() {
        let plan = plan(&add("org/../etc"));
        assert!(!plan.is_valid());
        assert!(
            plan.errors.iter().any(|e| e.field == "hf_id"),
            "{:?}",
            plan.errors
        );
    }

    #[tokio::test]
    async fn a_removal_or_no_hub_quotes_no_facts() {
        let removal = Draft::Remove(RemoveDraft {
            hf_id: "org/speech".into(),
            reason: "superseded".into(),
            storage_name: None,
        });
        assert_eq!(facts(None, &removal).await, DatasetFacts::default());
        assert_eq!(
            facts(None, &add("org/speech")).await,
            DatasetFacts::default()
        );
    }

    #[test]
    fn connect_refuses_an_empty_repository() {
        let settings = GitopsSettings {
            repo: " ".into(),
            base_branch: None,
            api_url: "https://api.github.com".into(),
            sync_bots: Vec::new(),
        };
        assert!(matches!(
            connect(&settings, None),
            Err(GitopsError::NoRepository)
        ));
    }
}
