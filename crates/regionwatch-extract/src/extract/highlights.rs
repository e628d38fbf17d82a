//! Finding opening-up highlights per region: the whole decision, top-down.
//!
//! 1. Places: every sentence's place mentions, settled with the article as
//!    context ([`resolve`]).
//! 2. Focus: an article that says little about opening up yields nothing, so
//!    a flood report naming a port or a retail story naming exports stays quiet.
//! 3. Sentences: one that names a region and states an opening-up measure,
//!    plan or result is a highlight for each region it names. One that names no
//!    region but continues the last one (a quote by its official, "the port",
//!    该港, a concrete follow-up in the same paragraph) belongs to that region.
//!    A sentence about regions in general ("many coastal provinces") ends the run.
//!    Questions, subheadings and crime reports are never highlights ([`quiet`]).

use super::lexicon::{self, Signals};
use super::resolve::{self, Mention, Sentence};
use super::{Article, Highlight, Place, Speaker, figures, quiet, speaker};
use crate::gazetteer::{Gazetteer, Level};
use regex::Regex;
use std::borrow::Cow;
use std::sync::LazyLock;

/// Weight of opening-up terms an article needs before any highlight counts.
const ARTICLE_MIN_SIGNAL: u32 = 4;
/// Above this the article is about opening up throughout, and a region's plan
/// with only a weak term ("transportation channels") counts.
const ARTICLE_FOCUSED: u32 = 10;

/// Finds the highlights of an article, in reading order.
pub fn find(article: &Article) -> Vec<Highlight> {
    let texts: Vec<Cow<str>> = article.paragraphs.iter().map(|p| simplified(p)).collect();
    let refs: Vec<&str> = texts.iter().map(|t| t.as_ref()).collect();
    let paragraphs = resolve::resolve(&refs);
    let scored: Vec<Vec<(&Sentence, Signals)>> = paragraphs
        .iter()
        .zip(&refs)
        .map(|(sentences, p)| {
            sentences
                .iter()
                .map(|s| (s, lexicon::signals(&p[s.range.clone()])))
                .collect()
        })
        .collect();
    let total: u32 = scored
        .iter()
        .flatten()
        .map(|(_, s)| strong_weight(s))
        .sum::<u32>()
        + strong_weight(&lexicon::signals(&article.title));
    if total < ARTICLE_MIN_SIGNAL {
        return Vec::new();
    }
    let mut run = Run {
        focused: total >= ARTICLE_FOCUSED,
        ..Run::default()
    };
    let mut out = Vec::new();
    // The run goes on across paragraphs: news paragraphs go on about the region
    // the last one ended with, unless they say otherwise.
    for ((paragraph, simple), sentences) in article.paragraphs.iter().zip(&refs).zip(&scored) {
        for (sentence, signals) in sentences {
            let text = &paragraph[sentence.range.clone()];
            // The rules read the text folded to simplified characters (該區 as
            // 该区, 走私團夥 as 走私团伙); a highlight quotes the page as written.
            let folded = &simple[sentence.range.clone()];
            let before = out.len();
            run.read(text, folded, sentence, signals, &mut out);
            if quiet::is_quiet(simple, folded) {
                out.truncate(before);
                // The places of an itinerary or a crime report open no run.
                if quiet::is_itinerary(text) || quiet::is_crime(folded) {
                    run.provinces.clear();
                }
            }
        }
    }
    out
}

/// Traditional characters folded to simplified for matching (byte offsets kept).
fn simplified(text: &str) -> Cow<'_, str> {
    if text.chars().any(super::sentences::is_cjk) {
        let converted = fast2s::convert(text);
        if converted.len() == text.len() && converted != text {
            return Cow::Owned(converted);
        }
    }
    Cow::Borrowed(text)
}

fn strong_weight(s: &Signals) -> u32 {
    2 * s.themes.len() as u32 * u32::from(s.score >= 2)
}

/// The region a run of sentences is about, carried from sentence to sentence.
#[derive(Default)]
struct Run {
    focused: bool,
    provinces: Vec<u32>,
    /// The last mainland provinces named: what "the provincial government"
    /// means even after a sentence about Hong Kong or Macao.
    mainland: Vec<u32>,
    speaker: Option<Speaker>,
    /// The previous sentence belonged to the run.
    adjacent: bool,
    /// The last several regions named together ("located in Shandong, Jiangsu
    /// and Guangxi"): what "the six new pilot FTZs" means later on.
    group: Vec<u32>,
}

