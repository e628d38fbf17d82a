//! The database of `benches/digest.sh`: a year of monitoring, through the store's own API.
//!
//!   cargo run --release --example digest_bench_db -- FILE.db [HIGHLIGHTS]
//!
//! HIGHLIGHTS (default 200,000) highlights in articles of 10, first seen evenly over the 365
//! days before now, in 8 provinces. `veteran@example.org` has been sent everything but the
//! last day's highlights (one digest a day); `newcomer@example.org` has never had a digest.

use chrono::{Duration, Utc};
use regionwatch::store::{NewArticle, NewDigest, PackedPage, QueuedMessage, Store, Validators};
use regionwatch_extract::{Extraction, Highlight, Language, Place};

const PER_ARTICLE: usize = 10;
const DAYS: i64 = 365;
const PROVINCES: [(&str, &str); 8] = [
    ("460000", "Hainan"),
    ("440000", "Guangdong"),
    ("310000", "Shanghai"),
    ("110000", "Beijing"),
    ("320000", "Jiangsu"),
    ("330000", "Zhejiang"),
    ("510000", "Sichuan"),
    ("210000", "Liaoning"),
];
const THEMES: [&str; 4] = [
    "free-trade-zone",
    "foreign-investment",
    "foreign-trade",
    "bonded-zones",
];

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .expect("usage: digest_bench_db FILE.db [HIGHLIGHTS]");
    let total: usize = args
        .next()
        .map_or(200_000, |n| n.parse().expect("a number"));
    let mut store = Store::open(path.as_ref()).expect("open the database");
    let articles = total.div_ceil(PER_ARTICLE);
    let now = Utc::now();
    let start = now - Duration::days(DAYS);
    let mut day_ids: Vec<Vec<i64>> = vec![Vec::new(); DAYS as usize + 1];
    let mut next_id = 1i64; // highlights get ids 1, 2, ... in insertion order
    for n in 0..articles {
        let seen_at = start + Duration::seconds((n as i64 * DAYS * 86_400) / articles as i64);
        let extraction = extraction(n);
        let url = format!("https://bench.example/{n}.htm");
        let saved = store
            .save_article(&NewArticle {
                source_id: None,
                canonical_url: &url,
                fetched_url: &url,
                content_type: Some("text/html; charset=utf-8"),
                extraction: &extraction,
                raw_page: PackedPage::pack(extraction.body.as_bytes()),
                validators: Validators::default(),
                seen_at,
                list_changed: None,
            })
            .expect("save an article");
        assert!(matches!(saved, regionwatch::store::SaveOutcome::New { .. }));
        let day = ((seen_at - start).num_days()) as usize;
        for _ in 0..PER_ARTICLE {
            day_ids[day].push(next_id);
            next_id += 1;
        }
    }
    // The veteran's daily digests, all but the last day's.
    let last_day = ((now - start).num_days() - 1).max(0) as usize;
    for (day, ids) in day_ids.iter().enumerate().take(last_day) {
        if ids.is_empty() {
            continue;
        }
        let at = start + Duration::days(day as i64 + 1);
        let new = NewDigest {
            recipient: "veteran@example.org".into(),
            sender: "regionwatch@example.org".into(),
            highlight_ids: ids.clone(),
        };
        let id = store
            .create_digest(&new, at, |id| {
                Ok(QueuedMessage {
                    message_id: format!("<bench-{id}@example.org>"),
                    subject: format!("bench digest {id}"),
                    bytes: b"Subject: bench\r\n\r\nbench\r\n".to_vec(),
                })
            })
            .expect("queue a digest");
        store.mark_sent(id, at).expect("mark it sent");
    }
    println!("{} highlights in {articles} articles", next_id - 1);
}

/// Article `n`: 10 distinct highlights in one province, each naming a city.
fn extraction(n: usize) -> Extraction {
    let (code, name) = PROVINCES[n % PROVINCES.len()];
    let highlights = (0..PER_ARTICLE)
        .map(|k| Highlight {
            region: name.into(),
            region_code: code.into(),
            places: vec![Place {
                name: format!("{name} city {}", k % 3),
                code: format!("{}{:02}00", &code[..2], 1 + k % 3),
            }],
            text: format!(
                "{name} announced measure {n}-{k} to open its free trade port further to foreign investment, worth {k} billion yuan."
            ),
            themes: vec![THEMES[k % THEMES.len()].into()],
            speaker: None,
            figures: vec![format!("{k} billion yuan")],
        })
        .collect();
    Extraction {
        file: None,
        url: None,
        title: format!("{name} opens up further, report {n}"),
        published: None,
        source: Some("Xinhua".into()),
        editors: Vec::new(),
        language: Language::En,
        body: format!("Report {n}: {name} opens up further."),
        captions: Vec::new(),
        layout: "bench".into(),
        highlights,
    }
}
