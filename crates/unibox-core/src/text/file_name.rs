//! A file name from the network made safe to create in the download folder: no folders, no
//! control, format or bidirectional characters (`invoice\u{202E}fdp.exe` would read as
//! `invoiceexe.pdf`), no hidden or empty names, and short enough in bytes for the file
//! system, with its extension kept.

/// What file systems allow in one name (ext4, APFS, NTFS: 255 bytes).
pub const MAX_FILE_NAME_BYTES: usize = 255;
/// Left free for the ` (9999)` that makes a taken name free.
const ROOM_FOR_A_NUMBER: usize = 8;
/// A longer "extension" is part of the name, not a type.
const MAX_EXTENSION_BYTES: usize = 16;
/// Replaces every character that cannot or should not be in the name.
const REPLACEMENT: char = '_';
/// What a name with nothing usable left becomes.
const FALLBACK: &str = "attachment";

/// `name` as a file name unibox may create: every character replaced that is a path
/// separator, a control, or a Unicode format character (general category Cf: bidi
/// overrides, zero-width and invisible characters); no leading dot; at most
/// [`MAX_FILE_NAME_BYTES`] less room for a ` (n)`, cut on a character boundary before the
/// extension so the extension stays.
pub fn safe_file_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| if is_unsafe(c) { REPLACEMENT } else { c })
        .collect();
    let trimmed = cleaned.trim().trim_start_matches('.').trim_start();
    if trimmed.is_empty() {
        return FALLBACK.to_owned();
    }
    shorten(trimmed, MAX_FILE_NAME_BYTES - ROOM_FOR_A_NUMBER)
}

/// The extension of a safe name (`pdf` for `a.pdf`), if it has a usable one.
pub fn extension(name: &str) -> Option<&str> {
    let (stem, extension) = name.rsplit_once('.')?;
    (!stem.is_empty()
        && !extension.is_empty()
        && extension.len() <= MAX_EXTENSION_BYTES
        && !extension.contains(' '))
    .then_some(extension)
}

/// Cuts `name` to `limit` bytes, keeping its extension whole.
fn shorten(name: &str, limit: usize) -> String {
    if name.len() <= limit {
        return name.to_owned();
    }
    let suffix = extension(name).map_or(0, |extension| extension.len() + 1);
    let stem = &name[..name.len() - suffix];
    let kept = floor_char_boundary(stem, limit - suffix);
    let stem = stem[..kept].trim_end();
    let stem = if stem.is_empty() { FALLBACK } else { stem };
    format!("{stem}{}", &name[name.len() - suffix..])
}

/// The largest index at most `at` that starts a character of `text`.
fn floor_char_boundary(text: &str, at: usize) -> usize {
    (0..=at.min(text.len()))
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0)
}

fn is_unsafe(c: char) -> bool {
    c == '/' || c == '\\' || c.is_control() || is_format(c) || is_separator_or_hidden(c)
}

/// Unicode general category Cf (Format), Unicode 15.1.
fn is_format(c: char) -> bool {
    matches!(
        c,
        '\u{AD}'
            | '\u{600}'..='\u{605}'
            | '\u{61C}'
            | '\u{6DD}'
            | '\u{70F}'
            | '\u{890}'..='\u{891}'
            | '\u{8E2}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{110BD}'
            | '\u{110CD}'
            | '\u{13430}'..='\u{1343F}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0001}'
            | '\u{E0020}'..='\u{E007F}'
    )
}

/// Line and paragraph separators, and the blanks that show nothing (Hangul fillers,
/// variation selectors outside an emoji are harmless and kept).
fn is_separator_or_hidden(c: char) -> bool {
    matches!(
        c,
        '\u{2028}' | '\u{2029}' | '\u{3164}' | '\u{FFA0}' | '\u{115F}' | '\u{1160}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn network_file_names_cannot_escape_the_download_folder() {
        assert_eq!(safe_file_name("../../etc/passwd"), "_.._etc_passwd");
        assert_eq!(safe_file_name("..."), "attachment");
        assert_eq!(safe_file_name("a\u{1b}[2Jb.pdf"), "a_[2Jb.pdf");
        assert_eq!(safe_file_name("  "), "attachment");
        assert_eq!(safe_file_name("invoice.pdf"), "invoice.pdf");
        assert_eq!(safe_file_name("C:\\x\\y.txt"), "C:_x_y.txt");
    }

    #[test]
    fn a_bidi_override_cannot_disguise_the_extension() {
        let saved = safe_file_name("invoice\u{202E}fdp.exe");
        assert_eq!(saved, "invoice_fdp.exe");
        assert!(saved.ends_with(".exe"));
    }

    #[test]
    fn format_characters_are_replaced() {
        for c in [
            '\u{200B}',
            '\u{200D}',
            '\u{200E}',
            '\u{2066}',
            '\u{2069}',
            '\u{FEFF}',
            '\u{AD}',
            '\u{61C}',
            '\u{E0041}',
            '\u{2028}',
        ] {
            let saved = safe_file_name(&format!("a{c}b.pdf"));
            assert_eq!(saved, "a_b.pdf", "{c:?}");
        }
    }

    #[test]
    fn long_names_are_cut_in_bytes_on_character_boundaries_keeping_the_extension() {
        let saved = safe_file_name(&format!("{}.pdf", "é".repeat(200)));
        assert!(
            saved.len() <= MAX_FILE_NAME_BYTES - ROOM_FOR_A_NUMBER,
            "{}",
            saved.len()
        );
        assert!(saved.ends_with(".pdf"), "{saved}");
        assert!(saved.trim_end_matches(".pdf").chars().all(|c| c == 'é'));
        // 200 two-byte letters were 404 bytes; as many whole letters as fit are kept.
        assert_eq!(saved.chars().count(), (247 - 4) / 2 + 4);

        let emoji = safe_file_name(&"😀".repeat(100));
        assert!(emoji.len() <= 247 && emoji.chars().all(|c| c == '😀'));

        let short = "é".repeat(100);
        assert_eq!(safe_file_name(&short), short, "200 bytes fit as they are");
    }

    #[test]
    fn an_overlong_extension_is_part_of_the_name() {
        let name = format!("a.{}", "x".repeat(300));
        let saved = safe_file_name(&name);
        assert_eq!(saved.len(), 247);
        assert_eq!(extension(&saved), None);
    }

    #[test]
    fn extensions_are_recognised() {
        assert_eq!(extension("a.pdf"), Some("pdf"));
        assert_eq!(extension("archive.tar.gz"), Some("gz"));
        assert_eq!(extension("photo"), None);
        assert_eq!(extension("v2. final draft"), None);
    }
}
