//! Build script: rebuilds the crate when a migration is added or changed, and
//! compiles the gazetteer's place automata (`build/gazetteer.rs`).
//!
//! The schema migrations in `migrations/` are compiled in with `include_dir!`,
//! which cargo does not track: without this line a new migration folder would
//! silently not reach the binary.

#[path = "build/gazetteer.rs"]
mod place_automata;

// `places.rs` names the gazetteer as `crate::gazetteer`, as in the crate.
use place_automata::gazetteer;

fn main() {
    println!("cargo:rerun-if-changed=migrations");
    let out_dir = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR");
    place_automata::write_place_automata(std::path::Path::new(&out_dir));
}
