//! unibox's vocabulary, shared by the product and its fake providers: `domain` (accounts, chats,
//! messages, their ids and the rules unibox enforces before any request) and `text` (sanitising
//! and measuring untrusted text per grapheme cluster). It knows no provider, no cache and no
//! terminal (docs/ARCHITECTURE.md, "Layers").

pub mod domain;
pub mod text;
