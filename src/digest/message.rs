//! The message of a digest: From the configured sender, To the one recipient
//! (never Cc/Bcc), an RFC 2047 subject, a deterministic Message-ID, and a
//! multipart/alternative body (text/plain + text/html, UTF-8).
//!
//! The bytes built here are stored in the outbox and sent byte-identical on
//! every retry: the MIME boundary is random, so the message is built once.

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

/// `<digest-{id}-{8 hex of sha256(recipient)}@{sender's domain}>`: unique per
/// digest, the same on every resend, and saying nothing readable about the
/// recipient to other hops.
pub fn message_id(digest_id: i64, recipient: &Mailbox, from: &Mailbox) -> String {
    let address = recipient.email.to_string().to_lowercase();
    let hash = Sha256::digest(address.as_bytes());
    let short: String = hash[..4].iter().map(|b| format!("{b:02x}")).collect();
    format!("<digest-{digest_id}-{short}@{}>", from.email.domain())
}

/// Builds the complete message of digest `digest_id` for `to`.
pub fn build(
    digest_id: i64,
    from: &Mailbox,
    to: &Mailbox,
    rendered: &Rendered,
    date: SystemTime,
) -> Result<QueuedMessage, MessageError> {
    build_with_id(message_id(digest_id, to, from), from, to, rendered, date)
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
    fn message_id_is_deterministic_and_per_recipient() {
        let from = mailbox("regionwatch <monitor@example.org>");
        let a = message_id(7, &mailbox("a@example.net"), &from);
        assert_eq!(a, message_id(7, &mailbox("A <A@example.net>"), &from));
        assert_ne!(a, message_id(7, &mailbox("b@example.net"), &from));
        assert!(
            a.starts_with("<digest-7-") && a.ends_with("@example.org>"),
            "{a}"
        );
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
