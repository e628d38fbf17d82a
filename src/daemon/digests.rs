//! The digest jobs: at the digest schedule, compose each recipient's digest
//! into the outbox and send what is due; every minute, send what is due
//! (retries after a temporary SMTP failure, digests a crash left behind).

use crate::config::Config;
use crate::schedule::JobFn;
use crate::store::AsyncStore;
use std::sync::Arc;

/// Composes and sends the digests.
pub(super) fn job(config: Config, store: AsyncStore) -> JobFn {
    let config = Arc::new(config);
    Arc::new(move || {
        let (config, store) = (config.clone(), store.clone());
        Box::pin(async move {
            super::notify::status("composing digests");
            match crate::digest::compose_and_send(&config, &store, chrono::Utc::now()).await {
                Ok(report) => tracing::info!(%report, "digests done"),
                Err(e) => tracing::error!("digests: {e}"),
            }
            super::notify::status("idle, waiting for the next scheduled run");
        })
    })
}

/// Sends the digests that are due (retries, leftovers of a crash).
pub(super) fn outbox_job(config: Config, store: AsyncStore) -> JobFn {
    let config = Arc::new(config);
    Arc::new(move || {
        let (config, store) = (config.clone(), store.clone());
        Box::pin(async move {
            match crate::digest::send_due(&config, &store, chrono::Utc::now()).await {
                Ok(report) if report.is_empty() => {}
                Ok(report) => tracing::info!(%report, "outbox"),
                Err(e) => tracing::error!("outbox: {e}"),
            }
        })
    })
}
