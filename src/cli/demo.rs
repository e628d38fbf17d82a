//! `regionwatch demo`: the whole pipeline offline, in one command. A loopback
//! site serves the bundled sample pages; one pass stores their highlights in
//! a database in the demo folder; the digest is delivered with the `file`
//! transport (an .eml file) and written as an HTML preview; the text digest is
//! printed with the paths of everything written.

use super::Exit;
use super::once::summary;
use super::setup::{open_store, runtime};
use crate::config;
use crate::demo::{self, server::DemoSite};
use crate::digest::round::{next_selection, render_for};
use crate::digest::{compose_and_send, transport_for};
use crate::pipeline::Pipeline;
use crate::store::AsyncStore;
use anyhow::Context;
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
    println!("regionwatch demo: sample news site at {}\n", site.base());
    let (reports, preview, round) = runtime().block_on(async {
        let pipeline = Pipeline::new(&config, store.clone()).await?;
        let sources: Vec<_> = config.enabled_sources().cloned().collect();
        let reports = pipeline.run_once(&sources, |_| {}).await;
        let recipient = config.recipients[0].clone();
        let for_preview = config.clone();
        let preview = store
            .call(move |s| {
                let (items, more) = next_selection(s, &for_preview, &recipient)?;
                render_for(s, &for_preview, &recipient, items, more, chrono::Utc::now())
                    .map_err(|e| crate::store::StoreError::BuildMessage(e.to_string()))
            })
            .await?;
        let transport = transport_for(&config)?;
        let round = compose_and_send(&config, &store, &transport, chrono::Utc::now()).await?;
        anyhow::Ok((reports, preview, round))
    })?;
    println!("{}\n", summary(&reports));
    println!("Subject: {}\n\n{}", preview.subject, preview.text);
    let preview_path = dir.join("digest-preview.html");
    std::fs::write(&preview_path, &preview.html)?;
    println!("Wrote:");
    println!("  configuration   {}", config_path.display());
    println!("  database        {}", config.database.display());
    for eml in emails(&config.digest.directory)? {
        println!("  digest (.eml)   {}", eml.display());
    }
    println!("  HTML preview    {}", preview_path.display());
    println!(
        "\nTry: regionwatch list -c {} --region Guangxi",
        config_path.display()
    );
    let failed = reports.iter().any(|r| r.has_errors()) || !round.sent.failed.is_empty();
    Ok(if failed { Exit::Failed } else { Exit::Ok })
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
