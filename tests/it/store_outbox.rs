//! The outbox state machine, crash recovery, reconciliation, the audit trail, drafts.

use crate::store_support;

use std::path::PathBuf;

use store_support::*;
use unibox::domain::{Chat, ChatId, MessageId};
use unibox::store::{
    AuditOutcome, ContentDigest, Db, Draft, NewOutboxEntry, OutboxAction, OutboxFile, OutboxState,
    ServerIds, StoreError,
};
use unibox::store::{ChatFilter, Unsent, took_effect};

fn db() -> (Db, Chat) {
    let mut db = Db::open_in_memory().unwrap();
    db.upsert_accounts(&[account("a1")]).unwrap();
    let c = chat("c1", "a1", Some(minute(0)));
    db.upsert_chats(std::slice::from_ref(&c)).unwrap();
    (db, c)
}

fn send(text: &str) -> NewOutboxEntry {
    NewOutboxEntry {
        account_id: "a1".into(),
        chat_id: Some("c1".into()),
        target_message_id: None,
        action: OutboxAction::Send {
            text: text.into(),
            quote_id: None,
            attachments: vec![],
            template: None,
        },
    }
}

fn on_target(action: OutboxAction, target: &str) -> NewOutboxEntry {
    NewOutboxEntry {
        account_id: "a1".into(),
        chat_id: Some("c1".into()),
        target_message_id: Some(target.into()),
        action,
    }
}

#[test]
fn a_pushed_entry_is_pending_with_its_payload() {
    let (mut db, _) = db();
    let entry = NewOutboxEntry {
        action: OutboxAction::Send {
            text: "hello".into(),
            quote_id: Some("m0".into()),
            attachments: vec![OutboxFile {
                path: PathBuf::from("/tmp/q3 report.pdf"),
                size: 48_213,
            }],
            template: None,
        },
        ..send("")
    };
    let pushed = db.outbox_push(&entry).unwrap();
    assert_eq!(pushed.state, OutboxState::Pending);
    assert_eq!(pushed.attempts, 1);
    assert_eq!(pushed.action, entry.action);
    assert_eq!(pushed.chat_id, entry.chat_id);
    assert_eq!(db.outbox_entry(pushed.id).unwrap(), Some(pushed.clone()));
    assert_eq!(db.outbox_open_entries().unwrap(), vec![pushed]);
}

#[test]
fn every_legal_transition_is_allowed_and_every_other_refused() {
    use OutboxState::*;
    let states = [Pending, Sent, Failed, Unknown];
    let legal = [
        (Pending, Sent),
        (Pending, Failed),
        (Pending, Unknown),
        (Unknown, Sent),
        (Unknown, Failed),
        (Failed, Pending),
    ];
    for from in states {
        for to in states {
            assert_eq!(
                from.can_become(to),
                legal.contains(&(from, to)),
                "{from} -> {to}"
            );
        }
    }
}

#[test]
fn the_store_enforces_the_state_machine() {
    let (mut db, _) = db();
    let id = db.outbox_push(&send("one")).unwrap().id;
    let sent = db
        .outbox_mark_sent(
            id,
            &ServerIds {
                message_id: Some("srv-1".into()),
                chat_id: None,
            },
        )
        .unwrap();
    assert_eq!(sent.state, OutboxState::Sent);
    assert_eq!(sent.server_message_id, Some(MessageId::from("srv-1")));
    for attempt in [
        db.outbox_retry(id),
        db.outbox_mark_failed(id, "late error"),
        db.outbox_mark_unknown(id, "late timeout"),
        db.outbox_mark_sent(id, &ServerIds::default()),
    ] {
        match attempt {
            Err(StoreError::IllegalTransition { from, .. }) => assert_eq!(from, OutboxState::Sent),
            other => panic!("a sent entry moved: {other:?}"),
        }
    }
    assert_eq!(
        db.outbox_entry(id).unwrap().unwrap(),
        sent,
        "unchanged by refusals"
    );

    let unknown = db.outbox_push(&send("two")).unwrap().id;
    db.outbox_mark_unknown(unknown, "timeout").unwrap();
    assert!(matches!(
        db.outbox_retry(unknown),
        Err(StoreError::IllegalTransition {
            from: OutboxState::Unknown,
            to: OutboxState::Pending,
            ..
        })
    ));
    let failed = db.outbox_mark_failed(unknown, "not delivered").unwrap();
    assert_eq!(failed.error.as_deref(), Some("not delivered"));

    let retried = db.outbox_retry(unknown).unwrap();
    assert_eq!(retried.state, OutboxState::Pending);
    assert_eq!(retried.attempts, 2);
    assert_eq!(retried.error, None);
    assert!(matches!(
        db.outbox_retry(unknown),
        Err(StoreError::IllegalTransition {
            from: OutboxState::Pending,
            ..
        })
    ));

    let missing = unibox::store::OutboxId(9_999);
    assert!(matches!(
        db.outbox_mark_failed(missing, "x"),
        Err(StoreError::NoSuchOutboxEntry(_))
    ));
}

