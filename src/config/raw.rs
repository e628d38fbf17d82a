//! The config file as written: serde structs that mirror the TOML exactly.
//!
//! Every table denies unknown keys (and none uses `flatten`, which would silently disable that,
//! serde#2283). Values that still need checking keep their span (`Spanned`) so a bad value is
//! reported at its own line and column. `validate` turns these into the typed [`super::Config`].

use serde::Deserialize;
use toml::Spanned;

use super::digest::Transport;
use super::model::SourceKind;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawConfig {
    pub database: Spanned<String>,
    pub timezone: Option<Spanned<String>>,
    #[serde(default)]
    pub fetch: RawFetch,
    #[serde(default)]
    pub sources: Vec<Spanned<RawSource>>,
    pub digest: Option<Spanned<RawDigest>>,
    pub smtp: Option<Spanned<RawSmtp>>,
    #[serde(default)]
    pub recipients: Vec<Spanned<RawRecipient>>,
    pub http: Option<Spanned<RawHttp>>,
}

/// `[http]`: the daemon's optional health and metrics listener.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawHttp {
    pub listen: Spanned<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFetch {
    pub user_agent: Option<Spanned<String>>,
    pub min_delay_ms: Option<Spanned<u64>>,
    pub jitter: Option<Spanned<f64>>,
    pub allow_private_networks: Option<bool>,
    pub connect_timeout_secs: Option<Spanned<u64>>,
    pub timeout_secs: Option<Spanned<u64>>,
    pub max_body_bytes: Option<Spanned<u64>>,
    pub max_redirects: Option<Spanned<u64>>,
    pub attempts: Option<Spanned<u64>>,
    pub obey_robots: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSource {
    pub name: Spanned<String>,
    pub url: Spanned<String>,
    pub kind: Spanned<SourceKind>,
    pub schedule: Spanned<String>,
    pub links: Option<Spanned<String>>,
    #[serde(default)]
    pub include: Vec<Spanned<String>>,
    #[serde(default)]
    pub exclude: Vec<Spanned<String>>,
    pub max_articles_per_run: Option<Spanned<u64>>,
    pub pagination_depth: Option<Spanned<u64>>,
    pub jitter_secs: Option<Spanned<u64>>,
    pub recheck_after_hours: Option<Spanned<Vec<Spanned<u64>>>>,
    pub enabled: Option<bool>,
    #[serde(default)]
    pub extraction: RawExtraction,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawExtraction {
    pub title: Option<Spanned<String>>,
    pub date: Option<Spanned<String>>,
    pub body: Option<Spanned<String>>,
}

/// `[digest]`; `schedule` is required once the table is written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDigest {
    pub schedule: Spanned<String>,
    pub timezone: Option<Spanned<String>>,
    pub transport: Option<Spanned<Transport>>,
    pub max_items: Option<Spanned<u64>>,
    pub first_digest_lookback_hours: Option<Spanned<u64>>,
    pub send_empty: Option<bool>,
    pub include_revised: Option<bool>,
    pub subject: Option<Spanned<String>>,
    pub intro: Option<Spanned<String>>,
    pub directory: Option<Spanned<String>>,
    pub sendmail_command: Option<Spanned<String>>,
}

/// `[smtp]`. `tls` is a string, not the enum, so "opportunistic" gets its own explanation.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSmtp {
    pub host: Spanned<String>,
    pub port: Option<Spanned<u64>>,
    pub tls: Spanned<String>,
    pub username: Option<Spanned<String>>,
    pub password_file: Option<Spanned<String>>,
    pub password_env: Option<Spanned<String>>,
    pub password_credential: Option<Spanned<String>>,
    pub from: Spanned<String>,
    pub timeout_secs: Option<Spanned<u64>>,
    pub data_timeout_secs: Option<Spanned<u64>>,
    pub ca_file: Option<Spanned<String>>,
}

/// One `[[recipients]]` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRecipient {
    pub email: Spanned<String>,
    #[serde(default)]
    pub regions: Vec<Spanned<String>>,
    #[serde(default)]
    pub themes: Vec<Spanned<String>>,
    #[serde(default)]
    pub sources: Vec<Spanned<String>>,
}
