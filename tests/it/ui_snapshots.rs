//! The screens as users see them, at 120×40, 80×24 and 50×20, with a frozen clock: the
//! visible contract of the views. Review a changed snapshot like a changed screen.

use crate::ui_support;

use ratatui::style::Color;
use tui_textarea::TextArea;
use ui_support::*;
use unibox::app::OutboxScope;
use unibox::app::{Access, Action, Flash, Level, update};
use unibox::app::{
    ComposePurpose, Confirm, History, Loadable, Modal, OutboundKind, Pane, Picker, PickerKind,
    Prompt, PromptKind, State, SyncView,
};
use unibox::domain::rules::ReactionChange;
use unibox::domain::{
    AccountStatus, AccountTrouble, Channel, ChatChange, MessageId, Provider, Quoted,
};
use unibox::input::Command;
use unibox::store::{ChatListItem, OutboxEntry, OutboxState, UnsentAction};

/// Draws `make()` at every size and compares with the stored screens.
fn screens(name: &str, make: impl Fn() -> State) {
    for (width, height) in SIZES {
        screen(name, make(), width, height);
    }
}

fn screen(name: &str, mut state: State, width: u16, height: u16) {
    let terminal = draw(&mut state, width, height);
    insta::assert_snapshot!(format!("{name}_{width}x{height}"), terminal.backend());
}

fn with_modal(mut state: State, modal: Modal) -> State {
    state.modal = Some(modal);
    state
}

// ---------------------------------------------------------------------------------------------
// Panes

#[test]
fn empty_cache() {
    screens("empty_cache", || {
        let mut state = blank_state();
        state.accounts.overview = Loadable::Ready(overview(vec![]));
        state.chats.total = Some(0);
        state
    });
}

#[test]
fn loading() {
    screens("loading", || {
        let mut state = blank_state();
        state.status.sync = SyncView::Running("Support: chats 3/42".into());
        state
    });
}

#[test]
fn errors() {
    screens("errors", || {
        let mut state = blank_state();
        state.accounts.overview = Loadable::Failed("the cache is locked by another unibox".into());
        state.chats.error = Some("could not read the cache: disk I/O error".into());
        state.thread.chat = Some(ana_item());
        state.thread.error = Some("could not read the messages: disk I/O error".into());
        state.status.sync = SyncView::Failed("server unreachable (connection refused)".into());
        state
    });
}

#[test]
fn inbox_with_the_chat_list_focused() {
    screens("inbox_chats", inbox);
}

/// "All accounts": two chats named Ana Lopez, one per account, told apart by the account
/// and, where the pane is wide, the number.
#[test]
fn same_name_on_two_accounts() {
    screens("same_name_two_accounts", || {
        let mut state = inbox();
        let mut rows = chat_items();
        let twin = item(
            chat(
                "chat-ana-sales",
                SALES,
                Some("Ana Lopez"),
                unibox::domain::ChatKind::Single,
            )
            .with(|c| c.attendee_provider_id = Some("33687654321@s.whatsapp.net".into())),
            Some(last(Some("Do you have it in red?"), nov(20, 13, 0))),
        );
        rows.insert(2, twin);
        state.chats.total = Some(rows.len() as u64);
        state.chats.rows = unibox::app::RowWindow::new(0, rows);
        state
    });
}

/// Chats with actions that did not go through: `✗` one failed, `?` its outcome is unknown.
/// The mark stays on a narrow pane where the group / muted marks step aside.
#[test]
fn chat_list_marks_chats_with_unsent_actions() {
    screens("chat_list_unsent", || {
        let mut state = inbox();
        let mut rows = chat_items();
        rows[0].unsent = Some(unibox::store::Unsent::Unknown);
        rows[1].unsent = Some(unibox::store::Unsent::Failed);
        rows[3].unsent = Some(unibox::store::Unsent::Failed);
        state.chats.total = Some(rows.len() as u64);
        state.chats.rows = unibox::app::RowWindow::new(0, rows);
        state
    });
}

#[test]
fn inbox_with_the_thread_focused() {
    screens("inbox_thread", || {
        let mut state = focused(inbox(), Pane::Thread);
        // An older message selected and scrolled to: the outbox is not drawn under it.
        state.thread.selected = Some(21);
        state.thread.bottom = 21;
        state
    });
}

#[test]
fn thread_opened_at_its_first_unread_message() {
    screens("thread_unread_marker", || {
        let mut state = focused(inbox(), Pane::Thread);
        let first_unread = state.thread.messages.len() - 3;
        state.thread.unread_marker = Some(state.thread.messages[first_unread].id.clone());
        state.thread.selected = Some(first_unread);
        state
    });
}

#[test]
fn inbox_with_the_accounts_focused_and_every_status() {
    screens("accounts_every_status", || {
        let mut state = focused(inbox(), Pane::Accounts);
        state.accounts.overview = Loadable::Ready(every_status());
        state.accounts.selected = 2;
        state.chats.filter.account = Some(SALES.into());
        state
    });
}

