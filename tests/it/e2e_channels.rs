//! A tenant with LinkedIn, Telegram and mail accounts beside WhatsApp, in a terminal: the
//! accounts pane marks each channel and leaves mail out, and a LinkedIn chat refuses edit and
//! delete in words, with no request.

use crate::e2e_support;

use e2e_support::screen::status_bar;
use e2e_support::{Inbox, describe, open_chat};
use unibox_sandbox::{
    LINKEDIN_ACCOUNT_NAME, LINKEDIN_CHAT_NAME, MAIL_ACCOUNTS, SandboxConfig, TELEGRAM_ACCOUNT_NAME,
};

#[test]
fn a_linkedin_chat_refuses_edit_and_delete_in_words_and_mail_is_not_listed() {
    let inbox = Inbox::start_with(SandboxConfig {
        mixed_channels: true,
        ..SandboxConfig::default()
    });
    let mut ui = inbox.open(&[]);
    let screen = ui.wait_for_text(&format!("in {LINKEDIN_ACCOUNT_NAME}"));
    assert!(
        screen.contains(&format!("tg {TELEGRAM_ACCOUNT_NAME}")),
        "{screen}"
    );
    for (name, _) in MAIL_ACCOUNTS {
        assert!(!screen.contains(name), "{name} is not listed: {screen}");
    }

    let chat = inbox.chat_named(LINKEDIN_CHAT_NAME);
    // Our reply of a minute ago: on WhatsApp it could be edited and deleted.
    assert!(inbox.last_message(&chat.id).is_sender);
    open_chat(&mut ui, &inbox, &chat);

    ui.send("e");
    let screen = ui.wait_for("the reason for edit", |s| {
        status_bar(s).contains("this LinkedIn account cannot edit messages")
    });
    assert!(!screen.contains("Edit your message"), "{screen}");
    ui.send("d");
    ui.wait_for("the reason for delete", |s| {
        status_bar(s).contains("this LinkedIn account cannot delete messages")
    });
    ui.send("q");
    assert!(ui.wait_exit().success());
    let writes = inbox.writes();
    assert!(writes.is_empty(), "{}", describe(&writes));
}
