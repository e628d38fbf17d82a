//! The optional `[http]` listener on loopback, for monitoring:
//! - `GET /healthz`: 200 `ok` while the scheduler fires and the database
//!   answers (what the watchdog checks), else 503 saying which is wrong;
//! - `GET /metrics`: per-source runs, articles, highlights, errors, failures,
//!   last success, links waiting and the last run's failed pages; every host
//!   backoff still ahead with its end, per source it stops; and digests sent,
//!   failed and pending, in the OpenMetrics text format Prometheus scrapes.
//!   The totals come from the database at each scrape, so they survive restarts.

use super::notify::{self, Heartbeat};
use crate::pipeline::{ActiveBackoff, active_backoffs};
use crate::store::{AsyncStore, DigestTotals, SourceTotals};
use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// The scheduler's heartbeat job fires every 10 s; three missed beats are unhealthy.
const HEARTBEAT_LIMIT: Duration = Duration::from_secs(30);

/// How long requests in progress get when the listener stops.
const STOP_GRACE: Duration = Duration::from_secs(2);

const OPENMETRICS: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

#[derive(Clone)]
struct Probe {
    store: AsyncStore,
    heartbeat: Heartbeat,
}

/// The running listener; [`HttpServer::stop`] ends it.
pub struct HttpServer {
    pub addr: SocketAddr,
    stop: oneshot::Sender<()>,
    task: JoinHandle<()>,
}

impl HttpServer {
    /// Binds `addr` (port 0 picks a free port) and serves until stopped.
    pub async fn start(
        addr: SocketAddr,
        store: AsyncStore,
        heartbeat: Heartbeat,
    ) -> std::io::Result<HttpServer> {
        let listener = TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let app = Router::new()
            .route("/healthz", get(healthz))
            .route("/metrics", get(metrics))
            .with_state(Probe { store, heartbeat });
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let serving = axum::serve(listener, app).with_graceful_shutdown(async move {
                let _ = stopped.await;
            });
            if let Err(e) = serving.await {
                tracing::error!("the [http] listener failed: {e}");
            }
        });
        tracing::info!(%addr, "serving /healthz and /metrics");
        Ok(HttpServer { addr, stop, task })
    }

    /// Stops accepting and lets requests in progress finish, for at most
    /// `STOP_GRACE`: a client that never completes its request (or keeps its
    /// connection open) must not hold up the daemon's exit.
    pub async fn stop(mut self) {
        let _ = self.stop.send(());
        if tokio::time::timeout(STOP_GRACE, &mut self.task)
            .await
            .is_err()
        {
            self.task.abort();
        }
    }
}

async fn healthz(State(probe): State<Probe>) -> (StatusCode, String) {
    match notify::health(&probe.heartbeat, &probe.store, HEARTBEAT_LIMIT).await {
        Ok(()) => (StatusCode::OK, "ok\n".into()),
        Err(why) => (
            StatusCode::SERVICE_UNAVAILABLE,
            format!("unhealthy: {why}\n"),
        ),
    }
}

async fn metrics(State(probe): State<Probe>) -> Response {
    let totals = probe
        .store
        .call(|s| {
            Ok((
                s.source_totals()?,
                s.digest_totals()?,
                active_backoffs(s, &[])?,
            ))
        })
        .await;
    match totals {
        Ok((sources, digests, backoffs)) => (
            [(header::CONTENT_TYPE, OPENMETRICS)],
            encode(&sources, digests, &backoffs),
        )
            .into_response(),
        Err(e) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("cannot read the totals: {e}\n"),
        )
            .into_response(),
    }
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct SourceLabel {
    source: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct BackoffLabel {
    host: String,
    /// A source the backoff stops; empty when it stops none configured.
    source: String,
}

/// The totals in the OpenMetrics text format.
pub fn encode(
    sources: &[SourceTotals],
    digests: DigestTotals,
    backoffs: &[ActiveBackoff],
) -> String {
    let mut registry = Registry::with_prefix("regionwatch");
    let counter = |pick: fn(&SourceTotals) -> u64| {
        let family = Family::<SourceLabel, Counter>::default();
        for s in sources {
            family.get_or_create(&label(s)).inc_by(pick(s));
        }
        family
    };
    let gauge = |pick: fn(&SourceTotals) -> Option<i64>| {
        let family = Family::<SourceLabel, Gauge>::default();
        for s in sources {
            if let Some(value) = pick(s) {
                family.get_or_create(&label(s)).set(value);
            }
        }
        family
    };
    #[rustfmt::skip]
    let per_source = [
        ("source_runs", "Finished runs of each source", counter(|s| s.runs)),
        ("source_failed_runs", "Runs in which the whole source failed", counter(|s| s.failed_runs)),
        ("source_errors", "Pages that failed, plus one per failed run", counter(|s| s.errors)),
        ("source_articles", "Articles found new or changed", counter(|s| s.status.articles_found.into())),
        ("source_highlights", "Highlights found for the first time", counter(|s| s.status.highlights_found.into())),
    ];
    for (name, help, family) in per_source {
        registry.register(name, help, family);
    }
    registry.register(
        "source_consecutive_failures",
        "Failed runs since the last success",
        gauge(|s| Some(s.status.consecutive_failures.into())),
    );
    registry.register(
        "source_last_success_timestamp_seconds",
        "When the source last ran without failing (Unix time)",
        gauge(|s| s.status.last_success_at.map(|t| t.timestamp())),
    );
    registry.register(
        "source_waiting_links",
        "Links found but not stored yet, waiting for the next runs",
        gauge(|s| Some(s.status.waiting.into())),
    );
    registry.register(
        "source_last_run_failed_pages",
        "Pages that failed in the source's last finished run",
        gauge(|s| Some(s.status.last_run_failed_pages.into())),
    );
    registry.register(
        "host_backoff_until_timestamp_seconds",
        "Until when a host asked to be left alone (Unix time), per source it stops",
        backoff_gauge(backoffs),
    );
    let digest_counter = |value: u64| {
        let counter = Counter::<u64>::default();
        counter.inc_by(value);
        counter
    };
    registry.register(
        "digests_sent",
        "Digests delivered",
        digest_counter(digests.sent),
    );
    registry.register(
        "digests_failed",
        "Digests the server refused for good",
        digest_counter(digests.failed),
    );
    let pending = Gauge::<i64>::default();
    pending.set(i64::try_from(digests.pending).unwrap_or(i64::MAX));
    registry.register("digests_pending", "Digests waiting to be sent", pending);
    let mut text = String::new();
    prometheus_client::encoding::text::encode(&mut text, &registry)
        .expect("writing to a String cannot fail");
    text
}

fn backoff_gauge(backoffs: &[ActiveBackoff]) -> Family<BackoffLabel, Gauge> {
    let family = Family::<BackoffLabel, Gauge>::default();
    for b in backoffs {
        let sources = if b.sources.is_empty() {
            vec![String::new()]
        } else {
            b.sources.clone()
        };
        for source in sources {
            let label = BackoffLabel {
                host: b.host.clone(),
                source,
            };
            family.get_or_create(&label).set(b.until.timestamp());
        }
    }
    family
}

fn label(s: &SourceTotals) -> SourceLabel {
    SourceLabel {
        source: s.status.name.clone(),
    }
}
