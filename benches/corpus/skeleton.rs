//! Page skeletons in the shape of news.cn (2021+) and english.news.cn article
//! pages, with the boilerplate that makes up most of a real page's bytes.

use super::Rng;
use super::articles::{ArticleText, CHINESE, ENGLISH};
use std::fmt::Write;

const ZH_CHANNELS: &[&str] = &[
    "首页",
    "时政",
    "国际",
    "财经",
    "地方",
    "法治",
    "军事",
    "网评",
    "思客",
    "体育",
    "教育",
    "科技",
    "健康",
    "文化",
    "旅游",
    "房产",
    "汽车",
    "能源",
    "食品",
    "企业",
    "一带一路",
    "乡村振兴",
    "数据",
];
const EN_CHANNELS: &[&str] = &[
    "Home",
    "China",
    "World",
    "Business",
    "Culture",
    "Sci-Tech",
    "Sports",
    "Photos",
    "Video",
    "Opinion",
    "Asia-Pacific",
    "Europe",
    "Americas",
    "Africa",
    "Xinhua Headlines",
    "In-Depth",
];
const ZH_TOPICS: &[&str] = &[
    "外贸稳中提质",
    "自贸试验区建设",
    "跨境电商新业态",
    "中欧班列开行",
    "港口吞吐量",
    "营商环境优化",
    "消费市场回暖",
    "科技创新成果",
    "乡村振兴观察",
    "生态文明建设",
    "数字经济发展",
    "文化旅游融合",
];
const ZH_PLACES: &[&str] = &[
    "多地",
    "各地",
    "东部沿海",
    "西部省份",
    "长三角",
    "粤港澳大湾区",
    "京津冀",
    "成渝地区",
];
const EN_WORDS: &[&str] = &[
    "China",
    "economy",
    "trade",
    "port",
    "growth",
    "exports",
    "reform",
    "innovation",
    "tourism",
    "investment",
    "record",
    "green",
    "digital",
    "festival",
    "rural",
    "logistics",
    "youth",
    "market",
];

/// A news.cn 2021+ Chinese article page of about `target` bytes.
pub fn chinese_page(article: &ArticleText, rng: &mut Rng, target: usize) -> String {
    let head = head(&format!("{}-新华网", article.headline), "新华网", rng, true);
    let mut top = String::from("<body>");
    top += &top_bar(rng, ZH_CHANNELS, true);
    let mut main = String::new();
    main += r#"<div class="header domPC"><div class="header-top clearfix"><div class="header-time left"><span class="year"><em>2026</em></span><span class="day"><em>02</em>/<em>15</em></span><span class="time">09:30:00</span></div><div class="source">来源：新华网</div><div class="share"><a class="wx" href="javascript:void(0)">微信</a><a class="wb" href="javascript:void(0)">微博</a></div></div>"#;
    let _ = write!(
        main,
        r#"<div class="head-line clearfix"><h1><span class="title">{}</span></h1><div class="pageShare"></div></div></div>"#,
        article.headline
    );
    main += r#"<div class="main clearfix"><div class="main-left left"><div id="detail"><span id="detailContent">"#;
    for p in article.paragraphs {
        let _ = write!(main, "<p>　　{p}</p>");
    }
    main += r#"</span></div><div id="articleEdit"><span class="tiyi1"><a href="javascript:void(0);" class="advise">【纠错】</a></span><span class="editor">【责任编辑：王頔】</span></div>"#;
    main += r#"<div class="p-tags"><span>关键词：</span><a href="/tag/1">对外开放</a><a href="/tag/2">自贸区</a></div></div><div class="main-right right">"#;
    let tail = "</div></div>".to_string() + &footer(rng, true) + "</body></html>";
    assemble(&head, &top, &main, &tail, target, zh_list_block)
}

/// An english.news.cn article page of about `target` bytes.
pub fn english_page(article: &ArticleText, rng: &mut Rng, target: usize) -> String {
    let head = head(
        &format!("{} - Xinhua | English.news.cn", article.headline),
        "Xinhua",
        rng,
        false,
    );
    let mut top = String::from("<body>");
    top += &top_bar(rng, EN_CHANNELS, false);
    let mut main = String::new();
    let _ = write!(
        main,
        r#"<div class="conTop"><div class="bread"><a href="/">Home</a> &gt; <a href="/china/">China</a></div><h1>{}</h1><div class="wzzy"><span class="time">2026-02-15 09:30:00</span><span class="source">Source: Xinhua</span><span class="editor">Editor: Li Ming</span></div></div>"#,
        article.headline
    );
    main += r#"<div class="mainCon clearfix"><div class="mainLeft"><div class="content" id="detailContent">"#;
    for p in article.paragraphs {
        let _ = write!(main, "<p>{p}</p>");
    }
    main += r#"</div><div class="share"><span>Share:</span><a href="javascript:void(0)">Facebook</a><a href="javascript:void(0)">X</a><a href="javascript:void(0)">LinkedIn</a></div></div><div class="mainRight">"#;
    let tail = "</div></div>".to_string() + &footer(rng, false) + "</body></html>";
    assemble(&head, &top, &main, &tail, target, en_list_block)
}

/// Fills the sidebar with list blocks until the page reaches `target` bytes.
fn assemble(
    head: &str,
    top: &str,
    main: &str,
    tail: &str,
    target: usize,
    mut block: impl FnMut(&mut Rng) -> String,
) -> String {
    let mut rng = Rng(target as u64 | 1);
    let mut page = String::with_capacity(target + 8192);
    page += head;
    page += top;
    page += main;
    while page.len() + tail.len() < target {
        page += &block(&mut rng);
    }
    page += tail;
    page
}

