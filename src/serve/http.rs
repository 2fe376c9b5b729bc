//! The server: tiny_http on 127.0.0.1, a few threads answering requests,
//! and a thread per open page for its event stream. Routes: `/` the
//! workbook, `/<stem>.pdf` its PDF, `/events` the stream that names the
//! latest build's version (`/favicon.ico`: nothing, without an error).

use std::io::Write;
use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, MutexGuard};
use std::time::Duration;

use tiny_http::{Header, Method, Request, Response, Server};

use super::page::{self, View};
use super::{Shared, State};
use crate::diagnostics::Error;

/// Threads answering requests (each open page's stream has its own).
const WORKERS: usize = 4;

/// Open event streams at most (one per open page).
const MAX_STREAMS: usize = 32;

/// How often an idle stream says it is alive, which also notices a
/// closed page.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// How long a request for the PDF waits for the one being built.
const PDF_WAIT: Duration = Duration::from_secs(60);

/// Starts answering requests on `listener`, bound to 127.0.0.1:`port`.
pub fn start(listener: TcpListener, shared: Arc<Shared>, port: u16) -> Result<(), Error> {
    let server = Server::from_listener(listener, None)
        .map_err(|e| Error::new(format!("cannot start the server: {e}")))?;
    let server = Arc::new(server);
    let routes = Arc::new(Routes {
        pdf_path: format!("/{}.pdf", encode(&shared.stem)),
        shared,
        hosts: [format!("127.0.0.1:{port}"), format!("localhost:{port}")],
        streams: AtomicUsize::new(0),
    });
    for worker in 0..WORKERS {
        let server = Arc::clone(&server);
        let routes = Arc::clone(&routes);
        std::thread::Builder::new()
            .name(format!("http-{worker}"))
            .spawn(move || {
                while let Ok(request) = server.recv() {
                    routes.answer(request);
                }
            })
            .map_err(|e| Error::new(format!("cannot start the server: {e}")))?;
    }
    Ok(())
}

struct Routes {
    shared: Arc<Shared>,
    pdf_path: String,
    /// The `Host` a page of this server sends: anything else is another
    /// site's page reaching in through its own domain name (DNS rebinding).
    hosts: [String; 2],
    streams: AtomicUsize,
}

impl Routes {
    fn answer(self: &Arc<Self>, request: Request) {
        let method = request.method().clone();
        if !matches!(method, Method::Get | Method::Head) {
            let allow = header("Allow", "GET, HEAD");
            return respond(request, text(405, "only GET and HEAD").with_header(allow));
        }
        let host = request
            .headers()
            .iter()
            .find(|h| h.field.equiv("Host"))
            .map(|h| h.value.as_str().to_ascii_lowercase());
        if host.is_some_and(|host| !self.hosts.contains(&host)) {
            return respond(request, text(403, "this preview answers 127.0.0.1 only"));
        }
        let path = request.url().split(['?', '#']).next().unwrap_or_default();
        if path == "/" || path == "/index.html" {
            let page = self.page();
            let html = header("Content-Type", "text/html; charset=utf-8");
            let fresh = header("Cache-Control", "no-store");
            let response = Response::from_string(page).with_header(html);
            respond(request, response.with_header(fresh));
        } else if path == self.pdf_path {
            let response = self.pdf();
            respond(request, response);
        } else if path == "/events" && method == Method::Get {
            self.stream(request);
        } else if path == "/favicon.ico" {
            // The browser asks; the workbook has none, and that is no error.
            respond(request, text(204, ""));
        } else {
            respond(request, text(404, "not found"));
        }
    }

    /// The workbook as it stands, with the bar, errors and script added.
    fn page(&self) -> String {
        let state = self.shared.lock();
        let view = View {
            version: &self.shared.version(state.generation),
            name: &self.shared.name,
            pdf_href: &self.pdf_path,
            took_ms: state.html.as_ref().map(|_| state.took.as_millis()),
            errors: state.errors.as_deref(),
        };
        page::page(state.html.as_deref(), &view)
    }

    /// The last good build's PDF, once it is made.
    fn pdf(&self) -> Response<std::io::Cursor<Vec<u8>>> {
        let state = self.shared.lock();
        let (state, _) = self
            .shared
            .changed
            .wait_timeout_while(state, PDF_WAIT, |state| state.pdf_pending())
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        match &state.pdf {
            Some(pdf) => Response::from_data(pdf.clone())
                .with_header(header("Content-Type", "application/pdf"))
                .with_header(header("Cache-Control", "no-store")),
            None if state.html.is_none() => text(503, "no workbook is built yet"),
            None => text(503, "the PDF could not be built; the page says why"),
        }
    }

    /// Answers `/events` on a thread of its own, unless too many are open.
    fn stream(self: &Arc<Self>, request: Request) {
        if self.streams.fetch_add(1, Ordering::SeqCst) >= MAX_STREAMS {
            self.streams.fetch_sub(1, Ordering::SeqCst);
            return respond(request, text(503, "too many open pages"));
        }
        let routes = Arc::clone(self);
        let spawned = std::thread::Builder::new()
            .name("events".to_string())
            .spawn(move || {
                routes.send_events(request);
                routes.streams.fetch_sub(1, Ordering::SeqCst);
            });
        if spawned.is_err() {
            self.streams.fetch_sub(1, Ordering::SeqCst);
        }
    }

    /// Sends the current version, then each new one, until the page closes.
    fn send_events(&self, request: Request) {
        let mut writer = request.into_writer();
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\
                    Cache-Control: no-store\r\nConnection: close\r\n\r\nretry: 1000\n\n";
        let mut send = |text: &str| {
            writer
                .write_all(text.as_bytes())
                .and_then(|()| writer.flush())
                .is_ok()
        };
        if !send(head) {
            return;
        }
        let mut sent = None;
        loop {
            let generation = {
                let state: MutexGuard<'_, State> = self.shared.lock();
                let (state, _) = self
                    .shared
                    .changed
                    .wait_timeout_while(state, KEEP_ALIVE, |state| Some(state.generation) == sent)
                    .unwrap_or_else(|poisoned| poisoned.into_inner());
                state.generation
            };
            let message = if Some(generation) == sent {
                ": alive\n\n".to_string()
            } else {
                format!("data: {}\n\n", self.shared.version(generation))
            };
            sent = Some(generation);
            if !send(&message) {
                return;
            }
        }
    }
}

/// Sends `response`; a page closed meanwhile is no error.
fn respond<R: std::io::Read>(request: Request, response: Response<R>) {
    let _ = request.respond(response);
}

fn text(status: u16, text: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_string(text)
        .with_status_code(status)
        .with_header(header("Content-Type", "text/plain; charset=utf-8"))
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("a fixed, valid header")
}

/// `text` as a URL path segment: unreserved ASCII as is, the rest
/// percent-encoded (UTF-8).
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stem_is_percent_encoded_in_the_pdf_path() {
        assert_eq!(encode("ana-1_b.x~"), "ana-1_b.x~");
        assert_eq!(encode("zoë o'brien"), "zo%C3%AB%20o%27brien");
    }
}
