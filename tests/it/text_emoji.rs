//! Emoji as text, emoji search and the OSC 52 clipboard sequence.

use std::borrow::Cow;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use unibox::text::{cluster_width, emoji_as_text, emoji_search, osc52_copy, sanitize_block};
use unibox_sandbox::hostile::{self, HostileText};
use unicode_segmentation::UnicodeSegmentation;

#[test]
fn wide_emoji_become_their_shortcode_or_name() {
    assert_eq!(emoji_as_text("ok 👍 thanks"), "ok :+1: thanks");
    assert_eq!(emoji_as_text("❤️"), ":heart:");
    assert_eq!(emoji_as_text("🇫🇷"), ":fr:");
    assert_eq!(emoji_as_text("1️⃣"), ":one:");
    assert_eq!(emoji_as_text("👨‍👩‍👧‍👦"), ":family_man_woman_girl_boy:");
    // No shortcode for skin tones: the name, in the same form.
    assert_eq!(emoji_as_text("👍🏽"), ":thumbs_up_medium_skin_tone:");
    assert_eq!(
        emoji_as_text("\u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}"),
        ":scotland:"
    );
}

#[test]
fn narrow_text_symbols_and_other_text_stay() {
    for text in ["© 2024", "❤ plain", "☺", "你好", "naïve", "plain ascii"] {
        assert!(
            matches!(emoji_as_text(text), Cow::Borrowed(out) if out == text),
            "{text}"
        );
    }
}

#[test]
fn no_wide_emoji_survives_in_the_corpus() {
    for HostileText { name, text } in hostile::corpus() {
        let converted = emoji_as_text(&text);
        let left = converted
            .graphemes(true)
            .find(|cluster| cluster_width(cluster) >= 2 && emojis::get(cluster).is_some());
        assert_eq!(left, None, "{name}");
    }
}

#[test]
fn search_finds_by_name_and_shortcode_in_any_case() {
    let thumbs: Vec<&str> = emoji_search("thumbs").map(emojis::Emoji::as_str).collect();
    assert_eq!(thumbs, ["👍", "👎"]);
    assert_eq!(
        emoji_search("+1").next().map(emojis::Emoji::as_str),
        Some("👍")
    );
    assert_eq!(
        emoji_search("THUMBS_UP").next().map(emojis::Emoji::as_str),
        Some("👍")
    );
    assert_eq!(
        emoji_search("  red heart ")
            .next()
            .map(emojis::Emoji::as_str),
        Some("❤️")
    );
    assert_eq!(emoji_search("no such emoji at all").count(), 0);
}

#[test]
fn an_empty_search_lists_every_emoji_once_without_skin_tones() {
    let all: Vec<_> = emoji_search("").collect();
    assert!(all.len() > 1500, "{}", all.len());
    assert!(
        all.iter()
            .all(|emoji| !emoji.as_str().contains(['\u{1F3FB}', '\u{1F3FF}']))
    );
    assert!(all.iter().any(|emoji| emoji.as_str() == "😂"));
}

#[test]
fn osc52_carries_what_the_user_saw_and_nothing_else() {
    for HostileText { name, text } in hostile::corpus() {
        let sequence = osc52_copy(&text);
        let payload = sequence
            .strip_prefix("\x1b]52;c;")
            .and_then(|rest| rest.strip_suffix('\x07'))
            .unwrap_or_else(|| panic!("{name}: not an OSC 52 sequence"));
        // base64 only: the payload cannot end the sequence early or start another.
        assert!(
            payload
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b)),
            "{name}"
        );
        let decoded = STANDARD
            .decode(payload)
            .unwrap_or_else(|e| panic!("{name}: payload is not base64: {e}"));
        assert_eq!(
            String::from_utf8(decoded).ok().as_deref(),
            Some(&*sanitize_block(&text)),
            "{name}"
        );
    }
}
