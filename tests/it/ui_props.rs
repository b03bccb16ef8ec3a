//! Random states at random sizes, 1×1 to 300×100: rendering never panics and never puts a
//! control character in a cell, whatever the data, the indexes or the modal.

use crate::ui_support;

use chrono::Duration;
use proptest::prelude::*;
use tui_textarea::TextArea;
use ui_support::*;
use unibox::app::OutboxScope;
use unibox::app::outbound::Retry;
use unibox::app::{
    Access, ComposePurpose, Flash, History, Level, Loadable, Modal, OutboundKind, Pane, Picker,
    PickerKind, Prompt, PromptKind, RowWindow, State, SyncView,
};
use unibox::domain::rules::ReactionChange;
use unibox::domain::{AccountStatus, AttachmentKind, ChatKind, MessageId, Muted};
use unibox::store::{OutboxId, OutboxState, UnsentAction};
use unibox_sandbox::hostile;

/// Short hostile samples, arbitrary text, and now and then a huge one.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => (0..hostile::SHORT.len()).prop_map(|n| hostile::SHORT[n].text.to_string()),
        3 => "(?s).{0,40}",
        1 => prop_oneof![
            Just(hostile::huge_line().text.to_string()),
            Just(hostile::huge_word().text.to_string()),
            Just(hostile::many_lines().text.to_string()),
        ],
    ]
}

#[derive(Debug, Clone)]
struct Spec {
    size: (u16, u16),
    texts: Vec<String>,
    /// Indexes and counts, used modulo whatever they index: out-of-range values are kept on
    /// purpose (the view must survive a reducer's off-by-one).
    numbers: Vec<usize>,
    flags: Vec<bool>,
    modal: u8,
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        (1u16..=300, 1u16..=100),
        prop::collection::vec(text(), 1..8),
        prop::collection::vec(0usize..64, 12),
        prop::collection::vec(any::<bool>(), 10),
        0u8..15,
    )
        .prop_map(|(size, texts, numbers, flags, modal)| Spec {
            size,
            texts,
            numbers,
            flags,
            modal,
        })
}

impl Spec {
    fn text(&self, n: usize) -> &str {
        &self.texts[n % self.texts.len()]
    }

    fn number(&self, n: usize) -> usize {
        self.numbers[n % self.numbers.len()]
    }

    fn flag(&self, n: usize) -> bool {
        self.flags[n % self.flags.len()]
    }

    fn state(&self) -> State {
        let mut state = inbox();
        state.focus = Pane::ORDER[self.number(0) % 3];
        state.options.color = self.flag(0);
        state.options.emoji_as_text = self.flag(1);
        if self.flag(2) {
            state.access = Access::ReadOnly;
        }
        state.status.offline = self.flag(3);
        state.status.sync = match self.number(1) % 3 {
            0 => SyncView::Idle,
            1 => SyncView::Running(self.text(1).to_owned()),
            _ => SyncView::Failed(self.text(2).to_owned()),
        };
        if self.flag(4) {
            state.status.flash = Some(Flash {
                level: Level::Error,
                text: self.text(3).to_owned(),
                until: now() + Duration::minutes(1),
                about_sync: self.flag(5),
            });
        }
        self.accounts(&mut state);
        self.chats(&mut state);
        self.thread(&mut state);
        state.modal = self.modal();
        state
    }

    fn accounts(&self, state: &mut State) {
        let count = self.number(2) % 12;
        let accounts = (0..count)
            .map(|n| {
                let status = match n % 4 {
                    0 => AccountStatus::Ok,
                    1 => AccountStatus::Credentials,
                    2 => AccountStatus::Stopped,
                    _ => AccountStatus::Other(self.text(n).to_owned()),
                };
                account(
                    &format!("acc{n}"),
                    self.text(n + 1),
                    self.text(n + 2),
                    status,
                    n as u64,
                )
            })
            .collect();
        state.accounts.overview = match self.number(3) % 4 {
            0 => Loadable::Loading,
            1 => Loadable::Failed(self.text(4).to_owned()),
            _ => Loadable::Ready(overview(accounts)),
        };
        state.accounts.selected = self.number(4);
    }

