//! `regionwatch digest --dry-run` and `digest --preview FILE.html`: what each recipient's next
//! digest would hold, printed as text or written as HTML. Both only read the database.
//! `digest send` (queue and deliver) is in [`super::digest_send`].

use std::fmt::Write as _;
use std::path::PathBuf;

use chrono::Utc;

use super::Exit;
use super::setup::{ConfigArg, open_store};
use crate::config::{Config, Recipient};
use crate::digest::Rendered;
use crate::digest::round::{next_selection, render_for};
use crate::store::Store;

#[derive(Debug, clap::Args)]
pub struct DigestArgs {
    #[command(flatten)]
    pub config: ConfigArg,

    /// Print each recipient's next digest as text; changes nothing.
    #[arg(long, conflicts_with = "preview")]
    pub dry_run: bool,

    /// Write the HTML of one recipient's next digest (the first, or --to) to this file.
    #[arg(long, value_name = "FILE.html")]
    pub preview: Option<PathBuf>,

    /// Only this recipient (its address as configured in [[recipients]]).
    #[arg(long, value_name = "EMAIL")]
    pub to: Option<String>,

    #[command(subcommand)]
    pub command: Option<super::digest_send::DigestCommand>,
}

/// Runs `digest --dry-run` or `digest --preview`.
pub fn run(args: &DigestArgs) -> Exit {
    if let Some(command) = &args.command {
        return super::digest_send::run(command, &args.config);
    }
    if !args.dry_run && args.preview.is_none() {
        eprintln!("regionwatch: error: digest needs --dry-run, --preview FILE.html or `send`");
        return Exit::Usage;
    }
    let config = match args.config.load() {
        Ok(c) => c,
        Err(exit) => return exit,
    };
    let recipients = match chosen_recipients(&config, args.to.as_deref()) {
        Ok(r) => r,
        Err(message) => {
            eprintln!("regionwatch: error: {message}");
            return Exit::Usage;
        }
    };
    let store = match open_store(&config) {
        Ok(s) => s,
        Err(exit) => return exit,
    };
    let result = match &args.preview {
        Some(path) => preview(&store, &config, &recipients[0], path).map(|()| Exit::Ok),
        None => dry_run(&store, &config, &recipients).map(|text| super::print_out(&text)),
    };
    match result {
        Ok(exit) => exit,
        Err(e) => {
            eprintln!("regionwatch: error: {e:#}");
            Exit::Failed
        }
    }
}

/// The configured recipients, only `--to` when given; with none configured, one recipient that
/// matches everything, so a new installation can still preview its digest.
fn chosen_recipients(config: &Config, to: Option<&str>) -> Result<Vec<Recipient>, String> {
    if config.recipients.is_empty() && to.is_none() {
        return Ok(vec![Recipient {
            mailbox: "preview@localhost".parse().expect("a valid mailbox"),
            region_names: Vec::new(),
            regions: Vec::new(),
            themes: Vec::new(),
            sources: Vec::new(),
        }]);
    }
    let chosen: Vec<Recipient> = config
        .recipients
        .iter()
        .filter(|r| to.is_none_or(|to| r.address().eq_ignore_ascii_case(to.trim())))
        .cloned()
        .collect();
    if chosen.is_empty() {
        return Err(format!(
            "{:?} is not in [[recipients]]; use one of: {}",
            to.unwrap_or_default(),
            config
                .recipients
                .iter()
                .map(Recipient::address)
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    Ok(chosen)
}

/// What each recipient's digest would be, as text.
fn dry_run(store: &Store, config: &Config, recipients: &[Recipient]) -> anyhow::Result<String> {
    let mut out = String::new();
    for recipient in recipients {
        let (rendered, count) = compose(store, config, recipient)?;
        writeln!(
            out,
            "==== To: {} ({count} highlights) ====",
            recipient.mailbox
        )?;
        if count == 0 && !config.digest.send_empty {
            writeln!(
                out,
                "(nothing new; no digest would be sent: digest.send_empty = false)\n"
            )?;
            continue;
        }
        writeln!(out, "Subject: {}\n\n{}", rendered.subject, rendered.text)?;
    }
    Ok(out)
}

fn preview(
    store: &Store,
    config: &Config,
    recipient: &Recipient,
    path: &std::path::Path,
) -> anyhow::Result<()> {
    let (rendered, count) = compose(store, config, recipient)?;
    std::fs::write(path, rendered.html)
        .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
    eprintln!(
        "regionwatch: wrote the digest for {} ({count} highlights) to {}",
        recipient.mailbox,
        path.display()
    );
    Ok(())
}

/// The recipient's next digest: what it has not been sent yet, as the next round would queue it.
fn compose(
    store: &Store,
    config: &Config,
    recipient: &Recipient,
) -> anyhow::Result<(Rendered, usize)> {
    let selection = next_selection(store, config, recipient)?;
    let count = selection.news.len();
    Ok((
        render_for(store, config, recipient, selection, Utc::now())?,
        count,
    ))
}
