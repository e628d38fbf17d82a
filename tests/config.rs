//! Config loading: the example file parses, every kind of mistake is reported at the right
//! file, line, column and key, schedules fire when they should, and the effective config
//! printed by `check-config` loads back to the same values.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::TimeZone;
use chrono_tz::Tz;
use regionwatch::config::{self, Config, ConfigError, FetchSettings, Schedule, SourceKind};

const EXAMPLE: &str = "config/regionwatch.example.toml";

fn fixture(name: &str) -> PathBuf {
    Path::new("tests/fixtures/config").join(name)
}

fn load_ok(path: &Path) -> Config {
    config::load(path).unwrap_or_else(|error| panic!("{error}"))
}

fn write_temp(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("regionwatch.toml");
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

#[test]
fn example_config_parses_with_every_kind_of_source() {
    let config = load_ok(Path::new(EXAMPLE));
    assert_eq!(
        config.database,
        PathBuf::from("/var/lib/regionwatch/regionwatch.db")
    );
    assert_eq!(config.timezone, chrono_tz::Asia::Shanghai);
    assert_eq!(
        config.fetch.user_agent,
        "regionwatch/0.1 (+mailto:ops@example.org)"
    );
    assert!(!config.fetch.allow_private_networks);
    let kinds: Vec<SourceKind> = config.sources.iter().map(|s| s.kind).collect();
    assert_eq!(
        kinds,
        [
            SourceKind::Html,
            SourceKind::Html,
            SourceKind::XinhuaJson,
            SourceKind::XinhuaJson,
            SourceKind::Feed,
            SourceKind::Html,
            SourceKind::Sitemap,
        ]
    );
    let english = config.source("xinhua-english-china").unwrap();
    assert_eq!(
        english.url.as_str(),
        "https://english.news.cn/china/index.htm"
    );
    assert_eq!(english.schedule.as_str(), "*/30 * * * *");
    assert!(english.links.is_none(), "Xinhua URL shapes find the links");
    assert!(
        english.include[0]
            .is_match("https://english.news.cn/20251218/a1c4f2e8b9d04c7a9e1f3b6d8c2a7e51/c.html")
    );
    assert!(!english.include[0].is_match("https://english.news.cn/china/index.htm"));
    let json = config.source("xinhua-zh-local").unwrap();
    assert_eq!(
        json.url.as_str(),
        "https://www.news.cn/local/ds_5c5939c2f07b4d9c96de44dad32eadc8.json"
    );
    assert_eq!(json.max_articles_per_run, 100);
    assert_eq!(json.jitter, Duration::from_secs(20));
    assert!(!config.source("chinadaily-sitemap").unwrap().enabled);
    let govcn = config.source("govcn-latest-policies").unwrap();
    assert!(
        govcn.include[0].is_match("https://www.gov.cn/zhengce/content/202312/content_6921234.htm")
    );
    assert!(!govcn.include[0].is_match("https://www.gov.cn/zhengce/zuixin.htm"));
    assert_eq!(config.enabled_sources().count(), 6);
}

/// The example's sources are real public sites: every address is https on a known news or
/// government host, so none of them is a loopback test server (and no test fetches them:
/// the tests that load the example only parse it).
#[test]
fn example_sources_are_real_public_addresses() {
    let config = load_ok(Path::new(EXAMPLE));
    for source in &config.sources {
        let host = source.url.host_str().unwrap();
        assert_eq!(source.url.scheme(), "https", "{}", source.name);
        assert!(
            [
                "english.news.cn",
                "www.news.cn",
                "www.chinadaily.com.cn",
                "www.gov.cn"
            ]
            .contains(&host),
            "{}: {host}",
            source.name
        );
    }
}

#[test]
fn minimal_config_gets_every_default() {
    let (_dir, path) = write_temp("database = \"/var/lib/regionwatch/rw.db\"\n");
    let config = load_ok(&path);
    assert_eq!(config.timezone, chrono_tz::Asia::Shanghai);
    assert_eq!(config.path, path);
    assert!(config.sources.is_empty(), "zero sources is valid");
    let fetch = &config.fetch;
    assert_eq!(fetch, &FetchSettings::default());
    assert_eq!(fetch.min_delay, Duration::from_millis(1000));
    assert_eq!(fetch.jitter, 0.5);
    assert!(!fetch.allow_private_networks);
    assert_eq!(fetch.connect_timeout, Duration::from_secs(10));
    assert_eq!(fetch.timeout, Duration::from_secs(30));
    assert_eq!(fetch.max_body_bytes, 5 * 1024 * 1024);
    assert_eq!(fetch.max_redirects, 5);
    assert_eq!(fetch.attempts, 3);
    assert!(fetch.obey_robots);
    assert_eq!(
        fetch.user_agent,
        format!(
            "regionwatch/{} (+https://github.com/regionwatch/regionwatch)",
            env!("CARGO_PKG_VERSION")
        )
    );
}

#[test]
fn source_defaults() {
    let (_dir, path) = write_temp(
        "database = \"/var/lib/regionwatch/rw.db\"\n[[sources]]\nname = \"a\"\nurl = \"https://www.news.cn/\"\nkind = \"html\"\nschedule = \"0 * * * *\"\n",
    );
    let source = &load_ok(&path).sources[0];
    assert_eq!(source.max_articles_per_run, 50);
    assert_eq!(source.pagination_depth, 0);
    assert_eq!(
        source.jitter,
        Duration::ZERO,
        "runs start on the slot by default"
    );
    assert!(source.enabled);
    let hours: Vec<u64> = source
        .recheck_after
        .iter()
        .map(|d| d.as_secs() / 3600)
        .collect();
    assert_eq!(
        hours,
        [1, 6, 24],
        "known articles are re-checked after 1, 6 and 24 hours"
    );
    assert!(source.links.is_none() && source.include.is_empty() && source.exclude.is_empty());
    assert!(source.extraction.is_empty());
}

/// (fixture, "line:column", key, part of the message)
const BAD_CONFIGS: &[(&str, &str, &str, &str)] = &[
    (
        "unknown-key.toml",
        "6:1",
        "fetch.jiter",
        "unknown key `jiter`",
    ),
    (
        "extraction-unknown-key.toml",
        "12:1",
        "sources[0].extraction.author",
        "unknown key `author`",
    ),
    (
        "missing-database.toml",
        "1:1",
        "database",
        "required key is missing",
    ),
    (
        "missing-schedule.toml",
        "10:1",
        "sources[1].schedule",
        "required key is missing",
    ),
    (
        "wrong-type.toml",
        "5:16",
        "fetch.min_delay_ms",
        "invalid type: string \"1000\"",
    ),
    (
        "too-many-redirects.toml",
        "5:17",
        "fetch.max_redirects",
        "11 is out of range; use a value from 0 to 10",
    ),
    (
        "jitter-out-of-range.toml",
        "5:10",
        "fetch.jitter",
        "between 0.0 and 1.0",
    ),
    (
        "zero-articles.toml",
        "9:24",
        "sources[0].max_articles_per_run",
        "from 1 to 1000",
    ),
    (
        "jitter-too-long.toml",
        "9:15",
        "sources[0].jitter_secs",
        "3601 is out of range; use a value from 0 to 3600",
    ),
    (
        "recheck-not-increasing.toml",
        "9:31",
        "sources[0].recheck_after_hours[2]",
        "6 does not come after 24; list the hours in increasing order",
    ),
    (
        "recheck-zero-hours.toml",
        "9:24",
        "sources[0].recheck_after_hours[0]",
        "0 is out of range; use a value from 1 to 8760",
    ),
    (
        "recheck-on-article.toml",
        "9:23",
        "sources[0].recheck_after_hours",
        "checks its one page every run; remove recheck_after_hours",
    ),
    (
        "duplicate-key.toml",
        "6:1",
        "fetch.min_delay_ms",
        "key set twice",
    ),
    (
        "duplicate-name.toml",
        "17:8",
        "sources[2].name",
        "duplicate source name \"xinhua\" (also sources[0])",
    ),
    (
        "bad-name.toml",
        "5:8",
        "sources[0].name",
        "not a valid source name",
    ),
    (
        "invalid-url.toml",
        "6:7",
        "sources[0].url",
        "not a valid URL",
    ),
    (
        "bad-scheme.toml",
        "6:7",
        "sources[0].url",
        "scheme \"ftp\" is not supported",
    ),
    (
        "unknown-kind.toml",
        "7:8",
        "sources[0].kind",
        "unknown variant `rss`",
    ),
    (
        "cron-four-fields.toml",
        "8:12",
        "sources[0].schedule",
        "has 4 fields",
    ),
    (
        "cron-bad-hour.toml",
        "8:12",
        "sources[0].schedule",
        "not a valid cron expression",
    ),
    (
        "cron-31-february.toml",
        "14:12",
        "sources[1].schedule",
        "\"0 7 31 2 *\" never fires; use a date that exists",
    ),
    (
        "cron-29-february.toml",
        "8:12",
        "sources[0].schedule",
        "does not fire every year",
    ),
    (
        "invalid-selector.toml",
        "9:9",
        "sources[0].links",
        "not a valid CSS selector",
    ),
    (
        "links-on-feed.toml",
        "9:9",
        "sources[0].links",
        "only used by kind = \"html\"",
    ),
    (
        "invalid-regex.toml",
        "9:26",
        "sources[0].include[1]",
        "not a valid regular expression",
    ),
    (
        "unknown-timezone.toml",
        "3:12",
        "timezone",
        "unknown time zone \"Asia/Beijing\"",
    ),
    (
        "smtp-opportunistic.toml",
        "5:7",
        "smtp.tls",
        "\"opportunistic\" falls back to clear text",
    ),
    (
        "smtp-none-remote.toml",
        "6:7",
        "smtp.tls",
        "only allowed to a loopback host",
    ),
    (
        "smtp-two-passwords.toml",
        "9:16",
        "smtp.password_env",
        "more than one password source",
    ),
    (
        "recipient-bad-mailbox.toml",
        "4:9",
        "recipients[0].email",
        "not a valid mailbox",
    ),
    (
        "recipient-unknown-theme.toml",
        "8:30",
        "recipients[1].themes[1]",
        "unknown theme \"tourism\"",
    ),
    (
        "recipient-ambiguous-region.toml",
        "5:22",
        "recipients[0].regions[1]",
        "\"Fuzhou\" is ambiguous: 350100 (Fuzhou, Fujian), 361000 (Fuzhou, Jiangxi)",
    ),
    (
        "recipient-zone-region.toml",
        "5:22",
        "recipients[0].regions[1]",
        "\"Kaohsiung\" lies in Taiwan (710000), which has the nearest code; write \"Taiwan\" or \"710000\"",
    ),
    (
        "recipient-unknown-source.toml",
        "5:12",
        "recipients[0].sources[0]",
        "no configured source is called \"xinhua\"",
    ),
    (
        "digest-missing-schedule.toml",
        "3:1",
        "digest.schedule",
        "required key is missing",
    ),
    (
        "digest-unknown-variable.toml",
        "5:11",
        "digest.subject",
        "`cuont` is undefined",
    ),
    (
        "digest-smtp-without-server.toml",
        "5:13",
        "digest.transport",
        "needs an [smtp] table",
    ),
    (
        "digest-zero-items.toml",
        "5:13",
        "digest.max_items",
        "from 1 to 5000",
    ),
    (
        "http-not-loopback.toml",
        "4:10",
        "http.listen",
        "not a loopback address",
    ),
    (
        "http-bad-address.toml",
        "4:10",
        "http.listen",
        "is not an address and port",
    ),
    (
        "http-unknown-key.toml",
        "5:1",
        "http.port",
        "unknown key `port`",
    ),
];

#[test]
fn each_bad_config_names_file_line_column_and_key() {
    for (name, line_column, key, message) in BAD_CONFIGS {
        let path = fixture(name);
        let error = config::load(&path).expect_err(name);
        let shown = error.to_string();
        let expected_prefix = format!("{}:{line_column}: {key}: ", path.display());
        assert!(
            shown.starts_with(&expected_prefix),
            "{name}: expected prefix {expected_prefix:?}, got {shown:?}"
        );
        assert!(
            shown.contains(message),
            "{name}: {shown:?} lacks {message:?}"
        );
        let problem = error.problem().unwrap();
        assert_eq!(&problem.key, key, "{name}");
        assert_eq!(format!("{}:{}", problem.line, problem.column), *line_column);
    }
}

#[test]
fn every_fixture_is_covered() {
    let mut on_disk: Vec<String> = std::fs::read_dir("tests/fixtures/config")
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = BAD_CONFIGS.iter().map(|c| c.0.to_string()).collect();
    listed.sort();
    assert_eq!(on_disk, listed);
}

#[test]
fn every_error_says_what_to_do() {
    for (name, ..) in BAD_CONFIGS {
        let shown = config::load(&fixture(name)).unwrap_err().to_string();
        let advice = [
            "add ", "remove", "use ", "change", "give", "keep", "fix", "write",
        ];
        assert!(
            advice.iter().any(|word| shown.contains(word)),
            "{name}: no advice in {shown:?}"
        );
    }
}

#[test]
fn a_missing_file_names_the_path_and_the_way_to_choose_another() {
    let error = config::load(Path::new("tests/fixtures/no-such.toml")).unwrap_err();
    assert!(matches!(error, ConfigError::Read { .. }));
    let shown = error.to_string();
    assert!(
        shown.starts_with("tests/fixtures/no-such.toml: cannot read"),
        "{shown}"
    );
    assert!(shown.contains("--config") && shown.contains("REGIONWATCH_CONFIG"));
}

fn shanghai(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> chrono::DateTime<Tz> {
    chrono_tz::Asia::Shanghai
        .with_ymd_and_hms(y, mo, d, h, mi, s)
        .unwrap()
}

#[test]
fn five_field_schedules_run_on_the_minute() {
    let every_half_hour = Schedule::parse("*/30 * * * *", chrono_tz::Asia::Shanghai).unwrap();
    let at = shanghai(2026, 11, 26, 10, 7, 0);
    assert_eq!(
        every_half_hour.next_after(at),
        Some(shanghai(2026, 11, 26, 10, 30, 0))
    );
    // Strictly after: a time on the schedule gives the next one.
    let on = shanghai(2026, 11, 26, 10, 30, 0);
    assert_eq!(
        every_half_hour.next_after(on),
        Some(shanghai(2026, 11, 26, 11, 0, 0))
    );
}

#[test]
fn six_field_schedules_take_seconds_first() {
    let schedule = Schedule::parse("30 5 * * * *", chrono_tz::Asia::Shanghai).unwrap();
    let at = shanghai(2026, 11, 26, 10, 7, 0);
    assert_eq!(
        schedule.next_after(at),
        Some(shanghai(2026, 11, 26, 11, 5, 30))
    );
}

#[test]
fn seven_fields_with_a_year_are_refused() {
    let error = Schedule::parse("0 0 7 * * * 2027", chrono_tz::UTC).unwrap_err();
    assert!(error.contains("has 7 fields"), "{error}");
}

#[test]
fn day_of_month_and_day_of_week_combine_with_or() {
    // 09:00 on the 1st or on Mondays: 2026-11-30 is a Monday, before 1 December.
    let schedule = Schedule::parse("0 9 1 * mon", chrono_tz::Asia::Shanghai).unwrap();
    let at = shanghai(2026, 11, 26, 12, 0, 0);
    assert_eq!(
        schedule.next_after(at),
        Some(shanghai(2026, 11, 30, 9, 0, 0))
    );
}

#[test]
fn schedules_follow_the_zone_across_daylight_saving() {
    let berlin: Tz = "Europe/Berlin".parse().unwrap();
    let seven = Schedule::parse("0 7 * * *", berlin).unwrap();
    let utc = |d: u32, h: u32| {
        chrono_tz::UTC
            .with_ymd_and_hms(2027, 3, d, h, 0, 0)
            .unwrap()
    };
    // The time given in UTC is read on Berlin's wall clock.
    let before = seven.next_after(utc(27, 0)).unwrap();
    assert_eq!(before.with_timezone(&chrono_tz::UTC), utc(27, 6));
    let after = seven.next_after(utc(29, 0)).unwrap();
    assert_eq!(after.with_timezone(&chrono_tz::UTC), utc(29, 5));
}

#[test]
fn the_last_day_of_february_is_accepted() {
    assert!(Schedule::parse("0 7 28 2 *", chrono_tz::UTC).is_ok());
    assert!(Schedule::parse("0 7 L 2 *", chrono_tz::UTC).is_ok());
}

#[test]
fn schedules_use_the_configured_time_zone() {
    let (_dir, path) = write_temp(
        "database = \"/var/lib/regionwatch/rw.db\"\ntimezone = \"Europe/Berlin\"\n[[sources]]\nname = \"a\"\nurl = \"https://www.news.cn/\"\nkind = \"html\"\nschedule = \"0 7 * * *\"\n",
    );
    let config = load_ok(&path);
    let berlin: Tz = "Europe/Berlin".parse().unwrap();
    assert_eq!(config.timezone, berlin);
    assert_eq!(config.sources[0].schedule.timezone(), berlin);
}

fn assert_round_trip(original: &Config) {
    let printed = original.to_redacted_toml();
    let (_dir, path) = write_temp(&printed);
    let mut reparsed = config::load(&path).unwrap_or_else(|error| panic!("{error}\n{printed}"));
    reparsed.path = original.path.clone();
    assert_eq!(&reparsed, original, "{printed}");
}

#[test]
fn redacted_output_loads_back_to_the_same_config() {
    assert_round_trip(&load_ok(Path::new(EXAMPLE)));
    let (_dir, path) = write_temp("database = \"/var/lib/regionwatch/rw.db\"\n");
    assert_round_trip(&load_ok(&path));
}

#[test]
fn redacted_output_shows_the_defaults() {
    let (_dir, path) = write_temp(
        "database = \"/var/lib/regionwatch/rw.db\"\n[[sources]]\nname = \"a\"\nurl = \"https://www.news.cn/\"\nkind = \"feed\"\nschedule = \"0 * * * *\"\n",
    );
    let printed = load_ok(&path).to_redacted_toml();
    for line in [
        "timezone = \"Asia/Shanghai\"",
        "min_delay_ms = 1000",
        "max_body_bytes = 5242880",
        "attempts = 3",
        "obey_robots = true",
        "max_articles_per_run = 50",
        "jitter_secs = 0",
        "recheck_after_hours = [1, 6, 24]",
        "kind = \"feed\"",
    ] {
        assert!(
            printed.lines().any(|l| l == line),
            "{line:?} missing from\n{printed}"
        );
    }
}

#[test]
fn check_config_prints_a_summary_and_the_effective_config() {
    let out = config::check_config(Path::new(EXAMPLE)).unwrap();
    assert!(
        out.starts_with("# config/regionwatch.example.toml: valid; 7 source(s), 6 enabled\n"),
        "{out}"
    );
    let parsed: toml::Table = toml::from_str(&out).expect("check-config prints valid TOML");
    assert_eq!(parsed["sources"].as_array().unwrap().len(), 7);
}

#[test]
fn check_config_prints_each_sources_recheck_hours() {
    let out = config::check_config(Path::new(EXAMPLE)).unwrap();
    let parsed: toml::Table = toml::from_str(&out).unwrap();
    let sources = parsed["sources"].as_array().unwrap();
    let hours = |name: &str| {
        let source = sources.iter().find(|s| s["name"].as_str() == Some(name));
        source.unwrap().get("recheck_after_hours").cloned()
    };
    let listed = |h: &[i64]| Some(toml::Value::Array(h.iter().map(|&h| h.into()).collect()));
    assert_eq!(hours("xinhua-zh-local"), listed(&[1, 3, 12, 48]));
    assert_eq!(hours("chinadaily-china"), listed(&[1, 6, 24]));
    // An `article` source is its one page, checked every run: no schedule printed.
    let (_dir, path) = write_temp(
        "database = \"/var/lib/regionwatch/rw.db\"\n[[sources]]\nname = \"one\"\n\
         url = \"https://www.news.cn/a.htm\"\nkind = \"article\"\nschedule = \"0 * * * *\"\n",
    );
    let out = config::check_config(&path).unwrap();
    let parsed: toml::Table = toml::from_str(&out).unwrap();
    let article = &parsed["sources"].as_array().unwrap()[0];
    assert_eq!(
        article.get("recheck_after_hours"),
        None,
        "checked every run"
    );
}

#[test]
fn check_config_notes_an_empty_source_list() {
    let (_dir, path) = write_temp("database = \"/var/lib/regionwatch/rw.db\"\n");
    let out = config::check_config(&path).unwrap();
    assert!(out.contains("# note: no [[sources]]"), "{out}");
}

#[test]
fn check_config_errors_stay_config_errors_for_the_exit_code() {
    let error = config::check_config(&fixture("unknown-key.toml")).unwrap_err();
    assert!(error.downcast_ref::<ConfigError>().is_some());
}

#[test]
fn default_path_follows_the_environment() {
    let expected = match std::env::var_os(config::PATH_VARIABLE) {
        Some(path) if !path.is_empty() => PathBuf::from(path),
        _ => PathBuf::from("/etc/regionwatch/regionwatch.toml"),
    };
    assert_eq!(config::default_path(), expected);
}

#[test]
fn http_listener_is_optional_and_shown_by_check_config() {
    let (_dir, path) = write_temp("database = \"/tmp/r.db\"\n");
    assert_eq!(load_ok(&path).http, None);
    let (_dir, path) = write_temp("database = \"/tmp/r.db\"\n[http]\nlisten = \"[::1]:9464\"\n");
    let config = load_ok(&path);
    assert_eq!(
        config.http.as_ref().map(|h| h.listen),
        Some("[::1]:9464".parse().unwrap())
    );
    let shown = config.to_redacted_toml();
    assert!(shown.contains("[http]\nlisten = \"[::1]:9464\""), "{shown}");
}

/// `[smtp]` with `ca_file` pointing at `ca` (written into the config's folder when given).
fn smtp_with_ca_file(ca: Option<&[u8]>) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let ca_path = dir.path().join("relay-ca.pem");
    if let Some(bytes) = ca {
        std::fs::write(&ca_path, bytes).unwrap();
    }
    let text = format!(
        "database = \"/tmp/r.db\"\n\n[smtp]\nhost = \"relay.example.org\"\ntls = \"starttls\"\n\
         from = \"regionwatch <monitor@example.org>\"\nca_file = {ca_path:?}\n"
    );
    let path = dir.path().join("regionwatch.toml");
    std::fs::write(&path, text).unwrap();
    (dir, path, ca_path)
}

#[test]
fn smtp_ca_file_is_read_and_checked_at_load() {
    let pem = rcgen::generate_simple_self_signed(vec!["relay.example.org".to_string()])
        .unwrap()
        .cert
        .pem();
    let (_dir, path, ca_path) = smtp_with_ca_file(Some(pem.as_bytes()));
    let config = load_ok(&path);
    let ca = config.smtp.as_ref().unwrap().ca_file.as_ref().unwrap();
    assert_eq!(
        (ca.path.as_path(), ca.pem.as_slice()),
        (ca_path.as_path(), pem.as_bytes())
    );
    let shown = config.to_redacted_toml();
    assert!(
        shown.contains(&format!("ca_file = {:?}", ca_path.display().to_string())),
        "{shown}"
    );

    for (contents, message) in [
        (None, "cannot read"),
        (
            Some(&b"not a certificate\n"[..]),
            "holds no PEM certificate",
        ),
    ] {
        let (_dir, path, _) = smtp_with_ca_file(contents);
        let error = config::load(&path).expect_err(message);
        let problem = error.problem().expect("a located problem");
        assert_eq!(problem.key, "smtp.ca_file");
        assert_eq!(problem.line, 7);
        assert!(error.to_string().contains(message), "{error}");
    }
}

/// Loads `path` on another thread, so a load that blocks (say, opening a FIFO for reading)
/// fails the test after 20 s instead of hanging it.
fn load_within_deadline(path: &Path) -> Result<Config, ConfigError> {
    let path = path.to_path_buf();
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = sender.send(config::load(&path));
    });
    receiver
        .recv_timeout(Duration::from_secs(20))
        .expect("the load returned instead of hanging")
}

