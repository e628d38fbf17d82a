//! Which response types are worth reading: web pages, feeds and data, never PDFs or images.
//!
//! The policy is a small table so adding a type is a one-line change.

/// Exact media types accepted besides `text/*`.
const ACCEPTED: &[&str] = &[
    "application/xhtml+xml",
    "application/xml",
    "application/json",
    "application/rss+xml",
    "application/atom+xml",
];

/// Structured-syntax suffixes (RFC 6839) that mark XML or JSON documents.
const ACCEPTED_SUFFIXES: &[&str] = &["+xml", "+json"];

/// The media type of a `Content-Type` header value, lowercased, without parameters.
pub fn media_type(header: &str) -> String {
    header
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// Whether a response with this `Content-Type` may be read as a page.
///
/// A missing header is accepted: many small sites omit it, and the extractor
/// rejects binary data on its own.
pub fn is_readable(header: Option<&str>) -> bool {
    let Some(header) = header else { return true };
    let media = media_type(header);
    media.is_empty()
        || media.starts_with("text/")
        || ACCEPTED.contains(&media.as_str())
        || ACCEPTED_SUFFIXES.iter().any(|s| media.ends_with(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_feeds_and_data_are_readable() {
        for ct in [
            "text/html; charset=GBK",
            "text/plain",
            "application/xhtml+xml",
            "application/rss+xml",
            "application/ld+json",
            "APPLICATION/JSON",
        ] {
            assert!(is_readable(Some(ct)), "{ct}");
        }
        assert!(is_readable(None));
    }

    #[test]
    fn documents_and_media_are_refused() {
        for ct in [
            "application/pdf",
            "image/png",
            "application/octet-stream",
            "video/mp4",
        ] {
            assert!(!is_readable(Some(ct)), "{ct}");
        }
    }
}
