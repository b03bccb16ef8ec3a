//! The demo's throw-away folder: private (0700, its files 0600 through the umask), marked as
//! a demo's, and locked while its session runs, so a folder left behind by a killed demo is
//! recognised and removed by the next one — and nothing else ever is.

use std::fs::{self, File, OpenOptions};
use std::io;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::Path;

use rustix::fs::{FlockOperation, OFlags, flock};
use tempfile::TempDir;

/// How a demo folder's name starts, in the temporary directory.
const PREFIX: &str = "unibox-demo-";
/// The marker file inside: it exists only in folders a demo made, and is locked while that
/// demo runs.
const MARKER: &str = ".unibox-demo.lock";
/// The marker's name while it is being locked, so it is never seen unlocked.
const MARKER_UNLOCKED: &str = ".unibox-demo.new";

/// A demo's folder; removed when dropped.
pub struct DemoFolder {
    // The lock first: it is released before the folder goes.
    _lock: File,
    dir: TempDir,
}

impl DemoFolder {
    /// A fresh folder in the temporary directory, after removing those that killed demos
    /// left behind.
    pub fn create() -> io::Result<Self> {
        let removed = remove_abandoned(&std::env::temp_dir());
        if removed > 0 {
            tracing::info!(removed, "removed folders left behind by earlier demos");
        }
        let dir = tempfile::Builder::new()
            .prefix(PREFIX)
            .permissions(std::os::unix::fs::PermissionsExt::from_mode(0o700))
            .tempdir()?;
        let unlocked = dir.path().join(MARKER_UNLOCKED);
        let lock = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&unlocked)?;
        flock(&lock, FlockOperation::NonBlockingLockExclusive)?;
        fs::rename(&unlocked, dir.path().join(MARKER))?;
        Ok(Self { _lock: lock, dir })
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

/// Removes the demo folders in `parent` whose demo has ended: named like one, a real folder
/// (not a link) owned by this user, holding the marker, and nobody holding its lock. Returns
/// how many went.
pub fn remove_abandoned(parent: &Path) -> usize {
    let Ok(entries) = fs::read_dir(parent) else {
        return 0;
    };
    let me = rustix::process::geteuid().as_raw();
    let mut removed = 0;
    for entry in entries.flatten() {
        let named_like_one = entry
            .file_name()
            .to_str()
            .is_some_and(|name| name.starts_with(PREFIX));
        if !named_like_one {
            continue;
        }
        let path = entry.path();
        let Ok(metadata) = fs::symlink_metadata(&path) else {
            continue;
        };
        if !metadata.is_dir() || metadata.uid() != me {
            continue;
        }
        if is_abandoned(&path.join(MARKER), me) && fs::remove_dir_all(&path).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// The marker is a regular file of ours that nobody holds locked.
fn is_abandoned(marker: &Path, me: u32) -> bool {
    let Ok(file) = OpenOptions::new()
        .read(true)
        .custom_flags((OFlags::NOFOLLOW | OFlags::NONBLOCK).bits() as i32)
        .open(marker)
    else {
        return false;
    };
    let Ok(metadata) = file.metadata() else {
        return false;
    };
    metadata.is_file()
        && metadata.uid() == me
        && flock(&file, FlockOperation::NonBlockingLockExclusive).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_unlocked_marked_demo_folders_of_ours_are_removed() {
        let parent = tempfile::tempdir().unwrap();
        let make = |name: &str, marker: bool| {
            let dir = parent.path().join(name);
            fs::create_dir(&dir).unwrap();
            fs::write(dir.join("cache.sqlite3"), "x").unwrap();
            if marker {
                fs::write(dir.join(MARKER), "").unwrap();
            }
            dir
        };
        let abandoned = make("unibox-demo-abandoned", true);
        let unmarked = make("unibox-demo-unmarked", false);
        let other = make("someone-else", true);
        let running = make("unibox-demo-running", true);
        let held = File::open(running.join(MARKER)).unwrap();
        flock(&held, FlockOperation::NonBlockingLockExclusive).unwrap();
        let target = make("target", true);
        std::os::unix::fs::symlink(&target, parent.path().join("unibox-demo-link")).unwrap();

        assert_eq!(remove_abandoned(parent.path()), 1);
        assert!(!abandoned.exists());
        for kept in [&unmarked, &other, &running, &target] {
            assert!(kept.join("cache.sqlite3").exists(), "{}", kept.display());
        }
        drop(held);
        assert_eq!(remove_abandoned(parent.path()), 1);
        assert!(!running.exists());
    }

    #[test]
    fn a_running_demo_folder_is_private_and_survives_a_sweep() {
        let folder = DemoFolder::create().unwrap();
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(folder.path()).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700);
        remove_abandoned(folder.path().parent().unwrap());
        assert!(folder.path().join(MARKER).exists());
        let path = folder.path().to_owned();
        drop(folder);
        assert!(!path.exists());
    }
}
