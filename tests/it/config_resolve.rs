//! Settings: flags > environment > config.toml > defaults, and refusals that name the culprit.

use std::path::{Path, PathBuf};
use std::time::Duration;

use unibox::config::{
    ConfigError, ConfigFile, DEFAULT_POLL_INTERVAL, DEFAULT_REQUEST_TIMEOUT, Env, FileSettings,
    Flags, KeySource, Origin, Paths, Settings, load, resolve,
};

const SECRET: &str = "sk_live_do_not_print_9f3a";

fn paths() -> Paths {
    Paths::under(Path::new("/tmp/unibox-test-root"))
}

fn file(text: &str) -> ConfigFile {
    ConfigFile::parse(&paths().config_file(), text)
        .unwrap_or_else(|error| panic!("config should parse: {error}"))
}

fn env(pairs: &[(&str, &str)]) -> Env {
    Env::from_pairs(pairs.iter().copied())
}

fn resolved(flags: &Flags, env: &Env, file: &ConfigFile) -> Settings {
    resolve(flags, env, file, &paths()).unwrap_or_else(|error| panic!("should resolve: {error}"))
}

fn no_file() -> ConfigFile {
    ConfigFile::empty(&paths().config_file())
}

#[test]
fn defaults_when_nothing_is_said() {
    let settings = resolved(&Flags::default(), &Env::default(), &no_file());
    let paths = paths();
    assert_eq!(settings.dsn, None);
    assert_eq!(settings.cache, paths.data_dir.join("cache.sqlite3"));
    assert_eq!(settings.log_file, paths.state_dir.join("unibox.log"));
    assert_eq!(settings.keymap_file, paths.config_dir.join("keymap.toml"));
    assert_eq!(settings.config_file, paths.config_dir.join("config.toml"));
    assert!(!settings.read_only);
    assert!(settings.mark_read_on_open);
    assert!(!settings.bell_on_inbound);
    assert!(!settings.emoji_as_text);
    assert_eq!(settings.poll_interval, DEFAULT_POLL_INTERVAL);
    assert_eq!(settings.request_timeout, DEFAULT_REQUEST_TIMEOUT);
    assert!(matches!(settings.api_key, KeySource::Missing { .. }));
}

#[test]
fn flags_beat_environment_beats_file() {
    let file = file(
        "dsn = \"file.example:1\"\ncache = \"/file/cache.db\"\nread_only = false\n\
         poll_interval_secs = 50\nrequest_timeout_secs = 51\n",
    );
    let env = env(&[
        ("UNIBOX_DSN", "env.example:2"),
        ("UNIBOX_CACHE", "/env/cache.db"),
        ("UNIBOX_READ_ONLY", "1"),
        ("UNIBOX_POLL_INTERVAL_SECS", "60"),
        ("UNIBOX_REQUEST_TIMEOUT_SECS", "61"),
    ]);
    let flags = Flags {
        dsn: Some("flag.example:3".to_owned()),
        cache: Some(PathBuf::from("/flag/cache.db")),
        read_only: Some(false),
        poll_interval_secs: Some(70),
        request_timeout_secs: Some(71),
        ..Flags::default()
    };

    let all = resolved(&flags, &env, &file);
    assert_eq!(all.dsn.as_deref(), Some("flag.example:3"));
    assert_eq!(all.cache, PathBuf::from("/flag/cache.db"));
    assert!(!all.read_only);
    assert_eq!(all.poll_interval, Duration::from_secs(70));
    assert_eq!(all.request_timeout, Duration::from_secs(71));

    let no_flags = resolved(&Flags::default(), &env, &file);
    assert_eq!(no_flags.dsn.as_deref(), Some("env.example:2"));
    assert_eq!(no_flags.cache, PathBuf::from("/env/cache.db"));
    assert!(no_flags.read_only);
    assert_eq!(no_flags.poll_interval, Duration::from_secs(60));
    assert_eq!(no_flags.request_timeout, Duration::from_secs(61));

    let file_only = resolved(&Flags::default(), &Env::default(), &file);
    assert_eq!(file_only.dsn.as_deref(), Some("file.example:1"));
    assert_eq!(file_only.cache, PathBuf::from("/file/cache.db"));
    assert!(!file_only.read_only);
    assert_eq!(file_only.poll_interval, Duration::from_secs(50));
    assert_eq!(file_only.request_timeout, Duration::from_secs(51));
}

