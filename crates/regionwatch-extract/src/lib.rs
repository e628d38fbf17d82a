//! regionwatch-extract: China's regional opening-up highlights from news pages.
//!
//! Pure extraction, bytes in and data out: no network, no files, no clock, and
//! no I/O stack among the dependencies (no tokio, reqwest, rusqlite or lettre).
//! The regionwatch daemon fetches, stores and mails; this crate reads a page
//! and says what it announces for which province-level region. It is usable by
//! itself, as `regionwatch extract` uses it.
//!
//! - [`extract`] reads a page (HTML in any charset, or plain text) into an
//!   [`Article`] and finds its [`Highlight`]s; [`read_article`] stops at the
//!   article, [`find_highlights`] does the second half.
//! - [`Gazetteer`]: China's administrative divisions (GB/T 2260), compiled in.
//! - Text helpers the daemon shares with extraction: [`decode`] (charset
//!   detection), [`check_bytes`] and [`check_markup`] (refusing hostile input
//!   before parsing), [`sentence_key`] (the key reposts of one statement share),
//!   and [`THEMES`], the opening-up themes a highlight is tagged with.
//!
//! Inside, `extract/` holds the reader and the highlight rules and `gazetteer/`
//! the place data; both are private, so this page is the whole API.
//!
//! ```
//! use regionwatch_extract::{Hints, Language, extract};
//!
//! let page = "Hainan port opens to foreign shipping lines\n\n\
//!     HAIKOU, March 18 (Xinhua) -- Hainan will cut tariffs to zero on more \
//!     imported goods and open its free trade port to foreign investors, \
//!     the provincial government said on Wednesday.\n";
//! let extraction = extract(page.as_bytes(), &Hints::default())?;
//! assert_eq!(extraction.language, Language::En);
//! let regions: Vec<&str> = extraction.highlights.iter().map(|h| h.region.as_str()).collect();
//! assert_eq!(regions, ["Hainan"]);
//! # Ok::<(), regionwatch_extract::ExtractError>(())
//! ```

mod extract;
mod gazetteer;

pub use extract::charset::{Decoded, decode};
pub use extract::dedupe::sentence_key;
pub use extract::guard::{MAX_BYTES, MAX_DEPTH, MAX_ELEMENTS, check_bytes, check_markup};
pub use extract::highlights::find as find_highlights;
pub use extract::lexicon::THEMES;
pub use extract::{
    Article, ExtractError, Extraction, Highlight, Hints, Language, Overrides, Place, Published,
    Speaker, extract, read_article,
};
pub use gazetteer::{Gazetteer, Level, Unit, UnknownRegion};

/// Loads what every page needs (the gazetteer, the English place names and
/// opening-up terms, then the highlight rules' patterns) now rather than
/// on the first page: call it on another thread while the first page is being
/// read, as `regionwatch extract` does.
pub fn warm_up() {
    extract::places::PlaceMatcher::warm_english();
    extract::lexicon::signals("");
    extract::highlights::warm_rules();
}
