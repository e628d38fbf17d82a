//! Acceptance tests of `regionwatch once` against hostile and broken servers:
//! each bad page fails alone, with its reason logged on stderr and kept in its
//! source's fetch state, and every good page is still stored. One source per
//! case; each hostile server has its own port, so it is its own host to the
//! fetcher's manners and backoffs.

mod http_server;
mod pipeline_support;

use http_server::Reply;
use http_server::site::{Site, logged_server, trickling_site};
use pipeline_support::{Workspace, article_urls, export, regionwatch, shown, source};
use regionwatch::store::SourceStatus;
use std::io::Write;
use std::time::Duration;

const HTML: &str = "text/html; charset=utf-8";
const ARTICLE: &str = "/20250316/8192a3b4c5d6e7f80912233445566778/c.html";

const HAINAN: &str = "/20250310/1a2b3c4d5e6f708192a3b4c5d6e7f801/c.html";
const SHANGHAI: &str = "/20250311/2b3c4d5e6f708192a3b4c5d6e7f80912/c.html";
const GBK: &str = "/20250316/9a3b4c5d6e7f8091223344556677889a/c.html";
const PDF: &str = "/20250316/a3b4c5d6e7f8091223344556677889ab/c.html";

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/site/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The good site: a list page with two articles, a GBK page that declares its
/// charset only in `<meta>` (the header says just `text/html`), and a PDF.
fn good_site() -> Site {
    let site = Site::start();
    site.put("/robots.txt", "text/plain", fixture("robots.txt"));
    site.put("/list.htm", HTML, fixture("list-english.html"));
    site.put(HAINAN, HTML, fixture("en-hainan.html"));
    site.put(SHANGHAI, HTML, fixture("en-shanghai.html"));
    site.put(GBK, "text/html", fixture("gbk-fujian.html"));
    site.put(
        PDF,
        "application/pdf",
        b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n",
    );
    site
}

/// 32 MiB of zeros, gzipped to a few tens of kilobytes.
fn gzip_bomb() -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..32 {
        encoder.write_all(&zeros).unwrap();
    }
    encoder.finish().unwrap()
}

fn robots_or(path: &str, reply: impl Fn() -> Reply) -> Reply {
    if path == "/robots.txt" {
        Reply::status(404)
    } else {
        reply()
    }
}

fn status_of<'a>(status: &'a [SourceStatus], name: &str) -> &'a SourceStatus {
    status
        .iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no source {name}"))
}

