//! Scheduling: runs named async jobs (one per source, one for digests) on their
//! cron schedules in the configured IANA zone.
//!
//! tokio-cron-scheduler 0.15 is the engine that fires ticks ([`CronEngine`]);
//! this module makes it correct for regionwatch:
//! - 5-field crons get a seconds field, and day-of-month OR day-of-week becomes
//!   two engine jobs ([`engine_patterns`]);
//! - the engine freezes a job's UTC offset at creation, so every job is rebuilt
//!   at each offset change of its zone ([`next_offset_change`]); a tick that no
//!   slot explains (a stale offset) is dropped ([`slot_for_tick`]);
//! - a slot arriving while the job still runs is skipped and logged;
//! - a slot missed while the daemon was down runs once at start ([`missed_slot`],
//!   last slots in the store's `job_runs`);
//! - optional per-job jitter delays each run by a random 0..=jitter.
//!
//! Daemon use: `Scheduler::new(store)`, `add` each job, `start`, and on SIGTERM
//! `shutdown` then `wait_idle(deadline)`.

mod clock;
mod engine;
mod job;
mod slots;

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::{Mutex, broadcast, watch};
use tokio::task::JoinHandle;

pub use clock::{Clock, SystemClock, TokioClock, sleep_until};
pub use engine::{CronEngine, Engine, Tick};
pub use job::{BoxFuture, Event, JobFn};
pub use slots::{engine_patterns, missed_slot, next_offset_change, slot_for_tick};

use crate::config::Schedule;
use crate::store::{AsyncStore, StoreError};
use job::{JobState, Shared};

/// How late after its slot a tick may come and still run it. The engine wakes
/// every 500 ms; a tick an hour off (a stale UTC offset) must not run.
const TICK_TOLERANCE: chrono::Duration = chrono::Duration::seconds(30);

/// Why scheduling could not start.
#[derive(Debug, thiserror::Error)]
pub enum ScheduleError {
    #[error("two scheduled jobs are named {0:?}; give each source a unique name")]
    DuplicateJob(String),
    #[error(
        "the scheduling engine failed ({0}); this is a bug or a resource limit: check the log and restart"
    )]
    Engine(#[from] tokio_cron_scheduler::JobSchedulerError),
    #[error("cannot read the last run of each job: {0}")]
    Store(#[from] StoreError),
}

/// Runs named jobs on their schedules. See the module documentation.
pub struct Scheduler<E: Engine = CronEngine> {
    engine: Arc<Mutex<E>>,
    jobs: Vec<Arc<JobState>>,
    shared: Arc<Shared>,
    rebuilder: Option<JoinHandle<()>>,
}

impl Scheduler<CronEngine> {
    /// The production scheduler: tokio-cron-scheduler on the system clock.
    /// With a store, last slots are persisted and missed slots caught up.
    pub async fn new(store: Option<AsyncStore>) -> Result<Self, ScheduleError> {
        Ok(Self::with_engine(
            CronEngine::new().await?,
            Arc::new(SystemClock),
            store,
        ))
    }
}

impl<E: Engine> Scheduler<E> {
    /// A scheduler on any engine and clock (tests use a paused tokio clock).
    pub fn with_engine(engine: E, clock: Arc<dyn Clock>, store: Option<AsyncStore>) -> Self {
        Scheduler {
            engine: Arc::new(Mutex::new(engine)),
            jobs: Vec::new(),
            shared: Arc::new(Shared {
                clock,
                store,
                events: broadcast::channel(256).0,
                running: watch::channel(0).0,
                closed: watch::channel(false).0,
            }),
            rebuilder: None,
        }
    }

    /// Adds a job (before [`Scheduler::start`]). `name` is its key in the store:
    /// keep it stable across restarts (e.g. `source:<name>`, `digest`).
    pub fn add(
        &mut self,
        name: &str,
        schedule: Schedule,
        jitter: Duration,
        job: JobFn,
    ) -> Result<(), ScheduleError> {
        if self.jobs.iter().any(|j| j.name == name) {
            return Err(ScheduleError::DuplicateJob(name.to_string()));
        }
        let state = JobState::new(name.to_string(), schedule, jitter, job);
        self.jobs.push(Arc::new(state));
        Ok(())
    }

    /// What the scheduler does from now on (runs, skips, rebuilds).
    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        self.shared.events.subscribe()
    }

    /// Catches up missed slots (each job at most once), registers every job with
    /// the engine and starts it, and rebuilds the engine's jobs at each UTC
    /// offset change of their zones.
    pub async fn start(&mut self) -> Result<(), ScheduleError> {
        self.catch_up().await?;
        register_all(&mut *self.engine.lock().await, &self.jobs, &self.shared).await?;
        self.engine.lock().await.start().await?;
        self.rebuilder = Some(tokio::spawn(rebuild_at_offset_changes(
            Arc::clone(&self.engine),
            self.jobs.clone(),
            Arc::clone(&self.shared),
        )));
        Ok(())
    }

    /// Stops scheduling: no tick starts a run any more and runs still in their
    /// jitter delay give up. Runs in progress go on; see [`Scheduler::wait_idle`].
    pub async fn shutdown(&mut self) -> Result<(), ScheduleError> {
        self.shared.closed.send_replace(true);
        if let Some(rebuilder) = self.rebuilder.take() {
            rebuilder.abort();
        }
        let mut engine = self.engine.lock().await;
        engine.clear().await?;
        engine.shutdown().await?;
        Ok(())
    }

    /// Waits until no run is in progress, at most `deadline`; true if idle.
    pub async fn wait_idle(&self, deadline: Duration) -> bool {
        let mut running = self.shared.running.subscribe();
        tokio::time::timeout(deadline, running.wait_for(|count| *count == 0))
            .await
            .is_ok()
    }

    /// How many runs are in progress now.
    pub fn running(&self) -> usize {
        *self.shared.running.borrow()
    }

    /// Loads each job's last slot; runs the latest missed slot of each job once
    /// (in the background); a job never seen before records its latest slot as
    /// the point from which later restarts count.
    async fn catch_up(&mut self) -> Result<(), ScheduleError> {
        let Some(store) = &self.shared.store else {
            return Ok(());
        };
        let last_slots = store.call(|s| s.job_last_slots()).await?;
        let now = self.shared.clock.now();
        for job in &self.jobs {
            let last = last_slots.get(&job.name).copied();
            job.set_last_slot(last);
            if let Some(slot) = missed_slot(&job.schedule, last, now) {
                tracing::info!(job = %job.name, %slot, "slot missed while stopped; running it now");
                tokio::spawn(Arc::clone(job).fire(Arc::clone(&self.shared), slot));
            } else if last.is_none() {
                record_baseline(store, job, now).await?;
            }
        }
        Ok(())
    }
}

