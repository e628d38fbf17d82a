//! Places a sentence names only in passing, dropped before highlights are
//! assigned: the stops and ends of a route about another region ("trains ...
//! via Chongqing and Xi'an"). A list of regions that are the parties of one
//! measure ("provinces such as Guizhou, Jilin and Ningxia saw ...") is no
//! passing mention: every member keeps it, and so is a 、-list closed by a
//! count (经满洲里、二连浩特4个边境口岸).

use super::Mention;
use regex::Regex;
use std::sync::LazyLock;

const EN_PASSING: &[&str] = &[
    "via ",
    "through ",
    "bound for ",
    "destined for ",
    "to ",
    // "for" alone is a beneficiary ("the plan for Hebei"), not a route's end:
    // only after a verb of setting off is it one ("left for Chongqing").
    "left for ",
    "leaves for ",
    "leaving for ",
    "departed for ",
    "departs for ",
    "departing for ",
    "headed for ",
    "heading for ",
    "heads for ",
    "set off for ",
    "sets off for ",
    "setting off for ",
    "sailed for ",
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

/// What comes right before the place of a visit ("during a visit to
/// Heilongjiang province", "invited them to visit Chongqing Municipality").
const EN_VISIT: &[&str] = &[
    "visit to ",
    "visits to ",
    "to visit ",
    "visiting ",
    "inspection tour of ",
    "inspection tour in ",
    "inspection tour to ",
    "inspection trip to ",
];

/// Drops the places of a visit, and the places listed right after one: an
/// inspection visit or an itinerary states no measure for where it goes
/// (`LABELING.md`), whoever is visiting.
fn drop_visited_places(text: &str, mentions: Vec<Mention>) -> Vec<Mention> {
    drop_lists_opened_by(text, mentions, |before| {
        EN_VISIT.iter().any(|c| before.ends_with(c))
    })
}

/// Drops each mention whose preceding text `opens` a list, and the mentions
/// listed right after it (", ", " and ").
fn drop_lists_opened_by(
    text: &str,
    mentions: Vec<Mention>,
    opens: impl Fn(&str) -> bool,
) -> Vec<Mention> {
    let mut in_list = false;
    mentions
        .into_iter()
        .filter(|m| {
            let before = &text[..m.start];
            let listed = before.ends_with(", ") || before.ends_with(" and ");
            in_list = opens(before) || in_list && listed;
            !in_list
        })
        .collect()
}

/// The opening of a list of where goods come from: "transport goods from 15
/// provincial-level regions including ", "cargo from provinces such as ".
static ORIGINS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:goods|cargo|products|commodities) from [^.;]{0,50}?\b(?:regions|provinces|places|cities|areas) (?:including|such as) $")
        .expect("static regex")
});

/// Drops the items of a list of where goods come from ("goods from 15
/// provincial-level regions including Zhejiang, Shanghai, Anhui, and Jiangsu"):
/// the shippers' home regions, not parties of the route (the English side of
/// 新疆核桃、内蒙古葵花籽等货物经天津港出口).
fn drop_origin_lists(text: &str, mentions: Vec<Mention>) -> Vec<Mention> {
    if !text.contains(" from ") {
        return mentions;
    }
    drop_lists_opened_by(text, mentions, |before| ORIGINS.is_match(before))
}

/// Drops places a sentence names only as a route's stop or end when it is
/// about another region ("Yunnan launched trains ... via Chongqing and Xi'an"),
/// the places of a visit and where goods come from.
pub(super) fn drop_passing_places(text: &str, mentions: Vec<Mention>) -> Vec<Mention> {
    let mentions = drop_origin_lists(text, drop_visited_places(text, mentions));
    let Some(subject) = mentions.first().map(Mention::province) else {
        return mentions;
    };
    let counted = counted_lists(text, &mentions);
    let mut passing = false;
    let mut previous_end = usize::MAX;
    // "The passage extends from Chengdu and Chongqing to Beibu Gulf Port in
    // Guangxi": a route drawn from one place to another names its nodes.
    let mut from_seen = false;
    mentions
        .into_iter()
        .zip(counted)
        .filter(|(m, counted)| {
            // 运往浙江杭州: a city right after its province is the same stop.
            let attached = m.start == previous_end;
            previous_end = m.end;
            let drawn = from_seen && text[..m.start].ends_with("to ");
            from_seen |= text[..m.start].ends_with("from ");
            if m.province() == subject {
                passing = false;
                return true;
            }
            let before = &text[..m.start];
            // 经阿拉山口出境: the border crossing is a node of the route, not a stop.
            let crossing = ["出境", "入境", "出关", "出入境"]
                .iter()
                .any(|w| text[m.end..].trim_start_matches("口岸").starts_with(w));
            let cue = !crossing
                && !drawn
                && EN_PASSING
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
            passing = !counted && (cue || passing && (listed || attached));
            !passing
        })
        .map(|(m, _)| m)
        .collect()
}

/// Which mentions are items of a 、-list closed by a count (经满洲里、二连浩特、
/// 阿拉山口4个边境口岸): the ports a route is built on, each a party of it.
fn counted_lists(text: &str, mentions: &[Mention]) -> Vec<bool> {
    let mut out = vec![false; mentions.len()];
    let mut first = 0;
    for i in 0..mentions.len() {
        let joined = mentions.get(i + 1).is_some_and(|n| {
            text.get(mentions[i].end..n.start)
                .is_some_and(|g| g.trim() == "、")
        });
        if joined {
            continue;
        }
        let after = text[mentions[i].end..].trim_start_matches("口岸");
        let count = after
            .chars()
            .take_while(|c| c.is_ascii_digit() || "一二两三四五六七八九十".contains(*c))
            .count();
        if i > first && count > 0 && after.chars().nth(count) == Some('个') {
            out[first..=i].iter_mut().for_each(|x| *x = true);
        }
        first = i + 1;
    }
    out
}
