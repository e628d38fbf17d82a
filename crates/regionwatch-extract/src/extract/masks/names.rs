//! Names that contain a place name but name something else: organisations
//! (China Railway Nanning Group, 重庆银行) and people (Zhang Jianping, 王安庆).

use super::is_cjk_start;
use crate::extract::places::{Candidate, Form};

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
pub(super) fn is_organisation(text: &str, c: &Candidate) -> bool {
    let before = &text[..c.start];
    if before.ends_with("Bank of ")
        || before.ends_with("University of ")
        || before.ends_with("China Railway ")
    {
        return true;
    }
    let after = &text[c.end..];
    if after.starts_with(|ch: char| crate::extract::sentences::is_cjk(ch)) || is_cjk_start(text, c)
    {
        let window: String = after
            .chars()
            .take_while(|ch| !ZH_STOP.contains(ch))
            .take(7)
            .collect();
        return ZH_ORG_WORDS.iter().any(|w| window.contains(w))
            || is_reporters_credit(before, after);
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

/// Inside a reporter's credit, "(香港文汇网 记者 于海江)", "（记者 王海南 史静静）":
/// the parenthesis names the outlet and the reporters, never a place.
fn is_reporters_credit(before: &str, after: &str) -> bool {
    let Some(open) = before.rfind(['(', '（']) else {
        return false;
    };
    let opening = &before[open..];
    if opening.contains([')', '）']) || opening.chars().count() > 16 {
        return false;
    }
    let closing: String = after
        .chars()
        .take_while(|ch| !matches!(ch, ')' | '）' | '。'))
        .take(16)
        .collect();
    opening.contains("记者") || closing.contains("记者")
}

const ZH_STOP: &[char] = &[
    '，', '。', '、', '；', '：', '“', '”', '（', '）', '的', '与', '和', '在', '对', '将', '是',
    '为', '及', '等', ' ',
];

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
pub(super) fn is_person(text: &str, c: &Candidate) -> bool {
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
