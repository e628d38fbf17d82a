//! Guards against hostile input before parsing. (Scaffold.)

use super::ExtractError;

pub fn check_bytes(bytes: &[u8]) -> Result<(), ExtractError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ExtractError::Empty);
    }
    Ok(())
}

pub fn check_markup(_html: &str) -> Result<(), ExtractError> {
    Ok(())
}
