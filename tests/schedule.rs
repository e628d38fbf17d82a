//! Scheduling tests (issues 5 and 13), all but the first three on the real engine.
//!
//! tokio-cron-scheduler reads `chrono::Utc::now()` in its 500 ms loop, so tokio's paused
//! clock cannot drive it. The engine is only given waits, though, so a scheduler whose
//! [`Clock`] reads "now" shifted to two seconds before a daylight saving slot makes the
//! real engine fire that slot two real seconds later; the slot it arms next is then read
//! from the scheduler's events. Every wait is on an event, with a generous timeout.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use regionwatch::config::Schedule;
use regionwatch::schedule::{Clock, Event, JobFn, Scheduler, next_slot};
use regionwatch::store::{AsyncStore, Store};
use tokio::sync::{Semaphore, broadcast, mpsc};

const BERLIN: Tz = chrono_tz::Europe::Berlin;
const NEW_YORK: Tz = chrono_tz::America::New_York;
const SHANGHAI: Tz = chrono_tz::Asia::Shanghai;
/// How long a test waits for an event the engine should give within a second or two.
const PATIENCE: Duration = Duration::from_secs(60);

fn utc(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

fn schedule(text: &str, zone: Tz) -> Schedule {
    Schedule::parse(text, zone).unwrap()
}

/// The slots a scheduler runs, one after the other, from `start`.
fn slots(text: &str, zone: Tz, start: &str, count: usize) -> Vec<DateTime<Utc>> {
    let schedule = schedule(text, zone);
    std::iter::successors(next_slot(&schedule, utc(start)), |slot| {
        next_slot(&schedule, *slot)
    })
    .take(count)
    .collect()
}

fn utcs(texts: &[&str]) -> Vec<DateTime<Utc>> {
    texts.iter().map(|t| utc(t)).collect()
}

/// The wall clock as if it were `at` when made (shifted by whole seconds, so the engine's
/// whole-second bookkeeping lines up with it).
struct ShiftedClock(chrono::Duration);

impl ShiftedClock {
    fn at(at: DateTime<Utc>) -> Arc<dyn Clock> {
        let now = Utc::now().timestamp();
        Arc::new(ShiftedClock(at - DateTime::from_timestamp(now, 0).unwrap()))
    }
}

impl Clock for ShiftedClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now() + self.0
    }
}

/// A job that reports the time of each run (on the real clock), after first taking a
/// permit from `gate` when there is one.
fn reporting_job(gate: Option<Arc<Semaphore>>) -> (JobFn, mpsc::UnboundedReceiver<DateTime<Utc>>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let job: JobFn = Arc::new(move || {
        let (tx, gate) = (tx.clone(), gate.clone());
        Box::pin(async move {
            let _ = tx.send(Utc::now());
            if let Some(gate) = gate {
                gate.acquire().await.unwrap().forget();
            }
        })
    });
    (job, rx)
}

/// The events up to and including the first that `wanted` accepts, within `PATIENCE`.
async fn events_until(
    events: &mut broadcast::Receiver<Event>,
    wanted: impl Fn(&Event) -> bool,
) -> Vec<Event> {
    let mut seen = Vec::new();
    let collect = async {
        loop {
            let event = events.recv().await.expect("the scheduler's events go on");
            let done = wanted(&event);
            seen.push(event);
            if done {
                break;
            }
        }
    };
    if tokio::time::timeout(PATIENCE, collect).await.is_err() {
        panic!("no awaited event in {PATIENCE:?}; saw {seen:?}");
    }
    seen
}

fn pending(events: &mut broadcast::Receiver<Event>) -> Vec<Event> {
    std::iter::from_fn(|| events.try_recv().ok()).collect()
}

fn temp_store() -> (tempfile::TempDir, AsyncStore) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("rw.db")).unwrap();
    (dir, AsyncStore::new(store))
}

