//! What the configured commands share: `--config`, loading it (exit 78 on an
//! invalid file), opening the database, and a tokio runtime.

use super::Exit;
use crate::config::{self, Config};
use crate::store::Store;
use std::path::PathBuf;

/// The configuration file option every configured command takes.
#[derive(Debug, Clone, clap::Args)]
pub struct ConfigArg {
    /// Configuration file [default: $REGIONWATCH_CONFIG, else /etc/regionwatch/regionwatch.toml].
    #[arg(
        long,
        short = 'c',
        value_name = "PATH",
        env = "REGIONWATCH_CONFIG",
        global = true
    )]
    pub config: Option<PathBuf>,
}

impl ConfigArg {
    pub fn path(&self) -> PathBuf {
        self.config.clone().unwrap_or_else(config::default_path)
    }

    /// Loads and validates the configuration, or says why not (exit 78).
    pub fn load(&self) -> Result<Config, Exit> {
        config::load(&self.path()).map_err(|e| {
            eprintln!("regionwatch: error: {e}");
            Exit::Config
        })
    }
}

/// Opens the configured database, or says why not (exit 1).
pub fn open_store(config: &Config) -> Result<Store, Exit> {
    Store::open(&config.database).map_err(|e| {
        eprintln!("regionwatch: error: {e}");
        Exit::Failed
    })
}

/// A runtime for the commands that fetch.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        // Extraction and SQLite run on blocking threads; a few suffice (extraction is
        // bounded by the cores), and every extra thread keeps its own regex caches and
        // malloc arena: 8 threads held 66 MB in an idle daemon, 3 hold 47 MB.
        .max_blocking_threads(3)
        .build()
        .expect("a tokio runtime can be built")
}
