//! `unibox send CHAT (--text TEXT | --file PATH) [--account ID] [--yes]`: one message into a
//! cached chat, for scripts. The account's rules are asked as the interface asks them, what will
//! be sent is shown, and only a `y` at the prompt (on a terminal) or `--yes` lets it go, through
//! the interface's own path (`runtime::confirmed`: the outbox, its idempotency key, the audit
//! log). Read-only mode refuses before any writer exists. Each outcome has its exit code.

use std::io::{self, IsTerminal, Read};
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::anyhow;
use chrono::Utc;

use super::ask::confirm;
use super::failure::{Classify, Failure, FailureKind};
use super::providers::Providers;
use super::startup;
use super::views::ChatRow;
use crate::app::outbound::{AccountLabel, ChatLabel, FileSpec, Outbound, OutboundKind};
use crate::config::Settings;
use crate::domain::rules;
use crate::domain::{Account, ChatId, ChatKind, phone_from_provider_id};
use crate::provider::{ProviderRead, ProviderWrite};
use crate::runtime::confirmed::{self, Submitted};
use crate::store::{ChatListItem, Store, StoreError};
use crate::text::{human_size, sanitize_block, sanitize_line};

/// `--text -`: the text comes from stdin.
const FROM_STDIN: &str = "-";
/// More text than any account accepts (WhatsApp's 65 536 characters at 4 bytes each and
/// more): stdin is not read beyond it.
const MAX_STDIN_BYTES: u64 = 1024 * 1024;

/// What the command line asked for.
pub struct SendArgs {
    pub chat: String,
    pub text: Option<String>,
    pub file: Option<PathBuf>,
    pub account: Option<String>,
    pub yes: bool,
}

pub fn send(settings: &Settings, args: SendArgs) -> Result<(), Failure> {
    // First of all: read-only mode builds no writer and reads nothing it would send.
    if settings.read_only {
        return Err(refused(anyhow!("read-only mode: nothing was sent")));
    }
    startup::warn_if_exposed(&settings.cache);
    let store = startup::open_existing_store(&settings.cache)?;
    let (item, account) = chat_and_account(&store, &args.chat)?;
    if let Some(expected) = &args.account
        && expected != account.id.as_str()
    {
        return Err(Failure::config(anyhow!(
            "chat {} belongs to account {}, not {}",
            sanitize_line(item.chat.id.as_str()),
            sanitize_line(account.id.as_str()),
            sanitize_line(expected)
        )));
    }
    let text = match args.text.as_deref() {
        Some(FROM_STDIN) => read_stdin()?,
        Some(text) => text.to_owned(),
        None => String::new(),
    };
    // As the composer sends it.
    let text = text.trim().to_owned();
    if text.is_empty() && args.file.is_none() {
        return Err(Failure::config(anyhow!(
            "nothing to send: the text is empty"
        )));
    }
    rules::can_send_from(&account.status)
        .map_err(|denied| refused(anyhow!("not sent: {denied}")))?;

    let runtime = startup::runtime()?;
    let mut outbound = Outbound {
        account: account_label(&account),
        chat: Some(chat_label(&item)),
        kind: OutboundKind::Send {
            text,
            quote: None,
            attachments: Vec::new(),
        },
        retry: None,
    };
    // The rules without the file first: its limit is the account's.
    let limit = runtime
        .block_on(confirmed::check(&store, &outbound))
        .map_err(|reason| refused(anyhow!("not sent: {reason}")))?;
    if let Some(path) = &args.file {
        let file = runtime
            .block_on(confirmed::check_file(path, &limit))
            .map_err(|error| refused(anyhow!("not sent: {error}")))?;
        if let OutboundKind::Send { attachments, .. } = &mut outbound.kind {
            attachments.push(file);
        }
        runtime
            .block_on(confirmed::check(&store, &outbound))
            .map_err(|reason| refused(anyhow!("not sent: {reason}")))?;
    }

    eprintln!("{}", summary(&outbound));
    if !args.yes {
        if !io::stdin().is_terminal() {
            return Err(Failure::of(
                FailureKind::NotConfirmed,
                anyhow!("not sent: no terminal to confirm on; add --yes to send without asking"),
            ));
        }
        if !confirm("Send?") {
            return Err(Failure::of(
                FailureKind::NotConfirmed,
                anyhow!("cancelled: nothing was sent"),
            ));
        }
    }

    // Only now, and never in read-only mode (refused above), is a writer built.
    let providers = Providers::from_settings(settings, None)?;
    let reader: Arc<dyn ProviderRead> = Arc::new(providers.reader());
    let writer: Arc<dyn ProviderWrite> = Arc::new(providers.writer());
    let submitted = runtime.block_on(confirmed::submit_confirmed(store, reader, writer, outbound));
    outcome(submitted)
}

/// The chat and its account, from the cache, as `unibox export` finds a chat.
fn chat_and_account(store: &Store, chat: &str) -> Result<(ChatListItem, Account), Failure> {
    let id = ChatId::new(chat);
    let found = store
        .call_blocking(move |db| -> Result<_, StoreError> {
            let Some(item) = db.chat(&id)? else {
                return Ok(None);
            };
            let account = db.account(&item.chat.account_id)?;
            Ok(Some((item, account)))
        })
        .or_runtime()?;
    match found {
        Some((item, Some(account))) => Ok((item, account)),
        Some((item, None)) => Err(Failure::runtime(anyhow!(
            "the account of chat {} is not in the cache; run `unibox sync`",
            sanitize_line(item.chat.id.as_str())
        ))),
        None => Err(Failure::runtime(anyhow!(
            "no chat {} in the cache; `unibox chats` lists them",
            sanitize_line(chat)
        ))),
    }
}