#[test]
fn recovery_turns_cut_off_entries_into_unknown() {
    let (mut db, _) = db();
    let cut_off = db.outbox_push(&send("in flight")).unwrap().id;
    let done = db.outbox_push(&send("done")).unwrap().id;
    db.outbox_mark_sent(done, &ServerIds::default()).unwrap();
    let failed = db.outbox_push(&send("failed")).unwrap().id;
    db.outbox_mark_failed(failed, "refused").unwrap();

    let open = db.outbox_recover().unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].id, cut_off);
    assert_eq!(open[0].state, OutboxState::Unknown);
    assert!(open[0].error.is_some());
    assert!(db.outbox_recover().unwrap().iter().all(|e| e.id == cut_off));
}

#[test]
fn reconciliation_settles_unknown_entries_whose_effect_is_cached() {
    let (mut db, c) = db();
    let mut theirs = message("t1", &c, minute(0), "their message");
    theirs.reactions = vec![];
    let mut own_old = message("o1", &c, minute(0), "edit me");
    own_old.is_sender = true;
    let delete_me = {
        let mut m = message("d1", &c, minute(0), "delete me");
        m.is_sender = true;
        m
    };
    db.upsert_messages(&[theirs.clone(), own_old.clone(), delete_me.clone()])
        .unwrap();

    let sent_text = db.outbox_push(&send("did it arrive?")).unwrap().id;
    let never_arrived = db.outbox_push(&send("lost in the void")).unwrap().id;
    let react = db
        .outbox_push(&on_target(
            OutboxAction::React {
                reaction: "👍".into(),
            },
            "t1",
        ))
        .unwrap()
        .id;
    let edit = db
        .outbox_push(&on_target(
            OutboxAction::Edit {
                text: "edited".into(),
            },
            "o1",
        ))
        .unwrap()
        .id;
    let delete = db
        .outbox_push(&on_target(OutboxAction::Delete, "d1"))
        .unwrap()
        .id;
    for id in [sent_text, never_arrived, react, edit, delete] {
        db.outbox_mark_unknown(id, "timeout").unwrap();
    }
    assert!(
        db.outbox_reconcile(&c.id).unwrap().is_empty(),
        "nothing visible yet"
    );

    // Sync brings the chat's latest state.
    let now = chrono::Utc::now();
    let mut arrived = message("srv-9", &c, now, "did it arrive?");
    arrived.is_sender = true;
    theirs.reactions = vec![reaction("👍", "me", true)];
    own_old.text = Some("edited".into());
    own_old.edited = true;
    let mut deleted = delete_me;
    deleted.deleted = true;
    deleted.text = None;
    db.upsert_messages(&[arrived, theirs, own_old, deleted])
        .unwrap();

    let settled = db.outbox_reconcile(&c.id).unwrap();
    let mut ids: Vec<_> = settled.iter().map(|e| e.id).collect();
    ids.sort();
    assert_eq!(ids, vec![sent_text, react, edit, delete]);
    assert!(settled.iter().all(|e| e.state == OutboxState::Sent));
    let text_entry = db.outbox_entry(sent_text).unwrap().unwrap();
    assert_eq!(text_entry.server_message_id, Some(MessageId::from("srv-9")));
    assert_eq!(
        db.outbox_entry(never_arrived).unwrap().unwrap().state,
        OutboxState::Unknown,
        "no proof: the user decides"
    );
}

