//! Site layouts as data: which selectors hold the title, date, source, editor
//! lines and body on each family of news pages, and what to strip from bodies.
//!
//! A layout is chosen by the page's host when the URL is known, otherwise by
//! its `signature` selectors; pages no layout fits are read by the generic
//! text-density reader ([`super::density`]). Adding a site means adding a row.
//!
//! For a `meta` element the `content` attribute is read, for `time` the
//! `datetime` attribute, for anything else the element's text.

use std::sync::LazyLock;

use scraper::Selector;

use super::present::Rule;

mod table;

pub use table::{
    CAPTIONS, COMMON_DATE, COMMON_SOURCE, COMMON_STRIP, COMMON_TITLE, GENERIC_RULE, LAYOUTS,
    LayoutRule, SITE_NAME, SITE_NAMES,
};

/// A layout with its selectors compiled.
pub struct Layout {
    pub rule: &'static LayoutRule,
    pub signature: Vec<Rule>,
    pub title: Vec<Rule>,
    pub date: Vec<Rule>,
    pub source: Vec<Rule>,
    pub trailer: Vec<Rule>,
    pub body: Vec<Rule>,
    /// [`COMMON_STRIP`] plus the layout's own.
    pub strip: Vec<Rule>,
}

/// Selectors shared by all layouts, compiled once.
pub struct Common {
    pub strip: Vec<Rule>,
    pub captions: Vec<Rule>,
    pub title: Vec<Rule>,
    pub date: Vec<Rule>,
    pub source: Vec<Rule>,
    pub site_name: Vec<Rule>,
    pub page_title: Selector,
    pub h1: Rule,
    pub canonical: Vec<Rule>,
}

pub static COMPILED: LazyLock<Vec<Layout>> =
    LazyLock::new(|| LAYOUTS.iter().map(compile_layout).collect());

/// [`GENERIC_RULE`] compiled: the metadata selectors of the fallback reader.
pub static GENERIC_LAYOUT: LazyLock<Layout> = LazyLock::new(|| compile_layout(&GENERIC_RULE));

fn compile_layout(rule: &'static LayoutRule) -> Layout {
    Layout {
        rule,
        signature: compile_each(rule.signature),
        title: compile_each(rule.title),
        date: compile_each(rule.date),
        source: compile_each(rule.source),
        trailer: compile_each(rule.trailer),
        body: compile_each(rule.body),
        strip: COMMON_STRIP
            .iter()
            .chain(rule.strip)
            .map(|css| Rule::new(css))
            .collect(),
    }
}

pub static COMMON: LazyLock<Common> = LazyLock::new(|| Common {
    strip: compile_each(COMMON_STRIP),
    captions: compile_each(CAPTIONS),
    title: compile_each(COMMON_TITLE),
    date: compile_each(COMMON_DATE),
    source: compile_each(COMMON_SOURCE),
    site_name: compile_each(SITE_NAME),
    page_title: compile("title"),
    h1: Rule::new("h1"),
    canonical: compile_each(&["link[rel=canonical]", "meta[property='og:url']"]),
});

fn compile(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("layout table selector {css:?}: {e}"))
}

fn compile_each(list: &[&str]) -> Vec<Rule> {
    list.iter().map(|css| Rule::new(css)).collect()
}

/// Whether `host` is `suffix` or a subdomain of it.
pub fn host_matches(host: &str, suffix: &str) -> bool {
    host == suffix
        || host
            .strip_suffix(suffix)
            .is_some_and(|rest| rest.ends_with('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_selector_in_the_table_compiles() {
        assert_eq!(COMPILED.len(), LAYOUTS.len());
        assert_eq!(GENERIC_LAYOUT.rule.name, "generic");
        let _ = &COMMON.strip;
    }

    #[test]
    fn hosts() {
        assert!(host_matches("he.news.cn", "news.cn"));
        assert!(host_matches("news.cn", "news.cn"));
        assert!(!host_matches("fakenews.cn", "news.cn"));
    }
}
