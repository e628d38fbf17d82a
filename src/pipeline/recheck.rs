//! Which known articles a run fetches again: a pure decision over the times
//! the store keeps per URL ([`CheckTimes`]). News articles rarely change after
//! their first hours, so a stored article is fetched again only when one of
//! its source's re-check points (hours after it was first seen) has passed
//! since its last check, or when its list says it changed after what the list
//! said at that check. A URL never checked is fetched.

use crate::store::CheckTimes;
use chrono::{DateTime, Utc};
use std::time::Duration;

/// Whether a known article is due to be fetched again at `now`.
/// `after` is the source's `recheck_after` (increasing); `list_changed` what
/// its list says now of the article's last change.
pub fn due(
    times: Option<&CheckTimes>,
    list_changed: Option<DateTime<Utc>>,
    after: &[Duration],
    now: DateTime<Utc>,
) -> bool {
    let Some(t) = times else {
        return true;
    };
    // Compared with what the list said before, not with our own clock: a
    // server's clock or time zone may be off by hours.
    if let Some(changed) = list_changed
        && changed > t.list_changed.unwrap_or(t.checked_at)
    {
        return true;
    }
    after.iter().any(|&offset| {
        let point = chrono::Duration::from_std(offset)
            .ok()
            .and_then(|d| t.first_seen.checked_add_signed(d));
        point.is_some_and(|point| point <= now && t.checked_at < point)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    const H: u64 = 3600;

    fn at(hours: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap() + chrono::Duration::hours(hours)
    }

    fn times(first: i64, checked: i64, list: Option<i64>) -> CheckTimes {
        CheckTimes {
            first_seen: at(first),
            checked_at: at(checked),
            list_changed: list.map(at),
        }
    }

    fn schedule() -> Vec<Duration> {
        [1, 6, 24].map(|h| Duration::from_secs(h * H)).to_vec()
    }

    #[test]
    fn a_url_never_checked_is_due() {
        assert!(due(None, None, &schedule(), at(0)));
    }

    #[test]
    fn each_recheck_point_fetches_once_then_never_again() {
        let s = schedule();
        assert!(!due(Some(&times(0, 0, None)), None, &s, at(0)));
        assert!(due(Some(&times(0, 0, None)), None, &s, at(1)));
        assert!(!due(Some(&times(0, 1, None)), None, &s, at(5)));
        assert!(due(Some(&times(0, 1, None)), None, &s, at(7)));
        // Runs missed two points: one fetch covers both.
        assert!(due(Some(&times(0, 0, None)), None, &s, at(30)));
        assert!(!due(Some(&times(0, 30, None)), None, &s, at(31)));
        assert!(!due(Some(&times(0, 24, None)), None, &s, at(24 * 365)));
    }

    #[test]
    fn an_empty_schedule_never_fetches_on_time_alone() {
        assert!(!due(Some(&times(0, 0, None)), None, &[], at(1000)));
    }

    #[test]
    fn a_newer_list_time_than_at_the_last_check_fetches() {
        let s = schedule();
        let checked = times(0, 30, Some(-2));
        assert!(!due(Some(&checked), Some(at(-2)), &s, at(40)));
        assert!(due(Some(&checked), Some(at(35)), &s, at(40)));
        // A server clock hours ahead does not make every run fetch.
        let ahead = times(0, 30, Some(38));
        assert!(!due(Some(&ahead), Some(at(38)), &s, at(31)));
        // Nothing stored from the list: a time after the last check counts.
        assert!(!due(Some(&times(0, 30, None)), Some(at(10)), &s, at(40)));
        assert!(due(Some(&times(0, 30, None)), Some(at(39)), &s, at(40)));
    }
}
