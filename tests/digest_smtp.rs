//! Issue 4 acceptance 1-7: digests sent through the outbox to a real SMTP
//! server on 127.0.0.1:0, checked on the bytes the server received.

mod smtp_server;

use std::time::Duration;

use chrono::{DateTime, Utc};
use lettre::message::Mailbox;
use regionwatch::config::CaFile;
use regionwatch::digest::Rendered;
use regionwatch::digest::Secret;
use regionwatch::digest::deliver::{backoff, queue_for_recipient, send_pending};
use regionwatch::digest::transport::{SendError, SmtpSettings, TlsMode, Transport};
use regionwatch::store::{AsyncStore, DigestStatus, HighlightFilter, Store, StoredHighlight};
use smtp_server::SmtpServer;
use smtp_server::mime::Part;
use smtp_server::raw::{Behaviour, RawServer};
use smtp_server::seed::{self, at};
use smtp_server::tls::TestPki;
use tempfile::TempDir;

const FROM: &str = "regionwatch <monitor@example.org>";
const HAINAN: &str = "Hainan Desk <hainan@example.net>";
const GUANGDONG: &str = "gd@example.com";

fn mailbox(s: &str) -> Mailbox {
    s.parse().unwrap()
}

fn smtp(addr: std::net::SocketAddr, tls: TlsMode) -> Transport {
    Transport::Smtp(
        SmtpSettings {
            host: "127.0.0.1".into(),
            port: addr.port(),
            tls,
            username: None,
            password_file: None,
            password_env: None,
            password_credential: None,
            from: mailbox(FROM),
            timeout: Duration::from_secs(10),
            data_timeout: Duration::from_secs(600),
            ca_file: None,
        },
        None,
    )
}

/// `[smtp].ca_file` as the config reads it: the path and its PEM.
fn ca_file(path: &std::path::Path) -> CaFile {
    let pem = std::fs::read(path).unwrap();
    CaFile {
        path: path.to_path_buf(),
        pem,
    }
}

/// The tests' renderer: the scraped text escaped for HTML (what the real
/// renderer must do), the subject made from a scraped title on purpose.
fn render(items: &[StoredHighlight]) -> Result<Rendered, String> {
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let title = items
        .first()
        .and_then(|h| h.articles.first())
        .map_or("nothing", |a| a.title.as_str());
    let lines: Vec<String> = items
        .iter()
        .map(|h| format!("{}: {}", h.region, h.text))
        .collect();
    let html: Vec<String> = items
        .iter()
        .map(|h| format!("<li>{}: {}</li>", escape(&h.region), escape(&h.text)))
        .collect();
    Ok(Rendered {
        subject: format!("{} new: {title}", items.len()),
        text: lines.join("\n"),
        html: format!("<ul>{}</ul>", html.join("")),
    })
}

fn region(code: &str) -> HighlightFilter {
    HighlightFilter {
        regions: vec![code.into()],
        ..HighlightFilter::default()
    }
}

/// Queues `to`'s digest of `filter` at `now`.
fn queue(store: &AsyncStore, to: &str, filter: HighlightFilter, now: DateTime<Utc>) -> Option<i64> {
    let to = mailbox(to);
    run(store.call(move |s| {
        queue_for_recipient(s, &mailbox(FROM), &to, &filter, 100, false, now, render)
    }))
    .expect("digest queued")
}

fn run<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}

fn two_region_store() -> (TempDir, AsyncStore) {
    let dir = tempfile::tempdir().unwrap();
    let store = seed::two_regions(&dir.path().join("rw.db"));
    (dir, AsyncStore::new(store))
}

fn status(store: &AsyncStore, id: i64) -> (DigestStatus, Option<String>) {
    let d = run(store.call(move |s| s.digest(id))).unwrap();
    (d.status, d.last_error)
}

fn later(now: DateTime<Utc>, attempts: u32) -> DateTime<Utc> {
    now + chrono::Duration::from_std(backoff(attempts)).unwrap()
}

