//! `regionwatch status`: digests waiting in the outbox or failed (with the
//! reason and what to do), and the state of each source.

use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};

use super::Exit;
use super::setup::{ConfigArg, open_store};
use crate::digest::round::SILENT_RUNS;
use crate::store::{OutboxDigest, Store, StoreError};

#[derive(Debug, clap::Args)]
pub struct StatusArgs {
    #[command(flatten)]
    pub config: ConfigArg,
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
    match report(&store) {
        Ok((text, has_failed)) => {
            print!("{text}");
            if has_failed { Exit::Failed } else { Exit::Ok }
        }
        Err(e) => {
            eprintln!("regionwatch: error: {e}");
            Exit::Failed
        }
    }
}

/// The status text, and whether any digest failed.
fn report(store: &Store) -> Result<(String, bool), StoreError> {
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

fn source_table(store: &Store) -> Result<Table, StoreError> {
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED).set_header([
        "source",
        "last run",
        "last success",
        "failures",
        "articles",
        "highlights",
        "last error",
    ]);
    for s in store.source_status()? {
        table.add_row([
            s.name,
            s.last_run_at
                .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
                .unwrap_or_else(|| "never".into()),
            s.last_success_at
                .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
                .unwrap_or_else(|| "never".into()),
            s.consecutive_failures.to_string(),
            s.articles_found.to_string(),
            s.highlights_found.to_string(),
            s.last_error.unwrap_or_default(),
        ]);
    }
    super::width::fit(&mut table);
    Ok(table)
}
