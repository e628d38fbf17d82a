//! What serde cannot check one value at a time: defaults that depend on other keys, and rules
//! across keys (unique source names, html-only keys, loopback-only clear text, one password
//! source, recipients' regions, themes and sources). Runs right after the file is read.
//!
//! A failure is a key path and a message; the loader finds the key in the file.

use std::path::Path;
use std::time::Duration;

use super::digest::{DigestSettings, SmtpSettings, TlsMode, Transport};
use super::fields::readable_regular_file;
use super::model::{Config, RecheckAfter, Source, SourceKind};
use super::values::Schedule;
use regionwatch_extract::{Gazetteer, THEMES};

/// A rule broken at `key` (a dotted path such as `sources[2].name`), and what to do.
pub(super) type Fault = (String, String);

/// Fails with a [`Fault`] at `$key` unless `$rule` holds.
macro_rules! ensure {
    ($rule:expr, $key:expr, $($message:tt)+) => {
        if !$rule {
            return Err(($key.to_string(), format!($($message)+)));
        }
    };
}

/// Fills in the defaults that depend on other keys and checks the rules across keys;
/// `written` says whether a key path is in the file.
pub(super) fn check(config: &mut Config, written: &dyn Fn(&str) -> bool) -> Result<(), Fault> {
    let (total, connect) = (config.fetch.timeout, config.fetch.connect_timeout);
    ensure!(
        total >= connect,
        "fetch.timeout_secs",
        "{} is shorter than connect_timeout_secs ({}); the total timeout must be at least the connect timeout",
        total.as_secs(),
        connect.as_secs()
    );
    for index in 0..config.sources.len() {
        let key = |field: &str| format!("sources[{index}].{field}");
        let (earlier, rest) = config.sources.split_at_mut(index);
        let source = &mut rest[0];
        source.schedule = source.schedule.clone().in_zone(config.timezone);
        check_source(source, &key, written(&key("recheck_after_hours")))?;
        let name = &source.name;
        let first = earlier.iter().position(|s| &s.name == name);
        ensure!(
            first.is_none(),
            key("name"),
            "duplicate source name {name:?} (also sources[{}]); give each source its own name",
            first.unwrap_or_default()
        );
    }
    if let Some(smtp) = &mut config.smtp {
        check_smtp(smtp, written)?;
    }
    check_digest(config, written)?;
    check_recipients(config)
}

fn check_source(
    source: &mut Source,
    key: &dyn Fn(&str) -> String,
    recheck_written: bool,
) -> Result<(), Fault> {
    let kind = source.kind;
    let html_only = [
        ("links", source.links.is_some()),
        ("pagination_depth", source.pagination_depth != 0),
    ];
    for (field, written) in html_only {
        ensure!(
            kind == SourceKind::Html || !written,
            key(field),
            "only used by kind = \"html\", not \"{}\"; remove it or change the kind",
            kind.as_str()
        );
    }
    let article = kind == SourceKind::Article;
    ensure!(
        !(article && recheck_written),
        key("recheck_after_hours"),
        "kind = \"article\" checks its one page every run; remove recheck_after_hours"
    );
    if !recheck_written && !article {
        let hours = Source::DEFAULT_RECHECK_AFTER_HOURS.map(|h| Duration::from_secs(h * 3600));
        source.recheck_after = RecheckAfter(Some(hours.to_vec()));
    }
    let hours: Vec<u64> = source
        .recheck_after
        .iter()
        .map(|d| d.as_secs() / 3600)
        .collect();
    for (i, pair) in hours.windows(2).enumerate() {
        ensure!(
            pair[0] < pair[1],
            key(&format!("recheck_after_hours[{}]", i + 1)),
            "{} does not come after {}; list the hours in increasing order, e.g. [1, 6, 24]",
            pair[1],
            pair[0]
        );
    }
    Ok(())
}

/// `[smtp]`: clear text only to this machine, a port from the TLS mode, one password source.
fn check_smtp(smtp: &mut SmtpSettings, written: &dyn Fn(&str) -> bool) -> Result<(), Fault> {
    ensure!(
        smtp.tls != TlsMode::None || is_loopback(&smtp.host),
        "smtp.tls",
        "\"none\" sends the password and mail in clear text and is only allowed to a loopback host (127.0.0.1, ::1, localhost), not {:?}; use \"implicit\" (port 465) or \"starttls\" (port 587)",
        smtp.host
    );
    if !written("smtp.port") {
        smtp.port = smtp.tls.default_port();
    }
    ensure!(
        smtp.data_timeout >= smtp.timeout,
        "smtp.data_timeout_secs",
        "{} is shorter than timeout_secs ({}); the wait for the reply after the message must be at least the one for every other command (default 600, as RFC 5321 advises)",
        smtp.data_timeout.as_secs(),
        smtp.timeout.as_secs()
    );
    let file = smtp.password_file.as_ref().map(|p| p.display().to_string());
    let sources = [
        ("smtp.password_file", file),
        ("smtp.password_env", smtp.password_env.clone()),
        ("smtp.password_credential", smtp.password_credential.clone()),
    ];
    let mut given = sources
        .into_iter()
        .filter_map(|(key, value)| Some((key, value?)));
    let Some((key, value)) = given.next() else {
        ensure!(
            smtp.username.is_none(),
            "smtp.username",
            "no password source; add one of password_file, password_env or password_credential"
        );
        return Ok(());
    };
    ensure!(
        smtp.username.is_some(),
        key,
        "a password source without smtp.username; add the username or remove this key"
    );
    if let Some((second, _)) = given.next() {
        let message = "more than one password source; keep exactly one of password_file, password_env, password_credential";
        return Err((second.to_string(), message.to_string()));
    }
    ensure!(
        !value.trim().is_empty(),
        key,
        "empty; give a path or a name"
    );
    // Checked now (existing, readable, a regular file) so a typo fails `check-config`, not the
    // morning's digest; the password itself is read at send time.
    if key == "smtp.password_file" {
        readable_regular_file(Path::new(&value), "the SMTP password")
            .map_err(|message| (key.to_string(), message))?;
    }
    Ok(())
}

