//! What the pickers offer and what a chat is called: the same answer for the reducer (which
//! entry `selected` is) and the views (what is drawn).

use crate::domain::{Attendee, ChatId, Template, TemplateStatus, phone_from_provider_id};
use crate::store::ChatListItem;
use crate::text::{Emoji, display_width, emoji_search};

/// The reactions offered first, while nothing is typed.
pub const QUICK_REACTIONS: [&str; 6] = ["👍", "❤️", "😂", "😮", "😢", "🙏"];
/// Columns an emoji takes in every terminal.
const EMOJI_WIDTH: usize = 2;

/// The emoji picker's entries for `filter`: the quick row then every other emoji when nothing
/// is typed, the search results otherwise.
pub fn emoji_choices(filter: &str) -> impl Iterator<Item = &'static str> {
    let quick = if shows_quick_row(filter) {
        &QUICK_REACTIONS[..]
    } else {
        &[]
    };
    quick
        .iter()
        .copied()
        .chain(listed_emoji(filter).map(Emoji::as_str))
}

pub fn shows_quick_row(filter: &str) -> bool {
    filter.trim().is_empty()
}

/// The entries after the quick row. Emoji newer than our width tables (measured narrower
/// than the two columns every terminal draws them in) are left out: they would push the
/// picker's border.
pub fn listed_emoji(filter: &str) -> impl Iterator<Item = &'static Emoji> {
    let quick_row = shows_quick_row(filter);
    emoji_search(filter)
        .filter(|emoji| display_width(emoji.as_str()) == EMOJI_WIDTH)
        .filter(move |emoji| !quick_row || !QUICK_REACTIONS.contains(&emoji.as_str()))
}

/// The attendees the start-chat picker offers for `filter` (name or number, any case); never
/// our own number.
/// The attendee picker's entries for `filter`: known contacts (each with the chat the account
/// already has with them) whose name contains it or whose number contains its digits. Never
/// ourselves, and never anyone outside the list: a typed number reaches no one.
pub fn attendee_choices<'a>(
    filter: &str,
    candidates: &'a [(Attendee, Option<ChatId>)],
) -> impl Iterator<Item = &'a (Attendee, Option<ChatId>)> {
    let filter = filter.trim().to_lowercase();
    let digits: String = filter.chars().filter(char::is_ascii_digit).collect();
    candidates.iter().filter(move |(attendee, _)| {
        !attendee.is_self
            && (filter.is_empty()
                || attendee
                    .name
                    .as_deref()
                    .is_some_and(|name| name.to_lowercase().contains(&filter))
                || (!digits.is_empty() && attendee.provider_id.contains(&digits)))
    })
}

/// The template picker's entries for `filter`: templates whose name, language or body contains
/// it (any case), in the provider's order.
pub fn template_choices<'a>(
    filter: &str,
    templates: &'a [Template],
) -> impl Iterator<Item = &'a Template> {
    let filter = filter.trim().to_lowercase();
    templates.iter().filter(move |template| {
        filter.is_empty()
            || template.name.to_lowercase().contains(&filter)
            || template.language.to_lowercase().contains(&filter)
            || template
                .body
                .as_deref()
                .is_some_and(|body| body.to_lowercase().contains(&filter))
    })
}

/// `pending`, `rejected`…: how the picker and the refusal name a status.
pub fn template_status_words(status: &TemplateStatus) -> String {
    match status {
        TemplateStatus::Approved => "approved".to_owned(),
        TemplateStatus::Pending => "pending".to_owned(),
        TemplateStatus::Rejected => "rejected".to_owned(),
        TemplateStatus::Paused => "paused".to_owned(),
        TemplateStatus::Disabled => "disabled".to_owned(),
        TemplateStatus::Other(raw) => raw.to_lowercase(),
    }
}

/// The name a chat is shown by: its name, else the other person's number, else the provider's
/// id. Raw network text: sanitise before drawing.
pub fn chat_name(item: &ChatListItem) -> std::borrow::Cow<'_, str> {
    let chat = &item.chat;
    if let Some(name) = chat.name.as_deref().filter(|n| !n.trim().is_empty()) {
        return name.into();
    }
    chat.attendee_provider_id
        .as_deref()
        .and_then(phone_from_provider_id)
        .map_or_else(|| chat.provider_id.as_str().into(), Into::into)
}
