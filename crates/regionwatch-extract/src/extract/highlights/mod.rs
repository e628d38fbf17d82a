//! Finding opening-up highlights per region: the whole decision, top-down.
//!
//! 1. Places: every sentence's place mentions, settled with the article as
//!    context ([`resolve`]).
//! 2. Focus: an article that says little about opening up yields nothing, so
//!    a flood report naming a port or a retail story naming exports stays quiet.
//! 3. Sentences: one that names a region and states an opening-up measure,
//!    plan or result is a highlight for each region it names. One that names no
//!    region but continues the last one (a quote by its official, "the port",
//!    该港, a concrete follow-up, figures right after it) belongs to that region,
//!    and so does one that names only the run's own regions again. A sentence
//!    about regions in general ("many coastal provinces") ends the run; the
//!    patterns are in [`cues`], read on the text folded to simplified characters.
//!    Questions, subheadings, captions and crime reports are never highlights
//!    ([`quiet`]), and an itinerary's or a crime report's places open no run.

mod cues;
#[cfg(test)]
mod tests;

use super::lexicon::{self, Signals};
use super::resolve::{self, Mention, Sentence};
use super::{Article, Highlight, Place, Speaker, figures, quiet, speaker};
use crate::gazetteer::{Gazetteer, Level};
use cues::{
    BOTH_PARTIES, GROUP_ANAPHOR, MID_ANAPHOR, PROVINCIAL, RESUMES, THIS_ONE, evaluates,
    gives_examples, has_cue, is_general, is_short, sends_cargo_on, states_measure, states_plan,
};
use std::borrow::Cow;

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
                    run.paused.clear();
                }
            }
        }
    }
    out
}

/// Compiles the patterns `find` reaches on an article with highlights, the
/// last-reached first: `crate::warm_up` calls this on a second thread while
/// the first page is read, and `find`, meeting them first to last, compiles
/// the front of the list itself, so the two share the ~5 ms (issue 11) and no
/// pattern is compiled twice. Patterns behind a literal test (speakers,
/// itineraries, plan items, the country as object) stay lazy: most pages
/// never need them.
pub fn warm_rules() {
    cues::warm();
    figures::warm_english();
    quiet::warm_rules();
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
    /// The regions of a run that a sentence about the country or a definition
    /// ended: "The port ..." later on takes it up again.
    paused: Vec<u32>,
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
        // the partners join the run's region, they do not replace it. So do
        // the border crossing of the run's train (将由新疆霍尔果斯口岸出境) and
        // the other party named with "these two areas", 两地 or the run's own
        // train or zone, and the next stop of the run's cargo ("These goods
        // will then be transported via highways ... Ruili").
        let provinces = if provinces.iter().all(|p| NOT_MAINLAND.contains(p))
            && !self.mainland.is_empty()
            && MID_ANAPHOR.is_match(folded)
        {
            let mut all = self.mainland.clone();
            all.extend(provinces);
            all
        } else if !self.provinces.is_empty()
            && (provinces.len() == 1 && BOTH_PARTIES.is_match(folded)
                || THIS_ONE.is_match(folded)
                || sends_cargo_on(folded)
                || resolve::names_only_crossings(folded, sentence))
        {
            let mut all = self.provinces.clone();
            all.extend(provinces.iter().filter(|p| !self.provinces.contains(p)));
            all
        } else {
            provinces
        };
        // A sentence that names only the run's own regions, right after it,
        // is judged as a continuation too ("在合作区，越来越多澳门企业……" after
        // the Hengqin zone's highlight): naming the region again weakens
        // nothing, and it points back to the run as surely as "the port" or
        // 该区 would, so it counts as the continuation's cue.
        let same_run = self.adjacent
            && !self.provinces.is_empty()
            && provinces.iter().all(|p| {
                self.provinces.contains(p) || self.on_a_route_with_the_run(*p, text, sentence)
            });
        let for_example = provinces.len() >= 2 && gives_examples(folded);
        self.start(&provinces, said_by.clone(), for_example);
        let direct =
            signals.score >= 2 || signals.score >= 1 && self.focused && states_measure(folded);
        if direct || same_run && self.goes_on(folded, signals, true, true) {
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
    /// or one that states figures (2024年仅电商在线销售额就突破15亿元……) or a plan
    /// ("The Nansha region will improve its ... business environment") even
    /// without a term of its own.
    fn goes_on(&self, text: &str, signals: &Signals, cue: bool, adjacent: bool) -> bool {
        // The figures are found at most once: their pattern is the costliest here.
        let mut figures_found = None;
        let mut has_figures =
            || *figures_found.get_or_insert_with(|| !figures::figures(text).is_empty());
        let concrete = adjacent && (states_measure(text) || evaluates(text) || has_figures());
        let follow_up =
            concrete && self.focused && (is_short(text) || has_figures() || states_plan(text));
        signals.score >= 2 && (cue || concrete) || signals.score >= 1 && cue || follow_up
    }

    /// Whether `province` is named in a hyphenated route together with a place
    /// of the run ("departing Yiwu via the Yixin'ou route (Yiwu-Xinjiang-Europe)"
    /// in a run about Yiwu): a node of the run's own route, as in
    /// "Harbin-Manzhouli-Moscow".
    fn on_a_route_with_the_run(&self, province: u32, text: &str, sentence: &Sentence) -> bool {
        let base = sentence.range.start;
        let mentions = &sentence.mentions;
        let hyphen = |a: &Mention, b: &Mention| {
            text.get(a.end - base..b.start - base)
                .is_some_and(|gap| gap == "-" || gap == "–")
        };
        // The route names run from one mention to the next through a hyphen.
        let mut chain_start = 0;
        for i in 0..mentions.len() {
            let chain_ends = mentions
                .get(i + 1)
                .is_none_or(|next| !hyphen(&mentions[i], next));
            if !chain_ends {
                continue;
            }
            let chain = &mentions[chain_start..=i];
            chain_start = i + 1;
            if chain.len() >= 2
                && chain.iter().any(|m| m.province() == province)
                && chain.iter().any(|m| self.provinces.contains(&m.province()))
            {
                return true;
            }
        }
        false
    }

    /// Starts a run on the regions a sentence names. Members of the group
    /// named as examples of it ("For example, ... Shandong ..., while ...
    /// Hebei") leave the group as it was: "the new pilot FTZs" after them
    /// still means all six.
    fn start(&mut self, provinces: &[u32], said_by: Option<Speaker>, for_example: bool) {
        self.provinces = provinces.to_vec();
        if provinces.len() >= 2
            && !(for_example && provinces.iter().all(|p| self.group.contains(p)))
        {
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
        self.paused.clear();
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
        } else if self.provinces.is_empty() && !self.paused.is_empty() && RESUMES.is_match(folded) {
            self.provinces = std::mem::take(&mut self.paused);
        } else if self.provinces.is_empty()
            || sentence.defines_a_group
            // A sentence opening on the run's place ("The area was established
            // by the State Council ...") has that place as its subject: the
            // national body or the country it names later does not make it
            // a sentence about the country.
            || is_general(folded) && !RESUMES.is_match(folded)
        {
            if !self.provinces.is_empty() {
                self.paused = std::mem::take(&mut self.provinces);
            }
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
            name: unit.name_en.to_string(),
            code: unit.code_str(),
        };
        if !places.contains(&place) {
            places.push(place);
        }
    }
    Highlight {
        region: region.name_en.to_string(),
        region_code: region.code_str(),
        places,
        text: text.to_string(),
        themes: signals.themes.iter().map(|t| t.to_string()).collect(),
        speaker: said_by,
        figures: figures::figures(text),
    }
}
