//! The generic reader's body finder: the element holding the most paragraph
//! text (text density), for news pages no layout rule describes.
//!
//! Each paragraph-sized run of text votes for its container with its length
//! minus its link text; the container's parent gets a smaller share, so a
//! wrapper around several paragraph groups can win over one group.

use std::collections::HashMap;
use std::sync::LazyLock;

use scraper::{ElementRef, Html, Selector};

static PARAGRAPHS: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("p, pre, blockquote").expect("static selector"));
static LINKS: LazyLock<Selector> = LazyLock::new(|| Selector::parse("a").expect("static selector"));

/// Shortest run of text that counts as a paragraph.
const MIN_PARAGRAPH: usize = 12;
/// Share of a paragraph's vote its container's parent receives.
const PARENT_SHARE: f32 = 0.3;

/// The element most likely to be the article body, if any holds real text.
pub fn best_container(doc: &Html) -> Option<ElementRef<'_>> {
    let mut scores = HashMap::new();
    let mut vote = |el: ElementRef<'_>, weight: f32| {
        if let Some(parent) = el.parent() {
            *scores.entry(parent.id()).or_insert(0.0) += weight;
            if let Some(grand) = parent.parent() {
                *scores.entry(grand.id()).or_insert(0.0) += weight * PARENT_SHARE;
            }
        }
    };
    for p in doc.select(&PARAGRAPHS) {
        let weight = own_text_weight(p);
        if weight > 0.0 {
            vote(p, weight);
        }
    }
    // Bodies written as text with <br> inside a div or td, without <p>.
    for node in doc.tree.nodes() {
        let Some(text) = node.value().as_text() else {
            continue;
        };
        let len = visible_len(text);
        if len < MIN_PARAGRAPH * 2 {
            continue;
        }
        if let Some(parent) = node.parent().and_then(ElementRef::wrap)
            && matches!(parent.value().name(), "div" | "td" | "section" | "article")
        {
            *scores.entry(parent.id()).or_insert(0.0) += len as f32;
        }
    }
    let (best, _) = scores
        .into_iter()
        .filter(|(_, s)| *s >= MIN_PARAGRAPH as f32 * 2.0)
        .max_by(|a, b| a.1.total_cmp(&b.1))?;
    doc.tree.get(best).and_then(ElementRef::wrap)
}

/// A paragraph's text length minus its link text (navigation is mostly links).
fn own_text_weight(p: ElementRef) -> f32 {
    let total: usize = p.text().map(visible_len).sum();
    if total < MIN_PARAGRAPH {
        return 0.0;
    }
    let linked: usize = p
        .select(&LINKS)
        .flat_map(|a| a.text())
        .map(visible_len)
        .sum();
    total.saturating_sub(linked * 2) as f32
}

fn visible_len(text: &str) -> usize {
    text.chars().filter(|c| !c.is_whitespace()).count()
}
