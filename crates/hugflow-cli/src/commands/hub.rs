//! The Hub client as the CLI builds it: endpoint and token from the environment and `.env`
//! (what CI and the HGX set), then the OS keyring (what the desktop's Settings wrote).

use hugflow_core::config::Config;
use hugflow_hub::{HubClient, HubConfig};
use hugflow_secrets::{Destination, KeyringState, OsKeyring, SecretId, Secrets};

pub fn client() -> anyhow::Result<HubClient> {
    let config = Config::load(&std::env::current_dir()?)?;
    let token = config
        .hf_token
        .clone()
        .or_else(|| keyring_token(&config.hf_endpoint));
    Ok(HubClient::new(
        HubConfig::new(config.hf_endpoint).with_token(token),
    )?)
}

/// The token the desktop saved, if it was saved for `endpoint`'s origin. Public datasets need
/// none, so a keyring that cannot be asked does not stop the command; but a locked or failing
/// one, or a token saved for another Hub, is said on stderr, since the user has a token and a
/// gated dataset would otherwise fail with no hint why. No keyring at all (a server over SSH)
/// is the normal case there and is only logged at debug level.
fn keyring_token(endpoint: &str) -> Option<hugflow_core::config::Secret> {
    // A bad endpoint is named by `HubClient::new`, which refuses it.
    let to = Destination::new(endpoint).ok()?;
    match Secrets::new(OsKeyring::default()).lookup(SecretId::HfToken, &to) {
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
