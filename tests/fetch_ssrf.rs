//! Server-side request forgery: with private networks not allowed, loopback, private and
//! link-local targets are refused, whether named directly (in any spelling), through a
//! host name, or on a redirect hop. Real loopback servers stand in for internal services.

mod http_server;

use http_server::{Reply, TestServer};
use regionwatch::config::FetchSettings;
use regionwatch::fetch::{FetchError, Fetcher, parse_http_url};
use std::net::IpAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

const PAGE: &str = "<html><body><p>Hainan free trade port.</p></body></html>";

/// The production defaults, minus the delay; `allowed` addresses are exempt.
fn closed_policy(allowed: &[&str]) -> FetchSettings {
    FetchSettings {
        min_delay: Duration::ZERO,
        attempts: 1,
        allowed_addresses: allowed.iter().map(|a| a.parse().unwrap()).collect(),
        ..FetchSettings::default()
    }
}

async fn get(policy: FetchSettings, url: &str) -> Result<(), FetchError> {
    let fetcher = Fetcher::new(policy).expect("client");
    fetcher.get(&parse_http_url(url)?, None).await.map(|_| ())
}

/// A server that counts the requests it receives and serves a page (and allows robots).
fn counting_server(ip: &str) -> (TestServer, Arc<AtomicUsize>) {
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&hits);
    let server = TestServer::start_on(ip, move |req| {
        counter.fetch_add(1, Ordering::SeqCst);
        match req.url() {
            "/robots.txt" => Reply::status(404),
            _ => Reply::ok("text/html", PAGE),
        }
    });
    (server, hits)
}

fn assert_refused(err: &FetchError, addr: &str) {
    match err {
        FetchError::AddressRefused { refusal, .. } => {
            assert_eq!(refusal.addr, addr.parse::<IpAddr>().unwrap(), "{err}")
        }
        other => panic!("expected an address refusal, got {other:?}"),
    }
    let message = err.to_string();
    assert!(message.contains(addr), "{message}");
    assert!(
        message.contains("allow_private_networks = true"),
        "{message}"
    );
}

#[tokio::test]
async fn inward_ip_literals_are_refused_before_connecting() {
    let (server, hits) = counting_server("127.0.0.1");
    let port = server.port();
    for (url, addr) in [
        (format!("http://127.0.0.1:{port}/"), "127.0.0.1"),
        (format!("http://0x7f.1:{port}/"), "127.0.0.1"),
        (format!("http://[::1]:{port}/"), "::1"),
        (
            format!("http://[::ffff:127.0.0.1]:{port}/"),
            "::ffff:127.0.0.1",
        ),
        (
            "http://169.254.169.254/latest/meta-data/".into(),
            "169.254.169.254",
        ),
        ("http://10.0.0.1/".into(), "10.0.0.1"),
    ] {
        let err = get(closed_policy(&[]), &url).await.expect_err(&url);
        assert_refused(&err, addr);
    }
    assert_eq!(hits.load(Ordering::SeqCst), 0, "nothing reached the server");
}

#[tokio::test]
async fn a_name_resolving_to_loopback_is_refused_after_resolution() {
    let (server, hits) = counting_server("127.0.0.1");
    let url = format!("http://localhost:{}/news.html", server.port());
    for obey_robots in [true, false] {
        let policy = FetchSettings {
            obey_robots,
            ..closed_policy(&[])
        };
        let err = get(policy, &url).await.expect_err("localhost");
        assert!(
            matches!(&err, FetchError::AddressRefused { refusal, .. } if refusal.host == "localhost"),
            "robots {obey_robots}: {err:?}"
        );
    }
    assert_eq!(hits.load(Ordering::SeqCst), 0);
    // The same URL with private networks allowed reaches the server: the refusal was the guard.
    let open = FetchSettings {
        allow_private_networks: true,
        ..closed_policy(&[])
    };
    get(open, &url).await.expect("allowed");
    assert_eq!(hits.load(Ordering::SeqCst), 2, "robots.txt and the page");
}

#[tokio::test]
async fn every_redirect_hop_is_checked() {
    // 127.0.0.1 plays the public site; 127.0.0.2 and localhost play internal services.
    let (inside, inside_hits) = counting_server("127.0.0.2");
    let inside_port = inside.port();
    let outside = TestServer::start(move |req| match req.url() {
        "/robots.txt" => Reply::status(404),
        "/to-literal" => Reply::redirect(&format!("http://127.0.0.2:{inside_port}/admin")),
        "/to-hex" => Reply::redirect(&format!("http://0x7f.0.0.2:{inside_port}/admin")),
        "/hop" => Reply::redirect("/to-literal"),
        _ => Reply::status(404),
    });
    for path in ["/to-literal", "/to-hex", "/hop"] {
        let err = get(closed_policy(&["127.0.0.1"]), &outside.url(path))
            .await
            .expect_err(path);
        assert_refused(&err, "127.0.0.2");
    }
    assert_eq!(inside_hits.load(Ordering::SeqCst), 0);
    // Control: exempting the inside address too, the same redirect is followed.
    get(
        closed_policy(&["127.0.0.1", "127.0.0.2"]),
        &outside.url("/hop"),
    )
    .await
    .expect("followed when allowed");
    assert_eq!(
        inside_hits.load(Ordering::SeqCst),
        2,
        "the target host's robots.txt, then the page"
    );
}

#[tokio::test]
async fn a_redirect_to_a_name_resolving_inward_is_refused() {
    let (inside, inside_hits) = counting_server("127.0.0.1");
    let to = format!("http://localhost:{}/admin", inside.port());
    let outside = TestServer::start_on("127.0.0.2", move |req| match req.url() {
        "/robots.txt" => Reply::status(404),
        _ => Reply::redirect(&to),
    });
    let err = get(closed_policy(&["127.0.0.2"]), &outside.url("/go"))
        .await
        .expect_err("localhost hop");
    assert!(
        matches!(&err, FetchError::AddressRefused { refusal, .. } if refusal.host == "localhost"),
        "{err:?}"
    );
    assert_eq!(inside_hits.load(Ordering::SeqCst), 0);
}
