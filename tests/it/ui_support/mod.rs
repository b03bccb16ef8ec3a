//! A realistic small inbox for the view tests: three accounts, eight chats, a group thread of
//! thirty messages over three days with two unsettled outbox entries, and a one-to-one thread.
//! The clock is frozen on Thursday 20 November 2025, 14:30 UTC.

use std::collections::HashMap;
use std::path::PathBuf;

use chrono::{DateTime, TimeZone, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use unibox::app::RowWindow;
use unibox::app::{
    Access, AccountLabel, ChatLabel, ComposePurpose, Composer, Confirm, FileSpec, Loadable, Modal,
    Outbound, OutboundKind, Pane, QuotePreview, State, SyncView, ThreadPane, UiOptions,
};
use unibox::domain::{
    Account, AccountId, AccountStatus, Attachment, AttachmentKind, Attendee, Channel, Chat, ChatId,
    ChatKind, Message, MessageId, Muted, Quoted, Reaction,
};
use unibox::input::Keymap;
use unibox::store::{
    AccountOverview, AccountSummary, ChatListItem, LastMessage, OutboxAction, OutboxEntry,
    OutboxId, OutboxState, UnreadTotals,
};

/// The sizes every screen is checked at.
pub const SIZES: [(u16, u16); 3] = [(120, 40), (80, 24), (50, 20)];

pub const SUPPORT: &str = "acc-support";
pub const SALES: &str = "acc-sales";
pub const PARIS: &str = "acc-paris";
pub const TEAM_CHAT: &str = "chat-team";
pub const ANA_CHAT: &str = "chat-ana";
/// Our own WhatsApp id on the Support account.
pub const ME: &str = "33184800001@s.whatsapp.net";
pub const BRUNO: &str = "351912345678@s.whatsapp.net";
pub const INES: &str = "351913456789@s.whatsapp.net";
/// A group member nobody named: shown by number.
pub const RUI: &str = "351914000000@s.whatsapp.net";
pub const ANA: &str = "33612345678@s.whatsapp.net";

/// Anything, changed in place: keeps the fixtures declarative.
pub trait With: Sized {
    fn with(mut self, change: impl FnOnce(&mut Self)) -> Self {
        change(&mut self);
        self
    }
}
impl<T> With for T {}

pub fn now() -> DateTime<Utc> {
    nov(20, 14, 30)
}

/// A moment of November 2025.
pub fn nov(day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 11, day, hour, minute, 0)
        .single()
        .expect("a valid date")
}

// ---------------------------------------------------------------------------------------------
// Accounts

pub fn account(
    id: &str,
    name: &str,
    phone: &str,
    status: AccountStatus,
    unread: u64,
) -> AccountSummary {
    AccountSummary {
        account: Account {
            id: id.into(),
            name: name.into(),
            phone_number: Some(phone.into()),
            status,
            created_at: None,
            channel: Channel::WhatsApp,
            provider: unibox::domain::Provider::Unipile,
        },
        unread: UnreadTotals {
            messages: unread,
            chats: unread.min(3),
        },
        trouble: None,
    }
}

pub fn overview(accounts: Vec<AccountSummary>) -> AccountOverview {
    let all = UnreadTotals {
        messages: accounts.iter().map(|a| a.unread.messages).sum(),
        chats: accounts.iter().map(|a| a.unread.chats).sum(),
    };
    AccountOverview {
        accounts,
        all,
        not_messaging: 0,
    }
}

pub fn three_accounts() -> AccountOverview {
    overview(vec![
        account(SUPPORT, "Support", "+33184800001", AccountStatus::Ok, 5),
        account(SALES, "Sales", "+33184800002", AccountStatus::Connected, 1),
        account(
            PARIS,
            "Paris Shop",
            "+33184800003",
            AccountStatus::Connecting,
            0,
        ),
    ])
}

