//! How a target reads its raw bytes.

/// The first byte as a width in columns, and the longest valid UTF-8 prefix of the rest:
/// the input format of the layout targets (see the README for writing seeds by hand).
pub fn width_and_text(data: &[u8]) -> Option<(usize, &str)> {
    let (&width, rest) = data.split_first()?;
    let text = match std::str::from_utf8(rest) {
        Ok(text) => text,
        Err(error) => rest
            .get(..error.valid_up_to())
            .and_then(|valid| std::str::from_utf8(valid).ok())?,
    };
    Some((usize::from(width), text))
}
