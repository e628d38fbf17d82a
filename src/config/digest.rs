//! The `[digest]`, `[smtp]` and `[[recipients]]` sections: when digests go out, how, to whom,
//! and the subject and intro templates. `digest` sends with these types as they are.
//!
//! The SMTP password is never held here: [`SmtpSettings::password`] reads it from its source at
//! send time, into a [`Secret`] that cannot be printed.

use std::path::PathBuf;
use std::time::Duration;

use lettre::message::Mailbox;
use minijinja::{Environment, UndefinedBehavior, Value};
use serde::de::{Deserializer, Error};
use serde::{Deserialize, Serialize};

use super::fields::{self, as_hours, as_secs, as_text, hours, int, secs};
use super::secret::Secret;
use super::values::{Schedule, serde_as_text};

/// The `[digest]` table, with every default filled in. `schedule` is required once the table
/// is written; timezone, transport, lookback and directory default from the rest of the file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DigestSettings {
    /// When digests are composed and sent, in [`DigestSettings::timezone`].
    pub schedule: Schedule,
    #[serde(
        deserialize_with = "fields::zone",
        serialize_with = "fields::zone_name"
    )]
    pub timezone: chrono_tz::Tz,
    /// `smtp` when there is an `[smtp]` table, else `file`.
    pub transport: Transport,
    /// Highlights per recipient per digest; the rest wait for the next one.
    #[serde(deserialize_with = "int::<_, _, 1, 5000>")]
    pub max_items: usize,
    /// How far before a recipient was first seen its first digest reaches back (by default one
    /// period of [`DigestSettings::schedule`]): a recipient added later gets the last period's
    /// highlights, not the whole history as news.
    #[serde(rename = "first_digest_lookback_hours")]
    #[serde(
        deserialize_with = "hours::<_, 1, { 366 * 24 }>",
        serialize_with = "as_hours"
    )]
    pub first_digest_lookback: Duration,
    /// Whether a digest with no highlights is sent at all.
    pub send_empty: bool,
    /// Whether a digest also carries, in a section of its own after the news, the highlights
    /// `re-extract` added to articles an earlier digest had covered (never mailed as news).
    pub include_revised: bool,
    pub subject: Template,
    pub intro: Template,
    /// Where the `file` transport writes `.eml` files (by default `outbox` beside the database).
    #[serde(deserialize_with = "fields::outbox")]
    pub directory: PathBuf,
    /// The program the `sendmail` transport runs.
    #[serde(deserialize_with = "fields::program")]
    pub sendmail_command: PathBuf,
}

impl DigestSettings {
    /// The longest `first_digest_lookback_hours`: a leap year.
    pub const MAX_LOOKBACK_HOURS: u64 = 366 * 24;
}

impl Default for DigestSettings {
    /// The defaults that depend on nothing else; `check` fills in the others.
    fn default() -> Self {
        let template = |text| Template::parse(text).expect("the default templates are valid");
        DigestSettings {
            schedule: Schedule::parse("0 8 * * *", chrono_tz::UTC).expect("a valid default"),
            timezone: super::DEFAULT_TIMEZONE,
            transport: Transport::File,
            max_items: 200,
            first_digest_lookback: Duration::from_secs(24 * 3600),
            send_empty: false,
            include_revised: false,
            subject: template(
                "regionwatch: {{ count }} new highlights in {{ regions | join(', ') }}",
            ),
            intro: template("New opening-up highlights since {{ since }}."),
            directory: PathBuf::new(),
            sendmail_command: PathBuf::from("/usr/sbin/sendmail"),
        }
    }
}

/// How a composed digest leaves the machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Transport {
    Smtp,
    /// `.eml` files in a directory: nothing is lost when no SMTP server is configured.
    File,
    Sendmail,
}

/// The `[smtp]` table: where and how to reach the mail server. TLS is required unless the
/// server is on this machine; at most one password source, and only with a username.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpSettings {
    #[serde(deserialize_with = "host")]
    pub host: String,
    /// By default the usual port of [`SmtpSettings::tls`].
    #[serde(default, deserialize_with = "int::<_, _, 1, 65535>")]
    pub port: u16,
    pub tls: TlsMode,
    pub username: Option<String>,
    #[serde(default, deserialize_with = "fields::password_file")]
    pub password_file: Option<PathBuf>,
    pub password_env: Option<String>,
    pub password_credential: Option<String>,
    #[serde(deserialize_with = "fields::mailbox", serialize_with = "as_text")]
    pub from: Mailbox,
    /// For each command; connecting and logging in get twice this.
    #[serde(rename = "timeout_secs", default = "thirty_seconds")]
    #[serde(deserialize_with = "secs::<_, 1, 600>", serialize_with = "as_secs")]
    pub timeout: Duration,
    /// For the server's reply after the message's final dot (RFC 5321 4.5.3.2: 10 minutes);
    /// at least `timeout`.
    #[serde(rename = "data_timeout_secs", default = "ten_minutes")]
    #[serde(deserialize_with = "secs::<_, 1, 3600>", serialize_with = "as_secs")]
    pub data_timeout: Duration,
    /// Certificate authorities trusted beyond the system's, for a relay with a private CA.
    pub ca_file: Option<CaFile>,
}

