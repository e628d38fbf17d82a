//! The digest outbox: every digest is a row holding the exact bytes to send,
//! created in one transaction with the highlights it carries; it becomes
//! `sent` (and its highlights delivered to its recipient) only after the
//! transport accepted it.
//!
//! The rules that make delivery exactly-once live here, in SQL:
//! - a highlight in a pending or sent digest for a recipient is not offered
//!   again to that recipient ([`Store::undelivered_highlights`]) and cannot be
//!   put in a second digest for them ([`Store::create_digest`]);
//! - `deliveries` has one row per (recipient, highlight): a second delivery is
//!   a constraint violation, not a silent duplicate;
//! - a failed digest frees its highlights for the next digest.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};

mod rows;

use super::codec::ts;
use super::error::Context;
use super::{Store, StoreError};

/// What a digest needs to be queued: who it is for and what it carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDigest {
    /// Envelope recipient (the bare address).
    pub recipient: String,
    /// Envelope sender (the bare address).
    pub sender: String,
    pub highlight_ids: Vec<i64>,
}

/// The message of a digest, built once its id is known (the Message-ID
/// contains it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedMessage {
    /// With angle brackets, exactly as in the `Message-ID` header.
    pub message_id: String,
    pub subject: String,
    /// The complete RFC 5322 message.
    pub bytes: Vec<u8>,
}

/// Where a digest is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DigestStatus {
    Pending,
    Sent,
    Failed,
}

/// A digest as stored in the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxDigest {
    pub id: i64,
    pub recipient: String,
    pub sender: String,
    pub created_at: DateTime<Utc>,
    pub message_id: String,
    pub subject: String,
    pub message: Vec<u8>,
    pub status: DigestStatus,
    pub attempts: u32,
    pub next_attempt_at: DateTime<Utc>,
    pub last_error: Option<String>,
    pub sent_at: Option<DateTime<Utc>>,
    pub highlight_ids: Vec<i64>,
}

/// What `status` shows: the digests that still need attention.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutboxStatus {
    pub pending: Vec<OutboxDigest>,
    pub failed: Vec<OutboxDigest>,
}

