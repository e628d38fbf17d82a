//! Counts of highlights per region over time: the digest overview's "Hainan 12, up from 3"
//! and `regionwatch trends`. Both count by first sighting (`highlights.first_seen`, indexed),
//! so a count never changes once its period is over.

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use super::codec::ts;
use super::error::Context;
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
}

impl Store {
    /// Per region, the highlights first seen in `[from, until)` and their distinct articles,
    /// by region code.
    pub fn region_counts(
        &self,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<Vec<RegionCount>, StoreError> {
        let action = "counting highlights per region";
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT h.region_code, min(h.region), count(DISTINCT h.id),
                        count(DISTINCT ha.article_id)
                 FROM highlights h LEFT JOIN highlight_articles ha ON ha.highlight_id = h.id
                 WHERE h.first_seen >= ?1 AND h.first_seen < ?2
                 GROUP BY h.region_code ORDER BY h.region_code",
            )
            .ctx(action)?;
        stmt.query_map([ts(from), ts(until)], |r| {
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

    /// Per ISO week and region, the highlights first seen at or after `since`, by week then
    /// region code. SQLite has no ISO weeks, so it counts per day and the weeks are summed here
    /// (at most 366 rows per region and year).
    pub fn weekly_counts(&self, since: DateTime<Utc>) -> Result<Vec<WeekCount>, StoreError> {
        let action = "counting highlights per region and week";
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT substr(first_seen, 1, 10), region_code, min(region), count(*)
                 FROM highlights WHERE first_seen >= ?1
                 GROUP BY 1, region_code ORDER BY 1, region_code",
            )
            .ctx(action)?;
        let days: Vec<(String, String, String, i64)> = stmt
            .query_map([ts(since)], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .and_then(Iterator::collect)
            .ctx(action)?;
        let mut weeks: std::collections::BTreeMap<(String, String), WeekCount> =
            std::collections::BTreeMap::new();
        for (day, region_code, region, count) in days {
            let week = NaiveDate::parse_from_str(&day, "%Y-%m-%d")
                .map(iso_week)
                .map_err(|e| StoreError::Decode {
                    what: "first sighting date",
                    detail: e.to_string(),
                })?;
            weeks
                .entry((week.clone(), region_code.clone()))
                .or_insert(WeekCount {
                    week,
                    region_code,
                    region,
                    highlights: 0,
                })
                .highlights += count.max(0) as u64;
        }
        Ok(weeks.into_values().collect())
    }
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
