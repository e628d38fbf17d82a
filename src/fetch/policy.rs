//! The limits, identity and manners of a [`Fetcher`](super::Fetcher): one plain struct
//! so the config module can fill it from `[fetch]` and tests can tighten it.

use std::net::IpAddr;
use std::time::Duration;

/// Everything a [`Fetcher`](super::Fetcher) needs to know about how to behave.
#[derive(Debug, Clone)]
pub struct FetchPolicy {
    /// Sent as `User-Agent`; its product name (before `/`) is the robots.txt agent token.
    pub user_agent: String,
    pub connect_timeout: Duration,
    /// Budget for the whole exchange, body included: a trickling server is stopped by this.
    pub timeout: Duration,
    /// Largest decoded body accepted, counted while streaming (so a gzip bomb stops early).
    pub max_body_bytes: u64,
    pub max_redirects: usize,
    /// Lets loopback, private, link-local... addresses through. For tests, demos and
    /// intranet sources only: it re-opens the door to server-side request forgery.
    pub allow_private_networks: bool,
    /// Single addresses exempt from the private-network refusal (an intranet mirror),
    /// without opening every private network.
    pub allowed_addresses: Vec<IpAddr>,
    /// Least time between the starts of two requests to one host. Zero disables waiting.
    pub min_delay: Duration,
    /// Spread of the delay: each wait is `min_delay × (1 ± jitter·random)`, jitter in 0..=1.
    pub jitter: f64,
    /// Tries per request, the first included (network errors, 408, 429, 5xx are retried).
    pub attempts: u32,
    /// First retry waits this long, then twice as long each time (plus jitter).
    pub retry_base: Duration,
    /// Longest `Retry-After` waited out in place; a longer one ends the fetch with
    /// [`FetchError::RetryLater`](super::FetchError::RetryLater) and is remembered for the host.
    pub max_retry_wait: Duration,
    pub obey_robots: bool,
}

impl Default for FetchPolicy {
    /// The crawler's manners: 10 s / 30 s timeouts, 5 MiB, 5 redirects, public addresses
    /// only, 1 s ± 50 % between requests to a host, 3 attempts, robots.txt obeyed.
    fn default() -> Self {
        FetchPolicy {
            user_agent: default_user_agent(),
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            max_body_bytes: 5 * 1024 * 1024,
            max_redirects: 5,
            allow_private_networks: false,
            allowed_addresses: Vec::new(),
            min_delay: Duration::from_secs(1),
            jitter: 0.5,
            attempts: 3,
            retry_base: Duration::from_secs(1),
            max_retry_wait: Duration::from_secs(60),
            obey_robots: true,
        }
    }
}

impl FetchPolicy {
    /// For one page a person names on the command line (`regionwatch extract URL`):
    /// the same limits and the same address guard (a redirect from a public page must not
    /// reach internal services; `extract --allow-private-networks` lifts it); robots.txt
    /// governs crawlers, not a single user-requested page; there is no delay to keep
    /// and a failure is reported at once rather than retried.
    pub fn single_page() -> Self {
        FetchPolicy {
            min_delay: Duration::ZERO,
            attempts: 1,
            obey_robots: false,
            ..FetchPolicy::default()
        }
    }

    /// The robots.txt agent token: the product name of the User-Agent
    /// (`regionwatch/0.1 (+mailto:…)` → `regionwatch`).
    pub fn robots_agent(&self) -> &str {
        let token = self
            .user_agent
            .split(['/', ' '])
            .next()
            .unwrap_or_default()
            .trim();
        if token.is_empty() {
            "regionwatch"
        } else {
            token
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_robots_agent_is_the_product_name() {
        let mut policy = FetchPolicy {
            user_agent: "newsbot/2.1 (+mailto:ops@example.org)".into(),
            ..FetchPolicy::default()
        };
        assert_eq!(policy.robots_agent(), "newsbot");
        policy.user_agent = default_user_agent();
        assert_eq!(policy.robots_agent(), "regionwatch");
        policy.user_agent = String::new();
        assert_eq!(policy.robots_agent(), "regionwatch");
    }
}
