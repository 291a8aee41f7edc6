//! Who is calling: anonymous, or a valid `Authorization: Bearer <token>`. An invalid token is
//! an error on every Hub endpoint, as on the real Hub.

use axum::http::{HeaderMap, header};

use super::errors::HubError;
use super::state::Shared;
use crate::hub::{FakeDataset, Gated};

/// The caller of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller {
    Anonymous,
    Token(String),
}

impl Caller {
    /// Reads the `Authorization` header.
    pub fn from_headers(state: &Shared, headers: &HeaderMap) -> Result<Self, HubError> {
        let Some(value) = headers.get(header::AUTHORIZATION) else {
            return Ok(Self::Anonymous);
        };
        let value = value
            .to_str()
            .map_err(|_| HubError::invalid_credentials())?;
        let token = value
            .get(..7)
            .filter(|scheme| scheme.eq_ignore_ascii_case("bearer "))
            .map(|_| value[7..].trim())
            .ok_or_else(HubError::invalid_credentials)?;
        if state.options.tokens.iter().any(|t| t == token) {
            Ok(Self::Token(token.to_string()))
        } else {
            Err(HubError::invalid_credentials())
        }
    }

    pub fn is_authenticated(&self) -> bool {
        matches!(self, Self::Token(_))
    }

    /// Whether the caller may read the dataset's files: any caller for an ungated dataset, a
    /// token that was granted access for a gated one.
    pub fn may_download(&self, dataset: &FakeDataset) -> bool {
        match self {
            Self::Token(token) => dataset.grants(token),
            Self::Anonymous => dataset.gated == Gated::No,
        }
    }
}
