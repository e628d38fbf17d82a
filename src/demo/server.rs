//! The demo's news site: the bundled sample pages served by axum on a loopback
//! port, with ETags so a second pass gets 304s like from a real site.
//!
//! `{{BASE}}` in a served page becomes the site's own address, since feeds and
//! datasources name absolute URLs and the port is only known at start. The
//! site runs on its own thread and runtime, so the demo's pipeline and the
//! site never wait on each other's threads.

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use include_dir::{Dir, include_dir};
use std::net::SocketAddr;
use std::sync::Arc;
use std::thread::JoinHandle;
use tokio::sync::oneshot;

static SITE: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/src/demo/site");

/// A running demo site; stops when dropped.
pub struct DemoSite {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    worker: Option<JoinHandle<()>>,
}

impl DemoSite {
    /// Serves the bundled pages on 127.0.0.1 at a free port.
    pub fn start() -> std::io::Result<DemoSite> {
        let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let base: Arc<str> = format!("http://{addr}").into();
        let (stop, stopped) = oneshot::channel::<()>();
        let worker = std::thread::spawn(move || {
            runtime.block_on(async move {
                let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                    return;
                };
                let app = Router::new().fallback(answer).with_state(base);
                let serving = axum::serve(listener, app).with_graceful_shutdown(async move {
                    let _ = stopped.await;
                });
                if let Err(e) = serving.await {
                    eprintln!("regionwatch: the demo site failed: {e}");
                }
            });
        });
        Ok(DemoSite {
            addr,
            stop: Some(stop),
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
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
    }
}

async fn answer(State(base): State<Arc<str>>, uri: Uri, headers: HeaderMap) -> Response {
    let path = uri.path().trim_start_matches('/');
    let Some(file) = SITE.get_file(path) else {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    };
    let body = match file.contents_utf8() {
        Some(text) => text.replace("{{BASE}}", &base).into_bytes(),
        None => file.contents().to_vec(),
    };
    let etag = format!("\"{}\"", &crate::store::content_hash(&body)[..16]);
    let unchanged = headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .any(|value| value.as_bytes() == etag.as_bytes());
    if unchanged {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response();
    }
    let headers = [
        (header::CONTENT_TYPE, content_type(path).to_string()),
        (header::ETAG, etag),
    ];
    (headers, body).into_response()
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next() {
        Some("xml") => "application/rss+xml; charset=utf-8",
        Some("json") => "application/json; charset=utf-8",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "text/html; charset=utf-8",
    }
}
