//! Attachment bytes: what was uploaded, or deterministic content of the declared size whose
//! first bytes match the mimetype (so a viewer recognises the kind).

use bytes::Bytes;
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};

use crate::state::{AttachmentContent, AttachmentRecord};

pub fn attachment_bytes(attachment: &AttachmentRecord) -> Bytes {
    match &attachment.content {
        AttachmentContent::Uploaded(bytes) => bytes.clone(),
        AttachmentContent::Generated { seed } => {
            generated(&attachment.mimetype, attachment.file_size, *seed)
        }
    }
}

fn generated(mimetype: &str, size: u64, seed: u64) -> Bytes {
    let (head, tail): (&[u8], &[u8]) = match mimetype {
        "image/jpeg" => (b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00", b"\xFF\xD9"),
        "application/pdf" => (b"%PDF-1.7\n", b"\n%%EOF\n"),
        "video/mp4" => (b"\x00\x00\x00\x18ftypmp42", b""),
        m if m.starts_with("audio/ogg") => (b"OggS\x00", b""),
        _ => (b"", b""),
    };
    let mut bytes = vec![0u8; usize::try_from(size).unwrap_or(usize::MAX)];
    Xoshiro256PlusPlus::seed_from_u64(seed).fill(&mut bytes[..]);
    if bytes.len() >= head.len() + tail.len() {
        let tail_start = bytes.len() - tail.len();
        bytes[..head.len()].copy_from_slice(head);
        bytes[tail_start..].copy_from_slice(tail);
    }
    Bytes::from(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::AttachmentId;
    use crate::state::AttachmentKind;

    fn generated_pdf(seed: u64) -> AttachmentRecord {
        AttachmentRecord {
            id: AttachmentId::from("a"),
            kind: AttachmentKind::File,
            mimetype: "application/pdf".into(),
            file_size: 4_000,
            file_name: Some("Facture.pdf".into()),
            unavailable: false,
            content: AttachmentContent::Generated { seed },
        }
    }

    #[test]
    fn generated_content_has_the_declared_size_and_kind_and_repeats() {
        let bytes = attachment_bytes(&generated_pdf(9));
        assert_eq!(bytes.len(), 4_000);
        assert!(bytes.starts_with(b"%PDF-1.7\n") && bytes.ends_with(b"%%EOF\n"));
        assert_eq!(attachment_bytes(&generated_pdf(9)), bytes);
        assert_ne!(attachment_bytes(&generated_pdf(10)), bytes);
    }

    #[test]
    fn uploaded_content_comes_back_unchanged() {
        let mut attachment = generated_pdf(1);
        attachment.content = AttachmentContent::Uploaded(Bytes::from_static(b"hello"));
        assert_eq!(attachment_bytes(&attachment), Bytes::from_static(b"hello"));
    }
}
