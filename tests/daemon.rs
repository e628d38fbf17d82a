//! Issue 5 acceptance 2, end to end: `regionwatch run` as a child process with
//! a loopback news site and a real SMTP server on loopback, every schedule
//! firing within seconds (6-field crons).
//!
//! One test walks the daemon's whole life, because each step needs the state
//! the previous one left: articles are stored; the digest arrives exactly once
//! although its job fires again and again; SIGHUP with a broken config is
//! refused and the old jobs go on; SIGHUP with a fixed config adds a source
//! whose articles then appear and are mailed (only they); SIGTERM ends it with
//! exit 0 within the shutdown deadline.
//!
//! Nothing waits on wall time: every step polls the database, the daemon's log
//! or the SMTP server until what it expects is there, with generous limits for
//! a loaded machine.

mod http_server;
mod pipeline_support;
mod smtp_server;

#[path = "pipeline_support/generated.rs"]
mod generated;

mod daemon_support;

use daemon_support::{Daemon, DaemonConfig, highlight_lines, squeeze, wait_until};
use http_server::site::Site;
use pipeline_support::{Workspace, article_urls};
use regionwatch::daemon::SHUTDOWN_DEADLINE;
use smtp_server::SmtpServer;
use std::collections::BTreeSet;
use std::time::Duration;

/// Articles `0..FIRST` are in the first sitemap, `FIRST..FIRST + SECOND` in the second.
const FIRST: usize = 3;
const SECOND: usize = 2;
/// Large enough that no two generated articles share a statement.
const PAIR: usize = 1000;
const HTML: &str = "text/html; charset=utf-8";
/// Every step's limit; a step normally takes a few schedule slots (2-3 s each).
const STEP: Duration = Duration::from_secs(20);
/// Digest slots to watch after a delivery for a second, duplicate message.
const DIGEST_SLOTS_AFTER: usize = 3;

fn serve(site: &Site) {
    site.put("/robots.txt", "text/plain", "User-agent: *\nAllow: /\n");
    let sitemap = |range: std::ops::Range<usize>| {
        let paths: Vec<String> = range.map(generated::article_path).collect();
        generated::sitemap(site.base(), &paths)
    };
    site.put("/first.xml", "application/xml", sitemap(0..FIRST));
    site.put(
        "/second.xml",
        "application/xml",
        sitemap(FIRST..FIRST + SECOND),
    );
    for i in 0..FIRST + SECOND {
        site.put(
            &generated::article_path(i),
            HTML,
            generated::article(i, PAIR, 0),
        );
    }
}

fn urls_of(site: &Site, range: std::ops::Range<usize>) -> BTreeSet<String> {
    range
        .map(|i| site.url(&generated::article_path(i)))
        .collect()
}

/// Highlight texts stored for articles of `urls`, as [`highlight_lines`] reads them back.
fn stored_highlights(ws: &Workspace, urls: &BTreeSet<String>) -> BTreeSet<String> {
    let conn = ws.sql();
    let mut stmt = conn
        .prepare(
            "SELECT DISTINCT h.text, a.canonical_url FROM highlights h
             JOIN highlight_articles l ON l.highlight_id = h.id
             JOIN articles a ON a.id = l.article_id",
        )
        .unwrap();
    let rows: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    rows.into_iter()
        .filter(|(_, url)| urls.contains(url))
        .map(|(text, _)| squeeze(&text))
        .collect()
}

/// The highlights of every message received so far, one entry per message.
fn mailed(smtp: &SmtpServer) -> Vec<Vec<String>> {
    smtp.accepted()
        .iter()
        .map(|m| highlight_lines(&m.data))
        .collect()
}

/// Waits until the messages received mail every one of `expected` and
/// `DIGEST_SLOTS_AFTER` more digest runs have finished; then each expected
/// highlight must have been mailed exactly once, in all messages together.
fn assert_mailed_once(daemon: &Daemon, smtp: &SmtpServer, expected: &BTreeSet<String>) {
    wait_until(
        daemon,
        "the digest with every stored highlight",
        STEP,
        || {
            let all: BTreeSet<String> = mailed(smtp).into_iter().flatten().collect();
            expected.is_subset(&all).then_some(())
        },
    );
    let runs = daemon.log_count(&["run finished", "job=digest"]);
    wait_until(daemon, "more digest runs", STEP, || {
        (daemon.log_count(&["run finished", "job=digest"]) >= runs + DIGEST_SLOTS_AFTER)
            .then_some(())
    });
    let all: Vec<String> = mailed(smtp).into_iter().flatten().collect();
    for text in expected {
        let times = all.iter().filter(|t| *t == text).count();
        assert_eq!(times, 1, "{text:?} mailed {times} times\n{}", daemon.log());
    }
    let unexpected: Vec<&String> = all.iter().filter(|t| !expected.contains(*t)).collect();
    assert!(unexpected.is_empty(), "mailed, not stored: {unexpected:?}");
}

