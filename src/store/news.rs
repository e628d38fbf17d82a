//! What is news to a recipient, selected in SQL on indexed columns so that composing a digest
//! reads only the highlights it will carry, not the whole history:
//! - not delivered to the recipient and not waiting in one of its pending digests (the
//!   primary key of `deliveries`; the items of its pending digests, a small set read once);
//! - not `revised`: a highlight `re-extract` found in an article seen before the last digest
//!   is stored and listed, but it is not news ([`Store::revised_for`] selects those, under the
//!   same conditions otherwise, for a digest's optional "revised" section);
//! - first seen at or after a cut-off: a recipient's first digest reaches back at most
//!   `[digest].first_digest_lookback_hours` before the recipient was first seen
//!   ([`Store::note_recipient`]), not to the beginning of the database.
//!
//! Rows come in digest order (region, first sighting, id; the `highlights_digest_order`
//! index) and the query stops at the limit.

use super::Cached;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::codec::{parse_ts, ts};
use super::error::Context;
use super::query::{
    filter_conditions, placeholders, region_condition, select_highlights, source_condition,
};
use super::{HighlightFilter, Store, StoreError, StoredHighlight};

/// A recipient's filters, as `[[recipients]]` gives them. Empty lists do not filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewsFilter {
    /// 6-digit codes; a province matches its cities (see [`HighlightFilter::regions`]).
    pub regions: Vec<String>,
    /// The highlight carries one of these themes.
    pub themes: Vec<String>,
    /// An article of the highlight comes from one of these configured sources or agencies.
    pub sources: Vec<String>,
    /// Only highlights first seen at or after this instant.
    pub first_seen_from: Option<DateTime<Utc>>,
}

impl Store {
    /// When `address` was first seen by a digest round, recording `now` if it is new.
    pub fn note_recipient(
        &mut self,
        address: &str,
        now: DateTime<Utc>,
    ) -> Result<DateTime<Utc>, StoreError> {
        self.write("recording a recipient", |tx| {
            tx.execute_cached(
                "INSERT OR IGNORE INTO recipients (address, first_seen) VALUES (?1, ?2)",
                params![address, ts(now)],
            )
            .ctx("recording a recipient")?;
            Ok(first_seen(tx, address)?.unwrap_or(now))
        })
    }

    /// When `address` was first seen by a digest round; `None` if never (a dry run does not
    /// record it).
    pub fn recipient_first_seen(&self, address: &str) -> Result<Option<DateTime<Utc>>, StoreError> {
        first_seen(&self.conn, address)
    }

    /// The news for `recipient`: highlights matching `f` it has not been sent, that are not
    /// waiting in one of its pending digests and are not revisions, in digest order, at most
    /// `limit`.
    pub fn news_for(
        &self,
        recipient: &str,
        f: &NewsFilter,
        limit: usize,
    ) -> Result<Vec<StoredHighlight>, StoreError> {
        self.selection(Kind::News, recipient, f, limit)
    }

    /// How many highlights [`Store::news_for`] would give without a limit: what waits past
    /// a digest's `max_items`.
    pub fn news_count_for(&self, recipient: &str, f: &NewsFilter) -> Result<usize, StoreError> {
        self.selection_count(Kind::News, recipient, f)
    }

    /// The revisions for `recipient`: like [`Store::news_for`] (its filters, not sent, not
    /// pending), but only highlights `re-extract` added to articles a digest had already
    /// covered (`revised`), for a digest's `[digest].include_revised` section.
    pub fn revised_for(
        &self,
        recipient: &str,
        f: &NewsFilter,
        limit: usize,
    ) -> Result<Vec<StoredHighlight>, StoreError> {
        self.selection(Kind::Revised, recipient, f, limit)
    }

    /// How many highlights [`Store::revised_for`] would give without a limit.
    pub fn revised_count_for(&self, recipient: &str, f: &NewsFilter) -> Result<usize, StoreError> {
        self.selection_count(Kind::Revised, recipient, f)
    }

    fn selection(
        &self,
        kind: Kind,
        recipient: &str,
        f: &NewsFilter,
        limit: usize,
    ) -> Result<Vec<StoredHighlight>, StoreError> {
        let mut args = Vec::new();
        let conds = news_filter_conditions(kind, recipient, f, &mut args)?;
        select_highlights(&self.conn, &conds, &args, Some(limit))
    }

