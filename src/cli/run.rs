//! `regionwatch run`: the daemon in the foreground, as systemd runs it.
//! SIGTERM or SIGINT stop it (running jobs get 20 s), SIGHUP reloads the config.

use super::Exit;
use super::setup::{ConfigArg, runtime};
use crate::daemon::{self, DaemonError};
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::mpsc;

#[derive(Debug, clap::Args)]
pub struct RunArgs {
    #[command(flatten)]
    pub config: ConfigArg,
}

pub fn run(args: &RunArgs) -> Exit {
    let path = args.config.path();
    let outcome = runtime().block_on(async move {
        let (reload_tx, reloads) = mpsc::channel(1);
        let mut hangups = signal(SignalKind::hangup()).expect("SIGHUP can be watched");
        tokio::spawn(async move {
            while hangups.recv().await.is_some() {
                // A reload already waiting covers this one too.
                let _ = reload_tx.try_send(());
            }
        });
        daemon::run(path, reloads, stop_signal()).await
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

/// Completes at the first SIGTERM or SIGINT.
async fn stop_signal() {
    let mut term = signal(SignalKind::terminate()).expect("SIGTERM can be watched");
    let mut int = signal(SignalKind::interrupt()).expect("SIGINT can be watched");
    tokio::select! {
        _ = term.recv() => tracing::info!("SIGTERM received"),
        _ = int.recv() => tracing::info!("SIGINT received"),
    }
}
