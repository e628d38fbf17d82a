//! What the daemon test needs around `regionwatch run`: its config file
//! (schedules firing every few seconds, SMTP on loopback), the running child
//! with its log in a file, signals, and polling with a limit.

use crate::smtp_server::mime::Part;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Sources fetch every 2 s, the digest is composed every 3 s.
const SOURCE_SCHEDULE: &str = "*/2 * * * * *";
const DIGEST_SCHEDULE: &str = "*/3 * * * * *";
/// How often the polls look again.
const POLL: Duration = Duration::from_millis(100);

/// The daemon's config: the database, the SMTP port, `(name, sitemap URL)`
/// sources and the `[http]` listener's address.
pub struct DaemonConfig {
    pub db: PathBuf,
    pub smtp_port: u16,
    pub sources: Vec<(String, String)>,
    pub http_listen: &'static str,
}

impl DaemonConfig {
    pub fn write(&self, path: &Path) {
        let sources: String = self
            .sources
            .iter()
            .map(|(name, url)| {
                format!(
                    "[[sources]]\nname = {name:?}\nurl = {url:?}\nkind = \"sitemap\"\n\
                     schedule = {SOURCE_SCHEDULE:?}\n\n"
                )
            })
            .collect();
        let text = format!(
            "database = {db:?}\ntimezone = \"Asia/Shanghai\"\n\n\
             [fetch]\nuser_agent = \"regionwatch-test/0.1 (+mailto:ops@example.org)\"\n\
             min_delay_ms = 0\njitter = 0.0\nallow_private_networks = true\nobey_robots = true\n\n\
             {sources}\
             [digest]\nschedule = {DIGEST_SCHEDULE:?}\ntransport = \"smtp\"\n\n\
             [smtp]\nhost = \"127.0.0.1\"\nport = {port}\ntls = \"none\"\n\
             from = \"regionwatch <monitor@example.org>\"\ntimeout_secs = 10\n\n\
             [[recipients]]\nemail = \"Desk <desk@example.org>\"\n\n\
             [http]\nlisten = {listen:?}\n",
            db = self.db,
            port = self.smtp_port,
            listen = self.http_listen,
        );
        // Written whole and renamed, so a reload never reads half a file.
        let partial = path.with_extension("partial");
        std::fs::write(&partial, text).expect("write the config");
        std::fs::rename(&partial, path).expect("replace the config");
    }
}

/// `regionwatch run -c CONFIG` as a child process, its stderr in a log file.
/// Killed (SIGKILL) when dropped while still running, so a failed test leaves nothing behind.
pub struct Daemon {
    child: Mutex<Child>,
    log: PathBuf,
}

impl Daemon {
    pub fn start(config: &Path, log: &Path) -> Daemon {
        let file = std::fs::File::create(log).expect("create the log file");
        let child = Command::new(env!("CARGO_BIN_EXE_regionwatch"))
            .arg("run")
            .arg("-c")
            .arg(config)
            .env_remove("RUST_LOG")
            .env_remove("NOTIFY_SOCKET")
            .env_remove("WATCHDOG_USEC")
            .env_remove("JOURNAL_STREAM")
            .stdin(Stdio::null())
            .stdout(file.try_clone().expect("share the log file"))
            .stderr(file)
            .spawn()
            .expect("start regionwatch run");
        Daemon {
            child: Mutex::new(child),
            log: log.to_path_buf(),
        }
    }

    /// Everything the daemon logged so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Log lines that contain every one of `parts`.
    pub fn log_count(&self, parts: &[&str]) -> usize {
        self.log()
            .lines()
            .filter(|line| parts.iter().all(|p| line.contains(p)))
            .count()
    }

    pub fn is_running(&self) -> bool {
        self.child.lock().unwrap().try_wait().unwrap().is_none()
    }

    pub fn hang_up(&self) {
        self.signal("HUP");
    }

