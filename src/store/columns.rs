//! Conversions between domain values and their columns.

use chrono::{DateTime, Utc};
use rusqlite::Row;
use rusqlite::types::Type;

pub(super) fn millis(at: DateTime<Utc>) -> i64 {
    at.timestamp_millis()
}

pub(super) fn now_millis() -> i64 {
    millis(Utc::now())
}

/// A time column; a value out of chrono's range is reported as a damaged row.
pub(super) fn time(row: &Row<'_>, idx: usize) -> rusqlite::Result<DateTime<Utc>> {
    let ms: i64 = row.get(idx)?;
    time_from_millis(ms, idx)
}

pub(super) fn optional_time(row: &Row<'_>, idx: usize) -> rusqlite::Result<Option<DateTime<Utc>>> {
    row.get::<_, Option<i64>>(idx)?
        .map(|ms| time_from_millis(ms, idx))
        .transpose()
}

fn time_from_millis(ms: i64, idx: usize) -> rusqlite::Result<DateTime<Utc>> {
    DateTime::from_timestamp_millis(ms).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            idx,
            Type::Integer,
            format!("time {ms} ms is out of range").into(),
        )
    })
}

/// A JSON column read back into its type; bad JSON is a damaged row.
pub(super) fn json<T: serde::de::DeserializeOwned>(
    row: &Row<'_>,
    idx: usize,
) -> rusqlite::Result<T> {
    let raw: String = row.get(idx)?;
    serde_json::from_str(&raw)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(idx, Type::Text, Box::new(e)))
}

pub(super) fn optional_json<T: serde::de::DeserializeOwned>(
    row: &Row<'_>,
    idx: usize,
) -> rusqlite::Result<Option<T>> {
    match row.get_ref(idx)?.as_str_or_null()? {
        None => Ok(None),
        Some(raw) => serde_json::from_str(raw)
            .map(Some)
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(idx, Type::Text, Box::new(e))),
    }
}

pub(super) fn to_json<T: serde::Serialize>(value: &T) -> Result<String, super::StoreError> {
    serde_json::to_string(value).map_err(|e| super::StoreError::Encode(e.to_string()))
}
