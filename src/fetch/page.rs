//! What a fetch gives back: a page with what is needed to ask for it conditionally
//! next time, or word that it has not changed.

use reqwest::header::{ETAG, HeaderMap, LAST_MODIFIED};
use url::Url;

/// A response's cache validators, sent back as `If-None-Match` / `If-Modified-Since`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

impl Validators {
    pub fn is_empty(&self) -> bool {
        self.etag.is_none() && self.last_modified.is_none()
    }

    /// The `ETag` and `Last-Modified` of a response, kept verbatim (they are opaque tokens).
    pub fn from_headers(headers: &HeaderMap) -> Self {
        let text = |name| {
            headers
                .get(name)
                .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
                .map(str::to_string)
        };
        Validators {
            etag: text(ETAG),
            last_modified: text(LAST_MODIFIED),
        }
    }
}

/// A page as fetched: its bytes, where it ended up after redirects, its type and validators.
#[derive(Debug, Clone)]
pub struct Page {
    pub bytes: Vec<u8>,
    /// The URL after redirects: the page's address for extraction hints.
    pub final_url: Url,
    pub content_type: Option<String>,
    pub validators: Validators,
}

/// The outcome of a successful fetch.
#[derive(Debug, Clone)]
pub enum Fetched {
    Page(Page),
    /// 304: the page is unchanged since the validators given; no body was read.
    NotModified,
}

impl Fetched {
    /// The page, if one was read.
    pub fn into_page(self) -> Option<Page> {
        match self {
            Fetched::Page(page) => Some(page),
            Fetched::NotModified => None,
        }
    }
}
