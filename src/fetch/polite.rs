//! Per-host manners: one request in flight per host, a minimum (jittered) delay between
//! the starts of two requests to it, and a remembered "come back later" from `Retry-After`.
//!
//! Delays use tokio's clock so tests can run them on a paused clock. Each host also
//! caches its robots.txt rules (`robots::CachedRules`); `robots_fetch` fills the cache.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};
use tokio::sync::{Mutex as AsyncMutex, MutexGuard as AsyncGuard};
use tokio::time::Instant;
use url::Url;

use super::robots::CachedRules;

/// The key hosts are known by: the host as in the `Host` header (`example.org`,
/// `127.0.0.1:8080`), lowercased by the url crate.
pub fn host_key(url: &Url) -> String {
    let host = url.host_str().unwrap_or_default();
    match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_string(),
    }
}

/// What is known about one host.
#[derive(Debug, Default)]
pub struct Host {
    /// When the last request to this host started; held while a request is in flight.
    gate: AsyncMutex<Option<Instant>>,
    /// robots.txt rules, fetched at most once at a time.
    pub robots: AsyncMutex<Option<CachedRules>>,
    /// Not before this time (a long `Retry-After`).
    backoff: Mutex<Option<SystemTime>>,
}

/// Held while a request to a host is in flight; the next one waits for it.
pub struct Turn<'a> {
    _last_start: AsyncGuard<'a, Option<Instant>>,
}

impl Host {
    /// Waits for this host's turn: until no request to it is in flight and `delay` has
    /// passed since the last one started. The turn lasts until the returned value is dropped.
    pub async fn turn(&self, delay: Duration) -> Turn<'_> {
        let mut last_start = self.gate.lock().await;
        if let Some(ready) = last_start.map(|last| last + delay)
            && ready > Instant::now()
        {
            // Only a deadline still ahead is slept on: tokio's timer fires on
            // whole milliseconds, so even a past deadline would cost up to 1 ms
            // a request (2 s of a 2,000-article run with no delay configured).
            tokio::time::sleep_until(ready).await;
        }
        *last_start = Some(Instant::now());
        Turn {
            _last_start: last_start,
        }
    }

    /// The time before which this host must not be contacted, if still ahead.
    pub fn backoff_until(&self, now: SystemTime) -> Option<SystemTime> {
        let until = (*self.backoff.lock().expect("backoff lock"))?;
        (until > now).then_some(until)
    }

    /// Remembers not to contact this host before `until` (a later time wins).
    pub fn back_off(&self, until: SystemTime) {
        let mut slot = self.backoff.lock().expect("backoff lock");
        if slot.is_none_or(|current| current < until) {
            *slot = Some(until);
        }
    }
}

/// All hosts met so far, shared by the clones of a fetcher.
#[derive(Debug, Default)]
pub struct Hosts {
    by_key: Mutex<HashMap<String, Arc<Host>>>,
}

impl Hosts {
    /// The state of host `key`, created on first use.
    pub fn get(&self, key: &str) -> Arc<Host> {
        let mut map = self.by_key.lock().expect("hosts lock");
        Arc::clone(map.entry(key.to_string()).or_default())
    }

    /// Every host with a backoff still ahead of `now`, sorted by host.
    pub fn backoffs(&self, now: SystemTime) -> Vec<(String, SystemTime)> {
        let map = self.by_key.lock().expect("hosts lock");
        let mut list: Vec<_> = map
            .iter()
            .filter_map(|(key, host)| Some((key.clone(), host.backoff_until(now)?)))
            .collect();
        list.sort();
        list
    }
}

/// `min_delay × (1 ± jitter·random)`, `random` in 0..1; never negative.
pub fn jittered(min_delay: Duration, jitter: f64, random: f64) -> Duration {
    let factor = 1.0 + jitter.clamp(0.0, 1.0) * (2.0 * random.clamp(0.0, 1.0) - 1.0);
    min_delay.mul_f64(factor.max(0.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DELAY: Duration = Duration::from_secs(1);

    #[tokio::test(start_paused = true)]
    async fn requests_to_one_host_start_a_delay_apart_and_never_overlap() {
        let host = Arc::new(Host::default());
        let t0 = Instant::now();
        let mut tasks = Vec::new();
        for _ in 0..3 {
            let host = Arc::clone(&host);
            tasks.push(tokio::spawn(async move {
                let _turn = host.turn(DELAY).await;
                let started = Instant::now();
                // The "request" takes 300 ms; nobody else may start meanwhile.
                tokio::time::sleep(Duration::from_millis(300)).await;
                (started, Instant::now())
            }));
        }
        let mut spans = Vec::new();
        for task in tasks {
            spans.push(task.await.unwrap());
        }
        spans.sort();
        assert_eq!(spans[0].0, t0, "the first request does not wait");
        for pair in spans.windows(2) {
            assert!(pair[1].0 >= pair[0].0 + DELAY, "{spans:?}");
            assert!(pair[1].0 >= pair[0].1, "overlap: {spans:?}");
        }
    }

    #[tokio::test(start_paused = true)]
    async fn different_hosts_do_not_wait_for_each_other() {
        let hosts = Hosts::default();
        let (a, b) = (hosts.get("a.example"), hosts.get("b.example"));
        let t0 = Instant::now();
        let first = a.turn(DELAY).await;
        let _other = b.turn(DELAY).await;
        assert_eq!(Instant::now(), t0);
        drop(first);
        let _again = a.turn(DELAY).await;
        assert_eq!(Instant::now(), t0 + DELAY);
    }

    #[tokio::test(start_paused = true)]
    async fn a_zero_delay_never_waits() {
        let host = Host::default();
        let t0 = Instant::now();
        for _ in 0..5 {
            drop(host.turn(Duration::ZERO).await);
        }
        assert_eq!(Instant::now(), t0);
    }

    #[test]
    fn jitter_spreads_the_delay_both_ways() {
        assert_eq!(jittered(DELAY, 0.5, 0.0), Duration::from_millis(500));
        assert_eq!(jittered(DELAY, 0.5, 0.5), DELAY);
        assert_eq!(jittered(DELAY, 0.5, 1.0), Duration::from_millis(1500));
        assert_eq!(jittered(DELAY, 0.0, 0.9), DELAY);
        assert_eq!(jittered(Duration::ZERO, 0.5, 0.9), Duration::ZERO);
    }

    #[test]
    fn backoffs_are_kept_per_host_and_expire() {
        let hosts = Hosts::default();
        let now = SystemTime::now();
        let later = now + Duration::from_secs(120);
        hosts.get("slow.example").back_off(later);
        hosts
            .get("slow.example")
            .back_off(now + Duration::from_secs(5));
        hosts
            .get("past.example")
            .back_off(now - Duration::from_secs(5));
        assert_eq!(
            hosts.backoffs(now),
            vec![("slow.example".to_string(), later)]
        );
        assert_eq!(hosts.get("slow.example").backoff_until(later), None);
    }

    #[test]
    fn host_keys_keep_explicit_ports() {
        let key = |u: &str| host_key(&Url::parse(u).unwrap());
        assert_eq!(key("https://English.News.cn/x"), "english.news.cn");
        assert_eq!(key("http://127.0.0.1:8080/x"), "127.0.0.1:8080");
        assert_eq!(key("http://example.org:80/x"), "example.org");
    }
}
