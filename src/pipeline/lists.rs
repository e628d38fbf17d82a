//! Finding a source's article links: its list page, feed, sitemap or
//! datasource fetched conditionally, parsed only when it changed, and the
//! links remembered so an unchanged list still names its articles; then
//! choosing the links a run takes, the source's backlog first.

use super::{Pipeline, PipelineError, recheck};
use crate::config::{Source, SourceKind};
use crate::discover::{self, Discovered, Link, ListKind, ListRules};
use crate::fetch::Fetched;
use crate::store::{self, ListedLink, PageState};
use std::collections::{HashMap, HashSet};
use url::Url;

/// Child sitemaps followed from one sitemap index.
const MAX_CHILD_SITEMAPS: usize = 20;

impl Pipeline {
    /// The article links a source names now, in list order, without duplicates.
    pub(super) async fn find_links(&self, source: &Source) -> Result<Vec<Link>, PipelineError> {
        let kind = match source.kind {
            SourceKind::Article => {
                let url = discover::canonical_url(&source.url);
                return Ok(vec![Link {
                    url,
                    title: None,
                    published: None,
                    changed: None,
                }]);
            }
            SourceKind::Html => ListKind::Html,
            SourceKind::Feed => ListKind::Feed,
            SourceKind::Sitemap => ListKind::Sitemap,
            SourceKind::XinhuaJson => ListKind::XinhuaJson,
        };
        let mut pages = vec![source.url.clone()];
        let mut seen_pages: HashSet<Url> = pages.iter().cloned().collect();
        let mut seen_links = HashSet::new();
        let mut links = Vec::new();
        let mut i = 0;
        while i < pages.len() {
            let page = pages[i].clone();
            let found = match self.list_page(source, kind, &page).await {
                Ok(found) => found,
                Err(e) if i == 0 => return Err(e),
                Err(e) => {
                    tracing::warn!(source = %source.name, "list page skipped: {e}");
                    i += 1;
                    continue;
                }
            };
            i += 1;
            links.extend(
                found
                    .links
                    .into_iter()
                    .filter(|l| seen_links.insert(l.url.clone())),
            );
            let follow = match kind {
                ListKind::Html => i <= source.pagination_depth as usize,
                ListKind::Sitemap => pages.len() <= MAX_CHILD_SITEMAPS,
                _ => false,
            };
            if follow {
                pages.extend(
                    found
                        .next_pages
                        .into_iter()
                        .filter(|p| seen_pages.insert(p.clone())),
                );
            }
        }
        Ok(links)
    }

    /// The links this run takes, at most `max_articles_per_run`: first the
    /// links waiting in the source's backlog (never stored, in the order found;
    /// the new ones of `links` are queued behind them before anything is
    /// fetched), then the known ones due for a re-check (all of them with
    /// `recheck_all`, and always an `article` source's page), in list order.
    /// What is not taken waits.
    pub(super) async fn links_to_take(
        &self,
        source: &Source,
        source_id: i64,
        links: Vec<Link>,
    ) -> Result<Vec<Link>, PipelineError> {
        let urls: Vec<String> = links.iter().map(|l| l.url.to_string()).collect();
        let waiting = self
            .store
            .call(move |s| s.queue_links(source_id, &urls))
            .await?;
        let queued: HashSet<&str> = waiting.iter().map(String::as_str).collect();
        let (known, in_backlog): (Vec<Link>, Vec<Link>) = links
            .into_iter()
            .partition(|l| !queued.contains(l.url.as_str()));
        let changed: HashMap<String, _> = in_backlog
            .into_iter()
            .map(|l| (l.url.to_string(), l.changed))
            .collect();
        let first = waiting.iter().filter_map(|u| {
            Some(Link {
                url: Url::parse(u).ok()?,
                title: None,
                published: None,
                changed: changed.get(u).copied().flatten(),
            })
        });
        let known = self.due_links(source, known).await?;
        Ok(first
            .chain(known)
            .take(source.max_articles_per_run)
            .collect())
    }

