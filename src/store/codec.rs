//! How values are written to and read from columns: UTC timestamps as
//! fixed-width text, lists and objects as JSON, raw pages zstd-compressed
//! (older rows raw deflate, still read), content hashes as sha256 hex.

use std::io::Read;

use chrono::{DateTime, FixedOffset, NaiveTime, SecondsFormat, TimeZone, Utc};
use flate2::read::DeflateDecoder;
use serde::Serialize;
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

use super::StoreError;
use regionwatch_extract::Published;

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

/// zstd level for new rows. Measured with `cargo bench --bench codec`: level 1
/// packs a 60-120 KB page in 0.1-0.2 ms of CPU, 7-10x less than the deflate
/// (default level) it replaced, to about the same size (-3 to +12 %); levels 2
/// and 3 save 1-2 % more of the page for up to 40 % more CPU.
const ZSTD_LEVEL: i32 = 1;

/// Every zstd frame starts with these bytes. A raw deflate stream (the rows
/// written before zstd, without header) never does: its first byte would
/// open a stored block, whose length (bytes 1-2, `B5 2F`) must be followed by
/// its complement (`4A D0`), not `FD`. So the magic tells the codecs apart
/// without a schema change.
const ZSTD_MAGIC: [u8; 4] = [0x28, 0xB5, 0x2F, 0xFD];

/// No stored page is larger than this: the highest `fetch.max_body_bytes`
/// the config accepts. A row that inflates past it is corrupt or hostile
/// (a decompression bomb) and is refused as soon as it passes the cap.
pub(crate) const MAX_RAW_PAGE_BYTES: u64 = 1 << 30;

/// The largest zstd window a reader accepts (4 MiB): level 1 writes windows of
/// at most 512 KiB (levels up to 12 stay within 4 MiB; a test checks), and a
/// frame asking for more (up to 2 GiB) would make the decoder allocate it.
const ZSTD_WINDOW_LOG_MAX: u32 = 22;

impl PackedPage {
    /// Compresses the page as fetched (zstd, [`ZSTD_LEVEL`]). Deterministic:
    /// the same page always packs to the same bytes.
    pub fn pack(raw: &[u8]) -> Self {
        // One context per thread: a fresh one per page allocated and faulted in
        // about a megabyte each time (issue 11, item 5). Same level, same bytes.
        thread_local! {
            static COMPRESSOR: std::cell::RefCell<Option<zstd::bulk::Compressor<'static>>> =
                const { std::cell::RefCell::new(None) };
        }
        COMPRESSOR.with_borrow_mut(|compressor| {
            let compressor = compressor.get_or_insert_with(|| {
                zstd::bulk::Compressor::new(ZSTD_LEVEL).expect("zstd level 1 is valid")
            });
            PackedPage(
                compressor
                    .compress(raw)
                    .expect("compressing to a Vec cannot fail"),
            )
        })
    }

    /// The compressed bytes, as stored.
    pub fn bytes(&self) -> &[u8] {
        &self.0
    }
}

/// The raw page of a stored row, whichever codec wrote it.
pub(crate) fn decompress(bytes: &[u8]) -> Result<Vec<u8>, StoreError> {
    decompress_capped(bytes, MAX_RAW_PAGE_BYTES)
}

fn decompress_capped(bytes: &[u8], limit: u64) -> Result<Vec<u8>, StoreError> {
    if bytes.starts_with(&ZSTD_MAGIC) {
        let mut decoder = zstd::stream::read::Decoder::with_buffer(bytes)
            .map_err(|e| decode_error("raw page (zstd)", e))?;
        decoder
            .window_log_max(ZSTD_WINDOW_LOG_MAX)
            .map_err(|e| decode_error("raw page (zstd)", e))?;
        read_capped(decoder, bytes.len(), limit)
    } else {
        read_capped(DeflateDecoder::new(bytes), bytes.len(), limit)
    }
}

