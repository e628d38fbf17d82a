//! Deciding which place each candidate names, with the whole article as context.
//!
//! Candidates rejected by [`super::masks`] are dropped. A name several places
//! share (Fuzhou 福州/抚州, Taizhou, Suzhou, Yulin) is settled, in order, by a
//! province named in the same sentence ("Fuzhou International Port in Jiangxi
//! Province"), by the provinces the article names elsewhere, by level (a
//! province before a prefecture before a county) and last by a table of the
//! better-known place. A county name alone ("Yiwu", 义乌) counts only when the
//! article names its prefecture or province, or it is one of the county-level
//! cities the news names on their own.

mod incidental;

use super::compounds;
use super::masks;
use super::places::{Candidate, Form};
use super::sentences;
use crate::gazetteer::{Gazetteer, Level, Unit, province_code};
use incidental::drop_passing_places;
use std::collections::HashSet;
use std::ops::Range;

/// A place the text really names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    /// Index into [`Gazetteer::units`].
    pub unit: usize,
}

impl Mention {
    pub fn unit(&self) -> &'static Unit {
        &Gazetteer::get().units()[self.unit]
    }

    pub fn province(&self) -> u32 {
        self.unit().province_code()
    }
}

/// A sentence of a paragraph with the places it names.
#[derive(Debug, Clone)]
pub struct Sentence {
    pub range: Range<usize>,
    pub mentions: Vec<Mention>,
    /// The sentence lists places only to define a group ("the central region
    /// comprises ..."): it is about them, not about the region before it.
    pub defines_a_group: bool,
}

/// County-level places the news names without their prefecture or province.
const WELL_KNOWN_COUNTIES: &[&str] = &[
    "Yiwu",
    "Kunshan",
    "Jiangyin",
    "Zhangjiagang",
    "Changshu",
    "Taicang",
    "Cixi",
    "Yuyao",
    "Ruili",
    "Dongxing",
    "Hunchun",
    "Manzhouli",
    "Erenhot",
    "Suifenhe",
    "Khorgos",
    "Alashankou",
    "Shishi",
    "Pudong",
    "Binhai",
    "Nansha",
    "Shunde",
    "Yantian",
    "Jinghong",
    "Mengla",
    "Pingxiang",
    "Heihe",
    "Fuyuan",
    "Tongjiang",
    "Dongning",
    "Hekou",
    "Gyirong",
    "Kashgar",
];

/// Which place a shared name means when nothing in the article says.
const BETTER_KNOWN: &[u32] = &[320500, 350100, 331000, 450900, 230700, 320100];

/// A paragraph's sentence ranges, the candidates that name places, and where
/// the items of definitional lists stand.
type Judged = (Vec<Range<usize>>, Vec<Candidate>, Vec<usize>);

/// Splits each paragraph into sentences and finds the places each names.
pub fn resolve(paragraphs: &[&str]) -> Vec<Vec<Sentence>> {
    let accepted: Vec<Judged> = paragraphs
        .iter()
        .map(|p| {
            let ranges = sentences::split(p);
            let candidates = compounds::place_candidates(p);
            let verdicts = masks::judge(p, &candidates, |at| sentence_at(&ranges, at));
            let group_items = candidates
                .iter()
                .zip(&verdicts)
                .filter(|(_, v)| **v == Some(masks::NotAPlace::DefinitionalList))
                .map(|(c, _)| c.start)
                .collect();
            let kept = candidates
                .into_iter()
                .zip(verdicts)
                .filter(|(_, v)| v.is_none())
                .map(|(c, _)| c)
                .collect();
            (ranges, kept, group_items)
        })
        .collect();
    let anchors = Anchors::from(accepted.iter().flat_map(|(_, cands, _)| cands));
    let article: Vec<Vec<Sentence>> = accepted
        .into_iter()
        .zip(paragraphs)
        .map(|((ranges, cands, group_items), text)| {
            ranges
                .into_iter()
                .map(|range| {
                    let local: Vec<&Candidate> = cands
                        .iter()
                        .filter(|c| c.start >= range.start && c.end <= range.end)
                        .collect();
                    let nearby = Anchors::from(local.iter().copied());
                    let mentions = local
                        .iter()
                        .filter_map(|c| {
                            choose(
                                c,
                                &local,
                                &nearby,
                                &anchors,
                                in_a_list(text, c, &local) || crossing(text, c),
                                with_a_kind(text, c),
                            )
                        })
                        .collect();
                    Sentence {
                        mentions: drop_passing_places(text, mentions),
                        defines_a_group: group_items.iter().any(|&at| range.contains(&at)),
                        range,
                    }
                })
                .collect()
        })
        .collect();
    article
}

