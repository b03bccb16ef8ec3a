//! Which links may be handed to the system's opener: web addresses only, normalised.

/// `link` as an address to open: `http`/`https` with a host (a bare `www.` gets `https://`),
/// in the normalised form the URL standard gives it (control characters and spaces
/// percent-encoded). `None` for anything else: `file:`, `javascript:`, an option-like word.
pub fn openable(link: &str) -> Option<String> {
    let with_scheme = if link
        .get(..4)
        .is_some_and(|start| start.eq_ignore_ascii_case("www."))
    {
        format!("https://{link}")
    } else {
        link.to_owned()
    };
    let url = url::Url::parse(&with_scheme).ok()?;
    let web =
        matches!(url.scheme(), "http" | "https") && url.host_str().is_some_and(|h| !h.is_empty());
    web.then(|| url.as_str().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_addresses_open_in_their_normalised_form() {
        assert_eq!(
            openable("https://shop.example/order?id=4471").as_deref(),
            Some("https://shop.example/order?id=4471")
        );
        assert_eq!(
            openable("www.example.com/a b").as_deref(),
            Some("https://www.example.com/a%20b")
        );
        assert_eq!(
            openable("HTTP://Example.COM/\u{1b}]0;x\u{7}y").as_deref(),
            Some("http://example.com/%1B]0;x%07y")
        );
    }

    #[test]
    fn anything_but_http_and_https_is_refused() {
        for link in [
            "file:///etc/passwd",
            "javascript:alert(1)",
            "ftp://example.com/",
            "--help",
            "https://",
            "mailto:a@example.com",
        ] {
            assert_eq!(openable(link), None, "{link}");
        }
    }
}
