//! Build script: rebuilds the crate when a migration is added or changed.
//!
//! The schema migrations in `migrations/` are compiled in with `include_dir!`,
//! which cargo does not track: without this line a new migration folder would
//! silently not reach the binary.

fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
