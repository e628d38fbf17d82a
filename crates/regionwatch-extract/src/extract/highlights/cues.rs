//! The sentence patterns a run of highlights reads: what points back to the
//! run's region (anaphors, plan items, the run's own train, both parties),
//! what states a measure or evaluates one, and what speaks of the country or
//! regions in general and so ends the run.

use crate::extract::text::{char_len, has_cjk};
use regex::Regex;
use std::borrow::Cow;
use std::sync::LazyLock;

/// Short enough to be a follow-up rather than a new point.
pub(super) fn is_short(text: &str) -> bool {
    if has_cjk(text) {
        char_len(text) <= 30
    } else {
        text.split_whitespace().count() <= 15
    }
}

pub(super) static PROVINCIAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:provincial|province's|the province)\b|全省|省政府|省委|本省|该省|我省")
        .expect("static regex")
});

/// A plural definite description of a group of places: "The six new pilot
/// FTZs", "these cities", "the pilot cities", 这些城市, 上述地区.
pub(super) static GROUP_ANAPHOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[A-Z][a-z]+,\s+)?(?:[Tt]he|[Tt]hese|[Tt]hose|[Aa]ll the|[Bb]oth|[Ee]ach of the)\s+(?:(?:two|three|four|five|six|seven|eight|nine|ten|\d+|new|pilot|free|trade|border|port|pilot free trade)\s+)*(?:FTZs|zones|cities|provinces|regions|areas|ports|platforms)\b|^(?:这些|上述|这两|这几|两地|三地|各试点)")
        .expect("static regex")
});

/// A sentence that opens on the run's own train, route or zone and then
/// names other regions ("这趟中欧班列……途经甘肃、新疆"): still the run's too.
pub(super) static THIS_ONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:这趟|这列|这条|该|此|The (?:train|trains|route|line|service|corridor|port|zone|province|city|island)\b|This (?:train|route|line|service|corridor)\b)")
        .expect("static regex")
});

/// The run's cargo sent on from where the run's train took it ("Cargo carried by
/// the train ... will be further delivered to ...", "These goods will then be
/// transported via highways ..."): the places it names are the route's next
/// nodes, joined to the run's region, which the cargo still belongs to.
static ONWARD_CARGO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:The|These|Its) )?(?:[Cc]argo|[Gg]oods|(?:A total of [\d,]+ )?[Cc]ontainers)\b[^.;]{0,160}?\b(?:be|been|are|were|is)\s+(?:(?:then|further|later|eventually)\s+)?(?:transported|delivered|shipped|sent|forwarded|distributed)\b")
        .expect("static regex")
});

/// Whether a sentence sends the run's cargo on ([`ONWARD_CARGO`]); the literal
/// test keeps the pattern uncompiled on most pages (issue 11).
pub(super) fn sends_cargo_on(text: &str) -> bool {
    [
        "transported",
        "delivered",
        "shipped",
        "sent",
        "forwarded",
        "distributed",
    ]
    .iter()
    .any(|w| text.contains(w))
        && ONWARD_CARGO.is_match(text)
}

/// A sentence that opens on the place a run was about ("The port currently has ...", 该区):
/// it takes up that run again after a sentence about the country or a definition paused it.
pub(super) static RESUMES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:该(?:区|港|市|省|岛|片区|自贸区)|The (?:port|zone|island|city|province|region|area|free trade zone|free trade port|pilot zone|FTZ)\b)")
        .expect("static regex")
});

/// A region's plan or work report written as short imperative items
/// (扩大高水平对外开放。加快建设跨境物流枢纽。): each item continues the region.
static PLAN_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[（(]?[一二三四五六七八九十\d]+[)）、.]\s*)?(?:加快|推动|推进|扩大|深化|支持|打造|积极|持续|完善|提升|优化|培育|拓展|加强|强化|实施|探索|构建|健全|落实|促进|稳步)")
        .expect("static regex")
});

/// A definite description inside the sentence that points back to the run's
/// region: "By 2025, the region will seek ...", 该区, 该省.
pub(super) static MID_ANAPHOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:the|its) (?:region|province|city|zone|island|port|area|municipality)\b|该区|该市|该省|该港|該區|該市|該省")
        .expect("static regex")
});

/// The run's region and the one now named, together: "Although it seems
/// unrelated to Xinjiang, these two areas are now working together", 两地, 双方,
/// and the two parties' cooperation zone (在合作区, 深度合作区, 琴澳).
pub(super) static BOTH_PARTIES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bthese two (?:areas|regions|provinces|cities|places|sides|parties)\b|两地|双方|兩地|雙方|(?:^|在|，|,)合作区|深度合作区|琴澳")
        .expect("static regex")
});

