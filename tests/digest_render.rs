//! Digest rendering on real values: grouping and order, escaping of hostile scraped text,
//! http(s)-only links, CR/LF in titles, Chinese intact, recipient filters; the layout (region,
//! article, highlights; an overview with the previous period; what waits past `max_items`);
//! and the demo digest and a 150-highlight mixed English/Chinese digest rendered by headless
//! Chromium at 420 and 1280 px: no horizontal overflow, no active markup, under the size
//! budget. Screenshots go to target/digest-*.png; `UPDATE_SCREENSHOTS=1` also copies the demo
//! digest's to docs/ (for the README).

mod digest_browser;

use std::path::Path;
use std::process::Command;

use digest_browser::{chromium, measure, mixed, screenshot};

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use regionwatch::config::{self, Config, DigestSettings};
use regionwatch::digest::{
    DigestItems, Outlook, Rendered, filter_for, group, render, render_with, sections,
};
use regionwatch::store::{ArticleLink, RegionCount, StoredHighlight};
use regionwatch_extract::{Place, Published, Speaker};

fn settings() -> DigestSettings {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.toml");
    std::fs::write(&path, "database = \"/var/lib/regionwatch/rw.db\"\n").unwrap();
    config::load(&path).unwrap().digest
}

fn at(day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 5, day, hour, 0, 0).unwrap()
}

fn article(url: &str, title: &str) -> ArticleLink {
    ArticleLink {
        url: url.into(),
        title: title.into(),
        source: Some("Xinhua".into()),
        published: Some(Published::Date(
            NaiveDate::from_ymd_opt(2026, 5, 2).unwrap(),
        )),
    }
}

fn highlight(
    id: i64,
    region: &str,
    code: &str,
    places: &[(&str, &str)],
    text: &str,
) -> StoredHighlight {
    StoredHighlight {
        id,
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
        figures: Vec::new(),
        first_seen: at(1, id as u32 % 20),
        articles: vec![article(
            &format!("https://english.news.cn/2026050{}/c.html", id % 9),
            "A report",
        )],
    }
}

fn digest(items: Vec<StoredHighlight>) -> DigestItems {
    DigestItems {
        recipient: "analyst@example.org".parse().unwrap(),
        items,
        revised: Vec::new(),
        since: Some(at(1, 0)),
        now: at(2, 0),
        footer_notes: Vec::new(),
    }
}

fn rendered(items: Vec<StoredHighlight>) -> Rendered {
    render(&digest(items), &settings()).unwrap()
}

#[test]
fn groups_by_province_code_then_city_province_wide_first() {
    let items = vec![
        highlight(
            1,
            "Hainan",
            "460000",
            &[("Haikou", "460100")],
            "Haikou opens a bonded zone.",
        ),
        highlight(
            2,
            "Guangdong",
            "440000",
            &[("Shenzhen", "440300")],
            "Shenzhen eases rules.",
        ),
        highlight(
            3,
            "Guangdong",
            "440000",
            &[],
            "Guangdong widens market access.",
        ),
        highlight(
            4,
            "Guangdong",
            "440000",
            &[("Guangzhou", "440100")],
            "Guangzhou adds routes.",
        ),
        highlight(
            5,
            "Guangdong",
            "440000",
            &[("Nansha District", "440115")],
            "Nansha pilots.",
        ),
    ];
    let groups = group(&items);
    let names: Vec<&str> = groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(names, ["Guangdong", "Hainan"]);
    let cities: Vec<Option<&str>> = groups[0].cities.iter().map(|c| c.name.as_deref()).collect();
    assert_eq!(cities, [None, Some("Guangzhou"), Some("Shenzhen")]);
    // Nansha is a district of Guangzhou, ordered within it by first sighting.
    let guangzhou: Vec<i64> = groups[0].cities[1].items.iter().map(|h| h.id).collect();
    assert_eq!(guangzhou, [4, 5]);

    let text = rendered(items.clone()).text;
    let order: Vec<usize> = [
        "Guangdong widens",
        "Guangzhou adds",
        "Nansha pilots",
        "Shenzhen eases",
        "Haikou opens",
    ]
    .iter()
    .map(|t| {
        text.find(t)
            .unwrap_or_else(|| panic!("{t} missing:\n{text}"))
    })
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{text}");
    // The same items in another order give the same digest.
    let mut reversed = items;
    reversed.reverse();
    assert_eq!(rendered(reversed).text, text);
}