#[test]
fn an_account_on_another_channel_has_its_marker_and_whatsapp_none() {
    let make = || {
        let mut state = focused(inbox(), Pane::Accounts);
        let mut accounts = three_accounts();
        for (id, name, channel) in [
            ("acc-in", "Recruiting", Channel::LinkedIn),
            ("acc-tg", "Support Telegram", Channel::Telegram),
            ("acc-ig", "Shop Instagram", Channel::Instagram),
        ] {
            let mut summary = account(id, name, "+33184800009", AccountStatus::Ok, 0);
            summary.account.channel = channel;
            accounts.accounts.push(summary);
        }
        state.accounts.overview = Loadable::Ready(accounts);
        state
    };
    screens("accounts_channels", make);
    let screen = buffer(&mut make(), 120, 40);
    let (x, y) = find(&screen, "in Recruiting").expect("the LinkedIn marker");
    assert_eq!(
        screen[(x, y)].fg,
        Color::Blue,
        "the marker has the theme's colour"
    );
    assert!(find(&screen, "tg Support Telegram").is_some());
    assert!(find(&screen, "ig Shop Instagram").is_some());
    // WhatsApp, the default, is unmarked.
    let (x, y) = find(&screen, "│Support ").expect("the WhatsApp account, its name first");
    assert_ne!(screen[(x + 1, y)].fg, Color::Blue);
}

#[test]
fn a_cloud_api_number_is_marked_beside_a_linked_whatsapp_app() {
    let make = || {
        let mut state = focused(inbox(), Pane::Accounts);
        let mut accounts = three_accounts();
        for (id, name, channel) in [
            ("acc-late-wa", "Orders", Channel::WhatsApp),
            ("acc-late-tg", "Alerts", Channel::Telegram),
        ] {
            let mut summary = account(id, name, "+33184800010", AccountStatus::Ok, 2);
            summary.account.provider = Provider::Late;
            summary.account.channel = channel;
            accounts.accounts.push(summary);
        }
        state.accounts.overview = Loadable::Ready(accounts);
        state
    };
    screens("accounts_providers", make);
    let screen = buffer(&mut make(), 80, 24);
    let (x, y) = find(&screen, "WA Cloud Orders").expect("the Cloud API marker");
    assert_eq!(
        screen[(x, y)].fg,
        Color::Blue,
        "a quiet marker, as the channels'"
    );
    assert!(find(&screen, "tg Late Alerts").is_some());
    // The linked app, the default, stays unmarked.
    let (x, y) = find(&screen, "│Support ").expect("the linked app's name first");
    assert_ne!(screen[(x + 1, y)].fg, Color::Blue);
}

#[test]
fn an_account_in_trouble_says_how_to_fix_it() {
    let make = || {
        let mut state = focused(inbox(), Pane::Accounts);
        let mut accounts = three_accounts();
        accounts.accounts[1].trouble = Some(AccountTrouble::Checkpoint);
        accounts.accounts[2].trouble = Some(AccountTrouble::SignInAgain);
        state.accounts.overview = Loadable::Ready(accounts);
        state
    };
    screens("accounts_in_trouble", make);
    assert!(find(&buffer(&mut make(), 120, 40), "confirm on your phone").is_some());
}

#[test]
fn chat_list_filtered_to_the_chats_waiting_for_us() {
    screens("waiting_for_us", || {
        let mut state = focused(inbox(), Pane::Chats);
        state.chats.filter.waiting_only = true;
        let rows: Vec<ChatListItem> = chat_items()
            .into_iter()
            .filter(|item| item.last_message.as_ref().is_some_and(|m| !m.is_sender))
            .collect();
        assert!(!rows.is_empty());
        state.chats.total = Some(rows.len() as u64);
        state.chats.rows = unibox::app::RowWindow::new(0, rows);
        state
    });
}

#[test]
fn the_archived_view_lists_the_archived_chats_and_says_so_in_its_title() {
    screens("archived_view", || {
        let mut state = focused(inbox(), Pane::Chats);
        state.chats.filter.archived_only = true;
        let rows: Vec<ChatListItem> = chat_items()
            .into_iter()
            .take(2)
            .map(|mut item| {
                item.chat.archived = true;
                item
            })
            .collect();
        state.chats.total = Some(rows.len() as u64);
        state.chats.rows = unibox::app::RowWindow::new(0, rows);
        state
    });
}

#[test]
fn the_archived_view_with_nothing_archived() {
    screens("no_archived_chats", || {
        let mut state = focused(inbox(), Pane::Chats);
        state.chats.filter.archived_only = true;
        state.chats.total = Some(0);
        state.chats.rows = unibox::app::RowWindow::default();
        state
    });
}

#[test]
fn chat_list_filtered_to_waiting_with_nothing_left() {
    screens("no_chat_waiting", || {
        let mut state = focused(inbox(), Pane::Chats);
        state.chats.filter.waiting_only = true;
        state.chats.total = Some(0);
        state.chats.rows = unibox::app::RowWindow::default();
        state
    });
}

#[test]
fn chat_list_filtered_to_unread_with_nothing_left() {
    screens("no_unread_chats", || {
        let mut state = inbox();
        state.chats.filter.unread_only = true;
        state.chats.total = Some(0);
        state.chats.rows = Default::default();
        state
    });
}

