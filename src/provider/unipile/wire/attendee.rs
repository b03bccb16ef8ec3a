//! `ChatAttendee`: `{"id","account_id","provider_id","name","is_self":0|1,"picture_url"?}`.

use serde::Deserialize;

use super::{FromWire, WireError, lenient};
use crate::domain::Attendee;

#[derive(Debug, Deserialize)]
pub struct WireAttendee {
    id: String,
    account_id: String,
    provider_id: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default, deserialize_with = "lenient::bool_flag")]
    is_self: bool,
    #[serde(default)]
    picture_url: Option<String>,
}

impl FromWire for Attendee {
    type Wire = WireAttendee;
    const NAME: &'static str = "attendee";

    fn from_wire(wire: WireAttendee) -> Result<Self, WireError> {
        Ok(Attendee {
            id: wire.id.into(),
            account_id: wire.account_id.into(),
            provider_id: wire.provider_id,
            name: wire.name,
            is_self: wire.is_self,
            picture_url: wire.picture_url,
        })
    }
}