#[test]
fn summary_subject_and_every_field_in_both_parts() {
    let mut h = highlight(
        1,
        "Hainan",
        "460000",
        &[],
        "Hainan cuts tariffs to zero on 6,600 items.",
    );
    h.themes = vec!["free-trade-zone".into(), "foreign-trade".into()];
    h.speaker = Some(Speaker {
        name: "Wang Changlin".into(),
        role: Some("vice minister".into()),
    });
    h.figures = vec!["6,600 items".into(), "74 percent".into()];
    h.articles.push(ArticleLink {
        url: "https://www.news.cn/local/20260502/abc/c.html".into(),
        title: "Second report".into(),
        source: Some("China Daily".into()),
        published: None,
    });
    let two = highlight(2, "Guangdong", "440000", &[], "Guangdong opens.");
    let out = rendered(vec![h, two]);
    assert_eq!(
        out.subject,
        "regionwatch: 2 new highlights in Guangdong, Hainan"
    );
    for part in [&out.text, &out.html] {
        for needle in [
            "New opening-up highlights since 2026-05-01 08:00.",
            "2 highlights",
            "free-trade-zone",
            "foreign-trade",
            "Wang Changlin, vice minister",
            "6,600 items",
            "Figures: 74 percent",
            "Also in: ",
            "China Daily",
            "2026-05-02",
        ] {
            assert!(part.contains(needle), "{needle:?} missing from\n{part}");
        }
    }
    // The overview: one row per region, linked to its section in HTML.
    assert!(out.html.contains("<a href=\"#r440000\">Guangdong</a>"));
    assert!(out.html.contains("<h2 id=\"r440000\">Guangdong"));
    assert!(
        out.text
            .lines()
            .any(|l| l.starts_with("Guangdong ") && l.contains(" 1 "))
    );
    // A figure the text contains is emphasised there, not repeated.
    assert!(out.html.contains("<b>6,600 items</b>"), "{}", out.html);
    assert!(
        out.text
            .contains("https://www.news.cn/local/20260502/abc/c.html")
    );
    assert!(
        out.html
            .contains("href=\"https://www.news.cn/local/20260502/abc/c.html\"")
    );
    assert!(out.html.contains("max-width:640px") && out.html.contains("name=\"viewport\""));
}

#[test]
fn scraped_markup_is_escaped_and_only_http_links_are_links() {
    let mut h = highlight(
        1,
        "Hainan",
        "460000",
        &[],
        "Tariffs <script>alert(1)</script> cut.",
    );
    h.articles = vec![
        article(
            "https://example.org/a?x=1&y=\"><img src=x onerror=alert(2)>",
            "\"><img src=x onerror=alert(3)>",
        ),
        article("javascript:alert(4)", "Click <b>me</b>"),
        article("data:text/html,<script>alert(5)</script>", "data"),
    ];
    h.speaker = Some(Speaker {
        name: "<i>Li</i>".into(),
        role: None,
    });
    let out = rendered(vec![h]);
    let html = &out.html;
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("<img"), "{html}");
    assert!(!html.contains("<b>me") && !html.contains("<i>Li"), "{html}");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;"), "{html}");
    assert!(
        !html.contains("href=\"javascript:") && !html.contains("href=\"data:"),
        "{html}"
    );
    // Every href is http(s), or the overview's link to a section.
    for href in html.split("href=\"").skip(1) {
        assert!(
            href.starts_with("https://") || href.starts_with("http://") || href.starts_with("#r4"),
            "{href}"
        );
        let value = &href[..href.find('"').unwrap()];
        assert!(!value.contains('<') && !value.contains('>'), "{value}");
    }
    // The javascript: URL is still shown, as text.
    assert!(html.contains("javascript:alert(4)"));
    assert!(
        out.text.contains("<script>alert(1)</script>"),
        "the text part is text"
    );
}

