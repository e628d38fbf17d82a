//! When to try again and how long to wait: which failures are worth a retry, the
//! exponential backoff between attempts and the server's own `Retry-After`.

use std::time::{Duration, SystemTime};

/// The longest `Retry-After` honoured: a server asking for more is asked again tomorrow.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(24 * 60 * 60);

/// Statuses that say "not now" rather than "not this": timeouts, rate limits, server errors.
pub fn is_retryable_status(status: u16) -> bool {
    matches!(status, 408 | 429 | 500..=599)
}

/// The wait before retry number `retry` (1 for the first retry): `base × 2^(retry-1)`,
/// lengthened by up to `jitter` of itself so that many clients do not retry in step.
pub fn backoff(base: Duration, retry: u32, jitter: f64, random: f64) -> Duration {
    let doubled = base.saturating_mul(1u32 << retry.saturating_sub(1).min(16));
    doubled.mul_f64(1.0 + jitter.clamp(0.0, 1.0) * random.clamp(0.0, 1.0))
}

/// A `Retry-After` value as a wait from `now`: delta-seconds or an HTTP date, capped at
/// [`MAX_RETRY_AFTER`]; a date in the past means no wait. `None` if unreadable.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    let wait = if let Ok(seconds) = value.parse::<u64>() {
        Duration::from_secs(seconds)
    } else {
        let date = chrono::DateTime::parse_from_rfc2822(value).ok()?;
        let at = SystemTime::from(date.with_timezone(&chrono::Utc));
        at.duration_since(now).unwrap_or(Duration::ZERO)
    };
    Some(wait.min(MAX_RETRY_AFTER))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_limits_timeouts_and_server_errors_are_retried() {
        for status in [408, 429, 500, 502, 503, 504, 599] {
            assert!(is_retryable_status(status), "{status}");
        }
        for status in [200, 301, 304, 400, 401, 403, 404, 410] {
            assert!(!is_retryable_status(status), "{status}");
        }
    }

    #[test]
    fn backoff_doubles_and_jitter_only_lengthens() {
        let base = Duration::from_secs(1);
        assert_eq!(backoff(base, 1, 0.5, 0.0), Duration::from_secs(1));
        assert_eq!(backoff(base, 2, 0.5, 0.0), Duration::from_secs(2));
        assert_eq!(backoff(base, 3, 0.5, 0.0), Duration::from_secs(4));
        assert_eq!(backoff(base, 3, 0.5, 1.0), Duration::from_secs(6));
        assert_eq!(backoff(base, 2, 0.0, 0.9), Duration::from_secs(2));
    }

    #[test]
    fn retry_after_reads_seconds_and_dates_and_is_capped() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_480); // 2015-10-21 07:28:00 UTC
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:30:00 GMT", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("9999999", now), Some(MAX_RETRY_AFTER));
        assert_eq!(parse_retry_after("soon", now), None);
    }
}
