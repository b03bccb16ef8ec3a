//! What the soak checks: every touched message in the cache as the provider has it now (text,
//! deleted, edited, seen, reactions), and every act that shows on the chat list seen by each
//! inbox, with how long it took; no screen ever saying "locked".

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags, OptionalExtension};
use unibox::domain::MessageId;
use unibox_sandbox::late::{DeliveryStatus, LateSandbox};

use super::traffic::{Act, Provider, Touched};
use crate::e2e_support::{Inbox, Pty};

/// A message as the comparison needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    pub text: Option<String>,
    pub deleted: bool,
    pub edited: bool,
    pub seen: bool,
    /// (reaction, whether it is the shop's own), sorted.
    pub reactions: BTreeSet<(String, bool)>,
}

/// The provider's copy of `target`, now.
fn at_provider(inbox: &Inbox, late: &LateSandbox, target: &Touched) -> Option<Facts> {
    match target.provider {
        Provider::Unipile => {
            let m = inbox
                .server
                .state()
                .message(&MessageId::from(target.message.as_str()))?;
            Some(Facts {
                text: m.text.filter(|t| !t.is_empty()),
                deleted: m.deleted,
                edited: m.edited,
                seen: m.seen,
                reactions: m
                    .reactions
                    .into_iter()
                    .map(|r| (r.value, r.is_sender))
                    .collect(),
            })
        }
        Provider::Late => {
            let m = late
                .messages(&target.chat)
                .into_iter()
                .find(|m| m.id == target.message)?;
            Some(Facts {
                text: m.text.filter(|t| !t.is_empty()),
                deleted: m.is_deleted,
                edited: m.is_edited,
                seen: m.delivery_status == Some(DeliveryStatus::Read),
                reactions: m
                    .reactions
                    .into_iter()
                    .map(|r| (r.emoji, r.from_me))
                    .collect(),
            })
        }
    }
}

/// The cache's copy of `target`: by id for Unipile, by the wamid (the message's provider id)
/// for Late, whose cache ids are unibox's own.
fn in_cache(db: &Connection, target: &Touched) -> rusqlite::Result<Option<Facts>> {
    let (column, value) = match target.provider {
        Provider::Unipile => ("id", target.message.as_str()),
        Provider::Late => ("provider_id", target.message.as_str()),
    };
    let row = db
        .query_row(
            &format!("SELECT key, text, deleted, edited, seen FROM messages WHERE {column} = ?1"),
            [value],
            |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, Option<String>>(1)?,
                    row.get::<_, bool>(2)?,
                    row.get::<_, bool>(3)?,
                    row.get::<_, bool>(4)?,
                ))
            },
        )
        .optional()?;
    let Some((key, text, deleted, edited, seen)) = row else {
        return Ok(None);
    };
    let mut reactions =
        db.prepare("SELECT value, is_sender FROM reactions WHERE message_key = ?1")?;
    let reactions = reactions
        .query_map([key], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<BTreeSet<(String, bool)>>>()?;
    Ok(Some(Facts {
        text: text.filter(|t| !t.is_empty()),
        deleted,
        edited,
        seen,
        reactions,
    }))
}

/// Every touched message whose cached copy differs from the provider's, described.
pub fn cache_differences(inbox: &Inbox, late: &LateSandbox, acts: &[Act]) -> Vec<String> {
    let touched: BTreeSet<&Touched> = acts.iter().map(|act| &act.target).collect();
    let db = match open_read_only(&inbox.cache()) {
        Ok(db) => db,
        Err(error) => return vec![format!("the cache cannot be opened: {error}")],
    };
    touched
        .into_iter()
        .filter_map(|target| {
            let provider = at_provider(inbox, late, target);
            let cached = in_cache(&db, target);
            match cached {
                Ok(cached) if cached == provider => None,
                Ok(cached) => Some(format!(
                    "{target:?}: provider {provider:?}, cache {cached:?}"
                )),
                Err(error) => Some(format!("{target:?}: {error}")),
            }
        })
        .collect()
}

fn open_read_only(path: &Path) -> rusqlite::Result<Connection> {
    let db = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    db.busy_timeout(Duration::from_secs(5))?;
    Ok(db)
}

/// Waits until the cache agrees with the providers on every touched message, or `patience`
/// runs out; the differences left.
pub fn wait_for_cache(
    inbox: &Inbox,
    late: &LateSandbox,
    acts: &[Act],
    patience: Duration,
) -> Vec<String> {
    let deadline = Instant::now() + patience;
    loop {
        let differences = cache_differences(inbox, late, acts);
        if differences.is_empty() || Instant::now() >= deadline {
            return differences;
        }
        std::thread::sleep(Duration::from_millis(250));
    }
}

/// What one inbox's frames showed: when each token (`U0042`, `L0042 edited`) first appeared,
/// and the frames that said "locked".
pub struct Sightings {
    pub first_seen: HashMap<String, Instant>,
    pub frames: usize,
    pub locked: Vec<String>,
}

const EDITED: &str = " edited";

pub fn sightings(pty: &Pty) -> Sightings {
    let frames = pty.frames();
    let mut first_seen = HashMap::new();
    let mut locked = Vec::new();
    for frame in &frames {
        if frame.text.to_lowercase().contains("locked") {
            locked.push(frame.text.clone());
        }
        let bytes = frame.text.as_bytes();
        for start in 0..bytes.len().saturating_sub(4) {
            let is_token = matches!(bytes[start], b'U' | b'L')
                && (start == 0 || !bytes[start - 1].is_ascii_alphanumeric())
                && bytes[start + 1..start + 5].iter().all(u8::is_ascii_digit)
                && bytes
                    .get(start + 5)
                    .is_none_or(|b| !b.is_ascii_alphanumeric());
            if !is_token {
                continue;
            }
            let token = &frame.text[start..start + 5];
            first_seen.entry(token.to_owned()).or_insert(frame.at);
            if frame.text[start + 5..].starts_with(EDITED) {
                first_seen
                    .entry(format!("{token}{EDITED}"))
                    .or_insert(frame.at);
            }
        }
    }
    Sightings {
        first_seen,
        frames: frames.len(),
        locked,
    }
}

/// For one inbox: how long each act that shows took to appear, and the acts never seen.
pub struct Reach {
    pub lags: Vec<Duration>,
    pub missed: Vec<String>,
}

pub fn reach(acts: &[Act], seen: &Sightings) -> Reach {
    let mut lags = Vec::new();
    let mut missed = Vec::new();
    for act in acts {
        let Some(shows) = &act.shows else { continue };
        match seen.first_seen.get(shows) {
            Some(at) => lags.push(at.saturating_duration_since(act.at)),
            None => missed.push(shows.clone()),
        }
    }
    Reach { lags, missed }
}

/// Waits until `pty` has shown every act that shows, or `patience` runs out.
pub fn wait_for_screen(pty: &Pty, acts: &[Act], patience: Duration) -> (Reach, Sightings) {
    let deadline = Instant::now() + patience;
    loop {
        let seen = sightings(pty);
        let reached = reach(acts, &seen);
        if reached.missed.is_empty() || Instant::now() >= deadline {
            return (reached, seen);
        }
        std::thread::sleep(Duration::from_millis(500));
    }
}

/// `median min max` of `lags`, or "none".
pub fn spread(lags: &[Duration]) -> String {
    if lags.is_empty() {
        return "none".to_owned();
    }
    let mut sorted = lags.to_vec();
    sorted.sort();
    format!(
        "median {:?}, min {:?}, max {:?}",
        sorted[sorted.len() / 2],
        sorted[0],
        sorted[sorted.len() - 1]
    )
}
