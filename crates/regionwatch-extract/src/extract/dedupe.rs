//! The key reposts of one statement share: the store keeps one highlight per
//! region and key (`highlights.text_key`), so a statement several sites carry
//! is one row linked to every article.

use unicode_normalization::UnicodeNormalization;

use super::masks::dateline;

/// The deduplication key of a highlight's text: compatibility-normalised
/// (full-width digits and letters become ASCII), lowercased, and stripped of
/// everything that is not a letter or digit (spaces, ASCII and CJK punctuation),
/// so that reposts differing only in punctuation or spacing collide. A leading
/// dateline ("SHANGHAI, March 11 (Xinhua) --", 新华社上海3月11日电) is left out:
/// a repost often drops or rewrites it.
///
/// ```
/// use regionwatch_extract::sentence_key;
///
/// assert_eq!(sentence_key("Port OPENS, 2026!"), "portopens2026");
/// assert_eq!(sentence_key("广东：扩大开放。"), sentence_key("广东 扩大开放"));
/// ```
pub fn sentence_key(text: &str) -> String {
    let text = dateline(text).map_or(text, |d| &text[d.end..]);
    text.nfkc()
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::sentence_key;

    #[test]
    fn ignores_case_spacing_and_cjk_punctuation() {
        assert_eq!(
            sentence_key("广东：扩大开放，深化改革。"),
            sentence_key("广东 扩大开放 深化改革")
        );
        assert_eq!(sentence_key("Port OPENS, 2026!"), "portopens2026");
        assert_eq!(sentence_key("ＡＢＣ１２３"), "abc123");
        assert_ne!(sentence_key("广东扩大开放"), sentence_key("广西扩大开放"));
    }

    #[test]
    fn ignores_a_leading_dateline() {
        assert_eq!(
            sentence_key("SHANGHAI, March 11 (Xinhua) -- Shanghai will open 20 new routes."),
            sentence_key("Shanghai will open 20 new routes.")
        );
        assert_eq!(
            sentence_key("新华社上海3月11日电（记者 王某）上海将新开20条航线。"),
            sentence_key("上海将新开20条航线。")
        );
    }
}