/// One account in each state the provider reports, and one it may add later.
pub fn every_status() -> AccountOverview {
    let mut accounts = three_accounts().accounts;
    accounts.extend([
        account(
            "acc-old",
            "Old Number",
            "+33184800004",
            AccountStatus::Credentials,
            0,
        ),
        account(
            "acc-backup",
            "Backup",
            "+33184800005",
            AccountStatus::Error,
            0,
        ),
        account(
            "acc-legacy",
            "Legacy",
            "+33184800006",
            AccountStatus::Stopped,
            0,
        ),
        account(
            "acc-kiosk",
            "Kiosk",
            "+33184800007",
            AccountStatus::Permissions,
            0,
        ),
        account(
            "acc-lab",
            "Lab",
            "+33184800008",
            AccountStatus::Other("SUSPENDED".into()),
            0,
        ),
    ]);
    overview(accounts)
}

// ---------------------------------------------------------------------------------------------
// Chats

pub fn chat(id: &str, account: &str, name: Option<&str>, kind: ChatKind) -> Chat {
    Chat {
        id: id.into(),
        account_id: account.into(),
        provider_id: format!("{id}@provider"),
        attendee_provider_id: None,
        name: name.map(Into::into),
        kind,
        timestamp: None,
        unread_count: 0,
        archived: false,
        muted: Muted::No,
        read_only: 0,
        reactions_disabled: false,
        reply_disabled: false,
    }
}

pub fn last(text: Option<&str>, at: DateTime<Utc>) -> LastMessage {
    LastMessage {
        id: MessageId::from("last"),
        text: text.map(Into::into),
        at,
        is_sender: false,
        sender_name: None,
        attachment_kind: None,
        deleted: false,
    }
}

pub fn item(chat: Chat, last_message: Option<LastMessage>) -> ChatListItem {
    ChatListItem {
        chat,
        last_message,
        unsent: None,
    }
}

pub fn team_item() -> ChatListItem {
    item(
        chat(TEAM_CHAT, SUPPORT, Some("Team Lisbon"), ChatKind::Group).with(|c| {
            c.muted = Muted::Forever;
            c.unread_count = 2;
        }),
        Some(last(Some("See you all there."), nov(20, 14, 28)).with(|m| m.is_sender = true)),
    )
}

pub fn ana_item() -> ChatListItem {
    item(
        chat(ANA_CHAT, SUPPORT, Some("Ana Lopez"), ChatKind::Single).with(|c| {
            c.attendee_provider_id = Some(ANA.into());
            c.unread_count = 3;
        }),
        Some(last(Some("Is the order ready for pickup?"), nov(20, 14, 5))),
    )
}

/// Eight chats, newest first: unread, muted, group, unnamed, attachment-only, deleted,
/// archived, last year's, and one without messages.
pub fn chat_items() -> Vec<ChatListItem> {
    vec![
        team_item(),
        ana_item(),
        item(
            chat("chat-num", SALES, None, ChatKind::Single)
                .with(|c| c.attendee_provider_id = Some("33698765432@s.whatsapp.net".into())),
            Some(last(Some("See you tomorrow then"), nov(19, 18, 20)).with(|m| m.is_sender = true)),
        ),
        item(
            chat("chat-carla", SALES, Some("Carla Mendes"), ChatKind::Single)
                .with(|c| c.unread_count = 1),
            Some(
                last(None, nov(17, 9, 12))
                    .with(|m| m.attachment_kind = Some(AttachmentKind::Image)),
            ),
        ),
        item(
            chat(
                "chat-dmitri",
                SUPPORT,
                Some("Dmitri Ivanov"),
                ChatKind::Single,
            ),
            Some(last(Some("gone"), nov(14, 16, 0)).with(|m| m.deleted = true)),
        ),
        item(
            chat(
                "chat-supplier",
                SUPPORT,
                Some("Old Supplier"),
                ChatKind::Single,
            )
            .with(|c| c.archived = true),
            Some(last(Some("Invoice paid, thanks."), nov(3, 10, 0))),
        ),
        item(
            chat(
                "chat-family",
                PARIS,
                Some("Famille Martin"),
                ChatKind::Group,
            ),
            Some(
                last(
                    Some("Merci pour tout !"),
                    Utc.with_ymd_and_hms(2024, 11, 12, 19, 0, 0).unwrap(),
                )
                .with(|m| m.sender_name = Some("Marie".into())),
            ),
        ),
        item(
            chat("chat-lead", SALES, Some("New Lead"), ChatKind::Single)
                .with(|c| c.timestamp = Some(nov(10, 8, 0))),
            None,
        ),
    ]
}

