//! What counts as news for a recipient (issue 12, item 6): a recipient added later gets only
//! the last digest period's highlights, and highlights `re-extract` finds in articles seen
//! before the last digest are stored and listed but not mailed as news, unless
//! `[digest].include_revised` puts them, once, in a section of their own. Real SQLite files, the
//! real config loader, the digest round's own selection (`next_items`, `next_selection`) and
//! the real round with the file transport.

mod smtp_server;

use chrono::{DateTime, Duration, TimeZone, Utc};
use regionwatch::config::Recipient;
use regionwatch::config::{self, Config};
use regionwatch::digest::render::REVISED_TITLE;
use regionwatch::digest::round::{
    compose_and_send, next_items, next_selection, render_for, transport_for,
};
use regionwatch::store::{
    AsyncStore, HighlightFilter, NewDigest, QueuedMessage, Store, StoredHighlight,
};
use regionwatch_extract::{Extraction, Highlight, Language};
use smtp_server::seed::{article, highlight};

const VETERAN: &str = "veteran@example.org";
const NEWCOMER: &str = "newcomer@example.org";

/// The digest round's time in these tests.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 20, 8, 0, 0).unwrap()
}

fn load(dir: &std::path::Path, digest_extra: &str) -> Config {
    let path = dir.join("rw.toml");
    std::fs::write(
        &path,
        format!(
            "database = {db:?}\n[digest]\nschedule = \"0 8 * * *\"\n{digest_extra}\n\
             [[recipients]]\nemail = \"{VETERAN}\"\n[[recipients]]\nemail = \"{NEWCOMER}\"\n",
            db = dir.join("rw.db").display().to_string()
        ),
    )
    .unwrap();
    config::load(&path).unwrap()
}

fn recipient<'a>(config: &'a Config, address: &str) -> &'a Recipient {
    config
        .recipients
        .iter()
        .find(|r| r.address() == address)
        .unwrap()
}

fn texts(store: &Store, config: &Config, address: &str) -> Vec<String> {
    text_of(&next_items(store, config, recipient(config, address)).unwrap())
}

fn text_of(items: &[StoredHighlight]) -> Vec<String> {
    items.iter().map(|h| h.text.clone()).collect()
}

fn hainan(text: &str) -> Highlight {
    highlight("460000", "Hainan", text, &[])
}

/// Three Hainan articles: a month old, two days old, six hours old.
fn three_ages(store: &mut Store) {
    for (name, age) in [
        ("month", Duration::days(30)),
        ("days", Duration::days(2)),
        ("hours", Duration::hours(6)),
    ] {
        article(
            store,
            &format!("https://english.news.cn/{name}.html"),
            &format!("Hainan news, {name} old"),
            vec![hainan(&format!("Hainan opens a port, {name} old."))],
            now() - age,
        );
    }
}

#[test]
fn a_recipient_added_later_gets_only_the_last_periods_highlights() {
    let dir = tempfile::tempdir().unwrap();
    let config = load(dir.path(), "");
    assert_eq!(
        config.digest.first_digest_lookback,
        std::time::Duration::from_secs(24 * 3600),
        "a daily schedule looks back one day"
    );
    let mut store = Store::open(&config.database).unwrap();
    three_ages(&mut store);
    // The veteran has been on the list for two months; the newcomer is seen for the first time
    // by this round.
    assert_eq!(
        store
            .note_recipient(VETERAN, now() - Duration::days(60))
            .unwrap(),
        now() - Duration::days(60)
    );
    assert_eq!(store.note_recipient(NEWCOMER, now()).unwrap(), now());
    assert_eq!(
        store.note_recipient(VETERAN, now()).unwrap(),
        now() - Duration::days(60),
        "first seen is kept, not moved"
    );

    assert_eq!(texts(&store, &config, VETERAN).len(), 3);
    assert_eq!(
        texts(&store, &config, NEWCOMER),
        ["Hainan opens a port, hours old."],
        "the newcomer's first digest covers one period, not the history"
    );

    let three_days = load(dir.path(), "first_digest_lookback_hours = 72");
    assert_eq!(
        texts(&store, &three_days, NEWCOMER),
        [
            "Hainan opens a port, days old.",
            "Hainan opens a port, hours old."
        ]
    );
}

fn extraction(title: &str, highlights: Vec<Highlight>) -> Extraction {
    Extraction {
        file: None,
        url: None,
        title: title.into(),
        published: None,
        source: Some("Xinhua".into()),
        editors: vec![],
        language: Language::En,
        body: format!("{title} body, extracted again"),
        captions: vec![],
        layout: "test".into(),
        highlights,
    }
}

