//! What the facade's tests share: an `AppHost` that records what the app asked of the shell.

use std::sync::Mutex;

use crate::{AllowedUrl, AppHost, Notification};

#[derive(Default)]
pub(crate) struct RecordingHost {
    pub notifications: Mutex<Vec<Notification>>,
    pub opened: Mutex<Vec<String>>,
}

impl AppHost for RecordingHost {
    fn local_status_changed(&self) {}
    fn requests_changed(&self) {}
    fn hosts_changed(&self) {}
    fn notify(&self, notification: Notification) {
        self.notifications.lock().unwrap().push(notification);
    }
    fn open_url(&self, url: &AllowedUrl) -> Result<(), String> {
        self.opened.lock().unwrap().push(url.as_str().to_string());
        Ok(())
    }
}

impl RecordingHost {
    pub fn titles(&self) -> Vec<String> {
        let all = self.notifications.lock().unwrap();
        all.iter().map(|n| n.title.clone()).collect()
    }
}
