//! Checks the raw file values and converts them into the typed [`Config`].
//!
//! Every check that fails names the span of the offending value, its key path and the fix.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use toml::Spanned;
use url::Url;

use super::locate::Fault;
use super::model::{Config, ExtractionOverrides, FetchSettings, Source, SourceKind};
use super::raw::{RawConfig, RawExtraction, RawFetch, RawSource};
use super::values::{CssSelector, Pattern, Schedule};

pub(crate) fn validate(raw: RawConfig, path: &Path) -> Result<Config, Fault> {
    let database = database(&raw.database)?;
    let timezone = match &raw.timezone {
        None => super::model::DEFAULT_TIMEZONE,
        Some(name) => timezone(name)?,
    };
    let fetch = fetch(&raw.fetch)?;
    let mut sources = Vec::with_capacity(raw.sources.len());
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (index, raw_source) in raw.sources.iter().enumerate() {
        let source = source(raw_source.get_ref(), index, timezone)?;
        if let Some(first) = seen.insert(source.name.clone(), index) {
            return Err(Fault::new(
                raw_source.get_ref().name.span(),
                format!("sources[{index}].name"),
                format!(
                    "duplicate source name {:?} (also sources[{first}]); give each source its own name",
                    source.name
                ),
            ));
        }
        sources.push(source);
    }
    Ok(Config {
        path: path.to_path_buf(),
        database,
        timezone,
        fetch,
        sources,
    })
}

fn database(value: &Spanned<String>) -> Result<PathBuf, Fault> {
    if value.get_ref().trim().is_empty() {
        return Err(fault(
            value,
            "database",
            "empty path; give the SQLite file, e.g. \"/var/lib/regionwatch/regionwatch.db\"",
        ));
    }
    Ok(PathBuf::from(value.get_ref()))
}

fn timezone(value: &Spanned<String>) -> Result<chrono_tz::Tz, Fault> {
    value.get_ref().parse().map_err(|_| {
        fault(
            value,
            "timezone",
            format!(
                "unknown time zone {:?}; use an IANA name such as \"Asia/Shanghai\" or \"UTC\"",
                value.get_ref()
            ),
        )
    })
}

fn fetch(raw: &RawFetch) -> Result<FetchSettings, Fault> {
    let defaults = FetchSettings::default();
    let user_agent = match &raw.user_agent {
        None => defaults.user_agent,
        Some(agent) => user_agent(agent)?,
    };
    let min_delay_ms = bounded(
        &raw.min_delay_ms,
        "fetch.min_delay_ms",
        FetchSettings::DEFAULT_MIN_DELAY_MS,
        0,
        3_600_000,
    )?;
    let connect_secs = bounded(
        &raw.connect_timeout_secs,
        "fetch.connect_timeout_secs",
        FetchSettings::DEFAULT_CONNECT_TIMEOUT_SECS,
        1,
        300,
    )?;
    let timeout_secs = bounded(
        &raw.timeout_secs,
        "fetch.timeout_secs",
        FetchSettings::DEFAULT_TIMEOUT_SECS,
        1,
        3600,
    )?;
    if let Some(timeout) = raw
        .timeout_secs
        .as_ref()
        .filter(|_| connect_secs > timeout_secs)
    {
        return Err(fault(
            timeout,
            "fetch.timeout_secs",
            format!(
                "{timeout_secs} is shorter than connect_timeout_secs ({connect_secs}); the total timeout must be at least the connect timeout"
            ),
        ));
    }
    Ok(FetchSettings {
        user_agent,
        min_delay: Duration::from_millis(min_delay_ms),
        jitter: jitter(&raw.jitter)?,
        allow_private_networks: raw.allow_private_networks.unwrap_or(false),
        connect_timeout: Duration::from_secs(connect_secs),
        timeout: Duration::from_secs(timeout_secs),
        max_body_bytes: bounded(
            &raw.max_body_bytes,
            "fetch.max_body_bytes",
            FetchSettings::DEFAULT_MAX_BODY_BYTES,
            1024,
            1 << 30,
        )?,
        max_redirects: bounded(
            &raw.max_redirects,
            "fetch.max_redirects",
            FetchSettings::DEFAULT_MAX_REDIRECTS as u64,
            0,
            10,
        )? as usize,
        retries: bounded(
            &raw.attempts,
            "fetch.attempts",
            u64::from(FetchSettings::DEFAULT_ATTEMPTS),
            1,
            10,
        )? as u32,
        obey_robots: raw.obey_robots.unwrap_or(true),
    })
}

fn user_agent(value: &Spanned<String>) -> Result<String, Fault> {
    let agent = value.get_ref();
    // A header value must be visible ASCII; a newline here would also split the request.
    if agent.trim().is_empty() || !agent.chars().all(|c| c == ' ' || c.is_ascii_graphic()) {
        return Err(fault(
            value,
            "fetch.user_agent",
            "must be non-empty printable ASCII; e.g. \"regionwatch/0.1 (+mailto:ops@example.org)\"",
        ));
    }
    Ok(agent.clone())
}

fn jitter(value: &Option<Spanned<f64>>) -> Result<f64, Fault> {
    let Some(jitter) = value else {
        return Ok(FetchSettings::DEFAULT_JITTER);
    };
    let number = *jitter.get_ref();
    if !(0.0..=1.0).contains(&number) {
        return Err(fault(
            jitter,
            "fetch.jitter",
            format!("{number} is out of range; use a share between 0.0 and 1.0"),
        ));
    }
    Ok(number)
}

