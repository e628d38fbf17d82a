//! One pass over the configured sources: the whole refresh, read top-down.
//!
//! For each source: fetch its list (conditionally) → discover article links
//! (or reuse the remembered ones when the list is unchanged) → queue the new
//! ones in the source's backlog → take up to `max_articles_per_run`, waiting
//! links first, then the known articles due for a re-check (`recheck`) →
//! fetch each article (conditionally) → extract it off the
//! async threads → store it with its highlights in one transaction (which
//! takes it off the backlog). What a run does not take waits for the next.
//! This is the only module that sees every stage; each stage knows nothing of
//! the others.
//!
//! A source that fails does not stop the others: its error is logged with the
//! URL, kept in its fetch state and shown in the report. A page that fails
//! (hostile, broken, mis-encoded) is logged with its URL and the rest goes on.

mod articles;
mod backoffs;
mod lists;
pub mod probe;
mod recheck;
mod report;

pub use articles::overrides_of;
pub use backoffs::{ActiveBackoff, active_backoffs};
pub use recheck::due as due_for_recheck;
pub use report::SourceReport;

use crate::config::{Config, Source, SourceKind};
use crate::fetch::{FetchError, Fetcher, MAX_CRAWL_DELAY};
use crate::schedule::{Clock, SystemClock};
use crate::store::{AsyncStore, RunStats, StoreError};
use chrono::{DateTime, Utc};
use std::sync::Arc;
use std::time::{Duration, SystemTime};
use tokio::sync::Semaphore;

/// Why a source's pass failed as a whole (single pages fail on their own).
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// Fetch errors leave the URL out of their message; the log and the fetch state need it.
    #[error("{}: {}", .0.url(), .0)]
    Fetch(#[from] FetchError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{url}: {message}")]
    Page { url: String, message: String },
}

impl PipelineError {
    /// Whether a later run may succeed where this failed: a fetch that may
    /// pass later, or the database (disk full, busy); not a page that is
    /// broken or hostile.
    pub fn may_pass_later(&self) -> bool {
        match self {
            PipelineError::Fetch(e) => e.may_pass_later(),
            PipelineError::Store(_) => true,
            PipelineError::Page { .. } => false,
        }
    }
}

/// The fetcher, the database and the limits of one process's refreshes.
#[derive(Clone)]
pub struct Pipeline {
    fetcher: Fetcher,
    store: AsyncStore,
    /// Extractions running at once: CPU-bound work, one per core.
    extract_slots: Arc<Semaphore>,
    /// The time check times are recorded in and re-checks are decided by.
    clock: Arc<dyn Clock>,
    /// Fetch every known article again, whatever its re-check schedule (`once --recheck`).
    recheck_all: bool,
}

impl Pipeline {
    /// Builds the fetcher from `[fetch]` and restores the hosts' Retry-After deadlines.
    pub async fn new(config: &Config, store: AsyncStore) -> Result<Self, PipelineError> {
        let fetcher = Fetcher::new(config.fetch.clone())?;
        for (host, until) in store.call(|s| s.host_backoffs()).await? {
            fetcher.set_host_backoff(&host, until.into());
        }
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Ok(Pipeline {
            fetcher,
            store,
            extract_slots: Arc::new(Semaphore::new(cores)),
            clock: Arc::new(SystemClock),
            recheck_all: false,
        })
    }

    /// This pipeline reading the time from `clock` (tests step it past re-check points).
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// This pipeline fetching every known article again when `all`, not only
    /// those due for a re-check.
    pub fn recheck_all(mut self, all: bool) -> Self {
        self.recheck_all = all;
        self
    }

    fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Refreshes every given source, concurrently (the fetcher keeps each host
    /// polite); `on_done` hears of each source as it finishes.
    pub async fn run_once(
        &self,
        sources: &[Source],
        on_done: impl Fn(&SourceReport),
    ) -> Vec<SourceReport> {
        let mut tasks = tokio::task::JoinSet::new();
        for (i, source) in sources.iter().enumerate() {
            let (pipeline, source) = (self.clone(), source.clone());
            tasks.spawn(async move { (i, pipeline.refresh(&source).await) });
        }
        let mut reports: Vec<Option<SourceReport>> = vec![None; sources.len()];
        while let Some(done) = tasks.join_next().await {
            match done {
                Ok((i, report)) => {
                    on_done(&report);
                    reports[i] = Some(report);
                }
                Err(e) => tracing::error!("a source's refresh panicked: {e}"),
            }
        }
        reports.into_iter().flatten().collect()
    }

    /// One pass over one source, recorded in its run log and fetch state.
    pub async fn refresh(&self, source: &Source) -> SourceReport {
        let mut report = SourceReport::new(&source.name);
        let (name, url, kind) = (
            source.name.clone(),
            source.url.to_string(),
            source.kind.as_str(),
        );
        let ids = self
            .store
            .call(move |s| {
                let id = s.upsert_source(&name, &url, kind)?;
                Ok((id, s.begin_run(id)?))
            })
            .await;
        let (source_id, run_id) = match ids {
            Ok(ids) => ids,
            Err(e) => return report.failed(e.to_string()),
        };
        let outcome = self.refresh_source(source, source_id, &mut report).await;
        if let Err(e) = &outcome {
            tracing::warn!(source = %source.name, "source failed: {e}");
            report.error = Some(e.to_string());
        }
        // Counted even when the source failed: its backlog still waits.
        match self.store.call(move |s| s.waiting_links(source_id)).await {
            Ok(waiting) => report.waiting = waiting,
            Err(e) => tracing::warn!(source = %source.name, "could not count waiting links: {e}"),
        }
        if let Err(e) = self.finish(source_id, run_id, &report).await {
            tracing::error!(source = %source.name, "could not record the run: {e}");
        }
        report
    }

    /// Records a refresh that ended without its report (it panicked) as a failed run.
    pub async fn record_lost_refresh(&self, source: &Source, why: String) -> SourceReport {
        record_lost_refresh(&self.store, source, why).await
    }

    async fn refresh_source(
        &self,
        source: &Source,
        source_id: i64,
        report: &mut SourceReport,
    ) -> Result<(), PipelineError> {
        let links = self.find_links(source).await?;
        report.links = links.len() as u32;
        let take = self.links_to_take(source, source_id, links).await?;
        let failure = self
            .refresh_articles(source, source_id, &take, report)
            .await;
        match failure {
            // An `article` source is its one page: that page failing is the source
            // failing, so the reason is kept in its fetch state, not just logged.
            Some(e) if source.kind == SourceKind::Article => {
                report.errors -= 1;
                report.last_page_error = None;
                Err(e)
            }
            _ => Ok(()),
        }
    }

    async fn finish(
        &self,
        source_id: i64,
        run_id: i64,
        report: &SourceReport,
    ) -> Result<(), StoreError> {
        let stats = RunStats::from(report);
        let error = report.error.clone();
        let page_error = report.last_page_error.clone();
        let backoffs: Vec<(String, DateTime<Utc>)> = self
            .fetcher
            .host_backoffs()
            .into_iter()
            .map(|(h, t)| (h, utc(t)))
            .collect();
        self.store
            .call(move |s| {
                s.finish_run(run_id, &stats, error.as_deref(), page_error.as_deref())?;
                s.record_source_outcome(source_id, error.as_deref().map_or(Ok(()), Err))?;
                for (host, until) in &backoffs {
                    s.set_host_backoff(host, *until)?;
                }
                Ok(())
            })
            .await
    }
}

/// Records a refresh that ended without its report (it panicked, or its
/// worker died or hung) as a failed run of `source`, and returns its report.
pub async fn record_lost_refresh(store: &AsyncStore, source: &Source, why: String) -> SourceReport {
    let (name, url, kind) = (
        source.name.clone(),
        source.url.to_string(),
        source.kind.as_str(),
    );
    let error = why.clone();
    let recorded = store
        .call(move |s| s.record_lost_refresh(&name, &url, kind, &error))
        .await;
    if let Err(e) = recorded {
        tracing::error!(source = %source.name, "could not record the failed run: {e}");
    }
    SourceReport::new(&source.name).failed(why)
}

/// A bound on how long a refresh of `source` takes while the fetcher keeps
/// its limits: every request it may make (robots.txt, the list and its pages,
/// then each article) failing all its attempts at the timeout, with the
/// longest waits between them, twice over (another source may share the host).
/// The daemon takes a worker that has not reported by then for stuck: with the
/// default settings that is about 10 hours, a backstop for a bug, not a pace.
pub fn refresh_limit(source: &Source, config: &Config) -> Duration {
    let policy = &config.fetch;
    let requests = 2 + source.pagination_depth as usize + source.max_articles_per_run;
    let per_try = policy.timeout + policy.max_retry_wait;
    let between = policy.min_delay.mul_f64(1.0 + policy.jitter) + MAX_CRAWL_DELAY;
    let per_request = per_try * policy.attempts.max(1) + between;
    per_request * u32::try_from(2 * requests).unwrap_or(u32::MAX)
}

fn utc(t: SystemTime) -> DateTime<Utc> {
    DateTime::<Utc>::from(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(source_extra: &str) -> Config {
        let text = format!(
            "database = \"/tmp/r.db\"\n[[sources]]\nname = \"a\"\nurl = \"https://www.news.cn/sitemap.xml\"\n\
             kind = \"sitemap\"\nschedule = \"0 * * * *\"\n{source_extra}\n"
        );
        crate::config::parse(&text, std::path::Path::new("t.toml")).unwrap()
    }

    #[test]
    fn the_refresh_bound_covers_every_request_at_its_slowest() {
        let defaults = config("");
        let limit = refresh_limit(&defaults.sources[0], &defaults);
        // 52 requests (robots.txt, the sitemap, 50 articles), each 3 attempts of
        // 30 s plus a 60 s wait, 1.5 s of delay and a 60 s crawl delay, twice.
        assert_eq!(
            limit,
            Duration::from_secs_f64(2.0 * 52.0 * (3.0 * 90.0 + 61.5))
        );
        let bigger = config("max_articles_per_run = 500");
        assert!(refresh_limit(&bigger.sources[0], &bigger) > limit * 9);
    }
}
