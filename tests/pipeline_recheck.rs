//! Acceptance tests of what a run fetches again, against a real site on
//! loopback, counting article requests server-side:
//! - a rerun over an unchanged list (304, or the same bytes) requests no article;
//! - a list that gains links requests exactly those;
//! - past a re-check point (`recheck_after_hours`) each known article is
//!   requested once, conditionally, and after the last point never again;
//! - a sitemap `<lastmod>` newer than at the last check re-checks that article only;
//! - `once --recheck` requests every article.
//!
//! The pipeline runs through the library with a stepped clock, so crossing
//! hours takes no sleep; `--recheck` goes through the real binary.

mod http_server;
mod pipeline_support;

#[path = "pipeline_support/generated.rs"]
mod generated;

use chrono::{DateTime, Duration, Utc};
use http_server::site::{Logged, Site, Validation};
use pipeline_support::{Workspace, once_ok, regionwatch, shown, source};
use regionwatch::pipeline::{Pipeline, SourceReport};
use regionwatch::schedule::Clock;
use regionwatch::store::AsyncStore;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

const HTML: &str = "text/html; charset=utf-8";
const SITEMAP: &str = "/sitemap.xml";

/// A clock the test moves by hand.
struct StepClock(Mutex<DateTime<Utc>>);

impl StepClock {
    fn advance(&self, by: Duration) {
        *self.0.lock().unwrap() += by;
    }
}

impl Clock for StepClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

/// A site with robots.txt, a sitemap and generated articles, a config naming
/// the sitemap, and a clock starting now.
struct Setup {
    site: Site,
    ws: Workspace,
    config: PathBuf,
    clock: Arc<StepClock>,
}

impl Setup {
    fn new(articles: usize, validation: Validation) -> Self {
        let site = Site::start();
        site.put("/robots.txt", "text/plain", "User-agent: *\nAllow: /\n");
        for i in 0..articles {
            site.put(
                &generated::article_path(i),
                HTML,
                generated::article(i, 1000, 0),
            );
        }
        let ws = Workspace::new();
        let config = ws.config(
            "regionwatch.toml",
            "",
            &[source("news", &site.url(SITEMAP), "sitemap", "")],
        );
        let setup = Setup {
            site,
            ws,
            config,
            clock: Arc::new(StepClock(Mutex::new(Utc::now()))),
        };
        setup.list(
            &(0..articles).map(|i| (i, None)).collect::<Vec<_>>(),
            validation,
        );
        setup
    }

    /// Serves the sitemap naming articles `(i, lastmod)`.
    fn list(&self, entries: &[(usize, Option<&str>)], validation: Validation) {
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        for (i, lastmod) in entries {
            let lastmod = lastmod.map_or(String::new(), |t| format!("<lastmod>{t}</lastmod>"));
            xml.push_str(&format!(
                "<url><loc>{}{}</loc>{lastmod}</url>\n",
                self.site.base(),
                generated::article_path(*i)
            ));
        }
        xml.push_str("</urlset>\n");
        self.site
            .put_with(SITEMAP, "application/xml", xml, validation);
    }

    /// One pass at the clock's time; the article requests the site saw.
    fn run(&self) -> (SourceReport, Vec<Logged>) {
        let config = regionwatch::config::load(&self.config).expect("a valid config");
        let runtime = tokio::runtime::Runtime::new().expect("a runtime");
        let mut reports = runtime.block_on(async {
            let store = AsyncStore::new(self.ws.store());
            let pipeline = Pipeline::new(&config, store)
                .await
                .expect("a pipeline")
                .with_clock(self.clock.clone());
            pipeline.run_once(&config.sources, |_| {}).await
        });
        let report = reports.pop().expect("one source");
        assert!(!report.has_errors(), "{report:?}");
        (report, self.article_requests())
    }

    fn article_requests(&self) -> Vec<Logged> {
        let log = self.site.log.take();
        log.into_iter()
            .filter(|r| r.path.ends_with("/c.html"))
            .collect()
    }
}

fn paths(requests: &[Logged]) -> Vec<String> {
    let mut paths: Vec<String> = requests.iter().map(|r| r.path.clone()).collect();
    paths.sort();
    paths
}

fn article_paths(ids: &[usize]) -> Vec<String> {
    let mut paths: Vec<String> = ids.iter().map(|&i| generated::article_path(i)).collect();
    paths.sort();
    paths
}

