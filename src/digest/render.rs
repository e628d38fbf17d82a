//! Rendering a composed digest: subject, plain text and HTML with the same content.
//!
//! Scraped strings (highlight text, titles, names) are only ever template *values*, never
//! templates (changedetection.io's SSTI, CVE-2024-32651). The HTML template is auto-escaped by
//! minijinja because its name ends in `.html`; links are emitted only for http(s) URLs. Control
//! characters (CR/LF in a scraped title) are folded to spaces first so the text part cannot gain
//! fake lines either.

use chrono::{DateTime, Utc};
use minijinja::{Environment, Value, context};

use super::compose::DigestItems;
use super::layout::{ArticleBlock, OverviewRow, RegionSection, overview, sections};
use super::text;
use crate::config::DigestSettings;
use crate::store::{ArticleLink, RegionCount, StoredHighlight};
use regionwatch_extract::Published;

const HTML_TEMPLATE: &str = include_str!("templates/digest.html");
const TEXT_TEMPLATE: &str = include_str!("templates/digest.txt");

/// The heading of the revised section (`[digest].include_revised`) and what it says first.
pub const REVISED_TITLE: &str = "Revised (new highlights in articles already covered)";
const REVISED_NOTE: &str = "An upgraded extractor (re-extract) found these in articles that an \
     earlier digest already covered. They are not news; each is sent once.";

/// A digest ready to be put into a message: the MIME structure is built by the sender.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// One line, no control characters (lettre RFC 2047-encodes it).
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// A digest could not be rendered; the configured templates are checked at load, so this
/// means a template failed on real values.
#[derive(Debug, thiserror::Error)]
pub enum DigestError {
    #[error("digest.{key} template failed: {source}; fix the template in the config")]
    ConfigTemplate {
        key: &'static str,
        #[source]
        source: minijinja::Error,
    },
    #[error("the built-in {name} template failed: {source}; this is a bug, please report it")]
    Builtin {
        name: &'static str,
        #[source]
        source: minijinja::Error,
    },
}

/// What a digest shows beyond its own highlights; [`render`] uses none of it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outlook {
    /// Per-region highlights of the previous period of the same length (for "up from 3").
    pub previous: Option<Vec<RegionCount>>,
    /// Highlights past `[digest].max_items` that wait for the next digest.
    pub more: usize,
}

/// Renders one recipient's digest, without previous counts.
pub fn render(d: &DigestItems, settings: &DigestSettings) -> Result<Rendered, DigestError> {
    render_with(d, settings, &Outlook::default())
}

/// Renders one recipient's digest: overview, then region, article, highlights, then the
/// revised section when there are revisions.
pub fn render_with(
    d: &DigestItems,
    settings: &DigestSettings,
    outlook: &Outlook,
) -> Result<Rendered, DigestError> {
    let sections = sections(&d.items);
    let rows = overview(&sections, outlook.previous.as_deref());
    let tz = settings.timezone;
    let when = |t: DateTime<Utc>| t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string();
    let since = d.since.map_or_else(|| "the beginning".to_string(), when);
    let now = when(d.now);
    let regions: Vec<String> = sections.iter().map(|g| clean(&g.name)).collect();
    let variables = context! {
        count => d.items.len(),
        regions => regions.clone(),
        since => since.clone(),
        now => now.clone(),
        recipient => d.recipient.email.to_string(),
    };
    let subject = settings
        .subject
        .render(variables.clone())
        .map_err(|source| DigestError::ConfigTemplate {
            key: "subject",
            source,
        })?;
    let intro = settings
        .intro
        .render(variables)
        .map_err(|source| DigestError::ConfigTemplate {
            key: "intro",
            source,
        })?;
    let page = context! {
        subject => clean(&subject),
        intro => intro.trim(),
        count => d.items.len(),
        articles => distinct_articles(&d.items),
        period => match d.since {
            Some(_) => format!("{since} to {now}"),
            None => format!("up to {now}"),
        },
        timezone => tz.name(),
        overview => rows.iter().map(row_value).collect::<Vec<_>>(),
        overview_text => text::overview_table(&rows),
        sections => sections
            .iter()
            .map(section_value)
            .chain(revised_section(&d.revised))
            .collect::<Vec<_>>(),
        revised_count => d.revised.len(),
        more => outlook.more,
        more_command => more_command(d, settings),
        footer_notes => d.footer_notes.iter().map(|n| clean(n)).collect::<Vec<_>>(),
    };
    Ok(Rendered {
        subject: clean(&subject),
        text: render_builtin("digest.txt", TEXT_TEMPLATE, page.clone())?,
        html: render_builtin("digest.html", HTML_TEMPLATE, page)?,
    })
}

