//! robots.txt (RFC 9309): what its rules say for our agent, and how long to trust
//! them. Fetching it (once per host, in the host's turn) is `robots_fetch`'s job,
//! so that this file and the per-host state in `polite` do not depend on each other.

use std::sync::Arc;
use std::time::Duration;
use texting_robots::Robot;
use tokio::time::Instant;
use url::Url;

/// Rules from a readable robots.txt (or its absence) are trusted this long (RFC 9309: at most 24 h).
pub const RULES_TTL: Duration = Duration::from_secs(24 * 60 * 60);
/// An unreachable robots.txt blocks the host only this long, so a passing outage does
/// not cost a day, yet one run does not ask again for every article.
pub const UNREACHABLE_TTL: Duration = Duration::from_secs(10 * 60);
/// The longest `Crawl-delay` honoured: a site asking for more gets this, so one
/// host cannot stall a run for hours (50 articles take 50 minutes at this pace).
pub const MAX_CRAWL_DELAY: Duration = Duration::from_secs(60);
/// RFC 9309 asks parsers to read at least 500 KiB; anything past that is ignored.
pub const MAX_ROBOTS_BYTES: u64 = 512 * 1024;

/// What a host's robots.txt allows us.
#[derive(Debug)]
pub enum Rules {
    /// No robots.txt (4xx): everything is allowed.
    AllowAll,
    /// robots.txt unreachable (5xx, 429, network error, a broken body): nothing is allowed
    /// for now (RFC 9309 2.3.1.4). Holds why, for the message: the site is not to blame.
    Unavailable(String),
    Parsed(Box<Robot>),
}

impl Rules {
    /// Rules from a robots.txt body for `agent`; an unparseable file restricts nothing.
    pub fn parse(agent: &str, body: &[u8]) -> Rules {
        match Robot::new(agent, body) {
            Ok(robot) => Rules::Parsed(Box::new(robot)),
            Err(err) => {
                tracing::warn!(%err, "unparseable robots.txt; treating it as allowing everything");
                Rules::AllowAll
            }
        }
    }

    pub fn allows(&self, url: &Url) -> bool {
        match self {
            Rules::AllowAll => true,
            Rules::Unavailable(_) => false,
            Rules::Parsed(robot) => robot.allowed(url.as_str()),
        }
    }

    /// The `Crawl-delay` of our group (not in RFC 9309, but widely used):
    /// the least time between two requests the site asks for, at most [`MAX_CRAWL_DELAY`].
    pub fn crawl_delay(&self) -> Option<Duration> {
        let Rules::Parsed(robot) = self else {
            return None;
        };
        let seconds = robot.delay.filter(|s| s.is_finite() && *s > 0.0)?;
        Some(Duration::from_secs_f32(
            seconds.min(MAX_CRAWL_DELAY.as_secs_f32()),
        ))
    }

    /// How long these rules may be used.
    pub fn ttl(&self) -> Duration {
        match self {
            Rules::Unavailable(_) => UNREACHABLE_TTL,
            Rules::AllowAll | Rules::Parsed(_) => RULES_TTL,
        }
    }
}

/// Rules and when they were fetched.
#[derive(Debug, Clone)]
pub struct CachedRules {
    pub rules: Arc<Rules>,
    fetched: Instant,
}

impl CachedRules {
    pub fn new(rules: Rules, fetched: Instant) -> Self {
        CachedRules {
            rules: Arc::new(rules),
            fetched,
        }
    }

    pub fn is_fresh(&self, now: Instant) -> bool {
        now.duration_since(self.fetched) < self.rules.ttl()
    }
}

/// `scheme://host[:port]/robots.txt` for `url`.
pub fn robots_url(url: &Url) -> Url {
    let mut robots = url.clone();
    robots.set_path("/robots.txt");
    robots.set_query(None);
    robots.set_fragment(None);
    // Credentials in the page URL are not sent to robots.txt.
    let _ = robots.set_username("");
    let _ = robots.set_password(None);
    robots
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROBOTS: &str = "User-agent: regionwatch\nDisallow: /private/\n\n\
                          User-agent: *\nDisallow: /\n";

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn the_group_for_our_agent_applies() {
        let rules = Rules::parse("regionwatch", ROBOTS.as_bytes());
        assert!(rules.allows(&url("https://news.example/2026/a.html")));
        assert!(!rules.allows(&url("https://news.example/private/a.html")));
        let other = Rules::parse("otherbot", ROBOTS.as_bytes());
        assert!(!other.allows(&url("https://news.example/2026/a.html")));
    }

    #[test]
    fn crawl_delay_is_read_for_our_group_and_capped() {
        let asked = |robots: &str| Rules::parse("regionwatch", robots.as_bytes()).crawl_delay();
        assert_eq!(
            asked("User-agent: *\nCrawl-delay: 2.5\n"),
            Some(Duration::from_millis(2500))
        );
        assert_eq!(
            asked("User-agent: *\nCrawl-delay: 86400\n"),
            Some(MAX_CRAWL_DELAY)
        );
        assert_eq!(asked("User-agent: *\nDisallow: /x\n"), None);
        assert_eq!(asked("User-agent: *\nCrawl-delay: -3\n"), None);
        assert_eq!(Rules::AllowAll.crawl_delay(), None);
    }

    #[test]
    fn missing_and_unreachable_files_allow_all_and_nothing() {
        let page = url("https://news.example/a.html");
        assert!(Rules::AllowAll.allows(&page));
        assert!(!Rules::Unavailable("503".into()).allows(&page));
    }

    #[test]
    fn rules_expire_after_a_day_and_outages_sooner() {
        let t0 = Instant::now();
        let read = CachedRules::new(Rules::AllowAll, t0);
        assert!(read.is_fresh(t0 + Duration::from_secs(23 * 3600)));
        assert!(!read.is_fresh(t0 + RULES_TTL));
        let outage = CachedRules::new(Rules::Unavailable("503".into()), t0);
        assert!(outage.is_fresh(t0 + Duration::from_secs(60)));
        assert!(!outage.is_fresh(t0 + UNREACHABLE_TTL));
    }

    #[test]
    fn robots_txt_sits_at_the_root_of_the_origin() {
        assert_eq!(
            robots_url(&url("http://u:p@127.0.0.1:8080/a/b.html?x=1#f")).as_str(),
            "http://127.0.0.1:8080/robots.txt"
        );
    }
}
