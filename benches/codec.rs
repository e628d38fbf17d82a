//! CPU cost of storing a raw page (issue 11, item 2): `PackedPage::pack` as it
//! is now against the deflate it replaced and the other candidate levels, on
//! the bench corpus (12 pages of 60-120 KB, `benches/corpus`) or on the pages
//! given on the command line, e.g. the 201 pages of `../shared/bench`:
//!
//!   cargo bench --bench codec
//!   cargo bench --bench codec -- target/bench-pages/pages/*.html
//!
//! Prints, per codec, CPU time per page (this thread's on-CPU time from
//! /proc/thread-self/schedstat, so other processes on a shared machine do not
//! count), stored size as a share of the page, and CPU per page to read it back.
//! A plain timing program like `hostile.rs`: one line per codec is the point.

mod corpus;

use std::io::{Read, Write};
use std::time::Duration;

use flate2::Compression;
use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use regionwatch::store::PackedPage;

/// A way to compress a page.
type Packer = dyn Fn(&[u8]) -> Vec<u8>;

/// Each codec runs over the pages until it has used this much CPU.
const MIN_CPU: Duration = Duration::from_millis(1500);

fn main() {
    let pages = pages();
    let total: usize = pages.iter().map(Vec::len).sum();
    println!(
        "{} pages, {:.1} KB mean; CPU per page (this thread), size as a share of the page",
        pages.len(),
        total as f64 / pages.len() as f64 / 1024.0
    );
    let mut cases: Vec<(&str, Box<Packer>)> = vec![
        (
            "deflate default (before)",
            Box::new(|p| deflate(p, Compression::default())),
        ),
        (
            "deflate fast",
            Box::new(|p| deflate(p, Compression::fast())),
        ),
    ];
    for level in [1, 2, 3] {
        let name: &str = Box::leak(format!("zstd {level}").into_boxed_str());
        cases.push((
            name,
            Box::new(move |p| zstd::bulk::compress(p, level).unwrap()),
        ));
    }
    cases.push((
        "PackedPage::pack (now)",
        Box::new(|p| PackedPage::pack(p).bytes().to_vec()),
    ));
    for (name, pack) in &cases {
        let (pack_cpu, packed) = per_page(&pages, |p| pack(p));
        let size: usize = packed.iter().map(Vec::len).sum();
        let (read_cpu, _) = per_page(&packed, unpack);
        println!(
            "{name:<26} pack {:>7.3} ms/page   stored {:>5.1} %   read back {:>6.3} ms/page",
            pack_cpu.as_secs_f64() * 1e3,
            100.0 * size as f64 / total as f64,
            read_cpu.as_secs_f64() * 1e3,
        );
    }
}

/// The pages named on the command line, else the bench corpus.
fn pages() -> Vec<Vec<u8>> {
    let files: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    if files.is_empty() {
        corpus::pages()
            .into_iter()
            .map(|p| p.html.into_bytes())
            .collect()
    } else {
        files
            .iter()
            .map(|f| std::fs::read(f).expect("a readable page"))
            .collect()
    }
}

/// Runs `f` over all pages until MIN_CPU is used; CPU per call and the last outputs.
fn per_page(pages: &[Vec<u8>], f: impl Fn(&[u8]) -> Vec<u8>) -> (Duration, Vec<Vec<u8>>) {
    let mut out: Vec<Vec<u8>> = pages.iter().map(|p| f(p)).collect(); // warm-up
    let start = thread_cpu();
    let mut calls = 0u32;
    while thread_cpu() - start < MIN_CPU {
        out = pages.iter().map(|p| std::hint::black_box(f(p))).collect();
        calls += pages.len() as u32;
    }
    ((thread_cpu() - start) / calls, out)
}

fn deflate(page: &[u8], level: Compression) -> Vec<u8> {
    let mut enc = DeflateEncoder::new(Vec::with_capacity(page.len() / 4), level);
    enc.write_all(page).unwrap();
    enc.finish().unwrap()
}

fn unpack(packed: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(packed.len() * 4);
    if packed.starts_with(&[0x28, 0xB5, 0x2F, 0xFD]) {
        zstd::stream::read::Decoder::with_buffer(packed)
            .unwrap()
            .read_to_end(&mut out)
            .unwrap();
    } else {
        DeflateDecoder::new(packed).read_to_end(&mut out).unwrap();
    }
    out
}

/// This thread's time on a CPU so far (Linux schedstat, nanoseconds).
fn thread_cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat")
        .expect("Linux /proc/thread-self/schedstat");
    let ns = stat.split_whitespace().next().and_then(|n| n.parse().ok());
    Duration::from_nanos(ns.expect("schedstat starts with on-CPU nanoseconds"))
}