#[test]
fn daemon_stores_mails_once_reloads_and_stops_cleanly() {
    let site = Site::start();
    serve(&site);
    let smtp = SmtpServer::start(&[]);
    let ws = Workspace::new();
    let mut config = DaemonConfig {
        db: ws.db(),
        smtp_port: smtp.addr.port(),
        sources: vec![("first".into(), site.url("/first.xml"))],
        http_listen: "127.0.0.1:0",
    };
    let path = ws.dir.path().join("regionwatch.toml");
    config.write(&path);
    let daemon = Daemon::start(&path, &ws.dir.path().join("daemon.log"));
    wait_until(&daemon, "the daemon to be ready", STEP, || {
        daemon
            .log()
            .contains("regionwatch is running")
            .then_some(())
    });

    // Articles are stored and mailed once, however often the digest job fires.
    let first = urls_of(&site, 0..FIRST);
    wait_until(&daemon, "the first source's articles", STEP, || {
        let stored: BTreeSet<String> = article_urls(&ws).into_iter().collect();
        first.is_subset(&stored).then_some(())
    });
    let first_highlights = stored_highlights(&ws, &first);
    assert!(!first_highlights.is_empty(), "no highlight extracted");
    assert_mailed_once(&daemon, &smtp, &first_highlights);

    // The [http] listener reports the same: healthy, three articles, one digest sent.
    let (status, body) = daemon.http_get("/healthz");
    assert_eq!((status, body.as_str()), (200, "ok\n"));
    let (status, metrics) = daemon.http_get("/metrics");
    assert_eq!(status, 200, "{metrics}");
    for line in [
        format!("regionwatch_source_articles_total{{source=\"first\"}} {FIRST}"),
        "regionwatch_digests_sent_total 1".to_string(),
        "regionwatch_source_consecutive_failures{source=\"first\"} 0".to_string(),
    ] {
        assert!(
            metrics.lines().any(|l| l == line),
            "no {line:?} in\n{metrics}"
        );
    }

    // A broken config is refused; the running one goes on firing its jobs.
    std::fs::write(&path, "database = [unclosed\n").unwrap();
    daemon.hang_up();
    wait_until(&daemon, "the refused reload", STEP, || {
        daemon.log().contains("reload refused").then_some(())
    });
    let runs = daemon.log_count(&["run finished", "job=source:first"]);
    wait_until(&daemon, "the first source to run again", STEP, || {
        (daemon.log_count(&["run finished", "job=source:first"]) >= runs + 2).then_some(())
    });
    assert!(daemon.is_running(), "the daemon died:\n{}", daemon.log());

    // The fixed config with a second source and a new [http] address is applied.
    let old_http = daemon.http_addr().expect("the first listener");
    config
        .sources
        .push(("second".into(), site.url("/second.xml")));
    config.http_listen = "127.0.0.2:0";
    config.write(&path);
    daemon.hang_up();
    wait_until(&daemon, "the new configuration", STEP, || {
        daemon
            .log()
            .contains("configuration loaded: watching 2 sources")
            .then_some(())
    });
    let new_http = daemon.http_addr().expect("the new listener");
    assert_eq!(new_http.ip().to_string(), "127.0.0.2");
    assert_eq!(daemon.http_get("/healthz").0, 200);
    assert!(
        std::net::TcpStream::connect(old_http).is_err(),
        "the old listener still accepts"
    );
    let second = urls_of(&site, FIRST..FIRST + SECOND);
    wait_until(&daemon, "the second source's articles", STEP, || {
        let stored: BTreeSet<String> = article_urls(&ws).into_iter().collect();
        second.is_subset(&stored).then_some(())
    });
    let all_highlights = stored_highlights(&ws, &first.union(&second).cloned().collect());
    assert!(all_highlights.len() > first_highlights.len());
    assert_mailed_once(&daemon, &smtp, &all_highlights);

    // SIGTERM: exit 0 within the shutdown deadline (plus a margin for a loaded machine).
    let status = daemon.terminate(SHUTDOWN_DEADLINE + Duration::from_secs(5));
    assert_eq!(status.code(), Some(0), "{}", daemon.log());
    assert!(daemon.log().contains("SIGTERM received"));
}

/// True once `pid` has exited (gone, or a zombie nobody reaped yet).
fn has_exited(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        Ok(stat) => stat.rsplit(") ").next().is_some_and(|s| s.starts_with('Z')),
    }
}

