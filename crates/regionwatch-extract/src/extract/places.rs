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

use crate::gazetteer::{Gazetteer, Level, Unit};
use daachorse::{
    CharwiseDoubleArrayAhoCorasick, CharwiseDoubleArrayAhoCorasickBuilder, DoubleArrayAhoCorasick,
    DoubleArrayAhoCorasickBuilder, MatchKind,
};
use std::collections::HashMap;
use std::sync::LazyLock;

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

/// Bare names that are ordinary words far more often than places. They still
/// match with their kind ("Dali Prefecture", 大同市).
#[cfg_attr(
    not(test),
    allow(
        dead_code,
        reason = "compiled into build.rs, which builds the automata"
    )
)]
const EN_BARE_STOPLIST: &[&str] = &[
    "Aba",
    "Ali",
    "Ili",
    "Dali",
    "Xinhua",
    "Zhongshan",
    "Changan",
    "Chang'an",
    "Tianhe",
    "Shenzhou",
    "Dongfang",
    "Jinjiang",
    "Hetao",
    "Mohan",
    "Baiyun",
    "Hongqiao",
    "Yuhua",
    "Heping",
    "Gaoxin",
    "Kaifa",
    "Xinhe",
    "Yongan",
    "Taiping",
    "Changjiang",
    "Huangpu",
    "Jiangnan",
    "Zhonghua",
];
#[cfg_attr(
    not(test),
    allow(
        dead_code,
        reason = "compiled into build.rs, which builds the automata"
    )
)]
const ZH_BARE_STOPLIST: &[&str] = &[
    "白银", "阿里", "安康", "长治", "大同", "朝阳", "中山", "海东", "海北", "山南", "黄南", "东方",
    "新华", "和平", "长安", "城关", "开发", "高新", "永安", "太平", "新城", "城区", "郊区", "矿区",
    "江南", "河东", "河西", "城中", "城北", "城南", "城东", "城西", "市中", "南山", "北山", "青山",
    "白山", "东山", "西山", "大理", "来宾", "定西", "四平", "日照", "海西", "三明",
];

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

/// Shortest alias (in characters) worth matching: two-letter codes collide with everything.
#[cfg_attr(
    not(test),
    allow(
        dead_code,
        reason = "compiled into build.rs, which builds the automata"
    )
)]
const MIN_ALIAS_CHARS: usize = 4;

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

/// Both scripts' automata, each followed by its pattern table, serialised:
/// `[english, chinese]`. Called by the build script, which embeds the bytes.
#[cfg_attr(
    not(test),
    allow(
        dead_code,
        reason = "compiled into build.rs, which builds the automata"
    )
)]
pub fn compile_scripts() -> [Vec<u8>; 2] {
    let english = Forms::collect(add_english_forms);
    let mut en = DoubleArrayAhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .build_with_values(english.values())
        .expect("English place forms compile")
        .serialize();
    english.write_table(&mut en);
    let chinese = Forms::collect(add_chinese_forms);
    let mut zh = CharwiseDoubleArrayAhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .build_with_values(chinese.values())
        .expect("Chinese place forms compile")
        .serialize();
    chinese.write_table(&mut zh);
    [en, zh]
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

/// Surface forms collected before compiling: each string once, with all its units.
#[cfg_attr(
    not(test),
    allow(
        dead_code,
        reason = "compiled into build.rs, which builds the automata"
    )
)]
#[derive(Default)]
struct Forms {
    index: HashMap<String, usize>,
    patterns: Vec<(String, Pattern)>,
}

#[cfg_attr(
    not(test),
    allow(
        dead_code,
        reason = "compiled into build.rs, which builds the automata"
    )
)]
impl Forms {
    fn add(&mut self, text: &str, unit: usize, form: Form) {
        if text.contains('\'') {
            // Xi'an is as often written Xi’an.
            self.add_one(&text.replace('\'', "’"), unit, form);
        }
        self.add_one(text, unit, form);
    }

    fn add_one(&mut self, text: &str, unit: usize, form: Form) {
        let text = text.trim();
        if text.chars().count() < 2 {
            return;
        }
        match self.index.get(text) {
            Some(&i) => {
                let p = &mut self.patterns[i].1;
                if !p.units.contains(&unit) {
                    p.units.push(unit);
                }
                p.form = p.form.min(form);
            }
            None => {
                self.index.insert(text.to_string(), self.patterns.len());
                self.patterns.push((
                    text.to_string(),
                    Pattern {
                        units: vec![unit],
                        form,
                    },
                ));
            }
        }
    }

    /// Every form of one script, in gazetteer order.
    fn collect(add: fn(&mut Forms, usize, &Unit)) -> Forms {
        let mut forms = Forms::default();
        for (i, unit) in Gazetteer::get().units().iter().enumerate() {
            add(&mut forms, i, unit);
        }
        forms
    }

