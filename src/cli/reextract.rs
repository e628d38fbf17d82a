//! `regionwatch re-extract`: runs extraction again on every stored page (kept
//! compressed in the database), after an upgrade improved the extractor.

use super::Exit;
use super::setup::{ConfigArg, open_store};
use crate::config::Config;
use crate::pipeline::overrides_of;
use regionwatch_extract::{Hints, extract};

#[derive(Debug, clap::Args)]
pub struct ReextractArgs {
    #[command(flatten)]
    pub config: ConfigArg,
}

pub fn run(args: &ReextractArgs) -> Exit {
    let config = match args.config.load() {
        Ok(c) => c,
        Err(exit) => return exit,
    };
    let mut store = match open_store(&config) {
        Ok(s) => s,
        Err(exit) => return exit,
    };
    let ids = match store.article_ids() {
        Ok(ids) => ids,
        Err(e) => {
            eprintln!("regionwatch: error: {e}");
            return Exit::Failed;
        }
    };
    let (mut done, mut failed, mut new, mut removed) = (0u32, 0u32, 0u32, 0u32);
    for id in ids {
        match reextract_one(&mut store, &config, id) {
            Ok(outcome) => {
                done += 1;
                new += outcome.highlights_new;
                removed += outcome.highlights_removed;
            }
            Err(message) => {
                eprintln!("regionwatch: error: {message}");
                failed += 1;
            }
        }
    }
    let printed = super::print_out(&format!(
        "re-extracted {done} articles: {new} new highlights, {removed} removed, {failed} failed\n"
    ));
    if failed > 0 { Exit::Failed } else { printed }
}

/// Extracts one stored page again, with the selectors its source sets now
/// (`[sources.extraction]`), as a refresh would.
fn reextract_one(
    store: &mut crate::store::Store,
    config: &Config,
    id: i64,
) -> Result<crate::store::ReplaceOutcome, String> {
    let page = store.raw_page(id).map_err(|e| e.to_string())?;
    let overrides = page
        .source
        .as_deref()
        .and_then(|name| config.source(name))
        .map(|source| overrides_of(&source.extraction));
    let hints = Hints {
        url: Some(&page.fetched_url),
        content_type: page.content_type.as_deref(),
        overrides: overrides.as_ref(),
    };
    let extraction =
        extract(&page.bytes, &hints).map_err(|e| format!("{}: {e}", page.canonical_url))?;
    store
        .replace_extraction(id, &extraction)
        .map_err(|e| e.to_string())
}
