//! `SocialAccount`: `{"_id","platform","username"?,"displayName"?,"isActive",
//! "needsReconnection"?,"enabled"?,...}`. Only WhatsApp accounts are kept (by the reader).

use serde::Deserialize;

use super::IntoDomain;
use crate::domain::{Account, AccountStatus, Channel, Provider};
use crate::provider::lenient::{self, WireError};

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WireAccount {
    #[serde(rename = "_id")]
    id: String,
    #[serde(default)]
    pub platform: Option<String>,
    #[serde(default)]
    username: Option<String>,
    #[serde(default)]
    display_name: Option<String>,
    /// Absent reads as active: an account listed is connected unless it says otherwise.
    #[serde(default)]
    is_active: Option<bool>,
    #[serde(default, deserialize_with = "lenient::bool_flag")]
    needs_reconnection: bool,
}

impl WireAccount {
    pub fn is_whatsapp(&self) -> bool {
        self.platform
            .as_deref()
            .is_some_and(|p| p.eq_ignore_ascii_case("whatsapp"))
    }
}

impl IntoDomain<Account> for WireAccount {
    const NAME: &'static str = "account";
    type Context = ();

    fn into_domain(self, _: &()) -> Result<Account, WireError> {
        if self.id.is_empty() {
            return Err(WireError::Missing("_id"));
        }
        let status = if self.needs_reconnection {
            AccountStatus::Credentials
        } else if self.is_active == Some(false) {
            AccountStatus::Stopped
        } else {
            AccountStatus::Ok
        };
        let name = self
            .display_name
            .filter(|n| !n.trim().is_empty())
            .or(self.username)
            .unwrap_or_default();
        Ok(Account {
            id: crate::provider::late::ids::account_id(&self.id),
            name,
            // The contract's account has no phone field; the chats' participants do.
            phone_number: None,
            status,
            created_at: None,
            channel: Channel::WhatsApp,
            provider: Provider::Late,
        })
    }
}
