//! Files unibox writes for the user: attachments saved from the server, private, never
//! through a planted link, never half.

mod save;

pub use save::{IncomingFile, create_new_private, create_private_dir};
