//! Exactly-once delivery: queue a digest (message bytes and items in one
//! transaction), then send what is due from the outbox.
//!
//! The order of steps is what makes it safe:
//! 1. queue: the digest row, its exact bytes and its items commit together;
//!    a crash before leaves nothing, a crash after leaves a pending digest;
//! 2. claim: the digest is leased so that a second sender skips it;
//! 3. send: the transport accepts (SMTP 250 to DATA) or fails;
//! 4. record: `sent` + deliveries, or a retry time, or `failed`.
//!
//! A crash between 3 and 4 re-sends the same bytes after the lease: the one
//! duplicate SMTP cannot rule out (RFC 1047), recognisable by its Message-ID.

use std::time::{Duration, SystemTime};

use chrono::{DateTime, Utc};
use lettre::message::Mailbox;

use super::message;
use super::render::Rendered;
use super::transport::{SendError, Transport};
use crate::store::{
    AsyncStore, HighlightFilter, NewDigest, OutboxDigest, Store, StoreError, StoredHighlight,
};

/// After this many attempts a digest that keeps failing transiently is given up.
pub const MAX_ATTEMPTS: u32 = 12;

/// Wait before attempt `attempts + 1`: 1 min, 5 min, 30 min, 2 h, then 6 h.
pub fn backoff(attempts: u32) -> Duration {
    const STEPS: [u64; 5] = [60, 5 * 60, 30 * 60, 2 * 3600, 6 * 3600];
    let i = (attempts.max(1) - 1) as usize;
    Duration::from_secs(STEPS[i.min(STEPS.len() - 1)])
}

/// Queues the digest of `items` for `to`, rendered as `rendered`; returns its id.
pub fn queue_digest(
    store: &mut Store,
    from: &Mailbox,
    to: &Mailbox,
    items: &[StoredHighlight],
    rendered: &Rendered,
    now: DateTime<Utc>,
) -> Result<i64, StoreError> {
    let new = NewDigest {
        recipient: to.email.to_string(),
        sender: from.email.to_string(),
        highlight_ids: items.iter().map(|h| h.id).collect(),
    };
    let date = SystemTime::from(now);
    store.create_digest(&new, now, |id| {
        message::build(id, from, to, rendered, date).map_err(|e| e.to_string())
    })
}

/// Queues `to`'s digest of what matches `filter` and it has not been sent
/// (at most `max_items`), rendered by `render`. `None` when there is nothing
/// new and `send_empty` is false.
#[allow(clippy::too_many_arguments)] // the digest settings arrive one by one until config lands
pub fn queue_for_recipient(
    store: &mut Store,
    from: &Mailbox,
    to: &Mailbox,
    filter: &HighlightFilter,
    max_items: usize,
    send_empty: bool,
    now: DateTime<Utc>,
    render: impl FnOnce(&[StoredHighlight]) -> Result<Rendered, String>,
) -> Result<Option<i64>, StoreError> {
    let items = store.undelivered_highlights(to.email.as_ref(), filter, max_items)?;
    if items.is_empty() && !send_empty {
        return Ok(None);
    }
    let rendered = render(&items).map_err(StoreError::BuildMessage)?;
    queue_digest(store, from, to, &items, &rendered, now).map(Some)
}

/// What one pass over the outbox did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SendReport {
    /// Digest ids accepted by the transport.
    pub sent: Vec<i64>,
    /// Digests that failed transiently, with the error; still pending.
    pub retrying: Vec<(i64, SendError)>,
    /// Digests given up, with the error; their highlights go out next time.
    pub failed: Vec<(i64, SendError)>,
}

/// Sends every digest due at `now`, one at a time.
pub async fn send_pending(
    store: &AsyncStore,
    transport: &Transport,
    now: DateTime<Utc>,
) -> Result<SendReport, StoreError> {
    let due = store.call(move |s| s.pending_digests(now)).await?;
    let mut report = SendReport::default();
    for digest in due {
        send_one(store, transport, digest, now, &mut report).await?;
    }
    Ok(report)
}

async fn send_one(
    store: &AsyncStore,
    transport: &Transport,
    digest: OutboxDigest,
    now: DateTime<Utc>,
    report: &mut SendReport,
) -> Result<(), StoreError> {
    let id = digest.id;
    let lease = chrono::Duration::from_std(transport.max_send_time() + Duration::from_secs(60))
        .unwrap_or(chrono::Duration::hours(1));
    if !store
        .call(move |s| s.claim_digest(id, now, now + lease))
        .await?
    {
        return Ok(()); // another sender took it
    }
    let attempts = digest.attempts + 1;
    tracing::info!(id, to = %digest.recipient, message_id = %digest.message_id, attempt = attempts,
        via = %transport.describe(), "sending digest");
    let result = transport
        .send(
            &digest.sender,
            &digest.recipient,
            &digest.message_id,
            &digest.message,
        )
        .await;
    match result {
        Ok(()) => {
            store.call(move |s| s.mark_sent(id, now)).await?;
            report.sent.push(id);
        }
        Err(e) if e.is_permanent() || attempts >= MAX_ATTEMPTS => {
            tracing::error!(id, error = %e, "digest failed");
            let reason = if e.is_permanent() {
                e.to_string()
            } else {
                format!("gave up after {attempts} attempts: {e}")
            };
            store.call(move |s| s.mark_failed(id, &reason)).await?;
            report.failed.push((id, e));
        }
        Err(e) => {
            let next = now + chrono::Duration::from_std(backoff(attempts)).unwrap_or_default();
            tracing::warn!(id, error = %e, %next, "digest deferred");
            let reason = e.to_string();
            store.call(move |s| s.mark_retry(id, &reason, next)).await?;
            report.retrying.push((id, e));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        let secs: Vec<u64> = (1..=7).map(|a| backoff(a).as_secs()).collect();
        assert_eq!(secs, [60, 300, 1800, 7200, 21600, 21600, 21600]);
    }
}
