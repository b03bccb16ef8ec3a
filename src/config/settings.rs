//! The settings unibox runs with, resolved from command-line flags, then `UNIBOX_*`
//! variables, then config.toml, then defaults: the first one that says something wins.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::api_key::{KEY_COMMAND_TIMEOUT, KeySource};
use super::env::{self, Env};
use super::error::ConfigError;
use super::file::ConfigFile;
use super::origin::Origin;
use super::paths::Paths;
use crate::secret::ApiKey;
use crate::text::{Hyperlinks, Notify};

pub const DEFAULT_POLL_INTERVAL: Duration = Duration::from_secs(30);
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// `unibox listen` gets news by webhook; its own sync only heals gaps.
pub const DEFAULT_LISTEN_SYNC_INTERVAL: Duration = Duration::from_secs(300);
/// Ceilings of one sync run, far above a real inbox; a server cannot grow the cache beyond
/// them in one run.
pub const DEFAULT_SYNC_MAX_CHATS: u64 = 200_000;
pub const DEFAULT_SYNC_MAX_PAGES: u64 = 2_000;

/// What the command line said. `None` means the flag was not given. There is deliberately no
/// flag for the API key: command lines are visible to every user of the machine.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Flags {
    pub config_file: Option<PathBuf>,
    pub dsn: Option<String>,
    pub cache: Option<PathBuf>,
    pub read_only: Option<bool>,
    pub poll_interval_secs: Option<u64>,
    pub request_timeout_secs: Option<u64>,
    pub allow_insecure_http: Option<bool>,
    pub download_dir: Option<PathBuf>,
}

#[derive(Clone, Debug)]
pub struct Settings {
    /// `None` until the user names a server; `--demo` runs without one. See `require_dsn`.
    pub dsn: Option<String>,
    pub api_key: KeySource,
    /// The second provider, Late (Zernio): `None` unless its key (or address) is configured.
    pub late: Option<LateSettings>,
    pub cache: PathBuf,
    pub read_only: bool,
    pub poll_interval: Duration,
    /// Between the syncs `unibox listen` runs beside its webhooks.
    pub listen_sync_interval: Duration,
    pub request_timeout: Duration,
    /// Plain `http://` to a host other than this machine; refused unless set.
    pub allow_insecure_http: bool,
    /// Ceilings of one sync run: chats listed, pages followed in one list.
    pub sync_max_chats: usize,
    pub sync_max_pages: u32,
    pub bell_on_inbound: bool,
    /// The desktop notification asked of the terminal when a message arrives.
    pub notify: Notify,
    /// Links in the reader as OSC 8 hyperlinks: `auto` where the terminal is known to draw them.
    pub hyperlinks: Hyperlinks,
    pub mark_read_on_open: bool,
    pub emoji_as_text: bool,
    /// Where attachments are saved.
    pub download_dir: PathBuf,
    /// What a leading `~` stands for in a path typed at the attach prompt.
    pub home: Option<PathBuf>,
    /// The program (and its arguments) that opens a saved file.
    pub opener: String,
    /// Who answers: fills `{agent}` in canned replies.
    pub agent_name: Option<String>,
    /// `snippets.toml`, beside config.toml: the canned replies.
    pub snippets_file: PathBuf,
    pub config_file: PathBuf,
    pub keymap_file: PathBuf,
    pub log_file: PathBuf,
}

/// How to reach Late. Its key follows the Unipile key's rules: never a flag, never in
/// config.toml itself, a key file only when no one else can read it.
#[derive(Clone, Debug)]
pub struct LateSettings {
    /// `None`: Late's own address (`provider::late::DEFAULT_LATE_URL`).
    pub url: Option<String>,
    pub api_key: KeySource,
}

impl Settings {
    pub fn require_dsn(&self) -> Result<&str, ConfigError> {
        self.dsn.as_deref().ok_or_else(|| ConfigError::MissingDsn {
            config_file: self.config_file.clone(),
        })
    }
}

