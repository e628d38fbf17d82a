//! `list` and `status` fit an 80-column terminal (issue 12, acceptance 4): long English and
//! Chinese text, long URLs and long errors wrap inside the table; `--format json` keeps the
//! full text. Run as the real binary with its output piped (not a terminal), where the table
//! is 80 columns wide unless `COLUMNS` says otherwise.

mod smtp_server;

use assert_cmd::Command;
use regionwatch::store::{NewDigest, QueuedMessage, Store};
use smtp_server::seed::{article, at, highlight};

const LONG_EN: &str = "Hainan will open the Yangpu international container port to foreign shipping lines, cut tariffs on 6,600 items to zero across the whole island and let foreign banks set up wholly owned branches, the provincial government announced on Monday.";
const LONG_ZH: &str = "海南自由贸易港将于12月18日正式启动全岛封关运作，实行以“零关税”为基本特征的自由化便利化制度安排，进口税目零关税比例由21%提高到74%左右。";
const LONG_URL: &str = "https://english.news.cn/20251218/a1c4f2e8b9d04c7a9e1f3b6d8c2a7e51a1c4f2e8b9d04c7a9e1f3b6d8c2a7e51/c.html";

/// Display columns of a line: East Asian wide characters count 2.
fn columns(line: &str) -> usize {
    line.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F
            | 0x2E80..=0x303E
            | 0x3041..=0x33FF
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xA000..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6
            | 0x20000..=0x3FFFD => 2,
            _ => 1,
        })
        .sum()
}

fn assert_fits(output: &str, width: usize) {
    assert!(output.lines().count() > 3, "{output}");
    for line in output.lines() {
        assert!(
            columns(line) <= width,
            "{} columns > {width}: {line}\n{output}",
            columns(line)
        );
    }
}

/// A config and a database with long highlights, a failing source and a failed digest.
fn setup(dir: &std::path::Path) -> std::path::PathBuf {
    let db = dir.join("rw.db");
    let mut store = Store::open(&db).unwrap();
    article(
        &mut store,
        LONG_URL,
        "Hainan opens up",
        vec![
            highlight("460000", "Hainan", LONG_EN, &[]),
            highlight("460000", "海南", LONG_ZH, &[]),
        ],
        at(1),
    );
    let id = store
        .upsert_source(
            "xinhua-english-china-business-and-economy",
            "https://english.news.cn/list/china-business.htm",
            "html",
        )
        .unwrap();
    let error = format!(
        "fetching {LONG_URL}: HTTP 503 Service Unavailable; 服务暂时不可用，请稍后再试 (retried 3 times)"
    );
    store.record_source_outcome(id, Err(&error)).unwrap();
    let new = NewDigest {
        recipient: "a-rather-long-recipient-address@analysts.example.org".into(),
        sender: "monitor@example.org".into(),
        highlight_ids: vec![1],
    };
    let digest = store
        .create_digest(&new, at(2), |id| {
            Ok(QueuedMessage {
                message_id: format!("<digest-{id}@example.org>"),
                subject: "s".into(),
                bytes: b"Subject: s\r\n\r\nbody\r\n".to_vec(),
            })
        })
        .unwrap();
    store.mark_failed(digest, &error).unwrap();
    let config = dir.join("rw.toml");
    std::fs::write(
        &config,
        format!("database = {:?}\n", db.display().to_string()),
    )
    .unwrap();
    config
}

fn run(config: &std::path::Path, args: &[&str], columns: Option<&str>) -> String {
    let mut cmd = Command::cargo_bin("regionwatch").unwrap();
    cmd.args(args).arg("-c").arg(config);
    match columns {
        Some(c) => cmd.env("COLUMNS", c),
        None => cmd.env_remove("COLUMNS"),
    };
    let out = cmd.output().unwrap();
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn list_fits_80_columns_and_json_keeps_the_full_text() {
    let dir = tempfile::tempdir().unwrap();
    let config = setup(dir.path());
    let table = run(&config, &["list"], None);
    assert_fits(&table, 80);
    assert!(table.contains("海南自由贸易港"), "{table}");
    let wide = run(&config, &["list"], Some("120"));
    assert_fits(&wide, 120);
    assert!(
        wide.lines().any(|l| columns(l) > 80),
        "COLUMNS widens the table\n{wide}"
    );

    let json = run(&config, &["list", "--format", "json"], None);
    let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
    let texts: Vec<&str> = parsed
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["text"].as_str().unwrap())
        .collect();
    assert!(
        texts.contains(&LONG_EN) && texts.contains(&LONG_ZH),
        "{json}"
    );
    assert!(json.contains(LONG_URL));
}

#[test]
fn status_fits_80_columns() {
    let dir = tempfile::tempdir().unwrap();
    let config = setup(dir.path());
    let status = run(&config, &["status"], None);
    assert_fits(&status, 80);
    assert!(status.contains("Failed digests: 1"), "{status}");
    assert!(
        status.matches("times)").count() == 2,
        "both errors are wrapped, not cut\n{status}"
    );
}

#[test]
fn list_names_the_division_that_holds_a_zone_given_as_a_region() {
    let dir = tempfile::tempdir().unwrap();
    let config = setup(dir.path());
    let out = Command::cargo_bin("regionwatch")
        .unwrap()
        .args(["list", "--region", "Qianhai", "-c"])
        .arg(&config)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("\"Qianhai\" lies in Shenzhen (440300)"),
        "{stderr}"
    );
}
