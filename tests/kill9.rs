//! Crash safety of `regionwatch once`: 24 runs killed with SIGKILL at random
//! moments (deterministic seed) while they fetch, extract and store a site
//! growing to 50 articles (5 of them also under a mirror URL, 25 pairs sharing
//! a highlight, two new and three changed articles at each run). After each kill the database
//! passes `PRAGMA integrity_check`; after them an uninterrupted run finishes the
//! work with no duplicate article or highlight, and stores exactly what a
//! clean run into a fresh database stores.
//!
//! The kill moment is drawn in the run's progress, not in wall time, so it is
//! as random on a slow machine as on a fast one: the child is killed once the
//! server has received the k-th request of the run (k drawn from 0 to the
//! run's request count), plus 0-20 ms so kills also land between requests,
//! while articles are being extracted and committed.
//!
//! Every run passes `--recheck`, so the changed articles (which the sitemaps
//! do not date) are fetched again at each run, as they would be at their
//! re-check points.

mod http_server;
mod pipeline_support;

#[path = "pipeline_support/generated.rs"]
mod generated;

use http_server::site::Site;
use pipeline_support::{Workspace, export, once_ok, source};
use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

const ARTICLES: usize = 50;
/// Article `i` and `i + PAIR` share their opening statement.
const PAIR: usize = 25;
/// Articles `0..MIRRORS` are also served under a mirror URL.
const MIRRORS: usize = 5;
/// Articles the second sitemap also names (the same URL from two sources).
const OVERLAP: std::ops::Range<usize> = 40..50;
const KILLS: usize = 24;
/// Articles listed at the first run; two more at each run after it.
const FIRST_LISTED: usize = 10;
const CHANGES_PER_RUN: usize = 3;
const HTML: &str = "text/html; charset=utf-8";

/// Serves the articles and sitemaps naming the first `listed` articles (and the mirrors).
fn serve_site(site: &Site, revisions: &[u32], listed: usize) {
    site.put("/robots.txt", "text/plain", "User-agent: *\nAllow: /\n");
    let all: Vec<String> = (0..listed).map(generated::article_path).collect();
    site.put(
        "/sitemap.xml",
        "application/xml",
        generated::sitemap(site.base(), &all),
    );
    let mirrored: Vec<String> = (0..MIRRORS)
        .map(generated::mirror_path)
        .chain(overlap(listed).map(generated::article_path))
        .collect();
    site.put(
        "/mirrors.xml",
        "application/xml",
        generated::sitemap(site.base(), &mirrored),
    );
    for (i, &revision) in revisions.iter().enumerate() {
        let page = generated::article(i, PAIR, revision);
        site.put(&generated::article_path(i), HTML, &page);
        if i < MIRRORS {
            site.put(&generated::mirror_path(i), HTML, &page);
        }
    }
}

fn overlap(listed: usize) -> std::ops::Range<usize> {
    OVERLAP.start..OVERLAP.end.min(listed).max(OVERLAP.start)
}

/// Requests one run makes: robots.txt, two sitemaps, every listed article URL.
fn requests_per_run(listed: usize) -> usize {
    1 + 2 + listed + MIRRORS + overlap(listed).len()
}

fn sources(site: &Site) -> Vec<String> {
    vec![
        source(
            "all",
            &site.url("/sitemap.xml"),
            "sitemap",
            "max_articles_per_run = 100",
        ),
        source("mirrors", &site.url("/mirrors.xml"), "sitemap", ""),
    ]
}

fn integrity(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

/// Starts `once` and SIGKILLs it once the site has seen `k` requests, `extra` later.
fn kill_during_run(config: &Path, site: &Site, k: usize, extra: Duration) {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("regionwatch"))
        .args(["once", "--recheck", "-c"])
        .arg(config)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start regionwatch");
    while !site.log.wait_for(k, Duration::from_millis(50)) {
        if child.try_wait().unwrap().is_some() {
            break; // finished before the kill point
        }
    }
    std::thread::sleep(extra);
    child.kill().expect("SIGKILL"); // harmless if it already exited
    child.wait().unwrap();
}

