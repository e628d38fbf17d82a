//! Manners against a real loopback server: spacing between requests to a host, retries
//! with backoff, `Retry-After` (waited out, or remembered as "retry later"), and
//! conditional GET. Servers count what they receive; nothing asserts an upper time bound.

mod http_server;

use http_server::{Reply, TestServer, header_of};
use regionwatch::config::FetchSettings;
use regionwatch::fetch::{FetchError, Fetched, Fetcher, Validators, parse_http_url};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

const PAGE: &str = "<html><body><p>Chongqing opens a rail corridor.</p></body></html>";

/// Loopback allowed, robots off (tested elsewhere), no delay, fast retries.
fn policy() -> FetchSettings {
    FetchSettings {
        allow_private_networks: true,
        obey_robots: false,
        min_delay: Duration::ZERO,
        retry_base: Duration::from_millis(10),
        ..FetchSettings::default()
    }
}

async fn get(fetcher: &Fetcher, url: &str) -> Result<Fetched, FetchError> {
    fetcher.get(&parse_http_url(url)?, None).await
}

/// A server answering the n-th request (from 0) with `reply(n)`; returns the count too.
fn scripted(reply: impl Fn(usize) -> Reply + Send + 'static) -> (TestServer, Arc<AtomicUsize>) {
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&hits);
    let server = TestServer::start(move |_| reply(counter.fetch_add(1, Ordering::SeqCst)));
    (server, hits)
}

#[tokio::test]
async fn requests_to_one_host_are_spaced_by_the_minimum_delay() {
    let arrivals = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&arrivals);
    let server = TestServer::start(move |_| {
        log.lock().unwrap().push(Instant::now());
        Reply::ok("text/html", PAGE)
    });
    let fetcher = Fetcher::new(FetchSettings {
        min_delay: Duration::from_millis(200),
        jitter: 0.0,
        ..policy()
    })
    .unwrap();
    // Started together: the fetcher must space them out itself.
    let urls = ["/a", "/b", "/c"].map(|path| server.url(path));
    let (a, b, c) = tokio::join!(
        get(&fetcher, &urls[0]),
        get(&fetcher, &urls[1]),
        get(&fetcher, &urls[2]),
    );
    for result in [a, b, c] {
        result.expect("fetched");
    }
    let arrivals = arrivals.lock().unwrap();
    assert_eq!(arrivals.len(), 3);
    for pair in arrivals.windows(2) {
        // A lower bound only, with a margin for connection set-up on the first request.
        let gap = pair[1] - pair[0];
        assert!(gap >= Duration::from_millis(150), "gap {gap:?}");
    }
}

