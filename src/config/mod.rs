//! Configuration: one typed model per section (`model`, `digest`) that serde reads from the
//! TOML file, checking each value as it goes (`values`, `fields`), then the rules across keys
//! (`check`). The rest of regionwatch uses these types without checking again, and
//! `check-config` prints them by serializing them, secrets redacted.
//!
//! Every problem (syntax, unknown key, missing key, bad value, duplicate source) is a
//! [`ConfigError`] that reads `file:line:column: key: what is wrong; what to do`.
//! `config/regionwatch.example.toml` documents every key.

mod check;
mod digest;
mod error;
mod fields;
mod model;
mod values;

use std::path::{Path, PathBuf};

pub use digest::{
    CaFile, DigestSettings, Recipient, SmtpSettings, TEMPLATE_VARIABLES, Template, TlsMode,
    Transport,
};
use error::Entries;
pub use error::{ConfigError, Problem};
pub(crate) use fields::not_a_regular_file;
pub use model::{
    Config, DEFAULT_TIMEZONE, ExtractionOverrides, FetchSettings, HttpSettings, RecheckAfter,
    Source, SourceKind,
};
pub use values::{CssSelector, Pattern, Schedule};

/// Where the config is read from when `--config` is not given.
pub const SYSTEM_PATH: &str = "/etc/regionwatch/regionwatch.toml";

/// The environment variable that overrides [`SYSTEM_PATH`].
pub const PATH_VARIABLE: &str = "REGIONWATCH_CONFIG";

/// `$REGIONWATCH_CONFIG` if set and not empty, else `/etc/regionwatch/regionwatch.toml`.
pub fn default_path() -> PathBuf {
    match std::env::var_os(PATH_VARIABLE) {
        Some(path) if !path.is_empty() => PathBuf::from(path),
        _ => PathBuf::from(SYSTEM_PATH),
    }
}

/// Reads and validates the config file at `path`.
pub fn load(path: &Path) -> Result<Config, ConfigError> {
    parse(&read(path)?, path)
}

/// Reads the config file's text, for [`parse`]. The daemon keeps the text it
/// validated, so its workers run on exactly that, whatever the file holds now.
pub fn read(path: &Path) -> Result<String, ConfigError> {
    let bytes = std::fs::read(path).map_err(|source| ConfigError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    String::from_utf8(bytes).map_err(|error| not_utf8(path, &error))
}

/// A file that is not UTF-8: named at the line and column of its first invalid byte.
fn not_utf8(path: &Path, error: &std::string::FromUtf8Error) -> ConfigError {
    let bytes = error.as_bytes();
    let valid = error.utf8_error().valid_up_to();
    let before = std::str::from_utf8(&bytes[..valid]).expect("valid up to here");
    let entries = Entries::new(path, before);
    let message = format!(
        "byte 0x{:02X} is not UTF-8; save the file as UTF-8 (e.g. `iconv -f GB18030 -t UTF-8`)",
        bytes[valid]
    );
    entries.problem(valid, &entries.before(valid), &message)
}

/// Validates config text; `path` is only used to name the file in errors and in [`Config::path`].
pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
    let entries = Entries::new(path, text);
    let mut config = toml::from_str::<Config>(text).map_err(|error| entries.toml(&error))?;
    config.path = path.to_path_buf();
    check::check(&mut config, &|key| entries.written(key))
        .map_err(|(key, message)| entries.rule(&key, &message))?;
    Ok(config)
}

/// What `regionwatch check-config` prints: a summary line and the effective config, all valid
/// TOML (it holds no secret: only where the SMTP password is read from). The CLI exits 78
/// (EX_CONFIG) when this fails with a [`ConfigError`].
pub fn check_config(path: &Path) -> anyhow::Result<String> {
    let config = load(path)?;
    let enabled = config.enabled_sources().count();
    let mut out = format!(
        "# {}: valid; {} source(s), {} enabled\n",
        path.display(),
        config.sources.len(),
        enabled
    );
    if config.sources.is_empty() {
        out.push_str("# note: no [[sources]]; `once` has nothing to fetch (fine for `extract` and queries)\n");
    }
    out.push('\n');
    out.push_str(&config.to_redacted_toml());
    Ok(out)
}
