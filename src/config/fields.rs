//! serde codecs for the checked values the config structs hold: whole numbers in a range,
//! durations written in ms, seconds or hours, time zones, absolute paths, files checked at
//! load, mailboxes and http(s) URLs.
//!
//! Each `deserialize_with` function fails with a message that says what to do; toml attaches
//! the span of the value, and the loader turns it into `file:line:column: key`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use lettre::message::Mailbox;
use serde::de::{Deserialize, Deserializer, Error, Unexpected, Visitor};
use serde::{Serialize, Serializer};

type Result<T, E> = std::result::Result<T, E>;

/// A whole number in `MIN..=MAX`, converted to the field's type (which holds every such number).
pub(super) fn int<'de, D, T, const MIN: u64, const MAX: u64>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: TryFrom<u64>,
{
    let number = d.deserialize_u64(Whole::<MIN, MAX>)?;
    T::try_from(number).map_err(|_| D::Error::custom("number too large"))
}

// The checks run inside toml's value deserializer (a visitor), which locates their errors at
// the value even in an array: toml's array access does not locate an error raised after an
// element was read.
struct Whole<const MIN: u64, const MAX: u64>;

impl<const MIN: u64, const MAX: u64> Visitor<'_> for Whole<MIN, MAX> {
    type Value = u64;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("u64")
    }

    fn visit_u64<E: Error>(self, number: u64) -> Result<u64, E> {
        if !(MIN..=MAX).contains(&number) {
            let message = format!("{number} is out of range; use a value from {MIN} to {MAX}");
            return Err(E::custom(message));
        }
        Ok(number)
    }

    fn visit_i64<E: Error>(self, number: i64) -> Result<u64, E> {
        match u64::try_from(number) {
            Ok(unsigned) => self.visit_u64(unsigned),
            Err(_) => Err(E::invalid_value(Unexpected::Signed(number), &self)),
        }
    }
}

/// A string checked by `parse`, whose error says what to do.
pub(crate) fn text<'de, D, T, F>(d: D, parse: F) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    F: FnOnce(&str) -> Result<T, String>,
{
    struct Text<F>(F);
    impl<T, F: FnOnce(&str) -> Result<T, String>> Visitor<'_> for Text<F> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: Error>(self, text: &str) -> Result<T, E> {
            (self.0)(text).map_err(E::custom)
        }
    }
    d.deserialize_str(Text(parse))
}

/// A list element in `1..=MAX`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Positive<const MAX: u64>(pub u64);

impl<'de, const MAX: u64> Deserialize<'de> for Positive<MAX> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_u64(Whole::<1, MAX>).map(Positive)
    }
}

pub(super) fn millis<'de, D: Deserializer<'de>, const MIN: u64, const MAX: u64>(
    d: D,
) -> Result<Duration, D::Error> {
    int::<D, u64, MIN, MAX>(d).map(Duration::from_millis)
}

pub(super) fn secs<'de, D: Deserializer<'de>, const MIN: u64, const MAX: u64>(
    d: D,
) -> Result<Duration, D::Error> {
    int::<D, u64, MIN, MAX>(d).map(Duration::from_secs)
}

pub(super) fn hours<'de, D: Deserializer<'de>, const MIN: u64, const MAX: u64>(
    d: D,
) -> Result<Duration, D::Error> {
    int::<D, u64, MIN, MAX>(d).map(|h| Duration::from_secs(h * 3600))
}

// Durations were read from whole units, so printing them back is exact.
pub(super) fn as_millis<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u64(d.as_millis() as u64)
}

pub(super) fn as_secs<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u64(d.as_secs())
}

pub(super) fn as_hours<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u64(d.as_secs() / 3600)
}

pub(super) fn zone<'de, D: Deserializer<'de>>(d: D) -> Result<chrono_tz::Tz, D::Error> {
    let name = String::deserialize(d)?;
    name.parse().map_err(|_| {
        D::Error::custom(format!(
            "unknown time zone {name:?}; use an IANA name such as \"Asia/Shanghai\" or \"UTC\""
        ))
    })
}

pub(super) fn zone_name<S: Serializer>(zone: &chrono_tz::Tz, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(zone.name())
}

/// Anything written back as its `Display` text (mailboxes, URLs).
pub(super) fn as_text<T: std::fmt::Display, S: Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
    v.to_string().serialize(s)
}