/// The `regionwatch list` command that shows what waits past `max_items`: everything since
/// the digest's period began (or its oldest highlight).
fn more_command(d: &DigestItems, settings: &DigestSettings) -> String {
    let from = d
        .since
        .or_else(|| d.items.iter().map(|h| h.first_seen).min())
        .unwrap_or(d.now);
    let day = from.with_timezone(&settings.timezone).format("%Y-%m-%d");
    format!("regionwatch list --since {day}")
}

fn render_builtin(
    name: &'static str,
    source: &'static str,
    page: Value,
) -> Result<String, DigestError> {
    let mut env = Environment::new();
    // Block tags on their own lines leave no blank lines behind (matters for the text part).
    let syntax = minijinja::syntax::SyntaxConfig::builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .keep_trailing_newline(true)
        .build()
        .map_err(|source| DigestError::Builtin { name, source })?;
    env.set_syntax(syntax);
    // `wrap(first, indent)`: the text part at 78 columns (see [`text::wrap`]).
    env.add_filter("wrap", |s: String, first: usize, indent: String| {
        text::wrap(&s, text::WIDTH, first, &indent)
    });
    env.add_template(name, source)
        .and_then(|()| env.get_template(name)?.render(page))
        .map_err(|source| DigestError::Builtin { name, source })
}

/// How many articles carry the digest's highlights (one in two regions counts once).
fn distinct_articles(items: &[StoredHighlight]) -> usize {
    let urls: std::collections::HashSet<&str> = items
        .iter()
        .flat_map(|h| h.articles.iter().map(|a| a.url.as_str()))
        .collect();
    urls.len()
}

/// The HTML anchor of a region's section.
fn anchor(code: &str) -> String {
    format!("r{code}")
}

fn row_value(r: &OverviewRow) -> Value {
    context! {
        name => clean(&r.name),
        anchor => anchor(&r.code),
        highlights => r.highlights,
        articles => r.articles,
        themes => r.themes.iter().map(|t| clean(t)).collect::<Vec<_>>(),
        change => r.change(),
    }
}

fn section_value(s: &RegionSection) -> Value {
    context! {
        name => clean(&s.name),
        anchor => anchor(&s.code),
        count => s.highlights(),
        article_count => s.articles.len(),
        articles => s.articles.iter().map(|b| block_value(b, None)).collect::<Vec<_>>(),
    }
}

/// The revised highlights as one last section, laid out like a region's (article, then its
/// highlights) with each article naming its region; `None` when there are none.
fn revised_section(revised: &[StoredHighlight]) -> Option<Value> {
    if revised.is_empty() {
        return None;
    }
    let regions = sections(revised);
    let articles: Vec<Value> = regions
        .iter()
        .flat_map(|s| {
            let region = clean(&s.name);
            s.articles
                .iter()
                .map(move |b| block_value(b, Some(region.clone())))
        })
        .collect();
    Some(context! {
        name => REVISED_TITLE,
        note => REVISED_NOTE,
        anchor => "revised",
        count => revised.len(),
        article_count => articles.len(),
        articles => articles,
    })
}

/// An article's block; `region` names its region where the section does not (revised).
fn block_value(b: &ArticleBlock, region: Option<String>) -> Value {
    let link = b.link.as_ref().map(article_value);
    context! {
        region => region,
        link => link,
        count => b.items.len(),
        themes => b.themes().iter().map(|t| clean(t)).collect::<Vec<_>>(),
        items => b.items.iter().map(highlight_value).collect::<Vec<_>>(),
    }
}

