//! One SMTP session, driven step by step with lettre's connection API so
//! that each wait has its own limit: the connection and login get twice
//! `timeout_secs`, MAIL, RCPT and DATA `timeout_secs` each, and the reply to
//! the message itself `data_timeout_secs` (RFC 5321 4.5.3.2: 10 minutes; a
//! server may scan and store the message before it answers, and a client
//! that gives up earlier sends a second copy with its retry). lettre's own
//! transport has one timeout, for the TCP connect only.
//!
//! Errors are sorted into [`SendError`] by what the user must do.

use std::future::Future;
use std::time::Duration;

use lettre::address::Envelope;
use lettre::transport::smtp::Error as SmtpError;
use lettre::transport::smtp::authentication::{Credentials, DEFAULT_MECHANISMS};
use lettre::transport::smtp::client::{AsyncSmtpConnection, Certificate, TlsParameters};
use lettre::transport::smtp::commands::{Data, Mail, Rcpt};
use lettre::transport::smtp::extension::{ClientId, Extension, MailBodyParameter, MailParameter};

use super::Secret;
use super::send_error::SendError;
use crate::config::{SmtpSettings, TlsMode};

/// Sends `bytes` to the envelope's recipient; `Ok` once the server answered
/// 250 to the message.
pub(super) async fn send(
    s: &SmtpSettings,
    password: Option<&Secret>,
    envelope: &Envelope,
    bytes: &[u8],
) -> Result<(), SendError> {
    let login = s.timeout * 2;
    let mut conn = within(s, login, open(s, password)).await?;
    let result = transfer(s, &mut conn, envelope, bytes).await;
    // QUIT and close; a server that does not answer it no longer matters.
    let _ = tokio::time::timeout(s.timeout, conn.abort()).await;
    result
}

/// Connects, secures the connection as `tls` says and logs in as `username` with `password`.
async fn open(
    s: &SmtpSettings,
    password: Option<&Secret>,
) -> Result<AsyncSmtpConnection, SmtpError> {
    let hello = ClientId::default();
    let implicit = (s.tls == TlsMode::Implicit).then(|| tls_parameters(s));
    let mut conn = AsyncSmtpConnection::connect_tokio1(
        (s.host.as_str(), s.port),
        Some(s.timeout),
        &hello,
        implicit.transpose()?,
        None,
    )
    .await?;
    if s.tls == TlsMode::Starttls {
        // Required: lettre refuses to go on when the server does not offer it.
        conn.starttls(tls_parameters(s)?, &hello).await?;
    }
    if let (Some(user), Some(password)) = (&s.username, password) {
        let credentials = Credentials::new(user.clone(), password.expose().to_owned());
        conn.auth(DEFAULT_MECHANISMS, &credentials).await?;
    }
    Ok(conn)
}

/// The server's name checked against the system's CAs plus `ca_file`'s.
fn tls_parameters(s: &SmtpSettings) -> Result<TlsParameters, SmtpError> {
    match &s.ca_file {
        None => TlsParameters::new(s.host.clone()),
        Some(ca) => TlsParameters::builder(s.host.clone())
            .add_root_certificate(Certificate::from_pem(&ca.pem)?)
            .build(),
    }
}

/// MAIL, RCPT and DATA, then the message and its reply.
async fn transfer(
    s: &SmtpSettings,
    conn: &mut AsyncSmtpConnection,
    envelope: &Envelope,
    bytes: &[u8],
) -> Result<(), SendError> {
    let mail = Mail::new(
        envelope.from().cloned(),
        mail_parameters(conn, envelope, bytes)?,
    );
    within(s, s.timeout, conn.command(mail)).await?;
    for to in envelope.to() {
        within(s, s.timeout, conn.command(Rcpt::new(to.clone(), vec![]))).await?;
    }
    within(s, s.timeout, conn.command(Data)).await?;
    match tokio::time::timeout(s.data_timeout, conn.message(bytes)).await {
        Ok(Ok(_)) => Ok(()),
        Ok(Err(e)) => Err(classify(s, &e)),
        Err(_elapsed) => Err(SendError::Unconfirmed {
            server: server(s),
            secs: s.data_timeout.as_secs(),
        }),
    }
}