#[tokio::test]
async fn server_errors_are_retried_until_success() {
    let (server, hits) = scripted(|n| match n {
        0 | 1 => Reply::status(503),
        _ => Reply::ok("text/html", PAGE),
    });
    let page = get(&Fetcher::new(policy()).unwrap(), &server.url("/flaky"))
        .await
        .expect("third time lucky")
        .into_page()
        .unwrap();
    assert_eq!(page.bytes, PAGE.as_bytes());
    assert_eq!(hits.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn retries_stop_after_the_attempts_and_report_the_last_answer() {
    let (server, hits) = scripted(|n| Reply::status(if n == 0 { 408 } else { 500 }));
    let err = get(&Fetcher::new(policy()).unwrap(), &server.url("/down"))
        .await
        .expect_err("always failing");
    assert!(
        matches!(err, FetchError::Status { status, .. } if status.as_u16() == 500),
        "{err}"
    );
    assert_eq!(hits.load(Ordering::SeqCst), 3, "attempts = 3");
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let (server, hits) = scripted(|_| Reply::status(404));
    let err = get(&Fetcher::new(policy()).unwrap(), &server.url("/gone"))
        .await
        .expect_err("404");
    assert!(matches!(err, FetchError::Status { .. }), "{err}");
    assert_eq!(hits.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_short_retry_after_is_waited_out() {
    let (server, hits) = scripted(|n| match n {
        0 => Reply::status(429).header("Retry-After", "1"),
        _ => Reply::ok("text/html", PAGE),
    });
    let started = Instant::now();
    get(&Fetcher::new(policy()).unwrap(), &server.url("/busy"))
        .await
        .expect("after waiting");
    assert_eq!(hits.load(Ordering::SeqCst), 2);
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After honoured"
    );
}

#[tokio::test]
async fn a_long_retry_after_ends_the_fetch_and_keeps_the_host_away() {
    let (server, hits) = scripted(|_| Reply::status(429).header("Retry-After", "120"));
    let fetcher = Fetcher::new(policy()).unwrap();
    let before = SystemTime::now();
    let err = get(&fetcher, &server.url("/a")).await.expect_err("429");
    let FetchError::RetryLater { until, .. } = err else {
        panic!("expected RetryLater, got {err:?}")
    };
    assert!(until >= before + Duration::from_secs(120), "{err}");
    assert!(
        until <= SystemTime::now() + Duration::from_secs(120),
        "{err}"
    );
    assert_eq!(hits.load(Ordering::SeqCst), 1, "no retry within the run");

    // Another page on the same host fails fast, without a request.
    let again = get(&fetcher, &server.url("/b"))
        .await
        .expect_err("backing off");
    assert!(matches!(again, FetchError::RetryLater { until: u, .. } if u == until));
    assert_eq!(hits.load(Ordering::SeqCst), 1);

    // The backoff survives a restart through host_backoffs / set_host_backoff.
    let saved = fetcher.host_backoffs();
    let host = format!("127.0.0.1:{}", server.port());
    assert_eq!(saved, vec![(host, until)]);
    let next_run = Fetcher::new(policy()).unwrap();
    for (host, until) in &saved {
        next_run.set_host_backoff(host, *until);
    }
    let err = get(&next_run, &server.url("/c"))
        .await
        .expect_err("restored");
    assert!(matches!(err, FetchError::RetryLater { .. }), "{err}");
    assert_eq!(hits.load(Ordering::SeqCst), 1);
}

/// An article's 429 is that page's answer, not its host's: the page fails
/// (to be tried by a later run) and the host's other pages go on.
#[tokio::test]
async fn a_long_retry_after_on_one_page_fails_that_page_only() {
    let hits = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&hits);
    let server = TestServer::start(move |req| {
        log.lock().unwrap().push(req.url().to_string());
        match req.url() {
            "/busy" => Reply::status(429).header("Retry-After", "999999"),
            _ => Reply::ok("text/html", PAGE),
        }
    });
    let fetcher = Fetcher::new(policy()).unwrap();
    let page = |path: &str| parse_http_url(&server.url(path)).unwrap();
    let err = fetcher
        .get_page(&page("/busy"), None)
        .await
        .expect_err("429");
    assert!(
        matches!(err, FetchError::RetryPageLater { .. }),
        "expected RetryPageLater, got {err:?}"
    );
    assert!(err.to_string().contains("other pages go on"), "{err}");
    for path in ["/a", "/b"] {
        let fetched = fetcher.get_page(&page(path), None).await.expect(path);
        assert!(matches!(fetched, Fetched::Page(_)));
    }
    assert_eq!(
        fetcher.host_backoffs(),
        vec![],
        "the host is not backed off"
    );
    assert_eq!(
        *hits.lock().unwrap(),
        ["/busy", "/a", "/b"],
        "no retry in place"
    );
}

#[tokio::test]
async fn conditional_get_sends_validators_and_a_304_reads_no_body() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    let server = TestServer::start(move |req| {
        let inm = header_of(req, "If-None-Match");
        let ims = header_of(req, "If-Modified-Since");
        log.lock().unwrap().push((inm.clone(), ims.clone()));
        let unchanged = inm.as_deref() == Some("\"v1\"")
            || ims.as_deref() == Some("Tue, 07 Apr 2026 08:00:00 GMT");
        if unchanged {
            Reply {
                status: 304,
                headers: vec![],
                body: vec![],
            }
        } else {
            Reply::ok("text/html", PAGE)
                .header("ETag", "\"v1\"")
                .header("Last-Modified", "Tue, 07 Apr 2026 08:00:00 GMT")
        }
    });
    let fetcher = Fetcher::new(policy()).unwrap();
    let url = parse_http_url(&server.url("/list.htm")).unwrap();
    let page = fetcher
        .get(&url, None)
        .await
        .expect("first fetch")
        .into_page()
        .expect("a page");
    assert_eq!(
        page.validators,
        Validators {
            etag: Some("\"v1\"".into()),
            last_modified: Some("Tue, 07 Apr 2026 08:00:00 GMT".into()),
        }
    );
    let again = fetcher
        .get(&url, Some(&page.validators))
        .await
        .expect("304");
    assert!(matches!(again, Fetched::NotModified), "{again:?}");
    let by_date = Validators {
        etag: None,
        last_modified: page.validators.last_modified.clone(),
    };
    let again = fetcher.get(&url, Some(&by_date)).await.expect("304");
    assert!(matches!(again, Fetched::NotModified), "{again:?}");
    assert_eq!(
        *seen.lock().unwrap(),
        vec![
            (None, None),
            (
                Some("\"v1\"".into()),
                Some("Tue, 07 Apr 2026 08:00:00 GMT".into())
            ),
            (None, Some("Tue, 07 Apr 2026 08:00:00 GMT".into())),
        ]
    );
}