/// The error names `key` at `line_column` (or only the line when that has no `:`) and says `what`.
fn assert_problem(error: &ConfigError, key: &str, line_column: &str, what: &str) {
    let shown = error.to_string();
    let problem = error
        .problem()
        .unwrap_or_else(|| panic!("not a located problem: {shown}"));
    assert_eq!(problem.key, key, "{shown}");
    let at = if line_column.contains(':') {
        format!("{}:{}", problem.line, problem.column)
    } else {
        problem.line.to_string()
    };
    assert_eq!(at, line_column, "{shown}");
    assert!(shown.contains(what), "{shown:?} lacks {what:?}");
}

/// `regionwatch check-config -c path` exits 78 (EX_CONFIG) naming `key`, within 20 s.
fn assert_check_config_exits_78(path: &Path, key: &str) {
    assert_cmd::Command::cargo_bin("regionwatch")
        .unwrap()
        .env_remove("RUST_LOG")
        .args(["check-config", "-c"])
        .arg(path)
        .timeout(Duration::from_secs(20))
        .assert()
        .code(78)
        .stderr(predicates::str::contains(format!(": {key}: ")));
}

const SMTP_BASE: &str = "database = \"/var/lib/regionwatch/rw.db\"\n[smtp]\nhost = \"smtp.example.org\"\n\
                         tls = \"implicit\"\nfrom = \"a@example.org\"\n";

