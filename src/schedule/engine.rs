//! The engine that fires ticks: tokio-cron-scheduler in production, behind a
//! small trait so the scheduler's logic can be driven on a paused clock.

use std::future::Future;

use chrono_tz::Tz;
use tokio_cron_scheduler::{Job, JobScheduler, JobSchedulerError};

use super::job::BoxFuture;
use std::sync::Arc;

/// Called by the engine at each tick of a registered expression.
pub type Tick = Arc<dyn Fn() -> BoxFuture + Send + Sync>;

/// Something that calls a [`Tick`] at the instants of 6-field cron expressions
/// (seconds first, day-of-month AND day-of-week) in a time zone.
pub trait Engine: Send + Sync + 'static {
    /// Registers one expression; `tick` is called at each of its instants.
    fn register(
        &mut self,
        pattern: &str,
        timezone: Tz,
        tick: Tick,
    ) -> impl Future<Output = Result<(), JobSchedulerError>> + Send;

    /// Removes every registered expression.
    fn clear(&mut self) -> impl Future<Output = Result<(), JobSchedulerError>> + Send;

    /// Starts firing.
    fn start(&mut self) -> impl Future<Output = Result<(), JobSchedulerError>> + Send;

    /// Stops firing for good; ticks already running are not waited for.
    fn shutdown(&mut self) -> impl Future<Output = Result<(), JobSchedulerError>> + Send;
}

/// tokio-cron-scheduler 0.15. Its time zone handling freezes the UTC offset a
/// job was created with (its issues #87, #107); the scheduler re-registers
/// every job when the offset changes, so this type only has to register.
pub struct CronEngine {
    inner: JobScheduler,
    jobs: Vec<Job>,
}

impl CronEngine {
    pub async fn new() -> Result<Self, JobSchedulerError> {
        Ok(CronEngine {
            inner: JobScheduler::new().await?,
            jobs: Vec::new(),
        })
    }
}

impl Engine for CronEngine {
    async fn register(
        &mut self,
        pattern: &str,
        timezone: Tz,
        tick: Tick,
    ) -> Result<(), JobSchedulerError> {
        let job = Job::new_async_tz(pattern, timezone, move |_id, _scheduler| tick())?;
        self.inner.add(job.clone()).await?;
        self.jobs.push(job);
        Ok(())
    }

    async fn clear(&mut self) -> Result<(), JobSchedulerError> {
        for job in self.jobs.drain(..) {
            self.inner.remove(&job.guid()).await?;
        }
        Ok(())
    }

    async fn start(&mut self) -> Result<(), JobSchedulerError> {
        self.inner.start().await
    }

    async fn shutdown(&mut self) -> Result<(), JobSchedulerError> {
        self.inner.shutdown().await
    }
}