/// The text piped in, up to a bound; it must be UTF-8.
fn read_stdin() -> Result<String, Failure> {
    let mut bytes = Vec::new();
    io::stdin()
        .lock()
        .take(MAX_STDIN_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|error| Failure::config(anyhow!("cannot read the text from stdin: {error}")))?;
    if bytes.len() as u64 > MAX_STDIN_BYTES {
        return Err(Failure::config(anyhow!(
            "the text on stdin is longer than any account accepts (over {})",
            human_size(MAX_STDIN_BYTES)
        )));
    }
    String::from_utf8(bytes).map_err(|_| Failure::config(anyhow!("the text on stdin is not UTF-8")))
}

fn account_label(account: &Account) -> AccountLabel {
    AccountLabel {
        id: account.id.clone(),
        name: account.name.clone(),
        phone: account.phone_number.clone(),
    }
}

/// The chat as the confirmation names it: its name, and whom the message reaches.
fn chat_label(item: &ChatListItem) -> ChatLabel {
    let chat = &item.chat;
    let name = ChatRow::new(item, Utc::now(), None).title();
    let recipient = match chat.kind {
        ChatKind::Group => "group".to_owned(),
        _ => chat
            .attendee_provider_id
            .as_deref()
            .map(|person| phone_from_provider_id(person).unwrap_or_else(|| person.to_owned()))
            .unwrap_or_else(|| chat.provider_id.clone()),
    };
    ChatLabel {
        id: chat.id.clone(),
        name,
        recipient,
    }
}

/// What will be sent, as the person confirms it; every string from the network or the user
/// sanitised.
fn summary(outbound: &Outbound) -> String {
    let mut lines = Vec::new();
    if let Some(chat) = &outbound.chat {
        lines.push(format!(
            "To:    {} ({}) · chat {}",
            sanitize_line(&chat.name),
            sanitize_line(&chat.recipient),
            sanitize_line(chat.id.as_str())
        ));
    }
    let account = &outbound.account;
    lines.push(match &account.phone {
        Some(phone) => format!(
            "From:  {} ({}) · account {}",
            sanitize_line(&account.name),
            sanitize_line(phone),
            sanitize_line(account.id.as_str())
        ),
        None => format!(
            "From:  {} · account {}",
            sanitize_line(&account.name),
            sanitize_line(account.id.as_str())
        ),
    });
    if let OutboundKind::Send {
        text, attachments, ..
    } = &outbound.kind
    {
        for FileSpec { name, size, .. } in attachments {
            lines.push(format!(
                "File:  {} ({})",
                sanitize_line(name),
                human_size(*size)
            ));
        }
        if !text.is_empty() {
            lines.push("Text:".to_owned());
            lines.extend(sanitize_block(text).lines().map(|line| format!("  {line}")));
        }
    }
    lines.join("\n")
}

/// The outcome on stdout when it was sent, else one line on stderr, each with its exit code.
fn outcome(submitted: Submitted) -> Result<(), Failure> {
    match submitted {
        Submitted::Sent { entry, message_id } => {
            match message_id {
                Some(id) => println!(
                    "sent: message {} (outbox #{entry})",
                    sanitize_line(id.as_str())
                ),
                None => println!("sent (outbox #{entry})"),
            }
            Ok(())
        }
        Submitted::NotSent { reason } => Err(refused(anyhow!("not sent: {reason}"))),
        Submitted::Failed { entry, words } => Err(Failure::of(
            FailureKind::SendFailed,
            anyhow!("{words} (outbox #{entry})"),
        )),
        Submitted::Unknown { entry, words } => Err(Failure::of(
            FailureKind::SendUnknown,
            anyhow!("{words} (outbox #{entry}; `unibox sync` settles it, `unibox audit` shows it)"),
        )),
    }
}

fn refused(error: anyhow::Error) -> Failure {
    Failure::of(FailureKind::Refused, error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::AccountId;

    fn outbound(text: &str, files: Vec<FileSpec>) -> Outbound {
        Outbound {
            account: AccountLabel {
                id: AccountId::new("acc\u{1b}[2J"),
                name: "Shop\u{7}".into(),
                phone: Some("+33 6 12".into()),
            },
            chat: Some(ChatLabel {
                id: ChatId::new("chat_1"),
                name: "Ana \u{1b}]8;;https://evil\u{7}".into(),
                recipient: "+34 600".into(),
            }),
            kind: OutboundKind::Send {
                text: text.into(),
                quote: None,
                attachments: files,
            },
            retry: None,
        }
    }

    #[test]
    fn the_summary_names_chat_account_text_and_file_without_control_characters() {
        let file = FileSpec {
            path: "/tmp/menu.pdf".into(),
            name: "menu\u{1b}[31m.pdf".into(),
            size: 2048,
        };
        let shown = summary(&outbound("line one\nline \u{1b}[2Jtwo", vec![file]));
        assert!(
            !shown.contains('\u{1b}') && !shown.contains('\u{7}'),
            "{shown:?}"
        );
        assert!(shown.contains("To:    Ana"), "{shown}");
        assert!(
            shown.contains("+34 600") && shown.contains("chat_1"),
            "{shown}"
        );
        assert!(
            shown.contains("From:  Shop") && shown.contains("+33 6 12"),
            "{shown}"
        );
        assert!(
            shown.contains("File:  menu") && shown.contains("2.0 KB"),
            "{shown}"
        );
        assert!(shown.contains("  line one\n  line "), "{shown}");
    }
}
