//! Canned replies in the real binary: ctrl-t in the composer, a few letters, enter; the reply
//! holds the snippet with the chat's first name and the agent filled in, and the confirmation
//! shows that final text: one request after `y`, none after a cancel. A malformed
//! snippets.toml is reported and the composer still works.

use crate::e2e_support;

use e2e_support::keys::{ENTER, ESC};
use e2e_support::screen::{confirming, status_bar};
use e2e_support::{Inbox, describe, open_chat};
use unibox_sandbox::{WriteBody, WriteRecord};

const CTRL_T: &str = "\x14";

fn sent_text(write: &WriteRecord) -> Option<&str> {
    let WriteBody::Multipart { fields, .. } = &write.body else {
        return None;
    };
    fields
        .iter()
        .find(|(name, _)| name == "text")
        .map(|(_, value)| value.as_str())
}

#[test]
fn a_snippet_inserted_and_sent_shows_its_final_text_in_the_confirmation_and_leaves_once() {
    let inbox = Inbox::start();
    inbox.write_config("config.toml", "agent_name = \"Sam\"\n");
    inbox.write_config(
        "snippets.toml",
        "[[snippet]]\nname = \"opening hours\"\ntext = \"We open at 9.\"\n\n\
         [[snippet]]\nname = \"thanks\"\ntext = \"Merci {first_name}, à bientôt ! {agent}\"\n",
    );
    let chat = inbox.chat_named("Marie Dubois");
    let mut ui = inbox.open(&[]);
    open_chat(&mut ui, &inbox, &chat);

    ui.send("r");
    ui.wait_for_text("Reply to Marie Dubois");
    ui.send("Bonjour ! ");
    ui.send(CTRL_T);
    ui.wait_for_text("Canned replies");
    ui.send("thk");
    ui.send(ENTER);
    let text = "Bonjour ! Merci Marie, à bientôt ! Sam";
    ui.wait_for("the filled snippet in the composer", |s| {
        s.contains(text) && !s.contains("Canned replies")
    });

    // Cancelled at the confirmation: nothing leaves, the text comes back.
    ui.send(ENTER);
    let screen = ui.wait_for("the confirmation", confirming);
    assert!(
        screen.contains(text),
        "the final text is confirmed:\n{screen}"
    );
    ui.answer(ESC);
    ui.wait_for("the confirmation to close", |s| !confirming(s));
    assert_eq!(
        inbox.writes(),
        Vec::<WriteRecord>::new(),
        "a cancel sent something"
    );

    ui.wait_for_text(text);
    ui.send(ENTER);
    ui.wait_for("the confirmation", confirming);
    ui.answer("y");
    ui.wait_for("the confirmation to close", |s| !confirming(s));
    let writes = inbox.wait_for_writes(1);
    ui.wait_for("the reply in the thread", |s| {
        s.contains(text) && !s.contains("sending…")
    });
    inbox.wait_until("the follow-up reads", || {
        inbox
            .requests()
            .iter()
            .all(|r| r.status.is_some())
            .then_some(())
    });
    let writes_now = inbox.writes();
    assert_eq!(
        writes_now.len(),
        1,
        "not one request:\n{}",
        describe(&writes_now)
    );
    assert_eq!(sent_text(&writes[0]), Some(text), "{:?}", writes[0]);
}

#[test]
fn a_malformed_snippets_file_is_reported_and_the_composer_still_works() {
    let inbox = Inbox::start();
    inbox.write_config("snippets.toml", "[[snippet]]\nname = \"thanks\"\ntext = \n");
    let chat = inbox.chat_named("Marie Dubois");
    let ui = inbox.launch(&[]);
    let screen = ui.wait_for("the warning", |s| status_bar(s).contains("snippets.toml"));
    assert!(
        status_bar(&screen).contains("line 3"),
        "the warning says where:\n{screen}"
    );
    drop(ui);

    let mut ui = inbox.open(&[]);
    open_chat(&mut ui, &inbox, &chat);
    ui.send("r");
    ui.wait_for_text("Reply to Marie Dubois");
    ui.send("typed by hand");
    ui.wait_for_text("typed by hand");
    ui.send(CTRL_T);
    let screen = ui.wait_for("the composer to say there are none", |s| {
        status_bar(s).contains("write them in snippets.toml")
    });
    assert!(screen.contains("typed by hand"), "{screen}");
    assert!(!screen.contains("Canned replies"), "{screen}");
}
