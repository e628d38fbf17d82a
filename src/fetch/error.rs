//! Why a fetch failed: one variant per cause, each message saying what to do about it.

use std::time::Duration;

/// A failed fetch. Variants keep the requested URL for callers and logs; the
/// messages leave it out because the caller prints it first ("URL: message").
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("not a valid URL ({reason}); give an absolute http:// or https:// URL")]
    InvalidUrl { url: String, reason: String },

    #[error(
        "the `{scheme}` scheme is not supported; only http:// and https:// URLs can be fetched"
    )]
    UnsupportedScheme { url: String, scheme: String },

    #[error("redirected to `{to}`, which is not http(s); refusing to follow it")]
    RedirectScheme { url: String, to: String },

    #[error(
        "more than {max} redirects; the site may be in a redirect loop, open it in a browser to check"
    )]
    TooManyRedirects { url: String, max: usize },

    #[error("no answer within {after:?}; the site may be slow or down, try again later")]
    Timeout { url: String, after: Duration },

    #[error("could not connect ({reason}); check the host name and your network")]
    Connect { url: String, reason: String },

    #[error("the server answered {status}; check the address (2xx answers only are read)")]
    Status {
        url: String,
        status: reqwest::StatusCode,
    },

    #[error(
        "the response is `{content_type}`, not a web page; regionwatch reads HTML, XML, JSON and text only"
    )]
    UnsupportedContentType { url: String, content_type: String },

    #[error(
        "the body is over the {limit}-byte limit (counted after decompression); raise the limit if this page is genuine"
    )]
    TooLarge { url: String, limit: usize },

    #[error("the transfer failed ({reason}); try again later")]
    Transfer { url: String, reason: String },

    #[error("could not set up the HTTP client ({0}); this is a bug or a broken TLS set-up")]
    Client(String),
}