#[test]
fn an_edit_is_judged_by_the_one_rule_whether_read_back_or_reconciled() {
    let (mut db, c) = db();
    let mut own = message("o1", &c, minute(0), "edit me");
    own.is_sender = true;
    db.upsert_messages(std::slice::from_ref(&own)).unwrap();
    let edit = OutboxAction::Edit {
        text: "  the new text ".into(),
    };
    let entry = db.outbox_push(&on_target(edit.clone(), "o1")).unwrap().id;
    db.outbox_mark_unknown(entry, "timeout").unwrap();
    assert!(!took_effect(&edit, &own), "not edited yet");
    assert!(db.outbox_reconcile(&c.id).unwrap().is_empty());

    // The provider keeps the text without the spaces around it.
    own.text = Some("the new text".into());
    own.edited = true;
    assert!(took_effect(&edit, &own), "read back after the request");
    db.upsert_messages(std::slice::from_ref(&own)).unwrap();
    let settled = db.outbox_reconcile(&c.id).unwrap();
    assert_eq!(
        settled.iter().map(|e| e.id).collect::<Vec<_>>(),
        [entry],
        "reconciled from the cache by the same rule"
    );
}

#[test]
fn one_arrived_message_settles_only_one_of_two_identical_sends() {
    let (mut db, c) = db();
    let first = db.outbox_push(&send("ok")).unwrap().id;
    let second = db.outbox_push(&send("ok")).unwrap().id;
    db.outbox_mark_unknown(first, "timeout").unwrap();
    db.outbox_mark_unknown(second, "timeout").unwrap();
    let mut arrived = message("srv-1", &c, chrono::Utc::now(), "ok");
    arrived.is_sender = true;
    db.upsert_messages(&[arrived]).unwrap();
    let settled = db.outbox_reconcile(&c.id).unwrap();
    assert_eq!(
        settled.iter().map(|e| e.id).collect::<Vec<_>>(),
        vec![first]
    );
    assert_eq!(
        db.outbox_entry(second).unwrap().unwrap().state,
        OutboxState::Unknown
    );
}

#[test]
fn the_thread_shows_unsettled_entries_and_sends_not_synced_yet() {
    let (mut db, c) = db();
    let pending = db.outbox_push(&send("pending")).unwrap().id;
    let synced = db.outbox_push(&send("synced")).unwrap().id;
    let not_synced = db.outbox_push(&send("not synced")).unwrap().id;
    let mut other_chat = send("elsewhere");
    other_chat.chat_id = Some("c2".into());
    db.outbox_push(&other_chat).unwrap();
    for (id, server) in [(synced, "srv-a"), (not_synced, "srv-b")] {
        db.outbox_mark_sent(
            id,
            &ServerIds {
                message_id: Some(server.into()),
                chat_id: None,
            },
        )
        .unwrap();
    }
    let mut m = message("srv-a", &c, minute(1), "synced");
    m.is_sender = true;
    db.upsert_messages(&[m]).unwrap();
    let shown: Vec<_> = db
        .outbox_for_chat(&c.id)
        .unwrap()
        .into_iter()
        .map(|e| e.id)
        .collect();
    assert_eq!(shown, vec![pending, not_synced]);
}

#[test]
fn every_outbox_step_leaves_an_audit_line_with_the_payload_digest() {
    let (mut db, _) = db();
    let entry = db.outbox_push(&send("audited")).unwrap();
    db.outbox_mark_unknown(entry.id, "timeout").unwrap();
    db.outbox_mark_failed(entry.id, "gave up").unwrap();
    let log = db.audit_log(10).unwrap();
    let outcomes: Vec<AuditOutcome> = log.iter().map(|l| l.event.outcome).collect();
    assert_eq!(
        outcomes,
        [
            AuditOutcome::Failed,
            AuditOutcome::Unknown,
            AuditOutcome::Pending
        ]
    );
    let payload = serde_json::to_string(&entry.action).unwrap();
    for line in &log {
        assert_eq!(line.event.outbox_id, Some(entry.id));
        assert_eq!(line.event.action, "send");
        assert_eq!(line.event.chat_id, Some(ChatId::from("c1")));
        assert_eq!(
            line.event.digest,
            Some(ContentDigest::of(payload.as_bytes()))
        );
    }
    assert_eq!(log[0].event.detail.as_deref(), Some("gave up"));
    assert_eq!(db.audit_log(1).unwrap().len(), 1);
}

