//! Opening a request PR: the duplicate guard, then branch, commit and PR, through a fork when
//! the user cannot push to the GitOps repository.

use std::time::Duration;

use hugflow_core::request::RequestKind;
use hugflow_core::units::human_bytes;
use hugflow_github::{GithubError, NewPull, PullFilter, RepoName};
use hugflow_hub::{HubClient, HubError};
use serde::{Deserialize, Serialize};

use crate::draft::{Draft, Plan};
use crate::{Gitops, GitopsError};

/// How long a new fork may take to appear.
const FORK_TIMEOUT: Duration = Duration::from_secs(60);

/// Why a request would ask for something already asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Duplicate {
    /// An open PR asks for the same download.
    OpenPull { number: u64, url: String },
    /// The request file is already on the base branch: asked for and merged before.
    Merged { path: String, url: Option<String> },
    /// A host already holds this download.
    OnHost { host: String, path: Option<String> },
}

impl std::fmt::Display for Duplicate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::OpenPull { url, .. } => {
                write!(f, "a PR for this dataset is already open: {url}")
            }
            Self::Merged { path, .. } => write!(
                f,
                "{path} is already on the base branch: it was requested and merged before; ask for removal first to fetch it again"
            ),
            Self::OnHost { host, path } => write!(
                f,
                "{host} already holds this download{}",
                path.as_deref()
                    .map(|p| format!(" at {p}"))
                    .unwrap_or_default()
            ),
        }
    }
}

/// What the Hub says about the dataset: its size for the PR body, and whether the Hub
/// disabled it (then no PR is opened).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DatasetFacts {
    pub size_bytes: Option<u64>,
    pub files: Option<u64>,
    pub hub_url: Option<String>,
    /// The Hub disabled the dataset: it will never serve its files.
    #[serde(default)]
    pub disabled: bool,
}

impl DatasetFacts {
    /// What the Hub says about `hf_id` at `revision` (`main` when empty): its page, and its
    /// size and file count, or that it is disabled (its info says so, or its tree is refused
    /// as disabled). When the Hub cannot say, only the page: a request can be made without the
    /// size, and the sync reports what is wrong with the dataset.
    pub async fn lookup(hub: &HubClient, hf_id: &str, revision: Option<&str>) -> Self {
        let hf_id = hf_id.trim();
        let revision = revision
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .unwrap_or("main");
        let page = Self {
            hub_url: Some(hub.dataset_url(hf_id)),
            ..Self::default()
        };
        let disabled = Self {
            disabled: true,
            ..page.clone()
        };
        let info = match hub.dataset_info(hf_id, None).await {
            Ok(info) if info.disabled => return disabled,
            Ok(info) => info,
            Err(error) => {
                tracing::warn!("the PR will not quote the dataset's size: {error}");
                return page;
            }
        };
        match hub.totals(&info.id, revision).await {
            Ok((bytes, files)) => Self {
                size_bytes: Some(bytes),
                files: Some(files),
                ..page
            },
            Err(HubError::Disabled { .. }) => disabled,
            Err(error) => {
                tracing::warn!("the PR will not quote the dataset's size: {error}");
                page
            }
        }
    }
}

/// A request PR that now exists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OpenedRequest {
    pub number: u64,
    pub url: String,
    pub branch: String,
    /// `branch`, or `login:branch` from a fork.
    pub head: String,
    pub forked: bool,
    pub path: String,
    pub storage_name: String,
    pub login: String,
}

impl Gitops {
    /// An open PR for the same download, or the request file already merged. `held` are the
    /// hosts known to hold it (`(host, path)`), checked first since they cost nothing.
    pub async fn duplicate(
        &self,
        plan: &Plan,
        held: &[(String, Option<String>)],
    ) -> Result<Option<Duplicate>, GitopsError> {
        if plan.kind == RequestKind::Add
            && let Some((host, path)) = held.first()
        {
            return Ok(Some(Duplicate::OnHost {
                host: host.clone(),
                path: path.clone(),
            }));
        }
        let open = self
            .client
            .pulls(&self.repo, PullFilter::Open, None)
            .await?;
        if let Some(pull) = open.iter().find(|p| p.head.branch == plan.branch) {
            return Ok(Some(Duplicate::OpenPull {
                number: pull.number,
                url: pull.html_url.clone(),
            }));
        }
        if plan.kind == RequestKind::Add {
            let base = self.base_branch().await?;
            if let Some((file, _)) = self.client.file(&self.repo, &plan.path, &base).await? {
                return Ok(Some(Duplicate::Merged {
                    path: plan.path.clone(),
                    url: file.html_url,
                }));
            }
        }
        Ok(None)
    }

