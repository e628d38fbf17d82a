//! The daemon's worker process (`regionwatch worker`), driven by the daemon's
//! own [`Workers`] handle: real processes, a loopback site, a real database.
//! Refreshes come back with their reports, the worker exits once nothing is
//! owed, and a worker that cannot start or dies is reported, not waited for.

mod http_server;
mod pipeline_support;

#[path = "pipeline_support/generated.rs"]
mod generated;

use http_server::site::Site;
use pipeline_support::{Workspace, article_urls, source};
use regionwatch::daemon::worker::{WorkerCommand, Workers};
use regionwatch::pipeline::SourceReport;
use std::path::{Path, PathBuf};
use std::time::Duration;

const HTML: &str = "text/html; charset=utf-8";
/// Articles per sitemap.
const PER_SOURCE: usize = 3;
/// Far beyond any refresh here: a test that reached it would hang, not pass.
const LIMIT: Duration = Duration::from_secs(600);

/// Two sitemaps of `PER_SOURCE` articles each, at `/a.xml` and `/b.xml`.
fn serve(site: &Site) {
    site.put("/robots.txt", "text/plain", "User-agent: *\nAllow: /\n");
    for (k, name) in ["/a.xml", "/b.xml"].iter().enumerate() {
        let range = k * PER_SOURCE..(k + 1) * PER_SOURCE;
        let paths: Vec<String> = range.clone().map(generated::article_path).collect();
        site.put(
            name,
            "application/xml",
            generated::sitemap(site.base(), &paths),
        );
        for i in range {
            site.put(
                &generated::article_path(i),
                HTML,
                generated::article(i, 1000, 0),
            );
        }
    }
}

fn real_worker() -> WorkerCommand {
    WorkerCommand {
        program: PathBuf::from(env!("CARGO_BIN_EXE_regionwatch")),
        args: vec!["worker".into()],
    }
}

/// A stand-in worker: a shell script reading the daemon's lines.
fn shell_worker(script: &str) -> WorkerCommand {
    WorkerCommand {
        program: PathBuf::from("/bin/sh"),
        args: vec!["-c".into(), script.into()],
    }
}

fn workers_for(config: &Path, command: WorkerCommand) -> Workers {
    let text = std::fs::read_to_string(config).expect("read the config");
    Workers::new(command, config, &text)
}

/// Refreshes source "a", noting the pid of the worker that runs it.
async fn refresh_watching_the_worker(
    workers: &Workers,
    limit: Duration,
) -> (Result<SourceReport, String>, Option<u32>) {
    let refresh = tokio::spawn({
        let workers = workers.clone();
        async move { workers.refresh("a", limit).await }
    });
    let mut pid = None;
    while pid.is_none() && !refresh.is_finished() {
        pid = workers.running_worker().await;
        tokio::task::yield_now().await;
    }
    (refresh.await.unwrap(), pid)
}

