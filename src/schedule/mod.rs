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
//! Daemon use: `Scheduler::new(store)`, `add` each job, `start`; on SIGHUP `close`,
//! `wait_idle(deadline)` and the same for a `successor` on the same engine (tokio-cron-scheduler
//! does not release an engine's background tasks, so one engine serves the daemon's life); on
//! SIGTERM `shutdown` then `wait_idle(deadline)`.

use std::sync::{Arc, PoisonError};
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::{broadcast, watch};
use tokio_cron_scheduler::{JobScheduler, JobSchedulerError};

use crate::config::Schedule;
use crate::store::{AsyncStore, StoreError};
use job::JobState;

mod job;

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
    /// A successor's engine runs already (it can only be started once).
    engine_running: bool,
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
        let engine_running = false;
        Ok(Scheduler {
            jobs,
            shared,
            engine_running,
        })
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
            armed: Default::default(),
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
        if !self.engine_running {
            self.shared.engine.start().await?;
            self.engine_running = true;
        }
        Ok(())
    }

    /// A scheduler for another set of jobs (a reload) on this one's engine, which is
    /// already running: `add` the jobs, then `start`.
    pub fn successor(&self) -> Scheduler {
        let shared = Arc::new(Shared {
            engine: self.shared.engine.clone(),
            clock: Arc::clone(&self.shared.clock),
            store: self.shared.store.clone(),
            events: broadcast::channel(256).0,
            closed: watch::channel(false).0,
        });
        let jobs = Vec::new();
        let engine_running = true;
        Scheduler {
            jobs,
            shared,
            engine_running,
        }
    }

    /// Stops scheduling these jobs: their wake-ups leave the engine, nothing is armed or
    /// started any more and runs still in their jitter delay give up. Runs in progress go
    /// on; see [`Scheduler::wait_idle`]. The engine keeps running for a successor.
    pub async fn close(&self) {
        self.shared.closed.send_replace(true);
        for job in &self.jobs {
            let armed = job
                .armed
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take();
            if let Some(id) = armed {
                // Fails only for a one-shot that already fired and left on its own.
                let _ = self.shared.engine.remove(&id).await;
            }
        }
    }

    /// [`Scheduler::close`], then the engine stops: the end of the daemon.
    pub async fn shutdown(&mut self) -> Result<(), ScheduleError> {
        self.close().await;
        Ok(self.shared.engine.clone().shutdown().await?)
    }

    /// Waits until no run is in progress (after `close`), at most `deadline`; true if idle.
    pub async fn wait_idle(&self, deadline: Duration) -> bool {
        let idle = async {
            for job in &self.jobs {
                drop(job.busy.lock().await);
            }
        };
        tokio::time::timeout(deadline, idle).await.is_ok()
    }
}