#[test]
fn relative_paths_are_refused_with_an_absolute_example() {
    let (_dir, path) = write_temp("database = \"rw.db\"\n");
    let error = config::load(&path).expect_err("a relative database");
    assert_problem(
        &error,
        "database",
        "1:12",
        "\"rw.db\" is a relative path, which would be resolved against whatever directory regionwatch is started from; write it as an absolute path such as \"/var/lib/regionwatch/regionwatch.db\"",
    );
    assert_check_config_exits_78(&path, "database");

    for (text, key, line_column) in [
        (
            "database = \"/var/lib/regionwatch/rw.db\"\n[digest]\nschedule = \"0 8 * * *\"\ndirectory = \"outbox\"\n".to_string(),
            "digest.directory",
            "4:13",
        ),
        (
            format!("{SMTP_BASE}ca_file = \"relay-ca.pem\"\n"),
            "smtp.ca_file",
            "6:11",
        ),
        (
            format!("{SMTP_BASE}username = \"a\"\npassword_file = \"smtp-password\"\n"),
            "smtp.password_file",
            "7:17",
        ),
        (
            "database = \"/var/lib/regionwatch/rw.db\"\n[digest]\nschedule = \"0 8 * * *\"\nsendmail_command = \"bin/sendmail\"\n".to_string(),
            "digest.sendmail_command",
            "4:20",
        ),
    ] {
        let (_dir, path) = write_temp(&text);
        let error = config::load(&path).expect_err(key);
        assert_problem(&error, key, line_column, "write it as an absolute path such as \"/");
    }
    // A bare program name is looked up on PATH, not in the current directory.
    let (_dir, path) = write_temp(
        "database = \"/var/lib/regionwatch/rw.db\"\n[digest]\nschedule = \"0 8 * * *\"\nsendmail_command = \"sendmail\"\n",
    );
    let settings = load_ok(&path).digest;
    assert_eq!(settings.sendmail_command, PathBuf::from("sendmail"));
}