    /// Each form with its index into the pattern table, for the automaton.
    fn values(&self) -> impl Iterator<Item = (&str, u32)> {
        self.patterns
            .iter()
            .zip(0u32..)
            .map(|((text, _), i)| (text.as_str(), i))
    }

    /// Appends the pattern table [`Script::load`] reads: count, then each
    /// pattern's form and units, all little-endian u32.
    fn write_table(&self, out: &mut Vec<u8>) {
        let mut put = |n: usize| {
            out.extend_from_slice(&u32::try_from(n).expect("fits u32").to_le_bytes());
        };
        put(self.patterns.len());
        for (_, p) in &self.patterns {
            put(FORMS.iter().position(|&f| f == p.form).expect("a form"));
            put(p.units.len());
            p.units.iter().for_each(|&u| put(u));
        }
    }
}

#[cfg_attr(
    not(test),
    allow(
        dead_code,
        reason = "compiled into build.rs, which builds the automata"
    )
)]
fn add_english_forms(forms: &mut Forms, i: usize, unit: &Unit) {
    let bare = match unit.level {
        Level::Province | Level::Prefecture => Form::Bare,
        Level::County => Form::BareCounty,
        Level::Zone => Form::Qualified,
    };
    if !EN_BARE_STOPLIST.contains(&unit.name_en) {
        forms.add(unit.name_en, i, bare);
    }
    if unit.level != Level::Zone {
        forms.add(
            &format!("{} {}", unit.name_en, unit.kind_en),
            i,
            Form::Qualified,
        );
    }
    for alias in unit.aliases_en() {
        if alias.chars().count() < MIN_ALIAS_CHARS || EN_BARE_STOPLIST.contains(&alias) {
            continue;
        }
        let form = if alias.contains(' ') || unit.level == Level::Zone {
            Form::Qualified
        } else {
            bare
        };
        forms.add(alias, i, form);
        // Acronyms appear title-cased too: "TEDA" as "Teda".
        if alias.len() >= 4 && alias.chars().all(|c| c.is_ascii_uppercase()) {
            let mut title = alias[..1].to_string();
            title.push_str(&alias[1..].to_ascii_lowercase());
            forms.add(&title, i, form);
        }
    }
    add_border_port_kinds(forms, i, unit);
}

/// The kinds of crossing the news writes after a border port's name, in lower case.
const BORDER_PORT_KINDS: &[&str] = &[
    "port",
    "land port",
    "railway port",
    "rail port",
    "highway port",
    "road port",
];

/// A border port is written with its kind in lower case ("Mohan railway
/// port", "Suifenhe highway port", "Horgos land port"): each such form names
/// the port, even when its bare name is too common to count alone (Mohan).
#[cfg_attr(
    not(test),
    allow(
        dead_code,
        reason = "compiled into build.rs, which builds the automata"
    )
)]
fn add_border_port_kinds(forms: &mut Forms, i: usize, unit: &Unit) {
    if unit.level != Level::Zone || unit.kind_en != "Border port" {
        return;
    }
    let names = std::iter::once(unit.name_en).chain(unit.aliases_en());
    for stem in names.filter_map(|n| n.strip_suffix(" Port")) {
        for kind in BORDER_PORT_KINDS {
            forms.add(&format!("{stem} {kind}"), i, Form::Qualified);
        }
    }
}

