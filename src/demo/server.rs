//! The demo's news site: the bundled sample pages served on a loopback port,
//! with ETags so a second pass gets 304s like from a real site.
//!
//! `{{BASE}}` in a served page becomes the site's own address, since feeds and
//! datasources name absolute URLs and the port is only known at start.

use include_dir::{Dir, include_dir};
use std::net::SocketAddr;
use std::sync::Arc;
use std::thread::JoinHandle;
use tiny_http::{Header, Request, Response, Server};

static SITE: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/src/demo/site");

/// A running demo site; stops when dropped.
pub struct DemoSite {
    server: Arc<Server>,
    addr: SocketAddr,
    worker: Option<JoinHandle<()>>,
}

impl DemoSite {
    /// Serves the bundled pages on 127.0.0.1 at a free port.
    pub fn start() -> std::io::Result<DemoSite> {
        let server = Server::http("127.0.0.1:0").map_err(std::io::Error::other)?;
        let addr = server
            .server_addr()
            .to_ip()
            .ok_or_else(|| std::io::Error::other("the demo site has no IP address"))?;
        let server = Arc::new(server);
        let base = format!("http://{addr}");
        let serving = server.clone();
        let worker = std::thread::spawn(move || {
            for request in serving.incoming_requests() {
                answer(request, &base);
            }
        });
        Ok(DemoSite {
            server,
            addr,
            worker: Some(worker),
        })
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn base(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for DemoSite {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
    }
}

fn answer(request: Request, base: &str) {
    let path = request
        .url()
        .split('?')
        .next()
        .unwrap_or("/")
        .trim_start_matches('/')
        .to_string();
    let Some(file) = SITE.get_file(&path) else {
        let _ = request.respond(Response::from_string("not found").with_status_code(404));
        return;
    };
    let body = match file.contents_utf8() {
        Some(text) => text.replace("{{BASE}}", base).into_bytes(),
        None => file.contents().to_vec(),
    };
    let etag = format!("\"{}\"", &crate::store::content_hash(&body)[..16]);
    let unchanged = request
        .headers()
        .iter()
        .any(|h| h.field.equiv("If-None-Match") && h.value.as_str() == etag);
    let response = if unchanged {
        Response::from_data(Vec::new()).with_status_code(304)
    } else {
        Response::from_data(body).with_header(header("Content-Type", content_type(&path)))
    };
    let _ = request.respond(response.with_header(header("ETag", &etag)));
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes())
        .expect("static header names and ASCII values")
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next() {
        Some("xml") => "application/rss+xml; charset=utf-8",
        Some("json") => "application/json; charset=utf-8",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "text/html; charset=utf-8",
    }
}