#[test]
fn the_password_file_must_be_a_readable_regular_file_at_load() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    for (target, what) in [
        (dir.path().join("no-such-file"), "cannot read"),
        (
            dir.path().to_path_buf(),
            "is a directory, not a regular file",
        ),
        (fifo.clone(), "is a FIFO (named pipe), not a regular file"),
    ] {
        let text = format!(
            "{SMTP_BASE}username = \"a\"\npassword_file = {:?}\n",
            target.display().to_string()
        );
        let path = dir.path().join("regionwatch.toml");
        std::fs::write(&path, text).unwrap();
        let error = load_within_deadline(&path).expect_err(what);
        assert_problem(&error, "smtp.password_file", "7:17", what);
        assert!(error.to_string().contains("give a") || error.to_string().contains("create it"));
        assert_check_config_exits_78(&path, "smtp.password_file");
    }

    // Swapped for a FIFO after the load: reading it at send time fails at once, never hangs.
    let secret = dir.path().join("smtp-password");
    std::fs::write(&secret, "pw\n").unwrap();
    let path = dir.path().join("regionwatch.toml");
    let text = format!(
        "{SMTP_BASE}username = \"a\"\npassword_file = {:?}\n",
        secret.display().to_string()
    );
    std::fs::write(&path, text).unwrap();
    let smtp = load_within_deadline(&path).unwrap().smtp.unwrap();
    std::fs::remove_file(&secret).unwrap();
    std::fs::rename(&fifo, &secret).unwrap();
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = sender.send(smtp.password().map(|_| ()).map_err(|e| e.to_string()));
    });
    let read = receiver
        .recv_timeout(Duration::from_secs(20))
        .expect("reading the password returned instead of hanging");
    let error = read.expect_err("a FIFO is not read");
    assert!(
        error.contains("FIFO") && error.contains("smtp.password_file"),
        "{error}"
    );
}