fn sentence_at(ranges: &[Range<usize>], at: usize) -> Range<usize> {
    ranges
        .iter()
        .find(|r| r.start <= at && at < r.end)
        .cloned()
        .unwrap_or(at..at)
}

/// Places named without doubt: provinces and prefectures whose name is theirs alone.
#[derive(Default)]
struct Anchors {
    provinces: HashSet<u32>,
    prefectures: HashSet<u32>,
}

impl<'a> Anchors {
    fn from(candidates: impl Iterator<Item = &'a Candidate>) -> Self {
        let units = Gazetteer::get().units();
        let mut anchors = Anchors::default();
        for c in candidates.filter(|c| c.form != Form::BareCounty) {
            let provinces: HashSet<u32> =
                c.units.iter().map(|&u| units[u].province_code()).collect();
            if provinces.len() == 1 {
                anchors.provinces.extend(provinces);
            }
            if let [only] = c.units[..] {
                let u = &units[only];
                if matches!(u.level, Level::Prefecture | Level::Zone) {
                    anchors.prefectures.insert(u.code);
                }
            }
        }
        anchors
    }

    fn supports(&self, unit: &Unit) -> bool {
        self.provinces.contains(&unit.province_code())
            || unit.parent.is_some_and(|p| self.prefectures.contains(&p))
    }
}

/// Picks the unit a candidate names, or none when a bare county name lacks support.
fn choose(
    c: &Candidate,
    sentence: &[&Candidate],
    nearby: &Anchors,
    article: &Anchors,
    listed: bool,
    kind: bool,
) -> Option<Mention> {
    let units = Gazetteer::get().units();
    let mut pool: Vec<usize> = c.units.clone();
    if let Some(&p) = pool.iter().find(|&&u| units[u].level == Level::Province) {
        pool = vec![p];
    }
    for context in [nearby, article] {
        let narrowed: Vec<usize> = pool
            .iter()
            .copied()
            .filter(|&u| context.supports(&units[u]))
            .collect();
        if !narrowed.is_empty() && narrowed.len() < pool.len() {
            pool = narrowed;
        }
    }
    if pool.len() > 1 {
        let top = pool.iter().map(|&u| units[u].level).min()?;
        pool.retain(|&u| units[u].level == top);
    }
    let unit = *pool
        .iter()
        .find(|&&u| BETTER_KNOWN.contains(&units[u].code))
        .or_else(|| pool.iter().min_by_key(|&&u| units[u].code))?;
    let own = units[unit].province_code();
    let elsewhere = sentence
        .iter()
        .filter(|other| other.form != Form::BareCounty)
        .any(|other| other.units.iter().all(|&u| units[u].province_code() != own));
    // An item of a 、-list of places (阿拉山口、喀什、二连浩特): the others are
    // its peers, not the place it belongs to.
    let elsewhere = elsewhere && !listed;
    if c.form == Form::BareCounty
        && !credible_county(&units[unit], c, sentence, elsewhere, article, kind)
    {
        return None;
    }
    Some(Mention {
        start: c.start,
        end: c.end,
        unit,
    })
}

/// Whether the candidate is where goods cross the border (从阿拉山口出境, 经霍尔果斯口岸入境):
/// a node of the route, not a stop inside the province the sentence is about.
fn crossing(text: &str, c: &Candidate) -> bool {
    let after = &text[c.end..];
    ["出境", "入境", "出关", "出入境", "口岸"]
        .iter()
        .any(|w| after.starts_with(w))
}