    fn chats(&self, state: &mut State) {
        let loaded = self.number(5) % 20;
        let rows = (0..loaded)
            .map(|n| {
                let kind = if n % 2 == 0 {
                    ChatKind::Group
                } else {
                    ChatKind::Single
                };
                let name = Some(self.text(n)).filter(|_| n % 5 != 4);
                item(
                    chat(&format!("c{n}"), SUPPORT, name, kind).with(|c| {
                        c.unread_count = u32::try_from(self.number(n)).unwrap_or(0);
                        c.archived = n % 3 == 0;
                        c.muted = if n % 4 == 0 {
                            Muted::Forever
                        } else {
                            Muted::No
                        };
                        c.attendee_provider_id = Some(self.text(n + 3).to_owned());
                    }),
                    (n % 6 != 5).then(|| {
                        last(
                            Some(self.text(n + 1)),
                            now() - Duration::hours(n as i64 * 30),
                        )
                        .with(|m| {
                            m.sender_name = Some(self.text(n + 2).to_owned());
                            m.deleted = n % 7 == 3;
                            m.is_sender = n % 3 == 1;
                            if n % 4 == 2 {
                                m.attachment_kind =
                                    Some(AttachmentKind::Other(self.text(n).to_owned()));
                            }
                        })
                    }),
                )
            })
            .collect();
        state.chats.rows = RowWindow::new(self.number(6), rows);
        state.chats.total = match self.number(7) % 4 {
            0 => None,
            1 => Some(0),
            _ => Some(self.number(8) as u64 * 1000),
        };
        state.chats.top = self.number(9);
        state.chats.selected = self.number(10);
        state.chats.filter.unread_only = self.flag(5);
        state.chats.filter.search = if self.flag(6) {
            self.text(5).to_owned()
        } else {
            String::new()
        };
        if self.flag(7) {
            state.chats.error = Some(self.text(6).to_owned());
        }
    }

    fn thread(&self, state: &mut State) {
        let count = self.number(11) % 40;
        let mut messages: Vec<_> = team_messages().into_iter().cycle().take(count).collect();
        for (n, message) in messages.iter_mut().enumerate() {
            if n % 3 == 0 {
                message.text = Some(self.text(n).to_owned());
            }
            if n % 5 == 1 {
                message.attachments.push(attachment(
                    AttachmentKind::Other(self.text(n).to_owned()),
                    self.text(n + 1),
                    self.number(n) as u64,
                ));
            }
            if n % 7 == 2 {
                message.reactions.push(reaction(self.text(n + 2), ME));
            }
        }
        state.thread.messages = messages;
        state.thread.bottom = self.number(3);
        state.thread.selected = self.flag(8).then(|| self.number(4));
        state.thread.history = [
            History::Unknown,
            History::LoadingCache,
            History::Fetching,
            History::Complete,
        ][self.number(5) % 4];
        state.thread.newer_in_cache = self.flag(9);
        if self.number(6).is_multiple_of(3) {
            state.thread.chat = None;
        }
        if self.number(7).is_multiple_of(5) {
            state.thread.error = Some(self.text(7).to_owned());
        }
        state.thread.outbox = (0..self.number(8) % 4)
            .map(|n| {
                let outcome = [
                    OutboxState::Pending,
                    OutboxState::Failed,
                    OutboxState::Unknown,
                    OutboxState::Sent,
                ][n];
                outbox_entry(n as i64, outcome, self.text(n), Some(self.text(n + 1)))
            })
            .collect();
        // The review of every chat: the same entries, each naming a chat of the list.
        state.unsent.entries = state
            .thread
            .outbox
            .iter()
            .filter(|e| matches!(e.state, OutboxState::Failed | OutboxState::Unknown))
            .enumerate()
            .map(|(n, entry)| UnsentAction {
                entry: entry.clone(),
                chat: state.chats.rows.get(n).cloned(),
            })
            .collect();
    }

