//! Pure slot arithmetic: what the engine is given, which slot a tick belongs to,
//! which slot was missed while the daemon was down, and when a zone's UTC
//! offset next changes (the instants at which the engine's jobs are rebuilt).

use chrono::{DateTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;
use croner::Cron;
use croner::parser::{CronParser, Seconds, Year};

use crate::config::Schedule;

/// How far (in days) [`next_offset_change`] looks ahead; zones change at least
/// yearly when they change at all.
const OFFSET_HORIZON_DAYS: i64 = 400;

/// The schedule compiled with croner exactly as the config reads it (day-of-month
/// OR day-of-week). `config::Schedule` validated the text, so this cannot fail.
pub(crate) fn compile(schedule: &Schedule) -> Cron {
    CronParser::builder()
        .seconds(Seconds::Optional)
        .year(Year::Disallowed)
        .build()
        .parse(schedule.as_str())
        .expect("config::Schedule only holds expressions croner parses")
}

/// The 6-field expressions to register with tokio-cron-scheduler for `schedule`.
///
/// The engine needs seconds, so a 5-field expression gets `0` in front. It also
/// ANDs day-of-month and day-of-week where the config (standard cron) ORs them:
/// when both are restricted the schedule becomes two engine jobs, one with the
/// day-of-month list and any weekday, one with any day of month and the weekday
/// list. Their union is the OR; a day matching both fires both, and the job's
/// slot memory runs that slot once.
pub fn engine_patterns(schedule: &Schedule) -> Vec<String> {
    let mut fields: Vec<&str> = schedule.as_str().split_whitespace().collect();
    if fields.len() == 5 {
        fields.insert(0, "0");
    }
    let restricted = |field: &str| field != "*" && field != "?";
    if !(restricted(fields[3]) && restricted(fields[5])) {
        return vec![fields.join(" ")];
    }
    let with = |index: usize| {
        let mut one = fields.clone();
        one[index] = "*";
        one.join(" ")
    };
    vec![with(5), with(3)]
}

/// The slot a tick at `now` belongs to: the latest slot at or before `now`, if
/// it is at most `tolerance` old. `None` means no slot explains the tick (for
/// example a tick placed with a stale UTC offset), and it must not run.
pub fn slot_for_tick(
    cron: &Cron,
    timezone: Tz,
    now: DateTime<Utc>,
    tolerance: chrono::Duration,
) -> Option<DateTime<Utc>> {
    let slot = latest_slot(cron, timezone, now)?;
    (now - slot <= tolerance).then_some(slot)
}

/// The latest slot at or before `now`.
pub(crate) fn latest_slot(cron: &Cron, timezone: Tz, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    cron.find_previous_occurrence(&now.with_timezone(&timezone), true)
        .ok()
        .map(|slot| slot.with_timezone(&Utc))
}

/// The slot to catch up at start: the latest slot at or before `now` when it
/// is later than the last slot handled. Several missed slots give one run (the
/// latest); a job never handled gives none (nothing is known to be missed).
pub fn missed_slot(
    schedule: &Schedule,
    last: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    let latest = latest_slot(&compile(schedule), schedule.timezone(), now)?;
    (latest > last?).then_some(latest)
}

/// The first instant after `after` at which `timezone`'s UTC offset differs
/// from its offset at `after`, to the second; `None` if it does not change in
/// the next ~13 months.
pub fn next_offset_change(timezone: Tz, after: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let offset_at = |t: DateTime<Utc>| timezone.offset_from_utc_datetime(&t.naive_utc()).fix();
    let start = offset_at(after);
    let day = chrono::Duration::days(1);
    let mut low = after;
    let mut high = (1..=OFFSET_HORIZON_DAYS)
        .map(|days| after + day * days as i32)
        .find(|t| offset_at(*t) != start)?;
    // Changes are at least a day apart, so [low, high] holds exactly one.
    while high - low > chrono::Duration::seconds(1) {
        let middle = low + (high - low) / 2;
        if offset_at(middle) == start {
            low = middle;
        } else {
            high = middle;
        }
    }
    // Offsets change on whole seconds: the change is the first whole second after `low`.
    DateTime::from_timestamp(low.timestamp() + 1, 0)
}