/// Where config.toml is: `--config`, else `UNIBOX_CONFIG`, else the config directory. The
/// flag says whether the user named it (then it must exist).
pub fn config_file_path(
    flags: &Flags,
    env: &Env,
    paths: &Paths,
) -> Result<(PathBuf, bool), ConfigError> {
    if let Some(path) = &flags.config_file {
        return Ok((path.clone(), true));
    }
    Ok(match env.text(env::CONFIG)? {
        Some(path) => (PathBuf::from(path), true),
        None => (paths.config_file(), false),
    })
}

/// Reads config.toml and resolves: the one call the program's start-up needs.
pub fn load(flags: &Flags, env: &Env, paths: &Paths) -> Result<Settings, ConfigError> {
    let (path, named) = config_file_path(flags, env, paths)?;
    let file = ConfigFile::read(&path, named)?;
    resolve(flags, env, &file, paths)
}

/// Flags > environment > file > defaults, setting by setting. Pure: no file is read and no
/// command is run (the API key is fetched later, by `KeySource::load`).
pub fn resolve(
    flags: &Flags,
    env: &Env,
    file: &ConfigFile,
    paths: &Paths,
) -> Result<Settings, ConfigError> {
    let in_file = &file.settings;
    let file_origin = || Origin::File(file.path.clone());
    let file_path = |path: &Path| relative_to_file(path, file, paths);

    let dsn = first([
        flags.dsn.as_deref().and_then(non_blank).map(str::to_owned),
        env.text(env::DSN)?.map(str::to_owned),
        in_file
            .dsn
            .as_deref()
            .and_then(non_blank)
            .map(str::to_owned),
    ]);
    let cache = first([
        flags.cache.clone(),
        env.text(env::CACHE)?.map(PathBuf::from),
        in_file.cache.as_deref().map(file_path),
    ])
    .unwrap_or_else(|| paths.default_cache());
    let poll_interval = positive_seconds(
        "poll_interval_secs",
        [
            (flags.poll_interval_secs, Origin::Flag),
            (
                env.number(env::POLL_INTERVAL_SECS)?,
                Origin::Env(env::POLL_INTERVAL_SECS),
            ),
            (in_file.poll_interval_secs, file_origin()),
        ],
    )?
    .unwrap_or(DEFAULT_POLL_INTERVAL);
    let request_timeout = positive_seconds(
        "request_timeout_secs",
        [
            (flags.request_timeout_secs, Origin::Flag),
            (
                env.number(env::REQUEST_TIMEOUT_SECS)?,
                Origin::Env(env::REQUEST_TIMEOUT_SECS),
            ),
            (in_file.request_timeout_secs, file_origin()),
        ],
    )?
    .unwrap_or(DEFAULT_REQUEST_TIMEOUT);
    let listen_sync_interval = positive_seconds(
        "listen_sync_interval_secs",
        [
            (
                env.number(env::LISTEN_SYNC_INTERVAL_SECS)?,
                Origin::Env(env::LISTEN_SYNC_INTERVAL_SECS),
            ),
            (in_file.listen_sync_interval_secs, file_origin()),
        ],
    )?
    .unwrap_or(DEFAULT_LISTEN_SYNC_INTERVAL);
    let download_dir = first([
        flags.download_dir.clone(),
        env.text(env::DOWNLOAD_DIR)?.map(PathBuf::from),
        in_file.download_dir.as_deref().map(file_path),
    ])
    .unwrap_or_else(|| paths.default_download_dir());
    let opener = first([
        env.text(env::OPENER)?
            .and_then(non_blank)
            .map(str::to_owned),
        in_file
            .opener
            .as_deref()
            .and_then(non_blank)
            .map(str::to_owned),
    ])
    .unwrap_or_else(|| crate::files::default_opener().to_owned());

    let sync_max_chats = positive_count(
        "sync_max_chats",
        [
            (
                env.count(env::SYNC_MAX_CHATS)?,
                Origin::Env(env::SYNC_MAX_CHATS),
            ),
            (in_file.sync_max_chats, file_origin()),
        ],
    )?
    .unwrap_or(DEFAULT_SYNC_MAX_CHATS);
    let sync_max_pages = positive_count(
        "sync_max_pages",
        [
            (
                env.count(env::SYNC_MAX_PAGES)?,
                Origin::Env(env::SYNC_MAX_PAGES),
            ),
            (in_file.sync_max_pages, file_origin()),
        ],
    )?
    .unwrap_or(DEFAULT_SYNC_MAX_PAGES);

    Ok(Settings {
        dsn,
        api_key: key_source(env, file, paths)?,
        late: late_settings(env, file, paths)?,
        cache,
        read_only: first([
            flags.read_only,
            env.flag(env::READ_ONLY)?,
            in_file.read_only,
        ])
        .unwrap_or(false),
        poll_interval,
        listen_sync_interval,
        request_timeout,
        allow_insecure_http: first([
            flags.allow_insecure_http,
            env.flag(env::ALLOW_INSECURE_HTTP)?,
            in_file.allow_insecure_http,
        ])
        .unwrap_or(false),
        sync_max_chats: usize::try_from(sync_max_chats).unwrap_or(usize::MAX),
        sync_max_pages: u32::try_from(sync_max_pages).unwrap_or(u32::MAX),
        bell_on_inbound: first([env.flag(env::BELL_ON_INBOUND)?, in_file.bell_on_inbound])
            .unwrap_or(false),
        notify: first([
            env.choice(env::NOTIFY, "off, osc9 or osc777")?,
            in_file.notify,
        ])
        .unwrap_or_default(),
        hyperlinks: first([
            env.choice(env::HYPERLINKS, "auto, on or off")?,
            in_file.hyperlinks,
        ])
        .unwrap_or_default(),
        mark_read_on_open: first([env.flag(env::MARK_READ_ON_OPEN)?, in_file.mark_read_on_open])
            .unwrap_or(true),
        emoji_as_text: first([env.flag(env::EMOJI_AS_TEXT)?, in_file.emoji_as_text])
            .unwrap_or(false),
        download_dir,
        home: paths.home.clone(),
        opener,
        agent_name: in_file
            .agent_name
            .as_deref()
            .and_then(non_blank)
            .map(str::to_owned),
        snippets_file: file
            .path
            .parent()
            .unwrap_or(Path::new(""))
            .join("snippets.toml"),
        config_file: file.path.clone(),
        keymap_file: paths.keymap_file(),
        log_file: paths.log_file(),
    })
}

