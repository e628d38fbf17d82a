//! Publication dates: finding one in page text, meta values and URLs, and
//! expressing it in Beijing time (+08:00).
//!
//! Pages print times without a zone; Chinese news sites mean Beijing time.
//! A date without a time stays a bare date rather than an invented midnight.

use std::sync::LazyLock;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone};
use regex::{Captures, Regex};

use super::Published;

/// UTC+8, the zone Chinese news sites publish in.
pub fn beijing() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("+08:00 is a valid offset")
}

/// `2024-05-09T22:27:02+08:00`, `2023-01-15T02:20:00Z`.
static ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(\d{4})-(\d{1,2})-(\d{1,2})[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})",
    )
    .expect("static regex")
});

/// `2024-05-09 22:27:02`, `2024年05月09日 22:27`, `2019年06月15日08:18`, `2024/5/9`.
static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?:\s*日)?(?:\s*(\d{1,2})\s*[:：时]\s*(\d{2})(?:\s*[:：分]\s*(\d{2}))?)?",
    )
    .expect("static regex")
});

/// The 2021+ news.cn `.header-time` pieces: `2024 05/09 22:27:02`, or with
/// the spans run together and no time (`201801/18`).
static YEAR_THEN_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{4})\s*(\d{2})/(\d{1,2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?")
        .expect("static regex")
});

/// `Jan 15, 2023`, `Jan. 15, 2023 10:20`, `January 15, 2023`.
static MONTH_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?",
    )
    .expect("static regex")
});

/// `08:17, May 20, 2026` (People's Daily English origin lines: time first).
static TIME_THEN_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(\d{1,2}):(\d{2}),?\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})",
    )
    .expect("static regex")
});

/// `15 January 2023`.
static DAY_MONTH_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(\d{1,2})\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?",
    )
    .expect("static regex")
});

/// Dates in article URLs, most specific first.
static URL_DATES: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        // news.cn: /20240509/<32 hex>/c.html
        r"/(\d{4})(\d{2})(\d{2})/[0-9a-f]{32}/c\.html?",
        // xinhuanet 2017-21, gov.cn: /2019-12/10/c_1125327450.htm, /2023-01/15/content_5737.htm
        r"/(\d{4})-(\d{2})/(\d{2})/(?:c|content)_\d+",
        // People's Daily: /n1/2019/0615/c1013-31153719.html
        r"/(\d{4})/(\d{2})(\d{2})/c\d+-\d+",
        // China Daily: /a/202301/15/WS63c3....html
        r"/(\d{4})(\d{2})/(\d{2})/WS[0-9a-f]+",
        // generic /2023/01/15/ or /2023-01-15/
        r"/(\d{4})[-/](\d{2})[-/](\d{2})/",
        r"/(\d{4})(\d{2})(\d{2})/",
    ]
    .iter()
    .map(|p| Regex::new(p).expect("static regex"))
    .collect()
});

/// The first date (with its time, when given) written in `text`.
pub fn find_in_text(text: &str) -> Option<Published> {
    if let Some(c) = ISO.captures(text)
        && let Some(p) = from_iso(&c)
    {
        return Some(p);
    }
    // Several forms may occur; the one written first wins.
    let candidates = [
        NUMERIC
            .captures(text)
            .map(|c| (c.get(0).map_or(0, |m| m.start()), numeric(&c))),
        YEAR_THEN_DAY
            .captures(text)
            .map(|c| (c.get(0).map_or(0, |m| m.start()), numeric(&c))),
        MONTH_NAME
            .captures(text)
            .map(|c| (c.get(0).map_or(0, |m| m.start()), month_first(&c))),
        DAY_MONTH_NAME
            .captures(text)
            .map(|c| (c.get(0).map_or(0, |m| m.start()), day_first(&c))),
        TIME_THEN_MONTH
            .captures(text)
            .map(|c| (c.get(0).map_or(0, |m| m.start()), time_first(&c))),
    ];
    candidates
        .into_iter()
        .flatten()
        .filter_map(|(at, p)| p.map(|p| (at, p)))
        .min_by_key(|(at, _)| *at)
        .map(|(_, p)| p)
}

/// The date in an article URL (no time: URLs carry none).
pub fn from_url(url: &str) -> Option<Published> {
    URL_DATES.iter().find_map(|re| {
        let c = re.captures(url)?;
        date(num(&c, 1)?, num(&c, 2)?, num(&c, 3)?).map(Published::Date)
    })
}

fn from_iso(c: &Captures) -> Option<Published> {
    let day = date(num(c, 1)?, num(c, 2)?, num(c, 3)?)?;
    let time = NaiveTime::from_hms_opt(num(c, 4)?, num(c, 5)?, num(c, 6).unwrap_or(0))?;
    let zone = c.get(7)?.as_str();
    let offset = if zone == "Z" {
        FixedOffset::east_opt(0)?
    } else {
        let sign = if zone.starts_with('-') { -1 } else { 1 };
        let digits: String = zone.chars().filter(char::is_ascii_digit).collect();
        let hours: i32 = digits.get(..2)?.parse().ok()?;
        let minutes: i32 = digits.get(2..4)?.parse().ok()?;
        FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))?
    };
    let instant: DateTime<FixedOffset> =
        offset.from_local_datetime(&day.and_time(time)).single()?;
    Some(Published::DateTime(instant.with_timezone(&beijing())))
}