/// Reads a decoder to its end, refusing output past `limit` bytes.
fn read_capped(decoder: impl Read, packed_len: usize, limit: u64) -> Result<Vec<u8>, StoreError> {
    let mut out = Vec::with_capacity(packed_len.saturating_mul(4).min(limit as usize));
    decoder
        .take(limit + 1)
        .read_to_end(&mut out)
        .map_err(|e| decode_error("raw page", e))?;
    if out.len() as u64 > limit {
        return Err(decode_error(
            "raw page",
            format!(
                "it inflates past {limit} bytes, more than any fetched page; the row is \
                 corrupt: restore the database from a backup"
            ),
        ));
    }
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

#[cfg(test)]
mod tests {
    use std::io::Write;

    use flate2::Compression;
    use flate2::write::DeflateEncoder;

    use super::*;

    /// A page as every row before zstd was written: raw deflate, default level.
    fn deflate_the_old_way(raw: &[u8]) -> Vec<u8> {
        let mut enc = DeflateEncoder::new(Vec::new(), Compression::default());
        enc.write_all(raw).unwrap();
        enc.finish().unwrap()
    }

    fn page() -> Vec<u8> {
        let mut html = String::from("<html><body><div id=\"detailContent\">");
        for i in 0..2000 {
            html.push_str(&format!(
                "<p>Paragraph {i}: 海南自由贸易港 opened further.</p>\n"
            ));
        }
        html.push_str("</div></body></html>");
        html.into_bytes()
    }

    #[test]
    fn new_pages_are_zstd_and_round_trip() {
        let raw = page();
        let packed = PackedPage::pack(&raw);
        assert!(packed.0.starts_with(&ZSTD_MAGIC));
        assert!(packed.0.len() < raw.len() / 4, "{} bytes", packed.0.len());
        assert_eq!(packed, PackedPage::pack(&raw), "same page, same bytes");
        assert_eq!(decompress(&packed.0).unwrap(), raw);
        assert_eq!(decompress(&PackedPage::pack(b"").0).unwrap(), b"");
    }

    #[test]
    fn a_large_page_packs_within_the_window_readers_accept() {
        // Raising ZSTD_LEVEL raises the window zstd writes for large pages;
        // this fails if it outgrows ZSTD_WINDOW_LOG_MAX.
        let mut rng = 0x9E37_79B9_u32;
        let big: Vec<u8> = (0..6 << 20)
            .map(|_| {
                rng ^= rng << 13;
                rng ^= rng >> 17;
                rng ^= rng << 5;
                b"<p>abcdefgh</p> "[(rng % 16) as usize]
            })
            .collect();
        assert_eq!(decompress(&PackedPage::pack(&big).0).unwrap(), big);
    }

    #[test]
    fn pages_stored_deflated_before_zstd_still_read_back() {
        let raw = page();
        assert_eq!(decompress(&deflate_the_old_way(&raw)).unwrap(), raw);
        assert_eq!(decompress(&deflate_the_old_way(b"")).unwrap(), b"");
        // Incompressible bytes make deflate write stored blocks: still not zstd.
        let noise: Vec<u8> = (0..70_000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        assert_eq!(decompress(&deflate_the_old_way(&noise)).unwrap(), noise);
    }

    #[test]
    fn an_old_row_reads_back_through_the_store() {
        let dir = tempfile::tempdir().unwrap();
        let store = super::super::Store::open(&dir.path().join("db.sqlite")).unwrap();
        let raw = page();
        store
            .conn
            .execute(
                "INSERT INTO articles (id, canonical_url, title, editors, language, body,
                     captions, content_hash, layout, first_seen, updated_at, fetched_url,
                     raw_page)
                 VALUES (7, 'https://old.example/a.html', 't', '[]', 'en', 'b', '[]', 'h',
                     'l', '2026-03-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z', 'u', ?1)",
                [deflate_the_old_way(&raw)],
            )
            .unwrap();
        assert_eq!(store.raw_page(7).unwrap().bytes, raw);
    }

    #[test]
    fn a_page_inflating_past_the_cap_is_refused() {
        let zeros = vec![0u8; 4 << 20];
        let limit = 1 << 20;
        for (codec, bomb) in [
            ("zstd", PackedPage::pack(&zeros).0),
            ("deflate", deflate_the_old_way(&zeros)),
        ] {
            assert!(bomb.len() < 10_000, "{codec}: {} bytes", bomb.len());
            let err = decompress_capped(&bomb, limit)
                .expect_err(codec)
                .to_string();
            assert!(
                err.contains("inflates past 1048576 bytes"),
                "{codec}: {err}"
            );
            let exact = decompress_capped(&bomb, zeros.len() as u64).expect(codec);
            assert_eq!(
                exact.len(),
                zeros.len(),
                "{codec}: the cap itself is allowed"
            );
        }
    }

    #[test]
    fn a_zstd_frame_asking_for_a_huge_window_is_refused() {
        // No content size in the header, a 128 MiB window: decoding it would
        // allocate the window before producing a byte.
        let mut enc = zstd::stream::write::Encoder::new(Vec::new(), 1).unwrap();
        enc.include_contentsize(false).unwrap();
        enc.window_log(27).unwrap();
        enc.write_all(&page()).unwrap();
        let frame = enc.finish().unwrap();
        let err = decompress(&frame)
            .expect_err("window too large")
            .to_string();
        assert!(err.contains("raw page"), "{err}");
    }

    #[test]
    fn garbage_is_a_decode_error() {
        let mut truncated = PackedPage::pack(&page()).0;
        truncated.truncate(truncated.len() / 2);
        assert!(decompress(&truncated).is_err());
        assert!(decompress(b"\x28\xB5\x2F\xFDnot a frame").is_err());
        assert!(decompress(b"\xFFnot deflate").is_err());
    }
}
