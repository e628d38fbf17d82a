//! The shape of markup in one linear pass: how deep the tree builder would
//! nest it and how many elements it would build. A scan of tags that mimics
//! the builder's implied end tags (an unclosed `<li>` or `<p>` closes at its
//! next sibling) closely enough that ordinary pages stay shallow while real
//! nesting is counted.

/// How deep and how large the parsed tree of a page would be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    /// Maximum element depth.
    pub depth: usize,
    /// Start tags, an upper bound on the elements built.
    pub elements: usize,
}

/// The page's [`Shape`], the scan stopping as soon as the depth exceeds
/// `max_depth` or the elements exceed `max_elements` (that count is then one
/// over its limit, the other as far as the scan got).
pub fn shape(html: &str, max_depth: usize, max_elements: usize) -> Shape {
    let bytes = html.as_bytes();
    let mut scan = DepthScan::default();
    let mut elements = 0;
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
                let flags = flags_of(name);
                scan.open(name, flags, self_closing);
                elements += 1;
                if scan.stack.len() > max_depth || elements > max_elements {
                    let depth = scan.max.min(max_depth + 1);
                    return Shape { depth, elements };
                }
                if flags & RAW_TEXT != 0 {
                    skip_raw_text(html, after, name)
                } else {
                    after
                }
            }
            _ => lt + 1,
        };
    }
    Shape {
        depth: scan.max,
        elements,
    }
}

/// What the scan needs to know of an element, looked up once per tag.
type Flags = u32;
const VOID: Flags = 1;
const ROOT: Flags = 1 << 1;
const FOREIGN: Flags = 1 << 2;
const HEADING: Flags = 1 << 3;
const RAW_TEXT: Flags = 1 << 4;
/// Its start tag closes an open `<p>`.
const CLOSES_P: Flags = 1 << 5;
const BUTTON_SCOPE: Flags = 1 << 6;
/// `ul`, `ol`, `menu`, `dl`: with the button scope, where an implied `</li>` stops looking.
const LIST: Flags = 1 << 7;
const TABLE: Flags = 1 << 8;
const P: Flags = 1 << 9;
const LI: Flags = 1 << 10;
const DD: Flags = 1 << 11;
const DT: Flags = 1 << 12;
const TR: Flags = 1 << 13;
const TD: Flags = 1 << 14;
const TH: Flags = 1 << 15;
const OPTION: Flags = 1 << 16;
/// `option`, `optgroup`: their start tag closes an open `<option>`.
const CLOSES_OPTION: Flags = 1 << 18;
/// `a`, `button`, `nobr`, `form`: never nested in themselves.
const NO_SELF_NESTING: Flags = 1 << 17;

/// The flags of an element name, any case; 0 for names the scan treats alike.
fn flags_of(name: &str) -> Flags {
    let mut lower = [0u8; 10];
    let Some(buf) = lower.get_mut(..name.len()) else {
        return 0;
    };
    buf.copy_from_slice(name.as_bytes());
    buf.make_ascii_lowercase();
    match &*buf {
        b"area" | b"base" | b"br" | b"col" | b"embed" | b"hr" | b"img" | b"input" | b"link"
        | b"meta" | b"param" | b"source" | b"track" | b"wbr" | b"keygen" | b"basefont"
        | b"bgsound" | b"frame" | b"image" => VOID,
        b"html" => ROOT | BUTTON_SCOPE,
        b"head" | b"body" => ROOT,
        b"svg" | b"math" => FOREIGN | BUTTON_SCOPE,
        b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6" => HEADING | CLOSES_P,
        b"script" | b"style" | b"textarea" | b"title" | b"xmp" | b"iframe" | b"noembed"
        | b"noframes" | b"plaintext" => RAW_TEXT,
        b"p" => P | CLOSES_P,
        b"li" => LI | CLOSES_P,
        b"dd" => DD | CLOSES_P,
        b"dt" => DT | CLOSES_P,
        b"ul" | b"ol" | b"menu" | b"dl" => LIST | CLOSES_P,
        b"table" => TABLE | BUTTON_SCOPE | CLOSES_P,
        b"form" => NO_SELF_NESTING | CLOSES_P,
        b"a" | b"nobr" => NO_SELF_NESTING,
        b"button" => NO_SELF_NESTING | BUTTON_SCOPE,
        b"tr" => TR,
        b"td" => TD | BUTTON_SCOPE,
        b"th" => TH | BUTTON_SCOPE,
        b"option" => OPTION | CLOSES_OPTION,
        b"optgroup" => CLOSES_OPTION,
        b"applet" | b"caption" | b"marquee" | b"object" | b"template" => BUTTON_SCOPE,
        b"address" | b"article" | b"aside" | b"blockquote" | b"center" | b"details" | b"dialog"
        | b"dir" | b"div" | b"fieldset" | b"figcaption" | b"figure" | b"footer" | b"header"
        | b"hgroup" | b"main" | b"nav" | b"pre" | b"section" | b"summary" | b"listing" => CLOSES_P,
        _ => 0,
    }
}

/// One open element: its name as written and its flags.
#[derive(Clone, Copy)]
struct Open<'a> {
    name: &'a str,
    flags: Flags,
}