#[test]
fn booleans_from_file_and_environment() {
    let file = file("bell_on_inbound = true\nmark_read_on_open = false\nemoji_as_text = true\n");
    let from_file = resolved(&Flags::default(), &Env::default(), &file);
    assert!(from_file.bell_on_inbound);
    assert!(!from_file.mark_read_on_open);
    assert!(from_file.emoji_as_text);

    let env = env(&[
        ("UNIBOX_BELL_ON_INBOUND", "no"),
        ("UNIBOX_MARK_READ_ON_OPEN", "TRUE"),
        ("UNIBOX_EMOJI_AS_TEXT", "off"),
    ]);
    let from_env = resolved(&Flags::default(), &env, &file);
    assert!(!from_env.bell_on_inbound);
    assert!(from_env.mark_read_on_open);
    assert!(!from_env.emoji_as_text);
}

#[test]
fn notifications_are_off_unless_the_file_or_the_environment_asks() {
    use unibox::text::Notify;
    assert_eq!(
        resolved(&Flags::default(), &Env::default(), &no_file()).notify,
        Notify::Off
    );
    let file = file("notify = \"osc777\"\n");
    assert_eq!(
        resolved(&Flags::default(), &Env::default(), &file).notify,
        Notify::Osc777
    );
    let env = env(&[("UNIBOX_NOTIFY", "osc9")]);
    assert_eq!(
        resolved(&Flags::default(), &env, &file).notify,
        Notify::Osc9
    );
    let wrong = ConfigFile::parse(&paths().config_file(), "notify = \"loud\"\n").unwrap_err();
    let message = wrong.to_string();
    assert!(
        message.contains("line 1") && message.contains("osc777"),
        "{message}"
    );
}

#[test]
fn hyperlinks_are_auto_unless_the_file_or_the_environment_says() {
    use unibox::text::Hyperlinks;
    assert_eq!(
        resolved(&Flags::default(), &Env::default(), &no_file()).hyperlinks,
        Hyperlinks::Auto
    );
    let file = file("hyperlinks = \"off\"\n");
    assert_eq!(
        resolved(&Flags::default(), &Env::default(), &file).hyperlinks,
        Hyperlinks::Off
    );
    let env = env(&[("UNIBOX_HYPERLINKS", "on")]);
    assert_eq!(
        resolved(&Flags::default(), &env, &file).hyperlinks,
        Hyperlinks::On
    );
    let wrong = ConfigFile::parse(&paths().config_file(), "hyperlinks = \"yes\"\n").unwrap_err();
    assert!(wrong.to_string().contains("line 1"), "{wrong}");
}

#[test]
fn empty_environment_variables_count_as_unset() {
    let file = file("dsn = \"file.example:1\"\nread_only = true\n");
    let env = env(&[("UNIBOX_DSN", ""), ("UNIBOX_READ_ONLY", "  ")]);
    let settings = resolved(&Flags::default(), &env, &file);
    assert_eq!(settings.dsn.as_deref(), Some("file.example:1"));
    assert!(settings.read_only);
}

