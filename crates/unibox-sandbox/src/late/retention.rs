//! WhatsApp media lives in Meta's store for a limited time (currently 7 days); after that it
//! cannot be fetched again, ever.

use chrono::{DateTime, TimeDelta, Utc};

use super::records::LateAttachment;

pub const MEDIA_RETENTION: TimeDelta = TimeDelta::days(7);

/// Whether Meta still has the media of a message sent at `sent`.
pub fn media_available(
    attachment: &LateAttachment,
    sent: DateTime<Utc>,
    now: DateTime<Utc>,
) -> bool {
    !attachment.media.unavailable && now < sent + MEDIA_RETENTION
}
