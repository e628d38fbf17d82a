//! Checks `[digest]`, `[smtp]` and `[[recipients]]`: schedule, transport, templates, TLS mode,
//! loopback-only plain text, mailboxes, and recipient filters against the gazetteer, the theme
//! vocabulary and the configured sources.

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use lettre::message::Mailbox;
use toml::Spanned;

use super::{absolute_path, bounded, fault, readable_regular_file};
use crate::config::digest::{
    CaFile, Credentials, DigestSettings, PasswordSource, Recipient, SmtpSettings, Template,
    TlsMode, Transport,
};
use crate::config::locate::Fault;
use crate::config::raw::{RawDigest, RawRecipient, RawSmtp};
use crate::config::values::Schedule;
use regionwatch_extract::{Gazetteer, THEMES};

/// `[digest]`, or its defaults when the table is absent.
pub(super) fn digest(
    raw: Option<&RawDigest>,
    timezone: chrono_tz::Tz,
    database: &Path,
    smtp: Option<&SmtpSettings>,
) -> Result<DigestSettings, Fault> {
    let timezone = match raw.and_then(|r| r.timezone.as_ref()) {
        None => timezone,
        Some(name) => super::timezone(name, "digest.timezone")?,
    };
    let schedule = match raw {
        None => Schedule::parse(DigestSettings::DEFAULT_SCHEDULE, timezone)
            .expect("the default schedule is valid"),
        Some(r) => Schedule::parse(r.schedule.get_ref(), timezone)
            .map_err(|m| fault(&r.schedule, "digest.schedule", m))?,
    };
    let transport = transport(raw.and_then(|r| r.transport.as_ref()), smtp.is_some())?;
    let max_items = bounded(
        &raw.and_then(|r| r.max_items.clone()),
        "digest.max_items",
        DigestSettings::DEFAULT_MAX_ITEMS as u64,
        1,
        DigestSettings::MAX_ITEMS as u64,
    )? as usize;
    let first_digest_lookback = match raw.and_then(|r| r.first_digest_lookback_hours.clone()) {
        None => schedule_period(&schedule),
        hours => Duration::from_secs(
            3600 * bounded(
                &hours,
                "digest.first_digest_lookback_hours",
                24,
                1,
                DigestSettings::MAX_LOOKBACK_HOURS,
            )?,
        ),
    };
    let template = |value: Option<&Spanned<String>>, key: &str, default: &str| match value {
        None => Ok(Template::parse(default).expect("the default templates are valid")),
        Some(text) => Template::parse(text.get_ref()).map_err(|m| fault(text, key, m)),
    };
    let default_directory = database.parent().unwrap_or(Path::new("")).join("outbox");
    Ok(DigestSettings {
        schedule,
        timezone,
        transport,
        max_items,
        first_digest_lookback,
        send_empty: raw.and_then(|r| r.send_empty).unwrap_or(false),
        include_revised: raw.and_then(|r| r.include_revised).unwrap_or(false),
        subject: template(
            raw.and_then(|r| r.subject.as_ref()),
            "digest.subject",
            DigestSettings::DEFAULT_SUBJECT,
        )?,
        intro: template(
            raw.and_then(|r| r.intro.as_ref()),
            "digest.intro",
            DigestSettings::DEFAULT_INTRO,
        )?,
        directory: match raw.and_then(|r| r.directory.as_ref()) {
            None => default_directory,
            Some(dir) => {
                path(Some(dir), "digest.directory")?;
                absolute_path(dir, "digest.directory", "/var/lib/regionwatch/outbox")?
            }
        },
        sendmail_command: sendmail_command(raw.and_then(|r| r.sendmail_command.as_ref()))?,
    })
}

