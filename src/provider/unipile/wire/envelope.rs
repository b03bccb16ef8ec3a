//! The list envelope `{"object", "items": [...], "cursor"}`, read without trusting its size:
//! items stay raw JSON (each is decoded on its own later) and reading stops at the item limit
//! instead of loading a page of a million items.

use std::cell::Cell;
use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

pub struct RawPage {
    pub items: Vec<Value>,
    /// `None` at the end of the list.
    pub cursor: Option<String>,
}

/// Why an envelope could not be read.
pub enum EnvelopeError {
    TooManyItems(usize),
    NoItems,
    BadCursor,
    Json(serde_json::Error),
}

pub fn read(body: &[u8], max_items: usize) -> Result<RawPage, EnvelopeError> {
    let overflow = Cell::new(false);
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let fields = EnvelopeSeed {
        max_items,
        overflow: &overflow,
    }
    .deserialize(&mut deserializer)
    .and_then(|fields| deserializer.end().map(|()| fields))
    .map_err(|error| {
        if overflow.get() {
            EnvelopeError::TooManyItems(max_items)
        } else {
            EnvelopeError::Json(error)
        }
    })?;
    let items = fields.items.ok_or(EnvelopeError::NoItems)?;
    let cursor = match fields.cursor {
        None | Some(Value::Null) => None,
        // An empty cursor cannot be sent back (the contract wants at least one character).
        Some(Value::String(text)) if text.is_empty() => None,
        Some(Value::String(text)) => Some(text),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(_) => return Err(EnvelopeError::BadCursor),
    };
    Ok(RawPage { items, cursor })
}

struct Fields {
    items: Option<Vec<Value>>,
    cursor: Option<Value>,
}

struct EnvelopeSeed<'a> {
    max_items: usize,
    overflow: &'a Cell<bool>,
}

impl<'de> DeserializeSeed<'de> for EnvelopeSeed<'_> {
    type Value = Fields;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Fields, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for EnvelopeSeed<'_> {
    type Value = Fields;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Fields, A::Error> {
        let mut fields = Fields {
            items: None,
            cursor: None,
        };
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "items" => {
                    fields.items = Some(map.next_value_seed(ItemsSeed {
                        max_items: self.max_items,
                        overflow: self.overflow,
                    })?);
                }
                "cursor" => fields.cursor = map.next_value()?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(fields)
    }
}

struct ItemsSeed<'a> {
    max_items: usize,
    overflow: &'a Cell<bool>,
}

impl<'de> DeserializeSeed<'de> for ItemsSeed<'_> {
    type Value = Vec<Value>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Vec<Value>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ItemsSeed<'_> {
    type Value = Vec<Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of items")
    }

    /// `"items": null` is an empty page.
    fn visit_unit<E: de::Error>(self) -> Result<Vec<Value>, E> {
        Ok(Vec::new())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Value>, A::Error> {
        let hint = seq.size_hint().unwrap_or(0).min(self.max_items);
        let mut items = Vec::with_capacity(hint);
        while let Some(item) = seq.next_element::<Value>()? {
            if items.len() == self.max_items {
                self.overflow.set(true);
                return Err(de::Error::custom("too many items"));
            }
            items.push(item);
        }
        Ok(items)
    }
}
