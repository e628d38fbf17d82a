//! Telling when a place name does *not* name a place the article talks about:
//! a dateline, an organisation, a person, a comparison, a definitional list or
//! a compound route name ("Chongqing-Xinjiang-Europe"). Each rule looks only at
//! the text around one candidate.

use super::places::{Candidate, Form};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// Why a candidate is not a place mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotAPlace {
    Dateline,
    Organisation,
    Person,
    Comparison,
    DefinitionalList,
    Compound,
    /// Hong Kong, Macao or Taiwan as another region's partner ("investors from Hong Kong").
    Partner,
    /// Where an event was held ("told a press conference in Beijing", 在北京举行).
    Venue,
}

const EN_VENUES: &[&str] = &[
    "press conference in ",
    "news conference in ",
    "briefing in ",
];

/// Is the candidate only where a press conference or meeting took place?
fn is_venue(text: &str, c: &Candidate) -> bool {
    let before = &text[..c.start];
    let after = &text[c.end..];
    EN_VENUES.iter().any(|v| before.ends_with(v))
        || before.ends_with('在')
            && ["举行", "召开", "举办"]
                .iter()
                .any(|w| after.chars().take(6).collect::<String>().contains(w))
}

static EN_DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[^a-z]{0,80}?\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}\s*(?:\([^)]{2,40}\))?\s*(?:--|—|–|-)")
        .expect("static regex")
});
static ZH_DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[^。]{0,24}?(?:新华社|新华网|人民网|中新社|中新网|央视网|人民日报|本报|经济日报|光明日报|中国日报网|中国日报|中国政府网|央广网|国际在线)[^。，,]{0,16}?\d{1,2}月\d{1,2}日(?:电|讯)(?:\s*[（(][^）)]{0,40}[）)])?")
        .expect("static regex")
});

/// The dateline at the start of a paragraph ("HAIKOU, March 3 (Xinhua) --",
/// 新华社北京2月1日电（记者 X）), which names where the reporter filed from.
pub fn dateline(paragraph: &str) -> Option<Range<usize>> {
    EN_DATELINE
        .find(paragraph)
        .or_else(|| ZH_DATELINE.find(paragraph))
        .map(|m| m.range())
}

const EN_ORG_WORDS: &[&str] = &[
    "Co",
    "Co.",
    "Company",
    "Companies",
    "Group",
    "Corporation",
    "Corp",
    "Corp.",
    "Bank",
    "University",
    "College",
    "Institute",
    "Academy",
    "Airlines",
    "Airline",
    "Holdings",
    "Holding",
    "Ltd",
    "Ltd.",
    "Limited",
    "Inc",
    "Inc.",
    "Association",
    "Daily",
    "News",
    "Television",
    "TV",
    "Hospital",
    "Federation",
    "Fund",
    "Securities",
    "School",
    "Club",
    "Team",
    "Press",
    "Times",
    "Post",
    "Motors",
    "Pharmaceutical",
    "Technology",
    "Technologies",
    "Tech",
    "Industries",
    "Industry",
    "Electric",
    "Energy",
    "Chamber",
    "Organization",
    "Organisation",
    "Exchange",
    "Index",
    "Automobile",
    "Auto",
    "Automotive",
    "Motor",
    "Forum",
    "Games",
    "Olympics",
    "Marathon",
    "Museum",
    "-based",
];
const EN_ORG_LINKS: &[&str] = &["and", "of", "&", "for", "-", "the"];
const ZH_ORG_WORDS: &[&str] = &[
    "集团",
    "公司",
    "银行",
    "大学",
    "学院",
    "研究院",
    "医院",
    "协会",
    "日报",
    "电视台",
    "证券",
    "交易所",
    "商会",
    "研究所",
    "俱乐部",
    "队",
    "组织",
    "论坛",
    "博物馆",
    "运动会",
];

/// Is the candidate the start or middle of an organisation's name?
fn is_organisation(text: &str, c: &Candidate) -> bool {
    let before = &text[..c.start];
    if before.ends_with("Bank of ")
        || before.ends_with("University of ")
        || before.ends_with("China Railway ")
    {
        return true;
    }
    let after = &text[c.end..];
    if after.starts_with(|ch: char| super::sentences::is_cjk(ch)) || is_cjk_start(text, c) {
        let window: String = after
            .chars()
            .take_while(|ch| !ZH_STOP.contains(ch))
            .take(7)
            .collect();
        return ZH_ORG_WORDS.iter().any(|w| window.contains(w));
    }
    for word in after.split_whitespace().take(7) {
        let bare = word.trim_matches(|ch: char| matches!(ch, '(' | ')' | ',' | '\'' | '"'));
        if EN_ORG_WORDS.contains(&bare) || EN_ORG_WORDS.contains(&word.trim_end_matches(',')) {
            return true;
        }
        let capitalised = bare.starts_with(|ch: char| ch.is_uppercase());
        if !(capitalised || EN_ORG_LINKS.contains(&bare))
            || word.ends_with('.') && !word.ends_with("Co.")
        {
            return false;
        }
    }
    false
}

