//! The command line: the clap tree, logging set-up, exit codes and dispatch.
//!
//! Each subcommand lives in its own file; this one only wires them up. Errors
//! from the library are turned into messages and exit codes here (anyhow is
//! used at this edge only).

mod demo;
mod digest;
mod digest_send;
mod extract;
mod input;
mod once;
mod probe;
mod query;
mod reextract;
mod render;
mod run;
mod setup;
mod status;
mod trends;
mod width;
mod worker;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use std::io::IsTerminal;
use std::process::ExitCode;

/// Exit codes, documented in `--help` and the README. Values follow sysexits.h where one fits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Exit {
    /// Everything asked for was done.
    Ok = 0,
    /// Something failed: an input could not be read, fetched or extracted, a source
    /// failed, or the database could not be opened; everything else was still done.
    Failed = 1,
    /// The command line was wrong (unknown option, missing input, conflicting options).
    Usage = 2,
    /// Output could not be written (EX_IOERR).
    Output = 74,
    /// The configuration file is invalid (EX_CONFIG); used by the commands that read one.
    Config = 78,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> Self {
        ExitCode::from(exit as u8)
    }
}

const EXIT_CODES_HELP: &str = "\
Exit codes:
  0   success
  1   something failed (an input or a source could not be fetched or extracted, or the database
      could not be opened); everything else was still done
  2   usage error (bad option, missing input, conflicting options)
  74  output could not be written
  78  invalid configuration file (the message names file, line, column and key)

Logging goes to stderr: -v info, -vv debug, -vvv trace (other crates stay at info at most), or set
RUST_LOG (e.g. RUST_LOG=regionwatch=debug). The SMTP transcript is never logged.";

/// Follows China's regional opening-up policy in the news: extracts per-region
/// opening-up highlights from Xinhua-style articles.
#[derive(Debug, Parser)]
#[command(name = "regionwatch", version, about, after_help = EXIT_CODES_HELP)]
struct Cli {
    /// More log output on stderr (-v info, -vv debug, -vvv trace; other crates at most info);
    /// RUST_LOG overrides it.
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    verbose: u8,

    /// Log lines as text (without timestamps under systemd, which adds its own) or JSON for collectors.
    #[arg(long, value_enum, default_value_t = LogFormat::Text, global = true)]
    log_format: LogFormat,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Extract the article and its per-region opening-up highlights from pages, text files, stdin or URLs.
    #[command(after_help = EXIT_CODES_HELP)]
    Extract(extract::ExtractArgs),
    /// The whole pipeline offline on bundled sample pages: fetch, extract, store, digest (.eml + HTML).
    #[command(after_help = EXIT_CODES_HELP)]
    Demo(demo::DemoArgs),
    /// The daemon: run every source and the digests on their schedules (SIGHUP reloads, SIGTERM stops).
    #[command(after_help = EXIT_CODES_HELP)]
    Run(run::RunArgs),
    /// One pass over the configured sources: fetch, extract and store what is new.
    #[command(after_help = EXIT_CODES_HELP)]
    Once(once::OnceArgs),
    /// Try an address before making it a source: its kind, the links it would follow, the first
    /// article's extraction, and the [[sources]] block to paste. Stores nothing.
    #[command(after_help = EXIT_CODES_HELP)]
    Probe(probe::ProbeArgs),
    /// Show stored highlights (table by default), filtered by region, theme, date, source.
    #[command(after_help = EXIT_CODES_HELP)]
    List {
        #[command(flatten)]
        query: query::QueryArgs,
        /// Output format.
        #[arg(long, value_enum, default_value_t = query::Format::Table)]
        format: query::Format,
    },
    /// Highlights per region and ISO week (table, or --format csv), by first sighting.
    #[command(after_help = EXIT_CODES_HELP)]
    Trends(trends::TrendsArgs),
    /// Print stored highlights with their articles for other tools (JSON Lines by default).
    #[command(after_help = EXIT_CODES_HELP)]
    Export {
        #[command(flatten)]
        query: query::QueryArgs,
        /// Output format.
        #[arg(long, value_enum, default_value_t = query::Format::Jsonl)]
        format: query::Format,
    },
    /// Run extraction again on every stored page (after an upgrade).
    #[command(name = "re-extract", after_help = EXIT_CODES_HELP)]
    Reextract(reextract::ReextractArgs),
    /// Digests: --dry-run prints each recipient's next digest, --preview FILE.html writes its HTML,
    /// `digest send` queues and delivers them now.
    #[command(after_help = EXIT_CODES_HELP)]
    Digest(digest::DigestArgs),
    /// Send one test email through the configured transport.
    #[command(name = "send-test-email", after_help = EXIT_CODES_HELP)]
    SendTestEmail(digest_send::TestEmailArgs),
    /// Pending and failed digests (with reasons) and the state of each source.
    #[command(after_help = EXIT_CODES_HELP)]
    Status(status::StatusArgs),
    /// The daemon's worker process, which refreshes sources for `run`; never started by hand.
    #[command(hide = true)]
    Worker,
    /// Load and validate the configuration; print it with secrets redacted.
    #[command(name = "check-config", after_help = EXIT_CODES_HELP)]
    CheckConfig {
        #[command(flatten)]
        config: setup::ConfigArg,
    },
}

