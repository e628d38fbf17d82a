//! Acceptance tests of what a run leaves for later, against real servers on
//! loopback and the real binary:
//! - links past `max_articles_per_run` wait in the source's backlog and the
//!   next runs take them, until every link is stored, a run killed half-way
//!   included;
//! - a page answering 429 fails alone and is tried again by a later run, while
//!   a list answering 429 keeps its whole host away, and `status` says until
//!   when and which sources that stops;
//! - `status` shows how many pages of a source's last run failed, and why the
//!   last one did.

mod http_server;
mod pipeline_support;

#[path = "pipeline_support/generated.rs"]
mod generated;

use http_server::Reply;
use http_server::site::{Logged, RequestLog, Site, logged_server};
use pipeline_support::{Workspace, article_urls, once_ok, regionwatch, shown, source};
use std::process::Output;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

const HTML: &str = "text/html; charset=utf-8";
const XML: &str = "application/xml";

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The `status --format json` entry of source `name`.
fn source_status(config: &std::path::Path, name: &str) -> serde_json::Value {
    let out = regionwatch(config, &["status", "--format", "json"]);
    let status: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("status --format json: {e}\n{}", stdout(&out)));
    status["sources"]
        .as_array()
        .and_then(|all| all.iter().find(|s| s["name"] == name))
        .unwrap_or_else(|| panic!("no source {name} in {status}"))
        .clone()
}

/// The cells of the table row whose first cell is `first`, and of its header
/// (the first row with a `source` cell), from a comfy-table rendering.
fn row(table: &str, first: &str) -> (Vec<String>, Vec<String>) {
    let cells = |line: &str| -> Vec<String> {
        line.split(['│', '┆'])
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty())
            .collect()
    };
    let header = table
        .lines()
        .map(cells)
        .find(|c| c.first().is_some_and(|c| c == "source"))
        .unwrap_or_else(|| panic!("no header in\n{table}"));
    let found = table
        .lines()
        .map(cells)
        .find(|c| c.first().is_some_and(|c| c == first))
        .unwrap_or_else(|| panic!("no row {first} in\n{table}"));
    (header, found)
}

/// The value of column `column` in the row of `first`.
fn cell(table: &str, first: &str, column: &str) -> String {
    let (header, found) = row(table, first);
    let i = header
        .iter()
        .position(|h| h == column)
        .unwrap_or_else(|| panic!("no column {column:?} in {header:?}\n{table}"));
    found[i].clone()
}

#[test]
fn three_runs_over_2500_links_with_1000_a_run_store_them_all() {
    const LINKS: usize = 2500;
    let site = Site::start();
    site.put("/robots.txt", "text/plain", "User-agent: *\nAllow: /\n");
    let paths: Vec<String> = (0..LINKS).map(generated::article_path).collect();
    site.put("/sitemap.xml", XML, generated::sitemap(site.base(), &paths));
    for (i, path) in paths.iter().enumerate() {
        site.put(path, HTML, generated::article(i, LINKS, 0));
    }
    let ws = Workspace::new();
    let config = ws.config(
        "regionwatch.toml",
        "",
        &[source(
            "big",
            &site.url("/sitemap.xml"),
            "sitemap",
            "max_articles_per_run = 1000",
        )],
    );

    let mut waiting = Vec::new();
    for _ in 0..3 {
        let out = once_ok(&config);
        waiting.push(cell(&stdout(&out), "big", "waiting"));
        let log = site.log.take();
        let articles = log.iter().filter(|r| r.path.ends_with("/c.html")).count();
        assert!(articles <= 1000, "a run took {articles} articles");
    }
    assert_eq!(waiting, ["1500", "500", "0"]);
    assert_eq!(article_urls(&ws).len(), LINKS);
    let status = source_status(&config, "big");
    assert_eq!(status["waiting"], 0, "{status}");
}

#[test]
fn a_run_killed_half_way_loses_no_link() {
    const LINKS: usize = 300;
    let site = Site::start();
    site.put("/robots.txt", "text/plain", "User-agent: *\nAllow: /\n");
    let paths: Vec<String> = (0..LINKS).map(generated::article_path).collect();
    site.put("/sitemap.xml", XML, generated::sitemap(site.base(), &paths));
    for (i, path) in paths.iter().enumerate() {
        site.put(path, HTML, generated::article(i, LINKS, 0));
    }
    let ws = Workspace::new();
    let config = ws.config(
        "regionwatch.toml",
        "",
        &[source(
            "big",
            &site.url("/sitemap.xml"),
            "sitemap",
            "max_articles_per_run = 100",
        )],
    );

    // SIGKILL once robots.txt, the sitemap and 50 articles were asked for.
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("regionwatch"))
        .args(["once", "-c"])
        .arg(&config)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start regionwatch");
    while !site.log.wait_for(52, std::time::Duration::from_millis(50)) {
        assert!(child.try_wait().unwrap().is_none(), "the run ended early");
    }
    child.kill().expect("SIGKILL");
    child.wait().unwrap();
    site.log.take();

    // Every link is stored or waiting, none lost.
    let waiting: i64 = ws
        .sql()
        .query_row(
            "SELECT count(*) FROM backlog WHERE given_up IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let stored = article_urls(&ws).len();
    assert_eq!(stored + waiting as usize, LINKS, "{stored} stored");
    for _ in 0..3 {
        once_ok(&config);
    }
    assert_eq!(article_urls(&ws).len(), LINKS);
}

