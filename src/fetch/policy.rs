//! The fetcher's view of `[fetch]`: it takes [`FetchSettings`] as the config reads them
//! (defaults included), so there is one place per setting. Here are what the fetcher adds:
//! the settings for one page named on the command line, and the robots.txt agent token.
//!
//! How the settings act: the timeout bounds the whole exchange, body included (a trickling
//! server is stopped by it); `max_body_bytes` is counted while streaming the decoded body (a
//! gzip bomb stops early); `allow_private_networks` re-opens the door to server-side request
//! forgery (tests, demos and intranet sources only); each wait between two requests to a
//! host is `min_delay × (1 ± jitter·random)`, and a zero `min_delay` disables waiting.

use std::time::Duration;

use crate::config::FetchSettings;

impl FetchSettings {
    /// For one page a person names on the command line (`regionwatch extract URL`):
    /// the same limits and the same address guard (a redirect from a public page must not
    /// reach internal services; `extract --allow-private-networks` lifts it); robots.txt
    /// governs crawlers, not a single user-requested page; there is no delay to keep
    /// and a failure is reported at once rather than retried.
    pub fn single_page() -> Self {
        FetchSettings {
            min_delay: Duration::ZERO,
            attempts: 1,
            obey_robots: false,
            ..FetchSettings::default()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_robots_agent_is_the_product_name() {
        let mut settings = FetchSettings {
            user_agent: "newsbot/2.1 (+mailto:ops@example.org)".into(),
            ..FetchSettings::default()
        };
        assert_eq!(settings.robots_agent(), "newsbot");
        settings.user_agent = FetchSettings::default_user_agent();
        assert_eq!(settings.robots_agent(), "regionwatch");
        settings.user_agent = String::new();
        assert_eq!(settings.robots_agent(), "regionwatch");
    }
}
