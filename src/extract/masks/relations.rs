//! A place named only in relation to the region a sentence is about: the
//! other side of a comparison, an item of a definitional list, a later part of
//! a compound route name, Hong Kong/Macao/Taiwan as a partner, a venue.

use super::NotAPlace;
use crate::extract::places::Candidate;
use regex::Regex;
use std::sync::LazyLock;

const EN_VENUES: &[&str] = &[
    "press conference in ",
    "news conference in ",
    "briefing in ",
];

/// Is the candidate only where a press conference or meeting took place?
pub(super) fn is_venue(text: &str, c: &Candidate) -> bool {
    let before = &text[..c.start];
    let after = &text[c.end..];
    EN_VENUES.iter().any(|v| before.ends_with(v))
        || before.ends_with('在')
            && ["举行", "召开", "举办"]
                .iter()
                .any(|w| after.chars().take(6).collect::<String>().contains(w))
}

const EN_COMPARISONS: &[&str] = &[
    "than ",
    "second only to ",
    "behind ",
    "ahead of ",
    "surpassing ",
    "outpacing ",
    "overtaking ",
    "compared with ",
    "compared to ",
    "similar to ",
    "trailing ",
    "trailing only ",
    "only to ",
    "exceeding ",
    "higher than ",
    "lower than ",
    "after ",
];
const ZH_COMPARISONS: &[&str] = &[
    "仅次于",
    "超过",
    "超越",
    "高于",
    "低于",
    "领先于",
    "落后于",
    "不及",
];

/// Is the candidate the other side of a comparison ("second only to Guangdong")?
pub(super) fn is_comparison(
    text: &str,
    c: &Candidate,
    previous: Option<(&Candidate, Option<NotAPlace>)>,
) -> bool {
    let before = &text[..c.start];
    if let Some(cue) = EN_COMPARISONS
        .iter()
        .chain(ZH_COMPARISONS)
        .find(|w| before.ends_with(*w))
    {
        // "after" compares only in a ranking: "second in the country after Guangdong".
        return *cue != "after " || RANKING.is_match(&before[before.len().saturating_sub(60)..]);
    }
    if is_chinese_comparison(before, &text[c.end..]) {
        return true;
    }
    // "...than Guangdong and Jiangsu": later items of a compared list.
    if let Some((prev, Some(NotAPlace::Comparison))) = previous {
        let gap = &text[prev.end..c.start];
        return matches!(
            gap.trim(),
            "" | "," | "and" | ", and" | "or" | "、" | "和" | "及"
        );
    }
    false
}

static RANKING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:second|third|fourth|fifth|rank\w*|only|behind)\b").expect("static regex")
});

/// 与新加坡、中国香港等自由港相比: the places between 与 and 相比 are compared with.
fn is_chinese_comparison(before: &str, after: &str) -> bool {
    let lead: String = before
        .chars()
        .rev()
        .take(12)
        .collect::<String>()
        .chars()
        .rev()
        .collect();
    let tail: String = after
        .chars()
        .take_while(|&ch| !matches!(ch, '。' | '，' | '；'))
        .take(20)
        .collect();
    (lead.contains('与') || lead.contains('同') || lead.contains('與'))
        && [
            "相比",
            "相较",
            "相隔",
            "相距",
            "相近",
            "相似",
            "类似",
            "不同",
            "相比較",
            "相比较",
        ]
        .iter()
        .any(|w| tail.contains(w))
}

