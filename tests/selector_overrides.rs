//! A source's `[sources.extraction]` selectors, end to end: `once` extracts
//! its pages with them, and `re-extract` uses them again, so an upgrade's
//! re-extraction keeps what the operator told regionwatch about the site.

mod http_server;
mod pipeline_support;

#[path = "pipeline_support/generated.rs"]
mod generated;

use http_server::site::Site;
use pipeline_support::{Workspace, once_ok, regionwatch, shown, source};

const PAGE: &str = "/news/2026/hainan-customs.html";
const TITLE: &str = "Hainan free trade port adds duty-free import categories";

/// A site of its own design: a banner heading that is not the article's
/// title, the real headline in an `h2.story-head`, and the story in
/// `div.story` beside a longer block of boilerplate.
fn page() -> String {
    let boilerplate = "Subscribe to our newsletter for the latest regional updates. ".repeat(30);
    format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Coastal Daily</title></head><body>\
         <h1>Coastal Daily</h1>\
         <div class=\"promo\"><p>{boilerplate}</p></div>\
         <h2 class=\"story-head\">{TITLE}</h2>\
         <div class=\"story\">\
         <p>HAIKOU, March 3 (Xinhua) -- Hainan Province will add 12 categories of goods to the \
         duty-free import list of the Hainan Free Trade Port from April 1, the provincial \
         department of commerce said on Tuesday.</p>\
         <p>The province also plans to open two new international shipping routes from \
         Yangpu Port this year, officials said.</p>\
         </div></body></html>"
    )
}

fn stored_title(ws: &Workspace) -> String {
    ws.sql()
        .query_row("SELECT title FROM articles", [], |r| r.get(0))
        .expect("one stored article")
}

#[test]
fn once_and_re_extract_both_use_the_sources_selectors() {
    let site = Site::start();
    site.put("/robots.txt", "text/plain", "User-agent: *\nAllow: /\n");
    let sitemap = generated::sitemap(site.base(), &[PAGE.to_string()]);
    site.put("/sitemap.xml", "application/xml", sitemap);
    site.put(PAGE, "text/html; charset=utf-8", page());
    let ws = Workspace::new();
    let extraction = "[sources.extraction]\ntitle = \"h2.story-head\"\nbody = \"div.story\"\n";
    let config = ws.config(
        "regionwatch.toml",
        "",
        &[source(
            "coastal",
            &site.url("/sitemap.xml"),
            "sitemap",
            extraction,
        )],
    );

    once_ok(&config);
    assert_eq!(stored_title(&ws), TITLE);
    let body: String = ws
        .sql()
        .query_row("SELECT body FROM articles", [], |r| r.get(0))
        .unwrap();
    assert!(
        !body.contains("Subscribe"),
        "boilerplate in the body: {body}"
    );

    let out = regionwatch(&config, &["re-extract"]);
    assert!(out.status.success(), "{}", shown(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("re-extracted 1 articles"),
        "{}",
        shown(&out)
    );
    assert_eq!(stored_title(&ws), TITLE, "re-extract ignored the selectors");
}
