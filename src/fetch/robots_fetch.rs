//! Asking robots.txt before a request: fetching it once per host, in the
//! host's turn, caching the rules on the host ([`Host`]), and answering with
//! the crawl delay or the refusal. The rules themselves are in `robots`.

use std::sync::Arc;
use std::time::Duration;
use url::Url;

use super::polite::Host;
use super::robots::{CachedRules, MAX_ROBOTS_BYTES, Rules, UNREACHABLE_TTL, robots_url};
use super::{FetchError, Fetcher, client};

impl Fetcher {
    /// Whether robots.txt lets us read `url`; if so, the crawl delay it asks for.
    pub(super) async fn check_robots(
        &self,
        host: &Host,
        url: &Url,
    ) -> Result<Option<Duration>, FetchError> {
        let rules = {
            let mut cached = host.robots.lock().await;
            match cached.as_ref() {
                Some(c) if c.is_fresh(tokio::time::Instant::now()) => Arc::clone(&c.rules),
                _ => {
                    let fresh = CachedRules::new(
                        self.fetch_robots(host, url).await?,
                        tokio::time::Instant::now(),
                    );
                    Arc::clone(&cached.insert(fresh).rules)
                }
            }
        };
        if rules.allows(url) {
            Ok(rules.crawl_delay())
        } else if let Rules::Unavailable(reason) = &*rules {
            Err(FetchError::RobotsUnavailable {
                url: url.to_string(),
                reason: reason.clone(),
                retry_in_minutes: UNREACHABLE_TTL.as_secs() / 60,
            })
        } else {
            Err(FetchError::RobotsDisallowed {
                url: url.to_string(),
                agent: self.inner.policy.robots_agent().to_string(),
            })
        }
    }

    /// The robots.txt rules of `url`'s origin (RFC 9309): 2xx is parsed, 4xx allows
    /// everything, 5xx, 429 and network failures disallow everything for a while;
    /// a 5xx or 429 with `Retry-After` keeps the whole host away for that long.
    async fn fetch_robots(&self, host: &Host, url: &Url) -> Result<Rules, FetchError> {
        let policy = &self.inner.policy;
        let robots_url = robots_url(url);
        let _turn = host.turn(self.delay()).await;
        let request = self.inner.robots_client.get(robots_url.clone());
        let mut response = match request.send().await {
            Ok(response) => response,
            Err(e) => {
                return match client::classify(policy, &robots_url, &e) {
                    FetchError::AddressRefused { refusal, .. } => Err(FetchError::AddressRefused {
                        url: url.to_string(),
                        refusal,
                    }),
                    // Unfollowable redirects count as "no robots.txt" (RFC 9309 2.3.1.2).
                    FetchError::TooManyRedirects { .. } | FetchError::RedirectScheme { .. } => {
                        Ok(Rules::AllowAll)
                    }
                    err => {
                        tracing::warn!(%robots_url, %err, "robots.txt unreachable; not crawling this host for now");
                        Ok(Rules::Unavailable(err.to_string()))
                    }
                };
            }
        };
        let status = response.status();
        let rules = if status.is_success() {
            match client::read_truncated(&mut response, MAX_ROBOTS_BYTES).await {
                Ok(body) => Rules::parse(policy.robots_agent(), &body),
                Err(e) => Rules::Unavailable(format!("reading it failed: {e}")),
            }
        } else if status.is_server_error() || status == reqwest::StatusCode::TOO_MANY_REQUESTS {
            if let Some(after) = super::retry_after(&response) {
                // robots.txt speaks for the whole host: its "come back later" does too.
                let until = std::time::SystemTime::now() + after;
                host.back_off(until);
                tracing::warn!(%robots_url, %status, ?after, "robots.txt asks to come back later; leaving the host alone until then");
                return Err(FetchError::RetryLater {
                    url: url.to_string(),
                    until,
                });
            }
            tracing::warn!(%robots_url, %status, "robots.txt unavailable; not crawling this host for now");
            Rules::Unavailable(format!("the server answered {status}"))
        } else {
            Rules::AllowAll
        };
        Ok(rules)
    }
}
