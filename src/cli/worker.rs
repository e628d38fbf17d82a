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
        let input = std::io::stdin().as_fd().try_clone_to_owned();
        let input = input.and_then(pipe::Receiver::from_owned_fd);
        let output = std::io::stdout().as_fd().try_clone_to_owned();
        let output = output.and_then(pipe::Sender::from_owned_fd);
        match (input, output) {
            (Ok(input), Ok(output)) => serve(BufReader::new(input), output).await,
            (Err(e), _) | (_, Err(e)) => Err(WorkerError::NotPiped(e)),
        }
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
