//! Query strings of the read routes. Values are percent-encoded by `Url`; times use the
//! contract's exact format.

use chrono::{DateTime, Utc};
use reqwest::Url;

use crate::provider::{ChatQuery, ListQuery, ResyncOptions};

/// The contract's limit range.
const MAX_LIMIT: u32 = 250;

/// ISO 8601 UTC with exactly three fractional digits and `Z`: `2025-12-31T23:59:59.999Z`.
pub fn iso_millis(time: DateTime<Utc>) -> String {
    time.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

pub fn with_page(mut url: Url, page: &ListQuery) -> Url {
    {
        let mut query = url.query_pairs_mut();
        if let Some(cursor) = &page.cursor {
            query.append_pair("cursor", &cursor.0);
        }
        if let Some(limit) = page.limit {
            // Out-of-range limits would only earn a 400.
            query.append_pair("limit", &limit.clamp(1, MAX_LIMIT).to_string());
        }
        if let Some(before) = page.before {
            query.append_pair("before", &iso_millis(before));
        }
        if let Some(after) = page.after {
            query.append_pair("after", &iso_millis(after));
        }
    }
    without_empty_query(url)
}

pub fn with_chat_filters(mut url: Url, filters: &ChatQuery) -> Url {
    {
        let mut query = url.query_pairs_mut();
        if let Some(account) = &filters.account_id {
            query.append_pair("account_id", account.as_str());
        }
        if let Some(unread) = filters.unread {
            query.append_pair("unread", bool_text(unread));
        }
    }
    with_page(url, &filters.page)
}

pub fn with_account(mut url: Url, account: &str) -> Url {
    url.query_pairs_mut().append_pair("account_id", account);
    url
}

/// `GET /accounts/{id}/sync` takes its time span in epoch milliseconds.
pub fn with_resync(mut url: Url, options: &ResyncOptions) -> Url {
    {
        let mut query = url.query_pairs_mut();
        if let Some(chunk_size) = options.chunk_size {
            query.append_pair("chunk_size", &chunk_size.to_string());
        }
        if let Some(partial) = options.partial {
            query.append_pair("partial", bool_text(partial));
        }
        if let Some(before) = options.before {
            query.append_pair("before", &before.timestamp_millis().to_string());
        }
        if let Some(after) = options.after {
            query.append_pair("after", &after.timestamp_millis().to_string());
        }
    }
    without_empty_query(url)
}

fn bool_text(flag: bool) -> &'static str {
    if flag { "true" } else { "false" }
}

/// `query_pairs_mut` leaves a bare `?` when nothing was appended.
fn without_empty_query(mut url: Url) -> Url {
    if url.query() == Some("") {
        url.set_query(None);
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::AccountId;
    use crate::provider::Cursor;
    use chrono::TimeZone;

    fn base() -> Url {
        Url::parse("http://h/api/v1/chats").unwrap()
    }

    #[test]
    fn times_have_exactly_three_fractional_digits_and_z() {
        let whole = Utc.with_ymd_and_hms(2025, 12, 31, 23, 59, 59).unwrap();
        assert_eq!(iso_millis(whole), "2025-12-31T23:59:59.000Z");
        let precise = whole + chrono::Duration::nanoseconds(999_999_999);
        assert_eq!(iso_millis(precise), "2025-12-31T23:59:59.999Z");
    }

    #[test]
    fn list_filters_are_encoded() {
        let query = ChatQuery {
            account_id: Some(AccountId::from("acc 1&x=2")),
            unread: Some(true),
            page: ListQuery {
                cursor: Some(Cursor("eyJ+/=".into())),
                limit: Some(1000),
                before: Some(Utc.with_ymd_and_hms(2025, 1, 2, 3, 4, 5).unwrap()),
                after: None,
            },
        };
        let url = with_chat_filters(base(), &query);
        assert_eq!(
            url.query(),
            Some(
                "account_id=acc+1%26x%3D2&unread=true&cursor=eyJ%2B%2F%3D&limit=250&before=2025-01-02T03%3A04%3A05.000Z"
            )
        );
        let pairs: Vec<_> = url.query_pairs().collect();
        assert_eq!(pairs[0].1, "acc 1&x=2");
        assert_eq!(pairs[2].1, "eyJ+/=");
    }

    #[test]
    fn no_filters_no_question_mark() {
        assert_eq!(
            with_page(base(), &ListQuery::default()).as_str(),
            "http://h/api/v1/chats"
        );
        assert_eq!(
            with_resync(base(), &ResyncOptions::default()).as_str(),
            "http://h/api/v1/chats"
        );
        let zero = ListQuery {
            limit: Some(0),
            ..ListQuery::default()
        };
        assert_eq!(with_page(base(), &zero).query(), Some("limit=1"));
    }

    #[test]
    fn resync_spans_are_epoch_millis() {
        let options = ResyncOptions {
            chunk_size: Some(50),
            partial: Some(false),
            before: Some(Utc.timestamp_millis_opt(1_700_000_000_123).unwrap()),
            after: Some(Utc.timestamp_millis_opt(1_600_000_000_000).unwrap()),
        };
        assert_eq!(
            with_resync(base(), &options).query(),
            Some("chunk_size=50&partial=false&before=1700000000123&after=1600000000000")
        );
    }
}
