//! Reading an article from HTML by layout rules ([`super::layouts`]), with the
//! generic text-density reader as the fallback.
//!
//! The document is parsed once; every selector is compiled once (lazily).

use scraper::{ElementRef, Html};

use super::body::{self, Assembled};
use super::layouts::{COMMON, COMPILED, GENERIC_LAYOUT, Layout, SITE_NAMES, host_matches};
use super::present::{Present, Rule};
use super::text::{fold, language_of};
use super::trailer::{self, Fields};
use super::{Article, ExtractError, Hints, Published, dates};

/// Layout name recorded for pages read by the text-density fallback.
pub const GENERIC: &str = "generic";

/// `<title>` text beyond this is not a headline (and bounds the work on it).
const MAX_TITLE_CHARS: usize = 1000;
/// How many `h1` elements are compared with `<title>`.
const MAX_HEADINGS: usize = 20;

pub fn from_html(html: &str, hints: &Hints) -> Result<Article, ExtractError> {
    let doc = Html::parse_document(html);
    let present = Present::of(&doc);
    let doc = Doc {
        html: &doc,
        present,
    };
    let url = hints
        .url
        .map(str::to_string)
        .or_else(|| page_url(&doc, html));
    let host = url.as_deref().and_then(host_of);
    let chosen = choose_layout(&doc, host.as_deref());

    let captions = doc.present.filter(&COMMON.captions);
    let overrides = hints.overrides.cloned().unwrap_or_default();
    let chosen = match overrides
        .body
        .as_ref()
        .and_then(|sel| doc.html.select(sel).next())
    {
        Some(root) => Some((chosen.map_or(&*GENERIC_LAYOUT, |(l, _)| l), root)),
        None => chosen,
    };
    let mut read = chosen.and_then(|(layout, root)| {
        let strip = doc.present.filter(&layout.strip);
        let got = body::assemble(body::blocks(root, &strip, &captions));
        (!got.paragraphs.is_empty()).then_some((Some(layout), got))
    });
    if read.is_none() {
        read = super::density::best_container(doc.html)
            .map(|root| {
                let strip = doc.present.filter(&COMMON.strip);
                body::assemble(body::blocks(root, &strip, &captions))
            })
            .filter(|got| !got.paragraphs.is_empty())
            .map(|got| (None, got));
    }
    let Some((layout, body)) = read else {
        let tried = chosen.map_or(GENERIC, |(l, _)| l.rule.name);
        return Err(ExtractError::NoArticle(tried.to_string()));
    };
    let mut article = compose(&doc, layout, body, url);
    apply_overrides(&doc, &overrides, &mut article);
    Ok(article)
}

/// A source's own title and date selectors win over the layout's when they match.
fn apply_overrides(doc: &Doc, overrides: &super::Overrides, article: &mut Article) {
    let first_text = |sel: &Option<scraper::Selector>| {
        let sel = sel.as_ref()?;
        let text = fold(&doc.html.select(sel).next()?.text().collect::<String>());
        (!text.is_empty()).then_some(text)
    };
    if let Some(title) = first_text(&overrides.title) {
        article.title = title;
    }
    if let Some(date) = first_text(&overrides.date)
        .as_deref()
        .and_then(dates::find_in_text)
    {
        article.published = Some(date);
    }
}

/// The parsed page and the tokens it contains.
struct Doc<'d> {
    html: &'d Html,
    present: Present<'d>,
}

impl<'d> Doc<'d> {
    fn select<'r>(&'r self, rule: &'r Rule) -> impl Iterator<Item = ElementRef<'d>> + use<'d, 'r> {
        rule.select(self.html, &self.present)
    }
}

/// Fills the article's fields from the layout's selectors, the common ones,
/// the trailer lines and the URL, in that order of preference.
fn compose(doc: &Doc, layout: Option<&Layout>, body: Assembled, url: Option<String>) -> Article {
    let mut fields = body.fields;
    // The fallback reader still knows where pages commonly keep their metadata.
    let rules = layout.unwrap_or(&GENERIC_LAYOUT);
    for text in texts(doc, &rules.trailer) {
        trailer::read_fields(&text, &mut fields);
    }
    // A known layout on a page that keeps its editor where pages commonly do.
    if fields.editors.is_empty() && layout.is_some() {
        for text in texts(doc, &GENERIC_LAYOUT.trailer) {
            trailer::read_fields(&text, &mut fields);
        }
    }
    let title = find_title(doc, Some(rules));
    let published = find_date(doc, Some(rules), url.as_deref());
    let source = find_source(doc, Some(rules), &fields);
    let Fields { editors, .. } = fields;
    Article {
        url,
        title,
        published,
        source,
        editors,
        language: language_of(body.paragraphs.iter().map(String::as_str)),
        paragraphs: body.paragraphs,
        captions: body.captions,
        layout: layout.map_or(GENERIC, |l| l.rule.name).to_string(),
    }
}