/// The element stack, as names borrowed from the input.
#[derive(Default)]
struct DepthScan<'a> {
    stack: Vec<Open<'a>>,
    foreign: usize,
    max: usize,
}

impl<'a> DepthScan<'a> {
    fn open(&mut self, name: &'a str, flags: Flags, self_closing: bool) {
        if flags & (VOID | ROOT) != 0 || (self_closing && self.foreign > 0) {
            return;
        }
        self.close_implied_by(name, flags);
        if flags & FOREIGN != 0 {
            self.foreign += 1;
        }
        self.stack.push(Open { name, flags });
        self.max = self.max.max(self.stack.len());
    }

    /// Start tags that end an open element instead of nesting in it.
    fn close_implied_by(&mut self, name: &str, flags: Flags) {
        if flags & CLOSES_P != 0 {
            self.pop_to_open(P, BUTTON_SCOPE);
        }
        if flags & LI != 0 {
            self.pop_to_open(LI, BUTTON_SCOPE | LIST);
        } else if flags & (DD | DT) != 0 {
            self.pop_to_open(DD, BUTTON_SCOPE | LIST);
            self.pop_to_open(DT, BUTTON_SCOPE | LIST);
        } else if flags & TR != 0 {
            self.pop_to_open(TR, TABLE);
        } else if flags & (TD | TH) != 0 {
            self.pop_to_open(TD, TR | TABLE);
            self.pop_to_open(TH, TR | TABLE);
        } else if flags & CLOSES_OPTION != 0 {
            self.pop_to_open(OPTION, BUTTON_SCOPE);
        } else if flags & NO_SELF_NESTING != 0 {
            // The tree builder closes the open one of the same name.
            self.pop_to_same(name);
        } else if flags & HEADING != 0
            && self
                .stack
                .last()
                .is_some_and(|top| top.flags & HEADING != 0)
        {
            self.truncate(self.stack.len() - 1);
        }
    }

    fn close(&mut self, name: &str) {
        if let Some(i) = self
            .stack
            .iter()
            .rposition(|open| open.name.eq_ignore_ascii_case(name))
        {
            self.truncate(i);
        }
    }

    /// Closes the nearest open element with the `target` flag unless an element with a
    /// `boundary` flag comes first.
    fn pop_to_open(&mut self, target: Flags, boundary: Flags) {
        for i in (0..self.stack.len()).rev() {
            let open = self.stack[i].flags;
            if open & target != 0 {
                self.truncate(i);
                return;
            }
            if open & boundary != 0 {
                return;
            }
        }
    }

    /// Closes the nearest open `name` (an `a`, `button`, `nobr` or `form`) unless a
    /// button-scope element comes first.
    fn pop_to_same(&mut self, name: &str) {
        for i in (0..self.stack.len()).rev() {
            let open = self.stack[i];
            if open.flags & NO_SELF_NESTING != 0 && open.name.eq_ignore_ascii_case(name) {
                self.truncate(i);
                return;
            }
            if open.flags & BUTTON_SCOPE != 0 {
                return;
            }
        }
    }

    fn truncate(&mut self, len: usize) {
        let removed = self.stack[len..]
            .iter()
            .filter(|open| open.flags & FOREIGN != 0)
            .count();
        self.foreign -= removed;
        self.stack.truncate(len);
    }
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

#[cfg(test)]
mod tests {
    use super::{Shape, shape};

    /// Maximum depth, stopping once past `limit` (then `limit + 1`).
    fn nesting_depth(html: &str, limit: usize) -> usize {
        shape(html, limit, usize::MAX).depth
    }

    #[test]
    fn implied_end_tags_keep_siblings_shallow() {
        let cases = [
            ("<ul><li>a<li>b<li>c</ul>", 2),
            ("<DIV><Li>x<LI>y", 2),
            ("<p>a<div>b</div>", 1),
            ("<a>x<a>y<a>z", 1),
            ("<h1>a<h2>b", 1),
            ("<dl><dt>a<dd>b<dt>c", 2),
            ("<table><tr><td>a<td>b<tr><td>c", 3),
            // An <optgroup> closes the open <option> but is not one itself.
            ("<select><option>a<option>b<optgroup><option>c", 3),
            // `/>` closes an element only inside SVG or MathML.
            ("<svg><g/><g/></svg><div><div/>", 2),
        ];
        for (html, depth) in cases {
            assert_eq!(nesting_depth(html, 512), depth, "{html}");
        }
    }

    #[test]
    fn elements_are_counted_and_the_scan_stops_past_the_limit() {
        let page = format!("<p>{}</p>", "<br>x".repeat(1000));
        assert_eq!(
            shape(&page, 512, 10_000),
            Shape {
                depth: 1,
                elements: 1001
            }
        );
        assert_eq!(shape(&page, 512, 100).elements, 101);
        assert_eq!(
            shape("<!-- <a><b> --><script><i></script>", 512, 100).elements,
            1
        );
    }

    #[test]
    fn real_nesting_is_counted_and_stops_at_the_limit() {
        assert_eq!(nesting_depth(&"<div><span>".repeat(10), 512), 20);
        assert_eq!(nesting_depth(&"<ul><li>".repeat(1000), 16), 17);
        assert_eq!(nesting_depth("<script><div><div></script><p>", 512), 1);
    }
}
