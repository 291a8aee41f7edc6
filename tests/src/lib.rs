//! Drives the real `hugflow-desktop` binary: `tauri-driver` in front of WebKitWebDriver, on an
//! X display, with a private D-Bus session and keyring, and app data in a temp dir (DESIGN §5).
//!
//! The tests themselves are integration tests of `hugflow-desktop` (see its Cargo.toml), so
//! cargo builds the real binary first and hands its path over as `CARGO_BIN_EXE_hugflow-desktop`.
//! `tauri-driver` must be installed (`make test` does it).

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use hugflow_testkit::session::PrivateSession;

pub const WAIT: Duration = Duration::from_secs(20);

/// How long one app may be driven before the test is given up as hung. A WebDriver command
/// that never answers (a screenshot WebKit never takes) would otherwise hold the whole test
/// run until CI's own limit; the longest test drives its app for about a minute.
const LIFETIME: Duration = Duration::from_secs(600);

/// The app's identifier in tauri.conf.json: its data and log dirs are named after it.
pub const IDENTIFIER: &str = "dev.hugflow.desktop";

fn tauri_driver() -> PathBuf {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cargo")
        });
    let candidate = home.join("bin/tauri-driver");
    if candidate.is_file() {
        return candidate;
    }
    PathBuf::from("tauri-driver")
}

/// `N` distinct free ports: every listener is held until all are picked, so that the kernel
/// cannot hand the same port out twice.
fn free_ports<const N: usize>() -> [u16; N] {
    let listeners: Vec<TcpListener> = (0..N)
        .map(|_| TcpListener::bind("127.0.0.1:0").unwrap())
        .collect();
    std::array::from_fn(|i| listeners[i].local_addr().unwrap().port())
}

/// One app data home (XDG dirs) that survives restarts of the app within a test.
pub struct AppHome {
    pub dir: tempfile::TempDir,
    pub session: PrivateSession,
}

impl AppHome {
    /// A returning user's profile: the first-run setup is done, so the app opens on the
    /// catalogue. Nothing else is in it.
    pub fn new() -> Self {
        Self::on(PrivateSession::start()).set_up()
    }

    /// A profile the app has never seen: it opens the first-run setup.
    pub fn fresh() -> Self {
        Self::on(PrivateSession::start())
    }

    /// For a test that locks or stops the app's keyring: a bus that starts nothing on demand,
    /// so no unlock window pops up on the display and a stopped keyring stays stopped.
    pub fn without_bus_activation() -> Self {
        Self::on(PrivateSession::start_without_activation()).set_up()
    }

    fn on(session: PrivateSession) -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
            session,
        }
    }

    /// Records the setup as done through the app's own code, as finishing it does.
    fn set_up(self) -> Self {
        let paths = hugflow_api::AppPaths {
            data_dir: self.app_dir(),
            log_dir: self.app_dir().join("logs"),
        };
        hugflow_api::record_setup_done(&paths)
            .unwrap_or_else(|e| panic!("seed the profile as set up: {e}"));
        self
    }

    /// `$XDG_DATA_HOME/<identifier>`: the SQLite database and the logs live below it.
    pub fn app_dir(&self) -> PathBuf {
        self.dir.path().join("data").join(IDENTIFIER)
    }

    /// Every file the app wrote below its XDG dirs.
    pub fn written_files(&self) -> Vec<PathBuf> {
        let mut files = Vec::new();
        collect(self.dir.path(), &mut files);
        files
    }
}

