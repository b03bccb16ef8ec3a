//! Message templates: the ones every sandbox number has, and the rules a template send goes
//! through (exact name and language, APPROVED only, one value per placeholder).

use super::records::{LateTemplate, TemplateStatus};

/// Why a template cannot be sent. Each maps onto Meta's template error codes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateRefusal {
    /// 132001: no template of that name in that language.
    #[error("template {name} ({language}) does not exist")]
    Unknown { name: String, language: String },
    /// 132001 as well: Meta knows no approved definition of a pending or rejected template.
    #[error("template {name} ({language}) is {status}, not APPROVED")]
    NotApproved {
        name: String,
        language: String,
        status: &'static str,
    },
    /// 132015: a paused template cannot be sent until Meta lifts the pause.
    #[error("template {name} ({language}) is paused")]
    Paused { name: String, language: String },
    /// 132000: the body needs one value per placeholder.
    #[error("template {name} expects {expected} parameters, got {given}")]
    ParameterCount {
        name: String,
        expected: usize,
        given: usize,
    },
}

impl TemplateRefusal {
    /// Meta's error code for the refusal.
    pub fn meta_code(&self) -> u32 {
        match self {
            Self::Unknown { .. } | Self::NotApproved { .. } => 132_001,
            Self::Paused { .. } => 132_015,
            Self::ParameterCount { .. } => 132_000,
        }
    }
}

/// The templates each sandbox number has: an approved one in two languages and one of every
/// other status, so a picker and the send rules can be exercised.
pub fn defaults(account_index: usize) -> Vec<LateTemplate> {
    let template =
        |n: usize, name: &str, language: &str, status, category, body: &str| LateTemplate {
            id: format!("{}{:02}{:02}", 1_087_500_000_000_u64, account_index, n),
            name: name.to_owned(),
            language: language.to_owned(),
            status,
            category,
            body: body.to_owned(),
        };
    vec![
        template(
            1,
            "order_update",
            "en_US",
            TemplateStatus::Approved,
            "UTILITY",
            "Hello {{1}}, your order {{2}} has shipped. Reply here if you have any question.",
        ),
        template(
            2,
            "order_update",
            "fr",
            TemplateStatus::Approved,
            "UTILITY",
            "Bonjour {{1}}, votre commande {{2}} est partie. Répondez ici pour toute question.",
        ),
        template(
            3,
            "follow_up",
            "en_US",
            TemplateStatus::Approved,
            "UTILITY",
            "Hello, we are following up on your message to Maison Argile. Reply to continue.",
        ),
        template(
            4,
            "spring_collection",
            "en_US",
            TemplateStatus::Pending,
            "MARKETING",
            "Our spring collection is here, {{1}}!",
        ),
        template(
            5,
            "flash_sale",
            "en_US",
            TemplateStatus::Rejected,
            "MARKETING",
            "FLASH SALE!!! {{1}}% off everything, today only!!!",
        ),
        template(
            6,
            "workshop_reminder",
            "fr",
            TemplateStatus::Paused,
            "MARKETING",
            "Rappel : votre atelier poterie a lieu le {{1}}.",
        ),
    ]
}

/// The template `name` in exactly `language`, if it may be sent.
pub fn sendable<'a>(
    templates: &'a [LateTemplate],
    name: &str,
    language: &str,
) -> Result<&'a LateTemplate, TemplateRefusal> {
    let found = templates
        .iter()
        .find(|t| t.name == name && t.language == language)
        .ok_or_else(|| TemplateRefusal::Unknown {
            name: name.to_owned(),
            language: language.to_owned(),
        })?;
    match found.status {
        TemplateStatus::Approved => Ok(found),
        TemplateStatus::Paused => Err(TemplateRefusal::Paused {
            name: name.to_owned(),
            language: language.to_owned(),
        }),
        status @ (TemplateStatus::Pending | TemplateStatus::Rejected) => {
            Err(TemplateRefusal::NotApproved {
                name: name.to_owned(),
                language: language.to_owned(),
                status: status.as_str(),
            })
        }
    }
}

/// The body with `{{n}}` replaced by the n-th value; refused unless there is exactly one value
/// per placeholder.
pub fn fill(template: &LateTemplate, values: &[String]) -> Result<String, TemplateRefusal> {
    let expected = placeholder_count(&template.body);
    if values.len() != expected {
        return Err(TemplateRefusal::ParameterCount {
            name: template.name.clone(),
            expected,
            given: values.len(),
        });
    }
    let mut text = template.body.clone();
    for (index, value) in values.iter().enumerate() {
        text = text.replace(&format!("{{{{{}}}}}", index + 1), value);
    }
    Ok(text)
}

fn placeholder_count(body: &str) -> usize {
    (1..)
        .take_while(|n| body.contains(&format!("{{{{{n}}}}}")))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_approved_template_in_the_exact_language_is_sendable() {
        let templates = defaults(0);
        assert!(sendable(&templates, "order_update", "fr").is_ok());
        assert!(matches!(
            sendable(&templates, "order_update", "de"),
            Err(TemplateRefusal::Unknown { .. })
        ));
        assert_eq!(
            sendable(&templates, "spring_collection", "en_US")
                .err()
                .map(|r| r.meta_code()),
            Some(132_001)
        );
        assert_eq!(
            sendable(&templates, "workshop_reminder", "fr")
                .err()
                .map(|r| r.meta_code()),
            Some(132_015)
        );
    }

    #[test]
    fn filling_needs_one_value_per_placeholder() {
        let templates = defaults(0);
        let order = &templates[0];
        assert_eq!(
            fill(order, &["Ana".into(), "#1042".into()]).unwrap(),
            "Hello Ana, your order #1042 has shipped. Reply here if you have any question."
        );
        assert_eq!(
            fill(order, &["Ana".into()]).err().map(|r| r.meta_code()),
            Some(132_000)
        );
        assert_eq!(fill(&templates[2], &[]).unwrap(), templates[2].body);
    }
}