#[test]
fn each_recipient_gets_only_its_items_and_nobody_else_is_in_any_header() {
    let server = SmtpServer::start(&[]);
    let (_dir, store) = two_region_store();
    queue(&store, HAINAN, region("460000"), at(9)).unwrap();
    queue(&store, GUANGDONG, region("440300"), at(9)).unwrap();
    let report = run(send_pending(
        &store,
        &smtp(server.addr, TlsMode::None),
        at(9),
    ))
    .unwrap();
    assert_eq!(report.sent.len(), 2, "{report:?}");

    let received = server.accepted();
    assert_eq!(received.len(), 2);
    for (r, (own, other, own_text, other_text)) in received.iter().zip([
        ("hainan@example.net", "gd@example.com", "Yangpu", "Shenzhen"),
        ("gd@example.com", "hainan@example.net", "Shenzhen", "Yangpu"),
    ]) {
        assert_eq!(r.to, [own], "envelope recipients");
        assert_eq!(r.from, "monitor@example.org");
        let raw = String::from_utf8(r.data.clone()).unwrap();
        assert!(
            !raw.contains(other),
            "{other} appears in {own}'s message:\n{raw}"
        );
        let msg = Part::parse(&r.data);
        assert_eq!(msg.all("to").len(), 1);
        assert!(msg.header("to").unwrap().contains(own));
        assert!(msg.header("cc").is_none() && msg.header("bcc").is_none());
        let text = msg.parts()[0].text();
        assert!(
            text.contains(own_text) && !text.contains(other_text),
            "{text}"
        );
    }
    // Sent once: nothing is due any more, nothing new to queue.
    let again = run(send_pending(
        &store,
        &smtp(server.addr, TlsMode::None),
        at(10),
    ))
    .unwrap();
    assert!(again.sent.is_empty());
    assert_eq!(queue(&store, HAINAN, region("460000"), at(11)), None);
}

#[test]
fn a_crlf_bcc_title_adds_no_header_and_script_arrives_escaped() {
    let server = SmtpServer::start(&[]);
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("rw.db")).unwrap();
    seed::article(
        &mut store,
        "https://english.news.cn/evil.html",
        "Hainan news\r\nBcc: spy@evil.example\r\nX-Injected: yes",
        vec![seed::highlight(
            "460000",
            "Hainan",
            "Hainan opens <script>alert(1)</script> its port \"><img src=x onerror=alert(2)>.",
            &[],
        )],
        at(1),
    );
    let store = AsyncStore::new(store);
    queue(&store, HAINAN, HighlightFilter::default(), at(9)).unwrap();
    let report = run(send_pending(
        &store,
        &smtp(server.addr, TlsMode::None),
        at(9),
    ))
    .unwrap();
    assert_eq!(report.sent.len(), 1, "{report:?}");

    let received = &server.accepted()[0];
    assert_eq!(received.to, ["hainan@example.net"]);
    let raw = String::from_utf8(received.data.clone()).unwrap();
    let msg = Part::parse(&received.data);
    assert!(
        msg.header("bcc").is_none() && msg.header("x-injected").is_none(),
        "{raw}"
    );
    assert!(!raw.to_ascii_lowercase().contains("\r\nbcc:"), "{raw}");
    let subject = msg.decoded("subject").unwrap();
    assert!(
        subject.contains("Bcc: spy@evil.example"),
        "kept as text: {subject}"
    );
    let html = msg.parts()[1].text();
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    assert!(
        !html.contains("<script") && !html.contains("<img"),
        "{html}"
    );
}

#[test]
fn deferred_twice_then_accepted_is_delivered_exactly_once() {
    let server = SmtpServer::start(&[451, 451]);
    let (_dir, store) = two_region_store();
    let transport = smtp(server.addr, TlsMode::None);
    let id = queue(&store, HAINAN, region("460000"), at(9)).unwrap();

    let first = run(send_pending(&store, &transport, at(9))).unwrap();
    assert!(
        matches!(first.retrying[..], [(i, SendError::Deferred { code: 451, .. })] if i == id),
        "{first:?}"
    );
    // Not due again before its backoff: no second attempt.
    assert!(run(send_pending(&store, &transport, at(9))).unwrap() == Default::default());
    assert_eq!(server.data_ends(), 1);

    let second = run(send_pending(&store, &transport, later(at(9), 1))).unwrap();
    assert_eq!(second.retrying.len(), 1);
    let third = run(send_pending(&store, &transport, later(later(at(9), 1), 2))).unwrap();
    assert_eq!(third.sent, [id]);
    assert_eq!(status(&store, id).0, DigestStatus::Sent);
    assert_eq!(server.data_ends(), 3);
    assert_eq!(server.accepted().len(), 1, "exactly one delivery");
    let far = at(9) + chrono::Duration::days(30);
    assert!(
        run(send_pending(&store, &transport, far))
            .unwrap()
            .sent
            .is_empty()
    );
    assert_eq!(server.accepted().len(), 1);
}

