//! Generated news for the crash test and the benchmark: any number of distinct
//! english.news.cn-style articles about regional opening-up, and a sitemap
//! naming them. Plain std code so `examples/bench_site.rs` can include it too.

#![allow(dead_code)] // each user takes a different part

/// Provinces (name, capital in a dateline) the articles rotate through.
const PROVINCES: [(&str, &str); 10] = [
    ("Hainan", "HAIKOU"),
    ("Yunnan", "KUNMING"),
    ("Fujian", "FUZHOU"),
    ("Zhejiang", "HANGZHOU"),
    ("Sichuan", "CHENGDU"),
    ("Shandong", "JINAN"),
    ("Jiangsu", "NANJING"),
    ("Hubei", "WUHAN"),
    ("Shaanxi", "XI'AN"),
    ("Liaoning", "SHENYANG"),
];

/// The path of generated article `i`: a Xinhua article URL shape.
pub fn article_path(i: usize) -> String {
    format!(
        "/2025{:02}{:02}/{:032x}/c.html",
        1 + i % 12,
        1 + i % 28,
        i + 1
    )
}

/// The same article's content under a second URL (a mirror).
pub fn mirror_path(i: usize) -> String {
    format!("/world{}", article_path(i))
}

/// Article `i` at `revision` (a new revision changes its second paragraph).
/// Articles `i` and `i + pair` open with the same statement, so their first
/// highlight is shared, as a repost on another site would be.
pub fn article(i: usize, pair: usize, revision: u32) -> String {
    let statement = i % pair;
    let (province, city) = PROVINCES[statement % PROVINCES.len()];
    let routes = 3 + statement;
    let items = 20 + statement % 17;
    let day = 1 + i % 28;
    let stated = 1 + statement % 28;
    let growth = 5 + (i * 7 + revision as usize) % 40;
    format!(
        r#"<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta name="source" content="Xinhua">
<title>{province} opens {routes} new freight routes, report {i} - Xinhua | English.news.cn</title>
</head>
<body>
<div class="header domPC"><div class="nav"><a href="/home.htm">Home</a><a href="/china/index.htm">China</a></div></div>
<div class="main clearfix">
<div class="detail-wrap">
<div class="conTop">
<h1>{province} opens {routes} new freight routes, report {i}</h1>
<div class="infoBox clearfix">
<div class="info"><p class="time">Source: Xinhua</p><p class="time">2025-03-{day:02} 10:00:00</p><p class="editor">Editor: Li Wen</p></div>
</div>
</div>
<div class="conLeft">
<div id="detail">
<div id="detailContent">
<p>{city}, March {stated} (Xinhua) -- {province} Province will open {routes} new international freight routes and cut the negative list for foreign investment to {items} items this year, the provincial commerce department said.</p>
<p>Foreign trade of {province} rose {growth} percent in report {i}, revision {revision}, the provincial department of commerce said.</p>
<p>Officials in {city} said the routes would start before the summer, and that more details would follow in report {i}.</p>
</div>
</div>
</div>
</div>
</div>
<div class="footer"><p>Copyright &copy; 2000-2025 XINHUANET.com All rights reserved.</p></div>
</body>
</html>
"#
    )
}

/// A sitemap naming `paths` on `base`.
pub fn sitemap(base: &str, paths: &[String]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for path in paths {
        xml.push_str(&format!("  <url><loc>{base}{path}</loc></url>\n"));
    }
    xml.push_str("</urlset>\n");
    xml
}
