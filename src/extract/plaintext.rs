//! Reading a plain-text article. (Scaffold.)

use super::{Article, ExtractError, Hints, Language};

pub fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .chars()
        .take(2048)
        .collect::<String>()
        .to_ascii_lowercase();
    head.contains("<html") || head.contains("<body") || head.contains("<div") || head.contains("<p")
}

pub fn parse(text: &str, hints: &Hints) -> Result<Article, ExtractError> {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let title = lines.next().unwrap_or_default().to_string();
    let paragraphs: Vec<String> = lines.map(str::to_string).collect();
    Ok(Article {
        url: hints.url.map(str::to_string),
        title,
        published: None,
        source: None,
        editors: vec![],
        language: Language::En,
        paragraphs,
        captions: vec![],
        layout: "plain-text".into(),
    })
}
