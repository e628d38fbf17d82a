//! Acceptance tests of `regionwatch once` end to end: the real binary against
//! real HTTP servers on loopback (a news site with a list page, a news.cn
//! datasource, an RSS feed, a sitemap and robots.txt, plus hostile servers),
//! checked through `export`/`list`, the database and the servers' request logs.
//! The pages are our own, in Xinhua layouts (tests/fixtures/site/).

mod http_server;
mod pipeline_support;

use http_server::site::{Logged, Site, Validation};
use pipeline_support::{
    Workspace, article_urls, export, highlight_counts, once_ok, regionwatch, shown, source,
};
use serde_json::Value;
use std::collections::BTreeSet;

const LIST: &str = "/list/china-politics.htm";
const DATASOURCE: &str = "/local/ds_opening.json";
const FEED: &str = "/rss/opening.xml";
const SITEMAP: &str = "/sitemap.xml";

const HAINAN: &str = "/20250310/1a2b3c4d5e6f708192a3b4c5d6e7f801/c.html";
/// The Hainan article again, byte for byte, under another URL (the feed's).
const HAINAN_MIRROR: &str = "/world/20250310/1a2b3c4d5e6f708192a3b4c5d6e7f801/c.html";
const SHANGHAI: &str = "/20250311/2b3c4d5e6f708192a3b4c5d6e7f80912/c.html";
const GUANGXI: &str = "/20250312/3c4d5e6f708192a3b4c5d6e7f8091223/c.html";
/// Another site's article repeating the Shanghai statement.
const SHANGHAI_REPOST: &str = "/20250311/4d5e6f708192a3b4c5d6e7f809122334/c.html";
const GUANGDONG: &str = "/20250313/5e6f708192a3b4c5d6e7f80912233445/c.html";
const SICHUAN: &str = "/20250314/6f708192a3b4c5d6e7f8091223344556/c.html";
const ZHEJIANG: &str = "/20250315/708192a3b4c5d6e7f809122334455667/c.html";

const HTML: &str = "text/html; charset=utf-8";

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/site/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The news site: four lists naming seven articles, one of them under two URLs.
fn news_site() -> Site {
    let site = Site::start();
    site.put("/robots.txt", "text/plain", fixture("robots.txt"));
    site.put(LIST, HTML, fixture("list-english.html"));
    site.put(DATASOURCE, "application/json", fixture("ds_opening.json"));
    site.put_with(
        FEED,
        "application/rss+xml",
        fixture("rss.xml"),
        Validation::LastModifiedOnly,
    );
    site.put_with(
        SITEMAP,
        "application/xml",
        fixture("sitemap.xml"),
        Validation::ETagOnly,
    );
    for (path, file) in [
        (HAINAN, "en-hainan.html"),
        (HAINAN_MIRROR, "en-hainan.html"),
        (SHANGHAI, "en-shanghai.html"),
        (GUANGXI, "en-guangxi.html"),
        (SHANGHAI_REPOST, "generic-shanghai.html"),
        (GUANGDONG, "zh-guangdong.html"),
        (SICHUAN, "zh-sichuan.html"),
        (ZHEJIANG, "zh-zhejiang.html"),
    ] {
        site.put(path, HTML, fixture(file));
    }
    site
}

fn news_sources(site: &Site) -> Vec<String> {
    vec![
        source(
            "english-list",
            &site.url(LIST),
            "html",
            "links = \"#list .item .tit a\"",
        ),
        source("zh-local", &site.url(DATASOURCE), "xinhua-json", ""),
        source("opening-feed", &site.url(FEED), "feed", ""),
        source("opening-sitemap", &site.url(SITEMAP), "sitemap", ""),
    ]
}

/// The article URLs stored once the news site is read: the Hainan article under
/// whichever of its two URLs came first.
fn stored_news_urls(site: &Site, hainan_under: &str) -> Vec<String> {
    let mut urls: Vec<String> = [
        hainan_under,
        SHANGHAI,
        GUANGXI,
        SHANGHAI_REPOST,
        GUANGDONG,
        SICHUAN,
        ZHEJIANG,
    ]
    .iter()
    .map(|p| site.url(p))
    .collect();
    urls.sort();
    urls
}

fn of_region<'a>(highlights: &'a [Value], code: &str) -> Vec<&'a Value> {
    highlights
        .iter()
        .filter(|h| h["region_code"] == code)
        .collect()
}

fn article_urls_of(highlight: &Value) -> Vec<String> {
    let mut urls: Vec<String> = highlight["articles"]
        .as_array()
        .expect("articles array")
        .iter()
        .map(|a| a["url"].as_str().expect("url").to_string())
        .collect();
    urls.sort();
    urls
}

