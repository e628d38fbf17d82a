//! Place candidates: the forms compiled for each unit and what the matcher finds in text.

use super::forms::{Forms, add_chinese_forms, add_english_forms};
use super::*;
use crate::gazetteer::Unit;

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
