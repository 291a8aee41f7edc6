//! The Hub client as the CLI builds it: endpoint and token from the environment and `.env`
//! (what CI and the HGX set), then the OS keyring (what the desktop's Settings wrote).

use hugflow_core::config::Config;
use hugflow_hub::{HubClient, HubConfig, HubError};
use serde::Serialize;

use crate::output::print_json;
use hugflow_secrets::{Destination, KeyringState, OsKeyring, SecretId, Secrets};

pub fn client() -> anyhow::Result<HubClient> {
    let config = Config::load(&std::env::current_dir()?)?;
    // An environment token goes to the Hub and its viewer; a keyring token to each of the two
    // only if it was saved for it.
    let (token, viewer_token) = match config.hf_token.clone() {
        Some(token) => (Some(token.clone()), Some(token)),
        None => match hub_destination(&config) {
            Some(to) => (keyring_token(&to), keyring_token(&to.viewer())),
            None => (None, None),
        },
    };
    Ok(HubClient::new(
        HubConfig::new(config.hf_endpoint)
            .with_viewer_endpoint(Some(config.hf_viewer_endpoint))
            .with_token(token)
            .with_viewer_token(viewer_token),
    )?)
}

/// The Hub and its viewer as the token's destination; a bad URL is named by `HubClient::new`,
/// which refuses it.
fn hub_destination(config: &Config) -> Option<Destination> {
    Destination::new(&config.hf_endpoint)
        .ok()?
        .with_viewer(&config.hf_viewer_endpoint)
        .ok()
}

/// The token the desktop saved, if it was saved for `to` (the Hub or its viewer). Public datasets need
/// none, so a keyring that cannot be asked does not stop the command; but a locked or failing
/// one, or a token saved for another Hub, is said on stderr, since the user has a token and a
/// gated dataset would otherwise fail with no hint why. No keyring at all (a server over SSH)
/// is the normal case there and is only logged at debug level.
fn keyring_token(to: &Destination) -> Option<hugflow_core::config::Secret> {
    match Secrets::new(OsKeyring::default()).lookup(SecretId::HfToken, to) {
        Ok(found) => Some(found.value),
        Err(missing) => {
            let unavailable = missing
                .keyring
                .as_ref()
                .is_some_and(|problem| problem.state == KeyringState::Unavailable);
            if missing.explained() && !unavailable {
                tracing::warn!("{missing}; continuing without one (public datasets only)")
            } else {
                tracing::debug!("{missing}; continuing without one")
            }
            None
        }
    }
}

/// A runtime for one command's network calls.
pub fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?)
}

/// The result of a Hub call a command cannot go on without. With `--json` a refusal is also
/// printed on stdout as `{"schema": 1, "error": {"kind", "message"}}` (the kind is
/// [`HubError::kind`], e.g. `not_found_or_private` or `disabled`), so a caller over SSH can
/// branch on it; the error then ends the command as any other (its text on stderr, exit 2).
pub fn or_report<T>(result: Result<T, HubError>, json: bool) -> anyhow::Result<T> {
    result.or_else(|error| {
        if json {
            print_json(&Refusal {
                schema: 1,
                error: RefusalError {
                    kind: error.kind(),
                    message: error.to_string(),
                },
            })?;
        }
        Err(error.into())
    })
}

/// A Hub call's refusal as `--json` prints it.
#[derive(Serialize)]
struct Refusal {
    schema: u32,
    error: RefusalError,
}

#[derive(Serialize)]
struct RefusalError {
    /// [`HubError::kind`].
    kind: &'static str,
    message: String,
}

/// What `hugflow info` and `hugflow search` print for a disabled dataset.
pub const DISABLED_NOTE: &str =
    "the Hub disabled this dataset and will not serve its files; pick another dataset";
