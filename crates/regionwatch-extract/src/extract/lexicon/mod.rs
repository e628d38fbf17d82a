//! The opening-up vocabulary: which words signal an opening-up measure, and
//! which theme each belongs to. The table is data; `README.md` documents the
//! themes. [`THEMES`] is public at the crate root: the daemon's config checks
//! digest theme filters against it.
//!
//! Weights: 2 for terms that on their own make a sentence about opening up
//! ("free trade zone", 跨境电商), 1 for terms that do only in company
//! ("port", "logistics hub", 合作).

mod terms;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::sync::LazyLock;
use terms::ENTRIES;

/// The fixed theme vocabulary, in the order themes are reported.
pub const THEMES: &[&str] = &[
    "free-trade-zone",
    "ports-logistics",
    "rail-corridors",
    "foreign-trade",
    "foreign-investment",
    "cross-border-ecommerce",
    "bonded-zones",
    "institutional-opening",
    "belt-and-road",
    "border-trade",
    "trade-expos",
    "open-platforms",
];

/// One theme's terms of one weight.
struct Entry {
    theme: &'static str,
    weight: u8,
    english: &'static [&'static str],
    chinese: &'static [&'static str],
}

/// What the vocabulary says about a sentence.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Signals {
    /// Sum of the weights of the distinct terms found.
    pub score: u32,
    /// Themes of the weight-2 terms, in vocabulary order.
    pub themes: Vec<&'static str>,
}

/// One script's terms in one automaton; a match's pattern index picks its entry.
struct Terms {
    automaton: AhoCorasick,
    entry: Vec<usize>,
}

impl Terms {
    fn build(
        terms_of: fn(&Entry) -> &'static [&'static str],
        ascii_case_insensitive: bool,
    ) -> Self {
        let (mut terms, mut entry) = (Vec::new(), Vec::new());
        for (i, e) in ENTRIES.iter().enumerate() {
            for t in terms_of(e) {
                terms.push(*t);
                entry.push(i);
            }
        }
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(ascii_case_insensitive)
            .build(terms)
            .expect("lexicon compiles");
        Terms { automaton, entry }
    }
}

// Each script's automaton is built on first use: a page in English never
// builds the Chinese one (issue 11).
static ENGLISH: LazyLock<Terms> = LazyLock::new(|| Terms::build(|e| e.english, true));
static CHINESE: LazyLock<Terms> = LazyLock::new(|| Terms::build(|e| e.chinese, false));

/// Scores a sentence against the vocabulary.
pub fn signals(sentence: &str) -> Signals {
    let mut seen: Vec<(usize, usize)> = Vec::new();
    for m in ENGLISH.automaton.find_iter(sentence) {
        if is_whole_word(sentence, m.start(), m.end()) {
            seen.push((
                ENGLISH.entry[m.pattern().as_usize()],
                m.pattern().as_usize(),
            ));
        }
    }
    if sentence.bytes().any(|b| b >= 0xE3) {
        for m in CHINESE.automaton.find_iter(sentence) {
            seen.push((
                CHINESE.entry[m.pattern().as_usize()],
                usize::MAX - m.pattern().as_usize(),
            ));
        }
    }
    seen.sort_unstable();
    seen.dedup();
    let mut out = Signals::default();
    for &(entry, _) in &seen {
        let e = &ENTRIES[entry];
        out.score += u32::from(e.weight);
        if e.weight >= 2 && !out.themes.contains(&e.theme) {
            out.themes.push(e.theme);
        }
    }
    if out.themes.is_empty() {
        // Only weaker signals (a port, a hub, "international"): name their theme.
        for &(entry, _) in &seen {
            if !out.themes.contains(&ENTRIES[entry].theme) {
                out.themes.push(ENTRIES[entry].theme);
            }
        }
    }
    out.themes
        .sort_by_key(|t| THEMES.iter().position(|x| x == t));
    out
}

fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    let joined = |c: char| c.is_alphanumeric() && !super::sentences::is_cjk(c);
    !text[..start].chars().next_back().is_some_and(joined)
        && !text[end..].chars().next().is_some_and(joined)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_theme_is_in_the_vocabulary() {
        for e in ENTRIES {
            assert!(THEMES.contains(&e.theme), "{}", e.theme);
        }
    }

    #[test]
    fn scores_english_and_chinese() {
        let s = signals("Fujian proposes to promote the expansion of pilot free trade zones.");
        assert_eq!(s.themes, ["free-trade-zone"]);
        let s = signals("全省跨境电商进出口额增长20%，中欧班列开行1000列。");
        assert_eq!(
            s.themes,
            ["rail-corridors", "foreign-trade", "cross-border-ecommerce"]
        );
        assert_eq!(signals("Heavy rain hit the province on Monday.").score, 0);
        // E-commerce on its own is a weak term; cross-border, a strong one, counted once.
        assert_eq!(signals("电商经营业户在网络平台开展线上销售。").score, 1);
        let s = signals("跨境电商出口增长。");
        assert_eq!(s.themes, ["foreign-trade", "cross-border-ecommerce"]);
        assert_eq!(s.score, 4);
        assert_eq!(
            signals("The airport reported delays.").score,
            0,
            "port inside airport is no port"
        );
    }

    #[test]
    fn free_trade_pilot_zones_and_opens_up_are_terms() {
        let s = signals("The State Council set up seven free trade pilot zones.");
        assert_eq!(s.themes, ["free-trade-zone"]);
        let s = signals("The city further opens up its gateway to the west.");
        assert_eq!(s.themes, ["open-platforms"]);
    }

    #[test]
    fn a_bare_corridor_is_a_weak_term() {
        let s = signals("Lanzhou serves as an operating center of the corridor.");
        assert_eq!((s.score, s.themes), (1, vec!["ports-logistics"]));
        assert_eq!(signals("A trade corridor opened.").score, 2);
    }
}
