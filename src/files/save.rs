//! Writing a file the server sent into the download folder without ever following a link
//! planted there, overwriting a file, or leaving half a file behind.
//!
//! The bytes go to a private temporary file in the target folder. Once they are all there,
//! the final name is claimed with `O_CREAT | O_EXCL | O_NOFOLLOW` (the next free one if it is
//! taken, by anything, a symbolic link included) and the temporary file is renamed onto that
//! claim: a rename replaces the directory entry itself and follows nothing.

use std::fs::{DirBuilder, File, OpenOptions, Permissions};
use std::io;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use rustix::fs::OFlags;
use tempfile::NamedTempFile;

use crate::text::extension;

/// Folders unibox creates: the user's only.
const PRIVATE_DIR: u32 = 0o700;
/// Files unibox creates: the user's only.
const PRIVATE_FILE: u32 = 0o600;
/// `name (1)` … `name (9999)`; past that the folder is not one a person reads.
const MAX_NUMBER: u32 = 9_999;

/// Creates `folder` (and its missing parents) readable by the user alone. An existing folder
/// is left as it is.
pub fn create_private_dir(folder: &Path) -> io::Result<()> {
    DirBuilder::new()
        .recursive(true)
        .mode(PRIVATE_DIR)
        .create(folder)
}

/// Creates `path` for writing only if nothing is there — not a file, not a link, dangling or
/// not — with mode 600.
pub fn create_new_private(path: &Path) -> io::Result<File> {
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(PRIVATE_FILE)
        .custom_flags(OFlags::NOFOLLOW.bits() as i32)
        .open(path)
}

/// A file being received: private, in the folder it will end up in, removed if it is dropped
/// before [`IncomingFile::keep`].
pub struct IncomingFile {
    temp: NamedTempFile,
    folder: PathBuf,
}

impl IncomingFile {
    /// Starts a file in `folder`, creating the folder (mode 700) if needed.
    pub fn start(folder: &Path) -> io::Result<Self> {
        create_private_dir(folder)?;
        let temp = tempfile::Builder::new()
            .prefix(".unibox-")
            .suffix(".part")
            .permissions(Permissions::from_mode(PRIVATE_FILE))
            .tempfile_in(folder)?;
        Ok(Self {
            temp,
            folder: folder.to_owned(),
        })
    }

    /// Where the bytes go.
    pub fn file(&self) -> &File {
        self.temp.as_file()
    }

    /// Gives the complete file its name: `name` or, if that is taken, `name (1)`,
    /// `name (2)`… Returns where it is.
    pub fn keep(self, name: &str) -> io::Result<PathBuf> {
        let (path, _claim) = claim_free_name(&self.folder, name)?;
        self.temp.persist(&path).map_err(|error| {
            // The claim is ours and empty: leave nothing behind.
            let _ = std::fs::remove_file(&path);
            error.error
        })?;
        Ok(path)
    }
}

/// Creates the first free name among `name`, `name (1)`, `name (2)`… in `folder`.
fn claim_free_name(folder: &Path, name: &str) -> io::Result<(PathBuf, File)> {
    let (stem, extension) = match extension(name) {
        Some(extension) => (&name[..name.len() - extension.len() - 1], extension),
        None => (name, ""),
    };
    let dot = if extension.is_empty() { "" } else { "." };
    for number in 0..=MAX_NUMBER {
        let candidate = if number == 0 {
            folder.join(name)
        } else {
            folder.join(format!("{stem} ({number}){dot}{extension}"))
        };
        match create_new_private(&candidate) {
            Ok(file) => return Ok((candidate, file)),
            // Anything at the name, a link included (O_EXCL never follows one).
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(error) => return Err(error),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        format!("{MAX_NUMBER} files named like {name} are already there"),
    ))
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::os::unix::fs::MetadataExt;

    use super::*;

    fn receive(folder: &Path, name: &str, bytes: &[u8]) -> PathBuf {
        let incoming = IncomingFile::start(folder).unwrap();
        incoming.file().write_all(bytes).unwrap();
        incoming.keep(name).unwrap()
    }

    fn mode(path: &Path) -> u32 {
        std::fs::symlink_metadata(path).unwrap().mode() & 0o777
    }

    #[test]
    fn a_planted_link_is_never_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("downloads");
        create_private_dir(&folder).unwrap();
        let victim = dir.path().join("victim.txt");
        std::fs::write(&victim, b"precious").unwrap();
        std::os::unix::fs::symlink(&victim, folder.join("invoice.pdf")).unwrap();
        let dangling = dir.path().join("nowhere.txt");
        std::os::unix::fs::symlink(&dangling, folder.join("invoice (1).pdf")).unwrap();

        let saved = receive(&folder, "invoice.pdf", b"server bytes");

        assert_eq!(saved, folder.join("invoice (2).pdf"));
        assert_eq!(std::fs::read(&saved).unwrap(), b"server bytes");
        assert_eq!(std::fs::read(&victim).unwrap(), b"precious");
        assert!(
            !dangling.exists(),
            "nothing was created through the dangling link"
        );
        assert!(
            std::fs::symlink_metadata(folder.join("invoice.pdf"))
                .unwrap()
                .file_type()
                .is_symlink()
        );
    }

    #[test]
    fn files_and_folders_are_private_and_nothing_is_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("a/b");
        let first = receive(&folder, "menu.pdf", b"one");
        let second = receive(&folder, "menu.pdf", b"two");
        let bare = receive(&folder, "README", b"three");
        let bare_again = receive(&folder, "README", b"four");
        assert_eq!(first, folder.join("menu.pdf"));
        assert_eq!(second, folder.join("menu (1).pdf"));
        assert_eq!(bare_again, folder.join("README (1)"));
        assert_eq!(std::fs::read(&first).unwrap(), b"one");
        assert_eq!(std::fs::read(&second).unwrap(), b"two");
        for file in [&first, &second, &bare] {
            assert_eq!(mode(file), 0o600, "{}", file.display());
        }
        assert_eq!(mode(&folder), 0o700);
        assert_eq!(mode(&dir.path().join("a")), 0o700);
    }

    #[test]
    fn a_file_given_up_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let incoming = IncomingFile::start(dir.path()).unwrap();
        incoming.file().write_all(b"half").unwrap();
        drop(incoming);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
