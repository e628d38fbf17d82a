//! Byline lines that name the outlet without a `Source:` label:
//! `By X in Y | China Daily | Updated: 2026-03-04 07:32` (China Daily),
//! `By X (People's Daily) 08:17, May 20, 2026` and `(Xinhua) 10:15, March 04, 2026`
//! (People's Daily English). The outlet is the article's source; the reporter
//! named after `By` is not an editor.
//!
//! Outlets written as a domain (`chinadaily.com.cn`) are named as the outlet
//! (`OUTLET_ALIASES`).

use std::sync::LazyLock;

use regex::Regex;

use super::text::char_len;
use super::{Published, dates};

/// Byline lines are short; a longer line that happens to hold `| Updated:` is body.
const MAX_BYLINE: usize = 200;

/// Domain-style outlet names and the outlet they stand for.
const OUTLET_ALIASES: &[(&str, &str)] = &[
    ("chinadaily.com.cn", "China Daily"),
    ("www.chinadaily.com.cn", "China Daily"),
    ("en.people.cn", "People's Daily Online"),
    ("english.news.cn", "Xinhua"),
];

/// `[By … |] Outlet | Updated: date`: the segment before `Updated` is the outlet.
static PIPED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:by\s+[^|]{1,120}?\s*[|｜]\s*)?([^|｜:：]{2,40}?)\s*[|｜]\s*updated\s*[:：]\s*(.+)$",
    )
    .expect("static regex")
});

/// `[By …] (Outlet) [HH:MM,] Month DD, YYYY`, share links may follow.
static PARENTHESISED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:by\s+[^()]{1,120}?\s*)?\(([^()]{2,40})\)\s*((?:\d{1,2}:\d{2},?\s+)?\p{L}+\.?\s+\d{1,2},?\s+\d{4})",
    )
    .expect("static regex")
});

/// `HH:MM, Month DD, YYYY By X ( Outlet )`: the outlet as printed.
static TIME_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(\d{1,2}:\d{2},?\s+\p{L}+\.?\s+\d{1,2},?\s+\d{4})\s+by\s+[^()]{1,120}?\(\s*([^()]{2,40}?)\s*\)",
    )
    .expect("static regex")
});

/// What a byline line says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Byline {
    pub source: String,
    pub published: Option<Published>,
}

/// Reads `line` if it is a byline line that names its outlet.
pub fn read(line: &str) -> Option<Byline> {
    if char_len(line) > MAX_BYLINE {
        return None;
    }
    // The patterns take about a millisecond each to compile: test first for
    // what each must find (a leading digit, since Unicode `\d` is numeric; a
    // pipe; a parenthesis), so most pages never compile them (issue 11).
    let time_first = line.starts_with(char::is_numeric);
    if let Some(caps) = time_first.then(|| TIME_FIRST.captures(line)).flatten() {
        return Some(Byline {
            source: caps[2].trim().to_string(),
            published: dates::find_in_text(&caps[1]),
        });
    }
    let caps = (line.contains(['|', '｜']))
        .then(|| PIPED.captures(line))
        .flatten()
        .or_else(|| line.contains('(').then(|| PARENTHESISED.captures(line))?)?;
    let outlet = caps[1].trim();
    if outlet.to_lowercase().starts_with("by ") {
        return None;
    }
    Some(Byline {
        source: outlet_name(outlet),
        published: dates::find_in_text(&caps[2]),
    })
}

/// The outlet's name, with domain spellings replaced.
fn outlet_name(outlet: &str) -> String {
    let lower = outlet.to_lowercase();
    OUTLET_ALIASES
        .iter()
        .find(|(alias, _)| *alias == lower)
        .map_or(outlet, |(_, name)| name)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(line: &str) -> Option<String> {
        read(line).map(|b| b.source)
    }

    fn date(line: &str) -> Option<String> {
        read(line).and_then(|b| b.published).map(|p| p.to_rfc3339())
    }

    #[test]
    fn china_daily_bylines() {
        let line = "By ZHAO LEI in Ningbo, Zhejiang | China Daily | Updated: 2026-01-05 09:30";
        assert_eq!(source(line).as_deref(), Some("China Daily"));
        assert_eq!(date(line).as_deref(), Some("2026-01-05T09:30:00+08:00"));
        assert_eq!(
            source("By MA LIN | chinadaily.com.cn | Updated: 2026-01-05 09:30").as_deref(),
            Some("China Daily")
        );
        assert_eq!(
            source("Xinhua | Updated: 2026-01-05 09:30").as_deref(),
            Some("Xinhua")
        );
    }

    #[test]
    fn people_daily_origin_lines() {
        let line = "By Sun Yu (People's Daily Online) 11:05, January 07, 2026";
        assert_eq!(source(line).as_deref(), Some("People's Daily Online"));
        assert_eq!(date(line).as_deref(), Some("2026-01-07T11:05:00+08:00"));
        assert_eq!(
            source("By Qi Ming, Lu Fang (People's Daily) 07:40, Feb 02, 2026").as_deref(),
            Some("People's Daily")
        );
        assert_eq!(
            source("(Xinhua) 10:15, March 04, 2026").as_deref(),
            Some("Xinhua")
        );
        assert_eq!(
            source("(Xinhua) April 14, 2021Facebook Twitter").as_deref(),
            Some("Xinhua")
        );
        let line = "16:38, August 04, 2023 By Yan Xingzhou ( Chinadaily.com.cn )";
        assert_eq!(source(line).as_deref(), Some("Chinadaily.com.cn"));
        assert_eq!(date(line).as_deref(), Some("2023-08-04T16:38:00+08:00"));
    }

    #[test]
    fn other_lines_are_not_bylines() {
        assert_eq!(read("By Li Wei"), None);
        assert_eq!(read("By the end of May (2026) exports had doubled."), None);
        assert_eq!(read("By Li Wei | Updated: 2026-01-05"), None);
        // A labelled source is a field, not a byline's outlet.
        assert_eq!(read("Source: Xinhua | Updated: 2026-01-05"), None);
    }
}