#[test]
fn hostile_pages_fail_alone_with_a_reason_and_everything_else_is_stored() {
    let site = good_site();
    let bomb = gzip_bomb();
    let (bomb_server, bomb_log) = logged_server(move |r| {
        robots_or(r.url(), || {
            Reply::ok("text/html", bomb.clone()).header("Content-Encoding", "gzip")
        })
    });
    let (trickle_base, trickled) = trickling_site(Duration::from_secs(1), 100_000);
    let (loop_server, _) = logged_server(|r| {
        let path = r.url().to_string();
        robots_or(r.url(), || match path.as_str() {
            "/a" => Reply::redirect("/b"),
            _ => Reply::redirect("/a"),
        })
    });
    let (broken_server, broken_log) = logged_server(|r| {
        let path = r.url().to_string();
        robots_or(r.url(), || match path.as_str() {
            "/missing" => Reply::status(404),
            _ => Reply::status(500),
        })
    });
    let (busy_server, busy_log) =
        logged_server(|r| robots_or(r.url(), || Reply::status(429).header("Retry-After", "120")));

    let ws = Workspace::new();
    let sources = vec![
        source(
            "good-list",
            &site.url("/list.htm"),
            "html",
            "links = \"#list .item .tit a\"",
        ),
        source("gbk-page", &site.url(GBK), "article", ""),
        source("pdf", &site.url(PDF), "article", ""),
        source("gzip-bomb", &bomb_server.url(ARTICLE), "article", ""),
        source(
            "trickle",
            &format!("{trickle_base}{ARTICLE}"),
            "article",
            "",
        ),
        source("redirect-loop", &loop_server.url("/a"), "article", ""),
        source("not-found", &broken_server.url("/missing"), "article", ""),
        source("server-error", &broken_server.url(ARTICLE), "article", ""),
        source("too-busy", &busy_server.url(ARTICLE), "article", ""),
    ];
    let fetch =
        "timeout_secs = 2\nconnect_timeout_secs = 1\nmax_body_bytes = 1048576\nattempts = 2";
    let config = ws.config("hostile.toml", fetch, &sources);

    let out = regionwatch(&config, &["once"]);
    assert_eq!(out.status.code(), Some(1), "{}", shown(&out));
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();

    // Every good page is stored, the GBK one with its Chinese intact.
    let mut expected: Vec<String> = [HAINAN, SHANGHAI, GBK]
        .iter()
        .map(|p| site.url(p))
        .collect();
    expected.sort();
    assert_eq!(article_urls(&ws), expected, "{}", shown(&out));
    let title: String = ws
        .sql()
        .query_row(
            "SELECT title FROM articles WHERE canonical_url = ?1",
            [site.url(GBK)],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(title, "厦门自贸片区推出跨境金融新举措");
    let highlights = export(&config);
    let fujian: Vec<&str> = highlights
        .iter()
        .filter(|h| h["region"] == "Fujian")
        .map(|h| h["text"].as_str().unwrap())
        .collect();
    assert!(
        fujian.iter().any(|t| t.starts_with("新华社福州3月16日电")),
        "{fujian:#?}"
    );

    // Each hostile page fails its source with a reason naming its URL, in the
    // fetch state and on stderr.
    let status = ws.store().source_status().unwrap();
    for good in ["good-list", "gbk-page"] {
        let s = status_of(&status, good);
        assert_eq!((s.last_error.as_deref(), s.consecutive_failures), (None, 0));
    }
    let cases = [
        ("pdf", site.url(PDF), "application/pdf"),
        ("gzip-bomb", bomb_server.url(ARTICLE), "1048576-byte limit"),
        (
            "trickle",
            format!("{trickle_base}{ARTICLE}"),
            "no answer within",
        ),
        ("redirect-loop", loop_server.url("/a"), "redirect loop"),
        ("not-found", broken_server.url("/missing"), "404"),
        ("server-error", broken_server.url(ARTICLE), "500"),
        (
            "too-busy",
            busy_server.url(ARTICLE),
            "asked to retry this page after",
        ),
    ];
    for (name, url, reason) in &cases {
        let s = status_of(&status, name);
        let error = s.last_error.as_deref().unwrap_or_default();
        assert!(
            error.contains(url.as_str()) && error.contains(reason),
            "{name}: {error:?} should name {url} and say {reason:?}"
        );
        assert_eq!(s.consecutive_failures, 1, "{s:?}");
        assert!(
            stderr.contains(url.as_str()),
            "{name} not logged:\n{stderr}"
        );
    }
    // The bomb was refused after one request; the 500 was retried; the trickle tried.
    assert_eq!(bomb_log.take().len(), 2, "robots.txt and the page");
    let broken: Vec<String> = broken_log.take().into_iter().map(|r| r.path).collect();
    assert_eq!(
        broken.iter().filter(|p| *p == ARTICLE).count(),
        2,
        "{broken:?}"
    );
    assert_eq!(
        broken.iter().filter(|p| *p == "/missing").count(),
        1,
        "{broken:?}"
    );
    assert!(trickled.load(std::sync::atomic::Ordering::SeqCst) >= 1);

    // The 429 is one page's answer: its host is not backed off, and a rerun
    // asks for the page again; the source still says why it failed.
    assert_eq!(busy_log.take().len(), 2, "robots.txt and the page");
    let host = busy_server.base.trim_start_matches("http://").to_string();
    assert_eq!(ws.store().host_backoff(&host).unwrap(), None);
    let rerun = ws.config(
        "busy.toml",
        fetch,
        &[source("too-busy", &busy_server.url(ARTICLE), "article", "")],
    );
    let out = regionwatch(&rerun, &["once"]);
    assert_eq!(out.status.code(), Some(1), "{}", shown(&out));
    let asked: Vec<String> = busy_log.take().into_iter().map(|r| r.path).collect();
    assert_eq!(asked, ["/robots.txt", ARTICLE]);
    let status = ws.store().source_status().unwrap();
    let busy = status_of(&status, "too-busy");
    assert_eq!(busy.consecutive_failures, 2);
    assert!(
        busy.last_error
            .as_deref()
            .is_some_and(|e| e.contains("asked to retry this page after")),
        "{busy:?}"
    );
}

#[test]
fn private_addresses_are_refused_before_any_request_unless_allowed() {
    let (inside, inside_log) = logged_server(|_| Reply::ok(HTML, "internal"));
    let to_inside = inside.url("/admin");
    let (redirector, redirector_log) =
        logged_server(move |r| robots_or(r.url(), || Reply::redirect(&to_inside)));
    let ws = Workspace::new();
    let sources = vec![
        source("loopback-literal", &redirector.url("/hop"), "article", ""),
        source(
            "loopback-name",
            &format!("http://localhost:{}/hop", redirector.port()),
            "article",
            "",
        ),
    ];
    let config = ws.config("closed.toml", "allow_private_networks = false", &sources);

    let out = regionwatch(&config, &["once"]);
    assert_eq!(out.status.code(), Some(1), "{}", shown(&out));
    assert_eq!(redirector_log.len(), 0, "no request may leave");
    assert_eq!(inside_log.len(), 0);
    let status = ws.store().source_status().unwrap();
    for name in ["loopback-literal", "loopback-name"] {
        let error = status_of(&status, name)
            .last_error
            .clone()
            .unwrap_or_default();
        assert!(
            (error.contains("127.0.0.1") || error.contains("::1"))
                && error.contains("allow_private_networks = true"),
            "{name}: {error:?}"
        );
    }
    assert!(article_urls(&ws).is_empty());

    // Control: with private networks allowed, the same redirect is followed
    // (after the target host's robots.txt, which allows it).
    let open = ws.config("open.toml", "", &sources[..1]);
    let out = regionwatch(&open, &["once"]);
    assert_eq!(redirector_log.take().len(), 2, "{}", shown(&out));
    let inside_paths: Vec<String> = inside_log.take().into_iter().map(|r| r.path).collect();
    assert_eq!(inside_paths, ["/robots.txt", "/admin"]);
}

/// Credentials in a scraped link (and in a source URL) are never stored: the article is
/// stored under its URL without them, and no byte of the database holds them.
#[test]
fn credentials_in_links_and_source_urls_are_never_stored() {
    let site = Site::start();
    let with_credentials = |user: &str, path: &str| {
        site.url(path)
            .replacen("http://", &format!("http://{user}@"), 1)
    };
    let list = format!(
        "<html><body><div id=\"list\"><a href=\"{}\">Hainan opens up</a></div></body></html>",
        with_credentials("user:pw", HAINAN)
    );
    site.put("/robots.txt", "text/plain", fixture("robots.txt"));
    site.put("/creds-list.htm", HTML, list);
    site.put(HAINAN, HTML, fixture("en-hainan.html"));
    let ws = Workspace::new();
    let config = ws.config(
        "creds.toml",
        "",
        &[source(
            "creds",
            &with_credentials("lister:secret", "/creds-list.htm"),
            "html",
            "links = \"#list a\"",
        )],
    );
    let out = regionwatch(&config, &["once"]);
    assert!(out.status.success(), "{}", shown(&out));
    assert_eq!(article_urls(&ws), [site.url(HAINAN)]);
    drop(out);
    let mut files = 0;
    for entry in std::fs::read_dir(ws.dir.path()).unwrap() {
        let path = entry.unwrap().path();
        if !path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("regionwatch.db")
        {
            continue;
        }
        files += 1;
        let bytes = std::fs::read(&path).unwrap();
        for secret in [&b"pw@"[..], b"user:", b"secret@", b"lister:"] {
            assert!(
                !bytes.windows(secret.len()).any(|w| w == secret),
                "{} holds {:?}",
                path.display(),
                String::from_utf8_lossy(secret)
            );
        }
    }
    assert!(files >= 1, "the database was found");
}
