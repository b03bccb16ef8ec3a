//! Canned replies: what the snippet picker offers for what is typed (fuzzy, by name), and the
//! text a chosen one puts in the composer, its placeholders filled from the chat.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher};

use crate::text::sanitize_line;

/// One canned reply, as `snippets.toml` has it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snippet {
    pub name: String,
    /// May hold `{name}`, `{first_name}` and `{agent}`.
    pub text: String,
}

impl AsRef<str> for Snippet {
    fn as_ref(&self) -> &str {
        &self.name
    }
}

/// The snippets whose name matches `filter` fuzzily (any case, accents optional), best first;
/// every snippet, in the file's order, while nothing is typed.
pub fn snippet_choices<'a>(filter: &str, snippets: &'a [Snippet]) -> Vec<&'a Snippet> {
    let pattern = Pattern::parse(filter, CaseMatching::Ignore, Normalization::Smart);
    let mut matcher = Matcher::new(Config::DEFAULT);
    pattern
        .match_list(snippets.iter(), &mut matcher)
        .into_iter()
        .map(|(snippet, _)| snippet)
        .collect()
}

/// What fills a snippet's placeholders. A value that is missing leaves its placeholder as
/// written, to be seen and edited in the composer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Placeholders {
    /// The person's (or group's) name as the chat has it: network text, sanitised here.
    pub name: Option<String>,
    pub agent: Option<String>,
}

/// `text` with `{name}`, `{first_name}` and `{agent}` filled in. Names come from the network:
/// control characters and line breaks are taken out before they reach the message.
pub fn fill(text: &str, with: &Placeholders) -> String {
    let name = with
        .name
        .as_deref()
        .map(|name| sanitize_line(name).trim().to_owned())
        .filter(|name| !name.is_empty());
    let first_name = name
        .as_deref()
        .and_then(|name| name.split_whitespace().next())
        .map(str::to_owned);
    let agent = with
        .agent
        .as_deref()
        .map(|agent| sanitize_line(agent).trim().to_owned())
        .filter(|agent| !agent.is_empty());
    let mut filled = text.to_owned();
    for (placeholder, value) in [
        ("{first_name}", first_name),
        ("{name}", name),
        ("{agent}", agent),
    ] {
        if let Some(value) = value {
            filled = filled.replace(placeholder, &value);
        }
    }
    filled
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snippet(name: &str) -> Snippet {
        Snippet {
            name: name.into(),
            text: format!("text of {name}"),
        }
    }

    #[test]
    fn placeholders_are_filled_from_the_chat_and_the_agent() {
        let with = Placeholders {
            name: Some("Ana Lopez".into()),
            agent: Some("Sam".into()),
        };
        assert_eq!(
            fill(
                "Hi {first_name} ({name}), {agent} here. {first_name}?",
                &with
            ),
            "Hi Ana (Ana Lopez), Sam here. Ana?"
        );
    }

    #[test]
    fn a_missing_value_leaves_its_placeholder_to_edit() {
        let with = Placeholders {
            name: None,
            agent: Some("   ".into()),
        };
        assert_eq!(
            fill("Hi {first_name}, {agent}", &with),
            "Hi {first_name}, {agent}"
        );
    }

    #[test]
    fn a_hostile_name_is_sanitised_before_it_reaches_the_message() {
        let with = Placeholders {
            name: Some("Eve\x1b]0;pwned\x07\nMallory\u{202e}".into()),
            agent: None,
        };
        let filled = fill("Hi {name}", &with);
        assert!(!filled.chars().any(char::is_control), "{filled:?}");
        assert!(!filled.contains('\u{202e}'), "{filled:?}");
        assert!(filled.starts_with("Hi Eve"), "{filled:?}");
    }

    #[test]
    fn the_picker_matches_names_fuzzily_best_first() {
        let snippets = [
            snippet("opening hours"),
            snippet("thanks"),
            snippet("tracking number"),
        ];
        let names = |filter| -> Vec<String> {
            snippet_choices(filter, &snippets)
                .into_iter()
                .map(|s| s.name.clone())
                .collect()
        };
        assert_eq!(names(""), ["opening hours", "thanks", "tracking number"]);
        assert_eq!(names("THK"), ["thanks"]);
        assert_eq!(names("trk"), ["tracking number"]);
        assert_eq!(names("hrs"), ["opening hours"]);
        assert!(names("zzz").is_empty());
    }
}
