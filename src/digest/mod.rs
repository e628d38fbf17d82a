//! Email digests: build the message, queue it in the outbox, deliver it.
//!
//! - [`message`]: the RFC 5322 message of a rendered digest (headers, Message-ID, multipart).
//! - [`transport`]: SMTP, `.eml` files or sendmail, with errors sorted into what to fix.
//! - [`deliver`]: queueing digests and sending the outbox exactly once.

pub mod deliver;
pub mod message;
pub mod transport;
