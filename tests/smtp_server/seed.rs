//! A store with highlights in it, saved through the real article path.

use std::path::Path;

use chrono::{DateTime, TimeZone, Utc};
use regionwatch::store::{NewArticle, Store, Validators};
use regionwatch_extract::{Extraction, Highlight, Language, Place, Published};

pub fn at(hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, hour, 0, 0).unwrap()
}

pub fn highlight(code: &str, region: &str, text: &str, places: &[(&str, &str)]) -> Highlight {
    Highlight {
        region: region.into(),
        region_code: code.into(),
        places: places
            .iter()
            .map(|(name, code)| Place {
                name: (*name).into(),
                code: (*code).into(),
            })
            .collect(),
        text: text.into(),
        themes: vec!["free-trade-zone".into()],
        speaker: None,
        figures: vec![],
    }
}

/// Saves an article at `url` titled `title` carrying `highlights`.
pub fn article(
    store: &mut Store,
    url: &str,
    title: &str,
    highlights: Vec<Highlight>,
    seen: DateTime<Utc>,
) {
    let e = Extraction {
        file: None,
        url: Some(url.into()),
        title: title.into(),
        published: Some(Published::Date(seen.date_naive())),
        source: Some("Xinhua".into()),
        editors: vec![],
        language: Language::En,
        body: format!("{title} body"),
        captions: vec![],
        layout: "test".into(),
        highlights,
    };
    store
        .save_article(&NewArticle {
            source_id: None,
            canonical_url: url,
            fetched_url: url,
            content_type: Some("text/html; charset=utf-8"),
            extraction: &e,
            raw_page: regionwatch::store::PackedPage::pack(e.body.as_bytes()),
            validators: Validators::default(),
            seen_at: seen,
            list_changed: None,
        })
        .expect("article saved");
}

/// A fresh store at `path` with one Hainan highlight first seen ten minutes ago: news even
/// to a recipient the database has never seen (whose first digest looks back one period).
#[allow(dead_code)] // not every test binary that includes this module uses it
pub fn recent(path: &Path) -> Store {
    let mut store = Store::open(path).expect("store opens");
    article(
        &mut store,
        "https://english.news.cn/20260302/recent.html",
        "Hainan opens its ports",
        vec![highlight(
            "460000",
            "Hainan",
            "Hainan will open Yangpu port to foreign ships.",
            &[],
        )],
        Utc::now() - chrono::Duration::minutes(10),
    );
    store
}

/// A fresh store at `path` with one Hainan and one Guangdong highlight.
pub fn two_regions(path: &Path) -> Store {
    let mut store = Store::open(path).expect("store opens");
    article(
        &mut store,
        "https://english.news.cn/20260302/hainan.html",
        "Hainan opens its ports",
        vec![highlight(
            "460000",
            "Hainan",
            "Hainan will open Yangpu port to foreign ships.",
            &[],
        )],
        at(1),
    );
    article(
        &mut store,
        "https://english.news.cn/20260302/shenzhen.html",
        "Shenzhen trade",
        vec![highlight(
            "440000",
            "Guangdong",
            "Shenzhen will cut tariffs for foreign investors.",
            &[("Shenzhen", "440300")],
        )],
        at(2),
    );
    store
}