/// Hong Kong, Macao, Taiwan: regions that are not provinces of the mainland.
const NOT_MAINLAND: &[u32] = &[810000, 820000, 710000];

impl Run {
    fn read(
        &mut self,
        text: &str,
        folded: &str,
        sentence: &Sentence,
        signals: &Signals,
        out: &mut Vec<Highlight>,
    ) {
        let provinces = resolve::provinces_of(sentence);
        if provinces.is_empty() {
            self.continue_run(text, folded, sentence, signals, out);
            return;
        }
        let said_by = speaker::speaker(text);
        // "Deepen cooperation with Hong Kong and Macao" in a run about Nansha:
        // the partners join the run's region, they do not replace it.
        let provinces = if provinces.iter().all(|p| NOT_MAINLAND.contains(p))
            && !self.mainland.is_empty()
            && MID_ANAPHOR.is_match(folded)
        {
            let mut all = self.mainland.clone();
            all.extend(provinces);
            all
        } else if !self.provinces.is_empty()
            && (provinces.len() == 1 && BOTH_PARTIES.is_match(folded) || THIS_ONE.is_match(folded))
        {
            let mut all = self.provinces.clone();
            all.extend(provinces.iter().filter(|p| !self.provinces.contains(p)));
            all
        } else {
            provinces
        };
        // A sentence that names only the run's own regions, right after it,
        // is judged as a continuation too ("在合作区，越来越多澳门企业……" after
        // the Hengqin zone's highlight): naming the region again weakens nothing.
        let same_run = self.adjacent
            && !self.provinces.is_empty()
            && provinces.iter().all(|p| self.provinces.contains(p));
        self.start(&provinces, said_by.clone());
        let direct =
            signals.score >= 2 || signals.score >= 1 && self.focused && states_measure(folded);
        let cue = || speaker::continues_a_quote(folded) || has_cue(folded);
        if direct || same_run && self.goes_on(folded, signals, cue(), true) {
            for p in provinces {
                out.push(highlight(
                    p,
                    text,
                    &sentence.mentions,
                    signals,
                    said_by.clone(),
                ));
            }
        }
    }

    /// Whether a sentence goes on with the run: a cue back to it (a quote,
    /// "the port", 该区, a plan item) with an opening-up term, a concrete measure
    /// or result right after it with a strong term, or, in an article about
    /// opening up, a short concrete follow-up (运行趋于成熟后，有望每10天发送一列。)
    /// or one that states figures (2024年仅电商在线销售额就突破15亿元……) even
    /// without a term of its own.
    fn goes_on(&self, text: &str, signals: &Signals, cue: bool, adjacent: bool) -> bool {
        let has_figures = || !figures::figures(text).is_empty();
        let concrete = adjacent && (states_measure(text) || evaluates(text) || has_figures());
        let follow_up = concrete && self.focused && (is_short(text) || has_figures());
        signals.score >= 2 && (cue || concrete) || signals.score >= 1 && cue || follow_up
    }

    fn start(&mut self, provinces: &[u32], said_by: Option<Speaker>) {
        self.provinces = provinces.to_vec();
        if provinces.len() >= 2 {
            self.group = provinces.to_vec();
        }
        let mainland: Vec<u32> = provinces
            .iter()
            .copied()
            .filter(|p| !NOT_MAINLAND.contains(p))
            .collect();
        if !mainland.is_empty() {
            self.mainland = mainland;
        }
        self.speaker = said_by;
        self.adjacent = true;
    }

    /// A sentence naming no region: it belongs to the run if it goes on with it.
    fn continue_run(
        &mut self,
        text: &str,
        folded: &str,
        sentence: &Sentence,
        signals: &Signals,
        out: &mut Vec<Highlight>,
    ) {
        let regrouped = GROUP_ANAPHOR.is_match(folded) && !self.group.is_empty();
        if regrouped {
            // "The six new pilot FTZs ...": back to the group, even after a
            // sentence about the country in general.
            self.provinces = self.group.clone();
            self.adjacent = true;
        } else if self.provinces.is_empty() || sentence.defines_a_group || is_general(folded) {
            self.provinces.clear();
            return;
        }
        let quoted = speaker::continues_a_quote(folded);
        let cue = quoted || regrouped || has_cue(folded);
        self.adjacent = self.goes_on(folded, signals, cue, self.adjacent);
        if !self.adjacent {
            return;
        }
        let said_by = speaker::speaker(text).or_else(|| self.speaker.clone().filter(|_| quoted));
        let regions = if PROVINCIAL.is_match(folded) {
            &self.mainland
        } else {
            &self.provinces
        };
        for &p in regions {
            out.push(highlight(p, text, &[], signals, said_by.clone()));
        }
    }
}