fn count(ws: &Workspace, sql: &str) -> i64 {
    ws.sql().query_row(sql, [], |r| r.get(0)).unwrap()
}

/// What the stored highlights say, independent of ids, times and which of two
/// URLs a mirrored article is stored under: (region, text, sorted article titles).
fn meaning(highlights: &[serde_json::Value]) -> BTreeSet<(String, String, Vec<String>)> {
    highlights
        .iter()
        .map(|h| {
            let mut titles: Vec<String> = h["articles"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a["title"].as_str().unwrap().to_string())
                .collect();
            titles.sort();
            (
                h["region_code"].as_str().unwrap().to_string(),
                h["text"].as_str().unwrap().to_string(),
                titles,
            )
        })
        .collect()
}

#[test]
fn runs_killed_at_random_moments_leave_a_sound_database_that_a_rerun_completes() {
    let site = Site::start();
    let mut revisions = vec![0u32; ARTICLES];
    serve_site(&site, &revisions, FIRST_LISTED);
    let ws = Workspace::new();
    let config = ws.config("regionwatch.toml", "", &sources(&site));
    let mut rng = fastrand::Rng::with_seed(0x6b69_6c6c_392d);

    for round in 0..KILLS {
        // The site grows and changes between runs, so each run has writing to do.
        let listed = ARTICLES.min(FIRST_LISTED + 2 * round);
        for _ in 0..CHANGES_PER_RUN {
            revisions[rng.usize(MIRRORS..listed)] += 1;
        }
        serve_site(&site, &revisions, listed);
        let k = rng.usize(0..=requests_per_run(listed));
        let extra = Duration::from_millis(rng.u64(0..20));
        kill_during_run(&config, &site, k, extra);
        site.log.take();
        if ws.db().exists() {
            assert_eq!(integrity(&ws.db()), "ok", "after kill {round} (k = {k})");
        }
    }

    serve_site(&site, &revisions, ARTICLES);
    let out = pipeline_support::regionwatch(&config, &["once", "--recheck"]);
    assert!(out.status.success(), "{}", pipeline_support::shown(&out));
    assert_eq!(integrity(&ws.db()), "ok");
    assert_eq!(count(&ws, "SELECT count(*) FROM articles"), ARTICLES as i64);
    assert_eq!(
        count(&ws, "SELECT count(DISTINCT canonical_url) FROM articles"),
        ARTICLES as i64
    );
    assert_eq!(
        count(&ws, "SELECT count(DISTINCT content_hash) FROM articles"),
        ARTICLES as i64
    );
    assert_eq!(
        count(&ws, "SELECT count(*) FROM article_urls"),
        MIRRORS as i64
    );
    let duplicate_highlights = count(
        &ws,
        "SELECT count(*) FROM (SELECT 1 FROM highlights
         GROUP BY region_code, text_key HAVING count(*) > 1)",
    );
    assert_eq!(duplicate_highlights, 0);
    let orphans = count(
        &ws,
        "SELECT count(*) FROM highlights h WHERE NOT EXISTS
         (SELECT 1 FROM highlight_articles l WHERE l.highlight_id = h.id)",
    );
    assert_eq!(orphans, 0, "highlights no article carries");

    // The same as a clean run of the final site into a fresh database.
    let clean = Workspace::new();
    let clean_config = clean.config("regionwatch.toml", "", &sources(&site));
    once_ok(&clean_config);
    let killed = meaning(&export(&config));
    assert_eq!(killed, meaning(&export(&clean_config)));
    // Each pair's shared statement is one highlight carried by both articles.
    assert_eq!(killed.iter().filter(|(_, _, t)| t.len() == 2).count(), PAIR);
}