// Written `\b(?:will\b|…|align|…)` rather than `\b(?:will|…|align\w*|…)\b`:
// only `is_match` is asked, and a word that starts `align` always ends at a
// boundary, so the same texts match without ten Unicode `\w` classes, a fifth
// of the compile time (issue 11).
static MEASURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:will\b|step(?:ping|s)? up\b|align|focus on\b|plans? to\b|aims? to\b|proposed?\b|proposes\b|launched\b|opened\b|set up\b|established\b|signed\b|built\b|introduced\b|unveiled\b|rolled out\b|handled\b|reached\b|rose\b|increased\b|grew\b|exceeded\b|totaled\b|totalled\b|attracted\b|approved\b|added\b|departed\b|arrived\b|started\b|began\b|expanded\b|registered\b|accelerat|promot|build|extends? (?:\w+ )?(?:from|to)\b|completed\b|shortened\b|streamlined\b|simplified\b|became\b|inked\b|establish|implement|deepen|strengthen|explor|put into\b|allow(?:s|ed)?\b|enabl|permit|opens\b|launch(?:es)?\b)|允许|开市|开业|将|计划|推动|推进|建设|开通|开行|运往|出口|进口|启动|签约|签署|设立|成立|落地|实现|达到|增长|突破|完成|吸引|引进|新增|发布|出台|举办|打造|加快|深化|拓展|扩大|获批|批准|新高")
        .expect("static regex")
});

/// Whether a sentence states a measure. A press conference (发布会,
/// 新闻发布会) releases nothing itself: its 发布 is no measure.
pub(super) fn states_measure(text: &str) -> bool {
    if text.contains("发布会") {
        return MEASURE.is_match(&text.replace("发布会", ""));
    }
    MEASURE.is_match(text)
}

/// What a region will do ("will", "plans to", 将, 计划): a plan or goal, the
/// future side of a measure. Literal checks: it is asked of follow-ups only.
pub(super) fn states_plan(text: &str) -> bool {
    [
        " will ",
        " plans to ",
        " plan to ",
        " aims to ",
        "将",
        "计划",
    ]
    .iter()
    .any(|w| text.contains(w))
}

/// A sentence that opens on examples of what came before ("For example,",
/// 例如): the regions it names are members of the group, not a new one.
/// Literal checks: it is asked of sentences naming several regions only.
pub(super) fn gives_examples(text: &str) -> bool {
    let text = text.trim_start_matches(['"', '“', ' ']);
    [
        "For example",
        "For instance",
        "Among them",
        "例如",
        "比如",
        "譬如",
        "其中",
    ]
    .iter()
    .any(|w| text.starts_with(w))
}

/// An evaluation of the measure just described ("各项数据创新高，发展势头强劲。",
/// 带动效应显著, "a record high"): it keeps the run's topic, like a result.
static EVALUATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:record high|all-time high|remarkabl[ey]|significantly|momentum|a boost to|one of the (?:most|busiest|largest|biggest|fastest|leading|top)|fewer|more freely|more convenient(?:ly)?|more efficient(?:ly)?)(?-u:\b)|位居|位列|名列|更加便利|更加便捷|更便利|更便捷|越来越便利|大幅缩短|大幅降低|大幅提升|显著|强劲|新高|成效|势头|日渐|日益|稳步|持续向好|不断(?:扩大|提升|增长|丰富)")
        .expect("static regex")
});

pub(super) fn evaluates(text: &str) -> bool {
    EVALUATION.is_match(text)
}

static ANAPHOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\b(?:the|this|these|its) (?:special area|special zone|port area|bonded zone|comprehensive bonded zone|pilot free trade zone|free trade port|provincial capital|regional capital|city's|province's|region's|zone's|port's)|\bthe (?:provincial|municipal|regional|city|county|district|local) (?:government|authorities|department|commerce|officials|bureau)|\bthe province's|\bthe city's|\bthe cooperation zone\b|\bthe island\b|\b(?:via|through|at) the ports?\b|^合作区|在合作区|合作区的|省政府|市政府|区政府|县政府|省商务厅|市商务局|^["“”‘']?\s*(?:(?:He|She|They|We|It|Its|This|These|Their|Our|There)\b|The (?:(?:provincial|municipal|regional|city|local) (?:government|authorities)|demonstration area|demonstration zone|industrial park|logistics park|development zone|economic zone|land port|inland port|airport|terminal|town|port|ports|province|city|municipality|zone|area|county|district|new area|pilot zone|FTZ|free trade port|free trade zone|corridor|railway|train|trains|hub|region|island|park|platform|expo|fair|program|programme|project|projects|measure|measures|plan|policy|policies)\b|(?:In addition|Meanwhile|Moreover|Besides|Also|Furthermore|Additionally|At the same time|In the meantime|Similarly|Likewise|Among (?:them|the \w+)|Within the (?:island|zone|port|province|city))\b|该|全省|全市|全区|全县|本市|本省|他|她|我们|这|此外|同时|与此同时|同样|无独有偶|其中|目前|下一步|今年|截至|我省|我市|我区)|本届|本次|^[^，,。“”]{1,12}[，,]\s*(?:我省|我市|我区)"#)
        .expect("static regex")
});

