//! Counts per region over time: the store's window and weekly counts and `regionwatch trends`
//! (table within 80 columns, CSV with every week), on a real SQLite file.

mod smtp_server;

use std::path::Path;
use std::process::Command;

use chrono::{DateTime, Duration, TimeZone, Utc};
use regionwatch::store::{RegionCount, Store, WeekCount};
use smtp_server::seed::{article, highlight};

/// Monday 2 March 2026 (ISO week 10) plus `weeks` weeks and `hours` hours.
fn week(weeks: i64, hours: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 0, 0, 0).unwrap()
        + Duration::weeks(weeks)
        + Duration::hours(hours)
}

/// Hainan in weeks 10 and 11; in week 11 one article also carries a Guangdong highlight, and
/// a second article repeats a Hainan highlight (one highlight, two articles).
fn seeded(path: &Path) -> Store {
    let mut store = Store::open(path).unwrap();
    let hainan = |text: &str| highlight("460000", "Hainan", text, &[]);
    let url = |name: &str| format!("https://english.news.cn/2026/{name}.html");
    article(
        &mut store,
        &url("a"),
        "A",
        vec![hainan("Yangpu opens."), hainan("Sanya adds routes.")],
        week(0, 1),
    );
    article(
        &mut store,
        &url("b"),
        "B",
        vec![
            hainan("Haikou cuts tariffs."),
            highlight("440000", "Guangdong", "Shenzhen eases rules.", &[]),
        ],
        week(1, 1),
    );
    article(
        &mut store,
        &url("c"),
        "C",
        vec![hainan("Haikou cuts tariffs.")],
        week(1, 30),
    );
    store
}

fn count(code: &str, region: &str, highlights: u64, articles: u64) -> RegionCount {
    RegionCount {
        region_code: code.into(),
        region: region.into(),
        highlights,
        articles,
    }
}

#[test]
fn region_counts_cover_a_half_open_window_with_distinct_articles() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded(&dir.path().join("rw.db"));
    assert_eq!(
        store.region_counts(week(1, 0), week(2, 0)).unwrap(),
        [
            count("440000", "Guangdong", 1, 1),
            count("460000", "Hainan", 1, 2)
        ]
    );
    assert_eq!(
        store.region_counts(week(0, 0), week(1, 1)).unwrap(),
        [count("460000", "Hainan", 2, 1)],
        "the end is excluded"
    );
    assert!(
        store
            .region_counts(week(3, 0), week(4, 0))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn weekly_counts_are_region_counts_per_iso_week_cut_at_both_ends() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded(&dir.path().join("rw.db"));
    let row = |week: &str, code: &str, region: &str, highlights, articles| WeekCount {
        week: week.into(),
        region_code: code.into(),
        region: region.into(),
        highlights,
        articles,
    };
    assert_eq!(
        store.weekly_counts(week(0, 0), week(9, 0)).unwrap(),
        [
            row("2026-W10", "460000", "Hainan", 2, 1),
            row("2026-W11", "440000", "Guangdong", 1, 1),
            row("2026-W11", "460000", "Hainan", 1, 2),
        ]
    );
    // From Tuesday of week 10 (after article A) to Monday 02:00 of week 11 (before C, which
    // still counts: a highlight's articles are all those that carried it).
    assert_eq!(
        store.weekly_counts(week(0, 30), week(1, 2)).unwrap(),
        [
            row("2026-W11", "440000", "Guangdong", 1, 1),
            row("2026-W11", "460000", "Hainan", 1, 2),
        ]
    );
    assert!(
        store
            .weekly_counts(week(0, 2), week(1, 0))
            .unwrap()
            .is_empty()
    );
}

fn regionwatch(dir: &Path, args: &[&str]) -> String {
    let config = dir.join("regionwatch.toml");
    let database = dir.join("rw.db");
    std::fs::write(
        &config,
        format!("database = {:?}\n", database.to_str().unwrap()),
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_regionwatch"))
        .args(args)
        .arg("-c")
        .arg(&config)
        .env_remove("REGIONWATCH_CONFIG")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn trends_prints_a_table_within_80_columns_and_csv_with_every_week() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = seeded(&dir.path().join("rw.db"));
    // Fourteen weeks of Guangxi: more than 80 columns hold.
    for w in 0..14 {
        let text = format!("Qinzhou port adds route {w}.");
        let h = highlight("450000", "Guangxi", &text, &[]);
        article(
            &mut store,
            &format!("https://english.news.cn/gx/{w}.html"),
            &format!("Guangxi report {w}"),
            vec![h],
            week(w, 2),
        );
    }
    drop(store);
    let table = regionwatch(dir.path(), &["trends", "--since", "2026-03-01"]);
    assert!(table.lines().all(|l| l.chars().count() <= 80), "{table}");
    let header = table.lines().next().unwrap();
    assert!(
        header.starts_with("Region") && header.ends_with("26W23   Total"),
        "{table}"
    );
    assert!(
        !header.contains("26W10"),
        "the oldest weeks give way: {table}"
    );
    let guangxi = table.lines().find(|l| l.starts_with("Guangxi")).unwrap();
    assert!(guangxi.ends_with("      1       9"), "{guangxi}");
    assert!(
        table.contains("earlier weeks not shown: use --format csv"),
        "{table}"
    );

    let csv = regionwatch(
        dir.path(),
        &["trends", "--since", "2026-03-01", "--format", "csv"],
    );
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "week,region_code,region,highlights,articles");
    assert_eq!(lines[1], "2026-W10,450000,Guangxi,1,1");
    assert_eq!(lines[2], "2026-W10,460000,Hainan,2,1");
    assert_eq!(lines.len(), 1 + 14 + 3);
}
