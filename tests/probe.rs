//! `regionwatch probe URL` (issue 12, item 7): the real binary against the loopback news site
//! of the pipeline tests (tests/fixtures/site/), one test per source kind and one on a page
//! that is not a list. Probing stores nothing, obeys the address guard, and prints a
//! `[[sources]]` block that loads.

mod http_server;
mod pipeline_support;

use http_server::site::Site;
use pipeline_support::{Workspace, regionwatch, shown};

const HTML: &str = "text/html; charset=utf-8";
const HAINAN: &str = "/20250310/1a2b3c4d5e6f708192a3b4c5d6e7f801/c.html";

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/site/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The pipeline tests' news site: a list page, a data source, a feed, a sitemap, articles.
fn news_site() -> Site {
    let site = Site::start();
    site.put("/robots.txt", "text/plain", fixture("robots.txt"));
    site.put(
        "/list/china-politics.htm",
        HTML,
        fixture("list-english.html"),
    );
    site.put(
        "/local/ds_opening.json",
        "application/json",
        fixture("ds_opening.json"),
    );
    site.put(
        "/rss/opening.xml",
        "application/rss+xml",
        fixture("rss.xml"),
    );
    site.put("/sitemap.xml", "application/xml", fixture("sitemap.xml"));
    for (path, file) in [
        (HAINAN, "en-hainan.html"),
        (
            "/world/20250310/1a2b3c4d5e6f708192a3b4c5d6e7f801/c.html",
            "en-hainan.html",
        ),
        (
            "/20250311/2b3c4d5e6f708192a3b4c5d6e7f80912/c.html",
            "en-shanghai.html",
        ),
        (
            "/20250312/3c4d5e6f708192a3b4c5d6e7f8091223/c.html",
            "en-guangxi.html",
        ),
        (
            "/20250311/4d5e6f708192a3b4c5d6e7f809122334/c.html",
            "generic-shanghai.html",
        ),
        (
            "/20250313/5e6f708192a3b4c5d6e7f80912233445/c.html",
            "zh-guangdong.html",
        ),
        (
            "/20250314/6f708192a3b4c5d6e7f8091223344556/c.html",
            "zh-sichuan.html",
        ),
        (
            "/20250315/708192a3b4c5d6e7f809122334455667/c.html",
            "zh-zhejiang.html",
        ),
    ] {
        site.put(path, HTML, fixture(file));
    }
    site
}

/// `probe URL ARGS` with a config allowing loopback; its stdout, which must be a success.
fn probe_ok(ws: &Workspace, url: &str, args: &[&str]) -> String {
    let config = ws.config("rw.toml", "", &[]);
    let mut all = vec!["probe", url];
    all.extend_from_slice(args);
    let out = regionwatch(&config, &all);
    assert!(out.status.success(), "{}", shown(&out));
    String::from_utf8(out.stdout).unwrap()
}

/// The number after `label` on its line.
fn number_after(out: &str, label: &str) -> usize {
    let line = out
        .lines()
        .find(|l| l.trim_start().starts_with(label))
        .unwrap_or_else(|| panic!("no {label:?} in\n{out}"));
    line.trim_start()[label.len()..]
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no number after {label:?} in {line:?}"))
}

/// The `[[sources]]` block printed, which must load as part of a config and keep the kind.
fn pasted_block_loads(ws: &Workspace, out: &str, kind: &str) {
    let block = out
        .split("Paste into the config:\n\n")
        .nth(1)
        .unwrap_or_else(|| panic!("no block in\n{out}"));
    assert!(block.contains(&format!("kind = \"{kind}\"")), "{block}");
    let config = ws.config("pasted.toml", "", &[block.to_owned()]);
    let checked = regionwatch(&config, &["check-config"]);
    assert!(checked.status.success(), "{}", shown(&checked));
}

fn assert_kind(kind: &str, path: &str, described: &str, want_links: usize) {
    let site = news_site();
    let ws = Workspace::new();
    let out = probe_ok(&ws, &site.url(path), &[]);
    assert!(
        out.contains(&format!("Kind: {described} (detected)")),
        "{out}"
    );
    assert_eq!(
        number_after(&out, "Links it would follow:"),
        want_links,
        "{out}"
    );
    assert!(out.contains("First article: "), "{out}");
    assert!(number_after(&out, "highlights:") > 0, "{out}");
    assert!(!out.contains("regions:    none"), "{out}");
    pasted_block_loads(&ws, &out, kind);
    assert!(!ws.db().exists(), "probing stores nothing");
}

#[test]
fn probes_an_html_list() {
    // Four article links, one of them twice; the first is dead, so the second is read.
    assert_kind("html", "/list/china-politics.htm", "html list", 3);
}

#[test]
fn probes_a_feed() {
    assert_kind("feed", "/rss/opening.xml", "feed (RSS or Atom)", 2);
}

#[test]
fn probes_a_sitemap() {
    assert_kind("sitemap", "/sitemap.xml", "sitemap", 2);
}

#[test]
fn probes_a_news_cn_data_source() {
    assert_kind(
        "xinhua-json",
        "/local/ds_opening.json",
        "xinhua-json (a news.cn data source)",
        2,
    );
}

#[test]
fn a_page_that_is_not_a_list_is_shown_as_an_article() {
    let site = news_site();
    let ws = Workspace::new();
    let out = probe_ok(&ws, &site.url(HAINAN), &[]);
    assert!(out.contains("Not a list"), "{out}");
    assert!(out.contains("use kind = \"article\""), "{out}");
    assert!(!out.contains("Links it would follow"), "{out}");
    assert!(number_after(&out, "highlights:") > 0, "{out}");
    assert!(out.contains("regions:    Hainan"), "{out}");
    pasted_block_loads(&ws, &out, "article");

    // A page at an address of any shape, without article links, is not a list either.
    site.put("/news/lingang.htm", HTML, fixture("generic-shanghai.html"));
    let out = probe_ok(&ws, &site.url("/news/lingang.htm"), &[]);
    assert!(out.contains("Not a list"), "{out}");
    assert!(out.contains("regions:    Shanghai"), "{out}");
}

#[test]
fn the_address_guard_holds_unless_private_networks_are_allowed() {
    let site = news_site();
    let ws = Workspace::new();
    let config = ws.config("guarded.toml", "allow_private_networks = false", &[]);
    let url = site.url("/rss/opening.xml");
    let refused = regionwatch(&config, &["probe", &url]);
    assert_eq!(refused.status.code(), Some(1), "{}", shown(&refused));
    assert!(site.log.take().is_empty(), "nothing reached the server");
    let allowed = regionwatch(&config, &["probe", &url, "--allow-private-networks"]);
    assert!(allowed.status.success(), "{}", shown(&allowed));
    assert!(
        String::from_utf8_lossy(&allowed.stdout).contains("Kind: feed"),
        "{}",
        shown(&allowed)
    );
}
