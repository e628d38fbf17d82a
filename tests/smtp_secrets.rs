//! No secret in any log: real authenticated SMTP sessions (AUTH PLAIN and
//! AUTH LOGIN, against the raw loopback server) through the command line,
//! `send-test-email`, `digest send` and the daemon (`run`), at every
//! verbosity and in both log formats; stdout and stderr must hold neither
//! the password nor any encoding of it that lettre's SMTP transcript would show.

mod smtp_server;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use smtp_server::raw::{Behaviour, RawServer};
use smtp_server::seed;

const USER: &str = "monitor@example.org";
const PASSWORD: &str = "Zq8-vault-Hx3!secret";
const PASSWORD_ENV: &str = "REGIONWATCH_TEST_SMTP_PASSWORD";

/// Standard base64 with padding (what AUTH PLAIN and AUTH LOGIN send).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Every form of the secret a log line could carry.
fn secret_forms() -> Vec<(&'static str, String)> {
    vec![
        ("the password", PASSWORD.to_owned()),
        (
            "AUTH PLAIN's base64",
            base64(format!("\0{USER}\0{PASSWORD}").as_bytes()),
        ),
        ("AUTH LOGIN's base64 password", base64(PASSWORD.as_bytes())),
        ("AUTH LOGIN's base64 username", base64(USER.as_bytes())),
        ("user:password", format!("{USER}:{PASSWORD}")),
        ("user\\0password", format!("{USER}\0{PASSWORD}")),
    ]
}

/// The config: a digest at `schedule`, sent through the server at `smtp_port` with a login.
fn write_config(dir: &Path, smtp_port: u16, schedule: &str) -> std::path::PathBuf {
    let path = dir.join("regionwatch.toml");
    let text = format!(
        "database = {db:?}\ntimezone = \"Asia/Shanghai\"\n\n\
         [digest]\nschedule = {schedule:?}\ntransport = \"smtp\"\n\n\
         [smtp]\nhost = \"127.0.0.1\"\nport = {smtp_port}\ntls = \"none\"\n\
         username = {USER:?}\npassword_env = {PASSWORD_ENV:?}\n\
         from = \"regionwatch <monitor@example.org>\"\ntimeout_secs = 10\n\n\
         [[recipients]]\nemail = \"Desk <desk@example.org>\"\n",
        db = dir.join("rw.db"),
    );
    std::fs::write(&path, text).unwrap();
    path
}

/// Runs `regionwatch {verbosity} --log-format {format} {command} -c CONFIG`
/// (with `RUST_LOG` only if given); returns stdout and stderr together,
/// after checking it succeeded.
fn run_cli(
    config: &Path,
    command: &[&str],
    verbosity: &str,
    format: &str,
    rust_log: Option<&str>,
) -> String {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_regionwatch"));
    if !verbosity.is_empty() {
        cmd.arg(verbosity);
    }
    match rust_log {
        Some(directives) => cmd.env("RUST_LOG", directives),
        None => cmd.env_remove("RUST_LOG"),
    };
    let output = cmd
        .args(["--log-format", format])
        .args(command)
        .arg("-c")
        .arg(config)
        .env(PASSWORD_ENV, PASSWORD)
        .env_remove("JOURNAL_STREAM")
        .output()
        .expect("regionwatch runs");
    let text = format!(
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "{command:?} {verbosity}: {text}");
    text
}

/// Fails if any form of the secret is in `output`.
fn assert_no_secret(output: &str, context: &str) {
    for (what, secret) in secret_forms() {
        assert!(
            !output.contains(&secret),
            "{what} ({secret:?}) in the output of {context}:\n{output}"
        );
    }
}

/// The session really logged in: the server saw the credentials.
fn assert_logged_in(server: &RawServer, behaviour: Behaviour) {
    let transcript = server.transcript();
    let expected = match behaviour {
        Behaviour::AuthLoginOnly => base64(PASSWORD.as_bytes()),
        _ => base64(format!("\0{USER}\0{PASSWORD}").as_bytes()),
    };
    assert!(transcript.contains(&expected), "no login in {transcript}");
}

