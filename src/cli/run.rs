//! `regionwatch run`: the daemon in the foreground, as systemd runs it.
//! SIGTERM or SIGINT stop it (running jobs get 20 s), SIGHUP reloads the config.

use super::Exit;
use super::setup::{ConfigArg, runtime};
use crate::daemon::worker::WorkerCommand;
use crate::daemon::{self, DaemonError};
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::mpsc;

#[derive(Debug, clap::Args)]
pub struct RunArgs {
    #[command(flatten)]
    pub config: ConfigArg,
}

/// Runs the daemon; `worker_args` are the global options its workers get.
pub fn run(args: &RunArgs, worker_args: Vec<std::ffi::OsString>) -> Exit {
    let path = args.config.path();
    let outcome = runtime().block_on(async move {
        // Installed before the daemon starts: a SIGTERM during start-up (migrations,
        // catch-up runs) must stop it gracefully, not kill it by the default action.
        let stop = stop_signal();
        let (reload_tx, reloads) = mpsc::channel(1);
        let mut hangups = signal(SignalKind::hangup()).expect("SIGHUP can be watched");
        tokio::spawn(async move {
            while hangups.recv().await.is_some() {
                // A reload already waiting covers this one too.
                let _ = reload_tx.try_send(());
            }
        });
        let worker = WorkerCommand::this_executable(worker_args);
        daemon::run(path, worker, reloads, stop).await
    });
    match outcome {
        Ok(()) => Exit::Ok,
        Err(DaemonError::Config(e)) => {
            eprintln!("regionwatch: error: {e}");
            Exit::Config
        }
        Err(e) => {
            eprintln!("regionwatch: error: {e}");
            Exit::Failed
        }
    }
}

/// Watches SIGTERM and SIGINT from now on; the future completes at the first.
fn stop_signal() -> impl std::future::Future<Output = ()> {
    let mut term = signal(SignalKind::terminate()).expect("SIGTERM can be watched");
    let mut int = signal(SignalKind::interrupt()).expect("SIGINT can be watched");
    async move {
        tokio::select! {
            _ = term.recv() => tracing::info!("SIGTERM received"),
            _ = int.recv() => tracing::info!("SIGINT received"),
        }
    }
}
