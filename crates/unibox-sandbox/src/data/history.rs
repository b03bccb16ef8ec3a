//! One chat's history: scripts chosen for its topic and language, laid out backwards in time
//! from its last activity, then given what real chats have (reactions, quotes, edits, revoked
//! messages, media, read receipts).

use chrono::{DateTime, TimeDelta, Utc};
use rand::RngExt;
use rand::rngs::Xoshiro256PlusPlus;
use rand::seq::{IndexedRandom, SliceRandom};

use super::IdSource;
use super::plan::{ChatPlan, Ending, Shape, Topic};
use super::texts::{
    Body, CHANNEL_POSTS, Episode, Fill, GROUP_EVENTS, HOSTILE_TEXTS, Lang, Line, PRODUCTS,
    REACTIONS, Who, business_episodes, customer_episodes, follow_ups, group_episodes, long_text,
    replies_in_progress, team_pings, them,
};
use crate::state::{
    AttachmentContent, AttachmentKind, AttachmentRecord, AttendeeRecord, ChatRecord, MessageRecord,
    ReactionRecord,
};

/// The people of a chat as attendee records of its account.
pub struct Cast<'a> {
    pub own: &'a AttendeeRecord,
    pub others: &'a [AttendeeRecord],
    /// What `{name}` and `{city}` become in the scripts.
    pub first_name: String,
    pub cities: &'static [&'static str],
}

impl Cast<'_> {
    fn speaker(&self, who: Who) -> &AttendeeRecord {
        match who {
            Who::Us => self.own,
            Who::Them(n) => self
                .others
                .get(usize::from(n) % self.others.len().max(1))
                .unwrap_or(self.own),
        }
    }
}

enum Content {
    Text(String),
    Media { media: Media, caption: String },
    Event { event_type: u8, text: String },
}

enum Media {
    Photo,
    File(String),
    Voice,
    Video,
}

struct Draft {
    who: Who,
    content: Content,
    /// First line of a new conversation: a longer pause comes before it.
    opens_episode: bool,
}

pub struct Generator<'a> {
    pub rng: &'a mut Xoshiro256PlusPlus,
    pub ids: &'a mut IdSource,
    pub anchor: DateTime<Utc>,
}

