//! Small text helpers shared by the HTML and plain-text readers: whitespace
//! folding, CJK detection, language choice.

use super::Language;

/// Whitespace as pages use it: ASCII, no-break space, ideographic space, and
/// the zero-width characters CMS editors leave behind.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200b}' | '\u{feff}' | '\u{3000}' | '\u{a0}')
}

/// Appends `text` to `out`, folding whitespace runs into one space.
pub fn push_folded(out: &mut String, text: &str) {
    for c in text.chars() {
        if is_space(c) {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
}

/// `text` with whitespace runs folded and the ends trimmed.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_folded(&mut out, text);
    out.truncate(out.trim_end().len());
    out
}

/// Chinese, Japanese or Korean ideographs (and CJK punctuation).
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{303f}'
        | '\u{3400}'..='\u{4dbf}'
        | '\u{4e00}'..='\u{9fff}'
        | '\u{f900}'..='\u{faff}'
        | '\u{ff00}'..='\u{ffef}'
        | '\u{20000}'..='\u{2ffff}')
}

pub fn has_cjk(text: &str) -> bool {
    text.chars().any(is_cjk)
}

/// Zh when the body is mostly Chinese. One ideograph carries about as much as a
/// short English word, so ideographs are weighed against Latin letters / 3.
pub fn language_of<'a>(paragraphs: impl IntoIterator<Item = &'a str>) -> Language {
    let (mut cjk, mut latin) = (0usize, 0usize);
    for p in paragraphs {
        for c in p.chars() {
            if is_cjk(c) {
                cjk += 1;
            } else if c.is_alphabetic() {
                latin += 1;
            }
        }
    }
    if cjk > 0 && cjk * 3 >= latin {
        Language::Zh
    } else {
        Language::En
    }
}

/// Number of chars, for length rules that must not depend on UTF-8 width.
pub fn char_len(text: &str) -> usize {
    text.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_all_kinds_of_space() {
        assert_eq!(
            fold("\u{3000}\u{3000}新华社 \n\t北京\u{a0} 电 "),
            "新华社 北京 电"
        );
    }

    #[test]
    fn language_by_script() {
        assert_eq!(language_of(["港口吞吐量增长 Tianjin"]), Language::Zh);
        assert_eq!(
            language_of(["The port of Tianjin (天津) grew."]),
            Language::En
        );
    }
}
