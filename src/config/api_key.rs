//! Where the API key comes from, and fetching it: from the environment, from a command
//! (`pass show unibox`), or from a file only its owner can read.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use super::error::ConfigError;
use super::origin::Origin;
use crate::secret::ApiKey;

/// Long enough to type a passphrase into pinentry, short enough not to hang start-up.
pub const KEY_COMMAND_TIMEOUT: Duration = Duration::from_secs(60);

/// More than any key; a command or file producing more is read no further.
const MAX_KEY_BYTES: u64 = 64 * 1024;

/// A running key command is checked on at growing intervals: a quick `cat` of a file
/// returns at once, a passphrase prompt is not polled a hundred times a second.
const FIRST_POLL: Duration = Duration::from_millis(1);
const MAX_POLL: Duration = Duration::from_millis(50);

/// How long output is awaited once the command has exited.
const OUTPUT_GRACE: Duration = Duration::from_secs(1);

/// How much of a failing command's first stderr line is quoted in the error.
const MAX_QUOTED_STDERR: usize = 80;
/// A word this long made of token characters is taken for a secret and not quoted.
const TOKEN_MIN_CHARS: usize = 12;

#[derive(Clone, Debug)]
pub enum KeySource {
    /// `UNIBOX_API_KEY`.
    Env(ApiKey),
    /// Run with `sh -c`; the first line of its output is the key.
    Command {
        command: String,
        origin: Origin,
        timeout: Duration,
    },
    /// Read only when its mode gives nothing to group or others.
    File { path: PathBuf, origin: Origin },
    /// Nothing configured; `config_file` is where the fix goes.
    Missing { config_file: PathBuf },
}

impl KeySource {
    /// Fetches the key. Runs the command or reads the file each time it is called.
    pub fn load(&self) -> Result<ApiKey, ConfigError> {
        match self {
            KeySource::Env(key) => Ok(key.clone()),
            KeySource::Command {
                command,
                origin,
                timeout,
            } => run_key_command(command, origin, *timeout),
            KeySource::File { path, origin } => read_key_file(path, origin),
            KeySource::Missing { config_file } => Err(ConfigError::MissingApiKey {
                config_file: config_file.clone(),
            }),
        }
    }
}

fn run_key_command(
    command: &str,
    origin: &Origin,
    timeout: Duration,
) -> Result<ApiKey, ConfigError> {
    let failed = |problem: String| ConfigError::KeyCommand {
        origin: origin.clone(),
        problem,
        said: None,
    };
    // stdin is closed so a command waiting for input fails at once instead of timing out;
    // pinentry and friends talk to the terminal directly.
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(command)
        // The keys themselves are no business of the command (nor of what it starts).
        .env_remove(super::env::API_KEY)
        .env_remove(super::env::LATE_API_KEY)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| failed(format!("cannot start sh: {error}")))?;
    let stdout = read_in_background(child.stdout.take());
    let stderr = read_in_background(child.stderr.take());

    // `checked_add` keeps an absurd timeout from overflowing: it just never expires.
    let deadline = Instant::now().checked_add(timeout);
    let status = wait_until(&mut child, deadline)
        .map_err(|error| failed(format!("cannot wait for it: {error}")))?;
    let Some(status) = status else {
        // Killing `sh` may leave a grandchild holding the pipes: the reader threads then end
        // with it, and are not waited for.
        let _ = child.kill();
        let _ = child.wait();
        return Err(ConfigError::KeyCommandTimeout {
            origin: origin.clone(),
            timeout,
        });
    };
    // The command has ended; its output normally follows within microseconds, but a command
    // ending right at the deadline still gets a moment for it.
    let remaining = deadline
        .map_or(timeout, |deadline| {
            deadline.saturating_duration_since(Instant::now())
        })
        .max(OUTPUT_GRACE);
    if !status.success() {
        let stderr = stderr.recv_timeout(remaining).unwrap_or_default();
        return Err(ConfigError::KeyCommand {
            origin: origin.clone(),
            problem: exit_problem(status),
            said: first_line_redacted(&stderr),
        });
    }
    let output = stdout.recv_timeout(remaining).map_err(|_| {
        failed("its output did not end (a background process holds it open)".to_owned())
    })?;
    key_from_bytes(output).map_err(|problem| {
        failed(
            match problem {
                KeyTextProblem::NotUtf8 => "its output is not UTF-8 text",
                KeyTextProblem::Empty => "it printed no key",
            }
            .to_owned(),
        )
    })
}

fn wait_until(child: &mut Child, deadline: Option<Instant>) -> io::Result<Option<ExitStatus>> {
    let mut poll = FIRST_POLL;
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(Some(status));
        }
        if deadline.is_some_and(|deadline| Instant::now() >= deadline) {
            return Ok(None);
        }
        thread::sleep(poll);
        poll = (poll * 2).min(MAX_POLL);
    }
}

/// Drains a pipe on its own thread (a full pipe would block the child), keeping the start.
fn read_in_background(pipe: Option<impl Read + Send + 'static>) -> mpsc::Receiver<Vec<u8>> {
    let (sender, receiver) = mpsc::channel();
    thread::spawn(move || {
        let mut kept = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = (&mut pipe).take(MAX_KEY_BYTES).read_to_end(&mut kept);
            let _ = io::copy(&mut pipe, &mut io::sink());
        }
        let _ = sender.send(kept);
    });
    receiver
}

