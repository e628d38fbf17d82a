//! Commands whose reader goes away (`regionwatch demo | head -1`): a closed
//! stdout is a normal way to stop reading, so each command finishes its work
//! and exits 0 without a panic, instead of dying on the first `println!`.

use std::process::{Command, Output};

/// Runs the binary with `args` and a stdout pipe whose reading end is already closed.
fn with_closed_stdout(args: &[&str]) -> Output {
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    Command::new(env!("CARGO_BIN_EXE_regionwatch"))
        .args(args)
        .env_remove("RUST_LOG")
        .stdout(writer)
        .stderr(std::process::Stdio::piped())
        .output()
        .expect("regionwatch runs")
}

fn assert_quiet_success(output: &Output) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(output.status.code(), Some(0), "{stderr}");
}

#[test]
fn the_demo_finishes_its_work_when_stdout_is_closed() {
    let dir = tempfile::tempdir().unwrap();
    let demo_dir = dir.path().join("demo");
    let output = with_closed_stdout(&["demo", "--dir", demo_dir.to_str().unwrap()]);
    assert_quiet_success(&output);
    // The files the demo announces are all there, though nobody read the announcement.
    for file in [
        "regionwatch.toml",
        "digest-preview.html",
        "digest-preview.txt",
    ] {
        assert!(demo_dir.join(file).is_file(), "{file} missing");
    }
    let outbox = std::fs::read_dir(demo_dir.join("outbox")).expect("outbox");
    assert!(
        outbox
            .flatten()
            .any(|e| e.path().extension() == Some("eml".as_ref()))
    );
}

#[test]
fn the_query_and_mail_commands_exit_0_when_stdout_is_closed() {
    let page = "tests/fixtures/cli/page.html";
    assert_quiet_success(&with_closed_stdout(&["extract", page, page, page]));
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("regionwatch.toml");
    let database = dir.path().join("regionwatch.db");
    let recipient = "[[recipients]]\nemail = \"analyst@example.org\"\n";
    std::fs::write(&config, format!("database = {database:?}\n{recipient}")).unwrap();
    let config = config.to_str().unwrap();
    assert_quiet_success(&with_closed_stdout(&["check-config", "-c", config]));
    assert_quiet_success(&with_closed_stdout(&["digest", "--dry-run", "-c", config]));
    assert_quiet_success(&with_closed_stdout(&["status", "-c", config]));
    // The file transport: the test message lands in the outbox though nobody reads stdout.
    assert_quiet_success(&with_closed_stdout(&["send-test-email", "-c", config]));
    assert_quiet_success(&with_closed_stdout(&["digest", "send", "-c", config]));
    let outbox = std::fs::read_dir(dir.path().join("outbox")).expect("outbox");
    assert_eq!(outbox.flatten().count(), 1, "the test message");
}
