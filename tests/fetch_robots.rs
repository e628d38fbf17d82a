//! robots.txt against a real loopback server: our group's rules apply, a missing file
//! (4xx) allows everything, an unavailable one (5xx, unreachable) allows nothing for now and
//! says so without blaming the source (a 429/503 with `Retry-After` backs the whole host off
//! for that long), the file is fetched once per host, not once per page, and its Crawl-delay
//! spaces requests.

mod http_server;

use http_server::{Reply, TestServer};
use regionwatch::config::FetchSettings;
use regionwatch::fetch::{FetchError, Fetcher, parse_http_url};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const PAGE: &str = "<html><body><p>Shenzhen widens market access.</p></body></html>";

fn fetcher() -> Fetcher {
    Fetcher::new(FetchSettings {
        user_agent: "regionwatch/0.1 (+mailto:ops@example.org)".into(),
        allow_private_networks: true,
        min_delay: Duration::ZERO,
        attempts: 1,
        ..FetchSettings::default()
    })
    .expect("client")
}

/// A server whose robots.txt answer is `robots`; it logs every path asked for.
fn server(robots: impl Fn() -> Reply + Send + 'static) -> (TestServer, Arc<Mutex<Vec<String>>>) {
    let log = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&log);
    let server = TestServer::start(move |req| {
        seen.lock().unwrap().push(req.url().to_string());
        match req.url() {
            "/robots.txt" => robots(),
            _ => Reply::ok("text/html", PAGE),
        }
    });
    (server, log)
}

async fn get(fetcher: &Fetcher, url: &str) -> Result<(), FetchError> {
    fetcher.get(&parse_http_url(url)?, None).await.map(|_| ())
}

#[tokio::test]
async fn our_group_is_obeyed_and_the_file_is_read_once() {
    let robots = "User-agent: regionwatch\nDisallow: /private/\n\nUser-agent: *\nDisallow: /\n";
    let (server, log) = server(move || Reply::ok("text/plain", robots));
    let fetcher = fetcher();
    get(&fetcher, &server.url("/news/a.html"))
        .await
        .expect("allowed");
    get(&fetcher, &server.url("/news/b.html"))
        .await
        .expect("allowed");
    let err = get(&fetcher, &server.url("/private/c.html"))
        .await
        .expect_err("disallowed");
    assert!(
        matches!(&err, FetchError::RobotsDisallowed { agent, .. } if agent == "regionwatch"),
        "{err:?}"
    );
    assert!(err.to_string().contains("robots.txt"), "{err}");
    assert_eq!(
        *log.lock().unwrap(),
        ["/robots.txt", "/news/a.html", "/news/b.html"],
        "robots.txt once, the disallowed page never"
    );
}

#[tokio::test]
async fn a_clone_shares_the_cached_rules() {
    let (server, log) = server(|| Reply::ok("text/plain", "User-agent: *\nAllow: /\n"));
    let fetcher = fetcher();
    get(&fetcher, &server.url("/a")).await.expect("allowed");
    get(&fetcher.clone(), &server.url("/b"))
        .await
        .expect("allowed");
    assert_eq!(*log.lock().unwrap(), ["/robots.txt", "/a", "/b"]);
}

#[tokio::test]
async fn a_missing_robots_txt_allows_everything() {
    for status in [404, 410, 403] {
        let (server, log) = server(move || Reply::status(status));
        get(&fetcher(), &server.url("/news/a.html"))
            .await
            .unwrap_or_else(|e| panic!("{status}: {e}"));
        assert_eq!(log.lock().unwrap().len(), 2, "{status}");
    }
}

#[tokio::test]
async fn an_unavailable_robots_txt_allows_nothing() {
    for status in [500, 503, 429] {
        let (server, log) = server(move || Reply::status(status));
        let fetcher = fetcher();
        for page in ["/news/a.html", "/news/b.html"] {
            let err = get(&fetcher, &server.url(page)).await.expect_err(page);
            assert_blames_the_outage_not_the_source(&err, &status.to_string());
        }
        assert_eq!(
            *log.lock().unwrap(),
            ["/robots.txt"],
            "{status}: the outage is remembered, pages are not asked for"
        );
    }
}

