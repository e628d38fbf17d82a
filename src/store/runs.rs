//! The per-source run log: one row per pass over a source, with its counts.

use super::Cached;
use chrono::{DateTime, Utc};
use rusqlite::{Row, params};

use super::codec::{opt_ts, parse_ts, ts};
use super::error::Context;
use super::hygiene::strip_userinfo;
use super::{Store, StoreError};

/// What one pass over a source did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunStats {
    pub links_found: u32,
    pub new_articles: u32,
    pub changed_articles: u32,
    pub highlights_new: u32,
    /// Links left waiting in the source's backlog when the run ended.
    pub waiting: u32,
    /// Pages that failed, plus one when the whole source failed.
    pub errors: u32,
}

/// A run as stored in the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunRecord {
    pub id: i64,
    pub source: String,
    pub started_at: DateTime<Utc>,
    /// `None` while running, or when the process died during the run.
    pub finished_at: Option<DateTime<Utc>>,
    pub stats: RunStats,
    /// Why the whole source failed, if it did.
    pub error: Option<String>,
    /// The last page that failed, with its URL, if any did.
    pub page_error: Option<String>,
}

impl Store {
    /// Opens a run of `source_id`; returns the run's id for [`Store::finish_run`].
    pub fn begin_run(&mut self, source_id: i64) -> Result<i64, StoreError> {
        let now = ts(Utc::now());
        self.write("starting a run", |tx| {
            tx.query_row_cached(
                "INSERT INTO runs (source_id, started_at) VALUES (?1, ?2) RETURNING id",
                params![source_id, now],
                |r| r.get(0),
            )
            .ctx("starting a run")
        })
    }

    /// Closes a run with its counts, the error if the whole source failed, and
    /// the last page error if pages failed.
    pub fn finish_run(
        &mut self,
        run_id: i64,
        stats: &RunStats,
        error: Option<&str>,
        page_error: Option<&str>,
    ) -> Result<(), StoreError> {
        let now = ts(Utc::now());
        self.write("finishing a run", |tx| {
            tx.execute_cached(
                "UPDATE runs SET finished_at = ?2, links_found = ?3, new_articles = ?4,
                     changed_articles = ?5, highlights_new = ?6, waiting = ?7, errors = ?8,
                     error = ?9, page_error = ?10
                 WHERE id = ?1",
                params![
                    run_id,
                    now,
                    stats.links_found,
                    stats.new_articles,
                    stats.changed_articles,
                    stats.highlights_new,
                    stats.waiting,
                    stats.errors,
                    error.map(strip_userinfo),
                    page_error.map(strip_userinfo)
                ],
            )
            .ctx("finishing a run")?;
            Ok(())
        })
    }

    /// Sources whose last `runs` finished runs all found no article link: a
    /// broken selector or a site that changed, flagged in `status`, the log
    /// and the digest footer.
    pub fn silent_sources(&self, runs: u32) -> Result<Vec<String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT s.name FROM sources s
                 WHERE (SELECT COUNT(*) FROM (
                            SELECT r.links_found FROM runs r
                            WHERE r.source_id = s.id AND r.finished_at IS NOT NULL
                            ORDER BY r.started_at DESC, r.id DESC LIMIT ?1)
                        WHERE links_found = 0) = ?1
                 ORDER BY s.name",
            )
            .ctx("finding silent sources")?;
        let names = stmt
            .query_map([runs], |r| r.get(0))
            .ctx("finding silent sources")?
            .collect::<Result<Vec<String>, _>>()
            .ctx("finding silent sources")?;
        Ok(names)
    }

    /// The latest `limit` runs, newest first.
    pub fn recent_runs(&self, limit: usize) -> Result<Vec<RunRecord>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT r.id, s.name, r.started_at, r.finished_at, r.links_found, r.new_articles,
                        r.changed_articles, r.highlights_new, r.waiting, r.errors, r.error,
                        r.page_error
                 FROM runs r JOIN sources s ON s.id = r.source_id
                 ORDER BY r.started_at DESC, r.id DESC LIMIT ?1",
            )
            .ctx("reading the run log")?;
        let rows = stmt
            .query_map([i64::try_from(limit).unwrap_or(i64::MAX)], raw_run)
            .and_then(Iterator::collect::<Result<Vec<_>, _>>)
            .ctx("reading the run log")?;
        rows.into_iter().map(RawRun::decode).collect()
    }
}

struct RawRun {
    record: RunRecord,
    started_at: String,
    finished_at: Option<String>,
}

fn raw_run(r: &Row) -> rusqlite::Result<RawRun> {
    Ok(RawRun {
        record: RunRecord {
            id: r.get(0)?,
            source: r.get(1)?,
            started_at: DateTime::<Utc>::MIN_UTC,
            finished_at: None,
            stats: RunStats {
                links_found: r.get(4)?,
                new_articles: r.get(5)?,
                changed_articles: r.get(6)?,
                highlights_new: r.get(7)?,
                waiting: r.get(8)?,
                errors: r.get(9)?,
            },
            error: r.get(10)?,
            page_error: r.get(11)?,
        },
        started_at: r.get(2)?,
        finished_at: r.get(3)?,
    })
}

impl RawRun {
    fn decode(self) -> Result<RunRecord, StoreError> {
        Ok(RunRecord {
            started_at: parse_ts(&self.started_at)?,
            finished_at: opt_ts(self.finished_at)?,
            ..self.record
        })
    }
}