// ---------------------------------------------------------------------------------------------
// Messages

pub fn message(
    id: &str,
    chat: &str,
    sender: &str,
    at: DateTime<Utc>,
    text: Option<&str>,
) -> Message {
    Message {
        id: id.into(),
        account_id: SUPPORT.into(),
        chat_id: chat.into(),
        provider_id: format!("wamid.{id}"),
        sender_id: sender.into(),
        sender_attendee_id: None,
        text: text.map(Into::into),
        attachments: vec![],
        timestamp: at,
        is_sender: sender == ME,
        quoted: None,
        reactions: vec![],
        seen: false,
        delivered: false,
        hidden: false,
        deleted: false,
        edited: false,
        is_event: false,
        event_type: None,
    }
}

fn team(n: usize, sender: &str, at: DateTime<Utc>, text: &str) -> Message {
    message(
        &format!("t{n:02}"),
        TEAM_CHAT,
        sender,
        at,
        Some(text).filter(|t| !t.is_empty()),
    )
}

fn event(n: usize, at: DateTime<Utc>, text: &str) -> Message {
    team(n, BRUNO, at, text).with(|m| {
        m.is_event = true;
        m.event_type = Some(1);
    })
}

pub fn attachment(kind: AttachmentKind, name: &str, size: u64) -> Attachment {
    Attachment {
        id: format!("att-{name}").into(),
        kind,
        mimetype: None,
        file_size: Some(size),
        file_name: Some(name.into()),
        unavailable: false,
    }
}

pub fn reaction(value: &str, sender: &str) -> Reaction {
    Reaction {
        value: value.into(),
        sender_id: sender.into(),
        is_sender: sender == ME,
    }
}

fn quote(of: &Message) -> Quoted {
    Quoted {
        provider_id: of.provider_id.clone(),
        sender_id: of.sender_id.clone(),
        text: of.text.clone(),
        attachments: of.attachments.clone(),
    }
}

fn read(m: &mut Message) {
    m.delivered = true;
    m.seen = true;
}