/// The environment's key settings as a group beat the file's, so `UNIBOX_API_KEY_FILE`
/// overrides an `api_key_cmd` in config.toml. Within a group: key, then command, then file.
fn key_source(env: &Env, file: &ConfigFile, paths: &Paths) -> Result<KeySource, ConfigError> {
    if let Some(key) = env.text(env::API_KEY)?.and_then(ApiKey::new) {
        return Ok(KeySource::Env(key));
    }
    if let Some(command) = env.text(env::API_KEY_CMD)? {
        return Ok(key_command(command, Origin::Env(env::API_KEY_CMD)));
    }
    if let Some(path) = env.text(env::API_KEY_FILE)? {
        return Ok(KeySource::File {
            path: PathBuf::from(path),
            origin: Origin::Env(env::API_KEY_FILE),
        });
    }
    let in_file = &file.settings;
    if let Some(command) = in_file.api_key_cmd.as_deref().and_then(non_blank) {
        return Ok(key_command(command, Origin::File(file.path.clone())));
    }
    if let Some(path) = &in_file.api_key_file {
        return Ok(KeySource::File {
            path: relative_to_file(path, file, paths),
            origin: Origin::File(file.path.clone()),
        });
    }
    Ok(KeySource::Missing {
        config_file: file.path.clone(),
    })
}

