//! The configuration model: one struct per section that serde reads from the file (every table
//! denies unknown keys, none uses `flatten`, which would silently disable that, serde#2283) and
//! writes back for `check-config`. Defaults live in the `Default` impls and `default` functions
//! here; checks across keys run right after reading, in `check`.

use std::path::PathBuf;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use url::Url;

use super::digest::{DigestSettings, Recipient, SmtpSettings};
use super::fields::{self, Millis, Positive, Secs, int};
use super::values::{CssSelector, Pattern, Schedule};

/// The time zone schedules run in when the file names none.
pub const DEFAULT_TIMEZONE: chrono_tz::Tz = chrono_tz::Asia::Shanghai;

/// The whole configuration, loaded by [`super::load`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The file this was loaded from.
    #[serde(skip)]
    pub path: PathBuf,
    /// SQLite database file.
    #[serde(deserialize_with = "fields::database")]
    pub database: PathBuf,
    /// IANA time zone that schedules are read in.
    #[serde(default = "default_timezone", with = "fields::Zone")]
    pub timezone: chrono_tz::Tz,
    #[serde(default)]
    pub fetch: FetchSettings,
    /// Zero sources is valid: `extract` and the query commands need none.
    #[serde(default)]
    pub sources: Vec<Source>,
    /// `[digest]`, defaults filled in when the table is absent.
    #[serde(default)]
    pub digest: DigestSettings,
    pub smtp: Option<SmtpSettings>,
    /// Zero recipients is valid: nothing is mailed.
    #[serde(default)]
    pub recipients: Vec<Recipient>,
    /// `[http]`: `/healthz` and `/metrics` while the daemon runs; none when absent.
    pub http: Option<HttpSettings>,
}

fn default_timezone() -> chrono_tz::Tz {
    DEFAULT_TIMEZONE
}

/// The `[http]` table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HttpSettings {
    /// A loopback address and port (the listener has no authentication).
    #[serde(deserialize_with = "fields::loopback")]
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

    /// The effective configuration as TOML, defaults included; it loads back to the same
    /// `Config`. The name recalls that no secret is in it: only where the password is read.
    pub fn to_redacted_toml(&self) -> String {
        toml::to_string(self).expect("the config is plain TOML data")
    }
}

/// How pages are fetched: the `[fetch]` table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FetchSettings {
    #[serde(deserialize_with = "fields::user_agent")]
    pub user_agent: String,
    /// Minimum gap between two requests to the same host.
    #[serde(rename = "min_delay_ms", with = "Millis::<0, 3_600_000>")]
    pub min_delay: Duration,
    /// Random extra share of `min_delay`, 0 to 1.
    #[serde(deserialize_with = "share")]
    pub jitter: f64,
    /// Allow loopback, private and link-local addresses (tests and demos only).
    pub allow_private_networks: bool,
    #[serde(rename = "connect_timeout_secs", with = "Secs::<1, 300>")]
    pub connect_timeout: Duration,
    /// Total time for one request, body included; at least `connect_timeout`.
    #[serde(rename = "timeout_secs", with = "Secs::<1, 3600>")]
    pub timeout: Duration,
    /// Cap on the decoded body.
    #[serde(deserialize_with = "int::<_, _, 1024, { 1 << 30 }>")]
    pub max_body_bytes: u64,
    #[serde(deserialize_with = "int::<_, _, 0, 10>")]
    pub max_redirects: usize,
    /// Total attempts per request, the first one included (network errors, 408, 429, 5xx are
    /// retried).
    #[serde(deserialize_with = "int::<_, _, 1, 10>")]
    pub attempts: u32,
    pub obey_robots: bool,
    // Not keys: fixed for the daemon, shortened or widened by tests and single fetches.
    /// Single addresses exempt from the private-network refusal, without opening them all.
    #[serde(skip)]
    pub allowed_addresses: Vec<std::net::IpAddr>,
    /// The first retry waits this long, then twice as long each time (plus jitter).
    #[serde(skip)]
    pub retry_base: Duration,
    /// The longest `Retry-After` waited out in place; a longer one ends the fetch.
    #[serde(skip)]
    pub max_retry_wait: Duration,
}

