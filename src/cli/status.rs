//! `regionwatch status`: digests waiting in the outbox or failed (with the
//! reason and what to do), the state of each source (with the pages its last
//! run could not read and the links waiting for the next runs), and the hosts
//! that asked to be left alone, until when, and which sources that stops.

use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};

use super::Exit;
use super::setup::{ConfigArg, open_store};
use crate::config::Source;
use crate::digest::round::SILENT_RUNS;
use crate::pipeline::{ActiveBackoff, active_backoffs};
use crate::store::{OutboxDigest, SourceStatus, Store, StoreError};

#[derive(Debug, clap::Args)]
pub struct StatusArgs {
    #[command(flatten)]
    pub config: ConfigArg,
    /// `table` for people (fits the terminal), `json` for scripts (every field, full text).
    #[arg(long, value_enum, default_value_t = StatusFormat::Table)]
    pub format: StatusFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StatusFormat {
    Table,
    Json,
}

pub fn run(args: &StatusArgs) -> Exit {
    let config = match args.config.load() {
        Ok(c) => c,
        Err(exit) => return exit,
    };
    let store = match open_store(&config) {
        Ok(s) => s,
        Err(exit) => return exit,
    };
    let report = match args.format {
        StatusFormat::Table => report,
        StatusFormat::Json => json_report,
    };
    match report(&store, &config.sources) {
        Ok((text, has_failed)) => {
            let printed = super::print_out(&text);
            if has_failed { Exit::Failed } else { printed }
        }
        Err(e) => {
            eprintln!("regionwatch: error: {e}");
            Exit::Failed
        }
    }
}

/// The status text, and whether any digest failed.
fn report(store: &Store, sources: &[Source]) -> Result<(String, bool), StoreError> {
    let outbox = store.outbox_status()?;
    let mut out = String::new();
    out.push_str(&format!("Pending digests: {}\n", outbox.pending.len()));
    if !outbox.pending.is_empty() {
        out.push_str(&format!(
            "{}\n",
            digest_table(&outbox.pending, "next attempt")
        ));
    }
    out.push_str(&format!("Failed digests: {}\n", outbox.failed.len()));
    if !outbox.failed.is_empty() {
        out.push_str(&format!("{}\n", digest_table(&outbox.failed, "created")));
        out.push_str("Their highlights go out with the next digest once the cause is fixed.\n");
    }
    out.push_str(&format!("Sources:\n{}\n", source_table(store)?));
    let backoffs = active_backoffs(store, sources)?;
    out.push_str(&format!("Hosts backed off: {}\n", backoffs.len()));
    if !backoffs.is_empty() {
        out.push_str(&format!("{}\n", backoff_table(&backoffs)));
        out.push_str("They asked to come back later (Retry-After on a list or robots.txt); their sources fail until then.\n");
    }
    let silent = store.silent_sources(SILENT_RUNS)?;
    if !silent.is_empty() {
        out.push_str(&format!(
            "Flagged: {} found no articles in their last {SILENT_RUNS} runs; a selector may be broken or the site changed.\n",
            silent.join(", ")
        ));
    }
    Ok((out, !outbox.failed.is_empty()))
}

fn digest_table(digests: &[OutboxDigest], when: &str) -> Table {
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED).set_header([
        "id",
        "recipient",
        when,
        "attempts",
        "items",
        "last error",
    ]);
    for d in digests {
        let at = if when == "created" {
            d.created_at
        } else {
            d.next_attempt_at
        };
        table.add_row([
            d.id.to_string(),
            d.recipient.clone(),
            at.format("%Y-%m-%d %H:%M UTC").to_string(),
            d.attempts.to_string(),
            d.highlight_ids.len().to_string(),
            d.last_error.clone().unwrap_or_default(),
        ]);
    }
    super::width::fit(&mut table);
    table
}