impl Default for AppHome {
    fn default() -> Self {
        Self::new()
    }
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// Repaints one corner pixel on every frame for two seconds. WebKitGTK without accelerated
/// compositing (the app's default on Linux, see `hugflow_desktop::webkit_defaults`) answers a
/// WebDriver screenshot only after its next drawing update, and a page that has stopped
/// changing never has one: the screenshot would wait forever.
const TICK_WHILE_CAPTURED: &str = r#"
const tick = document.createElement("div");
tick.setAttribute("aria-hidden", "true");
tick.style.cssText = "position:fixed;right:0;bottom:0;width:1px;height:1px;pointer-events:none;z-index:2147483647";
document.body.appendChild(tick);
const end = performance.now() + 2000;
const step = (now) => {
  if (now > end) { tick.remove(); return; }
  tick.style.background = tick.style.background === "rgb(0, 0, 0)" ? "rgb(1, 1, 1)" : "rgb(0, 0, 0)";
  requestAnimationFrame(step);
};
requestAnimationFrame(step);
"#;

/// Ends the whole test process, and the driver `pid` with its app, when the returned sender is
/// still held after [`LIFETIME`]: a hung test fails with a reason instead of hanging CI.
fn watchdog(pid: u32) -> std::sync::mpsc::Sender<()> {
    let (alive, released) = std::sync::mpsc::channel::<()>();
    std::thread::spawn(move || {
        if let Err(std::sync::mpsc::RecvTimeoutError::Timeout) = released.recv_timeout(LIFETIME) {
            eprintln!(
                "the desktop app was still driven after {LIFETIME:?}: a WebDriver command hung; \
                 ending the test (evidence so far in target/e2e-artifacts)"
            );
            let _ = Command::new("kill").arg(pid.to_string()).status();
            std::process::exit(101);
        }
    });
    alive
}

/// A running app and the WebDriver session driving it.
pub struct Desktop {
    pub client: Client,
    driver: Child,
    /// Dropped with the `Desktop`, which tells the watchdog the app was let go in time.
    _watchdog: std::sync::mpsc::Sender<()>,
}

impl Desktop {
    pub async fn launch(home: &AppHome, binary: &str) -> Self {
        Self::launch_with(home, binary, &[]).await
    }

    /// Launches with extra environment variables (e.g. `HF_ENDPOINT` of a test Hub).
    pub async fn launch_with(home: &AppHome, binary: &str, env: &[(&str, &str)]) -> Self {
        let [port, native_port] = free_ports();
        let xdg = |name: &str| home.dir.path().join(name);
        let driver = Command::new(tauri_driver())
            .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
            .env("DISPLAY", hugflow_testkit::display::display())
            .env("DBUS_SESSION_BUS_ADDRESS", home.session.address())
            .env("XDG_DATA_HOME", xdg("data"))
            .env("XDG_CONFIG_HOME", xdg("config"))
            .env("XDG_CACHE_HOME", xdg("cache"))
            .env("HUGFLOW_LOG", "info,tao=warn,wry=warn")
            // A developer's own tokens must not show through as "set (environment)".
            .env_remove("HF_TOKEN")
            .env_remove("GITHUB_TOKEN")
            .env_remove("GH_TOKEN")
            .env_remove("SLACK_WEBHOOK_URL")
            // The app must find its agent where a user's would (a test names one explicitly).
            .env_remove("HUGFLOW_AGENT_BINARY")
            .env_remove("HF_ENDPOINT")
            .env_remove("HF_VIEWER_ENDPOINT")
            .envs(env.iter().copied())
            // Not inherited: a driver outliving a failed test would hold the test's output
            // pipe open. The app's own log file says what went wrong.
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("start tauri-driver ({e}): install it with `cargo install tauri-driver --locked`"));
        let url = format!("http://127.0.0.1:{port}");
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("browserName".into(), "wry".into());
        capabilities.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": binary }),
        );
        let deadline = Instant::now() + WAIT;
        let client = loop {
            match ClientBuilder::native()
                .capabilities(capabilities.clone())
                .connect(&url)
                .await
            {
                Ok(client) => break client,
                Err(error) if Instant::now() < deadline => {
                    let _ = error;
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Err(error) => panic!("cannot start a WebDriver session on {url}: {error}"),
            }
        };
        let _watchdog = watchdog(driver.id());
        Self {
            client,
            driver,
            _watchdog,
        }
    }

    pub async fn find(&self, test_id: &str) -> Element {
        self.find_css(&format!("[data-testid='{test_id}']")).await
    }

    /// Waits for an element matching a CSS `selector` (a test id with attributes, say).
    pub async fn wait_css(&self, selector: &str) -> Element {
        self.find_css(selector).await
    }

