//! Field decoders that accept what a provider sends in practice rather than what it
//! promises: integer booleans, numbers written as floats or text, `null` for "empty".
//! Shared by every provider's wire module.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::Deserialize;
use serde::de::{DeserializeOwned, Deserializer};
use serde_json::Value;

use thiserror::Error;

/// A wire object that is well-formed JSON but cannot become a domain object.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum WireError {
    #[error("`{0}` is missing")]
    Missing(&'static str),
    #[error("`{0}` is not a valid time")]
    BadTime(&'static str),
}

/// A decoding error for the log: serde's message (which may quote hostile text) escaped and
/// bounded.
pub fn short(error: &serde_json::Error) -> String {
    const MAX_CHARS: usize = 200;
    let escaped = format!("{:?}", error.to_string());
    let mut shortened: String = escaped.chars().take(MAX_CHARS).collect();
    if shortened.len() < escaped.len() {
        shortened.push('…');
    }
    shortened
}

/// `0`/`1`, `true`/`false`, `"0"`/`"1"`/`"true"`/`"false"`; `null` is `false`. Use with
/// `#[serde(default)]` so an absent field is `false` too.
pub fn bool_flag<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    let value = Option::<Value>::deserialize(deserializer)?;
    match value {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(flag)) => Ok(flag),
        Some(Value::Number(n)) => Ok(n.as_f64().is_some_and(|n| n != 0.0)),
        Some(Value::String(s)) => match s.trim() {
            "1" | "true" => Ok(true),
            "0" | "false" | "" => Ok(false),
            _ => Err(serde::de::Error::custom(
                "expected a 0/1 or true/false flag",
            )),
        },
        Some(_) => Err(serde::de::Error::custom(
            "expected a 0/1 or true/false flag",
        )),
    }
}

/// An integer sent as a JSON integer, an integral float, decimal text or a boolean (for the
/// small enums whose first values are 0 and 1); `null` is `None`.
pub fn integer<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
    let invalid = || serde::de::Error::custom("expected an integer");
    match Option::<Value>::deserialize(deserializer)? {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(flag)) => Ok(Some(i64::from(flag))),
        Some(Value::Number(n)) => n
            .as_i64()
            .or_else(|| {
                n.as_f64()
                    .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                    .map(|f| f as i64)
            })
            .map(Some)
            .ok_or_else(invalid),
        Some(Value::String(s)) => s.trim().parse().map(Some).map_err(|_| invalid()),
        Some(_) => Err(invalid()),
    }
}

/// `null` read as the type's default (an empty list, mostly). Use with `#[serde(default)]`.
pub fn or_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// An embedded object the inbox can live without (a quote, a last message): when it is
/// missing, `null`, `{}` or malformed it is `None`, and the object around it still decodes.
pub fn optional_object<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    let value = Option::<Value>::deserialize(deserializer)?;
    Ok(match value {
        Some(Value::Object(map)) if !map.is_empty() => {
            match serde_json::from_value(Value::Object(map)) {
                Ok(object) => Some(object),
                Err(error) => {
                    tracing::warn!(error = %short(&error), "ignoring a malformed embedded object");
                    None
                }
            }
        }
        _ => None,
    })
}

/// A contract time: ISO 8601 (`2025-12-31T23:59:59.999Z`, any offset, or no offset meaning
/// UTC) or epoch milliseconds.
pub fn parse_time(value: &Value) -> Option<DateTime<Utc>> {
    match value {
        Value::String(text) => {
            let text = text.trim();
            DateTime::parse_from_rfc3339(text)
                .map(|t| t.with_timezone(&Utc))
                .ok()
                .or_else(|| {
                    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
                        .ok()
                        .map(|t| t.and_utc())
                })
        }
        Value::Number(n) => DateTime::from_timestamp_millis(n.as_i64()?),
        _ => None,
    }
}

/// The time field `field` of an object, required.
pub fn required_time(
    value: Option<&Value>,
    field: &'static str,
) -> Result<DateTime<Utc>, WireError> {
    match value {
        None | Some(Value::Null) => Err(WireError::Missing(field)),
        Some(value) => parse_time(value).ok_or(WireError::BadTime(field)),
    }
}

/// An optional time field; a value that is not a time is dropped with a warning rather than
/// losing the whole object for it.
pub fn optional_time(value: Option<&Value>, field: &'static str) -> Option<DateTime<Utc>> {
    let value = value.filter(|v| !v.is_null())?;
    let time = parse_time(value);
    if time.is_none() {
        tracing::warn!(field, "ignoring a time that does not parse");
    }
    time
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    struct Flags {
        #[serde(default, deserialize_with = "bool_flag")]
        flag: bool,
    }

    fn flag(json: &str) -> Result<bool, serde_json::Error> {
        serde_json::from_str::<Flags>(json).map(|f| f.flag)
    }

    #[test]
    fn flags_accept_integers_booleans_text_and_absence() {
        for (json, expected) in [
            (r#"{"flag":1}"#, true),
            (r#"{"flag":0}"#, false),
            (r#"{"flag":1.0}"#, true),
            (r#"{"flag":true}"#, true),
            (r#"{"flag":false}"#, false),
            (r#"{"flag":"1"}"#, true),
            (r#"{"flag":"false"}"#, false),
            (r#"{"flag":null}"#, false),
            (r#"{}"#, false),
        ] {
            assert_eq!(flag(json).unwrap(), expected, "{json}");
        }
        assert!(flag(r#"{"flag":"maybe"}"#).is_err());
        assert!(flag(r#"{"flag":[1]}"#).is_err());
    }

    #[derive(Debug, Deserialize)]
    struct Count {
        #[serde(default, deserialize_with = "integer")]
        n: Option<i64>,
    }

    #[test]
    fn integers_accept_floats_and_text_but_not_fractions() {
        let n = |json: &str| serde_json::from_str::<Count>(json).map(|c| c.n);
        assert_eq!(n(r#"{"n":3}"#).unwrap(), Some(3));
        assert_eq!(n(r#"{"n":-1}"#).unwrap(), Some(-1));
        assert_eq!(n(r#"{"n":3.0}"#).unwrap(), Some(3));
        assert_eq!(n(r#"{"n":" 12 "}"#).unwrap(), Some(12));
        assert_eq!(n(r#"{"n":true}"#).unwrap(), Some(1));
        assert_eq!(n(r#"{"n":null}"#).unwrap(), None);
        assert_eq!(n(r#"{}"#).unwrap(), None);
        assert!(n(r#"{"n":2.5}"#).is_err());
        assert!(n(r#"{"n":"two"}"#).is_err());
    }

    #[test]
    fn times_accept_the_contract_format_offsets_naive_and_epoch_millis() {
        let expected = DateTime::parse_from_rfc3339("2025-03-04T05:06:07.089Z")
            .unwrap()
            .with_timezone(&Utc);
        for value in [
            Value::from("2025-03-04T05:06:07.089Z"),
            Value::from("2025-03-04T06:06:07.089+01:00"),
            Value::from("2025-03-04T05:06:07.089"),
            Value::from(expected.timestamp_millis()),
        ] {
            assert_eq!(parse_time(&value), Some(expected), "{value}");
        }
        assert_eq!(parse_time(&Value::from("yesterday")), None);
        assert_eq!(parse_time(&Value::Null), None);
    }
}
