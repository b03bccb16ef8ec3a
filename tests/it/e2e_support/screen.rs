//! Reading the parsed screen the way a user reads it: pane titles, names, a message's first
//! words.

use unibox_sandbox::ChatRecord;

/// What the chat list calls a chat: its name, else the other person's number.
pub fn name(chat: &ChatRecord) -> String {
    if let Some(name) = &chat.name {
        return name.clone();
    }
    let id = chat
        .attendee_provider_id
        .as_deref()
        .unwrap_or(&chat.provider_id);
    let digits = id.split('@').next().unwrap_or(id);
    format!("+{digits}")
}

/// The start of a chat's name: never cut by the chat list, and free of the emoji some
/// terminals draw narrower than unibox measures them.
pub fn shown_name(chat: &ChatRecord) -> String {
    name(chat)
        .chars()
        .take(10)
        .collect::<String>()
        .trim_end()
        .to_owned()
}

/// The first words of a message: on its first line on screen, whatever the wrapping.
pub fn opening_words(text: &str) -> String {
    text.split_whitespace()
        .take(2)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The title of the chat list (in its pane's top border), e.g. `Chats · All accounts`.
pub fn chat_list_title(screen: &str) -> String {
    let first = screen.lines().next().unwrap_or_default();
    let Some(start) = first.find("Chats · ") else {
        return String::new();
    };
    first[start..]
        .split('┐')
        .next()
        .unwrap_or_default()
        .trim_end_matches(['─', ' '])
        .to_owned()
}

/// The title of the thread pane: `Name · Account` once a chat is open.
pub fn thread_title(screen: &str) -> String {
    let first = screen.lines().next().unwrap_or_default();
    first
        .split('┌')
        .nth(3)
        .unwrap_or_default()
        .trim_end_matches(['┐', '─', ' '])
        .trim()
        .to_owned()
}

/// The status bar: the last row.
pub fn status_bar(screen: &str) -> &str {
    screen.lines().last().unwrap_or_default()
}

/// The status bar says a sync finished ("✓ synced 10:42"; not "not synced yet").
pub fn synced(screen: &str) -> bool {
    let bar = status_bar(screen);
    bar.contains(" synced ") && !bar.contains("not synced")
}

/// The thread pane's rows (between its side borders), when no window covers it.
pub fn thread_pane(screen: &str) -> String {
    screen
        .lines()
        .filter_map(|line| line.split('│').nth(5))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The rows of the thread's selected message: those with the selection bar in the gutter
/// (empty until the thread has loaded and selected a message).
pub fn selected_message(screen: &str) -> String {
    thread_pane(screen)
        .lines()
        .filter_map(|line| line.strip_prefix('▌'))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A confirmation window is open.
pub fn confirming(screen: &str) -> bool {
    screen.contains("[ Cancel ]  [ Confirm ]")
}
