//! Metadata rules on short pages of our own: the en.people.cn layout (origin
//! line, `(Web editor: …)`), and the generic reader's source and editor lines.

use regionwatch_extract::{Article, Hints, read_article};

fn read(html: &str) -> Article {
    read_article(html.as_bytes(), &Hints::default()).expect("an article")
}

const PARAGRAPHS: &str = "<p>The inland port opened two new freight routes this spring, linking local factories with buyers overseas and cutting delivery times by a third.</p>\
<p>Officials said more than forty companies have signed up to use the routes, and customs clearance now takes under two hours for most shipments.</p>\
<p>The port plans to add a cold-chain inspection center before the end of the year, according to the city's commerce bureau.</p>";

#[test]
fn people_english_origin_and_web_editor() {
    let html = format!(
        "<html><head><title>Port opens routes - People's Daily Online</title></head><body>\
         <div class=\"w860 d2txt\"><h1>Port opens routes</h1>\
         <div class=\"origin cf\"><span>By Lu Xin (People's Daily Online) 14:05, April 09, 2026</span></div>\
         <div class=\"w860 d2txtCon cf\">{PARAGRAPHS}</div>\
         <div class=\"editor\">(Web editor: Fang Ke, Yu Ning)</div></div></body></html>"
    );
    let a = read(&html);
    assert_eq!(a.layout, "people-en");
    assert_eq!(a.title, "Port opens routes");
    assert_eq!(
        a.published.map(|p| p.to_rfc3339()).as_deref(),
        Some("2026-04-09T14:05:00+08:00")
    );
    assert_eq!(a.source.as_deref(), Some("People's Daily Online"));
    assert_eq!(a.editors, ["Fang Ke", "Yu Ning"]);
    assert!(a.paragraphs.iter().all(|p| !p.contains("Web editor")));
}

#[test]
fn generic_page_source_and_editor_elements() {
    let html = format!(
        "<html><head><title>港口开通新航线</title></head><body>\
         <div class=\"nav\"><a href=\"/\">首页</a><a href=\"/a\">要闻</a></div>\
         <h1>港口开通新航线</h1>\
         <div class=\"info\"><span class=\"time\">2026-04-09 07:45</span>\
         <span class=\"source\">来源：江城日报</span></div>\
         <div class=\"text\">{PARAGRAPHS}</div>\
         <div class=\"bianji\">责任编辑：陈立</div></body></html>"
    );
    let a = read(&html);
    assert_eq!(a.layout, "generic");
    assert_eq!(a.source.as_deref(), Some("江城日报"));
    assert_eq!(a.editors, ["陈立"]);
}

#[test]
fn china_daily_byline_gives_outlet_and_time() {
    let html = format!(
        "<html><head><title>Port opens routes - Chinadaily.com.cn</title></head><body>\
         <div class=\"lft_art\"><h1>Port opens routes</h1>\
         <div class=\"info\"><span class=\"info_l\">By QIN FENG in Ganzhou | chinadaily.com.cn | Updated: 2026-04-09 07:45</span></div>\
         <div id=\"Content\">{PARAGRAPHS}</div></div></body></html>"
    );
    let a = read(&html);
    assert_eq!(a.layout, "chinadaily");
    assert_eq!(a.source.as_deref(), Some("China Daily"));
    assert_eq!(
        a.published.map(|p| p.to_rfc3339()).as_deref(),
        Some("2026-04-09T07:45:00+08:00")
    );
    assert!(a.editors.is_empty(), "a bylined reporter is not an editor");

    let republished = html.replace("By QIN FENG in Ganzhou | chinadaily.com.cn", "Xinhua");
    assert_eq!(read(&republished).source.as_deref(), Some("Xinhua"));
}