/// An absolute path, or a bare name looked up on `PATH`; `bin/sendmail` would depend on the
/// directory regionwatch is started from.
fn sendmail_command(value: Option<&Spanned<String>>) -> Result<PathBuf, Fault> {
    let key = "digest.sendmail_command";
    match path(value, key)? {
        None => Ok(PathBuf::from(DigestSettings::DEFAULT_SENDMAIL)),
        Some(program) if program.is_absolute() || program.components().count() == 1 => Ok(program),
        Some(_) => absolute_path(value.expect("given"), key, DigestSettings::DEFAULT_SENDMAIL),
    }
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
    let mut longest = chrono::Duration::zero();
    let Some(mut previous) = schedule.next_after(start) else {
        return max;
    };
    // A schedule that fires once in the two weeks (monthly, yearly): the gap to the next one.
    // One that fires more than 2,000 times (every few minutes) is clamped to an hour anyway.
    for _ in 0..2000 {
        let Some(next) = schedule.next_after(previous) else {
            break;
        };
        longest = longest.max(next - previous);
        if next > end {
            break;
        }
        previous = next;
    }
    // Whole hours, as the key is written, so check-config's output loads back the same.
    let hours = longest.to_std().unwrap_or(max).as_secs().div_ceil(3600);
    Duration::from_secs(hours * 3600).clamp(Duration::from_secs(3600), max)
}

fn transport(value: Option<&Spanned<Transport>>, has_smtp: bool) -> Result<Transport, Fault> {
    match value {
        None if has_smtp => Ok(Transport::Smtp),
        None => Ok(Transport::File),
        Some(t) if *t.get_ref() == Transport::Smtp && !has_smtp => Err(fault(
            t,
            "digest.transport",
            "\"smtp\" needs an [smtp] table; add one, or use transport = \"file\" or \"sendmail\"",
        )),
        Some(t) => Ok(*t.get_ref()),
    }
}

fn path(value: Option<&Spanned<String>>, key: &str) -> Result<Option<PathBuf>, Fault> {
    match value {
        Some(p) if p.get_ref().trim().is_empty() => Err(fault(
            p,
            key,
            "empty path; give one or remove the key for the default",
        )),
        Some(p) => Ok(Some(PathBuf::from(p.get_ref()))),
        None => Ok(None),
    }
}

/// `[smtp]`: TLS is required unless the server is on this machine.
pub(super) fn smtp(raw: &RawSmtp) -> Result<SmtpSettings, Fault> {
    let host = raw.host.get_ref().trim().to_string();
    if host.is_empty() || host.contains(char::is_whitespace) {
        return Err(fault(
            &raw.host,
            "smtp.host",
            "give the mail server's host name or IP address, e.g. \"smtp.example.org\"",
        ));
    }
    let tls = tls_mode(&raw.tls)?;
    if tls == TlsMode::None && !is_loopback(&host) {
        return Err(fault(
            &raw.tls,
            "smtp.tls",
            format!(
                "\"none\" sends the password and mail in clear text and is only allowed to a loopback host (127.0.0.1, ::1, localhost), not {host:?}; use \"implicit\" (port 465) or \"starttls\" (port 587)"
            ),
        ));
    }
    let port = bounded(
        &raw.port,
        "smtp.port",
        u64::from(tls.default_port()),
        1,
        65535,
    )? as u16;
    let timeout = bounded(
        &raw.timeout_secs,
        "smtp.timeout_secs",
        SmtpSettings::DEFAULT_TIMEOUT_SECS,
        1,
        600,
    )?;
    let data_timeout = data_timeout(raw, timeout)?;
    Ok(SmtpSettings {
        host,
        port,
        tls,
        credentials: credentials(raw)?,
        from: mailbox(&raw.from, "smtp.from")?,
        timeout: Duration::from_secs(timeout),
        data_timeout: Duration::from_secs(data_timeout),
        ca_file: raw.ca_file.as_ref().map(ca_file).transpose()?,
    })
}

