//! Discovery against list documents in the real shapes (own fixtures in
//! tests/fixtures/lists/): Xinhua English and Chinese list pages, a ds_*.json
//! datasource, RSS/Atom/RDF feeds, sitemaps; filtering, canonical URLs and
//! hostile input.

use std::path::Path;

use regex::Regex;
use regionwatch::discover::{
    DiscoverError, Discovered, ListKind, ListRules, canonical_url, discover, looks_like_article,
};
use scraper::Selector;
use url::Url;

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/lists")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn url(s: &str) -> Url {
    Url::parse(s).unwrap()
}

fn run(kind: ListKind, name: &str, base: &str, rules: &ListRules) -> Discovered {
    discover(kind, &fixture(name), &url(base), rules).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn urls(found: &Discovered) -> Vec<&str> {
    found.links.iter().map(|l| l.url.as_str()).collect()
}

fn titles(found: &Discovered) -> Vec<Option<&str>> {
    found.links.iter().map(|l| l.title.as_deref()).collect()
}

fn published(found: &Discovered) -> Vec<Option<String>> {
    found
        .links
        .iter()
        .map(|l| l.published.map(|t| t.to_rfc3339()))
        .collect()
}

const ENGLISH_LIST: &str = "https://english.news.cn/list/china-politics.htm";

#[test]
fn english_list_page_by_selector() {
    let selector = Selector::parse("#list .item .tit a").unwrap();
    let rules = ListRules {
        links: Some(&selector),
        ..Default::default()
    };
    let found = run(ListKind::Html, "english-list.html", ENGLISH_LIST, &rules);
    assert_eq!(
        urls(&found),
        [
            "https://english.news.cn/20240602/0f1e2d3c4b5a69788796a5b4c3d2e1f0/c.html",
            "https://english.news.cn/20240601/11112222333344445555666677778888/c.html",
            "https://english.news.cn/asiapacific/20240531/99990000aaaabbbbccccddddeeeeffff/c.html",
        ]
    );
    assert_eq!(
        titles(&found),
        [
            Some("Hainan port widens zero-tariff list"),
            Some("Guangdong opens new cross-border data pilot"),
            Some("Xinjiang expands"),
        ]
    );
    // `a.next` and the `?page=2` link are the same page; pages 1 and 3 are not next.
    let next: Vec<&str> = found.next_pages.iter().map(Url::as_str).collect();
    assert_eq!(
        next,
        ["https://english.news.cn/list/china-politics.htm?page=2"]
    );
}

#[test]
fn english_list_page_by_url_shape_takes_header_story_too() {
    let found = run(
        ListKind::Html,
        "english-list.html",
        ENGLISH_LIST,
        &ListRules::default(),
    );
    assert_eq!(found.links.len(), 4, "{:#?}", urls(&found));
    assert_eq!(
        found.links[0].url.as_str(),
        "https://english.news.cn/20240601/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/c.html"
    );
}

#[test]
fn second_page_points_to_third() {
    let base = "https://english.news.cn/list/china-politics.htm?page=2";
    let found = run(
        ListKind::Html,
        "english-list.html",
        base,
        &ListRules::default(),
    );
    let next: Vec<&str> = found.next_pages.iter().map(Url::as_str).collect();
    // a.next still says page 2 (the fixture's pager is static): it is the page itself, so dropped.
    assert_eq!(
        next,
        ["https://english.news.cn/list/china-politics.htm?page=3"]
    );
}

#[test]
fn chinese_channel_page_by_url_shape() {
    let found = run(
        ListKind::Html,
        "newscn-channel-zh.html",
        "https://www.news.cn/politics/",
        &ListRules::default(),
    );
    assert_eq!(
        urls(&found),
        [
            "https://www.news.cn/politics/20240509/3dd6e33cc6d749fbaae01fea337ff400/c.html",
            "https://www.news.cn/politics/20240510/abcdefabcdefabcdefabcdefabcdef01/c.html",
            "http://www.xinhuanet.com/politics/2019-12/10/c_1125327450.htm",
            "https://www.news.cn/video/20240511/2fd1b7b3f6a64a49b6a8c42d6a4ab7e0/c.html",
            "https://www.gov.cn/yaowen/liebiao/202405/content_6950123.htm",
        ]
    );
    assert_eq!(
        titles(&found)[0],
        Some("李强在新疆调研时强调推动高水平对外开放")
    );
    let next: Vec<&str> = found.next_pages.iter().map(Url::as_str).collect();
    assert_eq!(next, ["https://www.news.cn/politics/index_2.htm"]);
}

#[test]
fn include_and_exclude_filter_article_urls() {
    let include = [Regex::new(r"^https://www\.news\.cn/").unwrap()];
    let exclude = [Regex::new(r"/video/").unwrap()];
    let rules = ListRules {
        links: None,
        include: &include,
        exclude: &exclude,
    };
    let found = run(
        ListKind::Html,
        "newscn-channel-zh.html",
        "https://www.news.cn/politics/",
        &rules,
    );
    assert_eq!(
        urls(&found),
        [
            "https://www.news.cn/politics/20240509/3dd6e33cc6d749fbaae01fea337ff400/c.html",
            "https://www.news.cn/politics/20240510/abcdefabcdefabcdefabcdefabcdef01/c.html",
        ]
    );
    // Pagination is about the list, not articles: not filtered.
    assert_eq!(found.next_pages.len(), 1);
}

#[test]
fn xinhua_datasource() {
    let found = run(
        ListKind::XinhuaJson,
        "ds_11140508.json",
        "https://www.news.cn/politics/ds_11140508.json",
        &ListRules::default(),
    );
    assert_eq!(
        urls(&found),
        [
            "https://www.news.cn/politics/leaders/20240509/3dd6e33cc6d749fbaae01fea337ff400/c.html",
            "https://www.news.cn/politics/20240508/5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a/c.html",
        ]
    );
    assert_eq!(
        titles(&found),
        [
            Some("李强在新疆调研时强调推动高水平对外开放"),
            Some("重庆中欧班列开行突破新纪录")
        ]
    );
    assert_eq!(
        published(&found),
        [
            Some("2024-05-09T22:27:02+08:00".into()),
            Some("2024-05-08T10:00:00+08:00".into())
        ]
    );
}

#[test]
fn datasource_shapes_are_read_tolerantly() {
    let base = url("https://www.news.cn/ds_1.json");
    let item = r#"{"title":"T","publishUrl":"/20240509/0123456789abcdef0123456789abcdef/c.html","publishTime":"2024-05-09 08:00:00"}"#;
    for body in [
        format!(r#"{{"status":0,"data":[{item}]}}"#),
        format!(r#"{{"datasource":[{item}]}}"#),
        format!("[{item}]"),
        format!("\u{feff}cb({{\"data\":{{\"list\":[{item}]}}}});"),
    ] {
        let found = discover(
            ListKind::XinhuaJson,
            body.as_bytes(),
            &base,
            &ListRules::default(),
        )
        .unwrap_or_else(|e| panic!("{body}: {e}"));
        assert_eq!(
            urls(&found),
            ["https://www.news.cn/20240509/0123456789abcdef0123456789abcdef/c.html"],
            "{body}"
        );
    }
    let err = discover(
        ListKind::XinhuaJson,
        br#"{"status":1,"msg":"x"}"#,
        &base,
        &ListRules::default(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("status 1"), "{err}");
}

#[test]
fn rss_feed() {
    let found = run(
        ListKind::Feed,
        "rss.xml",
        "https://news.example.org/rss.xml",
        &ListRules::default(),
    );
    assert_eq!(
        urls(&found),
        [
            "https://news.example.org/2024-05/09/hainan-guangdong-pact.html",
            "https://news.example.org/2024-05/08/sichuan-rail-hub.html",
            "https://news.example.org/2024-05/07/guid-only.html",
        ]
    );
    assert_eq!(
        titles(&found),
        [
            Some("Hainan & Guangdong sign trade pact"),
            Some("Sichuan opens rail freight hub"),
            Some("Only a permalink guid"),
        ]
    );
    assert_eq!(
        published(&found),
        [
            Some("2024-05-09T14:27:02+00:00".into()),
            Some("2024-05-08T02:00:00+00:00".into()),
            None
        ]
    );
}

#[test]
fn atom_feed_prefers_alternate_link_and_published_date() {
    let found = run(
        ListKind::Feed,
        "atom.xml",
        "https://yn.example.org/atom.xml",
        &ListRules::default(),
    );
    assert_eq!(
        urls(&found),
        [
            "https://yn.example.org/20240510/border-trade-zone.html",
            "https://yn.example.org/20240509/kunming-routes.html",
        ]
    );
    assert_eq!(
        titles(&found),
        [
            Some("Yunnan border trade zone expands"),
            Some("Kunming airport adds routes")
        ]
    );
    // The same instants as the feed says; feed-rs hands them over in UTC.
    assert_eq!(
        published(&found),
        [
            Some("2024-05-09T23:30:00+00:00".into()),
            Some("2024-05-09T10:00:00+00:00".into())
        ]
    );
}

#[test]
fn rss1_feed() {
    let found = run(
        ListKind::Feed,
        "rss1.rdf",
        "https://rdf.example.org/index.rdf",
        &ListRules::default(),
    );
    assert_eq!(
        urls(&found),
        ["https://rdf.example.org/2024-05/09/fujian.html"]
    );
    assert_eq!(titles(&found), [Some("Fujian pilot zone")]);
}

#[test]
fn sitemap_index_gives_child_sitemaps_as_next_pages() {
    let found = run(
        ListKind::Sitemap,
        "sitemap-index.xml",
        "https://www.example.cn/sitemap.xml",
        &ListRules::default(),
    );
    assert!(found.links.is_empty());
    let next: Vec<&str> = found.next_pages.iter().map(Url::as_str).collect();
    assert_eq!(
        next,
        [
            "https://www.example.cn/sitemap-2024-05.xml",
            "https://www.example.cn/sitemap-news.xml"
        ]
    );
}

#[test]
fn sitemap_urlset_with_lastmod_and_entities() {
    let found = run(
        ListKind::Sitemap,
        "sitemap-urlset.xml",
        "https://www.example.cn/sitemap-2024-05.xml",
        &ListRules::default(),
    );
    assert_eq!(
        urls(&found),
        [
            "https://www.example.cn/2024-05/09/zhejiang.html",
            "https://www.example.cn/article.php?id=7&lang=zh",
            "https://www.example.cn/about.html",
        ]
    );
    assert_eq!(
        published(&found),
        [
            Some("2024-05-09T12:00:00+08:00".into()),
            Some("2024-05-08T00:00:00+08:00".into()),
            None
        ]
    );
}

#[test]
fn google_news_sitemap() {
    let found = run(
        ListKind::Sitemap,
        "news-sitemap.xml",
        "https://english.news.cn/sitemap-news.xml",
        &ListRules::default(),
    );
    assert_eq!(
        titles(&found),
        [
            Some("Shanghai FTZ & Lingang announce new measures"),
            Some("Tianjin port record")
        ]
    );
    // news:publication_date wins over lastmod.
    assert_eq!(
        published(&found),
        [
            Some("2024-05-09T22:27:02+08:00".into()),
            Some("2024-05-08T00:00:00+08:00".into())
        ]
    );
}

fn changed(found: &Discovered) -> Vec<Option<String>> {
    found
        .links
        .iter()
        .map(|l| l.changed.map(|t| t.to_rfc3339()))
        .collect()
}

/// What each kind of list says of an article's last change, which the
/// pipeline compares with what it said at the article's last check.
#[test]
fn lists_give_each_articles_last_change_when_they_say_it() {
    let rules = ListRules::default();
    // A sitemap's lastmod, else its news publication date.
    let sitemap = run(
        ListKind::Sitemap,
        "news-sitemap.xml",
        "https://english.news.cn/s.xml",
        &rules,
    );
    assert_eq!(
        changed(&sitemap),
        [
            Some("2024-05-10T00:00:00+08:00".into()),
            Some("2024-05-08T00:00:00+08:00".into())
        ]
    );
    // An Atom entry's updated, not its published.
    let atom = run(
        ListKind::Feed,
        "atom.xml",
        "https://english.news.cn/atom.xml",
        &rules,
    );
    assert_eq!(changed(&atom)[0], Some("2024-05-10T01:00:00+00:00".into()));
    // An RSS item's pubDate; a datasource row's time.
    let rss = run(
        ListKind::Feed,
        "rss.xml",
        "https://english.news.cn/rss.xml",
        &rules,
    );
    assert_eq!(changed(&rss)[0], Some("2024-05-09T14:27:02+00:00".into()));
    let ds = run(
        ListKind::XinhuaJson,
        "ds_11140508.json",
        "https://www.news.cn/ds.json",
        &rules,
    );
    assert_eq!(changed(&ds)[0], published(&ds)[0]);
    assert!(changed(&ds)[0].is_some());
    // An HTML list says nothing.
    let html = run(ListKind::Html, "english-list.html", ENGLISH_LIST, &rules);
    assert!(!html.links.is_empty() && changed(&html).iter().all(Option::is_none));
}

#[test]
fn gzipped_sitemap_is_inflated() {
    use std::io::Write;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&fixture("sitemap-urlset.xml")).unwrap();
    let bytes = gz.finish().unwrap();
    let found = discover(
        ListKind::Sitemap,
        &bytes,
        &url("https://www.example.cn/sitemap.xml.gz"),
        &ListRules::default(),
    )
    .unwrap();
    assert_eq!(found.links.len(), 3);
}

#[test]
fn canonical_urls() {
    let cases = [
        (
            "https://WWW.News.CN/a/20240509/x/c.html#p2",
            "https://www.news.cn/a/20240509/x/c.html",
        ),
        (
            "https://a.cn/x.htm?utm_source=wx&utm_campaign=c&id=5&spm=1&from=groupmessage&isappinstalled=0",
            "https://a.cn/x.htm?id=5",
        ),
        (
            "https://a.cn/x.htm?fbclid=1&gclid=2&wfr=spider&share=1",
            "https://a.cn/x.htm",
        ),
        (
            "https://a.cn/x.htm?z=1&page=4&a=2",
            "https://a.cn/x.htm?z=1&a=2",
        ),
        ("https://a.cn/x.htm?p=3", "https://a.cn/x.htm"),
        ("https://a.cn/x.htm?p=three", "https://a.cn/x.htm?p=three"),
        ("https://a.cn:443/x.htm?", "https://a.cn/x.htm"),
    ];
    for (input, expected) in cases {
        assert_eq!(canonical_url(&url(input)).as_str(), expected, "{input}");
    }
}

#[test]
fn article_shapes() {
    assert!(looks_like_article(&url(
        "https://english.news.cn/20230115/98a3b5c41af641938a2a205f1e0b9f71/c.html"
    )));
    assert!(looks_like_article(&url(
        "http://www.people.com.cn/n1/2024/0509/c1001-40232323.html"
    )));
    assert!(!looks_like_article(&url(
        "https://english.news.cn/list/china-politics.htm"
    )));
}

fn assert_fails(kind: ListKind, bytes: &[u8], expected: &str) {
    let base = url("https://www.example.cn/list");
    match discover(kind, bytes, &base, &ListRules::default()) {
        Err(e) => assert!(e.to_string().contains(expected), "{kind:?}: {e}"),
        Ok(found) => panic!("{kind:?} accepted hostile input: {found:?}"),
    }
}

#[test]
fn wrong_kind_says_which_kind_and_why() {
    let err = discover(
        ListKind::Feed,
        &fixture("english-list.html"),
        &url(ENGLISH_LIST),
        &ListRules::default(),
    )
    .unwrap_err();
    assert!(matches!(err, DiscoverError::Feed(_)));
    assert!(
        err.to_string().starts_with("not an RSS/Atom feed: "),
        "{err}"
    );
    assert_fails(
        ListKind::Sitemap,
        &fixture("rss.xml"),
        "root element is <rss>",
    );
    assert_fails(ListKind::XinhuaJson, &fixture("rss.xml"), "broken JSON");
    assert_fails(
        ListKind::Sitemap,
        b"<urlset><url><loc>x</url>",
        "broken XML",
    );
}

#[test]
fn hostile_inputs_fail_cleanly() {
    for kind in [
        ListKind::Html,
        ListKind::Feed,
        ListKind::Sitemap,
        ListKind::XinhuaJson,
    ] {
        assert_fails(kind, b"", "empty");
        assert_fails(kind, b"%PDF-1.7\n\x00\x01\x02", "PDF");
        assert_fails(kind, &[0u8; 4096], "binary");
    }
    let deep_html = "<div>".repeat(100_000);
    assert_fails(ListKind::Html, deep_html.as_bytes(), "nests");
    let deep_xml = format!("<rss version=\"2.0\">{}", "<x>".repeat(100_000));
    assert_fails(ListKind::Feed, deep_xml.as_bytes(), "nest");
    let deep_sitemap = format!("<urlset>{}", "<url>".repeat(100_000));
    assert_fails(ListKind::Sitemap, deep_sitemap.as_bytes(), "nest");
    let deep_json = "[".repeat(100_000);
    assert_fails(ListKind::XinhuaJson, deep_json.as_bytes(), "broken JSON");
}

#[test]
fn gzip_bomb_sitemap_is_refused() {
    use std::io::Write;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![b' '; 1 << 20];
    for _ in 0..40 {
        gz.write_all(&zeros).unwrap();
    }
    let bomb = gz.finish().unwrap();
    assert_fails(ListKind::Sitemap, &bomb, "inflates to over");
}

#[test]
fn garbage_text_gives_no_links_not_a_crash() {
    let base = url("https://www.example.cn/");
    let junk: Vec<u8> = (0..50_000u32)
        .map(|i| b"<a href=\"/2024-05/09/x\">&#;<!--"[i as usize % 31])
        .collect();
    let found = discover(ListKind::Html, &junk, &base, &ListRules::default()).unwrap();
    assert!(found.links.len() <= 1);
    let many_anchors = "<a href=\"https://www.example.cn/2024-05/09/a.html\">x</a>".repeat(10_000);
    let found = discover(
        ListKind::Html,
        many_anchors.as_bytes(),
        &base,
        &ListRules::default(),
    )
    .unwrap();
    assert_eq!(found.links.len(), 1, "duplicates collapse");
}

#[test]
fn base_href_and_link_rel_next() {
    let page = r#"<html><head><base href="https://www.news.cn/fortune/">
        <link rel="next" href="list_2.htm"></head><body>
        <a href="20240509/0123456789abcdef0123456789abcdef/c.html">一</a>
        <a href="20240509/0123456789abcdef0123456789abcdef/c.html?utm_medium=x">一</a>
        </body></html>"#;
    let base = url("https://cdn.example.org/mirror/page.htm");
    let found = discover(
        ListKind::Html,
        page.as_bytes(),
        &base,
        &ListRules::default(),
    )
    .unwrap();
    assert_eq!(
        urls(&found),
        ["https://www.news.cn/fortune/20240509/0123456789abcdef0123456789abcdef/c.html"]
    );
    let next: Vec<&str> = found.next_pages.iter().map(Url::as_str).collect();
    assert_eq!(next, ["https://www.news.cn/fortune/list_2.htm"]);
}

#[test]
fn gbk_list_page_is_decoded() {
    let (gbk, _, _) = encoding_rs::GBK.encode(
        r#"<html><head><meta charset="gb2312"></head><body>
        <a href="http://www.xinhuanet.com/local/2019-12/10/c_1125327451.htm">浙江扩大开放</a></body></html>"#,
    );
    let base = url("http://www.xinhuanet.com/local/");
    let found = discover(ListKind::Html, &gbk, &base, &ListRules::default()).unwrap();
    assert_eq!(titles(&found), [Some("浙江扩大开放")]);
}
