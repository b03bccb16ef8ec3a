//! Emoji by name: the "emoji as text" switch for terminals that disagree with unicode-width
//! about emoji widths, and the search behind the reaction picker.

use std::borrow::Cow;

pub use emojis::Emoji;
use emojis::SkinTone;
use unicode_segmentation::UnicodeSegmentation;

use super::width::cluster_width;

/// Replaces every emoji drawn two columns wide by `:shortcode:` (GitHub's, e.g. `:+1:`,
/// `:heart:`), or by its CLDR name in the same form when it has none
/// (`:thumbs_up_medium_skin_tone:`). Emoji that are one column wide in text presentation
/// (`©`, `❤` without U+FE0F) are left alone: every terminal agrees on those.
pub fn emoji_as_text(text: &str) -> Cow<'_, str> {
    // Every emoji is outside ASCII; so is everything wide.
    if text.is_ascii() {
        return Cow::Borrowed(text);
    }
    let mut out: Option<String> = None;
    for (at, cluster) in text.grapheme_indices(true) {
        let emoji = emojis::get(cluster).filter(|_| cluster_width(cluster) >= 2);
        match (emoji, &mut out) {
            (Some(emoji), out) => {
                let out = out.get_or_insert_with(|| {
                    let mut out = String::with_capacity(text.len() + 16);
                    out.push_str(text.get(..at).unwrap_or_default());
                    out
                });
                push_text_form(out, emoji);
            }
            (None, Some(out)) => out.push_str(cluster),
            (None, None) => {}
        }
    }
    match out {
        Some(out) => Cow::Owned(out),
        None => Cow::Borrowed(text),
    }
}

fn push_text_form(out: &mut String, emoji: &Emoji) {
    out.push(':');
    match emoji.shortcode() {
        Some(shortcode) => out.push_str(shortcode),
        None => push_snake_case(out, emoji.name()),
    }
    out.push(':');
}

/// "thumbs up: medium skin tone" → "thumbs_up_medium_skin_tone".
fn push_snake_case(out: &mut String, name: &str) {
    let mut words = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty());
    if let Some(first) = words.next() {
        out.extend(first.chars().flat_map(char::to_lowercase));
    }
    for word in words {
        out.push('_');
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
}

/// Emoji whose name or shortcode contains `query` (any case; `_` matches a space), in the
/// Unicode order (smileys first). Only the default skin tone of each: the picker offers
/// tones once one is chosen. An empty query gives them all.
pub fn emoji_search(query: &str) -> impl Iterator<Item = &'static Emoji> + use<> {
    let query = query.trim().to_lowercase();
    let spaced = query.replace('_', " ");
    emojis::iter()
        .filter(|emoji| matches!(emoji.skin_tone(), None | Some(SkinTone::Default)))
        .filter(move |emoji| {
            emoji.name().to_lowercase().contains(&spaced)
                || emoji
                    .shortcodes()
                    .any(|shortcode| shortcode.contains(&query))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_of_a_name() {
        let mut out = String::new();
        push_snake_case(&mut out, "flag: Côte d’Ivoire");
        assert_eq!(out, "flag_côte_d_ivoire");
    }
}
