//! The Hub client as the CLI builds it: endpoint and token from the environment and `.env`
//! (what CI and the HGX set), then the OS keyring (what the desktop's Settings wrote).

use hugflow_core::config::Config;
use hugflow_hub::{HubClient, HubConfig};
use hugflow_secrets::{OsKeyring, SecretId, SecretStore};

pub fn client() -> anyhow::Result<HubClient> {
    let config = Config::load(&std::env::current_dir()?)?;
    let token = config.hf_token.clone().or_else(|| {
        OsKeyring::default()
            .get(SecretId::HfToken.key())
            .ok()
            .flatten()
            .map(hugflow_core::config::Secret::new)
    });
    Ok(HubClient::new(
        HubConfig::new(config.hf_endpoint).with_token(token),
    )?)
}

/// A runtime for one command's network calls.
pub fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?)
}
