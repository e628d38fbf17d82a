//! Discovery: list bytes in, article links out. PURE: no I/O.
//!
//! A source's list page (HTML list, RSS/Atom feed, sitemap or a news.cn
//! `ds_<id>.json` datasource) is turned into [`Link`]s to article pages plus
//! the list's own next pages. Every kind goes through the same finishing step
//! (`finish`): relative URLs resolved, only http(s) kept, include/exclude
//! patterns applied, duplicates (by [`canonical_url`]) dropped in order.
//! Bytes are guarded and decoded as the article reader does it, through the
//! extraction crate's public API (`regionwatch_extract::{check_bytes,
//! check_markup, decode}`).

mod canonical;
mod feed;
mod html;
mod sitemap;
mod text;
mod url_shapes;
mod xinhua_json;
mod xml_depth;

use std::collections::HashSet;

use chrono::{DateTime, FixedOffset};
use url::Url;

use regionwatch_extract::check_bytes;

pub use canonical::canonical_url;
pub use url_shapes::looks_like_article;

/// What a source's list document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKind {
    Html,
    Feed,
    Sitemap,
    XinhuaJson,
}

/// Per-source rules, borrowed from the validated configuration.
#[derive(Debug, Clone, Copy, Default)]
pub struct ListRules<'a> {
    /// CSS selector for article links (HTML only). Without it, every link
    /// whose URL [`looks_like_article`] is taken.
    pub links: Option<&'a scraper::Selector>,
    /// When not empty, a link's canonical URL must match one of these.
    pub include: &'a [regex::Regex],
    /// A link whose canonical URL matches any of these is dropped.
    pub exclude: &'a [regex::Regex],
}

/// One article link found on a list.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// The article's canonical URL (see [`canonical_url`]).
    pub url: Url,
    pub title: Option<String>,
    pub published: Option<DateTime<FixedOffset>>,
    /// When the list says the article last changed: a sitemap's `<lastmod>`, a
    /// feed item's `updated` (else its date), a datasource row's time. `None`
    /// when the list does not say (HTML lists). The pipeline re-checks a stored
    /// article when this moves past what the list said when it was last checked.
    pub changed: Option<DateTime<FixedOffset>>,
}

/// Everything found on one list document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Discovered {
    pub links: Vec<Link>,
    /// Further list documents: next pages of an HTML list, child sitemaps of a
    /// sitemap index. Not filtered by include/exclude (they are lists, not articles).
    pub next_pages: Vec<Url>,
}

/// Why a list document gave no links. Each message names the kind expected.
#[derive(Debug, thiserror::Error)]
pub enum DiscoverError {
    #[error("not an HTML list page: {0} (check the source's `kind` and URL)")]
    Html(String),
    #[error("not an RSS/Atom feed: {0} (check the source's `kind` and URL)")]
    Feed(String),
    #[error("not a sitemap: {0} (check the source's `kind` and URL)")]
    Sitemap(String),
    #[error("not a Xinhua ds_*.json datasource: {0} (check the source's `kind` and URL)")]
    XinhuaJson(String),
}

impl DiscoverError {
    fn of(kind: ListKind, reason: impl Into<String>) -> Self {
        let reason = reason.into();
        match kind {
            ListKind::Html => Self::Html(reason),
            ListKind::Feed => Self::Feed(reason),
            ListKind::Sitemap => Self::Sitemap(reason),
            ListKind::XinhuaJson => Self::XinhuaJson(reason),
        }
    }
}

/// A link as a parser found it, before resolution and filtering.
#[derive(Debug, Clone, Default)]
struct RawLink {
    href: String,
    title: Option<String>,
    published: Option<DateTime<FixedOffset>>,
    changed: Option<DateTime<FixedOffset>>,
}

/// What a parser returns: raw links and raw next-page references.
#[derive(Debug, Default)]
struct RawList {
    links: Vec<RawLink>,
    next_pages: Vec<String>,
}

/// Finds article links and next pages in a list document of `kind`.
///
/// `base` is the URL the document was fetched from (after redirects); relative
/// links are resolved against it.
pub fn discover(
    kind: ListKind,
    bytes: &[u8],
    base: &Url,
    rules: &ListRules,
) -> Result<Discovered, DiscoverError> {
    let bytes = match kind {
        ListKind::Sitemap => sitemap::gunzip_if_needed(bytes)?,
        _ => std::borrow::Cow::Borrowed(bytes),
    };
    let bytes = bytes.as_ref();
    // The article reader's guard already knows empty, oversized and binary input.
    check_bytes(bytes).map_err(|e| DiscoverError::of(kind, e.to_string()))?;
    let raw = match kind {
        ListKind::Html => html::parse(bytes, base, rules.links)?,
        ListKind::Feed => feed::parse(bytes, base)?,
        ListKind::Sitemap => sitemap::parse(bytes)?,
        ListKind::XinhuaJson => xinhua_json::parse(bytes)?,
    };
    Ok(finish(raw, base, rules))
}

/// Resolves, filters and deduplicates what a parser found.
fn finish(raw: RawList, base: &Url, rules: &ListRules) -> Discovered {
    let mut seen = HashSet::new();
    let links = raw
        .links
        .into_iter()
        .filter_map(|link| {
            let url = canonical_url(&resolve(base, &link.href)?);
            let wanted = passes(url.as_str(), rules) && seen.insert(url.clone());
            wanted.then_some(Link {
                url,
                title: link.title.filter(|t| !t.is_empty()),
                published: link.published,
                changed: link.changed,
            })
        })
        .collect();
    let mut seen_pages = HashSet::from([without_fragment(base)]);
    let next_pages = raw
        .next_pages
        .iter()
        .filter_map(|href| resolve(base, href))
        .map(|url| without_fragment(&url))
        .filter(|url| seen_pages.insert(url.clone()))
        .collect();
    Discovered { links, next_pages }
}

/// Resolves `href` against `base`; `None` for unparsable or non-http(s) URLs.
fn resolve(base: &Url, href: &str) -> Option<Url> {
    let href = href.trim();
    if href.is_empty() {
        return None;
    }
    let url = base.join(href).ok()?;
    let web = matches!(url.scheme(), "http" | "https") && url.host().is_some();
    web.then_some(url)
}

fn without_fragment(url: &Url) -> Url {
    let mut url = url.clone();
    url.set_fragment(None);
    url
}

fn passes(url: &str, rules: &ListRules) -> bool {
    let included = rules.include.is_empty() || rules.include.iter().any(|re| re.is_match(url));
    included && !rules.exclude.iter().any(|re| re.is_match(url))
}
