//! Prints the effective config (every default filled in) back as TOML, secrets redacted.
//!
//! The output is itself a valid config file that loads to the same [`Config`]; `check-config`
//! shows it so an operator sees exactly what regionwatch will do.

use serde::Serialize;

use super::digest::{DigestSettings, PasswordSource, SmtpSettings, TlsMode, Transport};
use super::model::{Config, FetchSettings, Source, SourceKind};

#[derive(Serialize)]
struct EffectiveConfig<'a> {
    database: String,
    timezone: &'a str,
    fetch: EffectiveFetch<'a>,
    sources: Vec<EffectiveSource<'a>>,
    digest: EffectiveDigest<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    smtp: Option<EffectiveSmtp>,
    recipients: Vec<EffectiveRecipient<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    http: Option<EffectiveHttp>,
}

#[derive(Serialize)]
struct EffectiveHttp {
    listen: String,
}

#[derive(Serialize)]
struct EffectiveDigest<'a> {
    schedule: &'a str,
    timezone: &'a str,
    transport: Transport,
    max_items: u64,
    first_digest_lookback_hours: u64,
    send_empty: bool,
    include_revised: bool,
    subject: &'a str,
    intro: &'a str,
    directory: String,
    sendmail_command: String,
}

/// The password itself is never here: only where it is read from.
#[derive(Serialize)]
struct EffectiveSmtp {
    host: String,
    port: u16,
    tls: TlsMode,
    #[serde(skip_serializing_if = "Option::is_none")]
    username: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    password_file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    password_env: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    password_credential: Option<String>,
    from: String,
    timeout_secs: u64,
    data_timeout_secs: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    ca_file: Option<String>,
}

#[derive(Serialize)]
struct EffectiveRecipient<'a> {
    email: String,
    regions: &'a [String],
    themes: &'a [String],
    sources: &'a [String],
}

#[derive(Serialize)]
struct EffectiveFetch<'a> {
    user_agent: &'a str,
    min_delay_ms: u64,
    jitter: f64,
    allow_private_networks: bool,
    connect_timeout_secs: u64,
    timeout_secs: u64,
    max_body_bytes: u64,
    max_redirects: u64,
    attempts: u32,
    obey_robots: bool,
}

#[derive(Serialize)]
struct EffectiveSource<'a> {
    name: &'a str,
    url: &'a str,
    kind: SourceKind,
    schedule: &'a str,
    enabled: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    links: Option<&'a str>,
    include: Vec<&'a str>,
    exclude: Vec<&'a str>,
    max_articles_per_run: u64,
    pagination_depth: u32,
    jitter_secs: u64,
    /// None for kind `article`, which checks its page every run.
    #[serde(skip_serializing_if = "Option::is_none")]
    recheck_after_hours: Option<Vec<u64>>,
    #[serde(skip_serializing_if = "EffectiveExtraction::is_empty")]
    extraction: EffectiveExtraction<'a>,
}

#[derive(Serialize)]
struct EffectiveExtraction<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    body: Option<&'a str>,
}

impl EffectiveExtraction<'_> {
    fn is_empty(&self) -> bool {
        self.title.is_none() && self.date.is_none() && self.body.is_none()
    }
}

impl Config {
    /// The effective configuration as TOML, defaults included and secrets shown as `<redacted>`.
    pub fn to_redacted_toml(&self) -> String {
        let effective = EffectiveConfig {
            database: self.database.display().to_string(),
            timezone: self.timezone.name(),
            fetch: effective_fetch(&self.fetch),
            sources: self.sources.iter().map(effective_source).collect(),
            digest: effective_digest(&self.digest),
            smtp: self.smtp.as_ref().map(effective_smtp),
            recipients: self
                .recipients
                .iter()
                .map(|r| EffectiveRecipient {
                    email: r.mailbox.to_string(),
                    regions: &r.region_names,
                    themes: &r.themes,
                    sources: &r.sources,
                })
                .collect(),
            http: self.http.as_ref().map(|h| EffectiveHttp {
                listen: h.listen.to_string(),
            }),
        };
        toml::to_string(&effective).expect("the effective config is plain TOML data")
    }
}

fn effective_fetch(fetch: &FetchSettings) -> EffectiveFetch<'_> {
    EffectiveFetch {
        user_agent: &fetch.user_agent,
        // Durations were read from whole milliseconds and seconds, so these are exact.
        min_delay_ms: fetch.min_delay.as_millis() as u64,
        jitter: fetch.jitter,
        allow_private_networks: fetch.allow_private_networks,
        connect_timeout_secs: fetch.connect_timeout.as_secs(),
        timeout_secs: fetch.timeout.as_secs(),
        max_body_bytes: fetch.max_body_bytes,
        max_redirects: fetch.max_redirects as u64,
        attempts: fetch.retries,
        obey_robots: fetch.obey_robots,
    }
}

fn effective_source(source: &Source) -> EffectiveSource<'_> {
    EffectiveSource {
        name: &source.name,
        url: source.url.as_str(),
        kind: source.kind,
        schedule: source.schedule.as_str(),
        enabled: source.enabled,
        links: source.links.as_ref().map(|links| links.as_str()),
        include: source.include.iter().map(|p| p.as_str()).collect(),
        exclude: source.exclude.iter().map(|p| p.as_str()).collect(),
        max_articles_per_run: source.max_articles_per_run as u64,
        pagination_depth: source.pagination_depth,
        // Read from whole seconds, so exact.
        jitter_secs: source.jitter.as_secs(),
        // Read from whole hours, so exact.
        recheck_after_hours: (source.kind != SourceKind::Article).then(|| {
            source
                .recheck_after
                .iter()
                .map(|d| d.as_secs() / 3600)
                .collect()
        }),
        extraction: EffectiveExtraction {
            title: source.extraction.title.as_ref().map(|s| s.as_str()),
            date: source.extraction.date.as_ref().map(|s| s.as_str()),
            body: source.extraction.body.as_ref().map(|s| s.as_str()),
        },
    }
}

fn effective_digest(digest: &DigestSettings) -> EffectiveDigest<'_> {
    EffectiveDigest {
        schedule: digest.schedule.as_str(),
        timezone: digest.timezone.name(),
        transport: digest.transport,
        max_items: digest.max_items as u64,
        // Whole hours, written or from the schedule.
        first_digest_lookback_hours: digest.first_digest_lookback.as_secs() / 3600,
        send_empty: digest.send_empty,
        include_revised: digest.include_revised,
        subject: digest.subject.as_str(),
        intro: digest.intro.as_str(),
        directory: digest.directory.display().to_string(),
        sendmail_command: digest.sendmail_command.display().to_string(),
    }
}

fn effective_smtp(smtp: &SmtpSettings) -> EffectiveSmtp {
    let credentials = smtp.credentials.as_ref();
    let source = credentials.map(|c| &c.password);
    EffectiveSmtp {
        host: smtp.host.clone(),
        port: smtp.port,
        tls: smtp.tls,
        username: credentials.map(|c| c.username.clone()),
        password_file: match source {
            Some(PasswordSource::File(path)) => Some(path.display().to_string()),
            _ => None,
        },
        password_env: match source {
            Some(PasswordSource::Env(name)) => Some(name.clone()),
            _ => None,
        },
        password_credential: match source {
            Some(PasswordSource::Credential(name)) => Some(name.clone()),
            _ => None,
        },
        from: smtp.from.to_string(),
        timeout_secs: smtp.timeout.as_secs(),
        data_timeout_secs: smtp.data_timeout.as_secs(),
        ca_file: smtp.ca_file.as_ref().map(|c| c.path.display().to_string()),
    }
}