#[test]
fn bad_environment_values_name_the_variable_and_what_was_expected() {
    let cases = [
        ("UNIBOX_READ_ONLY", "maybe", "true or false"),
        (
            "UNIBOX_POLL_INTERVAL_SECS",
            "soon",
            "whole number of seconds",
        ),
        (
            "UNIBOX_REQUEST_TIMEOUT_SECS",
            "-1",
            "whole number of seconds",
        ),
        ("UNIBOX_POLL_INTERVAL_SECS", "0", "at least 1 second"),
        ("UNIBOX_NOTIFY", "loud", "off, osc9 or osc777"),
        ("UNIBOX_HYPERLINKS", "sometimes", "auto, on or off"),
    ];
    for (name, value, expected) in cases {
        let error = resolve(
            &Flags::default(),
            &env(&[(name, value)]),
            &no_file(),
            &paths(),
        )
        .unwrap_err();
        let message = error.to_string();
        assert!(message.starts_with(name), "{message}");
        assert!(message.contains(expected), "{message}");
        assert!(
            matches!(error, ConfigError::InvalidValue { .. }),
            "{error:?}"
        );
    }
}

#[test]
fn zero_seconds_is_refused_wherever_it_comes_from() {
    let message = resolve(
        &Flags::default(),
        &Env::default(),
        &file("request_timeout_secs = 0\n"),
        &paths(),
    )
    .unwrap_err()
    .to_string();
    assert_eq!(
        message,
        format!(
            "request_timeout_secs in {}: must be at least 1 second",
            paths().config_file().display()
        )
    );

    let flags = Flags {
        poll_interval_secs: Some(0),
        ..Flags::default()
    };
    let message = resolve(&flags, &Env::default(), &no_file(), &paths())
        .unwrap_err()
        .to_string();
    assert_eq!(
        message,
        "poll_interval_secs on the command line: must be at least 1 second"
    );
}

#[test]
fn an_unknown_key_in_the_file_is_named() {
    let path = paths().config_file();
    let error = ConfigFile::parse(&path, "dsn = \"x\"\npoll_intervall_secs = 5\n").unwrap_err();
    let message = error.to_string();
    assert!(message.contains(&path.display().to_string()), "{message}");
    assert!(message.contains("poll_intervall_secs"), "{message}");
    assert!(message.contains("line 2"), "{message}");
}

#[test]
fn a_wrong_type_in_the_file_is_reported_with_its_line() {
    let message = ConfigFile::parse(&paths().config_file(), "\n\nread_only = \"yes\"\n")
        .unwrap_err()
        .to_string();
    assert!(message.contains("line 3"), "{message}");
    assert!(message.contains("bool"), "{message}");
}

