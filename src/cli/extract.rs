//! `regionwatch extract`: inputs in, one article with its highlights out per input.
//!
//! Output is JSON (one pretty object for one input, JSON Lines for several) or
//! a text summary for people. A failing input is reported on stderr and the
//! rest still run; the exit code then says something failed.

use super::Exit;
use super::input::{Loader, Source};
use super::render;
use anyhow::Context;
use regionwatch_extract::{Extraction, Hints};
use std::io::{BufWriter, Write};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One JSON object (pretty-printed) for one input; JSON Lines (one compact object per line) for several.
    Json,
    /// A readable summary: title, date, source, then each region with its highlights.
    Text,
}

#[derive(Debug, clap::Args)]
pub struct ExtractArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    pub format: Format,

    /// The page's URL when INPUT is a file or `-` (goes into the `url` field and helps
    /// choose the layout). Only with a single, non-URL input.
    #[arg(long, value_name = "URL", value_parser = parse_page_url)]
    pub url: Option<String>,

    /// Let a URL input (and each redirect it follows) reach loopback, private, link-local and
    /// other non-public addresses. Without it they are refused, as for configured sources:
    /// a page on your own network or a test server needs this flag.
    #[arg(long)]
    pub allow_private_networks: bool,

    /// HTML page, plain-text article, `-` for stdin, or an http(s) URL (fetched once).
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<String>,
}

fn parse_page_url(arg: &str) -> Result<String, String> {
    crate::fetch::parse_http_url(arg)
        .map(|url| url.to_string())
        .map_err(|e| e.to_string())
}

impl ExtractArgs {
    /// Checks combinations clap cannot express; the message becomes a usage error.
    pub fn check_usage(&self) -> Result<(), String> {
        if self.url.is_some() {
            if self.inputs.len() > 1 {
                return Err("--url names one page, so it takes exactly one INPUT".into());
            }
            if matches!(Source::of(&self.inputs[0]), Source::Url(_)) {
                return Err("--url is for file or stdin input; a URL input is its own URL".into());
            }
        }
        if self.inputs.iter().filter(|i| *i == "-").count() > 1 {
            return Err("`-` (stdin) can be given only once".into());
        }
        Ok(())
    }
}

/// Runs the command; prints results to stdout, failures to stderr.
pub fn run(args: &ExtractArgs) -> Exit {
    // Every page needs the English place automaton, the gazetteer and the
    // opening-up lexicon: load them on the other core while the page is read
    // and parsed (issue 11).
    std::thread::spawn(regionwatch_extract::warm_up);
    let mut out = BufWriter::new(std::io::stdout().lock());
    let several = args.inputs.len() > 1;
    let mut failed = 0usize;
    let mut written = Ok(());
    for_each_extraction(args, |index, input, extraction| {
        let extraction = match extraction {
            Ok(extraction) => extraction,
            Err(err) => {
                failed += 1;
                eprintln!("regionwatch: error: {input}: {err:#}");
                return true;
            }
        };
        written = write_one(&mut out, &extraction, args.format, several, index)
            .and_then(|()| out.flush());
        written.is_ok()
    });
    if written.is_err() {
        return super::finish_output(written);
    }
    if failed > 0 {
        tracing::debug!(failed, total = args.inputs.len(), "some inputs failed");
        Exit::Failed
    } else {
        Exit::Ok
    }
}

/// Extracts every input and hands each result to `emit` in input order,
/// until `emit` returns false. Files are extracted on one thread per core
/// (extraction is pure CPU); URLs one at a time, to stay polite to their hosts.
fn for_each_extraction(
    args: &ExtractArgs,
    mut emit: impl FnMut(usize, &str, anyhow::Result<Extraction>) -> bool,
) {
    let url = args.url.as_deref();
    let any_url = args
        .inputs
        .iter()
        .any(|i| matches!(Source::of(i), Source::Url(_)));
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let workers = cores.min(args.inputs.len());
    if any_url || workers < 2 {
        let mut loader = Loader::new(args.allow_private_networks);
        for (index, input) in args.inputs.iter().enumerate() {
            if !emit(index, input, extract_one(&mut loader, input, url)) {
                return;
            }
        }
        return;
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let (done, results) = std::sync::mpsc::channel();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let (next, done) = (&next, done.clone());
            scope.spawn(move || {
                let mut loader = Loader::new(args.allow_private_networks);
                loop {
                    let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(input) = args.inputs.get(index) else {
                        break;
                    };
                    if done
                        .send((index, extract_one(&mut loader, input, url)))
                        .is_err()
                    {
                        break;
                    }
                }
            });
        }
        drop(done);
        // Results arrive out of order; hold the early ones until their turn.
        let mut pending = std::collections::BTreeMap::new();
        let mut turn = 0;
        for (index, result) in results {
            pending.insert(index, result);
            while let Some(result) = pending.remove(&turn) {
                if !emit(turn, &args.inputs[turn], result) {
                    // Stop the workers: they see the closed channel.
                    next.store(args.inputs.len(), std::sync::atomic::Ordering::Relaxed);
                    return;
                }
                turn += 1;
            }
        }
    });
}

fn extract_one(
    loader: &mut Loader,
    input: &str,
    page_url: Option<&str>,
) -> anyhow::Result<Extraction> {
    let loaded = loader.load(Source::of(input), page_url)?;
    let hints = Hints {
        url: loaded.url.as_deref(),
        content_type: loaded.content_type.as_deref(),
        overrides: None,
    };
    let mut extraction =
        regionwatch_extract::extract(&loaded.bytes, &hints).context("cannot extract an article")?;
    extraction.file = Some(input.to_string());
    tracing::info!(input, highlights = extraction.highlights.len(), layout = %extraction.layout, "extracted");
    Ok(extraction)
}

fn write_one(
    out: &mut impl Write,
    extraction: &Extraction,
    format: Format,
    several: bool,
    index: usize,
) -> std::io::Result<()> {
    match format {
        Format::Json if several => serde_json::to_writer(&mut *out, extraction)?,
        Format::Json => serde_json::to_writer_pretty(&mut *out, extraction)?,
        Format::Text => {
            if index > 0 {
                writeln!(out)?;
            }
            if several {
                writeln!(out, "==> {} <==", extraction.file.as_deref().unwrap_or("-"))?;
            }
            out.write_all(render::summary(extraction).as_bytes())?;
            return Ok(());
        }
    }
    writeln!(out)
}
