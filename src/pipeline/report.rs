//! What one pass over a source did, for the progress lines, the summary
//! table and the run log.

use crate::store::{RunStats, SaveOutcome};

/// Counts of one source's pass.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SourceReport {
    pub source: String,
    /// Article links the lists named.
    pub links: u32,
    pub new_articles: u32,
    /// Known articles whose content changed and were extracted again.
    pub changed: u32,
    /// Known articles that had not changed (304, or the same content).
    pub unchanged: u32,
    /// New URLs whose content another URL already gave.
    pub duplicates: u32,
    /// Highlights stored for the first time.
    pub highlights: u32,
    /// Links found but not stored yet, waiting in the source's backlog for
    /// the next runs when this one ended (`max_articles_per_run`, or a page
    /// that failed in a way a later try may pass).
    pub waiting: u32,
    /// Pages that could not be fetched or extracted.
    pub errors: u32,
    /// The last of those pages' errors, with its URL.
    pub last_page_error: Option<String>,
    /// Why the whole source failed, if it did.
    pub error: Option<String>,
}

impl SourceReport {
    pub fn new(source: &str) -> Self {
        SourceReport {
            source: source.to_string(),
            ..SourceReport::default()
        }
    }

    /// This report with the whole source marked failed.
    pub fn failed(mut self, error: String) -> Self {
        self.error = Some(error);
        self
    }

    /// Counts a stored article's outcome.
    pub(super) fn count(&mut self, outcome: &SaveOutcome) {
        match outcome {
            SaveOutcome::New { highlights, .. } => {
                self.new_articles += 1;
                self.highlights += highlights.highlights_new;
            }
            SaveOutcome::Changed { highlights, .. } => {
                self.changed += 1;
                self.highlights += highlights.highlights_new;
            }
            SaveOutcome::Unchanged { .. } => self.unchanged += 1,
            SaveOutcome::DuplicateContent { .. } => self.duplicates += 1,
        }
    }

    /// Counts a page that failed, keeping its error as the last one.
    pub(super) fn page_failed(&mut self, error: String) {
        self.errors += 1;
        self.last_page_error = Some(error);
    }

    /// True when the source failed or any of its pages did.
    pub fn has_errors(&self) -> bool {
        self.error.is_some() || self.errors > 0
    }
}

impl From<&SourceReport> for RunStats {
    fn from(r: &SourceReport) -> Self {
        RunStats {
            links_found: r.links,
            new_articles: r.new_articles,
            changed_articles: r.changed,
            highlights_new: r.highlights,
            waiting: r.waiting,
            errors: r.errors + u32::from(r.error.is_some()),
        }
    }
}