#[test]
fn an_unchanged_list_requests_no_article_and_a_grown_one_only_its_new_links() {
    let s = Setup::new(5, Validation::Both);
    let (first, requests) = s.run();
    assert_eq!(first.new_articles, 5);
    assert_eq!(paths(&requests), article_paths(&[0, 1, 2, 3, 4]));

    s.clock.advance(Duration::minutes(10));
    let (_, requests) = s.run();
    assert_eq!(
        paths(&requests),
        Vec::<String>::new(),
        "the list answered 304"
    );

    s.site.put(
        &generated::article_path(5),
        HTML,
        generated::article(5, 1000, 0),
    );
    s.site.put(
        &generated::article_path(6),
        HTML,
        generated::article(6, 1000, 0),
    );
    s.list(
        &(0..7).map(|i| (i, None)).collect::<Vec<_>>(),
        Validation::Both,
    );
    s.clock.advance(Duration::minutes(10));
    let (grown, requests) = s.run();
    assert_eq!(paths(&requests), article_paths(&[5, 6]));
    assert!(requests.iter().all(|r| !r.is_conditional()));
    assert_eq!((grown.links, grown.new_articles), (7, 2));
}

#[test]
fn a_list_served_again_with_the_same_bytes_requests_no_article() {
    // Last-Modified only, bumped at every put: the list answers 200, not 304.
    let s = Setup::new(3, Validation::LastModifiedOnly);
    s.run();
    s.list(
        &(0..3).map(|i| (i, None)).collect::<Vec<_>>(),
        Validation::LastModifiedOnly,
    );
    s.clock.advance(Duration::minutes(10));
    let (report, requests) = s.run();
    assert_eq!(requests, Vec::<Logged>::new());
    assert_eq!(report.links, 3);
}

#[test]
fn past_each_recheck_point_every_article_is_requested_once_conditionally() {
    let s = Setup::new(3, Validation::Both);
    s.run();
    let mut counts = Vec::new();
    // Just past 1 h, again at the same time, past 6 h, past 24 h, a week on.
    for step in [61, 0, 5 * 60, 18 * 60, 7 * 24 * 60] {
        s.clock.advance(Duration::minutes(step));
        let (report, requests) = s.run();
        assert!(requests.iter().all(Logged::is_conditional), "{requests:?}");
        assert!(requests.iter().all(|r| r.status == 304), "{requests:?}");
        assert_eq!(report.unchanged as usize, requests.len());
        counts.push(paths(&requests));
    }
    let all = article_paths(&[0, 1, 2]);
    assert_eq!(counts, [all.clone(), vec![], all.clone(), all, vec![]]);
}

#[test]
fn the_recheck_hours_come_from_the_source() {
    let s = Setup::new(2, Validation::Both);
    std::fs::write(
        &s.config,
        std::fs::read_to_string(&s.config).unwrap().replace(
            "kind = \"sitemap\"",
            "kind = \"sitemap\"\nrecheck_after_hours = [2]",
        ),
    )
    .unwrap();
    s.run();
    s.clock.advance(Duration::minutes(61));
    assert_eq!(s.run().1, Vec::<Logged>::new(), "not due before 2 h");
    s.clock.advance(Duration::minutes(60));
    assert_eq!(paths(&s.run().1), article_paths(&[0, 1]));
    s.clock.advance(Duration::days(3));
    assert_eq!(
        s.run().1,
        Vec::<Logged>::new(),
        "never after the last point"
    );
}

#[test]
fn a_newer_sitemap_lastmod_rechecks_that_article_only() {
    let s = Setup::new(0, Validation::Both);
    let t0 = "2025-03-10T08:00:00+08:00";
    s.list(&[(0, Some(t0)), (1, Some(t0)), (2, None)], Validation::Both);
    s.site.put(
        &generated::article_path(0),
        HTML,
        generated::article(0, 1000, 0),
    );
    s.site.put(
        &generated::article_path(1),
        HTML,
        generated::article(1, 1000, 0),
    );
    s.site.put(
        &generated::article_path(2),
        HTML,
        generated::article(2, 1000, 0),
    );
    assert_eq!(s.run().1.len(), 3);

    // Article 1 is revised and the sitemap says so; nothing else moves.
    s.site.put(
        &generated::article_path(1),
        HTML,
        generated::article(1, 1000, 1),
    );
    let t1 = "2025-03-10T12:00:00+08:00";
    s.list(&[(0, Some(t0)), (1, Some(t1)), (2, None)], Validation::Both);
    s.clock.advance(Duration::minutes(5));
    let (report, requests) = s.run();
    assert_eq!(paths(&requests), article_paths(&[1]));
    assert!(requests[0].is_conditional());
    assert_eq!(report.changed, 1);

    // The same lastmod again is no change, even when the list answers 304.
    s.clock.advance(Duration::minutes(5));
    assert_eq!(s.run().1, Vec::<Logged>::new());
}

#[test]
fn once_recheck_requests_every_article_and_plain_once_none() {
    let s = Setup::new(4, Validation::Both);
    once_ok(&s.config);
    assert_eq!(s.article_requests().len(), 4);

    once_ok(&s.config);
    assert_eq!(s.article_requests(), Vec::<Logged>::new());

    let out = regionwatch(&s.config, &["once", "--recheck"]);
    assert!(out.status.success(), "{}", shown(&out));
    let requests = s.article_requests();
    assert_eq!(paths(&requests), article_paths(&[0, 1, 2, 3]));
    assert!(requests.iter().all(Logged::is_conditional));
}
