//! Reading a plain-text article: headline line, optional date/source/byline
//! lines, body paragraphs, trailing `Edit:`/`Source:` lines and a site footer.
//!
//! Bodies come either blank-line separated (lines inside a block are joined)
//! or one paragraph per line; trailer and footer lines are judged by the same
//! rules as HTML trailers ([`super::trailer`]).

use super::body::{self, Block};
use super::byline;
use super::text::{char_len, fold, has_cjk, is_space, language_of};
use super::trailer::{self, Fields, LineKind};
use super::{Article, ExtractError, Hints, Published, dates};

/// Header lines (date, source, byline) are looked for among this many lines after the title.
const HEADER_LINES: usize = 4;
/// A date line is short: a date plus a label or a source at most.
const MAX_DATE_LINE: usize = 80;
/// What may remain of a date line once its date is removed (labels, a source).
const MAX_DATE_LINE_REST: usize = 40;

/// Tags whose presence near the start makes a text HTML.
const HTML_MARKERS: &[&str] = &[
    "<!doctype",
    "<html",
    "<head",
    "<body",
    "<meta",
    "<title",
    "<div",
    "<p>",
    "<p ",
    "<span",
    "<article",
    "<section",
    "<table",
    "<h1",
    "<h2",
    "<br",
    "<script",
    "<link",
    "<img",
    "<ul",
    "<a ",
    "<!--",
];

/// Whether `text` is HTML rather than a plain-text article.
pub fn looks_like_html(text: &str, content_type: Option<&str>) -> bool {
    if let Some(ct) = content_type.map(str::to_ascii_lowercase) {
        if ct.contains("html") || ct.contains("xml") {
            return true;
        }
        if ct.starts_with("text/plain") {
            return false;
        }
    }
    let mut end = text.len().min(4096);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = text[..end].to_ascii_lowercase();
    HTML_MARKERS.iter().any(|m| head.contains(m))
}

pub fn parse(text: &str, hints: &Hints) -> Result<Article, ExtractError> {
    let lines: Vec<&str> = text.lines().map(|l| l.trim_matches(is_space)).collect();
    let Some(title_at) = lines.iter().position(|l| !l.is_empty()) else {
        return Err(ExtractError::Empty);
    };
    let title = fold(lines[title_at]);
    let mut fields = Fields::default();
    let mut published = None;
    let body_at = read_header(&lines, title_at + 1, &mut fields, &mut published);

    let got = body::assemble(paragraphs(&lines[body_at..]));
    if got.paragraphs.is_empty() || !title.chars().any(char::is_alphanumeric) {
        return Err(ExtractError::NoArticle("plain-text".into()));
    }
    let mut editors = fields.editors;
    for e in got.fields.editors {
        if !editors.contains(&e) {
            editors.push(e);
        }
    }
    Ok(Article {
        url: hints.url.map(str::to_string),
        title,
        published: published.or_else(|| hints.url.and_then(dates::from_url)),
        source: fields.source.or(got.fields.source),
        editors,
        language: language_of(got.paragraphs.iter().map(String::as_str)),
        paragraphs: got.paragraphs,
        captions: got.captions,
        layout: "plain-text".into(),
    })
}

/// Reads date, source and byline lines after the title; returns where the body starts.
fn read_header(
    lines: &[&str],
    from: usize,
    fields: &mut Fields,
    published: &mut Option<Published>,
) -> usize {
    let mut at = from;
    let mut seen = 0;
    while at < lines.len() && seen < HEADER_LINES {
        let line = lines[at];
        if line.is_empty() {
            at += 1;
            continue;
        }
        let date = date_line(line);
        let kind = trailer::classify(line);
        if date.is_none() && !matches!(kind, LineKind::Fields | LineKind::Noise) {
            break;
        }
        // A date line may carry the source too: `2026年06月07日 09:12  来源：人民网`.
        trailer::read_fields(line, fields);
        if published.is_none() {
            *published = date;
        }
        at += 1;
        seen += 1;
    }
    at
}

/// The date of a line that is (mostly) a date: `2026-02-02`, `Updated: …`.
fn date_line(line: &str) -> Option<Published> {
    if let Some(b) = byline::read(line) {
        return b.published;
    }
    if char_len(line) > MAX_DATE_LINE {
        return None;
    }
    let date = dates::find_in_text(line)?;
    let rest = line
        .chars()
        .filter(|c| !c.is_ascii_digit() && !c.is_whitespace() && !":-/.年月日时分".contains(*c))
        .count();
    (rest <= MAX_DATE_LINE_REST || trailer::classify(line) == LineKind::Fields).then_some(date)
}

