//! Digest rendering on real values: grouping and order, escaping of hostile scraped text,
//! http(s)-only links, CR/LF in titles, Chinese intact, recipient filters, and a 12-region
//! digest rendered by headless Chromium when one is installed (screenshot saved for review at
//! target/digest-12-regions.png).

use std::path::Path;
use std::process::Command;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use regionwatch::config::{self, Config, DigestSettings};
use regionwatch::digest::{DigestItems, Rendered, filter_for, group, render};
use regionwatch::extract::{Place, Published, Speaker};
use regionwatch::store::{ArticleLink, StoredHighlight};

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
            "Guangdong (1), Hainan (1)",
            "free-trade-zone",
            "foreign-trade",
            "Wang Changlin, vice minister",
            "6,600 items; 74 percent",
            "Second report",
            "China Daily",
            "2026-05-02",
        ] {
            let needle = needle.replace(
                " (1)",
                if part == &out.html {
                    "&nbsp;(1)"
                } else {
                    " (1)"
                },
            );
            assert!(part.contains(&needle), "{needle:?} missing from\n{part}");
        }
    }
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
    // Every href is http(s).
    for href in html.split("href=\"").skip(1) {
        assert!(
            href.starts_with("https://") || href.starts_with("http://"),
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

/// Renders the 12-region digest in headless Chromium at phone width and keeps the screenshot
/// at target/digest-12-regions.png. Skips (with a note) when no Chromium is installed.
#[test]
fn a_twelve_region_digest_renders_in_headless_chromium() {
    let chromium = Path::new("/usr/bin/chromium");
    if !chromium.exists() {
        eprintln!(
            "note: /usr/bin/chromium not found; skipping the headless render (apt-get install chromium to run it)"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("digest-12-regions.html");
    std::fs::write(&html, rendered(twelve_regions()).html).unwrap();
    let png = dir.path().join("digest.png");
    let output = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--hide-scrollbars",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.path().join("profile").display()
        ))
        .arg(format!("--screenshot={}", png.display()))
        .arg("--window-size=420,2000")
        .arg(format!("file://{}", html.display()))
        .output()
        .unwrap();
    assert!(
        png.exists(),
        "chromium wrote no screenshot: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let bytes = std::fs::read(&png).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    // Width and height from the IHDR chunk: the requested phone-sized window.
    let width = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
    assert_eq!(width, 420);
    assert!(
        bytes.len() > 20_000,
        "a blank page compresses to almost nothing: {} bytes",
        bytes.len()
    );
    let keep = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/digest-12-regions.png");
    std::fs::copy(&png, keep).unwrap();
}
