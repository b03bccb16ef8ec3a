//! The message search: what was typed, where it looks, and the hits of the latest answer. It
//! outlives its window, so `n`/`N` in a thread step through the hits found there.

use tui_textarea::TextArea;

use crate::domain::{AccountId, ChatId};
use crate::store::{SearchHit, SearchScope};

use super::state::RequestId;

/// Where the search looks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchPlace {
    Everywhere,
    Account { id: AccountId, name: String },
    Chat { id: ChatId, name: String },
}

impl SearchPlace {
    pub fn scope(&self) -> SearchScope {
        match self {
            Self::Everywhere => SearchScope::default(),
            Self::Account { id, .. } => SearchScope {
                account: Some(id.clone()),
                chat: None,
            },
            Self::Chat { id, .. } => SearchScope {
                account: None,
                chat: Some(id.clone()),
            },
        }
    }
}

/// Where the answer to the latest query stands.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum SearchStatus {
    /// Nothing typed yet (or nothing to look for).
    #[default]
    Idle,
    Searching,
    /// `hits` is the answer to what is typed.
    Done,
    /// The query does not read (a bad filter value) or the cache failed: the text says why.
    Problem(String),
}

pub struct MessageSearch {
    pub input: TextArea<'static>,
    pub place: SearchPlace,
    /// The places `tab` cycles through, `place` among them.
    pub places: Vec<SearchPlace>,
    pub hits: Vec<SearchHit>,
    pub selected: usize,
    pub status: SearchStatus,
    /// The latest query asked for, until it answers; older ones are abandoned by the store and
    /// their answers ignored.
    pub request: Option<RequestId>,
}

impl MessageSearch {
    pub fn new(places: Vec<SearchPlace>, place: SearchPlace) -> Self {
        Self {
            input: TextArea::default(),
            place,
            places,
            hits: Vec::new(),
            selected: 0,
            status: SearchStatus::Idle,
            request: None,
        }
    }

    pub fn text(&self) -> &str {
        self.input.lines().first().map_or("", String::as_str)
    }

    pub fn selected_hit(&self) -> Option<&SearchHit> {
        self.hits.get(self.selected)
    }

    /// The hits in `chat`, oldest first.
    pub fn hits_in(&self, chat: &ChatId) -> Vec<&SearchHit> {
        let mut hits: Vec<&SearchHit> = self.hits.iter().filter(|h| &h.chat_id == chat).collect();
        hits.sort_by(|a, b| {
            a.at.cmp(&b.at)
                .then_with(|| a.message_id.cmp(&b.message_id))
        });
        hits
    }
}
