//! The real `unibox` in a pseudo-terminal against the hostile sandbox: every hostile name,
//! preview, message, caption, file name and reaction is opened, copied and shown, and the bytes
//! unibox writes hold no sequence or control character that came with the data. Borders stay
//! whole at 120×40 and 80×24.

use crate::harden_support;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use harden_support::cli_support::assert_success;
use harden_support::screen::{
    ENTER, ESC, SHIFT_TAB, broken_borders, control_cells, focus, open_first_chat, parse,
    reply_and_confirm, thread_title,
};
use harden_support::terminal::{Piece, copies, foreign, is_unsafe, pieces, text};
use harden_support::{Lab, Pty, status_bar, wait_until};
use unibox::text::{emoji_as_text, sanitize_block};
use unibox_sandbox::hostile;

#[test]
fn the_output_reader_tells_sequences_of_data_from_unibox_own() {
    let copy = format!("\u{1b}]52;c;{}\u{7}", STANDARD.encode("hi"));
    let bytes = format!(
        "\u{1b}[?1049h\u{1b}[1;1H\u{1b}[39;48;5;8mok\u{1b}[0m{copy}\u{1b}]0;pwned\u{7}\u{1b}[8m\u{1b}P+q\u{1b}\\\u{9b}2J"
    );
    let pieces = pieces(bytes.as_bytes());
    let found = foreign(&pieces, false, |text| text == "hi");
    assert_eq!(
        found,
        [
            "ESC 'P'",
            "ESC '\\\\'",
            "ESC[8m",
            "ESC]0;pwned",
            "control U+009B"
        ],
        "{pieces:?}"
    );
    assert_eq!(copies(&pieces), ["hi"]);
    assert_eq!(text(&pieces), "ok+q2J");
    assert!(pieces.contains(&Piece::Csi {
        params: "?1049".into(),
        last: 'h'
    }));
}

#[test]
fn hostile_data_never_reaches_a_120_by_40_terminal_raw() {
    walk_every_hostile_chat((120, 40), &[]);
}

#[test]
fn hostile_data_never_reaches_an_80_by_24_terminal_raw() {
    walk_every_hostile_chat((80, 24), &[]);
}

#[test]
fn with_emoji_spelled_out_no_emoji_reaches_the_terminal() {
    let pty = walk_every_hostile_chat((120, 40), &[("UNIBOX_EMOJI_AS_TEXT", "true")]);
    let shown = text(&pieces(&pty.raw_output()));
    let emoji: Vec<char> = shown
        .chars()
        .filter(|c| ('\u{1F000}'..='\u{1FAFF}').contains(c))
        .collect();
    assert!(emoji.is_empty(), "{emoji:?}");
    let france = emoji_as_text("\u{1F1EB}\u{1F1F7}");
    assert!(france.starts_with(':'), "{france}");
    assert!(shown.contains(france.as_ref()), "flags are spelled");
}

