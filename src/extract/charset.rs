//! Decoding page bytes to text. (Scaffold: replaced by the full charset detection.)

/// Decodes page bytes to a string.
pub fn decode(bytes: &[u8], _content_type: Option<&str>) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
