//! `prepbook serve` for real: the binary serves a copy of the project on a
//! free port; headless chromium opens the page, and edits on disk (good,
//! broken, fixed) show up in it with no reload by the test. The routes are
//! also checked over plain HTTP, which needs no browser.

mod common;
#[allow(dead_code)]
#[path = "browser/harness.rs"]
mod harness;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use harness::Browser;
use serde_json::json;

const CHAPTER: &str = "content/01-why-interviewers-ask.md";

/// A running `prepbook serve`, killed when dropped.
struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT/`, as the server printed it.
    url: String,
    port: u16,
    log: tempfile::NamedTempFile,
}

impl Server {
    /// Starts `prepbook serve --port 0 ARGS` in `dir` and reads the URL it
    /// prints.
    fn start(dir: &Path, args: &[&str]) -> Server {
        let log = tempfile::NamedTempFile::new().expect("log file");
        let mut child = Command::new(env!("CARGO_BIN_EXE_prepbook"))
            .args(["serve", "--port", "0"])
            .args(args)
            .current_dir(dir)
            .env_remove("SOURCE_DATE_EPOCH")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(log.reopen().expect("log file"))
            .spawn()
            .expect("the prepbook binary runs");
        let stdout = child.stdout.take().expect("stdout");
        let (sender, line) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut first = String::new();
            let _ = BufReader::new(stdout).read_line(&mut first);
            let _ = sender.send(first);
        });
        let mut server = Server {
            child,
            url: String::new(),
            port: 0,
            log,
        };
        let first = line
            .recv_timeout(Duration::from_secs(60))
            .unwrap_or_default();
        let Some(url) = first.trim().strip_prefix("serving ") else {
            panic!(
                "serve printed {first:?}, not its URL; its log:\n{}",
                server.log()
            );
        };
        server.port = url
            .strip_prefix("http://127.0.0.1:")
            .and_then(|rest| rest.strip_suffix('/'))
            .and_then(|port| port.parse().ok())
            .unwrap_or_else(|| panic!("not a 127.0.0.1 URL: {url}"));
        server.url = url.to_string();
        server
    }

    /// What the server has written to stderr.
    fn log(&self) -> String {
        std::fs::read_to_string(self.log.path()).unwrap_or_default()
    }

    /// Sends one HTTP/1.0 request (so the body comes whole, not chunked)
    /// and returns the status and body.
    fn request(&self, method: &str, path: &str, host: &str) -> (u16, Vec<u8>) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(120)))
            .expect("timeout");
        write!(stream, "{method} {path} HTTP/1.0\r\nHost: {host}\r\n\r\n").expect("send");
        let mut response = Vec::new();
        stream
            .read_to_end(&mut response)
            .expect("read the response");
        let split = response
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or_else(|| panic!("no header end in {:?}", String::from_utf8_lossy(&response)));
        let head = String::from_utf8_lossy(&response[..split]).into_owned();
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("no status in {head:?}"));
        (status, response[split + 4..].to_vec())
    }

    fn get(&self, path: &str) -> (u16, Vec<u8>) {
        self.request("GET", path, &format!("127.0.0.1:{}", self.port))
    }

    /// The served page once a build has finished.
    fn built_page(&self) -> String {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let (status, body) = self.get("/");
            assert_eq!(status, 200);
            let page = String::from_utf8(body).expect("UTF-8 page");
            if page.contains(" ms</p>") || page.contains(ERROR) {
                return page;
            }
            assert!(
                Instant::now() < deadline,
                "no build after a minute; log:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The errors' section of the page.
const ERROR: &str = "id=\"prepbook-serve-error\"";

/// The whole visible text of the page.
const PAGE_TEXT: &str = "return document.body.innerText";

#[test]
fn edits_show_in_the_open_page_and_errors_over_the_last_good_workbook() {
    let Some(browser) = Browser::open() else {
        return;
    };
    let project = common::project_copy();
    let server = Server::start(project.path(), &[]);
    let chapter = project.path().join(CHAPTER);
    let original = std::fs::read_to_string(&chapter).expect("chapter");

    browser.goto(&server.url);
    browser.wait_for(
        "the example workbook",
        "return document.body.dataset.fileStem === 'example'
            && document.getElementById('prepbook-serve') !== null",
    );
    let added = "Serve edit 4711 reached the open page.";
    let text = browser.js(PAGE_TEXT, vec![]);
    assert!(
        !text.as_str().expect("text").contains(added),
        "the new text is there before the edit"
    );
    // Gone after any reload: only the page reloading itself clears it.
    browser.js("window.servedBefore = true", vec![]);

    std::fs::write(&chapter, format!("{original}\n{added}\n")).expect("edit");
    browser.wait_for(
        "the edit in the open page",
        &format!("return document.body.innerText.includes({})", json!(added)),
    );
    assert_eq!(
        browser.js("return window.servedBefore === undefined", vec![]),
        json!(true),
        "the text changed without the page reloading itself"
    );
    assert_eq!(
        browser.js("return location.href", vec![]),
        json!(server.url),
        "the page moved"
    );

    // A typo in a template: the error shows with its file, line and
    // snippet, over the last good workbook.
    let mut lines: Vec<&str> = original.lines().collect();
    let line = lines
        .iter()
        .position(|l| l.contains("{{first_name person.name}}"))
        .expect("the chapter greets the person")
        + 2;
    lines.insert(line - 1, "Hello {{persn.name}} there.");
    std::fs::write(&chapter, lines.join("\n")).expect("break");
    browser.wait_for(
        "the error in the page",
        "var e = document.getElementById('prepbook-serve-error');
         return e !== null && e.innerText.includes('persn.name')",
    );
    let error = browser.js(
        "return document.getElementById('prepbook-serve-error').innerText",
        vec![],
    );
    let error = error.as_str().expect("error text");
    let located = format!("{CHAPTER}:{line}:");
    assert!(error.contains(&located), "no {located} in:\n{error}");
    assert!(
        error.contains(&format!("{line} │ Hello {{{{persn.name}}}} there.")),
        "no snippet of the line in:\n{error}"
    );
    let text = browser.js(PAGE_TEXT, vec![]);
    assert!(
        text.as_str().expect("text").contains(added),
        "the last good workbook is gone"
    );

    // Fixed: the workbook is back, up to date, and the error is gone.
    let fixed = "Serve fix 4712 brought the workbook back.";
    std::fs::write(&chapter, format!("{original}\n{fixed}\n")).expect("fix");
    browser.wait_for(
        "the fixed workbook",
        &format!(
            "return document.getElementById('prepbook-serve-error') === null
                && document.body.innerText.includes({})",
            json!(fixed)
        ),
    );

    // The bar's PDF link gives the PDF of this build.
    let href = browser.js(
        "return document.querySelector('#prepbook-serve a').getAttribute('href')",
        vec![],
    );
    let (status, pdf) = server.get(href.as_str().expect("a link to the PDF"));
    assert_eq!(status, 200, "{href}");
    assert!(pdf.starts_with(b"%PDF-"), "not a PDF");
    let file = tempfile::NamedTempFile::new().expect("temp file");
    std::fs::write(file.path(), &pdf).expect("write");
    assert!(
        common::pdf_text(file.path()).contains("Serve fix 4712"),
        "the PDF is not of the last build"
    );
    let errors = browser.errors();
    assert!(errors.is_empty(), "console errors: {errors:?}");
    assert!(
        !project.path().join("out").exists(),
        "serve wrote into the project"
    );
}

#[test]
fn the_server_answers_its_own_routes_and_writes_nothing() {
    let project = common::project_copy();
    let server = Server::start(project.path(), &["profiles/minimal.toml"]);
    let page = server.built_page();
    assert!(
        page.contains("data-file-stem=\"minimal\""),
        "not minimal's workbook"
    );
    assert!(
        page.contains("<b>profiles/minimal.toml</b>"),
        "no bar naming it"
    );

    let (status, pdf) = server.get("/minimal.pdf");
    assert_eq!(status, 200);
    assert!(pdf.starts_with(b"%PDF-"), "not a PDF");

    let host = format!("127.0.0.1:{}", server.port);
    assert_eq!(server.get("/secrets").0, 404);
    assert_eq!(server.get("/example.pdf").0, 404, "only the profile served");
    assert_eq!(server.request("POST", "/", &host).0, 405);
    // Another site's page reaching the port through its own name.
    let (status, body) = server.request("GET", "/", "rebound.example:80");
    assert_eq!(status, 403);
    assert!(!String::from_utf8_lossy(&body).contains("minimal"));
    let localhost = format!("localhost:{}", server.port);
    assert_eq!(server.request("GET", "/", &localhost).0, 200);

    // The event stream names the version the page carries.
    let version = page
        .split("data-version=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the page's version");
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    write!(stream, "GET /events HTTP/1.1\r\nHost: {host}\r\n\r\n").expect("send");
    let mut events = BufReader::new(stream);
    let mut head = String::new();
    let data = loop {
        let mut line = String::new();
        assert!(
            events.read_line(&mut line).expect("read") > 0,
            "closed: {head}"
        );
        if let Some(data) = line.strip_prefix("data: ") {
            break data.trim().to_string();
        }
        head.push_str(&line);
    };
    assert!(head.contains("text/event-stream"), "{head}");
    assert_eq!(data, version);

    assert!(
        !project.path().join("out").exists(),
        "serve wrote into the project"
    );
}

#[test]
fn outside_a_project_it_serves_the_built_in_example() {
    let empty = tempfile::tempdir().expect("temp dir");
    let server = Server::start(empty.path(), &[]);
    let page = server.built_page();
    assert!(
        page.contains("data-file-stem=\"example\""),
        "{}",
        server.log()
    );
    assert!(page.contains("built-in:profiles/example.toml"));
    assert!(!page.contains(ERROR), "{}", server.log());
    let written: Vec<PathBuf> = std::fs::read_dir(empty.path())
        .expect("list")
        .map(|e| e.expect("entry").path())
        .collect();
    assert!(written.is_empty(), "serve wrote {written:?}");
}

#[test]
fn a_port_in_use_is_named() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let port = taken.local_addr().expect("address").port().to_string();
    let output = common::prepbook(&common::repo(), &["serve", "--port", &port]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(
        stderr.contains(&format!("port {port} on 127.0.0.1 is already in use")),
        "{stderr}"
    );
    assert!(stderr.contains("--port"), "no way out offered: {stderr}");
}
