//! Turns byte spans from the TOML parser into `line:column` and a dotted key path.
//!
//! toml's errors carry a span but not the key they concern, so the key path is recovered by
//! walking toml's spanned document tree (`DeTable`) to the entry that holds the span.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// A problem found in the text, not yet tied to a file name.
#[derive(Debug, Clone)]
pub(crate) struct Fault {
    pub span: Range<usize>,
    pub key: String,
    pub message: String,
}

impl Fault {
    pub fn new(span: Range<usize>, key: impl Into<String>, message: impl Into<String>) -> Self {
        Fault {
            span,
            key: key.into(),
            message: message.into(),
        }
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Converts a toml error (syntax or serde) into a located fault with a helpful message.
pub(crate) fn fault_from_toml(text: &str, error: &toml::de::Error) -> Fault {
    let span = error.span().unwrap_or(0..0);
    let message = error.message().trim();
    if let Some(missing) = between(message, "missing field `", "`") {
        let table = match DeTable::parse(text) {
            Ok(root) => table_path_with_span(&root, &span).unwrap_or_default(),
            Err(_) => String::new(),
        };
        let key = join(&table, missing);
        let message = format!("required key is missing; add `{missing} = ...` to this table");
        return Fault::new(span, key, message);
    }
    let key = match DeTable::parse(text) {
        Ok(root) => path_containing(&root, &span).unwrap_or_default(),
        // A syntax error: the document has no tree yet, so name the last key read before it.
        Err(_) => path_before(text, span.start),
    };
    Fault::new(span, key, explain(message))
}

/// Adds the "what to do" to toml's and serde's messages.
fn explain(message: &str) -> String {
    if let Some(largest) = too_large(message) {
        return format!(
            "number too large; the largest allowed is {largest} (most keys allow far less, see config/regionwatch.example.toml); change the value"
        );
    }
    let message = message
        .replace("expected u64", "expected a whole number of 0 or more")
        .replace("expected u32", "expected a whole number of 0 or more")
        .replace("expected usize", "expected a whole number of 0 or more");
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
    if message == "duplicate key" {
        return "key set twice; keep only one".to_string();
    }
    format!("{message}; fix the TOML syntax")
}

/// serde reports a number past u64 as "integer `N` as i128" (or u128), and toml one past
/// u128 as "integer number overflowed": the largest number the key's type holds instead.
fn too_large(message: &str) -> Option<String> {
    let overflowed = message.contains(" as i128")
        || message.contains(" as u128")
        || message.contains("number overflowed");
    if !overflowed {
        return None;
    }
    let largest = if message.contains("expected u32") {
        u64::from(u32::MAX).to_string()
    } else if message.contains("expected u16") {
        u16::MAX.to_string()
    } else {
        u64::MAX.to_string()
    };
    Some(largest)
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let rest = text.strip_prefix(start)?;
    rest.find(end).map(|i| &rest[..i])
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

fn contains(outer: &Range<usize>, inner: &Range<usize>) -> bool {
    outer.start <= inner.start && inner.end <= outer.end && outer.start < outer.end
}

/// The path of the deepest key or value whose span contains `span`.
fn path_containing(root: &Spanned<DeTable<'_>>, span: &Range<usize>) -> Option<String> {
    search_table(root.get_ref(), "", &|key_span, value_span, is_table| {
        contains(key_span, span) || (!is_table && contains(value_span, span))
    })
}

/// The path of the table (or array-of-tables element) whose own span is exactly `span`:
/// serde reports a missing key at the table's header.
fn table_path_with_span(root: &Spanned<DeTable<'_>>, span: &Range<usize>) -> Option<String> {
    search_table(root.get_ref(), "", &|_, value_span, is_table| {
        is_table && value_span == span
    })
}

type Matcher<'m> = dyn Fn(&Range<usize>, &Range<usize>, bool) -> bool + 'm;

fn search_table(table: &DeTable<'_>, prefix: &str, hit: &Matcher<'_>) -> Option<String> {
    table.iter().find_map(|(key, value)| {
        let path = join(prefix, key.get_ref());
        search_value(value, &key.span(), &path, hit)
    })
}

fn search_value(
    value: &Spanned<DeValue<'_>>,
    key_span: &Range<usize>,
    path: &str,
    hit: &Matcher<'_>,
) -> Option<String> {
    // Children first: the deepest match names the key most precisely.
    let inner = match value.get_ref() {
        DeValue::Table(table) => search_table(table, path, hit),
        DeValue::Array(array) => array.iter().enumerate().find_map(|(index, element)| {
            search_value(element, &(0..0), &format!("{path}[{index}]"), hit)
        }),
        _ => None,
    };
    let is_table = value.get_ref().is_table();
    inner.or_else(|| hit(key_span, &value.span(), is_table).then(|| path.to_string()))
}

/// For syntax errors: the key path of the last key that starts before `offset`.
pub(crate) fn path_before(text: &str, offset: usize) -> String {
    let (root, _) = DeTable::parse_recoverable(text);
    let mut best: Option<(usize, String)> = None;
    collect_keys(root.get_ref(), "", &mut |start, path| {
        if start <= offset && best.as_ref().is_none_or(|(b, _)| start >= *b) {
            best = Some((start, path));
        }
    });
    best.map(|(_, path)| path).unwrap_or_default()
}

fn collect_keys(table: &DeTable<'_>, prefix: &str, visit: &mut dyn FnMut(usize, String)) {
    for (key, value) in table.iter() {
        let path = join(prefix, key.get_ref());
        visit(key.span().start, path.clone());
        match value.get_ref() {
            DeValue::Table(inner) => collect_keys(inner, &path, visit),
            DeValue::Array(array) => {
                for (index, element) in array.iter().enumerate() {
                    if let DeValue::Table(inner) = element.get_ref() {
                        collect_keys(inner, &format!("{path}[{index}]"), visit);
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_are_one_based_and_count_characters() {
        let text = "a = 1\nbé = \"x\"\n";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 6), (2, 1));
        let quote = text.find('"').unwrap();
        assert_eq!(line_column(text, quote), (2, 6));
    }
}
