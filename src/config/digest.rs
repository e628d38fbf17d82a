//! The `[digest]`, `[smtp]` and `[[recipients]]` sections: when digests go out, how, to whom,
//! and the subject and intro templates. `digest` sends with these types as they are.
//!
//! The SMTP password is never held here, only where it is: `digest` reads it at send time
//! (`SmtpSettings::password`, in `digest::password`).

use std::path::PathBuf;
use std::time::Duration;

use lettre::message::Mailbox;
use minijinja::{Environment, UndefinedBehavior, Value};
use serde::de::Deserializer;
use serde::{Deserialize, Serialize};

use super::fields::{self, Hours, Secs, int};
use super::values::{Schedule, text_value};

/// The `[digest]` table, with every default filled in. `schedule` is required once the table
/// is written; timezone, transport, lookback and directory default from the rest of the file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DigestSettings {
    /// When digests are composed and sent, in [`DigestSettings::timezone`].
    pub schedule: Schedule,
    #[serde(with = "fields::Zone")]
    pub timezone: chrono_tz::Tz,
    /// `smtp` when there is an `[smtp]` table, else `file`.
    pub transport: Transport,
    /// Highlights per recipient per digest; the rest wait for the next one.
    #[serde(deserialize_with = "int::<_, _, 1, 5000>")]
    pub max_items: usize,
    /// How far before a recipient was first seen its first digest reaches back (by default one
    /// period of [`DigestSettings::schedule`]): a recipient added later gets the last period's
    /// highlights, not the whole history as news.
    #[serde(
        rename = "first_digest_lookback_hours",
        with = "Hours::<1, { DigestSettings::MAX_LOOKBACK_HOURS }>"
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
    #[serde(deserialize_with = "fields::host")]
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
    #[serde(with = "fields::Email")]
    pub from: Mailbox,
    /// For each command; connecting and logging in get twice this.
    #[serde(rename = "timeout_secs", with = "Secs::<1, 600>")]
    #[serde(default = "fields::secs::<30>")]
    pub timeout: Duration,
    /// For the server's reply after the message's final dot (RFC 5321 4.5.3.2: 10 minutes);
    /// at least `timeout`.
    #[serde(rename = "data_timeout_secs", with = "Secs::<1, 3600>")]
    #[serde(default = "fields::secs::<600>")]
    pub data_timeout: Duration,
    /// Certificate authorities trusted beyond the system's, for a relay with a private CA.
    pub ca_file: Option<CaFile>,
}

/// `[smtp].ca_file`, read and checked at load: PEM text holding at least one certificate.
/// Written back (and shown by `Debug`) as its path.
#[derive(Clone, PartialEq)]
pub struct CaFile {
    pub path: PathBuf,
    pub pem: Vec<u8>,
}

text_value!(CaFile, CaFile::read);

impl CaFile {
    fn read(text: &str) -> Result<Self, String> {
        let path = fields::absolute(text, "/etc/regionwatch/relay-ca.pem")?;
        fields::readable_regular_file(&path, "the CA certificates (PEM)")?;
        let shown = path.display();
        let fix = "give the CA certificates that sign the mail server's certificate";
        let pem = std::fs::read(&path).map_err(|e| format!("cannot read {shown}: {e}; {fix}"))?;
        let holds_certificates = String::from_utf8_lossy(&pem)
            .contains("-----BEGIN CERTIFICATE-----")
            && lettre::transport::smtp::client::Certificate::from_pem(&pem).is_ok();
        if !holds_certificates {
            let what = "holds no PEM certificate (-----BEGIN CERTIFICATE-----)";
            return Err(format!("{shown} {what}; {fix}"));
        }
        Ok(CaFile { path, pem })
    }

    fn as_str(&self) -> &str {
        self.path.to_str().unwrap_or_default()
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
        let opportunistic = "\"opportunistic\" falls back to clear text when an attacker strips STARTTLS, so it is not offered; use \"starttls\" (required) or \"implicit\"";
        fields::text(d, |mode| match mode {
            "implicit" => Ok(TlsMode::Implicit),
            "starttls" => Ok(TlsMode::Starttls),
            "none" => Ok(TlsMode::None),
            "opportunistic" => Err(opportunistic.to_string()),
            other => Err(format!(
                "unknown TLS mode {other:?}; use \"implicit\", \"starttls\" or \"none\" (loopback only)"
            )),
        })
    }
}

/// One `[[recipients]]` entry: who gets a digest and of what. Empty filters match everything.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recipient {
    #[serde(rename = "email", with = "fields::Email")]
    pub mailbox: Mailbox,
    /// The names or codes as written.
    #[serde(default, rename = "regions")]
    pub region_names: Vec<String>,
    /// 6-digit GB/T 2260 codes the names resolve to; a province includes its cities.
    #[serde(skip)]
    pub regions: Vec<String>,
    /// Themes from [`regionwatch_extract::THEMES`]; a highlight needs one of them.
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

text_value!(Template, Template::parse);

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
        // Release builds too name the undefined variable (minijinja's default is debug builds only).
        env.set_debug(true);
        env.render_str(&self.text, context)
    }
}
