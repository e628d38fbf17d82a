//! Reading digests back from the outbox (for `regionwatch status` and the
//! sender), each row decoded with the highlights it carries.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Row};

use super::{DigestStatus, OutboxDigest, OutboxStatus};
use crate::store::codec::{opt_ts, parse_ts};
use crate::store::error::Context;
use crate::store::{Store, StoreError};

const COLUMNS: &str = "id, recipient, sender, created_at, message_id, subject, message, status,
    attempts, next_attempt_at, last_error, sent_at";

impl Store {
    /// Pending (due or not) and failed digests, oldest first.
    pub fn outbox_status(&self) -> Result<OutboxStatus, StoreError> {
        Ok(OutboxStatus {
            pending: self.select_digests("WHERE status = ?1 ORDER BY id", &"pending")?,
            failed: self.select_digests("WHERE status = ?1 ORDER BY id", &"failed")?,
        })
    }

    /// One digest by id.
    pub fn digest(&self, id: i64) -> Result<OutboxDigest, StoreError> {
        self.select_digests("WHERE id = ?1", &id)?
            .pop()
            .ok_or(StoreError::NoSuchDigest(id))
    }

    pub(super) fn select_digests(
        &self,
        tail: &str,
        arg: &dyn rusqlite::ToSql,
    ) -> Result<Vec<OutboxDigest>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM digests {tail}");
        let mut stmt = self.conn.prepare(&sql).ctx("reading the outbox")?;
        let rows = stmt
            .query_map([arg], raw_digest)
            .and_then(Iterator::collect::<Result<Vec<_>, _>>)
            .ctx("reading the outbox")?;
        rows.into_iter().map(|r| r.decode(&self.conn)).collect()
    }
}

struct RawDigest {
    digest: OutboxDigest,
    created_at: String,
    status: String,
    next_attempt_at: String,
    sent_at: Option<String>,
}

fn raw_digest(r: &Row) -> rusqlite::Result<RawDigest> {
    Ok(RawDigest {
        digest: OutboxDigest {
            id: r.get(0)?,
            recipient: r.get(1)?,
            sender: r.get(2)?,
            created_at: DateTime::<Utc>::MIN_UTC,
            message_id: r.get(4)?,
            subject: r.get(5)?,
            message: r.get(6)?,
            status: DigestStatus::Pending,
            attempts: r.get(8)?,
            next_attempt_at: DateTime::<Utc>::MIN_UTC,
            last_error: r.get(10)?,
            sent_at: None,
            highlight_ids: Vec::new(),
        },
        created_at: r.get(3)?,
        status: r.get(7)?,
        next_attempt_at: r.get(9)?,
        sent_at: r.get(11)?,
    })
}

impl RawDigest {
    fn decode(self, conn: &Connection) -> Result<OutboxDigest, StoreError> {
        let status = match self.status.as_str() {
            "pending" => DigestStatus::Pending,
            "sent" => DigestStatus::Sent,
            "failed" => DigestStatus::Failed,
            other => {
                return Err(StoreError::Decode {
                    what: "digest status",
                    detail: other.to_owned(),
                });
            }
        };
        let mut stmt = conn
            .prepare_cached(
                "SELECT highlight_id FROM digest_items WHERE digest_id = ?1 ORDER BY highlight_id",
            )
            .ctx("reading a digest's items")?;
        let highlight_ids = stmt
            .query_map([self.digest.id], |r| r.get(0))
            .and_then(Iterator::collect::<Result<Vec<_>, _>>)
            .ctx("reading a digest's items")?;
        Ok(OutboxDigest {
            created_at: parse_ts(&self.created_at)?,
            next_attempt_at: parse_ts(&self.next_attempt_at)?,
            sent_at: opt_ts(self.sent_at)?,
            status,
            highlight_ids,
            ..self.digest
        })
    }
}
