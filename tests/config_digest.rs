//! The `[digest]`, `[smtp]` and `[[recipients]]` settings: the example's values, the defaults
//! when the tables are absent, loopback-only clear text, password sources that are read at send
//! time and never printed.

use std::path::{Path, PathBuf};
use std::time::Duration;

use regionwatch::config::{self, Config, TlsMode, Transport};

fn load_text(text: &str) -> (tempfile::TempDir, Result<Config, config::ConfigError>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("regionwatch.toml");
    std::fs::write(&path, text).unwrap();
    let loaded = config::load(&path);
    (dir, loaded)
}

fn load_ok(text: &str) -> Config {
    let (_dir, loaded) = load_text(text);
    loaded.unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn example_digest_smtp_and_recipients() {
    let config = config::load(Path::new("config/regionwatch.example.toml")).unwrap();
    let digest = &config.digest;
    assert_eq!(digest.schedule.as_str(), "0 8 * * *");
    assert_eq!(digest.transport, Transport::Smtp);
    assert_eq!(digest.max_items, 200);
    assert!(!digest.send_empty);
    assert!(!digest.include_revised);
    assert_eq!(
        digest.directory,
        PathBuf::from("/var/lib/regionwatch/outbox")
    );
    let smtp = config.smtp.as_ref().unwrap();
    assert_eq!((smtp.host.as_str(), smtp.port), ("smtp.example.org", 587));
    assert_eq!(smtp.tls, TlsMode::Starttls);
    assert_eq!(smtp.timeout, Duration::from_secs(30));
    assert_eq!(smtp.data_timeout, Duration::from_secs(600));
    assert_eq!(smtp.from.email.to_string(), "monitor@example.org");
    assert_eq!(smtp.username.as_deref(), Some("monitor@example.org"));
    assert_eq!(smtp.password_credential.as_deref(), Some("smtp-password"));
    let first = &config.recipients[0];
    assert_eq!(first.address(), "analyst@example.org");
    assert_eq!(first.regions, ["460000", "440000"]);
    assert_eq!(first.themes, ["free-trade-zone"]);
    let second = &config.recipients[1];
    assert_eq!(second.mailbox.name.as_deref(), Some("王芳"));
    assert_eq!(second.sources, ["xinhua-english-china"]);
}

#[test]
fn without_tables_digests_go_to_files_next_to_the_database() {
    let config = load_ok("database = \"/srv/rw/rw.db\"\ntimezone = \"Europe/Berlin\"\n");
    assert_eq!(config.digest.transport, Transport::File);
    assert_eq!(config.digest.directory, PathBuf::from("/srv/rw/outbox"));
    assert_eq!(config.digest.schedule.as_str(), "0 8 * * *");
    assert_eq!(config.digest.timezone.name(), "Europe/Berlin");
    assert!(config.smtp.is_none() && config.recipients.is_empty());
}

#[test]
fn clear_text_is_allowed_to_loopback_only_with_port_25_by_default() {
    for host in ["127.0.0.1", "::1", "[::1]", "localhost", "127.8.9.10"] {
        let config = load_ok(&format!(
            "database = \"/var/lib/regionwatch/rw.db\"\n[smtp]\nhost = \"{host}\"\ntls = \"none\"\nfrom = \"a@example.org\"\n"
        ));
        let smtp = config.smtp.unwrap();
        assert_eq!((smtp.tls, smtp.port), (TlsMode::None, 25), "{host}");
    }
    for host in ["10.0.0.1", "localhost.example.org", "mail"] {
        let (_dir, loaded) = load_text(&format!(
            "database = \"/var/lib/regionwatch/rw.db\"\n[smtp]\nhost = \"{host}\"\ntls = \"none\"\nfrom = \"a@example.org\"\n"
        ));
        assert!(loaded.is_err(), "{host}");
    }
    let implicit = load_ok(
        "database = \"/var/lib/regionwatch/rw.db\"\n[smtp]\nhost = \"smtp.example.org\"\ntls = \"implicit\"\nfrom = \"a@example.org\"\n",
    );
    assert_eq!(implicit.smtp.unwrap().port, 465);
}

#[test]
fn tls_is_required_in_smtp() {
    let (_dir, loaded) = load_text(
        "database = \"/var/lib/regionwatch/rw.db\"\n[smtp]\nhost = \"smtp.example.org\"\nfrom = \"a@example.org\"\n",
    );
    let shown = loaded.unwrap_err().to_string();
    assert!(
        shown.contains(": smtp.tls: required key is missing"),
        "{shown}"
    );
}

/// The wait for the reply after the message: 10 minutes by default (RFC 5321
/// 4.5.3.2), printed by check-config, checked at load with file:line:column:key.
#[test]
fn data_timeout_defaults_to_ten_minutes_and_is_checked_at_load() {
    let base = "database = \"/srv/rw/rw.db\"\n[smtp]\nhost = \"smtp.example.org\"\ntls = \"implicit\"\n\
                from = \"a@example.org\"\ntimeout_secs = 20\n";
    let config = load_ok(base);
    assert_eq!(
        config.smtp.as_ref().unwrap().data_timeout,
        Duration::from_secs(600)
    );
    let printed = config.to_redacted_toml();
    assert!(printed.contains("data_timeout_secs = 600"), "{printed}");
    let set = load_ok(&format!("{base}data_timeout_secs = 120\n"));
    assert_eq!(set.smtp.unwrap().data_timeout, Duration::from_secs(120));
    for (value, why) in [
        ("0", "out of range"),
        ("3601", "out of range"),
        ("10", "shorter than timeout_secs (20)"),
    ] {
        let (_dir, loaded) = load_text(&format!("{base}data_timeout_secs = {value}\n"));
        let shown = loaded.unwrap_err().to_string();
        assert!(
            shown.contains(":7:")
                && shown.contains("smtp.data_timeout_secs: ")
                && shown.contains(why),
            "{value}: {shown}"
        );
    }
}

/// `[digest].include_revised`: off by default, printed by check-config, a boolean or an error
/// with file:line:column:key.
#[test]
fn include_revised_is_off_by_default_printed_and_checked_at_load() {
    let base = "database = \"/srv/rw/rw.db\"\n[digest]\nschedule = \"0 8 * * *\"\n";
    let config = load_ok(base);
    assert!(!config.digest.include_revised);
    assert!(
        config
            .to_redacted_toml()
            .contains("include_revised = false")
    );
    let on = load_ok(&format!("{base}include_revised = true\n"));
    assert!(on.digest.include_revised);
    assert!(on.to_redacted_toml().contains("include_revised = true"));
    let (_dir, loaded) = load_text(&format!("{base}include_revised = \"yes\"\n"));
    let shown = loaded.unwrap_err().to_string();
    assert!(
        shown.contains(":4:") && shown.contains("include_revised"),
        "{shown}"
    );
}

#[test]
fn the_password_is_read_at_send_time_and_never_printed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("smtp-password"), "s3cret-pw\n").unwrap();
    let text = format!(
        "database = \"/var/lib/regionwatch/rw.db\"\n[smtp]\nhost = \"smtp.example.org\"\ntls = \"implicit\"\nfrom = \"a@example.org\"\nusername = \"a\"\npassword_file = \"{}\"\n",
        dir.path().join("smtp-password").display()
    );
    let config = load_ok(&text);
    let smtp = config.smtp.as_ref().unwrap();
    let password = smtp.password().unwrap().unwrap();
    assert_eq!(password.expose(), "s3cret-pw");
    assert!(!format!("{smtp:?} {password:?} {password}").contains("s3cret"));
    let printed = config.to_redacted_toml();
    assert!(!printed.contains("s3cret"), "{printed}");
    assert!(printed.contains("password_file = "), "{printed}");

    // Checked at load (tests/config.rs), and again when read: it may go after the load.
    std::fs::remove_file(dir.path().join("smtp-password")).unwrap();
    let error = smtp.password().unwrap_err().to_string();
    assert!(
        error.contains("smtp-password") && error.contains("smtp.password_file"),
        "{error}"
    );
}

#[test]
fn a_password_source_needs_a_username_and_a_username_needs_one() {
    let base = "database = \"/var/lib/regionwatch/rw.db\"\n[smtp]\nhost = \"smtp.example.org\"\ntls = \"implicit\"\nfrom = \"a@example.org\"\n";
    let (_d1, no_user) = load_text(&format!("{base}password_env = \"PW\"\n"));
    assert!(
        no_user
            .unwrap_err()
            .to_string()
            .contains("without smtp.username")
    );
    let (_d2, no_source) = load_text(&format!("{base}username = \"a\"\n"));
    assert!(
        no_source
            .unwrap_err()
            .to_string()
            .contains("no password source")
    );
}

#[test]
fn effective_config_with_digest_settings_loads_back_the_same() {
    let original = config::load(Path::new("config/regionwatch.example.toml")).unwrap();
    let printed = original.to_redacted_toml();
    let (_dir, loaded) = load_text(&printed);
    let mut reparsed = loaded.unwrap_or_else(|e| panic!("{e}\n{printed}"));
    reparsed.path = original.path.clone();
    assert_eq!(reparsed, original, "{printed}");
    assert!(printed.contains("[digest]") && printed.contains("[[recipients]]"));
}