/// One row per source: its name, then its state as short lines (a table of
/// nine columns cannot fit 80 columns; `--format json` has every field).
fn source_table(store: &Store) -> Result<Table, StoreError> {
    let mut table = Table::new();
    table
        .load_style(UTF8_FULL_CONDENSED)
        .set_header(["source", "state"]);
    for s in store.source_status()? {
        table.add_row([s.name.clone(), source_state(&s)]);
    }
    super::width::fit(&mut table);
    Ok(table)
}

fn source_state(s: &SourceStatus) -> String {
    let mut lines = vec![
        format!("last run {}", when(s.last_run_at)),
        format!("last success {}", when(s.last_success_at)),
        format!(
            "{} articles, {} highlights found",
            s.articles_found, s.highlights_found
        ),
    ];
    if s.consecutive_failures > 0 {
        lines.push(format!("{} failed runs in a row", s.consecutive_failures));
    }
    if s.last_run_failed_pages > 0 {
        lines.push(format!(
            "{} pages failed in the last run",
            s.last_run_failed_pages
        ));
    }
    if s.waiting > 0 {
        lines.push(format!("{} links waiting for the next runs", s.waiting));
    }
    let error = last_error(s);
    if !error.is_empty() {
        lines.push(format!("last error: {error}"));
    }
    lines.join("\n")
}

/// The source's own error, else its last run's last page error: a run whose
/// pages failed is not shown as clean.
fn last_error(s: &SourceStatus) -> String {
    match (&s.last_error, &s.last_page_error) {
        (Some(e), _) => e.clone(),
        (None, Some(page)) => format!("last failed page: {page}"),
        (None, None) => String::new(),
    }
}

fn when(t: Option<chrono::DateTime<chrono::Utc>>) -> String {
    t.map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_else(|| "never".into())
}

fn backoff_table(backoffs: &[ActiveBackoff]) -> Table {
    let mut table = Table::new();
    table
        .load_style(UTF8_FULL_CONDENSED)
        .set_header(["host", "until", "stops sources"]);
    for b in backoffs {
        let stops = if b.sources.is_empty() {
            "(none configured)".to_string()
        } else {
            b.sources.join(", ")
        };
        table.add_row([b.host.clone(), when(Some(b.until)), stops]);
    }
    super::width::fit(&mut table);
    table
}

/// Everything `report` shows, as one JSON object with the full text.
fn json_report(store: &Store, sources: &[Source]) -> Result<(String, bool), StoreError> {
    use serde_json::json;
    let outbox = store.outbox_status()?;
    let digest = |d: &OutboxDigest| {
        json!({
            "id": d.id,
            "recipient": d.recipient,
            "created_at": d.created_at,
            "next_attempt_at": d.next_attempt_at,
            "attempts": d.attempts,
            "items": d.highlight_ids.len(),
            "last_error": d.last_error,
        })
    };
    let sources_json: Vec<_> = store
        .source_status()?
        .iter()
        .map(|s| {
            json!({
                "name": s.name,
                "url": s.url,
                "kind": s.kind,
                "last_run_at": s.last_run_at,
                "last_success_at": s.last_success_at,
                "consecutive_failures": s.consecutive_failures,
                "last_run_failed_pages": s.last_run_failed_pages,
                "waiting": s.waiting,
                "articles_found": s.articles_found,
                "highlights_found": s.highlights_found,
                "last_error": s.last_error,
                "last_page_error": s.last_page_error,
            })
        })
        .collect();
    let backoffs: Vec<_> = active_backoffs(store, sources)?
        .iter()
        .map(|b| json!({"host": b.host, "until": b.until, "sources": b.sources}))
        .collect();
    let value = json!({
        "pending_digests": outbox.pending.iter().map(digest).collect::<Vec<_>>(),
        "failed_digests": outbox.failed.iter().map(digest).collect::<Vec<_>>(),
        "sources": sources_json,
        "host_backoffs": backoffs,
        "silent_sources": store.silent_sources(SILENT_RUNS)?,
    });
    let text = serde_json::to_string_pretty(&value).expect("JSON values serialise");
    Ok((format!("{text}\n"), !outbox.failed.is_empty()))
}
