//! What a digest knows beyond its own highlights, end to end through `digest --dry-run` on a
//! real SQLite file: the overview's change against the previous period (from the store's
//! counts) and, past `[digest].max_items`, how many more wait and how to list them.

mod smtp_server;

use std::path::Path;
use std::process::Command;

use chrono::{Duration, Utc};
use regionwatch::store::Store;
use smtp_server::seed::{article, highlight};

/// `regionwatch ARGS -c CONFIG`, with `extra` appended to a config that names the database.
fn regionwatch(dir: &Path, extra: &str, args: &[&str]) -> String {
    let config = dir.join("regionwatch.toml");
    let database = dir.join("rw.db");
    let text = format!("database = {:?}\n{extra}", database.to_str().unwrap());
    std::fs::write(&config, text).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_regionwatch"))
        .args(args)
        .arg("-c")
        .arg(&config)
        .env_remove("REGIONWATCH_CONFIG")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    String::from_utf8(out.stdout).unwrap()
}

/// A daily digest whose first issue also covers the 36-hour-old highlight of [`seeded`].
const LOOK_BACK_3_DAYS: &str =
    "[digest]\nschedule = \"0 8 * * *\"\nfirst_digest_lookback_hours = 72\n";

/// One Hainan highlight first seen 36 hours ago, three in the last hour.
fn seeded(dir: &Path) {
    let mut store = Store::open(&dir.join("rw.db")).unwrap();
    let now = Utc::now();
    let hainan = |text: &str| highlight("460000", "Hainan", text, &[]);
    let old = vec![hainan("Yangpu opens.")];
    let url = "https://english.news.cn/old.html";
    article(&mut store, url, "Old", old, now - Duration::hours(36));
    let new = vec![
        hainan("Sanya adds routes."),
        hainan("Haikou cuts tariffs."),
        hainan("Danzhou pilots."),
    ];
    let url = "https://english.news.cn/new.html";
    article(&mut store, url, "New", new, now - Duration::hours(1));
}

#[test]
fn the_overview_compares_with_the_previous_period_counted_in_the_store() {
    let dir = tempfile::tempdir().unwrap();
    seeded(dir.path());
    // The default schedule is daily: the previous period is 48 to 24 hours ago. A first digest
    // looks back one period unless told otherwise; three days take in the 36-hour-old one.
    let text = regionwatch(dir.path(), LOOK_BACK_3_DAYS, &["digest", "--dry-run"]);
    let row = text.lines().find(|l| l.starts_with("Hainan ")).unwrap();
    assert!(row.contains(" 4 ") && row.contains("up from 1"), "{text}");
    // Weekly: the previous period is 14 to 7 days ago, when nothing was seen.
    let weekly = "[digest]\nschedule = \"0 8 * * 1\"\n";
    let text = regionwatch(dir.path(), weekly, &["digest", "--dry-run"]);
    let row = text.lines().find(|l| l.starts_with("Hainan ")).unwrap();
    assert!(row.contains("none before"), "{text}");
}

#[test]
fn past_max_items_the_digest_says_how_many_more_wait_and_how_to_list_them() {
    let dir = tempfile::tempdir().unwrap();
    seeded(dir.path());
    let capped =
        "[digest]\nschedule = \"0 8 * * *\"\nmax_items = 3\nfirst_digest_lookback_hours = 72\n";
    let text = regionwatch(dir.path(), capped, &["digest", "--dry-run"]);
    assert!(text.contains("3 highlights in 2 articles"), "{text}");
    assert!(
        text.contains("1 more highlight waits for the next digest"),
        "{text}"
    );
    assert!(text.contains("  regionwatch list --since 20"), "{text}");
    let all = regionwatch(dir.path(), LOOK_BACK_3_DAYS, &["digest", "--dry-run"]);
    assert!(!all.contains("more highlight"), "{all}");
}

#[test]
fn the_previous_count_passes_through_the_recipients_filters_as_its_own_count_does() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("rw.db")).unwrap();
    let now = Utc::now();
    let mut trade = highlight("460000", "Hainan", "Yangpu exports more.", &[]);
    trade.themes = vec!["foreign-trade".into()];
    let url = "https://english.news.cn/old.html";
    article(
        &mut store,
        url,
        "Old",
        vec![trade],
        now - Duration::hours(36),
    );
    let zone = highlight("460000", "Hainan", "Sanya adds routes.", &[]);
    let url = "https://english.news.cn/new.html";
    article(&mut store, url, "New", vec![zone], now - Duration::hours(1));
    drop(store);
    // Daily: the previous period is 48 to 24 hours ago, which holds only the trade highlight.
    let recipients = "[[recipients]]\nemail = \"all@example.org\"\n\
        [[recipients]]\nemail = \"zones@example.org\"\nthemes = [\"free-trade-zone\"]\n";
    let text = regionwatch(dir.path(), recipients, &["digest", "--dry-run"]);
    let (all, zones) = text.split_once("==== To: zones@example.org").unwrap();
    let row = |text: &str| {
        text.lines()
            .find(|l| l.starts_with("Hainan "))
            .unwrap()
            .to_owned()
    };
    assert!(row(all).contains("as before"), "{text}");
    assert!(row(zones).contains("none before"), "{text}");
}