/// Short enough to be a follow-up rather than a new point.
fn is_short(text: &str) -> bool {
    if super::text::has_cjk(text) {
        super::text::char_len(text) <= 30
    } else {
        text.split_whitespace().count() <= 15
    }
}

static PROVINCIAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:provincial|province's|the province)\b|全省|省政府|省委|本省|该省")
        .expect("static regex")
});

fn highlight(
    province: u32,
    text: &str,
    mentions: &[Mention],
    signals: &Signals,
    said_by: Option<Speaker>,
) -> Highlight {
    let region = Gazetteer::get().province(province);
    let mut places: Vec<Place> = Vec::new();
    for m in mentions.iter().filter(|m| m.province() == province) {
        let unit = m.unit();
        if unit.level == Level::Province {
            continue;
        }
        let place = Place {
            name: unit.name_en.clone(),
            code: unit.code_str(),
        };
        if !places.contains(&place) {
            places.push(place);
        }
    }
    Highlight {
        region: region.name_en.clone(),
        region_code: region.code_str(),
        places,
        text: text.to_string(),
        themes: signals.themes.iter().map(|t| t.to_string()).collect(),
        speaker: said_by,
        figures: figures::figures(text),
    }
}

/// A plural definite description of a group of places: "The six new pilot
/// FTZs", "these cities", "the pilot cities", 这些城市, 上述地区.
static GROUP_ANAPHOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[A-Z][a-z]+,\s+)?(?:[Tt]he|[Tt]hese|[Tt]hose|[Aa]ll the|[Bb]oth|[Ee]ach of the)\s+(?:(?:two|three|four|five|six|seven|eight|nine|ten|\d+|new|pilot|free|trade|border|port|pilot free trade)\s+)*(?:FTZs|zones|cities|provinces|regions|areas|ports|platforms)\b|^(?:这些|上述|这两|这几|两地|三地|各试点)")
        .expect("static regex")
});

/// A sentence that opens on the run's own train, route or zone and then
/// names other regions ("这趟中欧班列……途经甘肃、新疆"): still the run's too.
static THIS_ONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:这趟|这列|这条|该|此|The (?:train|trains|route|line|service|corridor|port|zone|province|city|island)\b|This (?:train|route|line|service|corridor)\b)")
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
static MID_ANAPHOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:the|its) (?:region|province|city|zone|island|port|area|municipality)\b|该区|该市|该省|该港|該區|該市|該省")
        .expect("static regex")
});

/// The run's region and the one now named, together: "Although it seems
/// unrelated to Xinjiang, these two areas are now working together", 两地, 双方,
/// and the two parties' cooperation zone (在合作区, 深度合作区, 琴澳).
static BOTH_PARTIES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bthese two (?:areas|regions|provinces|cities|places|sides|parties)\b|两地|双方|兩地|雙方|(?:^|在|，|,)合作区|深度合作区|琴澳")
        .expect("static regex")
});

// Written `\b(?:will\b|…|align|…)` rather than `\b(?:will|…|align\w*|…)\b`:
// only `is_match` is asked, and a word that starts `align` always ends at a
// boundary, so the same texts match without ten Unicode `\w` classes, a fifth
// of the compile time (issue 11).
static MEASURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:will\b|step(?:ping|s)? up\b|align|focus on\b|plans? to\b|aims? to\b|proposed?\b|proposes\b|launched\b|opened\b|set up\b|established\b|signed\b|built\b|introduced\b|unveiled\b|rolled out\b|handled\b|reached\b|rose\b|increased\b|grew\b|exceeded\b|totaled\b|totalled\b|attracted\b|approved\b|added\b|departed\b|arrived\b|started\b|began\b|expanded\b|registered\b|accelerat|promot|build|extends? (?:\w+ )?(?:from|to)\b|completed\b|shortened\b|streamlined\b|simplified\b|became\b|inked\b|establish|implement|deepen|strengthen|explor|put into\b)|将|计划|推动|推进|建设|开通|开行|运往|出口|进口|启动|签约|签署|设立|成立|落地|实现|达到|增长|突破|完成|吸引|引进|新增|发布|出台|举办|打造|加快|深化|拓展|扩大|获批|批准|新高")
        .expect("static regex")
});

