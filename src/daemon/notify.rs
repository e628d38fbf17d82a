//! Telling systemd how the service is doing: `READY=1` once the database is
//! migrated, `STATUS=` lines, `STOPPING=1`, and `WATCHDOG=1`
//! pings — only while the scheduler makes progress and the database answers.
//! Outside systemd (no `$NOTIFY_SOCKET`) every call does nothing.

use crate::store::AsyncStore;
use sd_notify::NotifyState;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

/// Sends one state; a failure to reach systemd is logged, never fatal.
fn send(state: &[NotifyState]) {
    if let Err(e) = sd_notify::notify(state) {
        tracing::debug!("could not notify systemd: {e}");
    }
}

pub fn ready(status: &str) {
    send(&[NotifyState::Ready, NotifyState::Status(status)]);
}

pub fn status(status: &str) {
    send(&[NotifyState::Status(status)]);
}

pub fn stopping() {
    send(&[NotifyState::Stopping, NotifyState::Status("stopping")]);
}

/// When the scheduler last showed it is alive (unix seconds); its heartbeat job sets it.
#[derive(Clone, Default)]
pub struct Heartbeat(Arc<AtomicI64>);

impl Heartbeat {
    pub fn beat(&self) {
        self.0
            .store(chrono::Utc::now().timestamp(), Ordering::Relaxed);
    }

    /// Time since the last beat.
    pub fn age(&self) -> Duration {
        let last = self.0.load(Ordering::Relaxed);
        Duration::from_secs((chrono::Utc::now().timestamp() - last).max(0) as u64)
    }
}

/// The watchdog interval systemd asked for (`WatchdogSec=`), if any.
pub fn watchdog_interval() -> Option<Duration> {
    sd_notify::watchdog_enabled()
}

/// Healthy while the scheduler has beaten within `limit` and the database
/// answers; otherwise why not. The watchdog and `/healthz` both ask this.
pub async fn health(
    heartbeat: &Heartbeat,
    store: &AsyncStore,
    limit: Duration,
) -> Result<(), String> {
    let age = heartbeat.age();
    if age >= limit {
        return Err(format!(
            "the scheduler has not fired for {}s",
            age.as_secs()
        ));
    }
    match store.call(|s| s.schema_version()).await {
        Ok(_) => Ok(()),
        Err(e) => Err(format!("the database does not answer: {e}")),
    }
}

/// Pings the watchdog every half interval while [`health`] holds; a stalled
/// scheduler or database lets systemd restart us.
pub async fn watchdog(interval: Duration, heartbeat: Heartbeat, store: AsyncStore) {
    let mut tick = tokio::time::interval(interval / 2);
    loop {
        tick.tick().await;
        match health(&heartbeat, &store, interval).await {
            Ok(()) => send(&[NotifyState::Watchdog]),
            Err(why) => tracing::warn!("not pinging the watchdog: {why}"),
        }
    }
}
