//! The JSON datasource behind news.cn list pages (`ds_<id>.json`):
//! `{"status":0,"data":{"list":[{"title","publishUrl","publishTime","contentId"}]}}`.
//!
//! Read tolerantly: the list may sit at `data.list`, `data`, `datasource`,
//! `list` or be the top-level array; URLs may be relative; times are Beijing time.

use serde_json::Value;

use super::text::{clean_title, parse_time};
use super::{DiscoverError, RawLink, RawList};

/// Where item arrays have been seen, most specific first.
const LIST_PATHS: &[&[&str]] = &[
    &["data", "list"],
    &["data"],
    &["datasource"],
    &["datasource", "list"],
    &["list"],
    &[],
];

/// Field names for an item's URL, title and time, in order of preference.
const URL_FIELDS: &[&str] = &["publishUrl", "url", "linkUrl", "LinkUrl", "link"];
const TITLE_FIELDS: &[&str] = &["title", "Title", "showTitle"];
const TIME_FIELDS: &[&str] = &["publishTime", "PubTime", "pubTime", "time"];

/// Reads the items of a datasource.
pub(super) fn parse(bytes: &[u8]) -> Result<RawList, DiscoverError> {
    let text = String::from_utf8_lossy(bytes);
    let body = strip_jsonp(text.trim_start_matches('\u{feff}').trim());
    // serde_json refuses nesting over 128 levels itself, so hostile depth is an error, not a crash.
    let json: Value = serde_json::from_str(body)
        .map_err(|e| DiscoverError::XinhuaJson(format!("broken JSON: {e}")))?;
    let items = find_list(&json).ok_or_else(|| no_list_reason(&json))?;
    let links = items.iter().filter_map(item_link).collect();
    Ok(RawList {
        links,
        next_pages: Vec::new(),
    })
}

/// Some datasources are served as JSONP: `callback({...});`.
fn strip_jsonp(body: &str) -> &str {
    let is_jsonp = body.ends_with(')') || body.ends_with(");");
    match (is_jsonp, body.find('(')) {
        (true, Some(open))
            if body[..open]
                .chars()
                .all(|c| c.is_alphanumeric() || "_$.".contains(c)) =>
        {
            body[open + 1..].trim_end_matches(';').trim_end_matches(')')
        }
        _ => body,
    }
}

fn find_list(json: &Value) -> Option<&Vec<Value>> {
    LIST_PATHS.iter().find_map(|path| {
        let node = path.iter().try_fold(json, |node, key| node.get(key))?;
        node.as_array()
    })
}

fn no_list_reason(json: &Value) -> DiscoverError {
    let reason = match json.get("status").and_then(Value::as_i64) {
        Some(status) if status != 0 => {
            format!("the datasource reports status {status} and has no item list")
        }
        _ => "no item list at data.list, data, datasource or the top level".to_string(),
    };
    DiscoverError::XinhuaJson(reason)
}

fn item_link(item: &Value) -> Option<RawLink> {
    let href = first_str(item, URL_FIELDS)?;
    let published = first_str(item, TIME_FIELDS).and_then(parse_time);
    Some(RawLink {
        href: href.to_string(),
        title: first_str(item, TITLE_FIELDS).and_then(clean_title),
        published,
        // A row's time is all a datasource says; a row re-dated is a changed article.
        changed: published,
    })
}

fn first_str<'a>(item: &'a Value, fields: &[&str]) -> Option<&'a str> {
    fields
        .iter()
        .find_map(|f| item.get(f).and_then(Value::as_str))
        .filter(|s| !s.trim().is_empty())
}
