//! Errors exactly as the Hub sends them: a status, `X-Error-Code` (`RepoNotFound`,
//! `RevisionNotFound`, `EntryNotFound`, `GatedRepo`), `X-Error-Message`, and `{"error": ...}`.
//! Clients (huggingface_hub's `hf_raise_for_status`, and ours) branch on the code header.

use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// An error response.
#[derive(Debug, Clone)]
pub struct HubError {
    pub status: StatusCode,
    pub code: Option<&'static str>,
    pub message: String,
    pub commit: Option<String>,
}

impl HubError {
    pub fn new(status: StatusCode, code: Option<&'static str>, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            commit: None,
        }
    }

    /// The repository does not exist or is private. With a token: `404`, `X-Error-Code:
    /// RepoNotFound`. Without one, huggingface.co says neither: `401`, no `X-Error-Code`,
    /// `X-Error-Message: Invalid username or password.` and `{"error": "Invalid username or
    /// password."}`, the same for a missing repository as for a private one (recorded from
    /// huggingface.co; huggingface_hub's `hf_raise_for_status` reads any 401 on a repository
    /// URL as `RepositoryNotFoundError`, see huggingface/huggingface_hub#1202).
    pub fn repo_not_found(authenticated: bool) -> Self {
        if authenticated {
            Self::new(
                StatusCode::NOT_FOUND,
                Some("RepoNotFound"),
                "Repository not found",
            )
        } else {
            Self::login_required()
        }
    }

    /// A file or the tree of a repository the Hub disabled: `403`, no `X-Error-Code`,
    /// `X-Error-Message: Access to this resource is disabled.` (as huggingface.co answers;
    /// huggingface_hub raises `DisabledRepoError` on that message). Its info still answers
    /// `200` with `"disabled": true`.
    pub fn disabled() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            None,
            "Access to this resource is disabled.",
        )
    }

    pub fn revision_not_found(revision: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            Some("RevisionNotFound"),
            format!("Invalid rev id: {revision}"),
        )
    }

    /// A path missing from commit `commit` (sent back in `X-Repo-Commit`).
    pub fn entry_not_found(commit: &str) -> Self {
        Self {
            commit: Some(commit.to_string()),
            ..Self::new(
                StatusCode::NOT_FOUND,
                Some("EntryNotFound"),
                "Entry not found",
            )
        }
    }

    /// A gated dataset: 401 without a token, 403 for a token without access.
    pub fn gated(id: &str, authenticated: bool) -> Self {
        if authenticated {
            Self::new(
                StatusCode::FORBIDDEN,
                Some("GatedRepo"),
                format!(
                    "Access to dataset {id} is restricted and you are not in the authorized list. \
                     Visit https://huggingface.co/datasets/{id} to ask for access."
                ),
            )
        } else {
            Self::new(
                StatusCode::UNAUTHORIZED,
                Some("GatedRepo"),
                format!(
                    "Access to dataset {id} is restricted. You must have access to it and be \
                     authenticated to access it. Please log in."
                ),
            )
        }
    }

    pub fn invalid_credentials() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            None,
            "Invalid credentials in Authorization header",
        )
    }

    /// A write without a token, or an anonymous read of a repository it cannot see.
    pub fn login_required() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            None,
            "Invalid username or password.",
        )
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, None, message)
    }

    pub fn page_not_found() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            None,
            "Sorry, we can't find the page you are looking for.",
        )
    }
}

impl IntoResponse for HubError {
    fn into_response(self) -> Response {
        let body = json!({"error": self.message}).to_string();
        let mut response = (self.status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=utf-8"),
        );
        if let Some(code) = self.code {
            headers.insert(
                HeaderName::from_static("x-error-code"),
                HeaderValue::from_static(code),
            );
        }
        let printable: String = self
            .message
            .chars()
            .map(|c| {
                if c.is_ascii_graphic() || c == ' ' {
                    c
                } else {
                    '?'
                }
            })
            .collect();
        if let Ok(value) = HeaderValue::from_str(&printable) {
            headers.insert(HeaderName::from_static("x-error-message"), value);
        }
        if let Some(commit) = self.commit
            && let Ok(value) = HeaderValue::from_str(&commit)
        {
            headers.insert(HeaderName::from_static("x-repo-commit"), value);
        }
        response
    }
}
