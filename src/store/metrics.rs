//! Totals for the daemon's `/metrics`: per source, its runs and what they
//! found; per digest status, how many. Read from the database at each scrape,
//! so they survive restarts and only grow (Prometheus counters).

use std::collections::HashMap;

use rusqlite::Row;

use super::error::Context;
use super::{SourceStatus, Store, StoreError};

/// A source's state with the totals of its runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceTotals {
    pub status: SourceStatus,
    /// Runs that finished.
    pub runs: u64,
    /// Finished runs in which the whole source failed.
    pub failed_runs: u64,
    /// Pages that failed, plus one per failed run.
    pub errors: u64,
}

/// Digests by status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DigestTotals {
    pub sent: u64,
    pub failed: u64,
    pub pending: u64,
}

impl Store {
    /// Every known source with its run totals, by name.
    pub fn source_totals(&self) -> Result<Vec<SourceTotals>, StoreError> {
        let action = "reading run totals";
        let mut stmt = self
            .conn
            .prepare(
                "SELECT source_id, count(*), count(*) FILTER (WHERE error IS NOT NULL),
                        coalesce(sum(errors), 0)
                 FROM runs WHERE finished_at IS NOT NULL GROUP BY source_id",
            )
            .ctx(action)?;
        let mut runs: HashMap<i64, (u64, u64, u64)> = stmt
            .query_map([], |r| {
                Ok((r.get(0)?, (count(r, 1)?, count(r, 2)?, count(r, 3)?)))
            })
            .and_then(Iterator::collect)
            .ctx(action)?;
        let totals = self.source_status()?.into_iter().map(|status| {
            let (runs, failed_runs, errors) = runs.remove(&status.id).unwrap_or_default();
            SourceTotals {
                status,
                runs,
                failed_runs,
                errors,
            }
        });
        Ok(totals.collect())
    }

    /// How many digests are sent, failed for good, and waiting.
    pub fn digest_totals(&self) -> Result<DigestTotals, StoreError> {
        let action = "counting digests";
        let mut stmt = self
            .conn
            .prepare("SELECT status, count(*) FROM digests GROUP BY status")
            .ctx(action)?;
        let counts: Vec<(String, u64)> = stmt
            .query_map([], |r| Ok((r.get(0)?, count(r, 1)?)))
            .and_then(Iterator::collect)
            .ctx(action)?;
        let mut totals = DigestTotals::default();
        for (status, count) in counts {
            match status.as_str() {
                "sent" => totals.sent = count,
                "failed" => totals.failed = count,
                _ => totals.pending = count,
            }
        }
        Ok(totals)
    }
}

/// A count or sum column (SQLite integers are signed; these are never negative).
fn count(row: &Row, index: usize) -> rusqlite::Result<u64> {
    Ok(row.get::<_, i64>(index)?.max(0).unsigned_abs())
}
