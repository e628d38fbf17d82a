//! Fetching one page over HTTP(S) with hard limits: timeouts, a redirect cap,
//! a body cap counted after decompression, 2xx answers and page-like content
//! types only.
//!
//! Still to come with the source pipeline (issue 3), deliberately absent here:
//! refusing loopback/private/link-local addresses after DNS resolution and on
//! every redirect hop (SSRF), robots.txt, per-host politeness delays, retries
//! with backoff and `Retry-After`, and conditional GET (ETag/Last-Modified,
//! which will also make 304 an accepted answer).

mod content_type;
mod error;

pub use content_type::{is_readable, media_type};
pub use error::FetchError;

use reqwest::header::CONTENT_TYPE;
use std::time::Duration;
use url::Url;

/// Limits and identity for a [`Fetcher`].
#[derive(Debug, Clone)]
pub struct FetchConfig {
    pub user_agent: String,
    pub connect_timeout: Duration,
    /// Budget for the whole exchange, body included: a trickling server is stopped by this.
    pub timeout: Duration,
    pub max_redirects: usize,
    /// Largest decoded body accepted, in bytes.
    pub max_body_bytes: usize,
}

impl Default for FetchConfig {
    fn default() -> Self {
        FetchConfig {
            user_agent: default_user_agent(),
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            max_redirects: 5,
            max_body_bytes: 5 * 1024 * 1024,
        }
    }
}

/// `regionwatch/<version> (+https://github.com/regionwatch)`.
pub fn default_user_agent() -> String {
    format!(
        "regionwatch/{} (+https://github.com/regionwatch)",
        env!("CARGO_PKG_VERSION")
    )
}

/// A page as fetched: its bytes, where it ended up after redirects, and its type.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The URL after redirects: the page's address for extraction hints.
    pub url: Url,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

/// An HTTP client with the limits of a [`FetchConfig`]. Cheap to share by reference.
#[derive(Debug, Clone)]
pub struct Fetcher {
    client: reqwest::Client,
    config: FetchConfig,
}

/// Marker errors raised inside the redirect policy, recovered from reqwest's error chain.
#[derive(Debug, thiserror::Error)]
enum RedirectRefused {
    #[error("redirect limit reached")]
    TooMany,
    #[error("redirect to a non-http(s) URL: {0}")]
    Scheme(String),
}

impl Fetcher {
    pub fn new(config: FetchConfig) -> Result<Self, FetchError> {
        let max_redirects = config.max_redirects;
        let policy = reqwest::redirect::Policy::custom(move |attempt| {
            if !is_http(attempt.url()) {
                let to = attempt.url().to_string();
                attempt.error(RedirectRefused::Scheme(to))
            } else if attempt.previous().len() > max_redirects {
                attempt.error(RedirectRefused::TooMany)
            } else {
                attempt.follow()
            }
        });
        let client = reqwest::Client::builder()
            .user_agent(config.user_agent.clone())
            .connect_timeout(config.connect_timeout)
            .timeout(config.timeout)
            .redirect(policy)
            // Proxies from the environment would bypass the address policy of issue 3.
            .no_proxy()
            .build()
            .map_err(|e| FetchError::Client(root_cause(&e)))?;
        Ok(Fetcher { client, config })
    }

    pub fn config(&self) -> &FetchConfig {
        &self.config
    }

    /// GETs `url` and reads its body within the configured limits.
    pub async fn get(&self, url: &str) -> Result<Fetched, FetchError> {
        let parsed = parse_http_url(url)?;
        let response = self
            .client
            .get(parsed)
            .send()
            .await
            .map_err(|e| self.classify(url, &e))?;
        if !response.status().is_success() {
            return Err(unfollowed_answer(url, &response));
        }
        let content_type = header_string(&response);
        if !is_readable(content_type.as_deref()) {
            return Err(FetchError::UnsupportedContentType {
                url: url.to_string(),
                content_type: content_type.unwrap_or_default(),
            });
        }
        let final_url = response.url().clone();
        let body = self.read_capped(url, response).await?;
        tracing::debug!(%final_url, bytes = body.len(), "fetched");
        Ok(Fetched {
            url: final_url,
            content_type,
            body,
        })
    }

