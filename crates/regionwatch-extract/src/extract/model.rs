//! The data extraction produces: an [`Article`] read from a page, and the
//! [`Extraction`] that `regionwatch extract` prints (article plus highlights).

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

/// Language of an article's body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    En,
    Zh,
}

/// When an article was published: a full timestamp (Beijing time unless the
/// page says otherwise) or only a date when the page gives no time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Published {
    DateTime(DateTime<FixedOffset>),
    Date(NaiveDate),
}

impl Published {
    /// RFC 3339 for a timestamp, `YYYY-MM-DD` for a bare date.
    pub fn to_rfc3339(&self) -> String {
        match self {
            Published::DateTime(dt) => dt.to_rfc3339(),
            Published::Date(d) => d.format("%Y-%m-%d").to_string(),
        }
    }

    /// The calendar date, whatever the precision.
    pub fn date(&self) -> NaiveDate {
        match self {
            Published::DateTime(dt) => dt.date_naive(),
            Published::Date(d) => *d,
        }
    }
}

impl Serialize for Published {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_rfc3339())
    }
}

impl<'de> Deserialize<'de> for Published {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if let Ok(dt) = DateTime::parse_from_rfc3339(&s) {
            return Ok(Published::DateTime(dt));
        }
        NaiveDate::parse_from_str(&s, "%Y-%m-%d")
            .map(Published::Date)
            .map_err(serde::de::Error::custom)
    }
}

/// An article as read from a page, before highlights are looked for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// The page's own URL, when known (given, fetched, or `<link rel=canonical>`).
    pub url: Option<String>,
    pub title: String,
    pub published: Option<Published>,
    /// The news agency or site that carried it ("Xinhua", "新华网").
    pub source: Option<String>,
    pub editors: Vec<String>,
    pub language: Language,
    /// Body paragraphs in reading order, boilerplate removed, whitespace folded.
    pub paragraphs: Vec<String>,
    /// Photo captions, kept apart from the body.
    pub captions: Vec<String>,
    /// Name of the layout rule that read the page (`plain-text` for text input).
    pub layout: String,
}

/// A place named in a highlight, below the province level (city, county, zone, port).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    pub name: String,
    pub code: String,
}

/// Who a highlight's statement is attributed to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Speaker {
    pub name: String,
    pub role: Option<String>,
}

/// One opening-up policy highlight for one province-level region.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Highlight {
    /// English name of the province-level division, as in the gazetteer.
    pub region: String,
    /// Its GB/T 2260 code.
    pub region_code: String,
    pub places: Vec<Place>,
    /// The sentence(s) as written in the article.
    pub text: String,
    pub themes: Vec<String>,
    pub speaker: Option<Speaker>,
    pub figures: Vec<String>,
}

/// What `regionwatch extract` prints for one input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Extraction {
    /// The input this came from (path, `-` or URL); set by the command line.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub file: Option<String>,
    pub url: Option<String>,
    pub title: String,
    pub published: Option<Published>,
    pub source: Option<String>,
    pub editors: Vec<String>,
    pub language: Language,
    /// Paragraphs joined by blank lines.
    pub body: String,
    pub captions: Vec<String>,
    pub layout: String,
    pub highlights: Vec<Highlight>,
}

impl Extraction {
    pub fn new(article: Article, highlights: Vec<Highlight>) -> Self {
        Extraction {
            file: None,
            body: article.paragraphs.join("\n\n"),
            url: article.url,
            title: article.title,
            published: article.published,
            source: article.source,
            editors: article.editors,
            language: article.language,
            captions: article.captions,
            layout: article.layout,
            highlights,
        }
    }
}
