//! Configured sources and their fetch health: last run, last success,
//! consecutive failures, last error, the pages its last run could not read,
//! the links waiting in its backlog, and how much it has found.

use super::Cached;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, Row, params};

use super::codec::{opt_ts, ts};
use super::error::Context;
use super::hygiene::strip_userinfo;
use super::{Store, StoreError};

/// A source's health as shown by `regionwatch status`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceStatus {
    pub id: i64,
    pub name: String,
    pub url: String,
    pub kind: String,
    pub last_run_at: Option<DateTime<Utc>>,
    pub last_success_at: Option<DateTime<Utc>>,
    pub consecutive_failures: u32,
    pub last_error: Option<String>,
    pub articles_found: u32,
    pub highlights_found: u32,
    /// Links found but not stored yet, waiting for the next runs.
    pub waiting: u32,
    /// Pages that failed in the last finished run (the source itself may have succeeded).
    pub last_run_failed_pages: u32,
    /// The last of those pages' errors, with its URL.
    pub last_page_error: Option<String>,
}

impl Store {
    /// Registers a source by name (or updates its URL and kind) and returns its id.
    pub fn upsert_source(&mut self, name: &str, url: &str, kind: &str) -> Result<i64, StoreError> {
        self.write("saving a source", |tx| {
            tx.query_row_cached(
                "INSERT INTO sources (name, url, kind) VALUES (?1, ?2, ?3)
                 ON CONFLICT (name) DO UPDATE SET url = excluded.url, kind = excluded.kind
                 RETURNING id",
                params![name, strip_userinfo(url), kind],
                |r| r.get(0),
            )
            .ctx("saving a source")
        })
    }

    /// Records how a source's run ended: success resets its failure count,
    /// an error increments it and is kept as `last_error`.
    pub fn record_source_outcome(
        &mut self,
        source_id: i64,
        outcome: Result<(), &str>,
    ) -> Result<(), StoreError> {
        let now = ts(Utc::now());
        self.write("saving a source's outcome", |tx| {
            let sql = match outcome {
                Ok(()) => {
                    "UPDATE sources SET last_run_at = ?2, last_success_at = ?2,
                     consecutive_failures = 0, last_error = ?3 WHERE id = ?1"
                }
                Err(_) => {
                    "UPDATE sources SET last_run_at = ?2,
                     consecutive_failures = consecutive_failures + 1, last_error = ?3 WHERE id = ?1"
                }
            };
            let error = outcome.err().map(strip_userinfo);
            tx.execute_cached(sql, params![source_id, now, error])
                .ctx("saving a source's outcome")?;
            Ok(())
        })
    }

    /// Records a refresh that ended without its report (its worker died or
    /// hung, or it panicked) as a failed run of the source named.
    pub fn record_lost_refresh(
        &mut self,
        name: &str,
        url: &str,
        kind: &str,
        why: &str,
    ) -> Result<(), StoreError> {
        let id = self.upsert_source(name, url, kind)?;
        self.record_source_outcome(id, Err(why))
    }

    /// Every known source, by name.
    pub fn source_status(&self) -> Result<Vec<SourceStatus>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT s.id, s.name, s.url, s.kind, s.last_run_at, s.last_success_at,
                        s.consecutive_failures, s.last_error, s.articles_found, s.highlights_found,
                        (SELECT count(*) FROM backlog b
                         WHERE b.source_id = s.id AND b.given_up IS NULL),
                        coalesce(r.errors - (r.error IS NOT NULL), 0), r.page_error
                 FROM sources s
                 LEFT JOIN runs r ON r.id = (
                     SELECT id FROM runs WHERE source_id = s.id AND finished_at IS NOT NULL
                     ORDER BY started_at DESC, id DESC LIMIT 1)
                 ORDER BY s.name",
            )
            .ctx("reading source status")?;
        let rows = stmt
            .query_map([], raw_status)
            .and_then(Iterator::collect::<Result<Vec<_>, _>>)
            .ctx("reading source status")?;
        rows.into_iter().map(RawStatus::decode).collect()
    }
}

/// Adds to a source's running totals inside the caller's transaction.
pub(crate) fn add_found(
    conn: &Connection,
    source_id: Option<i64>,
    articles: u32,
    highlights: u32,
) -> Result<(), StoreError> {
    let Some(id) = source_id else { return Ok(()) };
    conn.execute_cached(
        "UPDATE sources SET articles_found = articles_found + ?2,
             highlights_found = highlights_found + ?3 WHERE id = ?1",
        params![id, articles, highlights],
    )
    .ctx("counting a source's findings")?;
    Ok(())
}

struct RawStatus {
    status: SourceStatus,
    last_run_at: Option<String>,
    last_success_at: Option<String>,
}

fn raw_status(r: &Row) -> rusqlite::Result<RawStatus> {
    Ok(RawStatus {
        status: SourceStatus {
            id: r.get(0)?,
            name: r.get(1)?,
            url: r.get(2)?,
            kind: r.get(3)?,
            last_run_at: None,
            last_success_at: None,
            consecutive_failures: r.get(6)?,
            last_error: r.get(7)?,
            articles_found: r.get(8)?,
            highlights_found: r.get(9)?,
            waiting: r.get(10)?,
            last_run_failed_pages: r.get::<_, i64>(11)?.clamp(0, u32::MAX.into()) as u32,
            last_page_error: r.get(12)?,
        },
        last_run_at: r.get(4)?,
        last_success_at: r.get(5)?,
    })
}

impl RawStatus {
    fn decode(self) -> Result<SourceStatus, StoreError> {
        Ok(SourceStatus {
            last_run_at: opt_ts(self.last_run_at)?,
            last_success_at: opt_ts(self.last_success_at)?,
            ..self.status
        })
    }
}
