//! The worker process (`regionwatch worker`, started only by the daemon):
//! reads the configuration and then source names on stdin, refreshes each with
//! one shared [`Pipeline`] (so every host is treated politely across sources,
//! and Retry-After deadlines come from the database), and writes a report per
//! source on stdout. At the end of stdin it finishes what runs and exits.

use super::wire::{self, Hello, Refresh};
use crate::config::{self, ConfigError};
use crate::pipeline::{Pipeline, PipelineError, SourceReport};
use crate::store::{AsyncStore, Store, StoreError};
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc;
use tokio::task::JoinSet;

/// Why a worker could not serve at all.
#[derive(Debug, thiserror::Error)]
pub enum WorkerError {
    #[error("reading the daemon's requests: {0}")]
    Io(#[from] std::io::Error),
    #[error(
        "the daemon sent {0:?}, which is not a request: the worker is only started by `regionwatch run`"
    )]
    Protocol(String),
    #[error(
        "stdin and stdout must be pipes from the daemon ({0}): the worker is only started by `regionwatch run`"
    )]
    NotPiped(std::io::Error),
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Pipeline(#[from] PipelineError),
}

/// Serves the daemon's requests from `input` until it closes, answering on `output`.
pub async fn serve(
    input: impl AsyncBufRead + Unpin,
    output: impl AsyncWrite + Unpin + Send + 'static,
) -> Result<(), WorkerError> {
    let mut lines = input.lines();
    let first = lines.next_line().await?.unwrap_or_default();
    let hello: Hello = wire::parse(&first).map_err(|_| protocol_error(&first))?;
    let config = config::parse(&hello.config_text, &hello.config_path)?;
    let store = AsyncStore::new(Store::open_running(&config.database)?);
    let pipeline = Pipeline::new(&config, store).await?;

    let (done, reports) = mpsc::unbounded_channel();
    let writer = tokio::spawn(write_reports(reports, output));
    let mut running = JoinSet::new();
    while let Some(line) = lines.next_line().await? {
        let request: Refresh = wire::parse(&line).map_err(|_| protocol_error(&line))?;
        let (pipeline, done) = (pipeline.clone(), done.clone());
        let source = config.source(&request.source).cloned();
        running.spawn(async move {
            let _ = done.send(refresh(pipeline, source, request.source).await);
        });
    }
    running.join_all().await;
    drop(done);
    writer.await.expect("the report writer does not panic")?;
    Ok(())
}

/// What came instead of a request, shortened: it may be anything.
fn protocol_error(line: &str) -> WorkerError {
    WorkerError::Protocol(line.chars().take(80).collect())
}

/// One source's refresh; a panic in it becomes a failed report, so the daemon
/// always hears back about every request.
async fn refresh(
    pipeline: Pipeline,
    source: Option<crate::config::Source>,
    name: String,
) -> SourceReport {
    let Some(source) = source else {
        return SourceReport::new(&name)
            .failed("no source of this name in the configuration".into());
    };
    let (refreshing, refreshed) = (pipeline.clone(), source.clone());
    match tokio::spawn(async move { refreshing.refresh(&refreshed).await }).await {
        Ok(report) => report,
        Err(e) => {
            let why = format!("the refresh panicked: {e}");
            pipeline.record_lost_refresh(&source, why).await
        }
    }
}

async fn write_reports(
    mut reports: mpsc::UnboundedReceiver<SourceReport>,
    mut output: impl AsyncWrite + Unpin,
) -> std::io::Result<()> {
    while let Some(report) = reports.recv().await {
        output.write_all(wire::line(&report).as_bytes()).await?;
        output.flush().await?;
    }
    Ok(())
}
