//! One HTTP exchange with hard limits: the reqwest client (guarded resolver, checked
//! redirects, no proxy), capped body reading and turning reqwest errors into
//! [`FetchError`]s that say what to do.

use super::FetchError;
use super::ssrf::{AddressGuard, GuardedResolver, Refusal};
use crate::config::FetchSettings;
use std::sync::Arc;
use url::Url;

/// Marker errors raised inside the redirect policy, recovered from reqwest's error chain.
#[derive(Debug, thiserror::Error)]
enum RedirectRefused {
    #[error("redirect limit reached")]
    TooMany,
    #[error("redirect to a non-http(s) URL: {0}")]
    Scheme(String),
    #[error("redirect refused: {0}")]
    Address(Refusal),
}

/// A reqwest client for pages: `policy`'s timeouts and the address guard, and
/// no redirect followed, because the fetcher follows each hop itself (the
/// target's robots.txt, manners and backoff apply to it).
pub fn build(policy: &FetchSettings, guard: &AddressGuard) -> Result<reqwest::Client, FetchError> {
    builder(policy, guard)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| FetchError::Client(root_cause(&e)))
}

/// A reqwest client for robots.txt, which follows up to `policy`'s number of
/// redirects (RFC 9309 2.3.1.2), each hop checked against the address guard.
pub fn build_for_robots(
    policy: &FetchSettings,
    guard: &AddressGuard,
) -> Result<reqwest::Client, FetchError> {
    let max_redirects = policy.max_redirects;
    let hop_guard = guard.clone();
    let redirects = reqwest::redirect::Policy::custom(move |attempt| {
        if !is_http(attempt.url()) {
            let to = attempt.url().to_string();
            attempt.error(RedirectRefused::Scheme(to))
        } else if attempt.previous().len() > max_redirects {
            attempt.error(RedirectRefused::TooMany)
        } else if let Err(refusal) = hop_guard.check_url(attempt.url()) {
            // IP-literal hops never reach the resolver, so they are checked here.
            attempt.error(RedirectRefused::Address(refusal))
        } else {
            attempt.follow()
        }
    });
    builder(policy, guard)
        .redirect(redirects)
        .build()
        .map_err(|e| FetchError::Client(root_cause(&e)))
}

fn builder(policy: &FetchSettings, guard: &AddressGuard) -> reqwest::ClientBuilder {
    reqwest::Client::builder()
        .user_agent(policy.user_agent.clone())
        .connect_timeout(policy.connect_timeout)
        .timeout(policy.timeout)
        .dns_resolver(Arc::new(GuardedResolver {
            guard: guard.clone(),
        }))
        // A proxy would connect on our behalf and bypass the address guard.
        .no_proxy()
}

/// Where a redirect answer sends us (301, 302, 303, 307, 308 with a `Location`).
pub fn redirect_target(url: &Url, response: &reqwest::Response) -> Option<Url> {
    use reqwest::StatusCode as S;
    let status = response.status();
    let moves = [
        S::MOVED_PERMANENTLY,
        S::FOUND,
        S::SEE_OTHER,
        S::TEMPORARY_REDIRECT,
        S::PERMANENT_REDIRECT,
    ];
    if !moves.contains(&status) {
        return None;
    }
    let location = response.headers().get(reqwest::header::LOCATION)?;
    url.join(location.to_str().ok()?).ok()
}

/// Reads the body chunk by chunk, stopping as soon as the decoded size passes `limit`
/// (so a gzip bomb costs at most one chunk over it). `Ok(None)` when over the limit.
pub async fn read_capped(
    response: &mut reqwest::Response,
    limit: u64,
) -> Result<Option<Vec<u8>>, reqwest::Error> {
    // Content-Length is the wire size; with compression it is absent, hence the streaming count.
    if response.content_length().is_some_and(|n| n > limit) {
        return Ok(None);
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await? {
        if (body.len() + chunk.len()) as u64 > limit {
            return Ok(None);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Some(body))
}

/// Reads at most `limit` bytes of the body and ignores the rest (robots.txt: what is
/// past the limit may be disregarded).
pub async fn read_truncated(
    response: &mut reqwest::Response,
    limit: u64,
) -> Result<Vec<u8>, reqwest::Error> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await? {
        let room = (limit as usize).saturating_sub(body.len());
        body.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if body.len() as u64 >= limit {
            break;
        }
    }
    Ok(body)
}

/// Turns a reqwest error on `url` into the [`FetchError`] that tells the user what to do.
pub fn classify(policy: &FetchSettings, url: &Url, err: &reqwest::Error) -> FetchError {
    let url = url.to_string();
    if let Some(refused) = find_source::<RedirectRefused>(err) {
        return match refused {
            RedirectRefused::TooMany => FetchError::TooManyRedirects {
                url,
                max: policy.max_redirects,
            },
            RedirectRefused::Scheme(to) => FetchError::RedirectScheme {
                url,
                to: to.clone(),
            },
            RedirectRefused::Address(refusal) => FetchError::AddressRefused {
                url,
                refusal: refusal.clone(),
            },
        };
    }
    if let Some(refusal) = find_source::<Refusal>(err) {
        return FetchError::AddressRefused {
            url,
            refusal: refusal.clone(),
        };
    }
    if err.is_timeout() {
        return FetchError::Timeout {
            url,
            after: policy.timeout,
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

pub fn is_http(url: &Url) -> bool {
    matches!(url.scheme(), "http" | "https")
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
