//! The daemon's optional `[http]` listener, on a real socket (port 0) over a
//! real database: `/healthz` follows the scheduler's heartbeat, `/metrics`
//! reports the stored totals in the OpenMetrics text format.

use regionwatch::daemon::http::HttpServer;
use regionwatch::daemon::notify::Heartbeat;
use regionwatch::store::{AsyncStore, RunStats, Store};
use std::net::SocketAddr;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// `GET path` over HTTP/1.1; the status code and the body.
async fn get(addr: SocketAddr, path: &str) -> (u16, String, String) {
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    let (head, body) = response.split_once("\r\n\r\n").expect("a head and a body");
    let status = head[9..12].parse().expect("a status code");
    (status, head.to_string(), body.to_string())
}

/// The value of one sample line, e.g. `regionwatch_source_runs_total{source="a"}`.
fn sample(text: &str, name: &str) -> Option<f64> {
    text.lines()
        .find_map(|line| line.strip_prefix(name)?.strip_prefix(' ')?.parse().ok())
}

fn store_with_runs(dir: &std::path::Path) -> Store {
    let mut store = Store::open(&dir.join("regionwatch.db")).unwrap();
    let id = store
        .upsert_source("xinhua-regional", "http://127.0.0.1/list", "list")
        .unwrap();
    let ok = RunStats {
        links_found: 4,
        new_articles: 3,
        changed_articles: 0,
        highlights_new: 5,
        waiting: 0,
        errors: 1,
    };
    let run = store.begin_run(id).unwrap();
    store.finish_run(run, &ok, None, None).unwrap();
    store.record_source_outcome(id, Ok(())).unwrap();
    let failed = RunStats {
        errors: 1,
        ..RunStats::default()
    };
    let run = store.begin_run(id).unwrap();
    store
        .finish_run(run, &failed, Some("HTTP 500"), None)
        .unwrap();
    store.record_source_outcome(id, Err("HTTP 500")).unwrap();
    store.begin_run(id).unwrap(); // still running: not counted
    store
}

#[tokio::test]
async fn healthz_follows_the_heartbeat() {
    let dir = tempfile::tempdir().unwrap();
    let store = AsyncStore::new(Store::open(&dir.path().join("r.db")).unwrap());
    let heartbeat = Heartbeat::default();
    let server = HttpServer::start("127.0.0.1:0".parse().unwrap(), store, heartbeat.clone())
        .await
        .unwrap();

    let (status, _, body) = get(server.addr, "/healthz").await;
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("scheduler has not fired"), "{body}");

    heartbeat.beat();
    let (status, _, body) = get(server.addr, "/healthz").await;
    assert_eq!((status, body.as_str()), (200, "ok\n"));

    let (status, _, _) = get(server.addr, "/nothing-here").await;
    assert_eq!(status, 404);
    server.stop().await;
}

#[tokio::test]
async fn metrics_report_the_stored_totals() {
    let dir = tempfile::tempdir().unwrap();
    let store = AsyncStore::new(store_with_runs(dir.path()));
    let server = HttpServer::start("127.0.0.1:0".parse().unwrap(), store, Heartbeat::default())
        .await
        .unwrap();
    let (status, head, text) = get(server.addr, "/metrics").await;
    server.stop().await;

    assert_eq!(status, 200, "{text}");
    assert!(
        head.to_ascii_lowercase()
            .contains("content-type: application/openmetrics-text"),
        "{head}"
    );
    let of = |metric: &str| format!("regionwatch_{metric}{{source=\"xinhua-regional\"}}");
    let expected = [
        ("source_runs_total", 2.0),
        ("source_failed_runs_total", 1.0),
        ("source_errors_total", 2.0),
        ("source_articles_total", 0.0),
        ("source_highlights_total", 0.0),
        ("source_consecutive_failures", 1.0),
    ];
    for (metric, value) in expected {
        assert_eq!(sample(&text, &of(metric)), Some(value), "{metric}\n{text}");
    }
    let success = sample(&text, &of("source_last_success_timestamp_seconds")).expect("set");
    let now = chrono::Utc::now().timestamp() as f64;
    assert!((now - 600.0..=now + 1.0).contains(&success), "{success}");
    assert_eq!(sample(&text, "regionwatch_digests_sent_total"), Some(0.0));
    assert_eq!(sample(&text, "regionwatch_digests_failed_total"), Some(0.0));
    assert_eq!(sample(&text, "regionwatch_digests_pending"), Some(0.0));
    assert!(
        text.contains("# TYPE regionwatch_source_runs counter"),
        "{text}"
    );
    assert!(text.trim_end().ends_with("# EOF"), "{text}");
}

#[tokio::test]
async fn metrics_show_every_host_backoff_with_its_end_and_the_sources_it_stops() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_with_runs(dir.path());
    store
        .upsert_source("other", "http://127.0.0.2:8080/feed.xml", "feed")
        .unwrap();
    let until = chrono::Utc::now() + chrono::Duration::hours(2);
    store.set_host_backoff("127.0.0.1", until).unwrap();
    store
        .set_host_backoff("gone.example", until + chrono::Duration::hours(1))
        .unwrap();
    let server = HttpServer::start(
        "127.0.0.1:0".parse().unwrap(),
        AsyncStore::new(store),
        Heartbeat::default(),
    )
    .await
    .unwrap();
    let (status, _, text) = get(server.addr, "/metrics").await;
    server.stop().await;

    assert_eq!(status, 200, "{text}");
    let of = |host: &str, source: &str| {
        format!(
            "regionwatch_host_backoff_until_timestamp_seconds{{host=\"{host}\",source=\"{source}\"}}"
        )
    };
    assert_eq!(
        sample(&text, &of("127.0.0.1", "xinhua-regional")),
        Some(until.timestamp() as f64),
        "{text}"
    );
    assert_eq!(
        sample(&text, &of("gone.example", "")),
        Some((until.timestamp() + 3600) as f64),
        "{text}"
    );
    assert_eq!(
        text.matches("regionwatch_host_backoff_until_timestamp_seconds{")
            .count(),
        2,
        "{text}"
    );
}
