//! Scheduling: runs named async jobs (one per source, one for digests) at the slots of
//! their cron schedules in the configured IANA zone.
//!
//! Correct by construction: croner (through `config::Schedule`, which reads the config's
//! cron as written: 5 or 6 fields, day-of-month OR day-of-week) computes each job's next
//! slot in its zone ([`next_slot`]); tokio-cron-scheduler (the engine) only waits for it,
//! as a one-shot job that arms the following slot when it fires. Daylight saving needs
//! nothing more: a fixed time in the skipped hour runs when the gap ends, one in the
//! repeated hour runs once. Around that:
//! - no overlap: a slot coming while the job still runs is skipped and logged;
//! - catch-up: a job that missed slots while the daemon was down runs once at start (the
//!   slot handled last is kept in the store's `job_runs`);
//! - jitter: a run first waits a random 0..=jitter.
//!
//! Daemon use: `Scheduler::new(store)`, `add` each job, `start`, and on SIGTERM
//! `shutdown` then `wait_idle(deadline)`.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::{broadcast, watch};
use tokio_cron_scheduler::{Job, JobScheduler, JobSchedulerError};

use crate::config::Schedule;
use crate::store::{AsyncStore, StoreError};

/// A job's work: called once per slot it runs.
pub type JobFn = Arc<dyn Fn() -> BoxFuture + Send + Sync>;
type BoxFuture = std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>>;
type Slot = DateTime<Utc>;

/// Where the scheduler (and the pipeline) read the time; the engine is only given waits.
pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> DateTime<Utc>;
}

/// The wall clock (production).
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// The first slot of `schedule` strictly after `after`: the one place that decides when
/// a job runs. A fixed time in a skipped hour comes when the gap ends; one in a repeated
/// hour comes once, at its first pass (croner's rules).
pub fn next_slot(schedule: &Schedule, after: Slot) -> Option<Slot> {
    let next = schedule.next_after(after.with_timezone(&schedule.timezone()));
    next.map(|slot| slot.with_timezone(&Utc))
}

/// Why scheduling could not start.
#[derive(Debug, thiserror::Error)]
pub enum ScheduleError {
    #[error("two scheduled jobs are named {0:?}; give each source a unique name")]
    DuplicateJob(String),
    #[error("the scheduling engine failed ({0}); a bug or a resource limit: see the log, restart")]
    Engine(#[from] JobSchedulerError),
    #[error("cannot read or record the last run of each job: {0}")]
    Store(#[from] StoreError),
}

/// What the scheduler did with a slot (second field) of a job (first); for logs and tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// The engine will wake the job at the slot (a catch-up: at the start instant).
    Armed(String, Slot),
    /// The run waits this long first (its jitter).
    Delayed(String, Slot, Duration),
    Started(String, Slot),
    /// The run ended and its slot is recorded.
    Finished(String, Slot),
    /// The slot came while the job's previous run was still going.
    SkippedOverlap(String, Slot),
}

/// Runs named jobs on their schedules. See the module documentation.
pub struct Scheduler {
    jobs: Vec<Arc<JobState>>,
    shared: Arc<Shared>,
}

/// What every job of one scheduler shares.
struct Shared {
    engine: JobScheduler,
    clock: Arc<dyn Clock>,
    store: Option<AsyncStore>,
    events: broadcast::Sender<Event>,
    /// Set by `shutdown`: nothing is armed or started any more, delayed runs give up.
    closed: watch::Sender<bool>,
}

struct JobState {
    name: String,
    schedule: Schedule,
    jitter: Duration,
    run: JobFn,
    shared: Arc<Shared>,
    /// Held while a run is in progress (jitter delay included).
    busy: tokio::sync::Mutex<()>,
    /// The latest slot run or skipped; a slot at or before it is not run again (the
    /// engine may wake a one-shot twice when its bookkeeping lags its 500 ms loop).
    last: Mutex<Option<Slot>>,
}

impl Scheduler {
    /// The production scheduler, on the system clock. With a store, the slots handled are
    /// recorded and missed ones caught up.
    pub async fn new(store: Option<AsyncStore>) -> Result<Self, ScheduleError> {
        Self::with_clock(Arc::new(SystemClock), store).await
    }

