//! Why a digest was not handed over, sorted by what the user must do: shared by the
//! transports (`digest::transport`) and the SMTP session (`digest::smtp`).

use std::path::PathBuf;

/// Why a message was not handed over, by what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    #[error(
        "authentication failed ({detail}): check [smtp] username and the password in its password source"
    )]
    Auth { detail: String },
    #[error(
        "TLS with {server} failed: {detail}; tls = \"starttls\" requires the server to offer STARTTLS (usually port 587), tls = \"implicit\" a TLS port (usually 465); a certificate from a private CA needs that CA in [smtp].ca_file"
    )]
    Tls { server: String, detail: String },
    #[error(
        "connection refused by {server}: check [smtp] host and port and that the mail server runs"
    )]
    Refused { server: String },
    #[error("no answer from {server} within {secs} s: check host, port and firewall; will retry")]
    Timeout { server: String, secs: u64 },
    #[error(
        "the message went out to {server}, which did not confirm it within {secs} s ([smtp].data_timeout_secs); it may have stored it anyway: a digest is retried with the same Message-ID, so a second copy can be recognised"
    )]
    Unconfirmed { server: String, secs: u64 },
    #[error(
        "the mail server rejected the digest ({code} {detail}); fix the cause, the highlights go out with the next digest"
    )]
    Rejected { code: u16, detail: String },
    #[error("the mail server deferred the digest ({code} {detail}); will retry")]
    Deferred { code: u16, detail: String },
    #[error("connection to {server} failed or dropped: {detail}; will retry")]
    Connection { server: String, detail: String },
    #[error("cannot write {path}: {detail}; check that the directory exists and is writable")]
    File { path: PathBuf, detail: String },
    #[error("the outbox holds an unusable address ({0}): fix the recipient in the configuration")]
    BadAddress(String),
    #[error("sendmail command {command} failed: {detail}")]
    Sendmail { command: PathBuf, detail: String },
}

impl SendError {
    /// True when retrying the same message cannot succeed without a change
    /// by the user or the recipient: the digest is marked failed.
    pub fn is_permanent(&self) -> bool {
        matches!(
            self,
            SendError::Auth { .. }
                | SendError::Tls { .. }
                | SendError::Rejected { .. }
                | SendError::BadAddress(_)
        )
    }
}
