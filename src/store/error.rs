//! Errors of the store. Each message says what went wrong and what to do.

use std::path::PathBuf;

/// Why a storage operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "cannot open database {path}: {source}; check that its directory exists and is writable by regionwatch"
    )]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error(
        "cannot create the database's folder {path}: {source}; create it, or point `database` at a writable place"
    )]
    Folder {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "database {path} failed its integrity check ({detail}): restore it from a backup (see README)"
    )]
    Corrupt { path: PathBuf, detail: String },
    #[error(
        "database {path} has schema version {found}, newer than this regionwatch knows ({known}): run the regionwatch version that wrote it, or point `database` at another file"
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        known: usize,
    },
    #[error(
        "database {path} has schema version {found} but this regionwatch expects {known}: the database was upgraded or replaced under a running daemon; restart it"
    )]
    SchemaMismatch {
        path: PathBuf,
        found: i64,
        known: usize,
    },
    #[error(
        "cannot bring database {path} up to date: {source}; restore it from a backup (see README)"
    )]
    Migrate {
        path: PathBuf,
        source: rusqlite_migration::Error,
    },
    #[error(
        "the database stayed locked for over 5 s while {action}: another regionwatch process is probably writing; stop it or retry later"
    )]
    Busy { action: &'static str },
    #[error("database error while {action}: {source}")]
    Sql {
        action: &'static str,
        source: rusqlite::Error,
    },
    #[error(
        "stored {what} is unreadable ({detail}): the database was changed outside regionwatch; run `regionwatch re-extract`"
    )]
    Decode { what: &'static str, detail: String },
    #[error(
        "region code {0:?} is not a 6-digit GB/T 2260 code (e.g. 440000 for Guangdong, 440300 for Shenzhen)"
    )]
    BadRegionCode(String),
    #[error("cannot back up to {0}: the path is not valid UTF-8; choose another file name")]
    BackupPath(PathBuf),
    #[error("no stored article has id {0}; list ids with `regionwatch list`")]
    NoSuchArticle(i64),
    #[error(
        "highlight {highlight_id} is already in a pending or sent digest for {recipient}: compose digests from `undelivered_highlights`"
    )]
    AlreadyInDigest {
        recipient: String,
        highlight_id: i64,
    },
    #[error("the digest message could not be built: {0}")]
    BuildMessage(String),
    #[error("no digest has id {0}; see `regionwatch status`")]
    NoSuchDigest(i64),
    #[error("a database task panicked ({0}); this is a bug in regionwatch, please report it")]
    TaskPanicked(String),
}

/// Adds what the store was doing to a rusqlite error.
pub(crate) trait Context<T> {
    fn ctx(self, action: &'static str) -> Result<T, StoreError>;
}

impl<T> Context<T> for Result<T, rusqlite::Error> {
    fn ctx(self, action: &'static str) -> Result<T, StoreError> {
        self.map_err(|source| classify(source, action))
    }
}

/// Busy and corruption get their own variants: they call for different actions.
fn classify(source: rusqlite::Error, action: &'static str) -> StoreError {
    use rusqlite::ErrorCode::{DatabaseBusy, DatabaseLocked};
    match source.sqlite_error_code() {
        Some(DatabaseBusy | DatabaseLocked) => StoreError::Busy { action },
        _ => StoreError::Sql { action, source },
    }
}

impl StoreError {
    /// True when another connection held a lock SQLite would not wait for.
    pub(crate) fn is_busy(&self) -> bool {
        let sqlite = match self {
            StoreError::Open { source, .. } | StoreError::Sql { source, .. } => Some(source),
            StoreError::Migrate {
                source: rusqlite_migration::Error::RusqliteError { err, .. },
                ..
            } => Some(err),
            _ => None,
        };
        let busy = [
            rusqlite::ErrorCode::DatabaseBusy,
            rusqlite::ErrorCode::DatabaseLocked,
        ];
        matches!(self, StoreError::Busy { .. })
            || sqlite
                .and_then(|e| e.sqlite_error_code())
                .is_some_and(|c| busy.contains(&c))
    }
}

/// True when SQLite says the file is damaged or not a database at all.
pub(crate) fn is_corruption(e: &rusqlite::Error) -> bool {
    use rusqlite::ErrorCode::{DatabaseCorrupt, NotADatabase};
    matches!(e.sqlite_error_code(), Some(DatabaseCorrupt | NotADatabase))
}
