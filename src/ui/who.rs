//! How people and accounts are named in titles and confirmations: `Ana Lopez (+33612345678)`,
//! `Support`. Raw network text goes in; sanitised, bounded text comes out.

use crate::app::{State, UiOptions};
use crate::domain::{AccountId, Attendee};

/// `name (number)`, or whichever of the two exists, or `fallback`.
pub fn person(
    name: Option<&str>,
    number: Option<&str>,
    fallback: &str,
    width: usize,
    options: &UiOptions,
) -> String {
    let name = name.filter(|n| !n.trim().is_empty());
    let number = number.filter(|n| !n.trim().is_empty());
    match (name, number) {
        (Some(name), Some(number)) if name != number => format!(
            "{} ({})",
            super::clean::line(name, width, options),
            super::clean::line(number, width, options)
        ),
        (Some(only), _) | (None, Some(only)) => super::clean::line(only, width, options),
        (None, None) => super::clean::line(fallback, width, options),
    }
}

pub fn attendee(attendee: &Attendee, width: usize, options: &UiOptions) -> String {
    person(
        attendee.name.as_deref(),
        attendee.phone_number().as_deref(),
        &attendee.provider_id,
        width,
        options,
    )
}

/// An account's name as the accounts pane knows it.
pub fn known_account_name(state: &State, id: &AccountId, width: usize) -> Option<String> {
    let summary = state
        .accounts
        .overview
        .ready()?
        .accounts
        .iter()
        .find(|s| &s.account.id == id)?;
    Some(super::clean::line(
        &summary.account.name,
        width,
        &state.options,
    ))
}

/// An account's name, else its id.
pub fn account_name(state: &State, id: &AccountId, width: usize) -> String {
    known_account_name(state, id, width)
        .unwrap_or_else(|| super::clean::line(id.as_str(), width, &state.options))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_numbers_are_combined_without_repeating() {
        let options = UiOptions::default();
        let both = person(Some("Ana"), Some("+336"), "x", 80, &options);
        assert_eq!(both, "Ana (+336)");
        assert_eq!(
            person(Some("+336"), Some("+336"), "x", 80, &options),
            "+336"
        );
        assert_eq!(person(None, Some("+336"), "x", 80, &options), "+336");
        assert_eq!(person(Some(" "), None, "id@x", 80, &options), "id@x");
    }
}
