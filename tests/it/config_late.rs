//! Late (Zernio), the second provider: its key and address settings follow the Unipile key's
//! rules, and either provider may be configured alone.

use std::path::{Path, PathBuf};

use unibox::config::{ConfigError, ConfigFile, Env, Flags, KeySource, Origin, Paths, resolve};

const SECRET: &str = "sk_late_do_not_print_5b1e";

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

fn late(env: &Env, file: &ConfigFile) -> Result<Option<unibox::config::LateSettings>, ConfigError> {
    resolve(&Flags::default(), env, file, &paths()).map(|settings| settings.late)
}

#[test]
fn late_is_off_until_its_key_is_configured() {
    let none = late(&Env::default(), &file("dsn = \"api1.unipile.com:1\"\n")).unwrap();
    assert!(none.is_none());
}

#[test]
fn late_alone_is_a_configuration_and_its_key_never_prints() {
    let settings = resolve(
        &Flags::default(),
        &env(&[("UNIBOX_LATE_API_KEY", SECRET)]),
        &file(""),
        &paths(),
    )
    .unwrap();
    assert_eq!(settings.dsn, None);
    assert!(matches!(settings.api_key, KeySource::Missing { .. }));
    let late = settings.late.clone().expect("Late is configured");
    assert_eq!(late.url, None, "None is Late's own address");
    match &late.api_key {
        KeySource::Env(key) => assert_eq!(key.expose(), SECRET),
        other => panic!("expected the environment's key, got {other:?}"),
    }
    assert!(!format!("{settings:?}").contains(SECRET));
}

#[test]
fn the_address_comes_from_the_environment_then_the_file() {
    let in_file =
        file("late_url = \"https://file.example/api/v1\"\nlate_api_key_cmd = \"pass late\"\n");
    let from_file = late(&Env::default(), &in_file).unwrap().unwrap();
    assert_eq!(
        from_file.url.as_deref(),
        Some("https://file.example/api/v1")
    );
    let from_env = late(&env(&[("UNIBOX_LATE_URL", "http://127.0.0.1:9")]), &in_file)
        .unwrap()
        .unwrap();
    assert_eq!(from_env.url.as_deref(), Some("http://127.0.0.1:9"));
}

#[test]
fn the_key_follows_the_unipile_order_and_stays_apart_from_it() {
    let both = file(
        "api_key_cmd = \"pass unipile\"\nlate_api_key_cmd = \"pass late\"\nlate_api_key_file = \"late.key\"\n",
    );
    let settings = resolve(&Flags::default(), &Env::default(), &both, &paths()).unwrap();
    match settings.late.unwrap().api_key {
        KeySource::Command {
            command, origin, ..
        } => {
            assert_eq!(command, "pass late");
            assert_eq!(origin, Origin::File(paths().config_file()));
        }
        other => panic!("expected Late's command, got {other:?}"),
    }
    match settings.api_key {
        KeySource::Command { command, .. } => assert_eq!(command, "pass unipile"),
        other => panic!("expected Unipile's command, got {other:?}"),
    }
    let file_only = file("late_api_key_file = \"secrets/late.key\"\n");
    match late(&Env::default(), &file_only).unwrap().unwrap().api_key {
        // Relative to config.toml, not to the working directory.
        KeySource::File { path, .. } => {
            assert_eq!(path, paths().config_dir.join("secrets/late.key"));
        }
        other => panic!("expected the key file, got {other:?}"),
    }
    let env_file = env(&[("UNIBOX_LATE_API_KEY_FILE", "/run/secrets/late")]);
    match late(&env_file, &both).unwrap().unwrap().api_key {
        KeySource::File { path, origin } => {
            assert_eq!(path, PathBuf::from("/run/secrets/late"));
            assert_eq!(origin, Origin::Env("UNIBOX_LATE_API_KEY_FILE"));
        }
        other => panic!("expected the environment's file, got {other:?}"),
    }
    // Unipile's key is not Late's.
    let unipile_only = late(&env(&[("UNIBOX_API_KEY", SECRET)]), &file("")).unwrap();
    assert!(unipile_only.is_none());
}

#[test]
fn an_address_without_a_key_says_how_to_set_one() {
    let error = late(
        &Env::default(),
        &file("late_url = \"https://zernio.com/api/v1\"\n"),
    )
    .unwrap_err();
    assert!(
        matches!(error, ConfigError::MissingLateApiKey { .. }),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(message.contains("UNIBOX_LATE_API_KEY"), "{message}");
    assert!(message.contains("late_api_key_file"), "{message}");
}

#[test]
fn a_late_key_pasted_into_the_file_is_refused_without_echoing_it() {
    let text = format!("late_api_key = \"{SECRET}\"\n");
    let error = ConfigFile::parse(&paths().config_file(), &text).unwrap_err();
    assert!(
        matches!(error, ConfigError::ApiKeyInConfig { .. }),
        "{error:?}"
    );
    assert!(!error.to_string().contains(SECRET));
    assert!(!format!("{error:?}").contains(SECRET));
}

#[test]
fn the_late_key_is_among_the_variables_scrubbed_from_the_process() {
    assert!(unibox::config::env::SECRET_VARIABLES.contains(&"UNIBOX_LATE_API_KEY"));
}

#[cfg(unix)]
#[test]
fn a_late_key_file_others_can_read_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("late.key");
    std::fs::write(&path, SECRET).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let env = env(&[("UNIBOX_LATE_API_KEY_FILE", path.to_str().unwrap())]);
    let source = late(&env, &file("")).unwrap().unwrap().api_key;
    let error = source.load().unwrap_err();
    assert!(
        matches!(error, ConfigError::KeyFileTooOpen { .. }),
        "{error:?}"
    );
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    assert_eq!(source.load().unwrap().expose(), SECRET);
}
