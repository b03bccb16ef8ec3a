//! The content type an attachment goes out with, so a photo arrives as a photo: what the bytes
//! are (their magic number), else what the file name's extension says, else plain bytes.

/// When neither the content nor the name tells.
pub const UNKNOWN: &str = "application/octet-stream";

/// The file's content type: sniffed from `bytes` first (a name can lie, a JPEG header cannot),
/// then guessed from `file_name`'s extension (text formats have no magic number).
pub fn of_file(file_name: &str, bytes: &[u8]) -> String {
    if let Some(kind) = infer::get(bytes) {
        return kind.mime_type().to_owned();
    }
    mime_guess::from_path(file_name)
        .first_raw()
        .unwrap_or(UNKNOWN)
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_first_then_extension_then_bytes() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
        assert_eq!(of_file("photo.bin", png), "image/png");
        assert_eq!(of_file("x.jpeg", b"\xFF\xD8\xFF\xDB\0\0"), "image/jpeg");
        assert_eq!(of_file("report.txt", b"%PDF-1.4"), "application/pdf");
        assert_eq!(of_file("list.csv", b"a;b\n"), "text/csv");
        assert_eq!(of_file("clip.MP4", b""), "video/mp4");
        assert_eq!(of_file("no-extension", b"\x01\x02"), UNKNOWN);
        assert_eq!(of_file("", b""), UNKNOWN);
    }
}
