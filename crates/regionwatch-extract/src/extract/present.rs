//! The elements of a document by id, class and element name, gathered in one
//! pass, so a table selector is tried only on the elements that carry its key
//! token, and skipped outright when no element does.
//!
//! Layout detection and metadata try some forty selectors; each would
//! otherwise walk the whole tree (a dozen `meta[...]` rules walk thousands of
//! sidebar links for the page's twenty `<meta>`), which costs seconds on a
//! 20 MB page.

use std::collections::HashMap;

use scraper::{ElementRef, Html, Selector};

/// A compiled table selector and the token its matches must carry.
pub struct Rule {
    pub selector: Selector,
    key: Key,
}

/// The id, class or element name of a selector's rightmost compound.
enum Key {
    Id(String),
    Class(String),
    Tag(String),
    Any,
}

impl Rule {
    /// Compiles a selector from the layout table; the table is static, so a
    /// bad selector is a programming error caught by the table's unit test.
    pub fn new(css: &str) -> Self {
        let selector =
            Selector::parse(css).unwrap_or_else(|e| panic!("layout table selector {css:?}: {e}"));
        Rule {
            selector,
            key: key_of(css),
        }
    }

    /// Whether the document has this rule's key token (else it cannot match).
    pub fn may_match(&self, present: &Present) -> bool {
        present.has(&self.key)
    }

    /// Matches of this rule, in the order `Html::select` gives them: only the
    /// elements carrying its key are tried.
    pub fn select<'d, 'a>(
        &'a self,
        doc: &'d Html,
        present: &'a Present<'d>,
    ) -> impl Iterator<Item = ElementRef<'d>> + use<'d, 'a> {
        let (candidates, everything) = match present.carrying(&self.key) {
            Some(elements) => (elements, None),
            None => (&[][..], Some(doc.select(&self.selector))),
        };
        let keyed = candidates.iter().copied();
        keyed
            .filter(|element| self.selector.matches(element))
            .chain(everything.into_iter().flatten())
    }
}

/// The elements of one document by token, each list in tree order.
#[derive(Default)]
pub struct Present<'d> {
    ids: HashMap<&'d str, Vec<ElementRef<'d>>>,
    classes: HashMap<&'d str, Vec<ElementRef<'d>>>,
    tags: HashMap<&'d str, Vec<ElementRef<'d>>>,
}

impl<'d> Present<'d> {
    pub fn of(doc: &'d Html) -> Self {
        let mut p = Present::default();
        // The same walk as `Html::select` (which skips nodes the parser detached),
        // so matches come in the same order.
        let elements = doc.tree.nodes().filter_map(ElementRef::wrap);
        for element in elements.filter(|element| element.parent().is_some()) {
            let el = element.value();
            p.tags.entry(el.name()).or_default().push(element);
            if let Some(id) = el.id() {
                p.ids.entry(id).or_default().push(element);
            }
            for class in el.classes() {
                p.classes.entry(class).or_default().push(element);
            }
        }
        p
    }

    /// The selectors of `rules` that may match in this document.
    pub fn filter<'r>(&self, rules: &'r [Rule]) -> Vec<&'r Selector> {
        rules
            .iter()
            .filter(|r| r.may_match(self))
            .map(|r| &r.selector)
            .collect()
    }

    fn has(&self, key: &Key) -> bool {
        self.carrying(key)
            .is_none_or(|elements| !elements.is_empty())
    }

    /// The elements carrying `key`; `None` for a rule with no key (try them all).
    fn carrying(&self, key: &Key) -> Option<&[ElementRef<'d>]> {
        let (map, token) = match key {
            Key::Id(id) => (&self.ids, id),
            Key::Class(class) => (&self.classes, class),
            Key::Tag(tag) => (&self.tags, tag),
            Key::Any => return None,
        };
        Some(map.get(token.as_str()).map_or(&[][..], Vec::as_slice))
    }
}

/// The key token of `css`'s rightmost compound selector (`span.title` → class
/// `title`, `#detail` → id, `meta[name=x]` → tag `meta`).
fn key_of(css: &str) -> Key {
    if css.contains(',') {
        return Key::Any;
    }
    let last = css
        .rsplit(|c: char| c.is_whitespace() || matches!(c, '>' | '+' | '~'))
        .find(|s| !s.is_empty())
        .unwrap_or("");
    // Attribute brackets and pseudo-classes may hold '.' or '#': cut them off.
    let compound = last.split(['[', ':']).next().unwrap_or("");
    let ident = |from: &str| -> String {
        from.chars()
            .take_while(|c| c.is_alphanumeric() || matches!(c, '-' | '_'))
            .collect()
    };
    if let Some(at) = compound.find('#') {
        return Key::Id(ident(&compound[at + 1..]));
    }
    if let Some(at) = compound.find('.') {
        return Key::Class(ident(&compound[at + 1..]));
    }
    let tag = ident(compound).to_ascii_lowercase();
    if tag.is_empty() {
        Key::Any
    } else {
        Key::Tag(tag)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(css: &str) -> String {
        match key_of(css) {
            Key::Id(s) => format!("#{s}"),
            Key::Class(s) => format!(".{s}"),
            Key::Tag(s) => s,
            Key::Any => "*".into(),
        }
    }

    #[test]
    fn keys() {
        assert_eq!(key(".head-line h1 span.title"), ".title");
        assert_eq!(key("h1#title span:first-child"), "span");
        assert_eq!(key("#p-detail .main-aticle"), ".main-aticle");
        assert_eq!(key("meta[property='og:title']"), "meta");
        assert_eq!(key("[id^=DH-PLAYERID]"), "*");
        assert_eq!(key("div > #detail"), "#detail");
    }

    #[test]
    fn absent_keys_skip_the_search() {
        let doc = Html::parse_document("<div id=a class=b><span>x</span></div>");
        let present = Present::of(&doc);
        assert_eq!(Rule::new("#a span").select(&doc, &present).count(), 1);
        assert_eq!(Rule::new(".c span").select(&doc, &present).count(), 0);
        assert_eq!(Rule::new("div.b").select(&doc, &present).count(), 1);
        assert_eq!(Rule::new("p.b").select(&doc, &present).count(), 0);
    }

    #[test]
    fn keyed_matches_are_those_of_a_whole_tree_search_in_order() {
        let html = "<head><meta name=a content=1><meta property=b></head><body><div class='x y'>\
            <p class=x>1</p><div id=d><p class=x>2<span class=y>3</span></p></div></div>\
            <table><p class=x>foster-parented</p><tr><td class=x>4</td></tr></table>";
        let doc = Html::parse_document(html);
        let present = Present::of(&doc);
        for css in [
            "meta[name=a]",
            "meta",
            ".x",
            "div .x",
            "#d p",
            "p.x span.y",
            "td.x",
            "[class]",
        ] {
            let rule = Rule::new(css);
            let keyed: Vec<_> = rule.select(&doc, &present).map(|e| e.id()).collect();
            let whole: Vec<_> = doc.select(&rule.selector).map(|e| e.id()).collect();
            assert_eq!(keyed, whole, "{css}");
            assert!(!whole.is_empty(), "{css}");
        }
    }
}