#[cfg_attr(
    not(test),
    allow(
        dead_code,
        reason = "compiled into build.rs, which builds the automata"
    )
)]
fn add_chinese_forms(forms: &mut Forms, i: usize, unit: &Unit) {
    // Two-character county names (城区, 和县, 新县) hide inside ordinary words
    // (主城区, 和县域经济); the news writes those counties with their prefecture.
    if !(unit.level == Level::County && unit.name_zh.chars().count() <= 2) {
        forms.add(unit.name_zh, i, Form::Qualified);
    }
    for alias in unit.aliases_zh() {
        forms.add(alias, i, Form::Qualified);
    }
    let short = unit.short_zh;
    if short.is_empty() || short == unit.name_zh || ZH_BARE_STOPLIST.contains(&short) {
        return;
    }
    match unit.level {
        Level::Province | Level::Prefecture => forms.add(short, i, Form::Bare),
        // Three-character county names (霍尔果斯, 满洲里) are distinctive; two
        // characters (义乌, 和平) need support from the article.
        Level::County => forms.add(short, i, Form::BareCounty),
        Level::Zone => {}
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
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<&str> {
        PlaceMatcher::get()
            .candidates(text)
            .iter()
            .map(|c| &text[c.start..c.end])
            .collect()
    }

    #[test]
    fn finds_english_and_chinese_forms() {
        assert_eq!(
            names("Hebei Province and Tangshan Port near Caofeidian; Teda in Tianjin."),
            [
                "Hebei Province",
                "Tangshan Port",
                "Caofeidian",
                "Teda",
                "Tianjin"
            ]
        );
        assert_eq!(
            names("河北省唐山市曹妃甸区与霍尔果斯"),
            ["河北省", "唐山市", "曹妃甸区", "霍尔果斯"]
        );
    }

    #[test]
    fn taiwan_cities_name_taiwan_but_not_inside_a_platform() {
        let taiwan = |text: &str| {
            let g = Gazetteer::get();
            let found = PlaceMatcher::get().candidates(text);
            let codes = found.iter().flat_map(|c| c.units.iter());
            let mut codes: Vec<u32> = codes.map(|&u| g.units()[u].province_code()).collect();
            codes.dedup();
            codes
        };
        assert_eq!(taiwan("高雄到平潭货运直航航线"), [710000, 350000]);
        assert_eq!(taiwan("Kaohsiung and Taichung ports"), [710000]);
        assert!(taiwan("开放平台中的企业和舞台中央").is_empty());
    }

    #[test]
    fn a_kind_in_the_plural_still_names_the_last_place_of_a_list() {
        assert_eq!(
            names("in Hubei, Sichuan, Shanxi Provinces and Chongqing"),
            ["Hubei", "Sichuan", "Shanxi Provinces", "Chongqing"]
        );
        assert_eq!(names("Shanxi Provincesque"), Vec::<&str>::new());
    }

    #[test]
    fn the_erlian_port_is_erenhot() {
        let found = PlaceMatcher::get().candidates("目前二连口岸中欧班列运行线路共4条");
        let units: Vec<u32> = found
            .iter()
            .flat_map(|c| c.units.iter().map(|&u| Gazetteer::get().units()[u].code))
            .collect();
        assert_eq!(units, [152501]);
    }

    #[test]
    fn every_english_form_has_a_latin_letter() {
        // `candidates` skips the English automaton on text without one.
        let forms = Forms::collect(add_english_forms);
        let bare: Vec<_> = forms
            .patterns
            .iter()
            .map(|(text, _)| text)
            .filter(|t| !t.bytes().any(|b| b.is_ascii_alphabetic()))
            .collect();
        assert!(bare.is_empty(), "{bare:?}");
    }

    #[test]
    fn embedded_automata_are_this_code_and_data() {
        // build.rs compiles this file; a stale embed would mean a stale build.
        let [english, chinese] = compile_scripts();
        assert!(english == super::super::generated::PLACES_EN);
        assert!(chinese == super::super::generated::PLACES_ZH);
    }

    #[test]
    fn matches_as_the_runtime_aho_corasick_did() {
        // The automata were built at each start with aho-corasick's
        // leftmost-longest search before; the double-array ones must find the
        // same spans with the same patterns.
        use aho_corasick::{AhoCorasick, MatchKind as AcKind};
        let text = "Xi'an, Xi’an and Hainanese Hainan Province; Teda, TEDA, Zhuhai-Macao \
                    Tangshan Port. 河北省唐山市曹妃甸区、霍尔果斯口岸与出海口，海口市、香港澳门和粤港澳大湾区。\
                    Guangxi Zhuang Autonomous Region and Inner Mongolia's Erenhot, 内蒙古二连浩特市";
        for (add, forms_of) in [
            (add_english_forms as fn(&mut Forms, usize, &Unit), 0),
            (add_chinese_forms, 1),
        ] {
            let forms = Forms::collect(add);
            let reference = AhoCorasick::builder()
                .match_kind(AcKind::LeftmostLongest)
                .build(forms.patterns.iter().map(|(t, _)| t))
                .unwrap();
            let want: Vec<_> = reference
                .find_iter(text)
                .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
                .collect();
            let m = PlaceMatcher::get();
            let got: Vec<_> = if forms_of == 0 {
                m.english
                    .automaton
                    .leftmost_find_iter(text)
                    .map(|m| (m.start(), m.end(), m.value() as usize))
                    .collect()
            } else {
                m.chinese
                    .automaton
                    .leftmost_find_iter(text)
                    .map(|m| (m.start(), m.end(), m.value() as usize))
                    .collect()
            };
            assert!(want.len() > 5, "{want:?}");
            assert_eq!(got, want);
        }
    }

    #[test]
    fn respects_word_boundaries_and_stoplist() {
        assert!(names("Chinese Xinhua reporters in Hainanese cuisine").is_empty());
        assert_eq!(names("Hainan's port"), ["Hainan"]);
    }
}