/// A restored or new database (or a second instance) numbers its digests
/// from 1 again: the Message-ID must still be new, or clients that
/// deduplicate by it hide the later digest. A retry keeps the one made when
/// the digest was queued.
#[test]
fn message_ids_differ_across_fresh_databases_and_a_retry_keeps_its_own() {
    let server = SmtpServer::start(&[451]);
    let transport = smtp(server.addr, TlsMode::None);
    let mut queued = Vec::new();
    for _database in 0..2 {
        let (_dir, store) = two_region_store();
        let id = queue(&store, HAINAN, region("460000"), at(9)).unwrap();
        let message_id = run(store.call(move |s| s.digest(id))).unwrap().message_id;
        if queued.is_empty() {
            let first = run(send_pending(&store, &transport, at(9))).unwrap();
            assert_eq!(first.retrying.len(), 1, "{first:?}");
            let second = run(send_pending(&store, &transport, later(at(9), 1))).unwrap();
            assert_eq!(second.sent, [id]);
        }
        queued.push((id, message_id));
    }
    assert_eq!(queued[0].0, queued[1].0, "both databases start at digest 1");
    assert_ne!(queued[0].1, queued[1].1);
    assert_eq!(server.data_ends(), 2);
    let accepted = server.accepted();
    assert_eq!(accepted.len(), 1);
    let sent_id = Part::parse(&accepted[0].data)
        .header("message-id")
        .unwrap()
        .to_owned();
    assert_eq!(sent_id, queued[0].1, "the retry sent the queued Message-ID");
}

#[test]
fn rejected_digest_fails_and_its_items_go_out_in_the_next_digest() {
    let server = SmtpServer::start(&[550]);
    let (_dir, store) = two_region_store();
    let transport = smtp(server.addr, TlsMode::None);
    let failed = queue(&store, HAINAN, region("460000"), at(9)).unwrap();
    let report = run(send_pending(&store, &transport, at(9))).unwrap();
    assert!(matches!(
        report.failed[..],
        [(_, SendError::Rejected { code: 550, .. })]
    ));
    let (state, reason) = status(&store, failed);
    assert_eq!(state, DigestStatus::Failed);
    assert!(reason.unwrap().contains("550"));
    let outbox = run(store.call(|s| s.outbox_status())).unwrap();
    assert_eq!(outbox.failed.len(), 1);
    assert!(outbox.pending.is_empty());
    assert!(server.accepted().is_empty());

    // The fault is fixed (the server now accepts): the next digest carries the items.
    let next = queue(&store, HAINAN, region("460000"), at(10)).expect("items are undelivered");
    assert_ne!(next, failed);
    let report = run(send_pending(&store, &transport, at(10))).unwrap();
    assert_eq!(report.sent, [next]);
    let received = server.accepted();
    assert_eq!(received.len(), 1);
    let text = Part::parse(&received[0].data).parts()[0].text();
    assert!(text.contains("Yangpu"), "{text}");
    assert_eq!(queue(&store, HAINAN, region("460000"), at(11)), None);
}

#[test]
fn a_connection_dropped_after_data_is_resent_with_the_same_message_id() {
    let server = RawServer::start(Behaviour::DropAfterData(1));
    let (_dir, store) = two_region_store();
    let transport = smtp(server.addr, TlsMode::None);
    let id = queue(&store, HAINAN, region("460000"), at(9)).unwrap();

    let first = run(send_pending(&store, &transport, at(9))).unwrap();
    assert_eq!(first.retrying.len(), 1, "{first:?}");
    assert_eq!(status(&store, id).0, DigestStatus::Pending, "not lost");
    let second = run(send_pending(&store, &transport, later(at(9), 1))).unwrap();
    assert_eq!(second.sent, [id]);

    let messages = server.messages();
    assert_eq!(messages.len(), 2);
    assert_eq!(server.accepted().len(), 1);
    let ids: Vec<String> = messages
        .iter()
        .map(|m| Part::parse(m).header("message-id").unwrap().to_owned())
        .collect();
    assert_eq!(ids[0], ids[1]);
    assert!(ids[0].starts_with(&format!("<digest-{id}-")), "{}", ids[0]);
    assert_eq!(messages[0], messages[1], "byte-identical resend");
}