    fn modal(&self) -> Option<Modal> {
        let text = self.text(8).to_owned();
        let scroll = u16::try_from(self.number(9)).unwrap_or(0);
        let draft = text.clone();
        let editor = || {
            composer(
                ComposePurpose::Reply {
                    chat: team_chat_id(),
                },
                &draft,
            )
            .with(|c| {
                c.quote = Some(quote_preview(self.text(9), self.text(10)));
                c.attachments = (0..self.number(10) % 6)
                    .map(|n| file(self.text(n), n as u64 * 999_999))
                    .collect();
            })
        };
        let filter = TextArea::new(vec![self.text(11).to_owned()]);
        Some(match self.modal {
            0 => return None,
            1 => Modal::Help { scroll },
            2 => Modal::Attendees { scroll },
            3 => Modal::Composer(editor()),
            4 => Modal::Composer(composer(
                ComposePurpose::Edit {
                    chat: team_chat_id(),
                    message: MessageId::from("t26"),
                },
                &text,
            )),
            5 => confirm(
                Some(team_label()),
                OutboundKind::Send {
                    text,
                    quote: Some(quote_preview(self.text(1), self.text(2))),
                    attachments: vec![file(self.text(3), 12)],
                },
            )
            .with(|m| {
                if let Modal::Confirm(c) = m {
                    c.scroll = scroll;
                    c.composer = Some(editor());
                }
            }),
            6 => confirm(
                None,
                OutboundKind::StartChat {
                    attendee: attendee(self.text(4), self.text(5), false),
                    existing_chat: None,
                    text,
                    attachments: vec![],
                },
            ),
            7 => confirm(
                Some(team_label()),
                OutboundKind::React {
                    message: MessageId::from("t1"),
                    excerpt: text,
                    change: ReactionChange::Replace {
                        old: self.text(1).to_owned(),
                        new: self.text(2).to_owned(),
                    },
                },
            ),
            8 => confirm(
                Some(team_label()),
                OutboundKind::Edit {
                    message: MessageId::from("t1"),
                    sent_at: now() - Duration::minutes(self.number(2) as i64),
                    old_text: self.text(3).to_owned(),
                    new_text: text,
                },
            ),
            9 => Modal::Picker(Picker {
                kind: PickerKind::Emoji {
                    chat: team_chat_id(),
                    message: MessageId::from("t10"),
                },
                filter,
                selected: self.number(11),
            }),
            10 => Modal::Picker(Picker {
                kind: PickerKind::Attendee {
                    account: support_id(),
                    candidates: Some(known_contacts()),
                },
                filter,
                selected: self.number(11),
            }),
            11 => Modal::Prompt(Prompt::new(PromptKind::AttachPath, &text).with(|p| {
                p.hint = Some(self.text(12).to_owned());
                p.composer = Some(editor());
            })),
            12 => Modal::Prompt(Prompt::new(PromptKind::SearchChats, &text)),
            13 => Modal::Outbox {
                selected: self.number(11),
                scope: if self.number(2).is_multiple_of(2) {
                    OutboxScope::OpenChat
                } else {
                    OutboxScope::AllChats
                },
            },
            _ => confirm(
                Some(team_label()),
                OutboundKind::Delete {
                    message: MessageId::from("t1"),
                    sent_at: now() - Duration::minutes(self.number(2) as i64),
                    excerpt: text,
                },
            )
            .with(|m| {
                if let Modal::Confirm(c) = m {
                    c.scroll = scroll;
                    c.action.retry = Some(Retry {
                        id: OutboxId(1),
                        outcome_unknown: self.flag(9),
                    });
                }
            }),
        })
    }
}

proptest! {
    #[test]
    fn any_state_renders_at_any_size(spec in spec()) {
        let mut state = spec.state();
        let (width, height) = spec.size;
        let screen = buffer(&mut state, width, height);
        for cell in screen.content() {
            prop_assert!(!cell.symbol().chars().any(char::is_control), "{:?}", cell.symbol());
        }
    }
}
