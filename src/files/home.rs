//! A path as a person writes it, in config.toml or at the attach prompt: a leading `~` is the
//! home directory. The one place that reads it so, for every path unibox is given.

use std::path::{Path, PathBuf};

/// `~` and `~/rest` under `home`; any other path (`~user/…` included) as written.
pub fn expand_home(path: &Path, home: Option<&Path>) -> PathBuf {
    match (path.strip_prefix("~"), home) {
        (Ok(rest), Some(home)) => home.join(rest),
        _ => path.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_leading_tilde_is_the_home_directory_and_nothing_else_is() {
        let home = Some(Path::new("/home/me"));
        let expand = |typed: &str| expand_home(Path::new(typed), home);
        assert_eq!(expand("~/a/b.pdf"), Path::new("/home/me/a/b.pdf"));
        assert_eq!(expand("~"), Path::new("/home/me"));
        assert_eq!(expand("~other/x"), Path::new("~other/x"));
        assert_eq!(expand("a/~/b"), Path::new("a/~/b"));
        assert_eq!(expand("/tmp/x"), Path::new("/tmp/x"));
        assert_eq!(
            expand_home(Path::new("~/x"), None),
            Path::new("~/x"),
            "without a known home the path is left as typed"
        );
    }
}
