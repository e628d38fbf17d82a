//! How a queued message leaves: SMTP (lettre, TLS required unless the host is
//! loopback; the session itself is in `digest::smtp`, with the config's
//! `SmtpSettings` as they are), `.eml` files in a directory, or a sendmail command.
//!
//! Failures are sorted into [`SendError`] variants by what the user must do,
//! and each says whether trying again later can help ([`SendError::is_permanent`]).
//! No connection pool: a digest goes out a few times a day, and lettre's pool
//! does not recover from a server dropping an idle connection.

use std::path::{Path, PathBuf};
use std::time::Duration;

use lettre::address::Envelope;
use lettre::message::Mailbox;
use lettre::{Address, AsyncSendmailTransport, AsyncTransport, Tokio1Executor};

use super::Secret;
pub use super::send_error::SendError;
pub use crate::config::{SmtpSettings, TlsMode};

/// Where digests go.
#[allow(clippy::large_enum_variant)] // one per digest round: its size does not matter
#[derive(Debug, Clone)]
pub enum Transport {
    /// The `[smtp]` settings as configured, and the password read from its source when the
    /// transport was made (`None` without a username).
    Smtp(SmtpSettings, Option<Secret>),
    /// `.eml` files in this directory (the default without SMTP: nothing is lost).
    File(PathBuf),
    /// This sendmail-compatible command.
    Sendmail(PathBuf),
}

impl Transport {
    /// The sender to use in messages: `[smtp].from`, else the built-in default.
    pub fn from(&self) -> Mailbox {
        match self {
            Transport::Smtp(s, _) => s.from.clone(),
            _ => super::message::default_from(),
        }
    }

    /// How long one send may take at most (a claim on a digest lasts longer):
    /// login, MAIL, RCPT, DATA, the reply to the message and QUIT.
    pub fn max_send_time(&self) -> Duration {
        match self {
            Transport::Smtp(s, _) => s.timeout * 6 + s.data_timeout,
            _ => Duration::from_secs(60),
        }
    }

    /// One line for logs and `status`; never contains the password.
    pub fn describe(&self) -> String {
        match self {
            Transport::Smtp(s, _) => format!("smtp {}:{} ({:?})", s.host, s.port, s.tls),
            Transport::File(dir) => format!("file {}", dir.display()),
            Transport::Sendmail(cmd) => format!("sendmail {}", cmd.display()),
        }
    }

    /// Hands `bytes` (a complete message) over for delivery from `sender` to
    /// `recipient`. `Ok` means accepted: SMTP answered 250 to the DATA, the
    /// file is durably in place, or sendmail exited 0.
    pub async fn send(
        &self,
        sender: &str,
        recipient: &str,
        message_id: &str,
        bytes: &[u8],
    ) -> Result<(), SendError> {
        let envelope = envelope(sender, recipient).map_err(SendError::BadAddress)?;
        match self {
            Transport::Smtp(s, password) => {
                super::smtp::send(s, password.as_ref(), &envelope, bytes).await
            }
            Transport::File(dir) => write_eml(dir, message_id, bytes).await,
            Transport::Sendmail(cmd) => {
                AsyncSendmailTransport::<Tokio1Executor>::new_with_command(cmd)
                    .send_raw(&envelope, bytes)
                    .await
                    .map_err(|e| SendError::Sendmail {
                        command: cmd.clone(),
                        detail: e.to_string(),
                    })
            }
        }
    }
}

fn envelope(sender: &str, recipient: &str) -> Result<Envelope, String> {
    let from: Address = sender
        .parse()
        .map_err(|e| format!("bad sender {sender:?}: {e}"))?;
    let to: Address = recipient
        .parse()
        .map_err(|e| format!("bad recipient {recipient:?}: {e}"))?;
    Envelope::new(Some(from), vec![to]).map_err(|e| e.to_string())
}

/// Writes `<dir>/<message id>.eml` atomically (temporary file, sync, rename):
/// a crash leaves either no file or the whole message; a resend overwrites
/// the same file.
async fn write_eml(dir: &Path, message_id: &str, bytes: &[u8]) -> Result<(), SendError> {
    let name: String = message_id
        .trim_matches(['<', '>'])
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "@.-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let path = dir.join(format!("{name}.eml"));
    let tmp = dir.join(format!(".{name}.eml.tmp"));
    let (dir, bytes, target) = (dir.to_owned(), bytes.to_owned(), path.clone());
    tokio::task::spawn_blocking(move || -> std::io::Result<()> {
        use std::io::Write;
        std::fs::create_dir_all(&dir)?;
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(&bytes)?;
        file.sync_all()?;
        std::fs::rename(&tmp, &target)?;
        std::fs::File::open(&dir)?.sync_all()
    })
    .await
    .map_err(|e| e.to_string())
    .and_then(|r| r.map_err(|e| e.to_string()))
    .map_err(|detail| SendError::File { path, detail })
}