/// Thirty messages of a team over Monday, yesterday and today.
pub fn team_messages() -> Vec<Message> {
    let photo = attachment(AttachmentKind::Image, "IMG_2031.jpg", 1_258_291);
    let mut m = vec![
        event(0, nov(17, 9, 0), "Bruno Costa created the group"),
        event(1, nov(17, 9, 0), "Bruno Costa added you"),
        team(2, BRUNO, nov(17, 9, 5), "Welcome to the Lisbon team chat!"),
        team(3, INES, nov(17, 9, 7), "Hi all 👋"),
        team(4, ME, nov(17, 9, 10), "Thanks! Happy to be here.").with(read),
        team(
            5,
            BRUNO,
            nov(17, 9, 30),
            "Here is the plan for the week:\n- Tuesday: supplier visit\n- Wednesday: inventory\n- Thursday: pop-up store setup",
        ),
        team(6, INES, nov(17, 10, 2), "").with(|m| m.attachments = vec![photo.clone()]),
    ];
    let looks_great = team(7, ME, nov(17, 10, 5), "Looks great").with(|x| {
        read(x);
        x.quoted = m.get(6).map(quote);
        x.reactions = vec![reaction("👍", BRUNO)];
    });
    m.push(looks_great);
    m.extend([
        team(8, RUI, nov(17, 11, 0), "Who is driving on Thursday?"),
        team(
            9,
            BRUNO,
            nov(19, 8, 15),
            "Morning! Supplier confirmed for 10:00.",
        ),
        team(10, ME, nov(19, 8, 20), "Perfect, I'll meet you there.").with(|x| {
            read(x);
            x.reactions = vec![
                reaction("👍", BRUNO),
                reaction("👍", INES),
                reaction("❤️", ME),
            ];
        }),
        team(11, INES, nov(19, 12, 40), "Price list attached").with(|x| {
            x.attachments = vec![attachment(AttachmentKind::File, "prices_2025.pdf", 348_160)];
        }),
        team(12, INES, nov(19, 12, 41), "").with(|x| {
            x.attachments = vec![
                attachment(AttachmentKind::File, "catalogue_autumn.pdf", 5_600_000)
                    .with(|a| a.unavailable = true),
            ];
        }),
        team(13, BRUNO, nov(19, 17, 0), "oops wrong chat").with(|x| x.deleted = true),
    ]);
    let address = team(
        14,
        ME,
        nov(19, 17, 5),
        "Can someone share the address again?",
    )
    .with(|x| {
        x.delivered = true;
        x.edited = true;
    });
    let answer = team(15, INES, nov(19, 17, 6), "Rua Augusta 120, Lisboa")
        .with(|x| x.quoted = Some(quote(&address)));
    m.extend([address, answer]);
    m.extend([
        event(
            16,
            nov(19, 18, 0),
            "Inês Sousa changed the group name to \"Team Lisbon\"",
        ),
        team(17, BRUNO, nov(20, 9, 0), "Setup starts at 11."),
        team(
            18,
            ME,
            nov(20, 9, 5),
            "I'll be there at 10:30 with the banners, the card reader and the spare price tags. \
             If anyone needs something from the office, tell me before 10.",
        )
        .with(read),
        team(19, INES, nov(20, 10, 30), "👍👍"),
        team(20, BRUNO, nov(20, 11, 15), "Photos from the setup").with(|x| {
            x.attachments = vec![
                attachment(AttachmentKind::Image, "setup_1.jpg", 2_400_000),
                attachment(AttachmentKind::Image, "setup_2.jpg", 2_150_000),
            ];
        }),
        team(21, ME, nov(20, 11, 20), "Amazing work everyone! 🎉").with(|x| {
            read(x);
            x.reactions = vec![
                reaction("❤️", BRUNO),
                reaction("❤️", INES),
                reaction("😂", RUI),
            ];
        }),
        team(
            22,
            INES,
            nov(20, 12, 0),
            "Can we do the same layout next month?",
        ),
        team(23, ME, nov(20, 13, 0), "Sure, let's plan it on Monday.").with(|x| x.delivered = true),
        team(24, BRUNO, nov(20, 13, 10), "I'll bring the samples"),
        team(25, INES, nov(20, 13, 12), "Great"),
        team(
            26,
            ME,
            nov(20, 14, 20),
            "One more thing: the van is booked until 18:00.",
        )
        .with(|x| x.delivered = true),
        team(27, BRUNO, nov(20, 14, 22), "👌"),
    ]);
    let van = m.get(26).map(quote);
    m.extend([
        team(28, INES, nov(20, 14, 25), "Noted, thanks").with(|x| x.quoted = van),
        team(29, ME, nov(20, 14, 28), "See you all there.").with(|x| x.delivered = true),
    ]);
    m
}

pub fn team_attendees() -> Vec<Attendee> {
    [
        (ME, "Support", true),
        (BRUNO, "Bruno Costa", false),
        (INES, "Inês Sousa", false),
        (RUI, "", false),
        (ANA, "Ana Lopez", false),
    ]
    .into_iter()
    .map(|(provider_id, name, is_self)| attendee(provider_id, name, is_self))
    .collect()
}

/// The start-chat picker's candidates: the team, each with their chat in `chat_items`, if any.
pub fn known_contacts() -> Vec<(Attendee, Option<ChatId>)> {
    let chats = chat_items();
    team_attendees()
        .into_iter()
        .map(|attendee| {
            let chat = chats
                .iter()
                .find(|i| i.chat.attendee_provider_id.as_deref() == Some(&attendee.provider_id))
                .map(|i| i.chat.id.clone());
            (attendee, chat)
        })
        .collect()
}

