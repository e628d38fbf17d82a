//! The article reader on the real Xinhua-family pages kept in the shared
//! reference folder (`../shared/fixtures/xinhua`, beside the clone in CI).
//! Each test checks what that folder's README says the page must give.
//! The pages are third-party content and not part of this repository: when the
//! folder is absent the tests fail under `CI=true`, else print a note and skip.

mod shared_support;

use std::path::PathBuf;

use regionwatch_extract::{Article, Hints, read_article};

/// The pages, from the shared folder (see `shared_support`).
fn shared_pages() -> Option<PathBuf> {
    shared_support::shared_path("fixtures/xinhua", "README.md")
}

fn read(name: &str, url: Option<&str>) -> Option<Article> {
    let path = shared_pages()?.join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let hints = Hints {
        url,
        content_type: None,
        overrides: None,
    };
    Some(read_article(&bytes, &hints).unwrap_or_else(|e| panic!("{name}: {e}")))
}

fn published(a: &Article) -> String {
    a.published.map(|p| p.to_rfc3339()).unwrap_or_default()
}

#[test]
fn xinhuanet_2019() {
    let Some(a) = read("xinhuanet-2019-zh.html", None) else {
        return;
    };
    assert_eq!(a.title, "法国全国大罢工再次严重影响交通");
    assert_eq!(published(&a), "2019-12-10T07:57:40+08:00");
    assert_eq!(a.source.as_deref(), Some("新华网"));
    assert_eq!(a.editors, ["尹世杰"]);
    assert_eq!(a.paragraphs.len(), 5);
    assert!(a.paragraphs[0].starts_with("新华社巴黎12月9日电"));
}

#[test]
fn newscn_2024() {
    let url =
        "http://www.news.cn/politics/leaders/20240509/3dd6e33cc6d749fbaae01fea337ff400/c.html";
    for hint in [None, Some(url)] {
        let Some(a) = read("newscn-2024-zh.html", hint) else {
            return;
        };
        assert!(a.title.starts_with("李强在新疆调研时强调"), "{}", a.title);
        assert_eq!(published(&a), "2024-05-09T22:27:02+08:00");
        assert_eq!(a.source.as_deref(), Some("新华网"));
        assert_eq!(a.editors, ["王頔"]);
        assert_eq!(a.paragraphs.len(), 6);
        assert_eq!(a.paragraphs[5], "马兴瑞、吴政隆参加调研。");
    }
}

#[test]
fn hebei_regional_2024() {
    let url = "http://www.he.news.cn/20240515/d59c39d4160a4fe4b3084c3e4abfb450/c.html";
    let Some(a) = read("hebei-newscn-2024-zh.html", Some(url)) else {
        return;
    };
    assert_eq!(published(&a), "2024-05-15T08:58:52+08:00");
    assert_eq!(a.editors, ["杨丹宇"]);
    assert!(!a.paragraphs.is_empty());
    for p in &a.paragraphs {
        assert!(
            !p.contains("下一页") && !p.contains("|<<"),
            "pager in body: {p}"
        );
    }
}

#[test]
fn english_fragment() {
    let Some(a) = read("english-newscn-2023-fragment.html", None) else {
        return;
    };
    let last = a.paragraphs.last().expect("body");
    assert!(last.ends_with("sold out for most of the trains."), "{last}");
    assert!(a.paragraphs[0].starts_with("HONG KONG/GUANGZHOU, Jan. 15 (Xinhua) --"));
    assert!(
        a.paragraphs
            .iter()
            .all(|p| !p.contains("(Xinhua/") && !p.contains('■'))
    );
    assert!(a.captions.iter().any(|c| c.ends_with("(Xinhua/Li Gang)")));
}

#[test]
fn people_lying_charset() {
    let Some(a) = read("people-2019-zh-lying-charset.html", None) else {
        return;
    };
    assert_eq!(a.title, "女儿出嫁，郑板桥画了几笔兰花当嫁妆");
    assert!(
        a.paragraphs
            .iter()
            .any(|p| p.contains("父亲的教诲像一盏灯"))
    );
    assert!(a.paragraphs.iter().all(|p| !p.contains('\u{fffd}')));
}
