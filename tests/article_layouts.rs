//! The article reader on our own fixture pages, one per real layout
//! (tests/fixtures/pages/README.md says what each must give).

use regionwatch_extract::{Article, Hints, Language, read_article};

fn read(name: &str, url: Option<&str>) -> Article {
    let path = format!("{}/tests/fixtures/pages/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let hints = Hints {
        url,
        content_type: None,
        overrides: None,
    };
    read_article(&bytes, &hints).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn published(a: &Article) -> String {
    a.published.map(|p| p.to_rfc3339()).unwrap_or_default()
}

/// Nothing that belongs around a body may appear in it.
fn assert_clean(a: &Article) {
    const CHROME: &[&str] = &[
        "纠错",
        "责任编辑",
        "责编",
        "Editor:",
        "Edit:",
        "Source:",
        "来源：",
        "Copyright",
        "版权所有",
        "Special statement",
        "分享",
        "Share",
        "相关新闻",
        "Related",
        "下一页",
        "■",
        "document.write",
        "Play Video",
        "(Xinhua/",
        "摄",
    ];
    for p in &a.paragraphs {
        for c in CHROME {
            assert!(
                !p.contains(c),
                "{}: body paragraph contains {c:?}: {p}",
                a.layout
            );
        }
    }
}

#[test]
fn newscn_2021() {
    let a = read("newscn-2021-zh.html", None);
    assert_eq!(a.layout, "newscn-2021");
    assert_eq!(a.title, "第三届丝路果蔬博览会在乌鲁木齐开幕");
    assert_eq!(published(&a), "2025-06-18T10:05:30+08:00");
    assert_eq!(a.source.as_deref(), Some("新华网"));
    assert_eq!(a.editors, ["周文静"]);
    assert_eq!(a.language, Language::Zh);
    assert_eq!(a.paragraphs.len(), 4);
    assert!(a.paragraphs[0].starts_with("新华社乌鲁木齐6月18日电"));
    assert_eq!(
        a.paragraphs[3],
        "据悉，博览会将持续至6月21日，线上展厅同步开放。"
    );
    assert_clean(&a);
}

#[test]
fn regional_channel_with_script_pager() {
    let url = "http://www.he.news.cn/20250302/c0ffee00c0ffee00c0ffee00c0ffee00/c.html";
    let a = read("regional-newscn-zh.html", Some(url));
    assert_eq!(a.layout, "xinhua-regional");
    assert_eq!(a.title, "新华视界｜河北秦皇岛：春雪过后港口作业有序恢复");
    assert_eq!(published(&a), "2025-03-02T16:40:05+08:00");
    assert_eq!(a.editors, ["孙雨桐"]);
    assert_eq!(a.captions, ["新华社记者 赵立新 摄"]);
    assert_eq!(a.paragraphs.len(), 3);
    assert!(
        a.paragraphs
            .iter()
            .all(|p| !p.contains("第1页") && !p.contains("pagerTotal"))
    );
    assert_eq!(
        a.paragraphs[2],
        "气象部门预计，未来三天当地以晴好天气为主，气温逐步回升。"
    );
    assert_clean(&a);
}

#[test]
fn regional_layout_is_found_without_a_url() {
    assert_eq!(
        read("regional-newscn-zh.html", None).layout,
        "xinhua-regional"
    );
}

#[test]
fn xinhuanet_2017() {
    let a = read("xinhuanet-2017-zh.html", None);
    assert_eq!(a.layout, "xinhuanet-2017");
    // The empty sticky `.fixhead h1` must not be taken for the title.
    assert_eq!(a.title, "洋山港十月集装箱吞吐量创同期新高");
    assert_eq!(published(&a), "2020-11-05T09:12:48+08:00");
    assert_eq!(a.source.as_deref(), Some("新华网"));
    assert_eq!(a.editors, ["刘洋", "李明"]);
    // The URL comes from the saved page's leading comment.
    assert_eq!(
        a.url.as_deref(),
        Some("http://www.xinhuanet.com/fortune/2020-11-05/c_1126700001.htm")
    );
    assert_eq!(a.paragraphs.len(), 3, "（完） is not a paragraph");
    assert!(a.paragraphs[0].starts_with("新华社上海11月4日电"));
    assert_clean(&a);
}

#[test]
fn english_newscn_full_page() {
    let url = "https://english.news.cn/20250412/00aa11bb22cc33dd44ee55ff66778899/c.html";
    let a = read("english-newscn-en.html", Some(url));
    assert_eq!(a.layout, "english-newscn");
    assert_eq!(
        a.title,
        "Icebreakers clear shipping lanes as Tianjin port resumes full operation"
    );
    assert_eq!(published(&a), "2025-04-12T21:08:15+08:00");
    assert_eq!(a.source.as_deref(), Some("Xinhua"));
    assert_eq!(a.editors, ["Zhou Lan"]);
    assert_eq!(a.language, Language::En);
    assert_eq!(a.paragraphs.len(), 4);
    assert!(a.paragraphs[0].starts_with("TIANJIN, April 12 (Xinhua) --"));
    assert_eq!(
        a.paragraphs[3],
        "Weather forecasters expect temperatures along the coast to rise steadily next week, reducing the risk of new ice."
    );
    // The caption block before the body; the gallery after ■ is dropped.
    assert_eq!(a.captions.len(), 2);
    assert!(a.captions[1].ends_with("(Xinhua/Sun Fanyue)"));
    assert!(a.paragraphs.iter().all(|p| !p.contains("waits at anchor")));
    assert_clean(&a);
}

#[test]
fn outlook_new_era() {
    let a = read("outlook-new-era-en.html", None);
    assert_eq!(a.layout, "outlook-new-era");
    assert_eq!(
        a.title,
        "Inland trade fair draws record number of exhibitors"
    );
    assert_eq!(published(&a), "2026-01-20T09:30:00+08:00");
    assert_eq!(a.source.as_deref(), Some("Xinhua"));
    assert_eq!(a.editors, ["Ma Lin", "Qiu Wen"]);
    assert_eq!(
        a.captions,
        ["Visitors walk through an exhibition hall on the opening day of the fair."]
    );
    assert_eq!(a.paragraphs.len(), 4);
    assert_eq!(a.paragraphs[3], "The fair closes on Friday.");
    assert!(a.paragraphs.iter().all(|p| !p.contains("infringe")));
    assert_clean(&a);
}

#[test]
fn china_daily() {
    let a = read("chinadaily-en.html", None);
    assert_eq!(a.layout, "chinadaily");
    assert_eq!(a.title, "Harbin ice festival welcomes early visitors");
    assert_eq!(published(&a), "2024-12-21T17:42:00+08:00");
    assert_eq!(a.source.as_deref(), Some("China Daily"));
    assert_eq!(a.captions.len(), 1);
    assert!(a.captions[0].contains("[Photo by Wang Jian/For China Daily]"));
    assert_eq!(a.paragraphs.len(), 4);
    assert!(a.paragraphs[0].starts_with("The ice and snow park in Harbin"));
    assert!(
        a.paragraphs
            .iter()
            .all(|p| !p.contains("Next") && !p.contains("Related Stories"))
    );
    assert_clean(&a);
}

#[test]
fn people_declared_gb2312_really_gbk() {
    let a = read("people-gbk-zh.html", None);
    assert_eq!(a.layout, "people");
    assert_eq!(a.title, "钦州港集装箱航线增至八十条");
    assert_eq!(published(&a), "2024-08-20T08:35:00+08:00");
    // "来源：人民网－人民日报": the site republishing its newspaper names both.
    assert_eq!(a.source.as_deref(), Some("人民网－人民日报"));
    // 喆 and 堃 exist in GBK only: they survive because GB2312 decodes as GB18030.
    assert_eq!(a.editors, ["李堃", "王喆"]);
    assert_eq!(a.paragraphs.len(), 3, "the print-edition line is not body");
    assert!(a.paragraphs[0].contains("（记者黄喆）"));
    assert!(a.paragraphs.iter().all(|p| !p.contains('\u{fffd}')));
    assert_clean(&a);
}

#[test]
fn people_lying_charset() {
    let a = read("people-lying-charset-zh.html", None);
    assert_eq!(a.layout, "people");
    assert_eq!(a.title, "西双版纳雨季来临 茶农抢摘雨前茶");
    assert_eq!(published(&a), "2021-05-26T15:02:00+08:00");
    assert_eq!(a.source.as_deref(), Some("人民网"));
    assert_eq!(a.editors, ["段文", "杨旭"]);
    assert_eq!(
        a.captions,
        ["茶农在勐海县一处茶园采摘鲜叶。人民网记者 段文 摄"]
    );
    assert_eq!(a.paragraphs.len(), 3);
    assert!(a.paragraphs[0].starts_with("人民网勐海5月26日电"));
    assert_clean(&a);
}

#[test]
fn gov_cn() {
    let a = read("govcn-zh.html", None);
    assert_eq!(a.layout, "govcn");
    assert_eq!(a.title, "全国春播粮食作物进度过半");
    assert_eq!(published(&a), "2025-04-28T18:10:00+08:00");
    assert_eq!(a.source.as_deref(), Some("新华社"));
    assert_eq!(a.editors, ["韩雪"]);
    assert_eq!(a.paragraphs.len(), 3);
    assert!(a.paragraphs[2].ends_with("确保春播任务顺利完成。"));
    assert_clean(&a);
}

#[test]
fn generic_unknown_site() {
    let a = read(
        "generic-en.html",
        Some("https://harbourherald.example/local/new-harbour"),
    );
    assert_eq!(a.layout, "generic");
    assert_eq!(a.title, "Coastal town opens new fishing harbour");
    // 06:15 UTC is 14:15 in Beijing.
    assert_eq!(published(&a), "2025-09-03T14:15:00+08:00");
    assert_eq!(a.paragraphs.len(), 4);
    assert!(a.paragraphs[0].starts_with("A new fishing harbour opened"));
    assert!(
        a.paragraphs
            .iter()
            .all(|p| !p.contains("Most read") && !p.contains("Storm warning"))
    );
    assert_clean(&a);
}

#[test]
fn a_sources_own_selectors_win() {
    use regionwatch_extract::Overrides;
    let page = br#"<html><head><title>Site name</title></head><body>
        <div class="nav"><p>Home | News | About us | Contact | Subscribe to our newsletter today</p></div>
        <h2 class="headline">Port opens new route</h2><span class="when">2026-03-05 10:21</span>
        <div class="story"><p>The port opened its first direct container route to Jakarta on Monday, officials said.</p>
        <p>Two more routes to Southeast Asia will follow this year, the port authority said.</p></div>
        <div class="sidebar"><p>Most read: a long list of other stories that a density reader might prefer to the story itself because it is long, long, long.</p></div>
        </body></html>"#;
    let sel = |s: &str| Some(scraper::Selector::parse(s).unwrap());
    let overrides = Overrides {
        title: sel("h2.headline"),
        date: sel(".when"),
        body: sel(".story"),
    };
    let hints = Hints {
        url: None,
        content_type: None,
        overrides: Some(&overrides),
    };
    let article = read_article(page, &hints).unwrap();
    assert_eq!(article.title, "Port opens new route");
    assert_eq!(
        article.published.unwrap().to_rfc3339(),
        "2026-03-05T10:21:00+08:00"
    );
    assert_eq!(article.paragraphs.len(), 2, "{:?}", article.paragraphs);
    assert!(article.paragraphs[0].starts_with("The port opened"));
}
