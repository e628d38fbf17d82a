//! The digest jobs: at the digest schedule, compose each recipient's digest
//! into the outbox and send what is due; every minute, send what is due
//! (retries after a temporary SMTP failure, digests a crash left behind).
//! The transport is built at each run, so a changed password file is read.

use crate::config::Config;
use crate::digest::deliver::{SendReport, send_pending};
use crate::digest::{RoundError, RoundReport, compose_and_send, transport_for};
use crate::schedule::JobFn;
use crate::store::AsyncStore;
use chrono::Utc;
use std::sync::Arc;

/// Composes and sends the digests.
pub(super) fn job(config: Config, store: AsyncStore) -> JobFn {
    let config = Arc::new(config);
    Arc::new(move || {
        let (config, store) = (config.clone(), store.clone());
        Box::pin(async move {
            super::notify::status("composing digests");
            match round(&config, &store).await {
                Ok(report) => tracing::info!(%report, "digests done"),
                Err(e) => tracing::error!("digests: {e}"),
            }
            super::notify::status("idle, waiting for the next scheduled run");
        })
    })
}

async fn round(config: &Config, store: &AsyncStore) -> Result<RoundReport, RoundError> {
    let transport = transport_for(config)?;
    compose_and_send(config, store, &transport, Utc::now()).await
}

/// Sends the digests that are due (retries, leftovers of a crash).
pub(super) fn outbox_job(config: Config, store: AsyncStore) -> JobFn {
    let config = Arc::new(config);
    Arc::new(move || {
        let (config, store) = (config.clone(), store.clone());
        Box::pin(async move {
            match send_due(&config, &store).await {
                Ok(sent) if sent == SendReport::default() => {}
                Ok(sent) => tracing::info!(
                    sent = sent.sent.len(),
                    retrying = sent.retrying.len(),
                    failed = sent.failed.len(),
                    "outbox"
                ),
                Err(e) => tracing::error!("outbox: {e}"),
            }
        })
    })
}

async fn send_due(config: &Config, store: &AsyncStore) -> Result<SendReport, RoundError> {
    let transport = transport_for(config)?;
    Ok(send_pending(store, &transport, Utc::now()).await?)
}