/// `timeout_secs = 1` and a server that stores the message and answers
/// 250 only after `delay`.
fn slow_server(delay: Duration, data_timeout: Duration) -> (RawServer, Transport) {
    let server = RawServer::start(Behaviour::SlowDataReply(delay, 1));
    let Transport::Smtp(settings, _) = smtp(server.addr, TlsMode::None) else {
        unreachable!()
    };
    let transport = Transport::Smtp(
        SmtpSettings {
            timeout: Duration::from_secs(1),
            data_timeout,
            ..settings
        },
        None,
    );
    (server, transport)
}

/// RFC 5321 gives the reply after the message 10 minutes: a server slower
/// than `timeout_secs` to confirm must not get a copy per retry.
#[test]
fn a_server_slow_to_confirm_the_data_gets_one_copy_and_the_digest_is_sent() {
    let (server, transport) = slow_server(Duration::from_secs(3), Duration::from_secs(30));
    let (_dir, store) = two_region_store();
    let id = queue(&store, HAINAN, region("460000"), at(9)).unwrap();

    let report = run(send_pending(&store, &transport, at(9))).unwrap();
    assert_eq!(report.sent, [id], "{report:?}");
    assert_eq!(status(&store, id).0, DigestStatus::Sent);
    assert_eq!(server.messages().len(), 1, "exactly one copy");
    assert_eq!(server.connections(), 1);
}

