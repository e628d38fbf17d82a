//! Finding place names in text: every surface form the gazetteer knows, in
//! English and Chinese, matched in one pass with Aho-Corasick.
//!
//! The automata are built at compile time: `build.rs` compiles this file into
//! the build script (see `build/gazetteer.rs`), calls [`compile_scripts`] and
//! the result is embedded; a run only deserialises it (issue 11: building
//! them was most of a one-page `extract`'s start-up).
//!
//! This module only finds *candidates*: which units a piece of text could name.
//! Deciding whether it names a place at all (a person? a company? a dateline?)
//! and which of several same-named places it is happens in [`super::resolve`].

use crate::gazetteer::Gazetteer;
use daachorse::{CharwiseDoubleArrayAhoCorasick, DoubleArrayAhoCorasick};
use std::sync::LazyLock;

mod forms;
#[cfg_attr(
    not(test),
    allow(unused_imports, reason = "build.rs calls it to build the automata")
)]
pub use forms::compile_scripts;

/// How a place was written, which decides how much support it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Form {
    /// With its kind: "Hebei Province", "Shapingba District", 唐山市; or a zone's name.
    Qualified,
    /// A province or prefecture name alone: "Hebei", "Tangshan", 唐山.
    Bare,
    /// A county-level name alone ("Yiwu", 义乌): credible only with support.
    BareCounty,
}

/// One surface form and the units it may name.
#[derive(Debug, Clone)]
pub struct Pattern {
    pub units: Vec<usize>,
    pub form: Form,
}

/// A place-like span of text with its candidate units.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub start: usize,
    pub end: usize,
    pub units: Vec<usize>,
    pub form: Form,
    /// Matched in Chinese script.
    pub chinese: bool,
}

/// Ordinary words that contain a place name: a match inside one is no place.
const ZH_WORDS_HIDING_PLACES: &[&str] = &[
    "出海口",
    "入海口",
    "海口岸",
    "决定西",
    "大理石",
    "长治久安",
    "大同小异",
    "四平八稳",
    "中山装",
    "东方红",
    "日照时",
    "安康码",
    "普陀山",
    "黄山松",
    "开封面",
    "南昌盛",
    "吉安全",
    "福州路",
    "南京路",
    "北京路",
    "上海路",
    "广州路",
    "杭州路",
    "延安路",
    "西藏路",
    "西藏南路",
    "四川北路",
    "香港路",
    "天津路",
    // 台 is also a platform, a stage, a station: 台中 and 台南 (Taiwan's cities) hide in
    // what is said on one.
    "平台中",
    "平台南",
    "舞台中",
    "出台中",
    "后台中",
    "前台中",
    "站台中",
    "柜台中",
    "电视台中",
];

/// Finds place candidates. Each script's automaton is loaded on first use, so a
/// page in one script never pays for the other's.
pub struct PlaceMatcher {
    english: LazyLock<Script<DoubleArrayAhoCorasick<u32>>>,
    chinese: LazyLock<Script<CharwiseDoubleArrayAhoCorasick<u32>>>,
}

/// The compiled surface forms of one script; the automaton's value is the
/// index into `patterns`.
struct Script<A> {
    automaton: A,
    patterns: Vec<Pattern>,
}

static MATCHER: PlaceMatcher = PlaceMatcher {
    english: LazyLock::new(|| {
        Script::load(
            super::generated::PLACES_EN,
            DoubleArrayAhoCorasick::deserialize,
        )
    }),
    chinese: LazyLock::new(|| {
        Script::load(
            super::generated::PLACES_ZH,
            CharwiseDoubleArrayAhoCorasick::deserialize,
        )
    }),
};

/// An automaton's `deserialize`: the automaton and the bytes after it.
type Deserialize<A> = fn(&[u8]) -> daachorse::errors::Result<(A, &[u8])>;

/// Pattern forms by their number in the serialised pattern table.
const FORMS: [Form; 3] = [Form::Qualified, Form::Bare, Form::BareCounty];

