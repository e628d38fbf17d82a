//! A deterministic benchmark corpus: our own article texts wrapped in page
//! skeletons shaped like real Xinhua pages (news.cn 2021+ Chinese and
//! english.news.cn), padded with what dominates real pages (inline CSS and
//! scripts, channel menus, related-news and sidebar lists, footers) to 60-120 KB.
//!
//! Shared by `benches/extract.rs` and `examples/write_bench_corpus.rs` so the
//! criterion numbers and the trafilatura comparison run on identical bytes.

#![allow(dead_code)] // each user takes a different part

mod articles;
mod skeleton;

use articles::{ArticleText, CHINESE, ENGLISH};

/// One generated page.
pub struct BenchPage {
    /// File name, e.g. `en-03-096k.html`.
    pub name: String,
    /// The URL the page would have on its site (for extraction hints).
    pub url: String,
    pub html: String,
}

/// Pages in the corpus.
pub const PAGE_COUNT: usize = 12;
const MIN_BYTES: usize = 60 * 1024;
const MAX_BYTES: usize = 120 * 1024;

/// The corpus: English and Chinese pages alternately, sizes spread evenly over 60-120 KB.
pub fn pages() -> Vec<BenchPage> {
    (0..PAGE_COUNT)
        .map(|i| {
            let target = MIN_BYTES + (MAX_BYTES - MIN_BYTES - 4096) * i / (PAGE_COUNT - 1);
            let english = i % 2 == 0;
            let pool: &[ArticleText] = if english { ENGLISH } else { CHINESE };
            let article = &pool[(i / 2) % pool.len()];
            let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ i as u64);
            let id = rng.hex32();
            let (lang, url, html) = if english {
                let url = format!("https://english.news.cn/20260215/{id}/c.html");
                ("en", url, skeleton::english_page(article, &mut rng, target))
            } else {
                let url = format!("https://www.news.cn/local/20260215/{id}/c.html");
                ("zh", url, skeleton::chinese_page(article, &mut rng, target))
            };
            let name = format!("{lang}-{i:02}-{:03}k.html", html.len() / 1024);
            BenchPage { name, url, html }
        })
        .collect()
}

/// xorshift64*: deterministic, no dependency, good enough to vary link texts.
pub struct Rng(u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub fn hex32(&mut self) -> String {
        format!("{:016x}{:016x}", self.next(), self.next())
    }
}