fn head(title: &str, source: &str, rng: &mut Rng, chinese: bool) -> String {
    let mut h = String::from("<!DOCTYPE html><html><head>");
    h += r#"<meta http-equiv="Content-Type" content="text/html; charset=utf-8">"#;
    let _ = write!(
        h,
        r#"<meta name="source" content="{source}"><meta name="publishdate" content="2026-02-15"><meta name="contentid" content="{}">"#,
        rng.hex32()
    );
    h += r#"<meta name="viewport" content="width=device-width, initial-scale=1.0"><meta http-equiv="X-UA-Compatible" content="IE=edge">"#;
    let _ = write!(h, "<title>{title}</title>");
    for lib in [
        "jquery-3.6.0.min.js",
        "swiper.min.js",
        "share.js",
        "webdig.js",
    ] {
        let _ = write!(
            h,
            r#"<script type="text/javascript" src="https://lib.news.cn/global/{lib}"></script>"#
        );
    }
    h += "<style>";
    for i in 0..if chinese { 140 } else { 110 } {
        let _ = writeln!(
            h,
            ".part{i} .item a,.part{i} .tit{{color:#{:06x};font-size:{}px;line-height:{}px;margin:0 {}px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}}",
            rng.next() & 0xFFFFFF,
            12 + rng.below(8),
            20 + rng.below(12),
            rng.below(20)
        );
    }
    h += "</style><script>";
    for i in 0..60 {
        let _ = writeln!(
            h,
            "var cfg{i}={{id:'{}',slot:{},lazy:true}};if(window.dig){{dig.push(['_trackEvent','detail','{i}']);}}",
            rng.hex32(),
            rng.below(1000)
        );
    }
    h += "</script></head>";
    h
}

/// The channel bar with a drop-down of sub-channels per channel.
fn top_bar(rng: &mut Rng, channels: &[&str], chinese: bool) -> String {
    let mut s = String::from(
        r#"<div class="topBar"><div class="logo"><a href="/"><img src="/logo.png" alt="logo"></a></div><div class="nav"><ul>"#,
    );
    for ch in channels {
        let _ = write!(
            s,
            r#"<li class="nav-item"><a href="/{}/">{ch}</a><div class="subnav"><ul>"#,
            rng.below(9999)
        );
        for _ in 0..6 {
            let sub = if chinese {
                rng.pick(ZH_TOPICS).to_string()
            } else {
                en_title(rng, 3)
            };
            let _ = write!(
                s,
                r#"<li><a href="/{}/index.htm">{sub}</a></li>"#,
                rng.below(99999)
            );
        }
        s += "</ul></div></li>";
    }
    s += "</ul></div></div>";
    s
}

fn zh_list_block(rng: &mut Rng) -> String {
    let kinds = ["相关新闻", "热点推荐", "图片新闻", "24小时热点", "地方频道"];
    let mut s = format!(
        r#"<div class="columBox"><div class="col-tit"><span>{}</span></div><ul class="list">"#,
        rng.pick(&kinds)
    );
    for _ in 0..12 {
        let title = format!(
            "{}{}：{}",
            rng.pick(ZH_PLACES),
            rng.pick(ZH_TOPICS),
            title_of(rng, CHINESE.iter().map(|a| a.headline))
        );
        let _ = write!(
            s,
            r#"<li><a href="https://www.news.cn/20260{}/{}/c.html" target="_blank">{title}</a><span class="time">2026-0{}-{:02}</span></li>"#,
            1 + rng.below(9),
            rng.hex32(),
            1 + rng.below(9),
            1 + rng.below(28)
        );
    }
    s += "</ul></div>";
    s
}

fn en_list_block(rng: &mut Rng) -> String {
    let kinds = [
        "Related",
        "Most Viewed",
        "Photos",
        "Editor's Choice",
        "Video",
    ];
    let mut s = format!(
        r#"<div class="columBox"><div class="col-tit"><span>{}</span></div><ul class="list">"#,
        rng.pick(&kinds)
    );
    for _ in 0..10 {
        let title = if rng.below(3) == 0 {
            title_of(rng, ENGLISH.iter().map(|a| a.headline))
        } else {
            en_title(rng, 8)
        };
        let _ = write!(
            s,
            r#"<li><div class="tit"><a href="https://english.news.cn/20260{}/{}/c.html" target="_blank">{title}</a></div><div class="img"><img src="https://english.news.cn/img/{}.jpg"></div></li>"#,
            1 + rng.below(9),
            rng.hex32(),
            rng.hex32()
        );
    }
    s += "</ul></div>";
    s
}

fn footer(rng: &mut Rng, chinese: bool) -> String {
    let mut s = String::from(r#"<div class="foot"><div class="links">"#);
    for _ in 0..40 {
        let text = if chinese {
            rng.pick(ZH_CHANNELS).to_string()
        } else {
            en_title(rng, 2)
        };
        let _ = write!(
            s,
            r#"<a href="https://{}.example.cn/">{text}</a>"#,
            rng.below(500)
        );
    }
    s += if chinese {
        "</div><p>Copyright © 2000-2026 XINHUANET.com All Rights Reserved.</p><p>制作单位：新华网股份有限公司 版权所有 新华网股份有限公司</p></div>"
    } else {
        "</div><p>Copyright © 2000-2026 XINHUANET.com All Rights Reserved.</p></div>"
    };
    s
}

fn en_title(rng: &mut Rng, words: usize) -> String {
    let mut t: Vec<&str> = (0..words).map(|_| *rng.pick(EN_WORDS)).collect();
    t[0] = "China's";
    t.join(" ")
}

fn title_of<'a>(rng: &mut Rng, titles: impl Iterator<Item = &'a str>) -> String {
    let all: Vec<&str> = titles.collect();
    rng.pick(&all).to_string()
}