/// The layout for this page and its body element.
///
/// With a known host: the first host-matching layout whose signature fits,
/// else the first host-matching one whose body selector finds an element.
/// Without: the first layout whose signature fits.
fn choose_layout<'d>(
    doc: &Doc<'d>,
    host: Option<&str>,
) -> Option<(&'static Layout, ElementRef<'d>)> {
    let by_host: Vec<&'static Layout> = host.map_or_else(Vec::new, |h| {
        COMPILED
            .iter()
            .filter(|l| l.rule.hosts.iter().any(|s| host_matches(h, s)))
            .collect()
    });
    let fits = |l: &&Layout| l.signature.iter().any(|s| doc.select(s).next().is_some());
    by_host
        .iter()
        .copied()
        .filter(fits)
        .chain(COMPILED.iter().filter(fits))
        .chain(by_host.iter().copied())
        .find_map(|l| body_root(doc, l).map(|root| (l, root)))
}

/// The first body selector match that holds any text.
fn body_root<'d>(doc: &Doc<'d>, layout: &'static Layout) -> Option<ElementRef<'d>> {
    layout.body.iter().find_map(|sel| {
        doc.select(sel)
            .find(|el| el.text().any(|t| !t.trim().is_empty()))
    })
}

fn find_title(doc: &Doc, layout: Option<&Layout>) -> String {
    let own = layout.map_or(&[][..], |l| l.title.as_slice());
    if let Some(t) = texts(doc, own).into_iter().next() {
        return t;
    }
    let page_title: String = doc
        .html
        .select(&COMMON.page_title)
        .next()
        .map(|t| fold(&t.text().collect::<String>()))
        .unwrap_or_default()
        .chars()
        .take(MAX_TITLE_CHARS)
        .collect();
    if let Some(t) = texts(doc, &COMMON.title).into_iter().next() {
        return strip_site_suffix(&t);
    }
    if let Some(h1) = heading_in_title(doc, &page_title) {
        return h1;
    }
    strip_site_suffix(&page_title)
}

/// A non-empty `h1` whose text the `<title>` repeats: the headline, not a logo
/// or an empty sticky header (never simply the first `h1`).
fn heading_in_title(doc: &Doc, page_title: &str) -> Option<String> {
    // A few h1s at most: a hostile page with thousands must not make this quadratic.
    doc.select(&COMMON.h1)
        .take(MAX_HEADINGS)
        .map(|h| fold(&h.text().collect::<String>()))
        .find(|h| h.chars().count() >= 4 && page_title.contains(h.as_str()))
}

/// `标题-新华网`, `Title - Xinhua | English.news.cn`, `标题--文化--人民网` → the headline.
pub fn strip_site_suffix(title: &str) -> String {
    let seps: Vec<(usize, usize)> = separators(title);
    let mut end = title.len();
    let mut dropped_site = false;
    for &(start, sep_end) in seps.iter().rev() {
        if start == 0 {
            break;
        }
        let segment = title[sep_end..end].trim();
        let lower = segment.to_lowercase();
        let is_site = SITE_NAMES.iter().any(|s| lower.contains(s));
        let is_channel = dropped_site && segment.chars().count() <= 6;
        if !(is_site || is_channel) {
            break;
        }
        dropped_site |= is_site;
        end = start;
    }
    title[..end].trim().to_string()
}

/// Byte ranges of title separators: `--`, `-`, `_`, `|`, `｜`, ` - `, `—`.
fn separators(title: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut chars = title.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if matches!(c, '-' | '_' | '|' | '｜' | '—' | '–') {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if matches!(d, '-' | '_' | '|' | '｜' | '—' | '–' | ' ') {
                    end = j + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            let start = title[..i].trim_end().len();
            out.push((start, end));
        }
    }
    out
}

fn find_date(doc: &Doc, layout: Option<&Layout>, url: Option<&str>) -> Option<Published> {
    let own = layout.map_or(&[][..], |l| l.date.as_slice());
    let mut found_date: Option<Published> = None;
    // Then where pages commonly print their date line (`.info`, `.origin`).
    let generic = match layout {
        Some(l) if !std::ptr::eq(l, &*GENERIC_LAYOUT) => GENERIC_LAYOUT.date.as_slice(),
        _ => &[],
    };
    for sel in own.iter().chain(&COMMON.date).chain(generic) {
        for text in doc.select(sel).map(value_of) {
            // Once a bare date is found only a time can add to it, and every time is written
            // with one of these: skip the related-news lists' dates (hundreds on some pages).
            if found_date.is_some() && !text.contains([':', '：', '时']) {
                continue;
            }
            let Some(p) = dates::find_in_text(&text) else {
                continue;
            };
            match (p, found_date) {
                (Published::DateTime(_), None) => return Some(p),
                (Published::DateTime(dt), Some(d)) if dt.date_naive() == d.date() => {
                    return Some(p);
                }
                (Published::Date(_), None) => found_date = Some(p),
                _ => {}
            }
        }
    }
    found_date.or_else(|| url.and_then(dates::from_url))
}