    fn selection_count(
        &self,
        kind: Kind,
        recipient: &str,
        f: &NewsFilter,
    ) -> Result<usize, StoreError> {
        let mut args = Vec::new();
        let conds = news_filter_conditions(kind, recipient, f, &mut args)?;
        let sql = format!(
            "SELECT count(*) FROM highlights h WHERE {}",
            conds.join(" AND ")
        );
        let arg_refs: Vec<&dyn rusqlite::ToSql> =
            args.iter().map(|a| a as &dyn rusqlite::ToSql).collect();
        let count: i64 = self
            .conn
            .query_row(&sql, arg_refs.as_slice(), |r| r.get(0))
            .ctx("counting news")?;
        Ok(usize::try_from(count).unwrap_or(0))
    }

    /// Highlights matching `filter` that are news for `recipient` (see [`Store::news_for`]),
    /// in the order of [`Store::highlights`], at most `limit`.
    pub fn undelivered_highlights(
        &self,
        recipient: &str,
        filter: &HighlightFilter,
        limit: usize,
    ) -> Result<Vec<StoredHighlight>, StoreError> {
        let mut args = Vec::new();
        let mut conds = news_conditions(Kind::News, recipient, &mut args);
        conds.extend(filter_conditions(filter, &mut args)?);
        select_highlights(&self.conn, &conds, &args, Some(limit))
    }
}

/// News proper, or the revisions a digest may carry in its own section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    News,
    Revised,
}

/// The conditions of [`Store::news_for`] (or [`Store::revised_for`]): `kind` for `recipient`
/// (see [`news_conditions`]) that match `f`; their arguments are pushed on `args`.
fn news_filter_conditions(
    kind: Kind,
    recipient: &str,
    f: &NewsFilter,
    args: &mut Vec<String>,
) -> Result<Vec<String>, StoreError> {
    let mut conds = news_conditions(kind, recipient, args);
    conds.extend(recipient_conditions(f, args)?);
    if let Some(from) = f.first_seen_from {
        args.push(ts(from));
        conds.push(format!("h.first_seen >= ?{}", args.len()));
    }
    Ok(conds)
}

/// The conditions on `h` of a recipient's regions, themes and sources (not its cut-off);
/// their arguments are pushed on `args`.
pub(super) fn recipient_conditions(
    f: &NewsFilter,
    args: &mut Vec<String>,
) -> Result<Vec<String>, StoreError> {
    let mut conds: Vec<String> = region_condition(&f.regions, args)?.into_iter().collect();
    if !f.themes.is_empty() {
        let themes = placeholders(&f.themes, args);
        conds.push(format!(
            "EXISTS (SELECT 1 FROM json_each(h.themes) t WHERE t.value IN ({themes}))"
        ));
    }
    if !f.sources.is_empty() {
        conds.push(source_condition(&f.sources, args));
    }
    Ok(conds)
}

/// Not revised (or only revised, for [`Kind::Revised`]), not delivered to `recipient`, not in
/// one of its pending or sent digests.
fn news_conditions(kind: Kind, recipient: &str, args: &mut Vec<String>) -> Vec<String> {
    args.push(recipient.to_owned());
    let r = args.len();
    vec![
        // A literal, not a parameter: the partial index `highlights_revised` (migration 07)
        // serves `revised = 1` only when the query says so in its text.
        match kind {
            Kind::News => "h.revised = 0",
            Kind::Revised => "h.revised = 1",
        }
        .to_owned(),
        format!(
            "NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.recipient = ?{r} AND d.highlight_id = h.id)"
        ),
        // A sent digest's items are in `deliveries` (same transaction, `mark_sent`), so only
        // the pending digests' items are left: a small set, computed once, not probed per row.
        format!(
            "h.id NOT IN (SELECT i.highlight_id FROM digests g
              JOIN digest_items i ON i.digest_id = g.id
              WHERE g.recipient = ?{r} AND g.status = 'pending')"
        ),
    ]
}

fn first_seen(conn: &Connection, address: &str) -> Result<Option<DateTime<Utc>>, StoreError> {
    let text: Option<String> = conn
        .query_row_cached(
            "SELECT first_seen FROM recipients WHERE address = ?1",
            [address],
            |r| r.get(0),
        )
        .optional()
        .ctx("reading a recipient")?;
    text.as_deref().map(parse_ts).transpose()
}