    /// Waits for `selector`. An element found while React replaces it (a list re-rendering
    /// its rows) makes WebKitWebDriver answer "stale element" at once rather than "no such
    /// element": that is waited out too, until [`WAIT`].
    async fn find_css(&self, selector: &str) -> Element {
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let found = self
                .client
                .wait()
                .at_most(left)
                .for_element(Locator::Css(selector))
                .await;
            match found {
                Ok(element) => return element,
                Err(error) if Instant::now() < deadline => {
                    let _ = error;
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(error) => {
                    let evidence = self.keep_evidence("missing").await;
                    panic!("no element {selector} after {WAIT:?}: {error} (see {evidence})")
                }
            }
        }
    }

    /// Saves a screenshot and the DOM of the window as it is, for a failure's message.
    async fn keep_evidence(&self, name: &str) -> String {
        let png = self.screenshot(name).await;
        let html = png.with_extension("html");
        let source = self.client.source().await.unwrap_or_default();
        let _ = std::fs::write(&html, source);
        format!("{} and {}", png.display(), html.display())
    }

    pub async fn count(&self, test_id: &str) -> usize {
        let selector = format!("[data-testid='{test_id}']");
        self.client
            .find_all(Locator::Css(&selector))
            .await
            .map(|all| all.len())
            .unwrap_or(0)
    }

    /// Clicks `test_id`, finding it again when a re-render replaced the element meanwhile.
    pub async fn click(&self, test_id: &str) {
        self.click_css(&format!("[data-testid='{test_id}']")).await;
    }

    /// Clicks the `test_id` element whose `attribute` is `value` (one row of a list).
    pub async fn click_where(&self, test_id: &str, attribute: &str, value: &str) {
        self.click_css(&format!("[data-testid='{test_id}'][{attribute}='{value}']"))
            .await;
    }

