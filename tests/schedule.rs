//! Scheduling tests (issue 5, acceptance 1).
//!
//! tokio-cron-scheduler reads `Utc::now()` itself and polls every 500 ms, so it
//! cannot run on tokio's paused clock. The paused-clock tests drive the
//! scheduler through [`FrozenOffsetEngine`], a model of that engine's firing
//! rule (first tick in the real zone, later ticks with the UTC offset frozen at
//! registration, day-of-month AND day-of-week, ticks spawned without any
//! overlap guard), with time from a [`TokioClock`]. What they prove is
//! regionwatch's logic: the expressions handed to the engine, re-registration
//! at the offset change, the overlap guard, the missed-slot catch-up, jitter.
//! One test at the end runs the real engine on the real clock.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;
use croner::parser::{CronParser, Seconds};
use regionwatch::config::Schedule;
use regionwatch::schedule::{
    Clock, Engine, Event, JobFn, Scheduler, Tick, TokioClock, engine_patterns, missed_slot,
    next_offset_change, sleep_until,
};
use regionwatch::store::{AsyncStore, Store};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio_cron_scheduler::JobSchedulerError;

const BERLIN: Tz = chrono_tz::Europe::Berlin;
const SHANGHAI: Tz = chrono_tz::Asia::Shanghai;

fn utc(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

fn schedule(text: &str, zone: Tz) -> Schedule {
    Schedule::parse(text, zone).unwrap()
}

/// Models tokio-cron-scheduler 0.15's firing rule on a [`Clock`] (see the file header).
struct FrozenOffsetEngine {
    clock: Arc<dyn Clock>,
    tasks: Vec<JoinHandle<()>>,
}

impl FrozenOffsetEngine {
    fn new(clock: Arc<dyn Clock>) -> Self {
        FrozenOffsetEngine {
            clock,
            tasks: Vec::new(),
        }
    }
}

impl Engine for FrozenOffsetEngine {
    async fn register(
        &mut self,
        pattern: &str,
        timezone: Tz,
        tick: Tick,
    ) -> Result<(), JobSchedulerError> {
        let cron = CronParser::builder()
            .seconds(Seconds::Required)
            .dom_and_dow(true)
            .build()
            .parse(pattern)
            .map_err(|_| JobSchedulerError::ParseSchedule)?;
        let clock = Arc::clone(&self.clock);
        let now = clock.now();
        let frozen = timezone.offset_from_utc_datetime(&now.naive_utc()).fix();
        let mut next = cron.find_next_occurrence(&now.with_timezone(&timezone), false);
        self.tasks.push(tokio::spawn(async move {
            loop {
                let Ok(at) = next else { return };
                let at = at.with_timezone(&Utc);
                sleep_until(&*clock, at).await;
                tokio::spawn(tick());
                next = cron
                    .find_next_occurrence(&at.with_timezone(&frozen), false)
                    .map(|t| t.with_timezone(&timezone));
            }
        }));
        Ok(())
    }

    async fn clear(&mut self) -> Result<(), JobSchedulerError> {
        self.tasks.drain(..).for_each(|task| task.abort());
        Ok(())
    }

    async fn start(&mut self) -> Result<(), JobSchedulerError> {
        Ok(())
    }

    async fn shutdown(&mut self) -> Result<(), JobSchedulerError> {
        self.clear().await
    }
}

/// A scheduler on the paused clock starting at `start`, with an optional store.
fn paused_scheduler(
    start: &str,
    store: Option<AsyncStore>,
) -> (Scheduler<FrozenOffsetEngine>, Arc<dyn Clock>) {
    let clock: Arc<dyn Clock> = Arc::new(TokioClock::starting_at(utc(start)));
    let engine = FrozenOffsetEngine::new(Arc::clone(&clock));
    (
        Scheduler::with_engine(engine, Arc::clone(&clock), store),
        clock,
    )
}

/// A job that reports the clock time of each run and then takes `duration`.
fn reporting_job(
    clock: &Arc<dyn Clock>,
    duration: Duration,
) -> (JobFn, mpsc::UnboundedReceiver<DateTime<Utc>>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let clock = Arc::clone(clock);
    let job: JobFn = Arc::new(move || {
        let (tx, now) = (tx.clone(), clock.now());
        Box::pin(async move {
            tx.send(now).unwrap();
            tokio::time::sleep(duration).await;
        })
    });
    (job, rx)
}

async fn next_run(runs: &mut mpsc::UnboundedReceiver<DateTime<Utc>>) -> DateTime<Utc> {
    runs.recv().await.expect("the job runs again")
}

fn temp_store() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rw.db");
    (dir, path)
}

