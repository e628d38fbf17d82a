//! Writes the benchmark corpus (`benches/corpus`) as HTML files into a directory,
//! for `benches/compare_trafilatura.sh`: `cargo run --release --example write_bench_corpus DIR`.
//! Prints one `FILE<TAB>URL` line per page.

#[path = "../benches/corpus/mod.rs"]
mod corpus;

use std::path::PathBuf;

fn main() -> std::io::Result<()> {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: write_bench_corpus DIR");
        std::process::exit(2);
    };
    std::fs::create_dir_all(&dir)?;
    for page in corpus::pages() {
        let path = dir.join(&page.name);
        std::fs::write(&path, &page.html)?;
        println!("{}\t{}", path.display(), page.url);
    }
    Ok(())
}