#[test]
fn cr_lf_in_titles_cannot_add_lines_or_headers() {
    let mut h = highlight(
        1,
        "Hainan",
        "460000",
        &[],
        "Line one\r\nBcc: victim@example.org",
    );
    h.articles = vec![article(
        "https://english.news.cn/x/c.html",
        "Title\r\nBcc: evil@example.org\r\n\r\n<b>",
    )];
    let out = rendered(vec![h]);
    assert!(!out.subject.contains('\r') && !out.subject.contains('\n'));
    assert!(
        out.text.contains("Title Bcc: evil@example.org <b>"),
        "{}",
        out.text
    );
    assert!(
        !out.text.lines().any(|l| l.starts_with("Bcc:")),
        "{}",
        out.text
    );
    assert!(!out.html.contains('\r'));
}

#[test]
fn chinese_is_intact_in_subject_and_body() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.toml");
    std::fs::write(
        &path,
        "database = \"/var/lib/regionwatch/rw.db\"\n[digest]\nschedule = \"0 8 * * *\"\nsubject = \"开放动态：{{ count }} 条（{{ regions | join('、') }}）\"\n",
    )
    .unwrap();
    let settings = config::load(&path).unwrap().digest;
    let mut h = highlight(
        1,
        "Hainan",
        "460000",
        &[("海口", "460100")],
        "海南自由贸易港实施“零关税”政策。",
    );
    h.articles = vec![article(
        "https://www.news.cn/local/20260502/x/c.html",
        "海南自贸港封关运作百日",
    )];
    let out = render(&digest(vec![h]), &settings).unwrap();
    assert_eq!(out.subject, "开放动态：1 条（Hainan）");
    for part in [&out.text, &out.html] {
        assert!(part.contains("海南自由贸易港实施“零关税”政策。"), "{part}");
        assert!(part.contains("海南自贸港封关运作百日"), "{part}");
    }
}

fn recipient(config_lines: &str) -> regionwatch::config::Recipient {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.toml");
    std::fs::write(
        &path,
        format!("database = \"/var/lib/regionwatch/rw.db\"\n[[recipients]]\nemail = \"a@example.org\"\n{config_lines}"),
    )
    .unwrap();
    let config: Config = config::load(&path).unwrap();
    config.recipients[0].clone()
}