#[test]
fn five_fields_get_seconds_and_dom_or_dow_becomes_two_engine_jobs() {
    assert_eq!(
        engine_patterns(&schedule("0 7 * * *", SHANGHAI)),
        ["0 0 7 * * *"]
    );
    assert_eq!(
        engine_patterns(&schedule("30 5 * * * *", SHANGHAI)),
        ["30 5 * * * *"]
    );
    assert_eq!(
        engine_patterns(&schedule("0 8 * * mon", SHANGHAI)),
        ["0 0 8 * * mon"]
    );
    assert_eq!(
        engine_patterns(&schedule("0 9 1,15 * mon", SHANGHAI)),
        ["0 0 9 1,15 * *", "0 0 9 * * mon"]
    );
}

#[test]
fn berlin_offset_changes_are_found_to_the_second() {
    let march = next_offset_change(BERLIN, utc("2027-01-10T00:00:00Z"));
    assert_eq!(march, Some(utc("2027-03-28T01:00:00Z")));
    let october = next_offset_change(BERLIN, march.unwrap());
    assert_eq!(october, Some(utc("2027-10-31T01:00:00Z")));
    assert_eq!(
        next_offset_change(SHANGHAI, utc("2027-01-10T00:00:00Z")),
        None
    );
}

#[test]
fn missed_slot_is_the_latest_passed_slot_once() {
    let daily = schedule("0 7 * * *", SHANGHAI);
    let now = utc("2027-01-13T04:00:00Z"); // 12:00 in Shanghai
    let last = Some(utc("2027-01-10T23:00:00Z")); // 07:00 on the 11th
    assert_eq!(
        missed_slot(&daily, last, now),
        Some(utc("2027-01-12T23:00:00Z")),
        "three missed days give one run, of the latest slot"
    );
    assert_eq!(
        missed_slot(&daily, Some(utc("2027-01-12T23:00:00Z")), now),
        None
    );
    assert_eq!(
        missed_slot(&daily, None, now),
        None,
        "never ran: nothing missed"
    );
}

#[tokio::test(start_paused = true)]
async fn berlin_0700_stays_0700_across_both_daylight_saving_changes() {
    let (mut scheduler, clock) = paused_scheduler("2027-03-26T12:00:00Z", None);
    let (job, mut runs) = reporting_job(&clock, Duration::from_secs(1));
    scheduler
        .add("digest", schedule("0 7 * * *", BERLIN), Duration::ZERO, job)
        .unwrap();
    let mut events = scheduler.subscribe();
    scheduler.start().await.unwrap();
    // 07:00 CET is 06:00 UTC; 07:00 CEST (from 28 March) is 05:00 UTC.
    assert_eq!(next_run(&mut runs).await, utc("2027-03-27T06:00:00Z"));
    assert_eq!(next_run(&mut runs).await, utc("2027-03-28T05:00:00Z"));
    assert_eq!(next_run(&mut runs).await, utc("2027-03-29T05:00:00Z"));
    let rebuilt = std::iter::from_fn(|| events.try_recv().ok())
        .find(|e| matches!(e, Event::Reregistered { .. }));
    assert_eq!(
        rebuilt,
        Some(Event::Reregistered {
            at: utc("2027-03-28T01:00:00Z")
        })
    );
    // Back to CET on 31 October.
    sleep_until(&*clock, utc("2027-10-29T12:00:00Z")).await;
    while runs.try_recv().is_ok() {}
    assert_eq!(next_run(&mut runs).await, utc("2027-10-30T05:00:00Z"));
    assert_eq!(next_run(&mut runs).await, utc("2027-10-31T06:00:00Z"));
    scheduler.shutdown().await.unwrap();
}

