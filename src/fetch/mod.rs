//! Fetching pages politely and safely: hard limits (timeouts, 5 redirects, a decoded
//! body cap, page-like content types), no private-network targets (SSRF), robots.txt,
//! one request at a time per host with a jittered delay, retries with backoff and
//! `Retry-After`, and conditional GET.
//!
//! [`Fetcher::get`] runs the checks in order of cost: URL and address, remembered
//! backoff, robots.txt (fetched and cached per host by `robots_fetch.rs`, read by
//! `robots.rs`), then the exchange itself under the host's turn, retried as
//! `retry.rs` decides. A redirect is followed by
//! the fetcher, not the HTTP client, so each hop passes the same checks: a page
//! that moved to another host is read only if that host's robots.txt allows it.

mod client;
mod content_type;
mod error;
mod page;
mod policy;
mod polite;
mod retry;
mod robots;
mod robots_fetch;
mod ssrf;

pub use content_type::{is_readable, media_type};
pub use error::FetchError;
pub use page::{Fetched, Page, Validators};
pub use polite::host_key;
pub use robots::MAX_CRAWL_DELAY;
pub use ssrf::{Refusal, non_public_kind};

use polite::{Host, Hosts, jittered};
use reqwest::header::{CONTENT_TYPE, IF_MODIFIED_SINCE, IF_NONE_MATCH, RETRY_AFTER};
use ssrf::AddressGuard;
use std::sync::Arc;
use std::time::{Duration, SystemTime};
use url::Url;

use crate::config::FetchSettings;

/// An HTTP client with a [`FetchSettings`]. Clones share the per-host state
/// (turns, robots.txt, backoffs), so clone it rather than building another.
#[derive(Debug, Clone)]
pub struct Fetcher {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    /// For pages; follows no redirect (see [`Fetcher::get`]).
    client: reqwest::Client,
    /// For robots.txt; follows redirects itself, each hop address-checked.
    robots_client: reqwest::Client,
    policy: FetchSettings,
    guard: AddressGuard,
    hosts: Hosts,
}

/// Whose answer a `Retry-After` too long to wait out in place is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// The whole host's (a source's list, feed or sitemap): nothing on the host
    /// is fetched before the time asked, in this run or the next ones.
    Host,
    /// One page's (an article): that fetch fails with
    /// [`FetchError::RetryPageLater`] and the host's other pages go on.
    Page,
}

/// What one exchange gave: the answer, or where the server sent us instead.
enum Answer {
    Fetched(Fetched),
    Redirect(Url),
}

/// A failed exchange and, for "not now" answers, how long the server asked us to wait.
struct Failure {
    error: FetchError,
    retry_after: Option<Duration>,
}

impl From<FetchError> for Failure {
    fn from(error: FetchError) -> Self {
        Failure {
            error,
            retry_after: None,
        }
    }
}

impl Fetcher {
    pub fn new(policy: FetchSettings) -> Result<Self, FetchError> {
        let guard = AddressGuard::new(policy.allow_private_networks, &policy.allowed_addresses);
        let client = client::build(&policy, &guard)?;
        let robots_client = client::build_for_robots(&policy, &guard)?;
        let inner = Inner {
            client,
            robots_client,
            policy,
            guard,
            hosts: Hosts::default(),
        };
        Ok(Fetcher {
            inner: Arc::new(inner),
        })
    }

    pub fn policy(&self) -> &FetchSettings {
        &self.inner.policy
    }

    /// GETs `url`: conditionally when `validators` are given (a 304 gives
    /// [`Fetched::NotModified`]), otherwise the page within the policy's limits.
    /// A long `Retry-After` keeps the whole host away ([`Reach::Host`]).
    pub async fn get(
        &self,
        url: &Url,
        validators: Option<&Validators>,
    ) -> Result<Fetched, FetchError> {
        self.get_as(url, validators, Reach::Host).await
    }

