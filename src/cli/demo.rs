//! `regionwatch demo`: the whole pipeline offline, in one command. A loopback
//! site serves the bundled sample pages; one pass stores their highlights in
//! a database in the demo folder; the digest is delivered with the `file`
//! transport (an .eml file) and written as an HTML preview. The terminal gets
//! what a newcomer needs on one screen or two: what each source found, the
//! digest's overview and first highlights, the paths of everything written and
//! the commands to try next; the full digest stays in the files.

use super::Exit;
use super::setup::{open_store, runtime};
use crate::config;
use crate::demo::{self, server::DemoSite};
use crate::digest::round::{next_selection, render_for};
use crate::digest::{compose_and_send, transport_for};
use crate::pipeline::Pipeline;
use crate::store::AsyncStore;
use anyhow::Context;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// Folder for the demo's config, database, outbox and preview (emptied of earlier demo files first).
    #[arg(long, value_name = "DIR", default_value = "regionwatch-demo")]
    pub dir: PathBuf,
}

pub fn run(args: &DemoArgs) -> Exit {
    match demo_in(&args.dir) {
        Ok(exit) => exit,
        Err(e) => {
            eprintln!("regionwatch: error: {e:#}");
            Exit::Failed
        }
    }
}

fn demo_in(dir: &Path) -> anyhow::Result<Exit> {
    let dir = fresh_folder(dir)?;
    let site = DemoSite::start().context("cannot start the demo site on 127.0.0.1")?;
    let config_path = dir.join("regionwatch.toml");
    std::fs::write(&config_path, demo::config_toml(&dir, &site.base()))
        .with_context(|| format!("cannot write {}", config_path.display()))?;
    let config = config::load(&config_path)?;
    let Ok(store) = open_store(&config) else {
        return Ok(Exit::Failed);
    };
    let store = AsyncStore::new(store);
    // Said before the run, which takes a few seconds; a closed stdout does not stop the demo.
    super::print_out(&format!(
        "regionwatch demo: sample news site at {}\n\n",
        site.base()
    ));
    let (reports, preview, round) = runtime().block_on(async {
        let pipeline = Pipeline::new(&config, store.clone()).await?;
        let sources: Vec<_> = config.enabled_sources().cloned().collect();
        let reports = pipeline.run_once(&sources, |_| {}).await;
        let recipient = config.recipients[0].clone();
        let for_preview = config.clone();
        let preview = store
            .call(move |s| {
                let selection = next_selection(s, &for_preview, &recipient)?;
                render_for(s, &for_preview, &recipient, selection, chrono::Utc::now())
                    .map_err(|e| crate::store::StoreError::BuildMessage(e.to_string()))
            })
            .await?;
        let transport = transport_for(&config)?;
        let round = compose_and_send(&config, &store, &transport, chrono::Utc::now()).await?;
        anyhow::Ok((reports, preview, round))
    })?;
    let mut out = String::new();
    writeln!(out, "What each source found:\n{}\n", found(&reports))?;
    writeln!(out, "The digest's overview and first highlights:\n")?;
    writeln!(out, "{}", excerpt(&preview.text, FIRST_HIGHLIGHTS))?;
    let preview_path = dir.join("digest-preview.html");
    std::fs::write(&preview_path, &preview.html)?;
    let text_path = dir.join("digest-preview.txt");
    std::fs::write(
        &text_path,
        format!("Subject: {}\n\n{}", preview.subject, preview.text),
    )?;
    writeln!(out, "\nThe full digest and everything else is in files:")?;
    writeln!(out, "  configuration   {}", config_path.display())?;
    writeln!(out, "  database        {}", config.database.display())?;
    for eml in emails(&config.digest.directory)? {
        writeln!(out, "  digest (.eml)   {}", eml.display())?;
    }
    writeln!(out, "  HTML preview    {}", preview_path.display())?;
    writeln!(out, "  text preview    {}", text_path.display())?;
    let c = config_path.display();
    writeln!(out, "\nNext, try:")?;
    for (what, command) in [
        (
            "the whole digest as text",
            format!("less {}", text_path.display()),
        ),
        (
            "stored highlights of one region",
            format!("regionwatch list --region Guangxi -c {c}"),
        ),
        (
            "highlights per region and week",
            format!("regionwatch trends -c {c}"),
        ),
        (
            "the digest in a browser",
            format!("xdg-open {}", preview_path.display()),
        ),
    ] {
        writeln!(out, "  # {what}\n  {command}")?;
    }
    let printed = super::print_out(&out);
    let failed = reports.iter().any(|r| r.has_errors()) || !round.sent.failed.is_empty();
    Ok(if failed { Exit::Failed } else { printed })
}

/// What each source found, in the columns a newcomer needs (`once` prints them all).
fn found(reports: &[crate::pipeline::SourceReport]) -> comfy_table::Table {
    let mut table = comfy_table::Table::new();
    table
        .load_style(comfy_table::presets::UTF8_FULL_CONDENSED)
        .set_header(["source", "links", "new articles", "highlights", "errors"]);
    for r in reports {
        let errors = r.errors + u32::from(r.error.is_some());
        table.add_row([
            r.source.clone(),
            r.links.to_string(),
            r.new_articles.to_string(),
            r.highlights.to_string(),
            errors.to_string(),
        ]);
    }
    table
}

/// Highlights of the digest shown in the terminal.
const FIRST_HIGHLIGHTS: usize = 3;

/// The text digest's head (title, period, overview) and its first `n` highlights, then "...".
fn excerpt(text: &str, n: usize) -> String {
    let Some(body) = text.find("\n== ") else {
        return text.trim_end().to_string();
    };
    // The highlight after the n-th starts the cut; the text part's bullets are "\n\n  * ".
    let cut = text[body..]
        .match_indices("\n\n  * ")
        .nth(n)
        .map_or(text.len(), |(at, _)| body + at);
    let mut out = text[..cut].trim_end().to_string();
    if cut < text.len() {
        out.push_str("\n\n  ...");
    }
    out
}

/// The demo folder, absolute, without the files of an earlier demo.
fn fresh_folder(dir: &Path) -> anyhow::Result<PathBuf> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let dir = dir.canonicalize()?;
    for name in [
        "regionwatch.db",
        "regionwatch.db-wal",
        "regionwatch.db-shm",
        "digest-preview.html",
        "digest-preview.txt",
    ] {
        let _ = std::fs::remove_file(dir.join(name));
    }
    let _ = std::fs::remove_dir_all(dir.join("outbox"));
    Ok(dir)
}

fn emails(outbox: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut found: Vec<PathBuf> = match std::fs::read_dir(outbox) {
        Ok(entries) => entries.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(_) => Vec::new(),
    };
    found.retain(|p| p.extension().is_some_and(|e| e == "eml"));
    found.sort();
    Ok(found)
}
