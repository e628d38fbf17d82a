//! Checked value types: a cron schedule, a CSS selector and a URL pattern.
//!
//! Each keeps the text it was written as next to the compiled form, compares by that text and
//! (de)serializes as it, so serde reads them checked and `check-config` prints them back.
//! `parse` errors are messages that say what to do; the loader adds file, line, column and key.

use std::str::FromStr;

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime};
use chrono_tz::Tz;
use croner::Cron;
use croner::parser::{CronParser, Seconds, Year};

/// serde and `Debug` for a type read from its text with `parse` and written back as `as_str`;
/// with `eq`, also equality by that text.
macro_rules! text_value {
    ($type:ty, $parse:expr $(, $eq:ident)?) => {
        impl<'de> serde::Deserialize<'de> for $type {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                super::fields::text(d, $parse)
            }
        }
        impl serde::Serialize for $type {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
        impl std::fmt::Debug for $type {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}({:?})", stringify!($type), self.as_str())
            }
        }
        $(impl PartialEq for $type {
            fn $eq(&self, other: &Self) -> bool {
                self.as_str() == other.as_str()
            }
        })?
    };
}

// Read before the file's time zone is known; `check` sets it (`in_zone`).
text_value!(Schedule, |text: &str| Schedule::parse(text, chrono_tz::UTC));
text_value!(CssSelector, CssSelector::parse, eq);
text_value!(Pattern, Pattern::parse, eq);
pub(super) use text_value;

/// A cron schedule in a time zone: 5 fields (minute hour day-of-month month day-of-week) or 6
/// with seconds first. Day-of-month and day-of-week combine with OR, as in standard cron.
#[derive(Clone)]
pub struct Schedule {
    text: String,
    cron: Cron,
    timezone: Tz,
}

impl Schedule {
    /// Parses `text` and checks that it fires at least once in every year.
    pub fn parse(text: &str, timezone: Tz) -> Result<Self, String> {
        let fields = text.split_whitespace().count();
        if !(5..=6).contains(&fields) {
            return Err(format!(
                "{text:?} has {fields} fields; write 5 (minute hour day-of-month month day-of-week) or 6 with seconds first, e.g. \"*/30 * * * *\""
            ));
        }
        let parser = CronParser::builder()
            .seconds(Seconds::Optional)
            .year(Year::Disallowed)
            .build();
        let cron = parser
            .parse(text)
            .map_err(|error| format!("{text:?} is not a valid cron expression ({error}); fix it, e.g. \"0 7 * * *\" for 07:00 daily"))?;
        check_fires_every_year(text, &parser)?;
        Ok(Schedule {
            text: text.to_string(),
            cron,
            timezone,
        })
    }

    /// The same schedule read in another time zone.
    pub(crate) fn in_zone(self, timezone: Tz) -> Self {
        Schedule { timezone, ..self }
    }

    /// The expression as written in the config.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The time zone the expression is read in (the config's `timezone`).
    pub fn timezone(&self) -> Tz {
        self.timezone
    }

    /// The first firing strictly after `t`, on the wall clock of the schedule's time zone
    /// (daylight saving handled by croner). `t` may be in any zone.
    pub fn next_after(&self, t: DateTime<Tz>) -> Option<DateTime<Tz>> {
        let local = t.with_timezone(&self.timezone);
        self.cron.find_next_occurrence(&local, false).ok()
    }
}

/// A schedule that skips whole years (29 February) or never fires (31 February) is a mistake
/// that would otherwise only show as silence. The day fields are checked against every day of
/// a fixed common year (2001), then of a full leap cycle, so the answer does not depend on the
/// day the config is loaded and costs at most a few thousand cheap matches. (Asking croner for
/// the next occurrence of an impossible date walks to the year 5000 instead.)
fn check_fires_every_year(text: &str, parser: &CronParser) -> Result<(), String> {
    let fields: Vec<&str> = text.split_whitespace().collect();
    let [.., day_of_month, month, day_of_week] = fields.as_slice() else {
        return Ok(());
    };
    let days_only = format!("0 0 0 {day_of_month} {month} {day_of_week}");
    let Ok(days) = parser.parse(&days_only) else {
        return Ok(());
    };
    if fires_on_some_day(&days, 2001, 2001) {
        Ok(())
    } else if fires_on_some_day(&days, 2002, 2008) {
        Err(format!(
            "{text:?} does not fire every year (29 February?); use a date that exists in every year"
        ))
    } else {
        Err(format!("{text:?} never fires; use a date that exists"))
    }
}

/// Whether a date-only cron matches midnight of any day in the years `first..=last`.
fn fires_on_some_day(days: &Cron, first: i32, last: i32) -> bool {
    let start = NaiveDate::from_ymd_opt(first, 1, 1).expect("a valid date");
    let mut dates = start.iter_days().take_while(|date| date.year() <= last);
    dates.any(|date| {
        days.is_time_matching(&date.and_time(NaiveTime::MIN))
            .unwrap_or(false)
    })
}

impl PartialEq for Schedule {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text && self.timezone == other.timezone
    }
}

/// A CSS selector, compiled once at load.
#[derive(Clone)]
pub struct CssSelector {
    text: String,
    selector: scraper::Selector,
}

impl CssSelector {
    pub fn parse(text: &str) -> Result<Self, String> {
        if text.trim().is_empty() {
            return Err(
                "empty CSS selector; give one such as \"#list .item .tit a\" or remove the key"
                    .to_string(),
            );
        }
        let selector = scraper::Selector::parse(text).map_err(|error| {
            let reason = match error {
                scraper::error::SelectorErrorKind::UnexpectedSelectorParseError(_) => {
                    "malformed or unsupported".to_string()
                }
                other => other.to_string().to_lowercase(),
            };
            format!("{text:?} is not a valid CSS selector ({reason}); fix it, e.g. \"#list .item .tit a\"")
        })?;
        Ok(CssSelector {
            text: text.to_string(),
            selector,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn selector(&self) -> &scraper::Selector {
        &self.selector
    }
}

/// A regular expression matched against article URLs (unanchored: use `^`/`$` to anchor).
#[derive(Clone)]
pub struct Pattern {
    regex: regex::Regex,
}

impl Pattern {
    pub fn parse(text: &str) -> Result<Self, String> {
        let regex = regex::Regex::from_str(text).map_err(|error| {
            // regex's message ends with a line like "error: unclosed group".
            let last = error.to_string().lines().last().unwrap_or("").trim().to_string();
            let detail = last.strip_prefix("error: ").unwrap_or(&last).to_string();
            format!("{text:?} is not a valid regular expression ({detail}); fix it (Rust regex syntax, unanchored)")
        })?;
        Ok(Pattern { regex })
    }

    pub fn as_str(&self) -> &str {
        self.regex.as_str()
    }

    pub fn regex(&self) -> &regex::Regex {
        &self.regex
    }

    pub fn is_match(&self, url: &str) -> bool {
        self.regex.is_match(url)
    }
}
