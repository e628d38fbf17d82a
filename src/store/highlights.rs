//! Storing highlights deduplicated: the same statement reposted by several
//! sites (same region, near-identical text) is one row linked to every
//! article that carried it. The key is `regionwatch_extract::sentence_key`.
//! This is the lowest layer of article storage: `articles` and `reextract`
//! link through it, it refers to neither.

use super::Cached;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::StoreError;
use super::codec::{to_json, ts};
use super::error::Context;
use regionwatch_extract::{Highlight, sentence_key};

/// What replacing an article's highlights did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReplaceOutcome {
    /// Highlights not stored before (from any article).
    pub highlights_new: u32,
    /// Links from the article to its highlights (new or shared).
    pub highlights_linked: u32,
    /// Highlights deleted because no article carries them any more.
    pub highlights_removed: u32,
}

/// Unlinks an article from its highlights, links it to `highlights`, and
/// deletes the old ones no article carries any more. Caller's transaction.
pub(crate) fn replace_links(
    conn: &Connection,
    article_id: i64,
    highlights: &[Highlight],
    now: DateTime<Utc>,
) -> Result<ReplaceOutcome, StoreError> {
    let old = linked_ids(conn, article_id)?;
    conn.execute_cached(
        "DELETE FROM highlight_articles WHERE article_id = ?1",
        [article_id],
    )
    .ctx("unlinking highlights")?;
    let mut outcome = link_all(conn, article_id, highlights, now)?;
    outcome.highlights_removed = delete_orphans(conn, &old)?;
    Ok(outcome)
}

/// Stores (or finds) each highlight and links it to the article.
pub(crate) fn link_all(
    conn: &Connection,
    article_id: i64,
    highlights: &[Highlight],
    now: DateTime<Utc>,
) -> Result<ReplaceOutcome, StoreError> {
    let mut outcome = ReplaceOutcome::default();
    for h in highlights {
        let (id, is_new) = find_or_insert(conn, h, now)?;
        outcome.highlights_new += u32::from(is_new);
        let linked = conn
            .execute_cached(
                "INSERT OR IGNORE INTO highlight_articles (highlight_id, article_id) VALUES (?1, ?2)",
                [id, article_id],
            )
            .ctx("linking a highlight")?;
        outcome.highlights_linked += linked as u32;
    }
    Ok(outcome)
}

/// The id of the highlight with this region and text key, inserting it if new.
/// The first version seen keeps its wording, themes and places.
fn find_or_insert(
    conn: &Connection,
    h: &Highlight,
    now: DateTime<Utc>,
) -> Result<(i64, bool), StoreError> {
    let key = sentence_key(&h.text);
    let inserted: Option<i64> = conn
        .query_row_cached(
            "INSERT INTO highlights
                 (region_code, region, text, text_key, themes, speaker, places, figures, first_seen)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
             ON CONFLICT (region_code, text_key) DO NOTHING RETURNING id",
            params![
                h.region_code,
                h.region,
                h.text,
                key,
                to_json(&h.themes),
                h.speaker.as_ref().map(to_json),
                to_json(&h.places),
                to_json(&h.figures),
                ts(now)
            ],
            |r| r.get(0),
        )
        .optional()
        .ctx("saving a highlight")?;
    if let Some(id) = inserted {
        return Ok((id, true));
    }
    let id = conn
        .query_row_cached(
            "SELECT id FROM highlights WHERE region_code = ?1 AND text_key = ?2",
            params![h.region_code, key],
            |r| r.get(0),
        )
        .ctx("finding a highlight")?;
    Ok((id, false))
}

fn linked_ids(conn: &Connection, article_id: i64) -> Result<Vec<i64>, StoreError> {
    let mut stmt = conn
        .prepare_cached("SELECT highlight_id FROM highlight_articles WHERE article_id = ?1")
        .ctx("reading an article's highlights")?;
    stmt.query_map([article_id], |r| r.get(0))
        .and_then(Iterator::collect::<Result<Vec<_>, _>>)
        .ctx("reading an article's highlights")
}

fn delete_orphans(conn: &Connection, candidates: &[i64]) -> Result<u32, StoreError> {
    let mut stmt = conn
        .prepare_cached(
            "DELETE FROM highlights WHERE id = ?1
             AND NOT EXISTS (SELECT 1 FROM highlight_articles WHERE highlight_id = ?1)",
        )
        .ctx("deleting orphaned highlights")?;
    let mut removed = 0;
    for id in candidates {
        removed += stmt.execute([id]).ctx("deleting orphaned highlights")? as u32;
    }
    Ok(removed)
}
