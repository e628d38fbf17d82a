//! Which ids, classes and element names a document contains, gathered in one
//! pass, so a table selector whose key token is absent skips its search.
//!
//! Layout detection and metadata try some forty selectors; each failing one
//! would otherwise walk the whole tree, which costs seconds on a 20 MB page.

use std::collections::HashSet;

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

    /// Matches of this rule in document order (none when its key is absent).
    pub fn select<'d, 'r>(
        &'r self,
        doc: &'d Html,
        present: &Present,
    ) -> impl Iterator<Item = ElementRef<'d>> + use<'d, 'r> {
        present
            .has(&self.key)
            .then(|| doc.select(&self.selector))
            .into_iter()
            .flatten()
    }
}

/// The tokens present in one document.
#[derive(Default)]
pub struct Present<'d> {
    ids: HashSet<&'d str>,
    classes: HashSet<&'d str>,
    tags: HashSet<&'d str>,
}

impl<'d> Present<'d> {
    pub fn of(doc: &'d Html) -> Self {
        let mut p = Present::default();
        for node in doc.tree.nodes() {
            let Some(el) = node.value().as_element() else {
                continue;
            };
            p.tags.insert(el.name());
            if let Some(id) = el.id() {
                p.ids.insert(id);
            }
            p.classes.extend(el.classes());
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
        match key {
            Key::Id(id) => self.ids.contains(id.as_str()),
            Key::Class(c) => self.classes.contains(c.as_str()),
            Key::Tag(t) => self.tags.contains(t.as_str()),
            Key::Any => true,
        }
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
}
