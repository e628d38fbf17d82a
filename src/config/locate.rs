//! Ties byte spans and key paths of the config text together, for error messages.
//!
//! toml's errors carry the span of the failing value (or table, or syntax) but not its key; the
//! cross-key checks name a key but have no span. Both are resolved on one list of every entry
//! of toml's spanned document tree (`DeTable`): its dotted path, key span and value span.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// One key (or array element, whose key span is empty) of the document.
pub(super) struct Entry {
    pub path: String,
    key: Range<usize>,
    pub value: Range<usize>,
    is_table: bool,
}

/// Every entry of `text`, parents before their children; for a text with a syntax error,
/// those read before it.
pub(super) fn entries(text: &str) -> Vec<Entry> {
    let (root, _) = DeTable::parse_recoverable(text);
    let mut out = Vec::new();
    walk_table(root.get_ref(), "", &mut out);
    out
}

fn walk_table(table: &DeTable<'_>, prefix: &str, out: &mut Vec<Entry>) {
    for (key, value) in table.iter() {
        let path = match prefix {
            "" => key.get_ref().to_string(),
            _ => format!("{prefix}.{}", key.get_ref()),
        };
        walk_value(value, key.span(), path, out);
    }
}

fn walk_value(value: &Spanned<DeValue<'_>>, key: Range<usize>, path: String, out: &mut Vec<Entry>) {
    let is_table = value.get_ref().is_table();
    out.push(Entry {
        path: path.clone(),
        key,
        value: value.span(),
        is_table,
    });
    match value.get_ref() {
        DeValue::Table(table) => walk_table(table, &path, out),
        DeValue::Array(array) => {
            for (index, element) in array.iter().enumerate() {
                walk_value(element, 0..0, format!("{path}[{index}]"), out);
            }
        }
        _ => {}
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

fn contains(outer: &Range<usize>, inner: &Range<usize>) -> bool {
    outer.start <= inner.start && inner.end <= outer.end && outer.start < outer.end
}

/// The key whose key, or value other than a table, most closely holds `span`.
pub(super) fn path_containing(entries: &[Entry], span: &Range<usize>) -> Option<String> {
    let hit = |e: &Entry| match (contains(&e.key, span), contains(&e.value, span)) {
        (true, _) => Some(e.key.len()),
        (false, true) if !e.is_table => Some(e.value.len()),
        _ => None,
    };
    let hits = entries.iter().rev().filter_map(|e| Some((hit(e)?, e)));
    hits.min_by_key(|(length, _)| *length)
        .map(|(_, e)| e.path.clone())
}

/// The table (or array-of-tables element) whose own span is exactly `span`: serde reports a
/// missing key at the table's header.
pub(super) fn table_with_span(entries: &[Entry], span: &Range<usize>) -> Option<String> {
    let hit = |e: &&Entry| e.is_table && e.value == *span;
    entries.iter().rfind(hit).map(|e| e.path.clone())
}

/// For syntax errors: the path of the last key that starts before `offset`.
pub(crate) fn path_before(entries: &[Entry], offset: usize) -> String {
    let keys = entries
        .iter()
        .filter(|e| e.key.end > 0 && e.key.start <= offset);
    keys.max_by_key(|e| e.key.start)
        .map(|e| e.path.clone())
        .unwrap_or_default()
}

/// Where the value at `path` is written; for a key that is not (a default that broke a rule),
/// the nearest enclosing table that is.
pub(super) fn span_of(entries: &[Entry], path: &str) -> Range<usize> {
    let mut path = path;
    loop {
        if let Some(entry) = entries.iter().find(|e| e.path == path) {
            return entry.value.clone();
        }
        match path.rfind(['.', '[']) {
            Some(end) => path = &path[..end],
            None => return 0..0,
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

    #[test]
    fn paths_name_tables_and_array_elements() {
        let text = "a = 1\n[[s]]\nn = \"x\"\n[[s]]\nn = [1, 2]\n";
        let entries = entries(text);
        let two = text.rfind('2').unwrap();
        assert_eq!(
            path_containing(&entries, &(two..two + 1)).unwrap(),
            "s[1].n[1]"
        );
        assert_eq!(span_of(&entries, "s[1].n[1]"), two..two + 1);
        assert_eq!(span_of(&entries, "s[0].missing"), span_of(&entries, "s[0]"));
        assert_eq!(path_before(&entries, text.len()), "s[1].n");
    }
}