fn exit_problem(status: ExitStatus) -> String {
    match status.code() {
        Some(code) => format!("exited with status {code}"),
        None => "was killed by a signal".to_owned(),
    }
}

/// What a failing command said, for the person only: its first non-blank stderr line, cut
/// to `MAX_QUOTED_STDERR` characters, every word that looks like a token replaced (a password
/// manager may print the secret in its error).
fn first_line_redacted(stderr: &[u8]) -> Option<String> {
    let stderr = String::from_utf8_lossy(stderr);
    let line = stderr
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty())?;
    let visible: String = line.chars().filter(|c| !c.is_control()).collect();
    let redacted = visible
        .split(' ')
        .map(|word| {
            if looks_like_a_token(word) {
                "[redacted]"
            } else {
                word
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    let mut quoted: String = redacted.chars().take(MAX_QUOTED_STDERR).collect();
    if quoted.len() < redacted.len() {
        quoted.push('…');
    }
    Some(quoted)
}

/// A long run of key-like characters (letters, digits, `_-+/=.:`) with a digit in it, once
/// the punctuation around a word is set aside: `sk_live_4f2a…`, a base64 blob, a JWT.
fn looks_like_a_token(word: &str) -> bool {
    let core = word.trim_matches(|c: char| matches!(c, '"' | '\'' | ',' | ';' | '(' | ')'));
    // `key=VALUE` and `token:VALUE` hide the value.
    let value = core.rsplit(['=', ':']).next().unwrap_or(core);
    [core, value].iter().any(|part| {
        part.chars().count() >= TOKEN_MIN_CHARS
            && part.chars().any(|c| c.is_ascii_digit())
            && part.chars().all(|c| {
                c.is_alphanumeric() || matches!(c, '_' | '-' | '+' | '/' | '=' | '.' | ':')
            })
    })
}

enum KeyTextProblem {
    NotUtf8,
    Empty,
}

/// The key is the first line of the (trimmed) text, as `pass show` prints it.
fn key_from_bytes(bytes: Vec<u8>) -> Result<ApiKey, KeyTextProblem> {
    let text = String::from_utf8(bytes).map_err(|_| KeyTextProblem::NotUtf8)?;
    text.trim()
        .lines()
        .next()
        .and_then(ApiKey::new)
        .ok_or(KeyTextProblem::Empty)
}

fn read_key_file(path: &Path, origin: &Origin) -> Result<ApiKey, ConfigError> {
    let failed = |problem: String| ConfigError::KeyFile {
        path: path.to_owned(),
        origin: origin.clone(),
        problem,
    };
    let file = open_no_wait(path).map_err(|error| {
        failed(if is_symlink_refusal(&error) {
            "it is a symbolic link; name the file itself".to_owned()
        } else {
            error.to_string()
        })
    })?;
    // Type, owner and mode are checked on the opened file, so it cannot be swapped in
    // between.
    let metadata = file.metadata().map_err(|error| failed(error.to_string()))?;
    if !metadata.is_file() {
        return Err(failed("not a regular file".to_owned()));
    }
    refuse_if_not_mine(&metadata).map_err(failed)?;
    refuse_if_shared(path, &metadata)?;
    let mut bytes = Vec::new();
    file.take(MAX_KEY_BYTES)
        .read_to_end(&mut bytes)
        .map_err(|error| failed(error.to_string()))?;
    key_from_bytes(bytes).map_err(|problem| {
        failed(
            match problem {
                KeyTextProblem::NotUtf8 => "it is not UTF-8 text",
                KeyTextProblem::Empty => "it holds no key",
            }
            .to_owned(),
        )
    })
}

/// Opens without following a final symbolic link, and without waiting: a FIFO (or a device)
/// would block the open, and start-up with it, until someone writes to it.
#[cfg(unix)]
fn open_no_wait(path: &Path) -> io::Result<File> {
    use rustix::fs::OFlags;
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags((OFlags::NOFOLLOW | OFlags::NONBLOCK).bits() as i32)
        .open(path)
}

#[cfg(not(unix))]
fn open_no_wait(path: &Path) -> io::Result<File> {
    File::open(path)
}

#[cfg(unix)]
fn is_symlink_refusal(error: &io::Error) -> bool {
    error.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error())
}

#[cfg(not(unix))]
fn is_symlink_refusal(_error: &io::Error) -> bool {
    false
}

/// A key file someone else owns could be swapped by them.
#[cfg(unix)]
fn refuse_if_not_mine(metadata: &std::fs::Metadata) -> Result<(), String> {
    use std::os::unix::fs::MetadataExt;
    if metadata.uid() != rustix::process::geteuid().as_raw() {
        return Err(format!(
            "it belongs to another user (uid {}); use a file of your own",
            metadata.uid()
        ));
    }
    Ok(())
}

#[cfg(not(unix))]
fn refuse_if_not_mine(_metadata: &std::fs::Metadata) -> Result<(), String> {
    Ok(())
}

#[cfg(unix)]
fn refuse_if_shared(path: &Path, metadata: &std::fs::Metadata) -> Result<(), ConfigError> {
    use std::os::unix::fs::PermissionsExt;
    let mode = metadata.permissions().mode() & 0o7777;
    if mode & 0o077 != 0 {
        return Err(ConfigError::KeyFileTooOpen {
            path: path.to_owned(),
            mode,
        });
    }
    Ok(())
}

#[cfg(not(unix))]
fn refuse_if_shared(_path: &Path, _metadata: &std::fs::Metadata) -> Result<(), ConfigError> {
    Ok(())
}