#[test]
fn a_huge_value_is_quoted_cut_to_200_characters() {
    let regex = format!("({}", "a".repeat(10_000_000));
    let text = format!(
        "database = \"/var/lib/regionwatch/rw.db\"\n[[sources]]\nname = \"a\"\nurl = \"https://www.news.cn/\"\n\
         kind = \"html\"\nschedule = \"0 * * * *\"\ninclude = [\"{regex}\"]\n"
    );
    let (_dir, path) = write_temp(&text);
    let error = config::load(&path).expect_err("an invalid regex");
    assert_problem(
        &error,
        "sources[0].include[0]",
        "7",
        &format!(
            "\"({}…\" (10000001 characters) is not a valid regular expression",
            "a".repeat(199)
        ),
    );
    let shown = error.to_string();
    assert!(shown.len() < 1000, "{} bytes", shown.len());
    assert!(
        shown.ends_with("fix it (Rust regex syntax, unanchored)"),
        "{shown}"
    );
}

#[test]
fn a_file_that_is_not_utf8_is_named_at_its_first_bad_byte() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("regionwatch.toml");
    std::fs::write(
        &path,
        b"database = \"/var/lib/regionwatch/rw.db\"\ntimezone = \"Asia/Sh\xffanghai\"\n",
    )
    .unwrap();
    let error = config::load(&path).expect_err("not UTF-8");
    assert_problem(
        &error,
        "timezone",
        "2:20",
        "byte 0xFF is not UTF-8; save the file as UTF-8",
    );
    assert!(!error.to_string().contains("check the path"), "{error}");
    assert_check_config_exits_78(&path, "timezone");
}

