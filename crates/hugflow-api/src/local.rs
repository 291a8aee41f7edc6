//! The Local datasets page: one Hugflow checkout on this machine, shown as `hugflow status`
//! shows it, through the same core call.

use std::path::{Path, PathBuf};

use hugflow_db::settings::LOCAL_CHECKOUT;
use hugflow_ops::local::{Checkout, StatusReport, status};

use crate::watch::CheckoutWatcher;

/// The host name the local checkout's datasets are recorded under in the catalogue.
pub const LOCAL_HOST: &str = "local";
use crate::{ApiError, ErrorCode, HugflowApp};

impl HugflowApp {
    /// The checkout chosen earlier, if any.
    pub fn local_checkout(&self) -> Result<Option<String>, ApiError> {
        Ok(self.db.setting(LOCAL_CHECKOUT)?)
    }

    /// Checks that `path` holds Hugflow state, remembers it, starts watching it, and
    /// returns its status.
    ///
    /// The trust rule for this computer's checkout: opening one is the user's own act (the
    /// folder dialog or the path typed on the Local datasets page), so any folder holding
    /// Hugflow state may be opened; it is remembered resolved (no `..`, no symbolic link), and
    /// every other call that reads the checkout (status, the Retrain page, the watcher) takes
    /// no path from the window but uses the remembered one.
    pub fn open_local_checkout(&self, path: &str) -> Result<StatusReport, ApiError> {
        let root = PathBuf::from(path.trim());
        if path.trim().is_empty() || !root.is_absolute() {
            return Err(ApiError::new(
                ErrorCode::InvalidInput,
                format!("`{path}` is not an absolute folder path; pick the folder with Browse…"),
            ));
        }
        if !root.is_dir() {
            return Err(ApiError::new(
                ErrorCode::NotACheckout,
                format!("{} does not exist or is not a folder", root.display()),
            ));
        }
        let root = root.canonicalize().map_err(|e| {
            ApiError::new(
                ErrorCode::Io,
                format!("cannot resolve {}: {e}", root.display()),
            )
        })?;
        let checkout = Checkout::open(&root)?;
        if !checkout.state.exists() {
            return Err(ApiError::new(
                ErrorCode::NotACheckout,
                format!(
                    "{} has no Hugflow state ({} is missing): pick your GitOps checkout, or run `hugflow init` in it",
                    root.display(),
                    checkout.state.path().display()
                ),
            ));
        }
        let report = status(&checkout)?;
        self.db
            .set_setting(LOCAL_CHECKOUT, &root.display().to_string())?;
        self.watch(&checkout);
        Ok(report)
    }

    /// The status of the remembered checkout.
    pub fn local_status(&self) -> Result<StatusReport, ApiError> {
        let Some(root) = self.local_checkout()? else {
            return Err(ApiError::new(
                ErrorCode::NoCheckout,
                "no local checkout chosen yet: pick the folder of your Hugflow GitOps checkout",
            ));
        };
        let checkout = Checkout::open(Path::new(&root))?;
        let report = status(&checkout)?;
        self.catalogue.set_host_datasets(LOCAL_HOST, &report)?;
        Ok(report)
    }

    /// Forgets the checkout and stops watching it.
    pub fn close_local_checkout(&self) -> Result<(), ApiError> {
        self.db.delete_setting(LOCAL_CHECKOUT)?;
        self.catalogue.clear_host(LOCAL_HOST)?;
        *self.watcher.lock().expect("watcher lock") = None;
        Ok(())
    }

    /// At start-up: watch the remembered checkout again, if it still exists.
    pub(crate) fn resume_watching(&self) {
        let Ok(Some(root)) = self.local_checkout() else {
            return;
        };
        if let Ok(checkout) = Checkout::open(Path::new(&root)) {
            self.watch(&checkout);
        }
    }

    fn watch(&self, checkout: &Checkout) {
        let host = self.host.clone();
        let watcher =
            CheckoutWatcher::start(checkout.state.path(), move || host.local_status_changed());
        match watcher {
            Ok(watcher) => *self.watcher.lock().expect("watcher lock") = Some(watcher),
            Err(error) => {
                tracing::warn!(%error, "cannot watch the checkout; the page will not refresh by itself")
            }
        }
    }
}
