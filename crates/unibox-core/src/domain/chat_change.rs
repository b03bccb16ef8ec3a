//! A change to a chat itself rather than to one of its messages: marking it unread, archiving
//! it, muting it. Each is a write, confirmed like a message, and each provider offers its own
//! subset (the `chat_changes` cell of the account's `Policy`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Chat, Muted};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChatChange {
    MarkUnread,
    Archive,
    Unarchive,
    Mute,
    Unmute,
}

impl ChatChange {
    /// Archive a chat that is not archived, bring back one that is.
    pub fn archive_toggle(chat: &Chat) -> Self {
        if chat.archived {
            Self::Unarchive
        } else {
            Self::Archive
        }
    }

    /// Mute a chat that is not muted now, unmute one that is.
    pub fn mute_toggle(chat: &Chat, now: DateTime<Utc>) -> Self {
        if chat.muted.is_muted(now) {
            Self::Unmute
        } else {
            Self::Mute
        }
    }

    /// What the account would do, for a refusal: "this … account cannot {what}".
    pub fn ability(self) -> &'static str {
        match self {
            Self::MarkUnread => "mark chats unread",
            Self::Archive | Self::Unarchive => "archive chats",
            Self::Mute | Self::Unmute => "mute chats",
        }
    }

    /// The change as a command, for a confirmation's title: "Archive the chat".
    pub fn verb(self) -> &'static str {
        match self {
            Self::MarkUnread => "Mark the chat unread",
            Self::Archive => "Archive the chat",
            Self::Unarchive => "Unarchive the chat",
            Self::Mute => "Mute the chat",
            Self::Unmute => "Unmute the chat",
        }
    }

    /// The change in lower case, for lists: "archive the chat".
    pub fn task(self) -> &'static str {
        match self {
            Self::MarkUnread => "mark the chat unread",
            Self::Archive => "archive the chat",
            Self::Unarchive => "unarchive the chat",
            Self::Mute => "mute the chat",
            Self::Unmute => "unmute the chat",
        }
    }

    /// The change done, for the status line: "chat archived".
    pub fn done(self) -> &'static str {
        match self {
            Self::MarkUnread => "chat marked unread",
            Self::Archive => "chat archived",
            Self::Unarchive => "chat unarchived",
            Self::Mute => "chat muted",
            Self::Unmute => "chat unmuted",
        }
    }

    /// The chat as the provider has it once the change took effect.
    pub fn apply(self, chat: &mut Chat) {
        match self {
            // The provider keeps a count; a chat marked unread counts one at least.
            Self::MarkUnread => chat.unread_count = chat.unread_count.max(1),
            Self::Archive => chat.archived = true,
            Self::Unarchive => chat.archived = false,
            Self::Mute => chat.muted = Muted::Forever,
            Self::Unmute => chat.muted = Muted::No,
        }
    }

    /// Whether `chat`, as the provider now has it, shows the change.
    pub fn shows_in(self, chat: &Chat, now: DateTime<Utc>) -> bool {
        match self {
            Self::MarkUnread => chat.unread_count > 0,
            Self::Archive => chat.archived,
            Self::Unarchive => !chat.archived,
            Self::Mute => chat.muted.is_muted(now),
            Self::Unmute => !chat.muted.is_muted(now),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chat() -> Chat {
        crate::domain::model::sample_chat()
    }

    #[test]
    fn toggles_follow_the_chat_as_it_is_now() {
        let now = Utc::now();
        let mut c = chat();
        assert_eq!(ChatChange::archive_toggle(&c), ChatChange::Archive);
        assert_eq!(ChatChange::mute_toggle(&c, now), ChatChange::Mute);
        c.archived = true;
        c.muted = Muted::Until(now + chrono::Duration::hours(1));
        assert_eq!(ChatChange::archive_toggle(&c), ChatChange::Unarchive);
        assert_eq!(ChatChange::mute_toggle(&c, now), ChatChange::Unmute);
        // A mute that ran out is no mute: the key mutes again.
        c.muted = Muted::Until(now - chrono::Duration::hours(1));
        assert_eq!(ChatChange::mute_toggle(&c, now), ChatChange::Mute);
    }

    #[test]
    fn every_change_applied_shows_and_its_opposite_does_not() {
        let now = Utc::now();
        for (change, opposite) in [
            (ChatChange::Archive, ChatChange::Unarchive),
            (ChatChange::Unarchive, ChatChange::Archive),
            (ChatChange::Mute, ChatChange::Unmute),
            (ChatChange::Unmute, ChatChange::Mute),
        ] {
            let mut c = chat();
            opposite.apply(&mut c);
            assert!(!change.shows_in(&c, now), "{change:?} before");
            change.apply(&mut c);
            assert!(change.shows_in(&c, now), "{change:?} after");
        }
        let mut c = chat();
        assert!(!ChatChange::MarkUnread.shows_in(&c, now));
        ChatChange::MarkUnread.apply(&mut c);
        assert_eq!(c.unread_count, 1);
        c.unread_count = 7;
        ChatChange::MarkUnread.apply(&mut c);
        assert_eq!(c.unread_count, 7, "a count already there is kept");
    }
}