    /// [`Fetcher::get`] for one page among many of its host (an article):
    /// a long `Retry-After` fails this page only ([`Reach::Page`]).
    pub async fn get_page(
        &self,
        url: &Url,
        validators: Option<&Validators>,
    ) -> Result<Fetched, FetchError> {
        self.get_as(url, validators, Reach::Page).await
    }

    async fn get_as(
        &self,
        url: &Url,
        validators: Option<&Validators>,
        reach: Reach,
    ) -> Result<Fetched, FetchError> {
        check_scheme(url)?;
        let max = self.inner.policy.max_redirects;
        let mut current = url.clone();
        for _ in 0..=max {
            match self.get_one(&current, validators, reach).await? {
                Answer::Fetched(fetched) => return Ok(fetched),
                Answer::Redirect(next) if !client::is_http(&next) => {
                    return Err(FetchError::RedirectScheme {
                        url: url.to_string(),
                        to: next.to_string(),
                    });
                }
                Answer::Redirect(next) => {
                    tracing::debug!(from = %current, to = %next, "redirected");
                    current = next;
                }
            }
        }
        Err(FetchError::TooManyRedirects {
            url: url.to_string(),
            max,
        })
    }

    /// One URL, its redirect not followed: the checks, then the exchange.
    async fn get_one(
        &self,
        url: &Url,
        validators: Option<&Validators>,
        reach: Reach,
    ) -> Result<Answer, FetchError> {
        self.inner
            .guard
            .check_url(url)
            .map_err(|refusal| FetchError::AddressRefused {
                url: url.to_string(),
                refusal,
            })?;
        let host = self.inner.hosts.get(&host_key(url));
        if let Some(until) = host.backoff_until(SystemTime::now()) {
            return Err(FetchError::RetryLater {
                url: url.to_string(),
                until,
            });
        }
        let crawl_delay = if self.inner.policy.obey_robots {
            self.check_robots(&host, url).await?
        } else {
            None
        };
        let crawl_delay = crawl_delay.unwrap_or_default();
        self.get_with_retries(&host, url, validators, crawl_delay, reach)
            .await
    }

    /// Remembers not to contact `host` (as in [`Fetcher::host_backoffs`]) before `until`;
    /// for restoring what a previous run was told.
    pub fn set_host_backoff(&self, host: &str, until: SystemTime) {
        self.inner
            .hosts
            .get(&host.to_ascii_lowercase())
            .back_off(until);
    }

    /// Hosts that asked us to come back later, and when; for keeping across runs.
    pub fn host_backoffs(&self) -> Vec<(String, SystemTime)> {
        self.inner.hosts.backoffs(SystemTime::now())
    }

    async fn get_with_retries(
        &self,
        host: &Host,
        url: &Url,
        validators: Option<&Validators>,
        crawl_delay: Duration,
        reach: Reach,
    ) -> Result<Answer, FetchError> {
        let policy = &self.inner.policy;
        let mut tries = 0;
        loop {
            let outcome = {
                let _turn = host.turn(self.delay().max(crawl_delay)).await;
                self.exchange(url, validators).await
            };
            tries += 1;
            let failure = match outcome {
                Ok(fetched) => return Ok(fetched),
                Err(failure) => failure,
            };
            let out_of_tries = tries >= policy.attempts;
            if let Some(after) = failure.retry_after
                && (after > policy.max_retry_wait || out_of_tries)
            {
                return Err(retry_later(host, url, failure.error, after, reach));
            }
            if out_of_tries || !failure.error.is_transient() {
                return Err(failure.error);
            }
            let backoff = retry::backoff(policy.retry_base, tries, policy.jitter, fastrand::f64());
            let wait = backoff.max(failure.retry_after.unwrap_or_default());
            tracing::info!(%url, error = %failure.error, ?wait, "retrying");
            tokio::time::sleep(wait).await;
        }
    }