#[test]
fn chat_list_rows_not_loaded_yet_are_placeholders() {
    screens("chat_placeholders", || {
        let mut state = inbox();
        state.chats.total = Some(500);
        state.chats.top = 6;
        state.chats.selected = 7;
        state
    });
}

#[test]
fn thread_loading_older_messages() {
    screens("thread_loading_older", || {
        let mut state = focused(inbox(), Pane::Thread);
        state.thread.history = History::Fetching;
        state.thread.bottom = 12;
        state.thread.selected = Some(12);
        state
    });
}

#[test]
fn thread_at_the_beginning_of_the_conversation() {
    screens("thread_beginning", || {
        let mut state = focused(inbox(), Pane::Thread);
        state.thread.history = History::Complete;
        state.thread.bottom = 3;
        state.thread.selected = Some(2);
        state
    });
}

#[test]
fn one_to_one_thread() {
    screens("thread_one_to_one", || {
        let mut state = focused(inbox(), Pane::Thread);
        state.thread = ana_thread();
        state.chats.selected = 1;
        state
    });
}

#[test]
fn no_chat_open() {
    screens("no_chat_open", || {
        let mut state = inbox();
        state.thread = Default::default();
        state
    });
}

#[test]
fn emoji_spelled_out() {
    screens("emoji_as_text", || {
        let mut state = focused(inbox(), Pane::Thread);
        state.options.emoji_as_text = true;
        state.thread.bottom = 21;
        state.thread.selected = Some(21);
        state
    });
}

// ---------------------------------------------------------------------------------------------
// Status bar

#[test]
fn read_only_mode() {
    screens("read_only", || {
        let mut state = inbox();
        state.access = Access::ReadOnly;
        state
    });
}

#[test]
fn offline_with_a_flash_message() {
    screens("offline", || {
        let mut state = inbox();
        state.status.offline = true;
        state.status.sync = SyncView::Failed("could not reach api.unipile.com".into());
        state.status.flash = Some(Flash {
            level: Level::Warning,
            text: "Offline: showing the cache; changes will sync when back".into(),
            until: nov(20, 14, 31),
            about_sync: false,
        });
        state
    });
}

#[test]
fn a_cache_open_to_other_users_is_reported_at_start() {
    screens("cache_open_to_others", || {
        let mut state = inbox();
        state.status.flash = Some(Flash {
            level: Level::Error,
            text: "other users can read the cache (mode 0644): run `chmod 600 \
                   /home/ada/.local/share/unibox/cache.sqlite3`"
                .into(),
            until: nov(20, 14, 31),
            about_sync: false,
        });
        state
    });
}

// ---------------------------------------------------------------------------------------------
// Overlays

#[test]
fn help_overlay() {
    screens("help", || with_modal(inbox(), Modal::Help { scroll: 0 }));
}

#[test]
fn help_overlay_scrolled() {
    screens("help_scrolled", || {
        with_modal(inbox(), Modal::Help { scroll: 12 })
    });
}

#[test]
fn attendees_modal() {
    screens("attendees", || {
        with_modal(
            focused(inbox(), Pane::Thread),
            Modal::Attendees { scroll: 0 },
        )
    });
}

// ---------------------------------------------------------------------------------------------
// Composer

/// The canned-reply picker over the composer, one typed letter filtering it fuzzily, the
/// best match selected; placeholders shown as written.
#[test]
fn snippet_picker() {
    screens("snippet_picker", || {
        let mut state = focused(inbox(), Pane::Thread);
        state.snippets = vec![
            unibox::app::Snippet {
                name: "opening hours".into(),
                text: "We open at 9:00, {first_name}; see you soon!".into(),
            },
            unibox::app::Snippet {
                name: "thanks".into(),
                text: "Thank you {name}! — {agent}".into(),
            },
            unibox::app::Snippet {
                name: "tracking".into(),
                text: "Your parcel's tracking number is".into(),
            },
        ];
        let composer = composer(
            ComposePurpose::Reply {
                chat: team_chat_id(),
            },
            "Hello! ",
        );
        let mut picker = Picker::new(PickerKind::Snippet {
            composer: Box::new(composer),
        });
        picker.filter.insert_str("t");
        with_modal(state, Modal::Picker(picker))
    });
}

/// A first line far wider than the composer wraps; the hard breaks after it start rows of
/// their own (an empty line included); the cursor, at the end, is on screen.
#[test]
fn composer_wraps_and_keeps_line_breaks() {
    screens("composer_wrapped", || {
        let mut state = focused(inbox(), Pane::Thread);
        state.thread = ana_thread();
        let purpose = ComposePurpose::Reply {
            chat: ANA_CHAT.into(),
        };
        with_modal(
            state,
            Modal::Composer(composer(
                purpose,
                "Your jacket is ready: we found it in the back room, wrapped and labelled with your order number.\nPickup until 19:00.\n\nSee you soon!",
            )),
        )
    });
}

#[test]
fn composer_reply() {
    screens("composer_reply", || {
        let mut state = focused(inbox(), Pane::Thread);
        state.thread = ana_thread();
        let purpose = ComposePurpose::Reply {
            chat: ANA_CHAT.into(),
        };
        with_modal(
            state,
            Modal::Composer(composer(
                purpose,
                "Yes, it is ready!\nWe are open until 19:00.",
            )),
        )
    });
}