/// A site of generated articles `/a/<i>` named by `/sitemap.xml`; article
/// `BUSY` answers 429 with `Retry-After: 999999` while `busy` is set.
struct BusySite {
    server: http_server::TestServer,
    log: RequestLog,
    listed: Arc<AtomicUsize>,
    busy: Arc<AtomicBool>,
}

const BUSY: usize = 2;

fn busy_site() -> BusySite {
    let listed = Arc::new(AtomicUsize::new(5));
    let busy = Arc::new(AtomicBool::new(true));
    let base = Arc::new(std::sync::OnceLock::<String>::new());
    let (l, b, known_base) = (listed.clone(), busy.clone(), base.clone());
    let (server, log) = logged_server(move |r| {
        let path = r.url().to_string();
        let base = known_base.get().expect("base set").clone();
        if path == "/robots.txt" {
            return Reply::ok("text/plain", "User-agent: *\nAllow: /\n");
        }
        if path == "/sitemap.xml" {
            let paths: Vec<String> = (0..l.load(Ordering::SeqCst)).map(busy_path).collect();
            return Reply::ok(XML, generated::sitemap(&base, &paths));
        }
        let Some(i) = (0..100).find(|i| busy_path(*i) == path) else {
            return Reply::status(404);
        };
        if i == BUSY && b.load(Ordering::SeqCst) {
            return Reply::status(429).header("Retry-After", "999999");
        }
        Reply::ok(HTML, generated::article(i, 100, 0))
    });
    base.set(server.base.clone()).unwrap();
    BusySite {
        server,
        log,
        listed,
        busy,
    }
}

fn busy_path(i: usize) -> String {
    generated::article_path(i)
}

fn article_paths(log: &[Logged]) -> Vec<String> {
    log.iter()
        .filter(|r| r.path.ends_with("/c.html"))
        .map(|r| r.path.clone())
        .collect()
}

#[test]
fn a_page_answering_429_fails_alone_and_is_tried_again_by_a_later_run() {
    let site = busy_site();
    let ws = Workspace::new();
    let config = ws.config(
        "regionwatch.toml",
        "attempts = 2",
        &[source(
            "busy",
            &site.server.url("/sitemap.xml"),
            "sitemap",
            "",
        )],
    );
    let stored = |ws: &Workspace| -> Vec<String> {
        let mut paths: Vec<String> = article_urls(ws)
            .iter()
            .map(|u| u.trim_start_matches(&site.server.base).to_string())
            .collect();
        paths.sort();
        paths
    };
    let expect = |ids: &[usize]| -> Vec<String> {
        let mut paths: Vec<String> = ids.iter().map(|i| busy_path(*i)).collect();
        paths.sort();
        paths
    };

    // Run 1: the pages after the busy one are still fetched and stored.
    let out = regionwatch(&config, &["once"]);
    assert_eq!(out.status.code(), Some(1), "{}", shown(&out));
    assert_eq!(stored(&ws), expect(&[0, 1, 3, 4]), "{}", shown(&out));
    assert_eq!(cell(&stdout(&out), "busy", "waiting"), "1");
    let requested = article_paths(&site.log.take());
    assert_eq!(requested.len(), 5, "one try for the 429, once each else");
    let backoffs: i64 = ws
        .sql()
        .query_row("SELECT count(*) FROM host_backoff", [], |r| r.get(0))
        .unwrap();
    assert_eq!(backoffs, 0, "no host backoff for a page's 429");

    // Run 2: two more articles are listed; the host is contacted again, the new
    // articles are stored and the busy page is asked for again.
    site.listed.store(7, Ordering::SeqCst);
    let out = regionwatch(&config, &["once"]);
    assert_eq!(out.status.code(), Some(1), "{}", shown(&out));
    assert_eq!(stored(&ws), expect(&[0, 1, 3, 4, 5, 6]), "{}", shown(&out));
    let requested = article_paths(&site.log.take());
    assert!(requested.contains(&busy_path(BUSY)), "{requested:?}");

    // Run 3: the page answers again and is stored; nothing waits any more.
    site.busy.store(false, Ordering::SeqCst);
    let out = once_ok(&config);
    assert_eq!(stored(&ws), expect(&[0, 1, 2, 3, 4, 5, 6]));
    assert_eq!(cell(&stdout(&out), "busy", "waiting"), "0");
}

