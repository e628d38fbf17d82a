//! [`AsyncStore`]: the store for async code. rusqlite calls block, so each
//! call runs on tokio's blocking pool, one at a time (one connection).
//!
//! Calls wait for their turn on an async lock *before* taking a blocking
//! thread: waiting on a std mutex inside the blocking pool held the pool's few
//! threads idle behind the one running call, and extraction (which shares
//! that pool) then ran on one core (issue 11).

use std::sync::Arc;
use tokio::sync::Mutex;

use super::{Store, StoreError};

/// A cloneable handle to one [`Store`], usable from async tasks.
#[derive(Debug, Clone)]
pub struct AsyncStore {
    inner: Arc<Mutex<Store>>,
}

impl AsyncStore {
    pub fn new(store: Store) -> Self {
        AsyncStore {
            inner: Arc::new(Mutex::new(store)),
        }
    }

    /// Runs `f` with the store on the blocking pool and returns its result.
    pub async fn call<R: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Store) -> Result<R, StoreError> + Send + 'static,
    ) -> Result<R, StoreError> {
        let mut store = Arc::clone(&self.inner).lock_owned().await;
        // A panic inside an earlier call rolled its transaction back while
        // unwinding (rusqlite rolls back on drop) and released the lock, so the
        // store is usable.
        tokio::task::spawn_blocking(move || f(&mut store))
            .await
            .map_err(|e| StoreError::TaskPanicked(e.to_string()))?
    }
}
