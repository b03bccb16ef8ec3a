//! Following the contract's cursors.

use std::future::Future;

use crate::provider::{Cursor, ListQuery, Page, ProviderError};

/// The cursor to follow after a page: `None` at the end, and also when the server hands back
/// the cursor it was given, which would loop forever.
pub(super) fn follow(current: Option<&Cursor>, next: Option<Cursor>) -> Option<Cursor> {
    next.filter(|next| Some(next) != current)
}

/// Every item of a list, page after page; also the count of items the decoder skipped.
pub(super) async fn collect_all<T, F, Fut>(
    limit: u32,
    mut fetch: F,
) -> Result<(Vec<T>, usize), ProviderError>
where
    F: FnMut(ListQuery) -> Fut,
    Fut: Future<Output = Result<Page<T>, ProviderError>>,
{
    let mut items = Vec::new();
    let mut skipped = 0;
    let mut cursor = None;
    loop {
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
            None => return Ok((items, skipped)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_repeated_cursor_ends_the_walk_instead_of_looping() {
        let mut asked = Vec::new();
        let (items, skipped) = collect_all(10, |query| {
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
        assert_eq!(items, [1, 2]);
        assert_eq!(skipped, 2);
        assert_eq!(asked, [None, Some(Cursor("same".into()))]);
    }

    #[test]
    fn the_end_of_a_list_is_no_cursor() {
        let a = Cursor("a".into());
        assert_eq!(follow(None, None), None);
        assert_eq!(follow(None, Some(a.clone())), Some(a.clone()));
        assert_eq!(follow(Some(&a), Some(a.clone())), None);
    }
}
