//! Chinese names that stand for several regions at once: joint arrangements
//! written with province abbreviations (粤港澳, 港澳, 深港, 成渝, 京津冀) and
//! quoted China-Europe route brands whose first character is the origin
//! (“苏满欧” from Jiangsu, “营满欧” from Yingkou, “粤满俄” from Guangdong).
//!
//! Each member becomes its own candidate over the same span, so the usual
//! masks (partner, comparison, organisation) judge it like any place name.
//! Macro-regions (长三角, 珠三角, 大湾区 alone) are not here: they name no region.

use super::places::{Candidate, Form, PlaceMatcher};
use crate::gazetteer::Gazetteer;
use aho_corasick::{AhoCorasick, MatchKind};
use std::sync::LazyLock;

/// Joint names and the units they stand for (GB/T 2260 codes).
const JOINT: &[(&str, &[u32])] = &[
    ("粤港澳", &[440000, 810000, 820000]),
    ("粵港澳", &[440000, 810000, 820000]),
    ("港澳", &[810000, 820000]),
    ("粤港", &[440000, 810000]),
    ("粵港", &[440000, 810000]),
    ("粤澳", &[440000, 820000]),
    ("粵澳", &[440000, 820000]),
    ("深港", &[440300, 810000]),
    ("港深", &[440300, 810000]),
    ("珠澳", &[440400, 820000]),
    ("成渝", &[510100, 500000]),
    ("川渝", &[510000, 500000]),
    ("京津冀", &[110000, 120000, 130000]),
    ("津冀", &[120000, 130000]),
    ("京津", &[110000, 120000]),
    ("沪苏", &[310000, 320000]),
    ("苏浙", &[320000, 330000]),
    ("粤桂", &[440000, 450000]),
    ("湘赣", &[430000, 360000]),
    ("沪苏浙", &[310000, 320000, 330000]),
    ("苏浙沪", &[320000, 330000, 310000]),
    ("江浙沪", &[320000, 330000, 310000]),
    ("滬蘇浙", &[310000, 320000, 330000]),
];

/// Origins of route brands: the first character of “X满欧”, “X新欧”.
const ROUTE_ORIGINS: &[(char, u32)] = &[
    ('苏', 320000),
    ('营', 210800),
    ('粤', 440000),
    ('渝', 500000),
    ('蓉', 510100),
    ('郑', 410100),
    ('汉', 420100),
    ('义', 330782),
    ('湘', 430000),
    ('赣', 360000),
    ('厦', 350200),
    ('津', 120000),
    ('沈', 210100),
    ('哈', 230100),
    ('合', 340100),
    ('鲁', 370000),
    ('冀', 130000),
    ('晋', 140000),
    ('黔', 520000),
    ('滇', 530000),
    ('闽', 350000),
    ('浙', 330000),
    ('皖', 340000),
    ('豫', 410000),
    ('鄂', 420000),
    ('陕', 610000),
    ('甘', 620000),
    ('陇', 620000),
    ('琼', 460000),
    ('辽', 210000),
    ('吉', 220000),
    ('京', 110000),
    ('沪', 310000),
    ('桂', 450000),
];

/// Last characters of a route brand: where it goes.
const ROUTE_ENDS: &[char] = &['欧', '俄', '亚'];

static JOINT_MATCHER: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(JOINT.iter().map(|(name, _)| name))
        .expect("joint names compile")
});

/// Is `name` one of the joint names (港澳, 粤港澳)?
pub fn is_joint(name: &str) -> bool {
    JOINT.iter().any(|(n, _)| *n == name)
}

/// Every place-like span of `text` in order: the gazetteer's names and, in Chinese text, the
/// joint names and route brands standing for several of them.
pub fn place_candidates(text: &str) -> Vec<Candidate> {
    let mut out = PlaceMatcher::get().candidates(text);
    if text.bytes().any(|b| b >= 0xE3) {
        let joint = candidates(text, &out);
        out.extend(joint);
        out.sort_by_key(|c| c.start);
    }
    out
}

