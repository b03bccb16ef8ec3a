//! A file chosen for sending, checked before the confirmation: it exists, is a regular file,
//! and is within the limit.

use std::path::Path;

use crate::text::human_size;

use crate::app::error::FileError;
use crate::app::outbound::{FileLimit, FileSpec};

/// Checks a file chosen for sending: it exists, is a regular file, and is within the limit.
pub(super) async fn check_attachment(
    path: &Path,
    limit: &FileLimit,
) -> Result<FileSpec, FileError> {
    let shown = crate::text::sanitize_line(&path.display().to_string()).into_owned();
    let metadata = tokio::fs::metadata(path)
        .await
        .map_err(|e| io_error(&e, shown.clone()))?;
    if !metadata.is_file() {
        return Err(FileError::NotAFile { shown });
    }
    if metadata.len() > limit.max_bytes {
        return Err(FileError::TooLarge {
            shown,
            size: human_size(metadata.len()),
            channel: limit.channel.clone(),
            limit: human_size(limit.max_bytes),
        });
    }
    let name = path
        .file_name()
        .map_or_else(|| shown.clone(), |n| n.to_string_lossy().into_owned());
    Ok(FileSpec {
        path: path.to_path_buf(),
        name,
        size: metadata.len(),
    })
}

fn io_error(error: &std::io::Error, shown: String) -> FileError {
    match error.kind() {
        std::io::ErrorKind::NotFound => FileError::NotFound { shown },
        std::io::ErrorKind::PermissionDenied => FileError::PermissionDenied { shown },
        _ => FileError::Unreadable { shown },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn attachments_are_checked_before_the_confirmation() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("menu.pdf");
        std::fs::write(&file, vec![0u8; 2048]).unwrap();
        let limit = FileLimit::of(&crate::domain::policy::Policy::unipile_whatsapp());
        let spec = check_attachment(&file, &limit).await.unwrap();
        assert_eq!((spec.name.as_str(), spec.size), ("menu.pdf", 2048));
        let missing = check_attachment(&dir.path().join("nope.pdf"), &limit)
            .await
            .unwrap_err();
        assert!(missing.to_string().ends_with("no such file"), "{missing}");
        let folder = check_attachment(dir.path(), &limit).await.unwrap_err();
        assert!(folder.to_string().ends_with("is not a file"), "{folder}");
        let big = dir.path().join("big.bin");
        std::fs::File::create(&big)
            .unwrap()
            .set_len(limit.max_bytes + 1)
            .unwrap();
        let too_big = check_attachment(&big, &limit).await.unwrap_err();
        assert!(too_big.to_string().contains("up to 25 MB"), "{too_big}");
    }
}