fn states_measure(text: &str) -> bool {
    MEASURE.is_match(text)
}

/// An evaluation of the measure just described ("各项数据创新高，发展势头强劲。",
/// 带动效应显著, "a record high"): it keeps the run's topic, like a result.
static EVALUATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:record high|all-time high|remarkabl[ey]|significantly|momentum|a boost to)|显著|强劲|新高|成效|势头|日渐|日益|稳步|持续向好|不断(?:扩大|提升|增长|丰富)")
        .expect("static regex")
});

fn evaluates(text: &str) -> bool {
    EVALUATION.is_match(text)
}

static ANAPHOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\b(?:the|this|these|its) (?:special area|special zone|port area|bonded zone|comprehensive bonded zone|pilot free trade zone|free trade port|provincial capital|regional capital|city's|province's|region's|zone's|port's)|\bthe (?:provincial|municipal|regional|city|county|district|local) (?:government|authorities|department|commerce|officials|bureau)|\bthe province's|\bthe city's|\bthe cooperation zone\b|\bthe island\b|\b(?:via|through|at) the ports?\b|^合作区|在合作区|合作区的|省政府|市政府|区政府|县政府|省商务厅|市商务局|^["“”‘']?\s*(?:(?:He|She|They|We|It|Its|This|These|Their|Our|There)\b|The (?:(?:provincial|municipal|regional|city|local) (?:government|authorities)|demonstration area|demonstration zone|industrial park|logistics park|development zone|economic zone|land port|inland port|airport|terminal|town|port|ports|province|city|municipality|zone|area|county|district|new area|pilot zone|FTZ|free trade port|free trade zone|corridor|railway|train|trains|hub|region|island|park|platform|expo|fair|program|programme|project|projects|measure|measures|plan|policy|policies)\b|(?:In addition|Meanwhile|Moreover|Besides|Also|Furthermore|Additionally|At the same time|In the meantime|Among (?:them|the \w+)|Within the (?:island|zone|port|province|city))\b|该|全省|全市|全区|全县|本市|本省|他|她|我们|这|此外|同时|其中|目前|下一步|今年|截至)|本届|本次"#)
        .expect("static regex")
});

/// A word that points back to the run: an anaphor or a plan item.
fn has_cue(text: &str) -> bool {
    ANAPHOR.is_match(text) || PLAN_ITEM.is_match(text)
}

static GENERAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:many|multiple|various|several|other|all|most|coastal|inland|local)\s+(?:\w+\s+)?(?:provinces|regions|places|cities|localities|provincial|governments)\b|\b(?:western|central|eastern|northeastern) (?:Chinese )?(?:provinces|provincial regions|regions)\b|\b(?:provincial-level |provincial )?(?:regions|provinces|areas) in (?:western|central|eastern|northeastern|northwest|southwest) China\b|\bprovinces (?:in|across) China\b|\b(?:nationwide|across the country|the whole country|the GAC|the General Administration of Customs|the Ministry of Commerce|the ministry|the State Council|the NDRC|the central government)\b|^(?:The|China's) (?:central|western|eastern|northeastern|coastal|inland|border) (?:region|regions|provinces|areas)\b|^(?:中部|西部|东部|东北)地区|海关总署|商务部|国务院|国家发展改革委|^(?:China|China's|The country|The country's|Nationally|Nationwide)\b|^(?:全国|我国|中国|国家级)|各地|多地|多个省份|各省|全国|我国|沿海省份|内陆省份|不少地方|多个地区")
        .expect("static regex")
});

/// The country as the object or attribute of a regional sentence (将我国出口的…,
/// 抢抓我国外贸…机遇): not its subject, so the run goes on.
static COUNTRY_AS_OBJECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:将|把|抢抓|抓住|服务|助力|为|向|占|位居|居)(?:我国|全国)")
        .expect("static regex")
});

fn is_general(text: &str) -> bool {
    GENERAL.is_match(text)
        && (!COUNTRY_AS_OBJECT.is_match(text)
            || GENERAL.is_match(&COUNTRY_AS_OBJECT.replace_all(text, "")))
}
