//! The message of a digest: From the configured sender, To the one recipient
//! (never Cc/Bcc), an RFC 2047 subject, a Message-ID unique across databases,
//! and a multipart/alternative body (text/plain + text/html, UTF-8).
//!
//! The bytes built here are stored in the outbox and sent byte-identical on
//! every retry: the MIME boundary and the Message-ID are random, so the
//! message is built once.

use std::time::SystemTime;

use lettre::Message;
use lettre::message::{Mailbox, MultiPart};
use sha2::{Digest, Sha256};

use super::render::Rendered;
use crate::store::QueuedMessage;

/// Why a message could not be built.
#[derive(Debug, thiserror::Error)]
pub enum MessageError {
    #[error("cannot build the digest message: {0}")]
    Build(#[from] lettre::error::Error),
}

/// The sender used when no SMTP `from` is configured (file transport).
pub fn default_from() -> Mailbox {
    "regionwatch <regionwatch@localhost>"
        .parse()
        .expect("a valid built-in mailbox")
}

/// `<digest-{id}-{32 hex}@{sender's domain}>`. The digest id alone repeats
/// in a restored or new database and on a second instance, and clients that
/// deduplicate by Message-ID would hide the later digest; so the 32 hex
/// digits are 128 bits of SHA-256 over a random value, the time and the
/// digest's recipient and content. Made once when the digest is queued and
/// stored with its bytes, so every retry sends the same Message-ID; nothing
/// readable about the recipient reaches other hops.
pub fn message_id(
    digest_id: i64,
    recipient: &Mailbox,
    from: &Mailbox,
    rendered: &Rendered,
    date: SystemTime,
) -> String {
    let mut hash = Sha256::new();
    hash.update(random_u128().to_le_bytes());
    hash.update(nanos(SystemTime::now()).to_le_bytes());
    hash.update(nanos(date).to_le_bytes());
    hash.update(std::process::id().to_le_bytes());
    for part in [
        recipient.email.to_string().to_lowercase().as_str(),
        &rendered.subject,
        &rendered.text,
        &rendered.html,
    ] {
        hash.update((part.len() as u64).to_le_bytes());
        hash.update(part.as_bytes());
    }
    let unique: String = hash.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("<digest-{digest_id}-{unique}@{}>", from.email.domain())
}

/// 128 random bits: std's `RandomState` is keyed from the operating system's
/// random source, which is all this needs (no new dependency for one value).
fn random_u128() -> u128 {
    use std::hash::BuildHasher;
    let state = std::collections::hash_map::RandomState::new();
    (u128::from(state.hash_one(1u8)) << 64) | u128::from(state.hash_one(2u8))
}

fn nanos(t: SystemTime) -> u128 {
    t.duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos())
}

/// Builds the complete message of digest `digest_id` for `to`.
pub fn build(
    digest_id: i64,
    from: &Mailbox,
    to: &Mailbox,
    rendered: &Rendered,
    date: SystemTime,
) -> Result<QueuedMessage, MessageError> {
    let id = message_id(digest_id, to, from, rendered, date);
    build_with_id(id, from, to, rendered, date)
}

/// Builds a message with the given Message-ID (`send-test-email` uses its own).
pub fn build_with_id(
    message_id: String,
    from: &Mailbox,
    to: &Mailbox,
    rendered: &Rendered,
    date: SystemTime,
) -> Result<QueuedMessage, MessageError> {
    let subject = one_line(&rendered.subject);
    let message = Message::builder()
        .from(from.clone())
        .to(to.clone())
        .subject(subject.clone())
        .message_id(Some(message_id.clone()))
        .date(date)
        .multipart(MultiPart::alternative_plain_html(
            rendered.text.clone(),
            rendered.html.clone(),
        ))?;
    Ok(QueuedMessage {
        message_id,
        subject,
        bytes: message.formatted(),
    })
}

/// The subject on one line. lettre already encodes CR/LF harmlessly; folding
/// them to spaces here also keeps the stored subject and `status` readable.
fn one_line(subject: &str) -> String {
    subject
        .split(['\r', '\n'])
        .filter(|part| !part.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mailbox(s: &str) -> Mailbox {
        s.parse().unwrap()
    }

    #[test]
    fn message_ids_of_the_same_digest_id_and_content_differ() {
        let from = mailbox("regionwatch <monitor@example.org>");
        let to = mailbox("a@example.net");
        let rendered = Rendered {
            subject: "s".into(),
            text: "t".into(),
            html: "<p>h</p>".into(),
        };
        let id = || message_id(7, &to, &from, &rendered, SystemTime::UNIX_EPOCH);
        let a = id();
        assert_ne!(a, id());
        let unique = a
            .strip_prefix("<digest-7-")
            .and_then(|rest| rest.strip_suffix("@example.org>"))
            .unwrap_or_else(|| panic!("{a}"));
        assert_eq!(unique.len(), 32, "{a}");
        assert!(unique.bytes().all(|b| b.is_ascii_hexdigit()), "{a}");
    }

    #[test]
    fn crlf_in_the_subject_adds_no_header() {
        let rendered = Rendered {
            subject: "News\r\nBcc: evil@example.com".into(),
            text: "t".into(),
            html: "<p>h</p>".into(),
        };
        let built = build(
            1,
            &default_from(),
            &mailbox("a@example.net"),
            &rendered,
            SystemTime::UNIX_EPOCH,
        )
        .unwrap();
        let text = String::from_utf8(built.bytes).unwrap();
        assert!(!text.to_ascii_lowercase().contains("\r\nbcc:"), "{text}");
        assert_eq!(built.subject, "News Bcc: evil@example.com");
    }
}
