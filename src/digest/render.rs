//! Rendering a composed digest: subject, plain text and HTML with the same content.
//!
//! Scraped strings (highlight text, titles, names) are only ever template *values*, never
//! templates (changedetection.io's SSTI, CVE-2024-32651). The HTML template is auto-escaped by
//! minijinja because its name ends in `.html`; links are emitted only for http(s) URLs. Control
//! characters (CR/LF in a scraped title) are folded to spaces first so the text part cannot gain
//! fake lines either.

use chrono::{DateTime, Utc};
use minijinja::{Environment, Value, context};

use super::compose::{DigestItems, ProvinceGroup, group};
use crate::config::DigestSettings;
use crate::extract::Published;
use crate::store::{ArticleLink, StoredHighlight};

const HTML_TEMPLATE: &str = include_str!("templates/digest.html");
const TEXT_TEMPLATE: &str = include_str!("templates/digest.txt");

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

/// Renders one recipient's digest.
pub fn render(d: &DigestItems, settings: &DigestSettings) -> Result<Rendered, DigestError> {
    let groups = group(&d.items);
    let tz = settings.timezone;
    let when = |t: DateTime<Utc>| t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string();
    let since = d.since.map_or_else(|| "the beginning".to_string(), when);
    let now = when(d.now);
    let regions: Vec<String> = groups.iter().map(|g| clean(&g.name)).collect();
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
        summary => summary(&groups),
        since => since,
        now => now,
        timezone => tz.name(),
        provinces => groups.iter().map(province_value).collect::<Vec<_>>(),
        footer_notes => d.footer_notes.iter().map(|n| clean(n)).collect::<Vec<_>>(),
    };
    Ok(Rendered {
        subject: clean(&subject),
        text: render_builtin("digest.txt", TEXT_TEMPLATE, page.clone())?,
        html: render_builtin("digest.html", HTML_TEMPLATE, page)?,
    })
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
    env.add_template(name, source)
        .and_then(|()| env.get_template(name)?.render(page))
        .map_err(|source| DigestError::Builtin { name, source })
}

/// "12 highlights: Hainan 3, Guangdong 2, ..." in group order.
fn summary(groups: &[ProvinceGroup]) -> Vec<Value> {
    groups
        .iter()
        .map(|g| context! { name => clean(&g.name), count => g.count() })
        .collect()
}

fn province_value(g: &ProvinceGroup) -> Value {
    context! {
        name => clean(&g.name),
        code => g.code.clone(),
        count => g.count(),
        cities => g.cities.iter().map(|c| context! {
            name => c.name.as_deref().map(clean),
            highlights => c.items.iter().map(highlight_value).collect::<Vec<_>>(),
        }).collect::<Vec<_>>(),
    }
}

fn highlight_value(h: &StoredHighlight) -> Value {
    let speaker = h.speaker.as_ref().map(|s| match &s.role {
        Some(role) => format!("{}, {}", clean(&s.name), clean(role)),
        None => clean(&s.name),
    });
    context! {
        text => clean(&h.text),
        themes => h.themes.iter().map(|t| clean(t)).collect::<Vec<_>>(),
        speaker => speaker,
        figures => h.figures.iter().map(|f| clean(f)).collect::<Vec<_>>(),
        articles => h.articles.iter().map(article_value).collect::<Vec<_>>(),
    }
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
