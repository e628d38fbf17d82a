//! Saving articles: new, unchanged, changed (re-extracted, highlights
//! replaced) or a duplicate of another URL's content (stored as an alias).
//! Each save is one transaction with the article, its raw page, its
//! highlight links, its page validators and the time of this check of its
//! URL, and takes the URL off the sources' backlogs, so a crash keeps all or
//! nothing.

use super::Cached;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, named_params, params};

use super::backlog::forget_stored;
use super::checks::put_check;
use super::codec::{PackedPage, content_hash, published_utc, to_json, ts};
use super::error::Context;
use super::highlights::{ReplaceOutcome, link_all, replace_links};
use super::hygiene::strip_userinfo;
use super::pages::{PageState, Validators, put_page};
use super::sources::add_found;
use super::{Store, StoreError};
use regionwatch_extract::{Extraction, Language};

/// An extracted article to save.
#[derive(Debug, Clone)]
pub struct NewArticle<'a> {
    /// The configured source that found it, if any.
    pub source_id: Option<i64>,
    /// The URL with tracking parameters stripped: the article's identity.
    pub canonical_url: &'a str,
    /// The URL the page was fetched from (after redirects).
    pub fetched_url: &'a str,
    /// The response's Content-Type, kept as a charset hint for re-extraction.
    pub content_type: Option<&'a str>,
    pub extraction: &'a Extraction,
    /// The page exactly as fetched, compressed ([`PackedPage::pack`]).
    pub raw_page: PackedPage,
    /// The response's validators, saved for `canonical_url` in the same transaction.
    pub validators: Validators,
    /// When the page was fetched: the `first_seen` of what is new in it,
    /// and the time of this check of its URL.
    pub seen_at: DateTime<Utc>,
    /// What the list said of the article's last change, recorded with the
    /// check (see [`Store::check_times`]).
    pub list_changed: Option<DateTime<Utc>>,
}

/// What saving an article did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveOutcome {
    /// Not seen before under any URL or content.
    New { id: i64, highlights: ReplaceOutcome },
    /// Same URL, new content: re-extracted, its highlights replaced.
    Changed { id: i64, highlights: ReplaceOutcome },
    /// Same URL (or alias), same content: nothing stored but the validators.
    Unchanged { id: i64 },
    /// New URL whose content equals article `id`: recorded as its alias.
    DuplicateContent { id: i64 },
}

impl SaveOutcome {
    /// The stored article this URL now belongs to.
    pub fn article_id(&self) -> i64 {
        match *self {
            SaveOutcome::New { id, .. }
            | SaveOutcome::Changed { id, .. }
            | SaveOutcome::Unchanged { id }
            | SaveOutcome::DuplicateContent { id } => id,
        }
    }
}

/// A stored article found by URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredArticleRef {
    pub id: i64,
    pub content_hash: String,
    /// True when the URL is an alias (same content seen under another URL).
    pub via_alias: bool,
}

impl Store {
    /// The article stored under `canonical_url`, directly or as an alias.
    pub fn article_by_url(
        &self,
        canonical_url: &str,
    ) -> Result<Option<StoredArticleRef>, StoreError> {
        lookup_url(&self.conn, &strip_userinfo(canonical_url))
    }

    /// Saves an article in one transaction; see [`SaveOutcome`].
    pub fn save_article(&mut self, a: &NewArticle) -> Result<SaveOutcome, StoreError> {
        let (canonical, fetched) = (
            strip_userinfo(a.canonical_url),
            strip_userinfo(a.fetched_url),
        );
        let cleaned;
        let a = if canonical == a.canonical_url && fetched == a.fetched_url {
            a
        } else {
            cleaned = NewArticle {
                canonical_url: &canonical,
                fetched_url: &fetched,
                ..a.clone()
            };
            &cleaned
        };
        let hash = content_hash(a.extraction.body.as_bytes());
        self.write("saving an article", |tx| {
            let outcome = save_in(tx, a, &hash)?;
            let page = PageState {
                validators: a.validators.clone(),
                content_hash: Some(content_hash(&a.raw_page.0)), // packing is deterministic: same page, same hash
                checked_at: None,
            };
            put_page(tx, a.canonical_url, &page, a.seen_at)?;
            forget_stored(tx, a.canonical_url)?;
            put_check(tx, a.canonical_url, a.seen_at, a.list_changed)?;
            Ok(outcome)
        })
    }
}

fn save_in(conn: &Connection, a: &NewArticle, hash: &str) -> Result<SaveOutcome, StoreError> {
    match lookup_url(conn, a.canonical_url)? {
        Some(found) if found.content_hash == hash => Ok(SaveOutcome::Unchanged { id: found.id }),
        Some(found) if found.via_alias => {
            // The alias no longer mirrors its article: it is an article of its own now.
            conn.execute_cached("DELETE FROM article_urls WHERE url = ?1", [a.canonical_url])
                .ctx("removing an alias")?;
            save_by_content(conn, a, hash)
        }
        Some(found) => save_changed(conn, found.id, a),
        None => save_by_content(conn, a, hash),
    }
}