    async fn click_css(&self, selector: &str) {
        let deadline = Instant::now() + WAIT;
        loop {
            match self.find_css(selector).await.click().await {
                Ok(()) => return,
                Err(error) if Instant::now() < deadline => {
                    let _ = error;
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(error) => panic!("click {selector}: {error}"),
            }
        }
    }

    /// Replaces the text of an input as a user would: select all, delete, type. WebDriver's
    /// `clear` is not used: it empties the DOM behind React's back, and the next render puts
    /// the old value back.
    pub async fn type_into(&self, test_id: &str, text: &str) {
        let deadline = Instant::now() + WAIT;
        loop {
            let element = self.find(test_id).await;
            element
                .send_keys(&format!("{}a{}{}", Key::Control, Key::Null, Key::Backspace))
                .await
                .unwrap_or_else(|e| panic!("clear {test_id}: {e}"));
            if input_value(&element).await.is_empty() {
                element
                    .send_keys(text)
                    .await
                    .unwrap_or_else(|e| panic!("type into {test_id}: {e}"));
                if input_value(&element).await == text {
                    return;
                }
            }
            assert!(
                Instant::now() < deadline,
                "{test_id} holds {:?}, not {text:?}",
                input_value(&element).await
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn text(&self, test_id: &str) -> String {
        self.find(test_id).await.text().await.unwrap_or_default()
    }

    /// Waits until `test_id`'s text equals `expected`.
    pub async fn wait_text(&self, test_id: &str, expected: &str) {
        self.wait_text_where(test_id, expected, |text| text.trim() == expected)
            .await;
    }

    /// Waits until `test_id`'s text contains `part`.
    pub async fn wait_text_containing(&self, test_id: &str, part: &str) {
        self.wait_text_where(test_id, part, |text| text.contains(part))
            .await;
    }

    /// Submits the add-host form the test filled in, then does what a user does with a host
    /// never seen before: checks that its key's fingerprint is the one shown, trusts it, and
    /// waits until the host is connected.
    pub async fn add_host_trusting(&self, fingerprint: &str) {
        self.click("add-host-submit").await;
        self.wait_text_containing("host-fingerprint", fingerprint)
            .await;
        self.click("trust-key-button").await;
        self.wait_text_containing("host-state", "Connected").await;
    }

    async fn wait_text_where(&self, test_id: &str, expected: &str, ok: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + WAIT;
        loop {
            let text = self.text(test_id).await;
            if ok(&text) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "{test_id} shows {text:?}, expected {expected:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until at least `n` elements carry `test_id`; returns how many.
    pub async fn wait_at_least(&self, test_id: &str, n: usize) -> usize {
        let deadline = Instant::now() + WAIT;
        loop {
            let found = self.count(test_id).await;
            if found >= n {
                return found;
            }
            assert!(
                Instant::now() < deadline,
                "{found} elements {test_id}, expected at least {n}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The first element carrying `test_id`, waiting until its attribute `name` is `value`.
    pub async fn wait_attribute(&self, test_id: &str, name: &str, value: &str) {
        let deadline = Instant::now() + WAIT;
        loop {
            let element = self.find(test_id).await;
            let found = element.attr(name).await.ok().flatten().unwrap_or_default();
            if found == value {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "{test_id}[{name}] is {found:?}, expected {value:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until the page says it is visible: the window is on screen, not hidden or
    /// minimised (`document.visibilityState`, which WebKit takes from the window).
    pub async fn wait_visible(&self) {
        let deadline = Instant::now() + WAIT;
        loop {
            let state = self
                .client
                .execute("return document.visibilityState;", vec![])
                .await
                .expect("read document.visibilityState");
            if state == "visible" {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "the page is {state} after {WAIT:?}: the window was never shown"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until exactly `n` elements carry `test_id`.
    pub async fn wait_count(&self, test_id: &str, n: usize) {
        let deadline = Instant::now() + WAIT;
        loop {
            let found = self.count(test_id).await;
            if found == n {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "{found} elements {test_id}, expected {n}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Every element carrying `test_id`, in page order, as (its attribute `name`, its text).
    pub async fn attribute_and_text(&self, test_id: &str, name: &str) -> Vec<(String, String)> {
        let selector = format!("[data-testid='{test_id}']");
        let mut found = Vec::new();
        for element in self
            .client
            .find_all(Locator::Css(&selector))
            .await
            .unwrap_or_default()
        {
            let value = element.attr(name).await.ok().flatten().unwrap_or_default();
            found.push((value, element.text().await.unwrap_or_default()));
        }
        found
    }

    /// Saves a screenshot as `target/e2e-artifacts/<name>.png`.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        // Let WebKit paint what the DOM already holds before it is captured.
        let _ = self.client.execute(TICK_WHILE_CAPTURED, vec![]).await;
        let _ = self
            .client
            .execute_async("const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done()));", vec![])
            .await;
        let Ok(png) = tokio::time::timeout(WAIT, self.client.screenshot()).await else {
            panic!("screenshot {name}: no answer from WebDriver after {WAIT:?}")
        };
        let png = png.expect("screenshot");
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/e2e-artifacts");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).unwrap();
        path
    }

    /// Fills an empty catalogue with a full crawl and waits until it has ended.
    pub async fn crawl_catalogue(&self) {
        self.find("page-catalogue").await;
        self.click("catalogue-refresh-full").await;
        self.wait_at_least("catalogue-row", 5).await;
        // Rows show while the crawl still runs; a search typed before it ends would miss
        // what is not ingested yet (a slow machine made that a flake).
        self.find("refresh-report").await;
    }

    /// Types `id` into the catalogue search and waits until its row is listed.
    pub async fn search_catalogue(&self, id: &str) {
        self.type_into("catalogue-search", id).await;
        self.wait_attribute("catalogue-row", "data-id", id).await;
    }

    pub async fn quit(mut self) {
        let _ = self.client.clone().close().await;
        self.stop_driver();
    }

    fn stop_driver(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// A test that panics never reaches `quit`: the driver (and with it the app) still goes.
impl Drop for Desktop {
    fn drop(&mut self) {
        self.stop_driver();
    }
}

/// What an input holds now (its `value` property, not the attribute it started with).
async fn input_value(element: &Element) -> String {
    element
        .prop("value")
        .await
        .ok()
        .flatten()
        .unwrap_or_default()
}