/// The inbox with Support (Ana's account) needing to sign in again.
fn support_signed_out() -> State {
    let mut state = focused(inbox(), Pane::Thread);
    if let Loadable::Ready(overview) = &mut state.accounts.overview {
        overview.accounts[0].account.status = AccountStatus::Credentials;
    }
    state.thread = ana_thread();
    state
}

#[test]
fn composer_from_an_account_that_must_sign_in_again() {
    screens("composer_signed_out", || {
        let purpose = ComposePurpose::Reply {
            chat: ANA_CHAT.into(),
        };
        with_modal(
            support_signed_out(),
            Modal::Composer(composer(purpose, "Yes, it is ready!")),
        )
    });
}

#[test]
fn confirm_from_an_account_that_must_sign_in_again() {
    screens("confirm_signed_out", || {
        let kind = OutboundKind::Send {
            text: "Yes, it is ready!".into(),
            quote: None,
            attachments: vec![],
        };
        with_modal(support_signed_out(), confirm(Some(ana_label()), kind))
    });
}

/// Ana's thread before her chat's attendees were fetched (no names known), our reply
/// quoting her first message; her last message selected.
fn ana_quoted_unnamed() -> State {
    let mut state = focused(inbox(), Pane::Thread);
    let mut thread = ana_thread();
    thread.attendees.clear();
    thread.names.clear();
    thread.messages[1].quoted = Some(Quoted {
        provider_id: "wamid.a0".into(),
        sender_id: ANA.into(),
        text: thread.messages[0].text.clone(),
        attachments: vec![],
    });
    state.thread = thread;
    state
}

#[test]
fn quotes_name_the_person_not_their_whatsapp_id() {
    screens("thread_quote_unnamed", ana_quoted_unnamed);
    // The composer and the confirmation, as the keys open them.
    screens("composer_quote_unnamed", || {
        let mut state = ana_quoted_unnamed();
        update(&mut state, Action::Command(Command::ReplyQuote));
        state
    });
    screens("confirm_quote_unnamed", || {
        let mut state = ana_quoted_unnamed();
        update(&mut state, Action::Command(Command::ReplyQuote));
        update(&mut state, Action::Paste("Yes, it is ready!".into()));
        update(&mut state, Action::Command(Command::Send));
        state
    });
}

#[test]
fn a_key_of_another_pane_says_where_it_works() {
    screens("elsewhere_key", || {
        let mut state = focused(inbox(), Pane::Accounts);
        state.thread = unibox::app::ThreadPane::default();
        update(&mut state, Action::Elsewhere(Command::Reply));
        state
    });
}

#[test]
fn composer_reply_quoting_with_attachments() {
    screens("composer_reply_quote", || {
        let purpose = ComposePurpose::Reply {
            chat: team_chat_id(),
        };
        let editor = composer(purpose, "Same layout, yes. Here are the plans.").with(|c| {
            c.quote = Some(quote_preview(
                "Inês Sousa",
                "Can we do the same layout next month?",
            ));
            c.attachments = vec![
                file("layout_v2.pdf", 1_843_200),
                file("floor_plan.png", 645_120),
            ];
        });
        with_modal(focused(inbox(), Pane::Thread), Modal::Composer(editor))
    });
}

#[test]
fn composer_edit() {
    screens("composer_edit", || {
        let mut state = focused(inbox(), Pane::Thread);
        state.thread.selected = Some(26);
        let purpose = ComposePurpose::Edit {
            chat: team_chat_id(),
            message: MessageId::from("t26"),
        };
        let text = "One more thing: the van is booked until 19:00.";
        with_modal(state, Modal::Composer(composer(purpose, text)))
    });
}

// ---------------------------------------------------------------------------------------------
// Confirmations

#[test]
fn confirm_send() {
    screens("confirm_send", || {
        let kind = OutboundKind::Send {
            text: "Yes, it is ready!\nWe are open until 19:00.".into(),
            quote: None,
            attachments: vec![],
        };
        let mut state = focused(inbox(), Pane::Thread);
        state.thread = ana_thread();
        with_modal(state, confirm(Some(ana_label()), kind))
    });
}

/// A change to the chat selected in the list, as the chat keys open it.
fn chat_change_confirmation(change: ChatChange) -> State {
    let state = focused(inbox(), Pane::Chats);
    with_modal(
        state,
        confirm(Some(ana_label()), OutboundKind::ChatChange { change }),
    )
}

#[test]
fn confirm_archive_chat() {
    screens("confirm_archive_chat", || {
        chat_change_confirmation(ChatChange::Archive)
    });
}

#[test]
fn confirm_mute_chat() {
    screens("confirm_mute_chat", || {
        chat_change_confirmation(ChatChange::Mute)
    });
}

#[test]
fn confirm_mark_chat_unread() {
    screens("confirm_mark_chat_unread", || {
        chat_change_confirmation(ChatChange::MarkUnread)
    });
}