#[test]
fn a_list_answering_429_keeps_its_host_away_and_status_says_until_when_and_whom() {
    let (server, log) = logged_server(|r| match r.url() {
        "/robots.txt" => Reply::status(404),
        "/sitemap.xml" => Reply::status(429).header("Retry-After", "3600"),
        _ => Reply::ok(HTML, generated::article(0, 1, 0)),
    });
    let host = server.base.trim_start_matches("http://").to_string();
    let other = Site::start();
    other.put("/robots.txt", "text/plain", "User-agent: *\nAllow: /\n");
    other.put(&busy_path(1), HTML, generated::article(1, 2, 0));
    let ws = Workspace::new();
    let config = ws.config(
        "regionwatch.toml",
        "",
        &[
            source("list", &server.url("/sitemap.xml"), "sitemap", ""),
            source("same-host", &server.url(&busy_path(0)), "article", ""),
            source("elsewhere", &other.url(&busy_path(1)), "article", ""),
        ],
    );

    let out = regionwatch(&config, &["once", "--source", "list"]);
    assert_eq!(out.status.code(), Some(1), "{}", shown(&out));
    assert_eq!(log.take().len(), 2, "robots.txt and the list");

    // The host's backoff, with its end, and the sources it stops.
    let until: String = ws
        .sql()
        .query_row(
            "SELECT until FROM host_backoff WHERE host = ?1",
            [&host],
            |r| r.get(0),
        )
        .expect("a host backoff");
    let until = chrono::DateTime::parse_from_rfc3339(&until).unwrap();
    let shown_until = until.format("%Y-%m-%d %H:%M UTC").to_string();
    let status = stdout(&regionwatch(&config, &["status"]));
    let line = status
        .lines()
        .find(|l| l.trim_start_matches(['│', ' ']).starts_with(&host))
        .unwrap_or_else(|| panic!("no backoff of {host} in\n{status}"));
    assert!(line.contains(&shown_until), "{line}");
    assert!(
        line.contains("list") && line.contains("same-host") && !line.contains("elsewhere"),
        "{line}"
    );

    // The next run leaves that host alone; the other host is read.
    let out = regionwatch(&config, &["once"]);
    assert_eq!(out.status.code(), Some(1), "{}", shown(&out));
    assert_eq!(log.take().len(), 0, "the backed-off host was contacted");
    assert_eq!(article_urls(&ws), [other.url(&busy_path(1))]);
}

#[test]
fn status_shows_the_failed_pages_of_the_last_run_and_the_last_error() {
    const ARTICLES: usize = 10;
    let failing = [3usize, 6, 8];
    let base = Arc::new(std::sync::OnceLock::<String>::new());
    let known_base = base.clone();
    let (server, _log) = logged_server(move |r| {
        let path = r.url().to_string();
        if path == "/robots.txt" {
            return Reply::status(404);
        }
        if path == "/sitemap.xml" {
            let paths: Vec<String> = (0..ARTICLES).map(busy_path).collect();
            return Reply::ok(XML, generated::sitemap(known_base.get().unwrap(), &paths));
        }
        let Some(i) = (0..ARTICLES).find(|i| busy_path(*i) == path) else {
            return Reply::status(404);
        };
        if failing.contains(&i) {
            return Reply::status(500);
        }
        Reply::ok(HTML, generated::article(i, ARTICLES, 0))
    });
    base.set(server.base.clone()).unwrap();
    let paths: Vec<String> = (0..ARTICLES).map(|i| server.url(&busy_path(i))).collect();
    let ws = Workspace::new();
    let config = ws.config(
        "regionwatch.toml",
        "attempts = 1",
        &[source("flaky", &server.url("/sitemap.xml"), "sitemap", "")],
    );

    let out = regionwatch(&config, &["once"]);
    assert_eq!(out.status.code(), Some(1), "{}", shown(&out));
    assert_eq!(article_urls(&ws).len(), ARTICLES - failing.len());

    let status = source_status(&config, "flaky");
    assert_eq!(status["last_run_failed_pages"], 3, "{status}");
    let error = status["last_page_error"].as_str().unwrap_or_default();
    assert!(
        error.contains(&paths[8]) && error.contains("500"),
        "the last page error, naming its URL: {error:?}\n{status}"
    );
    let table = stdout(&regionwatch(&config, &["status"]));
    assert!(
        table.contains("3 pages failed in the last run") && table.contains("last failed page:"),
        "{table}"
    );
}