#[test]
fn daily_slots_keep_their_wall_clock_time_across_both_changes_of_a_year() {
    // 07:00 CET is 06:00 UTC, 07:00 CEST (from 28 March 2027 to 31 October) 05:00 UTC.
    let berlin = [
        "2027-03-27T06:00:00Z",
        "2027-03-28T05:00:00Z",
        "2027-03-29T05:00:00Z",
    ];
    assert_eq!(
        slots("0 7 * * *", BERLIN, "2027-03-26T12:00:00Z", 3),
        utcs(&berlin)
    );
    let berlin = ["2027-10-30T05:00:00Z", "2027-10-31T06:00:00Z"];
    assert_eq!(
        slots("0 7 * * *", BERLIN, "2027-10-29T12:00:00Z", 2),
        utcs(&berlin)
    );
    // New York: EDT from 14 March 2027 to 7 November.
    let new_york = ["2027-03-13T12:00:00Z", "2027-03-14T11:00:00Z"];
    assert_eq!(
        slots("0 7 * * *", NEW_YORK, "2027-03-12T12:00:00Z", 2),
        utcs(&new_york)
    );
    let new_york = ["2027-11-06T11:00:00Z", "2027-11-07T12:00:00Z"];
    assert_eq!(
        slots("0 7 * * *", NEW_YORK, "2027-11-05T12:00:00Z", 2),
        utcs(&new_york)
    );
}

#[test]
fn slots_next_to_the_changes_follow_croners_rules() {
    // 02:30 does not exist on 28 March in Berlin: it runs at 03:00 CEST, once.
    let gap = [
        "2027-03-27T01:30:00Z",
        "2027-03-28T01:00:00Z",
        "2027-03-29T00:30:00Z",
    ];
    assert_eq!(
        slots("30 2 * * *", BERLIN, "2027-03-26T12:00:00Z", 3),
        utcs(&gap)
    );
    // 01:30, the hour before the gap, runs once that day (croner 3.0 also ran it at 03:00).
    let before = ["2027-03-28T00:30:00Z", "2027-03-28T23:30:00Z"];
    assert_eq!(
        slots("30 1 * * *", BERLIN, "2027-03-27T12:00:00Z", 2),
        utcs(&before)
    );
    // 02:30 comes twice on 31 October in Berlin; a fixed time runs at the first.
    let twice = ["2027-10-31T00:30:00Z", "2027-11-01T01:30:00Z"];
    assert_eq!(
        slots("30 2 * * *", BERLIN, "2027-10-30T12:00:00Z", 2),
        utcs(&twice)
    );
    // New York: 02:30 skipped on 14 March, 01:30 repeated on 7 November.
    let gap = ["2027-03-14T07:00:00Z", "2027-03-15T06:30:00Z"];
    assert_eq!(
        slots("30 2 * * *", NEW_YORK, "2027-03-13T12:00:00Z", 2),
        utcs(&gap)
    );
    let twice = ["2027-11-07T05:30:00Z", "2027-11-08T06:30:00Z"];
    assert_eq!(
        slots("30 1 * * *", NEW_YORK, "2027-11-06T12:00:00Z", 2),
        utcs(&twice)
    );
    // An interval runs in both passes of the repeated hour (01:00 to 02:00 EDT, then EST).
    let both = [
        "2027-11-07T05:00:00Z",
        "2027-11-07T05:30:00Z",
        "2027-11-07T06:00:00Z",
    ];
    assert_eq!(
        slots("*/30 * * * *", NEW_YORK, "2027-11-07T04:45:00Z", 3),
        utcs(&both)
    );
}

#[test]
fn the_config_cron_is_read_as_written() {
    // Day-of-month OR day-of-week, as in standard cron: the 1st (a Thursday) and Mondays.
    let either = [
        "2027-03-29T01:00:00Z",
        "2027-04-01T01:00:00Z",
        "2027-04-05T01:00:00Z",
    ];
    assert_eq!(
        slots("0 9 1 * mon", SHANGHAI, "2027-03-25T00:00:00Z", 3),
        utcs(&either)
    );
    // 6 fields: seconds first.
    let hourly = ["2027-01-10T00:05:30Z", "2027-01-10T01:05:30Z"];
    assert_eq!(
        slots("30 5 * * * *", Tz::UTC, "2027-01-10T00:00:00Z", 2),
        utcs(&hourly)
    );
}

