//! Where a setting came from, so an error can point at the right place to fix it.

use std::fmt;
use std::path::PathBuf;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    Flag,
    Env(&'static str),
    File(PathBuf),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Flag => f.write_str("from the command line"),
            Origin::Env(name) => write!(f, "from {name}"),
            Origin::File(path) => write!(f, "from {}", path.display()),
        }
    }
}