fn highlight_value(h: &StoredHighlight) -> Value {
    let text = clean(&h.text);
    // A quote that names its speaker ("..., said Julia Hoffmann, head of ...") needs no label.
    let speaker = h
        .speaker
        .as_ref()
        .filter(|s| !text.contains(&clean(&s.name)))
        .map(|s| match &s.role {
            Some(role) => format!("{}, {}", clean(&s.name), clean(role)),
            None => clean(&s.name),
        });
    let figures: Vec<String> = h.figures.iter().map(|f| clean(f)).collect();
    let (parts, unplaced) = emphasis(&text, &figures);
    context! {
        text => text,
        parts => parts,
        speaker => speaker,
        figures => unplaced,
        also => h.articles.iter().skip(1).map(also_value).collect::<Vec<_>>(),
    }
}

/// `text` cut into parts, `b` set on the first occurrence of each figure (emphasised in
/// HTML), and the figures the text does not contain (listed after it).
fn emphasis(text: &str, figures: &[String]) -> (Vec<Value>, Vec<String>) {
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut unplaced = Vec::new();
    for f in figures.iter().filter(|f| !f.is_empty()) {
        match text.find(f.as_str()) {
            Some(at) if !spans.iter().any(|&(s, e)| at < e && s < at + f.len()) => {
                spans.push((at, at + f.len()));
            }
            Some(_) => {}
            None => unplaced.push(f.clone()),
        }
    }
    spans.sort_unstable();
    let mut parts = Vec::new();
    let mut at = 0;
    for (start, end) in spans {
        if start > at {
            parts.push(context! { t => &text[at..start], b => false });
        }
        parts.push(context! { t => &text[start..end], b => true });
        at = end;
    }
    if at < text.len() {
        parts.push(context! { t => &text[at..], b => false });
    }
    (parts, unplaced)
}

fn article_value(a: &ArticleLink) -> Value {
    let title = clean(&a.title);
    context! {
        title => if title.is_empty() { clean(&a.url) } else { title },
        source => a.source.as_deref().map(clean),
        date => a.published.as_ref().map(date),
        url => clean(&a.url),
        href => safe_href(&a.url).map(|href| Value::from_safe_string(attribute(&href))),
    }
}

/// Another article carrying a highlight: named by outlet and date (its title belongs to its
/// own block), else by host.
fn also_value(a: &ArticleLink) -> Value {
    let mut label: Vec<String> = a.source.iter().map(|s| clean(s)).collect();
    label.extend(a.published.as_ref().map(date));
    if label.is_empty() {
        label.push(
            url::Url::parse(a.url.trim())
                .ok()
                .and_then(|u| u.host_str().map(str::to_string))
                .unwrap_or_else(|| "another article".into()),
        );
    }
    context! {
        label => label.join(", "),
        url => clean(&a.url),
        href => safe_href(&a.url).map(|href| Value::from_safe_string(attribute(&href))),
    }
}

fn date(p: &Published) -> String {
    match p {
        Published::DateTime(t) => t.format("%Y-%m-%d").to_string(),
        Published::Date(d) => d.format("%Y-%m-%d").to_string(),
    }
}

/// The URL to link to, only when it is http(s); anything else (javascript:, data:, mailto:)
/// is shown as text and not linked.
pub fn safe_href(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url.trim()).ok()?;
    matches!(parsed.scheme(), "http" | "https").then(|| parsed.to_string())
}

/// An http(s) URL escaped for a double-quoted attribute by hand: minijinja's escaper would also
/// turn every `/` into `&#x2f;`, which is valid but confuses some mail clients' link handling.
fn attribute(url: &str) -> String {
    url.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\'', "&#x27;")
}

/// Scraped text on one line: control characters (CR, LF, tab, NUL...) become spaces and runs
/// of whitespace collapse, so no string can start a new line or header. Chinese is untouched.
pub fn clean(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
