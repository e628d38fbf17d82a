//! Reading an article from HTML by layout rules. (Scaffold.)

use super::{Article, ExtractError, Hints, Language};

pub fn from_html(html: &str, hints: &Hints) -> Result<Article, ExtractError> {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse("p").expect("static selector");
    let paragraphs: Vec<String> = doc
        .select(&sel)
        .map(|p| p.text().collect::<String>().trim().to_string())
        .filter(|t| !t.is_empty())
        .collect();
    if paragraphs.is_empty() {
        return Err(ExtractError::NoArticle("scaffold".into()));
    }
    Ok(Article {
        url: hints.url.map(str::to_string),
        title: String::new(),
        published: None,
        source: None,
        editors: vec![],
        language: Language::En,
        paragraphs,
        captions: vec![],
        layout: "scaffold".into(),
    })
}
