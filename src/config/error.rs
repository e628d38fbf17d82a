//! The one error type of the config loader, and how a problem is located in the file.
//!
//! Every problem a config file can have is reported as `file:line:column: key: message`, so an
//! operator can jump straight to it; the message always ends with a fix. toml's errors carry
//! the span of the failing value (or table, or syntax) but not its key; the cross-key checks
//! name a key but have no span. Both are resolved on [`Entries`], every entry of toml's spanned
//! document tree (`DeTable`) with its dotted path, key span and value span.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::{Captures, Regex};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

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

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (file, line, column) = (self.file.display(), self.line, self.column);
        let key = match self.key.as_str() {
            "" => String::new(),
            key => format!("{key}: "),
        };
        write!(f, "{file}:{line}:{column}: {key}{}", self.message)
    }
}

/// One key (or array element, whose key span is empty) of the document.
struct Entry {
    path: String,
    key: Range<usize>,
    value: Range<usize>,
    is_table: bool,
}

/// Every entry of a config text, parents before their children; for a text with a syntax
/// error, those read before it.
pub(super) struct Entries<'a> {
    file: &'a Path,
    text: &'a str,
    entries: Vec<Entry>,
}

impl<'a> Entries<'a> {
    pub fn new(file: &'a Path, text: &'a str) -> Self {
        let (root, _) = DeTable::parse_recoverable(text);
        let root = Spanned::new(root.span(), DeValue::Table(root.into_inner()));
        let mut entries = Vec::new();
        walk(&root, 0..0, String::new(), &mut entries);
        Entries {
            file,
            text,
            entries,
        }
    }

    /// Whether the key path is written in the file.
    pub fn written(&self, key: &str) -> bool {
        self.entries.iter().any(|entry| entry.path == key)
    }

    /// The error for `message` about `key`, at byte `offset`; long keys and quoted values are
    /// cut short.
    pub fn problem(&self, offset: usize, key: &str, message: &str) -> ConfigError {
        let (line, column) = line_column(self.text, offset);
        ConfigError::Invalid(Box::new(Problem {
            file: self.file.to_path_buf(),
            line,
            column,
            key: shorten_key(key),
            message: shorten_values(message),
        }))
    }

    /// A rule broken at `key`: located where its value is written; for a key that is not (a
    /// default that broke a rule), at the nearest enclosing table that is.
    pub fn rule(&self, key: &str, message: &str) -> ConfigError {
        let mut path = key;
        let start = loop {
            if let Some(entry) = self.entries.iter().find(|e| e.path == path) {
                break entry.value.start;
            }
            match path.rfind(['.', '[']) {
                Some(end) => path = &path[..end],
                None => break 0,
            }
        };
        self.problem(start, key, message)
    }

    /// An error toml or serde raised, named at its key with what to do.
    pub fn toml(&self, error: &toml::de::Error) -> ConfigError {
        let span = error.span().unwrap_or(0..0);
        let message = error.message().trim();
        if let Some(missing) = between(message, "missing field `", "`") {
            // serde reports a missing key at its table's header.
            let table = self.entries.iter().rfind(|e| e.is_table && e.value == span);
            let key = join(table.map_or("", |e| &e.path), missing);
            let message = format!("required key is missing; add `{missing} = ...` to this table");
            return self.problem(span.start, &key, &message);
        }
        // A syntax error may leave no value around the span: the last key read before it.
        let key = self
            .containing(&span)
            .unwrap_or_else(|| self.before(span.start));
        self.problem(span.start, &key, &advice(message))
    }

    /// The key whose key, or value other than a table, most closely holds `span`.
    fn containing(&self, span: &Range<usize>) -> Option<String> {
        let holds = |outer: &Range<usize>| {
            outer.start <= span.start && span.end <= outer.end && outer.start < outer.end
        };
        let hit = |e: &Entry| match (holds(&e.key), holds(&e.value)) {
            (true, _) => Some(e.key.len()),
            (false, true) if !e.is_table => Some(e.value.len()),
            _ => None,
        };
        let hits = self.entries.iter().rev().filter_map(|e| Some((hit(e)?, e)));
        hits.min_by_key(|(length, _)| *length)
            .map(|(_, e)| e.path.clone())
    }

    /// The path of the last key that starts before `offset`.
    pub fn before(&self, offset: usize) -> String {
        let keys = self.entries.iter().filter(|e| e.key.end > 0);
        let keys = keys.filter(|e| e.key.start <= offset);
        keys.max_by_key(|e| e.key.start)
            .map(|e| e.path.clone())
            .unwrap_or_default()
    }
}

fn walk(value: &Spanned<DeValue<'_>>, key: Range<usize>, path: String, out: &mut Vec<Entry>) {
    let is_table = value.get_ref().is_table();
    out.push(Entry {
        path: path.clone(),
        key,
        value: value.span(),
        is_table,
    });
    match value.get_ref() {
        DeValue::Table(table) => {
            for (key, value) in table.iter() {
                walk(value, key.span(), join(&path, key.get_ref()), out);
            }
        }
        DeValue::Array(array) => {
            for (index, element) in array.iter().enumerate() {
                walk(element, 0..0, format!("{path}[{index}]"), out);
            }
        }
        _ => {}
    }
}

fn join(table: &str, key: &str) -> String {
    match table {
        "" => key.to_string(),
        _ => format!("{table}.{key}"),
    }
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// What to do, added to a message of toml or serde.
fn advice(message: &str) -> String {
    // serde reports a number past u64 as "integer `N` as i128" (or u128), and toml one past
    // u128 as "integer number overflowed": every number key is read as a u64.
    if [" as i128", " as u128", "number overflowed"]
        .iter()
        .any(|too_large| message.contains(too_large))
    {
        return format!(
            "number too large; the largest allowed is {} (most keys allow far less, see config/regionwatch.example.toml); change the value",
            u64::MAX
        );
    }
    if let Some(unknown) = between(message, "unknown field `", "`") {
        let expected = message.split_once(", expected ").map_or("", |(_, e)| e);
        return format!(
            "unknown key `{unknown}`; remove it or fix its spelling (expected {expected})"
        );
    }
    match message {
        _ if message.starts_with("unknown variant") => format!("{message}; use one of those"),
        _ if message.starts_with("invalid type") || message.starts_with("invalid value") => {
            format!("{message}; change the value")
        }
        "duplicate key" => "key set twice; keep only one".to_string(),
        // Our own checks already say what to do.
        _ if message.contains("; ") => message.to_string(),
        _ => format!("{message}; fix the TOML syntax"),
    }
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
fn shorten_values(message: &str) -> String {
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
fn shorten_key(key: &str) -> String {
    let total = key.chars().count();
    if total <= MAX_QUOTED_CHARS {
        return key.to_string();
    }
    let cut: String = key.chars().take(MAX_QUOTED_CHARS).collect();
    format!("{cut}… ({total} characters)")
}
