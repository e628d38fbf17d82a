//! `regionwatch run`: the service, with one way in and one way out —
//! [`run`] takes the config path and a `shutdown` future (SIGTERM/SIGINT in
//! the binary, anything in tests).
//!
//! Start: load and validate the config (an invalid one is an error the CLI
//! turns into exit 78), open the database (migrations apply), tell systemd
//! READY=1, schedule a job per source and one for digests; sources are
//! refreshed in a worker process that exits when it has nothing left to do,
//! so the daemon itself stays small between runs ([`worker`]). SIGHUP: load the
//! new config, and only if it is valid, swap the scheduler for one built from
//! it (the old keeps running otherwise). Shutdown: stop scheduling, let
//! running jobs finish within the deadline, exit.

mod digests;
pub mod http;
mod jobs;
pub mod notify;
pub mod worker;

use crate::config::{self, Config, ConfigError, HttpSettings};
use crate::schedule::{ScheduleError, Scheduler};
use crate::store::{AsyncStore, Store, StoreError};
use http::HttpServer;
use std::future::Future;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tokio::sync::mpsc;
use worker::{WorkerCommand, Workers};

/// How long running jobs get to finish after SIGTERM before the daemon exits anyway.
pub const SHUTDOWN_DEADLINE: Duration = Duration::from_secs(20);

/// Why the daemon could not start (or could not go on).
#[derive(Debug, thiserror::Error)]
pub enum DaemonError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("scheduler: {0}")]
    Schedule(#[from] ScheduleError),
    #[error(
        "cannot listen on {addr} ([http].listen): {source}; choose a free port or remove the [http] table"
    )]
    Http {
        addr: SocketAddr,
        source: std::io::Error,
    },
}

/// Runs the service until `shutdown` completes; each message on `reloads`
/// (SIGHUP in the binary) reloads the config. Sources are refreshed by
/// `worker` processes (see [`worker`]).
pub async fn run(
    config_path: PathBuf,
    worker: WorkerCommand,
    mut reloads: mpsc::Receiver<()>,
    shutdown: impl Future<Output = ()>,
) -> Result<(), DaemonError> {
    let mut current = Loaded::read(&config_path)?;
    let service = Service {
        store: AsyncStore::new(Store::open(&current.config.database)?.keep_few_statements()),
        heartbeat: notify::Heartbeat::default(),
        worker,
    };
    let mut scheduler = service.start(&current, None).await?;
    let mut listener = service.listen(current.config.http.as_ref()).await?;
    notify::ready(&watching(&current.config));
    tracing::info!(config = %config_path.display(), "regionwatch is running");
    if let Some(interval) = notify::watchdog_interval() {
        let (heartbeat, store) = (service.heartbeat.clone(), service.store.clone());
        tokio::spawn(notify::watchdog(interval, heartbeat, store));
    }
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            () = &mut shutdown => break,
            Some(()) = reloads.recv() => {
                let Some(new) = reload_config(&config_path, &current) else { continue };
                tracing::info!(
                    "reloading: running jobs finish first (up to {}s)",
                    SHUTDOWN_DEADLINE.as_secs()
                );
                scheduler.close().await;
                // The old jobs finish before the new schedule starts, unless a
                // stop request comes meanwhile: then they get its deadline, once.
                tokio::select! {
                    () = &mut shutdown => break,
                    _ = scheduler.wait_idle(SHUTDOWN_DEADLINE) => {}
                }
                if new.config.http != current.config.http {
                    listener = service.relisten(listener, new.config.http.as_ref()).await;
                }
                (current, scheduler) = service.restart(new, current, scheduler).await;
            }
        }
    }
    notify::stopping();
    tracing::info!(
        "stopping: waiting up to {}s for running jobs",
        SHUTDOWN_DEADLINE.as_secs()
    );
    if let Err(e) = scheduler.shutdown().await {
        tracing::warn!("stopping the schedule: {e}");
    }
    if !scheduler.wait_idle(SHUTDOWN_DEADLINE).await {
        tracing::warn!(
            "jobs still running at the shutdown deadline; their work resumes at the next start"
        );
    }
    if let Some(listener) = listener {
        listener.stop().await;
    }
    Ok(())
}

