//! `Account`: `{"id","type","name","created_at","connection_params":{"im":
//! {"phone_number"}},"sources":[{"id","status"}]}`.

use serde::Deserialize;
use serde_json::Value;

use super::lenient::{self, optional_time};
use super::{FromWire, WireError};
use crate::domain::{Account, AccountStatus, Channel, Provider};

#[derive(Debug, Deserialize)]
pub struct WireAccount {
    id: String,
    /// `WHATSAPP`, `LINKEDIN`, `MAIL`…; kept as text when unknown. Read as a value so an odd
    /// one costs the account nothing.
    #[serde(default, rename = "type")]
    account_type: Option<Value>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    created_at: Option<Value>,
    #[serde(default)]
    connection_params: Option<Value>,
    #[serde(default, deserialize_with = "lenient::or_default")]
    sources: Vec<WireSource>,
}

#[derive(Debug, Deserialize)]
struct WireSource {
    #[serde(default)]
    status: Option<String>,
}

impl FromWire for Account {
    type Wire = WireAccount;
    const NAME: &'static str = "account";

    fn from_wire(wire: WireAccount) -> Result<Self, WireError> {
        let phone_number = wire
            .connection_params
            .as_ref()
            .and_then(|params| params.pointer("/im/phone_number"))
            .and_then(Value::as_str)
            .map(str::to_owned);
        Ok(Account {
            status: status_of(&wire.sources),
            created_at: optional_time(wire.created_at.as_ref(), "created_at"),
            name: wire.name.unwrap_or_default(),
            phone_number,
            id: wire.id.into(),
            channel: Channel::from_type(wire.account_type.as_ref().and_then(Value::as_str)),
            provider: Provider::Unipile,
        })
    }
}

/// An account has one source per service (one for WhatsApp). With several, the first that is
/// not healthy speaks for the account, so a broken service is never hidden behind a good one.
fn status_of(sources: &[WireSource]) -> AccountStatus {
    let statuses: Vec<AccountStatus> = sources
        .iter()
        .filter_map(|source| source.status.as_deref())
        .map(AccountStatus::parse)
        .collect();
    statuses
        .iter()
        .find(|status| !status.is_healthy())
        .or_else(|| statuses.first())
        .cloned()
        .unwrap_or_else(|| AccountStatus::Other("UNKNOWN".to_owned()))
}
