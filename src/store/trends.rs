//! Counts of highlights per region over time: the digest overview's "Hainan 12, up from 3"
//! and `regionwatch trends`. Both count by first sighting (`highlights.first_seen`, indexed),
//! so a count never changes once its period is over.

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use super::codec::ts;
use super::error::Context;
use super::news::{NewsFilter, recipient_conditions};
use super::{Store, StoreError};

/// Highlights first seen in a region in a period, and the articles that carried them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionCount {
    pub region_code: String,
    pub region: String,
    pub highlights: u64,
    pub articles: u64,
}

/// Highlights first seen in a region in one ISO week (weeks start on Monday, in UTC).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeekCount {
    /// `2026-W18`: ISO 8601 week-numbering year and week, so text order is time order.
    pub week: String,
    pub region_code: String,
    pub region: String,
    pub highlights: u64,
    pub articles: u64,
}

impl Store {
    /// Per region, the highlights first seen in `[from, until)` and their distinct articles,
    /// by region code.
    pub fn region_counts(
        &self,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<Vec<RegionCount>, StoreError> {
        self.region_counts_matching(from, until, &NewsFilter::default())
    }

    /// [`Store::region_counts`] of the highlights a recipient's regions, themes and sources
    /// let through (its cut-off is ignored), so a digest's "down from 5" counts what that
    /// recipient would have been sent.
    pub fn region_counts_matching(
        &self,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        filter: &NewsFilter,
    ) -> Result<Vec<RegionCount>, StoreError> {
        let action = "counting highlights per region";
        let mut args = vec![ts(from), ts(until)];
        let mut conds = vec!["h.first_seen >= ?1 AND h.first_seen < ?2".to_string()];
        conds.extend(recipient_conditions(filter, &mut args)?);
        let sql = format!(
            "SELECT h.region_code, min(h.region), count(DISTINCT h.id),
                    count(DISTINCT ha.article_id)
             FROM highlights h LEFT JOIN highlight_articles ha ON ha.highlight_id = h.id
             WHERE {}
             GROUP BY h.region_code ORDER BY h.region_code",
            conds.join(" AND ")
        );
        let mut stmt = self.conn.prepare_cached(&sql).ctx(action)?;
        stmt.query_map(rusqlite::params_from_iter(&args), |r| {
            Ok(RegionCount {
                region_code: r.get(0)?,
                region: r.get(1)?,
                highlights: r.get::<_, i64>(2)?.max(0) as u64,
                articles: r.get::<_, i64>(3)?.max(0) as u64,
            })
        })
        .and_then(Iterator::collect)
        .ctx(action)
    }

    /// Per ISO week and region, the highlights first seen in `[since, until)` and their
    /// articles, by week then region code: [`Store::region_counts`] once per week (the first
    /// and last weeks cut at `since` and `until`), so `trends` and the digest overview count
    /// the same way.
    pub fn weekly_counts(
        &self,
        since: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<Vec<WeekCount>, StoreError> {
        let mut out = Vec::new();
        let mut start = since;
        while start < until {
            let end = next_monday(start).min(until);
            let week = iso_week(start.date_naive());
            out.extend(
                self.region_counts(start, end)?
                    .into_iter()
                    .map(|c| WeekCount {
                        week: week.clone(),
                        region_code: c.region_code,
                        region: c.region,
                        highlights: c.highlights,
                        articles: c.articles,
                    }),
            );
            start = end;
        }
        Ok(out)
    }
}

/// Midnight UTC of the Monday after `t`: where the next ISO week starts.
fn next_monday(t: DateTime<Utc>) -> DateTime<Utc> {
    let day = t.date_naive();
    let days = 7 - i64::from(day.weekday().num_days_from_monday());
    let monday = day + chrono::TimeDelta::days(days);
    monday.and_time(chrono::NaiveTime::MIN).and_utc()
}

/// `2026-W01` for any day of ISO week 1 of 2026 (which may start in December 2025).
fn iso_week(day: NaiveDate) -> String {
    let week = day.iso_week();
    format!("{}-W{:02}", week.year(), week.week())
}

#[cfg(test)]
mod tests {
    use super::iso_week;
    use chrono::NaiveDate;

    #[test]
    fn weeks_at_a_year_boundary_belong_to_their_iso_year() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(iso_week(day(2024, 12, 30)), "2025-W01");
        assert_eq!(iso_week(day(2026, 1, 1)), "2026-W01");
        assert_eq!(iso_week(day(2027, 1, 1)), "2026-W53");
    }
}