/// Body blocks: blank-line separated paragraphs when the text has blank lines
/// between its lines, else one paragraph per line.
fn paragraphs(lines: &[&str]) -> Vec<Block> {
    let first = lines
        .iter()
        .position(|l| !l.is_empty())
        .unwrap_or(lines.len());
    let last = lines
        .iter()
        .rposition(|l| !l.is_empty())
        .map_or(0, |i| i + 1);
    let body = &lines[first..last.max(first)];
    let blank_separated = body.iter().any(|l| l.is_empty())
        && body
            .windows(2)
            .any(|w| !w[0].is_empty() && !w[1].is_empty());
    let mut out = Vec::new();
    if blank_separated {
        let mut cur = String::new();
        for line in body {
            if line.is_empty() {
                flush(&mut cur, &mut out);
            } else if trailer::classify(line) == LineKind::Body {
                join_line(&mut cur, line);
            } else {
                // Editor, source and footer lines are never wrapped into prose.
                flush(&mut cur, &mut out);
                out.push(Block::text(fold(line)));
            }
        }
        flush(&mut cur, &mut out);
    } else {
        out.extend(
            body.iter()
                .filter(|l| !l.is_empty())
                .map(|l| Block::text(fold(l))),
        );
    }
    out
}

/// Joins a wrapped line: a space between Latin words, nothing between ideographs.
fn join_line(cur: &mut String, line: &str) {
    if !cur.is_empty() {
        let cjk_joint = cur
            .chars()
            .last()
            .is_some_and(|c| has_cjk(c.encode_utf8(&mut [0; 4])))
            && line
                .chars()
                .next()
                .is_some_and(|c| has_cjk(c.encode_utf8(&mut [0; 4])));
        if !cjk_joint {
            cur.push(' ');
        }
    }
    cur.push_str(line);
}

fn flush(cur: &mut String, out: &mut Vec<Block>) {
    if !cur.is_empty() {
        out.push(Block::text(fold(cur)));
        cur.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Language;

    #[test]
    fn headline_date_body_trailer() {
        let text = "Ports open wider\n2026-02-02\nFirst paragraph.\nSecond paragraph.\nEdit:He Chuanning Responsible editor:Su Suiyue\nSource:Xinhua\nSpecial statement: contact us.\n";
        let a = parse(text, &Hints::default()).expect("article");
        assert_eq!(a.title, "Ports open wider");
        assert_eq!(
            a.published.map(|p| p.to_rfc3339()).as_deref(),
            Some("2026-02-02")
        );
        assert_eq!(a.paragraphs, ["First paragraph.", "Second paragraph."]);
        assert_eq!(a.editors, ["He Chuanning", "Su Suiyue"]);
        assert_eq!(a.source.as_deref(), Some("Xinhua"));
        assert_eq!(a.language, Language::En);
    }

    #[test]
    fn chinese_header_and_wrapped_blocks() {
        let text = "港口开放再提速\n2026年3月5日 10:00\n来源：人民日报\n\n今年以来，港口\n吞吐量持续增长。\n\n外贸企业信心增强。\n\n（责任编辑：王頔）\n";
        let a = parse(text, &Hints::default()).expect("article");
        assert_eq!(
            a.published.map(|p| p.to_rfc3339()).as_deref(),
            Some("2026-03-05T10:00:00+08:00")
        );
        assert_eq!(a.source.as_deref(), Some("人民日报"));
        assert_eq!(
            a.paragraphs,
            ["今年以来，港口吞吐量持续增长。", "外贸企业信心增强。"]
        );
        assert_eq!(a.editors, ["王頔"]);
        assert_eq!(a.language, Language::Zh);
    }

    #[test]
    fn byline_header_gives_date_and_source() {
        let text = "Harbor expands\nBy ZHOU MIN in Ningbo, Zhejiang province | China Daily | Updated: 2026-03-19 08:12\n\nThe harbor grew.\n\nSource: China Daily\n";
        let a = parse(text, &Hints::default()).expect("article");
        assert_eq!(
            a.published.map(|p| p.to_rfc3339()).as_deref(),
            Some("2026-03-19T08:12:00+08:00")
        );
        assert_eq!(a.source.as_deref(), Some("China Daily"));
        assert_eq!(a.paragraphs, ["The harbor grew."]);

        let text = "Harbor expands\nBy Gao Yun (People's Daily Online) 16:20, July 22, 2026\n\nThe harbor grew.\n\n(Web editor: Zhou Qi, Lin Fei)\n";
        let a = parse(text, &Hints::default()).expect("article");
        assert_eq!(a.source.as_deref(), Some("People's Daily Online"));
        assert_eq!(a.editors, ["Zhou Qi", "Lin Fei"]);
        assert_eq!(a.paragraphs, ["The harbor grew."]);
    }

    #[test]
    fn date_line_source_and_print_edition_line() {
        let text = "港口开放\n2026年03月05日08:42 | 来源：人民网－人民日报\n\n\u{3000}\u{3000}港口吞吐量增长。\n\n《 人民日报 》（ 2026年03月05日   第 04 版）\n(责编：王明、李华)\n";
        let a = parse(text, &Hints::default()).expect("article");
        assert_eq!(a.source.as_deref(), Some("人民网－人民日报"));
        assert_eq!(a.editors, ["王明", "李华"]);
        assert_eq!(a.paragraphs, ["港口吞吐量增长。"]);
    }

    #[test]
    fn html_is_recognised() {
        assert!(looks_like_html("<!DOCTYPE html><html>", None));
        assert!(looks_like_html(
            "  <div id=\"detailContent\"><p>x</p></div>",
            None
        ));
        assert!(!looks_like_html("Headline\n2026-02-02\nBody.", None));
        assert!(!looks_like_html(
            "<p>x</p>",
            Some("text/plain; charset=utf-8")
        ));
    }
}
