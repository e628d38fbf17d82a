//! What the pipeline tests share: a config file in a temporary folder, the
//! real `regionwatch` binary run against it, and readers of what it stored.

#![allow(dead_code)] // each test binary uses a different part of it

use assert_cmd::Command;
use regionwatch::store::Store;
use std::path::{Path, PathBuf};
use std::process::Output;

/// A temporary folder holding a config file and its database.
pub struct Workspace {
    pub dir: tempfile::TempDir,
}

impl Workspace {
    pub fn new() -> Self {
        Workspace {
            dir: tempfile::tempdir().expect("a temporary folder"),
        }
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("regionwatch.db")
    }

    /// Writes `name` with private networks allowed, no politeness delay, `fetch_extra`
    /// lines in `[fetch]`, and the given `[[sources]]` tables.
    pub fn config(&self, name: &str, fetch_extra: &str, sources: &[String]) -> PathBuf {
        let allow = if fetch_extra.contains("allow_private_networks") {
            ""
        } else {
            "allow_private_networks = true\n"
        };
        let text = format!(
            "database = {db:?}\ntimezone = \"Asia/Shanghai\"\n\n[fetch]\n\
             user_agent = \"regionwatch-test/0.1 (+mailto:ops@example.org)\"\n\
             min_delay_ms = 0\njitter = 0.0\n{allow}{fetch_extra}\n\n{sources}",
            db = self.db(),
            sources = sources.join("\n"),
        );
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).expect("write the config");
        path
    }

    pub fn store(&self) -> Store {
        Store::open(&self.db()).expect("open the database")
    }

    pub fn sql(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(self.db()).expect("open the database")
    }
}

/// A `[[sources]]` table; `extra` holds further `key = value` lines.
pub fn source(name: &str, url: &str, kind: &str, extra: &str) -> String {
    format!(
        "[[sources]]\nname = {name:?}\nurl = {url:?}\nkind = {kind:?}\nschedule = \"*/30 * * * *\"\n{extra}\n"
    )
}

/// `regionwatch ARGS -c CONFIG`, its output whatever the exit code.
pub fn regionwatch(config: &Path, args: &[&str]) -> Output {
    Command::cargo_bin("regionwatch")
        .expect("the regionwatch binary")
        .args(args)
        .arg("-c")
        .arg(config)
        .env_remove("RUST_LOG")
        .output()
        .expect("run regionwatch")
}

/// `regionwatch once`, which must succeed.
pub fn once_ok(config: &Path) -> Output {
    let out = regionwatch(config, &["once"]);
    assert!(out.status.success(), "once failed:\n{}", shown(&out));
    out
}

/// Stored highlights as `export --format jsonl` prints them.
pub fn export(config: &Path) -> Vec<serde_json::Value> {
    let out = regionwatch(config, &["export", "--format", "jsonl"]);
    assert!(out.status.success(), "export failed:\n{}", shown(&out));
    String::from_utf8(out.stdout)
        .expect("UTF-8 output")
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON object per line"))
        .collect()
}

pub fn shown(out: &Output) -> String {
    format!(
        "status {:?}\n--- stdout\n{}\n--- stderr\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Canonical URLs of the stored articles, sorted.
pub fn article_urls(ws: &Workspace) -> Vec<String> {
    let conn = ws.sql();
    let mut stmt = conn
        .prepare("SELECT canonical_url FROM articles ORDER BY canonical_url")
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// `(highlight count, highlight-article link count)`.
pub fn highlight_counts(ws: &Workspace) -> (i64, i64) {
    let conn = ws.sql();
    let count = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    (
        count("SELECT count(*) FROM highlights"),
        count("SELECT count(*) FROM highlight_articles"),
    )
}
