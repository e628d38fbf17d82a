//! Build script: compiles the gazetteer's place automata (`build/gazetteer.rs`), so that no
//! run has to build them (issue 11: they were most of a one-page `extract`'s start-up).

#[path = "build/gazetteer.rs"]
mod place_automata;

// `places.rs` names the gazetteer as `crate::gazetteer`, as in the crate.
use place_automata::gazetteer;

fn main() {
    let out_dir = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR");
    place_automata::write_place_automata(std::path::Path::new(&out_dir));
}