fn find_source(doc: &Doc, layout: Option<&Layout>, fields: &Fields) -> Option<String> {
    if let Some(s) = &fields.source {
        return Some(s.clone());
    }
    let own = layout.map_or(&[][..], |l| l.source.as_slice());
    let labelled = |text: &str| {
        let mut f = Fields::default();
        trailer::read_fields(text, &mut f);
        f.source
    };
    let generic = match layout {
        Some(l) if !std::ptr::eq(l, &*GENERIC_LAYOUT) => GENERIC_LAYOUT.source.as_slice(),
        _ => &[],
    };
    own.iter()
        .chain(&COMMON.source)
        .flat_map(|sel| doc.select(sel).map(value_of))
        .find_map(|text| labelled(&text).or_else(|| trailer::clean_source(&text)))
        // Where pages commonly print it, but only as a labelled value or a
        // byline: an `.info` line without a label is no source.
        .or_else(|| {
            generic
                .iter()
                .flat_map(|sel| doc.select(sel).map(value_of))
                .find_map(|text| labelled(&text))
        })
        .or_else(|| info_line(doc).and_then(|text| labelled(&text)))
        .or_else(|| {
            layout
                .and_then(|l| l.rule.default_source)
                .map(str::to_string)
        })
        .or_else(|| texts(doc, &COMMON.site_name).into_iter().next())
}

/// The line printed right under the headline (`2016年01月06日 来源：中国新闻网`):
/// the next element after the first `h1`, or after its parent.
fn info_line(doc: &Doc) -> Option<String> {
    let h1 = doc.select(&COMMON.h1).next()?;
    let after = |el: ElementRef| {
        el.next_siblings()
            .filter_map(ElementRef::wrap)
            .map(|e| fold(&e.text().collect::<String>()))
            .find(|t| !t.is_empty())
    };
    let line = after(h1).or_else(|| h1.parent().and_then(ElementRef::wrap).and_then(after))?;
    (line.chars().count() <= MAX_INFO_LINE).then_some(line)
}

/// An info line is short; anything longer is body or navigation.
const MAX_INFO_LINE: usize = 200;

/// Non-empty values of the first matches of each selector, in order.
fn texts(doc: &Doc, selectors: &[Rule]) -> Vec<String> {
    selectors
        .iter()
        .filter_map(|sel| doc.select(sel).map(value_of).find(|t| !t.is_empty()))
        .collect()
}

/// `content` of a meta, `datetime` of a time, otherwise the folded text.
fn value_of(el: ElementRef) -> String {
    let e = el.value();
    match e.name() {
        "meta" => fold(e.attr("content").unwrap_or_default()),
        "time" if e.attr("datetime").is_some() => fold(e.attr("datetime").unwrap_or_default()),
        _ => fold(&el.text().collect::<String>()),
    }
}

/// The page's own URL when no hint gave it: canonical link, og:url, or the
/// `<!--http://...-->` comment saving tools put first.
fn page_url(doc: &Doc, html: &str) -> Option<String> {
    if let Some(el) = COMMON.canonical.iter().find_map(|r| doc.select(r).next()) {
        let v = el.value();
        if let Some(u) = v.attr("href").or_else(|| v.attr("content"))
            && u.starts_with("http")
        {
            return Some(u.trim().to_string());
        }
    }
    let rest = html.trim_start().strip_prefix("<!--")?;
    let end = rest.find("-->")?;
    let candidate = rest[..end].trim();
    (candidate.starts_with("http") && !candidate.contains(char::is_whitespace))
        .then(|| candidate.to_string())
}

fn host_of(url: &str) -> Option<String> {
    url::Url::parse(url)
        .ok()?
        .host_str()
        .map(|h| h.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_suffixes() {
        assert_eq!(
            strip_site_suffix("法国全国大罢工再次严重影响交通-新华网"),
            "法国全国大罢工再次严重影响交通"
        );
        assert_eq!(
            strip_site_suffix("新华视界｜河北遵化：数字农机服务助力农业生产-新华网河北频道-新华网"),
            "新华视界｜河北遵化：数字农机服务助力农业生产"
        );
        assert_eq!(
            strip_site_suffix("女儿出嫁，郑板桥画了几笔兰花当嫁妆--文化--人民网 "),
            "女儿出嫁，郑板桥画了几笔兰花当嫁妆"
        );
        assert_eq!(
            strip_site_suffix("Hong Kong rail link resumes - Xinhua | English.news.cn"),
            "Hong Kong rail link resumes"
        );
        assert_eq!(
            strip_site_suffix("国务院常务会议_中国政府网"),
            "国务院常务会议"
        );
        assert_eq!(
            strip_site_suffix("China-Europe trains hit record - Chinadaily.com.cn"),
            "China-Europe trains hit record"
        );
    }
}
