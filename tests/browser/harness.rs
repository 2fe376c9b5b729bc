//! Drives Debian's chromium through chromedriver for the browser tests.
//!
//! One chromedriver per test binary, on a free port on 127.0.0.1, in its own
//! process group; it is killed with every browser it started when the last
//! session ends. Each session gets a fresh browser profile and download
//! folder. Without chromium the tests skip with a message, except under
//! `CI=true`, where a missing browser or axe-core is a failure.

use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::wd::{PrintConfiguration, PrintSize, WebDriverCompatibleCommand};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

/// How every browser is started: headless, and quiet on the network.
const CHROMIUM_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
];

/// Whether a missing browser or axe-core fails the run instead of skipping.
fn required() -> bool {
    std::env::var("CI").is_ok_and(|value| value == "true")
}

/// Skips the calling test with `reason`, or fails it under `CI=true`.
fn skip(reason: &str) {
    assert!(!required(), "CI=true, so this cannot be skipped: {reason}");
    // Straight to stderr: the test harness would swallow `eprintln!` from
    // a passing test, and a skip must be seen.
    let _ = writeln!(std::io::stderr(), "skipping browser test: {reason}");
}

/// The first of `names` on PATH, or the program named by `env_var`.
fn program(env_var: &str, names: &[&str]) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(env_var) {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

/// axe-core's source, from `npm ci --prefix tests/browser`.
pub fn axe_source() -> Option<String> {
    let path = crate::common::repo().join("tests/browser/node_modules/axe-core/axe.min.js");
    match std::fs::read_to_string(&path) {
        Ok(source) => Some(source),
        Err(error) => {
            skip(&format!(
                "{} ({error}); run `npm ci --prefix tests/browser`",
                path.display()
            ));
            None
        }
    }
}

/// A running chromedriver, the leader of its own process group.
struct Driver {
    child: Child,
    url: String,
    chromium: PathBuf,
}

impl Driver {
    fn start(chromedriver: &Path, chromium: PathBuf) -> Driver {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free local port")
            .port();
        let child = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .expect("chromedriver starts");
        let driver = Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
            chromium,
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "chromedriver did not listen on port {port}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        driver
    }

    /// The shared chromedriver, started when no session holds one.
    fn shared() -> Option<Arc<Driver>> {
        static DRIVER: Mutex<Weak<Driver>> = Mutex::new(Weak::new());
        let chromium = program(
            "CHROMIUM",
            &["chromium", "chromium-browser", "google-chrome"],
        );
        let chromedriver = program("CHROMEDRIVER", &["chromedriver"]);
        let (Some(chromium), Some(chromedriver)) = (chromium, chromedriver) else {
            skip("chromium and chromedriver are not installed (Debian: apt-get install chromium chromium-driver)");
            return None;
        };
        let mut shared = DRIVER
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(driver) = shared.upgrade() {
            return Some(driver);
        }
        let driver = Arc::new(Driver::start(&chromedriver, chromium));
        *shared = Arc::downgrade(&driver);
        Some(driver)
    }

    fn signal_group(&self, signal: i32) {
        let group = self.child.id() as i32;
        // SAFETY: kill(2) with a negative id signals only our own process
        // group: chromedriver and the browsers it started.
        unsafe {
            libc::kill(-group, signal);
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        self.signal_group(libc::SIGTERM);
        let deadline = Instant::now() + Duration::from_secs(5);
        while matches!(self.child.try_wait(), Ok(None)) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        // Whatever outlived the polite request (chromium helpers included).
        self.signal_group(libc::SIGKILL);
        let _ = self.child.wait();
    }
}

/// A chromedriver command on the current session that fantoccini lacks:
/// chromium's DevTools commands and its logs.
#[derive(Debug)]
struct SessionCommand {
    path: &'static str,
    body: Value,
}

impl WebDriverCompatibleCommand for SessionCommand {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        let session = session_id.unwrap_or_default();
        base_url.join(&format!("session/{session}/{}", self.path))
    }

    fn method_and_body(&self, _url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_string()))
    }
}

/// One headless chromium session with its own profile, closed on drop.
pub struct Browser {
    client: Option<Client>,
    runtime: tokio::runtime::Runtime,
    downloads: tempfile::TempDir,
    _profile: tempfile::TempDir,
    _driver: Arc<Driver>,
}

