//! HTML list pages: article links by CSS selector or by URL shape, and the
//! links to the list's next page.

use std::sync::LazyLock;

use scraper::{ElementRef, Html, Selector};
use url::Url;

use super::text::{clean_title, collapse_whitespace};
use super::url_shapes::looks_like_article;
use super::{DiscoverError, RawLink, RawList};
use regionwatch_extract::{check_markup, decode};

/// Selectors that mark a next-page link by markup alone.
const NEXT_SELECTORS: &str = "a.next[href], a[rel~=next][href], link[rel~=next][href], .next > a[href], a.next-page[href], a.nextpage[href]";

/// Anchor texts (lowercased, spaces and arrows removed) that mean "next page".
const NEXT_TEXTS: &[&str] = &["next", "nextpage", "下一页", "下页", "后一页", "后页"];

static ANCHORS: LazyLock<Selector> = LazyLock::new(|| parse_selector("a[href]"));
static NEXT: LazyLock<Selector> = LazyLock::new(|| parse_selector(NEXT_SELECTORS));
static BASE: LazyLock<Selector> = LazyLock::new(|| parse_selector("base[href]"));

fn parse_selector(css: &str) -> Selector {
    Selector::parse(css).expect("built-in selector is valid")
}

/// Reads links and next pages from an HTML list page.
pub(super) fn parse(
    bytes: &[u8],
    base: &Url,
    links: Option<&Selector>,
) -> Result<RawList, DiscoverError> {
    let decoded = decode(bytes, None);
    let text = decoded.text.as_ref();
    // html5ever is quadratic in nesting depth: refuse before parsing.
    check_markup(text).map_err(|e| DiscoverError::Html(e.to_string()))?;
    let doc = Html::parse_document(text);
    let base = document_base(&doc, base);
    let links = match links {
        Some(selector) => selected_links(&doc, selector),
        None => shaped_links(&doc, &base),
    };
    // Relative hrefs are resolved against <base href> here; finishing then
    // sees absolute URLs and keeps them as they are.
    let absolute = |href: &str| base.join(href.trim()).ok().map(String::from);
    let next_pages = next_pages(&doc, &base)
        .iter()
        .filter_map(|href| absolute(href))
        .collect();
    let links = links
        .into_iter()
        .filter_map(|link| {
            let href = absolute(&link.href)?;
            Some(RawLink { href, ..link })
        })
        .collect();
    Ok(RawList { links, next_pages })
}

/// The page's `<base href>` resolved against the fetch URL, or the fetch URL.
fn document_base(doc: &Html, fetched: &Url) -> Url {
    doc.select(&BASE)
        .next()
        .and_then(|el| el.value().attr("href"))
        .and_then(|href| fetched.join(href.trim()).ok())
        .filter(|url| matches!(url.scheme(), "http" | "https"))
        .unwrap_or_else(|| fetched.clone())
}

/// Links under the configured selector: the matched `<a>` itself, or the
/// first `<a href>` inside a matched element (e.g. `.item .tit`).
fn selected_links(doc: &Html, selector: &Selector) -> Vec<RawLink> {
    doc.select(selector)
        .filter_map(|el| {
            if el.value().name() == "a" && el.value().attr("href").is_some() {
                Some(el)
            } else {
                el.select(&ANCHORS).next()
            }
        })
        .filter_map(anchor_link)
        .collect()
}

/// Every anchor whose absolute URL has an article shape.
fn shaped_links(doc: &Html, base: &Url) -> Vec<RawLink> {
    doc.select(&ANCHORS)
        .filter_map(anchor_link)
        .filter(|link| {
            base.join(link.href.trim())
                .is_ok_and(|url| looks_like_article(&url))
        })
        .collect()
}

fn anchor_link(a: ElementRef) -> Option<RawLink> {
    let href = a.value().attr("href")?.to_string();
    let text: String = a.text().collect();
    let title = clean_title(&text).or_else(|| a.value().attr("title").and_then(clean_title));
    Some(RawLink {
        href,
        title,
        published: None,
        changed: None,
    })
}

/// Next-page links: by markup (`a.next`, `rel=next`), by anchor text
/// ("Next", 下一页), or a `?page=N` link to the page after this one.
fn next_pages(doc: &Html, base: &Url) -> Vec<String> {
    let by_markup = doc.select(&NEXT).filter_map(|el| el.value().attr("href"));
    let wanted_page = current_page(base).saturating_add(1).to_string();
    let by_text_or_number = doc.select(&ANCHORS).filter_map(|a| {
        let href = a.value().attr("href")?;
        let text: String = a.text().collect();
        let by_page = base
            .join(href.trim())
            .is_ok_and(|url| page_param(&url).as_deref() == Some(wanted_page.as_str()));
        (is_next_text(&text) || by_page).then_some(href)
    });
    by_markup
        .chain(by_text_or_number)
        .filter(|href| {
            !href
                .trim_start()
                .to_ascii_lowercase()
                .starts_with("javascript:")
        })
        .map(str::to_string)
        .collect()
}

fn is_next_text(text: &str) -> bool {
    let squeezed: String = collapse_whitespace(text)
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '>' | '»' | '›' | '→' | '〉' | '》'))
        .flat_map(char::to_lowercase)
        .collect();
    NEXT_TEXTS.contains(&squeezed.as_str())
}

fn page_param(url: &Url) -> Option<String> {
    url.query_pairs()
        .find(|(k, _)| k.eq_ignore_ascii_case("page"))
        .map(|(_, v)| v.into_owned())
}

/// The page number of the list itself (`?page=N`), 1 when absent.
fn current_page(url: &Url) -> u64 {
    page_param(url).and_then(|v| v.parse().ok()).unwrap_or(1)
}