/// `[smtp].data_timeout_secs`: the wait for the reply after the message,
/// never shorter than the one for any other command.
fn data_timeout(raw: &RawSmtp, timeout: u64) -> Result<u64, Fault> {
    let key = "smtp.data_timeout_secs";
    let secs = bounded(
        &raw.data_timeout_secs,
        key,
        SmtpSettings::DEFAULT_DATA_TIMEOUT_SECS,
        1,
        3600,
    )?;
    match &raw.data_timeout_secs {
        Some(value) if secs < timeout => Err(fault(
            value,
            key,
            format!(
                "{secs} is shorter than timeout_secs ({timeout}); the wait for the reply after the message must be at least the one for every other command (default 600, as RFC 5321 advises)"
            ),
        )),
        _ => Ok(secs),
    }
}

/// Reads `[smtp].ca_file` now, so a missing or wrong file is a config error, not a failed digest.
fn ca_file(value: &Spanned<String>) -> Result<CaFile, Fault> {
    let key = "smtp.ca_file";
    let path = absolute_path(value, key, "/etc/regionwatch/relay-ca.pem")?;
    readable_regular_file(value, key, &path, "the CA certificates (PEM)")?;
    let pem = std::fs::read(&path).map_err(|e| {
        fault(
            value,
            key,
            format!("cannot read {}: {e}; give a PEM file of the CA certificates that sign the mail server's certificate", path.display()),
        )
    })?;
    let holds_certificates = String::from_utf8_lossy(&pem).contains("-----BEGIN CERTIFICATE-----")
        && lettre::transport::smtp::client::Certificate::from_pem(&pem).is_ok();
    if !holds_certificates {
        return Err(fault(
            value,
            key,
            format!(
                "{} holds no PEM certificate (-----BEGIN CERTIFICATE-----); give the CA certificates that sign the mail server's certificate",
                path.display()
            ),
        ));
    }
    Ok(CaFile { path, pem })
}

fn tls_mode(value: &Spanned<String>) -> Result<TlsMode, Fault> {
    match value.get_ref().as_str() {
        "implicit" => Ok(TlsMode::Implicit),
        "starttls" => Ok(TlsMode::Starttls),
        "none" => Ok(TlsMode::None),
        "opportunistic" => Err(fault(
            value,
            "smtp.tls",
            "\"opportunistic\" falls back to clear text when an attacker strips STARTTLS, so it is not offered; use \"starttls\" (required) or \"implicit\"",
        )),
        other => Err(fault(
            value,
            "smtp.tls",
            format!(
                "unknown TLS mode {other:?}; use \"implicit\", \"starttls\" or \"none\" (loopback only)"
            ),
        )),
    }
}

