//! Nesting depth in one linear pass: a scan of tags that mimics the HTML tree
//! builder's implied end tags (an unclosed `<li>` or `<p>` closes at its next
//! sibling) closely enough that ordinary pages stay shallow while real nesting
//! is counted.

/// Maximum element depth the tree builder would reach, stopping early once
/// `limit` is exceeded (so the returned value is then `limit + 1`).
pub fn nesting_depth(html: &str, limit: usize) -> usize {
    let bytes = html.as_bytes();
    let mut scan = DepthScan::default();
    let mut pos = 0;
    // `str::find(char)` is memchr-fast; every `pos` is just after an ASCII byte.
    while let Some(off) = html.get(pos..).and_then(|rest| rest.find('<')) {
        let lt = pos + off;
        pos = match bytes.get(lt + 1) {
            Some(b'!') if bytes[lt..].starts_with(b"<!--") => skip_past(html, lt + 4, "-->"),
            Some(b'!' | b'?') => skip_past(html, lt + 2, ">"),
            Some(b'/') => {
                let (name, end) = tag_name(bytes, lt + 2);
                if !name.is_empty() {
                    scan.close(name);
                }
                skip_tag(bytes, end).0
            }
            Some(b) if b.is_ascii_alphabetic() => {
                let (name, end) = tag_name(bytes, lt + 1);
                let (after, self_closing) = skip_tag(bytes, end);
                scan.open(name, self_closing);
                if scan.stack.len() > limit {
                    return limit + 1;
                }
                if is_raw_text(name) {
                    skip_raw_text(html, after, name)
                } else {
                    after
                }
            }
            _ => lt + 1,
        };
    }
    scan.max
}

/// The element stack, as names borrowed from the input.
#[derive(Default)]
struct DepthScan<'a> {
    stack: Vec<&'a str>,
    foreign: usize,
    max: usize,
}

impl<'a> DepthScan<'a> {
    fn open(&mut self, name: &'a str, self_closing: bool) {
        if is_void(name) || (self_closing && self.foreign > 0) || is_root(name) {
            return;
        }
        self.close_implied_by(name);
        if is_foreign_root(name) {
            self.foreign += 1;
        }
        self.stack.push(name);
        self.max = self.max.max(self.stack.len());
    }

    /// Start tags that end an open element instead of nesting in it.
    fn close_implied_by(&mut self, name: &str) {
        let eq = |n: &str| name.eq_ignore_ascii_case(n);
        if closes_p(name) {
            self.pop_to_open("p", is_button_scope);
        }
        if eq("li") {
            self.pop_to_open("li", is_list_boundary);
        } else if eq("dd") || eq("dt") {
            self.pop_to_open("dd", is_list_boundary);
            self.pop_to_open("dt", is_list_boundary);
        } else if eq("tr") {
            self.pop_to_open("tr", is_table);
        } else if eq("td") || eq("th") {
            self.pop_to_open("td", is_row_boundary);
            self.pop_to_open("th", is_row_boundary);
        } else if eq("option") || eq("optgroup") {
            self.pop_to_open("option", is_button_scope);
        } else if eq("a") || eq("button") || eq("nobr") || eq("form") {
            // These never nest in themselves: the tree builder closes the open one.
            self.pop_to_open(name, is_button_scope);
        } else if is_heading(name) && self.stack.last().is_some_and(|top| is_heading(top)) {
            self.truncate(self.stack.len() - 1);
        }
    }

    fn close(&mut self, name: &str) {
        if let Some(i) = self
            .stack
            .iter()
            .rposition(|open| open.eq_ignore_ascii_case(name))
        {
            self.truncate(i);
        }
    }

    /// Closes the nearest open `target` unless a `boundary` element comes first.
    fn pop_to_open(&mut self, target: &str, boundary: fn(&str) -> bool) {
        for i in (0..self.stack.len()).rev() {
            let open = self.stack[i];
            if open.eq_ignore_ascii_case(target) {
                self.truncate(i);
                return;
            }
            if boundary(open) {
                return;
            }
        }
    }

