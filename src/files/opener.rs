//! Handing a saved file to the system's opener (`xdg-open`, `open`, or the `opener` setting),
//! which runs detached: no terminal, nothing to read, nothing written over the interface.

use std::ffi::OsStr;
use std::io;
use std::process::Stdio;

/// The opener when the settings name none.
pub fn default_opener() -> &'static str {
    if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum OpenError {
    #[error("there is no program to open files: set `opener` in config.toml ({0} was not found)")]
    NoOpener(String),
    #[error("{program} could not be started: {reason}")]
    CannotStart { program: String, reason: String },
}

/// Starts `opener` (a program and its arguments, split at spaces) on `file` and returns
/// without waiting for it; tokio reaps it when it ends.
pub fn open_detached(opener: &str, file: impl AsRef<OsStr>) -> Result<(), OpenError> {
    let mut words = opener.split_whitespace();
    let program = words.next().unwrap_or(default_opener()).to_owned();
    let mut command = tokio::process::Command::new(&program);
    command
        .args(words)
        .arg(file)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        // Its own process group: a ctrl-z or ctrl-c meant for unibox is not its business.
        .process_group(0)
        .kill_on_drop(false);
    match command.spawn() {
        Ok(_child) => Ok(()),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Err(OpenError::NoOpener(program)),
        Err(error) => Err(OpenError::CannotStart {
            program,
            reason: error.to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[tokio::test]
    async fn a_missing_opener_is_said_in_words() {
        let error = open_detached("/nonexistent/opener --flag", Path::new("/tmp/x")).unwrap_err();
        assert_eq!(error, OpenError::NoOpener("/nonexistent/opener".to_owned()));
        assert!(error.to_string().contains("set `opener` in config.toml"));
    }

    #[tokio::test]
    async fn the_opener_gets_its_arguments_then_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let record = dir.path().join("args");
        let script = dir.path().join("opener.sh");
        std::fs::write(
            &script,
            format!(
                "#!/bin/sh\nprintf '%s\\n' \"$@\" > {}.tmp\nmv {0}.tmp {0}\n",
                record.display()
            ),
        )
        .unwrap();
        std::fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o700))
            .unwrap();
        let file = dir.path().join("photo 1.jpg");
        open_detached(&format!("{} --new-window", script.display()), &file).unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while !record.exists() {
            assert!(std::time::Instant::now() < deadline, "the opener never ran");
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        let args = std::fs::read_to_string(&record).unwrap();
        assert_eq!(args, format!("--new-window\n{}\n", file.display()));
    }
}
