//! Storage: one SQLite file holding sources and their fetch state, articles
//! (with the raw page, compressed), deduplicated highlights, a run log and
//! the digest outbox.
//!
//! ALL SQL of regionwatch lives in this module. The schema comes from the
//! numbered migrations in `migrations/`, compiled in and applied at open.
//! Every write runs in an IMMEDIATE transaction so that it either takes the
//! write lock up front (waiting up to the busy timeout) or fails cleanly,
//! never half-way through a read-then-write.
//!
//! [`Store`] is synchronous; async code uses [`AsyncStore`], which runs each
//! call on tokio's blocking pool.

mod articles;
mod async_store;
mod backlog;
mod checks;
mod codec;
mod error;
mod highlights;
mod hygiene;
mod jobs;
mod lists;
mod metrics;
mod news;
mod outbox;
mod pages;
mod query;
mod reextract;
mod runs;
mod sources;
mod trends;

use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use std::time::Duration;

use include_dir::{Dir, include_dir};
use rusqlite::{Connection, OpenFlags, Params, Row, Transaction, TransactionBehavior};
use rusqlite_migration::Migrations;

pub use articles::{NewArticle, SaveOutcome, StoredArticleRef};
pub use async_store::AsyncStore;
pub use checks::CheckTimes;
pub use codec::{PackedPage, content_hash};
pub use error::StoreError;
pub use highlights::ReplaceOutcome;
pub use lists::ListedLink;
pub use metrics::{DigestTotals, SourceTotals};
pub use news::NewsFilter;
pub use outbox::{DigestStatus, NewDigest, OutboxDigest, OutboxStatus, QueuedMessage};
pub use pages::{PageState, Validators};
pub use query::{ArticleLink, HighlightFilter, StoredHighlight};
pub use reextract::RawPage;
pub use runs::{RunRecord, RunStats};
pub use sources::SourceStatus;
pub use trends::{RegionCount, WeekCount};

use error::{Context, is_corruption};

static MIGRATIONS_DIR: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/migrations");

static MIGRATIONS: LazyLock<Migrations<'static>> = LazyLock::new(|| {
    // The folder is compiled in and checked by the tests: a malformed one is a build bug.
    Migrations::from_directory(&MIGRATIONS_DIR).expect("migrations/ is well-formed")
});

/// How long a statement waits for another writer before failing with `Busy`.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// An open regionwatch database.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (creating it and its folder if needed) the database at `path`:
    /// checks its integrity, sets the pragmas and applies pending migrations.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::Folder {
                path: dir.to_owned(),
                source,
            })?;
        }
        let mut conn = Connection::open(path).map_err(|source| StoreError::Open {
            path: path.to_owned(),
            source,
        })?;
        retry_while_busy(|| prepare(&mut conn, path))?;
        Ok(Store {
            conn,
            path: path.to_owned(),
        })
    }

    /// Opens the database a running daemon has already opened, checked and
    /// migrated (its worker processes use this): no integrity check, which
    /// reads the whole file, and no migration; a schema this build does not
    /// know exactly is refused.
    pub fn open_running(path: &Path) -> Result<Store, StoreError> {
        let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE).map_err(
            |source| StoreError::Open {
                path: path.to_owned(),
                source,
            },
        )?;
        retry_while_busy(|| configure(&conn).map_err(|e| open_error(path, e)))?;
        let found = user_version(&conn).map_err(|e| open_error(path, e))?;
        let known = MIGRATIONS_DIR.dirs().count();
        if found != known as i64 {
            return Err(StoreError::SchemaMismatch {
                path: path.to_owned(),
                found,
                known,
            });
        }
        Ok(Store {
            conn,
            path: path.to_owned(),
        })
    }

    /// The file this store was opened from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version recorded in the database (number of migrations applied).
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        user_version(&self.conn).ctx("reading the schema version")
    }

    /// Runs `PRAGMA integrity_check` (slower than the quick check done at open).
    pub fn integrity_check(&self) -> Result<(), StoreError> {
        let detail = check_result(&self.conn, "integrity_check").ctx("checking integrity")?;
        match detail {
            None => Ok(()),
            Some(detail) => Err(StoreError::Corrupt {
                path: self.path.clone(),
                detail,
            }),
        }
    }

    /// Writes a consistent copy of the database to `dest` (`VACUUM INTO`),
    /// safe while other connections write; never copy the live file with `cp`.
    /// `dest` must not exist yet.
    pub fn backup_to(&self, dest: &Path) -> Result<(), StoreError> {
        let dest_text = dest
            .to_str()
            .ok_or_else(|| StoreError::BackupPath(dest.to_owned()))?;
        self.conn
            .execute("VACUUM INTO ?1", [dest_text])
            .ctx("writing a backup (the destination must be a new file)")?;
        Ok(())
    }

    /// Keeps rusqlite's default 16 cached statements instead of
    /// [`STATEMENT_CACHE`]: for the daemon, which saves no articles itself (its
    /// workers do) and whose idle memory the larger cache raised (issue 11).
    pub fn keep_few_statements(self) -> Store {
        self.conn
            .set_prepared_statement_cache_capacity(DAEMON_STATEMENT_CACHE);
        self
    }

    /// Runs `f` in an IMMEDIATE transaction, committing only if it succeeds.
    /// Dropping the transaction on error (or panic) rolls it back.
    fn write<R>(
        &mut self,
        action: &'static str,
        f: impl FnOnce(&Transaction) -> Result<R, StoreError>,
    ) -> Result<R, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .ctx(action)?;
        let out = f(&tx)?;
        tx.commit().ctx(action)?;
        Ok(out)
    }
}

