//! `regionwatch run`: the service, with one way in and one way out —
//! [`run`] takes the config path and a `shutdown` future (SIGTERM/SIGINT in
//! the binary, anything in tests).
//!
//! Start: load and validate the config (an invalid one is an error the CLI
//! turns into exit 78), open the database (migrations apply), tell systemd
//! READY=1, schedule a job per source and one for digests. SIGHUP: load the
//! new config, and only if it is valid, swap the scheduler for one built from
//! it (the old keeps running otherwise). Shutdown: stop scheduling, let
//! running jobs finish within the deadline, exit.

mod digests;
mod jobs;
pub mod notify;

use crate::config::{self, Config, ConfigError};
use crate::pipeline::{Pipeline, PipelineError};
use crate::schedule::{ScheduleError, Scheduler};
use crate::store::{AsyncStore, Store, StoreError};
use std::future::Future;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tokio::sync::mpsc;

/// How long running jobs get to finish after SIGTERM before the daemon exits anyway.
pub const SHUTDOWN_DEADLINE: Duration = Duration::from_secs(20);

/// Why the daemon could not start (or could not go on).
#[derive(Debug, thiserror::Error)]
pub enum DaemonError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Pipeline(#[from] PipelineError),
    #[error("scheduler: {0}")]
    Schedule(#[from] ScheduleError),
}

/// Runs the service until `shutdown` completes; each message on `reloads`
/// (SIGHUP in the binary) reloads the config.
pub async fn run(
    config_path: PathBuf,
    mut reloads: mpsc::Receiver<()>,
    shutdown: impl Future<Output = ()>,
) -> Result<(), DaemonError> {
    let mut config = config::load(&config_path)?;
    let store = AsyncStore::new(Store::open(&config.database)?);
    let heartbeat = notify::Heartbeat::default();
    let mut scheduler = start(&config, &store, &heartbeat).await?;
    notify::ready(&watching(&config));
    tracing::info!(config = %config_path.display(), "regionwatch is running");
    if let Some(interval) = notify::watchdog_interval() {
        tokio::spawn(notify::watchdog(interval, heartbeat.clone(), store.clone()));
    }
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            () = &mut shutdown => break,
            Some(()) = reloads.recv() => {
                (config, scheduler) = reload(&config_path, config, scheduler, &store, &heartbeat).await;
            }
        }
    }
    notify::stopping();
    tracing::info!(
        "stopping: waiting up to {}s for running jobs",
        SHUTDOWN_DEADLINE.as_secs()
    );
    scheduler.shutdown().await?;
    if !scheduler.wait_idle(SHUTDOWN_DEADLINE).await {
        tracing::warn!(
            "jobs still running at the shutdown deadline; their work resumes at the next start"
        );
    }
    Ok(())
}

fn watching(config: &Config) -> String {
    format!("watching {} sources", config.enabled_sources().count())
}

/// A scheduler with this config's jobs, started.
async fn start(
    config: &Config,
    store: &AsyncStore,
    heartbeat: &notify::Heartbeat,
) -> Result<Scheduler, DaemonError> {
    let pipeline = Pipeline::new(config, store.clone()).await?;
    let mut scheduler = Scheduler::new(Some(store.clone())).await?;
    jobs::add_all(&mut scheduler, config, &pipeline, store, heartbeat)?;
    scheduler.start().await?;
    Ok(scheduler)
}

/// SIGHUP: a new config replaces the running one only if it loads; the
/// running jobs finish first. Should the new schedule fail to start, the old
/// config is started again.
async fn reload(
    path: &Path,
    current: Config,
    mut running: Scheduler,
    store: &AsyncStore,
    heartbeat: &notify::Heartbeat,
) -> (Config, Scheduler) {
    notify::status("reloading the configuration");
    let new = match config::load(path) {
        Ok(c) => c,
        Err(e) => {
            tracing::error!("reload refused, the running configuration stays: {e}");
            notify::status(&format!(
                "{}; the last reload was refused (see the log)",
                watching(&current)
            ));
            return (current, running);
        }
    };
    if let Err(e) = running.shutdown().await {
        tracing::warn!("stopping the old schedule: {e}");
    }
    running.wait_idle(SHUTDOWN_DEADLINE).await;
    for config in [new, current.clone()] {
        match start(&config, store, heartbeat).await {
            Ok(scheduler) => {
                tracing::info!("configuration loaded: {}", watching(&config));
                notify::status(&watching(&config));
                return (config, scheduler);
            }
            Err(e) => tracing::error!("could not start the schedule: {e}"),
        }
    }
    tracing::error!("no schedule could start; only a restart can help");
    (current, running)
}
