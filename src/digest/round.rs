//! One digest round, top-down: for each configured recipient, pick the
//! highlights not yet delivered to it (its filters, at most `max_items`),
//! render them, queue the message in the outbox in one transaction; then send
//! everything due. Used by `digest send`, the daemon and the demo.

use super::compose::DigestItems;
use super::deliver::{SendReport, queue_digest, send_pending};
use super::message::default_from;
use super::render::{DigestError, Outlook, Rendered, render_with};
use super::transport::Transport;
use crate::config::{self, Config, Recipient};
use crate::store::{AsyncStore, NewsFilter, Store, StoreError, StoredHighlight};
use chrono::{DateTime, Utc};

/// Sources that found no article in this many runs in a row are named in the digest footer.
pub const SILENT_RUNS: u32 = 5;

/// Why a digest round stopped.
#[derive(Debug, thiserror::Error)]
pub enum RoundError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Render(#[from] DigestError),
    #[error("cannot read the SMTP password: {0}")]
    Password(String),
}

/// What a round did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct RoundReport {
    /// Digests put in the outbox, by recipient address.
    pub queued: Vec<(String, usize)>,
    pub sent: SendReport,
}

impl std::fmt::Display for RoundReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} queued, {} sent, {} to retry, {} failed",
            self.queued.len(),
            self.sent.sent.len(),
            self.sent.retrying.len(),
            self.sent.failed.len()
        )
    }
}

/// Queues every recipient's digest and sends, through `transport`, what is due.
pub async fn compose_and_send(
    config: &Config,
    store: &AsyncStore,
    transport: &Transport,
    now: DateTime<Utc>,
) -> Result<RoundReport, RoundError> {
    let mut report = RoundReport::default();
    let shared = std::sync::Arc::new(config.clone());
    for recipient in &config.recipients {
        let (recipient, config) = (recipient.clone(), shared.clone());
        let queued = store
            .call(move |s| queue_for(s, &config, &recipient, now))
            .await;
        match queued {
            Ok(Some(entry)) => report.queued.push(entry),
            Ok(None) => {}
            Err(e) => tracing::error!("digest not queued: {e}"),
        }
    }
    report.sent = send_pending(store, transport, now).await?;
    Ok(report)
}

/// The transport `[digest].transport` and `[smtp]` describe; the password is read now.
pub fn transport_for(config: &Config) -> Result<Transport, RoundError> {
    let digest = &config.digest;
    Ok(match (digest.transport, &config.smtp) {
        (config::Transport::Smtp, Some(smtp)) => {
            let password = smtp.password();
            let password = password.map_err(|e| RoundError::Password(e.to_string()))?;
            Transport::Smtp(smtp.clone(), password)
        }
        (config::Transport::Sendmail, _) => Transport::Sendmail(digest.sendmail_command.clone()),
        _ => Transport::File(digest.directory.clone()),
    })
}

/// The sender of digests: `[smtp].from`, else a local default (file and sendmail transports).
pub fn sender(config: &Config) -> lettre::message::Mailbox {
    config
        .smtp
        .as_ref()
        .map_or_else(default_from, |s| s.from.clone())
}

/// Queues `recipient`'s digest; `None` when there is nothing new (and empty digests are off).
fn queue_for(
    store: &mut Store,
    config: &Config,
    recipient: &Recipient,
    now: DateTime<Utc>,
) -> Result<Option<(String, usize)>, StoreError> {
    store.note_recipient(&recipient.address(), now)?;
    let selection = next_selection(store, config, recipient)?;
    // Revisions ride along with news; alone they do not make a digest worth sending.
    if selection.news.is_empty() && !config.digest.send_empty {
        return Ok(None);
    }
    // The revised highlights are items of the digest like the news: pending with it, delivered
    // when it is sent, so each goes out once.
    let items: Vec<StoredHighlight> = selection
        .news
        .iter()
        .chain(&selection.revised)
        .cloned()
        .collect();
    let rendered = render_for(store, config, recipient, selection, now)
        .map_err(|e| StoreError::BuildMessage(e.to_string()))?;
    queue_digest(
        store,
        &sender(config),
        &recipient.mailbox,
        &items,
        &rendered,
        now,
    )?;
    Ok(Some((recipient.address(), items.len())))
}