/// The Hainan article's stored URL and its alias, in that order.
fn hainan_and_alias(ws: &Workspace) -> (String, String) {
    let conn = ws.sql();
    conn.query_row(
        "SELECT a.canonical_url, u.url FROM article_urls u JOIN articles a ON a.id = u.article_id",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .expect("exactly one alias")
}

#[test]
fn the_right_articles_and_highlights_are_stored() {
    let site = news_site();
    let ws = Workspace::new();
    let config = ws.config("regionwatch.toml", "", &news_sources(&site));

    once_ok(&config);

    // One article per content: the mirror is an alias of the Hainan article.
    let (hainan, alias) = hainan_and_alias(&ws);
    let both = BTreeSet::from([site.url(HAINAN), site.url(HAINAN_MIRROR)]);
    assert_eq!(BTreeSet::from([hainan.clone(), alias]), both);
    let hainan_path = hainan.trim_start_matches(site.base());
    assert_eq!(article_urls(&ws), stored_news_urls(&site, hainan_path));

    let highlights = export(&config);
    let regions: BTreeSet<&str> = highlights
        .iter()
        .map(|h| h["region"].as_str().unwrap())
        .collect();
    for region in [
        "Hainan",
        "Shanghai",
        "Guangxi",
        "Guangdong",
        "Sichuan",
        "Zhejiang",
    ] {
        assert!(
            regions.contains(region),
            "{region} missing from {regions:?}"
        );
    }

    // The Shanghai statement, carried by two sites, is one highlight linked to both.
    let shanghai = of_region(&highlights, "310000");
    assert_eq!(shanghai.len(), 1, "{shanghai:#?}");
    assert_eq!(
        article_urls_of(shanghai[0]),
        [site.url(SHANGHAI), site.url(SHANGHAI_REPOST)]
    );
    let titles: BTreeSet<&str> = shanghai[0]["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        BTreeSet::from([
            "Shanghai opens Lingang hospitals to wholly foreign-owned investors",
            "Health investors eye Lingang after hospital rule change",
        ])
    );

    // The duplicated Hainan page gave its highlights once, linked to one article.
    let hainan_highlights = of_region(&highlights, "460000");
    assert_eq!(hainan_highlights.len(), 2, "{hainan_highlights:#?}");
    for h in &hainan_highlights {
        assert_eq!(article_urls_of(h), std::slice::from_ref(&hainan));
        assert_eq!(h["articles"][0]["published"], "2025-03-10T18:20:00+08:00");
    }

    // Chinese articles from the datasource and the sitemap, with their metadata.
    let guangdong = of_region(&highlights, "440000");
    assert_eq!(guangdong.len(), 1, "{guangdong:#?}");
    assert!(
        guangdong[0]["text"]
            .as_str()
            .unwrap()
            .starts_with("新华社深圳3月13日电"),
        "{guangdong:#?}"
    );
    assert_eq!(
        guangdong[0]["articles"][0]["title"],
        "前海合作区推出新一轮跨境服务便利化措施"
    );
    assert_eq!(
        guangdong[0]["articles"][0]["published"],
        "2025-03-13T11:20:05+08:00"
    );
    assert_eq!(of_region(&highlights, "330000").len(), 2);

    // `list` filters the same data by region.
    let out = regionwatch(
        &config,
        &["list", "--region", "Sichuan", "--format", "json"],
    );
    assert!(out.status.success(), "{}", shown(&out));
    let listed: Vec<Value> = serde_json::from_slice(&out.stdout).expect("a JSON array");
    assert_eq!(listed.len(), 2, "{listed:#?}");
    assert!(listed.iter().all(|h| h["region"] == "Sichuan"));
    assert_eq!(article_urls_of(&listed[0]), [site.url(SICHUAN)]);

    // What the server saw: robots.txt once, every list and article once, nothing else
    // (not the header link outside `#list`, not the related-news links).
    let mut seen: Vec<String> = site.log.take().into_iter().map(|r| r.path).collect();
    seen.sort();
    let mut expected: Vec<String> = [
        "/robots.txt",
        LIST,
        DATASOURCE,
        FEED,
        SITEMAP,
        HAINAN,
        HAINAN_MIRROR,
        SHANGHAI,
        GUANGXI,
        SHANGHAI_REPOST,
        GUANGDONG,
        SICHUAN,
        ZHEJIANG,
    ]
    .iter()
    .map(|p| p.to_string())
    .collect();
    expected.sort();
    assert_eq!(seen, expected);

    let status = ws.store().source_status().unwrap();
    assert_eq!(status.len(), 4);
    for s in &status {
        assert_eq!(s.last_error, None, "{s:?}");
        assert_eq!(s.consecutive_failures, 0, "{s:?}");
    }
    let found: u32 = status.iter().map(|s| s.articles_found).sum();
    assert_eq!(found, 7);
}