impl Browser {
    /// A new browser, or `None` (after saying why) when there is none here.
    pub fn open() -> Option<Browser> {
        let driver = Driver::shared()?;
        let profile = tempfile::tempdir().expect("temp dir");
        let downloads = tempfile::tempdir().expect("temp dir");
        let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|s| s.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.path().display()));
        args.push("--window-size=1280,900".to_string());
        let capabilities = json!({
            "browserName": "chrome",
            "goog:loggingPrefs": {"browser": "ALL", "performance": "ALL"},
            "goog:chromeOptions": {
                "binary": driver.chromium,
                "args": args,
                "perfLoggingPrefs": {"enableNetwork": true, "enablePage": false},
                "prefs": {
                    "download.default_directory": downloads.path(),
                    "download.prompt_for_download": false,
                },
            },
        });
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("tokio runtime");
        let client = runtime
            .block_on(
                ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
                    .capabilities(capabilities.as_object().expect("object").clone())
                    .connect(&driver.url),
            )
            .unwrap_or_else(|error| panic!("chromium did not start through chromedriver: {error}"));
        let browser = Browser {
            client: Some(client),
            runtime,
            downloads,
            _profile: profile,
            _driver: driver,
        };
        browser.cdp(
            "Browser.setDownloadBehavior",
            json!({"behavior": "allow", "downloadPath": browser.downloads.path()}),
        );
        Some(browser)
    }

    fn client(&self) -> &Client {
        self.client.as_ref().expect("open session")
    }

    fn run<T>(
        &self,
        what: &str,
        future: impl std::future::Future<Output = Result<T, fantoccini::error::CmdError>>,
    ) -> T {
        self.runtime
            .block_on(future)
            .unwrap_or_else(|error| panic!("{what}: {error}"))
    }

    /// Opens a file from disk, as a person double-clicking it would.
    pub fn open_file(&self, path: &Path) -> String {
        let url = url::Url::from_file_path(path)
            .expect("absolute path")
            .to_string();
        self.goto(&url);
        url
    }

    /// Opens `url`, as typing it into the address bar would.
    pub fn goto(&self, url: &str) {
        self.run("open the page", self.client().goto(url));
    }

    /// Reloads the page.
    pub fn reload(&self) {
        self.run("reload", self.client().refresh());
    }

    /// Runs `script` (a function body) in the page and returns its result.
    pub fn js(&self, script: &str, args: Vec<Value>) -> Value {
        self.run(script, self.client().execute(script, args))
    }

    /// Runs `script`, whose last argument is a callback to call with the result.
    pub fn js_async(&self, script: &str, args: Vec<Value>) -> Value {
        self.run(script, self.client().execute_async(script, args))
    }

    /// A DevTools protocol command, through chromedriver.
    pub fn cdp(&self, command: &str, params: Value) -> Value {
        let body = json!({"cmd": command, "params": params});
        self.run(
            command,
            self.client().issue_cmd(SessionCommand {
                path: "goog/cdp/execute",
                body,
            }),
        )
    }

    /// Chromium's log of `kind` ("browser", "performance") since last asked.
    fn log(&self, kind: &str) -> Vec<Value> {
        let entries = self.run(
            "read the log",
            self.client().issue_cmd(SessionCommand {
                path: "se/log",
                body: json!({"type": kind}),
            }),
        );
        entries.as_array().cloned().unwrap_or_default()
    }

    /// Console errors, uncaught exceptions and refused loads since last asked.
    pub fn errors(&self) -> Vec<String> {
        self.log("browser")
            .into_iter()
            .filter(|entry| entry["level"] == "SEVERE")
            .map(|entry| entry["message"].as_str().unwrap_or_default().to_string())
            .collect()
    }

    /// The URL of every request the browser started since last asked.
    pub fn requests(&self) -> Vec<String> {
        self.log("performance")
            .into_iter()
            .filter_map(|entry| {
                let message: Value = serde_json::from_str(entry["message"].as_str()?).ok()?;
                let message = &message["message"];
                (message["method"] == "Network.requestWillBeSent").then(|| {
                    message["params"]["request"]["url"]
                        .as_str()
                        .map(str::to_string)
                })?
            })
            .collect()
    }

    /// Forgets the logs so far (the browser's own start-up included).
    pub fn clear_logs(&self) {
        self.log("browser");
        self.log("performance");
    }

    /// Makes the viewport `width` by `height` CSS pixels; below 600 px wide
    /// it behaves as a phone (touch, `width=device-width`).
    pub fn viewport(&self, width: u32, height: u32) {
        self.cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600}),
        );
    }

    /// Emulates `prefers-color-scheme` (`"light"` or `"dark"`).
    pub fn color_scheme(&self, scheme: &str) {
        self.cdp(
            "Emulation.setEmulatedMedia",
            json!({"features": [{"name": "prefers-color-scheme", "value": scheme}]}),
        );
    }

    /// The first element matching a CSS selector.
    pub fn find(&self, selector: &str) -> Element {
        self.run(selector, self.client().find(Locator::Css(selector)))
    }

    /// Clicks an element, as a pointer would, once it can be clicked.
    pub fn click(&self, selector: &str) {
        let element = self.find(selector);
        // chromedriver scrolls it into view itself, but computes where to
        // click before the page's smooth scrolling has got there.
        self.js(
            "document.querySelector(arguments[0])
               .scrollIntoView({block: 'center', behavior: 'instant'})",
            vec![json!(selector)],
        );
        // A drawer sliding in or a transition still running would take the
        // click: wait a while for a pointer at the element's centre to hit
        // it (chromedriver then says what is in the way, if anything).
        let deadline = Instant::now() + Duration::from_secs(5);
        while self.js(HITS_ITS_CENTRE, vec![json!(selector)]) != Value::Bool(true)
            && Instant::now() < deadline
        {
            std::thread::sleep(Duration::from_millis(50));
        }
        self.run(selector, element.click());
    }

    /// Replaces a text field's text by typing, key by key.
    pub fn type_into(&self, selector: &str, text: &str) {
        let element = self.find(selector);
        self.run(selector, element.clear());
        self.run(selector, element.send_keys(text));
    }

    /// Presses a key in whatever has the focus, as a keyboard would.
    pub fn press(&self, key: fantoccini::key::Key) {
        let focused = self.run("the focused element", self.client().active_element());
        self.run(
            "press a key",
            focused.send_keys(&char::from(key).to_string()),
        );
    }

    /// The text of the dialog the page has open.
    pub fn dialog_text(&self) -> String {
        self.run("read the dialog", self.client().get_alert_text())
    }

    /// Answers "OK" to the page's confirm dialog.
    pub fn accept_dialog(&self) {
        self.run("accept the dialog", self.client().accept_alert());
    }

    /// Waits up to twenty seconds for `script` to return true.
    pub fn wait_for(&self, what: &str, script: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while self.js(script, vec![]) != Value::Bool(true) {
            assert!(Instant::now() < deadline, "timed out waiting for {what}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits up to twenty seconds for a finished download called `name`.
    pub fn download(&self, name: &str) -> PathBuf {
        let path = self.downloads.path().join(name);
        let deadline = Instant::now() + Duration::from_secs(20);
        while !path.is_file() {
            assert!(
                Instant::now() < deadline,
                "no download {name}; the folder holds {:?}",
                std::fs::read_dir(self.downloads.path())
                    .map(|dir| dir.flatten().map(|e| e.file_name()).collect::<Vec<_>>())
                    .unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        path
    }

    /// The page printed to PDF on paper of `size`, as "Save as PDF" would.
    pub fn print_pdf(&self, size: PrintSize) -> Vec<u8> {
        let config = PrintConfiguration::builder()
            .size(size)
            .build()
            .expect("print configuration");
        self.run("print", self.client().print(config))
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if let Some(client) = self.client.take() {
            let _ = self.runtime.block_on(client.close());
        }
    }
}

/// Whether a pointer at the centre of the element `arguments[0]` selects
/// would land on it (or inside it).
const HITS_ITS_CENTRE: &str = "var e = document.querySelector(arguments[0]);
    if (!e) return false;
    var r = e.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return false;
    var hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return !!hit && (hit === e || e.contains(hit));";
