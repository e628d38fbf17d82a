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

use super::masks;
use super::places::{Candidate, Form, PlaceMatcher};
use super::sentences;
use crate::gazetteer::{Gazetteer, Level, Unit, province_code};
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
    let matcher = PlaceMatcher::get();
    let accepted: Vec<Judged> = paragraphs
        .iter()
        .map(|p| {
            let ranges = sentences::split(p);
            let candidates = matcher.candidates(p);
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
    let mut article: Vec<Vec<Sentence>> = accepted
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
                        .filter_map(|c| choose(c, &local, &nearby, &anchors))
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
    drop_incidental_lists(&mut article, paragraphs);
    article
}

const EN_PASSING: &[&str] = &[
    "via ",
    "through ",
    "bound for ",
    "destined for ",
    "to ",
    "for ",
    "toward ",
    "towards ",
    "reach ",
    "reaching ",
    "arrive in ",
    "arriving in ",
    "arrived in ",
    "from ",
];
const ZH_PASSING: &[&str] = &[
    "经", "途经", "经由", "取道", "运到", "运往", "发往", "抵达", "直达", "到达", "到", "至", "往",
    "覆盖", "辐射", "来自",
];

/// Drops places a sentence names only as a route's stop or end when it is
/// about another region ("Yunnan launched trains ... via Chongqing and Xi'an").
fn drop_passing_places(text: &str, mentions: Vec<Mention>) -> Vec<Mention> {
    let Some(subject) = mentions.first().map(Mention::province) else {
        return mentions;
    };
    let mut passing = false;
    mentions
        .into_iter()
        .filter(|m| {
            if m.province() == subject {
                passing = false;
                return true;
            }
            let before = &text[..m.start];
            let cue = EN_PASSING
                .iter()
                .chain(ZH_PASSING)
                .any(|c| before.ends_with(c));
            let listed = matches!(
                before.trim_end().chars().next_back(),
                Some(',' | '、' | '和' | '及')
            ) || before.ends_with(" and ")
                || before.ends_with(" or ")
                || before.ends_with("'s ")
                || before.ends_with("’s ")
                || before.ends_with('的');
            passing = cue || passing && listed;
            !passing
        })
        .collect()
}

/// A sentence listing three or more provinces ("co-built by Chongqing, Guizhou,
/// Gansu ...") counts only for those the article speaks of elsewhere too.
fn drop_incidental_lists(article: &mut [Vec<Sentence>], paragraphs: &[&str]) {
    let mut sentences_naming: std::collections::HashMap<u32, usize> = Default::default();
    for s in article.iter().flatten() {
        for p in provinces_of(s) {
            *sentences_naming.entry(p).or_default() += 1;
        }
    }
    for (sentences, text) in article.iter_mut().zip(paragraphs) {
        for s in sentences {
            let listed = enumerated(text, &s.mentions);
            if listed.len() >= 3 {
                let mut i = 0;
                s.mentions.retain(|m| {
                    let keep = !listed.contains(&i) || sentences_naming[&m.province()] >= 2;
                    i += 1;
                    keep
                });
            }
        }
    }
}

/// Indexes of the mentions that form the longest run joined only by list
/// separators ("Shanxi, Henan, Hubei and Hunan", 江苏、浙江和安徽), counting
/// "Guangdong's Zhanjiang" as one item.
fn enumerated(text: &str, mentions: &[Mention]) -> Vec<usize> {
    let separator = |gap: &str| {
        let g = gap.trim();
        matches!(
            g,
            "," | "and"
                | ", and"
                | "or"
                | "、"
                | "和"
                | "及"
                | "与"
                | "以及"
                | "'s"
                | "’s"
                | "Province,"
                | "province,"
        ) || g.is_empty()
    };
    let mut best: Vec<usize> = Vec::new();
    let mut run: Vec<usize> = Vec::new();
    for (i, m) in mentions.iter().enumerate() {
        let joined = i > 0
            && mentions[i - 1].end <= m.start
            && separator(&text[mentions[i - 1].end..m.start]);
        if !joined {
            run.clear();
        }
        run.push(i);
        let provinces: HashSet<u32> = run.iter().map(|&j| mentions[j].province()).collect();
        if provinces.len() >= 3 && run.len() > best.len() {
            best = run.clone();
        }
    }
    best
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
    if c.form == Form::BareCounty && !credible_county(&units[unit], c, sentence, elsewhere, article)
    {
        return None;
    }
    Some(Mention {
        start: c.start,
        end: c.end,
        unit,
    })
}

/// A bare county name is credible with its prefecture or province in the
/// article, or when well known and not beside places of another province
/// ("Fuzhou Port's Jiangyin area" is no Jiangyin of Jiangsu). Two Chinese
/// characters (资源, 南部, 港口) are ordinary words far more often than
/// counties: they count only right after their province or prefecture
/// (云南河口, 桂林资源) or when well known (义乌, 瑞丽).
fn credible_county(
    unit: &Unit,
    c: &Candidate,
    sentence: &[&Candidate],
    elsewhere: bool,
    article: &Anchors,
) -> bool {
    let units = Gazetteer::get().units();
    let well_known = !elsewhere && WELL_KNOWN_COUNTIES.contains(&unit.name_en.as_str());
    if c.chinese {
        let short = unit.short_zh.chars().count();
        let after_parent = sentence.iter().any(|p| {
            p.end == c.start
                && p.units.iter().any(|&u| {
                    Some(units[u].code) == unit.parent || units[u].code == unit.province_code()
                })
        });
        return well_known || after_parent || short >= 3 && article.supports(unit);
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
    fn bare_counties_need_support() {
        assert_eq!(provinces(&["Yiwu shipped goods."]), [vec![330000]]);
        assert_eq!(provinces(&["Shapingba grew."]), [Vec::<u32>::new()]);
        assert_eq!(
            provinces(&["Chongqing and Shapingba grew."]),
            [vec![500000]]
        );
        assert_eq!(provinces(&["Shapingba District grew."]), [vec![500000]]);
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