#[test]
fn a_number_too_large_says_the_largest_allowed() {
    for number in [
        "99999999999999999999",
        "1000000000000000000000000000000000000000000",
    ] {
        let (_dir, path) = write_temp(&format!(
            "database = \"/var/lib/regionwatch/rw.db\"\n[fetch]\nmin_delay_ms = {number}\n"
        ));
        let error = config::load(&path).expect_err(number);
        assert_problem(
            &error,
            "fetch.min_delay_ms",
            "3:16",
            "number too large; the largest allowed is 18446744073709551615",
        );
        assert!(!error.to_string().contains("i128"), "{error}");
    }
}

/// A rule across keys broken by a default (the total timeout, 30 s, under a written connect
/// timeout) is named at its key and located at the table the key would go in.
#[test]
fn a_rule_broken_by_a_default_is_located_at_its_table() {
    let (_dir, path) = write_temp(
        "database = \"/var/lib/regionwatch/rw.db\"\n\n[fetch]\nconnect_timeout_secs = 60\n",
    );
    let error = config::load(&path).expect_err("connect timeout over the total");
    assert_problem(
        &error,
        "fetch.timeout_secs",
        "3:1",
        "30 is shorter than connect_timeout_secs (60)",
    );
}

/// A value cut short never ends on half an escape: `\"` at the cut is dropped whole.
#[test]
fn a_long_value_is_not_cut_inside_an_escape() {
    let name = format!("{}\\\"tail", "b".repeat(199));
    let (_dir, path) = write_temp(&format!(
        "database = \"/var/lib/regionwatch/rw.db\"\n[[sources]]\nname = \"{name}\"\n\
         url = \"https://www.news.cn/\"\nkind = \"html\"\nschedule = \"0 * * * *\"\n"
    ));
    let error = config::load(&path).expect_err("an invalid name");
    let cut = format!(
        "\"{}…\" (205 characters) is not a valid source name",
        "b".repeat(199)
    );
    assert_problem(&error, "sources[0].name", "3", &cut);
}
