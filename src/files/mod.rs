//! Files unibox writes for the user and hands to other programs: attachments saved from the
//! server (private, never through a planted link, never half), their extension from their
//! type, and the system opener.

mod extension;
mod home;
mod opener;
mod save;

pub use extension::extension_for;
pub use home::expand_home;
pub use opener::{OpenError, default_opener, open_detached};
pub use save::{IncomingFile, create_new_private, create_private_dir};
