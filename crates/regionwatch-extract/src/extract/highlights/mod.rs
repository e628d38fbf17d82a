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
//!    about regions in general ("many coastal provinces") ends the run. The
//!    run and its decisions are in [`run`], the patterns in [`cues`], read on
//!    the text folded to simplified characters.
//!    Questions, subheadings, captions and crime reports are never highlights
//!    ([`quiet`]), and an itinerary's or a crime report's places open no run.

mod cues;
mod run;
#[cfg(test)]
mod tests;

use super::lexicon::{self, Signals};
use super::resolve::{self, Mention, Sentence};
use super::{Article, Highlight, Place, Speaker, figures, quiet};
use crate::gazetteer::{Gazetteer, Level};
use run::Run;
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

/// One region's highlight of a sentence, with the places below the province it names.
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
