//! `regionwatch probe URL [--kind KIND]`: what a source of this address would yield, printed
//! for a person, with the `[[sources]]` block to paste. The probing is
//! [`crate::pipeline::probe`]; nothing is stored.

use std::fmt::Write as _;

use super::Exit;
use super::setup::{ConfigArg, runtime};
use crate::config::FetchSettings;
use crate::config::SourceKind;
use crate::pipeline::probe::{Probe, ProbedArticle, probe};

/// Links listed, at most.
const SHOWN_LINKS: usize = 20;

#[derive(Debug, clap::Args)]
pub struct ProbeArgs {
    /// The list page, feed, sitemap, news.cn data source or article to try.
    #[arg(value_name = "URL")]
    pub url: String,

    /// Read it as this kind instead of detecting it.
    #[arg(long, value_name = "KIND", value_parser = parse_kind)]
    pub kind: Option<SourceKind>,

    /// Allow loopback and private addresses (as `[fetch].allow_private_networks`).
    #[arg(long)]
    pub allow_private_networks: bool,

    /// `[fetch]` (user agent, delays, limits) comes from this file when it exists.
    #[command(flatten)]
    pub config: ConfigArg,
}

fn parse_kind(text: &str) -> Result<SourceKind, String> {
    [
        SourceKind::Html,
        SourceKind::Feed,
        SourceKind::Sitemap,
        SourceKind::XinhuaJson,
        SourceKind::Article,
    ]
    .into_iter()
    .find(|k| k.as_str() == text)
    .ok_or_else(|| {
        format!("{text:?} is not a kind; use html, feed, sitemap, xinhua-json or article")
    })
}

pub fn run(args: &ProbeArgs) -> Exit {
    let mut policy = match fetch_settings(&args.config) {
        Ok(p) => p,
        Err(exit) => return exit,
    };
    policy.allow_private_networks |= args.allow_private_networks;
    let url = match crate::fetch::parse_http_url(&args.url) {
        Ok(u) => u,
        Err(e) => {
            eprintln!("regionwatch: error: {e}");
            return Exit::Usage;
        }
    };
    match runtime().block_on(probe(policy, &url, args.kind)) {
        Ok(found) => super::print_out(&report(&found)),
        Err(e) => {
            eprintln!("regionwatch: error: {e}");
            Exit::Failed
        }
    }
}

/// The configured `[fetch]` manners when a config file is given or found, else the defaults.
fn fetch_settings(config: &ConfigArg) -> Result<FetchSettings, Exit> {
    if config.config.is_none() && !config.path().exists() {
        return Ok(FetchSettings::default());
    }
    Ok(config.load()?.fetch)
}

/// The whole printed report.
pub fn report(p: &Probe) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Fetched {} ({}, {} bytes)",
        p.url,
        p.content_type.as_deref().unwrap_or("no Content-Type"),
        p.bytes
    );
    if p.not_a_list {
        let _ = writeln!(
            out,
            "Not a list: this page is an article (it has no article links, or an article's \
             address). To watch it for updates, use kind = \"article\"."
        );
    } else {
        let how = if p.detected { "detected" } else { "as given" };
        let _ = writeln!(out, "Kind: {} ({how})", describe(p.kind));
    }
    if p.kind != SourceKind::Article {
        links(&mut out, p);
    }
    match &p.article {
        Some(Ok(article)) => self::article(&mut out, article),
        Some(Err(e)) => {
            let _ = writeln!(out, "\nThe first article could not be read: {e}");
        }
        None => {}
    }
    let _ = write!(out, "\nPaste into the config:\n\n{}", source_block(p));
    out
}

fn describe(kind: SourceKind) -> &'static str {
    match kind {
        SourceKind::Html => "html list",
        SourceKind::Feed => "feed (RSS or Atom)",
        SourceKind::Sitemap => "sitemap",
        SourceKind::XinhuaJson => "xinhua-json (a news.cn data source)",
        SourceKind::Article => "article",
    }
}

fn links(out: &mut String, p: &Probe) {
    if p.child_sitemaps > 0 {
        let _ = writeln!(
            out,
            "A sitemap index of {} sitemaps; links of the first:",
            p.child_sitemaps
        );
    }
    let shown = p.links.len().min(SHOWN_LINKS);
    let _ = writeln!(
        out,
        "\nLinks it would follow: {} (first {shown} shown)",
        p.links.len()
    );
    for (i, link) in p.links.iter().take(SHOWN_LINKS).enumerate() {
        let title = link.title.as_deref().unwrap_or("");
        let _ = writeln!(out, "{:>3}. {}  {title}", i + 1, link.url);
    }
}

fn article(out: &mut String, a: &ProbedArticle) {
    let published = a
        .published
        .as_ref()
        .map_or_else(|| "unknown".to_owned(), |p| p.to_rfc3339());
    let regions = if a.regions.is_empty() {
        "none".to_owned()
    } else {
        a.regions.join(", ")
    };
    let _ = writeln!(
        out,
        "\nFirst article: {}\n  title:      {}\n  published:  {published}\n  regions:    {regions}\n  highlights: {}",
        a.url, a.title, a.highlights
    );
}

/// A `[[sources]]` table for the probed address, named after its host and kind.
pub fn source_block(p: &Probe) -> String {
    let host = p.url.host_str().unwrap_or("source");
    let mut name: String = format!("{host}-{}", p.kind.as_str())
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    name.truncate(64);
    let (schedule, max) = match p.kind {
        SourceKind::Article => ("0 8 * * *", 1),
        _ => ("*/30 * * * *", 50),
    };
    // serde_json's string quoting is valid TOML for these (basic strings, same escapes).
    let quote = |s: &str| serde_json::to_string(s).unwrap_or_default();
    format!(
        "[[sources]]\nname = {}\nurl = {}\nkind = {}\nschedule = \"{schedule}\"\nmax_articles_per_run = {max}\n",
        quote(&name),
        quote(p.url.as_str()),
        quote(p.kind.as_str()),
    )
}
