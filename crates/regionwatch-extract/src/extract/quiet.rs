//! Sentences that are never highlights, whatever regions they name: questions
//! (an interviewer's, a rhetorical one), in-body subheadings, and reports of
//! crime (a smuggling ring broken up, a case's 案值 and 涉案 goods are not an
//! opening-up measure), photo captions left in the body (图为……), and
//! geography with no measure ("Manzhouli borders Russia", 我省与三国接壤). They still
//! pass through the run, so the sentences after them keep their region.

use super::text::{char_len, has_cjk};
use regex::Regex;
use std::sync::LazyLock;

/// A subheading is a short paragraph without the punctuation that ends a sentence.
const MAX_HEADING_CHARS_ZH: usize = 30;
const MAX_HEADING_WORDS_EN: usize = 16;

/// Whether a sentence of `paragraph` must not be a highlight.
pub fn is_quiet(paragraph: &str, sentence: &str) -> bool {
    is_heading(paragraph)
        || is_question(sentence)
        || CRIME.is_match(sentence)
        || is_geography(sentence)
        || sentence.contains("日电") && HEADLINE_LINE.is_match(sentence)
        || is_itinerary(sentence)
        || is_caption(sentence)
}

/// A photo caption left in the body (图为4月6日，在……): what a picture shows.
fn is_caption(sentence: &str) -> bool {
    let s = sentence.trim_start();
    s.starts_with("图为") || s.starts_with("圖為")
}

/// A report of crime (涉嫌走私, a smuggling ring): the places it names are
/// where goods were smuggled, no run of a region's measures.
pub fn is_crime(sentence: &str) -> bool {
    CRIME.is_match(sentence)
}

/// Compiles the pattern every sentence meets, for [`super::highlights::warm_rules`];
/// the others wait for their literals.
pub fn warm_rules() {
    LazyLock::force(&CRIME);
}

/// The reporters' own journey (记者自北京出发，跟随中欧班列……途经陕西西安、新疆乌鲁木齐;
/// a media tour, ……主题采访活动举行,多家媒体从重庆到广西……; 记者急于走访): an
/// itinerary, no measure; the places on it open no run either.
pub fn is_itinerary(sentence: &str) -> bool {
    // The pattern is slow to compile: test first for what each alternative
    // holds (记者; a reporter or correspondent and one of the verbs).
    let any = |words: &[&str]| words.iter().any(|w| sentence.contains(w));
    (any(&["记者", "媒体", "采访活动"])
        || any(&["eporter", "orrespondent"])
            && any(&[" traveled", " travelled", " followed", " rode"]))
        && ITINERARY.is_match(sentence)
}

static ITINERARY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:记者|媒体)[^。，,]{0,12}(?:跟随|出发|随车|走进|探访|走访)|主题采访活动|\b(?:[Rr]eporters?|[Cc]orrespondents?) (?:traveled|travelled|followed|rode)\b")
        .expect("static regex")
});

/// The wire's headline repeated after the dateline: `中新网绥芬河7月19日电 题：……`
/// (tested only on a sentence holding 日电, which it needs).
static HEADLINE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[^。]{0,30}\d{1,2}日电\s*(?:[（(][^）)]{0,20}[）)])?\s*题[:：]")
        .expect("static regex")
});

/// Where a region lies and what it borders, with nothing that changes:
/// "Manzhouli, located in northeast Inner Mongolia, borders Russia", "the only
/// Chinese city that borders both Russia and the DPRK",
/// 绥芬河位于黑龙江省东南部，与俄罗斯接壤. A sentence that also states a result
/// or a plan ("Mohan, a town that borders Laos, is taking on a new profile") is not.
fn is_geography(sentence: &str) -> bool {
    GEOGRAPHY_WORDS.iter().any(|w| sentence.contains(w))
        && GEOGRAPHY.is_match(sentence)
        && !CHANGE.is_match(sentence)
}

/// A literal each alternative of `GEOGRAPHY` holds: a sentence without one
/// cannot match, and a page without one never compiles it (issue 11).
const GEOGRAPHY_WORDS: &[&str] = &[
    "orders ",
    "border line",
    "接壤",
    "毗邻",
    "交界",
    "隔江相望",
    "隔河相望",
    "一江之隔",
    "位于",
    "地处",
    "位於",
    "地處",
];

static GEOGRAPHY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b[Bb]orders (?:on |both )?(?:[A-Z]|the\b)|\bborder line\b|与[^，。,]{1,20}(?:接壤|毗邻|交界)|隔江相望|隔河相望|一江之隔|(?:位于|地处|位於|地處)[^，。,]{0,16}(?:部|边境|邊境|交界|要塞|要冲|之间)")
        .expect("static regex")
});

static CHANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:will|has seen|have seen|saw|sees|rose|grew|increased|reached|handled|transported|launched|opened|set up|built|taking on|became|becoming|plans?|aims?|surpass\w*|exceed\w*|breaking|broke|topped|logged|recorded|registered)\b|\d\s*(?:%|percent|万|亿)|增长|突破|开通|开行|建设|实现|达到|将|扩大|推进|推动|计划")
        .expect("static regex")
});

/// `双枢纽创造新亚欧陆海联运标杆`, `Border trade booms`: no sentence end, short.
fn is_heading(paragraph: &str) -> bool {
    let p = paragraph.trim();
    let ended = p
        .trim_end_matches(['”', '"', '’', '\'', '」', '』', ')', '）'])
        .ends_with(['。', '！', '？', '.', '!', '?', '…', '；', ';', '：', ':']);
    if ended || p.is_empty() {
        return false;
    }
    if has_cjk(p) {
        char_len(p) <= MAX_HEADING_CHARS_ZH
    } else {
        p.split_whitespace().count() <= MAX_HEADING_WORDS_EN
    }
}

/// A question: `……有着怎样的考虑？`, `What does this mean for exporters?`.
fn is_question(sentence: &str) -> bool {
    sentence
        .trim()
        .trim_end_matches(['”', '"', '’', '\'', '」', '』'])
        .ends_with(['?', '？'])
}

/// Crime reports: a case cracked, a ring broken up, smugglers and suspects.
static CRIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)走私案|涉案|案值|走私团伙|走私分子|走私犯罪|涉嫌走私|犯罪嫌疑人|犯罪团伙|破获|侦破|偷运|\bsmuggling (?:case|ring|gang|racket)s?\b|\bsmugglers\b|\bcriminal suspects?\b")
        .expect("static regex")
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_headings_and_crime_are_quiet() {
        let p = "如何看待目前山东对外开放面临的挑战与潜力？";
        assert!(is_quiet(p, p));
        assert!(is_quiet(
            "双枢纽创造新亚欧陆海联运标杆",
            "双枢纽创造新亚欧陆海联运标杆"
        ));
        assert!(is_quiet(
            "Border trade booms in Xinjiang",
            "Border trade booms in Xinjiang"
        ));
        let s = "杭州海关破获一起特大冻品走私案，打掉走私团伙3个。";
        assert!(is_quiet(s, s));
        // The case's value and goods, in traditional characters too.
        let s = "該案案值5000余萬元，涉案凍品3000余噸。";
        assert!(is_quiet(s, s));
        let s = "Manzhouli, located in northeast Inner Mongolia, borders Russia to the north.";
        assert!(is_quiet(s, s));
        let s = "绥芬河位于黑龙江省东南部，与俄罗斯滨海边疆区接壤。";
        assert!(is_quiet(s, s));
        // China Daily, 2018-12-03 (tests/eval/real 146): "borders both ...".
        let s = "Hunchun, the only Chinese city that borders both Russia and the Democratic People’s Republic of Korea, does not have a seaport but is only 63 kilometers from Zarubino in Russia’s Far East.";
        assert!(is_quiet(s, s));
        let s = "中新网绥芬河7月19日电 题：黑龙江边民书写跨境贸易新传奇";
        assert!(is_quiet(s, s));
        let s = "日前，记者自北京出发，跟随中欧班列一路向西，途经陕西西安、新疆乌鲁木齐。";
        assert!(is_quiet(s, s));
        let s = "图为3月2日，在某口岸等待出境的中欧班列。";
        assert!(is_quiet(s, s));
    }

    #[test]
    fn measures_are_not_quiet() {
        let s = "今年前5个月，广东进出口增长4.7%。";
        assert!(!is_quiet(s, s));
        // A paragraph that lacks its full stop but is long is prose, not a heading.
        let p = "其中，广东进出口2.15万亿元，增长4.7%，电动汽车、锂电池出口分别增长21.3%和15.6%";
        assert!(!is_quiet(p, p));
        let s = "The port handled 1.2 million TEUs, up 8 percent.";
        assert!(!is_quiet(s, s));
        let s = "Mohan, a town that borders Laos, is taking on a new profile as a land port.";
        assert!(!is_quiet(s, s));
        let s =
            "Freight in Inner Mongolia, which borders Mongolia, has surpassed 100 million tonnes.";
        assert!(!is_quiet(s, s));
    }
}