fn is_loopback(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    bare.eq_ignore_ascii_case("localhost")
        || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

fn credentials(raw: &RawSmtp) -> Result<Option<Credentials>, Fault> {
    let sources: Vec<(&Spanned<String>, &str)> = [
        (&raw.password_file, "smtp.password_file"),
        (&raw.password_env, "smtp.password_env"),
        (&raw.password_credential, "smtp.password_credential"),
    ]
    .into_iter()
    .filter_map(|(value, key)| value.as_ref().map(|v| (v, key)))
    .collect();
    let Some(username) = &raw.username else {
        if let Some((value, key)) = sources.first() {
            return Err(fault(
                value,
                key,
                "a password source without smtp.username; add the username or remove this key",
            ));
        }
        return Ok(None);
    };
    let source = match sources.as_slice() {
        [] => {
            return Err(fault(
                username,
                "smtp.username",
                "no password source; add one of password_file, password_env or password_credential",
            ));
        }
        [(value, key)] if value.get_ref().trim().is_empty() => {
            return Err(fault(value, key, "empty; give a path or a name"));
        }
        [(value, key)] => match *key {
            "smtp.password_file" => PasswordSource::File(password_file(value, key)?),
            "smtp.password_env" => PasswordSource::Env(value.get_ref().clone()),
            _ => PasswordSource::Credential(value.get_ref().clone()),
        },
        [_, (value, key), ..] => {
            return Err(fault(
                value,
                key,
                "more than one password source; keep exactly one of password_file, password_env, password_credential",
            ));
        }
    };
    Ok(Some(Credentials {
        username: username.get_ref().clone(),
        password: source,
    }))
}

/// `smtp.password_file`: checked now (existing, readable, a regular file) so a typo fails
/// `check-config`, not the morning's digest; the password itself is read at send time.
fn password_file(value: &Spanned<String>, key: &str) -> Result<PathBuf, Fault> {
    let path = absolute_path(value, key, "/etc/regionwatch/smtp-password")?;
    readable_regular_file(value, key, &path, "the SMTP password")?;
    Ok(path)
}

fn mailbox(value: &Spanned<String>, key: &str) -> Result<Mailbox, Fault> {
    value.get_ref().parse::<Mailbox>().map_err(|e| {
        fault(
            value,
            key,
            format!(
                "{:?} is not a valid mailbox ({e}); write \"name@example.org\" or \"Name <name@example.org>\"",
                value.get_ref()
            ),
        )
    })
}

/// `[[recipients]]`, each with its filters resolved.
pub(super) fn recipients(
    raw: &[Spanned<RawRecipient>],
    source_names: &[&str],
) -> Result<Vec<Recipient>, Fault> {
    raw.iter()
        .enumerate()
        .map(|(index, r)| recipient(r.get_ref(), index, source_names))
        .collect()
}

fn recipient(raw: &RawRecipient, index: usize, source_names: &[&str]) -> Result<Recipient, Fault> {
    let key = |field: &str, i: usize| format!("recipients[{index}].{field}[{i}]");
    let mut regions = Vec::new();
    for (i, name) in raw.regions.iter().enumerate() {
        regions.push(region_code(name, &key("regions", i))?);
    }
    for (i, theme) in raw.themes.iter().enumerate() {
        if !THEMES.contains(&theme.get_ref().as_str()) {
            return Err(fault(
                theme,
                &key("themes", i),
                format!(
                    "unknown theme {:?}; use one of {}",
                    theme.get_ref(),
                    THEMES.join(", ")
                ),
            ));
        }
    }
    for (i, source) in raw.sources.iter().enumerate() {
        if !source_names.contains(&source.get_ref().as_str()) {
            return Err(fault(
                source,
                &key("sources", i),
                format!(
                    "no configured source is called {:?}; use a [[sources]] name",
                    source.get_ref()
                ),
            ));
        }
    }
    Ok(Recipient {
        mailbox: mailbox(&raw.email, &format!("recipients[{index}].email"))?,
        region_names: raw.regions.iter().map(|r| r.get_ref().clone()).collect(),
        regions,
        themes: raw.themes.iter().map(|t| t.get_ref().clone()).collect(),
        sources: raw.sources.iter().map(|s| s.get_ref().clone()).collect(),
    })
}

/// A region name or code as one 6-digit code. An ambiguous name is an error rather than
/// silently widening what a recipient receives.
fn region_code(name: &Spanned<String>, key: &str) -> Result<String, Fault> {
    let units = Gazetteer::get().find_units(name.get_ref());
    match units.as_slice() {
        [unit] => Ok(unit.code_str()),
        [] => Err(fault(
            name,
            key,
            format!(
                "no region called {:?}; use an English or Chinese name or a 6-digit GB/T 2260 code, e.g. \"Hainan\" or \"440000\"",
                name.get_ref()
            ),
        )),
        several => {
            let options: Vec<String> = several
                .iter()
                .map(|u| {
                    format!(
                        "{} ({}, {})",
                        u.code_str(),
                        u.name_en,
                        Gazetteer::get().province(u.code).name_en
                    )
                })
                .collect();
            Err(fault(
                name,
                key,
                format!(
                    "{:?} is ambiguous: {}; write the code instead",
                    name.get_ref(),
                    options.join(", ")
                ),
            ))
        }
    }
}