    fn truncate(&mut self, len: usize) {
        let removed = self.stack[len..]
            .iter()
            .filter(|n| is_foreign_root(n))
            .count();
        self.foreign -= removed;
        self.stack.truncate(len);
    }
}

fn any_of(name: &str, names: &[&str]) -> bool {
    names.iter().any(|n| name.eq_ignore_ascii_case(n))
}

fn is_void(name: &str) -> bool {
    any_of(
        name,
        &[
            "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
            "source", "track", "wbr", "keygen", "basefont", "bgsound", "frame", "image",
        ],
    )
}

fn is_root(name: &str) -> bool {
    any_of(name, &["html", "head", "body"])
}

fn is_foreign_root(name: &str) -> bool {
    any_of(name, &["svg", "math"])
}

fn is_heading(name: &str) -> bool {
    any_of(name, &["h1", "h2", "h3", "h4", "h5", "h6"])
}

fn is_raw_text(name: &str) -> bool {
    any_of(
        name,
        &[
            "script",
            "style",
            "textarea",
            "title",
            "xmp",
            "iframe",
            "noembed",
            "noframes",
            "plaintext",
        ],
    )
}

fn closes_p(name: &str) -> bool {
    is_heading(name)
        || any_of(
            name,
            &[
                "address",
                "article",
                "aside",
                "blockquote",
                "center",
                "details",
                "dialog",
                "dir",
                "div",
                "dl",
                "fieldset",
                "figcaption",
                "figure",
                "footer",
                "header",
                "hgroup",
                "main",
                "menu",
                "nav",
                "ol",
                "p",
                "pre",
                "section",
                "summary",
                "table",
                "ul",
                "li",
                "dd",
                "dt",
                "listing",
                "form",
            ],
        )
}

fn is_button_scope(name: &str) -> bool {
    any_of(
        name,
        &[
            "applet", "caption", "html", "table", "td", "th", "marquee", "object", "template",
            "button", "svg", "math",
        ],
    )
}

fn is_list_boundary(name: &str) -> bool {
    is_button_scope(name) || any_of(name, &["ul", "ol", "menu", "dl"])
}

fn is_table(name: &str) -> bool {
    name.eq_ignore_ascii_case("table")
}

fn is_row_boundary(name: &str) -> bool {
    any_of(name, &["tr", "table"])
}

/// Reads a tag name starting at `start`; returns it and the index after it.
fn tag_name(bytes: &[u8], start: usize) -> (&str, usize) {
    let start = start.min(bytes.len());
    let len = bytes[start..]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b':' | b'_'))
        .count();
    let end = start + len;
    // Only ASCII bytes were taken, so this slice is valid UTF-8.
    let name = std::str::from_utf8(&bytes[start..end]).unwrap_or("");
    (name, end)
}

/// Skips the rest of a tag's attributes, honouring quotes. Returns the index
/// after `>` and whether the tag ended with `/>`.
fn skip_tag(bytes: &[u8], mut i: usize) -> (usize, bool) {
    let mut quote: Option<u8> = None;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => return (i + 1, i > 0 && bytes[i - 1] == b'/'),
            None => {}
        }
        i += 1;
    }
    (bytes.len(), false)
}

/// Index just past the next `needle` at or after `from` (end of input if none).
fn skip_past(html: &str, from: usize, needle: &str) -> usize {
    html.get(from..)
        .and_then(|rest| rest.find(needle))
        .map_or(html.len(), |i| from + i + needle.len())
}

/// Skips a raw-text element's content up to its end tag (`</script` etc.).
fn skip_raw_text(html: &str, from: usize, name: &str) -> usize {
    let mut i = from;
    while let Some(off) = html.get(i..).and_then(|rest| rest.find("</")) {
        let at = i + off;
        let (end_name, _) = tag_name(html.as_bytes(), at + 2);
        if end_name.eq_ignore_ascii_case(name) {
            return at;
        }
        i = at + 2;
    }
    html.len()
}
