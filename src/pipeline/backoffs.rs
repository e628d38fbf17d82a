//! The hosts that asked to be left alone (a `Retry-After` on a list, feed,
//! sitemap or robots.txt), with the configured sources each one stops, for
//! `status` and `/metrics`. A host is matched to a source by the source's own
//! URL, the one whose fetch a host backoff fails: the configured sources given,
//! and those the database knows (every source that ran).

use crate::config::Source;
use crate::fetch::host_key;
use crate::store::{Store, StoreError};
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

/// A host backoff still ahead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActiveBackoff {
    /// As the fetcher keys hosts: `example.org`, `127.0.0.1:8080`.
    pub host: String,
    pub until: DateTime<Utc>,
    /// The sources whose URL is on that host, by name.
    pub sources: Vec<String>,
}

/// Every host backoff still ahead, by host, with the sources it stops among
/// `configured` and those stored (a configured source's URL wins).
pub fn active_backoffs(
    store: &Store,
    configured: &[Source],
) -> Result<Vec<ActiveBackoff>, StoreError> {
    let backoffs = store.host_backoffs()?;
    if backoffs.is_empty() {
        return Ok(Vec::new());
    }
    let mut hosts: BTreeMap<String, String> = BTreeMap::new();
    for s in store.source_status()? {
        if let Ok(url) = url::Url::parse(&s.url) {
            hosts.insert(s.name, host_key(&url));
        }
    }
    for s in configured {
        hosts.insert(s.name.clone(), host_key(&s.url));
    }
    Ok(backoffs
        .into_iter()
        .map(|(host, until)| ActiveBackoff {
            sources: hosts
                .iter()
                .filter(|(_, h)| **h == host)
                .map(|(name, _)| name.clone())
                .collect(),
            host,
            until,
        })
        .collect())
}
