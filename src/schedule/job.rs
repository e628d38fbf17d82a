//! One scheduled job and what happens when one of its slots comes: the slot
//! memory (each slot runs at most once), the no-overlap guard, the jitter
//! delay, and recording the handled slot in the store.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use chrono::{DateTime, Utc};
use croner::Cron;
use tokio::sync::{broadcast, watch};

use super::clock::Clock;
use crate::config::Schedule;
use crate::store::AsyncStore;

/// A job's work: called once per slot it runs.
pub type JobFn = Arc<dyn Fn() -> BoxFuture + Send + Sync>;
/// The future a job (or an engine tick) returns.
pub type BoxFuture = Pin<Box<dyn Future<Output = ()> + Send>>;

/// What the scheduler did; for logs, `STATUS=`, the watchdog and tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A run began (after its jitter delay).
    Started { job: String, slot: DateTime<Utc> },
    /// A run ended (its slot is recorded).
    Finished { job: String, slot: DateTime<Utc> },
    /// The slot came while the job's previous run was still going.
    SkippedOverlap { job: String, slot: DateTime<Utc> },
    /// The engine's jobs were rebuilt for the zone's new UTC offset.
    Reregistered { at: DateTime<Utc> },
}

/// State shared by every job of one scheduler.
pub(crate) struct Shared {
    pub clock: Arc<dyn Clock>,
    pub store: Option<AsyncStore>,
    pub events: broadcast::Sender<Event>,
    /// Runs in progress (jitter delay included).
    pub running: watch::Sender<usize>,
    /// Set by `shutdown`: no new run starts, runs still in their delay give up.
    pub closed: watch::Sender<bool>,
}

impl Shared {
    pub fn emit(&self, event: Event) {
        // Nobody listening is fine.
        let _ = self.events.send(event);
    }

    fn is_closed(&self) -> bool {
        *self.closed.borrow()
    }
}

pub(crate) struct JobState {
    pub name: String,
    pub schedule: Schedule,
    pub cron: Cron,
    pub jitter: Duration,
    pub run: JobFn,
    running: AtomicBool,
    /// The latest slot run or skipped; a slot at or before it is not run again.
    last_slot: Mutex<Option<DateTime<Utc>>>,
}

impl JobState {
    pub fn new(name: String, schedule: Schedule, jitter: Duration, run: JobFn) -> Self {
        JobState {
            cron: super::slots::compile(&schedule),
            name,
            schedule,
            jitter,
            run,
            running: AtomicBool::new(false),
            last_slot: Mutex::new(None),
        }
    }

    pub fn last_slot(&self) -> Option<DateTime<Utc>> {
        *self
            .last_slot
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    pub fn set_last_slot(&self, slot: Option<DateTime<Utc>>) {
        *self
            .last_slot
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = slot;
    }

    /// Claims `slot`; false if it (or a later one) was already claimed.
    fn claim(&self, slot: DateTime<Utc>) -> bool {
        let mut last = self
            .last_slot
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if last.is_some_and(|last| slot <= last) {
            return false;
        }
        *last = Some(slot);
        true
    }

    /// Handles one slot: runs the job unless the slot was handled already or the
    /// previous run is still going (then the slot is skipped and logged).
    pub async fn fire(self: Arc<Self>, shared: Arc<Shared>, slot: DateTime<Utc>) {
        if shared.is_closed() || !self.claim(slot) {
            return;
        }
        if self.running.swap(true, Ordering::AcqRel) {
            tracing::warn!(job = %self.name, %slot, "previous run still going; skipping this slot");
            shared.emit(Event::SkippedOverlap {
                job: self.name.clone(),
                slot,
            });
            return;
        }
        let _guard = RunGuard::enter(&self, &shared);
        if !self.wait_jitter(&shared).await {
            return;
        }
        tracing::info!(job = %self.name, %slot, "run starting");
        shared.emit(Event::Started {
            job: self.name.clone(),
            slot,
        });
        (self.run)().await;
        self.record(&shared).await;
        tracing::info!(job = %self.name, %slot, "run finished");
        shared.emit(Event::Finished {
            job: self.name.clone(),
            slot,
        });
    }

    /// Sleeps a random 0..=jitter; false if the scheduler shut down meanwhile.
    async fn wait_jitter(&self, shared: &Shared) -> bool {
        if self.jitter.is_zero() {
            return true;
        }
        let delay = Duration::from_millis(fastrand::u64(0..=self.jitter.as_millis() as u64));
        let mut closed = shared.closed.subscribe();
        tokio::select! {
            () = tokio::time::sleep(delay) => true,
            _ = closed.wait_for(|closed| *closed) => false,
        }
    }

    /// Persists the latest handled slot (a skipped one included), so a restart
    /// catches up only what really passed unhandled.
    async fn record(&self, shared: &Shared) {
        let (Some(store), Some(slot)) = (&shared.store, self.last_slot()) else {
            return;
        };
        let name = self.name.clone();
        if let Err(error) = store.call(move |s| s.record_job_slot(&name, slot)).await {
            tracing::error!(job = %self.name, %error, "could not record the run; it may run again after a restart");
        }
    }
}

/// Marks a run in progress; dropping it (even by a panic in the job) clears the
/// job's running flag and the scheduler's count.
struct RunGuard<'a> {
    job: &'a JobState,
    shared: &'a Shared,
}

impl<'a> RunGuard<'a> {
    fn enter(job: &'a JobState, shared: &'a Shared) -> Self {
        shared.running.send_modify(|count| *count += 1);
        RunGuard { job, shared }
    }
}

impl Drop for RunGuard<'_> {
    fn drop(&mut self) {
        self.job.running.store(false, Ordering::Release);
        self.shared.running.send_modify(|count| *count -= 1);
    }
}