fn send_digest(store: &mut Store, to: &str, ids: Vec<i64>, at: DateTime<Utc>) {
    let new = NewDigest {
        recipient: to.into(),
        sender: "monitor@example.org".into(),
        highlight_ids: ids,
    };
    let id = store
        .create_digest(&new, at, |id| {
            Ok(QueuedMessage {
                message_id: format!("<digest-{id}@example.org>"),
                subject: "s".into(),
                bytes: b"Subject: s\r\n\r\nbody\r\n".to_vec(),
            })
        })
        .unwrap();
    store.mark_sent(id, at).unwrap();
}

/// The veteran (on the list for two months) got a digest of the old article a day ago; the late
/// article came after it. Then an upgraded extractor found "Hainan adds a bonded zone." in the
/// old article (a revision) and "Hainan widens Yangpu port." in the late one (news).
fn reextract_after_a_digest(store: &mut Store, config: &Config) {
    let store = &mut *store;
    store
        .note_recipient(VETERAN, now() - Duration::days(60))
        .unwrap();
    let (old_url, late_url) = (
        "https://english.news.cn/old.html",
        "https://english.news.cn/late.html",
    );
    article(
        store,
        old_url,
        "Old",
        vec![hainan("Hainan cuts tariffs.")],
        now() - Duration::days(2),
    );
    let first = texts(store, config, VETERAN);
    assert_eq!(first, ["Hainan cuts tariffs."]);
    let ids = store
        .undelivered_highlights(VETERAN, &HighlightFilter::default(), 10)
        .unwrap()
        .iter()
        .map(|h| h.id)
        .collect();
    send_digest(store, VETERAN, ids, now() - Duration::days(1));
    // Seen after that digest: not covered by any digest yet.
    article(
        store,
        late_url,
        "Late",
        vec![hainan("Hainan opens Yangpu port.")],
        now() - Duration::hours(12),
    );

    // An upgraded extractor finds one more highlight in each article.
    for (url, texts) in [
        (
            old_url,
            ["Hainan cuts tariffs.", "Hainan adds a bonded zone."],
        ),
        (
            late_url,
            ["Hainan opens Yangpu port.", "Hainan widens Yangpu port."],
        ),
    ] {
        let id = store.article_by_url(url).unwrap().unwrap().id;
        let highlights = texts.iter().map(|t| hainan(t)).collect();
        let outcome = store
            .replace_extraction(id, &extraction(url, highlights))
            .unwrap();
        assert_eq!(outcome.highlights_new, 1);
    }
}

#[test]
fn highlights_reextract_finds_in_old_articles_are_listed_but_not_mailed() {
    let dir = tempfile::tempdir().unwrap();
    let config = load(dir.path(), "");
    let mut store = Store::open(&config.database).unwrap();
    reextract_after_a_digest(&mut store, &config);

    assert!(
        next_selection(&store, &config, recipient(&config, VETERAN))
            .unwrap()
            .revised
            .is_empty(),
        "no revised section by default"
    );
    assert_eq!(
        texts(&store, &config, VETERAN),
        ["Hainan opens Yangpu port.", "Hainan widens Yangpu port."],
        "the revision of an article the last digest covered is not news; the late article's is"
    );
    store.note_recipient(NEWCOMER, now()).unwrap();
    assert!(
        !texts(&store, &config, NEWCOMER).contains(&"Hainan adds a bonded zone.".to_owned()),
        "nor is it news to a new recipient"
    );
    let listed: Vec<String> = store
        .highlights(&HighlightFilter::default())
        .unwrap()
        .into_iter()
        .map(|h| h.text)
        .collect();
    assert!(
        listed.contains(&"Hainan adds a bonded zone.".to_owned()),
        "stored and listed: {listed:?}"
    );
}

#[test]
fn the_lookback_defaults_to_one_schedule_period_and_is_checked_at_load() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rw.toml");
    let write = |digest: &str| {
        std::fs::write(
            &path,
            format!("database = \"/var/lib/regionwatch/rw.db\"\n[digest]\n{digest}\n"),
        )
        .unwrap();
    };
    write("schedule = \"0 8 * * 1-5\"");
    assert_eq!(
        config::load(&path).unwrap().digest.first_digest_lookback,
        std::time::Duration::from_secs(72 * 3600),
        "weekdays at 08:00: Friday to Monday"
    );
    write("schedule = \"0,30 8 * * *\"");
    assert_eq!(
        config::load(&path).unwrap().digest.first_digest_lookback,
        std::time::Duration::from_secs(24 * 3600),
        "23.5 hours, rounded up to whole hours as the key is written"
    );
    write("schedule = \"*/5 * * * *\"");
    assert_eq!(
        config::load(&path).unwrap().digest.first_digest_lookback,
        std::time::Duration::from_secs(3600),
        "at least an hour"
    );
    write("schedule = \"0 8 * * *\"\nfirst_digest_lookback_hours = 0");
    let error = config::load(&path).unwrap_err().to_string();
    assert!(
        error.contains("digest.first_digest_lookback_hours") && error.contains("rw.toml:4"),
        "{error}"
    );
}

