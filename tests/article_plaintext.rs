//! Plain-text articles: the seed article's format and its variants.

use regionwatch_extract::{Article, Hints, Language, read_article};

const SEED: &str = include_str!("fixtures/pages/seed-style-article.txt");

fn read(text: &str) -> Article {
    read_article(text.as_bytes(), &Hints::default()).expect("an article")
}

fn published(a: &Article) -> String {
    a.published.map(|p| p.to_rfc3339()).unwrap_or_default()
}

#[test]
fn seed_style_article() {
    let a = read(SEED);
    assert_eq!(a.layout, "plain-text");
    assert_eq!(a.title, "Border town opens a new cold-chain logistics park");
    assert_eq!(published(&a), "2026-02-02");
    assert_eq!(a.source.as_deref(), Some("Xinhua"));
    assert_eq!(a.editors, ["Wu Tong", "Lin Pei"]);
    assert_eq!(a.language, Language::En);
    assert_eq!(a.paragraphs.len(), 1);
    for banned in [
        "Special statement",
        "Responsible editor",
        "Edit:",
        "Source:",
        "@",
    ] {
        assert!(!a.paragraphs[0].contains(banned), "{banned}");
    }
}

#[test]
fn source_and_updated_on_one_line_with_byline() {
    let a = read(
        "Harbour ferry adds winter sailings\nSource: Xinhua | Updated: 2026-03-01 09:30\nBy Li Wei\n\nThe ferry line will add two sailings a day.\nTickets go on sale on Monday.\n\nThe operator said demand had grown.\n",
    );
    assert_eq!(published(&a), "2026-03-01T09:30:00+08:00");
    assert_eq!(a.source.as_deref(), Some("Xinhua"));
    assert_eq!(
        a.paragraphs,
        [
            "The ferry line will add two sailings a day. Tickets go on sale on Monday.",
            "The operator said demand had grown."
        ]
    );
}

#[test]
fn no_date_line_one_paragraph_per_line() {
    let a = read(
        "Rain expected across the south\nHeavy rain is expected on Friday.\nForecasters urged caution.\n",
    );
    assert!(a.published.is_none());
    assert_eq!(a.paragraphs.len(), 2);
}

#[test]
fn chinese_with_full_width_colons() {
    let a = read(
        "北方港口迎来开海季\n2026年3月5日 10:00\n来源：人民日报\n\n　　渔船陆续出海作业，港口一片繁忙。\n\n　　当地海事部门加强了安全巡查。\n\n责任编辑：王頔\n版权所有 人民日报社\n",
    );
    assert_eq!(published(&a), "2026-03-05T10:00:00+08:00");
    assert_eq!(a.source.as_deref(), Some("人民日报"));
    assert_eq!(a.editors, ["王頔"]);
    assert_eq!(a.language, Language::Zh);
    assert_eq!(
        a.paragraphs,
        [
            "渔船陆续出海作业，港口一片繁忙。",
            "当地海事部门加强了安全巡查。"
        ]
    );
}

#[test]
fn windows_line_endings_and_bom() {
    let text = "\u{feff}Snow closes mountain pass\r\n2026-01-10\r\nThe pass closed on Saturday.\r\nEditor: Zhang Min\r\n";
    let a = read(text);
    assert_eq!(a.title, "Snow closes mountain pass");
    assert_eq!(a.paragraphs, ["The pass closed on Saturday."]);
    assert_eq!(a.editors, ["Zhang Min"]);
}