/// A validated configuration with the text it came from (what workers get).
#[derive(Clone)]
struct Loaded {
    text: String,
    config: Config,
}

impl Loaded {
    fn read(path: &Path) -> Result<Loaded, ConfigError> {
        let text = config::read(path)?;
        let config = config::parse(&text, path)?;
        Ok(Loaded { text, config })
    }
}

/// What outlives a reload: the database, the watchdog's heartbeat and how
/// workers start.
struct Service {
    store: AsyncStore,
    heartbeat: notify::Heartbeat,
    worker: WorkerCommand,
}

fn watching(config: &Config) -> String {
    format!("watching {} sources", config.enabled_sources().count())
}

impl Service {
    /// A scheduler with this config's jobs, started: on the engine of `previous`
    /// (closed) after a reload, whose background tasks would otherwise pile up.
    async fn start(
        &self,
        loaded: &Loaded,
        previous: Option<&Scheduler>,
    ) -> Result<Scheduler, DaemonError> {
        let config = &loaded.config;
        let workers = Workers::new(self.worker.clone(), &config.path, &loaded.text);
        let mut scheduler = match previous {
            Some(previous) => previous.successor(),
            None => Scheduler::new(Some(self.store.clone())).await?,
        };
        let (store, heartbeat) = (&self.store, &self.heartbeat);
        let started = match jobs::add_all(&mut scheduler, config, &workers, store, heartbeat) {
            Ok(()) => scheduler.start().await,
            Err(e) => Err(e),
        };
        if let Err(e) = started {
            scheduler.close().await; // what it armed before failing
            return Err(e.into());
        }
        Ok(scheduler)
    }

    /// The `[http]` listener, when configured.
    async fn listen(&self, http: Option<&HttpSettings>) -> Result<Option<HttpServer>, DaemonError> {
        let Some(http) = http else { return Ok(None) };
        let (store, heartbeat) = (self.store.clone(), self.heartbeat.clone());
        HttpServer::start(http.listen, store, heartbeat)
            .await
            .map(Some)
            .map_err(|source| DaemonError::Http {
                addr: http.listen,
                source,
            })
    }

    /// A reload changed `[http]`: the old listener goes, the new one comes
    /// (a new address that cannot be bound is logged, and none serves).
    async fn relisten(
        &self,
        old: Option<HttpServer>,
        http: Option<&HttpSettings>,
    ) -> Option<HttpServer> {
        if let Some(old) = old {
            old.stop().await;
        }
        self.listen(http).await.unwrap_or_else(|e| {
            tracing::error!("{e}");
            None
        })
    }

    /// Starts the schedule of a new config (its old jobs are done), or the
    /// old one again should the new fail to start.
    async fn restart(
        &self,
        new: Loaded,
        current: Loaded,
        stopped: Scheduler,
    ) -> (Loaded, Scheduler) {
        for loaded in [new, current.clone()] {
            match self.start(&loaded, Some(&stopped)).await {
                Ok(scheduler) => {
                    tracing::info!("configuration loaded: {}", watching(&loaded.config));
                    notify::status(&watching(&loaded.config));
                    return (loaded, scheduler);
                }
                Err(e) => tracing::error!("could not start the schedule: {e}"),
            }
        }
        tracing::error!("no schedule could start; only a restart can help");
        (current, stopped)
    }
}

/// SIGHUP: the new config, if it loads; otherwise the running one stays.
fn reload_config(path: &Path, current: &Loaded) -> Option<Loaded> {
    notify::status("reloading the configuration");
    match Loaded::read(path) {
        Ok(new) => Some(new),
        Err(e) => {
            tracing::error!("reload refused, the running configuration stays: {e}");
            notify::status(&format!(
                "{}; the last reload was refused (see the log)",
                watching(&current.config)
            ));
            None
        }
    }
}
