//! When the main window appears: once its page has loaded, not at creation.
//!
//! `tauri.conf.json` creates the window hidden. Shown at creation, GTK draws the web view before
//! WebKit's web process has anything to show, and WebKitGTK's UI process then blocks its main
//! thread for up to 500 ms (a timed wait inside the web view's draw, seen with gdb) for the web
//! process's first bits; in about one launch of three under Xvfb it waited the whole 500 ms and
//! the first page painted at 0.92–0.96 s instead of 0.42–0.46 s. Shown when the page began to
//! load, 4 launches of 16 still waited; shown when it has loaded, none of 16 did (slowest first
//! paint 0.53 s).

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tauri::webview::{PageLoadEvent, PageLoadPayload};
use tauri::{AppHandle, Manager, Runtime, Webview};

/// The window in `tauri.conf.json` that starts hidden.
const MAIN: &str = "main";

/// Shown anyway after this long (counted from the app's setup), so that a page that never
/// finishes loading (a broken bundle, a WebKit that never calls back) still leaves the user a
/// window with whatever WebKit shows.
const AT_THE_LATEST: Duration = Duration::from_secs(3);

static SHOWN: AtomicBool = AtomicBool::new(false);

/// The page-load hook: shows the main window when its page has loaded.
pub fn on_page_load<R: Runtime>(webview: &Webview<R>, payload: &PageLoadPayload<'_>) {
    if payload.event() == PageLoadEvent::Finished && webview.label() == MAIN {
        // Logged even when the fallback showed the window first, so that a slow load is told
        // apart from a hook that never fires.
        tracing::info!(
            since_start_ms = hugflow_api::startup::process_age_ms(),
            "the main page loaded"
        );
        show(webview.app_handle(), "the page loaded");
    }
}

/// Shows the main window after [`AT_THE_LATEST`] if the page has not done so by then.
pub fn show_at_the_latest<R: Runtime>(app: &AppHandle<R>) {
    let app = app.clone();
    std::thread::spawn(move || {
        std::thread::sleep(AT_THE_LATEST);
        show(&app, "the page did not load in time");
    });
}

fn show<R: Runtime>(app: &AppHandle<R>, why: &str) {
    if SHOWN.swap(true, Ordering::SeqCst) {
        return;
    }
    let Some(window) = app.get_webview_window(MAIN) else {
        tracing::warn!("no main window to show");
        return;
    };
    tracing::info!(
        since_start_ms = hugflow_api::startup::process_age_ms(),
        why,
        "showing the window"
    );
    if let Err(error) = window.show() {
        tracing::warn!(%error, "cannot show the window");
    }
}
