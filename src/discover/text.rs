//! Small text helpers shared by the list parsers: titles and timestamps.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone};

/// Beijing time: Xinhua datasources and date-only stamps carry no offset, and
/// every source this tool watches publishes on Beijing time.
pub fn beijing() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("+08:00 is a valid offset")
}

/// A title as shown to people: tags removed (feeds and datasources sometimes
/// carry `<font>` or `<b>` in titles), whitespace collapsed. `None` when empty.
pub fn clean_title(raw: &str) -> Option<String> {
    let mut plain = String::with_capacity(raw.len());
    let mut in_tag = false;
    for c in raw.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => plain.push(c),
            _ => {}
        }
    }
    let title = collapse_whitespace(&plain);
    (!title.is_empty()).then_some(title)
}

pub fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Parses the timestamps lists use: RFC 3339 / W3C datetime (with or without
/// seconds), `YYYY-MM-DD HH:MM[:SS]` and a bare `YYYY-MM-DD`. Stamps without
/// an offset are Beijing time.
pub fn parse_time(raw: &str) -> Option<DateTime<FixedOffset>> {
    let s = raw.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t);
    }
    // W3C datetime allows minutes without seconds: 2024-05-09T22:27+08:00.
    let zulu = s.strip_suffix('Z').map(|t| format!("{t}+00:00"));
    if let Ok(t) = DateTime::parse_from_str(zulu.as_deref().unwrap_or(s), "%Y-%m-%dT%H:%M%:z") {
        return Some(t);
    }
    for format in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y/%m/%d %H:%M:%S",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, format) {
            return beijing().from_local_datetime(&t).single();
        }
    }
    let date = NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
    beijing()
        .from_local_datetime(&date.and_hms_opt(0, 0, 0)?)
        .single()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_in_list_formats() {
        let t = |s| parse_time(s).map(|t| t.to_rfc3339());
        let expected = Some("2024-05-09T22:27:02+08:00".to_string());
        assert_eq!(t("2024-05-09 22:27:02"), expected);
        assert_eq!(t("2024-05-09T22:27:02+08:00"), expected);
        assert_eq!(
            t("2024-05-09T14:27:02Z"),
            Some("2024-05-09T14:27:02+00:00".into())
        );
        assert_eq!(
            t("2024-05-09T22:27+08:00"),
            Some("2024-05-09T22:27:00+08:00".into())
        );
        assert_eq!(t("2024-05-09"), Some("2024-05-09T00:00:00+08:00".into()));
        assert_eq!(t("yesterday"), None);
        assert_eq!(t("2024-13-40"), None);
    }

    #[test]
    fn titles_lose_tags_and_extra_space() {
        assert_eq!(
            clean_title(" <b>Xi</b>\n meets  <i>guests</i> "),
            Some("Xi meets guests".into())
        );
        assert_eq!(clean_title(" <br> "), None);
    }
}