pub fn attendee(provider_id: &str, name: &str, is_self: bool) -> Attendee {
    Attendee {
        id: format!("att-{provider_id}").into(),
        account_id: SUPPORT.into(),
        provider_id: provider_id.into(),
        name: Some(name.to_owned()).filter(|n| !n.is_empty()),
        is_self,
        picture_url: None,
    }
}

pub fn outbox_entry(id: i64, state: OutboxState, text: &str, error: Option<&str>) -> OutboxEntry {
    OutboxEntry {
        id: OutboxId(id),
        created_at: nov(20, 14, 29),
        account_id: SUPPORT.into(),
        chat_id: Some(TEAM_CHAT.into()),
        target_message_id: None,
        action: OutboxAction::Send {
            text: text.into(),
            quote_id: None,
            attachments: vec![],
            template: None,
        },
        state,
        error: error.map(Into::into),
        server_message_id: None,
        server_chat_id: None,
        attempts: 1,
        updated_at: nov(20, 14, 29),
        idempotency_key: None,
    }
}

/// The team's thread, scrolled to the end, the newest message selected, with one action on
/// its way and one that failed.
pub fn team_thread() -> ThreadPane {
    let messages = team_messages();
    let attendees = team_attendees();
    let last = messages.len() - 1;
    ThreadPane {
        chat: Some(team_item()),
        draft_of: Some(team_item().chat.id),
        total: messages.len() as u64,
        selected: Some(last),
        bottom: last,
        outbox: vec![
            outbox_entry(
                1,
                OutboxState::Failed,
                "Parking is on level -1",
                Some("not sent: the server did not answer (timed out)"),
            ),
            outbox_entry(2, OutboxState::Pending, "On my way", None),
        ],
        names: names(&attendees),
        attendees,
        messages,
        ..ThreadPane::default()
    }
}

pub fn names(attendees: &[Attendee]) -> HashMap<String, String> {
    attendees
        .iter()
        .filter_map(|a| Some((a.provider_id.clone(), a.name.clone()?)))
        .collect()
}

/// A one-to-one thread with Ana.
pub fn ana_thread() -> ThreadPane {
    let ana = |n: usize, sender: &str, at, text: &str| {
        message(&format!("a{n}"), ANA_CHAT, sender, at, Some(text))
    };
    let messages = vec![
        ana(
            0,
            ANA,
            nov(20, 13, 50),
            "Hello! I ordered the blue jacket on Monday (order #4471).",
        ),
        ana(1, ME, nov(20, 13, 58), "Hi Ana, let me check that for you.").with(read),
        ana(2, ANA, nov(20, 14, 5), "Is the order ready for pickup?"),
    ];
    let attendees = vec![
        attendee(ME, "Support", true),
        attendee(ANA, "Ana Lopez", false),
    ];
    let last = messages.len() - 1;
    ThreadPane {
        chat: Some(ana_item()),
        draft_of: Some(ana_item().chat.id),
        total: messages.len() as u64,
        selected: Some(last),
        bottom: last,
        names: names(&attendees),
        attendees,
        messages,
        ..ThreadPane::default()
    }
}

// ---------------------------------------------------------------------------------------------
// States

/// Nothing loaded yet, the clock frozen, the built-in keymap's help.
pub fn blank_state() -> State {
    let help = Keymap::built_in().expect("the built-in keymap").help();
    State::new(
        now(),
        Access::ReadWrite,
        UiOptions::default(),
        help,
        &unibox::ui::VIEWS,
    )
}

/// The inbox with everything loaded: accounts, the chat list, the team's thread open.
pub fn inbox() -> State {
    let mut state = blank_state();
    state.accounts.overview = Loadable::Ready(three_accounts());
    let rows = chat_items();
    state.chats.total = Some(rows.len() as u64);
    state.chats.rows = RowWindow::new(0, rows);
    state.thread = team_thread();
    state.status.last_sync = Some(nov(20, 14, 26));
    state
}

