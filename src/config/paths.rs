//! Where unibox keeps its files. `discover` follows the platform's conventions (the XDG
//! variables on Linux); `under` roots everything in one directory, for tests and demos that
//! must not touch the user's home.

use std::fs::DirBuilder;
use std::path::{Path, PathBuf};

use directories::{BaseDirs, ProjectDirs, UserDirs};

use super::error::ConfigError;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paths {
    /// `$XDG_CONFIG_HOME/unibox`: config.toml, keymap.toml.
    pub config_dir: PathBuf,
    /// `$XDG_DATA_HOME/unibox`: the cache.
    pub data_dir: PathBuf,
    /// `$XDG_STATE_HOME/unibox`: the log.
    pub state_dir: PathBuf,
    /// What a leading `~/` in config.toml stands for.
    pub home: Option<PathBuf>,
    /// The user's download folder (`$XDG_DOWNLOAD_DIR`), if the system names one.
    pub user_downloads: Option<PathBuf>,
}

impl Paths {
    pub fn discover() -> Result<Self, ConfigError> {
        let project = ProjectDirs::from("", "", "unibox").ok_or(ConfigError::NoHome)?;
        // Only Linux has a state directory; elsewhere the log sits with the data.
        let state_dir = project.state_dir().unwrap_or(project.data_dir());
        Ok(Self {
            config_dir: project.config_dir().to_owned(),
            data_dir: project.data_dir().to_owned(),
            state_dir: state_dir.to_owned(),
            home: BaseDirs::new().map(|base| base.home_dir().to_owned()),
            user_downloads: UserDirs::new()
                .and_then(|dirs| dirs.download_dir().map(Path::to_owned)),
        })
    }

    pub fn under(root: &Path) -> Self {
        Self {
            config_dir: root.join("config"),
            data_dir: root.join("data"),
            state_dir: root.join("state"),
            home: Some(root.join("home")),
            user_downloads: None,
        }
    }

    /// Where attachments go unless the settings say otherwise: the user's download folder,
    /// else `~/Downloads/unibox`.
    pub fn default_download_dir(&self) -> PathBuf {
        match (&self.user_downloads, &self.home) {
            (Some(folder), _) => folder.clone(),
            (None, Some(home)) => home.join("Downloads").join("unibox"),
            (None, None) => PathBuf::from("unibox-downloads"),
        }
    }

    pub fn config_file(&self) -> PathBuf {
        self.config_dir.join("config.toml")
    }

    pub fn keymap_file(&self) -> PathBuf {
        self.config_dir.join("keymap.toml")
    }

    pub fn default_cache(&self) -> PathBuf {
        self.data_dir.join("cache.sqlite3")
    }

    pub fn log_file(&self) -> PathBuf {
        self.state_dir.join("unibox.log")
    }

    /// Creates the data and state directories, readable only by the user: they hold
    /// messages and logs.
    pub fn create_private_dirs(&self) -> Result<(), ConfigError> {
        let mut builder = DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        for dir in [&self.data_dir, &self.state_dir] {
            builder
                .create(dir)
                .map_err(|source| ConfigError::CreateDir {
                    path: dir.clone(),
                    source,
                })?;
        }
        Ok(())
    }
}
