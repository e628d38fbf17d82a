//! Digests: what each recipient receives, and getting it there exactly once.
//!
//! - [`compose`]: picks a recipient's highlights (its filters) and groups them by province, then
//!   city, in a fixed order.
//! - [`mod@render`]: turns a composed digest into a subject, a plain-text part and an inline-styled
//!   HTML part with the same content. Every scraped string is escaped; only http(s) links.
//! - [`message`]: the RFC 5322 message of a rendered digest (headers, Message-ID, multipart).
//! - [`transport`]: SMTP, `.eml` files or sendmail, with errors sorted into what to fix;
//!   `smtp` drives one SMTP session with a limit on each wait.
//! - [`deliver`]: queueing digests in the outbox and sending it exactly once.
//! - [`round`]: one digest round for the configured recipients, top-down.

pub mod compose;
pub mod deliver;
pub mod message;
pub mod render;
pub mod round;
mod smtp;
pub mod transport;

pub use compose::{CityGroup, DigestItems, ProvinceGroup, filter_for, group, store_filters};
pub use render::{DigestError, Rendered, render};
pub use round::{RoundError, RoundReport, compose_and_send, transport_for};
