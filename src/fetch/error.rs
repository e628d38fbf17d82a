//! Why a fetch failed: one variant per cause, each message saying what to do about it.

use std::time::{Duration, SystemTime};

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
    TooLarge { url: String, limit: u64 },

    #[error(
        "refused to connect: {refusal}, which could expose internal services; \
         if this source really is on your own network, set allow_private_networks = true in [fetch]"
    )]
    AddressRefused {
        url: String,
        refusal: super::ssrf::Refusal,
    },

    #[error(
        "the site's robots.txt does not allow `{agent}` to read this page; remove it from the sources or ask the site"
    )]
    RobotsDisallowed { url: String, agent: String },

    #[error(
        "could not read the site's robots.txt ({reason}), so no page of this host is fetched for now (RFC 9309); it is asked for again on the first run {retry_in_minutes} or more minutes from now. Nothing to change in the sources unless this lasts for days"
    )]
    RobotsUnavailable {
        url: String,
        reason: String,
        retry_in_minutes: u64,
    },

    #[error(
        "the server asked to wait until {}; this host will not be contacted before then",
        rfc3339(*until)
    )]
    RetryLater { url: String, until: SystemTime },

    #[error(
        "the server answered {status} and asked to retry this page after {}; \
         the host's other pages go on, and a later run tries this one again",
        rfc3339(*until)
    )]
    RetryPageLater {
        url: String,
        status: reqwest::StatusCode,
        until: SystemTime,
    },

    #[error("the transfer failed ({reason}); try again later")]
    Transfer { url: String, reason: String },

    #[error("could not set up the HTTP client ({0}); this is a bug or a broken TLS set-up")]
    Client(String),
}

fn rfc3339(time: SystemTime) -> String {
    chrono::DateTime::<chrono::Utc>::from(time).to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

impl FetchError {
    /// The URL that was asked for.
    pub fn url(&self) -> &str {
        match self {
            FetchError::InvalidUrl { url, .. }
            | FetchError::UnsupportedScheme { url, .. }
            | FetchError::RedirectScheme { url, .. }
            | FetchError::TooManyRedirects { url, .. }
            | FetchError::Timeout { url, .. }
            | FetchError::Connect { url, .. }
            | FetchError::Status { url, .. }
            | FetchError::UnsupportedContentType { url, .. }
            | FetchError::TooLarge { url, .. }
            | FetchError::AddressRefused { url, .. }
            | FetchError::RobotsDisallowed { url, .. }
            | FetchError::RobotsUnavailable { url, .. }
            | FetchError::RetryLater { url, .. }
            | FetchError::RetryPageLater { url, .. }
            | FetchError::Transfer { url, .. } => url,
            FetchError::Client(_) => "",
        }
    }

    /// Whether trying again soon may succeed (network trouble, not a refusal).
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            FetchError::Timeout { .. } | FetchError::Connect { .. } | FetchError::Transfer { .. }
        ) || matches!(self, FetchError::Status { status, .. }
            if super::retry::is_retryable_status(status.as_u16()))
    }

    /// Whether a later run may succeed where this failed: network trouble, a
    /// "not now" answer, or a server asking to come back later. The other
    /// failures (a 404, a refusal, a page too large...) would fail again.
    pub fn may_pass_later(&self) -> bool {
        self.is_transient()
            || matches!(
                self,
                FetchError::RetryLater { .. } | FetchError::RetryPageLater { .. }
            )
    }
}
