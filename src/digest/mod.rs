//! Digests: what each recipient receives.
//!
//! - [`compose`]: picks a recipient's highlights (its filters) and groups them by province, then
//!   city, in a fixed order.
//! - [`render`]: turns a composed digest into a subject, a plain-text part and an inline-styled
//!   HTML part with the same content. Every scraped string is escaped; only http(s) links.
//!
//! Building the MIME message and delivering it (outbox, SMTP, file, sendmail) live beside these.

pub mod compose;
pub mod render;

pub use compose::{CityGroup, DigestItems, ProvinceGroup, filter_for, group, store_filters};
pub use render::{DigestError, Rendered, render};
