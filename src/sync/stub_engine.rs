// TEMPORARY, NOT COMMITTED
use super::SyncEvent;
use crate::domain::ChatId;
use crate::provider::ProviderRead;
use crate::store::Store;
use std::sync::Arc;
use std::time::Duration;
#[derive(Debug, Clone, Default)]
pub struct SyncOptions {
    pub poll_interval: Duration,
    pub page_size: u32,
}
#[derive(Clone)]
pub struct SyncHandle;
impl SyncHandle {
    pub fn refresh(&self) {}
    pub fn fetch_older(&self, _c: ChatId) {}
    pub fn chat_opened(&self, _c: ChatId) {}
    pub fn stop(&self) {}
}
pub fn spawn(
    _s: Store,
    _r: Arc<dyn ProviderRead>,
    _o: SyncOptions,
    _e: tokio::sync::mpsc::UnboundedSender<SyncEvent>,
) -> SyncHandle {
    SyncHandle
}
