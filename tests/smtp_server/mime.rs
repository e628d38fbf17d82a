//! Just enough MIME to check received messages: header lines (unfolded),
//! RFC 2047 encoded words, multipart parts and their transfer encodings.

/// A parsed message or part.
#[derive(Debug, Clone)]
pub struct Part {
    /// (name lowercased, raw unfolded value), in order.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Part {
    pub fn parse(bytes: &[u8]) -> Part {
        let text = String::from_utf8(bytes.to_vec()).expect("messages are ASCII/UTF-8");
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((text.as_str(), ""));
        let mut headers: Vec<(String, String)> = Vec::new();
        for line in head.split("\r\n") {
            if line.starts_with([' ', '\t']) {
                let last = headers.last_mut().expect("a continuation follows a header");
                last.1.push_str(line);
            } else if let Some((name, value)) = line.split_once(':') {
                headers.push((name.to_ascii_lowercase(), value.trim_start().to_owned()));
            }
        }
        Part {
            headers,
            body: body.as_bytes().to_vec(),
        }
    }

    /// All values of a header, raw.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.all(name).into_iter().next()
    }

    /// A header with its encoded words decoded.
    pub fn decoded(&self, name: &str) -> Option<String> {
        self.header(name).map(decode_words)
    }

    /// The parts of a multipart body.
    pub fn parts(&self) -> Vec<Part> {
        let ctype = self.header("content-type").unwrap_or_default();
        let boundary = ctype
            .split(';')
            .find_map(|p| p.trim().strip_prefix("boundary="))
            .expect("a multipart boundary")
            .trim_matches('"');
        let body = String::from_utf8(self.body.clone()).unwrap();
        let delimiter = format!("--{boundary}");
        body.split(&delimiter)
            .skip(1)
            .filter(|chunk| !chunk.starts_with("--"))
            .map(|chunk| Part::parse(chunk.trim_start_matches("\r\n").as_bytes()))
            .collect()
    }

    /// The body with its Content-Transfer-Encoding undone, as UTF-8.
    pub fn text(&self) -> String {
        let encoding = self
            .header("content-transfer-encoding")
            .unwrap_or("7bit")
            .to_ascii_lowercase();
        let raw = String::from_utf8(self.body.clone()).unwrap();
        let bytes = match encoding.as_str() {
            "base64" => base64(&raw),
            "quoted-printable" => quoted_printable(&raw),
            _ => raw.into_bytes(),
        };
        String::from_utf8(bytes).expect("UTF-8 body")
    }
}

/// Decodes `=?charset?B|Q?...?=` words (UTF-8 only); whitespace between
/// adjacent encoded words is dropped as RFC 2047 says.
pub fn decode_words(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    let mut last_was_word = false;
    while let Some(start) = rest.find("=?") {
        let between = &rest[..start];
        if !(last_was_word && between.trim().is_empty()) {
            out.push_str(between);
        }
        let word = &rest[start + 2..];
        let mut fields = word.splitn(3, '?');
        let (_charset, kind, tail) = (fields.next(), fields.next(), fields.next().unwrap_or(""));
        let end = tail.find("?=").expect("an encoded word ends with ?=");
        let payload = &tail[..end];
        let bytes = match kind.map(|k| k.to_ascii_uppercase()).as_deref() {
            Some("B") => base64(payload),
            _ => quoted_printable(&payload.replace('_', " ")),
        };
        out.push_str(&String::from_utf8(bytes).expect("UTF-8 word"));
        rest = &tail[end + 2..];
        last_was_word = true;
    }
    out.push_str(rest);
    out
}

pub fn base64(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for c in text
        .bytes()
        .filter(|c| !c.is_ascii_whitespace() && *c != b'=')
    {
        let v = ALPHABET.iter().position(|&a| a == c).expect("base64 digit") as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

pub fn quoted_printable(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' {
            if bytes[i + 1..].starts_with(b"\r\n") {
                i += 3; // soft line break
                continue;
            }
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).expect("QP hex"));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}
