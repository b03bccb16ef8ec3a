//! The API key, wrapped so it cannot leak through `Debug`, `Display`, logs or error messages.

use std::fmt;

/// An API key. `Debug` and `Display` print a fixed placeholder; the only way to the value is
/// `expose`, called where the `X-API-KEY` header is built.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// `None` for an empty or blank key: an empty header would only earn a confusing 401.
    pub fn new(key: impl Into<String>) -> Option<Self> {
        let key = key.into().trim().to_owned();
        (!key.is_empty()).then_some(Self(key))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

impl fmt::Display for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_never_prints() {
        let key = ApiKey::new("  sk_live_123  ").unwrap();
        assert_eq!(key.expose(), "sk_live_123");
        assert!(!format!("{key:?} {key} {:#?}", Some(&key)).contains("sk_live"));
        assert!(ApiKey::new(" \n").is_none());
    }
}