#[tokio::test(start_paused = true)]
async fn day_of_month_or_day_of_week_fires_once_per_matching_day() {
    // 1 Feb 2027 is a Monday: both engine jobs tick, the job runs once.
    let (mut scheduler, clock) = paused_scheduler("2027-01-28T00:00:00Z", None);
    let (job, mut runs) = reporting_job(&clock, Duration::from_secs(1));
    scheduler
        .add(
            "source:a",
            schedule("0 9 1 * mon", SHANGHAI),
            Duration::ZERO,
            job,
        )
        .unwrap();
    scheduler.start().await.unwrap();
    assert_eq!(next_run(&mut runs).await, utc("2027-02-01T01:00:00Z"));
    assert_eq!(next_run(&mut runs).await, utc("2027-02-08T01:00:00Z"));
    scheduler.shutdown().await.unwrap();
}

#[tokio::test(start_paused = true)]
async fn a_slot_that_comes_while_the_job_runs_is_skipped_and_reported() {
    let (mut scheduler, clock) = paused_scheduler("2027-01-10T00:00:05Z", None);
    // Every 10 s, taking 15 s: 00:10 runs, 00:20 is skipped, 00:30 runs.
    let (job, mut runs) = reporting_job(&clock, Duration::from_secs(15));
    scheduler
        .add(
            "source:slow",
            schedule("*/10 * * * * *", SHANGHAI),
            Duration::ZERO,
            job,
        )
        .unwrap();
    let mut events = scheduler.subscribe();
    scheduler.start().await.unwrap();
    assert_eq!(next_run(&mut runs).await, utc("2027-01-10T00:00:10Z"));
    assert_eq!(next_run(&mut runs).await, utc("2027-01-10T00:00:30Z"));
    let skipped: Vec<Event> = std::iter::from_fn(|| events.try_recv().ok())
        .filter(|e| matches!(e, Event::SkippedOverlap { .. }))
        .collect();
    assert_eq!(
        skipped,
        [Event::SkippedOverlap {
            job: "source:slow".into(),
            slot: utc("2027-01-10T00:00:20Z")
        }]
    );
    scheduler.shutdown().await.unwrap();
}

#[tokio::test(start_paused = true)]
async fn a_missed_slot_runs_exactly_once_at_start() {
    let (_dir, path) = temp_store();
    let store = AsyncStore::new(Store::open(&path).unwrap());
    // Last handled: 07:00 Shanghai on 10 January; the daemon comes back at noon on the 13th.
    store
        .call(|s| s.record_job_slot("digest", utc("2027-01-09T23:00:00Z")))
        .await
        .unwrap();
    let (mut scheduler, clock) = paused_scheduler("2027-01-13T04:00:00Z", Some(store.clone()));
    let (job, mut runs) = reporting_job(&clock, Duration::from_secs(1));
    scheduler
        .add(
            "digest",
            schedule("0 7 * * *", SHANGHAI),
            Duration::ZERO,
            job.clone(),
        )
        .unwrap();
    scheduler.start().await.unwrap();
    assert_eq!(
        next_run(&mut runs).await,
        utc("2027-01-13T04:00:00Z"),
        "caught up at start"
    );
    assert!(scheduler.wait_idle(Duration::from_secs(5)).await);
    scheduler.shutdown().await.unwrap();
    assert!(runs.try_recv().is_err(), "three missed slots, one run");
    let slots = store.call(|s| s.job_last_slots()).await.unwrap();
    assert_eq!(slots["digest"], utc("2027-01-12T23:00:00Z"));

    // A restart an hour later has nothing to catch up; the next run is the next slot.
    let (mut again, clock) = paused_scheduler("2027-01-13T05:00:00Z", Some(store.clone()));
    let (job, mut runs) = reporting_job(&clock, Duration::from_secs(1));
    again
        .add(
            "digest",
            schedule("0 7 * * *", SHANGHAI),
            Duration::ZERO,
            job,
        )
        .unwrap();
    again.start().await.unwrap();
    assert_eq!(next_run(&mut runs).await, utc("2027-01-13T23:00:00Z"));
    again.shutdown().await.unwrap();
}