/// Late is configured when its key is, in the environment or the file (the environment's
/// group first, as for the Unipile key). An address without a key is a mistake worth saying.
fn late_settings(
    env: &Env,
    file: &ConfigFile,
    paths: &Paths,
) -> Result<Option<LateSettings>, ConfigError> {
    let in_file = &file.settings;
    let url = first([
        env.text(env::LATE_URL)?
            .and_then(non_blank)
            .map(str::to_owned),
        in_file
            .late_url
            .as_deref()
            .and_then(non_blank)
            .map(str::to_owned),
    ]);
    let api_key = if let Some(key) = env.text(env::LATE_API_KEY)?.and_then(ApiKey::new) {
        Some(KeySource::Env(key))
    } else if let Some(command) = env.text(env::LATE_API_KEY_CMD)? {
        Some(key_command(command, Origin::Env(env::LATE_API_KEY_CMD)))
    } else if let Some(path) = env.text(env::LATE_API_KEY_FILE)? {
        Some(KeySource::File {
            path: PathBuf::from(path),
            origin: Origin::Env(env::LATE_API_KEY_FILE),
        })
    } else if let Some(command) = in_file.late_api_key_cmd.as_deref().and_then(non_blank) {
        Some(key_command(command, Origin::File(file.path.clone())))
    } else {
        in_file
            .late_api_key_file
            .as_ref()
            .map(|path| KeySource::File {
                path: relative_to_file(path, file, paths),
                origin: Origin::File(file.path.clone()),
            })
    };
    match (api_key, url) {
        (Some(api_key), url) => Ok(Some(LateSettings { url, api_key })),
        (None, None) => Ok(None),
        (None, Some(_)) => Err(ConfigError::MissingLateApiKey {
            config_file: file.path.clone(),
        }),
    }
}

fn key_command(command: &str, origin: Origin) -> KeySource {
    KeySource::Command {
        command: command.to_owned(),
        origin,
        timeout: KEY_COMMAND_TIMEOUT,
    }
}

/// A path written in config.toml: `~/` is the home directory, and a relative path is
/// relative to the file itself, not to wherever unibox was started.
fn relative_to_file(path: &Path, file: &ConfigFile, paths: &Paths) -> PathBuf {
    let path = crate::files::expand_home(path, paths.home.as_deref());
    match file.path.parent() {
        Some(dir) if path.is_relative() => dir.join(path),
        _ => path,
    }
}

/// The first layer that gives a number of seconds, refused when it is zero (a zero poll
/// interval would hammer the server, a zero timeout fail every request).
fn positive_seconds<const N: usize>(
    name: &'static str,
    layers: [(Option<u64>, Origin); N],
) -> Result<Option<Duration>, ConfigError> {
    let Some((secs, origin)) = layers
        .into_iter()
        .find_map(|(secs, origin)| secs.map(|secs| (secs, origin)))
    else {
        return Ok(None);
    };
    if secs == 0 {
        return Err(ConfigError::InvalidValue {
            name,
            origin,
            problem: "must be at least 1 second".to_owned(),
        });
    }
    Ok(Some(Duration::from_secs(secs)))
}

/// The first layer that gives a count, refused when it is zero (a ceiling of nothing would
/// stop every sync).
fn positive_count<const N: usize>(
    name: &'static str,
    layers: [(Option<u64>, Origin); N],
) -> Result<Option<u64>, ConfigError> {
    let Some((count, origin)) = layers
        .into_iter()
        .find_map(|(count, origin)| count.map(|count| (count, origin)))
    else {
        return Ok(None);
    };
    if count == 0 {
        return Err(ConfigError::InvalidValue {
            name,
            origin,
            problem: "must be at least 1".to_owned(),
        });
    }
    Ok(Some(count))
}

fn first<T, const N: usize>(layers: [Option<T>; N]) -> Option<T> {
    layers.into_iter().flatten().next()
}

fn non_blank(text: &str) -> Option<&str> {
    Some(text.trim()).filter(|text| !text.is_empty())
}
