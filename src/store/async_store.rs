//! [`AsyncStore`]: the store for async code. rusqlite calls block, so each
//! call runs on tokio's blocking pool, one at a time (one connection).

use std::sync::{Arc, Mutex, PoisonError};

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
        let inner = Arc::clone(&self.inner);
        tokio::task::spawn_blocking(move || {
            // A panic inside an earlier call rolled its transaction back while
            // unwinding (rusqlite rolls back on drop), so the store is usable.
            let mut store = inner.lock().unwrap_or_else(PoisonError::into_inner);
            f(&mut store)
        })
        .await
        .map_err(|e| StoreError::TaskPanicked(e.to_string()))?
    }
}
