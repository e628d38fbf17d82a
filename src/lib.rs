//! regionwatch: follows China's regional opening-up policy in the news.
//!
//! The library holds one module per stage; the binary in `main.rs` is a thin
//! command-line front over it. Extraction is its own crate in the workspace,
//! [`regionwatch_extract`] (`crates/regionwatch-extract/`): the gazetteer,
//! the text helpers (charset, guards, sentence keys) and the extractor, pure
//! and free of the I/O stack, used here through its public API only.
//!
//! - [`discover`]: pure discovery, list pages/feeds/sitemaps in and article links out.
//! - [`fetch`]: HTTP fetching with timeouts and a body cap.
//! - [`config`]: the TOML configuration, validated into typed values.
//! - [`digest`]: e-mail digests: compose, render, build the message, deliver exactly once.
//! - [`store`]: the SQLite database (all SQL lives there).
//! - [`pipeline`]: one pass over the sources, the only module that sees every stage.
//! - [`demo`]: the bundled sample site that `regionwatch demo` runs the pipeline on.
//! - [`schedule`]: runs sources and digests on their cron schedules (tokio-cron-scheduler).
//! - [`daemon`]: `regionwatch run`, the service: schedules, signals, systemd notification.
//! - [`cli`]: the command-line interface.

pub mod cli;
pub mod config;
pub mod daemon;
pub mod demo;
pub mod digest;
pub mod discover;
pub mod fetch;
pub mod pipeline;
pub mod schedule;
pub mod store;
