//! WhatsApp Business message templates: approved texts with `{{1}}`-style variables, the only
//! thing that may open a conversation or be sent once the customer's 24-hour window closed.

use serde::{Deserialize, Serialize};

/// Where a template is in Meta's review. Unknown values are kept as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum TemplateStatus {
    Approved,
    Pending,
    Rejected,
    Paused,
    Disabled,
    Other(String),
}

impl TemplateStatus {
    pub fn parse(raw: &str) -> Self {
        match raw.trim().to_ascii_uppercase().as_str() {
            "APPROVED" => Self::Approved,
            "PENDING" | "IN_APPEAL" => Self::Pending,
            "REJECTED" => Self::Rejected,
            "PAUSED" => Self::Paused,
            "DISABLED" => Self::Disabled,
            _ => Self::Other(raw.to_owned()),
        }
    }

    /// Only approved templates can be sent.
    pub fn can_send(&self) -> bool {
        matches!(self, Self::Approved)
    }
}

/// One template variant (Meta keeps one per name and language).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Template {
    pub name: String,
    /// `en_US`, `pt_BR`…
    pub language: String,
    pub status: TemplateStatus,
    /// `MARKETING`, `UTILITY`, `AUTHENTICATION`, as the provider spells it.
    pub category: Option<String>,
    /// The body's text with its `{{1}}` placeholders, when it has one.
    pub body: Option<String>,
    /// How many values the body asks for: its highest `{{n}}`.
    pub variables: usize,
}

/// The highest `{{n}}` in `text` (0 when there is none): the number of values to send.
pub fn template_variables(text: &str) -> usize {
    let mut highest = 0;
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        rest = &rest[start + 2..];
        let Some(end) = rest.find("}}") else { break };
        if let Ok(n) = rest[..end].trim().parse::<usize>() {
            highest = highest.max(n);
        }
        rest = &rest[end + 2..];
    }
    highest
}

/// The body as the customer will read it: each `{{n}}` replaced by the n-th value; a
/// placeholder without a value is left as written.
pub fn fill_template(body: &str, values: &[String]) -> String {
    let mut filled = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(start) = rest.find("{{") {
        filled.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let value = after.find("}}").and_then(|end| {
            let n = after[..end].trim().parse::<usize>().ok()?;
            let value = values.get(n.checked_sub(1)?)?;
            Some((value, end))
        });
        match value {
            Some((value, end)) => {
                filled.push_str(value);
                rest = &after[end + 2..];
            }
            None => {
                filled.push_str("{{");
                rest = after;
            }
        }
    }
    filled.push_str(rest);
    filled
}

/// A template to send: which one, and the values of its variables in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateMessage {
    pub name: String,
    pub language: String,
    pub values: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_fill_their_placeholders_and_nothing_else() {
        let values = vec!["Ana".to_owned(), "#4471".to_owned()];
        assert_eq!(
            fill_template("Hi {{1}}, order {{ 2 }} is ready. {{1}}!", &values),
            "Hi Ana, order #4471 is ready. Ana!"
        );
        assert_eq!(fill_template("{{3}} {{x}} {{", &values), "{{3}} {{x}} {{");
        assert_eq!(fill_template("Hello", &[]), "Hello");
    }

    #[test]
    fn variables_are_counted_by_the_highest_placeholder() {
        assert_eq!(template_variables("Hello"), 0);
        assert_eq!(template_variables("Hi {{1}}, order {{2}} ships {{ 3 }}"), 3);
        assert_eq!(template_variables("{{2}} then {{1}} and {{2}}"), 2);
        assert_eq!(template_variables("{{name}} {{1}"), 0);
        assert_eq!(template_variables("{{"), 0);
    }

    #[test]
    fn statuses_parse_in_any_case_and_only_approved_sends() {
        assert_eq!(TemplateStatus::parse("approved"), TemplateStatus::Approved);
        assert!(TemplateStatus::parse("APPROVED").can_send());
        assert!(!TemplateStatus::parse("PENDING").can_send());
        assert_eq!(
            TemplateStatus::parse("LIMIT_EXCEEDED"),
            TemplateStatus::Other("LIMIT_EXCEEDED".into())
        );
    }
}
