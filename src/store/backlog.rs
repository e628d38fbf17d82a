//! Each source's backlog: the article links it found but has not stored yet,
//! in the order found. A run takes them first and what it does not take waits
//! for the next one, so `max_articles_per_run` paces a burst of links instead
//! of dropping its tail. The backlog is written before any article is fetched
//! and a link leaves it only in the transaction that stores it (see
//! `save_article`), so a crash at any point loses no link.

use super::Cached;
use chrono::Utc;
use rusqlite::{Connection, params};

use super::codec::ts;
use super::error::Context;
use super::{Store, StoreError};

impl Store {
    /// Queues the links of `urls` (in order) that are neither stored nor
    /// already in `source_id`'s backlog, after those waiting, and returns the
    /// waiting links in queue order. Links given up on are not queued again.
    pub fn queue_links(
        &mut self,
        source_id: i64,
        urls: &[String],
    ) -> Result<Vec<String>, StoreError> {
        let action = "queueing new links";
        self.write(action, |tx| {
            let mut next: i64 = tx
                .query_row_cached(
                    "SELECT coalesce(max(position), 0) + 1 FROM backlog WHERE source_id = ?1",
                    [source_id],
                    |r| r.get(0),
                )
                .ctx(action)?;
            let mut insert = tx
                .prepare_cached(
                    "INSERT INTO backlog (source_id, url, position)
                     SELECT ?1, ?2, ?3
                     WHERE NOT EXISTS (SELECT 1 FROM articles WHERE canonical_url = ?2)
                       AND NOT EXISTS (SELECT 1 FROM article_urls WHERE url = ?2)
                     ON CONFLICT (source_id, url) DO NOTHING",
                )
                .ctx(action)?;
            for url in urls {
                next += insert.execute(params![source_id, url, next]).ctx(action)? as i64;
            }
            waiting(tx, source_id)
        })
    }

    /// The links waiting in `source_id`'s backlog.
    pub fn waiting_links(&self, source_id: i64) -> Result<u32, StoreError> {
        self.conn
            .query_row_cached(
                "SELECT count(*) FROM backlog WHERE source_id = ?1 AND given_up IS NULL",
                [source_id],
                |r| r.get(0),
            )
            .ctx("counting waiting links")
    }

    /// A waiting link failed in a way a later try may not (a 404, a hostile
    /// page): it stops waiting, and is checked again only as a known link.
    pub fn give_up_link(&mut self, source_id: i64, url: &str) -> Result<(), StoreError> {
        let action = "giving up a link";
        self.write(action, |tx| {
            tx.execute_cached(
                "UPDATE backlog SET given_up = ?3 WHERE source_id = ?1 AND url = ?2",
                params![source_id, url, ts(Utc::now())],
            )
            .ctx(action)?;
            Ok(())
        })
    }

    /// A waiting link failed in a way a later try may pass (a timeout, a 5xx,
    /// a 429): it goes to the back of the queue, so it cannot hold up the rest.
    pub fn retry_link_later(&mut self, source_id: i64, url: &str) -> Result<(), StoreError> {
        let action = "re-queueing a link";
        self.write(action, |tx| {
            tx.execute_cached(
                "UPDATE backlog SET tries = tries + 1,
                     position = (SELECT max(position) + 1 FROM backlog WHERE source_id = ?1)
                 WHERE source_id = ?1 AND url = ?2 AND given_up IS NULL",
                params![source_id, url],
            )
            .ctx(action)?;
            Ok(())
        })
    }
}

/// Takes a stored URL off every backlog, inside the transaction that stores it.
pub(crate) fn forget_stored(conn: &Connection, url: &str) -> Result<(), StoreError> {
    conn.execute_cached("DELETE FROM backlog WHERE url = ?1", [url])
        .ctx("taking a stored link off the backlog")?;
    Ok(())
}

fn waiting(conn: &Connection, source_id: i64) -> Result<Vec<String>, StoreError> {
    let action = "reading the backlog";
    let mut stmt = conn
        .prepare_cached(
            "SELECT url FROM backlog WHERE source_id = ?1 AND given_up IS NULL ORDER BY position",
        )
        .ctx(action)?;
    stmt.query_map([source_id], |r| r.get(0))
        .and_then(Iterator::collect)
        .ctx(action)
}