async fn record_baseline(
    store: &AsyncStore,
    job: &JobState,
    now: DateTime<Utc>,
) -> Result<(), ScheduleError> {
    let Some(latest) = slots::latest_slot(&job.cron, job.schedule.timezone(), now) else {
        return Ok(());
    };
    job.set_last_slot(Some(latest));
    let name = job.name.clone();
    store
        .call(move |s| s.record_job_slot(&name, latest))
        .await?;
    Ok(())
}

/// Registers every job's engine expressions; each tick runs the slot it belongs to.
async fn register_all<E: Engine>(
    engine: &mut E,
    jobs: &[Arc<JobState>],
    shared: &Arc<Shared>,
) -> Result<(), tokio_cron_scheduler::JobSchedulerError> {
    for job in jobs {
        let timezone = job.schedule.timezone();
        for pattern in engine_patterns(&job.schedule) {
            let (job, shared) = (Arc::clone(job), Arc::clone(shared));
            let tick: Tick = Arc::new(move || {
                let (job, shared) = (Arc::clone(&job), Arc::clone(&shared));
                Box::pin(on_tick(job, shared))
            });
            engine.register(&pattern, timezone, tick).await?;
        }
    }
    Ok(())
}

async fn on_tick(job: Arc<JobState>, shared: Arc<Shared>) {
    let now = shared.clock.now();
    let timezone = job.schedule.timezone();
    match slot_for_tick(&job.cron, timezone, now, TICK_TOLERANCE) {
        Some(slot) => job.fire(shared, slot).await,
        None => {
            tracing::warn!(job = %job.name, %now, "engine tick matches no slot of the schedule; ignored")
        }
    }
}

/// Rebuilds the engine's jobs at each UTC offset change of the jobs' zones, so
/// the offset the engine froze at registration is always the current one.
async fn rebuild_at_offset_changes<E: Engine>(
    engine: Arc<Mutex<E>>,
    jobs: Vec<Arc<JobState>>,
    shared: Arc<Shared>,
) {
    let zones: HashSet<chrono_tz::Tz> = jobs.iter().map(|j| j.schedule.timezone()).collect();
    loop {
        let now = shared.clock.now();
        let Some(change) = zones
            .iter()
            .filter_map(|zone| next_offset_change(*zone, now))
            .min()
        else {
            // No change within a year (most zones, or none ever): look again later.
            sleep_until(&*shared.clock, now + chrono::Duration::days(300)).await;
            continue;
        };
        sleep_until(&*shared.clock, change).await;
        let mut engine = engine.lock().await;
        let rebuilt = match engine.clear().await {
            Ok(()) => register_all(&mut *engine, &jobs, &shared).await,
            Err(error) => Err(error),
        };
        match rebuilt {
            Ok(()) => {
                tracing::info!(at = %change, "UTC offset changed; schedules re-registered");
                shared.emit(Event::Reregistered { at: change });
            }
            Err(error) => {
                tracing::error!(%error, "re-registering schedules failed; runs may be an hour off until restart")
            }
        }
    }
}
