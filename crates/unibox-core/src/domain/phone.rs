//! Phone numbers as people type them at home: `06 39 98 01 74` in France is `+33 6 39 98 01
//! 74`. A number typed with its country's trunk prefix is turned into international digits
//! using the country of a number we know (the account's own).

/// Calling codes and the trunk prefix dialled before a national number there; an empty prefix
/// means the national number is the international one without the calling code (Italy keeps
/// its leading 0). Countries without a trunk prefix are left out: their numbers are typed the
/// same way at home and abroad, so the digits already match.
const TRUNK_PREFIXES: &[(&str, &str)] = &[
    ("1", "1"),
    ("7", "8"),
    ("20", "0"),
    ("27", "0"),
    ("31", "0"),
    ("32", "0"),
    ("33", "0"),
    ("36", "06"),
    ("39", ""),
    ("40", "0"),
    ("41", "0"),
    ("43", "0"),
    ("44", "0"),
    ("46", "0"),
    ("49", "0"),
    ("54", "0"),
    ("55", "0"),
    ("60", "0"),
    ("61", "0"),
    ("62", "0"),
    ("63", "0"),
    ("64", "0"),
    ("66", "0"),
    ("81", "0"),
    ("82", "0"),
    ("84", "0"),
    ("86", "0"),
    ("90", "0"),
    ("91", "0"),
    ("92", "0"),
    ("212", "0"),
    ("213", "0"),
    ("216", "0"),
    ("234", "0"),
    ("254", "0"),
    ("353", "0"),
    ("358", "0"),
    ("380", "0"),
    ("966", "0"),
    ("971", "0"),
    ("972", "0"),
];

/// The calling code of an international number (`+33 6 12…`, `33612…`) and the trunk prefix
/// used at home there, when known.
fn country_of(international: &str) -> Option<(&'static str, &'static str)> {
    let digits: String = international
        .chars()
        .filter(char::is_ascii_digit)
        .take(3)
        .collect();
    // Calling codes are prefix-free: at most one matches.
    TRUNK_PREFIXES
        .iter()
        .find(|(code, _)| digits.starts_with(code))
        .copied()
}

/// `national` (digits as typed at home, `0639980174`) as international digits
/// (`33639980174`) in the country of `known_number` (`+33184800001`). `None` when the
/// country is not known or the digits do not start with its trunk prefix.
pub fn international_digits(national: &str, known_number: &str) -> Option<String> {
    let (code, trunk) = country_of(known_number)?;
    // `00` starts an international number in most countries: not a national one.
    if national.starts_with("00") && trunk != "06" {
        return None;
    }
    let rest = national.strip_prefix(trunk)?;
    (!rest.is_empty()).then(|| format!("{code}{rest}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn national_numbers_take_the_known_numbers_country() {
        assert_eq!(
            international_digits("0639980174", "+33184800001").as_deref(),
            Some("33639980174")
        );
        assert_eq!(
            international_digits("07700900123", "+447700900000").as_deref(),
            Some("447700900123")
        );
        assert_eq!(
            international_digits("0612345678", "+390612345").as_deref(),
            Some("390612345678")
        );
        assert_eq!(
            international_digits("2025550123", "+12025550100"),
            None,
            "no trunk prefix typed"
        );
        assert_eq!(
            international_digits("12025550123", "+12025550100").as_deref(),
            Some("12025550123")
        );
    }

    #[test]
    fn unknown_countries_and_international_forms_are_left_alone() {
        assert_eq!(international_digits("0612345678", "+351912345678"), None);
        assert_eq!(international_digits("0033612345678", "+33184800001"), None);
        assert_eq!(international_digits("0", "+33184800001"), None);
        assert_eq!(international_digits("0612", "not a number"), None);
    }
}
