//! Reading highlights back, filtered by region, theme, date and source, each
//! with the articles that carried it.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Row, ToSql};
use serde::Serialize;

use super::codec::{from_json, parse_published, parse_ts, ts};
use super::error::Context;
use super::{Store, StoreError};
use regionwatch_extract::{Place, Published, Speaker};

/// Which highlights to return. Empty fields do not filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HighlightFilter {
    /// 6-digit GB/T 2260 codes. A province (`440000`) matches everything in
    /// it (`44xxxx`), a prefecture (`440300`) its counties (`4403xx`); a
    /// highlight matches by its region code or by any of its places' codes.
    pub regions: Vec<String>,
    /// A theme the highlight must carry.
    pub theme: Option<String>,
    /// First seen at or after this instant, or carried by an article
    /// published at or after it.
    pub since: Option<DateTime<Utc>>,
    /// A configured source name (`xinhua-english-china`) or the agency a
    /// page names (`Xinhua`) of one of its articles.
    pub source: Option<String>,
    pub limit: Option<usize>,
}

/// An article that carried a highlight.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArticleLink {
    pub url: String,
    pub title: String,
    /// The agency or site the page names.
    pub source: Option<String>,
    pub published: Option<Published>,
}

/// A stored highlight: the fields `extract` prints, plus id, first sighting
/// and every article that carried it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredHighlight {
    pub id: i64,
    pub region: String,
    pub region_code: String,
    pub places: Vec<Place>,
    pub text: String,
    pub themes: Vec<String>,
    pub speaker: Option<Speaker>,
    pub figures: Vec<String>,
    pub first_seen: DateTime<Utc>,
    pub articles: Vec<ArticleLink>,
}

impl Store {
    /// Highlights matching `f`, ordered by region code, first sighting, id.
    pub fn highlights(&self, f: &HighlightFilter) -> Result<Vec<StoredHighlight>, StoreError> {
        let mut args = Vec::new();
        let conds = filter_conditions(f, &mut args)?;
        select_highlights(&self.conn, &conds, &args, f.limit)
    }
}

/// Highlights meeting every condition (SQL over `h`, the highlights table, with `?N`
/// placeholders for `args`), ordered by region code, first sighting, id, at most `limit`.
pub(super) fn select_highlights(
    conn: &Connection,
    conds: &[String],
    args: &[String],
    limit: Option<usize>,
) -> Result<Vec<StoredHighlight>, StoreError> {
    let filter = if conds.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conds.join(" AND "))
    };
    // SQLite reads LIMIT -1 as "no limit".
    let limit = limit.map_or(-1, |n| i64::try_from(n).unwrap_or(i64::MAX));
    let sql = format!(
        "SELECT h.id, h.region, h.region_code, h.places, h.text, h.themes, h.speaker, h.figures,
                h.first_seen
         FROM highlights h {filter}
         ORDER BY h.region_code, h.first_seen, h.id LIMIT {limit}"
    );
    let mut stmt = conn.prepare(&sql).ctx("querying highlights")?;
    let arg_refs: Vec<&dyn ToSql> = args.iter().map(|a| a as &dyn ToSql).collect();
    let rows = stmt
        .query_map(arg_refs.as_slice(), raw_highlight)
        .and_then(Iterator::collect::<Result<Vec<_>, _>>)
        .ctx("querying highlights")?;
    rows.into_iter().map(|raw| raw.decode(conn)).collect()
}

/// The SQL conditions of a filter; their arguments (all text) are pushed on `args`.
pub(super) fn filter_conditions(
    f: &HighlightFilter,
    args: &mut Vec<String>,
) -> Result<Vec<String>, StoreError> {
    let mut conds: Vec<String> = Vec::new();
    if let Some(regions) = region_condition(&f.regions, args)? {
        conds.push(regions);
    }
    if let Some(theme) = &f.theme {
        args.push(theme.clone());
        conds.push(format!(
            "EXISTS (SELECT 1 FROM json_each(h.themes) t WHERE t.value = ?{})",
            args.len()
        ));
    }
    if let Some(since) = f.since {
        args.push(ts(since));
        conds.push(format!(
            "(h.first_seen >= ?{a} OR EXISTS (SELECT 1 FROM highlight_articles ha
              JOIN articles a ON a.id = ha.article_id
              WHERE ha.highlight_id = h.id AND a.published_at >= ?{a}))",
            a = args.len()
        ));
    }
    if let Some(source) = &f.source {
        conds.push(source_condition(std::slice::from_ref(source), args));
    }
    Ok(conds)
}

