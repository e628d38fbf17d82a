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
    absolute_path(value, "database", "/var/lib/regionwatch/regionwatch.db")
}

/// A path the config names must be absolute: a relative one would be resolved against the
/// directory regionwatch happens to be started from, so `once` run from elsewhere would
/// silently use another database, outbox or password file.
pub(super) fn absolute_path(
    value: &Spanned<String>,
    key: &str,
    example: &str,
) -> Result<PathBuf, Fault> {
    let path = PathBuf::from(value.get_ref());
    if path.is_absolute() {
        return Ok(path);
    }
    Err(fault(
        value,
        key,
        format!(
            "{:?} is a relative path, which would be resolved against whatever directory regionwatch is started from; write it as an absolute path such as {example:?}",
            value.get_ref()
        ),
    ))
}

/// Checks that `path` is an existing regular file this process may open, without opening
/// anything else: opening a FIFO for reading blocks until a writer comes, which would hang
/// the load (or a digest) silently.
pub(super) fn readable_regular_file(
    value: &Spanned<String>,
    key: &str,
    path: &Path,
    holding: &str,
) -> Result<(), Fault> {
    let shown = path.display();
    let metadata = std::fs::metadata(path).map_err(|e| {
        fault(
            value,
            key,
            format!("cannot read {shown}: {e}; create it holding {holding}, or fix the path"),
        )
    })?;
    if let Some(kind) = not_a_regular_file(&metadata.file_type()) {
        return Err(fault(
            value,
            key,
            format!("{shown} is {kind}, not a regular file; give a regular file holding {holding}"),
        ));
    }
    std::fs::File::open(path).map_err(|e| {
        fault(
            value,
            key,
            format!("cannot open {shown}: {e}; make it readable by the user regionwatch runs as"),
        )
    })?;
    Ok(())
}

/// What a file that is not a regular file is, for messages; `None` for a regular file.
pub(crate) fn not_a_regular_file(file_type: &std::fs::FileType) -> Option<&'static str> {
    if file_type.is_file() {
        return None;
    }
    if file_type.is_dir() {
        return Some("a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if file_type.is_socket() {
            return Some("a socket");
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return Some("a device");
        }
    }
    Some("something else")
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
