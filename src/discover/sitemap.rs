//! Sitemaps: a sitemap index (its child sitemaps become next pages) or a
//! `urlset`, including Google News sitemaps (`news:title`,
//! `news:publication_date`). Read with quick-xml as a stream; `.xml.gz`
//! bodies are inflated first, with a cap.

use std::borrow::Cow;
use std::io::Read;

use quick_xml::Reader;
use quick_xml::events::{BytesRef, Event};

use super::text::{clean_title, parse_time};
use super::xml_depth::check_xml_depth;
use super::{DiscoverError, RawLink, RawList};
use regionwatch_extract::{MAX_BYTES, decode};

const GZIP_MAGIC: &[u8] = b"\x1f\x8b";

/// Inflates a gzipped sitemap (`sitemap.xml.gz` is served as gzip data, not
/// with a gzip Content-Encoding), refusing more than the input size cap.
pub(super) fn gunzip_if_needed(bytes: &[u8]) -> Result<Cow<'_, [u8]>, DiscoverError> {
    if !bytes.starts_with(GZIP_MAGIC) {
        return Ok(Cow::Borrowed(bytes));
    }
    let limit = MAX_BYTES as u64;
    let mut inflated = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .take(limit + 1)
        .read_to_end(&mut inflated)
        .map_err(|e| DiscoverError::Sitemap(format!("broken gzip data: {e}")))?;
    if inflated.len() as u64 > limit {
        return Err(DiscoverError::Sitemap(format!(
            "gzip data inflates to over {limit} bytes"
        )));
    }
    Ok(Cow::Owned(inflated))
}

/// Which kind of sitemap the root element says this is.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Root {
    Index,
    UrlSet,
}

/// The fields of one `<url>` or `<sitemap>` entry, as text so far.
#[derive(Debug, Default)]
struct Entry {
    loc: String,
    lastmod: String,
    news_title: String,
    news_date: String,
}

/// Reads a sitemap index or urlset.
pub(super) fn parse(bytes: &[u8]) -> Result<RawList, DiscoverError> {
    check_xml_depth(bytes).map_err(DiscoverError::Sitemap)?;
    let decoded = decode(bytes, None);
    let mut reader = Reader::from_str(decoded.text.as_ref());
    let mut parser = SitemapParser::default();
    loop {
        let event = reader
            .read_event()
            .map_err(|e| DiscoverError::Sitemap(format!("broken XML: {e}")))?;
        match event {
            Event::Start(e) => parser.open(e.local_name().as_ref())?,
            Event::Empty(e) => {
                parser.open(e.local_name().as_ref())?;
                parser.close();
            }
            Event::End(_) => parser.close(),
            Event::Text(t) => parser.text(&t.xml10_content()),
            Event::CData(t) => parser.text(&t.xml10_content()),
            Event::GeneralRef(r) => parser.text(&resolve_ref(&r)),
            Event::Eof => break,
            _ => {}
        }
    }
    parser.finish()
}

/// `&amp;` and friends, and character references: sitemap URLs are full of `&amp;`.
fn resolve_ref(r: &BytesRef) -> String {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return c.to_string();
    }
    let name = r.xml10_content();
    quick_xml::escape::resolve_predefined_entity(&name)
        .map_or_else(|| format!("&{name};"), str::to_string)
}

#[derive(Debug, Default)]
struct SitemapParser {
    root: Option<Root>,
    /// Local names of the open elements.
    stack: Vec<String>,
    entry: Option<Entry>,
    out: RawList,
}

impl SitemapParser {
    fn open(&mut self, name: &str) -> Result<(), DiscoverError> {
        if self.root.is_none() {
            self.root = Some(match name {
                "sitemapindex" => Root::Index,
                "urlset" => Root::UrlSet,
                other => {
                    return Err(DiscoverError::Sitemap(format!(
                        "the root element is <{other}>, not <urlset> or <sitemapindex>"
                    )));
                }
            });
        }
        if self.stack.len() == 1 && matches!(name, "url" | "sitemap") {
            self.entry = Some(Entry::default());
        }
        self.stack.push(name.to_string());
        Ok(())
    }

    /// Appends text to the entry field of the innermost open element.
    fn text(&mut self, text: &str) {
        let Some(entry) = self.entry.as_mut() else {
            return;
        };
        let n = self.stack.len();
        let name = self.stack.last().map(String::as_str);
        let parent = n.checked_sub(2).map(|i| self.stack[i].as_str());
        let field = match (parent, name) {
            (Some("url" | "sitemap"), Some("loc")) => &mut entry.loc,
            (Some("url" | "sitemap"), Some("lastmod")) => &mut entry.lastmod,
            (Some("news"), Some("title")) => &mut entry.news_title,
            (Some("news"), Some("publication_date")) => &mut entry.news_date,
            _ => return,
        };
        field.push_str(text);
    }

    fn close(&mut self) {
        self.stack.pop();
        if self.stack.len() == 1
            && let Some(entry) = self.entry.take()
        {
            self.emit(entry);
        }
    }

    fn emit(&mut self, entry: Entry) {
        let loc = entry.loc.trim().to_string();
        if loc.is_empty() {
            return;
        }
        match self.root {
            Some(Root::Index) => self.out.next_pages.push(loc),
            _ => self.out.links.push(RawLink {
                href: loc,
                title: clean_title(&entry.news_title),
                published: parse_time(&entry.news_date).or_else(|| parse_time(&entry.lastmod)),
                changed: parse_time(&entry.lastmod).or_else(|| parse_time(&entry.news_date)),
            }),
        }
    }

    fn finish(self) -> Result<RawList, DiscoverError> {
        match self.root {
            Some(_) => Ok(self.out),
            None => Err(DiscoverError::Sitemap("no XML element found".into())),
        }
    }
}
