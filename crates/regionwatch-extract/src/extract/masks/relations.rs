//! A place named only in relation to the region a sentence is about: the
//! other side of a comparison, an item of a definitional list, a later part of
//! a compound route name, Hong Kong/Macao/Taiwan as a partner, a venue.

use super::NotAPlace;
use crate::extract::places::Candidate;
use aho_corasick::AhoCorasick;
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
    // 记者自北京出发: where the reporters set out from.
    let reporters_from = before.ends_with('自')
        && after.starts_with("出发")
        && before
            .chars()
            .rev()
            .take(8)
            .collect::<String>()
            .contains("者记");
    reporters_from
        || EN_VENUES.iter().any(|v| before.ends_with(v))
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
    // A neighbour is a reference point: "Hebei, which neighbors Beijing and Tianjin".
    "neighbors ",
    "neighbours ",
    "neighboring ",
    "neighbouring ",
    "bordering ",
    "borders ",
    "adjacent to ",
    "next to ",
];
const ZH_COMPARISONS: &[&str] = &[
    // A distance is measured from a reference point: 距中国霍尔果斯口岸仅15公里.
    "距",
    "距离",
    "距中国",
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
    let after = &text[c.end..];
    if is_chinese_comparison(before, after)
        || is_precedent(before, after)
        || is_goods_origin(after)
        || is_served_strategy(before, after)
    {
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

/// 服务京津冀协同发展, 融入长三角一体化: a joint strategy the sentence's own
/// region serves is its hinterland, not a party of its measure.
fn is_served_strategy(before: &str, after: &str) -> bool {
    let lead: String = before.chars().rev().take(4).collect();
    let tail: String = after.chars().take(8).collect();
    ["务服", "入融", "接对"].iter().any(|w| lead.contains(w))
        && ["协同发展", "一体化"].iter().any(|w| tail.contains(w))
}

/// 新疆核桃、内蒙古葵花籽等货物经天津港出口: where the goods come from, not
/// where the measure is. The place is followed straight by its produce and the
/// clause closes the list with 等货物/等商品/等产品.
fn is_goods_origin(after: &str) -> bool {
    if after.starts_with([
        '省', '市', '区', '县', '港', '口', '自', '的', '、', '，', ',',
    ]) {
        return false;
    }
    let clause: String = after
        .chars()
        .take_while(|&ch| !matches!(ch, '。' | '，' | '；' | ',' | ';'))
        .take(40)
        .collect();
    ["等货物", "等商品", "等产品", "等特产", "等农产品", "等货品"]
        .iter()
        .any(|w| clause.contains(w))
}

/// 继重庆“渝新欧”、西安“长安号”后: the places between 继 and 后 went first;
/// they are the reference the sentence's own region follows (继续 is not 继).
fn is_precedent(before: &str, after: &str) -> bool {
    let lead: Vec<char> = before.chars().rev().take(12).collect();
    let Some(at) = lead.iter().position(|&ch| ch == '继' || ch == '繼') else {
        return false;
    };
    let next = at.checked_sub(1).map(|i| lead[i]);
    if matches!(next, Some('续' | '續' | '承')) {
        return false;
    }
    after
        .chars()
        .take_while(|&ch| !matches!(ch, '。' | '，' | '；' | ','))
        .take(20)
        .any(|ch| ch == '后' || ch == '後')
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
/// A relative clause that says what something else consists of ("the services
/// pilot, which covers 11 regions including ..."): definitional with or
/// without a group noun before it.
const EN_RELATIVE_DEFINITIONS: &[&str] = &[
    ", which covers ",
    ", which cover ",
    ", which includes ",
    ", which include ",
];
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
    if RELATIVE_DEFINITIONS.is_match(before) {
        return true;
    }
    // Where the last cue starts: every occurrence of every cue, overlapping
    // ones too, so the same as the greatest `rfind` of each cue.
    let cue = DEFINITIONS
        .find_overlapping_iter(before)
        .map(|m| m.start())
        .max();
    let Some(cue) = cue else { return false };
    let lead = &before[..cue];
    GROUP_NOUNS.iter().any(|g| lead.contains(g))
}

// One pass over the text before each candidate for all the cues instead of a
// search per cue: this test ran for every candidate and took ~9% of extracting
// a page (issue 11).
static RELATIVE_DEFINITIONS: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::new(EN_RELATIVE_DEFINITIONS).expect("relative definition cues compile")
});
static DEFINITIONS: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::new(EN_DEFINITIONS.iter().chain(ZH_DEFINITIONS)).expect("definition cues compile")
});

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