const ZH_STOP: &[char] = &[
    '，', '。', '、', '；', '：', '“', '”', '（', '）', '的', '与', '和', '在', '对', '将', '是',
    '为', '及', '等', ' ',
];

fn is_cjk_start(text: &str, c: &Candidate) -> bool {
    text[c.start..]
        .chars()
        .next()
        .is_some_and(super::sentences::is_cjk)
}

const SURNAMES: &[&str] = &[
    "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma",
    "Zhu", "Hu", "Guo", "Lin", "Gao", "Luo", "Zheng", "Liang", "Xie", "Song", "Tang", "Han",
    "Feng", "Deng", "Cao", "Peng", "Zeng", "Xiao", "Tian", "Dong", "Yuan", "Pan", "Yu", "Jiang",
    "Cai", "Du", "Ye", "Cheng", "Su", "Wei", "Lyu", "Lv", "Ding", "Ren", "Shen", "Yao", "Lu",
    "Cui", "Zhong", "Tan", "Fan", "Jin", "Shi", "Liao", "Jia", "Xia", "Fu", "Fang", "Bai", "Zou",
    "Meng", "Xiong", "Qin", "Qiu", "Yin", "Xue", "Yan", "Duan", "Lei", "Hou", "Long", "Tao", "Gu",
    "Mao", "Hao", "Gong", "Shao", "Wan", "Qian", "Dai", "Mo", "Kong", "Kang", "Kuang", "Hong",
    "Ouyang", "Niu", "Ni", "Qi", "Ge", "Wen", "Bao", "Yue", "Ruan", "Lan", "Mei", "Chang", "Geng",
    "Guan", "Hua", "Ji", "Jing", "Lai", "Lou", "Mu", "Nie", "Ou", "Pang", "Pei", "Qu", "Rong",
    "Sheng", "Shu", "Tong", "Xing", "Xiang", "Yi", "Zang", "Zhan", "Zhuang", "Zuo", "Xi", "He",
];
const EN_ROLES: &[&str] = &[
    "member",
    "representative",
    "deputy",
    "director",
    "chairman",
    "chairwoman",
    "chair",
    "secretary",
    "president",
    "vice",
    "head",
    "official",
    "manager",
    "general",
    "professor",
    "researcher",
    "expert",
    "founder",
    "CEO",
    "mayor",
    "governor",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "analyst",
    "economist",
    "senior",
    "chief",
    "political",
    "lawmaker",
    "legislator",
    "national",
    "party",
    "dean",
];
const ZH_SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
const ZH_SPEECH: &[&str] = &[
    "表示", "说", "介绍", "认为", "指出", "称", "告诉", "坦言", "透露", "建议", "提出", "强调",
];