#[test]
fn a_key_pasted_into_the_file_is_refused_without_echoing_it() {
    let text = format!("dsn = \"x\"\napi_key = \"{SECRET}\"\n");
    let error = ConfigFile::parse(&paths().config_file(), &text).unwrap_err();
    assert!(
        matches!(error, ConfigError::ApiKeyInConfig { .. }),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(message.contains("api_key_file"), "{message}");
    assert!(!message.contains(SECRET), "{message}");
    assert!(!format!("{error:?}").contains(SECRET));
}

#[test]
fn a_syntax_error_does_not_quote_the_line() {
    let text = format!("api_key_cmd = \"echo {SECRET}\n");
    let message = ConfigFile::parse(&paths().config_file(), &text)
        .unwrap_err()
        .to_string();
    assert!(message.contains("line 1"), "{message}");
    assert!(!message.contains(SECRET), "{message}");
}

#[test]
fn the_key_comes_from_the_environment_first() {
    let file = file("api_key_cmd = \"pass show unibox\"\napi_key_file = \"key\"\n");
    let settings = resolved(
        &Flags::default(),
        &env(&[("UNIBOX_API_KEY", SECRET)]),
        &file,
    );
    match &settings.api_key {
        KeySource::Env(key) => assert_eq!(key.expose(), SECRET),
        other => panic!("expected the environment's key, got {other:?}"),
    }
    assert!(!format!("{settings:?}").contains(SECRET));
}

#[test]
fn then_from_the_command_then_from_the_file() {
    let path = paths().config_file();
    let both = file("api_key_cmd = \"pass show unibox\"\napi_key_file = \"key\"\n");
    match resolved(&Flags::default(), &Env::default(), &both).api_key {
        KeySource::Command {
            command, origin, ..
        } => {
            assert_eq!(command, "pass show unibox");
            assert_eq!(origin, Origin::File(path.clone()));
        }
        other => panic!("expected the command, got {other:?}"),
    }
    let file_only = file("api_key_file = \"secrets/key\"\n");
    match resolved(&Flags::default(), &Env::default(), &file_only).api_key {
        // Relative to config.toml, not to the working directory.
        KeySource::File { path: key, .. } => {
            assert_eq!(key, paths().config_dir.join("secrets/key"));
        }
        other => panic!("expected the file, got {other:?}"),
    }
}

#[test]
fn the_environment_key_settings_override_the_file_ones() {
    let file = file("api_key_cmd = \"pass show unibox\"\n");
    let env = env(&[("UNIBOX_API_KEY_FILE", "/run/secrets/unibox")]);
    match resolved(&Flags::default(), &env, &file).api_key {
        KeySource::File { path, origin } => {
            assert_eq!(path, PathBuf::from("/run/secrets/unibox"));
            assert_eq!(origin, Origin::Env("UNIBOX_API_KEY_FILE"));
        }
        other => panic!("expected the environment's file, got {other:?}"),
    }
}

#[test]
fn a_missing_key_says_how_to_set_one() {
    let settings = resolved(&Flags::default(), &Env::default(), &no_file());
    let message = settings.api_key.load().unwrap_err().to_string();
    assert_eq!(
        message,
        format!(
            "no API key: set UNIBOX_API_KEY, or api_key_cmd or api_key_file in {}",
            paths().config_file().display()
        )
    );
    assert_eq!(message.lines().count(), 1);
}

#[test]
fn a_missing_dsn_says_how_to_set_one() {
    let settings = resolved(&Flags::default(), &Env::default(), &no_file());
    let message = settings.require_dsn().unwrap_err().to_string();
    assert!(message.contains("--dsn"), "{message}");
    assert!(message.contains("UNIBOX_DSN"), "{message}");
    assert!(message.contains("config.toml"), "{message}");

    let named = resolved(
        &Flags::default(),
        &env(&[("UNIBOX_DSN", " api1.unipile.com:13111 ")]),
        &no_file(),
    );
    assert_eq!(named.require_dsn().unwrap(), "api1.unipile.com:13111");
}

#[test]
fn home_and_relative_paths_in_the_file() {
    let settings = resolved(
        &Flags::default(),
        &Env::default(),
        &file("cache = \"~/inbox/cache.db\"\n"),
    );
    assert_eq!(settings.cache, paths().home.unwrap().join("inbox/cache.db"));
    let settings = resolved(
        &Flags::default(),
        &Env::default(),
        &file("cache = \"c.db\"\n"),
    );
    assert_eq!(settings.cache, paths().config_dir.join("c.db"));
}

#[test]
fn the_environment_never_prints_its_values() {
    let env = env(&[("UNIBOX_API_KEY", SECRET), ("UNIBOX_DSN", "x")]);
    let shown = format!("{env:?}");
    assert!(shown.contains("UNIBOX_API_KEY"), "{shown}");
    assert!(!shown.contains(SECRET), "{shown}");
}

#[test]
fn load_reads_the_file_from_the_config_directory() {
    let root = tempfile::tempdir().unwrap();
    let paths = Paths::under(root.path());
    std::fs::create_dir_all(&paths.config_dir).unwrap();
    std::fs::write(paths.config_file(), "dsn = \"from.file:1\"\n").unwrap();
    let settings = load(&Flags::default(), &Env::default(), &paths).unwrap();
    assert_eq!(settings.dsn.as_deref(), Some("from.file:1"));
}

#[test]
fn load_without_a_file_uses_defaults_but_a_named_file_must_exist() {
    let root = tempfile::tempdir().unwrap();
    let paths = Paths::under(root.path());
    let settings = load(&Flags::default(), &Env::default(), &paths).unwrap();
    assert_eq!(settings.dsn, None);

    let missing = root.path().join("elsewhere.toml");
    let flags = Flags {
        config_file: Some(missing.clone()),
        ..Flags::default()
    };
    let message = load(&flags, &Env::default(), &paths)
        .unwrap_err()
        .to_string();
    assert!(
        message.contains(&missing.display().to_string()),
        "{message}"
    );

    let from_env = env(&[("UNIBOX_CONFIG", missing.to_str().unwrap())]);
    assert!(matches!(
        load(&Flags::default(), &from_env, &paths),
        Err(ConfigError::ReadFile { .. })
    ));
}

#[test]
fn the_file_settings_are_all_optional() {
    assert_eq!(file("").settings, FileSettings::default());
}

#[cfg(unix)]
#[test]
fn private_directories_are_created_for_the_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let root = tempfile::tempdir().unwrap();
    let paths = Paths::under(&root.path().join("nested"));
    paths.create_private_dirs().unwrap();
    for dir in [&paths.data_dir, &paths.state_dir] {
        let mode = std::fs::metadata(dir).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700, "{}", dir.display());
    }
}

