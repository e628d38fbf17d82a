//! Digests: what each recipient receives, and getting it there exactly once.
//!
//! - [`compose`]: picks a recipient's highlights (its filters) and groups them by province, then
//!   city, in a fixed order.
//! - [`layout`]: regroups them for the reader: an overview of the regions, then each region's
//!   articles, each article's highlights.
//! - [`mod@render`]: turns a composed digest into a subject, a plain-text part (78 columns) and an
//!   HTML part with the same content. Every scraped string is escaped; only http(s) links.
//! - [`message`]: the RFC 5322 message of a rendered digest (headers, Message-ID, multipart).
//! - `password`: the SMTP password, read from its source when a round starts, into a
//!   [`Secret`] that never prints.
//! - [`transport`]: SMTP, `.eml` files or sendmail, with errors sorted into what to fix;
//!   `smtp` drives one SMTP session with a limit on each wait; both report a `SendError`.
//! - [`deliver`]: queueing digests in the outbox and sending it exactly once.
//! - [`round`]: one digest round for the configured recipients, top-down.

pub mod compose;
pub mod deliver;
pub mod layout;
pub mod message;
mod password;
pub mod render;
pub mod round;
mod secret;
mod send_error;
mod smtp;
mod text;
pub mod transport;

pub use compose::{CityGroup, DigestItems, ProvinceGroup, filter_for, group, store_filters};
pub use layout::{ArticleBlock, OverviewRow, RegionSection, overview, sections};
pub use password::PasswordError;
pub use render::{DigestError, Outlook, Rendered, render, render_with};
pub use round::{RoundError, RoundReport, compose_and_send, transport_for};
pub use secret::{REDACTED, Secret};
