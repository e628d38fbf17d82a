//! The fetcher against a real loopback server: body cap (gzip bomb), trickle timeout,
//! redirects, schemes, status and content-type policy.

mod http_server;

use flate2::Compression;
use flate2::write::GzEncoder;
use http_server::{Reply, TestServer, header_of};
use regionwatch::config::FetchSettings;
use regionwatch::fetch::{FetchError, Fetcher, Page, parse_http_url};
use std::io::Write;
use std::time::Duration;

const PAGE: &str = "<html><body><p>Qingdao opens a new route.</p></body></html>";

/// The crawler's defaults, opened to loopback (the test server) and without the
/// robots.txt, delay and retries that other test files cover.
fn policy() -> FetchSettings {
    FetchSettings {
        allow_private_networks: true,
        obey_robots: false,
        min_delay: Duration::ZERO,
        attempts: 1,
        ..FetchSettings::default()
    }
}

fn fetcher() -> Fetcher {
    Fetcher::new(policy()).expect("client")
}

/// Fetches `url` unconditionally: a page or the error.
async fn get(fetcher: &Fetcher, url: &str) -> Result<Page, FetchError> {
    let url = parse_http_url(url)?;
    let fetched = fetcher.get(&url, None).await?;
    Ok(fetched.into_page().expect("a page, not a 304"))
}

/// `decoded_len` zero bytes, gzipped: about a thousandth of that on the wire.
fn gzip_bomb(decoded_len: usize) -> Vec<u8> {
    let mut gz = GzEncoder::new(Vec::new(), Compression::fast());
    let block = vec![0u8; 1 << 20];
    for _ in 0..decoded_len / block.len() {
        gz.write_all(&block).expect("compress");
    }
    gz.finish().expect("finish gzip")
}

/// `/hop/N` redirects N more times before the page.
fn redirect_chain(req: &tiny_http::Request) -> Reply {
    match req
        .url()
        .strip_prefix("/hop/")
        .and_then(|n| n.parse::<u32>().ok())
    {
        Some(0) => Reply::ok("text/html", PAGE),
        Some(n) => Reply::redirect(&format!("/hop/{}", n - 1)),
        None => Reply::status(404),
    }
}

#[tokio::test]
async fn reads_a_page_with_its_type_and_final_url() {
    let server = TestServer::start(|req| match req.url() {
        "/moved" => Reply::redirect("/article"),
        "/article" => Reply::ok("text/html; charset=utf-8", PAGE),
        _ => Reply::status(404),
    });
    let page = get(&fetcher(), &server.url("/moved"))
        .await
        .expect("fetched");
    assert_eq!(page.bytes, PAGE.as_bytes());
    assert_eq!(page.final_url.as_str(), server.url("/article"));
    assert_eq!(
        page.content_type.as_deref(),
        Some("text/html; charset=utf-8")
    );
}

#[tokio::test]
async fn sends_the_configured_user_agent() {
    let server = TestServer::start(|req| {
        Reply::ok(
            "text/plain",
            header_of(req, "User-Agent").unwrap_or_default(),
        )
    });
    let default = get(&fetcher(), &server.url("/ua")).await.expect("fetched");
    let default = String::from_utf8(default.bytes).unwrap();
    // The one default, the same as `[fetch].user_agent`'s (check-config shows it).
    assert_eq!(
        default,
        format!(
            "regionwatch/{} (+https://github.com/regionwatch/regionwatch)",
            env!("CARGO_PKG_VERSION")
        )
    );

    let config = FetchSettings {
        user_agent: "regionwatch-test/1 (+mailto:ops@example.org)".into(),
        ..policy()
    };
    let custom = get(&Fetcher::new(config).unwrap(), &server.url("/ua"))
        .await
        .expect("fetched");
    assert_eq!(
        custom.bytes,
        b"regionwatch-test/1 (+mailto:ops@example.org)"
    );
}

#[tokio::test]
async fn gzip_bomb_stops_at_the_body_cap() {
    let bomb = gzip_bomb(64 << 20);
    assert!(
        bomb.len() < 1 << 20,
        "the bomb is small on the wire: {}",
        bomb.len()
    );
    let server = TestServer::start(move |_| {
        Reply::ok("text/html", bomb.clone()).header("Content-Encoding", "gzip")
    });
    let err = get(&fetcher(), &server.url("/bomb"))
        .await
        .expect_err("over the cap");
    assert!(
        matches!(err, FetchError::TooLarge { limit, .. } if limit == 5 * 1024 * 1024),
        "{err}"
    );
    assert!(err.to_string().contains("limit"), "{err}");
}