impl FetchSettings {
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
            min_delay: Duration::from_millis(1000),
            jitter: 0.5,
            allow_private_networks: false,
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            max_body_bytes: 5 * 1024 * 1024,
            max_redirects: 5,
            attempts: 3,
            obey_robots: true,
            allowed_addresses: Vec::new(),
            retry_base: Duration::from_secs(1),
            max_retry_wait: Duration::from_secs(60),
        }
    }
}

fn share<'de, D: serde::Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    let number = f64::deserialize(d)?;
    if !(0.0..=1.0).contains(&number) {
        let message = format!("{number} is out of range; use a share between 0.0 and 1.0");
        return Err(serde::de::Error::custom(message));
    }
    Ok(number)
}

/// One `[[sources]]` entry: where to look for articles and how often.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Unique, made of `a-z 0-9 . _ -`.
    #[serde(deserialize_with = "fields::source_name")]
    pub name: String,
    /// http or https.
    #[serde(with = "fields::HttpUrl")]
    pub url: Url,
    pub kind: SourceKind,
    pub schedule: Schedule,
    #[serde(default = "fields::yes")]
    pub enabled: bool,
    /// Article links on an `html` list page.
    pub links: Option<CssSelector>,
    /// Article URLs must match one of these (when any are given).
    #[serde(default)]
    pub include: Vec<Pattern>,
    /// Article URLs matching any of these are skipped.
    #[serde(default)]
    pub exclude: Vec<Pattern>,
    #[serde(default = "max_articles", deserialize_with = "int::<_, _, 1, 1000>")]
    pub max_articles_per_run: usize,
    /// How many "next page" links of an `html` list to follow.
    #[serde(default, deserialize_with = "int::<_, _, 0, 10>")]
    pub pagination_depth: u32,
    /// Each scheduled run starts after a random delay of 0 to this (`jitter_secs`), so many
    /// sources on one schedule do not all hit the network in the same second.
    #[serde(default, rename = "jitter_secs", with = "Secs::<0, 3600>")]
    pub jitter: Duration,
    /// When a stored article is fetched again, counted from when it was first seen.
    #[serde(default, rename = "recheck_after_hours")]
    #[serde(skip_serializing_if = "RecheckAfter::is_every_run")]
    pub recheck_after: RecheckAfter,
    #[serde(default, skip_serializing_if = "ExtractionOverrides::is_empty")]
    pub extraction: ExtractionOverrides,
}

fn max_articles() -> usize {
    Source::DEFAULT_MAX_ARTICLES_PER_RUN
}

impl Source {
    pub const DEFAULT_MAX_ARTICLES_PER_RUN: usize = 50;
    /// News articles rarely change after their first day.
    pub const DEFAULT_RECHECK_AFTER_HOURS: [u64; 3] = [1, 6, 24];
    pub const MAX_RECHECKS: usize = 10;
}

/// `recheck_after_hours`: the hours after an article was first seen at which it is fetched
/// again, in increasing order; after the last, only when its list says it changed. `None` for
/// kind `article`, whose one page is checked every run. Reads as the list of durations.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RecheckAfter(pub(super) Option<Vec<Duration>>);

impl RecheckAfter {
    fn is_every_run(&self) -> bool {
        self.0.is_none()
    }
}

impl std::ops::Deref for RecheckAfter {
    type Target = [Duration];
    fn deref(&self) -> &[Duration] {
        self.0.as_deref().unwrap_or_default()
    }
}

impl<'de> Deserialize<'de> for RecheckAfter {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let list = Vec::<Positive<8760>>::deserialize(d)?;
        if list.len() > Source::MAX_RECHECKS {
            return Err(serde::de::Error::custom(format!(
                "{} re-checks; give at most {}, e.g. [1, 6, 24]",
                list.len(),
                Source::MAX_RECHECKS
            )));
        }
        let hours = list.iter().map(|h| Duration::from_secs(h.0 * 3600));
        Ok(RecheckAfter(Some(hours.collect())))
    }
}

impl Serialize for RecheckAfter {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter().map(|d| d.as_secs() / 3600))
    }
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

/// Per-source selectors that replace the extractor's own guesses.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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