fn is_loopback(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let ip = bare.parse::<std::net::IpAddr>();
    bare.eq_ignore_ascii_case("localhost") || ip.is_ok_and(|ip| ip.is_loopback())
}

/// `[digest]`: required schedule once written, and the defaults taken from the rest of the file.
fn check_digest(config: &mut Config, written: &dyn Fn(&str) -> bool) -> Result<(), Fault> {
    ensure!(
        written("digest.schedule") || !written("digest"),
        "digest.schedule",
        "required key is missing; add `schedule = ...` to this table"
    );
    let digest = &mut config.digest;
    if !written("digest.timezone") {
        digest.timezone = config.timezone;
    }
    digest.schedule = digest.schedule.clone().in_zone(digest.timezone);
    if !written("digest.first_digest_lookback_hours") {
        digest.first_digest_lookback = schedule_period(&digest.schedule);
    }
    if !written("digest.directory") {
        let database = config.database.parent().unwrap_or(Path::new(""));
        digest.directory = database.join("outbox");
    }
    if !written("digest.transport") && config.smtp.is_some() {
        digest.transport = Transport::Smtp;
    }
    ensure!(
        digest.transport != Transport::Smtp || config.smtp.is_some(),
        "digest.transport",
        "\"smtp\" needs an [smtp] table; add one, or use transport = \"file\" or \"sendmail\""
    );
    Ok(())
}

/// One period of a schedule: the longest gap between its firings over the two weeks after a
/// fixed Monday (2001-01-01), so that "08:00 on weekdays" is 72 hours (Friday to Monday) and
/// the answer does not depend on the day the config is loaded. At least an hour, at most
/// `MAX_LOOKBACK_HOURS` (a monthly schedule is about 31 days), rounded up to whole hours.
fn schedule_period(schedule: &Schedule) -> Duration {
    let max = Duration::from_secs(DigestSettings::MAX_LOOKBACK_HOURS * 3600);
    let Some(start) = chrono::NaiveDate::from_ymd_opt(2001, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .and_then(|t| t.and_local_timezone(schedule.timezone()).earliest())
    else {
        return max;
    };
    let end = start + chrono::Duration::days(14);
    // A schedule that fires once in the two weeks (monthly, yearly): the gap to the next one.
    // One that fires more than 2,000 times (every few minutes) is clamped to an hour anyway.
    let next = |t: &_| (*t <= end).then(|| schedule.next_after(*t)).flatten();
    let firings: Vec<_> = std::iter::successors(schedule.next_after(start), next)
        .take(2001)
        .collect();
    let Some(longest) = firings.windows(2).map(|pair| pair[1] - pair[0]).max() else {
        return if firings.is_empty() {
            max
        } else {
            Duration::from_secs(3600)
        };
    };
    // Whole hours, as the key is written, so check-config's output loads back the same.
    let hours = longest.to_std().unwrap_or(max).as_secs().div_ceil(3600);
    Duration::from_secs(hours * 3600).clamp(Duration::from_secs(3600), max)
}

/// `[[recipients]]`: each filter resolved against the gazetteer, the theme vocabulary and the
/// configured sources.
fn check_recipients(config: &mut Config) -> Result<(), Fault> {
    let names: Vec<&str> = config.sources.iter().map(|s| s.name.as_str()).collect();
    for (index, recipient) in config.recipients.iter_mut().enumerate() {
        let key = |field: &str, i: usize| format!("recipients[{index}].{field}[{i}]");
        let regions = recipient.region_names.iter().enumerate();
        recipient.regions = regions
            .map(|(i, name)| region_code(name).map_err(|m| (key("regions", i), m)))
            .collect::<Result<_, _>>()?;
        for (i, theme) in recipient.themes.iter().enumerate() {
            let themes = THEMES.join(", ");
            let known = THEMES.contains(&theme.as_str());
            ensure!(
                known,
                key("themes", i),
                "unknown theme {theme:?}; use one of {themes}"
            );
        }
        for (i, source) in recipient.sources.iter().enumerate() {
            ensure!(
                names.contains(&source.as_str()),
                key("sources", i),
                "no configured source is called {source:?}; use a [[sources]] name"
            );
        }
    }
    Ok(())
}

/// A region name or code as one 6-digit code. An ambiguous name is an error rather than
/// silently widening what a recipient receives.
fn region_code(name: &str) -> Result<String, String> {
    let gazetteer = Gazetteer::get();
    match gazetteer
        .lookup(name)
        .map_err(|e| e.to_string())?
        .as_slice()
    {
        [unit] => Ok(unit.code_str()),
        several => {
            let options: Vec<String> = several
                .iter()
                .map(|u| {
                    let province = &gazetteer.province(u.code).name_en;
                    format!("{} ({}, {province})", u.code_str(), u.name_en)
                })
                .collect();
            let options = options.join(", ");
            Err(format!(
                "{name:?} is ambiguous: {options}; write the code instead"
            ))
        }
    }
}
