//! Refreshing a source's articles: each fetched conditionally, one host
//! request at a time (the fetcher's manners), while extraction and storing
//! run beside it on the blocking threads, one extraction per core. A page
//! that fails stays in the source's backlog when a later run may read it
//! (a timeout, a 5xx, a 429), and is given up when not (a 404, a hostile page).

use super::{Pipeline, PipelineError, SourceReport};
use crate::config::ExtractionOverrides;
use crate::config::Source;
use crate::discover::Link;
use crate::fetch::{Fetched, Page};
use crate::store::{NewArticle, PackedPage, SaveOutcome};
use chrono::{DateTime, Utc};
use regionwatch_extract::{Hints, Overrides, extract};
use std::sync::Arc;
use tokio::sync::OwnedSemaphorePermit;
use tokio::task::JoinSet;

/// Pages of one source extracted or being extracted but not yet stored: a
/// bound on the memory they hold when the database falls behind.
const MAX_UNSAVED: usize = 8;

impl Pipeline {
    /// Fetches, extracts and stores `links`, counting what happened in `report`.
    /// Each failure is logged with its URL and counted; the first is returned.
    pub(super) async fn refresh_articles(
        &self,
        source: &Source,
        source_id: i64,
        links: &[Link],
        report: &mut SourceReport,
    ) -> Option<PipelineError> {
        let mut first_failure = None;
        let mut saving = JoinSet::new();
        let overrides = Arc::new(overrides_of(&source.extraction));
        for link in links {
            match self.fetch_article(link).await {
                Ok(Fetched::NotModified) => {
                    report.unchanged += 1;
                    self.record_check(link).await;
                }
                Ok(Fetched::Page(page)) => {
                    while saving.len() >= MAX_UNSAVED {
                        let done = saving.join_next().await.expect("not empty");
                        self.settle_saved(source, source_id, done, report, &mut first_failure)
                            .await;
                    }
                    let permit = self
                        .extract_slots
                        .clone()
                        .acquire_owned()
                        .await
                        .expect("never closed");
                    let (pipeline, link) = (self.clone(), link.clone());
                    let overrides = overrides.clone();
                    saving.spawn(async move {
                        let outcome = pipeline
                            .extract_and_save(source_id, overrides, &link, page, permit)
                            .await;
                        (link, outcome)
                    });
                }
                Err(e) => {
                    tracing::warn!(source = %source.name, url = %link.url, "article skipped: {e}");
                    report.page_failed(e.to_string());
                    self.settle_failure(source_id, link, &e).await;
                    first_failure.get_or_insert(e);
                }
            }
        }
        while let Some(done) = saving.join_next().await {
            self.settle_saved(source, source_id, done, report, &mut first_failure)
                .await;
        }
        first_failure
    }

    /// Counts one extracted-and-stored page in `report`, or logs and settles its failure.
    async fn settle_saved(
        &self,
        source: &Source,
        source_id: i64,
        done: Result<(Link, Result<SaveOutcome, PipelineError>), tokio::task::JoinError>,
        report: &mut SourceReport,
        first_failure: &mut Option<PipelineError>,
    ) {
        match done {
            Ok((_, Ok(outcome))) => report.count(&outcome),
            Ok((link, Err(e))) => {
                tracing::warn!(source = %source.name, url = %link.url, "article failed: {e}");
                report.page_failed(e.to_string());
                self.settle_failure(source_id, &link, &e).await;
                first_failure.get_or_insert(e);
            }
            Err(e) => {
                tracing::error!(source = %source.name, "an article's extraction panicked: {e}");
                report.page_failed(format!("an article's extraction panicked: {e}"));
            }
        }
    }

    /// GETs an article, conditionally when it was stored before. It is one
    /// page of its host: a 429 with a long `Retry-After` fails it alone.
    async fn fetch_article(&self, link: &Link) -> Result<Fetched, PipelineError> {
        let key = link.url.to_string();
        let state = self.store.call(move |s| s.page_state(&key)).await?;
        let validators = state.map(|s| s.validators);
        Ok(self
            .fetcher
            .get_page(&link.url, validators.as_ref())
            .await?)
    }

