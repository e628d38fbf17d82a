//! The outbox's exactly-once rules in the store, against a real SQLite file,
//! and the file transport's .eml output.

mod smtp_server;

use chrono::Duration;
use regionwatch::digest::transport::Transport;
use regionwatch::store::{
    DigestStatus, HighlightFilter, NewDigest, QueuedMessage, Store, StoreError,
};
use smtp_server::seed::{self, at};

const TO: &str = "analyst@example.net";

fn all_ids(store: &Store) -> Vec<i64> {
    let undelivered = store
        .undelivered_highlights(TO, &HighlightFilter::default(), 100)
        .unwrap();
    undelivered.iter().map(|h| h.id).collect()
}

fn create(store: &mut Store, ids: &[i64]) -> Result<i64, StoreError> {
    let new = NewDigest {
        recipient: TO.into(),
        sender: "monitor@example.org".into(),
        highlight_ids: ids.to_vec(),
    };
    store.create_digest(&new, at(9), |id| {
        Ok(QueuedMessage {
            message_id: format!("<digest-{id}-x@example.org>"),
            subject: "s".into(),
            bytes: format!("Message-ID: <digest-{id}-x@example.org>\r\n\r\nbody\r\n").into_bytes(),
        })
    })
}

#[test]
fn queued_items_are_not_offered_or_queued_again_and_sent_ones_are_delivered_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = seed::two_regions(&dir.path().join("rw.db"));
    let migrations = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().is_dir())
        .count();
    assert_eq!(
        store.schema_version().unwrap(),
        migrations as i64,
        "every migration applied"
    );
    let ids = all_ids(&store);
    assert_eq!(ids.len(), 2);

    let id = create(&mut store, &ids).unwrap();
    assert!(all_ids(&store).is_empty(), "pending items are taken");
    assert!(matches!(
        create(&mut store, &ids[..1]),
        Err(StoreError::AlreadyInDigest { .. })
    ));
    // Another recipient still gets them.
    let other = store
        .undelivered_highlights("other@example.net", &HighlightFilter::default(), 100)
        .unwrap();
    assert_eq!(other.len(), 2);

    let stored = store.digest(id).unwrap();
    assert_eq!(stored.status, DigestStatus::Pending);
    assert_eq!(stored.message_id, format!("<digest-{id}-x@example.org>"));
    assert_eq!(stored.highlight_ids.len(), 2);

    store.mark_sent(id, at(10)).unwrap();
    assert_eq!(store.digest(id).unwrap().status, DigestStatus::Sent);
    assert!(all_ids(&store).is_empty(), "sent items are delivered");
    assert!(matches!(
        store.mark_sent(id, at(11)),
        Err(StoreError::NoSuchDigest(_))
    ));
    assert!(matches!(
        create(&mut store, &ids),
        Err(StoreError::AlreadyInDigest { .. })
    ));
}

#[test]
fn a_failed_digest_frees_its_items_and_retries_wait_for_their_time() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = seed::two_regions(&dir.path().join("rw.db"));
    let ids = all_ids(&store);
    let id = create(&mut store, &ids).unwrap();

    assert_eq!(store.pending_digests(at(9)).unwrap().len(), 1);
    assert!(
        store
            .claim_digest(id, at(9), at(9) + Duration::minutes(5))
            .unwrap()
    );
    assert!(
        !store
            .claim_digest(id, at(9), at(9) + Duration::minutes(5))
            .unwrap(),
        "claimed once"
    );
    store
        .mark_retry(id, "451 later", at(9) + Duration::minutes(1))
        .unwrap();
    assert!(store.pending_digests(at(9)).unwrap().is_empty());
    let due = store.pending_digests(at(9) + Duration::minutes(1)).unwrap();
    assert_eq!(
        (due[0].attempts, due[0].last_error.as_deref()),
        (1, Some("451 later"))
    );

    store.mark_failed(id, "550 no such user").unwrap();
    let status = store.outbox_status().unwrap();
    assert!(status.pending.is_empty());
    assert_eq!(
        status.failed[0].last_error.as_deref(),
        Some("550 no such user")
    );
    assert_eq!(all_ids(&store), ids, "eligible for the next digest");
    let next = create(&mut store, &ids).unwrap();
    assert_ne!(next, id);
}

#[test]
fn a_failing_message_build_leaves_nothing_queued() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = seed::two_regions(&dir.path().join("rw.db"));
    let ids = all_ids(&store);
    let new = NewDigest {
        recipient: TO.into(),
        sender: "monitor@example.org".into(),
        highlight_ids: ids.clone(),
    };
    let err = store
        .create_digest(&new, at(9), |_| Err("boom".into()))
        .unwrap_err();
    assert!(matches!(err, StoreError::BuildMessage(_)));
    assert_eq!(all_ids(&store), ids);
    assert!(store.outbox_status().unwrap().pending.is_empty());
}

#[test]
fn the_file_transport_writes_one_eml_per_message_id_and_overwrites_on_resend() {
    let dir = tempfile::tempdir().unwrap();
    let outbox = dir.path().join("outbox");
    let transport = Transport::File(outbox.clone());
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let bytes = b"Message-ID: <digest-1-ab@example.org>\r\n\r\nhello\r\n";
    for _ in 0..2 {
        rt.block_on(transport.send("a@example.org", TO, "<digest-1-ab@example.org>", bytes))
            .unwrap();
    }
    let names: Vec<String> = std::fs::read_dir(&outbox)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names, ["digest-1-ab@example.org.eml"]);
    assert_eq!(std::fs::read(outbox.join(&names[0])).unwrap(), bytes);
}