/// A URL not stored yet: an alias if its content is known, else a new article.
fn save_by_content(
    conn: &Connection,
    a: &NewArticle,
    hash: &str,
) -> Result<SaveOutcome, StoreError> {
    let same: Option<i64> = conn
        .query_row_cached(
            "SELECT id FROM articles WHERE content_hash = ?1 ORDER BY id LIMIT 1",
            [hash],
            |r| r.get(0),
        )
        .optional()
        .ctx("looking for duplicate content")?;
    if let Some(id) = same {
        conn.execute_cached(
            "INSERT INTO article_urls (url, article_id) VALUES (?1, ?2)",
            params![a.canonical_url, id],
        )
        .ctx("recording an alias")?;
        return Ok(SaveOutcome::DuplicateContent { id });
    }
    let id = insert_article(conn, a)?;
    let highlights = link_all(conn, id, &a.extraction.highlights, a.seen_at)?;
    add_found(conn, a.source_id, 1, highlights.highlights_new)?;
    Ok(SaveOutcome::New { id, highlights })
}

fn save_changed(conn: &Connection, id: i64, a: &NewArticle) -> Result<SaveOutcome, StoreError> {
    update_fields(conn, id, a.extraction, a.seen_at)?;
    conn.execute_cached(
        "UPDATE articles SET fetched_url = ?2, content_type = ?3, raw_page = ?4 WHERE id = ?1",
        params![id, a.fetched_url, a.content_type, &a.raw_page.0],
    )
    .ctx("saving a changed article")?;
    let highlights = replace_links(conn, id, &a.extraction.highlights, a.seen_at)?;
    add_found(conn, a.source_id, 0, highlights.highlights_new)?;
    Ok(SaveOutcome::Changed { id, highlights })
}

fn insert_article(conn: &Connection, a: &NewArticle) -> Result<i64, StoreError> {
    let e = a.extraction;
    conn.query_row_cached(
        "INSERT INTO articles (canonical_url, source_id, title, published, published_at,
             source_name, editors, language, body, captions, content_hash, layout,
             first_seen, updated_at, fetched_url, content_type, raw_page)
         VALUES (:url, :source_id, :title, :published, :published_at, :source_name, :editors,
             :language, :body, :captions, :hash, :layout, :seen, :seen, :fetched_url,
             :content_type, :raw_page)
         RETURNING id",
        named_params! {
            ":url": a.canonical_url,
            ":source_id": a.source_id,
            ":title": e.title,
            ":published": e.published.map(|p| p.to_rfc3339()),
            ":published_at": e.published.map(|p| ts(published_utc(&p))),
            ":source_name": e.source,
            ":editors": to_json(&e.editors),
            ":language": language_code(e.language),
            ":body": e.body,
            ":captions": to_json(&e.captions),
            ":hash": content_hash(e.body.as_bytes()),
            ":layout": e.layout,
            ":seen": ts(a.seen_at),
            ":fetched_url": a.fetched_url,
            ":content_type": a.content_type,
            ":raw_page": &a.raw_page.0,
        },
        |r| r.get(0),
    )
    .ctx("saving a new article")
}

/// Overwrites the fields that come from extraction (not the raw page).
pub(crate) fn update_fields(
    conn: &Connection,
    id: i64,
    e: &Extraction,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    conn.execute_cached(
        "UPDATE articles SET title = :title, published = :published,
             published_at = :published_at, source_name = :source_name, editors = :editors,
             language = :language, body = :body, captions = :captions, content_hash = :hash,
             layout = :layout, updated_at = :now
         WHERE id = :id",
        named_params! {
            ":id": id,
            ":title": e.title,
            ":published": e.published.map(|p| p.to_rfc3339()),
            ":published_at": e.published.map(|p| ts(published_utc(&p))),
            ":source_name": e.source,
            ":editors": to_json(&e.editors),
            ":language": language_code(e.language),
            ":body": e.body,
            ":captions": to_json(&e.captions),
            ":hash": content_hash(e.body.as_bytes()),
            ":layout": e.layout,
            ":now": ts(now),
        },
    )
    .ctx("updating an article")?;
    Ok(())
}

fn lookup_url(conn: &Connection, url: &str) -> Result<Option<StoredArticleRef>, StoreError> {
    conn.query_row_cached(
        "SELECT id, content_hash, 0 FROM articles WHERE canonical_url = ?1
         UNION ALL
         SELECT a.id, a.content_hash, 1 FROM article_urls u JOIN articles a ON a.id = u.article_id
         WHERE u.url = ?1
         LIMIT 1",
        [url],
        |r| {
            Ok(StoredArticleRef {
                id: r.get(0)?,
                content_hash: r.get(1)?,
                via_alias: r.get(2)?,
            })
        },
    )
    .optional()
    .ctx("looking up an article by URL")
}

pub(crate) fn require_article(conn: &Connection, id: i64) -> Result<(), StoreError> {
    let exists: bool = conn
        .query_row_cached(
            "SELECT EXISTS (SELECT 1 FROM articles WHERE id = ?1)",
            [id],
            |r| r.get(0),
        )
        .ctx("looking up an article")?;
    if exists {
        Ok(())
    } else {
        Err(StoreError::NoSuchArticle(id))
    }
}

fn language_code(language: Language) -> &'static str {
    match language {
        Language::En => "en",
        Language::Zh => "zh",
    }
}