    /// Keeps a failed link waiting (at the back of the backlog) when a later
    /// run may read it, else gives it up and records the check, so it is tried
    /// again only like a known article. A link that is not waiting (a known
    /// article re-checked) is left as it is.
    async fn settle_failure(&self, source_id: i64, link: &Link, error: &PipelineError) {
        let later = error.may_pass_later();
        let (url, now, changed) = (link.url.to_string(), self.now(), list_changed(link));
        let settled = self
            .store
            .call(move |s| {
                if later {
                    s.retry_link_later(source_id, &url)
                } else {
                    s.give_up_link(source_id, &url)?;
                    s.record_check(&url, now, changed)
                }
            })
            .await;
        if let Err(e) = settled {
            // The link stays waiting where it was: tried again, not lost.
            tracing::warn!("could not update the backlog: {e}");
        }
    }

    /// Records that `link` answered 304 now. A failure only means the
    /// article is fetched again (conditionally) sooner than needed.
    async fn record_check(&self, link: &Link) {
        let (url, now, changed) = (link.url.to_string(), self.now(), list_changed(link));
        let recorded = self
            .store
            .call(move |s| s.record_check(&url, now, changed))
            .await;
        if let Err(e) = recorded {
            tracing::warn!(url = %link.url, "could not record the article's check: {e}");
        }
    }

    /// Extracts a fetched article off the async threads and stores it.
    async fn extract_and_save(
        &self,
        source_id: i64,
        overrides: Arc<Overrides>,
        link: &Link,
        page: Page,
        extract_slot: OwnedSemaphorePermit,
    ) -> Result<SaveOutcome, PipelineError> {
        let canonical_url = link.url.to_string();
        let (seen_at, list_changed) = (self.now(), list_changed(link));
        let page = std::sync::Arc::new(page);
        let for_extraction = page.clone();
        let overrides = overrides.clone();
        let extracted = tokio::task::spawn_blocking(move || {
            let p = &*for_extraction;
            let hints = Hints {
                url: Some(p.final_url.as_str()),
                content_type: p.content_type.as_deref(),
                overrides: Some(&overrides),
            };
            // Compressing here, beside extraction, keeps it off the database's single lane.
            extract(&p.bytes, &hints).map(|x| (x, PackedPage::pack(&p.bytes)))
        })
        .await;
        // The slot is for the CPU work: waiting for the database's one lane
        // with it held left a core idle (issue 11).
        drop(extract_slot);
        let (extraction, packed) = extracted
            .map_err(|e| PipelineError::Page {
                url: canonical_url.clone(),
                message: format!("extraction panicked: {e}"),
            })?
            .map_err(|e| PipelineError::Page {
                url: canonical_url.clone(),
                message: e.to_string(),
            })?;
        let saved = self
            .store
            .call(move |s| {
                s.save_article(&NewArticle {
                    source_id: Some(source_id),
                    canonical_url: &canonical_url,
                    fetched_url: page.final_url.as_str(),
                    content_type: page.content_type.as_deref(),
                    extraction: &extraction,
                    raw_page: packed,
                    validators: page.validators.clone(),
                    seen_at,
                    list_changed,
                })
            })
            .await?;
        Ok(saved)
    }
}

fn list_changed(link: &Link) -> Option<DateTime<Utc>> {
    link.changed.map(|c| c.to_utc())
}

/// The extractor's form of a source's `[sources.extraction]` selectors.
pub fn overrides_of(config: &ExtractionOverrides) -> Overrides {
    Overrides {
        title: config.title.as_ref().map(|s| s.selector().clone()),
        date: config.date.as_ref().map(|s| s.selector().clone()),
        body: config.body.as_ref().map(|s| s.selector().clone()),
    }
}