/// Opens every chat of the hostile account, copies its newest message, shows the group's
/// attendees and the help; then reads everything unibox wrote.
/// `y` on the selected message, until its copy is written. The previous copy's words may still
/// be on the status bar, and a `y` pressed while the thread re-reads itself (after marking it
/// read) finds no selection: so the copies in the output are counted, and `y` pressed again
/// if none came. A message without text copies nothing: its words say so.
fn copy_selected(pty: &mut Pty) {
    let copied = |pty: &Pty| copies(&pieces(&pty.raw_output())).len();
    let before = copied(pty);
    for _ in 0..20 {
        pty.send("y");
        let deadline = std::time::Instant::now() + std::time::Duration::from_millis(500);
        while std::time::Instant::now() < deadline {
            if copied(pty) > before || status_bar(&pty.screen()).contains("no text to copy") {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }
    panic!("the selected message was never copied:\n{}", pty.screen());
}

fn walk_every_hostile_chat(size: (u16, u16), extra: &[(&'static str, &str)]) -> Pty {
    let lab = Lab::hostile();
    assert_success(&lab.cli(&["sync"]));
    let mut pty = lab.tui(size, extra);
    pty.wait_for("the first sync", |screen| {
        status_bar(screen).contains("✓ synced")
    });

    focus(&mut pty, size, "Accounts");
    // The hostile account's name starts with ESC, so it sorts first after "All accounts".
    pty.send("j");
    pty.send(ENTER);
    pty.wait_for("the hostile account's chats", |screen| {
        screen
            .lines()
            .next()
            .is_some_and(|top| top.contains("Chats · ␛]0;pwned␇Hostile"))
            // Its rows, not only its title: they load after the account is chosen.
            && screen.contains("before␛[2Jafter")
    });
    focus(&mut pty, size, "Chats");
    pty.send("g");

    let samples: Vec<_> = hostile::corpus().collect();
    let mut titles = Vec::new();
    for _ in 0..=samples.len() {
        let before = thread_title(&pty, size);
        pty.send(ENTER);
        let title = wait_until("the chat to open", || {
            let title = thread_title(&pty, size);
            (title != before && !title.starts_with("Thread")).then_some(title)
        });
        // Its messages, not only its title: `y` copies the selected one.
        pty.wait_for("the selected message", |screen| screen.contains('▌'));
        let screen = parse(&pty, size);
        assert_eq!(
            broken_borders(screen.screen()),
            Vec::<String>::new(),
            "{title}"
        );
        assert_eq!(control_cells(screen.screen()), Vec::new(), "{title}");
        copy_selected(&mut pty);
        titles.push(title);
        pty.send(SHIFT_TAB);
        pty.send("j");
    }
    titles.sort();
    titles.dedup();
    assert_eq!(titles.len(), samples.len() + 1, "{titles:#?}");

    // The group of every hostile person (the last chat opened): its attendees, then the help.
    pty.send("i");
    pty.wait_for("the attendees", |screen| screen.contains("+15550200001"));
    pty.send(ESC);
    pty.wait_for_gone("Attendees");
    pty.send("?");
    pty.wait_for("the help", |screen| screen.contains("show this help"));
    pty.send(ESC);
    pty.wait_for_gone("show this help");
    pty.send("q");
    pty.wait_exit();

    let output = pieces(&pty.raw_output());
    let copy_is_safe = |copied: &str| !copied.chars().any(|c| c != '\n' && is_unsafe(c));
    assert_eq!(
        foreign(&output, false, copy_is_safe),
        Vec::<String>::new(),
        "unibox wrote sequences it did not make"
    );
    let copied = copies(&output);
    for sample in &samples {
        assert!(
            copied.contains(&sanitize_block(&sample.text).into_owned()),
            "{} was not copied as shown",
            sample.name
        );
    }
    assert_no_sample_sequence(&pty);
    pty
}

/// A sample's first escape sequence after some text never appears after that text in the
/// output: it was turned into visible marks (`e␛[2J`) on its way. (Cursor moves and colours
/// are sequences unibox writes too; the text before tells theirs from ours.)
fn assert_no_sample_sequence(pty: &Pty) {
    let raw = String::from_utf8_lossy(&pty.raw_output()).into_owned();
    for sample in hostile::SHORT {
        let Some(at) = sample.text.find('\u{1b}').filter(|&at| at > 0) else {
            continue;
        };
        let before = sample.text[..at]
            .chars()
            .last()
            .map(String::from)
            .unwrap_or_default();
        let sequence: String = sample.text[at..]
            .char_indices()
            .take_while(|&(i, c)| i < 2 || !('\u{40}'..='\u{7e}').contains(&c))
            .map(|(_, c)| c)
            .collect();
        let final_byte = sample.text[at + sequence.len()..]
            .chars()
            .next()
            .unwrap_or_default();
        let piece = format!("{before}{sequence}{final_byte}");
        assert!(
            !raw.contains(&piece),
            "{}: {piece:?} reached the terminal",
            sample.name
        );
    }
}

/// The sinks that carry server words and file names: the status bar (sync and send failures
/// whose title and detail are hostile), the outbox review, the notice of a saved attachment
/// (and the file's name on disk), the bell for an inbound message.
#[test]
fn server_words_and_file_names_are_shown_not_obeyed() {
    let size = (120, 40);
    let lab = Lab::hostile();
    assert_success(&lab.cli(&["sync"]));
    let mut pty = lab.tui(size, &[("UNIBOX_BELL_ON_INBOUND", "true")]);
    pty.wait_for("the first sync", |screen| {
        status_bar(screen).contains("✓ synced")
    });
    focus(&mut pty, size, "Accounts");
    pty.send("j");
    pty.send(ENTER);
    pty.wait_for("the hostile account's chats", |screen| {
        screen.contains("Chats · ␛]0;pwned␇Hostile") && screen.contains("before␛[2Jafter")
    });
    focus(&mut pty, size, "Chats");
    pty.send("g");
    pty.send(ENTER);
    pty.wait_for("the first hostile chat", |screen| {
        screen.contains("before␛[2Jafter.pdf")
    });

    // The newest message is a file named after the sample.
    pty.send("o");
    let saved = pty.wait_for("the attachment saved", |screen| {
        status_bar(screen).contains("saved to")
    });
    assert!(
        status_bar(&saved).contains("before_[2Jafter.pdf"),
        "{saved}"
    );
    let on_disk: Vec<_> = files_named(lab.home.root(), "before_[2Jafter.pdf");
    assert_eq!(
        on_disk.len(),
        1,
        "the file is saved once, under a safe name"
    );

    lab.server.faults().update(|f| f.error_rate = 1.0);
    pty.send("\u{12}");
    let failed = pty.wait_for("the sync failure", |screen| {
        status_bar(screen).contains("Something went wrong")
    });
    assert!(
        status_bar(&failed).contains("␛]0;pwned␇␛[2J␦31m⇆"),
        "{failed}"
    );
    reply_and_confirm(&mut pty, "hello");
    // A 500 on a send leaves its outcome unknown; the server's words are shown beside it.
    pty.wait_for("the send failure", |screen| {
        screen.contains("You  ? not confirmed yet")
    });
    pty.send("O");
    pty.wait_for("the review", |screen| screen.contains("Not sent"));
    pty.send(ESC);
    pty.wait_for_gone("Not sent");

    lab.server.faults().reset();
    let chat = lab
        .server
        .state()
        .chats()
        .into_iter()
        .find(|c| c.name.as_deref() == Some("before\u{1b}[2Jafter"))
        .expect("the chat");
    lab.server
        .inject_inbound(&chat.id, "\u{1b}]0;ring\u{7}ring\u{7}\u{1b}[5;31mme");
    pty.send("\u{12}");
    pty.wait_for("the inbound message", |screen| {
        screen.contains("ring␇ring␇")
    });
    pty.send("q");
    pty.wait_exit();

    let output = pieces(&pty.raw_output());
    let copy_is_safe = |_: &str| false;
    assert_eq!(foreign(&output, true, copy_is_safe), Vec::<String>::new());
    let bells = output.iter().filter(|p| **p == Piece::Bell).count();
    assert_eq!(
        bells, 1,
        "one bell for one inbound message, none from its text"
    );
}

fn files_named(root: &std::path::Path, name: &str) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if path.file_name().is_some_and(|n| n == name) {
                found.push(path);
            }
        }
    }
    found
}

/// `unibox sync` on a terminal prints progress naming accounts and chats: hostile ones too.
#[test]
fn sync_progress_on_a_terminal_is_safe() {
    let lab = Lab::hostile();
    let mut pty = lab.in_terminal(&["sync"]);
    assert!(pty.wait_exit().success(), "{}", pty.screen());
    let output = pieces(&pty.raw_output());
    assert_eq!(foreign(&output, false, |_| false), Vec::<String>::new());
    let shown = text(&output);
    assert!(shown.contains("First sync"), "{shown}");
    assert!(
        shown.contains("␛]0;pwned␇Hostile"),
        "the hostile account is named: {shown}"
    );
}

/// Text fields draw what is pasted into them: the composer, its confirmation, the search
/// prompt and the new-chat picker's filter (whose candidates have hostile names).
#[test]
fn pasted_hostile_text_is_drawn_safely_in_every_field() {
    let size = (120, 40);
    let lab = Lab::hostile();
    assert_success(&lab.cli(&["sync"]));
    let mut pty = lab.tui(size, &[]);
    pty.wait_for("the first sync", |screen| {
        status_bar(screen).contains("✓ synced")
    });
    let pasted: String = hostile::SHORT
        .iter()
        .map(|sample| sample.text.as_ref())
        .collect::<Vec<_>>()
        .join("\n");
    let paste = |pty: &mut Pty, text: &str| pty.send(&format!("\u{1b}[200~{text}\u{1b}[201~"));

    open_first_chat(&mut pty, size);
    pty.send("r");
    pty.wait_for("the composer", |screen| screen.contains("enter send"));
    paste(&mut pty, &pasted);
    pty.wait_for("the pasted text", |screen| screen.contains("ding␇␇␇"));
    pty.send(ENTER);
    pty.wait_for("the confirmation", |screen| screen.contains("y confirm"));
    pty.answer(ESC);
    pty.wait_for("back in the composer", |screen| {
        screen.contains("enter send") && !screen.contains("y confirm")
    });
    pty.send(ESC);
    pty.wait_for_gone("enter send");

    pty.send("/");
    paste(&mut pty, "hunter2\u{1b}[2J\u{9b}31m");
    pty.wait_for("the search", |screen| screen.contains("hunter2␛[2J␦31m"));
    pty.send(ESC);
    pty.wait_for_gone("hunter2␛[2J␦31m");

    focus(&mut pty, size, "Chats");
    pty.send("n");
    pty.wait_for("the new-chat picker", |screen| screen.contains("+1555020"));
    paste(&mut pty, "\u{1b}]0;x\u{7}a");
    pty.wait_for("the filter", |screen| screen.contains("␛]0;x␇a"));
    pty.send(ESC);
    pty.wait_for_gone("␛]0;x␇a");
    pty.send("q");
    pty.wait_exit();

    let output = pieces(&pty.raw_output());
    assert_eq!(foreign(&output, false, |_| false), Vec::<String>::new());
    let writes = lab.server.writes();
    assert!(
        writes.iter().all(|w| w.method == "PATCH"),
        "nothing but a mark-read left: {writes:?}"
    );
}