/// Whether every place `sentence` names is where goods cross the border
/// (将由新疆霍尔果斯口岸出境): a province right before its port is the same node.
/// `folded` is the sentence's own text.
pub fn names_only_crossings(folded: &str, sentence: &Sentence) -> bool {
    let base = sentence.range.start;
    let mentions = &sentence.mentions;
    !mentions.is_empty()
        && mentions.iter().enumerate().all(|(i, m)| {
            let attached = mentions.get(i + 1).is_some_and(|n| n.start == m.end);
            attached
                || folded.get(m.end - base..).is_some_and(|after| {
                    let after = after.trim_start_matches("口岸");
                    ["出境", "入境", "出关", "出入境"]
                        .iter()
                        .any(|w| after.starts_with(w))
                })
        })
}

/// Whether a Chinese name goes on with an administrative kind (长乐市, 南部县):
/// a place even when the kind is not its own today (长乐市, now 长乐区).
fn with_a_kind(text: &str, c: &Candidate) -> bool {
    c.chinese && text[c.end..].starts_with(['市', '县', '區', '区', '縣'])
}

/// Whether the candidate stands next to another place with only 、 between them.
fn in_a_list(text: &str, c: &Candidate, sentence: &[&Candidate]) -> bool {
    sentence.iter().any(|o| {
        let gap = if o.end <= c.start {
            text.get(o.end..c.start)
        } else if c.end <= o.start {
            text.get(c.end..o.start)
        } else {
            None
        };
        gap.is_some_and(|g| g.trim() == "、")
    })
}

/// A bare county name is credible with its prefecture or province in the
/// article, or when well known and not beside places of another province
/// ("Fuzhou Port's Jiangyin area" is no Jiangyin of Jiangsu). Two Chinese
/// characters (资源, 南部, 港口) are ordinary words far more often than
/// counties: they count only right after their province or prefecture
/// (云南河口, 桂林资源), when well known (义乌, 瑞丽), or written with an
/// administrative kind (长乐市) in an article that names their province.
fn credible_county(
    unit: &Unit,
    c: &Candidate,
    sentence: &[&Candidate],
    elsewhere: bool,
    article: &Anchors,
    kind: bool,
) -> bool {
    let units = Gazetteer::get().units();
    let well_known = !elsewhere && WELL_KNOWN_COUNTIES.contains(&unit.name_en);
    if c.chinese {
        let short = unit.short_zh.chars().count();
        let after_parent = sentence.iter().any(|p| {
            p.end == c.start
                && p.units.iter().any(|&u| {
                    Some(units[u].code) == unit.parent || units[u].code == unit.province_code()
                })
        });
        return well_known || after_parent || (short >= 3 || kind) && article.supports(unit);
    }
    well_known || article.supports(unit)
}