    /// A scheduler reading "now" from `clock` (tests shift it next to a DST change).
    pub async fn with_clock(
        clock: Arc<dyn Clock>,
        store: Option<AsyncStore>,
    ) -> Result<Self, ScheduleError> {
        let shared = Arc::new(Shared {
            engine: JobScheduler::new().await?,
            clock,
            store,
            events: broadcast::channel(256).0,
            closed: watch::channel(false).0,
        });
        let jobs = Vec::new();
        Ok(Scheduler { jobs, shared })
    }

    /// Adds a job (before [`Scheduler::start`]). `name` is its key in the store: keep it
    /// stable across restarts (e.g. `source:<name>`, `digest`).
    pub fn add(
        &mut self,
        name: &str,
        schedule: Schedule,
        jitter: Duration,
        run: JobFn,
    ) -> Result<(), ScheduleError> {
        if self.jobs.iter().any(|j| j.name == name) {
            return Err(ScheduleError::DuplicateJob(name.to_string()));
        }
        self.jobs.push(Arc::new(JobState {
            name: name.to_string(),
            schedule,
            jitter,
            run,
            shared: Arc::clone(&self.shared),
            busy: Default::default(),
            last: Default::default(),
        }));
        Ok(())
    }

    /// What the scheduler does from now on (arms, delays, runs, skips).
    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        self.shared.events.subscribe()
    }

    /// Arms each job's first slot and starts the engine. A job that missed slots since the
    /// one it handled last is armed at once, to run one catch-up for all of them.
    pub async fn start(&mut self) -> Result<(), ScheduleError> {
        let now = self.shared.clock.now();
        let last_slots = match &self.shared.store {
            Some(store) => store.call(|s| s.job_last_slots()).await?,
            None => Default::default(),
        };
        for job in &self.jobs {
            let last = last_slots.get(&job.name).copied();
            *job.last_slot() = Some(last.unwrap_or(now)); // a new job counts from now
            if last.is_none() {
                job.persist().await?;
            }
            let first = match last.and_then(|last| next_slot(&job.schedule, last)) {
                Some(missed) if missed <= now => {
                    tracing::info!(job = %job.name, %missed, "slots missed while stopped; running once now");
                    Some(now)
                }
                _ => next_slot(&job.schedule, now),
            };
            if let Some(slot) = first {
                job.arm(slot).await?;
            }
        }
        Ok(self.shared.engine.start().await?)
    }

    /// Stops scheduling: nothing is armed or started any more and runs still in their
    /// jitter delay give up. Runs in progress go on; see [`Scheduler::wait_idle`].
    pub async fn shutdown(&mut self) -> Result<(), ScheduleError> {
        self.shared.closed.send_replace(true);
        Ok(self.shared.engine.clone().shutdown().await?)
    }

    /// Waits until no run is in progress (after `shutdown`), at most `deadline`; true if idle.
    pub async fn wait_idle(&self, deadline: Duration) -> bool {
        let idle = async {
            for job in &self.jobs {
                drop(job.busy.lock().await);
            }
        };
        tokio::time::timeout(deadline, idle).await.is_ok()
    }
}

impl JobState {
    fn last_slot(&self) -> MutexGuard<'_, Option<Slot>> {
        self.last.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn emit(&self, event: Event) {
        let _ = self.shared.events.send(event); // nobody listening is fine
    }

    /// Has the engine wake this job at `slot`. The engine stores whole seconds, rounding
    /// its "now plus wait" down, so the wait is rounded up: never early.
    async fn arm(self: &Arc<Self>, slot: Slot) -> Result<(), JobSchedulerError> {
        let left = slot - self.shared.clock.now();
        let secs = left.num_seconds() + i64::from(left.subsec_nanos() > 0);
        let wait = Duration::from_secs(secs.max(0) as u64);
        self.shared.engine.add(self.one_shot(slot, wait)?).await?;
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
    async fn persist(&self) -> Result<(), StoreError> {
        let (Some(store), Some(slot)) = (&self.shared.store, *self.last_slot()) else {
            return Ok(());
        };
        let name = self.name.clone();
        store.call(move |s| s.record_job_slot(&name, slot)).await
    }
}
