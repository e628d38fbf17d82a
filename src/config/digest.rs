//! The validated `[digest]`, `[smtp]` and `[[recipients]]` settings: when digests go out, how,
//! to whom, and the subject and intro templates.
//!
//! The SMTP password is never held here: [`SmtpSettings::password`] reads it from its source at
//! send time, into a [`Secret`] that cannot be printed.

use std::path::PathBuf;
use std::time::Duration;

use lettre::message::Mailbox;
use minijinja::{Environment, UndefinedBehavior, Value};

use super::secret::Secret;
use super::values::Schedule;

/// The `[digest]` table, with every default filled in.
#[derive(Debug, Clone, PartialEq)]
pub struct DigestSettings {
    /// When digests are composed and sent, in [`DigestSettings::timezone`].
    pub schedule: Schedule,
    pub timezone: chrono_tz::Tz,
    pub transport: Transport,
    /// Highlights per recipient per digest; the rest wait for the next one.
    pub max_items: usize,
    /// How far before a recipient was first seen its first digest reaches back (by default one
    /// period of [`DigestSettings::schedule`]): a recipient added later gets the last period's
    /// highlights, not the whole history as news.
    pub first_digest_lookback: Duration,
    /// Whether a digest with no highlights is sent at all.
    pub send_empty: bool,
    /// Whether a digest also carries, in a section of its own after the news, the highlights
    /// `re-extract` added to articles an earlier digest had covered (never mailed as news).
    pub include_revised: bool,
    pub subject: Template,
    pub intro: Template,
    /// Where the `file` transport writes `.eml` files.
    pub directory: PathBuf,
    /// The program the `sendmail` transport runs.
    pub sendmail_command: PathBuf,
}

impl DigestSettings {
    pub const DEFAULT_SCHEDULE: &str = "0 8 * * *";
    pub const DEFAULT_MAX_ITEMS: usize = 200;
    pub const MAX_ITEMS: usize = 5000;
    /// The longest `first_digest_lookback_hours`: a leap year.
    pub const MAX_LOOKBACK_HOURS: u64 = 366 * 24;
    pub const DEFAULT_SUBJECT: &str =
        "regionwatch: {{ count }} new highlights in {{ regions | join(', ') }}";
    pub const DEFAULT_INTRO: &str = "New opening-up highlights since {{ since }}.";
    pub const DEFAULT_SENDMAIL: &str = "/usr/sbin/sendmail";
}

/// How a composed digest leaves the machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Transport {
    Smtp,
    /// `.eml` files in a directory: nothing is lost when no SMTP server is configured.
    File,
    Sendmail,
}

/// The `[smtp]` table.
#[derive(Debug, Clone, PartialEq)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub tls: TlsMode,
    pub credentials: Option<Credentials>,
    pub from: Mailbox,
    /// For each command; connecting and logging in get twice this.
    pub timeout: Duration,
    /// For the server's reply after the message's final dot (RFC 5321 4.5.3.2: 10 minutes).
    pub data_timeout: Duration,
    /// Certificate authorities trusted beyond the system's, for a relay with a private CA.
    pub ca_file: Option<CaFile>,
}

/// `[smtp].ca_file`, read and checked at load: PEM text holding at least one certificate.
#[derive(Debug, Clone, PartialEq)]
pub struct CaFile {
    pub path: std::path::PathBuf,
    pub pem: Vec<u8>,
}

impl SmtpSettings {
    pub const DEFAULT_TIMEOUT_SECS: u64 = 30;
    pub const DEFAULT_DATA_TIMEOUT_SECS: u64 = 600;

    /// The password, read from its source now (file, environment or systemd credential).
    /// `Ok(None)` when no username is configured. Never log the result.
    pub fn password(&self) -> Result<Option<Secret>, PasswordError> {
        self.credentials
            .as_ref()
            .map(|c| c.password.read())
            .transpose()
    }
}

/// How the SMTP connection is encrypted. There is deliberately no "opportunistic" mode: it can
/// be downgraded by anyone on the path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TlsMode {
    /// TLS from the first byte (port 465).
    Implicit,
    /// STARTTLS, required: no upgrade, no mail (port 587).
    Starttls,
    /// Plain text; the config only allows it to a loopback host (port 25).
    None,
}

impl TlsMode {
    pub fn default_port(self) -> u16 {
        match self {
            TlsMode::Implicit => 465,
            TlsMode::Starttls => 587,
            TlsMode::None => 25,
        }
    }
}

/// SMTP AUTH login.
#[derive(Debug, Clone, PartialEq)]
pub struct Credentials {
    pub username: String,
    pub password: PasswordSource,
}

