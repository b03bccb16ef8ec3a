//! Saving an attachment: the body streams from the server into a private temporary file in
//! the download folder, which gets its name only once every byte is there. A failed or cut
//! download leaves nothing behind, and memory holds one chunk at a time, whatever the size.
//! An attachment saved before, whose file is still there whole, is not downloaded again.

use std::path::{Path, PathBuf};

use futures_util::StreamExt as _;
use tokio::io::AsyncWriteExt as _;

use crate::domain::{AttachmentId, MessageId};
use crate::files::{IncomingFile, extension_for};
use crate::provider::ProviderRead;
use crate::store::{SavedFile, Store};
use crate::text::{extension, safe_file_name};

/// Attachments larger than this are not downloaded.
pub const MAX_DOWNLOAD_BYTES: u64 = 200 * 1024 * 1024;

/// One attachment to save.
pub struct Wanted {
    pub message: MessageId,
    pub attachment: AttachmentId,
    /// As the server names it (untrusted).
    pub file_name: String,
    pub mimetype: Option<String>,
}

/// Where the attachment is, and whether it was already there.
pub struct Saved {
    pub path: PathBuf,
    pub reused: bool,
}

/// The file of an earlier save if it is still there, whole; else downloads the attachment
/// into `folder` and remembers where it went. The error is a sentence for the status bar.
pub async fn save_or_reuse(
    store: &Store,
    reader: &dyn ProviderRead,
    wanted: Wanted,
    folder: &Path,
) -> Result<Saved, String> {
    if let Some(path) = still_saved(store, &wanted).await {
        return Ok(Saved { path, reused: true });
    }
    let name = file_name(&wanted.file_name, wanted.mimetype.as_deref());
    let saved = download(reader, &wanted, folder, name).await?;
    let path = saved.path.clone();
    let (message, attachment) = (wanted.message, wanted.attachment);
    if let Err(error) = store
        .call(move |db| db.put_saved_file(&message, &attachment, &saved))
        .await
    {
        // The file is saved; only the next `o` will not know it.
        tracing::warn!(%error, "could not remember where an attachment was saved");
    }
    Ok(Saved {
        path,
        reused: false,
    })
}

/// The server's name made safe, with an extension from the MIME type when it has none.
pub fn file_name(raw: &str, mimetype: Option<&str>) -> String {
    let safe = safe_file_name(raw);
    if extension(&safe).is_some() {
        return safe;
    }
    match mimetype.and_then(extension_for) {
        Some(extension) => safe_file_name(&format!("{safe}.{extension}")),
        None => safe,
    }
}

async fn still_saved(store: &Store, wanted: &Wanted) -> Option<PathBuf> {
    let (message, attachment) = (wanted.message.clone(), wanted.attachment.clone());
    let saved = store
        .call(move |db| db.saved_file(&message, &attachment))
        .await
        .ok()??;
    // A link is not our file, whatever it points at.
    let metadata = tokio::fs::symlink_metadata(&saved.path).await.ok()?;
    (metadata.is_file() && metadata.len() == saved.size).then_some(saved.path)
}

async fn download(
    reader: &dyn ProviderRead,
    wanted: &Wanted,
    folder: &Path,
    name: String,
) -> Result<SavedFile, String> {
    let mut body = reader
        .download_attachment(&wanted.message, &wanted.attachment, MAX_DOWNLOAD_BYTES)
        .await
        .map_err(|e| e.to_string())?;
    let cannot_write = |e: std::io::Error| format!("cannot write in {}: {e}", folder.display());
    let incoming = {
        let folder = folder.to_owned();
        tokio::task::spawn_blocking(move || IncomingFile::start(&folder))
            .await
            .map_err(|e| e.to_string())?
            .map_err(cannot_write)?
    };
    let mut file = tokio::fs::File::from_std(incoming.file().try_clone().map_err(cannot_write)?);
    let mut size: u64 = 0;
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(|e| e.to_string())?;
        file.write_all(&chunk).await.map_err(cannot_write)?;
        size += chunk.len() as u64;
    }
    file.flush().await.map_err(cannot_write)?;
    drop(file);
    let shown = folder.display().to_string();
    let path = tokio::task::spawn_blocking(move || {
        incoming
            .keep(&name)
            .map_err(|e| format!("cannot name {name} in {shown}: {e}"))
    })
    .await
    .map_err(|e| e.to_string())??;
    Ok(SavedFile { path, size })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_without_an_extension_gets_one_from_its_type() {
        assert_eq!(file_name("IMG-2024", Some("image/jpeg")), "IMG-2024.jpg");
        assert_eq!(
            file_name("voice", Some("audio/ogg; codecs=opus")),
            "voice.ogg"
        );
        assert_eq!(file_name("menu.pdf", Some("image/png")), "menu.pdf");
        assert_eq!(file_name("notes", None), "notes");
        assert_eq!(file_name("notes", Some("x-unknown/thing")), "notes");
        let long = file_name(&"é".repeat(200), Some("image/png"));
        assert!(long.ends_with(".png") && long.len() <= 255, "{long}");
    }
}