/// A word that points back to the run: an anaphor or a plan item.
pub(super) fn has_cue(text: &str) -> bool {
    ANAPHOR.is_match(text) || is_plan_item(text)
}

/// Every verb `PLAN_ITEM` opens on is an ideograph: text without one (an
/// English page) never compiles it (issue 11).
fn is_plan_item(text: &str) -> bool {
    has_cjk(text) && PLAN_ITEM.is_match(text)
}

static GENERAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:many|multiple|various|several|other|all|most|coastal|inland|local)\s+(?:\w+\s+)?(?:provinces|regions|places|cities|localities|provincial|governments)\b|\b(?:western|central|eastern|northeastern) (?:Chinese )?(?:provinces|provincial regions|regions)\b|\b(?:provincial-level |provincial )?(?:regions|provinces|areas) in (?:western|central|eastern|northeastern|northwest|southwest) China\b|\bprovinces (?:in|across) China\b|\b(?:nationwide|across the country|the whole country|the GAC|the General Administration of Customs|the Ministry of Commerce|the ministry|the State Council|the NDRC|the central government|China State Railway Group|the World Bank)\b|^(?:The|China's) (?:central|western|eastern|northeastern|coastal|inland|border) (?:region|regions|provinces|areas)\b|^(?:中部|西部|东部|东北)地区|海关总署|商务部|国务院|国家发展改革委|国铁集团|国家铁路集团|^(?:China|China's|The country|The country's|Nationally|Nationwide)\b|^(?:North|South|East|West|Central|Northeast|Northwest|Southeast|Southwest|Northern|Southern|Eastern|Western)\s+China[\s,]|^(?:全国|我国|中国|国家级)|各地|多地|多个省份|各省|全国|我国|沿海省份|内陆省份|不少地方|多个地区")
        .expect("static regex")
});

/// The country as the object or attribute of a regional sentence (将我国出口的…,
/// 抢抓我国外贸…机遇): not its subject, so the run goes on.
static COUNTRY_AS_OBJECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:将|把|抢抓|抓住|服务|助力|为|向|占|位居|居)(?:我国|全国)")
        .expect("static regex")
});

/// The region itself as the subject, at the start or after a short opening
/// phrase (今年上半年，全省外贸出口……; 在省委、省政府的坚强领导下，全省各地……): the
/// sentence is about the region even when it ranks it in the country (高于全国,
/// 全国首个) or names its own localities (全省各地).
static REGION_SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^["“”‘']?\s*(?:[^，,。]{1,14}[，,]\s*)?(?:全省|我省|本省|该省|全市|我市|本市|该市|全区|我区|该区)"#)
        .expect("static regex")
});

pub(super) fn is_general(text: &str) -> bool {
    if !GENERAL.is_match(text) || REGION_SUBJECT.is_match(text) {
        return false;
    }
    let mut rest = Cow::Borrowed(text);
    if country_as_object(&rest) {
        rest = Cow::Owned(COUNTRY_AS_OBJECT.replace_all(&rest, "").into_owned());
    }
    if country_as_base(&rest) {
        rest = Cow::Owned(COUNTRY_AS_BASE.replace_all(&rest, "").into_owned());
    }
    matches!(rest, Cow::Borrowed(_)) || GENERAL.is_match(&rest)
}

/// The country as the base a regional figure is measured against ("accounting
/// for 30 percent of that of the whole country", "the highest frequencies
/// nationwide"): the English side of 占全国, not the sentence's subject.
static COUNTRY_AS_BASE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:accounting for|making up|representing|surpassing)\s[^,.;]{0,40}?\bof (?:that of |the total of )?(?:the whole country|the (?:country|nation)(?:'s|’s) total|the national total|the country)\b|\b(?:highest|largest|biggest|first|top|fastest|busiest|most)\b[^,.;]{0,60}?(?:\bnationwide|\bin the (?:whole )?country|\bacross the country)\b")
        .expect("static regex")
});

/// `COUNTRY_AS_BASE` needs "country" or "nationwide": without either it is not compiled (issue 11).
fn country_as_base(text: &str) -> bool {
    (text.contains("country") || text.contains("nationwide")) && COUNTRY_AS_BASE.is_match(text)
}

/// `COUNTRY_AS_OBJECT` needs 我国 or 全国: without either it is not compiled (issue 11).
fn country_as_object(text: &str) -> bool {
    (text.contains("我国") || text.contains("全国")) && COUNTRY_AS_OBJECT.is_match(text)
}

/// Compiles the patterns [`super::find`] reaches on an article with highlights, the
/// last-reached first (see [`super::warm_rules`]).
pub(super) fn warm() {
    for rule in [
        &EVALUATION,
        &ANAPHOR,
        &PROVINCIAL,
        &MEASURE,
        &GENERAL,
        &THIS_ONE,
        &BOTH_PARTIES,
        &GROUP_ANAPHOR,
    ] {
        LazyLock::force(rule);
    }
}
