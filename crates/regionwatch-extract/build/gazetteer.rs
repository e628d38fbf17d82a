//! Build step: the place automata of `src/extract/places/`, compiled here
//! so that no run has to (issue 11: they were most of a one-page `extract`'s
//! start-up).
//!
//! The gazetteer module and `places/` themselves are compiled into the build
//! script, so the forms, stoplists and data are exactly what the crate holds;
//! `places/mod.rs` reaches the embedded automata through `super::generated`, which
//! here is the stand-in below (the build never searches text).

use std::path::Path;

#[allow(dead_code)]
#[path = "../src/gazetteer/mod.rs"]
pub mod gazetteer;

#[allow(dead_code)]
#[path = "../src/extract/places/mod.rs"]
mod places;

/// Stand-in for the embedded automata this build step produces.
#[allow(dead_code)]
mod generated {
    pub static PLACES_EN: &[u8] = &[];
    pub static PLACES_ZH: &[u8] = &[];
}

/// Writes `places_en.bin` and `places_zh.bin` into `out_dir`.
pub fn write_place_automata(out_dir: &Path) {
    for path in ["src/gazetteer", "src/extract/places", "build"] {
        println!("cargo:rerun-if-changed={path}");
    }
    let [english, chinese] = places::compile_scripts();
    for (name, bytes) in [("places_en.bin", english), ("places_zh.bin", chinese)] {
        std::fs::write(out_dir.join(name), bytes)
            .unwrap_or_else(|e| panic!("writing {name} into OUT_DIR: {e}"));
    }
}