    /// One request and, for a readable 2xx answer, its body.
    async fn exchange(
        &self,
        url: &Url,
        validators: Option<&Validators>,
    ) -> Result<Answer, Failure> {
        let policy = &self.inner.policy;
        let conditional = validators.filter(|v| !v.is_empty());
        let mut request = self.inner.client.get(url.clone());
        if let Some(v) = conditional {
            if let Some(etag) = &v.etag {
                request = request.header(IF_NONE_MATCH, etag);
            }
            if let Some(date) = &v.last_modified {
                request = request.header(IF_MODIFIED_SINCE, date);
            }
        }
        let mut response = request
            .send()
            .await
            .map_err(|e| client::classify(policy, url, &e))?;
        let status = response.status();
        if status == reqwest::StatusCode::NOT_MODIFIED && conditional.is_some() {
            return Ok(Answer::Fetched(Fetched::NotModified));
        }
        if let Some(next) = client::redirect_target(url, &response) {
            return Ok(Answer::Redirect(next));
        }
        if !status.is_success() {
            return Err(Failure {
                error: FetchError::Status {
                    url: url.to_string(),
                    status,
                },
                retry_after: retry_after(&response),
            });
        }
        let content_type = response
            .headers()
            .get(CONTENT_TYPE)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
        if !is_readable(content_type.as_deref()) {
            return Err(FetchError::UnsupportedContentType {
                url: url.to_string(),
                content_type: content_type.unwrap_or_default(),
            }
            .into());
        }
        let validators = Validators::from_headers(response.headers());
        let final_url = response.url().clone();
        let bytes = client::read_capped(&mut response, policy.max_body_bytes)
            .await
            .map_err(|e| client::classify(policy, url, &e))?
            .ok_or_else(|| FetchError::TooLarge {
                url: url.to_string(),
                limit: policy.max_body_bytes,
            })?;
        tracing::debug!(%final_url, bytes = bytes.len(), "fetched");
        Ok(Answer::Fetched(Fetched::Page(Page {
            bytes,
            final_url,
            content_type,
            validators,
        })))
    }

    pub(super) fn delay(&self) -> Duration {
        let policy = &self.inner.policy;
        jittered(policy.min_delay, policy.jitter, fastrand::f64())
    }
}

/// The error for a server asking to come back after `after`; for a host-wide
/// answer, the host is also kept away until then.
fn retry_later(
    host: &Host,
    url: &Url,
    error: FetchError,
    after: Duration,
    reach: Reach,
) -> FetchError {
    let until = SystemTime::now() + after;
    let url = url.to_string();
    match (reach, error) {
        (Reach::Page, FetchError::Status { status, .. }) => {
            tracing::info!(%url, ?after, "server asked to retry this page later");
            FetchError::RetryPageLater { url, status, until }
        }
        _ => {
            host.back_off(until);
            tracing::info!(%url, ?after, "server asked to retry later; leaving the host alone");
            FetchError::RetryLater { url, until }
        }
    }
}

/// The wait a "not now" answer (408, 429, 5xx) asks for in its `Retry-After` header.
fn retry_after(response: &reqwest::Response) -> Option<Duration> {
    if !retry::is_retryable_status(response.status().as_u16()) {
        return None;
    }
    let value = response.headers().get(RETRY_AFTER)?.to_str().ok()?;
    retry::parse_retry_after(value, SystemTime::now())
}

fn check_scheme(url: &Url) -> Result<(), FetchError> {
    if client::is_http(url) {
        Ok(())
    } else {
        Err(FetchError::UnsupportedScheme {
            url: url.to_string(),
            scheme: url.scheme().to_string(),
        })
    }
}

/// Parses `url` and checks it is http(s) before any connection is made.
pub fn parse_http_url(url: &str) -> Result<Url, FetchError> {
    let parsed = Url::parse(url).map_err(|e| FetchError::InvalidUrl {
        url: url.to_string(),
        reason: e.to_string(),
    })?;
    check_scheme(&parsed)?;
    Ok(parsed)
}
