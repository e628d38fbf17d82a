//! How values are written to and read from columns: UTC timestamps as
//! fixed-width text, lists and objects as JSON, raw pages deflate-compressed,
//! content hashes as sha256 hex.

use std::io::{Read, Write};

use chrono::{DateTime, FixedOffset, NaiveTime, SecondsFormat, TimeZone, Utc};
use flate2::Compression;
use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use serde::Serialize;
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

use super::StoreError;
use crate::extract::Published;

/// Fixed width (milliseconds, `Z`) so that text order is time order in SQL.
pub(crate) fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub(crate) fn parse_ts(text: &str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| decode_error("timestamp", e))
}

pub(crate) fn opt_ts(text: Option<String>) -> Result<Option<DateTime<Utc>>, StoreError> {
    text.as_deref().map(parse_ts).transpose()
}

/// The instant used to filter by publication; a bare date counts from
/// midnight Beijing time, where the articles are published.
pub(crate) fn published_utc(p: &Published) -> DateTime<Utc> {
    match p {
        Published::DateTime(t) => t.with_timezone(&Utc),
        Published::Date(d) => {
            let beijing = FixedOffset::east_opt(8 * 3600).expect("valid offset");
            let local = d.and_time(NaiveTime::MIN);
            beijing
                .from_local_datetime(&local)
                .single()
                .expect("fixed offsets are never ambiguous")
                .with_timezone(&Utc)
        }
    }
}

pub(crate) fn parse_published(text: Option<String>) -> Result<Option<Published>, StoreError> {
    let Some(text) = text else { return Ok(None) };
    serde_json::from_value(serde_json::Value::String(text))
        .map(Some)
        .map_err(|e| decode_error("publication date", e))
}

pub(crate) fn to_json<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).expect("plain data always serialises")
}

pub(crate) fn from_json<T: DeserializeOwned>(
    what: &'static str,
    text: &str,
) -> Result<T, StoreError> {
    serde_json::from_str(text).map_err(|e| decode_error(what, e))
}

/// A raw page compressed for storage. Compressing is the costliest part of
/// saving an article, so callers do it before they take the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackedPage(pub(crate) Vec<u8>);

impl PackedPage {
    /// Deflates the page as fetched.
    pub fn pack(raw: &[u8]) -> Self {
        let mut enc =
            DeflateEncoder::new(Vec::with_capacity(raw.len() / 4), Compression::default());
        enc.write_all(raw).expect("writing to a Vec cannot fail");
        PackedPage(enc.finish().expect("writing to a Vec cannot fail"))
    }
}

pub(crate) fn decompress(bytes: &[u8]) -> Result<Vec<u8>, StoreError> {
    let mut out = Vec::with_capacity(bytes.len() * 4);
    DeflateDecoder::new(bytes)
        .read_to_end(&mut out)
        .map_err(|e| decode_error("raw page", e))?;
    Ok(out)
}

/// sha256 of `bytes` as lowercase hex: the content hash of an article body
/// (its text, UTF-8) or of a fetched page.
pub fn content_hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn decode_error(what: &'static str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Decode {
        what,
        detail: e.to_string(),
    }
}
