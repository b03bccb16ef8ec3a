//! The extension a file without one gets from its MIME type, so a photo saved from WhatsApp
//! opens as a photo.

/// The usual extension of the types WhatsApp sends; the registry's reverse lookup lists
/// several in alphabetical order (`jfif` before `jpg`), so these come first.
const PREFERRED: &[(&str, &str)] = &[
    ("image/jpeg", "jpg"),
    ("image/png", "png"),
    ("image/webp", "webp"),
    ("image/gif", "gif"),
    ("image/heic", "heic"),
    ("video/mp4", "mp4"),
    ("video/3gpp", "3gp"),
    ("video/quicktime", "mov"),
    ("audio/ogg", "ogg"),
    ("audio/mpeg", "mp3"),
    ("audio/mp4", "m4a"),
    ("audio/aac", "aac"),
    ("application/pdf", "pdf"),
    ("text/plain", "txt"),
    ("text/vcard", "vcf"),
    ("text/x-vcard", "vcf"),
];

/// The extension for `mimetype` (`image/jpeg; q=1` → `jpg`), if it is a known, specific type.
pub fn extension_for(mimetype: &str) -> Option<&'static str> {
    let essence = mimetype.split(';').next()?.trim().to_ascii_lowercase();
    let (top, sub) = essence.split_once('/')?;
    if top.is_empty() || sub.is_empty() || top == "*" || sub == "*" {
        return None;
    }
    if let Some(&(_, extension)) = PREFERRED.iter().find(|(known, _)| *known == essence) {
        return Some(extension);
    }
    mime_guess::get_extensions(top, sub)?.first().copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_types_get_their_usual_extension() {
        assert_eq!(extension_for("image/jpeg"), Some("jpg"));
        assert_eq!(extension_for("IMAGE/PNG"), Some("png"));
        assert_eq!(extension_for("audio/ogg; codecs=opus"), Some("ogg"));
        assert_eq!(extension_for("application/pdf"), Some("pdf"));
    }

    #[test]
    fn other_known_types_come_from_the_registry() {
        assert_eq!(
            extension_for(
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            ),
            Some("docx")
        );
    }

    #[test]
    fn unknown_vague_or_malformed_types_give_none() {
        for mimetype in [
            "",
            "image",
            "*/*",
            "image/*",
            "/png",
            "x-nothing/known",
            ";",
        ] {
            assert_eq!(extension_for(mimetype), None, "{mimetype:?}");
        }
    }
}