/// The province codes a sentence names, in order of first mention.
pub fn provinces_of(sentence: &Sentence) -> Vec<u32> {
    let mut out: Vec<u32> = Vec::new();
    for m in &sentence.mentions {
        let p = province_code(m.unit().code);
        if !out.contains(&p) {
            out.push(p);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn provinces(paragraphs: &[&str]) -> Vec<Vec<u32>> {
        resolve(paragraphs)
            .iter()
            .flatten()
            .map(provinces_of)
            .collect()
    }

    #[test]
    fn shared_names_follow_the_sentence_then_the_article() {
        let p = ["A train left Fuzhou International Port in Jiangxi Province for Rotterdam."];
        assert_eq!(provinces(&p), [vec![360000]]);
        let p = ["Fujian Province held a fair.", "Fuzhou exported more."];
        assert_eq!(provinces(&p), [vec![350000], vec![350000]]);
        let p = ["Jiangxi Province held a fair.", "Fuzhou exported more."];
        assert_eq!(provinces(&p), [vec![360000], vec![360000]]);
    }

    #[test]
    fn a_border_port_with_its_kind_in_lower_case_is_named() {
        // People's Daily Online, 2024-04-03 (tests/eval/real 135): "Mohan"
        // alone is too common a name to count; with its kind it is the port.
        let p = [
            "The Mohan railway port, located on China's border with Laos, has become the country's fastest-growing rail port in terms of cargo volume.",
        ];
        assert_eq!(provinces(&p), [vec![530000]]);
        // Xinhua, 2025-05-08 (tests/eval/real 122).
        let p = [
            "According to local customs authorities, cargo volume at the Suifenhe highway port reached a historic high of 1.23 million tons, surpassed ...",
        ];
        assert_eq!(provinces(&p), [vec![230000]]);
    }

    #[test]
    fn the_place_of_a_visit_is_no_party() {
        // China Daily via PR Newswire, 2024-03-07 (tests/eval/real 143).
        let p = [
            "Xi, who is also general secretary of the Communist Party of China Central Committee and chairman of the Central Military Commission, emphasized the need to improve the level of opening-up and cooperation domestically and internationally during a visit to Heilongjiang province in September.",
        ];
        assert_eq!(provinces(&p), [Vec::<u32>::new()]);
        // Xinhua via China Daily, 2023-03-23 (tests/eval/real 133).
        let p = [
            "China's Ministry of Foreign Affairs had invited them to visit Chongqing Municipality from March 20 to March 22.",
        ];
        assert_eq!(provinces(&p), [Vec::<u32>::new()]);
    }

    #[test]
    fn a_list_of_where_goods_come_from_names_no_party() {
        // Xinhua via People's Daily Online, 2023-02-21 (tests/eval/real 141):
        // the shippers' home regions of Yiwu's trains.
        let p = [
            "These trains transport goods from 15 provincial-level regions including Zhejiang, Shanghai, Anhui, and Jiangsu, thereby providing strong support to the export of foreign trade companies, according to the market development authorities of Yiwu.",
        ];
        assert_eq!(provinces(&p), [vec![330000]]);
    }

    #[test]
    fn bare_counties_need_support() {
        assert_eq!(provinces(&["Yiwu shipped goods."]), [vec![330000]]);
        assert_eq!(provinces(&["Shapingba grew."]), [Vec::<u32>::new()]);
        assert_eq!(
            provinces(&["Chongqing and Shapingba grew."]),
            [vec![500000]]
        );
        assert_eq!(provinces(&["Shapingba District grew."]), [vec![500000]]);
        // A well-known port listed beside another province's city keeps its own province.
        assert_eq!(
            provinces(&["连云港基地布局阿拉山口、喀什、二连浩特、满洲里5个出境口岸。"]),
            [vec![320000, 650000, 150000]]
        );
        // Route stops closed by a count are the ports the route is built on.
        assert_eq!(
            provinces(&["山西中欧班列经满洲里、二连浩特、阿拉山口、霍尔果斯4个边境口岸出境。"]),
            [vec![140000, 150000, 650000]]
        );
        // The border crossing of another province's train is a node of the route.
        assert_eq!(
            provinces(&["广西中欧班列从钦州港始发，经阿拉山口出境。"]),
            [vec![450000, 650000]]
        );
        // A route drawn from one place to another names both ends; a train's
        // destination alone is a passing stop.
        assert_eq!(
            provinces(&["The passage extends from Chengdu to Yangpu Port in Hainan."]),
            [vec![510000, 460000]]
        );
        assert_eq!(
            provinces(&["Guizhou will run more trains to Guangxi's Beibu Gulf Port."]),
            [vec![520000]]
        );
    }

    #[test]
    fn for_names_a_route_end_only_after_a_verb_of_setting_off() {
        // "The plan for Anhui": the province the plan is for, a party of it.
        assert_eq!(
            provinces(&["Jiangsu gets a bonded port, and the plan for Anhui adds a pilot zone."]),
            [vec![320000, 340000]]
        );
        assert_eq!(
            provinces(&["A Yunnan train left for Chongqing with fruit."]),
            [vec![530000]]
        );
    }

    #[test]
    fn border_crossings_are_told_from_other_places() {
        let text = "班列将由新疆霍尔果斯口岸出境。";
        let sentence = &resolve(&[text])[0][0];
        assert!(names_only_crossings(text, sentence));
        let text = "班列从新疆乌鲁木齐出发。";
        let sentence = &resolve(&[text])[0][0];
        assert!(!names_only_crossings(text, sentence));
    }

    #[test]
    fn a_province_name_means_the_province() {
        assert_eq!(
            provinces(&["Tianjin and Hebei signed deals."]),
            [vec![120000, 130000]]
        );
        assert_eq!(provinces(&["海南自由贸易港封关运作。"]), [vec![460000]]);
    }
}
