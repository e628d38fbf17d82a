//! The run: the region a stretch of sentences is about, carried from one
//! sentence to the next. A sentence naming regions starts or widens it; one
//! naming none is judged by the continuation cues of [`super::cues`]; a
//! sentence about the country or regions in general ends or pauses it.

use super::cues::{
    BOTH_PARTIES, GROUP_ANAPHOR, MID_ANAPHOR, PROVINCIAL, RESUMES, THIS_ONE, evaluates,
    gives_examples, has_cue, is_general, is_short, sends_cargo_on, states_measure, states_plan,
};
use super::highlight;
use crate::extract::lexicon::Signals;
use crate::extract::resolve::{self, Mention, Sentence};
use crate::extract::{Highlight, Speaker, figures, speaker};

/// The region a run of sentences is about, carried from sentence to sentence.
#[derive(Default)]
pub(super) struct Run {
    pub(super) focused: bool,
    pub(super) provinces: Vec<u32>,
    /// The last mainland provinces named: what "the provincial government"
    /// means even after a sentence about Hong Kong or Macao.
    pub(super) mainland: Vec<u32>,
    pub(super) speaker: Option<Speaker>,
    /// The previous sentence belonged to the run.
    pub(super) adjacent: bool,
    /// The last several regions named together ("located in Shandong, Jiangsu
    /// and Guangxi"): what "the six new pilot FTZs" means later on.
    pub(super) group: Vec<u32>,
    /// The regions of a run that a sentence about the country or a definition
    /// ended: "The port ..." later on takes it up again.
    pub(super) paused: Vec<u32>,
}

/// Hong Kong, Macao, Taiwan: regions that are not provinces of the mainland.
const NOT_MAINLAND: &[u32] = &[810000, 820000, 710000];

impl Run {
    pub(super) fn read(
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