    /// Opens the request's PR. `origin` names the tool in the PR body ("Hugflow Desktop").
    /// An add request for a dataset the Hub disabled (`facts.disabled`, see
    /// [`DatasetFacts::lookup`]) is refused before any call to GitHub.
    pub async fn open(
        &self,
        draft: &Draft,
        facts: &DatasetFacts,
        held: &[(String, Option<String>)],
        origin: &str,
    ) -> Result<OpenedRequest, GitopsError> {
        let plan = draft.plan();
        if !plan.is_valid() {
            let problems: Vec<String> = plan
                .errors
                .iter()
                .map(|e| match &e.hint {
                    Some(hint) => format!("{}: {} ({hint})", e.field, e.message),
                    None => format!("{}: {}", e.field, e.message),
                })
                .collect();
            return Err(GitopsError::Invalid(problems.join("; ")));
        }
        // Before anything reaches GitHub: the HGX could never download it.
        if plan.kind == RequestKind::Add && facts.disabled {
            return Err(GitopsError::Disabled {
                hf_id: plan.hf_id.clone(),
            });
        }
        if let Some(duplicate) = self.duplicate(&plan, held).await? {
            return Err(GitopsError::Duplicate(duplicate));
        }
        let login = self.client.user().await?.login;
        let upstream = self.client.repo(&self.repo).await?;
        let base = self
            .base_branch
            .clone()
            .unwrap_or_else(|| upstream.default_branch.clone());
        let base_head = self
            .client
            .branch_head(&self.repo, &base)
            .await?
            .ok_or_else(|| GitopsError::NoBaseBranch {
                repo: self.repo.to_string(),
                branch: base.clone(),
            })?;
        let (target, forked) = if upstream.can_push() {
            (self.repo.clone(), false)
        } else {
            tracing::info!(repo = %self.repo, "no push access: forking");
            let fork = self.client.create_fork(&self.repo).await?;
            let fork = RepoName::parse(&fork.full_name)?;
            self.client.wait_for_fork(&fork, FORK_TIMEOUT).await?;
            (fork, true)
        };
        self.ensure_branch(&target, &plan.branch, &base_head.object.sha)
            .await?;
        self.ensure_file(&target, &plan).await?;
        let head = if forked {
            format!("{login}:{}", plan.branch)
        } else {
            plan.branch.clone()
        };
        let body = pull_body(draft, &plan, facts, &login, origin);
        let pull = self
            .client
            .create_pull(
                &self.repo,
                &NewPull {
                    title: &plan.title,
                    head: &head,
                    base: &base,
                    body: &body,
                },
            )
            .await?;
        tracing::info!(number = pull.number, branch = %plan.branch, "request PR opened");
        Ok(OpenedRequest {
            number: pull.number,
            url: pull.html_url,
            branch: plan.branch,
            head,
            forked,
            path: plan.path,
            storage_name: plan.storage_name,
            login,
        })
    }

    /// The branch at `base_sha`, unless it exists already (a retry after a failure).
    async fn ensure_branch(
        &self,
        target: &RepoName,
        branch: &str,
        base_sha: &str,
    ) -> Result<(), GitopsError> {
        if self.client.branch_head(target, branch).await?.is_some() {
            return Ok(());
        }
        match self.client.create_branch(target, branch, base_sha).await {
            Ok(_) => Ok(()),
            // A fork made before the base moved lacks the newest commit: branch from its own.
            Err(GithubError::Validation { .. }) if target != &self.repo => {
                let fork = self.client.repo(target).await?;
                let head = self
                    .client
                    .branch_head(target, &fork.default_branch)
                    .await?
                    .ok_or_else(|| GitopsError::NoBaseBranch {
                        repo: target.to_string(),
                        branch: fork.default_branch.clone(),
                    })?;
                self.client
                    .create_branch(target, branch, &head.object.sha)
                    .await?;
                Ok(())
            }
            Err(error) => Err(error.into()),
        }
    }

    /// The request file on the branch, committed unless it already holds exactly these bytes.
    async fn ensure_file(&self, target: &RepoName, plan: &Plan) -> Result<(), GitopsError> {
        let existing = self.client.file(target, &plan.path, &plan.branch).await?;
        if let Some((_, bytes)) = &existing
            && bytes == plan.yaml.as_bytes()
        {
            return Ok(());
        }
        let message = format!("{}\n\n{}", plan.title, plan.path);
        self.client
            .put_file(
                target,
                &plan.path,
                &plan.branch,
                &message,
                plan.yaml.as_bytes(),
                existing.as_ref().map(|(file, _)| file.sha.as_str()),
            )
            .await?;
        Ok(())
    }
}

fn pull_body(
    draft: &Draft,
    plan: &Plan,
    facts: &DatasetFacts,
    login: &str,
    origin: &str,
) -> String {
    let mut body = String::new();
    let (text, label) = match draft {
        Draft::Add(add) => (add.description.trim(), "Description"),
        Draft::Remove(remove) => (remove.reason.trim(), "Reason"),
    };
    body.push_str(&format!("**{label}:** {text}\n\n"));
    let dataset = match &facts.hub_url {
        Some(url) => format!("[`{}`]({url})", plan.hf_id),
        None => format!("`{}`", plan.hf_id),
    };
    body.push_str("| | |\n|---|---|\n");
    body.push_str(&format!("| Dataset | {dataset} |\n"));
    if let Draft::Add(add) = draft {
        let revision = add.revision.as_deref().filter(|r| !r.trim().is_empty());
        body.push_str(&format!(
            "| Revision | `{}` |\n",
            revision.unwrap_or("main")
        ));
    }
    match (facts.size_bytes, facts.files) {
        (Some(size), Some(files)) => {
            body.push_str(&format!(
                "| Size | {} in {files} files |\n",
                human_bytes(size)
            ));
        }
        (Some(size), None) => body.push_str(&format!("| Size | {} |\n", human_bytes(size))),
        (None, Some(files)) => body.push_str(&format!("| Files | {files} |\n")),
        (None, None) => {}
    }
    body.push_str(&format!("| Storage name | `{}` |\n", plan.storage_name));
    body.push_str(&format!("| File | `{}` |\n\n", plan.path));
    body.push_str(&format!("Requested from {origin} by @{login}.\n"));
    body
}
