//! Web addresses in a message, for the reader's list of links. Raw network text comes out:
//! sanitise each before it reaches a cell or the clipboard.

/// Characters that end a sentence around an address rather than belong to it.
const TRAILING: &[char] = &[
    '.', ',', ';', ':', '!', '?', ')', ']', '}', '>', '"', '\'', '»', '…',
];

/// Each `http://`, `https://` or `www.` address in `text`, in order, once each.
pub fn links(text: &str) -> Vec<&str> {
    let mut found: Vec<&str> = Vec::new();
    for word in text.split(|c: char| c.is_whitespace() || c == '<' || c == '"') {
        let Some(start) = ["https://", "http://", "www."]
            .iter()
            .filter_map(|scheme| word.find(scheme))
            .min()
        else {
            continue;
        };
        let link = word
            .get(start..)
            .unwrap_or_default()
            .trim_end_matches(TRAILING);
        let has_host = link
            .split_once("//")
            .map_or(link.len() > 4, |(_, rest)| !rest.is_empty());
        if has_host && !found.contains(&link) {
            found.push(link);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_found_without_the_sentence_around_them() {
        let text = "See https://shop.example/track?id=42. Or (www.example.org), \
                    or <http://a.example/x>! Again: https://shop.example/track?id=42";
        assert_eq!(
            links(text),
            [
                "https://shop.example/track?id=42",
                "www.example.org",
                "http://a.example/x"
            ]
        );
    }

    #[test]
    fn bare_schemes_and_plain_words_are_not_links() {
        assert!(links("https:// nothing here, www. either; http").is_empty());
        assert!(links("").is_empty());
    }
}
