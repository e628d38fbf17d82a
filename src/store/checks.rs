//! When each article URL was first fetched and last checked, so a known
//! article is fetched again only when its re-check schedule or its list says
//! so (the decision itself is the pipeline's, over these times). A check is
//! recorded with every answer that settles a URL: a page stored (in
//! `save_article`'s transaction), a 304, a page given up on.

use super::Cached;
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::codec::{opt_ts, parse_ts, ts};
use super::error::Context;
use super::hygiene::strip_userinfo;
use super::{Store, StoreError};

/// The stored times of one article URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckTimes {
    /// When it was first fetched (stored, or given up on).
    pub first_seen: DateTime<Utc>,
    /// When it was last fetched with an answer that settled it.
    pub checked_at: DateTime<Utc>,
    /// What its list said of its last change at that check, if anything.
    pub list_changed: Option<DateTime<Utc>>,
}

impl Store {
    /// The check times of those of `urls` that were checked before.
    pub fn check_times(&self, urls: &[String]) -> Result<HashMap<String, CheckTimes>, StoreError> {
        let action = "reading articles' check times";
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT first_seen, checked_at, list_changed FROM article_checks WHERE url = ?1",
            )
            .ctx(action)?;
        let mut out = HashMap::new();
        for url in urls {
            let row: Option<(String, String, Option<String>)> = stmt
                .query_row([strip_userinfo(url)], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })
                .optional()
                .ctx(action)?;
            if let Some((first_seen, checked_at, list_changed)) = row {
                let times = CheckTimes {
                    first_seen: parse_ts(&first_seen)?,
                    checked_at: parse_ts(&checked_at)?,
                    list_changed: opt_ts(list_changed)?,
                };
                out.insert(url.clone(), times);
            }
        }
        Ok(out)
    }

    /// Records that `url` was checked at `now` (a 304, or a page given up
    /// on), with what its list said of its last change, if anything.
    pub fn record_check(
        &mut self,
        url: &str,
        now: DateTime<Utc>,
        list_changed: Option<DateTime<Utc>>,
    ) -> Result<(), StoreError> {
        self.write("recording an article's check", |tx| {
            put_check(tx, url, now, list_changed)
        })
    }
}

/// Upserts a check inside the caller's transaction. A check that brings no
/// list time keeps the one stored, so the next list that names a newer one
/// is still seen as a change.
pub(crate) fn put_check(
    conn: &Connection,
    url: &str,
    now: DateTime<Utc>,
    list_changed: Option<DateTime<Utc>>,
) -> Result<(), StoreError> {
    conn.execute_cached(
        "INSERT INTO article_checks (url, first_seen, checked_at, list_changed)
         VALUES (?1, ?2, ?2, ?3)
         ON CONFLICT (url) DO UPDATE SET checked_at = excluded.checked_at,
             list_changed = coalesce(excluded.list_changed, list_changed)",
        params![strip_userinfo(url), ts(now), list_changed.map(ts)],
    )
    .ctx("recording an article's check")?;
    Ok(())
}