    /// The known links to fetch again now: those the re-check schedule or
    /// their list's change time calls for.
    async fn due_links(
        &self,
        source: &Source,
        known: Vec<Link>,
    ) -> Result<Vec<Link>, PipelineError> {
        if self.recheck_all || source.kind == SourceKind::Article || known.is_empty() {
            return Ok(known);
        }
        let urls: Vec<String> = known.iter().map(|l| l.url.to_string()).collect();
        let times = self.store.call(move |s| s.check_times(&urls)).await?;
        let now = self.now();
        Ok(known
            .into_iter()
            .filter(|l| {
                let changed = l.changed.map(|c| c.to_utc());
                recheck::due(
                    times.get(l.url.as_str()),
                    changed,
                    &source.recheck_after,
                    now,
                )
            })
            .collect())
    }

    /// One list document: parsed when it changed, else its remembered links.
    async fn list_page(
        &self,
        source: &Source,
        kind: ListKind,
        url: &Url,
    ) -> Result<Discovered, PipelineError> {
        let key = url.to_string();
        let state = self
            .store
            .call(move |s| s.page_state(&key))
            .await?
            .unwrap_or_default();
        let page = match self.fetcher.get(url, Some(&state.validators)).await? {
            Fetched::NotModified => return self.remembered(url).await,
            Fetched::Page(page) => page,
        };
        let hash = store::content_hash(&page.bytes);
        if state.content_hash.as_deref() == Some(hash.as_str()) {
            return self.remembered(url).await; // the server ignores validators; the bytes say it
        }
        let rules = OwnedRules::of(source);
        let base = page.final_url.clone();
        let bytes = page.bytes.clone();
        let found = tokio::task::spawn_blocking(move || {
            discover::discover(kind, &bytes, &base, &rules.borrow())
        })
        .await
        .map_err(|e| list_error(url, e.to_string()))?
        .map_err(|e| list_error(url, e.to_string()))?;
        let listed: Vec<ListedLink> = found.links.iter().map(listed_link).collect();
        let new_state = PageState {
            validators: page.validators.clone(),
            content_hash: Some(hash),
            checked_at: None,
        };
        let key = url.to_string();
        self.store
            .call(move |s| s.save_list_page(&key, &new_state, &listed))
            .await?;
        Ok(found)
    }

    async fn remembered(&self, url: &Url) -> Result<Discovered, PipelineError> {
        let key = url.to_string();
        let listed = self.store.call(move |s| s.list_links(&key)).await?;
        let links = listed
            .into_iter()
            .filter_map(|l| {
                Some(Link {
                    url: Url::parse(&l.url).ok()?,
                    title: l.title,
                    published: l.published,
                    changed: l.changed,
                })
            })
            .collect();
        Ok(Discovered {
            links,
            next_pages: Vec::new(),
        })
    }
}

/// A source's link rules, owned so they can move to a blocking thread.
struct OwnedRules {
    links: Option<scraper::Selector>,
    include: Vec<regex::Regex>,
    exclude: Vec<regex::Regex>,
}

impl OwnedRules {
    fn of(source: &Source) -> Self {
        OwnedRules {
            links: source.links.as_ref().map(|s| s.selector().clone()),
            include: source.include.iter().map(|p| p.regex().clone()).collect(),
            exclude: source.exclude.iter().map(|p| p.regex().clone()).collect(),
        }
    }

    fn borrow(&self) -> ListRules<'_> {
        ListRules {
            links: self.links.as_ref(),
            include: &self.include,
            exclude: &self.exclude,
        }
    }
}

fn listed_link(l: &Link) -> ListedLink {
    ListedLink {
        url: l.url.to_string(),
        title: l.title.clone(),
        published: l.published,
        changed: l.changed,
    }
}

fn list_error(url: &Url, message: String) -> PipelineError {
    PipelineError::Page {
        url: url.to_string(),
        message,
    }
}
