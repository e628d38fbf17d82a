//! The layout table: one row per family of news pages (see the parent
//! module for how a layout is chosen and read). Data only.

/// One site family's rules, as written in the table.
pub struct LayoutRule {
    pub name: &'static str,
    /// Host suffixes (`news.cn` matches `www.news.cn` and `he.news.cn`).
    pub hosts: &'static [&'static str],
    /// Selectors that identify the layout when the URL is unknown.
    pub signature: &'static [&'static str],
    pub title: &'static [&'static str],
    pub date: &'static [&'static str],
    pub source: &'static [&'static str],
    /// Elements whose text holds `Editor:`/`责任编辑` style fields.
    pub trailer: &'static [&'static str],
    /// Body containers, best first.
    pub body: &'static [&'static str],
    /// Removed from the body on top of [`COMMON_STRIP`].
    pub strip: &'static [&'static str],
    /// Used when the page names no source.
    pub default_source: Option<&'static str>,
}

/// The layouts, most specific first: detection by signature takes the first fit.
pub const LAYOUTS: &[LayoutRule] = &[
    LayoutRule {
        name: "newscn-2021",
        hosts: &["www.news.cn", "news.cn", "xinhuanet.com"],
        signature: &[".head-line h1 span.title", ".mheader h1 span.title"],
        title: &[".head-line h1 span.title", ".mheader h1 span.title"],
        date: &[".mheader .info", ".header-time", "#pubtime"],
        source: &[
            ".mheader .info span",
            ".header-cont .source",
            "meta[name=source]",
        ],
        trailer: &["#articleEdit .editor", "#articleEdit"],
        body: &["#detailContent", "#detail"],
        strip: &[".columBox", ".nextpage", "[id^=DH-PLAYERID]"],
        default_source: Some("新华网"),
    },
    LayoutRule {
        name: "xinhua-regional",
        hosts: &["news.cn", "xinhuanet.com"],
        signature: &["h1#title span", "#headerTitle #articleTit"],
        title: &["h1#title span:first-child", "h1#title"],
        date: &[".info .source .time", ".info .time", "#pubtime"],
        source: &[".info .sourceText", "meta[name=source]"],
        trailer: &["#articleEdit .editor", "#articleEdit"],
        body: &["#detailContent", "#detail"],
        strip: &["center.xinhuaPager", ".xinhuaPager", "#xinhuaPagerBox"],
        default_source: Some("新华网"),
    },
    LayoutRule {
        name: "xinhuanet-2017",
        hosts: &["xinhuanet.com", "news.cn"],
        signature: &["div.h-title", "#p-detail"],
        title: &["div.h-title", "#title"],
        date: &["span.h-time", ".h-info .h-time", "#pubtime"],
        source: &["#source", ".h-info #source"],
        trailer: &[".p-tags", "#p-detail .p-jc"],
        body: &["#p-detail .main-aticle", "#p-detail", "#content"],
        strip: &[".lb", ".video-url", ".tadd", ".relate-news", ".zan-wap"],
        default_source: Some("新华网"),
    },
    LayoutRule {
        name: "english-newscn",
        hosts: &["english.news.cn", "english.xinhuanet.com"],
        signature: &[".conTop h1", "#detailContent"],
        title: &[".conTop h1", "div.Btitle", "h1.title"],
        date: &[".conTop .info .time", ".conTop .info", ".time", "#pubtime"],
        source: &[".conTop .source"],
        trailer: &[".editor", "#articleEdit"],
        body: &["#detailContent", "#detail", ".content"],
        strip: &[],
        default_source: Some("Xinhua"),
    },
    LayoutRule {
        name: "outlook-new-era",
        hosts: &["liaowanghn.com", "lwxsd.com"],
        signature: &[".article-detail .article-content", "#articleContent"],
        title: &[".article-detail h1.article-title", "h1.article-title"],
        date: &[".article-meta .pub-date", ".article-meta"],
        source: &[".article-meta .article-source"],
        trailer: &[".article-editor"],
        body: &["#articleContent", ".article-detail .article-content"],
        strip: &[".statement", ".article-share", ".related-articles"],
        default_source: None,
    },
    LayoutRule {
        name: "chinadaily",
        hosts: &["chinadaily.com.cn"],
        signature: &[".lft_art #Content", ".main_art #Content"],
        title: &[".lft_art h1", ".main_art h1", ".dabiaoti", "h1.title"],
        date: &[".info_l", ".info .fenx", "#pubtime", ".xinf-le"],
        // `.info_l` reads "By X | China Daily | Updated: …" or "Xinhua | Updated: …":
        // the outlet before "Updated" is the source ([`super::byline`]).
        source: &[".info_l"],
        trailer: &[".editor", ".article-editor", "#Content .bianji"],
        body: &["#Content", ".article", "#content"],
        strip: &[
            "#div_currpage",
            ".currpage",
            ".selectpage",
            ".moreRead",
            ".share",
        ],
        default_source: Some("China Daily"),
    },
    LayoutRule {
        name: "people-en",
        hosts: &["en.people.cn"],
        signature: &[".d2txt .d2txtCon", ".d2txtCon", ".d2txt_con"],
        title: &[".d2txt h1", "h1"],
        // "By X (People's Daily Online) 15:02, June 16, 2026": outlet and time.
        date: &[".d2txt .origin", ".origin"],
        source: &[".d2txt .origin", ".origin"],
        trailer: &[".editor", ".d2txt .edit"],
        body: &[".d2txtCon", ".d2txt_con"],
        strip: &[".editor", ".share_text", ".d2_4"],
        default_source: Some("People's Daily Online"),
    },
    LayoutRule {
        name: "people",
        hosts: &["people.com.cn", "people.cn"],
        signature: &[".rm_txt_con", "#rwb_zw", ".text_title .box01"],
        title: &[".rm_txt h1", ".text_title h1", ".title h1", "#p_title"],
        date: &[
            ".box01 .fl",
            ".col-1-1",
            "#p_publishtime",
            ".text_title .box01",
        ],
        source: &[".box01 .fl a", ".col-1-1 a", "#p_origin a"],
        trailer: &[".edit", ".editor", ".rm_txt_con .edit"],
        body: &[".rm_txt_con", "#rwb_zw", ".box_con", "#p_content"],
        strip: &[".zdfy", ".box_pic", ".edit", ".paper_num", ".otitle"],
        default_source: Some("人民网"),
    },
    LayoutRule {
        name: "govcn",
        hosts: &["gov.cn"],
        signature: &["#UCAP-CONTENT", ".pages_content", ".pages-date"],
        title: &[".article h1", ".pages-title", "meta[name=ArticleTitle]"],
        date: &[
            ".pages-date",
            "meta[name=firstpublishedtime]",
            "meta[name=PubDate]",
        ],
        source: &[
            ".pages-date .font",
            "meta[name=ContentSource]",
            ".pages-date",
        ],
        trailer: &[".editor", ".pages_print .editor"],
        body: &["#UCAP-CONTENT", ".pages_content", ".article .content"],
        strip: &[".pages_print", ".share", ".mhide"],
        default_source: Some("中国政府网"),
    },
];

