//! The SMTP password, read from the source `[smtp]` names (a file, the environment or a
//! systemd credential) when a digest round starts, into a [`Secret`] that cannot be printed.
//! The config checked the source at load; it may have gone since.

use std::path::PathBuf;

use super::Secret;
use crate::config::{SmtpSettings, not_a_regular_file};

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

impl SmtpSettings {
    /// The password, read from its source now: `password_file` (the whole file, one trailing
    /// newline removed), `password_env` (inherited by children: prefer the others) or
    /// `password_credential` (`$CREDENTIALS_DIRECTORY/<name>`, systemd `LoadCredential=`).
    /// `Ok(None)` when no username is configured. Never log the result.
    pub fn password(&self) -> Result<Option<Secret>, PasswordError> {
        if self.username.is_none() {
            return Ok(None);
        }
        if let Some(path) = &self.password_file {
            return read_password_file(path.clone()).map(Some);
        }
        if let Some(name) = &self.password_env {
            let value = std::env::var(name).map_err(|_| PasswordError::Env(name.clone()));
            return value.map(|v| Some(Secret::new(v)));
        }
        let Some(name) = &self.password_credential else {
            return Ok(None);
        };
        let dir = std::env::var_os("CREDENTIALS_DIRECTORY")
            .filter(|d| !d.is_empty())
            .ok_or_else(|| PasswordError::NoCredentialsDirectory(name.clone()))?;
        read_password_file(PathBuf::from(dir).join(name)).map(Some)
    }
}

fn read_password_file(path: PathBuf) -> Result<Secret, PasswordError> {
    // The type is checked before opening: opening a FIFO would wait for a writer forever.
    let kind = std::fs::metadata(&path).map(|m| not_a_regular_file(&m.file_type()));
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
