//! Turning the value of a source field into the outlet's name:
//! `人民网-文化频道 原创稿` → `人民网`, `人民网－人民日报` → `人民网－人民日报`
//! (a site republishing its newspaper names both), `Xinhua | Updated: …` →
//! `Xinhua`, `防城港日报 版权所有：防城港日报社` → `防城港日报`.

use std::sync::LazyLock;

use regex::Regex;

use super::text::{char_len, has_cjk};

/// Longest plausible outlet name.
const MAX_SOURCE: usize = 40;

/// Characters that end a source value (site-channel separators, pipes, tabs).
const SEPARATORS: &[char] = &['|', '｜', '-', '－', '_', '–', '—', '\n', '\t', '\u{3000}'];

/// Dashes between a site and what follows it; kept when a publication follows.
const DASHES: &[char] = &['-', '－', '–', '—'];

/// Endings of publication names: `人民日报`, `新华社`, `香港文匯報`.
const PUBLICATION_ENDINGS: &[char] = &['报', '報', '社', '刊'];

/// A copyright notice or an update time that runs on after the source on the
/// same line (`XinhuaUpdated: February 9, 2022`).
static COPYRIGHT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)版权所有|版權所有|版权声明|版權聲明|copyright|©|\(c\)|all rights reserved|未经|未經|updated\s*[:：]",
    )
    .expect("static regex")
});

/// A source name from a value such as `人民网-文化频道 原创稿` or `Xinhua | Updated`.
pub fn clean_source(value: &str) -> Option<String> {
    let value = value.trim_start_matches(|c: char| c.is_whitespace() || c == '：' || c == ':');
    let value = ["来源", "來源", "Source"]
        .iter()
        .find_map(|label| value.strip_prefix(label))
        .map_or(value, |v| v.trim_start_matches([':', '：', ' ']));
    let value = COPYRIGHT.find(value).map_or(value, |m| &value[..m.start()]);
    let mut end = name_end(value);
    if let Some(two) = value.find("  ") {
        end = end.min(two);
    }
    let mut v = trim_value(&value[..end]);
    if has_cjk(v) {
        v = v.split(' ').next().unwrap_or(v);
        v = drop_publisher(v);
    }
    (!v.is_empty() && char_len(v) <= MAX_SOURCE).then(|| v.to_string())
}

/// Where the outlet's name ends: at the first separator, unless it is a dash
/// followed by a publication (`人民网－人民日报`).
fn name_end(value: &str) -> usize {
    let mut from = 0;
    while let Some(at) = value[from..].find(SEPARATORS).map(|i| from + i) {
        let sep = value[at..].chars().next().expect("found a char");
        let after = &value[at + sep.len_utf8()..];
        if !(DASHES.contains(&sep) && names_publication(after)) {
            return at;
        }
        from = at + sep.len_utf8();
    }
    value.len()
}

/// Whether `text` starts with a publication name (up to the next separator or space).
fn names_publication(text: &str) -> bool {
    let word = text
        .split(|c: char| SEPARATORS.contains(&c) || c.is_whitespace())
        .next()
        .unwrap_or("");
    has_cjk(word) && word.ends_with(PUBLICATION_ENDINGS)
}

/// `防城港日报防城港日报社` (the outlet, then its publisher from a copyright
/// notice run onto the line) → `防城港日报`.
fn drop_publisher(v: &str) -> &str {
    let Some(stem) = v.strip_suffix('社') else {
        return v;
    };
    let half = stem.len() / 2;
    if stem.is_char_boundary(half) && stem[..half] == stem[half..] {
        &v[..half]
    } else {
        v
    }
}

pub fn trim_value(v: &str) -> &str {
    v.trim_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '[' | ']'
                    | '【'
                    | '】'
                    | '('
                    | ')'
                    | '（'
                    | '）'
                    | '|'
                    | '｜'
                    | ','
                    | '，'
                    | ';'
                    | '；'
                    | '：'
                    | ':'
                    | '\u{3000}'
                    | '\u{a0}'
            )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(value: &str) -> Option<String> {
        clean_source(value)
    }

    #[test]
    fn channel_is_cut_but_newspaper_kept() {
        assert_eq!(
            src("来源：人民网-文化频道 原创稿").as_deref(),
            Some("人民网")
        );
        assert_eq!(
            src("人民网－人民日报 原创稿").as_deref(),
            Some("人民网－人民日报")
        );
        assert_eq!(src("新华网-新华社").as_deref(), Some("新华网-新华社"));
        assert_eq!(src("Source: China Daily").as_deref(), Some("China Daily"));
        assert_eq!(
            src("XinhuaUpdated: February 9, 2022").as_deref(),
            Some("Xinhua")
        );
        assert_eq!(
            src("Xinhua | Updated: 2026-01-05").as_deref(),
            Some("Xinhua")
        );
    }

    #[test]
    fn traditional_label() {
        assert_eq!(src("來源：香港文匯報").as_deref(), Some("香港文匯報"));
    }

    #[test]
    fn copyright_running_onto_the_source() {
        assert_eq!(src("滨江日报版权所有").as_deref(), Some("滨江日报"));
        assert_eq!(
            src("滨江日报 版权所有：滨江日报社").as_deref(),
            Some("滨江日报")
        );
        assert_eq!(
            src("滨江日报滨江日报社版权所有").as_deref(),
            Some("滨江日报")
        );
        assert_eq!(src("滨江日报社").as_deref(), Some("滨江日报社"));
        assert_eq!(
            src("Harbor Daily Copyright 2026").as_deref(),
            Some("Harbor Daily")
        );
    }
}
