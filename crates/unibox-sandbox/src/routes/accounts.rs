//! `GET /accounts`, `GET /accounts/{id}`, `GET /accounts/{id}/sync`.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::params::{Params, RawParams};
use crate::Shared;
use crate::domain::AccountId;
use crate::errors::ApiFailure;
use crate::paging::{Paging, SortKey};
use crate::state::{AccountRecord, Rejection};
use crate::wire::{self, List};

fn key(account: &AccountRecord) -> SortKey {
    SortKey::new(Some(account.created_at), account.id.as_str())
}

pub async fn list(
    State(shared): State<Arc<Shared>>,
    raw: RawParams,
) -> Result<Response, ApiFailure> {
    let params = Params::read(raw)?;
    let paging = Paging::from_params(&params, "accounts", |_| Ok(()))?;
    Ok(shared.state.read(|world| {
        let mut accounts: Vec<&AccountRecord> = world.accounts().iter().collect();
        accounts.sort_by_key(|a| std::cmp::Reverse(key(a)));
        let (page, cursor) = paging.page(&accounts, key);
        Json(List {
            object: "AccountList",
            items: page.into_iter().map(wire::account).collect(),
            cursor,
        })
        .into_response()
    }))
}

pub async fn one(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
) -> Result<Response, ApiFailure> {
    let id = AccountId::new(id);
    shared.state.read(|world| {
        let account = world
            .account(&id)
            .ok_or_else(|| Rejection::UnknownAccount(id.clone()))?;
        Ok(Json(wire::account(account)).into_response())
    })
}

pub async fn resync(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    raw: RawParams,
) -> Result<Response, ApiFailure> {
    let params = Params::read(raw)?;
    for number in ["chunk_size", "before", "after"] {
        params.number(number)?;
    }
    params.boolean("partial")?;
    let id = AccountId::new(id);
    let status = shared.state.write(|world| world.poll_account_resync(&id))?;
    Ok(Json(json!({ "object": "AccountResync", "status": status })).into_response())
}
