//! Source refreshes run in a worker process, so the daemon stays small.
//!
//! Extraction keeps caches (each regex keeps its matching state per thread
//! that used it) and the allocator keeps freed memory; in one long-lived
//! process that made an idle daemon 47 MB. The daemon therefore starts
//! `regionwatch worker` (its own executable) when a source is due, hands it
//! every source that comes due while it runs, and closes its stdin once the
//! last report is in: the worker exits and all its memory goes back to the
//! system. A worker that crashes (a page that defeats every guard) costs that
//! run's reports, not the daemon; one that hangs past the source's refresh
//! bound (`pipeline::refresh_limit`) is killed. [`wire`] is what they say to
//! each other.
//!
//! The worker is in its own process group, so a terminal's Ctrl-C reaches only
//! the daemon, which gives running refreshes the shutdown deadline; at exit
//! the daemon kills a worker still running (the database stays consistent).

mod serve;
pub mod wire;

pub use serve::{WorkerError, serve};

use crate::pipeline::SourceReport;
use std::collections::HashMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::process::{Child, ChildStdin, ChildStdout, Command};
use tokio::sync::{Mutex, oneshot};

/// How to start a worker: this executable with the arguments that make it one.
#[derive(Debug, Clone)]
pub struct WorkerCommand {
    pub program: PathBuf,
    pub args: Vec<OsString>,
}

impl WorkerCommand {
    /// The running executable (`/proc/self/exe`, the same build even after an
    /// upgrade replaced the file) as `regionwatch [global args] worker`.
    pub fn this_executable(global_args: Vec<OsString>) -> Self {
        let mut args = global_args;
        args.push("worker".into());
        WorkerCommand {
            program: PathBuf::from("/proc/self/exe"),
            args,
        }
    }
}

/// Numbers the workers, so a late report of one never reaches the next.
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// Refreshes sources in a worker process that runs while there is work.
#[derive(Clone)]
pub struct Workers {
    command: Arc<WorkerCommand>,
    hello: Arc<String>,
    current: Arc<Mutex<Option<Running>>>,
}

/// Where a refresh's outcome goes: the worker's report, or why none came.
type Reply = oneshot::Sender<Result<SourceReport, String>>;

/// The worker process of the moment, with the refreshes it owes a report.
struct Running {
    id: u64,
    pid: Option<u32>,
    stdin: ChildStdin,
    pending: HashMap<String, Reply>,
    /// Tells its reader to kill it (a refresh that never reports).
    kill: Option<oneshot::Sender<()>>,
}

impl Workers {
    /// Workers that run on this configuration text (validated by the caller).
    pub fn new(command: WorkerCommand, config_path: &Path, config_text: &str) -> Self {
        let hello = wire::line(&wire::Hello {
            config_path: config_path.to_owned(),
            config_text: config_text.to_owned(),
        });
        Workers {
            command: Arc::new(command),
            hello: Arc::new(hello),
            current: Arc::new(Mutex::new(None)),
        }
    }

    /// Refreshes the named source in the worker (starting one if none runs)
    /// and returns its report, or why the worker gave none: it could not
    /// start, it died, or it had no report after `limit` and was killed as
    /// stuck (the database stays consistent). The worker records a refresh it
    /// reports on; one it did not is the caller's to record.
    pub async fn refresh(&self, source: &str, limit: Duration) -> Result<SourceReport, String> {
        let (tx, rx) = oneshot::channel();
        self.send(source, tx).await?;
        match tokio::time::timeout(limit, rx).await {
            Ok(Ok(outcome)) => outcome,
            Ok(Err(_)) => Err("the worker process ended without a report".into()),
            Err(_) => {
                self.kill_stuck(source, limit).await;
                Err(format!(
                    "no report after {}s, more than any refresh within the fetch limits takes; the worker process was stopped (please report this with the log)",
                    limit.as_secs()
                ))
            }
        }
    }

    async fn kill_stuck(&self, source: &str, limit: Duration) {
        let mut current = self.current.lock().await;
        // The refresh is owed by the current worker, unless it ended meanwhile.
        let Some(running) = current.as_mut().filter(|r| r.pending.contains_key(source)) else {
            return;
        };
        tracing::error!(
            source,
            pid = running.pid,
            "no report after {}s: killing the worker process",
            limit.as_secs()
        );
        running.pending.remove(source);
        if let Some(kill) = running.kill.take() {
            let _ = kill.send(());
        }
    }

