//! Guards against hostile input before parsing.
//!
//! html5ever has no depth cap and is quadratic in nesting depth (128 KB of
//! `<ul><li>` takes 8 s), so markup is pre-scanned here in one linear pass that
//! mimics the HTML tree builder's implied end tags closely enough that ordinary
//! pages (hundreds of unclosed `<li>`/`<p>` siblings) stay shallow, while real
//! nesting is counted. Bytes are sniffed for binary formats before decoding.
//! Public at the crate root (`check_bytes`, `check_markup`, `MAX_BYTES`): the
//! daemon's discovery guards list pages with them too.

mod depth;

use depth::{Shape, shape};

use super::ExtractError;

/// Largest input accepted: a 20 MB page still works, a runaway download does not.
pub const MAX_BYTES: usize = 32 * 1024 * 1024;
/// Deepest element nesting accepted; real news pages stay under ~60.
pub const MAX_DEPTH: usize = 512;
/// Most elements accepted. Real news pages have 1,000 to 10,000, a flat 20 MB
/// page of paragraphs 210,000; each costs the parsed tree ~150 bytes, so 5 MB
/// of `<br>` (1.3 million) would take about 200 MB and 28 MB over a gigabyte.
pub const MAX_ELEMENTS: usize = 500_000;

/// Magic numbers of formats that are never articles.
const MAGIC: &[(&[u8], &str)] = &[
    (b"%PDF-", "PDF"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"\x1f\x8b", "gzip data"),
    (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x7fELF", "ELF executable"),
    (b"MZ", "Windows executable"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "OLE document (old Office)",
    ),
    (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"),
    (b"fLaC", "FLAC audio"),
    (b"\x00\x00\x00\x18ftyp", "MP4 media"),
    (b"\x00\x00\x00\x20ftyp", "MP4 media"),
    (b"\x1a\x45\xdf\xa3", "Matroska/WebM media"),
    (b"wOFF", "web font"),
    (b"wOF2", "web font"),
    (b"SQLite format 3\x00", "SQLite database"),
];

/// How much of the input is inspected for control bytes.
const SNIFF_WINDOW: usize = 8 * 1024;

/// Rejects empty, oversized and binary inputs. Runs on raw bytes, before decoding.
pub fn check_bytes(bytes: &[u8]) -> Result<(), ExtractError> {
    if bytes.len() > MAX_BYTES {
        return Err(ExtractError::TooLarge {
            size: bytes.len(),
            limit: MAX_BYTES,
        });
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace() || *b == 0x0b) {
        return Err(ExtractError::Empty);
    }
    if let Some(kind) = sniff_binary(bytes) {
        return Err(ExtractError::Binary(kind));
    }
    Ok(())
}

/// Names the binary format `bytes` are in, or `None` when they may be text.
fn sniff_binary(bytes: &[u8]) -> Option<&'static str> {
    if let Some((_, kind)) = MAGIC.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Some(kind);
    }
    if bytes.len() >= 12 && bytes.starts_with(b"RIFF") {
        return Some("RIFF media (WebP, WAV or AVI)");
    }
    // UTF-16 text is full of NULs; it is recognised by its BOM and decoded later.
    if bytes.starts_with(b"\xff\xfe") || bytes.starts_with(b"\xfe\xff") {
        return None;
    }
    let window = &bytes[..bytes.len().min(SNIFF_WINDOW)];
    if window.contains(&0) {
        return Some("contains NUL bytes");
    }
    let control = window
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b))
        .count();
    // Text has essentially no C0 controls; 1% is already far beyond any real page.
    if control * 100 > window.len() {
        return Some("too many control bytes");
    }
    None
}

/// Rejects markup nested deeper than [`MAX_DEPTH`] or with more than
/// [`MAX_ELEMENTS`] elements, in one linear pass.
pub fn check_markup(html: &str) -> Result<(), ExtractError> {
    let Shape { depth, elements } = shape(html, MAX_DEPTH, MAX_ELEMENTS);
    if depth > MAX_DEPTH {
        return Err(ExtractError::TooDeep {
            depth,
            limit: MAX_DEPTH,
        });
    }
    if elements > MAX_ELEMENTS {
        return Err(ExtractError::TooManyElements {
            limit: MAX_ELEMENTS,
        });
    }
    Ok(())
}