/// What a recipient's next digest carries.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Selection {
    /// The news, in digest order, at most `max_items`.
    pub news: Vec<StoredHighlight>,
    /// With `[digest].include_revised`, the revisions it has not been sent, in the room
    /// `max_items` leaves after the news; empty otherwise.
    pub revised: Vec<StoredHighlight>,
    /// How many more (news and included revisions) wait past `max_items`.
    pub more: usize,
}

/// The highlights that are news to `recipient` (see [`crate::store::NewsFilter`]): matching its
/// filters, not sent to it, not revisions, and for its first digest not older than one
/// lookback before it was first seen (a dry run treats an unrecorded recipient as seen now).
/// In digest order, at most `max_items`.
pub fn next_items(
    store: &Store,
    config: &Config,
    recipient: &Recipient,
) -> Result<Vec<StoredHighlight>, StoreError> {
    Ok(next_selection(store, config, recipient)?.news)
}

/// [`next_items`], the revisions when `[digest].include_revised` is on (same filters, within
/// the same `max_items`, after the news), and how many more wait for the next digest.
pub fn next_selection(
    store: &Store,
    config: &Config,
    recipient: &Recipient,
) -> Result<Selection, StoreError> {
    let address = recipient.address();
    let first_seen = store
        .recipient_first_seen(&address)?
        .unwrap_or_else(Utc::now);
    let lookback = chrono::Duration::from_std(config.digest.first_digest_lookback)
        .unwrap_or(chrono::Duration::MAX);
    let filter = filter_of(recipient, first_seen.checked_sub_signed(lookback));
    let max_items = config.digest.max_items;
    let news = store.news_for(&address, &filter, max_items)?;
    let mut more = if news.len() < max_items {
        0
    } else {
        store
            .news_count_for(&address, &filter)?
            .saturating_sub(news.len())
    };
    let mut revised = Vec::new();
    if config.digest.include_revised {
        let room = max_items - news.len();
        revised = store.revised_for(&address, &filter, room)?;
        if revised.len() == room {
            more += store
                .revised_count_for(&address, &filter)?
                .saturating_sub(revised.len());
        }
    }
    Ok(Selection {
        news,
        revised,
        more,
    })
}

/// `recipient`'s regions, themes and sources as a store filter, from `first_seen_from` on.
fn filter_of(recipient: &Recipient, first_seen_from: Option<DateTime<Utc>>) -> NewsFilter {
    NewsFilter {
        regions: recipient.regions.clone(),
        themes: recipient.themes.clone(),
        sources: recipient.sources.clone(),
        first_seen_from,
    }
}

/// Renders `recipient`'s digest of `selection`, with the previous period's counts in the
/// overview and silent sources in the footer.
pub fn render_for(
    store: &Store,
    config: &Config,
    recipient: &Recipient,
    selection: Selection,
    now: DateTime<Utc>,
) -> Result<Rendered, RoundError> {
    let footer_notes = store
        .silent_sources(SILENT_RUNS)?
        .into_iter()
        .map(|name| format!("Source {name} has found no articles in its last {SILENT_RUNS} runs: check its URL and selector."))
        .collect();
    let digest = DigestItems {
        recipient: recipient.mailbox.clone(),
        items: selection.news,
        revised: selection.revised,
        since: None,
        now,
        footer_notes,
    };
    let (from, until) = previous_period(&config.digest, digest.since, now);
    let outlook = Outlook {
        // Counted through the recipient's filters, as its own counts are.
        previous: Some(store.region_counts_matching(from, until, &filter_of(recipient, None))?),
        more: selection.more,
    };
    Ok(render_with(&digest, &config.digest, &outlook)?)
}

/// The period before this digest's, of the same length: this one runs from `since` (else
/// one schedule interval back) to `now`.
fn previous_period(
    settings: &config::DigestSettings,
    since: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> (DateTime<Utc>, DateTime<Utc>) {
    let start = since.unwrap_or_else(|| now - schedule_interval(&settings.schedule, now));
    (start - (now - start), start)
}

/// The time between the schedule's next two firings after `now` (a day for "0 8 * * *");
/// a day when it cannot tell.
fn schedule_interval(schedule: &config::Schedule, now: DateTime<Utc>) -> chrono::TimeDelta {
    let tz = schedule.timezone();
    let first = schedule.next_after(now.with_timezone(&tz));
    let second = first.and_then(|t| schedule.next_after(t));
    match first.zip(second) {
        Some((a, b)) if b > a => b - a,
        _ => chrono::TimeDelta::days(1),
    }
}
