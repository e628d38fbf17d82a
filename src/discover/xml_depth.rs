//! A linear nesting check for XML lists before they are parsed, so a document
//! of a million nested elements is refused instead of filling the stack or memory.

use quick_xml::Reader;
use quick_xml::events::Event;

/// Deepest element nesting accepted; feeds and sitemaps stay under ~10.
pub const MAX_XML_DEPTH: usize = 256;

/// Fails when elements nest deeper than [`MAX_XML_DEPTH`]. Malformed XML is
/// left for the real parser to report.
pub fn check_xml_depth(bytes: &[u8]) -> Result<(), String> {
    let text = String::from_utf8_lossy(bytes);
    let mut reader = Reader::from_str(&text);
    let mut depth = 0usize;
    loop {
        match reader.read_event() {
            Ok(Event::Start(_)) => {
                depth += 1;
                if depth > MAX_XML_DEPTH {
                    return Err(format!(
                        "elements nest more than {MAX_XML_DEPTH} deep; refusing to parse"
                    ));
                }
            }
            Ok(Event::End(_)) => depth = depth.saturating_sub(1),
            Ok(Event::Eof) | Err(_) => return Ok(()),
            Ok(_) => {}
        }
    }
}
