//! Re-extraction support: every stored article keeps its raw page
//! (compressed) so that `re-extract` can run a newer extractor over it and
//! replace the article's fields and highlights (or only its highlights).

use super::Cached;
use chrono::Utc;
use rusqlite::{Connection, OptionalExtension, params};

use super::articles::{require_article, update_fields};
use super::codec::decompress;
use super::error::Context;
use super::highlights::{ReplaceOutcome, replace_links};
use super::{Store, StoreError};
use regionwatch_extract::{Extraction, Highlight};

/// A stored page, for re-extraction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawPage {
    pub article_id: i64,
    pub canonical_url: String,
    pub fetched_url: String,
    pub content_type: Option<String>,
    /// The name of the source that found it, if that source is still known.
    pub source: Option<String>,
    pub bytes: Vec<u8>,
}

impl Store {
    /// Replaces the highlights of an article (after re-extraction).
    pub fn replace_highlights(
        &mut self,
        article_id: i64,
        highlights: &[Highlight],
    ) -> Result<ReplaceOutcome, StoreError> {
        let now = Utc::now();
        self.write("replacing highlights", |tx| {
            require_article(tx, article_id)?;
            replace_links(tx, article_id, highlights, now)
        })
    }

    /// Ids of all stored articles, in id order (re-extract walks them one by one
    /// so that only one raw page is in memory at a time).
    pub fn article_ids(&self) -> Result<Vec<i64>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT id FROM articles ORDER BY id")
            .ctx("listing articles")?;
        stmt.query_map([], |r| r.get(0))
            .and_then(Iterator::collect::<Result<Vec<_>, _>>)
            .ctx("listing articles")
    }

    /// The raw page of article `id`, decompressed.
    pub fn raw_page(&self, id: i64) -> Result<RawPage, StoreError> {
        type Row = (String, String, Option<String>, Option<String>, Vec<u8>);
        let row: Option<Row> = self
            .conn
            .query_row_cached(
                "SELECT a.canonical_url, a.fetched_url, a.content_type, s.name, a.raw_page
                 FROM articles a LEFT JOIN sources s ON s.id = a.source_id WHERE a.id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .optional()
            .ctx("reading a raw page")?;
        let (canonical_url, fetched_url, content_type, source, packed) =
            row.ok_or(StoreError::NoSuchArticle(id))?;
        Ok(RawPage {
            article_id: id,
            canonical_url,
            fetched_url,
            content_type,
            source,
            bytes: decompress(&packed)?,
        })
    }

    /// Replaces a stored article's extracted fields and highlights with a new
    /// extraction of its raw page (`re-extract` after an upgrade).
    pub fn replace_extraction(
        &mut self,
        article_id: i64,
        extraction: &Extraction,
    ) -> Result<ReplaceOutcome, StoreError> {
        let now = Utc::now();
        self.write("re-extracting an article", |tx| {
            require_article(tx, article_id)?;
            let last_id: i64 = tx
                .query_row_cached("SELECT coalesce(max(id), 0) FROM highlights", [], |r| {
                    r.get(0)
                })
                .ctx("re-extracting an article")?;
            update_fields(tx, article_id, extraction, now)?;
            let outcome = replace_links(tx, article_id, &extraction.highlights, now)?;
            mark_revisions(tx, article_id, last_id)?;
            Ok(outcome)
        })
    }
}

/// Marks as `revised` the highlights just added (ids above `last_id`) to an article seen before
/// the last digest was queued: the reader had its chance at that article, so what a newer
/// extractor finds in it is not news. Highlights new to an article no digest has covered yet
/// stay news.
fn mark_revisions(tx: &Connection, article_id: i64, last_id: i64) -> Result<(), StoreError> {
    tx.execute_cached(
        "UPDATE highlights SET revised = 1
         WHERE id > ?2
           AND id IN (SELECT highlight_id FROM highlight_articles WHERE article_id = ?1)
           AND (SELECT first_seen FROM articles WHERE id = ?1)
               < (SELECT max(created_at) FROM digests)",
        params![article_id, last_id],
    )
    .ctx("marking revised highlights")?;
    Ok(())
}