/// Runs the command line and returns the process exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return print_clap_error(&err),
    };
    init_logging(
        cli.verbose,
        cli.log_format,
        matches!(cli.command, Command::Run(_) | Command::Worker),
    );
    let exit = match cli.command {
        Command::Extract(args) => match args.check_usage() {
            Ok(()) => extract::run(&args),
            Err(message) => {
                let err = Cli::command().error(clap::error::ErrorKind::ArgumentConflict, message);
                return print_clap_error(&err);
            }
        },
        Command::Demo(args) => demo::run(&args),
        Command::Run(args) => run::run(&args, worker_args(cli.verbose, cli.log_format)),
        Command::Worker => worker::run(),
        Command::Once(args) => once::run(&args),
        Command::Probe(args) => probe::run(&args),
        Command::List { query, format } => query::list(&query, format),
        Command::Export { query, format } => query::export(&query, format),
        Command::Trends(args) => trends::run(&args),
        Command::Reextract(args) => reextract::run(&args),
        Command::Digest(args) => digest::run(&args),
        Command::CheckConfig { config } => check_config(&config),
        Command::SendTestEmail(args) => digest_send::send_test_email(&args),
        Command::Status(args) => status::run(&args),
    };
    exit.into()
}

/// `check-config`: the effective configuration, or what is wrong with it (exit 78).
fn check_config(config: &setup::ConfigArg) -> Exit {
    match crate::config::check_config(&config.path()) {
        Ok(text) => print_out(&text),
        Err(e) => {
            eprintln!("regionwatch: error: {e}");
            if e.downcast_ref::<crate::config::ConfigError>().is_some() {
                Exit::Config
            } else {
                Exit::Failed
            }
        }
    }
}

/// Writes `text` to stdout; see [`finish_output`].
fn print_out(text: &str) -> Exit {
    use std::io::Write;
    finish_output(std::io::stdout().lock().write_all(text.as_bytes()))
}

/// The exit code for writing a command's output. A closed pipe (`| head`) is a normal way to
/// stop reading: success, quietly. Any other failure is reported and exits [`Exit::Output`].
fn finish_output(written: std::io::Result<()>) -> Exit {
    match written {
        Ok(()) => Exit::Ok,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Exit::Ok,
        Err(e) => {
            eprintln!("regionwatch: error: cannot write the output: {e}");
            Exit::Output
        }
    }
}

/// The global options a worker needs to log as the daemon does.
fn worker_args(verbose: u8, format: LogFormat) -> Vec<std::ffi::OsString> {
    let format = format.to_possible_value().expect("no variant is skipped");
    let mut args = vec!["--log-format".into(), format.get_name().into()];
    args.extend((0..verbose).map(|_| "-v".into()));
    args
}

/// Prints a clap error or help text; help and `--version` exit 0, errors exit [`Exit::Usage`].
fn print_clap_error(err: &clap::Error) -> ExitCode {
    // Printing can only fail if stderr/stdout is gone; there is nothing left to report to.
    let _ = err.print();
    if err.use_stderr() {
        Exit::Usage.into()
    } else {
        Exit::Ok.into()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

/// Logs to stderr so stdout carries only the command's output. The daemon
/// logs what it does (info) by default; the one-shot commands only warnings.
/// `-v` means the same everywhere, and the daemon hands its count to its
/// workers unchanged.
fn init_logging(verbose: u8, format: LogFormat, daemon: bool) {
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(log_directives(verbose, daemon)));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal());
    // Applied after RUST_LOG too, so no directive can turn the SMTP transcript on.
    let no_transcript = tracing_subscriber::filter::filter_fn(|meta| !is_smtp_transcript(meta));
    // journald stamps every line itself; a second timestamp only adds noise.
    let under_journald = std::env::var_os("JOURNAL_STREAM").is_some();
    match format {
        LogFormat::Json => builder.json().finish().with(no_transcript).init(),
        LogFormat::Text if under_journald => {
            builder.without_time().finish().with(no_transcript).init()
        }
        LogFormat::Text => builder.finish().with(no_transcript).init(),
    }
}

/// The filter without RUST_LOG: regionwatch's own logs at the level `-v`
/// asks for, other crates at most at info (their debug output is their
/// internals, and lettre's is the SMTP transcript).
fn log_directives(verbose: u8, daemon: bool) -> String {
    let own = match verbose {
        0 if daemon => "info",
        0 => "warn",
        1 => "info",
        2 => "debug",
        _ => "trace",
    };
    let others = if verbose == 0 && !daemon {
        "warn"
    } else {
        "info"
    };
    // The scheduler crate narrates its internals at info; its warnings are what matter.
    format!("{others},regionwatch={own},tokio_cron_scheduler=warn")
}

/// lettre logs every line it writes and reads, `AUTH PLAIN <base64 of the
/// password>` included, at debug (0.11: `Wrote: ...`, `<< ...` and the
/// decoded AUTH challenges); nothing of lettre's below info is ever shown.
fn is_smtp_transcript(meta: &tracing::Metadata<'_>) -> bool {
    let lettre = meta.target() == "lettre" || meta.target().starts_with("lettre::");
    lettre && *meta.level() > tracing::Level::INFO
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clap_tree_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn verbosity_means_the_same_for_the_daemon_and_other_crates_stay_at_info() {
        for verbose in 1..=3 {
            assert_eq!(
                log_directives(verbose, true),
                log_directives(verbose, false)
            );
        }
        assert_eq!(
            log_directives(0, true),
            "info,regionwatch=info,tokio_cron_scheduler=warn"
        );
        assert_eq!(
            log_directives(3, false),
            "info,regionwatch=trace,tokio_cron_scheduler=warn"
        );
    }
}