/// An optional integer with a default, checked against `min..=max`.
fn bounded(
    value: &Option<Spanned<u64>>,
    key: &str,
    default: u64,
    min: u64,
    max: u64,
) -> Result<u64, Fault> {
    let Some(spanned) = value else {
        return Ok(default);
    };
    let number = *spanned.get_ref();
    if !(min..=max).contains(&number) {
        return Err(fault(
            spanned,
            key,
            format!("{number} is out of range; use a value from {min} to {max}"),
        ));
    }
    Ok(number)
}

fn source(raw: &RawSource, index: usize, timezone: chrono_tz::Tz) -> Result<Source, Fault> {
    let key = |field: &str| format!("sources[{index}].{field}");
    // Checked in the order the keys are usually written, so the first error is the first in the file.
    let name = name(&raw.name, &key("name"))?;
    let url = http_url(&raw.url, &key("url"))?;
    let kind = *raw.kind.get_ref();
    let schedule = Schedule::parse(raw.schedule.get_ref(), timezone)
        .map_err(|message| fault(&raw.schedule, &key("schedule"), message))?;
    let links = optional_selector(&raw.links, &key("links"))?;
    let pagination_depth = bounded(
        &raw.pagination_depth,
        &key("pagination_depth"),
        0,
        0,
        u64::from(Source::MAX_PAGINATION_DEPTH),
    )? as u32;
    if kind != SourceKind::Html {
        only_for_html(&raw.links, &key("links"), kind)?;
        if let Some(depth) = raw
            .pagination_depth
            .as_ref()
            .filter(|_| pagination_depth > 0)
        {
            return Err(html_only(depth, &key("pagination_depth"), kind));
        }
    }
    Ok(Source {
        name,
        url,
        kind,
        schedule,
        links,
        include: patterns(&raw.include, &key("include"))?,
        exclude: patterns(&raw.exclude, &key("exclude"))?,
        max_articles_per_run: bounded(
            &raw.max_articles_per_run,
            &key("max_articles_per_run"),
            Source::DEFAULT_MAX_ARTICLES_PER_RUN as u64,
            1,
            Source::MAX_ARTICLES_PER_RUN as u64,
        )? as usize,
        pagination_depth,
        extraction: extraction(&raw.extraction, &key("extraction"))?,
        enabled: raw.enabled.unwrap_or(true),
    })
}

fn only_for_html(
    value: &Option<Spanned<String>>,
    key: &str,
    kind: SourceKind,
) -> Result<(), Fault> {
    match value {
        Some(spanned) => Err(html_only(spanned, key, kind)),
        None => Ok(()),
    }
}

fn html_only<T>(value: &Spanned<T>, key: &str, kind: SourceKind) -> Fault {
    fault(
        value,
        key,
        format!("only used by kind = \"html\", not \"{kind}\"; remove it or change the kind"),
    )
}

fn name(value: &Spanned<String>, key: &str) -> Result<String, Fault> {
    let name = value.get_ref();
    let allowed =
        |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-');
    if name.is_empty() || name.len() > 64 || !name.chars().all(allowed) {
        return Err(fault(
            value,
            key,
            format!(
                "{name:?} is not a valid source name; use 1 to 64 of a-z 0-9 . _ -, e.g. \"xinhua-english-china\""
            ),
        ));
    }
    Ok(name.clone())
}

fn http_url(value: &Spanned<String>, key: &str) -> Result<Url, Fault> {
    let text = value.get_ref();
    let url = Url::parse(text).map_err(|error| {
        fault(
            value,
            key,
            format!("{text:?} is not a valid URL ({error}); give an absolute http or https URL"),
        )
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(fault(
            value,
            key,
            format!(
                "scheme {:?} is not supported; use an http:// or https:// URL",
                url.scheme()
            ),
        ));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(fault(
            value,
            key,
            format!("{text:?} has no host; give an absolute http or https URL"),
        ));
    }
    Ok(url)
}

fn optional_selector(
    value: &Option<Spanned<String>>,
    key: &str,
) -> Result<Option<CssSelector>, Fault> {
    value
        .as_ref()
        .map(|spanned| {
            CssSelector::parse(spanned.get_ref()).map_err(|message| fault(spanned, key, message))
        })
        .transpose()
}

fn patterns(values: &[Spanned<String>], key: &str) -> Result<Vec<Pattern>, Fault> {
    values
        .iter()
        .enumerate()
        .map(|(index, spanned)| {
            Pattern::parse(spanned.get_ref())
                .map_err(|message| fault(spanned, &format!("{key}[{index}]"), message))
        })
        .collect()
}

fn extraction(raw: &RawExtraction, key: &str) -> Result<ExtractionOverrides, Fault> {
    Ok(ExtractionOverrides {
        title: optional_selector(&raw.title, &format!("{key}.title"))?,
        date: optional_selector(&raw.date, &format!("{key}.date"))?,
        body: optional_selector(&raw.body, &format!("{key}.body"))?,
    })
}

fn fault<T>(value: &Spanned<T>, key: &str, message: impl Into<String>) -> Fault {
    Fault::new(value.span(), key, message)
}
