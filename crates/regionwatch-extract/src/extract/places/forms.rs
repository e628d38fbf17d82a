//! The surface forms of every gazetteer unit, compiled into the place
//! automata. Only the build script runs this (`build/gazetteer.rs` calls
//! [`compile_scripts`] and embeds the bytes); the library reads the result in
//! [`super::Script::load`], and the tests check the forms themselves.
#![cfg_attr(
    not(test),
    allow(
        dead_code,
        reason = "compiled into build.rs, which builds the automata"
    )
)]

use super::{FORMS, Form, Pattern};
use crate::gazetteer::{Gazetteer, Level, Unit};
use daachorse::{CharwiseDoubleArrayAhoCorasickBuilder, DoubleArrayAhoCorasickBuilder, MatchKind};
use std::collections::HashMap;

/// Bare names that are ordinary words far more often than places. They still
/// match with their kind ("Dali Prefecture", 大同市).
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
const ZH_BARE_STOPLIST: &[&str] = &[
    "白银", "阿里", "安康", "长治", "大同", "朝阳", "中山", "海东", "海北", "山南", "黄南", "东方",
    "新华", "和平", "长安", "城关", "开发", "高新", "永安", "太平", "新城", "城区", "郊区", "矿区",
    "江南", "河东", "河西", "城中", "城北", "城南", "城东", "城西", "市中", "南山", "北山", "青山",
    "白山", "东山", "西山", "大理", "来宾", "定西", "四平", "日照", "海西", "三明",
];

/// Shortest alias (in characters) worth matching: two-letter codes collide with everything.
const MIN_ALIAS_CHARS: usize = 4;

/// Both scripts' automata, each followed by its pattern table, serialised:
/// `[english, chinese]`. Called by the build script, which embeds the bytes.
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

/// Surface forms collected before compiling: each string once, with all its units.
#[derive(Default)]
pub(super) struct Forms {
    index: HashMap<String, usize>,
    pub(super) patterns: Vec<(String, Pattern)>,
}

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
    pub(super) fn collect(add: fn(&mut Forms, usize, &Unit)) -> Forms {
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

pub(super) fn add_english_forms(forms: &mut Forms, i: usize, unit: &Unit) {
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

pub(super) fn add_chinese_forms(forms: &mut Forms, i: usize, unit: &Unit) {
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