    /// The process id of the worker running now, if one is.
    pub async fn running_worker(&self) -> Option<u32> {
        self.current.lock().await.as_ref().and_then(|r| r.pid)
    }

    async fn send(&self, source: &str, reply: Reply) -> Result<(), String> {
        let mut current = self.current.lock().await;
        if current.is_none() {
            *current = Some(self.start().await?);
        }
        let running = current.as_mut().expect("started above");
        running.pending.insert(source.to_owned(), reply);
        let request = wire::line(&wire::Refresh {
            source: source.to_owned(),
        });
        if let Err(e) = running.stdin.write_all(request.as_bytes()).await {
            // The worker is gone; its reader answers whatever it still owed.
            running.pending.remove(source);
            *current = None;
            return Err(format!("the worker process stopped taking requests: {e}"));
        }
        Ok(())
    }

    async fn start(&self) -> Result<Running, String> {
        let mut child = Command::new(&self.command.program)
            // `ps` shows "regionwatch ... worker", not "/proc/self/exe ... worker".
            .arg0("regionwatch")
            .args(&self.command.args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            // Only the daemon talks to systemd (NotifyAccess=main).
            .env_remove("NOTIFY_SOCKET")
            .env_remove("WATCHDOG_USEC")
            .env_remove("WATCHDOG_PID")
            .process_group(0)
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| {
                format!(
                    "cannot start the worker process {}: {e}",
                    self.command.program.display()
                )
            })?;
        let mut stdin = child.stdin.take().expect("stdin is piped");
        let stdout = child.stdout.take().expect("stdout is piped");
        stdin
            .write_all(self.hello.as_bytes())
            .await
            .map_err(|e| format!("the worker process did not take its configuration: {e}"))?;
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        tracing::debug!(pid = child.id(), worker = id, "worker process started");
        let pid = child.id();
        let (kill, killed) = oneshot::channel();
        let reader = Reader {
            current: self.current.clone(),
            id,
            child,
            killed,
        };
        tokio::spawn(reader.read_reports(stdout));
        Ok(Running {
            id,
            pid,
            stdin,
            pending: HashMap::new(),
            kill: Some(kill),
        })
    }
}

/// Reads a worker's reports (its stdout) and hands each to its caller; owns
/// the process, so it is the one to kill a stuck worker and to see it end.
struct Reader {
    current: Arc<Mutex<Option<Running>>>,
    id: u64,
    child: Child,
    killed: oneshot::Receiver<()>,
}

impl Reader {
    async fn read_reports(mut self, stdout: ChildStdout) {
        let mut lines = BufReader::new(stdout).lines();
        loop {
            let line = tokio::select! {
                line = lines.next_line() => line,
                Ok(()) = &mut self.killed => {
                    let _ = self.child.start_kill();
                    break;
                }
            };
            let Ok(Some(line)) = line else { break };
            self.hand_over(&line).await;
        }
        self.finish().await;
    }

    /// Gives a report to its caller; after the last one owed, closes the
    /// worker's stdin so it exits.
    async fn hand_over(&self, line: &str) {
        let id = self.id;
        let report: SourceReport = match wire::parse(line) {
            Ok(report) => report,
            Err(e) => {
                tracing::error!(worker = id, "the worker process wrote {line:?}: {e}");
                return;
            }
        };
        let mut current = self.current.lock().await;
        let Some(running) = current.as_mut().filter(|r| r.id == id) else {
            return;
        };
        if let Some(reply) = running.pending.remove(&report.source) {
            let _ = reply.send(Ok(report));
        }
        if running.pending.is_empty() {
            *current = None; // closes its stdin: the worker finishes and exits
        }
    }

    /// The worker has ended: whatever it still owed fails, saying how it ended.
    async fn finish(mut self) {
        let ended = match self.child.wait().await {
            Ok(status) if status.success() => "the worker process exited".to_string(),
            Ok(status) => format!("the worker process failed ({status}); see the log above"),
            Err(e) => format!("the worker process could not be waited for: {e}"),
        };
        tracing::debug!(worker = self.id, "{ended}");
        let mut current = self.current.lock().await;
        if let Some(running) = current.take_if(|r| r.id == self.id) {
            for reply in running.pending.into_values() {
                let _ = reply.send(Err(ended.clone()));
            }
        }
    }
}