/// A highlight in any of `codes` (by its region or one of its places); `None` for no codes.
pub(super) fn region_condition(
    codes: &[String],
    args: &mut Vec<String>,
) -> Result<Option<String>, StoreError> {
    if codes.is_empty() {
        return Ok(None);
    }
    let mut alternatives = Vec::new();
    for code in codes {
        let prefix = region_prefix(code)?;
        args.push(prefix.to_owned());
        // `places` is compact serde_json of [{"name":..,"code":".."}] written by this module, so
        // a place code starting with the prefix is the text `"code":"<prefix>`: a substring
        // test instead of parsing every row's JSON (json_each), several times faster on a
        // large table. A name cannot fake it: its quotes are escaped (\").
        args.push(format!("%\"code\":\"{prefix}%"));
        alternatives.push(format!(
            "substr(h.region_code, 1, {n}) = ?{a} OR h.places LIKE ?{b}",
            n = prefix.len(),
            a = args.len() - 1,
            b = args.len()
        ));
    }
    Ok(Some(format!("({})", alternatives.join(" OR "))))
}

/// Carried by an article of any of `sources`: a configured source name or the agency a page
/// names. `sources` must not be empty.
pub(super) fn source_condition(sources: &[String], args: &mut Vec<String>) -> String {
    let placeholders = placeholders(sources, args);
    format!(
        "EXISTS (SELECT 1 FROM highlight_articles ha JOIN articles a ON a.id = ha.article_id
          LEFT JOIN sources s ON s.id = a.source_id
          WHERE ha.highlight_id = h.id AND (s.name IN ({placeholders}) OR a.source_name IN ({placeholders})))"
    )
}

/// `?3, ?4` for two values, pushed on `args`.
pub(super) fn placeholders(values: &[String], args: &mut Vec<String>) -> String {
    values
        .iter()
        .map(|v| {
            args.push(v.clone());
            format!("?{}", args.len())
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The code prefix a region code stands for: `44` for a province `440000`,
/// `4403` for a prefecture `440300`, the whole code for a county.
fn region_prefix(code: &str) -> Result<&str, StoreError> {
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(StoreError::BadRegionCode(code.to_owned()));
    }
    Ok(if code.ends_with("0000") {
        &code[..2]
    } else if code.ends_with("00") {
        &code[..4]
    } else {
        code
    })
}

struct RawHighlight {
    id: i64,
    region: String,
    region_code: String,
    places: String,
    text: String,
    themes: String,
    speaker: Option<String>,
    figures: String,
    first_seen: String,
}

fn raw_highlight(r: &Row) -> rusqlite::Result<RawHighlight> {
    Ok(RawHighlight {
        id: r.get(0)?,
        region: r.get(1)?,
        region_code: r.get(2)?,
        places: r.get(3)?,
        text: r.get(4)?,
        themes: r.get(5)?,
        speaker: r.get(6)?,
        figures: r.get(7)?,
        first_seen: r.get(8)?,
    })
}

impl RawHighlight {
    fn decode(self, conn: &Connection) -> Result<StoredHighlight, StoreError> {
        Ok(StoredHighlight {
            articles: article_links(conn, self.id)?,
            id: self.id,
            places: from_json("highlight places", &self.places)?,
            themes: from_json("highlight themes", &self.themes)?,
            speaker: self
                .speaker
                .as_deref()
                .map(|s| from_json("highlight speaker", s))
                .transpose()?,
            figures: from_json("highlight figures", &self.figures)?,
            first_seen: parse_ts(&self.first_seen)?,
            region: self.region,
            region_code: self.region_code,
            text: self.text,
        })
    }
}

fn article_links(conn: &Connection, highlight_id: i64) -> Result<Vec<ArticleLink>, StoreError> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT a.canonical_url, a.title, a.source_name, a.published
             FROM highlight_articles ha JOIN articles a ON a.id = ha.article_id
             WHERE ha.highlight_id = ?1 ORDER BY a.first_seen, a.id",
        )
        .ctx("reading a highlight's articles")?;
    let rows: Vec<(String, String, Option<String>, Option<String>)> = stmt
        .query_map([highlight_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .and_then(Iterator::collect::<Result<Vec<_>, _>>)
        .ctx("reading a highlight's articles")?;
    rows.into_iter()
        .map(|(url, title, source, published)| {
            Ok(ArticleLink {
                url,
                title,
                source,
                published: parse_published(published)?,
            })
        })
        .collect()
}
