//! Build script: rebuilds the crate when a migration is added or changed, and
//! links the `regionwatch` binary as a fixed-address (non-PIE) executable.
//!
//! The schema migrations in `migrations/` are compiled in with `include_dir!`,
//! which cargo does not track: without this line a new migration folder would
//! silently not reach the binary.
//!
//! Non-PIE (issue 11): a position-independent binary has ~79,000 relative
//! relocations (chrono-tz's zone tables alone ~28,000, html5ever's entity
//! table ~10,000), which the dynamic loader applies at every start, copying
//! ~470 pages of `.data.rel.ro`: 1.3 ms of CPU before `main`, a tenth of a
//! one-page `extract`. Linked at a fixed address they are resolved at link
//! time. The price is that the executable's own code and data are not placed
//! at a random address (ASLR still randomises the stack, heap and libraries).

fn main() {
    println!("cargo:rerun-if-changed=migrations");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