/// SMTPUTF8 and 8BITMIME when the envelope or the message need them (as
/// lettre's transport does); a server without them cannot take the digest.
fn mail_parameters(
    conn: &AsyncSmtpConnection,
    envelope: &Envelope,
    bytes: &[u8],
) -> Result<Vec<MailParameter>, SendError> {
    let info = conn.server_info();
    let mut parameters = Vec::new();
    let addresses = envelope.from().into_iter().chain(envelope.to());
    if addresses.map(AsRef::<str>::as_ref).any(|a| !a.is_ascii()) {
        if !info.supports_feature(Extension::SmtpUtfEight) {
            return Err(SendError::BadAddress(
                "a non-ASCII address, and the server does not offer SMTPUTF8".into(),
            ));
        }
        parameters.push(MailParameter::SmtpUtfEight);
    }
    if !bytes.is_ascii() {
        if !info.supports_feature(Extension::EightBitMime) {
            return Err(SendError::Rejected {
                code: 0,
                detail: "8-bit message, and the server does not offer 8BITMIME".into(),
            });
        }
        parameters.push(MailParameter::Body(MailBodyParameter::EightBitMime));
    }
    Ok(parameters)
}

/// `step`, given up after `limit` (no answer: host, port or firewall).
async fn within<T>(
    s: &SmtpSettings,
    limit: Duration,
    step: impl Future<Output = Result<T, SmtpError>>,
) -> Result<T, SendError> {
    match tokio::time::timeout(limit, step).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(e)) => Err(classify(s, &e)),
        Err(_elapsed) => Err(SendError::Timeout {
            server: server(s),
            secs: limit.as_secs(),
        }),
    }
}

fn server(s: &SmtpSettings) -> String {
    format!("{}:{}", s.host, s.port)
}

/// Sorts a lettre error by what the user must do.
fn classify(s: &SmtpSettings, e: &SmtpError) -> SendError {
    let detail = error_chain(e);
    if let Some(code) = e.status() {
        let code: u16 = code.to_string().parse().unwrap_or(0);
        return match code {
            535 | 534 | 530 => SendError::Auth { detail },
            500..=599 => SendError::Rejected { code, detail },
            _ => SendError::Deferred { code, detail },
        };
    }
    let no_starttls = e.is_client() && detail.contains("STARTTLS");
    if e.is_tls() || no_starttls || tls_failure(e) {
        return SendError::Tls {
            server: server(s),
            detail,
        };
    }
    if e.is_timeout() {
        return SendError::Timeout {
            server: server(s),
            secs: s.timeout.as_secs(),
        };
    }
    if io_kind(e) == Some(std::io::ErrorKind::ConnectionRefused) {
        return SendError::Refused { server: server(s) };
    }
    SendError::Connection {
        server: server(s),
        detail,
    }
}

/// A TLS handshake that failed (an untrusted or mismatched certificate, no
/// common protocol): lettre reports it as a connection error wrapping rustls's.
fn tls_failure(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut source = Some(e);
    while let Some(err) = source {
        let inner = err
            .downcast_ref::<std::io::Error>()
            .and_then(std::io::Error::get_ref)
            .map_or(err, |inner| inner as &(dyn std::error::Error + 'static));
        if inner.downcast_ref::<rustls::Error>().is_some() {
            return true;
        }
        source = err.source();
    }
    false
}

fn io_kind(e: &(dyn std::error::Error + 'static)) -> Option<std::io::ErrorKind> {
    let mut source = Some(e);
    while let Some(err) = source {
        if let Some(io) = err.downcast_ref::<std::io::Error>() {
            return Some(io.kind());
        }
        source = err.source();
    }
    None
}

/// The error and its causes on one line (lettre's Display omits the causes).
fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = e.source();
    while let Some(err) = source {
        parts.push(err.to_string());
        source = err.source();
    }
    parts.dedup();
    parts.join(": ")
}