#[test]
fn digests_are_sha256_in_hex() {
    assert_eq!(
        ContentDigest::of(b"abc").as_str(),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
}

#[test]
fn drafts_are_kept_per_chat_and_an_empty_one_is_removed() {
    let (mut db, c) = db();
    let draft = Draft {
        chat_id: c.id.clone(),
        text: "half-written reply…".into(),
        quote_id: Some("m7".into()),
        attachments: vec![PathBuf::from("/home/me/photo.jpg")],
    };
    db.put_draft(&draft).unwrap();
    db.put_draft(&Draft {
        chat_id: "c-other".into(),
        text: "other".into(),
        ..Draft::default()
    })
    .unwrap();
    assert_eq!(db.draft(&c.id).unwrap().unwrap().draft, draft);
    assert_eq!(db.chats_with_drafts().unwrap().len(), 2);

    let rewritten = Draft {
        text: "rewritten".into(),
        quote_id: None,
        attachments: vec![],
        ..draft
    };
    db.put_draft(&rewritten).unwrap();
    assert_eq!(db.draft(&c.id).unwrap().unwrap().draft, rewritten);

    db.put_draft(&Draft {
        chat_id: c.id.clone(),
        ..Draft::default()
    })
    .unwrap();
    assert_eq!(db.draft(&c.id).unwrap(), None);
    db.delete_draft(&"c-other".into()).unwrap();
    assert!(db.chats_with_drafts().unwrap().is_empty());
}

#[test]
fn dismissed_entries_leave_the_thread_but_not_the_audit_log() {
    let (mut db, c) = db();
    let failed = db.outbox_push(&send("failed one")).unwrap();
    db.outbox_mark_failed(failed.id, "rate limited").unwrap();
    let unknown = db.outbox_push(&send("unknown one")).unwrap();
    db.outbox_mark_unknown(unknown.id, "timeout").unwrap();
    let pending = db.outbox_push(&send("pending one")).unwrap();
    assert_eq!(db.outbox_for_chat(&c.id).unwrap().len(), 3);

    let dismissed = db.outbox_dismiss(failed.id).unwrap();
    assert_eq!(dismissed.state, OutboxState::Failed);
    // An unknown entry is given up as failed, so no later reconciliation can revive it.
    let dismissed = db.outbox_dismiss(unknown.id).unwrap();
    assert_eq!(dismissed.state, OutboxState::Failed);
    assert_eq!(dismissed.error.as_deref(), Some("dismissed"));
    // A pending action is in flight: it cannot be dismissed.
    assert!(matches!(
        db.outbox_dismiss(pending.id),
        Err(StoreError::IllegalTransition { .. })
    ));
    let shown: Vec<_> = db.outbox_for_chat(&c.id).unwrap();
    assert_eq!(
        shown.iter().map(|e| e.id).collect::<Vec<_>>(),
        vec![pending.id]
    );
    assert!(db.outbox_reconcile(&c.id).unwrap().is_empty());
    let audit = db.audit_log(100).unwrap();
    assert!(
        audit.len() >= 5,
        "every step is in the audit log: {audit:?}"
    );
    // Each dismissal is one line that says so, not another failure.
    let lines_of = |id| {
        audit
            .iter()
            .filter(|l| l.event.outbox_id == Some(id))
            .map(|l| l.event.outcome)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        lines_of(failed.id),
        [
            AuditOutcome::Dismissed,
            AuditOutcome::Failed,
            AuditOutcome::Pending
        ]
    );
    assert_eq!(
        lines_of(unknown.id),
        [
            AuditOutcome::Dismissed,
            AuditOutcome::Unknown,
            AuditOutcome::Pending
        ]
    );
}

#[test]
fn a_chat_marked_read_has_its_audit_line() {
    let (mut db, c) = db();
    db.audit_mark_read(&c.account_id, &c.id, None).unwrap();
    db.audit_mark_read(
        &c.account_id,
        &c.id,
        Some("the server could not be reached"),
    )
    .unwrap();
    let audit = db.audit_log(10).unwrap();
    let lines: Vec<_> = audit
        .iter()
        .map(|l| {
            (
                l.event.action.as_str(),
                l.event.outcome,
                l.event.detail.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            (
                "mark_read",
                AuditOutcome::Failed,
                Some("the server could not be reached")
            ),
            ("mark_read", AuditOutcome::Sent, None),
        ]
    );
    assert!(
        audit
            .iter()
            .all(|l| l.event.chat_id.as_ref() == Some(&c.id))
    );
}

#[test]
fn an_entry_has_a_key_of_its_own_and_a_resend_keeps_it() {
    let (mut db, _) = db();
    let first = db.outbox_push(&send("hello")).unwrap();
    let other = db.outbox_push(&send("hello")).unwrap();
    let key = first.idempotency_key.clone().expect("a key");
    assert!(key.starts_with("unibox-") && key.len() > 20, "{key}");
    assert_ne!(
        other.idempotency_key, first.idempotency_key,
        "each entry has its own"
    );
    db.outbox_mark_unknown(first.id, "timed out").unwrap();
    let again = db.outbox_push_again(first.id, &send("hello")).unwrap();
    assert_ne!(again.id, first.id);
    assert_eq!(
        again.idempotency_key.as_deref(),
        Some(key.as_str()),
        "a resend carries the key of the attempt it repeats"
    );
    db.outbox_mark_unknown(again.id, "timed out again").unwrap();
    let third = db.outbox_push_again(again.id, &send("hello")).unwrap();
    assert_eq!(third.idempotency_key.as_deref(), Some(key.as_str()));
}

#[test]
fn a_retry_replaces_the_entry_it_retries_in_one_step() {
    let (mut db, c) = db();
    let first = db.outbox_push(&send("hello")).unwrap();
    db.outbox_mark_unknown(first.id, "timed out").unwrap();
    let again = db.outbox_push_again(first.id, &send("hello")).unwrap();
    assert_eq!(again.state, OutboxState::Pending);
    let earlier = db.outbox_entry(first.id).unwrap().unwrap();
    assert_eq!(
        earlier.state,
        OutboxState::Failed,
        "no message can settle it any more"
    );
    let shown: Vec<_> = db
        .outbox_for_chat(&c.id)
        .unwrap()
        .iter()
        .map(|e| e.id)
        .collect();
    assert_eq!(shown, [again.id]);
    // A sent entry is final: retrying it is refused, and nothing is pushed.
    db.outbox_mark_sent(again.id, &ServerIds::default())
        .unwrap();
    assert!(matches!(
        db.outbox_push_again(again.id, &send("hello")),
        Err(StoreError::IllegalTransition { .. })
    ));
    assert!(db.outbox_open_entries().unwrap().is_empty());
}

fn unsent_of(db: &Db, chat: &str) -> Option<Unsent> {
    let rows = db.chat_window(&ChatFilter::default(), 0, 50).unwrap();
    let row = rows.iter().find(|r| r.chat.id.as_str() == chat).unwrap();
    assert_eq!(db.chat(&row.chat.id).unwrap().unwrap().unsent, row.unsent);
    row.unsent
}

#[test]
fn the_chat_list_marks_chats_with_actions_not_sent_until_sent_again_dismissed_or_settled() {
    let (mut db, _) = db();
    db.upsert_chats(&[chat("c2", "a1", Some(minute(1)))])
        .unwrap();
    assert_eq!(unsent_of(&db, "c1"), None);

    // Pending is on its way, not yet a problem.
    let first = db.outbox_push(&send("one")).unwrap();
    assert_eq!(unsent_of(&db, "c1"), None);
    db.outbox_mark_failed(first.id, "not sent: refused")
        .unwrap();
    assert_eq!(unsent_of(&db, "c1"), Some(Unsent::Failed));
    assert_eq!(unsent_of(&db, "c2"), None, "only the chat of the action");

    // Sent again: the new attempt is pending and the failed one dismissed.
    let again = db.outbox_push_again(first.id, &send("one")).unwrap();
    assert_eq!(unsent_of(&db, "c1"), None);
    db.outbox_mark_unknown(again.id, "timed out").unwrap();
    assert_eq!(unsent_of(&db, "c1"), Some(Unsent::Unknown));

    // A failure outranks an unknown outcome in the same chat.
    let second = db.outbox_push(&send("two")).unwrap();
    db.outbox_mark_failed(second.id, "not sent: refused")
        .unwrap();
    assert_eq!(unsent_of(&db, "c1"), Some(Unsent::Failed));
    db.outbox_dismiss(second.id).unwrap();
    assert_eq!(unsent_of(&db, "c1"), Some(Unsent::Unknown));

    // Settled (the user saw it arrive): no mark.
    db.outbox_mark_sent(again.id, &ServerIds::default())
        .unwrap();
    assert_eq!(unsent_of(&db, "c1"), None);
}

#[test]
fn the_unsent_mark_is_looked_up_through_the_outbox_index() {
    let (db, _) = db();
    let plan = db.chat_window_plan(&ChatFilter::default()).unwrap();
    let outbox: Vec<_> = plan.iter().filter(|s| s.contains(" o ")).collect();
    assert!(!outbox.is_empty(), "{plan:?}");
    for step in outbox {
        assert!(step.contains("INDEX outbox_by_chat"), "{plan:?}");
    }
}

#[test]
fn the_review_of_every_chat_lists_failed_and_unknown_actions_with_their_chat() {
    let (mut db, _) = db();
    db.upsert_chats(&[chat("c2", "a1", Some(minute(1)))])
        .unwrap();
    let failed = db.outbox_push(&send("one")).unwrap();
    db.outbox_mark_failed(failed.id, "not sent: refused")
        .unwrap();
    let elsewhere = db
        .outbox_push(&NewOutboxEntry {
            chat_id: Some("c2".into()),
            ..send("two")
        })
        .unwrap();
    db.outbox_mark_unknown(elsewhere.id, "timed out").unwrap();
    let sent = db.outbox_push(&send("three")).unwrap();
    db.outbox_mark_sent(sent.id, &ServerIds::default()).unwrap();
    db.outbox_push(&send("on its way")).unwrap();

    let listed: Vec<(i64, Option<String>)> = db
        .outbox_unsent()
        .unwrap()
        .into_iter()
        .map(|u| (u.entry.id.0, u.chat.map(|c| c.chat.id.as_str().to_owned())))
        .collect();
    assert_eq!(
        listed,
        vec![
            (failed.id.0, Some("c1".to_owned())),
            (elsewhere.id.0, Some("c2".to_owned()))
        ]
    );
    db.outbox_dismiss(failed.id).unwrap();
    assert_eq!(db.outbox_unsent().unwrap().len(), 1);
}

fn chat_change(change: unibox::domain::ChatChange) -> NewOutboxEntry {
    NewOutboxEntry {
        account_id: "a1".into(),
        chat_id: Some("c1".into()),
        target_message_id: None,
        action: OutboxAction::ChatChange { change },
    }
}

#[test]
fn a_chat_change_is_an_outbox_entry_of_its_own_kind_and_its_effect_is_read_from_the_chat() {
    use unibox::domain::ChatChange;
    let (mut db, _) = db();
    let archive = db.outbox_push(&chat_change(ChatChange::Archive)).unwrap();
    assert_eq!(archive.state, OutboxState::Pending);
    assert_eq!(
        archive.action,
        OutboxAction::ChatChange {
            change: ChatChange::Archive
        }
    );
    let mute = db.outbox_push(&chat_change(ChatChange::Mute)).unwrap();
    db.outbox_mark_unknown(archive.id, "timed out").unwrap();
    db.outbox_mark_unknown(mute.id, "timed out").unwrap();

    // Nothing in the cache shows either change yet: both stay unknown.
    assert!(db.outbox_reconcile(&"c1".into()).unwrap().is_empty());

    // The provider's answer, written into the cache: the chat shows the archive, not a mute.
    let shown = db
        .apply_chat_change(&"c1".into(), ChatChange::Archive)
        .unwrap()
        .expect("the chat is cached");
    assert!(shown.chat.archived);
    let settled = db.outbox_reconcile(&"c1".into()).unwrap();
    assert_eq!(
        settled.iter().map(|e| e.id).collect::<Vec<_>>(),
        [archive.id]
    );
    assert_eq!(
        db.outbox_entry(mute.id).unwrap().unwrap().state,
        OutboxState::Unknown
    );
    // An archived chat leaves the chat list for the archived view.
    let listed = |filter: &ChatFilter| db.chat_count(filter).unwrap();
    assert_eq!(listed(&ChatFilter::default()), 0);
    let archived = ChatFilter {
        archived_only: true,
        ..ChatFilter::default()
    };
    assert_eq!(listed(&archived), 1);
    assert!(
        db.apply_chat_change(&"gone".into(), ChatChange::Mute)
            .unwrap()
            .is_none()
    );
}
