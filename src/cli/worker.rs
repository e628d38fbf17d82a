//! `regionwatch worker`: the daemon's worker process (hidden from `--help`).
//! It talks to the daemon over its stdin and stdout; see `daemon::worker`.

use super::Exit;
use super::setup::runtime;
use crate::daemon::worker::{WorkerError, serve};
use std::os::fd::AsFd;
use tokio::io::BufReader;
use tokio::net::unix::pipe;

pub fn run() -> Exit {
    let outcome = runtime().block_on(async {
        // Pipes read and written by the reactor: tokio's stdin would hold a
        // blocking thread for as long as the daemon has nothing to ask.
        let input = pipe::Receiver::from_owned_fd(std::io::stdin().as_fd().try_clone_to_owned()?)?;
        let output = pipe::Sender::from_owned_fd(std::io::stdout().as_fd().try_clone_to_owned()?)?;
        serve(BufReader::new(input), output).await
    });
    match outcome {
        Ok(()) => Exit::Ok,
        Err(e) => {
            eprintln!("regionwatch worker: error: {e}");
            match e {
                WorkerError::Config(_) => Exit::Config,
                _ => Exit::Failed,
            }
        }
    }
}