#[test]
fn the_download_folder_follows_flags_then_environment_then_file() {
    let paths = paths();
    let settings = resolved(&Flags::default(), &Env::default(), &no_file());
    assert_eq!(
        settings.download_dir,
        paths.home.clone().unwrap().join("Downloads/unibox"),
        "without a user download folder"
    );
    let with_xdg = Paths {
        user_downloads: Some(PathBuf::from("/home/me/Téléchargements")),
        ..paths.clone()
    };
    let settings = resolve(&Flags::default(), &Env::default(), &no_file(), &with_xdg).unwrap();
    assert_eq!(
        settings.download_dir,
        PathBuf::from("/home/me/Téléchargements")
    );

    let file = file("download_dir = \"~/Inbox files\"\n");
    let in_file = resolved(&Flags::default(), &Env::default(), &file);
    assert_eq!(
        in_file.download_dir,
        paths.home.clone().unwrap().join("Inbox files")
    );
    let env = env(&[("UNIBOX_DOWNLOAD_DIR", "/env/files")]);
    assert_eq!(
        resolved(&Flags::default(), &env, &file).download_dir,
        PathBuf::from("/env/files")
    );
    let flags = Flags {
        download_dir: Some(PathBuf::from("/flag/files")),
        ..Flags::default()
    };
    assert_eq!(
        resolved(&flags, &env, &file).download_dir,
        PathBuf::from("/flag/files")
    );
}

#[test]
fn the_opener_is_the_system_one_unless_named() {
    let settings = resolved(&Flags::default(), &Env::default(), &no_file());
    assert_eq!(settings.opener, unibox::files::default_opener());
    let file = file("opener = \"firefox --new-tab\"\n");
    assert_eq!(
        resolved(&Flags::default(), &Env::default(), &file).opener,
        "firefox --new-tab"
    );
    let env = env(&[("UNIBOX_OPENER", "open -a Preview")]);
    assert_eq!(
        resolved(&Flags::default(), &env, &file).opener,
        "open -a Preview"
    );
}

#[test]
fn listen_sync_interval_comes_from_the_environment_then_the_file() {
    let default = resolved(&Flags::default(), &Env::default(), &no_file());
    assert_eq!(
        default.listen_sync_interval,
        unibox::config::DEFAULT_LISTEN_SYNC_INTERVAL
    );
    let file = file("listen_sync_interval_secs = 120\n");
    let from_file = resolved(&Flags::default(), &Env::default(), &file);
    assert_eq!(from_file.listen_sync_interval, Duration::from_secs(120));
    let env = env(&[("UNIBOX_LISTEN_SYNC_INTERVAL_SECS", "60")]);
    let from_env = resolved(&Flags::default(), &env, &file);
    assert_eq!(from_env.listen_sync_interval, Duration::from_secs(60));
    let zero = self::file("listen_sync_interval_secs = 0\n");
    assert!(resolve(&Flags::default(), &Env::default(), &zero, &paths()).is_err());
}