/// Candidates for joint names and route brands in `text`, skipping spans that
/// overlap a candidate already found (香港澳门 holds 港澳).
pub fn candidates(text: &str, found: &[Candidate]) -> Vec<Candidate> {
    let overlaps = |s: usize, e: usize| found.iter().any(|c| c.start < e && s < c.end);
    // A cooperation zone named after its parties (横琴粤澳深度合作区, 前海深港现代服务业合作区)
    // is one place of the gazetteer, but its measures go to every party.
    let joint_zone = |s: usize, e: usize| {
        found.iter().any(|c| {
            c.start <= s
                && e <= c.end
                && ["合作区", "合作區"]
                    .iter()
                    .any(|w| text[..c.end].ends_with(w))
        })
    };
    let mut out = Vec::new();
    for m in JOINT_MATCHER.find_iter(text) {
        let rest = &text[m.end()..];
        // 港澳台 names Taiwan too, mostly as a source of investment; 粤港澳大湾区
        // is the Greater Bay Area, a macro-region.
        let macro_region = ["台", "臺", "大湾区", "大灣區"]
            .iter()
            .any(|w| rest.starts_with(w));
        if overlaps(m.start(), m.end()) && !joint_zone(m.start(), m.end())
            || macro_region
            || in_a_brand(text, m.start(), m.end())
        {
            continue;
        }
        push(
            &mut out,
            m.start(),
            m.end(),
            JOINT[m.pattern().as_usize()].1,
        );
    }
    for (at, _) in text.match_indices('“') {
        let start = at + '“'.len_utf8();
        let brand: Vec<(usize, char)> = text[start..].char_indices().take(4).collect();
        let [(_, first), _, (_, last), (close, '”')] = brand[..] else {
            continue;
        };
        let Some(&(_, code)) = ROUTE_ORIGINS.iter().find(|(ch, _)| *ch == first) else {
            continue;
        };
        if ROUTE_ENDS.contains(&last) && !overlaps(start, start + close) {
            push(&mut out, start, start + close, &[code]);
        }
    }
    out
}

/// A joint name inside a quoted brand after other words (打造“海上京津冀”运输通道):
/// the brand borrows the name, its parties are not named.
fn in_a_brand(text: &str, start: usize, end: usize) -> bool {
    let opened = text[..start]
        .rfind('“')
        .is_some_and(|q| q + '“'.len_utf8() < start && !text[q..start].contains('”'));
    opened && text[end..].starts_with('”')
}

fn push(out: &mut Vec<Candidate>, start: usize, end: usize, codes: &[u32]) {
    let gazetteer = Gazetteer::get();
    for &code in codes {
        if let Some(unit) = gazetteer.index_of(code) {
            out.push(Candidate {
                start,
                end,
                units: vec![unit],
                form: Form::Qualified,
                chinese: true,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Vec<u32> {
        let units = Gazetteer::get().units();
        candidates(text, &[])
            .iter()
            .map(|c| units[c.units[0]].code)
            .collect()
    }

    #[test]
    fn joint_names_stand_for_every_party() {
        assert_eq!(codes("与港澳共建合作园区"), [810000, 820000]);
        assert_eq!(codes("推动粤港澳全面合作"), [440000, 810000, 820000]);
        assert_eq!(codes("津冀海铁联运通道"), [120000, 130000]);
        assert_eq!(codes("港澳台同胞"), Vec::<u32>::new());
        assert_eq!(codes("打造“海上京津冀”运输通道"), Vec::<u32>::new());
    }

    #[test]
    fn a_cooperation_zone_named_after_its_parties_names_each() {
        let text = "横琴粤澳深度合作区成立四年";
        let zone = PlaceMatcher::get().candidates(text);
        let units = Gazetteer::get().units();
        let got: Vec<u32> = candidates(text, &zone)
            .iter()
            .map(|c| units[c.units[0]].code)
            .collect();
        assert_eq!(got, [440000, 820000]);
    }

    #[test]
    fn route_brands_name_their_origin() {
        assert_eq!(codes("包括“苏满欧”、“营满欧”等"), [320000, 210800]);
        assert_eq!(codes("“长安号”和“蓉欧+”"), Vec::<u32>::new());
    }
}