/// Past `data_timeout_secs` the digest stays pending, the error says the
/// server got the data (not host, port or firewall), and the retry sends the
/// same Message-ID.
#[test]
fn an_unconfirmed_data_is_retried_with_the_same_message_id_and_says_so() {
    let (server, transport) = slow_server(Duration::from_secs(3), Duration::from_secs(1));
    let (_dir, store) = two_region_store();
    let id = queue(&store, HAINAN, region("460000"), at(9)).unwrap();

    let first = run(send_pending(&store, &transport, at(9))).unwrap();
    let [(_, error)] = &first.retrying[..] else {
        panic!("{first:?}")
    };
    assert!(
        matches!(error, SendError::Unconfirmed { secs: 1, .. }),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(
        message.contains("went out to 127.0.0.1:")
            && message.contains("did not confirm it within 1 s")
            && !message.contains("firewall"),
        "{message}"
    );
    let (state, reason) = status(&store, id);
    assert_eq!(state, DigestStatus::Pending);
    assert_eq!(reason.as_deref(), Some(message.as_str()));

    let second = run(send_pending(&store, &transport, later(at(9), 1))).unwrap();
    assert_eq!(second.sent, [id], "{second:?}");
    let messages = server.messages();
    assert_eq!(messages.len(), 2);
    assert_eq!(messages[0], messages[1], "the same bytes and Message-ID");
}

#[test]
fn starttls_required_but_not_offered_sends_no_credentials_and_no_message() {
    let server = RawServer::start(Behaviour::AuthWithoutStarttls);
    let (_dir, store) = two_region_store();
    let Transport::Smtp(mut settings, _) = smtp(server.addr, TlsMode::Starttls) else {
        unreachable!()
    };
    settings.username = Some("monitor".into());
    let transport = Transport::Smtp(settings, Some(Secret::new("hunter2-secret")));
    assert!(!format!("{transport:?}").contains("hunter2"));
    let id = queue(&store, HAINAN, region("460000"), at(9)).unwrap();

    let report = run(send_pending(&store, &transport, at(9))).unwrap();
    assert!(
        matches!(report.failed[..], [(_, SendError::Tls { .. })]),
        "{report:?}"
    );
    let reason = status(&store, id).1.unwrap();
    assert!(reason.contains("STARTTLS"), "{reason}");
    assert!(!reason.contains("hunter2"));

    let transcript = server.transcript().to_ascii_uppercase();
    assert!(transcript.starts_with("EHLO"), "{transcript}");
    assert!(!transcript.contains("AUTH"), "{transcript}");
    assert!(!transcript.contains("MAIL FROM"), "{transcript}");
    assert!(!transcript.contains("HUNTER2"));
    assert!(server.messages().is_empty());
}

#[test]
fn a_refused_login_fails_the_digest_with_advice_and_sends_nothing() {
    let server = RawServer::start(Behaviour::AuthRefused);
    let (_dir, store) = two_region_store();
    let Transport::Smtp(mut settings, _) = smtp(server.addr, TlsMode::None) else {
        unreachable!()
    };
    settings.username = Some("monitor".into());
    let transport = Transport::Smtp(settings, Some(Secret::new("wrong-secret")));
    let id = queue(&store, HAINAN, region("460000"), at(9)).unwrap();

    let report = run(send_pending(&store, &transport, at(9))).unwrap();
    assert!(
        matches!(report.failed[..], [(_, SendError::Auth { .. })]),
        "{report:?}"
    );
    let (state, reason) = status(&store, id);
    assert_eq!(state, DigestStatus::Failed);
    let reason = reason.unwrap();
    assert!(reason.contains("check [smtp] username"), "{reason}");
    assert!(!reason.contains("wrong-secret"), "{reason}");
    let transcript = server.transcript().to_ascii_uppercase();
    assert!(transcript.contains("AUTH"), "{transcript}");
    assert!(!transcript.contains("MAIL FROM"), "{transcript}");
    assert!(server.messages().is_empty());

    // Its highlight is not lost: it goes into the next digest.
    assert!(queue(&store, HAINAN, region("460000"), at(10)).is_some());
}

/// Queues and sends a digest with `settings` (whose CA the system does not
/// trust): it must fail at once as a TLS error that points at `ca_file`.
fn send_untrusted(store: &AsyncStore, settings: &SmtpSettings, password: Option<Secret>) {
    let id = queue(store, HAINAN, region("460000"), at(9)).unwrap();
    let transport = Transport::Smtp(settings.clone(), password);
    let report = run(send_pending(store, &transport, at(9))).unwrap();
    assert!(
        matches!(report.failed[..], [(_, SendError::Tls { .. })]),
        "{report:?}"
    );
    let (state, reason) = status(store, id);
    assert_eq!(state, DigestStatus::Failed);
    assert!(reason.unwrap().contains("[smtp].ca_file"));
}

/// STARTTLS to a relay whose certificate a private CA signed: trusted through
/// `[smtp].ca_file`, the digest is delivered; without it, nothing is sent.
#[test]
fn starttls_with_a_private_ca_delivers_only_when_the_ca_is_trusted() {
    let dir = tempfile::tempdir().unwrap();
    let pki = TestPki::create(dir.path(), "relay");
    let server = SmtpServer::start_starttls(&pki);
    let (_store_dir, store) = two_region_store();
    let Transport::Smtp(mut settings, _) = smtp(server.addr, TlsMode::Starttls) else {
        unreachable!()
    };

    send_untrusted(&store, &settings, None);
    assert_eq!(
        server.mail_commands(),
        0,
        "MAIL FROM before TLS was verified"
    );

    settings.ca_file = Some(ca_file(&pki.ca));
    let trusted = queue(&store, HAINAN, region("460000"), at(10)).unwrap();
    let report = run(send_pending(
        &store,
        &Transport::Smtp(settings, None),
        at(10),
    ))
    .unwrap();
    assert_eq!(report.sent, [trusted], "{report:?}");
    let accepted = server.accepted();
    assert_eq!(accepted.len(), 1);
    assert!(
        accepted[0].to.iter().any(|to| to.contains("@")),
        "{:?}",
        accepted[0].to
    );
}

/// Implicit TLS (port 465) to a relay with a private CA's certificate:
/// trusted through `[smtp].ca_file`, the login and the digest go over TLS.
#[test]
fn implicit_tls_with_a_private_ca_logs_in_and_delivers() {
    let dir = tempfile::tempdir().unwrap();
    let pki = TestPki::create(dir.path(), "relay465");
    let server = RawServer::start_implicit_tls(Behaviour::AuthWithoutStarttls, &pki);
    let (_store_dir, store) = two_region_store();
    let Transport::Smtp(mut settings, _) = smtp(server.addr, TlsMode::Implicit) else {
        unreachable!()
    };
    settings.username = Some("monitor".into());
    let password = || Some(Secret::new("hunter2-secret"));

    send_untrusted(&store, &settings, password());
    assert!(server.transcript().is_empty(), "{}", server.transcript());

    settings.ca_file = Some(ca_file(&pki.ca));
    let trusted = queue(&store, HAINAN, region("460000"), at(10)).unwrap();
    let transport = Transport::Smtp(settings, password());
    let report = run(send_pending(&store, &transport, at(10))).unwrap();
    assert_eq!(report.sent, [trusted], "{report:?}");
    let transcript = server.transcript().to_ascii_uppercase();
    assert!(transcript.contains("AUTH"), "{transcript}");
    assert_eq!(server.accepted().len(), 1);
}

#[test]
fn chinese_subject_and_body_arrive_intact() {
    let server = SmtpServer::start(&[]);
    let (_dir, store) = two_region_store();
    let subject = "海南自由贸易港：2条新动态 — 洋浦港对外开放";
    let text = "海南省将扩大对外开放，洋浦港向外国船舶开放。\n广东省深圳市降低关税。";
    let html = "<p>海南省将扩大对外开放，洋浦港向外国船舶开放。</p>";
    let to = mailbox("分析师 <analyst@example.net>");
    let rendered = Rendered {
        subject: subject.into(),
        text: text.into(),
        html: html.into(),
    };
    run(store.call(move |s| {
        queue_for_recipient(
            s,
            &mailbox(FROM),
            &to,
            &HighlightFilter::default(),
            100,
            false,
            at(9),
            |_| Ok(rendered),
        )
    }))
    .unwrap()
    .unwrap();
    let report = run(send_pending(
        &store,
        &smtp(server.addr, TlsMode::None),
        at(9),
    ))
    .unwrap();
    assert_eq!(report.sent.len(), 1);

    let received = &server.accepted()[0];
    assert!(received.data.is_ascii(), "7-bit clean on the wire");
    let msg = Part::parse(&received.data);
    assert_eq!(msg.decoded("subject").unwrap(), subject);
    assert!(msg.decoded("to").unwrap().contains("分析师"));
    let parts = msg.parts();
    assert_eq!(parts[0].text().replace("\r\n", "\n"), text);
    assert_eq!(parts[1].text(), html);
    assert!(
        parts[0]
            .header("content-type")
            .unwrap()
            .contains("charset=utf-8")
    );
}

/// Set for the child process of the kill -9 test: the database it queues into.
const KILL9_DB: &str = "REGIONWATCH_TEST_KILL9_DB";

/// Not a test on its own: the child of the kill -9 test. It queues a digest,
/// says so, and waits to be killed.
#[test]
fn kill9_child_queues_then_waits() {
    let Ok(db) = std::env::var(KILL9_DB) else {
        return;
    };
    let store = AsyncStore::new(Store::open(std::path::Path::new(&db)).unwrap());
    let id = queue(&store, HAINAN, region("460000"), at(9)).unwrap();
    // Straight to the pipe: the test harness may capture `println!`.
    let mut out = std::io::stdout();
    std::io::Write::write_all(&mut out, format!("QUEUED {id}\n").as_bytes()).unwrap();
    std::io::Write::flush(&mut out).unwrap();
    let mut line = String::new();
    let _ = std::io::stdin().read_line(&mut line); // the parent never writes
}

#[test]
fn killed_between_composing_and_sending_then_restarted_delivers_exactly_once() {
    use std::io::BufRead;
    use std::process::{Command, Stdio};

    let server = SmtpServer::start(&[]);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rw.db");
    drop(seed::two_regions(&db));
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "kill9_child_queues_then_waits",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(KILL9_DB, &db)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    // The harness prints "test <name> ... " first, on the same line.
    let queued = stdout
        .lines()
        .map(Result::unwrap)
        .find_map(|l| l.split_once("QUEUED ").map(|(_, id)| id.trim().to_owned()))
        .expect("the child queued a digest");
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let id: i64 = queued.parse().unwrap();
    assert_eq!(
        server.mail_commands(),
        0,
        "nothing was sent before the kill"
    );

    // The restart: a new process state, the same database.
    let store = AsyncStore::new(Store::open(&db).unwrap());
    assert_eq!(
        queue(&store, HAINAN, region("460000"), at(10)),
        None,
        "not queued twice"
    );
    let transport = smtp(server.addr, TlsMode::None);
    let report = run(send_pending(&store, &transport, at(10))).unwrap();
    assert_eq!(report.sent, [id]);
    let report = run(send_pending(&store, &transport, at(12))).unwrap();
    assert!(report.sent.is_empty());
    assert_eq!(server.accepted().len(), 1, "delivered exactly once");
}
