//! `regionwatch trends`: highlights per region and ISO week, by first sighting, as a table that
//! fits 80 columns (regions down, the most recent weeks across) or as CSV (every week, one row
//! per week and region, with its articles). The counts are the store's `region_counts`, the
//! query behind the digest overview's "up from 3".

use chrono::{DateTime, TimeDelta, Utc};

use super::Exit;
use super::setup::{ConfigArg, open_store};
use crate::store::WeekCount;

/// The table's width: a terminal's.
const COLUMNS: usize = 80;
/// Weeks counted when no --since is given.
const DEFAULT_WEEKS: i64 = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TrendFormat {
    /// Regions down, weeks across (the most recent that fit 80 columns).
    Table,
    /// `week,region_code,region,highlights,articles`, every week.
    Csv,
}

#[derive(Debug, clap::Args)]
pub struct TrendsArgs {
    #[command(flatten)]
    pub config: ConfigArg,

    /// Count highlights first seen on or after this date (YYYY-MM-DD or RFC 3339)
    /// [default: 8 weeks ago].
    #[arg(long, value_name = "DATE", value_parser = super::query::parse_since)]
    pub since: Option<DateTime<Utc>>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = TrendFormat::Table)]
    pub format: TrendFormat,
}

pub fn run(args: &TrendsArgs) -> Exit {
    let config = match args.config.load() {
        Ok(c) => c,
        Err(exit) => return exit,
    };
    let store = match open_store(&config) {
        Ok(s) => s,
        Err(exit) => return exit,
    };
    let since = args
        .since
        .unwrap_or_else(|| Utc::now() - TimeDelta::weeks(DEFAULT_WEEKS));
    let counts = match store.weekly_counts(since, Utc::now()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("regionwatch: error: {e}");
            return Exit::Failed;
        }
    };
    let out = match args.format {
        TrendFormat::Table => table(&counts),
        TrendFormat::Csv => csv(&counts),
    };
    super::print_out(&out)
}

/// Every count, in week then region order.
pub fn csv(counts: &[WeekCount]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let header = ["week", "region_code", "region", "highlights", "articles"];
    let rows = std::iter::once(header.map(String::from)).chain(counts.iter().map(|c| {
        [
            c.week.clone(),
            c.region_code.clone(),
            c.region.clone(),
            c.highlights.to_string(),
            c.articles.to_string(),
        ]
    }));
    for row in rows {
        w.write_record(&row).expect("writing to memory");
    }
    String::from_utf8(w.into_inner().expect("writing to memory")).expect("UTF-8 in, UTF-8 out")
}

/// Regions down (by code), the most recent weeks that fit across (`26W18`), then the total
/// of the weeks shown. Says so when earlier weeks did not fit.
pub fn table(counts: &[WeekCount]) -> String {
    if counts.is_empty() {
        return "No highlights first seen in this period.\n".into();
    }
    let mut weeks: Vec<&str> = counts.iter().map(|c| c.week.as_str()).collect();
    weeks.dedup(); // counts come in week order
    let mut regions: Vec<(&str, &str)> = counts
        .iter()
        .map(|c| (c.region_code.as_str(), c.region.as_str()))
        .collect();
    regions.sort_unstable();
    regions.dedup_by_key(|r| r.0);
    let name_w = regions
        .iter()
        .map(|r| r.1.chars().count())
        .max()
        .unwrap_or(6)
        .clamp(6, 16);
    let fit = (COLUMNS - name_w - 8) / 7;
    let shown = &weeks[weeks.len().saturating_sub(fit)..];
    let mut out = format!("{:<name_w$}", "Region");
    for week in shown {
        out += &format!(" {:>6}", short(week));
    }
    out += "   Total\n";
    for (code, name) in &regions {
        let name: String = if name.chars().count() > name_w {
            name.chars().take(name_w - 1).chain(['…']).collect()
        } else {
            name.to_string()
        };
        out += &format!("{name:<name_w$}");
        let mut total = 0;
        for week in shown {
            let n = counts
                .iter()
                .find(|c| c.week == *week && c.region_code == *code)
                .map_or(0, |c| c.highlights);
            total += n;
            out += &format!(" {n:>6}");
        }
        out += &format!(" {total:>7}\n");
    }
    if shown.len() < weeks.len() {
        out += &format!(
            "({} earlier weeks not shown: use --format csv or a later --since)\n",
            weeks.len() - shown.len()
        );
    }
    out
}

/// `26W18` for `2026-W18`.
fn short(week: &str) -> String {
    week.get(2..).unwrap_or(week).replace("-W", "W")
}