#[test]
fn confirm_send_after_typed_ahead_keys() {
    screens("confirm_send_typed_ahead", || {
        let kind = OutboundKind::Send {
            text: "typed ahead one".into(),
            quote: None,
            attachments: vec![],
        };
        let mut state = focused(inbox(), Pane::Thread);
        state.thread = ana_thread();
        let mut modal = confirm(Some(ana_label()), kind);
        if let Modal::Confirm(confirm) = &mut modal {
            confirm.typed_ahead = true;
        }
        with_modal(state, modal)
    });
}

#[test]
fn confirm_send_with_quote_and_attachments() {
    screens("confirm_send_quote_files", || {
        let kind = OutboundKind::Send {
            text: "Same layout, yes. Here are the plans.".into(),
            quote: Some(quote_preview(
                "Inês Sousa",
                "Can we do the same layout next month?",
            )),
            attachments: vec![
                file("layout_v2.pdf", 1_843_200),
                file("floor_plan.png", 645_120),
            ],
        };
        with_modal(
            focused(inbox(), Pane::Thread),
            confirm(Some(team_label()), kind),
        )
    });
}

#[test]
fn confirm_start_chat() {
    screens("confirm_start_chat", || {
        let kind = OutboundKind::StartChat {
            attendee: attendee(BRUNO, "Bruno Costa", false),
            existing_chat: None,
            text: "Hi Bruno, it's Support: a quick question about the samples.".into(),
            attachments: vec![],
        };
        with_modal(inbox(), confirm(None, kind))
    });
}

#[test]
fn confirm_react_replacing_ours() {
    screens("confirm_react", || {
        let kind = OutboundKind::React {
            message: MessageId::from("t10"),
            excerpt: "Perfect, I'll meet you there.".into(),
            change: ReactionChange::Replace {
                old: "❤️".into(),
                new: "👍".into(),
            },
        };
        with_modal(
            focused(inbox(), Pane::Thread),
            confirm(Some(team_label()), kind),
        )
    });
}

#[test]
fn confirm_edit() {
    screens("confirm_edit", || {
        let kind = OutboundKind::Edit {
            message: MessageId::from("t26"),
            sent_at: nov(20, 14, 20),
            old_text: "One more thing: the van is booked until 18:00.".into(),
            new_text: "One more thing: the van is booked until 19:00.".into(),
        };
        with_modal(
            focused(inbox(), Pane::Thread),
            confirm(Some(team_label()), kind),
        )
    });
}

#[test]
fn confirm_delete() {
    screens("confirm_delete", || {
        let kind = OutboundKind::Delete {
            message: MessageId::from("t23"),
            sent_at: nov(20, 13, 0),
            excerpt: "Sure, let's plan it on Monday.".into(),
        };
        with_modal(
            focused(inbox(), Pane::Thread),
            confirm(Some(team_label()), kind),
        )
    });
}

#[test]
fn confirm_long_message_scrolled() {
    screens("confirm_long_scrolled", || {
        let text = (1..=60)
            .map(|n| format!("Line {n} of the weekly report for the whole team."))
            .collect::<Vec<_>>()
            .join("\n");
        let kind = OutboundKind::Send {
            text,
            quote: None,
            attachments: vec![file("report.xlsx", 88_064)],
        };
        let mut modal = confirm(Some(team_label()), kind);
        if let Modal::Confirm(c) = &mut modal {
            c.scroll = 10;
        }
        with_modal(focused(inbox(), Pane::Thread), modal)
    });
}

// ---------------------------------------------------------------------------------------------
// Pickers and prompts

fn picker(kind: PickerKind, filter: &str, selected: usize) -> Modal {
    Modal::Picker(Picker {
        kind,
        filter: TextArea::new(vec![filter.to_owned()]),
        selected,
    })
}

#[test]
fn emoji_picker() {
    screens("emoji_picker", || {
        let kind = PickerKind::Emoji {
            chat: team_chat_id(),
            message: MessageId::from("t10"),
        };
        with_modal(focused(inbox(), Pane::Thread), picker(kind, "", 1))
    });
}

#[test]
fn emoji_picker_searching() {
    screens("emoji_picker_search", || {
        let kind = PickerKind::Emoji {
            chat: team_chat_id(),
            message: MessageId::from("t10"),
        };
        with_modal(focused(inbox(), Pane::Thread), picker(kind, "heart", 2))
    });
}

#[test]
fn attendee_picker() {
    screens("attendee_picker", || {
        let kind = PickerKind::Attendee {
            account: support_id(),
            candidates: Some(known_contacts()),
        };
        with_modal(inbox(), picker(kind, "", 2))
    });
}

#[test]
fn attendee_picker_with_no_match() {
    screens("attendee_picker_no_match", || {
        let kind = PickerKind::Attendee {
            account: support_id(),
            candidates: Some(known_contacts()),
        };
        with_modal(inbox(), picker(kind, "+33 699 00 00 00", 0))
    });
}

#[test]
fn search_prompt() {
    screens("prompt_search", || {
        with_modal(
            inbox(),
            Modal::Prompt(Prompt::new(PromptKind::SearchChats, "ana")),
        )
    });
}

