//! Places a sentence names only in passing, dropped before highlights are
//! assigned: the stops and ends of a route about another region ("trains ...
//! via Chongqing and Xi'an"), and long lists of provinces the article does
//! not otherwise speak of ("co-built by Chongqing, Guizhou, Gansu ...").

use std::collections::HashSet;

use super::{Mention, Sentence, provinces_of};

const EN_PASSING: &[&str] = &[
    "via ",
    "through ",
    "bound for ",
    "destined for ",
    "to ",
    "for ",
    "toward ",
    "towards ",
    "reach ",
    "reaching ",
    "arrive in ",
    "arriving in ",
    "arrived in ",
    "from ",
];
const ZH_PASSING: &[&str] = &[
    "经", "途经", "经由", "取道", "运到", "运往", "发往", "抵达", "直达", "到达", "到", "至", "往",
    "覆盖", "辐射", "来自",
];

/// Drops places a sentence names only as a route's stop or end when it is
/// about another region ("Yunnan launched trains ... via Chongqing and Xi'an").
pub(super) fn drop_passing_places(text: &str, mentions: Vec<Mention>) -> Vec<Mention> {
    let Some(subject) = mentions.first().map(Mention::province) else {
        return mentions;
    };
    let mut passing = false;
    mentions
        .into_iter()
        .filter(|m| {
            if m.province() == subject {
                passing = false;
                return true;
            }
            let before = &text[..m.start];
            let cue = EN_PASSING
                .iter()
                .chain(ZH_PASSING)
                .any(|c| before.ends_with(c));
            let listed = matches!(
                before.trim_end().chars().next_back(),
                Some(',' | '、' | '和' | '及')
            ) || before.ends_with(" and ")
                || before.ends_with(" or ")
                || before.ends_with("'s ")
                || before.ends_with("’s ")
                || before.ends_with('的');
            passing = cue || passing && listed;
            !passing
        })
        .collect()
}

/// A sentence listing three or more provinces ("co-built by Chongqing, Guizhou,
/// Gansu ...") counts only for those the article speaks of elsewhere too.
pub(super) fn drop_incidental_lists(article: &mut [Vec<Sentence>], paragraphs: &[&str]) {
    let mut sentences_naming: std::collections::HashMap<u32, usize> = Default::default();
    for s in article.iter().flatten() {
        for p in provinces_of(s) {
            *sentences_naming.entry(p).or_default() += 1;
        }
    }
    for (sentences, text) in article.iter_mut().zip(paragraphs) {
        for s in sentences {
            let listed = enumerated(text, &s.mentions);
            if listed.len() >= 3 {
                let mut i = 0;
                s.mentions.retain(|m| {
                    let keep = !listed.contains(&i) || sentences_naming[&m.province()] >= 2;
                    i += 1;
                    keep
                });
            }
        }
    }
}

/// Indexes of the mentions that form the longest run joined only by list
/// separators ("Shanxi, Henan, Hubei and Hunan", 江苏、浙江和安徽), counting
/// "Guangdong's Zhanjiang" as one item.
fn enumerated(text: &str, mentions: &[Mention]) -> Vec<usize> {
    let separator = |gap: &str| {
        let g = gap.trim();
        matches!(
            g,
            "," | "and"
                | ", and"
                | "or"
                | "、"
                | "和"
                | "及"
                | "与"
                | "以及"
                | "'s"
                | "’s"
                | "Province,"
                | "province,"
        ) || g.is_empty()
    };
    let mut best: Vec<usize> = Vec::new();
    let mut run: Vec<usize> = Vec::new();
    for (i, m) in mentions.iter().enumerate() {
        let joined = i > 0
            && mentions[i - 1].end <= m.start
            && separator(&text[mentions[i - 1].end..m.start]);
        if !joined {
            run.clear();
        }
        run.push(i);
        let provinces: HashSet<u32> = run.iter().map(|&j| mentions[j].province()).collect();
        if provinces.len() >= 3 && run.len() > best.len() {
            best = run.clone();
        }
    }
    best
}