    /// Sends SIGTERM and waits up to `limit` for the exit.
    pub fn terminate(&self, limit: Duration) -> ExitStatus {
        self.signal("TERM");
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.lock().unwrap().try_wait().unwrap() {
                return status;
            }
            assert!(
                started.elapsed() < limit,
                "still running {limit:?} after SIGTERM:\n{}",
                self.log()
            );
            std::thread::sleep(POLL);
        }
    }

    /// Sends SIGTERM.
    pub fn stop(&self) {
        self.signal("TERM");
    }

    /// The exit status, once the daemon has exited.
    pub fn exited(&self) -> Option<ExitStatus> {
        self.child.lock().unwrap().try_wait().unwrap()
    }

    /// Process ids of the daemon's children (its worker), from each of its
    /// threads' `children` list in /proc (Linux).
    pub fn children(&self) -> Vec<u32> {
        let pid = self.child.lock().unwrap().id();
        let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
            return Vec::new();
        };
        tasks
            .flatten()
            .filter_map(|task| std::fs::read_to_string(task.path().join("children")).ok())
            .flat_map(|list| {
                list.split_whitespace()
                    .map(|p| p.parse().expect("a process id"))
                    .collect::<Vec<u32>>()
            })
            .collect()
    }

    /// The address of the latest `[http]` listener, from the log.
    pub fn http_addr(&self) -> Option<std::net::SocketAddr> {
        let log = self.log();
        let line = log
            .lines()
            .rfind(|l| l.contains("serving /healthz and /metrics"))?;
        line.split("addr=").nth(1)?.trim().parse().ok()
    }

    /// `GET path` from the `[http]` listener: the status code and the body.
    pub fn http_get(&self, path: &str) -> (u16, String) {
        use std::io::{Read, Write};
        let addr = self
            .http_addr()
            .expect("the [http] listener's address in the log");
        let mut stream = std::net::TcpStream::connect(addr).expect("connect to [http]");
        let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
        stream.write_all(request.as_bytes()).unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        let (head, body) = response.split_once("\r\n\r\n").expect("a head and a body");
        (
            head[9..12].parse().expect("a status code"),
            body.to_string(),
        )
    }

    fn signal(&self, name: &str) {
        let pid = self.child.lock().unwrap().id().to_string();
        let status = Command::new("kill")
            .args([&format!("-{name}"), &pid])
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -{name} {pid} failed");
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let child = self.child.get_mut().unwrap_or_else(|e| e.into_inner());
        if child.try_wait().ok().flatten().is_none() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Polls `check` until it gives a value; fails with the daemon's log after `limit`.
pub fn wait_until<T>(
    daemon: &Daemon,
    what: &str,
    limit: Duration,
    mut check: impl FnMut() -> Option<T>,
) -> T {
    let started = Instant::now();
    loop {
        if let Some(value) = check() {
            return value;
        }
        assert!(
            daemon.is_running(),
            "the daemon exited while waiting for {what}:\n{}",
            daemon.log()
        );
        assert!(
            started.elapsed() < limit,
            "no {what} after {limit:?}; the daemon logged:\n{}",
            daemon.log()
        );
        std::thread::sleep(POLL);
    }
}

/// The highlights (`  * text`) of a received digest's text part, without whitespace (see
/// [`squeeze`]): the text part wraps them at 78 columns, and a highlight's own lines end where
/// its speaker (`— `), figures or other articles begin.
pub fn highlight_lines(message: &[u8]) -> Vec<String> {
    let message = Part::parse(message);
    let text = match message.parts().into_iter().next() {
        Some(part) => part.text(),
        None => message.text(),
    };
    let mut found = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let Some(first) = line.strip_prefix("  * ") else {
            continue;
        };
        let mut highlight = first.to_owned();
        while let Some(more) = lines.peek().and_then(|l| l.strip_prefix("    ")) {
            if ["— ", "Figures: ", "Also in: "]
                .iter()
                .any(|m| more.starts_with(m))
            {
                break;
            }
            highlight.push_str(more);
            lines.next();
        }
        found.push(squeeze(&highlight));
    }
    found
}

/// `text` without whitespace, so a wrapped highlight compares equal to the stored one.
pub fn squeeze(text: &str) -> String {
    text.split_whitespace().collect()
}