/// Where `needle` is in `part`, which must hold it exactly once.
fn once(part: &str, needle: &str) -> usize {
    assert_eq!(
        part.matches(needle).count(),
        1,
        "{needle:?} once in:\n{part}"
    );
    part.find(needle).unwrap()
}

#[test]
fn with_include_revised_the_next_digest_carries_the_revisions_once_in_their_own_section() {
    let dir = tempfile::tempdir().unwrap();
    let config = load(dir.path(), "include_revised = true");
    let mut store = Store::open(&config.database).unwrap();
    reextract_after_a_digest(&mut store, &config);
    let veteran = recipient(&config, VETERAN);
    let news = ["Hainan opens Yangpu port.", "Hainan widens Yangpu port."];
    let revision = "Hainan adds a bonded zone.";

    // Within max_items together with the news, after it.
    let two = load(dir.path(), "include_revised = true\nmax_items = 2");
    let capped = next_selection(&store, &two, recipient(&two, VETERAN)).unwrap();
    assert_eq!(text_of(&capped.news), news);
    assert!(capped.revised.is_empty(), "no room left: {capped:?}");
    assert_eq!(capped.more, 1, "the revision waits for the next digest");

    let selection = next_selection(&store, &config, veteran).unwrap();
    assert_eq!(text_of(&selection.news), news, "the news is unchanged");
    assert_eq!(text_of(&selection.revised), [revision]);
    assert_eq!(selection.more, 0);
    let rendered = render_for(&store, &config, veteran, selection, now()).unwrap();
    for part in [&rendered.text, &rendered.html] {
        let section = once(part, REVISED_TITLE);
        assert!(once(part, revision) > section, "in the revised section");
        assert!(
            news.iter().all(|n| once(part, n) < section),
            "the news comes first"
        );
    }
    assert!(
        rendered.text.lines().all(|l| l.chars().count() <= 78),
        "{}",
        rendered.text
    );

    // The real round (file transport): queued with the news, sent, delivered.
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let store = AsyncStore::new(store);
    let transport = transport_for(&config).unwrap();
    let round = |at: DateTime<Utc>| {
        let report = runtime
            .block_on(compose_and_send(&config, &store, &transport, at))
            .unwrap();
        assert!(
            report.sent.failed.is_empty() && report.sent.retrying.is_empty(),
            "{report:?}"
        );
        report
    };
    let first = round(now());
    assert!(
        first.queued.contains(&(VETERAN.to_owned(), 3)),
        "two news and the revision: {first:?}"
    );
    let (for_next, r) = (config.clone(), veteran.clone());
    let after = runtime
        .block_on(store.call(move |s| next_selection(s, &for_next, &r)))
        .unwrap();
    assert!(
        after.news.is_empty() && after.revised.is_empty(),
        "all delivered: {after:?}"
    );

    // The digest after that has news again, and not the revision.
    runtime
        .block_on(store.call(|s| {
            article(
                s,
                "https://english.news.cn/next.html",
                "Next",
                vec![hainan("Hainan trims its negative list.")],
                now() + Duration::hours(12),
            );
            Ok(())
        }))
        .unwrap();
    let (for_next, r) = (config.clone(), veteran.clone());
    let next = runtime
        .block_on(store.call(move |s| {
            let selection = next_selection(s, &for_next, &r)?;
            Ok((
                text_of(&selection.news),
                render_for(s, &for_next, &r, selection, now() + Duration::days(1)),
            ))
        }))
        .unwrap();
    assert_eq!(next.0, ["Hainan trims its negative list."]);
    let rendered = next.1.unwrap();
    for part in [&rendered.text, &rendered.html] {
        assert!(!part.contains(REVISED_TITLE) && !part.contains(revision));
    }
    let second = round(now() + Duration::days(1));
    assert!(
        second.queued.contains(&(VETERAN.to_owned(), 1)),
        "only the new news: {second:?}"
    );
}
