//! `regionwatch probe URL`: one look at an address before it becomes a source. It is fetched
//! once with the crawler's own fetcher (robots.txt, politeness, the address guard), its kind is
//! detected (or taken as given), its article links are found as a refresh would find them, and
//! the first article is fetched and extracted. Nothing is stored.

use url::Url;

use super::PipelineError;
use crate::config::FetchSettings;
use crate::config::SourceKind;
use crate::discover::{self, Link, ListKind, ListRules};
use crate::fetch::{Fetched, Fetcher, Page};
use regionwatch_extract::{Hints, Published, extract};

/// Links tried for the first article before giving up.
const ARTICLE_TRIES: usize = 3;

/// What probing an address found.
#[derive(Debug, Clone)]
pub struct Probe {
    /// Where the page was found (after redirects).
    pub url: Url,
    pub content_type: Option<String>,
    pub bytes: usize,
    /// The kind to configure: the one given, else the detected one.
    pub kind: SourceKind,
    /// Whether `kind` was detected rather than given.
    pub detected: bool,
    /// The article links a refresh would follow, in list order (for a sitemap index, those of
    /// its first child sitemap).
    pub links: Vec<Link>,
    /// Child sitemaps named by a sitemap index.
    pub child_sitemaps: usize,
    /// The page was probed (or given) as an HTML list but has no article links.
    pub not_a_list: bool,
    /// The first article (the page itself for an article), or why it could not be read.
    pub article: Option<Result<ProbedArticle, String>>,
}

/// The extraction of one article, as `probe` shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct ProbedArticle {
    pub url: Url,
    pub title: String,
    pub published: Option<Published>,
    /// The regions of its highlights, in order of first mention, each once.
    pub regions: Vec<String>,
    pub highlights: usize,
}

/// Fetches `url` with `policy`'s manners and reports what a source of it would yield.
pub async fn probe(
    policy: FetchSettings,
    url: &Url,
    kind: Option<SourceKind>,
) -> Result<Probe, PipelineError> {
    let fetcher = Fetcher::new(policy)?;
    let page = fetch(&fetcher, url).await?;
    let mut probe = Probe {
        url: page.final_url.clone(),
        content_type: page.content_type.clone(),
        bytes: page.bytes.len(),
        kind: kind.unwrap_or_else(|| detect(&page)),
        detected: kind.is_none(),
        links: Vec::new(),
        child_sitemaps: 0,
        not_a_list: false,
        article: None,
    };
    let Some(list_kind) = list_kind(probe.kind) else {
        probe.article = Some(read_article(&page));
        return Ok(probe);
    };
    let found = discover::discover(
        list_kind,
        &page.bytes,
        &page.final_url,
        &ListRules::default(),
    )
    .map_err(|e| page_error(&page.final_url, e))?;
    probe.links = found.links;
    if list_kind == ListKind::Sitemap && probe.links.is_empty() {
        probe.child_sitemaps = found.next_pages.len();
        if let Some(child) = found.next_pages.first() {
            let child = fetch(&fetcher, child).await?;
            probe.links = discover::discover(
                list_kind,
                &child.bytes,
                &child.final_url,
                &ListRules::default(),
            )
            .map_err(|e| page_error(&child.final_url, e))?
            .links;
        }
    }
    // An HTML page with no article links, or (when the kind was not given) at an article's
    // address, whatever related-article links it carries, is not a list: show it as an article.
    let article_address = probe.detected && discover::looks_like_article(&probe.url);
    if list_kind == ListKind::Html && (probe.links.is_empty() || article_address) {
        probe.not_a_list = true;
        probe.kind = SourceKind::Article;
        probe.links.clear();
        probe.article = Some(read_article(&page));
        return Ok(probe);
    }
    probe.article = first_article(&fetcher, &probe.links).await;
    Ok(probe)
}

/// The first of the first few links that fetches and extracts (a list may start with a dead
/// link); the last error if none does; `None` for no links.
async fn first_article(fetcher: &Fetcher, links: &[Link]) -> Option<Result<ProbedArticle, String>> {
    let mut last = None;
    for link in links.iter().take(ARTICLE_TRIES) {
        let read = match fetch(fetcher, &link.url).await {
            Ok(page) => read_article(&page),
            Err(e) => Err(e.to_string()),
        };
        if read.is_ok() {
            return Some(read);
        }
        last = Some(read);
    }
    last
}

/// The kind a page looks like: JSON is a news.cn data source, XML a sitemap or a feed by its
/// root element, anything else HTML (a list, or an article when it has no article links).
pub fn detect(page: &Page) -> SourceKind {
    let bytes = &page.bytes;
    if bytes.starts_with(&[0x1f, 0x8b]) {
        return SourceKind::Sitemap; // gzip: only sitemaps are served compressed as files
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let content_type = page.content_type.as_deref().unwrap_or_default();
    let trimmed = head.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if content_type.contains("json") || trimmed.starts_with('{') || trimmed.starts_with('[') {
        SourceKind::XinhuaJson
    } else if head.contains("<urlset") || head.contains("<sitemapindex") {
        SourceKind::Sitemap
    } else if head.contains("<rss") || head.contains("<feed") || head.contains("<rdf:rdf") {
        SourceKind::Feed
    } else {
        SourceKind::Html
    }
}

fn list_kind(kind: SourceKind) -> Option<ListKind> {
    match kind {
        SourceKind::Html => Some(ListKind::Html),
        SourceKind::Feed => Some(ListKind::Feed),
        SourceKind::Sitemap => Some(ListKind::Sitemap),
        SourceKind::XinhuaJson => Some(ListKind::XinhuaJson),
        SourceKind::Article => None,
    }
}

async fn fetch(fetcher: &Fetcher, url: &Url) -> Result<Page, PipelineError> {
    match fetcher.get(url, None).await? {
        Fetched::Page(page) => Ok(page),
        // Only a conditional request is answered 304, and this one is not.
        Fetched::NotModified => Err(PipelineError::Page {
            url: url.to_string(),
            message: "answered 304 Not Modified to an unconditional request".into(),
        }),
    }
}

fn page_error(url: &Url, error: impl std::fmt::Display) -> PipelineError {
    PipelineError::Page {
        url: url.to_string(),
        message: error.to_string(),
    }
}

/// Extracts `page` as an article (pure: nothing is stored).
fn read_article(page: &Page) -> Result<ProbedArticle, String> {
    let hints = Hints {
        url: Some(page.final_url.as_str()),
        content_type: page.content_type.as_deref(),
        overrides: None,
    };
    let extraction = extract(&page.bytes, &hints).map_err(|e| e.to_string())?;
    let mut regions: Vec<String> = Vec::new();
    for h in &extraction.highlights {
        if !regions.contains(&h.region) {
            regions.push(h.region.clone());
        }
    }
    Ok(ProbedArticle {
        url: page.final_url.clone(),
        title: extraction.title,
        published: extraction.published,
        regions,
        highlights: extraction.highlights.len(),
    })
}
