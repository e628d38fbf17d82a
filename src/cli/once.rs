//! `regionwatch once`: one pass over the configured sources, a progress line
//! per source on a terminal, and a summary table at the end, saying how many
//! links of each source wait for the next runs.

use super::Exit;
use super::setup::{ConfigArg, open_store, runtime};
use crate::pipeline::{Pipeline, SourceReport};
use crate::store::AsyncStore;
use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use std::io::IsTerminal;

#[derive(Debug, clap::Args)]
pub struct OnceArgs {
    #[command(flatten)]
    pub config: ConfigArg,

    /// Only this source (by its configured name).
    #[arg(long, value_name = "NAME")]
    pub source: Option<String>,

    /// Fetch every known article again (conditionally), not only those due
    /// on their source's re-check schedule or changed on their list.
    #[arg(long)]
    pub recheck: bool,
}

pub fn run(args: &OnceArgs) -> Exit {
    let config = match args.config.load() {
        Ok(c) => c,
        Err(exit) => return exit,
    };
    let sources: Vec<_> = match &args.source {
        Some(name) => match config.source(name) {
            Some(s) => vec![s.clone()],
            None => {
                eprintln!(
                    "regionwatch: error: no source named {name:?} in {}",
                    config.path.display()
                );
                return Exit::Usage;
            }
        },
        None => config.enabled_sources().cloned().collect(),
    };
    let store = match open_store(&config) {
        Ok(s) => AsyncStore::new(s),
        Err(exit) => return exit,
    };
    let progress = std::io::stderr().is_terminal();
    let reports = runtime().block_on(async {
        let pipeline = Pipeline::new(&config, store)
            .await?
            .recheck_all(args.recheck);
        Ok::<_, crate::pipeline::PipelineError>(
            pipeline
                .run_once(&sources, |r| {
                    if progress {
                        eprintln!("{}", progress_line(r))
                    }
                })
                .await,
        )
    });
    let reports = match reports {
        Ok(r) => r,
        Err(e) => {
            eprintln!("regionwatch: error: {e}");
            return Exit::Failed;
        }
    };
    let printed = super::print_out(&format!("{}\n", summary(&reports)));
    if reports.iter().any(SourceReport::has_errors) {
        Exit::Failed
    } else {
        printed
    }
}

fn progress_line(r: &SourceReport) -> String {
    match &r.error {
        Some(e) => format!("✗ {}: {e}", r.source),
        None => format!(
            "✓ {}: {} links, {} new, {} changed, {} highlights, {} waiting{}",
            r.source,
            r.links,
            r.new_articles,
            r.changed,
            r.highlights,
            r.waiting,
            if r.errors > 0 {
                format!(", {} errors", r.errors)
            } else {
                String::new()
            }
        ),
    }
}

/// The table printed at the end of a pass.
pub fn summary(reports: &[SourceReport]) -> Table {
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED).set_header([
        "source",
        "links",
        "new",
        "changed",
        "unchanged",
        "duplicates",
        "highlights",
        "waiting",
        "errors",
    ]);
    for r in reports {
        let errors = match &r.error {
            Some(e) => format!("{} ({e})", r.errors + 1),
            None => r.errors.to_string(),
        };
        table.add_row([
            r.source.clone(),
            r.links.to_string(),
            r.new_articles.to_string(),
            r.changed.to_string(),
            r.unchanged.to_string(),
            r.duplicates.to_string(),
            r.highlights.to_string(),
            r.waiting.to_string(),
            errors,
        ]);
    }
    table
}
