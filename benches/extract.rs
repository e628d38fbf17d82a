//! Benchmark of the whole bytes-to-highlights path (`regionwatch_extract::extract`)
//! on 60-120 KB pages in real Xinhua layouts, English and Chinese.
//!
//! Throughput is reported in pages per second (criterion "elem/s").
//! Run: `cargo bench --bench extract`. The same pages are compared with
//! trafilatura by `benches/compare_trafilatura.sh`.

mod corpus;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use regionwatch_extract::{Hints, extract};
use std::hint::black_box;

fn bench_extract(c: &mut Criterion) {
    let pages = corpus::pages();
    let mut group = c.benchmark_group("extract");
    group.throughput(Throughput::Elements(pages.len() as u64));
    group.bench_function("corpus_60-120KB", |b| {
        b.iter(|| {
            for page in &pages {
                let hints = Hints {
                    url: Some(&page.url),
                    content_type: Some("text/html; charset=utf-8"),
                    overrides: None,
                };
                // Errors count too: a page the extractor rejects still cost its time.
                let _ = black_box(extract(black_box(page.html.as_bytes()), &hints));
            }
        })
    });
    for lang in ["en", "zh"] {
        let subset: Vec<&corpus::BenchPage> =
            pages.iter().filter(|p| p.name.starts_with(lang)).collect();
        group.throughput(Throughput::Elements(subset.len() as u64));
        group.bench_function(format!("{lang}_pages"), |b| {
            b.iter(|| {
                for page in &subset {
                    let hints = Hints {
                        url: Some(&page.url),
                        content_type: None,
                        overrides: None,
                    };
                    let _ = black_box(extract(black_box(page.html.as_bytes()), &hints));
                }
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_extract);
criterion_main!(benches);
