//! Cursor paging as the contract describes it: newest first, `limit` 1–250 (default 100),
//! exclusive `before` / `after`, and an opaque cursor (base64 of JSON) that carries the other
//! filters and the key of the last item served, so a page boundary never skips or repeats an
//! item even when new items arrive in between.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::sandbox::errors::ApiFailure;
use crate::sandbox::routes::params::Params;

pub const DEFAULT_LIMIT: usize = 100;
pub const MAX_LIMIT: usize = 250;

/// Where an item sits in a list: lists are served in descending key order (newest first; items
/// without a time last).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SortKey {
    /// Milliseconds since the epoch.
    pub at: Option<i64>,
    pub id: String,
}

impl SortKey {
    pub fn new(at: Option<DateTime<Utc>>, id: &str) -> Self {
        Self {
            at: at.map(|t| t.timestamp_millis()),
            id: id.to_owned(),
        }
    }
}

/// One list request: filters (from the query, or from the cursor) and the position.
#[derive(Debug, Clone, PartialEq)]
pub struct Paging<F> {
    pub filters: F,
    pub limit: usize,
    before: Option<i64>,
    after: Option<i64>,
    last: Option<SortKey>,
    /// Which list the cursor belongs to (`messages:<chat id>`...).
    scope: String,
}

#[derive(Serialize, Deserialize)]
struct CursorPayload<F> {
    scope: String,
    filters: F,
    limit: usize,
    before: Option<i64>,
    after: Option<i64>,
    last: SortKey,
}

impl<F: Serialize + DeserializeOwned + Clone> Paging<F> {
    /// Reads `limit`, `before`, `after` and `cursor`; with a cursor, its filters win over the
    /// query's (only `limit` may change between pages).
    pub fn from_params(
        params: &Params,
        scope: &str,
        filters: impl FnOnce(&Params) -> Result<F, ApiFailure>,
    ) -> Result<Self, ApiFailure> {
        let limit = params.limit(MAX_LIMIT)?;
        if let Some(cursor) = params.get("cursor") {
            let payload = decode_cursor::<F>(cursor, scope)?;
            return Ok(Self {
                filters: payload.filters,
                limit: limit.unwrap_or(payload.limit),
                before: payload.before,
                after: payload.after,
                last: Some(payload.last),
                scope: scope.to_owned(),
            });
        }
        Ok(Self {
            filters: filters(params)?,
            limit: limit.unwrap_or(DEFAULT_LIMIT),
            before: params.date("before")?.map(|t| t.timestamp_millis()),
            after: params.date("after")?.map(|t| t.timestamp_millis()),
            last: None,
            scope: scope.to_owned(),
        })
    }

    /// The page of `items` (sorted by descending key) and the cursor to the next one.
    pub fn page<'a, T>(
        &self,
        items: &[&'a T],
        key: impl Fn(&T) -> SortKey,
    ) -> (Vec<&'a T>, Option<String>) {
        let start = match &self.last {
            Some(last) => items.partition_point(|item| key(item) >= *last),
            None => 0,
        };
        let mut page = Vec::new();
        let mut more = false;
        for &item in items.get(start..).unwrap_or_default() {
            if !self.in_window(key(item).at) {
                continue;
            }
            if page.len() == self.limit {
                more = true;
                break;
            }
            page.push(item);
        }
        let cursor = page
            .last()
            .filter(|_| more)
            .map(|&last| self.cursor_after(key(last)));
        (page, cursor)
    }

    fn in_window(&self, at: Option<i64>) -> bool {
        match at {
            Some(at) => {
                self.before.is_none_or(|before| at < before)
                    && self.after.is_none_or(|after| at > after)
            }
            None => self.before.is_none() && self.after.is_none(),
        }
    }

    fn cursor_after(&self, last: SortKey) -> String {
        let payload = CursorPayload {
            scope: self.scope.clone(),
            filters: self.filters.clone(),
            limit: self.limit,
            before: self.before,
            after: self.after,
            last,
        };
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(&payload).unwrap_or_default())
    }
}

fn decode_cursor<F: DeserializeOwned>(
    cursor: &str,
    scope: &str,
) -> Result<CursorPayload<F>, ApiFailure> {
    let invalid = || ApiFailure::invalid_parameters("cursor is not a cursor this list returned");
    let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| invalid())?;
    let payload: CursorPayload<F> = serde_json::from_slice(&bytes).map_err(|_| invalid())?;
    if payload.scope != scope {
        return Err(invalid());
    }
    Ok(payload)
}