pub fn focused(mut state: State, pane: Pane) -> State {
    state.focus = pane;
    state
}

// ---------------------------------------------------------------------------------------------
// Modals

pub fn support_label() -> AccountLabel {
    AccountLabel {
        id: SUPPORT.into(),
        name: "Support".into(),
        phone: Some("+33184800001".into()),
    }
}

pub fn team_label() -> ChatLabel {
    ChatLabel {
        id: TEAM_CHAT.into(),
        name: "Team Lisbon".into(),
        recipient: "Team Lisbon".into(),
    }
}

pub fn ana_label() -> ChatLabel {
    ChatLabel {
        id: ANA_CHAT.into(),
        name: "Ana Lopez".into(),
        recipient: "+33612345678".into(),
    }
}

pub fn file(name: &str, size: u64) -> FileSpec {
    FileSpec {
        path: PathBuf::from(format!("/home/me/Documents/{name}")),
        name: name.into(),
        size,
    }
}

pub fn confirm(chat: Option<ChatLabel>, kind: OutboundKind) -> Modal {
    Modal::Confirm(Confirm::new(
        Outbound {
            account: support_label(),
            chat,
            kind,
            retry: None,
        },
        None,
    ))
}

pub fn composer(purpose: ComposePurpose, text: &str) -> Composer {
    Composer::new(purpose, text)
}

pub fn quote_preview(sender: &str, text: &str) -> QuotePreview {
    QuotePreview {
        message_id: MessageId::from("t22"),
        sender: sender.into(),
        text: text.into(),
    }
}

pub fn team_chat_id() -> ChatId {
    ChatId::from(TEAM_CHAT)
}

pub fn support_id() -> AccountId {
    AccountId::from(SUPPORT)
}

// ---------------------------------------------------------------------------------------------
// Drawing

pub fn draw(state: &mut State, width: u16, height: u16) -> Terminal<TestBackend> {
    state.size = (width, height);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("a test terminal");
    terminal
        .draw(|frame| unibox::ui::render(frame, state))
        .expect("drawing never fails on a test backend");
    terminal
}

pub fn buffer(state: &mut State, width: u16, height: u16) -> Buffer {
    draw(state, width, height).backend().buffer().clone()
}

/// The text of row `y` as a terminal shows it: a wide character once, not its hidden cell.
pub fn row_text(buffer: &Buffer, y: u16) -> String {
    let mut text = String::new();
    let mut hidden = 0;
    for x in 0..buffer.area.width {
        if hidden > 0 {
            hidden -= 1;
            continue;
        }
        let symbol = buffer[(x, y)].symbol();
        hidden = unibox::text::display_width(symbol).saturating_sub(1);
        text.push_str(symbol);
    }
    text
}

/// Where `needle` starts on screen: (column, row) of its first cell.
pub fn find(buffer: &Buffer, needle: &str) -> Option<(u16, u16)> {
    (0..buffer.area.height).find_map(|y| {
        let text = row_text(buffer, y);
        let at = text.find(needle)?;
        let column = unibox::text::display_width(&text[..at]);
        Some((u16::try_from(column).ok()?, y))
    })
}

// ---------------------------------------------------------------------------------------------
// Hostile text

