//! One scheduled job: its state, and what happens when the engine wakes it for a slot
//! (arm the next slot, skip an overlap, wait the jitter, run, record the slot).

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use tokio_cron_scheduler::{Job, JobSchedulerError};

use super::{Event, JobFn, Shared, Slot, next_slot};
use crate::config::Schedule;
use crate::store::StoreError;

pub(super) struct JobState {
    pub(super) name: String,
    pub(super) schedule: Schedule,
    pub(super) jitter: Duration,
    pub(super) run: JobFn,
    pub(super) shared: Arc<Shared>,
    /// Held while a run is in progress (jitter delay included).
    pub(super) busy: tokio::sync::Mutex<()>,
    /// The engine's id of the wake-up armed last, removed when the scheduler closes.
    pub(super) armed: Mutex<Option<uuid::Uuid>>,
    /// The latest slot run or skipped; a slot at or before it is not run again (the
    /// engine may wake a one-shot twice when its bookkeeping lags its 500 ms loop).
    pub(super) last: Mutex<Option<Slot>>,
}

impl JobState {
    pub(super) fn last_slot(&self) -> MutexGuard<'_, Option<Slot>> {
        self.last.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn emit(&self, event: Event) {
        let _ = self.shared.events.send(event); // nobody listening is fine
    }

    /// Has the engine wake this job at `slot`. The engine stores whole seconds, rounding
    /// its "now plus wait" down, so the wait is rounded up: never early.
    pub(super) async fn arm(self: &Arc<Self>, slot: Slot) -> Result<(), JobSchedulerError> {
        let left = slot - self.shared.clock.now();
        let secs = left.num_seconds() + i64::from(left.subsec_nanos() > 0);
        let wait = Duration::from_secs(secs.max(0) as u64);
        let id = self.shared.engine.add(self.one_shot(slot, wait)?).await?;
        *self.armed.lock().unwrap_or_else(PoisonError::into_inner) = Some(id);
        self.emit(Event::Armed(self.name.clone(), slot));
        Ok(())
    }

    /// Not inside `arm`, which the one-shot's future awaits: the future's type would recurse.
    /// The engine holds the job weakly: a dropped scheduler's pending one-shots do nothing.
    fn one_shot(self: &Arc<Self>, slot: Slot, wait: Duration) -> Result<Job, JobSchedulerError> {
        let job = Arc::downgrade(self);
        Job::new_one_shot_async(wait, move |_, _| {
            let job = job.upgrade();
            Box::pin(async move {
                if let Some(job) = job {
                    job.on_slot(slot).await;
                }
            })
        })
    }

    /// The engine woke the job for `slot`: unless handled already, arm the next slot (after
    /// now, should the wake-up be late), then run this one unless the last run still goes.
    async fn on_slot(self: Arc<Self>, slot: Slot) {
        let job = self.name.clone();
        {
            let mut last = self.last_slot();
            if *self.shared.closed.borrow() || last.is_some_and(|last| slot <= last) {
                return;
            }
            *last = Some(slot);
        }
        if let Some(next) = next_slot(&self.schedule, slot.max(self.shared.clock.now()))
            && let Err(error) = self.arm(next).await
        {
            tracing::error!(%job, %error, "cannot arm the next run; the job stops until a reload or restart");
        }
        let Ok(_busy) = self.busy.try_lock() else {
            tracing::warn!(%job, %slot, "previous run still going; skipping this slot");
            return self.emit(Event::SkippedOverlap(job, slot));
        };
        if !self.wait_jitter(slot).await {
            return;
        }
        tracing::info!(%job, %slot, "run starting");
        self.emit(Event::Started(job.clone(), slot));
        (self.run)().await;
        if let Err(error) = self.persist().await {
            tracing::error!(%job, %error, "could not record the run; it may run again after a restart");
        }
        tracing::info!(%job, %slot, "run finished");
        self.emit(Event::Finished(job, slot));
    }

    /// Sleeps a random 0..=jitter; false if the scheduler shut down meanwhile.
    async fn wait_jitter(&self, slot: Slot) -> bool {
        let delay = Duration::from_millis(fastrand::u64(0..=self.jitter.as_millis() as u64));
        if delay.is_zero() {
            return true;
        }
        self.emit(Event::Delayed(self.name.clone(), slot, delay));
        let mut closed = self.shared.closed.subscribe();
        tokio::select! {
            () = tokio::time::sleep(delay) => true,
            _ = closed.wait_for(|closed| *closed) => false,
        }
    }

    /// Stores the latest slot handled (a skipped one included), so a restart catches up
    /// only what really passed unhandled.
    pub(super) async fn persist(&self) -> Result<(), StoreError> {
        let (Some(store), Some(slot)) = (&self.shared.store, *self.last_slot()) else {
            return Ok(());
        };
        let name = self.name.clone();
        store.call(move |s| s.record_job_slot(&name, slot)).await
    }
}
