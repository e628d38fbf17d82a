//! What the daemon and its worker process say to each other: JSON, one
//! message per line, the daemon writing to the worker's stdin and the worker
//! answering on its stdout (its stderr is the daemon's, for the log).
//!
//! daemon → worker: a [`Hello`] first, then one [`Refresh`] per source run;
//! closing stdin means "nothing more": the worker finishes and exits.
//! worker → daemon: one [`SourceReport`](crate::pipeline::SourceReport) per
//! [`Refresh`], when it is done.

use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// The configuration the worker runs on: the text the daemon validated (the
/// file may have changed since; SIGHUP decides when a new one applies).
#[derive(Debug, Serialize, Deserialize)]
pub struct Hello {
    pub config_path: PathBuf,
    pub config_text: String,
}

/// Refresh the source of this name.
#[derive(Debug, Serialize, Deserialize)]
pub struct Refresh {
    pub source: String,
}

/// One message as a line.
pub fn line(message: &impl Serialize) -> String {
    let mut text = serde_json::to_string(message).expect("the messages serialize");
    text.push('\n');
    text
}

/// A line as one message.
pub fn parse<'a, T: Deserialize<'a>>(line: &'a str) -> Result<T, serde_json::Error> {
    serde_json::from_str(line)
}
