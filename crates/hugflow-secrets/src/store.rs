//! Where secrets are kept: the OS keyring (with what its failures mean) and an in-memory
//! store for tests.

use serde::{Deserialize, Serialize};

use crate::{KEYRING_SERVICE, SecretId};

/// How the OS keyring failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum KeyringState {
    /// No keyring service answers (none installed or running, or no D-Bus session).
    Unavailable,
    /// The keyring (or the collection holding the entry) is locked.
    Locked,
    /// The keyring answered with an error.
    Failing,
}

/// A keyring that could not be asked, with what its backend said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[error("{explanation}")]
pub struct KeyringProblem {
    pub state: KeyringState,
    /// The backend's own words (D-Bus error, collection name); never a secret.
    pub message: String,
    /// What is wrong and what to do, with `message` in it: what the UI shows.
    pub explanation: String,
}

impl KeyringProblem {
    pub(crate) fn new(state: KeyringState, message: impl Into<String>) -> Self {
        let message = message.into();
        let explanation = match state {
            KeyringState::Locked => {
                format!("the OS keyring is locked: unlock your keyring ({message})")
            }
            KeyringState::Unavailable => format!(
                "the OS keyring is unavailable: start a Secret Service such as GNOME Keyring or KWallet ({message})"
            ),
            KeyringState::Failing => {
                format!("the OS keyring failed: check or restart it ({message})")
            }
        };
        Self {
            state,
            message,
            explanation,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    #[error("{0}, then try again")]
    Keyring(KeyringProblem),
    #[error("the {} was not saved: {why}", id.label())]
    Invalid { id: SecretId, why: String },
}

/// Where secrets are kept. The real one is the OS keyring; tests of other crates can use an
/// in-memory store.
pub trait SecretStore: Send + Sync {
    fn get(&self, key: &str) -> Result<Option<String>, SecretError>;
    fn set(&self, key: &str, value: &str) -> Result<(), SecretError>;
    fn delete(&self, key: &str) -> Result<(), SecretError>;
}

impl<T: SecretStore + ?Sized> SecretStore for Box<T> {
    fn get(&self, key: &str) -> Result<Option<String>, SecretError> {
        (**self).get(key)
    }
    fn set(&self, key: &str, value: &str) -> Result<(), SecretError> {
        (**self).set(key, value)
    }
    fn delete(&self, key: &str) -> Result<(), SecretError> {
        (**self).delete(key)
    }
}

/// The OS keyring (Secret Service on Linux, Keychain on macOS, Credential Manager on Windows).
#[derive(Debug, Clone)]
pub struct OsKeyring {
    service: String,
}

impl Default for OsKeyring {
    fn default() -> Self {
        Self::new(KEYRING_SERVICE)
    }
}

impl OsKeyring {
    pub fn new(service: impl Into<String>) -> Self {
        Self {
            service: service.into(),
        }
    }

    fn entry(&self, key: &str) -> Result<keyring::Entry, SecretError> {
        keyring::Entry::new(&self.service, key).map_err(map_keyring_error)
    }
}

fn map_keyring_error(error: keyring::Error) -> SecretError {
    SecretError::Keyring(classify(error))
}

/// Sorts what the keyring crate says into unavailable / locked / failing. Measured against
/// gnome-keyring: a locked item gives `NoStorageAccess` ("unlock prompt was dismissed" when
/// no prompter can show); creating an item in a locked collection gives `PlatformFailure`
/// wrapping the D-Bus error `org.freedesktop.Secret.Error.IsLocked`; no keyring on the bus
/// gives `PlatformFailure` wrapping `org.freedesktop.DBus.Error.ServiceUnknown`.
fn classify(error: keyring::Error) -> KeyringProblem {
    match error {
        keyring::Error::NoStorageAccess(inner) => {
            KeyringProblem::new(KeyringState::Locked, inner.to_string())
        }
        keyring::Error::PlatformFailure(inner) => {
            let state = secret_service::state_of(inner.as_ref()).unwrap_or_else(|| {
                if inner.to_string().to_lowercase().contains("locked") {
                    KeyringState::Locked
                } else {
                    KeyringState::Failing
                }
            });
            KeyringProblem::new(state, inner.to_string())
        }
        other => KeyringProblem::new(KeyringState::Failing, other.to_string()),
    }
}

/// Linux's Secret Service, asked directly for what the keyring crate cannot tell without
/// side effects: whether our entry (or the collection a new one would go to) is locked.
#[cfg(target_os = "linux")]
mod secret_service {
    use std::collections::HashMap;

    use dbus_secret_service::{EncryptionType, Error, SecretService};

    use super::{KeyringProblem, KeyringState};

    /// The state a Secret Service error stands for, when it is one.
    pub fn state_of(error: &(dyn std::error::Error + 'static)) -> Option<KeyringState> {
        match error.downcast_ref::<Error>()? {
            Error::Locked | Error::Prompt => Some(KeyringState::Locked),
            Error::Unavailable => Some(KeyringState::Unavailable),
            Error::Dbus(e) => Some(match e.name().unwrap_or_default() {
                "org.freedesktop.Secret.Error.IsLocked" => KeyringState::Locked,
                "org.freedesktop.DBus.Error.ServiceUnknown"
                | "org.freedesktop.DBus.Error.NoServer"
                | "org.freedesktop.DBus.Error.FileNotFound"
                | "org.freedesktop.DBus.Error.NotSupported"
                | "org.freedesktop.DBus.Error.Spawn.ExecFailed" => KeyringState::Unavailable,
                _ => KeyringState::Failing,
            }),
            _ => Some(KeyringState::Failing),
        }
    }

    fn problem(error: Error) -> KeyringProblem {
        let state = state_of(&error).unwrap_or(KeyringState::Failing);
        KeyringProblem::new(state, error.to_string())
    }

    /// Refuses, without prompting, to read an entry that is locked. Asking the keyring crate
    /// would make gnome-keyring show its unlock prompt and block until someone answers it
    /// (for a year, as dbus-secret-service waits): a status check must not do that. Also
    /// reports a locked default collection when the entry does not exist, since a locked
    /// keyring would otherwise pass for "not set" and a save would fail.
    pub fn check_unlocked(service: &str, key: &str) -> Result<(), KeyringProblem> {
        // Plain: nothing secret is transferred on this connection.
        let ss = SecretService::connect(EncryptionType::Plain).map_err(problem)?;
        let found = ss
            .search_items(HashMap::from([("service", service), ("username", key)]))
            .map_err(problem)?;
        if !found.locked.is_empty() {
            return Err(KeyringProblem::new(
                KeyringState::Locked,
                format!(
                    "the Secret Service holds the entry {service}/{key} in a locked collection"
                ),
            ));
        }
        if found.unlocked.is_empty() {
            // No default collection (a keyring never set up) is not a lock: saving creates it.
            if let Ok(default) = ss.get_default_collection()
                && default.is_locked().map_err(problem)?
            {
                let label = default.get_label().unwrap_or_else(|_| "default".into());
                return Err(KeyringProblem::new(
                    KeyringState::Locked,
                    format!("the Secret Service collection \"{label}\" is locked"),
                ));
            }
        }
        Ok(())
    }
}

#[cfg(not(target_os = "linux"))]
mod secret_service {
    use super::{KeyringProblem, KeyringState};

    pub fn state_of(_: &(dyn std::error::Error + 'static)) -> Option<KeyringState> {
        None
    }

    /// Keychain and Credential Manager report a locked store through the keyring crate.
    pub fn check_unlocked(_: &str, _: &str) -> Result<(), KeyringProblem> {
        Ok(())
    }
}

impl SecretStore for OsKeyring {
    fn get(&self, key: &str) -> Result<Option<String>, SecretError> {
        secret_service::check_unlocked(&self.service, key).map_err(SecretError::Keyring)?;
        match self.entry(key)?.get_password() {
            Ok(value) => Ok(Some(value)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(error) => Err(map_keyring_error(error)),
        }
    }

    fn set(&self, key: &str, value: &str) -> Result<(), SecretError> {
        self.entry(key)?
            .set_password(value)
            .map_err(map_keyring_error)
    }

    fn delete(&self, key: &str) -> Result<(), SecretError> {
        match self.entry(key)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(error) => Err(map_keyring_error(error)),
        }
    }
}

/// A store in memory, for tests of code that needs secrets but not the keyring.
#[derive(Debug, Default)]
pub struct MemoryStore(std::sync::Mutex<std::collections::HashMap<String, String>>);

impl SecretStore for MemoryStore {
    fn get(&self, key: &str) -> Result<Option<String>, SecretError> {
        Ok(self.0.lock().unwrap().get(key).cloned())
    }
    fn set(&self, key: &str, value: &str) -> Result<(), SecretError> {
        self.0
            .lock()
            .unwrap()
            .insert(key.to_string(), value.to_string());
        Ok(())
    }
    fn delete(&self, key: &str) -> Result<(), SecretError> {
        self.0.lock().unwrap().remove(key);
        Ok(())
    }
}
