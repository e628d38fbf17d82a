//! RSS 2.0, RSS 1.0 (RDF) and Atom feeds, read with feed-rs.

use chrono::{DateTime, Utc};
use feed_rs::model::{Entry, Link as FeedLink};
use url::Url;

use super::text::clean_title;
use super::xml_depth::check_xml_depth;
use super::{DiscoverError, RawLink, RawList};

/// Reads entry links, titles and dates from a feed.
pub(super) fn parse(bytes: &[u8], base: &Url) -> Result<RawList, DiscoverError> {
    check_xml_depth(bytes).map_err(DiscoverError::Feed)?;
    let feed = feed_rs::parser::Builder::new()
        .base_uri(Some(base.as_str()))
        .build()
        .parse(bytes)
        .map_err(|e| DiscoverError::Feed(e.to_string()))?;
    let links = feed.entries.iter().filter_map(entry_link).collect();
    Ok(RawList {
        links,
        next_pages: Vec::new(),
    })
}

fn entry_link(entry: &Entry) -> Option<RawLink> {
    let href = article_href(entry)?;
    Some(RawLink {
        href,
        title: entry.title.as_ref().and_then(|t| clean_title(&t.content)),
        published: entry
            .published
            .or(entry.updated)
            .map(|t: DateTime<Utc>| t.fixed_offset()),
        changed: entry
            .updated
            .or(entry.published)
            .map(|t: DateTime<Utc>| t.fixed_offset()),
    })
}

/// The entry's page: its `alternate` link (Atom) or plain link (RSS); failing
/// that an RSS `<guid>` that is a URL (feed-rs puts it in `id`).
fn article_href(entry: &Entry) -> Option<String> {
    let is_alternate = |l: &&FeedLink| l.rel.as_deref().is_none_or(|r| r == "alternate");
    entry
        .links
        .iter()
        .find(is_alternate)
        .map(|l| l.href.clone())
        .or_else(|| {
            let id = entry.id.trim();
            (id.starts_with("http://") || id.starts_with("https://")).then(|| id.to_string())
        })
}