impl Generator<'_> {
    pub fn history(
        &mut self,
        plan: &ChatPlan,
        chat: &ChatRecord,
        cast: &Cast,
    ) -> Vec<MessageRecord> {
        let drafts = self.drafts(plan, cast);
        let times = self.timeline(plan, &drafts);
        let mut history: Vec<MessageRecord> = drafts
            .into_iter()
            .zip(times)
            .map(|(draft, at)| self.record(chat, cast, draft, at))
            .collect();
        self.decorate(plan, cast, &mut history);
        self.settle_receipts(plan, cast, &mut history);
        history
    }

    fn drafts(&mut self, plan: &ChatPlan, cast: &Cast) -> Vec<Draft> {
        let tail = self.tail(plan, cast);
        let body_len = plan.messages.saturating_sub(tail.len());
        let mut drafts = Vec::with_capacity(plan.messages);
        if matches!(plan.shape, Shape::Group { .. }) && body_len > 10 {
            drafts.extend(self.group_opening(cast));
        }
        let pool = script_pool(plan.topic, plan.lang);
        // Every script once, in a shuffled order, before any repeats.
        let mut order: Vec<usize> = Vec::new();
        while drafts.len() < body_len {
            let fill = self.fill(cast);
            // The shop's long explanations go to customers.
            if plan.topic == Topic::Customer
                && self.rng.random_bool(0.06)
                && let Some(long) = long_text(plan.lang)
            {
                drafts.push(draft(Who::Us, Content::Text(fill.apply(long)), true));
            }
            if order.is_empty() {
                order = (0..pool.len()).collect();
                order.shuffle(self.rng);
            }
            let Some(episode) = order.pop().and_then(|index| pool.get(index)) else {
                break;
            };
            for (index, line) in episode.iter().enumerate() {
                drafts.push(draft(line.who, content(line.body, &fill), index == 0));
            }
        }
        drafts.truncate(body_len);
        drafts.extend(tail);
        drafts
    }

    /// The messages that end the chat as its plan says.
    fn tail(&mut self, plan: &ChatPlan, cast: &Cast) -> Vec<Draft> {
        let fill = self.fill(cast);
        match plan.ending {
            Ending::Settled => Vec::new(),
            Ending::OursUnseen => {
                let reply = replies_in_progress(plan.lang)
                    .choose(self.rng)
                    .copied()
                    .unwrap_or("👍");
                vec![draft(Who::Us, Content::Text(fill.apply(reply)), false)]
            }
            Ending::Unread(count) => {
                let pool = match plan.topic {
                    Topic::Spam => HOSTILE_TEXTS,
                    Topic::Channel => CHANNEL_POSTS,
                    Topic::Team => team_pings(plan.lang),
                    Topic::Customer | Topic::Business => follow_ups(plan.lang),
                };
                (0..count)
                    .map(|n| {
                        let text = pool
                            .get(n as usize % pool.len().max(1))
                            .copied()
                            .unwrap_or("🙂");
                        let who = Who::Them(u8::try_from(n).unwrap_or(0));
                        draft(who, Content::Text(fill.apply(text)), n == 0)
                    })
                    .collect()
            }
        }
    }

    fn group_opening(&mut self, cast: &Cast) -> Vec<Draft> {
        let mut opening = Vec::new();
        for (n, (event_type, template)) in GROUP_EVENTS.iter().take(2).enumerate() {
            // The creator is the first member; then the second one is added.
            let who = Who::Them(u8::try_from(n).unwrap_or(0));
            let name = cast.speaker(who).name.clone();
            let text = template.replace("{name}", &name);
            opening.push(draft(
                who,
                Content::Event {
                    event_type: *event_type,
                    text,
                },
                n == 0,
            ));
        }
        opening
    }

    fn fill(&mut self, cast: &Cast) -> Fill {
        let cents: u32 = self.rng.random_range(1_500..24_000);
        Fill {
            name: cast.first_name.clone(),
            order: format!("#MA-{}", self.rng.random_range(10_000..99_999)),
            product: PRODUCTS
                .choose(self.rng)
                .copied()
                .unwrap_or("Ondine")
                .to_owned(),
            price: format!("{},{:02} €", cents / 100, cents % 100),
            city: cast
                .cities
                .choose(self.rng)
                .copied()
                .unwrap_or("Lyon")
                .to_owned(),
            tracking: format!("6A{:011}", self.rng.random_range(0..100_000_000_000u64)),
        }
    }

    /// Times for the drafts, backwards from the chat's last activity: minutes apart inside a
    /// conversation, hours or days between conversations.
    fn timeline(&mut self, plan: &ChatPlan, drafts: &[Draft]) -> Vec<DateTime<Utc>> {
        // Real chats do not all end on the same second: up to a sixth of the age earlier
        // (capped at 3 h), but only seconds for our last messages, whose age the plan fixes
        // against the edit and delete windows.
        let jitter_cap = match plan.ending {
            Ending::OursUnseen => 30,
            _ => (plan.last_minutes_ago * 10).clamp(1, 3 * 3600),
        };
        let jitter = TimeDelta::seconds(self.rng.random_range(0..jitter_cap));
        let mut at = self.anchor - TimeDelta::minutes(plan.last_minutes_ago) - jitter;
        let mut times = vec![at; drafts.len()];
        for index in (0..drafts.len()).rev() {
            if let Some(slot) = times.get_mut(index) {
                *slot = at;
            }
            let pause_seconds = match drafts.get(index) {
                Some(d) if d.opens_episode => self.rng.random_range(3 * 3600..40 * 3600),
                _ => self.rng.random_range(20..540),
            };
            let jitter_ms = self.rng.random_range(0..1000);
            at -= TimeDelta::seconds(pause_seconds) + TimeDelta::milliseconds(jitter_ms);
        }
        times
    }

    fn record(
        &mut self,
        chat: &ChatRecord,
        cast: &Cast,
        draft: Draft,
        timestamp: DateTime<Utc>,
    ) -> MessageRecord {
        let sender = cast.speaker(draft.who);
        let is_sender = draft.who == Who::Us;
        let (text, attachments, event_type) = match draft.content {
            Content::Text(text) => (Some(text), Vec::new(), None),
            Content::Media { media, caption } => {
                let attachment = self.attachment(media);
                (
                    Some(caption).filter(|c| !c.is_empty()),
                    vec![attachment],
                    None,
                )
            }
            Content::Event { event_type, text } => (Some(text), Vec::new(), Some(event_type)),
        };
        MessageRecord {
            id: self.ids.message(),
            account_id: chat.account_id.clone(),
            chat_id: chat.id.clone(),
            chat_provider_id: chat.provider_id.clone(),
            provider_id: self.ids.message_provider_id(is_sender),
            sender_id: sender.provider_id.clone(),
            sender_attendee_id: sender.id.clone(),
            text,
            attachments,
            timestamp,
            is_sender,
            quoted: None,
            reactions: Vec::new(),
            seen: true,
            seen_by: Vec::new(),
            delivered: true,
            deleted: false,
            edited: false,
            event_type,
        }
    }

    fn attachment(&mut self, media: Media) -> AttachmentRecord {
        let (kind, mimetype, file_size, file_name) = match media {
            Media::Photo => {
                let &(width, height) = [(1080, 1350), (1600, 1200), (1200, 1600), (4032, 3024)]
                    .choose(self.rng)
                    .unwrap_or(&(1600, 1200));
                let size = self.rng.random_range(80_000..2_400_000);
                (
                    AttachmentKind::Image { width, height },
                    "image/jpeg".to_owned(),
                    size,
                    None,
                )
            }
            Media::File(name) => {
                let size = self.rng.random_range(30_000..900_000);
                (
                    AttachmentKind::File,
                    mimetype_of(&name).to_owned(),
                    size,
                    Some(name),
                )
            }
            Media::Voice => {
                let duration_secs = self.rng.random_range(4..95);
                let kind = AttachmentKind::Audio {
                    voice_note: true,
                    duration_secs,
                };
                (
                    kind,
                    "audio/ogg; codecs=opus".to_owned(),
                    u64::from(duration_secs) * 4_000,
                    None,
                )
            }
            Media::Video => {
                let size = self.rng.random_range(2_000_000..12_000_000);
                let kind = AttachmentKind::Video {
                    width: 1280,
                    height: 720,
                };
                (kind, "video/mp4".to_owned(), size, None)
            }
        };
        AttachmentRecord {
            id: self.ids.attachment(),
            kind,
            mimetype,
            file_size,
            file_name,
            unavailable: false,
            content: AttachmentContent::Generated {
                seed: self.ids.content_seed(),
            },
        }
    }

    /// Reactions, quoted replies, edits and revoked messages, away from the chat's last few
    /// messages (which the plan fixes).
    fn decorate(&mut self, plan: &ChatPlan, cast: &Cast, history: &mut [MessageRecord]) {
        let settled = history.len().saturating_sub(3);
        let group = matches!(plan.shape, Shape::Group { .. });
        for index in 0..settled {
            if history.get(index).is_none_or(MessageRecord::is_event) {
                continue;
            }
            if index >= 3 && self.rng.random_bool(0.08) {
                let back = self.rng.random_range(1..=index.min(6));
                let quoted = history
                    .get(index - back)
                    .filter(|m| !m.is_event() && !m.deleted)
                    .map(MessageRecord::as_quoted);
                if let Some(message) = history.get_mut(index) {
                    message.quoted = quoted;
                }
            }
            let Some(message) = history.get_mut(index) else {
                continue;
            };
            if !plan.reactions_disabled && self.rng.random_bool(if group { 0.2 } else { 0.12 }) {
                message.reactions = self.reactions(cast, message, group);
            }
            if message.is_sender && message.text.is_some() && self.rng.random_bool(0.04) {
                message.edited = true;
            }
            if self.rng.random_bool(0.025) {
                message.deleted = true;
                message.text = None;
                message.attachments.clear();
                message.quoted = None;
                message.reactions.clear();
            }
        }
    }

    fn reactions(
        &mut self,
        cast: &Cast,
        message: &MessageRecord,
        group: bool,
    ) -> Vec<ReactionRecord> {
        let reactors: Vec<&AttendeeRecord> = std::iter::once(cast.own)
            .chain(cast.others.iter())
            .filter(|a| a.provider_id != message.sender_id)
            .collect();
        let count = if group {
            self.rng.random_range(1..=3)
        } else {
            1
        };
        reactors
            .sample(self.rng, count)
            .map(|reactor| ReactionRecord {
                value: REACTIONS
                    .choose(self.rng)
                    .copied()
                    .unwrap_or("👍")
                    .to_owned(),
                sender_id: reactor.provider_id.clone(),
                is_sender: reactor.is_self,
            })
            .collect()
    }

    /// Who has read what: everything, except the unread tail and our unseen last message.
    fn settle_receipts(&mut self, plan: &ChatPlan, cast: &Cast, history: &mut [MessageRecord]) {
        let unread_from = match plan.ending {
            Ending::Unread(count) => history.len().saturating_sub(count as usize),
            _ => history.len(),
        };
        let last = history.len().saturating_sub(1);
        for (index, message) in history.iter_mut().enumerate() {
            if !message.is_sender {
                message.seen = index < unread_from;
                continue;
            }
            let unseen = plan.ending == Ending::OursUnseen && index == last;
            message.seen = !unseen;
            if message.seen {
                let delay = TimeDelta::seconds(self.rng.random_range(30..3_600));
                let read_at = (message.timestamp + delay).min(self.anchor);
                message.seen_by = cast
                    .others
                    .iter()
                    .map(|a| (a.provider_id.clone(), read_at))
                    .collect();
            }
        }
    }
}