/// Where pages no layout fits keep their metadata (the body is found by
/// text density): common class names of source and editor lines.
pub const GENERIC_RULE: LayoutRule = LayoutRule {
    name: "generic",
    hosts: &[],
    signature: &[],
    title: &[],
    date: &[
        ".info .time",
        ".info",
        ".origin",
        ".entry-date",
        ".date",
        ".time",
    ],
    source: &[
        ".source",
        "#source",
        ".article-source",
        ".laiyuan",
        ".origin",
        ".news-source",
        ".info",
    ],
    trailer: &[
        ".editor",
        "#editor",
        ".edit",
        ".bianji",
        ".zrbj",
        ".article-editor",
        ".responsible-editor",
        ".adEditor",
    ],
    body: &[],
    strip: &[],
    default_source: None,
};

/// Removed from every body: scripts, widgets, pagers, ads, related lists.
pub const COMMON_STRIP: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "form",
    "button",
    "select",
    "textarea",
    "input",
    "nav",
    "aside",
    "audio",
    "video",
    "ins[data-ycad-slot]",
    "#articleEdit",
    ".p-tags",
    ".xinhuaPager",
    ".pagination",
    ".pager",
    "#pager",
    ".page-nav",
    ".share",
    ".bdsharebuttonbox",
    ".pageShare",
    "#ops_share",
    ".relatedNews",
    ".related-news",
    ".relate-news",
    ".related",
    ".advise",
    ".tiyi01",
    "[style*='display:none']",
    "[style*='display: none']",
];

/// Photo caption elements, kept apart from the body.
pub const CAPTIONS: &[&str] = &[
    "figcaption",
    ".pic-text",
    ".picText",
    ".img-desc",
    ".caption",
    "p.pictext",
    "span.pictext",
    "p.imgDescription",
];

/// Tried on every page after the layout's own title selectors.
pub const COMMON_TITLE: &[&str] = &[
    "meta[property='og:title']",
    "meta[name=ArticleTitle]",
    "meta[name=title]",
];

/// Tried on every page after the layout's own date selectors.
pub const COMMON_DATE: &[&str] = &[
    "#pubtime",
    ".header-time",
    "meta[property='article:published_time']",
    "meta[name=publishdate]",
    "meta[name=pubdate]",
    "meta[name=PubDate]",
    "meta[name=firstpublishedtime]",
    "meta[itemprop=datePublished]",
    "time[datetime]",
];

/// Tried on every page after the layout's own source selectors.
pub const COMMON_SOURCE: &[&str] = &["meta[name=source]", "meta[name=ContentSource]"];

/// The site's own name: the source of last resort, when the page prints none.
pub const SITE_NAME: &[&str] = &["meta[property='og:site_name']"];

/// Site names that end `<title>` text (`…-新华网`, `… - Chinadaily.com.cn`).
pub const SITE_NAMES: &[&str] = &[
    "新华网",
    "新华社",
    "xinhua",
    "xinhuanet",
    "news.cn",
    "人民网",
    "people's daily",
    "people.cn",
    "中国政府网",
    "gov.cn",
    "中国日报",
    "chinadaily",
    "china daily",
    "outlook new era",
    "瞭望",
    "中国网",
    "china.org.cn",
    "cgtn",
    "央视网",
];
