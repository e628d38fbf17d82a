//! The `--format text` summary: an article's metadata, then its highlights grouped by region.

use regionwatch_extract::{Extraction, Highlight};
use std::fmt::Write;

/// The summary of one extraction, ending with a newline.
pub fn summary(x: &Extraction) -> String {
    let mut s = String::new();
    let title = if x.title.is_empty() {
        "(untitled)"
    } else {
        &x.title
    };
    line(&mut s, title);
    let published = x.published.map(|p| p.to_rfc3339());
    let meta: Vec<&str> = [published.as_deref(), x.source.as_deref(), x.url.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    if !meta.is_empty() {
        line(&mut s, &meta.join(" | "));
    }
    s.push('\n');
    if x.highlights.is_empty() {
        line(&mut s, "No opening-up highlights found.");
        return s;
    }
    for (region, code, highlights) in by_region(&x.highlights) {
        line(&mut s, &format!("{region} ({code})"));
        for h in highlights {
            highlight(&mut s, h);
        }
        s.push('\n');
    }
    s.pop(); // no blank line after the last region
    s
}

/// Highlights grouped by region, regions in order of first mention.
fn by_region(highlights: &[Highlight]) -> Vec<(&str, &str, Vec<&Highlight>)> {
    let mut groups: Vec<(&str, &str, Vec<&Highlight>)> = Vec::new();
    for h in highlights {
        match groups
            .iter_mut()
            .find(|(_, code, _)| *code == h.region_code)
        {
            Some((_, _, list)) => list.push(h),
            None => groups.push((&h.region, &h.region_code, vec![h])),
        }
    }
    groups
}

fn highlight(s: &mut String, h: &Highlight) {
    line(s, &format!("  - {}", h.text));
    if !h.themes.is_empty() {
        line(s, &format!("    themes:  {}", h.themes.join(", ")));
    }
    if let Some(speaker) = &h.speaker {
        match &speaker.role {
            Some(role) => line(s, &format!("    speaker: {}, {role}", speaker.name)),
            None => line(s, &format!("    speaker: {}", speaker.name)),
        }
    }
    if !h.figures.is_empty() {
        line(s, &format!("    figures: {}", h.figures.join("; ")));
    }
    if !h.places.is_empty() {
        let places: Vec<String> = h
            .places
            .iter()
            .map(|p| format!("{} ({})", p.name, p.code))
            .collect();
        line(s, &format!("    places:  {}", places.join(", ")));
    }
}

fn line(s: &mut String, text: &str) {
    // Writing to a String cannot fail.
    let _ = writeln!(s, "{text}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use regionwatch_extract::{Language, Place, Published, Speaker};

    fn highlight(region: &str, code: &str, text: &str) -> Highlight {
        Highlight {
            region: region.into(),
            region_code: code.into(),
            places: vec![],
            text: text.into(),
            themes: vec![],
            speaker: None,
            figures: vec![],
        }
    }

    fn extraction(highlights: Vec<Highlight>) -> Extraction {
        Extraction {
            file: Some("a.txt".into()),
            url: Some("https://english.news.cn/a".into()),
            title: "Hebei ports open up".into(),
            published: Some(Published::Date(
                chrono::NaiveDate::from_ymd_opt(2026, 2, 2).unwrap(),
            )),
            source: Some("Xinhua".into()),
            editors: vec![],
            language: Language::En,
            body: String::new(),
            captions: vec![],
            layout: "plain-text".into(),
            highlights,
        }
    }

    #[test]
    fn groups_highlights_under_their_region_in_first_mention_order() {
        let mut first = highlight(
            "Hebei",
            "130000",
            "Hebei has a coastline of 487 kilometers.",
        );
        first.themes = vec!["ports-logistics".into()];
        first.figures = vec!["487 kilometers".into()];
        first.places = vec![Place {
            name: "Tangshan".into(),
            code: "130200".into(),
        }];
        first.speaker = Some(Speaker {
            name: "Zhao Huanzhang".into(),
            role: Some("deputy".into()),
        });
        let x = extraction(vec![
            first,
            highlight("Hainan", "460000", "Hainan adds zero-tariff goods."),
            highlight("Hebei", "130000", "Hebei upgrades its ports."),
        ]);
        let expected = "\
Hebei ports open up
2026-02-02 | Xinhua | https://english.news.cn/a

Hebei (130000)
  - Hebei has a coastline of 487 kilometers.
    themes:  ports-logistics
    speaker: Zhao Huanzhang, deputy
    figures: 487 kilometers
    places:  Tangshan (130200)
  - Hebei upgrades its ports.

Hainan (460000)
  - Hainan adds zero-tariff goods.
";
        assert_eq!(summary(&x), expected);
    }

    #[test]
    fn says_so_when_nothing_was_found() {
        let mut x = extraction(vec![]);
        x.title.clear();
        x.url = None;
        assert_eq!(
            summary(&x),
            "(untitled)\n2026-02-02 | Xinhua\n\nNo opening-up highlights found.\n"
        );
    }
}
