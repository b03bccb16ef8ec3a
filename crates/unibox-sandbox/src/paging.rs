//! Cursor paging as the contract describes it: newest first, `limit` 1–250 (default 100),
//! exclusive `before` / `after`, and an opaque cursor (base64 of JSON) that carries the other
//! filters and the key of the last item served, so a page boundary never skips or repeats an
//! item even when new items arrive in between.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::errors::ApiFailure;
use crate::routes::params::Params;

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

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeDelta, TimeZone};

    #[derive(Debug, Clone, PartialEq)]
    struct Item {
        at: DateTime<Utc>,
        id: String,
    }

    fn key(item: &Item) -> SortKey {
        SortKey::new(Some(item.at), &item.id)
    }

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 3, 14, 10, 0, 0).unwrap()
    }

    /// `n` items a minute apart, newest first; two share a timestamp (ids break the tie).
    fn items(n: i64) -> Vec<Item> {
        let mut items: Vec<Item> = (0..n)
            .map(|i| Item {
                at: t0() - TimeDelta::minutes(i.min(n - 2)),
                id: format!("m{i:03}"),
            })
            .collect();
        items.sort_by_key(|i| std::cmp::Reverse(key(i)));
        items
    }

    fn paging(params: &[(&str, &str)]) -> Result<Paging<String>, ApiFailure> {
        Paging::from_params(&Params::of(params), "test:1", |p| {
            Ok(p.get("filter").unwrap_or("none").to_owned())
        })
    }

    /// Follows cursors to the end, returning each page's ids.
    fn walk(all: &[Item], first: &[(&str, &str)]) -> Vec<Vec<String>> {
        let refs: Vec<&Item> = all.iter().collect();
        let mut pages = Vec::new();
        let mut request = paging(first).unwrap();
        loop {
            let (page, cursor) = request.page(&refs, key);
            pages.push(page.iter().map(|i| i.id.clone()).collect());
            match cursor {
                Some(cursor) => request = paging(&[("cursor", &cursor)]).unwrap(),
                None => return pages,
            }
        }
    }

    #[test]
    fn cursors_walk_everything_once_newest_first() {
        let all = items(23);
        let pages = walk(&all, &[("limit", "5")]);
        assert_eq!(
            pages.iter().map(Vec::len).collect::<Vec<_>>(),
            [5, 5, 5, 5, 3]
        );
        let walked: Vec<String> = pages.concat();
        let expected: Vec<String> = all.iter().map(|i| i.id.clone()).collect();
        assert_eq!(walked, expected);
    }

    #[test]
    fn an_exact_last_page_ends_with_a_null_cursor() {
        let all = items(10);
        let pages = walk(&all, &[("limit", "5")]);
        assert_eq!(pages.len(), 2);
    }

    #[test]
    fn new_items_at_the_top_do_not_shift_later_pages() {
        let mut all = items(10);
        let refs: Vec<&Item> = all.iter().collect();
        let (first, cursor) = paging(&[("limit", "4")]).unwrap().page(&refs, key);
        let first: Vec<String> = first.iter().map(|i| i.id.clone()).collect();
        all.insert(
            0,
            Item {
                at: t0() + TimeDelta::minutes(1),
                id: "new".into(),
            },
        );
        let refs: Vec<&Item> = all.iter().collect();
        let next = paging(&[("cursor", &cursor.unwrap())]).unwrap();
        let (second, _) = next.page(&refs, key);
        assert_eq!(second[0].id, all[5].id);
        assert!(second.iter().all(|i| !first.contains(&i.id)));
    }

    #[test]
    fn before_and_after_are_exclusive_and_travel_in_the_cursor() {
        let all = items(20);
        let before = wire_time(all[2].at);
        let after = wire_time(all[12].at);
        let pages = walk(
            &all,
            &[("limit", "3"), ("before", &before), ("after", &after)],
        );
        let walked = pages.concat();
        let expected: Vec<String> = all[3..12].iter().map(|i| i.id.clone()).collect();
        assert_eq!(walked, expected);
    }

    #[test]
    fn the_cursor_carries_filters_and_limit_but_a_new_limit_wins() {
        let request = paging(&[("limit", "2"), ("filter", "unread")]).unwrap();
        let all = items(6);
        let refs: Vec<&Item> = all.iter().collect();
        let (_, cursor) = request.page(&refs, key);
        let cursor = cursor.unwrap();
        let next = paging(&[("cursor", &cursor), ("filter", "ignored")]).unwrap();
        assert_eq!(next.filters, "unread");
        assert_eq!(next.limit, 2);
        let wider = paging(&[("cursor", &cursor), ("limit", "50")]).unwrap();
        assert_eq!(wider.limit, 50);
    }

    #[test]
    fn foreign_or_garbage_cursors_are_invalid_parameters() {
        let all = items(6);
        let refs: Vec<&Item> = all.iter().collect();
        let (_, cursor) = paging(&[("limit", "2")]).unwrap().page(&refs, key);
        let foreign = Paging::<String>::from_params(
            &Params::of(&[("cursor", &cursor.unwrap())]),
            "test:2",
            |_| Ok(String::new()),
        );
        assert_eq!(foreign.unwrap_err().slug, "invalid_parameters");
        for garbage in ["", "!!!", "eyJ4IjoxfQ"] {
            assert_eq!(
                paging(&[("cursor", garbage)]).unwrap_err().slug,
                "invalid_parameters",
                "{garbage:?}"
            );
        }
    }

    fn wire_time(at: DateTime<Utc>) -> String {
        crate::wire::timestamp(at)
    }
}
