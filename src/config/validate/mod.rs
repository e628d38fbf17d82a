//! Checks the raw file values and converts them into the typed [`Config`].
//!
//! Every check that fails names the span of the offending value, its key path and the fix.
//! The `[fetch]` table and the `[[sources]]` entries have a file each.

mod digest;
mod fetch;
mod source;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use toml::Spanned;

use super::locate::Fault;
use super::model::{Config, HttpSettings};
use super::raw::RawConfig;

pub(crate) fn validate(raw: RawConfig, path: &Path) -> Result<Config, Fault> {
    let database = database(&raw.database)?;
    let timezone = match &raw.timezone {
        None => super::model::DEFAULT_TIMEZONE,
        Some(name) => timezone(name, "timezone")?,
    };
    let fetch = fetch::fetch(&raw.fetch)?;
    let mut sources = Vec::with_capacity(raw.sources.len());
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (index, raw_source) in raw.sources.iter().enumerate() {
        let source = source::source(raw_source.get_ref(), index, timezone)?;
        let first = *seen.entry(source.name.clone()).or_insert(index);
        if first != index {
            return Err(Fault::new(
                raw_source.get_ref().name.span(),
                format!("sources[{index}].name"),
                format!(
                    "duplicate source name {:?} (also sources[{first}]); give each source its own name",
                    source.name
                ),
            ));
        }
        sources.push(source);
    }
    let smtp = raw
        .smtp
        .as_ref()
        .map(|s| digest::smtp(s.get_ref()))
        .transpose()?;
    let digest = digest::digest(
        raw.digest.as_ref().map(Spanned::get_ref),
        timezone,
        &database,
        smtp.as_ref(),
    )?;
    let source_names: Vec<&str> = sources.iter().map(|s| s.name.as_str()).collect();
    let recipients = digest::recipients(&raw.recipients, &source_names)?;
    let http = raw
        .http
        .as_ref()
        .map(|h| http(&h.get_ref().listen))
        .transpose()?;
    Ok(Config {
        path: path.to_path_buf(),
        database,
        timezone,
        fetch,
        sources,
        digest,
        smtp,
        recipients,
        http,
    })
}

/// `[http].listen`: a loopback socket address, since the listener has no authentication.
fn http(listen: &Spanned<String>) -> Result<HttpSettings, Fault> {
    let key = "http.listen";
    let addr: SocketAddr = listen.get_ref().parse().map_err(|_| {
        fault(
            listen,
            key,
            format!(
                "{:?} is not an address and port; write e.g. \"127.0.0.1:9464\"",
                listen.get_ref()
            ),
        )
    })?;
    if !addr.ip().is_loopback() {
        return Err(fault(
            listen,
            key,
            format!(
                "{addr} is not a loopback address; the listener has no authentication, so bind it to 127.0.0.1 or [::1] and let a reverse proxy or the Prometheus agent on this host reach it"
            ),
        ));
    }
    Ok(HttpSettings { listen: addr })
}

fn database(value: &Spanned<String>) -> Result<PathBuf, Fault> {
    if value.get_ref().trim().is_empty() {
        return Err(fault(
            value,
            "database",
            "empty path; give the SQLite file, e.g. \"/var/lib/regionwatch/regionwatch.db\"",
        ));
    }
    Ok(PathBuf::from(value.get_ref()))
}

pub(super) fn timezone(value: &Spanned<String>, key: &str) -> Result<chrono_tz::Tz, Fault> {
    value.get_ref().parse().map_err(|_| {
        fault(
            value,
            key,
            format!(
                "unknown time zone {:?}; use an IANA name such as \"Asia/Shanghai\" or \"UTC\"",
                value.get_ref()
            ),
        )
    })
}

/// An optional integer with a default, checked against `min..=max`.
pub(super) fn bounded(
    value: &Option<Spanned<u64>>,
    key: &str,
    default: u64,
    min: u64,
    max: u64,
) -> Result<u64, Fault> {
    let Some(spanned) = value else {
        return Ok(default);
    };
    let number = *spanned.get_ref();
    if !(min..=max).contains(&number) {
        return Err(fault(
            spanned,
            key,
            format!("{number} is out of range; use a value from {min} to {max}"),
        ));
    }
    Ok(number)
}
pub(super) fn fault<T>(value: &Spanned<T>, key: &str, message: impl Into<String>) -> Fault {
    Fault::new(value.span(), key, message)
}