fn thirty_seconds() -> Duration {
    Duration::from_secs(30)
}

fn ten_minutes() -> Duration {
    Duration::from_secs(600)
}

fn host<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let host = String::deserialize(d)?.trim().to_string();
    if host.is_empty() || host.contains(char::is_whitespace) {
        return Err(D::Error::custom(
            "give the mail server's host name or IP address, e.g. \"smtp.example.org\"",
        ));
    }
    Ok(host)
}

/// `[smtp].ca_file`, read and checked at load: PEM text holding at least one certificate.
/// Written back as its path.
#[derive(Debug, Clone, PartialEq)]
pub struct CaFile {
    pub path: PathBuf,
    pub pem: Vec<u8>,
}

impl<'de> Deserialize<'de> for CaFile {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        let path = fields::absolute(text, "/etc/regionwatch/relay-ca.pem")?;
        let shown = path.display();
        let holding = "the CA certificates (PEM)";
        fields::readable_regular_file(&path, holding).map_err(D::Error::custom)?;
        let pem = std::fs::read(&path).map_err(|e| {
            D::Error::custom(format!("cannot read {shown}: {e}; give a PEM file of the CA certificates that sign the mail server's certificate"))
        })?;
        let holds_certificates = String::from_utf8_lossy(&pem)
            .contains("-----BEGIN CERTIFICATE-----")
            && lettre::transport::smtp::client::Certificate::from_pem(&pem).is_ok();
        if !holds_certificates {
            return Err(D::Error::custom(format!(
                "{shown} holds no PEM certificate (-----BEGIN CERTIFICATE-----); give the CA certificates that sign the mail server's certificate"
            )));
        }
        Ok(CaFile { path, pem })
    }
}

impl Serialize for CaFile {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.path.serialize(s)
    }
}

impl SmtpSettings {
    /// The login, if a username is configured (`check` made sure it has one password source).
    pub fn credentials(&self) -> Option<Credentials> {
        let password = match (&self.password_file, &self.password_env) {
            (Some(path), _) => PasswordSource::File(path.clone()),
            (None, Some(name)) => PasswordSource::Env(name.clone()),
            (None, None) => PasswordSource::Credential(self.password_credential.clone()?),
        };
        let username = self.username.clone()?;
        Some(Credentials { username, password })
    }

    /// The password, read from its source now (file, environment or systemd credential).
    /// `Ok(None)` when no username is configured. Never log the result.
    pub fn password(&self) -> Result<Option<Secret>, PasswordError> {
        self.credentials().map(|c| c.password.read()).transpose()
    }
}

/// How the SMTP connection is encrypted. There is deliberately no "opportunistic" mode: it can
/// be downgraded by anyone on the path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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

/// Read from a string so "opportunistic" gets its own explanation.
impl<'de> Deserialize<'de> for TlsMode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match String::deserialize(d)?.as_str() {
            "implicit" => Ok(TlsMode::Implicit),
            "starttls" => Ok(TlsMode::Starttls),
            "none" => Ok(TlsMode::None),
            "opportunistic" => Err(D::Error::custom(
                "\"opportunistic\" falls back to clear text when an attacker strips STARTTLS, so it is not offered; use \"starttls\" (required) or \"implicit\"",
            )),
            other => Err(D::Error::custom(format!(
                "unknown TLS mode {other:?}; use \"implicit\", \"starttls\" or \"none\" (loopback only)"
            ))),
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
    let kind = std::fs::metadata(&path).map(|m| fields::not_a_regular_file(&m.file_type()));
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recipient {
    #[serde(
        rename = "email",
        deserialize_with = "fields::mailbox",
        serialize_with = "as_text"
    )]
    pub mailbox: Mailbox,
    /// The names or codes as written.
    #[serde(default, rename = "regions")]
    pub region_names: Vec<String>,
    /// 6-digit GB/T 2260 codes the names resolve to; a province includes its cities.
    #[serde(skip)]
    pub regions: Vec<String>,
    /// Themes from [`crate::extract::lexicon::THEMES`]; a highlight needs one of them.
    #[serde(default)]
    pub themes: Vec<String>,
    /// Configured source names or agencies (`Xinhua`); an article of the highlight must match one.
    #[serde(default)]
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

serde_as_text!(Template, Template::parse);

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