pub(super) fn mailbox<'de, D: Deserializer<'de>>(d: D) -> Result<Mailbox, D::Error> {
    let text = String::deserialize(d)?;
    text.parse().map_err(|e| {
        D::Error::custom(format!(
            "{text:?} is not a valid mailbox ({e}); write \"name@example.org\" or \"Name <name@example.org>\""
        ))
    })
}

/// A path the config names must be absolute: a relative one would be resolved against the
/// directory regionwatch happens to be started from, so `once` run from elsewhere would
/// silently use another database, outbox or password file.
pub(super) fn absolute<E: Error>(text: String, example: &str) -> Result<PathBuf, E> {
    if text.trim().is_empty() {
        return Err(E::custom(format!("empty path; give one, e.g. {example:?}")));
    }
    let path = PathBuf::from(&text);
    if path.is_absolute() {
        return Ok(path);
    }
    Err(E::custom(format!(
        "{text:?} is a relative path, which would be resolved against whatever directory regionwatch is started from; write it as an absolute path such as {example:?}"
    )))
}

pub(super) fn database<'de, D: Deserializer<'de>>(d: D) -> Result<PathBuf, D::Error> {
    absolute(
        String::deserialize(d)?,
        "/var/lib/regionwatch/regionwatch.db",
    )
}

pub(super) fn outbox<'de, D: Deserializer<'de>>(d: D) -> Result<PathBuf, D::Error> {
    absolute(String::deserialize(d)?, "/var/lib/regionwatch/outbox")
}

/// An absolute path, or a bare name looked up on `PATH`; `bin/sendmail` would depend on the
/// directory regionwatch is started from.
pub(super) fn program<'de, D: Deserializer<'de>>(d: D) -> Result<PathBuf, D::Error> {
    let text = String::deserialize(d)?;
    let path = PathBuf::from(&text);
    match path.components().count() {
        1 if !text.trim().is_empty() => Ok(path),
        _ => absolute(text, "/usr/sbin/sendmail"),
    }
}

/// `smtp.password_file`, whose file `check` looks at once the password sources are sorted out.
pub(super) fn password_file<'de, D: Deserializer<'de>>(d: D) -> Result<Option<PathBuf>, D::Error> {
    absolute(String::deserialize(d)?, "/etc/regionwatch/smtp-password").map(Some)
}

pub(super) fn http_url<'de, D: Deserializer<'de>>(d: D) -> Result<url::Url, D::Error> {
    let text = String::deserialize(d)?;
    let url = url::Url::parse(&text).map_err(|error| {
        D::Error::custom(format!(
            "{text:?} is not a valid URL ({error}); give an absolute http or https URL"
        ))
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        let scheme = url.scheme();
        let message = format!("scheme {scheme:?} is not supported; use an http:// or https:// URL");
        return Err(D::Error::custom(message));
    }
    if url.host_str().is_none_or(str::is_empty) {
        let message = format!("{text:?} has no host; give an absolute http or https URL");
        return Err(D::Error::custom(message));
    }
    Ok(url)
}

/// Checks that `path` is an existing regular file this process may open, without opening
/// anything else: opening a FIFO for reading blocks until a writer comes, which would hang
/// the load (or a digest) silently.
pub(super) fn readable_regular_file(path: &Path, holding: &str) -> Result<(), String> {
    let shown = path.display();
    let metadata = std::fs::metadata(path).map_err(|e| {
        format!("cannot read {shown}: {e}; create it holding {holding}, or fix the path")
    })?;
    if let Some(kind) = not_a_regular_file(&metadata.file_type()) {
        return Err(format!(
            "{shown} is {kind}, not a regular file; give a regular file holding {holding}"
        ));
    }
    std::fs::File::open(path).map_err(|e| {
        format!("cannot open {shown}: {e}; make it readable by the user regionwatch runs as")
    })?;
    Ok(())
}

/// What a file that is not a regular file is, for messages; `None` for a regular file.
pub(crate) fn not_a_regular_file(file_type: &std::fs::FileType) -> Option<&'static str> {
    use std::os::unix::fs::FileTypeExt;
    match file_type {
        t if t.is_file() => None,
        t if t.is_dir() => Some("a directory"),
        t if t.is_fifo() => Some("a FIFO (named pipe)"),
        t if t.is_socket() => Some("a socket"),
        t if t.is_char_device() || t.is_block_device() => Some("a device"),
        _ => Some("something else"),
    }
}