/// WAL so readers never block the writer; NORMAL sync is durable against an
/// application crash (a power loss may roll back the last commits, which the
/// next run fetches again).
fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    let mode: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        tracing::warn!(
            mode,
            "SQLite refused WAL mode; continuing with this journal mode"
        );
    }
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(())
}

/// `execute` and `query_row` through the connection's statement cache. Saving
/// an article runs the same dozen statements every time, and preparing each
/// anew (what `Connection::execute` does) cost more than running it (issue 11).
trait Cached {
    fn execute_cached(&self, sql: &str, params: impl Params) -> rusqlite::Result<usize>;
    fn query_row_cached<T>(
        &self,
        sql: &str,
        params: impl Params,
        f: impl FnOnce(&Row<'_>) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<T>;
}

impl Cached for Connection {
    fn execute_cached(&self, sql: &str, params: impl Params) -> rusqlite::Result<usize> {
        self.prepare_cached(sql)?.execute(params)
    }

    fn query_row_cached<T>(
        &self,
        sql: &str,
        params: impl Params,
        f: impl FnOnce(&Row<'_>) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<T> {
        self.prepare_cached(sql)?.query_row(params, f)
    }
}

/// Room for every statement of the save path and then some (rusqlite keeps 16).
const STATEMENT_CACHE: usize = 64;
/// See [`Store::keep_few_statements`].
const DAEMON_STATEMENT_CACHE: usize = 16;

fn open_error(path: &Path, e: rusqlite::Error) -> StoreError {
    if is_corruption(&e) {
        StoreError::Corrupt {
            path: path.to_owned(),
            detail: e.to_string(),
        }
    } else {
        StoreError::Open {
            path: path.to_owned(),
            source: e,
        }
    }
}

/// Runs `step` again while another connection holds a lock SQLite would not
/// wait for, up to [`BUSY_TIMEOUT`]. SQLite answers "locked" at once where
/// waiting could deadlock, such as two processes opening a new file together
/// (one switching it to WAL, one reading its schema); the failed step released
/// its locks, so trying again resolves it.
fn retry_while_busy(mut step: impl FnMut() -> Result<(), StoreError>) -> Result<(), StoreError> {
    let deadline = std::time::Instant::now() + BUSY_TIMEOUT;
    loop {
        match step() {
            Err(e) if e.is_busy() && std::time::Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(10 + fastrand::u64(0..40)));
            }
            outcome => return outcome,
        }
    }
}

/// Sets the pragmas, checks integrity and applies pending migrations.
fn prepare(conn: &mut Connection, path: &Path) -> Result<(), StoreError> {
    configure(conn).map_err(|e| open_error(path, e))?;
    quick_check(conn, path)?;
    migrate(conn, path)
}

/// Refuses a damaged file before anything is written to it.
fn quick_check(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    match check_result(conn, "quick_check") {
        Ok(None) => Ok(()),
        Ok(Some(detail)) => Err(StoreError::Corrupt {
            path: path.to_owned(),
            detail,
        }),
        Err(e) => Err(open_error(path, e)),
    }
}

/// Runs an integrity pragma; `None` when it reports "ok", else its messages.
fn check_result(conn: &Connection, pragma: &str) -> rusqlite::Result<Option<String>> {
    let mut stmt = conn.prepare(&format!("PRAGMA {pragma}"))?;
    let lines: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if lines.len() == 1 && lines[0] == "ok" {
        return Ok(None);
    }
    Ok(Some(lines.join("; ")))
}

/// The schema version the file records: how many migrations it has had.
fn user_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.pragma_query_value(None, "user_version", |r| r.get(0))
}

fn migrate(conn: &mut Connection, path: &Path) -> Result<(), StoreError> {
    let found = user_version(conn).map_err(|e| open_error(path, e))?;
    let known = MIGRATIONS_DIR.dirs().count();
    if found > known as i64 {
        return Err(StoreError::TooNew {
            path: path.to_owned(),
            found,
            known,
        });
    }
    // Two processes starting together must not both migrate: the migration
    // transaction takes the write lock up front. rusqlite_migration reads the
    // version before that lock, so the one that waited may find the work done:
    // its migration then fails (a table exists) and rolls back, and the
    // version, read again, says whether the database is up to date after all.
    conn.set_transaction_behavior(TransactionBehavior::Immediate);
    match MIGRATIONS.to_latest(conn) {
        Ok(()) => Ok(()),
        Err(source) => {
            let now = user_version(conn).map_err(|e| open_error(path, e))?;
            if now == known as i64 {
                Ok(())
            } else {
                Err(StoreError::Migrate {
                    path: path.to_owned(),
                    source,
                })
            }
        }
    }
}