const EN_DEFINITIONS: &[&str] = &[
    " co-built by ",
    " jointly built by ",
    " together with ",
    " members include ",
    " comprises ",
    " comprising ",
    " comprise ",
    " consists of ",
    " consisting of ",
    " made up of ",
    " composed of ",
    " encompasses ",
    " encompassing ",
    " namely ",
    " covers ",
    " covering ",
];
const ZH_DEFINITIONS: &[&str] = &["包括", "包含", "涵盖", "覆盖", "即"];
const GROUP_NOUNS: &[&str] = &[
    "region",
    "regions",
    "area",
    "Area",
    "delta",
    "Delta",
    "belt",
    "Belt",
    "cluster",
    "provinces",
    "municipalities",
    "cities",
    "地区",
    "区域",
    "三角",
    "经济带",
    "城市群",
    "省份",
    "省区市",
    "各省",
    "沿海",
    "中部",
    "西部",
    "东部",
    "东北",
    "湾区",
    "都市圈",
    "格局",
    "布局",
    "名单",
    "体系",
    "pattern",
    "layout",
    "lineup",
    "list",
];

/// Is the candidate an item of a definitional list ("the central region
/// comprises six provinces: Shanxi, Anhui, ...")?
pub(super) fn is_definitional_item(paragraph: &str, sentence_start: usize, at: usize) -> bool {
    let before = &paragraph[sentence_start..at];
    let cue = EN_DEFINITIONS
        .iter()
        .chain(ZH_DEFINITIONS)
        .filter_map(|w| before.rfind(w))
        .max();
    let Some(cue) = cue else { return false };
    let lead = &before[..cue];
    GROUP_NOUNS.iter().any(|g| lead.contains(g))
}

/// Where the sentence holding `at` starts when colons do not split: a list
/// introduced by "comprises six provinces:" still belongs to its lead-in.
pub(super) fn full_sentence_start(paragraph: &str, at: usize) -> usize {
    let before = &paragraph[..at];
    match before.rfind([':', '：']) {
        Some(colon) if !before[colon..].contains(['.', '。', '!', '?']) => before[..colon]
            .rfind(['.', '。', '!', '?'])
            .map_or(0, |p| p + 1),
        _ => at,
    }
}

/// Is the candidate a later part of a hyphenated compound ("Chongqing-Xinjiang-Europe",
/// "Guangdong-Hong Kong-Macao Greater Bay Area")? The first part names the
/// origin or the owner and stays a place.
pub(super) fn is_compound(text: &str, c: &Candidate) -> bool {
    text[..c.start]
        .strip_suffix(['-', '–'])
        .is_some_and(|r| r.chars().next_back().is_some_and(char::is_alphabetic))
}

const SAR_AND_TAIWAN: &[u32] = &[810000, 820000, 710000];
const EN_PARTNER_CUES: &[&str] = &[
    "from ", "with ", "and ", "to ", "between ", "via ", "of ", "a ", "an ",
];
const ZH_PARTNER_CUES: &[&str] = &[
    "与", "同", "和", "对", "赴", "从", "往", "来自", "及", "、", "中国", "自", "向", "對", "與",
    "來自", "連接", "连接",
];
const PARTNER_SUFFIXES: &[&str] = &[
    "-funded",
    "-based",
    "-invested",
    "-made",
    "资",
    "籍",
    "企",
    "澳",
    "資",
    "居民",
    "青年",
    "专业人士",
    "專業人士",
];

/// Is the candidate Hong Kong, Macao or Taiwan named as a partner of another
/// region rather than as the region acting?
pub(super) fn is_partner(text: &str, c: &Candidate) -> bool {
    let units = crate::gazetteer::Gazetteer::get().units();
    if !c
        .units
        .iter()
        .all(|&u| SAR_AND_TAIWAN.contains(&units[u].code))
    {
        return false;
    }
    let before = &text[..c.start];
    let after = &text[c.end..];
    // "Hong Kong-funded", "Macao-registered": an adjective for someone else's partner.
    let adjective = after
        .strip_prefix('-')
        .is_some_and(|r| r.starts_with(|ch: char| ch.is_ascii_lowercase()));
    EN_PARTNER_CUES
        .iter()
        .chain(ZH_PARTNER_CUES)
        .any(|cue| before.ends_with(cue))
        || PARTNER_SUFFIXES.iter().any(|s| after.starts_with(s))
        || adjective
}
