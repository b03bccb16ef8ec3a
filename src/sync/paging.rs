//! Following the contract's cursors.

use std::future::Future;

use crate::provider::{Cursor, ListQuery, Page, ProviderError};

/// The cursor to follow after a page: `None` at the end, and also when the server hands back
/// the cursor it was given, which would loop forever.
pub(super) fn follow(current: Option<&Cursor>, next: Option<Cursor>) -> Option<Cursor> {
    next.filter(|next| Some(next) != current)
}

/// A list walked to its end, or to the ceiling of pages.
pub(super) struct Collected<T> {
    pub items: Vec<T>,
    /// Items the decoder skipped.
    pub skipped: usize,
    /// The walk stopped at `max_pages` with more pages on offer.
    pub cut: bool,
}

/// Every item of a list, page after page, at most `max_pages` pages.
pub(super) async fn collect_all<T, F, Fut>(
    limit: u32,
    max_pages: u32,
    mut fetch: F,
) -> Result<Collected<T>, ProviderError>
where
    F: FnMut(ListQuery) -> Fut,
    Fut: Future<Output = Result<Page<T>, ProviderError>>,
{
    let mut items = Vec::new();
    let mut skipped = 0;
    let mut cursor = None;
    let mut pages = 0;
    loop {
        if pages >= max_pages.max(1) {
            return Ok(Collected {
                items,
                skipped,
                cut: true,
            });
        }
        pages += 1;
        let page = fetch(ListQuery {
            cursor: cursor.clone(),
            limit: Some(limit),
            ..ListQuery::default()
        })
        .await?;
        skipped += page.skipped;
        items.extend(page.items);
        match follow(cursor.as_ref(), page.next) {
            Some(next) => cursor = Some(next),
            None => {
                return Ok(Collected {
                    items,
                    skipped,
                    cut: false,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_repeated_cursor_ends_the_walk_instead_of_looping() {
        let mut asked = Vec::new();
        let collected = collect_all(10, 100, |query| {
            asked.push(query.cursor.clone());
            let next = Some(Cursor("same".into()));
            std::future::ready(Ok(Page {
                items: vec![asked.len()],
                next,
                skipped: 1,
            }))
        })
        .await
        .unwrap();
        assert_eq!(collected.items, [1, 2]);
        assert_eq!(collected.skipped, 2);
        assert!(!collected.cut);
        assert_eq!(asked, [None, Some(Cursor("same".into()))]);
    }

    #[tokio::test]
    async fn an_endless_list_stops_at_the_ceiling_of_pages() {
        let mut asked = 0;
        let collected = collect_all(10, 3, |_| {
            asked += 1;
            std::future::ready(Ok(Page {
                items: vec![asked],
                next: Some(Cursor(format!("page {asked}"))),
                skipped: 0,
            }))
        })
        .await
        .unwrap();
        assert_eq!(collected.items, [1, 2, 3]);
        assert!(collected.cut);
    }

    #[test]
    fn the_end_of_a_list_is_no_cursor() {
        let a = Cursor("a".into());
        assert_eq!(follow(None, None), None);
        assert_eq!(follow(None, Some(a.clone())), Some(a.clone()));
        assert_eq!(follow(Some(&a), Some(a.clone())), None);
    }
}
