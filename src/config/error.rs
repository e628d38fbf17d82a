//! The one error type of the config loader: where in which file, which key, and what to do.
//!
//! Every problem a config file can have is reported as `file:line:column: key: message`, so an
//! operator can jump straight to it; the message always ends with a fix.

use std::fmt;
use std::path::PathBuf;

/// A config file that could not be read or does not validate.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read at all (missing, unreadable, not UTF-8).
    #[error(
        "{}: cannot read the config file: {source}; check the path, or pass --config PATH or set $REGIONWATCH_CONFIG",
        path.display()
    )]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The file was read but a key or value is wrong.
    #[error("{0}")]
    Invalid(Box<Problem>),
}

impl ConfigError {
    /// The problem with the file's contents, or `None` if the file could not be read.
    pub fn problem(&self) -> Option<&Problem> {
        match self {
            ConfigError::Read { .. } => None,
            ConfigError::Invalid(problem) => Some(problem),
        }
    }
}

/// One located problem in a config file. Line and column are 1-based; the column counts characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    /// Dotted key path such as `sources[2].schedule`; empty for the document as a whole.
    pub key: String,
    /// What is wrong and what to do about it.
    pub message: String,
}

impl Problem {
    /// `file:line:column`, the prefix editors and terminals understand.
    pub fn location(&self) -> String {
        format!("{}:{}:{}", self.file.display(), self.line, self.column)
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.key.is_empty() {
            write!(f, "{}: {}", self.location(), self.message)
        } else {
            write!(f, "{}: {}: {}", self.location(), self.key, self.message)
        }
    }
}
