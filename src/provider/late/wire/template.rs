//! A template of `GET /whatsapp/templates`: `{"id","name","status","category","language",
//! "components":[{"type":"BODY","text":"Hi {{1}}"},...]}` (Meta's own component shape).

use serde::Deserialize;
use serde_json::Value;

use super::IntoDomain;
use crate::domain::{Template, TemplateStatus, template_variables};
use crate::provider::lenient::{self, WireError};

#[derive(Debug, Deserialize)]
pub struct WireTemplate {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    language: Option<String>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    category: Option<String>,
    #[serde(default, deserialize_with = "lenient::or_default")]
    components: Vec<Value>,
}

impl IntoDomain<Template> for WireTemplate {
    const NAME: &'static str = "template";
    type Context = ();

    fn into_domain(self, _: &()) -> Result<Template, WireError> {
        let name = self
            .name
            .filter(|n| !n.is_empty())
            .ok_or(WireError::Missing("name"))?;
        let language = self
            .language
            .filter(|l| !l.is_empty())
            .ok_or(WireError::Missing("language"))?;
        let body = self
            .components
            .iter()
            .find(|c| {
                c.get("type")
                    .and_then(Value::as_str)
                    .is_some_and(|t| t.eq_ignore_ascii_case("body"))
            })
            .and_then(|c| c.get("text"))
            .and_then(Value::as_str)
            .map(str::to_owned);
        Ok(Template {
            variables: body.as_deref().map_or(0, template_variables),
            name,
            language,
            status: TemplateStatus::parse(self.status.as_deref().unwrap_or("UNKNOWN")),
            category: self.category.filter(|c| !c.is_empty()),
            body,
        })
    }
}
