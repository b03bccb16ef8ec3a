//! Opaque cursors: the sort key of the last item of a page, hex-encoded so nobody reads
//! meaning into it. A cursor that does not decode is refused (400), never taken as a restart.

/// Encodes `key` (e.g. `c:1741946400000:65f0…`).
pub fn encode(key: &str) -> String {
    key.bytes().map(|byte| format!("{byte:02x}")).collect()
}

/// The key inside `cursor`, if it is one of ours with the given `kind` prefix.
pub fn decode(cursor: &str, kind: &str) -> Option<String> {
    if !cursor.len().is_multiple_of(2) || !cursor.is_ascii() {
        return None;
    }
    let bytes = (0..cursor.len())
        .step_by(2)
        .map(|at| u8::from_str_radix(&cursor[at..at + 2], 16).ok())
        .collect::<Option<Vec<u8>>>()?;
    let key = String::from_utf8(bytes).ok()?;
    key.strip_prefix(kind)?.strip_prefix(':').map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_round_trips_and_refuses_anything_else() {
        let cursor = encode("m:42");
        assert_eq!(decode(&cursor, "m").as_deref(), Some("42"));
        assert_eq!(decode(&cursor, "c"), None);
        assert_eq!(decode("not a cursor", "m"), None);
        assert_eq!(decode("zz", "m"), None);
        assert_eq!(decode("é", "m"), None);
    }
}
