//! Templates: `GET /v1/whatsapp/templates?accountId` (one entry per name and language, with the
//! `name`, `language` and `status` filters) and `GET /v1/whatsapp/templates/{name}?accountId
//! &language` (one variant of a family).

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde_json::{Value, json};

use super::params::{self, Params};
use crate::late::errors::LateError;
use crate::late::records::LateTemplate;
use crate::late::shared::LateShared;
use crate::late::wire;

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

pub async fn one(
    State(shared): State<Arc<LateShared>>,
    Path(name): Path<String>,
    query: Params,
) -> Result<Json<Value>, LateError> {
    let query = params::query(query)?;
    let account = params::account_in(&query)?;
    let language = query.get("language").filter(|l| !l.is_empty()).cloned();
    let template = shared.state.read(|world| {
        params::account(world, &account)?;
        let family: Vec<&LateTemplate> = world
            .templates(&account)
            .iter()
            .filter(|t| t.name == name)
            .collect();
        variant(&family, language.as_deref()).cloned()
    })?;
    Ok(Json(
        json!({ "success": true, "template": wire::template(&template) }),
    ))
}

/// The variant `language` names: exactly, or a bare language (`fr`) matching one regional
/// variant (`fr_FR`); without a language, the only variant. Several candidates are a 409.
fn variant<'a>(
    family: &[&'a LateTemplate],
    language: Option<&str>,
) -> Result<&'a LateTemplate, LateError> {
    let candidates: Vec<&LateTemplate> = match language {
        None => family.to_vec(),
        Some(language) => match family.iter().find(|t| t.language == language) {
            Some(exact) => vec![*exact],
            None => family
                .iter()
                .filter(|t| t.language.split('_').next() == Some(language))
                .copied()
                .collect(),
        },
    };
    match candidates.as_slice() {
        [one] => Ok(one),
        [] => Err(LateError::not_found(
            "template_not_found",
            "No template of that name and language.",
        )),
        several => {
            let mut error = LateError::new(
                StatusCode::CONFLICT,
                "ambiguous_template",
                "invalid_request_error",
                "The template exists in several languages: pass language.",
            );
            error.param = Some("language");
            let languages: Vec<&str> = several.iter().map(|t| t.language.as_str()).collect();
            Err(error.with_details(json!({ "languages": languages })))
        }
    }
}