/// robots.txt speaks for its host: a 429 or 503 there with `Retry-After`
/// keeps the whole host away until then (and says so, not "disallowed").
#[tokio::test]
async fn a_busy_robots_txt_with_retry_after_backs_off_the_host() {
    for status in [429, 503] {
        let (server, log) = server(move || Reply::status(status).header("Retry-After", "3600"));
        let fetcher = fetcher();
        for page in ["/news/a.html", "/news/b.html"] {
            let err = get(&fetcher, &server.url(page)).await.expect_err(page);
            assert!(
                matches!(err, FetchError::RetryLater { .. }),
                "{status}: {err:?}"
            );
        }
        assert_eq!(*log.lock().unwrap(), ["/robots.txt"], "{status}");
        let host = format!("127.0.0.1:{}", server.port());
        let backoffs = fetcher.host_backoffs();
        assert_eq!(backoffs.len(), 1, "{status}: {backoffs:?}");
        assert_eq!(backoffs[0].0, host);
    }
}

#[tokio::test]
async fn an_unreachable_host_disallows_without_a_page_request() {
    // Bind then drop: a loopback port nothing listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let err = get(&fetcher(), &format!("http://127.0.0.1:{port}/a.html"))
        .await
        .expect_err("unreachable");
    assert_blames_the_outage_not_the_source(&err, "could not connect");
}

/// An unreadable robots.txt is an outage, retried later (RFC 9309 2.3.1.4), not a refusal:
/// the message says why it could not be read and that it is asked again, and does not tell
/// the operator to remove the source.
fn assert_blames_the_outage_not_the_source(err: &FetchError, why: &str) {
    let shown = err.to_string();
    assert!(
        shown.contains("could not read the site's robots.txt") && shown.contains(why),
        "{why}: {shown}"
    );
    assert!(shown.contains("asked for again"), "{shown}");
    assert!(!shown.contains("remove it from the sources"), "{shown}");
    assert!(!shown.contains("does not allow"), "{shown}");
}

#[tokio::test]
async fn robots_can_be_switched_off() {
    let (server, log) = server(|| Reply::ok("text/plain", "User-agent: *\nDisallow: /\n"));
    let fetcher = Fetcher::new(FetchSettings {
        obey_robots: false,
        ..fetcher().policy().clone()
    })
    .unwrap();
    get(&fetcher, &server.url("/a"))
        .await
        .expect("not consulted");
    assert_eq!(*log.lock().unwrap(), ["/a"]);
}

#[tokio::test]
async fn crawl_delay_spaces_the_requests_to_its_host() {
    let arrivals = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&arrivals);
    let server = TestServer::start(move |req| match req.url() {
        "/robots.txt" => Reply::ok("text/plain", "User-agent: *\nCrawl-delay: 0.3\n"),
        _ => {
            log.lock().unwrap().push(std::time::Instant::now());
            Reply::ok("text/html", PAGE)
        }
    });
    let fetcher = fetcher(); // no delay of its own
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
        // A lower bound only: a loaded machine makes the gaps longer, never shorter.
        let gap = pair[1] - pair[0];
        assert!(gap >= Duration::from_millis(250), "gap {gap:?}");
    }
}

/// A page that moved to another host is read only if that host's robots.txt
/// allows it: the fetcher follows redirects itself, checking each hop.
#[tokio::test]
async fn a_redirect_to_another_host_obeys_that_hosts_robots_txt() {
    let (target, target_log) =
        server(|| Reply::ok("text/plain", "User-agent: *\nDisallow: /private/\n"));
    let moved = |path: &str| {
        // Another port is another host (robots.txt is per origin).
        let to = target.url(path);
        move |req: &tiny_http::Request| match req.url() {
            "/robots.txt" => Reply::status(404),
            _ => Reply::redirect(&to),
        }
    };
    let to_private = TestServer::start(moved("/private/a.html"));
    let to_public = TestServer::start(moved("/news/a.html"));
    let fetcher = fetcher();

    let err = get(&fetcher, &to_private.url("/old"))
        .await
        .expect_err("the target disallows it");
    assert!(
        matches!(&err, FetchError::RobotsDisallowed { url, .. } if url.contains("/private/a.html")),
        "{err:?}"
    );
    get(&fetcher, &to_public.url("/old"))
        .await
        .expect("the target allows it");
    let asked = target_log.lock().unwrap().clone();
    assert_eq!(
        asked,
        ["/robots.txt", "/news/a.html"],
        "robots.txt once, never the private page"
    );
}
