//! A confirmed action from outside the interface (`unibox send`): the command line asks the
//! person itself, then hands the action to the very path a yes in the confirmation takes
//! (`submit`), so the outbox, the idempotency key, the audit log and the rules checked before
//! the request are the same. There is no second way to send.

use std::path::Path;
use std::sync::Arc;

use crate::app::error::FileError;
use crate::app::outbound::{FileLimit, FileSpec, Outbound};
use crate::provider::{ProviderRead, ProviderWrite};
use crate::store::Store;

use super::submit::{self, Context};

pub use super::submit::Submitted;

/// The account's policy and the rules asked of `outbound` against the cache as it is now, as
/// before the request; gives the account's file limit. For the command line to refuse before
/// asking for a confirmation.
pub async fn check(store: &Store, outbound: &Outbound) -> Result<FileLimit, String> {
    submit::allowed_by_cache(store, outbound).await
}

/// A file chosen for sending, checked as the interface checks one when it is attached.
pub async fn check_file(path: &Path, limit: &FileLimit) -> Result<FileSpec, FileError> {
    super::attachment::check_attachment(path, limit).await
}

/// Sends one action the person has confirmed, and says how it ended. Needs a writer, which
/// read-only mode never builds.
pub async fn submit_confirmed(
    store: Store,
    reader: Arc<dyn ProviderRead>,
    writer: Arc<dyn ProviderWrite>,
    outbound: Outbound,
) -> Submitted {
    // Nobody listens to the interface's reports here: the outcome is returned instead.
    let (actions, _unheard) = tokio::sync::mpsc::unbounded_channel();
    let context = Context {
        store,
        reader,
        writer,
        sync: None,
        actions,
    };
    submit::submit(context, outbound).await
}