/// A SIGTERM that arrives while a reload waits for the running jobs stops the
/// daemon: the new schedule never starts, the jobs get one deadline (not one
/// for the reload and another for the stop), and a worker still busy at the
/// deadline is ended with the daemon.
#[test]
fn sigterm_during_a_reload_stops_within_one_deadline() {
    // Every page trickles at 1 byte/s: the source's run outlasts the deadline.
    let (base, trickled) = http_server::site::trickling_site(Duration::from_secs(1), 1_000_000);
    let smtp = SmtpServer::start(&[]);
    let ws = Workspace::new();
    let config = DaemonConfig {
        db: ws.db(),
        smtp_port: smtp.addr.port(),
        sources: vec![("slow".into(), format!("{base}/sitemap.xml"))],
        http_listen: "127.0.0.1:0",
    };
    let path = ws.dir.path().join("regionwatch.toml");
    config.write(&path);
    let daemon = Daemon::start(&path, &ws.dir.path().join("daemon.log"));
    wait_until(&daemon, "a refresh in flight", STEP, || {
        (trickled.load(std::sync::atomic::Ordering::SeqCst) > 0).then_some(())
    });
    let workers = wait_until(&daemon, "the worker process", STEP, || {
        Some(daemon.children()).filter(|c| !c.is_empty())
    });

    daemon.hang_up();
    wait_until(
        &daemon,
        "the reload to wait for the running job",
        STEP,
        || {
            daemon
                .log()
                .contains("reloading: running jobs finish first")
                .then_some(())
        },
    );
    daemon.stop();
    let stopped = std::time::Instant::now();
    let status = wait_until(&daemon, "the exit", SHUTDOWN_DEADLINE + STEP, || {
        daemon.exited()
    });
    let took = stopped.elapsed();

    assert_eq!(status.code(), Some(0), "{}", daemon.log());
    assert!(
        took < SHUTDOWN_DEADLINE + Duration::from_secs(5),
        "took {took:?} after SIGTERM, more than the {SHUTDOWN_DEADLINE:?} deadline:\n{}",
        daemon.log()
    );
    let log = daemon.log();
    assert!(
        log.contains("jobs still running at the shutdown deadline"),
        "{log}"
    );
    assert!(
        !log.contains("configuration loaded"),
        "the new schedule started after SIGTERM:\n{log}"
    );
    wait_until(&daemon, "the worker to be ended", STEP, || {
        workers.iter().all(|&pid| has_exited(pid)).then_some(())
    });
}

/// A worker that dies without a report (here, one that cannot even read its
/// configuration) is a failed run of the source: `status` and `/metrics`
/// show it, and the daemon goes on. The daemon runs in-process on a
/// stand-in worker command.
#[tokio::test(flavor = "multi_thread")]
async fn a_worker_that_dies_counts_as_a_failed_run() {
    use regionwatch::daemon::worker::WorkerCommand;
    let ws = Workspace::new();
    let config = DaemonConfig {
        db: ws.db(),
        smtp_port: 9, // nothing is mailed: no source finds anything
        sources: vec![("doomed".into(), "http://127.0.0.1:9/sitemap.xml".into())],
        http_listen: "127.0.0.1:0",
    };
    let path = ws.dir.path().join("regionwatch.toml");
    config.write(&path);
    let dying = WorkerCommand {
        program: "/bin/sh".into(),
        args: vec!["-c".into(), "exit 3".into()],
    };
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let (_reload, reloads) = tokio::sync::mpsc::channel(1);
    let daemon = tokio::spawn(regionwatch::daemon::run(path, dying, reloads, async {
        let _ = stopped.await;
    }));

    let mut failures = 0;
    for _ in 0..400 {
        let status = tokio::task::spawn_blocking({
            let db = ws.db();
            move || regionwatch::store::Store::open(&db).and_then(|s| s.source_status())
        })
        .await
        .unwrap();
        if let Ok(sources) = status
            && let Some(source) = sources.iter().find(|s| s.name == "doomed")
            && source.consecutive_failures >= 2
        {
            failures = source.consecutive_failures;
            let error = source.last_error.clone().unwrap_or_default();
            assert!(error.contains("the worker process"), "{error}");
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    if daemon.is_finished() {
        panic!("the daemon ended: {:?}", daemon.await);
    }
    let sources = regionwatch::store::Store::open(&ws.db()).and_then(|s| s.source_status());
    assert!(
        failures >= 2,
        "the failed runs were not recorded: {sources:?}"
    );
    stop.send(()).unwrap();
    daemon.await.unwrap().expect("the daemon stops cleanly");
}