/// Waits for a process to be gone (or a zombie nobody reaped yet).
async fn wait_gone(pid: u32) {
    let stat = format!("/proc/{pid}/stat");
    for _ in 0..600 {
        match std::fs::read_to_string(&stat) {
            Err(_) => return,
            Ok(text) if text.rsplit(") ").next().is_some_and(|s| s.starts_with('Z')) => return,
            Ok(_) => tokio::time::sleep(Duration::from_millis(50)).await,
        }
    }
    panic!("worker process {pid} still runs 30 s after its last report");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_worker_refreshes_sources_side_by_side_and_exits_when_done() {
    let site = Site::start();
    serve(&site);
    let ws = Workspace::new();
    let config = ws.config(
        "regionwatch.toml",
        "",
        &[
            source("a", &site.url("/a.xml"), "sitemap", ""),
            source("b", &site.url("/b.xml"), "sitemap", ""),
        ],
    );
    drop(ws.store()); // the daemon creates and migrates the database first
    let workers = workers_for(&config, real_worker());

    let (a, b) = tokio::join!(workers.refresh("a", LIMIT), workers.refresh("b", LIMIT));
    let (a, b) = (a.expect("a's report"), b.expect("b's report"));
    for (report, name) in [(&a, "a"), (&b, "b")] {
        assert_eq!(report.source, name);
        assert_eq!(report.error, None, "{report:?}");
        assert_eq!(report.new_articles, PER_SOURCE as u32, "{report:?}");
        assert!(report.highlights > 0, "{report:?}");
    }
    assert_eq!(article_urls(&ws).len(), 2 * PER_SOURCE);

    // Nothing is owed any more: the worker was told so and exits.
    assert_eq!(workers.running_worker().await, None);

    // The next refresh starts a new worker; the unchanged site gives nothing
    // new, and its known articles are not due for a re-check yet.
    let again = workers.refresh("a", LIMIT).await.expect("a report");
    assert_eq!(again.error, None, "{again:?}");
    assert_eq!(
        (again.links, again.new_articles, again.unchanged),
        (PER_SOURCE as u32, 0, 0)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_worker_exits_after_its_last_report() {
    let site = Site::start();
    serve(&site);
    let ws = Workspace::new();
    let config = ws.config(
        "regionwatch.toml",
        "",
        &[source("a", &site.url("/a.xml"), "sitemap", "")],
    );
    drop(ws.store());
    let workers = workers_for(&config, real_worker());
    let (outcome, pid) = refresh_watching_the_worker(&workers, LIMIT).await;
    let report = outcome.expect("a report");
    assert_eq!(report.error, None, "{report:?}");
    let pid = pid.expect("a worker ran the refresh");
    wait_gone(pid).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_source_the_configuration_lacks_is_a_failed_report() {
    let ws = Workspace::new();
    let config = ws.config("regionwatch.toml", "", &[]);
    drop(ws.store());
    let workers = workers_for(&config, real_worker());
    let report = workers.refresh("nowhere", LIMIT).await.expect("a report");
    let error = report.error.expect("a failed report");
    assert!(error.contains("no source of this name"), "{error}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_worker_that_cannot_start_is_a_failed_report() {
    let ws = Workspace::new();
    let config = ws.config("regionwatch.toml", "", &[]);
    let missing = WorkerCommand {
        program: ws.dir.path().join("no-such-program"),
        args: vec![],
    };
    let error = workers_for(&config, missing)
        .refresh("a", LIMIT)
        .await
        .expect_err("no worker");
    assert!(error.contains("cannot start the worker process"), "{error}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_worker_that_dies_is_reported_and_the_next_refresh_starts_another() {
    let ws = Workspace::new();
    let config = ws.config("regionwatch.toml", "", &[]);
    // Takes the configuration and the request, writes a line that is no
    // report, and dies: what a crash in the middle of a refresh looks like.
    let dying = shell_worker("read hello; read request; echo garbage; exit 3");
    let workers = workers_for(&config, dying);
    for _ in 0..2 {
        let error = workers.refresh("a", LIMIT).await.expect_err("no report");
        assert!(error.contains("exit status: 3"), "{error}");
    }
}

#[test]
fn a_worker_started_by_hand_says_what_it_is_for() {
    let out = assert_cmd::Command::cargo_bin("regionwatch")
        .unwrap()
        .arg("worker")
        .write_stdin("hello\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("only started by `regionwatch run`"),
        "{stderr}"
    );
}

#[test]
fn a_worker_without_pipes_refuses_to_start() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_regionwatch"))
        .arg("worker")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("must be pipes from the daemon"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_worker_that_never_reports_is_killed_at_the_limit() {
    let ws = Workspace::new();
    let config = ws.config("regionwatch.toml", "", &[]);
    // Takes the request and hangs: a refresh stuck in a bug.
    let stuck = shell_worker("read hello; read request; exec sleep 1000");
    let workers = workers_for(&config, stuck);
    let (outcome, pid) = refresh_watching_the_worker(&workers, Duration::from_millis(300)).await;
    let error = outcome.expect_err("no report");
    assert!(error.contains("no report after"), "{error}");
    wait_gone(pid.expect("the worker ran")).await;
    // Its reader reaps it, then forgets it: the next refresh starts afresh.
    for _ in 0..600 {
        if workers.running_worker().await.is_none() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the killed worker is still the current one");
}