/// Where the SMTP password is read from at send time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasswordSource {
    /// `password_file`: the whole file, one trailing newline removed.
    File(PathBuf),
    /// `password_env`: an environment variable (inherited by children: prefer the others).
    Env(String),
    /// `password_credential`: `$CREDENTIALS_DIRECTORY/<name>` (systemd `LoadCredential=`).
    Credential(String),
}

/// The password could not be read; the message names the source, never the value.
#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    #[error("cannot read the SMTP password from {}: {source}; check smtp.password_file", path.display())]
    File {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "environment variable {0} (smtp.password_env) is not set or not UTF-8; set it for the service"
    )]
    Env(String),
    #[error(
        "$CREDENTIALS_DIRECTORY is not set, so credential {0:?} (smtp.password_credential) cannot be read; add LoadCredential={0}:<path> to the systemd unit"
    )]
    NoCredentialsDirectory(String),
}

impl PasswordSource {
    /// Reads the password now.
    pub fn read(&self) -> Result<Secret, PasswordError> {
        match self {
            PasswordSource::File(path) => read_password_file(path.clone()),
            PasswordSource::Env(name) => std::env::var(name)
                .map(Secret::new)
                .map_err(|_| PasswordError::Env(name.clone())),
            PasswordSource::Credential(name) => {
                let dir = std::env::var_os("CREDENTIALS_DIRECTORY")
                    .filter(|d| !d.is_empty())
                    .ok_or_else(|| PasswordError::NoCredentialsDirectory(name.clone()))?;
                read_password_file(PathBuf::from(dir).join(name))
            }
        }
    }
}

fn read_password_file(path: PathBuf) -> Result<Secret, PasswordError> {
    // The type is checked before opening: opening a FIFO would wait for a writer forever.
    let kind =
        std::fs::metadata(&path).map(|m| super::validate::not_a_regular_file(&m.file_type()));
    match kind {
        Ok(None) => {}
        Ok(Some(kind)) => {
            let source = std::io::Error::other(format!("it is {kind}, not a regular file"));
            return Err(PasswordError::File { path, source });
        }
        Err(source) => return Err(PasswordError::File { path, source }),
    }
    match std::fs::read_to_string(&path) {
        // Editors and `echo` add a final newline that is not part of the password.
        Ok(text) => Ok(Secret::new(
            text.strip_suffix('\n')
                .map(|t| t.strip_suffix('\r').unwrap_or(t))
                .unwrap_or(&text),
        )),
        Err(source) => Err(PasswordError::File { path, source }),
    }
}

/// One `[[recipients]]` entry: who gets a digest and of what. Empty filters match everything.
#[derive(Debug, Clone, PartialEq)]
pub struct Recipient {
    pub mailbox: Mailbox,
    /// The names or codes as written, for printing the config back.
    pub region_names: Vec<String>,
    /// 6-digit GB/T 2260 codes the names resolve to; a province includes its cities.
    pub regions: Vec<String>,
    /// Themes from [`crate::extract::lexicon::THEMES`]; a highlight needs one of them.
    pub themes: Vec<String>,
    /// Configured source names or agencies (`Xinhua`); an article of the highlight must match one.
    pub sources: Vec<String>,
}

impl Recipient {
    /// The bare address, `analyst@example.org`: what the outbox keys deliveries by.
    pub fn address(&self) -> String {
        self.mailbox.email.to_string()
    }
}

/// A minijinja template from the config (`subject`, `intro`), checked at load by rendering it
/// with sample values of every documented variable, so a typo fails `check-config`, not the
/// morning's digest. Variables: `count`, `regions` (list of names), `since`, `now`, `recipient`.
#[derive(Clone, PartialEq, Eq)]
pub struct Template {
    text: String,
}

/// The variable names a config template may use, in the order the README lists them.
pub const TEMPLATE_VARIABLES: &[&str] = &["count", "regions", "since", "now", "recipient"];

impl Template {
    pub fn parse(text: &str) -> Result<Self, String> {
        let template = Template {
            text: text.to_string(),
        };
        let sample = minijinja::context! {
            count => 3,
            regions => vec!["Hainan", "Guangdong"],
            since => "2026-05-01 08:00",
            now => "2026-05-02 08:00",
            recipient => "analyst@example.org",
        };
        template.render(sample).map_err(|e| {
            format!(
                "{text:?} is not a valid template ({e}); use minijinja syntax with the variables {}, e.g. \"{{{{ count }}}} new highlights\"",
                TEMPLATE_VARIABLES.join(", ")
            )
        })?;
        Ok(template)
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Renders with `context`; an unknown variable is an error, not an empty string. The output
    /// is plain text (no HTML escaping here: the HTML template escapes it where it is placed).
    pub fn render(&self, context: Value) -> Result<String, minijinja::Error> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.render_str(&self.text, context)
    }
}

impl std::fmt::Debug for Template {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Template({:?})", self.text)
    }
}
