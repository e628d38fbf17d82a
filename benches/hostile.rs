//! Hostile-input timings (release): each case must end, with an error or a
//! result, well within 2 s. Run with `cargo bench --bench hostile`; prints one
//! line per case. Also times the article reader on the fixture pages (pages/s
//! for bytes → article, without highlights).
//!
//! A plain timing program rather than criterion: the point is a wall-clock
//! ceiling per input, and the 20 MB case is too slow to sample hundreds of times.

use std::path::Path;
use std::time::{Duration, Instant};

use regionwatch_extract::{Hints, read_article};

fn nested(open: &str, bytes: usize) -> Vec<u8> {
    let mut page = String::from("<html><body>");
    while page.len() < bytes {
        page.push_str(open);
    }
    page.into_bytes()
}

fn flat_page(bytes: usize) -> Vec<u8> {
    let mut page = String::from(
        "<html><head><title>Flat - Xinhua</title></head><body><div id=\"detailContent\">",
    );
    let mut i = 0;
    while page.len() < bytes {
        page.push_str(&format!(
            "<p>Paragraph {i}: the port handled more containers this quarter.</p>\n"
        ));
        i += 1;
    }
    page.push_str("</div></body></html>");
    page.into_bytes()
}

fn time(name: &str, bytes: &[u8]) -> Duration {
    let start = Instant::now();
    let outcome = match read_article(bytes, &Hints::default()) {
        Ok(a) => format!("ok, {} paragraphs", a.paragraphs.len()),
        Err(e) => format!("error: {e}"),
    };
    let took = start.elapsed();
    println!("{name:<40} {:>9.3} ms  {outcome}", took.as_secs_f64() * 1e3);
    took
}

fn main() {
    let garbage: Vec<u8> = (0..1_000_000u32)
        .map(|i| 0x80 | (i.wrapping_mul(2_654_435_761) >> 25) as u8)
        .collect();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("128 KB nested <ul><li>", nested("<ul><li>", 128 * 1024)),
        ("176 KB nested <div>", nested("<div>", 176 * 1024)),
        ("1 MB nested <div>", nested("<div>", 1024 * 1024)),
        ("128 KB nested <b><i>", nested("<b><i>", 128 * 1024)),
        (
            "1 MB flat <p> siblings (unclosed)",
            nested("<p>text ", 1024 * 1024),
        ),
        (
            "1 MB <a> siblings (unclosed)",
            nested("<a href=x>t", 1024 * 1024),
        ),
        (
            "1 MB <table><tr><td> (unclosed)",
            nested("<tr><td>x", 1024 * 1024),
        ),
        ("20 MB flat page", flat_page(20 * 1024 * 1024)),
        (
            "28 MB of <br> (7 million elements)",
            nested("<br>", 28_000_000),
        ),
        // A parse error every 3 bytes: scraper's `errors` feature kept them all
        // (246 MB peak for 9 MB), so it is off.
        (
            "9 MB of `</>` (3 million parse errors)",
            nested("</>", 9_000_000),
        ),
        ("1 MB zero bytes", vec![0; 1024 * 1024]),
        ("1 MB invalid UTF-8", garbage),
        ("empty", Vec::new()),
    ];
    let mut worst = Duration::ZERO;
    for (name, bytes) in &cases {
        worst = worst.max(time(name, bytes));
    }
    println!("worst case: {:.3} s (limit 2 s)", worst.as_secs_f64());
    reader_throughput();
}

/// Pages per second for bytes → article over the fixture pages, or over the
/// `.html` files in `$REGIONWATCH_BENCH_PAGES` (e.g. `../shared/fixtures/xinhua`).
fn reader_throughput() {
    let dir = std::env::var_os("REGIONWATCH_BENCH_PAGES").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pages"),
        std::path::PathBuf::from,
    );
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    let pages: Vec<Vec<u8>> = entries
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .filter_map(|e| std::fs::read(e.path()).ok())
        .collect();
    if pages.is_empty() {
        return;
    }
    let bytes: usize = pages.iter().map(Vec::len).sum();
    let rounds = 200;
    let start = Instant::now();
    for _ in 0..rounds {
        for page in &pages {
            let _ = std::hint::black_box(read_article(page, &Hints::default()));
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let n = (rounds * pages.len()) as f64;
    println!(
        "reader on {} pages in {} (avg {} KB): {:.0} pages/s",
        pages.len(),
        dir.display(),
        bytes / pages.len() / 1024,
        n / secs
    );
}
