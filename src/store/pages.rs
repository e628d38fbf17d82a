//! Fetch state per URL (validators for conditional GET, `fetch::Validators` as they
//! are) and per host (a Retry-After deadline remembered across runs).

use super::Cached;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::codec::{opt_ts, parse_ts, ts};
use super::error::Context;
use super::hygiene::strip_userinfo;
use super::{Store, StoreError};

/// The fetcher's validators of a response, stored as they are and handed back to it.
pub use crate::fetch::Validators;

/// What is remembered about a fetched URL.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageState {
    pub validators: Validators,
    /// Hash of the bytes last fetched, to skip parsing when a server ignores validators.
    pub content_hash: Option<String>,
    /// When it was last fetched (set by the store on save).
    pub checked_at: Option<DateTime<Utc>>,
}

impl Store {
    /// The remembered state of `url`, if it was fetched before.
    pub fn page_state(&self, url: &str) -> Result<Option<PageState>, StoreError> {
        let row = self
            .conn
            .query_row_cached(
                "SELECT etag, last_modified, content_hash, checked_at FROM pages WHERE url = ?1",
                [strip_userinfo(url)],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get::<_, String>(3)?)),
            )
            .optional()
            .ctx("reading a page's validators")?;
        let Some((etag, last_modified, content_hash, checked_at)) = row else {
            return Ok(None);
        };
        Ok(Some(PageState {
            validators: Validators {
                etag,
                last_modified,
            },
            content_hash,
            checked_at: opt_ts(Some(checked_at))?,
        }))
    }

    /// Records the state of `url` after a fetch (`checked_at` is set to now).
    pub fn save_page_state(&mut self, url: &str, state: &PageState) -> Result<(), StoreError> {
        self.write("saving a page's validators", |tx| {
            put_page(tx, url, state, Utc::now())
        })
    }

    /// Until when `host` asked not to be contacted (Retry-After), if that is still ahead.
    pub fn host_backoff(&self, host: &str) -> Result<Option<DateTime<Utc>>, StoreError> {
        let until: Option<String> = self
            .conn
            .query_row_cached(
                "SELECT until FROM host_backoff WHERE host = ?1 AND until > ?2",
                params![host, ts(Utc::now())],
                |r| r.get(0),
            )
            .optional()
            .ctx("reading a host's backoff")?;
        opt_ts(until)
    }

    /// All hosts with a backoff still ahead, to preload the fetcher.
    pub fn host_backoffs(&self) -> Result<Vec<(String, DateTime<Utc>)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT host, until FROM host_backoff WHERE until > ?1 ORDER BY host")
            .ctx("reading host backoffs")?;
        let rows: Vec<(String, String)> = stmt
            .query_map([ts(Utc::now())], |r| Ok((r.get(0)?, r.get(1)?)))
            .and_then(Iterator::collect::<Result<Vec<_>, _>>)
            .ctx("reading host backoffs")?;
        rows.into_iter()
            .map(|(host, until)| Ok((host, parse_ts(&until)?)))
            .collect()
    }

    /// Remembers that `host` must not be contacted before `until`.
    pub fn set_host_backoff(&mut self, host: &str, until: DateTime<Utc>) -> Result<(), StoreError> {
        self.write("saving a host's backoff", |tx| {
            tx.execute_cached(
                "INSERT INTO host_backoff (host, until) VALUES (?1, ?2)
                 ON CONFLICT (host) DO UPDATE SET until = excluded.until",
                params![host, ts(until)],
            )
            .ctx("saving a host's backoff")?;
            Ok(())
        })
    }
}

/// Upserts a page row inside the caller's transaction.
pub(crate) fn put_page(
    conn: &Connection,
    url: &str,
    state: &PageState,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    conn.execute_cached(
        "INSERT INTO pages (url, etag, last_modified, content_hash, checked_at)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (url) DO UPDATE SET etag = excluded.etag,
             last_modified = excluded.last_modified,
             content_hash = excluded.content_hash, checked_at = excluded.checked_at",
        params![
            strip_userinfo(url),
            state.validators.etag,
            state.validators.last_modified,
            state.content_hash,
            ts(now)
        ],
    )
    .ctx("saving a page's validators")?;
    Ok(())
}
