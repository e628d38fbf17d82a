//! Extraction: page bytes in, article and opening-up highlights out.
//!
//! Everything here is pure: no network, no files, no clock. The pipeline is
//! guard against hostile bytes ([`guard`]) → decode ([`charset`]) → guard
//! against hostile markup → read the article ([`article`] for HTML by the
//! layout table in [`layouts`], [`density`] as the fallback, [`plaintext`] for
//! text; [`body`] and [`trailer`] decide what is body) → find highlights
//! ([`highlights`]). [`dedupe`] gives the key reposts of a statement share.
//!
//! The submodules are private to the `regionwatch-extract` crate; its root
//! (`lib.rs`) re-exports the few items the daemon uses.

mod article;
mod body;
mod byline;
pub(crate) mod charset;
mod compounds;
mod dates;
pub(crate) mod dedupe;
mod density;
mod figures;
pub(crate) mod guard;
pub(crate) mod highlights;
mod layouts;
pub(crate) mod lexicon;
mod masks;
mod model;
pub(crate) mod places;
mod plaintext;
mod present;
mod prune;
mod quiet;
mod resolve;
mod sentences;
mod source_name;
mod speaker;
mod text;
mod trailer;

/// What `build.rs` compiled from the gazetteer (see `build/gazetteer.rs`).
mod generated {
    /// [`super::places`]' English automaton and pattern table.
    pub static PLACES_EN: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/places_en.bin"));
    /// [`super::places`]' Chinese automaton and pattern table.
    pub static PLACES_ZH: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/places_zh.bin"));
}

pub use model::{Article, Extraction, Highlight, Language, Place, Published, Speaker};

/// What is known about a page besides its bytes.
#[derive(Debug, Clone, Default)]
pub struct Hints<'a> {
    /// The page's URL: used for the `url` field, the date in Xinhua URLs, and layout choice.
    pub url: Option<&'a str>,
    /// The HTTP `Content-Type` header, if the page was fetched.
    pub content_type: Option<&'a str>,
    /// A source's own selectors, when its pages defeat the layout table.
    pub overrides: Option<&'a Overrides>,
}

/// Selectors a source configures for its pages; each replaces the reader's own
/// choice of title, date or body element when it matches.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub title: Option<scraper::Selector>,
    pub date: Option<scraper::Selector>,
    pub body: Option<scraper::Selector>,
}

/// Why a page could not be extracted. Each message says what was wrong with the input.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    #[error("the input is empty")]
    Empty,
    #[error("the input looks like binary data ({0}), not a web page or text article")]
    Binary(&'static str),
    #[error("the input is {size} bytes, over the {limit}-byte limit")]
    TooLarge { size: usize, limit: usize },
    #[error("the page nests elements {depth} deep (limit {limit}); refusing to parse it")]
    TooDeep { depth: usize, limit: usize },
    #[error("the page has over {limit} elements; refusing to parse it")]
    TooManyElements { limit: usize },
    #[error("no article text found (layout tried: {0})")]
    NoArticle(String),
}

/// Extracts the article and its highlights from raw page bytes.
pub fn extract(bytes: &[u8], hints: &Hints) -> Result<Extraction, ExtractError> {
    let article = read_article(bytes, hints)?;
    let highlights = highlights::find(&article);
    Ok(Extraction::new(article, highlights))
}

/// Reads the article from raw bytes (HTML or plain text), without highlights.
pub fn read_article(bytes: &[u8], hints: &Hints) -> Result<Article, ExtractError> {
    guard::check_bytes(bytes)?;
    let decoded = charset::decode(bytes, hints.content_type);
    let text = decoded.text.as_ref();
    if plaintext::looks_like_html(text, hints.content_type) {
        let html = prune::without_scripts(text);
        guard::check_markup(&html)?;
        article::from_html(&html, hints)
    } else {
        plaintext::parse(text, hints)
    }
}
