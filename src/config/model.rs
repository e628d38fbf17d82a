//! The validated configuration: typed values that the rest of regionwatch uses without re-checking.

use std::path::PathBuf;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use url::Url;

use super::digest::{DigestSettings, Recipient, SmtpSettings};
use super::values::{CssSelector, Pattern, Schedule};

/// The time zone schedules run in when the file names none.
pub const DEFAULT_TIMEZONE: chrono_tz::Tz = chrono_tz::Asia::Shanghai;

/// The whole configuration, loaded by [`super::load`].
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// The file this was loaded from.
    pub path: PathBuf,
    /// SQLite database file.
    pub database: PathBuf,
    /// IANA time zone that schedules are read in.
    pub timezone: chrono_tz::Tz,
    pub fetch: FetchSettings,
    /// Zero sources is valid: `extract` and the query commands need none.
    pub sources: Vec<Source>,
    /// `[digest]`, defaults filled in when the table is absent.
    pub digest: DigestSettings,
    pub smtp: Option<SmtpSettings>,
    /// Zero recipients is valid: nothing is mailed.
    pub recipients: Vec<Recipient>,
    /// `[http]`: `/healthz` and `/metrics` while the daemon runs; none when absent.
    pub http: Option<HttpSettings>,
}

/// The `[http]` table.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpSettings {
    /// A loopback address and port (the listener has no authentication).
    pub listen: std::net::SocketAddr,
}

impl Config {
    /// The source with this name.
    pub fn source(&self, name: &str) -> Option<&Source> {
        self.sources.iter().find(|source| source.name == name)
    }

    /// The sources that are not switched off with `enabled = false`.
    pub fn enabled_sources(&self) -> impl Iterator<Item = &Source> {
        self.sources.iter().filter(|source| source.enabled)
    }
}

/// How pages are fetched: the `[fetch]` table.
#[derive(Debug, Clone, PartialEq)]
pub struct FetchSettings {
    pub user_agent: String,
    /// Minimum gap between two requests to the same host (`min_delay_ms`).
    pub min_delay: Duration,
    /// Random extra share of `min_delay`, 0 to 1.
    pub jitter: f64,
    /// Allow loopback, private and link-local addresses (tests and demos only).
    pub allow_private_networks: bool,
    pub connect_timeout: Duration,
    /// Total time for one request, body included.
    pub timeout: Duration,
    /// Cap on the decoded body.
    pub max_body_bytes: u64,
    pub max_redirects: usize,
    /// Total attempts per request, the first one included (`attempts` in the file).
    pub retries: u32,
    pub obey_robots: bool,
}

impl FetchSettings {
    pub const DEFAULT_MIN_DELAY_MS: u64 = 1000;
    pub const DEFAULT_JITTER: f64 = 0.5;
    pub const DEFAULT_CONNECT_TIMEOUT_SECS: u64 = 10;
    pub const DEFAULT_TIMEOUT_SECS: u64 = 30;
    pub const DEFAULT_MAX_BODY_BYTES: u64 = 5 * 1024 * 1024;
    pub const DEFAULT_MAX_REDIRECTS: usize = 5;
    pub const DEFAULT_ATTEMPTS: u32 = 3;

    /// `regionwatch/<version> (+https://github.com/regionwatch/regionwatch)`.
    pub fn default_user_agent() -> String {
        format!(
            "regionwatch/{} (+https://github.com/regionwatch/regionwatch)",
            env!("CARGO_PKG_VERSION")
        )
    }
}

impl Default for FetchSettings {
    fn default() -> Self {
        FetchSettings {
            user_agent: Self::default_user_agent(),
            min_delay: Duration::from_millis(Self::DEFAULT_MIN_DELAY_MS),
            jitter: Self::DEFAULT_JITTER,
            allow_private_networks: false,
            connect_timeout: Duration::from_secs(Self::DEFAULT_CONNECT_TIMEOUT_SECS),
            timeout: Duration::from_secs(Self::DEFAULT_TIMEOUT_SECS),
            max_body_bytes: Self::DEFAULT_MAX_BODY_BYTES,
            max_redirects: Self::DEFAULT_MAX_REDIRECTS,
            retries: Self::DEFAULT_ATTEMPTS,
            obey_robots: true,
        }
    }
}

/// One `[[sources]]` entry: where to look for articles and how often.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    /// Unique, made of `a-z 0-9 . _ -`.
    pub name: String,
    /// http or https.
    pub url: Url,
    pub kind: SourceKind,
    pub schedule: Schedule,
    /// Article links on an `html` list page.
    pub links: Option<CssSelector>,
    /// Article URLs must match one of these (when any are given).
    pub include: Vec<Pattern>,
    /// Article URLs matching any of these are skipped.
    pub exclude: Vec<Pattern>,
    pub max_articles_per_run: usize,
    /// How many "next page" links of an `html` list to follow.
    pub pagination_depth: u32,
    /// Each scheduled run starts after a random delay of 0 to this (`jitter_secs`), so many
    /// sources on one schedule do not all hit the network in the same second.
    pub jitter: Duration,
    /// When a stored article is fetched again, counted from when it was first
    /// seen (`recheck_after_hours`), in increasing order; after the last, only
    /// when its list says it changed. Empty for kind `article`, whose one page
    /// is checked every run.
    pub recheck_after: Vec<Duration>,
    pub extraction: ExtractionOverrides,
    pub enabled: bool,
}

impl Source {
    pub const DEFAULT_MAX_ARTICLES_PER_RUN: usize = 50;
    pub const MAX_ARTICLES_PER_RUN: usize = 1000;
    pub const MAX_PAGINATION_DEPTH: u32 = 10;
    pub const MAX_JITTER_SECS: u64 = 3600;
    /// News articles rarely change after their first day.
    pub const DEFAULT_RECHECK_AFTER_HOURS: [u64; 3] = [1, 6, 24];
    /// A year.
    pub const MAX_RECHECK_AFTER_HOURS: u64 = 8760;
    pub const MAX_RECHECKS: usize = 10;
}

/// What a source URL points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    /// An HTML list page.
    Html,
    /// RSS or Atom.
    Feed,
    /// A sitemap or news sitemap.
    Sitemap,
    /// The `ds_<id>.json` data source behind news.cn list pages.
    XinhuaJson,
    /// A single article to watch.
    Article,
}

impl SourceKind {
    /// The name used in the config file.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Html => "html",
            SourceKind::Feed => "feed",
            SourceKind::Sitemap => "sitemap",
            SourceKind::XinhuaJson => "xinhua-json",
            SourceKind::Article => "article",
        }
    }
}

impl std::fmt::Display for SourceKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Per-source selectors that replace the extractor's own guesses.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExtractionOverrides {
    pub title: Option<CssSelector>,
    pub date: Option<CssSelector>,
    pub body: Option<CssSelector>,
}

impl ExtractionOverrides {
    pub fn is_empty(&self) -> bool {
        self.title.is_none() && self.date.is_none() && self.body.is_none()
    }
}