impl Store {
    /// Queues a digest in ONE transaction: reserves its id, lets `build` make
    /// the message (its Message-ID contains the id), stores the bytes and the
    /// items. Refuses if an item is already pending or sent to the recipient.
    pub fn create_digest(
        &mut self,
        new: &NewDigest,
        now: DateTime<Utc>,
        build: impl FnOnce(i64) -> Result<QueuedMessage, String>,
    ) -> Result<i64, StoreError> {
        self.write("queueing a digest", |tx| {
            let taken = taken_ids(tx, &new.recipient)?;
            if let Some(&id) = new.highlight_ids.iter().find(|id| taken.contains(id)) {
                return Err(StoreError::AlreadyInDigest {
                    recipient: new.recipient.clone(),
                    highlight_id: id,
                });
            }
            // Digests are never deleted and the write lock is held: max + 1 is ours.
            let id: i64 = tx
                .query_row("SELECT coalesce(max(id), 0) + 1 FROM digests", [], |r| {
                    r.get(0)
                })
                .ctx("queueing a digest")?;
            let msg = build(id).map_err(StoreError::BuildMessage)?;
            tx.execute(
                "INSERT INTO digests (id, recipient, sender, created_at, message_id, subject,
                     message, next_attempt_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?4)",
                params![
                    id,
                    new.recipient,
                    new.sender,
                    ts(now),
                    msg.message_id,
                    msg.subject,
                    msg.bytes
                ],
            )
            .ctx("queueing a digest")?;
            let mut item = tx
                .prepare_cached(
                    "INSERT INTO digest_items (digest_id, highlight_id) VALUES (?1, ?2)",
                )
                .ctx("queueing a digest's items")?;
            for h in &new.highlight_ids {
                item.execute([id, *h]).ctx("queueing a digest's items")?;
            }
            Ok(id)
        })
    }

    /// Pending digests due at `now`, oldest first.
    pub fn pending_digests(&self, now: DateTime<Utc>) -> Result<Vec<OutboxDigest>, StoreError> {
        self.select_digests(
            "WHERE status = 'pending' AND next_attempt_at <= ?1 ORDER BY id",
            &ts(now),
        )
    }

    /// Takes a due digest for sending until `until`, so that a second sender
    /// running at the same time skips it. False if it is not (or no longer) due.
    pub fn claim_digest(
        &mut self,
        id: i64,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        self.write("claiming a digest", |tx| {
            let n = tx
                .execute(
                    "UPDATE digests SET next_attempt_at = ?3, attempts = attempts + 1
                     WHERE id = ?1 AND status = 'pending' AND next_attempt_at <= ?2",
                    params![id, ts(now), ts(until)],
                )
                .ctx("claiming a digest")?;
            Ok(n == 1)
        })
    }

    /// The transport accepted the digest: it is sent and its highlights are
    /// delivered to its recipient. Synced to disk (FULL) before returning.
    pub fn mark_sent(&mut self, id: i64, now: DateTime<Utc>) -> Result<(), StoreError> {
        self.write_synced("marking a digest sent", |tx| {
            let n = tx
                .execute(
                    "UPDATE digests SET status = 'sent', sent_at = ?2, last_error = NULL
                     WHERE id = ?1 AND status = 'pending'",
                    params![id, ts(now)],
                )
                .ctx("marking a digest sent")?;
            if n == 0 {
                return Err(StoreError::NoSuchDigest(id));
            }
            tx.execute(
                "INSERT INTO deliveries (recipient, highlight_id, digest_id)
                 SELECT d.recipient, i.highlight_id, d.id
                 FROM digests d JOIN digest_items i ON i.digest_id = d.id WHERE d.id = ?1",
                [id],
            )
            .ctx("recording deliveries")?;
            Ok(())
        })
    }

    /// A transient failure: try again at `next_attempt_at`.
    pub fn mark_retry(
        &mut self,
        id: i64,
        error: &str,
        next_attempt_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.write_synced("rescheduling a digest", |tx| {
            update_pending(
                tx,
                "UPDATE digests SET last_error = ?2, next_attempt_at = ?3
                 WHERE id = ?1 AND status = 'pending'",
                params![id, error, ts(next_attempt_at)],
                id,
            )
        })
    }

    /// A permanent failure: the digest is given up and its highlights become
    /// eligible for the recipient's next digest.
    pub fn mark_failed(&mut self, id: i64, error: &str) -> Result<(), StoreError> {
        self.write_synced("marking a digest failed", |tx| {
            update_pending(
                tx,
                "UPDATE digests SET status = 'failed', last_error = ?2
                 WHERE id = ?1 AND status = 'pending'",
                params![id, error],
                id,
            )
        })
    }

    /// Like `write`, with `synchronous = FULL` for this commit: an outbox
    /// transition must survive a power loss, not just a crash.
    fn write_synced<R>(
        &mut self,
        action: &'static str,
        f: impl FnOnce(&rusqlite::Transaction) -> Result<R, StoreError>,
    ) -> Result<R, StoreError> {
        self.conn
            .pragma_update(None, "synchronous", "FULL")
            .ctx(action)?;
        let out = self.write(action, f);
        let restored = self.conn.pragma_update(None, "synchronous", "NORMAL");
        let out = out?;
        restored.ctx(action)?;
        Ok(out)
    }
}

fn update_pending(
    conn: &Connection,
    sql: &str,
    args: impl rusqlite::Params,
    id: i64,
) -> Result<(), StoreError> {
    match conn.execute(sql, args).ctx("updating a digest")? {
        0 => Err(StoreError::NoSuchDigest(id)),
        _ => Ok(()),
    }
}

/// Highlight ids delivered to `recipient` or waiting in its pending digests.
fn taken_ids(conn: &Connection, recipient: &str) -> Result<HashSet<i64>, StoreError> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT highlight_id FROM deliveries WHERE recipient = ?1
             UNION SELECT i.highlight_id FROM digest_items i JOIN digests d ON d.id = i.digest_id
             WHERE d.recipient = ?1 AND d.status IN ('pending', 'sent')",
        )
        .ctx("reading delivered highlights")?;
    stmt.query_map([recipient], |r| r.get(0))
        .and_then(Iterator::collect::<Result<HashSet<_>, _>>)
        .ctx("reading delivered highlights")
}
