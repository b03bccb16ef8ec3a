//! Reconnecting an account as a user does it: `c` on an account that must sign in again asks
//! first; `n` or `esc` sends nothing, `y` sends exactly one link request, and the link is shown.

use crate::e2e_support;

use e2e_support::keys::{ESC, TAB};
use e2e_support::screen::{confirming, status_bar};
use e2e_support::{Inbox, Pty, describe};
use unibox_sandbox::{AccountStatus, WriteBody, WriteRecord};

const ASKING: &str = "Ask Unipile for a link to reconnect";

/// Puts the keyboard in the accounts pane on the first account whose fix is to reconnect
/// (the status line then offers `c`).
fn select_signed_out_account(ui: &mut Pty) {
    let in_accounts =
        |s: &str| status_bar(s).contains("show its chats") || status_bar(s).contains("c reconnect");
    ui.wait_for("the accounts", |s| s.contains("All accounts"));
    for _ in 0..3 {
        let before = status_bar(&ui.screen()).to_owned();
        if in_accounts(&before) {
            break;
        }
        ui.send(TAB);
        ui.wait_for("the focus to move", |s| status_bar(s) != before);
    }
    ui.wait_for("the accounts pane", in_accounts);
    for _ in 0..10 {
        if status_bar(&ui.screen()).contains("c reconnect") {
            return;
        }
        let before = ui.screen();
        ui.send("j");
        ui.wait_for("the selection to move", |s| s != before);
    }
    panic!("no account offers to reconnect:\n{}", ui.screen());
}

fn signed_out_account(inbox: &Inbox) -> unibox_sandbox::AccountRecord {
    inbox
        .server
        .state()
        .accounts()
        .into_iter()
        .find(|a| a.status == AccountStatus::Credentials)
        .expect("the sandbox has an account that must sign in again")
}

#[test]
fn a_reconnection_link_is_asked_for_once_after_yes_and_never_after_no() {
    let inbox = Inbox::start();
    let account = signed_out_account(&inbox);
    let mut ui = inbox.open(&[]);
    select_signed_out_account(&mut ui);

    for no in ["n", ESC] {
        ui.send("c");
        ui.wait_for("the confirmation", |s| confirming(s) && s.contains(ASKING));
        ui.answer(no);
        ui.wait_for("the confirmation to close", |s| {
            !confirming(s) && status_bar(s).contains("cancelled: nothing was asked")
        });
    }
    assert_eq!(inbox.writes(), Vec::<WriteRecord>::new(), "a cancel asked");

    ui.send("c");
    ui.wait_for("the confirmation", |s| confirming(s) && s.contains(ASKING));
    ui.answer("y");
    let screen = ui.wait_for("the link", |s| s.contains("https://account.unipile.com/"));
    assert!(screen.contains("Open this link to sign"), "{screen}");
    let writes = inbox.wait_for_writes(1);
    assert_eq!(writes.len(), 1, "{}", describe(&writes));
    let write = &writes[0];
    assert_eq!(
        (write.method.as_str(), write.path.as_str(), write.status),
        ("POST", "/api/v1/hosted/accounts/link", Some(200))
    );
    let WriteBody::Json { value } = &write.body else {
        panic!("not JSON: {write:?}");
    };
    assert_eq!(value["type"], "reconnect");
    assert_eq!(value["reconnect_account"], account.id.as_str());

    ui.send(ESC);
    ui.wait_for("the link window to close", |s| {
        !s.contains("Open this link to sign")
    });
    ui.send("q");
    assert!(ui.wait_exit().success());
    assert_eq!(inbox.writes().len(), 1, "{}", describe(&inbox.writes()));
}

#[test]
fn read_only_mode_says_so_and_asks_nothing() {
    let inbox = Inbox::start();
    let mut ui = inbox.open(&["--read-only"]);
    select_signed_out_account(&mut ui);
    ui.send("c");
    ui.wait_for("the refusal", |s| {
        status_bar(s).contains("read-only mode: reconnecting an account is disabled")
    });
    assert!(!confirming(&ui.screen()));
    ui.send("q");
    assert!(ui.wait_exit().success());
    assert_eq!(inbox.writes(), Vec::<WriteRecord>::new());
}
