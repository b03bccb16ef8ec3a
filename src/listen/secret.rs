//! The webhook secret: 32 random bytes, hex-encoded, kept in an owner-only file beside the
//! cache (never in config.toml, argv or the log). `unibox webhooks register` creates it and
//! sends it to the provider as a header value; `unibox listen` accepts a post only when that
//! header carries it, compared in constant time.

use std::fmt;
use std::fs::{self, OpenOptions};
use std::io::{self, Read, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use subtle::ConstantTimeEq;

pub const SECRET_FILE_NAME: &str = "webhook-secret";
/// Late's secret signs its posts (HMAC) rather than riding in a header: a separate one, so
/// either provider's can be rotated alone.
pub const LATE_SECRET_FILE_NAME: &str = "webhook-secret-late";
const OWNER_ONLY: u32 = 0o600;
const SECRET_BYTES: usize = 32;
/// A file much larger than a secret is not one.
const MAX_FILE_BYTES: u64 = 1024;

#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    #[error("no webhook secret at {0}: run `unibox webhooks register --url PUBLIC_URL` first")]
    Missing(PathBuf),
    #[error("the webhook secret at {0} is not one unibox wrote (expected 64 hex digits)")]
    Unreadable(PathBuf),
    #[error("the webhook secret at {path}: {source}")]
    Io { path: PathBuf, source: io::Error },
}

/// Where the secret lives: beside the cache.
pub fn secret_path(cache: &Path) -> PathBuf {
    beside(cache, SECRET_FILE_NAME)
}

/// Where Late's secret lives: beside Unipile's.
pub fn late_secret_path(cache: &Path) -> PathBuf {
    beside(cache, LATE_SECRET_FILE_NAME)
}

fn beside(cache: &Path, name: &str) -> PathBuf {
    cache.parent().unwrap_or_else(|| Path::new(".")).join(name)
}

#[derive(Clone, PartialEq, Eq)]
pub struct WebhookSecret(String);

impl fmt::Debug for WebhookSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("WebhookSecret(<redacted>)")
    }
}

impl WebhookSecret {
    pub fn generate() -> Self {
        let bytes: [u8; SECRET_BYTES] = rand::random();
        Self(bytes.iter().map(|byte| format!("{byte:02x}")).collect())
    }

    /// For tests and callers holding a value already.
    pub fn from_text(text: &str) -> Option<Self> {
        let text = text.trim();
        (text.len() == SECRET_BYTES * 2 && text.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| Self(text.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    /// True when `presented` is the secret; the time taken does not depend on where they differ.
    pub fn accepts(&self, presented: &[u8]) -> bool {
        self.0.as_bytes().ct_eq(presented).into()
    }

    pub fn load(path: &Path) -> Result<Self, SecretError> {
        let io = |source| SecretError::Io {
            path: path.to_owned(),
            source,
        };
        let file = match OpenOptions::new().read(true).open(path) {
            Ok(file) => file,
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                return Err(SecretError::Missing(path.to_owned()));
            }
            Err(error) => return Err(io(error)),
        };
        let mut text = String::new();
        file.take(MAX_FILE_BYTES)
            .read_to_string(&mut text)
            .map_err(|_| SecretError::Unreadable(path.to_owned()))?;
        Self::from_text(&text).ok_or_else(|| SecretError::Unreadable(path.to_owned()))
    }

    /// The stored secret, or a new one written owner-only (0600, its folder 0700).
    pub fn load_or_create(path: &Path) -> Result<Self, SecretError> {
        match Self::load(path) {
            Err(SecretError::Missing(_)) => {}
            other => return other,
        }
        let io = |source| SecretError::Io {
            path: path.to_owned(),
            source,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            let mut builder = fs::DirBuilder::new();
            std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
            builder.recursive(true).create(dir).map_err(io)?;
        }
        let secret = Self::generate();
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(OWNER_ONLY)
            .open(path)
            .map_err(io)?;
        // The umask cannot widen 0600, but a stricter one must not narrow it to unreadable.
        file.set_permissions(fs::Permissions::from_mode(OWNER_ONLY))
            .map_err(io)?;
        file.write_all(format!("{}\n", secret.0).as_bytes())
            .and_then(|()| file.sync_all())
            .map_err(io)?;
        Ok(secret)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_secret_is_created_owner_only_once_and_never_printed() {
        let dir = tempfile::tempdir().unwrap();
        let path = secret_path(&dir.path().join("cache.sqlite3"));
        let first = WebhookSecret::load_or_create(&path).unwrap();
        let again = WebhookSecret::load_or_create(&path).unwrap();
        assert_eq!(first, again);
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert!(!format!("{first:?}").contains(first.expose()));
        assert!(first.accepts(first.expose().as_bytes()));
        assert!(!first.accepts(b""));
        assert!(!first.accepts(&first.expose().as_bytes()[1..]));
    }

    #[test]
    fn a_missing_or_foreign_file_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(SECRET_FILE_NAME);
        assert!(matches!(
            WebhookSecret::load(&path),
            Err(SecretError::Missing(_))
        ));
        fs::write(&path, "hunter2").unwrap();
        assert!(matches!(
            WebhookSecret::load(&path),
            Err(SecretError::Unreadable(_))
        ));
    }
}
