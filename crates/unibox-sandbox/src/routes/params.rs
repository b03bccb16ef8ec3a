//! Query parameters, read strictly: a bad limit, date or boolean is a 400 with a message that
//! says which parameter and why.

use axum::extract::Query;
use axum::extract::rejection::QueryRejection;
use chrono::{DateTime, NaiveDateTime, Utc};

use crate::errors::ApiFailure;

#[derive(Debug, Clone, Default)]
pub struct Params(Vec<(String, String)>);

pub type RawParams = Result<Query<Vec<(String, String)>>, QueryRejection>;

impl Params {
    pub fn read(raw: RawParams) -> Result<Self, ApiFailure> {
        raw.map(|Query(pairs)| Self(pairs))
            .map_err(|e| ApiFailure::invalid_parameters(e.body_text()))
    }

    #[cfg(test)]
    pub fn of(pairs: &[(&str, &str)]) -> Self {
        Self(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        )
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// Refuses any parameter not in `allowed`, as a server may for a route that documents none.
    pub fn only(&self, allowed: &[&str]) -> Result<(), ApiFailure> {
        match self
            .0
            .iter()
            .find(|(key, _)| !allowed.contains(&key.as_str()))
        {
            Some((key, _)) => Err(ApiFailure::invalid_parameters(format!(
                "unknown parameter {key:?}"
            ))),
            None => Ok(()),
        }
    }

    pub fn limit(&self, max: usize) -> Result<Option<usize>, ApiFailure> {
        let Some(raw) = self.get("limit") else {
            return Ok(None);
        };
        match raw.parse::<usize>() {
            Ok(limit) if (1..=max).contains(&limit) => Ok(Some(limit)),
            _ => Err(ApiFailure::invalid_parameters(format!(
                "limit must be an integer from 1 to {max}, got {raw:?}"
            ))),
        }
    }

    /// An ISO-8601 UTC time with exactly three fractional digits and `Z`, as the contract says.
    pub fn date(&self, name: &str) -> Result<Option<DateTime<Utc>>, ApiFailure> {
        let Some(raw) = self.get(name) else {
            return Ok(None);
        };
        let invalid = || {
            ApiFailure::invalid_parameters(format!(
                "{name} must look like 2025-12-31T23:59:59.999Z, got {raw:?}"
            ))
        };
        let shaped = raw.len() == 24 && raw.ends_with('Z') && raw.as_bytes().get(19) == Some(&b'.');
        if !shaped {
            return Err(invalid());
        }
        NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S%.fZ")
            .map(|naive| Some(naive.and_utc()))
            .map_err(|_| invalid())
    }

    pub fn boolean(&self, name: &str) -> Result<Option<bool>, ApiFailure> {
        match self.get(name) {
            None => Ok(None),
            Some("true") => Ok(Some(true)),
            Some("false") => Ok(Some(false)),
            Some(raw) => Err(ApiFailure::invalid_parameters(format!(
                "{name} must be true or false, got {raw:?}"
            ))),
        }
    }

    /// A number (epoch milliseconds, chunk sizes).
    pub fn number(&self, name: &str) -> Result<Option<f64>, ApiFailure> {
        self.get(name)
            .map(|raw| {
                raw.parse::<f64>().map_err(|_| {
                    ApiFailure::invalid_parameters(format!("{name} must be a number, got {raw:?}"))
                })
            })
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_outside_one_to_max_are_refused() {
        assert_eq!(Params::of(&[("limit", "250")]).limit(250), Ok(Some(250)));
        assert_eq!(Params::of(&[]).limit(250), Ok(None));
        for bad in ["0", "251", "-1", "ten", ""] {
            let error = Params::of(&[("limit", bad)]).limit(250).unwrap_err();
            assert_eq!(error.slug, "invalid_parameters", "{bad}");
        }
    }

    #[test]
    fn dates_need_exactly_the_contracts_format() {
        let ok = Params::of(&[("before", "2025-03-01T10:20:30.456Z")]);
        assert_eq!(
            ok.date("before").unwrap().unwrap().to_rfc3339(),
            "2025-03-01T10:20:30.456+00:00"
        );
        for bad in [
            "2025-03-01T10:20:30Z",
            "2025-03-01T10:20:30.45Z",
            "2025-03-01T10:20:30.4567Z",
            "2025-03-01T10:20:30.456+01:00",
            "2025-13-01T10:20:30.456Z",
            "yesterday",
        ] {
            let error = Params::of(&[("before", bad)]).date("before").unwrap_err();
            assert_eq!(error.slug, "invalid_parameters", "{bad}");
        }
    }
}
