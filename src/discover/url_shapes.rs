//! Article URL shapes: how a list page's links to articles are told apart
//! from its links to sections, topics, videos and other lists.
//!
//! The shapes are data: a host suffix (or any host) and a path pattern. A
//! known site's own shapes decide for its hosts; the generic dated-path shape
//! is for every other site (on news.cn it would admit section pages).

use std::sync::LazyLock;

use regex::Regex;
use url::Url;

/// `(host suffix, path pattern)`; `None` matches any host. Dates are checked
/// loosely (month 01-12, day 01-31): an impossible date is no article anyway.
const SHAPES: &[(Option<&str>, &str)] = &[
    // news.cn (2021+), its regional and English sites: [/channel]/YYYYMMDD/<32 hex>/c.html
    (
        Some("news.cn"),
        r"^/(?:[\w-]+/)*20\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])/[0-9a-f]{32}/c\.html?$",
    ),
    // news.cn still serves older pages in the xinhuanet shape.
    (
        Some("news.cn"),
        r"^/(?:[\w-]+/)*20\d{2}-(?:0[1-9]|1[0-2])/(?:0[1-9]|[12]\d|3[01])/c_\d+\.html?$",
    ),
    // xinhuanet.com (2017-2021): /channel/YYYY-MM/DD/c_<digits>.htm
    (
        Some("xinhuanet.com"),
        r"^/(?:[\w-]+/)*(?:19|20)\d{2}-(?:0[1-9]|1[0-2])/(?:0[1-9]|[12]\d|3[01])/c_\d+\.html?$",
    ),
    // China Daily: /a/YYYYMM/DD/WS<hex>.html
    (
        Some("chinadaily.com.cn"),
        r"^/a/20\d{2}(?:0[1-9]|1[0-2])/(?:0[1-9]|[12]\d|3[01])/WS[0-9a-fA-F]+\.html$",
    ),
    // People's Daily: /n1/YYYY/MMDD/c<digits>-<digits>.html
    (
        Some("people.com.cn"),
        r"^/n1/20\d{2}/(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])/c\d+-\d+\.html$",
    ),
    // gov.cn: /<section>/YYYYMM/content_<digits>.htm
    (
        Some("gov.cn"),
        r"^/(?:[\w-]+/)*20\d{2}(?:0[1-9]|1[0-2])/content_\d+\.html?$",
    ),
    // Any site: a dated directory (/YYYY-MM/DD/ or /YYYYMMDD/) then a page
    // that is not an index and not a media file.
    (
        None,
        r"^/(?:[\w-]+/)*(?:(?:19|20)\d{2}-(?:0[1-9]|1[0-2])/(?:0[1-9]|[12]\d|3[01])|(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))/(?:[\w-]+/)*(?:[\w-]*[A-Za-z0-9][\w-]*)(?:\.s?html?|\.php)?$",
    ),
];

/// Last path segments that are list indexes, not articles, under any shape.
const INDEX_PAGES: &[&str] = &[
    "index",
    "index.htm",
    "index.html",
    "index.shtml",
    "list.htm",
    "list.html",
];

static COMPILED: LazyLock<Vec<(Option<&'static str>, Regex)>> = LazyLock::new(|| {
    SHAPES
        .iter()
        .map(|(host, path)| {
            (
                *host,
                Regex::new(path).expect("article shape pattern is valid"),
            )
        })
        .collect()
});

/// Whether `url` has the shape of a news article (Xinhua and common Chinese
/// news sites, or any site's dated article path).
pub fn looks_like_article(url: &Url) -> bool {
    if !matches!(url.scheme(), "http" | "https") {
        return false;
    }
    let (Some(host), path) = (url.host_str(), url.path()) else {
        return false;
    };
    let last = path.rsplit('/').next().unwrap_or_default();
    if INDEX_PAGES.contains(&last.to_ascii_lowercase().as_str()) {
        return false;
    }
    let known_site = COMPILED
        .iter()
        .any(|(suffix, _)| suffix.is_some_and(|s| host_in(host, s)));
    COMPILED
        .iter()
        .filter(|(suffix, _)| match suffix {
            Some(s) => host_in(host, s),
            None => !known_site,
        })
        .any(|(_, re)| re.is_match(path))
}

/// `host` is `domain` or one of its subdomains.
fn host_in(host: &str, domain: &str) -> bool {
    let host = host.trim_end_matches('.');
    host.eq_ignore_ascii_case(domain)
        || host.len().checked_sub(domain.len() + 1).is_some_and(|cut| {
            host.as_bytes()[cut] == b'.' && host[cut + 1..].eq_ignore_ascii_case(domain)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_article(s: &str) -> bool {
        looks_like_article(&Url::parse(s).unwrap())
    }

    #[test]
    fn xinhua_and_common_shapes() {
        for url in [
            "https://www.news.cn/politics/leaders/20240509/3dd6e33cc6d749fbaae01fea337ff400/c.html",
            "https://www.he.news.cn/20240515/d59c39d4160a4fe4b3084c3e4abfb450/c.html",
            "https://english.news.cn/20230115/98a3b5c41af641938a2a205f1e0b9f71/c.html",
            "https://english.news.cn/asiapacific/20240509/0123456789abcdef0123456789abcdef/c.html",
            "http://www.xinhuanet.com/world/2019-12/10/c_1125327450.htm",
            "http://www.news.cn/world/2021-05/10/c_1127428000.htm",
            "https://www.chinadaily.com.cn/a/202405/09/WS663c1f2ea31082fc043c6b1e.html",
            "http://politics.people.com.cn/n1/2024/0509/c1024-40232323.html",
            "https://www.gov.cn/yaowen/liebiao/202405/content_6950123.htm",
            "https://example.org/news/2024-05/09/some-story.html",
            "https://example.org/news/20240509/story-123",
        ] {
            assert!(is_article(url), "{url}");
        }
    }

    #[test]
    fn lists_sections_and_media_are_not_articles() {
        for url in [
            "https://english.news.cn/list/china-politics.htm",
            "https://www.news.cn/politics/",
            "https://www.news.cn/20240509/notahexid/c.html",
            "https://www.news.cn/politics/20241309/3dd6e33cc6d749fbaae01fea337ff400/c.html",
            "https://example.org/news/2024-05/09/index.html",
            "https://example.org/news/2024-05/09/",
            "https://example.org/img/20240509/photo.jpg",
            "https://evilnews.cn.example.com/x/202405/content_1.htm",
            "ftp://www.news.cn/20240509/3dd6e33cc6d749fbaae01fea337ff400/c.html",
        ] {
            assert!(!is_article(url), "{url}");
        }
    }

    #[test]
    fn host_suffix_needs_a_dot_boundary() {
        assert!(host_in("www.news.cn", "news.cn"));
        assert!(host_in("news.cn", "news.cn"));
        assert!(!host_in("fakenews.cn", "news.cn"));
    }
}