/// The inbox where every name, preview, body, file name and reaction comes from the hostile
/// corpus; the thread shows the short samples, with the three huge ones loaded after them.
pub fn hostile_inbox() -> State {
    use unibox_sandbox::hostile::SHORT;
    let mut state = focused(inbox(), Pane::Thread);
    let sample = |n: usize| SHORT[n % SHORT.len()].text.to_string();
    let rows: Vec<ChatListItem> = (0..12)
        .map(|n| {
            let kind = if n % 3 == 0 {
                ChatKind::Group
            } else {
                ChatKind::Single
            };
            item(
                chat(&format!("chat-h{n}"), SUPPORT, Some(&sample(n)), kind)
                    .with(|c| c.unread_count = u32::try_from(n).unwrap_or(0)),
                Some(
                    last(Some(&sample(n + 20)), nov(20, 14, 0))
                        .with(|m| m.sender_name = Some(sample(n + 7))),
                ),
            )
        })
        .collect();
    state.chats.total = Some(rows.len() as u64);
    state.chats.rows = RowWindow::new(0, rows.clone());
    state.accounts.overview = Loadable::Ready(overview(vec![account(
        SUPPORT,
        &sample(1),
        &sample(2),
        AccountStatus::Other(sample(3)),
        7,
    )]));
    let attendees: Vec<Attendee> = (0..6)
        .map(|n| {
            attendee(
                &format!("3361000000{n}@s.whatsapp.net"),
                &sample(n * 5),
                n == 0,
            )
        })
        .collect();
    let messages: Vec<Message> = (0..SHORT.len())
        .map(|n| {
            let sender = attendees.get(n % 6).map_or(ME, |a| a.provider_id.as_str());
            message(
                &format!("h{n}"),
                "chat-h0",
                sender,
                nov(20, 9, 0) + chrono::Duration::minutes(n as i64),
                Some(&sample(n)),
            )
            .with(|m| {
                m.attachments = vec![attachment(
                    AttachmentKind::Other(sample(n + 1)),
                    &sample(n + 2),
                    1000,
                )];
                m.reactions = vec![reaction(&sample(n + 3), BRUNO)];
                m.quoted = Some(Quoted {
                    provider_id: "q".into(),
                    sender_id: sample(n + 4),
                    text: Some(sample(n + 5)),
                    attachments: vec![],
                });
            })
        })
        .chain(
            [
                unibox_sandbox::hostile::huge_line(),
                unibox_sandbox::hostile::huge_word(),
                unibox_sandbox::hostile::many_lines(),
            ]
            .into_iter()
            .enumerate()
            .map(|(n, huge)| {
                message(
                    &format!("huge{n}"),
                    "chat-h0",
                    BRUNO,
                    nov(20, 14, n as u32),
                    Some(&huge.text),
                )
            }),
        )
        .collect();
    let last_short = SHORT.len() - 1;
    state.thread = ThreadPane {
        draft_of: rows.first().map(|row| row.chat.id.clone()),
        chat: rows.first().cloned(),
        total: messages.len() as u64,
        selected: Some(last_short),
        bottom: last_short,
        outbox: vec![outbox_entry(
            1,
            OutboxState::Failed,
            &sample(0),
            Some(&sample(9)),
        )],
        names: names(&attendees),
        attendees,
        messages,
        ..ThreadPane::default()
    };
    state.status.sync = SyncView::Failed(sample(4));
    state
}

// ---------------------------------------------------------------------------------------------
// A WhatsApp Business (Cloud API) number, through Late

pub const ORDERS: &str = "late:acc-orders";

/// The inbox with a Cloud API number beside the linked apps, and Ana's conversation on it
/// open: her last message `age` before now.
pub fn cloud_api_inbox(age: chrono::Duration) -> State {
    let mut state = focused(inbox(), Pane::Thread);
    let mut accounts = three_accounts();
    let mut orders = account(ORDERS, "Orders", "+33184800010", AccountStatus::Ok, 1);
    orders.account.provider = unibox::domain::Provider::Late;
    accounts.accounts.push(orders);
    state.accounts.overview = Loadable::Ready(accounts);
    let mut thread = ana_thread();
    let last_ana = thread
        .messages
        .iter()
        .rfind(|m| m.sender_id == ANA)
        .map(|m| m.timestamp)
        .expect("Ana wrote");
    let shift = last_ana - (now() - age);
    for message in &mut thread.messages {
        message.timestamp -= shift;
    }
    if let Some(item) = thread.chat.as_mut() {
        item.chat.account_id = ORDERS.into();
    }
    thread.last_inbound = Some(now() - age);
    state.thread = thread;
    state
}