fn draft(who: Who, content: Content, opens_episode: bool) -> Draft {
    Draft {
        who,
        content,
        opens_episode,
    }
}

fn content(body: Body, fill: &Fill) -> Content {
    let media = |media, caption: &str| Content::Media {
        media,
        caption: fill.apply(caption),
    };
    match body {
        Body::Text(text) => Content::Text(fill.apply(text)),
        Body::Photo(caption) => media(Media::Photo, caption),
        Body::File(name, caption) => media(Media::File(fill.apply(name)), caption),
        Body::Voice => media(Media::Voice, ""),
        Body::Video(caption) => media(Media::Video, caption),
    }
}

/// Scripts for a topic; channel posts and spam come one message at a time.
fn script_pool(topic: Topic, lang: Lang) -> Vec<Vec<Line>> {
    let scripts = |episodes: &[Episode]| episodes.iter().map(|e| e.to_vec()).collect();
    let posts = |texts: &[&'static str]| texts.iter().map(|t| vec![them(t)]).collect();
    match topic {
        Topic::Customer => scripts(customer_episodes(lang)),
        Topic::Business => scripts(business_episodes(lang)),
        Topic::Team => scripts(group_episodes(lang)),
        Topic::Channel => posts(CHANNEL_POSTS),
        Topic::Spam => posts(HOSTILE_TEXTS),
    }
}

fn mimetype_of(file_name: &str) -> &'static str {
    match file_name.rsplit('.').next() {
        Some("pdf") => "application/pdf",
        Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Some("jpg" | "jpeg") => "image/jpeg",
        _ => "application/octet-stream",
    }
}
