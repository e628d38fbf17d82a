//! The scheduler's memory: the last schedule slot each job handled (`job_runs`),
//! read at start to catch up slots missed while the daemon was down.

use super::Cached;
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::params;

use super::codec::{parse_ts, ts};
use super::error::Context;
use super::{Store, StoreError};

impl Store {
    /// The last handled slot of every job that has one.
    pub fn job_last_slots(&self) -> Result<HashMap<String, DateTime<Utc>>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT job, last_slot FROM job_runs")
            .ctx("reading the scheduler's last slots")?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .ctx("reading the scheduler's last slots")?;
        let mut slots = HashMap::new();
        for row in rows {
            let (job, text) = row.ctx("reading the scheduler's last slots")?;
            slots.insert(job, parse_ts(&text)?);
        }
        Ok(slots)
    }

    /// Records that `job` handled `slot`. A slot older than the stored one is
    /// ignored, so a late writer never moves a job's memory backwards.
    pub fn record_job_slot(&mut self, job: &str, slot: DateTime<Utc>) -> Result<(), StoreError> {
        let slot = ts(slot);
        self.write("recording a job's slot", |tx| {
            tx.execute_cached(
                "INSERT INTO job_runs (job, last_slot) VALUES (?1, ?2)
                 ON CONFLICT (job) DO UPDATE SET last_slot = excluded.last_slot
                 WHERE excluded.last_slot > job_runs.last_slot",
                params![job, slot],
            )
            .ctx("recording a job's slot")?;
            Ok(())
        })
    }
}
