//! Where the scheduler's own logic reads the time: the seam that lets tests run
//! it on tokio's paused clock.
//!
//! tokio-cron-scheduler reads `chrono::Utc::now()` itself, so the engine cannot
//! run on a paused clock; everything regionwatch decides (which slot a tick
//! belongs to, when the zone's UTC offset changes, what was missed) asks a
//! [`Clock`] instead.

use std::time::Duration;

use chrono::{DateTime, Utc};

/// The current time, as the scheduler sees it.
pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> DateTime<Utc>;

    /// The longest single timer sleep while waiting for an instant. The system
    /// clock can be stepped (NTP, suspend), so waits are re-checked often.
    fn slice(&self) -> Duration {
        Duration::from_secs(60)
    }
}

/// The wall clock (production).
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A wall clock driven by tokio's timer: `start` plus the tokio time elapsed
/// since it was made. Under `tokio::time::pause` it advances only with the
/// paused clock, so tests can cross days (and DST changes) instantly.
#[derive(Debug, Clone, Copy)]
pub struct TokioClock {
    start: DateTime<Utc>,
    origin: tokio::time::Instant,
}

impl TokioClock {
    pub fn starting_at(start: DateTime<Utc>) -> Self {
        TokioClock {
            start,
            origin: tokio::time::Instant::now(),
        }
    }
}

impl Clock for TokioClock {
    fn now(&self) -> DateTime<Utc> {
        let elapsed = self.origin.elapsed();
        self.start + chrono::Duration::from_std(elapsed).unwrap_or(chrono::Duration::MAX)
    }

    fn slice(&self) -> Duration {
        // Nothing steps this clock, so one sleep per wait is exact.
        Duration::from_secs(366 * 24 * 3600)
    }
}

/// Waits until `clock` reads `at` or later.
pub async fn sleep_until(clock: &dyn Clock, at: DateTime<Utc>) {
    loop {
        let now = clock.now();
        let Ok(left) = (at - now).to_std() else {
            return;
        };
        if left.is_zero() {
            return;
        }
        tokio::time::sleep(left.min(clock.slice())).await;
    }
}
