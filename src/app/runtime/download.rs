//! Saving an attachment: the body streams from the server into a private temporary file in
//! the download folder, which gets its name only once every byte is there. A failed or cut
//! download leaves nothing behind, and memory holds one chunk at a time, whatever the size.

use std::path::{Path, PathBuf};

use futures_util::StreamExt as _;
use tokio::io::AsyncWriteExt as _;

use crate::domain::{AttachmentId, MessageId};
use crate::files::IncomingFile;
use crate::provider::ProviderRead;

/// Attachments larger than this are not downloaded.
pub const MAX_DOWNLOAD_BYTES: u64 = 200 * 1024 * 1024;

/// Downloads the attachment into `folder` as `name` (already made safe), or the next free
/// `name (n)`; returns where it is. The error is a sentence for the status bar.
pub async fn save(
    reader: &dyn ProviderRead,
    message: &MessageId,
    attachment: &AttachmentId,
    folder: &Path,
    name: String,
) -> Result<PathBuf, String> {
    let mut body = reader
        .download_attachment(message, attachment, MAX_DOWNLOAD_BYTES)
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
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(|e| e.to_string())?;
        file.write_all(&chunk).await.map_err(cannot_write)?;
    }
    file.flush().await.map_err(cannot_write)?;
    drop(file);
    let shown = folder.display().to_string();
    tokio::task::spawn_blocking(move || {
        incoming
            .keep(&name)
            .map_err(|e| format!("cannot name {name} in {shown}: {e}"))
    })
    .await
    .map_err(|e| e.to_string())?
}
