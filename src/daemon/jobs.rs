//! The daemon's scheduled jobs: one per enabled source, one for digests (when
//! recipients are configured), and, under systemd's watchdog, a heartbeat
//! that proves the scheduler still fires.

use super::notify::{self, Heartbeat};
use super::worker::Workers;
use crate::config::{Config, Schedule, Source};
use crate::digest::round::SILENT_RUNS;
use crate::pipeline::{SourceReport, record_lost_refresh, refresh_limit};
use crate::schedule::{JobFn, ScheduleError, Scheduler};
use crate::store::AsyncStore;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

/// Registers every job of `config` on `scheduler`.
pub(super) fn add_all(
    scheduler: &mut Scheduler,
    config: &Config,
    workers: &Workers,
    store: &AsyncStore,
    heartbeat: &Heartbeat,
) -> Result<(), ScheduleError> {
    let turns = Arc::new(Semaphore::new(SOURCES_AT_ONCE));
    for source in config.enabled_sources() {
        let limit = refresh_limit(source, config);
        let job = source_job(
            limit,
            workers.clone(),
            source.clone(),
            store.clone(),
            turns.clone(),
        );
        scheduler.add(
            &format!("source:{}", source.name),
            source.schedule.clone(),
            source.jitter,
            job,
        )?;
    }
    if !config.recipients.is_empty() {
        let job = super::digests::job(config.clone(), store.clone());
        scheduler.add(
            "digest",
            config.digest.schedule.clone(),
            Duration::ZERO,
            job,
        )?;
        let retry = every_minute(config);
        scheduler.add(
            "outbox",
            retry,
            Duration::ZERO,
            super::digests::outbox_job(config.clone(), store.clone()),
        )?;
    }
    // The watchdog and /healthz both judge the scheduler by this job's beats.
    if notify::watchdog_interval().is_some() || config.http.is_some() {
        let beat = heartbeat.clone();
        let job: JobFn = Arc::new(move || {
            let beat = beat.clone();
            Box::pin(async move { beat.beat() })
        });
        scheduler.add("heartbeat", every_10_seconds(config), Duration::ZERO, job)?;
        heartbeat.beat();
    }
    Ok(())
}

fn source_job(
    limit: Duration,
    workers: Workers,
    source: Source,
    store: AsyncStore,
    turns: Arc<Semaphore>,
) -> JobFn {
    Arc::new(move || {
        let (workers, source, store, turns) = (
            workers.clone(),
            source.clone(),
            store.clone(),
            turns.clone(),
        );
        Box::pin(async move {
            let _turn = turns.acquire().await.expect("never closed");
            notify::status(&format!("refreshing {}", source.name));
            let report = match workers.refresh(&source.name, limit).await {
                Ok(report) => report,
                // A refresh its worker never reported on is a failed run of the source.
                Err(why) => record_lost_refresh(&store, &source, why).await,
            };
            log_report(&report);
            warn_if_silent(&store, &source.name).await;
            notify::status("idle, waiting for the next scheduled run");
        })
    })
}

/// Sources refreshed at once. Sources due at the same minute (or caught up at
/// start) queue for a turn, so the worker's memory is not multiplied by the
/// number of sources; its one fetcher keeps per-host manners either way.
const SOURCES_AT_ONCE: usize = 2;

/// A source that keeps finding nothing has likely lost its selector or its site changed.
async fn warn_if_silent(store: &AsyncStore, name: &str) {
    let silent = store.call(|s| s.silent_sources(SILENT_RUNS)).await;
    if silent.is_ok_and(|names| names.iter().any(|n| n == name)) {
        tracing::warn!(source = %name, "no articles found in the last {SILENT_RUNS} runs: check its URL and selector");
    }
}

fn log_report(r: &SourceReport) {
    match &r.error {
        Some(e) => tracing::warn!(source = %r.source, "source failed: {e}"),
        None => tracing::info!(
            source = %r.source,
            links = r.links,
            new = r.new_articles,
            changed = r.changed,
            highlights = r.highlights,
            errors = r.errors,
            "source refreshed"
        ),
    }
}

fn every_minute(config: &Config) -> Schedule {
    Schedule::parse("* * * * *", config.timezone).expect("a valid constant schedule")
}

fn every_10_seconds(config: &Config) -> Schedule {
    Schedule::parse("*/10 * * * * *", config.timezone).expect("a valid constant schedule")
}