#[tokio::test]
async fn a_body_at_the_cap_is_accepted_and_one_byte_more_is_not() {
    let config = FetchSettings {
        max_body_bytes: 1000,
        ..policy()
    };
    let fetcher = Fetcher::new(config).expect("client");
    let server = TestServer::start(|req| match req.url() {
        "/fits" => Reply::ok("text/plain", vec![b'a'; 1000]),
        _ => Reply::ok("text/plain", vec![b'a'; 1001]),
    });
    assert_eq!(
        get(&fetcher, &server.url("/fits"))
            .await
            .expect("fits")
            .bytes
            .len(),
        1000
    );
    let err = get(&fetcher, &server.url("/over")).await.expect_err("over");
    assert!(
        matches!(err, FetchError::TooLarge { limit: 1000, .. }),
        "{err}"
    );
}

#[tokio::test]
async fn follows_five_redirects_but_not_six() {
    let server = TestServer::start(redirect_chain);
    let page = get(&fetcher(), &server.url("/hop/5"))
        .await
        .expect("5 redirects are allowed");
    assert_eq!(page.final_url.as_str(), server.url("/hop/0"));
    let err = get(&fetcher(), &server.url("/hop/6"))
        .await
        .expect_err("6 redirects");
    assert!(
        matches!(err, FetchError::TooManyRedirects { max: 5, .. }),
        "{err}"
    );
}

#[tokio::test]
async fn a_redirect_loop_is_an_error() {
    let server = TestServer::start(|_| Reply::redirect("/loop"));
    let err = get(&fetcher(), &server.url("/loop"))
        .await
        .expect_err("loop");
    assert!(matches!(err, FetchError::TooManyRedirects { .. }), "{err}");
}

#[tokio::test]
async fn non_http_schemes_are_refused_up_front_and_on_redirect() {
    for url in [
        "file:///etc/passwd",
        "ftp://127.0.0.1/x",
        "data:text/html,hi",
    ] {
        let err = get(&fetcher(), url).await.expect_err(url);
        assert!(
            matches!(err, FetchError::UnsupportedScheme { .. }),
            "{url}: {err}"
        );
        assert!(
            err.to_string().contains("only http:// and https://"),
            "{err}"
        );
    }
    let server = TestServer::start(|_| Reply::redirect("file:///etc/passwd"));
    let err = get(&fetcher(), &server.url("/to-file"))
        .await
        .expect_err("file redirect");
    assert!(
        matches!(err, FetchError::RedirectScheme { ref to, .. } if to == "file:///etc/passwd"),
        "{err}"
    );
}

#[tokio::test]
async fn only_2xx_answers_are_read() {
    let server = TestServer::start(|req| match req.url() {
        "/gone" => Reply::status(404),
        _ => Reply::status(500),
    });
    let err = get(&fetcher(), &server.url("/gone"))
        .await
        .expect_err("404");
    assert!(
        matches!(err, FetchError::Status { status, .. } if status.as_u16() == 404),
        "{err}"
    );
    assert!(err.to_string().contains("404"), "{err}");
    let err = get(&fetcher(), &server.url("/broken"))
        .await
        .expect_err("500");
    assert!(
        matches!(err, FetchError::Status { status, .. } if status.as_u16() == 500),
        "{err}"
    );
}

#[tokio::test]
async fn pdfs_and_images_are_refused_by_content_type() {
    let server = TestServer::start(|req| match req.url() {
        "/report.pdf" => Reply::ok("application/pdf", b"%PDF-1.7\n".to_vec()),
        "/photo.png" => Reply::ok("image/png", b"\x89PNG\r\n".to_vec()),
        _ => Reply::ok("application/rss+xml", "<rss/>"),
    });
    for path in ["/report.pdf", "/photo.png"] {
        let err = get(&fetcher(), &server.url(path)).await.expect_err(path);
        assert!(
            matches!(err, FetchError::UnsupportedContentType { .. }),
            "{path}: {err}"
        );
        assert!(err.to_string().contains("not a web page"), "{err}");
    }
    let feed = get(&fetcher(), &server.url("/feed"))
        .await
        .expect("feeds are readable");
    assert_eq!(feed.bytes, b"<rss/>");
}

#[tokio::test]
async fn a_closed_port_is_a_connect_error() {
    // Bind then drop to get a loopback port that nothing listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let err = get(&fetcher(), &format!("http://127.0.0.1:{port}/"))
        .await
        .expect_err("closed");
    assert!(matches!(err, FetchError::Connect { .. }), "{err}");
    assert!(err.to_string().contains("check the host name"), "{err}");
}

#[tokio::test]
async fn a_trickling_server_is_stopped_by_the_total_timeout() {
    let base = http_server::trickle_server(Duration::from_millis(500), 1000);
    let config = FetchSettings {
        timeout: Duration::from_secs(2),
        ..policy()
    };
    let err = get(&Fetcher::new(config).unwrap(), &format!("{base}/slow"))
        .await
        .expect_err("the page takes 500 s to arrive");
    assert!(
        matches!(err, FetchError::Timeout { after, .. } if after == Duration::from_secs(2)),
        "{err}"
    );
}
