//! The figures a highlight states: amounts, percentages, distances, counts,
//! as written ("487 kilometers", "13%", "1.2 billion yuan", "5.6万标箱").
//! Years, dates and ordinals ("2030", "Jan. 9", "15th") are not figures.

use regex::Regex;
use std::sync::LazyLock;

static ENGLISH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?:(?:US|U\.S\.)?\$|¥|€|RMB\s?)?
        \b\d[\d,]*(?:\.\d+)?
        (?:\s?(?:million|billion|trillion|thousand|mln|bln)\b)?
        (?:\s?%|\s?(?:percent|per\ cent|percentage\ points|
            yuan|U\.S\.\ dollars|US\ dollars|dollars|euros|
            square\ kilometers|square\ kilometres|kilometers|kilometres|km|meters|metres|hectares|
            tonnes|tons|TEUs|TEU|trips|trains|train\ trips|routes|flights|containers|
            enterprises|companies|firms|projects|countries\ and\ regions|countries|cities|
            times|items|measures|new\ beneficiaries|beneficiaries|visitors|passengers|vehicles|
            deals|agreements|contracts|products|categories|jobs|stores|ports|lines)\b)?",
    )
    .expect("static regex")
});

static CHINESE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\d[\d,]*(?:\.\d+)?\s*(?:万亿|亿|万|千)?\s*(?:%|％|个百分点|美元|欧元|元|吨|标箱|TEU|列次|列|个|家|条|项|公里|千米|平方公里|倍|人次|架次|班次|班|批|国家和地区|个国家|人|辆|件|票|单)?",
    )
    .expect("static regex")
});

const MONTHS: &[&str] = &[
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
    "January",
    "February",
    "March",
    "April",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Compiles the English pattern, for [`super::highlights::warm_rules`].
pub fn warm_english() {
    LazyLock::force(&ENGLISH);
}

/// The figures in a sentence, in order, without duplicates.
pub fn figures(sentence: &str) -> Vec<String> {
    let chinese = sentence.chars().any(super::sentences::is_cjk);
    let pattern = if chinese { &*CHINESE } else { &*ENGLISH };
    let mut out: Vec<String> = Vec::new();
    for m in pattern.find_iter(sentence) {
        let text = m.as_str().trim().trim_end_matches([',', '.']);
        if is_figure(sentence, m.start(), m.end(), text) && !out.iter().any(|f| f == text) {
            out.push(text.to_string());
        }
    }
    out
}

fn is_figure(sentence: &str, start: usize, end: usize, text: &str) -> bool {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let has_unit = text
        .chars()
        .any(|c| !(c.is_ascii_digit() || matches!(c, ',' | '.' | ' ')));
    let after = &sentence[end..];
    let before = sentence[..start].trim_end();
    let is_year = digits.len() == 4
        && !has_unit
        && (1900..=2100).contains(&digits.parse::<u32>().unwrap_or(0));
    let is_ordinal = ["st", "nd", "rd", "th"]
        .iter()
        .any(|s| after.starts_with(s));
    let is_date = MONTHS
        .iter()
        .any(|m| before.ends_with(m) || before.ends_with(&format!("{m}.")))
        || ["年", "月", "日", "号", "时", "点"]
            .iter()
            .any(|s| after.trim_start().starts_with(s));
    !(is_year || is_ordinal || is_date || digits.len() < 2 && !has_unit)
}

#[cfg(test)]
mod tests {
    use super::figures;

    #[test]
    fn english_figures() {
        assert_eq!(
            figures("Hebei has a coastline stretching 487 kilometers."),
            ["487 kilometers"]
        );
        assert_eq!(
            figures(
                "On Jan. 9, 2026 more than 10000 new beneficiaries were added, up 13% by 2030 in the 15th plan, worth 1.2 billion yuan."
            ),
            ["10000 new beneficiaries", "13%", "1.2 billion yuan"]
        );
    }

    #[test]
    fn chinese_figures() {
        assert_eq!(
            figures("2026年1月，钦州港集装箱吞吐量达56.5万标箱，同比增长12.3%，开行班列3000列。"),
            ["56.5万标箱", "12.3%", "3000列"]
        );
    }
}