/// One authenticated session of `command` against a fresh server and
/// database; fails if any form of the secret is in the output.
fn send_and_check(
    behaviour: Behaviour,
    command: &[&str],
    verbosity: &str,
    format: &str,
    rust_log: Option<&str>,
) -> String {
    let server = RawServer::start(behaviour);
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path(), server.addr.port(), "0 8 * * *");
    // Something to send: `digest send` sends nothing without new highlights.
    drop(seed::recent(&dir.path().join("rw.db")));
    let output = run_cli(&config, command, verbosity, format, rust_log);
    assert_logged_in(&server, behaviour);
    assert_eq!(server.accepted().len(), 1, "{command:?}: {output}");
    let context = format!(
        "{command:?} {verbosity} --log-format {format} RUST_LOG={rust_log:?} ({behaviour:?})"
    );
    assert_no_secret(&output, &context);
    output
}

const COMMANDS: [&[&str]; 2] = [&["send-test-email"], &["digest", "send"]];
const MECHANISMS: [Behaviour; 2] = [Behaviour::AuthWithoutStarttls, Behaviour::AuthLoginOnly];

#[test]
fn no_verbosity_and_no_log_format_shows_the_smtp_password() {
    for behaviour in MECHANISMS {
        for command in COMMANDS {
            for format in ["text", "json"] {
                for verbosity in ["", "-v", "-vv", "-vvv"] {
                    let output = send_and_check(behaviour, command, verbosity, format, None);
                    if verbosity == "-vvv" && command[0] == "digest" {
                        // The logs are on: the test would see a leak.
                        assert!(output.contains("sending digest"), "{output}");
                    }
                }
            }
        }
    }
}

/// RUST_LOG opens any crate's debug output, but never lettre's: it is the
/// SMTP transcript.
#[test]
fn rust_log_cannot_turn_the_smtp_transcript_on() {
    for rust_log in [
        "trace",
        "lettre=trace",
        "lettre::transport::smtp::client=trace",
    ] {
        for format in ["text", "json"] {
            for behaviour in MECHANISMS {
                send_and_check(behaviour, COMMANDS[0], "", format, Some(rust_log));
            }
        }
    }
}

/// `regionwatch {verbosity} --log-format {format} run` until its first
/// digest is accepted; returns its log (stdout and stderr).
fn daemon_log(verbosity: &str, format: &str) -> String {
    let server = RawServer::start(Behaviour::AuthWithoutStarttls);
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path(), server.addr.port(), "* * * * * *");
    drop(seed::recent(&dir.path().join("rw.db")));
    let log_path = dir.path().join("daemon.log");
    let log = std::fs::File::create(&log_path).unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_regionwatch"));
    if !verbosity.is_empty() {
        cmd.arg(verbosity);
    }
    let mut child = cmd
        .args(["--log-format", format, "run", "-c"])
        .arg(&config)
        .env(PASSWORD_ENV, PASSWORD)
        .env_remove("RUST_LOG")
        .env_remove("JOURNAL_STREAM")
        .env_remove("NOTIFY_SOCKET")
        .env_remove("WATCHDOG_USEC")
        .stdin(Stdio::null())
        .stdout(log.try_clone().unwrap())
        .stderr(log)
        .spawn()
        .expect("start regionwatch run");
    let started = Instant::now();
    while server.accepted().is_empty() && started.elapsed() < Duration::from_secs(30) {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50)); // polling, not waiting for luck
    }
    let _ = child.kill();
    let _ = child.wait();
    let output = std::fs::read_to_string(&log_path).unwrap();
    assert_eq!(server.accepted().len(), 1, "no digest sent:\n{output}");
    assert_logged_in(&server, Behaviour::AuthWithoutStarttls);
    output
}

/// The daemon logs at info without `-v`, and `-v` means info there too (it
/// used to add a level, so `run -v` printed lettre's transcript).
#[test]
fn the_daemon_logs_no_smtp_password_at_any_verbosity() {
    for format in ["text", "json"] {
        for verbosity in ["", "-v", "-vv", "-vvv"] {
            let output = daemon_log(verbosity, format);
            assert!(output.contains("sending digest"), "{output}");
            assert_no_secret(&output, &format!("run {verbosity} --log-format {format}"));
            if verbosity.len() < 3 {
                assert!(!output.contains("DEBUG"), "{output}");
            }
        }
    }
}