fn non_robots(log: Vec<Logged>) -> Vec<Logged> {
    log.into_iter()
        .filter(|r| r.path != "/robots.txt")
        .collect()
}

#[test]
fn an_unchanged_site_gets_only_conditional_requests_and_a_changed_article_is_reextracted() {
    let site = news_site();
    let ws = Workspace::new();
    let config = ws.config("regionwatch.toml", "", &news_sources(&site));
    once_ok(&config);
    let first_log = site.log.take();
    let stored = article_urls(&ws);
    let highlights = export(&config);
    let counts = highlight_counts(&ws);

    // Second run, nothing changed: every request but robots.txt is conditional and
    // answered 304, every list is checked, no article (none is due for a re-check
    // yet), nothing new is stored.
    once_ok(&config);
    let log = site.log.take();
    assert!(
        log.iter().any(|r| r.path == "/robots.txt"),
        "robots.txt is read at each run: {log:#?}"
    );
    let checked = non_robots(log);
    let is_article = |r: &Logged| r.path.ends_with("/c.html");
    let lists = non_robots(first_log)
        .iter()
        .filter(|r| !is_article(r))
        .count();
    assert_eq!(lists, 4);
    assert_eq!(checked.len(), lists, "only the lists: {checked:#?}");
    assert!(!checked.iter().any(is_article), "{checked:#?}");
    for request in &checked {
        assert!(request.is_conditional(), "unconditional: {request:?}");
        assert_eq!(request.status, 304, "{request:?}");
    }
    let feed = checked.iter().find(|r| r.path == FEED).unwrap();
    assert!(feed.if_modified_since.is_some() && feed.if_none_match.is_none());
    let sitemap = checked.iter().find(|r| r.path == SITEMAP).unwrap();
    assert!(sitemap.if_none_match.is_some() && sitemap.if_modified_since.is_none());
    assert_eq!(article_urls(&ws), stored);
    assert_eq!(export(&config), highlights);
    assert_eq!(highlight_counts(&ws), counts);
    let runs = ws.store().recent_runs(4).unwrap();
    for run in &runs {
        assert_eq!(run.stats.new_articles, 0, "{run:?}");
        assert_eq!(run.stats.changed_articles, 0, "{run:?}");
        assert_eq!(run.stats.highlights_new, 0, "{run:?}");
        assert_eq!(run.stats.errors, 0, "{run:?}");
    }

    // One article changes: `once --recheck` checks every article (conditionally),
    // and only the changed one is fetched in full and re-extracted.
    let changed = String::from_utf8(fixture("en-guangxi.html"))
        .unwrap()
        .replace("rose 14 percent", "rose 18 percent");
    site.put(GUANGXI, HTML, changed);
    let out = regionwatch(&config, &["once", "--recheck"]);
    assert!(out.status.success(), "{}", shown(&out));
    let full: Vec<Logged> = non_robots(site.log.take())
        .into_iter()
        .filter(|r| r.status != 304)
        .collect();
    assert_eq!(full.len(), 1, "{full:#?}");
    assert_eq!(full[0].path, GUANGXI);
    assert!(full[0].is_conditional(), "{:?}", full[0]);
    assert_eq!(full[0].status, 200);

    let runs = ws.store().recent_runs(4).unwrap();
    let changed_by: Vec<(&str, u32)> = runs
        .iter()
        .filter(|r| r.stats.changed_articles > 0)
        .map(|r| (r.source.as_str(), r.stats.changed_articles))
        .collect();
    assert_eq!(changed_by, [("opening-feed", 1)]);
    assert!(runs.iter().all(|r| r.stats.new_articles == 0));
    assert_eq!(article_urls(&ws), stored);

    let after = export(&config);
    let guangxi: Vec<&str> = of_region(&after, "450000")
        .iter()
        .map(|h| h["text"].as_str().unwrap())
        .collect();
    assert!(
        guangxi.iter().any(|t| t.contains("rose 18 percent")),
        "{guangxi:#?}"
    );
    assert!(
        !guangxi.iter().any(|t| t.contains("14 percent")),
        "{guangxi:#?}"
    );
    let others = |hs: &[Value]| -> Vec<Value> {
        hs.iter()
            .filter(|h| h["region_code"] != "450000")
            .cloned()
            .collect()
    };
    assert_eq!(others(&after), others(&highlights), "only Guangxi changed");
}
