//! A small web site on loopback for the pipeline tests: pages that can be
//! changed while it serves, ETag and Last-Modified validators answered with
//! 304 when a conditional GET matches, and a log of every request (method,
//! path, conditional headers, status) so tests assert on what the server saw
//! rather than on timing.

use super::{Reply, TestServer, header_of};
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Condvar, Mutex};

/// One request as the server saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logged {
    pub method: String,
    /// Path and query, as sent.
    pub path: String,
    pub if_none_match: Option<String>,
    pub if_modified_since: Option<String>,
    pub status: u16,
}

impl Logged {
    pub fn is_conditional(&self) -> bool {
        self.if_none_match.is_some() || self.if_modified_since.is_some()
    }
}

/// The requests a server received, shared with the test.
#[derive(Debug, Clone, Default)]
pub struct RequestLog(Arc<(Mutex<Vec<Logged>>, Condvar)>);

impl RequestLog {
    pub fn record(&self, request: &tiny_http::Request, status: u16) {
        let (log, grown) = &*self.0;
        log.lock().unwrap().push(Logged {
            method: request.method().to_string(),
            path: request.url().to_string(),
            if_none_match: header_of(request, "If-None-Match"),
            if_modified_since: header_of(request, "If-Modified-Since"),
            status,
        });
        grown.notify_all();
    }

    /// Everything logged so far, emptying the log (one run's requests at a time).
    pub fn take(&self) -> Vec<Logged> {
        std::mem::take(&mut *self.0.0.lock().unwrap())
    }

    pub fn len(&self) -> usize {
        self.0.0.lock().unwrap().len()
    }

    /// Waits until `n` requests are logged or `limit` passed; whether they were.
    pub fn wait_for(&self, n: usize, limit: std::time::Duration) -> bool {
        let (log, grown) = &*self.0;
        let guard = log.lock().unwrap();
        let (guard, _) = grown
            .wait_timeout_while(guard, limit, |log| log.len() < n)
            .unwrap();
        guard.len() >= n
    }
}

/// Serves `routes` like [`TestServer::start`], logging each request and its status.
pub fn logged_server(
    routes: impl Fn(&tiny_http::Request) -> Reply + Send + 'static,
) -> (TestServer, RequestLog) {
    let log = RequestLog::default();
    let recorder = log.clone();
    let server = TestServer::start(move |request| {
        let reply = routes(request);
        recorder.record(request, reply.status);
        reply
    });
    (server, log)
}

/// Which validators a page is served with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Validation {
    Both,
    ETagOnly,
    LastModifiedOnly,
}

#[derive(Debug, Clone)]
struct Page {
    content_type: String,
    body: Vec<u8>,
    etag: Option<String>,
    last_modified: Option<String>,
}

#[derive(Debug, Default)]
struct Pages {
    by_path: HashMap<String, Page>,
    /// Bumped by every change, so each version has its own Last-Modified.
    version: i64,
}

/// A site of static pages with validators; unknown paths are 404.
pub struct Site {
    server: TestServer,
    pages: Arc<Mutex<Pages>>,
    pub log: RequestLog,
}

impl Site {
    pub fn start() -> Site {
        let pages: Arc<Mutex<Pages>> = Arc::default();
        let serving = Arc::clone(&pages);
        let (server, log) = logged_server(move |request| {
            let path = request.url().split(['?', '#']).next().unwrap_or_default();
            let page = serving.lock().unwrap().by_path.get(path).cloned();
            match page {
                Some(page) => answer(request, page),
                None => Reply::status(404),
            }
        });
        Site { server, pages, log }
    }

    pub fn base(&self) -> &str {
        &self.server.base
    }

    pub fn url(&self, path: &str) -> String {
        self.server.url(path)
    }

    /// Serves `body` at `path` with both validators; `{BASE}` in it becomes this site's base URL.
    pub fn put(&self, path: &str, content_type: &str, body: impl AsRef<[u8]>) {
        self.put_with(path, content_type, body, Validation::Both);
    }

    pub fn put_with(
        &self,
        path: &str,
        content_type: &str,
        body: impl AsRef<[u8]>,
        validation: Validation,
    ) {
        let body = with_base(body.as_ref(), self.base());
        let mut pages = self.pages.lock().unwrap();
        pages.version += 1;
        let page = Page {
            content_type: content_type.to_string(),
            etag: (validation != Validation::LastModifiedOnly).then(|| etag_of(&body)),
            last_modified: (validation != Validation::ETagOnly).then(|| http_date(pages.version)),
            body,
        };
        pages.by_path.insert(path.to_string(), page);
    }
}

/// 304 when the request's validators match the page's, else the page.
fn answer(request: &tiny_http::Request, page: Page) -> Reply {
    let etag_matches = page.etag.is_some() && header_of(request, "If-None-Match") == page.etag;
    // If-Modified-Since counts only when If-None-Match is absent (RFC 9110 13.1.3).
    let date_matches = header_of(request, "If-None-Match").is_none()
        && page.last_modified.is_some()
        && header_of(request, "If-Modified-Since") == page.last_modified;
    let mut reply = if etag_matches || date_matches {
        Reply {
            status: 304,
            headers: vec![],
            body: vec![],
        }
    } else {
        Reply::ok(&page.content_type, page.body)
    };
    if let Some(etag) = page.etag {
        reply = reply.header("ETag", &etag);
    }
    if let Some(date) = page.last_modified {
        reply = reply.header("Last-Modified", &date);
    }
    reply
}

fn with_base(body: &[u8], base: &str) -> Vec<u8> {
    match std::str::from_utf8(body) {
        Ok(text) => text.replace("{BASE}", base).into_bytes(),
        Err(_) => body.to_vec(), // not UTF-8 (a GBK page): served as is
    }
}

fn etag_of(body: &[u8]) -> String {
    let mut hasher = DefaultHasher::new();
    body.hash(&mut hasher);
    format!("\"{:016x}\"", hasher.finish())
}

/// An HTTP date, one second later for each version.
fn http_date(version: i64) -> String {
    let base = chrono::DateTime::parse_from_rfc3339("2025-03-16T08:00:00Z").unwrap();
    (base + chrono::Duration::seconds(version))
        .format("%a, %d %b %Y %H:%M:%S GMT")
        .to_string()
}

/// A server that answers robots.txt with 404 at once and every other request with
/// a page promised at `len` bytes and sent one byte per `every` (the "1 byte/s"
/// attack). Returns its base URL and a count of the trickled requests. Each
/// connection's thread ends when the client hangs up.
pub fn trickling_site(
    every: std::time::Duration,
    len: usize,
) -> (String, Arc<std::sync::atomic::AtomicUsize>) {
    use std::io::{BufRead, BufReader, Write};
    use std::sync::atomic::{AtomicUsize, Ordering};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let trickled = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&trickled);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let counter = Arc::clone(&counter);
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().expect("clone stream"));
                let mut request_line = String::new();
                let _ = reader.read_line(&mut request_line);
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                    line.clear();
                }
                if request_line.contains(" /robots.txt ") {
                    let _ = stream.write_all(
                        b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                    );
                    return;
                }
                counter.fetch_add(1, Ordering::SeqCst);
                super::trickle(stream, every, len);
            });
        }
    });
    (base, trickled)
}
