//! `regionwatch list` and `regionwatch export`: stored highlights, filtered by
//! region (a province includes its cities), theme, date and source, as a
//! table, JSON, JSON Lines or CSV.

use super::Exit;
use super::setup::{ConfigArg, open_store};
use crate::store::{HighlightFilter, StoredHighlight};
use chrono::{DateTime, NaiveDate, Utc};
use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use regionwatch_extract::Gazetteer;
use std::io::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A table for people.
    Table,
    /// One JSON array.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// Comma-separated values with a header row.
    Csv,
}

#[derive(Debug, clap::Args)]
pub struct QueryArgs {
    #[command(flatten)]
    pub config: ConfigArg,

    /// Region by English or Chinese name or GB/T 2260 code (Hainan, 海南, 460000, Shenzhen);
    /// a province includes its cities. Repeat for several.
    #[arg(long, value_name = "REGION")]
    pub region: Vec<String>,

    /// Only highlights with this theme (see README, "Themes").
    #[arg(long, value_name = "THEME")]
    pub theme: Option<String>,

    /// Only highlights first seen, or published, on or after this date (YYYY-MM-DD or RFC 3339).
    #[arg(long, value_name = "DATE", value_parser = parse_since)]
    pub since: Option<DateTime<Utc>>,

    /// Only highlights from this configured source, or carried by this agency (Xinhua).
    #[arg(long, value_name = "NAME")]
    pub source: Option<String>,

    /// At most this many highlights.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
}

pub(super) fn parse_since(arg: &str) -> Result<DateTime<Utc>, String> {
    if let Ok(t) = DateTime::parse_from_rfc3339(arg) {
        return Ok(t.with_timezone(&Utc));
    }
    let date = NaiveDate::parse_from_str(arg, "%Y-%m-%d")
        .map_err(|_| format!("{arg:?} is not YYYY-MM-DD or RFC 3339"))?;
    // A date means that day in Beijing time, like the articles' dates.
    let beijing = chrono::FixedOffset::east_opt(8 * 3600).expect("valid offset");
    Ok(date
        .and_hms_opt(0, 0, 0)
        .expect("midnight")
        .and_local_timezone(beijing)
        .single()
        .expect("fixed offset")
        .with_timezone(&Utc))
}

/// `list`: as a table unless asked otherwise.
pub fn list(args: &QueryArgs, format: Format) -> Exit {
    run(args, format)
}

/// `export`: JSON Lines unless asked otherwise.
pub fn export(args: &QueryArgs, format: Format) -> Exit {
    run(args, format)
}

fn run(args: &QueryArgs, format: Format) -> Exit {
    let filter = match filter(args) {
        Ok(f) => f,
        Err(message) => {
            eprintln!("regionwatch: error: {message}");
            return Exit::Usage;
        }
    };
    let config = match args.config.load() {
        Ok(c) => c,
        Err(exit) => return exit,
    };
    let store = match open_store(&config) {
        Ok(s) => s,
        Err(exit) => return exit,
    };
    let highlights = match store.highlights(&filter) {
        Ok(h) => h,
        Err(e) => {
            eprintln!("regionwatch: error: {e}");
            return Exit::Failed;
        }
    };
    super::finish_output(write(&highlights, format, &mut std::io::stdout().lock()))
}

/// The store filter for the command line's options; region names become codes.
fn filter(args: &QueryArgs) -> Result<HighlightFilter, String> {
    let gazetteer = Gazetteer::get();
    let mut regions = Vec::new();
    for name in &args.region {
        // An ambiguous name (Taizhou) asks for all its divisions.
        let units = gazetteer.lookup(name).map_err(|e| e.to_string())?;
        regions.extend(units.iter().map(|u| u.code_str()));
    }
    Ok(HighlightFilter {
        regions,
        theme: args.theme.clone(),
        since: args.since,
        source: args.source.clone(),
        limit: args.limit,
    })
}

fn write(
    highlights: &[StoredHighlight],
    format: Format,
    out: &mut impl Write,
) -> std::io::Result<()> {
    match format {
        Format::Table => writeln!(out, "{}", table(highlights)),
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, highlights)?;
            writeln!(out)
        }
        Format::Jsonl => {
            for h in highlights {
                serde_json::to_writer(&mut *out, h)?;
                writeln!(out)?;
            }
            Ok(())
        }
        Format::Csv => write_csv(highlights, out),
    }
}

fn table(highlights: &[StoredHighlight]) -> Table {
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED).set_header([
        "region",
        "highlight",
        "themes",
        "first seen",
        "articles",
    ]);
    for h in highlights {
        table.add_row([
            h.region.clone(),
            h.text.clone(),
            h.themes.join(", "),
            h.first_seen.format("%Y-%m-%d").to_string(),
            h.articles
                .iter()
                .map(|a| a.url.as_str())
                .collect::<Vec<_>>()
                .join("\n"),
        ]);
    }
    super::width::fit(&mut table);
    table
}

fn write_csv(highlights: &[StoredHighlight], out: &mut impl Write) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "id",
        "region",
        "region_code",
        "places",
        "text",
        "themes",
        "speaker",
        "figures",
        "first_seen",
        "article_urls",
    ])?;
    for h in highlights {
        let places: Vec<&str> = h.places.iter().map(|p| p.name.as_str()).collect();
        let urls: Vec<&str> = h.articles.iter().map(|a| a.url.as_str()).collect();
        w.write_record([
            h.id.to_string(),
            h.region.clone(),
            h.region_code.clone(),
            places.join("; "),
            h.text.clone(),
            h.themes.join("; "),
            h.speaker
                .as_ref()
                .map(|s| s.name.clone())
                .unwrap_or_default(),
            h.figures.join("; "),
            h.first_seen.to_rfc3339(),
            urls.join(" "),
        ])?;
    }
    w.flush()
}