fn numeric(c: &Captures) -> Option<Published> {
    let day = date(num(c, 1)?, num(c, 2)?, num(c, 3)?)?;
    with_time(day, c, 4)
}

fn month_first(c: &Captures) -> Option<Published> {
    let day = date(num(c, 3)?, month_number(c.get(1)?.as_str())?, num(c, 2)?)?;
    with_time(day, c, 4)
}

fn day_first(c: &Captures) -> Option<Published> {
    let day = date(num(c, 3)?, month_number(c.get(2)?.as_str())?, num(c, 1)?)?;
    with_time(day, c, 4)
}

fn time_first(c: &Captures) -> Option<Published> {
    let day = date(num(c, 5)?, month_number(c.get(3)?.as_str())?, num(c, 4)?)?;
    let time = NaiveTime::from_hms_opt(num(c, 1)?, num(c, 2)?, 0)?;
    let at = beijing()
        .from_local_datetime(&day.and_time(time))
        .single()?;
    Some(Published::DateTime(at))
}

/// Adds the time in groups `first..first+3` (hour, minute, second) if present.
fn with_time(day: NaiveDate, c: &Captures, first: usize) -> Option<Published> {
    let Some(hour) = num(c, first) else {
        return Some(Published::Date(day));
    };
    let time = NaiveTime::from_hms_opt(hour, num(c, first + 1)?, num(c, first + 2).unwrap_or(0));
    Some(match time {
        Some(t) => Published::DateTime(beijing().from_local_datetime(&day.and_time(t)).single()?),
        None => Published::Date(day),
    })
}

/// A calendar date, if plausible for a news article.
fn date(year: u32, month: u32, day: u32) -> Option<NaiveDate> {
    if !(1990..=2100).contains(&year) {
        return None;
    }
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

fn num(c: &Captures, i: usize) -> Option<u32> {
    c.get(i)?.as_str().parse().ok()
}

fn month_number(name: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let prefix = name.get(..3)?.to_ascii_lowercase();
    MONTHS
        .iter()
        .position(|m| *m == prefix)
        .map(|i| i as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rfc(text: &str) -> String {
        find_in_text(text).expect("a date").to_rfc3339()
    }

    #[test]
    fn formats_seen_on_news_pages() {
        assert_eq!(rfc(" 2019-12-10 07:57:40"), "2019-12-10T07:57:40+08:00");
        assert_eq!(rfc("2024年05月09日 22:27:02"), "2024-05-09T22:27:02+08:00");
        assert_eq!(
            rfc("2019年06月15日08:18  来源：人民网"),
            "2019-06-15T08:18:00+08:00"
        );
        assert_eq!(rfc("2024 05/09 22:27:02"), "2024-05-09T22:27:02+08:00");
        assert_eq!(rfc("201801/18来源：新华社"), "2018-01-18");
        assert_eq!(
            rfc("Updated: 2023-01-15 10:20"),
            "2023-01-15T10:20:00+08:00"
        );
        assert_eq!(rfc("Jan 15, 2023"), "2023-01-15");
        assert_eq!(rfc("Jan. 15, 2023 10:20"), "2023-01-15T10:20:00+08:00");
        assert_eq!(rfc("15 January 2023"), "2023-01-15");
        assert_eq!(
            rfc("By Sun Yu (People's Daily) 08:17, May 20, 2026"),
            "2026-05-20T08:17:00+08:00"
        );
        assert_eq!(rfc("2026-02-02"), "2026-02-02");
        assert_eq!(rfc("2026年3月5日 10:00"), "2026-03-05T10:00:00+08:00");
        assert_eq!(rfc("2023-01-15T02:20:00Z"), "2023-01-15T10:20:00+08:00");
    }

    #[test]
    fn nonsense_is_not_a_date() {
        assert!(find_in_text("2024-13-45").is_none());
        assert!(find_in_text("no date here").is_none());
    }

    #[test]
    fn url_dates() {
        let d = |u: &str| from_url(u).map(|p| p.to_rfc3339());
        assert_eq!(
            d("https://www.news.cn/politics/20240509/3dd6e33cc6d749fbaae01fea337ff400/c.html"),
            Some("2024-05-09".into())
        );
        assert_eq!(
            d("http://www.xinhuanet.com/world/2019-12/10/c_1125327450.htm"),
            Some("2019-12-10".into())
        );
        assert_eq!(
            d("http://culture.people.com.cn/n1/2019/0615/c1013-31153719.html"),
            Some("2019-06-15".into())
        );
        assert_eq!(d("https://example.com/about"), None);
    }
}
