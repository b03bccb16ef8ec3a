//! The log: `tracing` into one file only the user can read (`$XDG_STATE_HOME/unibox/unibox.log`),
//! never onto the screen, which belongs to the TUI. `UNIBOX_LOG` (else `RUST_LOG`) filters it,
//! in `tracing`'s syntax (`debug`, `unibox::sync=debug,info`).

use std::fs::{self, DirBuilder, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use thiserror::Error;
use tracing_subscriber::EnvFilter;

use crate::text::sanitize_line;

/// Read first; `RUST_LOG` is the fallback every Rust program knows.
pub const FILTER_VARIABLES: [&str; 2] = ["UNIBOX_LOG", "RUST_LOG"];
/// Without a filter: what the program does, not every request.
const DEFAULT_FILTER: &str = "info";

#[derive(Debug, Error)]
pub enum LoggingError {
    #[error("cannot create the log directory {}: {source}", path.display())]
    CreateDir { path: PathBuf, source: io::Error },
    #[error("cannot open the log {}: {source}", path.display())]
    Open { path: PathBuf, source: io::Error },
    #[error("a logger is already installed")]
    AlreadyInstalled,
}

/// Sends every `tracing` event of the process to `log_file`, created with mode 600 (an
/// existing one is narrowed to 600: it holds message metadata).
pub fn init(log_file: &Path) -> Result<(), LoggingError> {
    let file = open_private(log_file)?;
    let (filter, refused) = filter_from_env();
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(Mutex::new(Sanitized(file)))
        .with_ansi(false)
        .try_init()
        .map_err(|_| LoggingError::AlreadyInstalled)?;
    if let Some((variable, problem)) = refused {
        tracing::warn!(variable, %problem, "log filter ignored; using {DEFAULT_FILTER}");
    }
    tracing::info!(version = env!("CARGO_PKG_VERSION"), "unibox starting");
    Ok(())
}

/// The log's writer: every event passes the screen's one-line sanitiser on its way to the
/// file, so what came from the network (an error title, a name) is inert text — no escape,
/// bell or bidi control reaches whoever runs `tail -f`, and no forged line break splits an
/// event in two. The one place, whichever field or message carries the text.
struct Sanitized<W>(W);

impl<W: Write> Write for Sanitized<W> {
    /// `tracing` formats each event whole and writes it with one `write_all`, ending in `\n`.
    fn write(&mut self, event: &[u8]) -> io::Result<usize> {
        let body = event.strip_suffix(b"\n").unwrap_or(event);
        let text = String::from_utf8_lossy(body);
        let mut line = sanitize_line(&text).into_owned();
        line.push('\n');
        self.0.write_all(line.as_bytes())?;
        Ok(event.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

fn open_private(path: &Path) -> Result<File, LoggingError> {
    if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        let mut builder = DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder
            .create(dir)
            .map_err(|source| LoggingError::CreateDir {
                path: dir.to_owned(),
                source,
            })?;
    }
    let open = |source| LoggingError::Open {
        path: path.to_owned(),
        source,
    };
    let mut options = OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options.open(path).map_err(open)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = file.metadata().map_err(open)?.permissions().mode();
        if mode & 0o077 != 0 {
            fs::set_permissions(path, fs::Permissions::from_mode(0o600)).map_err(open)?;
        }
    }
    Ok(file)
}

/// The first filter variable that is set; a filter that does not parse is reported (in the
/// log) and replaced by the default rather than stopping the program.
fn filter_from_env() -> (EnvFilter, Option<(&'static str, String)>) {
    for variable in FILTER_VARIABLES {
        let Ok(value) = std::env::var(variable) else {
            continue;
        };
        if value.trim().is_empty() {
            continue;
        }
        return match EnvFilter::try_new(&value) {
            Ok(filter) => (filter, None),
            Err(problem) => (
                EnvFilter::new(DEFAULT_FILTER),
                Some((variable, problem.to_string())),
            ),
        };
    }
    (EnvFilter::new(DEFAULT_FILTER), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_is_written_as_one_inert_line() {
        let mut out = Sanitized(Vec::new());
        let event = "WARN sync failed error=\u{1b}]0;pwned\u{7}\r\nunibox: ok\u{202e}\n";
        out.write_all(event.as_bytes()).unwrap();
        let written = String::from_utf8(out.0).unwrap();
        assert_eq!(written.matches('\n').count(), 1, "{written:?}");
        assert!(written.ends_with('\n'));
        assert!(
            !written.contains(['\u{1b}', '\u{7}', '\r', '\u{202e}']),
            "{written:?}"
        );
        assert!(written.contains("pwned") && written.contains("unibox: ok"));
    }

    #[cfg(unix)]
    #[test]
    fn the_log_is_private_even_when_it_existed_open_to_all() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let fresh = dir.path().join("state/unibox/unibox.log");
        open_private(&fresh).unwrap();
        let mode = |path: &Path| fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&fresh), 0o600);
        assert_eq!(mode(fresh.parent().unwrap()), 0o700);

        let shared = dir.path().join("shared.log");
        fs::write(&shared, "earlier lines\n").unwrap();
        fs::set_permissions(&shared, fs::Permissions::from_mode(0o644)).unwrap();
        open_private(&shared).unwrap();
        assert_eq!(mode(&shared), 0o600);
        assert_eq!(fs::read_to_string(&shared).unwrap(), "earlier lines\n");
    }
}