impl<A> Script<A> {
    /// Reads what [`compile_scripts`] wrote: the automaton, then the pattern table.
    fn load(bytes: &[u8], automaton: Deserialize<A>) -> Self {
        let (automaton, mut table) = automaton(bytes).expect("embedded place automaton is valid");
        let mut next = || {
            let (head, rest) = table.split_at(4);
            table = rest;
            u32::from_le_bytes(head.try_into().expect("4 bytes")) as usize
        };
        let patterns = (0..next())
            .map(|_| {
                let form = FORMS[next()];
                let units = (0..next()).map(|_| next()).collect();
                Pattern { units, form }
            })
            .collect();
        Script {
            automaton,
            patterns,
        }
    }
}

impl PlaceMatcher {
    /// The matcher over the compiled-in gazetteer; each script is built on first use.
    pub fn get() -> &'static PlaceMatcher {
        &MATCHER
    }

    /// Loads the English automaton and the gazetteer now (every text has
    /// Latin-script words to check, and every place found is resolved in the
    /// gazetteer), e.g. on another thread while the first page is being parsed.
    pub fn warm_english() {
        LazyLock::force(&MATCHER.english);
        Gazetteer::get();
    }

    /// Every place-like span of `text`, in order, not overlapping.
    pub fn candidates(&self, text: &str) -> Vec<Candidate> {
        let mut out = Vec::new();
        // Every English form holds a letter: text without one cannot match.
        let english = text.bytes().any(|b| b.is_ascii_alphabetic());
        for m in english
            .then(|| self.english.automaton.leftmost_find_iter(text))
            .into_iter()
            .flatten()
        {
            let end = match is_word_boundary(text, m.start(), m.end()) {
                true => m.end(),
                // "Sichuan and Shanxi Provinces": the kind of the last of a list, in the plural.
                false if is_plural_kind(text, m.start(), m.end()) => m.end() + 1,
                false => continue,
            };
            let p = &self.english.patterns[m.value() as usize];
            out.push(Candidate {
                start: m.start(),
                end,
                units: p.units.clone(),
                form: p.form,
                chinese: false,
            });
        }
        if text.bytes().any(|b| b >= 0xE3) {
            for m in self.chinese.automaton.leftmost_find_iter(text) {
                if hides_place(text, m.start(), m.end()) {
                    continue;
                }
                let p = &self.chinese.patterns[m.value() as usize];
                out.push(Candidate {
                    start: m.start(),
                    end: m.end(),
                    units: p.units.clone(),
                    form: p.form,
                    chinese: true,
                });
            }
            out.sort_by_key(|c| c.start);
        }
        out
    }
}

/// True when the Chinese match lies inside an ordinary word (出海口 holds 海口).
fn hides_place(text: &str, start: usize, end: usize) -> bool {
    let from = text[..start]
        .char_indices()
        .rev()
        .nth(3)
        .map_or(0, |(i, _)| i);
    let to = text[end..]
        .char_indices()
        .nth(4)
        .map_or(text.len(), |(i, _)| end + i);
    let window = &text[from..to];
    ZH_WORDS_HIDING_PLACES.iter().any(|w| {
        window.match_indices(w).any(|(i, _)| {
            let (ws, we) = (from + i, from + i + w.len());
            ws <= start && end <= we
        })
    })
}

/// True when the match ends in a kind ("Shanxi Province") that the text writes in the
/// plural ("Shanxi Provinces"), as a whole word.
fn is_plural_kind(text: &str, start: usize, end: usize) -> bool {
    const KINDS: [&str; 6] = [
        " Province",
        " Region",
        " District",
        " Port",
        " Zone",
        " Area",
    ];
    KINDS.iter().any(|kind| text[start..end].ends_with(kind))
        && text[end..].starts_with('s')
        && is_word_boundary(text, start, end + 1)
}

/// True when the match is a whole English word: no letter or digit joined to
/// either end. CJK text has no word boundaries, so Chinese matches always pass.
fn is_word_boundary(text: &str, start: usize, end: usize) -> bool {
    let joined = |c: char| c.is_ascii_alphanumeric();
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(joined) && !after.is_some_and(joined)
}

#[cfg(test)]
mod tests;