#[test]
fn attach_prompt_with_an_error_over_the_composer() {
    screens("prompt_attach", || {
        let purpose = ComposePurpose::Reply {
            chat: team_chat_id(),
        };
        let mut prompt = Prompt::new(PromptKind::AttachPath, "~/Documents/plans.pdf");
        prompt.hint = Some("no such file: /home/me/Documents/plans.pdf".into());
        prompt.composer = Some(composer(purpose, "Here are the plans"));
        with_modal(focused(inbox(), Pane::Thread), Modal::Prompt(prompt))
    });
}

// ---------------------------------------------------------------------------------------------
// Hostile text

#[test]
fn hostile_chat() {
    for (width, height) in [(120, 40), (80, 24)] {
        screen("hostile", hostile_inbox(), width, height);
    }
}

#[test]
fn hostile_huge_messages_at_the_bottom() {
    let mut state = hostile_inbox();
    let last = state.thread.messages.len() - 1;
    state.thread.bottom = last;
    state.thread.selected = Some(last - 1);
    screen("hostile_huge", state, 80, 24);
}

#[test]
fn unknown_account_status_is_shown_as_spelled() {
    let mut state = focused(inbox(), Pane::Accounts);
    state.accounts.overview = Loadable::Ready(overview(vec![account(
        SUPPORT,
        "Support",
        "+33184800001",
        AccountStatus::Other("SUSPENDED".into()),
        0,
    )]));
    let screen = buffer(&mut state, 120, 40);
    assert!(find(&screen, "SUSPENDED").is_some());
}

#[test]
fn outbox_review() {
    screens("outbox_review", || {
        let mut state = focused(inbox(), Pane::Thread);
        state.thread.outbox.push(outbox_entry(
            3,
            OutboxState::Unknown,
            "Your parcel left the warehouse",
            Some("the server did not answer in time: it may or may not have been sent"),
        ));
        with_modal(
            state,
            Modal::Outbox {
                selected: 1,
                scope: OutboxScope::OpenChat,
            },
        )
    });
}

/// `O` in the chat list: every chat's actions not sent, each naming its chat.
#[test]
fn outbox_review_of_every_chat() {
    screens("outbox_review_all_chats", || {
        let mut state = inbox();
        let in_chat = |chat: ChatListItem, mut entry: OutboxEntry| {
            entry.chat_id = Some(chat.chat.id.clone());
            entry.account_id = chat.chat.account_id.clone();
            UnsentAction {
                entry,
                chat: Some(chat),
            }
        };
        let rows = chat_items();
        state.unsent.entries = vec![
            in_chat(
                rows[1].clone(),
                outbox_entry(
                    4,
                    OutboxState::Failed,
                    "Your order is ready for pickup",
                    Some("not sent: the server could not be reached"),
                ),
            ),
            in_chat(
                rows[3].clone(),
                outbox_entry(
                    5,
                    OutboxState::Unknown,
                    "Here is the invoice",
                    Some("the server did not answer in time: it may or may not have been sent"),
                ),
            ),
            in_chat(
                rows[0].clone(),
                outbox_entry(
                    6,
                    OutboxState::Failed,
                    "Parking is on level -1",
                    Some("rate limited, try later: the message is kept in the outbox"),
                ),
            ),
        ];
        with_modal(
            state,
            Modal::Outbox {
                selected: 1,
                scope: OutboxScope::AllChats,
            },
        )
    });
}

/// `o` pressed twice on a file: the second press says the first is still at work.
#[test]
fn a_second_o_while_downloading() {
    screens("already_downloading", || {
        let mut state = focused(inbox(), Pane::Thread);
        let with_file = state
            .thread
            .messages
            .iter()
            .rposition(|m| !m.attachments.is_empty())
            .expect("the thread has a file");
        state.thread.selected = Some(with_file);
        for _ in 0..2 {
            let effects = unibox::app::update(
                &mut state,
                unibox::app::Action::Command(unibox::input::Command::OpenAttachment),
            );
            assert!(effects.len() <= 1);
        }
        state
    });
}

/// After `y` where no local clipboard tool could be used: the words do not claim a copy.
#[test]
fn a_copy_sent_only_to_the_terminal() {
    screens("copy_sent_to_terminal", || {
        let mut state = focused(inbox(), Pane::Thread);
        let effects = unibox::app::update(
            &mut state,
            unibox::app::Action::Command(unibox::input::Command::CopyText),
        );
        assert!(matches!(&effects[..], [unibox::app::Effect::Copy(_)]));
        state
    });
}

// ---------------------------------------------------------------------------------------------
// Long messages

