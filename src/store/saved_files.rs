//! Attachments saved to disk: where, and how large, so `o` can find them again.

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use rusqlite::{OptionalExtension, params};

use crate::domain::{AttachmentId, MessageId};

use super::columns::now_millis;
use super::{Db, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedFile {
    pub path: PathBuf,
    pub size: u64,
}

impl Db {
    /// Remembers where an attachment was saved (the latest place wins).
    pub fn put_saved_file(
        &mut self,
        message: &MessageId,
        attachment: &AttachmentId,
        saved: &SavedFile,
    ) -> Result<(), StoreError> {
        let size = i64::try_from(saved.size).unwrap_or(i64::MAX);
        self.write(|tx| {
            tx.prepare_cached(
                "INSERT INTO saved_attachments (message_id, attachment_id, path, size, saved_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (message_id, attachment_id) DO UPDATE SET
                     path = excluded.path, size = excluded.size, saved_at = excluded.saved_at",
            )?
            .execute(params![
                message.as_str(),
                attachment.as_str(),
                saved.path.as_os_str().as_bytes(),
                size,
                now_millis(),
            ])?;
            Ok(())
        })
    }

    pub fn saved_file(
        &self,
        message: &MessageId,
        attachment: &AttachmentId,
    ) -> Result<Option<SavedFile>, StoreError> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT path, size FROM saved_attachments
                 WHERE message_id = ?1 AND attachment_id = ?2",
            )?
            .query_row(params![message.as_str(), attachment.as_str()], |row| {
                let path: Vec<u8> = row.get(0)?;
                let size: i64 = row.get(1)?;
                Ok(SavedFile {
                    path: Path::new(OsStr::from_bytes(&path)).to_owned(),
                    size: u64::try_from(size).unwrap_or(0),
                })
            })
            .optional()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_file_is_found_again_and_the_latest_place_wins() {
        let dir = tempfile::tempdir().unwrap();
        let mut db = Db::open(&dir.path().join("cache.db")).unwrap();
        let (message, attachment) = (MessageId::new("m1"), AttachmentId::from("a1"));
        assert_eq!(db.saved_file(&message, &attachment).unwrap(), None);
        let first = SavedFile {
            path: PathBuf::from("/home/me/Downloads/devis.pdf"),
            size: 2048,
        };
        db.put_saved_file(&message, &attachment, &first).unwrap();
        assert_eq!(db.saved_file(&message, &attachment).unwrap(), Some(first));
        let odd = SavedFile {
            path: PathBuf::from(OsStr::from_bytes(b"/tmp/caf\xe9 (1).pdf")),
            size: 7,
        };
        db.put_saved_file(&message, &attachment, &odd).unwrap();
        assert_eq!(db.saved_file(&message, &attachment).unwrap(), Some(odd));
        let other = AttachmentId::from("a2");
        assert_eq!(db.saved_file(&message, &other).unwrap(), None);
    }
}
