//! Places a sentence names only in passing, dropped before highlights are
//! assigned: the stops and ends of a route about another region ("trains ...
//! via Chongqing and Xi'an"). A list of regions that are the parties of one
//! measure ("provinces such as Guizhou, Jilin and Ningxia saw ...") is no
//! passing mention: every member keeps it.

use super::Mention;

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
    let mut previous_end = usize::MAX;
    mentions
        .into_iter()
        .filter(|m| {
            // 运往浙江杭州: a city right after its province is the same stop.
            let attached = m.start == previous_end;
            previous_end = m.end;
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
            passing = cue || passing && (listed || attached);
            !passing
        })
        .collect()
}