/// About 2 400 characters in three paragraphs, with two links.
fn long_message_text() -> String {
    let paragraph = |n: usize| {
        (1..=60)
            .map(|w| format!("p{n}w{w}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    format!(
        "Order details: https://shop.example/orders/4471 (tracking at www.parcels.example/t/88).\n\n{}\n\n{}\n\n{}",
        paragraph(1),
        paragraph(2),
        paragraph(3)
    )
}

/// The team's thread with its second newest message long and selected, `scrolled` lines in.
fn long_message_selected(scrolled: u16) -> State {
    let mut state = focused(inbox(), Pane::Thread);
    let index = state.thread.messages.len() - 2;
    let message = &mut state.thread.messages[index];
    message.text = Some(long_message_text());
    let id = message.id.clone();
    state.thread.selected = Some(index);
    state.thread.bottom = index;
    state.thread.scrolled = Some((id, scrolled));
    state
}

#[test]
fn a_long_message_in_the_thread_keeps_its_header_and_says_where_the_reading_is() {
    for (width, height) in [(120, 40), (80, 24)] {
        screen("long_message_top", long_message_selected(0), width, height);
        screen(
            "long_message_scrolled",
            long_message_selected(12),
            width,
            height,
        );
    }
}

/// OSC 8 adds escapes to cells, never a column: with hyperlinks on, the reader reads the same
/// on every row (the snapshots of the reader are its screen), and its links are hyperlinks.
#[test]
fn the_reader_reads_the_same_with_hyperlinks_on() {
    use unibox::ui::hyperlink::visible_row;
    for (width, height) in [(120, 40), (80, 24), (50, 20)] {
        let mut linked_rows = 0;
        for scroll in [0, 40] {
            let reader = |hyperlinks: bool| {
                let mut state = long_message_selected(0);
                state.options.hyperlinks = hyperlinks;
                let message = state
                    .thread
                    .selected_message()
                    .map(|m| m.id.clone())
                    .unwrap();
                state.modal = Some(Modal::Reader {
                    message,
                    scroll,
                    link: 1,
                });
                buffer(&mut state, width, height)
            };
            let (plain, linked) = (reader(false), reader(true));
            for y in 0..height {
                assert_eq!(
                    visible_row(&linked, y),
                    visible_row(&plain, y),
                    "row {y} at {width}x{height}, scroll {scroll}"
                );
                let escapes = |buffer: &ratatui::buffer::Buffer| {
                    (0..width)
                        .filter(|&x| buffer[(x, y)].symbol().contains("\u{1b}]8;;https://"))
                        .count()
                };
                assert_eq!(escapes(&plain), 0);
                if escapes(&linked) > 0 {
                    linked_rows += 1;
                }
            }
        }
        assert!(
            linked_rows > 0,
            "no link drawn as a hyperlink at {width}x{height}"
        );
    }
}

#[test]
fn the_reader_shows_a_message_whole_with_its_links() {
    for (width, height) in [(120, 40), (80, 24)] {
        let mut state = long_message_selected(0);
        let message = state
            .thread
            .selected_message()
            .map(|m| m.id.clone())
            .unwrap();
        state.modal = Some(Modal::Reader {
            message,
            scroll: 0,
            link: 1,
        });
        screen("reader", state, width, height);
        let mut state = long_message_selected(0);
        let message = state
            .thread
            .selected_message()
            .map(|m| m.id.clone())
            .unwrap();
        state.modal = Some(Modal::Reader {
            message,
            scroll: 40,
            link: 1,
        });
        screen("reader_end", state, width, height);
    }
}

// ---------------------------------------------------------------------------------------------
// Reconnecting an account

/// The accounts pane with Support signed out and selected.
fn support_signed_out_selected() -> State {
    let mut state = focused(support_signed_out(), Pane::Accounts);
    state.accounts.selected = 1;
    state
}

#[test]
fn a_signed_out_account_selected_offers_to_reconnect() {
    screens("accounts_reconnect_hint", support_signed_out_selected);
    let buffer = buffer(&mut support_signed_out_selected(), 120, 40);
    assert!(find(&buffer, "c reconnect").is_some());
}

#[test]
fn confirm_reconnect() {
    screens("confirm_reconnect", || {
        with_modal(
            support_signed_out_selected(),
            Modal::ConfirmReconnect(Confirm::new(support_label(), None)),
        )
    });
}

#[test]
fn confirm_reconnect_after_typed_ahead_keys() {
    let mut confirm = Confirm::new(support_label(), None);
    confirm.typed_ahead = true;
    let mut state = with_modal(
        support_signed_out_selected(),
        Modal::ConfirmReconnect(confirm),
    );
    let buffer = buffer(&mut state, 120, 40);
    assert!(find(&buffer, "press y to ask for the link").is_some());
}

#[test]
fn reconnect_link_shown() {
    screens("reconnect_link", || {
        with_modal(
            support_signed_out_selected(),
            Modal::ReconnectLink {
                account: support_label(),
                link: Loadable::Ready(
                    "https://account.unipile.com/pqGx3tT9Rz2kYwL8vB7nJ0aF5cH1dE4mS6uI".into(),
                ),
            },
        )
    });
}

#[test]
fn reconnect_link_refused() {
    screens("reconnect_link_refused", || {
        with_modal(
            support_signed_out_selected(),
            Modal::ReconnectLink {
                account: support_label(),
                link: Loadable::Failed("not found: unknown account".into()),
            },
        )
    });
}

// ---------------------------------------------------------------------------------------------
// The customer-service window of a Cloud API chat

#[test]
fn a_cloud_api_thread_says_how_long_its_window_stays_open() {
    let make = || cloud_api_inbox(chrono::Duration::hours(20) + chrono::Duration::minutes(48));
    for (width, height) in [(120, 40), (80, 24)] {
        screen("cloud_api_window_open", make(), width, height);
        let screen = buffer(&mut make(), width, height);
        assert!(
            find(&screen, "window open · 3 h 12 m left").is_some(),
            "at {width}×{height}"
        );
    }
}

#[test]
fn a_cloud_api_thread_says_its_window_is_closed() {
    let make = || cloud_api_inbox(chrono::Duration::days(2));
    for (width, height) in [(120, 40), (80, 24)] {
        screen("cloud_api_window_closed", make(), width, height);
        let screen = buffer(&mut make(), width, height);
        assert!(
            find(&screen, "window closed — templates only").is_some(),
            "at {width}×{height}"
        );
    }
}

#[test]
fn a_linked_whatsapp_app_thread_has_no_window_to_tell() {
    let mut state = focused(inbox(), Pane::Thread);
    state.thread = ana_thread();
    let screen = buffer(&mut state, 120, 40);
    assert!(find(&screen, "window").is_none());
}

#[test]
fn a_send_from_a_cloud_api_number_is_confirmed_as_sent_once_even_if_retried() {
    let make = || {
        let state = cloud_api_inbox(chrono::Duration::hours(1));
        let kind = OutboundKind::Send {
            text: "Yes, it is ready!\nWe are open until 19:00.".into(),
            quote: None,
            attachments: vec![],
        };
        let mut modal = confirm(Some(ana_label()), kind);
        if let Modal::Confirm(confirm) = &mut modal {
            confirm.action.account.id = ORDERS.into();
            confirm.action.account.name = "Orders".into();
            confirm.action.account.phone = Some("+33184800010".into());
        }
        with_modal(state, modal)
    };
    for (width, height) in [(120, 40), (80, 24)] {
        screen("confirm_send_idempotent", make(), width, height);
        let screen = buffer(&mut make(), width, height);
        assert!(
            find(&screen, "sent once even if retried").is_some(),
            "at {width}×{height}"
        );
    }
    // A linked app's send carries no such promise.
    let mut state = focused(inbox(), Pane::Thread);
    state.thread = ana_thread();
    let kind = OutboundKind::Send {
        text: "Yes".into(),
        quote: None,
        attachments: vec![],
    };
    let mut state = with_modal(state, confirm(Some(ana_label()), kind));
    assert!(find(&buffer(&mut state, 120, 40), "sent once").is_none());
}

// ---------------------------------------------------------------------------------------------
// The template picker

fn order_templates() -> Vec<unibox::domain::Template> {
    use unibox::domain::{Template, TemplateStatus, template_variables};
    let template = |name: &str, status, body: &str| Template {
        name: name.into(),
        language: "en_US".into(),
        status,
        category: Some("UTILITY".into()),
        body: Some(body.into()),
        variables: template_variables(body),
    };
    vec![
        template(
            "order_ready",
            TemplateStatus::Approved,
            "Hi {{1}}, your order {{2}} is ready for pickup.",
        ),
        template(
            "promo_winter",
            TemplateStatus::Pending,
            "Winter sale: 20% off until Sunday.",
        ),
        template(
            "delivery_late",
            TemplateStatus::Rejected,
            "Sorry, your delivery is late.",
        ),
        template(
            "survey",
            TemplateStatus::Paused,
            "How did we do? Reply 1 to 5.",
        ),
        template(
            "thanks",
            TemplateStatus::Approved,
            "Thank you for your visit!",
        ),
    ]
}

fn template_picker_open() -> State {
    let mut state = cloud_api_inbox(chrono::Duration::days(2));
    update(&mut state, Action::Command(Command::Reply));
    update(
        &mut state,
        Action::Templates {
            account: ORDERS.into(),
            templates: Ok(order_templates()),
        },
    );
    state
}

#[test]
fn the_template_picker_greys_what_cannot_be_sent() {
    for (width, height) in [(120, 40), (80, 24)] {
        screen("template_picker", template_picker_open(), width, height);
    }
    let screen = buffer(&mut template_picker_open(), 120, 40);
    let (x, y) = find(&screen, "promo_winter").expect("a pending template is listed");
    assert!(row_text(&screen, y).contains("pending"));
    let thanks = find(&screen, "thanks (en_US)").expect("an approved template");
    assert_ne!(
        screen[(x, y)].style(),
        screen[thanks].style(),
        "greyed beside an approved one"
    );
    let y = find(&screen, "survey").unwrap().1;
    assert!(row_text(&screen, y).contains("paused"));
}

#[test]
fn a_template_is_confirmed_with_its_final_text() {
    let make = || {
        let mut state = template_picker_open();
        update(&mut state, Action::Command(Command::Choose));
        for value in ["Ana", "#4471"] {
            for c in value.chars() {
                update(
                    &mut state,
                    Action::Text(crossterm::event::KeyEvent::new(
                        crossterm::event::KeyCode::Char(c),
                        crossterm::event::KeyModifiers::NONE,
                    )),
                );
            }
            update(&mut state, Action::Command(Command::Submit));
        }
        state
    };
    for (width, height) in [(120, 40), (80, 24)] {
        screen("confirm_template", make(), width, height);
        let screen = buffer(&mut make(), width, height);
        assert!(find(&screen, "Send a template").is_some());
        assert!(find(&screen, "Hi Ana, your order #4471 is ready for").is_some());
        assert!(find(&screen, "sent once even if retried").is_some());
    }
}
