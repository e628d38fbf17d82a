//! The article links last found on each list page, saved with the page's
//! validators in one transaction: a list that answers 304 next time still
//! tells which articles to check, and a run killed half-way resumes from them.

use super::Cached;
use chrono::{DateTime, FixedOffset, Utc};
use rusqlite::params;

use super::error::Context;
use super::hygiene::strip_userinfo;
use super::pages::{PageState, put_page};
use super::{Store, StoreError};

/// An article link as a list page gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedLink {
    pub url: String,
    pub title: Option<String>,
    pub published: Option<DateTime<FixedOffset>>,
    /// When the list said the article last changed.
    pub changed: Option<DateTime<FixedOffset>>,
}

impl Store {
    /// Replaces what is remembered of list page `page_url`: its validators and its links.
    pub fn save_list_page(
        &mut self,
        page_url: &str,
        state: &PageState,
        links: &[ListedLink],
    ) -> Result<(), StoreError> {
        let now = Utc::now();
        let page_url = &*strip_userinfo(page_url);
        self.write("saving a list page", |tx| {
            put_page(tx, page_url, state, now)?;
            tx.execute_cached("DELETE FROM list_links WHERE page_url = ?1", [page_url])
                .ctx("saving a list page")?;
            let mut insert = tx
                .prepare_cached(
                    "INSERT INTO list_links (page_url, position, url, title, published, changed)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )
                .ctx("saving a list page")?;
            for (i, link) in links.iter().enumerate() {
                let published = link.published.map(|p| p.to_rfc3339());
                let changed = link.changed.map(|c| c.to_rfc3339());
                insert
                    .execute(params![
                        page_url,
                        i as i64,
                        strip_userinfo(&link.url),
                        link.title,
                        published,
                        changed
                    ])
                    .ctx("saving a list page")?;
            }
            Ok(())
        })
    }

    /// The links found on `page_url` the last time it was parsed, in page order.
    pub fn list_links(&self, page_url: &str) -> Result<Vec<ListedLink>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT url, title, published, changed FROM list_links
                 WHERE page_url = ?1 ORDER BY position",
            )
            .ctx("reading a list page's links")?;
        let rows = stmt
            .query_map([strip_userinfo(page_url)], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                ))
            })
            .ctx("reading a list page's links")?;
        let mut out = Vec::new();
        for row in rows {
            let (url, title, published, changed) = row.ctx("reading a list page's links")?;
            let time = |t: Option<String>| t.and_then(|t| DateTime::parse_from_rfc3339(&t).ok());
            out.push(ListedLink {
                url,
                title,
                published: time(published),
                changed: time(changed),
            });
        }
        Ok(out)
    }
}