    /// Reads the body chunk by chunk, stopping as soon as the decoded size passes the cap
    /// (so a gzip bomb costs at most one chunk over the limit).
    async fn read_capped(
        &self,
        url: &str,
        mut response: reqwest::Response,
    ) -> Result<Vec<u8>, FetchError> {
        let limit = self.config.max_body_bytes;
        let too_large = || FetchError::TooLarge {
            url: url.to_string(),
            limit,
        };
        // Content-Length is the wire size; with compression it is absent, hence the streaming count.
        if response.content_length().is_some_and(|n| n > limit as u64) {
            return Err(too_large());
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| self.classify(url, &e))? {
            if body.len() + chunk.len() > limit {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }

    /// Turns a reqwest error into the [`FetchError`] that tells the user what to do.
    fn classify(&self, url: &str, err: &reqwest::Error) -> FetchError {
        let url = url.to_string();
        if let Some(refused) = find_source::<RedirectRefused>(err) {
            return match refused {
                RedirectRefused::TooMany => FetchError::TooManyRedirects {
                    url,
                    max: self.config.max_redirects,
                },
                RedirectRefused::Scheme(to) => FetchError::RedirectScheme {
                    url,
                    to: to.clone(),
                },
            };
        }
        if err.is_timeout() {
            return FetchError::Timeout {
                url,
                after: self.config.timeout,
            };
        }
        if err.is_connect() {
            return FetchError::Connect {
                url,
                reason: root_cause(err),
            };
        }
        FetchError::Transfer {
            url,
            reason: root_cause(err),
        }
    }
}

/// Parses `url` and checks it is http(s) before any connection is made.
pub fn parse_http_url(url: &str) -> Result<Url, FetchError> {
    let parsed = Url::parse(url).map_err(|e| FetchError::InvalidUrl {
        url: url.to_string(),
        reason: e.to_string(),
    })?;
    if !is_http(&parsed) {
        return Err(FetchError::UnsupportedScheme {
            url: url.to_string(),
            scheme: parsed.scheme().to_string(),
        });
    }
    Ok(parsed)
}

/// The error for a non-2xx answer. reqwest hands back, unfollowed, a redirect to a
/// non-http(s) URL (`file:`...): that gets its own message rather than "answered 302".
fn unfollowed_answer(url: &str, response: &reqwest::Response) -> FetchError {
    let status = response.status();
    let location = response
        .headers()
        .get(reqwest::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|loc| response.url().join(loc).ok());
    match location {
        Some(to) if status.is_redirection() && !is_http(&to) => FetchError::RedirectScheme {
            url: url.to_string(),
            to: to.to_string(),
        },
        _ => FetchError::Status {
            url: url.to_string(),
            status,
        },
    }
}

fn is_http(url: &Url) -> bool {
    matches!(url.scheme(), "http" | "https")
}

fn header_string(response: &reqwest::Response) -> Option<String> {
    let value = response.headers().get(CONTENT_TYPE)?;
    Some(String::from_utf8_lossy(value.as_bytes()).into_owned())
}

/// The first error of type `T` in `err`'s source chain.
fn find_source<T: std::error::Error + 'static>(err: &reqwest::Error) -> Option<&T> {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = source {
        if let Some(found) = e.downcast_ref::<T>() {
            return Some(found);
        }
        source = e.source();
    }
    None
}

/// The innermost cause of `err` ("Connection refused (os error 111)"): reqwest's outer
/// layers only repeat the URL and say "error sending request".
fn root_cause(err: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = err;
    while let Some(source) = cause.source() {
        cause = source;
    }
    cause.to_string()
}
