//! The shared reference folder some tests read: third-party pages and labelled articles
//! kept beside the clone (`../shared`, or `$REGIONWATCH_SHARED`), not in the repository.
//!
//! Without it a test cannot check anything. Under `CI=true` that is a failure (CI has the
//! folder, so its absence is a broken set-up, not a pass); elsewhere the test prints a
//! note and skips its checks.

use std::path::PathBuf;

/// `$REGIONWATCH_SHARED/<sub>` when that variable is set, else `../shared/<sub>` or
/// `../../shared/<sub>` from the crate root: the first that holds `marker`. `None` (after a
/// note) when none does and CI is not set; a panic under `CI=true`.
pub fn shared_path(sub: &str, marker: &str) -> Option<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let candidates = match std::env::var_os("REGIONWATCH_SHARED") {
        Some(dir) => vec![PathBuf::from(dir)],
        None => vec![root.join("../shared"), root.join("../../shared")],
    };
    let found = candidates
        .into_iter()
        .map(|dir| dir.join(sub))
        .find(|dir| dir.join(marker).exists());
    if found.is_none() {
        let ci = std::env::var("CI").is_ok_and(|v| v == "true");
        assert!(
            !ci,
            "shared/{sub}/{marker} is missing: CI must have ../shared beside the clone (or set REGIONWATCH_SHARED)"
        );
        eprintln!("note: shared/{sub} not found (set REGIONWATCH_SHARED); its checks are skipped");
    }
    found
}