/// Is the candidate a later part of a hyphenated macro-region name
/// ("Guangdong-Hong Kong-Macao Greater Bay Area")? The first part names the
/// owner and stays a place. In a route ("Chongqing-Xinjiang-Europe") or a
/// joint arrangement ("Guangdong-Macao In-depth Cooperation Zone") every
/// Chinese part is a node or a party and stays a place too.
pub(super) fn is_compound(text: &str, c: &Candidate) -> bool {
    let later = text[..c.start]
        .strip_suffix(['-', '–'])
        .is_some_and(|r| r.chars().next_back().is_some_and(char::is_alphabetic));
    later && MACRO_REGION_AFTER.is_match(&text[c.end..]) || is_served_region(text, c)
}

/// Is the candidate the first part of a region named after three or more
/// provinces that a place serves ("the maritime gateway of the
/// Beijing-Tianjin-Hebei region", "a shipping outlet for the ... region")?
/// Such a region is a macro-region, so no part of it names a region, not even
/// the first (unlike the owner of "Guangdong-Hong Kong-Macao Greater Bay Area").
fn is_served_region(text: &str, c: &Candidate) -> bool {
    let served = [
        "of the ",
        "for the ",
        "to the ",
        "serving the ",
        "serves the ",
    ]
    .iter()
    .any(|w| text[..c.start].ends_with(w));
    served && SERVED_REGION_AFTER.is_match(&text[c.end..])
}

/// The rest of such a name: two or three more parts, then "region".
static SERVED_REGION_AFTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:[-–][A-Z][a-z]+){2,3} region\b").expect("static regex"));

/// The rest of a hyphenated name that makes it a macro-region.
static MACRO_REGION_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[-–][A-Z][a-z]+(?: [A-Z][a-z]+)?){0,3} (?:Greater Bay Area|Bay Area|Delta|Economic Circle|Economic Zone|region)\b")
        .expect("static regex")
});

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

/// Words of a joint arrangement: a partner in one is a party to the measure
/// ("deepen cooperation with Hong Kong and Macao", 与港澳共建合作园区).
const COOPERATION: &[&str] = &[
    "cooperat",
    "jointly",
    "synerg",
    "integrat",
    "partnership",
    "working together",
    "work together",
    "between",
    "合作",
    "携手",
    "攜手",
    "协同",
    "協同",
    "联手",
    "聯手",
];

/// A word of cooperation just before the candidate ("cooperation with Hong
/// Kong", "between Nansha and Macao"), or around it in Chinese (携手港澳,
/// 与港澳合作), within its sentence.
fn cooperation_near(text: &str, sentence: &std::ops::Range<usize>, c: &Candidate) -> bool {
    let floor = |mut i: usize| {
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let ceil = |mut i: usize| {
        while !text.is_char_boundary(i) {
            i += 1;
        }
        i
    };
    let (back, ahead) = if c.chinese { (30, 30) } else { (60, 0) };
    let from = floor(c.start.saturating_sub(back).max(sentence.start));
    let to = ceil((c.end + ahead).min(sentence.end.max(c.end)));
    let window = &text[from..to];
    COOPERATION.iter().any(|w| window.contains(w))
}

/// Is the candidate Hong Kong, Macao or Taiwan named as a partner of another
/// region rather than as the region acting? Not in a joint arrangement
/// (`sentence` speaks of cooperation): there the partner is a party too.
pub(super) fn is_partner(text: &str, sentence: &std::ops::Range<usize>, c: &Candidate) -> bool {
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
    let suffixed = PARTNER_SUFFIXES.iter().any(|s| after.starts_with(s));
    let taiwan = c.units.iter().any(|&u| units[u].code == 710000);
    if !suffixed && !taiwan && cooperation_near(text, sentence, c) {
        return false;
    }
    // 港澳 and 粤港澳 name Hong Kong and Macao as parties only in cooperation.
    if c.chinese && crate::extract::compounds::is_joint(&text[c.start..c.end]) {
        return true;
    }
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
