//! Pulls pages from the provider into the store, incrementally, and reports progress as
//! events.

mod event;

pub use event::{CacheChange, SyncEvent, SyncReport};