/// The real engine with "now" two seconds before `slot`: the job runs once for it, and the
/// slot armed next is `next` (the next day: a fixed time never runs in a second pass).
async fn runs_once_then_arms(zone: Tz, cron: &str, slot: &str, next: &str) {
    let (slot, next) = (utc(slot), utc(next));
    let clock = ShiftedClock::at(slot - chrono::Duration::seconds(2));
    let mut scheduler = Scheduler::with_clock(clock, None).await.unwrap();
    let (job, mut runs) = reporting_job(None);
    scheduler
        .add("job", schedule(cron, zone), Duration::ZERO, job)
        .unwrap();
    let mut events = scheduler.subscribe();
    scheduler.start().await.unwrap();
    let seen = events_until(&mut events, |e| matches!(e, Event::Finished(..))).await;
    scheduler.shutdown().await.unwrap();
    let job = String::from("job");
    let expected = [
        Event::Armed(job.clone(), slot),
        Event::Armed(job.clone(), next),
        Event::Started(job.clone(), slot),
        Event::Finished(job, slot),
    ];
    assert_eq!(seen, expected);
    assert!(
        runs.try_recv().is_ok() && runs.try_recv().is_err(),
        "one run"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn berlin_spring_forward_runs_a_skipped_slot_at_the_end_of_the_gap() {
    let (slot, next) = ("2027-03-28T01:00:00Z", "2027-03-29T00:30:00Z");
    runs_once_then_arms(BERLIN, "30 2 * * *", slot, next).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn berlin_spring_forward_runs_the_hour_before_the_gap_once() {
    let (slot, next) = ("2027-03-28T00:30:00Z", "2027-03-28T23:30:00Z");
    runs_once_then_arms(BERLIN, "30 1 * * *", slot, next).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn berlin_fall_back_runs_a_repeated_slot_once() {
    let (slot, next) = ("2027-10-31T00:30:00Z", "2027-11-01T01:30:00Z");
    runs_once_then_arms(BERLIN, "30 2 * * *", slot, next).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn new_york_spring_forward_runs_a_skipped_slot_at_the_end_of_the_gap() {
    let (slot, next) = ("2027-03-14T07:00:00Z", "2027-03-15T06:30:00Z");
    runs_once_then_arms(NEW_YORK, "30 2 * * *", slot, next).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn new_york_fall_back_runs_a_repeated_slot_once() {
    let (slot, next) = ("2027-11-07T05:30:00Z", "2027-11-08T06:30:00Z");
    runs_once_then_arms(NEW_YORK, "30 1 * * *", slot, next).await;
}

/// A scheduler for `digest` at 07:00 Shanghai on the store, "now" at `now`, started.
async fn start_digest(store: &AsyncStore, now: &str) -> (Scheduler, broadcast::Receiver<Event>) {
    let clock = ShiftedClock::at(utc(now));
    let mut scheduler = Scheduler::with_clock(clock, Some(store.clone()))
        .await
        .unwrap();
    let (job, _) = reporting_job(None);
    let daily = schedule("0 7 * * *", SHANGHAI);
    scheduler.add("digest", daily, Duration::ZERO, job).unwrap();
    let events = scheduler.subscribe();
    scheduler.start().await.unwrap();
    (scheduler, events)
}

fn is_near(t: DateTime<Utc>, at: &str) -> bool {
    let late = t - utc(at);
    late >= chrono::Duration::zero() && late < chrono::Duration::seconds(30)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn missed_slots_run_once_at_start_and_a_restart_has_nothing_to_catch_up() {
    let (_dir, store) = temp_store();
    // Last handled: 07:00 Shanghai on 10 January; the daemon comes back at noon on the 13th.
    let last = utc("2027-01-09T23:00:00Z");
    store
        .call(move |s| s.record_job_slot("digest", last))
        .await
        .unwrap();
    let (mut scheduler, mut events) = start_digest(&store, "2027-01-13T04:00:00Z").await;
    let seen = events_until(&mut events, |e| matches!(e, Event::Finished(..))).await;
    scheduler.shutdown().await.unwrap();
    let [
        Event::Armed(_, now),
        Event::Armed(_, next),
        Event::Started(_, ran),
        Event::Finished(..),
    ] = seen.as_slice()
    else {
        panic!("not one catch-up run: {seen:?}");
    };
    assert!(
        is_near(*now, "2027-01-13T04:00:00Z") && ran == now,
        "{seen:?}"
    );
    assert_eq!(*next, utc("2027-01-13T23:00:00Z"));
    let recorded = store.call(|s| s.job_last_slots()).await.unwrap()["digest"];
    assert!(is_near(recorded, "2027-01-13T04:00:00Z"), "{recorded}");

    // An hour later nothing was missed: the next slot is armed, nothing else.
    let (mut again, mut events) = start_digest(&store, "2027-01-13T05:00:00Z").await;
    again.shutdown().await.unwrap();
    let next = Event::Armed("digest".into(), utc("2027-01-13T23:00:00Z"));
    assert_eq!(pending(&mut events), [next]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_job_has_missed_nothing_but_counts_from_its_first_start() {
    let (_dir, store) = temp_store();
    let (mut first, mut events) = start_digest(&store, "2027-01-13T04:00:00Z").await;
    first.shutdown().await.unwrap();
    let next = Event::Armed("digest".into(), utc("2027-01-13T23:00:00Z"));
    assert_eq!(
        pending(&mut events),
        [next],
        "no catch-up for a job never run"
    );
    let recorded = store.call(|s| s.job_last_slots()).await.unwrap()["digest"];
    assert!(is_near(recorded, "2027-01-13T04:00:00Z"), "{recorded}");

    // Down over the next 07:00: one run at start.
    let (mut second, mut events) = start_digest(&store, "2027-01-14T02:00:00Z").await;
    let seen = events_until(&mut events, |e| matches!(e, Event::Finished(..))).await;
    second.shutdown().await.unwrap();
    let started: Vec<_> = seen
        .iter()
        .filter(|e| matches!(e, Event::Started(..)))
        .collect();
    assert!(matches!(started[..], [Event::Started(_, at)] if is_near(*at, "2027-01-14T02:00:00Z")));
}

/// An every-second job on the real clock.
async fn every_second(jitter: Duration, job: JobFn) -> (Scheduler, broadcast::Receiver<Event>) {
    let mut scheduler = Scheduler::new(None).await.unwrap();
    let schedule = schedule("* * * * * *", Tz::UTC);
    scheduler.add("source:a", schedule, jitter, job).unwrap();
    let events = scheduler.subscribe();
    scheduler.start().await.unwrap();
    (scheduler, events)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slot_that_comes_while_the_job_runs_is_skipped_and_reported() {
    let gate = Arc::new(Semaphore::new(0));
    let (job, _runs) = reporting_job(Some(gate.clone()));
    let (mut scheduler, mut events) = every_second(Duration::ZERO, job).await;
    // The first run waits at the gate until a later slot has been skipped.
    let mut seen = events_until(&mut events, |e| matches!(e, Event::SkippedOverlap(..))).await;
    gate.add_permits(1);
    seen.extend(events_until(&mut events, |e| matches!(e, Event::Finished(..))).await);
    gate.add_permits(1000);
    scheduler.shutdown().await.unwrap();
    assert!(scheduler.wait_idle(PATIENCE).await);
    let runs: Vec<_> = seen
        .iter()
        .filter(|e| matches!(e, Event::Started(..) | Event::Finished(..)))
        .collect();
    let [Event::Started(_, first), Event::Finished(_, finished)] = runs[..] else {
        panic!("a second run started beside the first: {seen:?}");
    };
    assert_eq!(first, finished);
    let skipped = seen.iter().find_map(|e| match e {
        Event::SkippedOverlap(_, slot) => Some(*slot),
        _ => None,
    });
    assert!(skipped.is_some_and(|skipped| skipped > *first), "{seen:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jitter_delays_a_run_by_the_delay_it_reports() {
    let (job, mut runs) = reporting_job(None);
    let (mut scheduler, mut events) = every_second(Duration::from_secs(2), job).await;
    let (slot, delay) = loop {
        // A zero delay (1 in 2001) reports nothing: wait for a delayed run.
        let seen = events_until(&mut events, |e| matches!(e, Event::Delayed(..))).await;
        if let Some(Event::Delayed(_, slot, delay)) = seen.last() {
            break (*slot, *delay);
        }
    };
    assert!(delay <= Duration::from_secs(2), "{delay:?}");
    let seen = events_until(&mut events, |e| matches!(e, Event::Started(..))).await;
    assert_eq!(seen.last(), Some(&Event::Started("source:a".into(), slot)));
    let ran = tokio::time::timeout(PATIENCE, runs.recv())
        .await
        .unwrap()
        .unwrap();
    scheduler.shutdown().await.unwrap();
    // The engine never wakes a job before its slot; the run then waits its delay.
    assert!(ran >= slot + delay, "ran at {ran}, slot {slot} + {delay:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_cancels_a_run_waiting_for_its_jitter() {
    let count = Arc::new(AtomicUsize::new(0));
    let job: JobFn = Arc::new({
        let count = count.clone();
        move || {
            count.fetch_add(1, Ordering::SeqCst);
            Box::pin(async {})
        }
    });
    let (mut scheduler, mut events) = every_second(Duration::from_secs(3600), job).await;
    let seen = events_until(&mut events, |e| matches!(e, Event::Delayed(..))).await;
    let Some(Event::Delayed(_, _, delay)) = seen.last() else {
        unreachable!()
    };
    scheduler.shutdown().await.unwrap();
    assert!(
        scheduler.wait_idle(PATIENCE).await,
        "the delayed run gave up"
    );
    if *delay > Duration::from_secs(30) {
        assert_eq!(count.load(Ordering::SeqCst), 0, "no run before its delay");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wait_idle_lets_a_running_job_finish_within_its_deadline() {
    let gate = Arc::new(Semaphore::new(0));
    let (job, mut runs) = reporting_job(Some(gate.clone()));
    let (mut scheduler, _events) = every_second(Duration::ZERO, job).await;
    tokio::time::timeout(PATIENCE, runs.recv())
        .await
        .unwrap()
        .unwrap();
    scheduler.shutdown().await.unwrap();
    assert!(
        !scheduler.wait_idle(Duration::from_millis(200)).await,
        "still running"
    );
    gate.add_permits(1);
    assert!(scheduler.wait_idle(PATIENCE).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_production_scheduler_fires_on_the_system_clock() {
    let (job, mut runs) = reporting_job(None);
    let (mut scheduler, _events) = every_second(Duration::ZERO, job).await;
    let ran = tokio::time::timeout(PATIENCE, runs.recv()).await;
    scheduler.shutdown().await.unwrap();
    assert!(ran.is_ok_and(|ran| ran.is_some()), "the engine fired");
}

/// A reload: the successor's jobs run on the same engine, and twenty reloads leave no
/// tasks behind (an engine of tokio-cron-scheduler keeps about a dozen after its shutdown,
/// so a new one per reload made the daemon grow by ~190 KB each time).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn successors_run_on_the_same_engine_and_reloads_leave_no_tasks() {
    let (job, mut runs) = reporting_job(None);
    let (mut scheduler, _events) = every_second(Duration::ZERO, job).await;
    let metrics = tokio::runtime::Handle::current().metrics();
    let mut after_first = None;
    for _ in 0..20 {
        scheduler.close().await;
        assert!(scheduler.wait_idle(PATIENCE).await);
        let mut next = scheduler.successor();
        let (job, next_runs) = reporting_job(None);
        let every_second = schedule("* * * * * *", Tz::UTC);
        next.add("source:a", every_second, Duration::ZERO, job)
            .unwrap();
        next.start().await.unwrap();
        (scheduler, runs) = (next, next_runs);
        after_first.get_or_insert(metrics.num_alive_tasks());
    }
    let ran = tokio::time::timeout(PATIENCE, runs.recv()).await;
    let (alive, after_first) = (metrics.num_alive_tasks(), after_first.unwrap());
    scheduler.shutdown().await.unwrap();
    assert!(
        ran.is_ok_and(|ran| ran.is_some()),
        "the last successor's job ran"
    );
    assert!(
        alive <= after_first + 5,
        "{alive} tasks alive after 20 reloads, {after_first} after the first"
    );
}