#[test]
fn recipients_get_only_their_regions_and_themes() {
    let mut trade = highlight(
        3,
        "Guangdong",
        "440000",
        &[("Shenzhen", "440300")],
        "Shenzhen trade.",
    );
    trade.themes = vec!["foreign-trade".into()];
    // A Hainan highlight that also names a Guangdong place matches a Guangdong filter.
    let hainan = highlight(
        1,
        "Hainan",
        "460000",
        &[("Zhanjiang", "440800")],
        "Qiongzhou Strait.",
    );
    let sichuan = highlight(2, "Sichuan", "510000", &[], "Chengdu.");
    let all = vec![hainan, sichuan, trade];
    let ids = |r| {
        filter_for(&r, &all)
            .iter()
            .map(|h| h.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(recipient("regions = [\"广东\"]\n")), [1, 3]);
    assert_eq!(ids(recipient("regions = [\"Shenzhen\"]\n")), [3]);
    assert_eq!(ids(recipient("themes = [\"foreign-trade\"]\n")), [3]);
    assert_eq!(
        ids(recipient(
            "regions = [\"510000\", \"Hainan\"]\nthemes = [\"free-trade-zone\"]\n"
        )),
        [1, 2]
    );
    assert_eq!(ids(recipient("")), [1, 2, 3]);
}

/// Twelve provinces, a few cities each, Chinese and English, hostile strings mixed in.
fn twelve_regions() -> Vec<StoredHighlight> {
    let regions = [
        ("Beijing", "110000", ("Daxing", "110115")),
        ("Tianjin", "120000", ("Binhai New Area", "120116")),
        ("Shanghai", "310000", ("Pudong New Area", "310115")),
        ("Jiangsu", "320000", ("Suzhou", "320500")),
        ("Zhejiang", "330000", ("Yiwu", "330782")),
        ("Fujian", "350000", ("Xiamen", "350200")),
        ("Shandong", "370000", ("Qingdao", "370200")),
        ("Guangdong", "440000", ("Shenzhen", "440300")),
        ("Guangxi", "450000", ("Qinzhou", "450700")),
        ("Hainan", "460000", ("Haikou", "460100")),
        ("Chongqing", "500000", ("Liangjiang", "500112")),
        ("Sichuan", "510000", ("Chengdu", "510100")),
    ];
    let mut items = Vec::new();
    for (i, (name, code, city)) in regions.iter().enumerate() {
        let id = i as i64 * 2 + 1;
        let mut wide = highlight(
            id,
            name,
            code,
            &[],
            &format!(
                "{name} announces {} new opening-up measures for foreign investors.",
                i + 10
            ),
        );
        wide.speaker = Some(Speaker {
            name: "Li Wei".into(),
            role: Some("director of the provincial commerce department".into()),
        });
        wide.figures = vec![format!("{} measures", i + 10), "1.2 billion yuan".into()];
        let mut local = highlight(
            id + 1,
            name,
            code,
            &[*city],
            &format!(
                "{}将扩大对外开放，推进跨境贸易便利化。<script>alert({id})</script>",
                city.0
            ),
        );
        local.themes = vec!["cross-border-ecommerce".into(), "ports-logistics".into()];
        local.articles.push(article(
            "javascript:alert(1)",
            "\"><img src=x onerror=alert(1)> 一篇很长的中文标题，用来检查在手机屏幕上换行是否正常",
        ));
        items.extend([wide, local]);
    }
    items
}

#[test]
fn a_twelve_region_digest_has_no_unescaped_markup() {
    let out = rendered(twelve_regions());
    assert_eq!(group(&twelve_regions()).len(), 12);
    assert!(
        out.subject
            .starts_with("regionwatch: 24 new highlights in Beijing, Tianjin, Shanghai,")
    );
    assert!(!out.html.contains("<script") && !out.html.contains("<img"));
    assert_eq!(out.html.matches("<h2 ").count(), 12);
    let preview = Path::new(env!("CARGO_TARGET_TMPDIR")).join("digest-12-regions.html");
    std::fs::write(&preview, &out.html).unwrap();
}

/// The size past which the HTML of a digest is over budget (Gmail clips at 102 KB).
const HTML_BUDGET: usize = 90 * 1024;

#[test]
fn a_highlight_in_several_articles_sits_under_the_first_with_the_others_also_in() {
    let mut shared = highlight(1, "Hainan", "460000", &[], "Haikou opens a bonded zone.");
    shared.articles = vec![
        article("https://english.news.cn/a/c.html", "First report"),
        article("https://www.news.cn/b/c.html", "Second report"),
    ];
    let mut other = highlight(2, "Hainan", "460000", &[], "Sanya adds routes.");
    other.articles = vec![article("https://www.news.cn/b/c.html", "Second report")];
    let mut third = highlight(3, "Hainan", "460000", &[], "Danzhou pilots.");
    third.articles = vec![article("https://english.news.cn/a/c.html", "First report")];
    let layout = sections(&[shared.clone(), other.clone(), third.clone()]);
    assert_eq!(layout.len(), 1);
    let blocks: Vec<(&str, Vec<i64>)> = layout[0]
        .articles
        .iter()
        .map(|b| {
            let title = b.link.as_ref().unwrap().title.as_str();
            (title, b.items.iter().map(|h| h.id).collect())
        })
        .collect();
    assert_eq!(
        blocks,
        [("First report", vec![1, 3]), ("Second report", vec![2])]
    );
    let out = rendered(vec![shared, other, third]);
    for part in [&out.text, &out.html] {
        assert_eq!(part.matches("First report").count(), 1, "{part}");
        assert_eq!(part.matches("Second report").count(), 1, "{part}");
        assert!(part.contains("2 highlights") && part.contains("1 highlight"));
    }
    assert!(
        out.html
            .contains("Also in: <a href=\"https://www.news.cn/b/c.html\">Xinhua, 2026-05-02</a>"),
        "{}",
        out.html
    );
    assert!(
        out.text
            .contains("Also in: Xinhua, 2026-05-02 https://www.news.cn/b/c.html"),
        "{}",
        out.text
    );
}

#[test]
fn the_overview_compares_each_region_with_the_previous_period() {
    let items: Vec<StoredHighlight> = (1..=4)
        .map(|id| {
            let (name, code) = if id < 4 {
                ("Hainan", "460000")
            } else {
                ("Guangdong", "440000")
            };
            highlight(id, name, code, &[], &format!("Measure {id}."))
        })
        .collect();
    let count = |code: &str, region: &str, highlights| RegionCount {
        region_code: code.into(),
        region: region.into(),
        highlights,
        articles: 1,
    };
    let outlook = Outlook {
        previous: Some(vec![
            count("440000", "Guangdong", 5),
            count("460000", "Hainan", 1),
        ]),
        more: 0,
    };
    let out = render_with(&digest(items.clone()), &settings(), &outlook).unwrap();
    for part in [&out.text, &out.html] {
        assert!(
            part.contains("up from 1") && part.contains("down from 5"),
            "{part}"
        );
    }
    let row = out.text.lines().find(|l| l.starts_with("Hainan ")).unwrap();
    assert!(
        row.contains(" 3 ") && row.contains("up from 1") && row.contains("free-trade-zone"),
        "{row}"
    );
    let none_before = Outlook {
        previous: Some(Vec::new()),
        more: 0,
    };
    let out = render_with(&digest(items.clone()), &settings(), &none_before).unwrap();
    assert!(out.text.contains("none before"));
    // Without previous counts (a preview without a store) there is no change column content.
    assert!(!rendered(items).text.contains("from "));
}

#[test]
fn past_max_items_the_digest_says_how_many_more_wait_and_how_to_list_them() {
    let items = vec![highlight(1, "Hainan", "460000", &[], "Haikou opens.")];
    let outlook = Outlook {
        previous: None,
        more: 12,
    };
    let out = render_with(&digest(items.clone()), &settings(), &outlook).unwrap();
    for part in [&out.text, &out.html] {
        assert!(part.contains("12 more highlights"), "{part}");
        // since 2026-05-01 00:00 UTC is 08:00 in the default Asia/Shanghai.
        assert!(
            part.contains("regionwatch list --since 2026-05-01"),
            "{part}"
        );
    }
    assert!(!rendered(items).text.contains("more highlight"));
}

fn mixed_rendered() -> Rendered {
    rendered(mixed::highlights())
}

#[test]
fn a_150_highlight_digest_is_under_budget_with_each_article_once_per_region() {
    let items = mixed::highlights();
    let layout = sections(&items);
    assert_eq!(layout.len(), 8);
    let out = mixed_rendered();
    assert!(
        out.html.len() < HTML_BUDGET,
        "HTML is {} bytes",
        out.html.len()
    );
    let from: lettre::message::Mailbox = "regionwatch@example.org".parse().unwrap();
    let to: lettre::message::Mailbox = "analyst@example.org".parse().unwrap();
    let message =
        regionwatch::digest::message::build(1, &from, &to, &out, std::time::UNIX_EPOCH).unwrap();
    eprintln!(
        "note: 150-highlight digest: HTML {} bytes, text {} bytes, message {} bytes",
        out.html.len(),
        out.text.len(),
        message.bytes.len()
    );
    assert!(
        out.html.len() < HTML_BUDGET,
        "HTML is {} bytes",
        out.html.len()
    );
    // The overview starts both parts: a row per region, linked to its section in HTML.
    let (head, body) = out.text.split_once("\n== ").unwrap();
    for (name, code, _) in mixed::REGIONS {
        assert!(
            head.lines().any(|l| l.starts_with(&format!("{name} "))),
            "{head}"
        );
        assert!(
            out.html
                .contains(&format!("<a href=\"#r{code}\">{name}</a>"))
        );
    }
    // Each article once per region section: its title in the text part, its heading in HTML.
    let text_sections: Vec<&str> = body.split("\n== ").collect();
    let html_sections: Vec<&str> = out.html.split("<h2 ").skip(1).collect();
    assert_eq!((text_sections.len(), html_sections.len()), (8, 8));
    for ((section, text), html) in layout.iter().zip(&text_sections).zip(&html_sections) {
        assert_eq!(html.matches("<h3>").count(), section.articles.len());
        for block in &section.articles {
            let title = &block.link.as_ref().unwrap().title;
            // Wrapped at 78 columns: compare without the line breaks and indents.
            let squeeze = |s: &str| s.split_whitespace().collect::<String>();
            let found = squeeze(text).matches(&squeeze(title)).count();
            assert_eq!(found, 1, "{title} in {text}");
            if !title.contains(['<', '"']) {
                assert_eq!(html.matches(title.as_str()).count(), 1, "{title}");
            }
        }
    }
    assert!(
        !out.html.contains("<script") && !out.html.contains("<img") && !out.html.contains("<b>up")
    );
}

#[test]
fn the_text_part_fits_78_columns_except_whole_urls() {
    for text in [mixed_rendered().text, rendered(twelve_regions()).text] {
        for line in text.lines().filter(|l| !l.contains("://")) {
            let columns: usize = line
                .chars()
                .map(|c| if (c as u32) >= 0x2E80 { 2 } else { 1 })
                .sum();
            assert!(columns <= 78, "{columns} columns: {line}");
        }
    }
}

/// Checks `html` in Chromium at phone and desktop width; returns the screenshots.
fn check_in_chromium(name: &str, html: &str) -> Option<[Vec<u8>; 2]> {
    let chromium = chromium()?;
    let dir = tempfile::tempdir().unwrap();
    for width in [420, 1280] {
        let layout = measure(&chromium, dir.path(), html, width);
        assert!(
            layout.scroll_width <= width && layout.rightmost <= width,
            "{name} overflows at {width} px: {layout:?}"
        );
        assert_eq!(layout.active, 0, "{name}: active markup in the DOM");
    }
    let shots = [
        screenshot(&chromium, dir.path(), html, 420, 1600),
        screenshot(&chromium, dir.path(), html, 1280, 1000),
    ];
    // Beside the repo's own target/, even when CARGO_TARGET_DIR builds elsewhere.
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
    std::fs::create_dir_all(&target).unwrap();
    std::fs::write(target.join(format!("{name}.html")), html).unwrap();
    for (shot, width) in shots.iter().zip([420, 1280]) {
        std::fs::write(target.join(format!("{name}-{width}.png")), shot).unwrap();
    }
    Some(shots)
}

#[test]
fn the_150_highlight_digest_in_chromium_at_420_and_1280_px() {
    check_in_chromium("digest-150", &mixed_rendered().html);
}

/// The demo's digest as a newcomer sees it; its screenshots are the README's
/// (`UPDATE_SCREENSHOTS=1 cargo test --test digest_render demo` refreshes docs/).
#[test]
fn the_demo_digest_in_chromium_at_420_and_1280_px() {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_regionwatch"))
        .arg("demo")
        .arg("--dir")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // A newcomer's screen: what the sources found, the overview, a few highlights, the paths
    // and what to try next; not the whole digest.
    let stdout = String::from_utf8(output.stdout).unwrap();
    let order: Vec<usize> = [
        "What each source found:",
        "Region     Highlights  Articles",
        "\n  * ",
        "\n  ...\n",
        "HTML preview    ",
        "text preview    ",
        "Next, try:",
        "regionwatch trends -c ",
    ]
    .iter()
    .map(|n| {
        stdout
            .find(n)
            .unwrap_or_else(|| panic!("{n:?} missing:\n{stdout}"))
    })
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{stdout}");
    assert_eq!(stdout.matches("\n  * ").count(), 3, "{stdout}");
    assert!(stdout.lines().count() < 120, "{stdout}");
    let text = std::fs::read_to_string(dir.path().join("digest-preview.txt")).unwrap();
    assert!(
        text.matches("\n  * ").count() > 100,
        "the full digest is in the file"
    );
    let html = std::fs::read_to_string(dir.path().join("digest-preview.html")).unwrap();
    assert!(html.len() < HTML_BUDGET, "HTML is {} bytes", html.len());
    assert!(html.contains("href=\"#r460000\">Hainan</a>"));
    let Some(shots) = check_in_chromium("digest", &html) else {
        return;
    };
    if std::env::var_os("UPDATE_SCREENSHOTS").is_some() {
        let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
        std::fs::create_dir_all(&docs).unwrap();
        for (shot, width) in shots.iter().zip([420, 1280]) {
            std::fs::write(docs.join(format!("digest-{width}.png")), shot).unwrap();
        }
    }
}
