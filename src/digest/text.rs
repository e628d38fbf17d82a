//! The plain-text part at 78 columns: word wrapping that also breaks Chinese (between any two
//! characters, never before closing punctuation), and the overview as an aligned table.
//!
//! Widths are terminal columns: CJK ideographs and full-width forms take two. Words longer
//! than a line (URLs) stay whole on a line of their own, so they remain clickable.

use super::layout::OverviewRow;

/// The width mail readers display without wrapping (RFC 5322 recommends at most 78).
pub const WIDTH: usize = 78;

/// Columns `c` takes on a terminal: 2 for East Asian wide and full-width characters.
pub fn char_width(c: char) -> usize {
    let wide = matches!(u32::from(c),
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD);
    if wide { 2 } else { 1 }
}

pub fn width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

/// `s` padded with spaces to `w` columns (never cut).
pub fn pad(s: &str, w: usize) -> String {
    format!("{s}{}", " ".repeat(w.saturating_sub(width(s))))
}

/// Closing punctuation that must not start a line (a simple kinsoku rule).
fn no_break_before(c: char) -> bool {
    "，。、；：？！）」』】》〉”’,.;:?!)%".contains(c)
}

/// The units a line may break between: runs of non-wide characters (words), single wide
/// characters, each with the closing punctuation that follows it.
fn tokens(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        if c == ' ' {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            out.push(" ".into());
        } else if char_width(c) == 2 && !no_break_before(c) {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            word.push(c);
        } else if no_break_before(c) || char_width(word.chars().last().unwrap_or('a')) == 1 {
            word.push(c);
        } else {
            out.push(std::mem::take(&mut word));
            word.push(c);
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// `text` wrapped to `max` columns; lines after the first start with `indent`. The first
/// line is taken to start `first` columns in (after a bullet or a label printed before it).
pub fn wrap(text: &str, max: usize, first: usize, indent: &str) -> String {
    let mut out = String::new();
    let mut column = first;
    let mut empty = true; // nothing on this line yet: a too-long word still goes here
    let mut space = false; // a space is due before the next word
    for token in tokens(text) {
        if token == " " {
            space = !empty;
            continue;
        }
        let w = width(&token);
        if !empty && column + usize::from(space) + w > max {
            out.push('\n');
            out.push_str(indent);
            column = width(indent);
        } else if space {
            out.push(' ');
            column += 1;
        }
        out.push_str(&token);
        column += w;
        empty = false;
        space = false;
    }
    out
}

/// The overview as text lines: region, highlights, articles, change (when a previous period
/// was counted), main themes (wrapped in their column).
pub fn overview_table(rows: &[OverviewRow]) -> Vec<String> {
    let compared = rows.iter().any(|r| r.previous.is_some());
    let name_w = rows
        .iter()
        .map(|r| width(&r.name))
        .max()
        .unwrap_or(0)
        .clamp(6, 18);
    let change_w = rows
        .iter()
        .map(|r| r.change().len())
        .max()
        .unwrap_or(0)
        .max(6);
    let change_w = if compared { change_w + 2 } else { 0 };
    let fixed = name_w + 2 + 10 + 2 + 8 + 2 + change_w;
    let themes_w = WIDTH.saturating_sub(fixed).max(16);
    let line = |name: &str, h: &str, a: &str, change: &str, themes: &str| {
        let themes = wrap(themes, fixed + themes_w, fixed, &" ".repeat(fixed));
        let change = if compared {
            pad(change, change_w)
        } else {
            String::new()
        };
        format!("{}  {h:>10}  {a:>8}  {change}{themes}", pad(name, name_w))
            .trim_end()
            .to_string()
    };
    let mut lines = vec![line(
        "Region",
        "Highlights",
        "Articles",
        "Change",
        "Main themes",
    )];
    for r in rows {
        lines.push(line(
            &r.name,
            &r.highlights.to_string(),
            &r.articles.to_string(),
            &r.change(),
            &r.themes.join(", "),
        ));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_wraps_at_word_boundaries_and_long_urls_stay_whole() {
        let text = "Hainan cuts tariffs to zero on 6,600 items under the free trade port policy, officials said on Tuesday in Haikou.";
        let out = wrap(text, 40, 2, "  ");
        assert!(out.lines().all(|l| width(l) <= 40), "{out}");
        assert_eq!(out.replace("\n  ", " "), text);
        let url = "https://www.news.cn/local/20260502/abcdefabcdefabcdefabcdef/c.html";
        assert_eq!(
            wrap(&format!("see {url}"), 30, 0, ""),
            format!("see\n{url}")
        );
    }

    #[test]
    fn chinese_breaks_between_characters_but_not_before_punctuation() {
        let text = "海南自由贸易港实施“零关税”政策，进一步扩大对外开放，推进跨境贸易便利化。";
        let out = wrap(text, 20, 0, "");
        assert!(out.lines().all(|l| width(l) <= 20), "{out}");
        assert!(
            out.lines()
                .skip(1)
                .all(|l| !l.starts_with('，') && !l.starts_with('。')),
            "{out}"
        );
        assert_eq!(out.replace('\n', ""), text);
    }
}
