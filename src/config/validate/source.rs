//! Checks one `[[sources]]` entry: name, URL, kind, schedule, selectors and patterns.

use std::time::Duration;

use toml::Spanned;
use url::Url;

use super::{bounded, fault};
use crate::config::locate::Fault;
use crate::config::model::{ExtractionOverrides, Source, SourceKind};
use crate::config::raw::{RawExtraction, RawSource};
use crate::config::values::{CssSelector, Pattern, Schedule};

pub(super) fn source(
    raw: &RawSource,
    index: usize,
    timezone: chrono_tz::Tz,
) -> Result<Source, Fault> {
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
        jitter: Duration::from_secs(bounded(
            &raw.jitter_secs,
            &key("jitter_secs"),
            0,
            0,
            Source::MAX_JITTER_SECS,
        )?),
        recheck_after: recheck_after(raw, kind, &key("recheck_after_hours"))?,
        extraction: extraction(&raw.extraction, &key("extraction"))?,
        enabled: raw.enabled.unwrap_or(true),
    })
}

/// `recheck_after_hours`: hours after an article was first seen at which it
/// is fetched again, increasing; `[]` means only when its list says it changed.
fn recheck_after(raw: &RawSource, kind: SourceKind, key: &str) -> Result<Vec<Duration>, Fault> {
    let hours = |h: u64| Duration::from_secs(h * 3600);
    let Some(list) = &raw.recheck_after_hours else {
        return Ok(match kind {
            SourceKind::Article => Vec::new(),
            _ => Source::DEFAULT_RECHECK_AFTER_HOURS.map(hours).to_vec(),
        });
    };
    if kind == SourceKind::Article {
        return Err(fault(
            list,
            key,
            "kind = \"article\" checks its one page every run; remove recheck_after_hours",
        ));
    }
    if list.get_ref().len() > Source::MAX_RECHECKS {
        return Err(fault(
            list,
            key,
            format!(
                "{} re-checks; give at most {}, e.g. [1, 6, 24]",
                list.get_ref().len(),
                Source::MAX_RECHECKS
            ),
        ));
    }
    let mut previous = 0;
    let mut out = Vec::new();
    for (i, spanned) in list.get_ref().iter().enumerate() {
        let key = format!("{key}[{i}]");
        let h = bounded(
            &Some(spanned.clone()),
            &key,
            0,
            1,
            Source::MAX_RECHECK_AFTER_HOURS,
        )?;
        if h <= previous {
            return Err(fault(
                spanned,
                &key,
                format!(
                    "{h} does not come after {previous}; list the hours in increasing order, e.g. [1, 6, 24]"
                ),
            ));
        }
        previous = h;
        out.push(hours(h));
    }
    Ok(out)
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
