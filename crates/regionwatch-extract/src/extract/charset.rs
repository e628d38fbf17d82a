//! Decoding page bytes to text.
//!
//! Order of evidence: byte-order mark, then strict UTF-8 validity (which also
//! defeats pages whose `<meta>` lies, e.g. declaring GB2312 over UTF-8 bytes),
//! then the HTTP `Content-Type` charset, then a `<meta>` prescan, then a
//! chardetng guess. GB2312 and GBK are decoded as their superset GB18030.
//! Public as the crate root's `decode`: the daemon's discovery decodes list
//! pages with it too.

use std::borrow::Cow;

use encoding_rs::{Encoding, GB18030, GBK, UTF_8, UTF_16BE, UTF_16LE};

/// How far into the page a `<meta charset>` is looked for (the spec says 1024;
/// Chinese CMS pages often put it later, after long comments or keywords).
const META_PRESCAN: usize = 4096;

/// Page text and how it was obtained.
#[derive(Debug)]
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub encoding: &'static Encoding,
    /// Number of U+FFFD replacement characters produced by decoding.
    pub replaced: usize,
}

/// Decodes page bytes to a string, choosing the encoding as described above.
pub fn decode<'a>(bytes: &'a [u8], content_type: Option<&str>) -> Decoded<'a> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return decode_with(&bytes[bom_len..], encoding);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Decoded {
            text: Cow::Borrowed(text),
            encoding: UTF_8,
            replaced: 0,
        };
    }
    let declared = content_type
        .and_then(charset_in_content_type)
        .or_else(|| charset_in_meta(bytes));
    match declared {
        // The bytes are not valid UTF-8, so a UTF-8 label is at best partly true:
        // keep it only if the damage is small, otherwise trust the detector.
        Some(enc) if enc == UTF_8 => {
            let lossy = decode_with(bytes, UTF_8);
            if lossy.replaced * 200 < lossy.text.len() {
                lossy
            } else {
                best_of(lossy, decode_with(bytes, guess(bytes)))
            }
        }
        Some(enc) => decode_with(bytes, enc),
        None => decode_with(bytes, guess(bytes)),
    }
}

fn best_of<'a>(a: Decoded<'a>, b: Decoded<'a>) -> Decoded<'a> {
    if b.replaced < a.replaced { b } else { a }
}

fn decode_with<'a>(bytes: &'a [u8], encoding: &'static Encoding) -> Decoded<'a> {
    let encoding = superset(encoding);
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    let replaced = text.matches('\u{fffd}').count();
    Decoded {
        text,
        encoding,
        replaced,
    }
}

/// GB2312 and GBK pages routinely use characters only GB18030 defines.
fn superset(encoding: &'static Encoding) -> &'static Encoding {
    if encoding == GBK { GB18030 } else { encoding }
}

/// A label as found in a header or meta tag; UTF-16 labels on ASCII-compatible
/// bytes are wrong by definition and mean UTF-8 (as the HTML spec says).
fn from_label(label: &[u8]) -> Option<&'static Encoding> {
    let enc = Encoding::for_label(label)?;
    Some(if enc == UTF_16LE || enc == UTF_16BE {
        UTF_8
    } else {
        superset(enc)
    })
}

/// `text/html; charset=gbk` → GB18030.
pub fn charset_in_content_type(content_type: &str) -> Option<&'static Encoding> {
    let lower = content_type.to_ascii_lowercase();
    let at = lower.find("charset=")? + "charset=".len();
    let value = lower[at..].trim_start_matches(['"', '\'', ' ']);
    let end = value
        .find(|c: char| c == ';' || c == '"' || c == '\'' || c.is_whitespace())
        .unwrap_or(value.len());
    from_label(&value.as_bytes()[..end])
}

/// Finds `charset=` in the page head (`<meta charset>` or `http-equiv`).
pub fn charset_in_meta(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(META_PRESCAN)];
    let mut from = 0;
    while let Some(off) = find_ascii_ci(&head[from..], b"charset") {
        let mut i = from + off + "charset".len();
        while head.get(i).is_some_and(|b| b.is_ascii_whitespace()) {
            i += 1;
        }
        if head.get(i) == Some(&b'=') {
            i += 1;
            while head
                .get(i)
                .is_some_and(|b| b.is_ascii_whitespace() || *b == b'"' || *b == b'\'')
            {
                i += 1;
            }
            let len = head[i..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'))
                .count();
            if let Some(enc) = from_label(&head[i..i + len]) {
                return Some(enc);
            }
        }
        from = i.max(from + off + 1);
    }
    None
}

fn find_ascii_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

/// chardetng's guess; `.cn` as the TLD hint favours GBK for Chinese bytes.
fn guess(bytes: &[u8]) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(Some(b"cn"), chardetng::Utf8Detection::Allow)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lying_meta_is_overruled_by_valid_utf8() {
        let page = "<meta charset=gb2312><p>中文</p>".as_bytes();
        let d = decode(page, None);
        assert_eq!(d.encoding, UTF_8);
        assert!(d.text.contains("中文"));
    }

    #[test]
    fn gb2312_meta_decodes_as_gb18030() {
        let (bytes, _, _) = GB18030.encode("<meta charset=\"gb2312\"><p>开放 𠀀</p>");
        let d = decode(&bytes, None);
        assert_eq!(d.encoding, GB18030);
        assert!(d.text.contains("开放 𠀀"));
    }

    #[test]
    fn header_wins_over_meta() {
        let (bytes, _, _) = GBK.encode("<meta charset=\"big5\"><p>口岸</p>");
        let d = decode(&bytes, Some("text/html; charset=GBK"));
        assert!(d.text.contains("口岸"));
    }

    #[test]
    fn bom_wins() {
        let mut bytes = vec![0xff, 0xfe];
        for u in "<p>港口</p>".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        assert!(decode(&bytes, None).text.contains("港口"));
    }

    #[test]
    fn undeclared_gbk_is_detected() {
        let (bytes, _, _) = GBK.encode(
            "<p>今年以来，港口货物吞吐量持续增长，外贸企业信心增强，开放平台建设加快推进。</p>",
        );
        assert!(decode(&bytes, None).text.contains("港口货物吞吐量"));
    }
}
