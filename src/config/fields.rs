//! serde codecs for the checked values the config structs hold: whole numbers in a range,
//! durations written in ms, seconds or hours, time zones, absolute paths, files checked at
//! load, mailboxes and http(s) URLs.
//!
//! Each `deserialize_with` function and `with` type fails with a message that says what to do;
//! toml attaches the span of the value, and the loader turns it into `file:line:column: key`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use lettre::message::Mailbox;
use serde::Serializer;
use serde::de::{Deserialize, Deserializer, Error, Unexpected, Visitor};

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
        f.write_str("a whole number of 0 or more")
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

/// serde `with` for a duration written as a whole number of `UNIT` milliseconds in
/// `MIN..=MAX`, and written back in that unit (so exactly): `with = "Secs::<1, 300>"`.
pub(super) struct InUnits<const UNIT: u64, const MIN: u64, const MAX: u64>;
pub(super) type Millis<const MIN: u64, const MAX: u64> = InUnits<1, MIN, MAX>;
pub(super) type Secs<const MIN: u64, const MAX: u64> = InUnits<1000, MIN, MAX>;
pub(super) type Hours<const MIN: u64, const MAX: u64> = InUnits<3_600_000, MIN, MAX>;

impl<const UNIT: u64, const MIN: u64, const MAX: u64> InUnits<UNIT, MIN, MAX> {
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        int::<D, u64, MIN, MAX>(d).map(|n| Duration::from_millis(n * UNIT))
    }

    pub fn serialize<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64((d.as_millis() / u128::from(UNIT)) as u64)
    }
}

/// `default` functions.
pub(super) fn yes() -> bool {
    true
}

pub(super) fn secs<const N: u64>() -> Duration {
    Duration::from_secs(N)
}

/// serde `with` types for values read as checked text and written back as their `Display`.
macro_rules! with_text {
    ($($name:ident: $type:ty = $parse:expr;)*) => {$(
        pub(super) struct $name;
        impl $name {
            pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<$type, D::Error> {
                text(d, $parse)
            }
            pub fn serialize<S: Serializer>(value: &$type, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(value)
            }
        }
    )*};
}

with_text! {
    Zone: chrono_tz::Tz = |name| name.parse().map_err(|_| format!(
        "unknown time zone {name:?}; use an IANA name such as \"Asia/Shanghai\" or \"UTC\""
    ));
    Email: Mailbox = |text| text.parse().map_err(|e| format!(
        "{text:?} is not a valid mailbox ({e}); write \"name@example.org\" or \"Name <name@example.org>\""
    ));
    HttpUrl: url::Url = http_url;
}

/// `deserialize_with` functions that read a string and check it with a parser below.
macro_rules! from_text {
    ($($name:ident -> $type:ty = $parse:expr;)*) => {$(
        pub(super) fn $name<'de, D: Deserializer<'de>>(d: D) -> Result<$type, D::Error> {
            text(d, $parse)
        }
    )*};
}

from_text! {
    database -> PathBuf = |text| absolute(text, "/var/lib/regionwatch/regionwatch.db");
    outbox -> PathBuf = |text| absolute(text, "/var/lib/regionwatch/outbox");
    // The file itself is looked at by `check`, once the password sources are sorted out.
    password_file -> Option<PathBuf> =
        |text| absolute(text, "/etc/regionwatch/smtp-password").map(Some);
    // A bare name is looked up on `PATH`; `bin/sendmail` would depend on the current directory.
    program -> PathBuf = |text| match Path::new(text).components().count() {
        1 if !text.trim().is_empty() => Ok(PathBuf::from(text)),
        _ => absolute(text, "/usr/sbin/sendmail"),
    };
    source_name -> String = |name| {
        let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || ".-_".contains(c);
        match name.len() <= 64 && !name.is_empty() && name.chars().all(allowed) {
            true => Ok(name.to_string()),
            false => Err(format!("{name:?} is not a valid source name; use 1 to 64 of a-z 0-9 . _ -, e.g. \"xinhua-english-china\"")),
        }
    };
    // A header value must be visible ASCII; a newline here would also split the request.
    user_agent -> String = |agent| {
        let printable = agent.chars().all(|c| c == ' ' || c.is_ascii_graphic());
        match printable && !agent.trim().is_empty() {
            true => Ok(agent.to_string()),
            false => Err("must be non-empty printable ASCII; e.g. \"regionwatch/0.1 (+mailto:ops@example.org)\"".into()),
        }
    };
    // The listener has no authentication.
    loopback -> std::net::SocketAddr = |text| match text.parse::<std::net::SocketAddr>() {
        Err(_) => Err(format!("{text:?} is not an address and port; write e.g. \"127.0.0.1:9464\"")),
        Ok(addr) if addr.ip().is_loopback() => Ok(addr),
        Ok(addr) => Err(format!("{addr} is not a loopback address; the listener has no authentication, so bind it to 127.0.0.1 or [::1] and let a reverse proxy or the Prometheus agent on this host reach it")),
    };
    host -> String = |host| match host.trim() {
        host if !host.is_empty() && !host.contains(char::is_whitespace) => Ok(host.to_string()),
        _ => Err("give the mail server's host name or IP address, e.g. \"smtp.example.org\"".into()),
    };
}

/// A path the config names must be absolute: a relative one would be resolved against the
/// directory regionwatch happens to be started from, so `once` run from elsewhere would
/// silently use another database, outbox or password file.
pub(super) fn absolute(text: &str, example: &str) -> Result<PathBuf, String> {
    if text.trim().is_empty() {
        return Err(format!("empty path; give one, e.g. {example:?}"));
    }
    match Path::new(text).is_absolute() {
        true => Ok(PathBuf::from(text)),
        false => Err(format!(
            "{text:?} is a relative path, which would be resolved against whatever directory regionwatch is started from; write it as an absolute path such as {example:?}"
        )),
    }
}

fn http_url(text: &str) -> Result<url::Url, String> {
    let url = url::Url::parse(text).map_err(|error| {
        format!("{text:?} is not a valid URL ({error}); give an absolute http or https URL")
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        let scheme = url.scheme();
        return Err(format!(
            "scheme {scheme:?} is not supported; use an http:// or https:// URL"
        ));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(format!(
            "{text:?} has no host; give an absolute http or https URL"
        ));
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
