//! The one error type of the config loader: where in which file, which key, and what to do.
//!
//! Every problem a config file can have is reported as `file:line:column: key: message`, so an
//! operator can jump straight to it; the message always ends with a fix.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::{Captures, Regex};

use super::locate::{self, Entry};

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
    /// The error for `message` about `key`, at byte `offset` of the file's `text`; long keys and
    /// quoted values are cut short.
    pub(super) fn at(
        file: &Path,
        text: &str,
        offset: usize,
        key: &str,
        message: &str,
    ) -> ConfigError {
        let (line, column) = locate::line_column(text, offset);
        ConfigError::Invalid(Box::new(Problem {
            file: file.to_path_buf(),
            line,
            column,
            key: shorten_key(key),
            message: shorten_values(message),
        }))
    }

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

/// The key and the message, with what to do, for an error toml or serde raised at `span`.
pub(super) fn explain(entries: &[Entry], span: &Range<usize>, message: &str) -> (String, String) {
    if let Some(missing) = between(message, "missing field `", "`") {
        let key = match locate::table_with_span(entries, span) {
            Some(table) => format!("{table}.{missing}"),
            None => missing.to_string(),
        };
        let message = format!("required key is missing; add `{missing} = ...` to this table");
        return (key, message);
    }
    // A syntax error may leave no value around the span: the last key read before it.
    let key = locate::path_containing(entries, span)
        .unwrap_or_else(|| locate::path_before(entries, span.start));
    (key, advice(message))
}

fn advice(message: &str) -> String {
    if let Some(largest) = too_large(message) {
        return format!(
            "number too large; the largest allowed is {largest} (most keys allow far less, see config/regionwatch.example.toml); change the value"
        );
    }
    let message = message.replace("expected u64", "expected a whole number of 0 or more");
    if let Some(unknown) = between(&message, "unknown field `", "`") {
        let expected = message.split_once(", expected ").map_or("", |(_, e)| e);
        return format!(
            "unknown key `{unknown}`; remove it or fix its spelling (expected {expected})"
        );
    }
    if message.starts_with("unknown variant") {
        return format!("{message}; use one of those");
    }
    if message.starts_with("invalid type") || message.starts_with("invalid value") {
        return format!("{message}; change the value");
    }
    match message.as_str() {
        "duplicate key" => "key set twice; keep only one".to_string(),
        // Our own checks already say what to do.
        _ if message.contains("; ") => message,
        _ => format!("{message}; fix the TOML syntax"),
    }
}

/// serde reports a number past u64 as "integer `N` as i128" (or u128), and toml one past
/// u128 as "integer number overflowed": every number key is read as a u64.
fn too_large(message: &str) -> Option<u64> {
    let overflowed = message.contains(" as i128")
        || message.contains(" as u128")
        || message.contains("number overflowed");
    overflowed.then_some(u64::MAX)
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let rest = text.strip_prefix(start)?;
    rest.find(end).map(|i| &rest[..i])
}

/// Longest value (in characters) quoted in a message: a 10 MB regex is not echoed back.
pub const MAX_QUOTED_CHARS: usize = 200;

/// Cuts every quoted value in `message` (`"..."` as `{:?}` writes it, or `` `...` `` as toml
/// and serde do) longer than [`MAX_QUOTED_CHARS`] to that length, with an ellipsis and the
/// total length. Every message of the loader passes through here, so no check needs to care.
pub(crate) fn shorten_values(message: &str) -> String {
    static QUOTED: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"(?s)"(?:[^"\\]|\\.)*"|`[^`]*`"#).expect("valid"));
    let shorten = |quoted: &Captures| {
        let (quote, inner) = (&quoted[0][..1], &quoted[0][1..quoted[0].len() - 1]);
        let total = inner.chars().count();
        if total <= MAX_QUOTED_CHARS {
            return quoted[0].to_string();
        }
        let mut cut: String = inner.chars().take(MAX_QUOTED_CHARS).collect();
        // Do not end on half an escape (`\"`): back off over a trailing odd run of `\`.
        if quote == "\"" && cut.chars().rev().take_while(|c| *c == '\\').count() % 2 == 1 {
            cut.pop();
        }
        format!("{quote}{cut}…{quote} ({total} characters)")
    };
    QUOTED.replace_all(message, shorten).into_owned()
}

/// A key path cut to [`MAX_QUOTED_CHARS`] characters (a key can be as long as a value).
pub(crate) fn shorten_key(key: &str) -> String {
    let total = key.chars().count();
    if total <= MAX_QUOTED_CHARS {
        return key.to_string();
    }
    let cut: String = key.chars().take(MAX_QUOTED_CHARS).collect();
    format!("{cut}… ({total} characters)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_quoted_values_are_cut_short_ones_kept() {
        let long = "a".repeat(1000);
        let shown = shorten_values(&format!("{long:?} is bad; fix `{long}` or \"x\""));
        assert_eq!(
            shown,
            format!(
                "\"{a}…\" (1000 characters) is bad; fix `{a}…` (1000 characters) or \"x\"",
                a = "a".repeat(200)
            )
        );
        let escaped = format!("{:?}", format!("{}\"tail", "b".repeat(199)));
        assert!(shorten_values(&escaped).starts_with(&format!("\"{}…\"", "b".repeat(199))));
        assert_eq!(shorten_values("it's \"open"), "it's \"open");
    }
}
