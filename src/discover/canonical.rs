//! Canonical article URLs: one spelling per article, so the same story linked
//! from a feed (with `utm_*`), a share button (with `from=`) and a list page
//! is stored once.

use url::Url;

/// Query parameters that only say how a reader arrived, never which page.
const TRACKING: &[&str] = &[
    "spm",
    "from",
    "share",
    "share_token",
    "isappinstalled",
    "wfr",
    "fbclid",
    "gclid",
    "dclid",
    "msclkid",
    "yclid",
    "igshid",
    "mc_cid",
    "mc_eid",
    "_ga",
    "ref_src",
    "scene",
    "clicktime",
    "enterid",
    "sharer_sharetime",
    "sharer_shareid",
    "tt_from",
    "utm",
];

/// Query parameter prefixes of tracking families.
const TRACKING_PREFIXES: &[&str] = &["utm_", "pk_", "hmsr"];

/// Paths where `?p=N` is the page's identity (WordPress post ids), not a page number.
const P_IS_ID_PATHS: &[&str] = &["/", "/index.php"];

/// The canonical form of an article URL: host lowercased, fragment and
/// credentials (`user:pw@`) dropped, tracking parameters and pagination (`page`,
/// and numeric `p`) removed; the remaining parameters keep their order.
///
/// Credentials in a scraped link are someone else's secret: they are neither
/// stored nor sent, and the same page linked with and without them is one article.
pub fn canonical_url(url: &Url) -> Url {
    let mut url = url.clone();
    url.set_fragment(None);
    // Only fails for URLs that cannot have credentials, which then have none.
    let _ = url.set_username("");
    let _ = url.set_password(None);
    lowercase_host(&mut url);
    let p_is_id = P_IS_ID_PATHS.contains(&url.path());
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(key, value)| !is_dropped(key, value, p_is_id))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if url.query().is_some() {
        if kept.is_empty() {
            url.set_query(None);
        } else if kept.len() != url.query_pairs().count() {
            url.query_pairs_mut().clear().extend_pairs(&kept);
        }
    }
    url
}

fn is_dropped(key: &str, value: &str, p_is_id: bool) -> bool {
    let key = key.to_ascii_lowercase();
    let numeric = !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit());
    TRACKING.contains(&key.as_str())
        || TRACKING_PREFIXES.iter().any(|p| key.starts_with(p))
        || key == "page"
        || (key == "p" && numeric && !p_is_id)
}

/// The url crate lowercases registered domains of http(s) URLs already; this
/// covers hosts it keeps verbatim (other schemes), so the rule holds for all.
fn lowercase_host(url: &mut Url) {
    if let Some(host) = url.host_str() {
        let lower = host.to_ascii_lowercase();
        if lower != host {
            // Only fails for URLs that cannot have a host, which this one has.
            let _ = url.set_host(Some(&lower));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canon(s: &str) -> String {
        canonical_url(&Url::parse(s).unwrap()).to_string()
    }

    #[test]
    fn untouched_when_nothing_to_drop() {
        let u = "https://www.news.cn/politics/20240509/3dd6e33cc6d749fbaae01fea337ff400/c.html";
        assert_eq!(canon(u), u);
        assert_eq!(canon("https://a.cn/x?b=2&a=1"), "https://a.cn/x?b=2&a=1");
    }

    #[test]
    fn tracking_and_pagination_dropped_others_kept_in_order() {
        assert_eq!(
            canon("https://A.CN/x.htm?utm_source=t&id=7&spm=1.2&page=3&lang=en#top"),
            "https://a.cn/x.htm?id=7&lang=en"
        );
        assert_eq!(
            canon("https://a.cn/x.htm?from=timeline&isappinstalled=0"),
            "https://a.cn/x.htm"
        );
        assert_eq!(canon("https://a.cn/x.htm?p=2"), "https://a.cn/x.htm");
        assert_eq!(
            canon("https://a.cn/x.htm?p=abc"),
            "https://a.cn/x.htm?p=abc"
        );
    }

    #[test]
    fn credentials_are_dropped() {
        assert_eq!(
            canon("http://user:pw@127.0.0.1:8080/a.html"),
            "http://127.0.0.1:8080/a.html"
        );
        assert_eq!(canon("https://user@a.cn/x"), "https://a.cn/x");
    }

    #[test]
    fn wordpress_post_id_is_not_a_page_number() {
        assert_eq!(
            canon("https://blog.cn/?p=123&utm_medium=rss"),
            "https://blog.cn/?p=123"
        );
    }
}
