//! The reader's layout of a digest: region, then article, then its highlights, with an
//! overview of the regions on top.
//!
//! Runs after [`super::compose`] chose the highlights and only regroups them: sections follow
//! compose's province order, articles the position of their first highlight in it (so the
//! order stays fixed, byte for byte), highlights their order within the province. A highlight
//! carried by several articles sits under the first (oldest) one; the others are "also in".

use std::collections::HashMap;

use super::compose::group;
use crate::store::{ArticleLink, RegionCount, StoredHighlight};

/// How many themes the overview names per region.
const OVERVIEW_THEMES: usize = 3;
/// How many themes an article's header names (its most frequent).
const ARTICLE_THEMES: usize = 4;

/// One province's part of the digest.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionSection {
    pub code: String,
    pub name: String,
    pub articles: Vec<ArticleBlock>,
}

/// An article and the highlights of this region placed under it.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleBlock {
    /// `None` for highlights no stored article carries (kept rather than dropped).
    pub link: Option<ArticleLink>,
    pub items: Vec<StoredHighlight>,
}

impl RegionSection {
    pub fn highlights(&self) -> usize {
        self.articles.iter().map(|a| a.items.len()).sum()
    }

    /// Its most frequent themes, ties in order of first appearance.
    pub fn main_themes(&self) -> Vec<String> {
        let all = self.articles.iter().flat_map(|a| a.items.iter());
        let mut themes = ranked_themes(all);
        themes.truncate(OVERVIEW_THEMES);
        themes
    }
}

impl ArticleBlock {
    /// The main themes of its highlights, most frequent first: shown once per article.
    pub fn themes(&self) -> Vec<String> {
        let mut themes = ranked_themes(self.items.iter());
        themes.truncate(ARTICLE_THEMES);
        themes
    }
}

/// One row of the overview: a region's counts now and in the previous period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverviewRow {
    pub code: String,
    pub name: String,
    pub highlights: usize,
    pub articles: usize,
    pub themes: Vec<String>,
    /// Highlights first seen in the region in the previous period of the same length;
    /// `None` when no previous period was counted.
    pub previous: Option<u64>,
}

impl OverviewRow {
    /// "up from 3", "down from 5", "as before", "none before"; empty without a previous count.
    pub fn change(&self) -> String {
        match self.previous {
            None => String::new(),
            Some(0) => "none before".into(),
            Some(p) if p == self.highlights as u64 => "as before".into(),
            Some(p) if p < self.highlights as u64 => format!("up from {p}"),
            Some(p) => format!("down from {p}"),
        }
    }
}

/// Regroups composed highlights into region sections of articles.
pub fn sections(items: &[StoredHighlight]) -> Vec<RegionSection> {
    group(items)
        .into_iter()
        .map(|province| {
            let mut articles: Vec<ArticleBlock> = Vec::new();
            let mut index: HashMap<Option<String>, usize> = HashMap::new();
            for h in province.cities.into_iter().flat_map(|c| c.items) {
                let link = h.articles.first().cloned();
                let key = link.as_ref().map(|a| a.url.clone());
                let at = *index.entry(key).or_insert_with(|| {
                    articles.push(ArticleBlock {
                        link,
                        items: Vec::new(),
                    });
                    articles.len() - 1
                });
                articles[at].items.push(h);
            }
            RegionSection {
                code: province.code,
                name: province.name,
                articles,
            }
        })
        .collect()
}

/// The overview of `sections`, with `previous` (per-region counts of the previous period,
/// when known) for the change.
pub fn overview(sections: &[RegionSection], previous: Option<&[RegionCount]>) -> Vec<OverviewRow> {
    sections
        .iter()
        .map(|s| OverviewRow {
            code: s.code.clone(),
            name: s.name.clone(),
            highlights: s.highlights(),
            articles: s.articles.len(),
            themes: s.main_themes(),
            previous: previous.map(|counts| {
                counts
                    .iter()
                    .find(|c| c.region_code == s.code)
                    .map_or(0, |c| c.highlights)
            }),
        })
        .collect()
}

fn ranked_themes<'a>(items: impl Iterator<Item = &'a StoredHighlight>) -> Vec<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for theme in items.flat_map(|h| h.themes.iter()) {
        match counts.iter_mut().find(|(t, _)| t == theme) {
            Some((_, n)) => *n += 1,
            None => counts.push((theme.clone(), 1)),
        }
    }
    // Stable: equal counts keep their order of first appearance.
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    counts.into_iter().map(|(t, _)| t).collect()
}
