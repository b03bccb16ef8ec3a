//! `GET /v1/whatsapp/templates?accountId`: the number's templates, one per name and language,
//! with the `name`, `language` and `status` filters.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use serde_json::{Value, json};

use super::params::{self, Params};
use crate::sandbox::late::errors::LateError;
use crate::sandbox::late::shared::LateShared;
use crate::sandbox::late::wire;

pub async fn list(
    State(shared): State<Arc<LateShared>>,
    query: Params,
) -> Result<Json<Value>, LateError> {
    let query = params::query(query)?;
    let account = params::account_in(&query)?;
    let matches = |field: &str, value: &str| query.get(field).is_none_or(|wanted| wanted == value);
    let templates = shared.state.read(|world| {
        params::account(world, &account)?;
        Ok::<_, LateError>(
            world
                .templates(&account)
                .iter()
                .filter(|t| {
                    matches("name", &t.name)
                        && matches("language", &t.language)
                        && matches("status", t.status.as_str())
                })
                .map(wire::template)
                .collect::<Vec<_>>(),
        )
    })?;
    Ok(Json(json!({ "success": true, "templates": templates })))
}