#[tokio::test(start_paused = true)]
async fn a_new_job_records_a_baseline_and_catches_up_after_a_stop() {
    let (_dir, path) = temp_store();
    let store = AsyncStore::new(Store::open(&path).unwrap());
    let (mut first, clock) = paused_scheduler("2027-01-13T04:00:00Z", Some(store.clone()));
    let (job, mut runs) = reporting_job(&clock, Duration::ZERO);
    first
        .add(
            "source:new",
            schedule("0 7 * * *", SHANGHAI),
            Duration::ZERO,
            job,
        )
        .unwrap();
    first.start().await.unwrap();
    first.shutdown().await.unwrap();
    assert!(
        runs.try_recv().is_err(),
        "a job never run before has missed nothing"
    );

    // Down over the next 07:00: one run at start.
    let (mut second, clock) = paused_scheduler("2027-01-14T02:00:00Z", Some(store.clone()));
    let (job, mut runs) = reporting_job(&clock, Duration::ZERO);
    second
        .add(
            "source:new",
            schedule("0 7 * * *", SHANGHAI),
            Duration::ZERO,
            job,
        )
        .unwrap();
    second.start().await.unwrap();
    assert_eq!(next_run(&mut runs).await, utc("2027-01-14T02:00:00Z"));
    second.shutdown().await.unwrap();
}

#[tokio::test(start_paused = true)]
async fn jitter_delays_a_run_within_its_bound() {
    let (mut scheduler, clock) = paused_scheduler("2027-01-10T00:00:00Z", None);
    let (job, mut runs) = reporting_job(&clock, Duration::ZERO);
    scheduler
        .add(
            "source:j",
            schedule("* * * * *", SHANGHAI),
            Duration::from_secs(30),
            job,
        )
        .unwrap();
    scheduler.start().await.unwrap();
    for slot in [
        "2027-01-10T00:01:00Z",
        "2027-01-10T00:02:00Z",
        "2027-01-10T00:03:00Z",
    ] {
        let ran = next_run(&mut runs).await;
        let delay = ran - utc(slot);
        assert!(
            delay >= chrono::Duration::zero() && delay <= chrono::Duration::seconds(30),
            "{ran} is not within 30 s after {slot}"
        );
    }
    scheduler.shutdown().await.unwrap();
}

#[tokio::test(start_paused = true)]
async fn shutdown_stops_ticks_and_wait_idle_honours_its_deadline() {
    let (mut scheduler, clock) = paused_scheduler("2027-01-10T00:00:00Z", None);
    let (job, mut runs) = reporting_job(&clock, Duration::from_secs(100));
    scheduler
        .add(
            "source:long",
            schedule("* * * * * *", SHANGHAI),
            Duration::ZERO,
            job,
        )
        .unwrap();
    scheduler.start().await.unwrap();
    next_run(&mut runs).await;
    scheduler.shutdown().await.unwrap();
    assert_eq!(scheduler.running(), 1);
    assert!(
        !scheduler.wait_idle(Duration::from_secs(20)).await,
        "still running at the deadline"
    );
    assert!(scheduler.wait_idle(Duration::from_secs(100)).await);
    sleep_until(&*clock, clock.now() + chrono::Duration::hours(1)).await;
    assert!(runs.try_recv().is_err(), "nothing starts after shutdown");
}

/// The real engine on the real clock: a 6-field every-second schedule fires.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tokio_cron_scheduler_fires_an_every_second_job() {
    let (tx, mut rx) = mpsc::unbounded_channel();
    let count = Arc::new(Mutex::new(0));
    let job: JobFn = Arc::new({
        let count = Arc::clone(&count);
        move || {
            *count.lock().unwrap() += 1;
            let tx = tx.clone();
            Box::pin(async move {
                let _ = tx.send(());
            })
        }
    });
    let mut scheduler = Scheduler::new(None).await.unwrap();
    scheduler
        .add(
            "source:tick",
            schedule("* * * * * *", Tz::UTC),
            Duration::ZERO,
            job,
        )
        .unwrap();
    scheduler.start().await.unwrap();
    let fired = tokio::time::timeout(Duration::from_secs(30), rx.recv()).await;
    scheduler.shutdown().await.unwrap();
    assert_eq!(fired, Ok(Some(())), "the engine fired within 30 s");
    assert!(scheduler.wait_idle(Duration::from_secs(30)).await);
}