/// Is the candidate a person's name ("Zhang Jianping", "Huangpu, a member of...", 王安庆表示)?
fn is_person(text: &str, c: &Candidate) -> bool {
    if c.form == Form::Qualified {
        return false;
    }
    let before = &text[..c.start];
    let after = &text[c.end..];
    if is_cjk_start(text, c) {
        let mut back = before.chars().rev();
        let Some(prev) = back.next() else {
            return false;
        };
        // 高于江苏, 位于广西: 于 after these is a preposition, not the surname Yu.
        let preposition = prev == '于'
            && back
                .next()
                .is_some_and(|c| "高低位对由关在等属至大小多少居".contains(c));
        return ZH_SURNAMES.contains(prev)
            && !preposition
            && (ZH_SPEECH.iter().any(|w| after.starts_with(w))
                || after.starts_with('（')
                || after.starts_with('、'));
    }
    let prev_word = before
        .trim_end()
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or("");
    if before.ends_with(' ') && SURNAMES.contains(&prev_word) {
        return true;
    }
    if let Some(rest) = after.strip_prefix(", ") {
        let mut words = rest.split_whitespace();
        let article = words.next().unwrap_or("");
        let role = words
            .next()
            .unwrap_or("")
            .trim_matches(|ch: char| !ch.is_alphanumeric());
        return matches!(article, "a" | "an" | "the") && EN_ROLES.contains(&role)
            || EN_ROLES.contains(&article.trim_end_matches(','));
    }
    false
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
fn is_comparison(
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
fn is_definitional_item(paragraph: &str, sentence_start: usize, at: usize) -> bool {
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
fn full_sentence_start(paragraph: &str, at: usize) -> usize {
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
fn is_compound(text: &str, c: &Candidate) -> bool {
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
fn is_partner(text: &str, c: &Candidate) -> bool {
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

/// Judges every candidate of a paragraph; `sentence_of` gives the byte range of
/// the sentence holding a candidate.
pub fn judge(
    paragraph: &str,
    candidates: &[Candidate],
    sentence_of: impl Fn(usize) -> Range<usize>,
) -> Vec<Option<NotAPlace>> {
    let dateline = dateline(paragraph);
    let mut verdicts: Vec<Option<NotAPlace>> = Vec::with_capacity(candidates.len());
    for (i, c) in candidates.iter().enumerate() {
        let sentence = sentence_of(c.start);
        let previous = i.checked_sub(1).map(|p| (&candidates[p], verdicts[p]));
        let verdict = if dateline.as_ref().is_some_and(|d| c.start < d.end) {
            Some(NotAPlace::Dateline)
        } else if is_organisation(paragraph, c) {
            Some(NotAPlace::Organisation)
        } else if is_comparison(paragraph, c, previous) {
            Some(NotAPlace::Comparison)
        } else if is_person(paragraph, c) {
            Some(NotAPlace::Person)
        } else if is_definitional_item(
            paragraph,
            full_sentence_start(paragraph, sentence.start),
            c.start,
        ) {
            Some(NotAPlace::DefinitionalList)
        } else if is_compound(paragraph, c) {
            Some(NotAPlace::Compound)
        } else if is_partner(paragraph, c) {
            Some(NotAPlace::Partner)
        } else if is_venue(paragraph, c) {
            Some(NotAPlace::Venue)
        } else {
            None
        };
        verdicts.push(verdict);
    }
    verdicts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::places::PlaceMatcher;

    fn verdicts(text: &str) -> Vec<(String, Option<NotAPlace>)> {
        let cands = PlaceMatcher::get().candidates(text);
        let v = judge(text, &cands, |_| 0..text.len());
        cands
            .iter()
            .zip(v)
            .map(|(c, v)| (text[c.start..c.end].to_string(), v))
            .collect()
    }

    #[test]
    fn organisations_persons_and_datelines() {
        let v = verdicts(
            "NANNING, Jan. 9 (Xinhua) -- China Railway Nanning Group said Huangpu, a member of the Chongqing CPPCC, met Zhang Jianping in Guangxi.",
        );
        let names: Vec<_> = v.iter().map(|(n, v)| (n.as_str(), *v)).collect();
        assert!(
            names.contains(&("Nanning", Some(NotAPlace::Organisation))),
            "{names:?}"
        );
        assert!(names.contains(&("Chongqing", None)), "{names:?}");
        assert!(names.contains(&("Guangxi", None)), "{names:?}");
        assert!(
            names.contains(&("Jianping", Some(NotAPlace::Person))),
            "{names:?}"
        );
        assert!(!names.iter().any(|(n, _)| *n == "Huangpu"), "{names:?}");
    }

    #[test]
    fn comparisons_lists_and_compounds() {
        let v = verdicts(
            "Its growth was second only to Guangdong and Jiangsu, and the Chongqing-Xinjiang-Europe line grew.",
        );
        let expected = [
            ("Guangdong", Some(NotAPlace::Comparison)),
            ("Jiangsu", Some(NotAPlace::Comparison)),
            ("Chongqing", None), // the route's origin stays a place
            ("Xinjiang", Some(NotAPlace::Compound)),
        ];
        let got: Vec<_> = v.iter().map(|(n, v)| (n.as_str(), *v)).collect();
        assert_eq!(got, expected);
        let v = verdicts(
            "The Yangtze River Delta region comprises Shanghai, Jiangsu, Zhejiang and Anhui.",
        );
        assert!(
            v.iter()
                .all(|(_, v)| *v == Some(NotAPlace::DefinitionalList)),
            "{v:?}"
        );
    }

    #[test]
    fn chinese_datelines_and_organisations() {
        let v = verdicts("新华社南宁3月5日电（记者 王某）山东港口集团与重庆银行在广西签约。");
        let ok: Vec<_> = v
            .iter()
            .filter(|(_, v)| v.is_none())
            .map(|(n, _)| n.as_str())
            .collect();
        assert_eq!(ok, ["广西"], "{v:?}");
    }
}
