//! A tenant as real ones are: WhatsApp, LinkedIn and Telegram accounts beside mail and
//! calendar ones. The messaging accounts are listed with their channel; mail is never polled,
//! only counted, and `unibox accounts` says so.

use crate::cli_support;
use crate::sync_support;

use unibox::domain::Channel;
use unibox_sandbox::{LINKEDIN_ACCOUNT_NAME, MAIL_ACCOUNTS, SandboxServer, TELEGRAM_ACCOUNT_NAME};

use cli_support::{Home, assert_success, run, stdout};
use sync_support::{Cache, client, options, sandbox_with, sync};

async fn mixed_tenant() -> SandboxServer {
    sandbox_with(|config| config.mixed_channels = true).await
}

fn account_ids_named(server: &SandboxServer, names: &[&str]) -> Vec<String> {
    server
        .state()
        .accounts()
        .into_iter()
        .filter(|a| names.contains(&a.name.as_str()))
        .map(|a| a.id.0)
        .collect()
}

#[tokio::test]
async fn mail_accounts_are_never_polled_and_messaging_ones_are_listed_with_their_channel() {
    let server = mixed_tenant().await;
    let client = client(&server);
    let cache = Cache::new();
    let mail_names: Vec<&str> = MAIL_ACCOUNTS.iter().map(|(name, _)| *name).collect();
    let mail_ids = account_ids_named(&server, &mail_names);
    assert_eq!(mail_ids.len(), 2);

    let (outcome, _) = sync(&cache, &client.reader, &options()).await;
    let report = outcome.expect("the sync succeeds");
    assert_eq!(report.accounts_not_messaging, 2, "{report:?}");
    assert_eq!(
        report.accounts, 6,
        "4 WhatsApp, LinkedIn, Telegram: {report:?}"
    );

    let polled_mail: Vec<String> = server
        .requests()
        .into_iter()
        .filter(|r| r.path != "/api/v1/accounts")
        .filter(|r| {
            mail_ids.iter().any(|id| {
                r.path.contains(id.as_str())
                    || r.query.as_deref().is_some_and(|q| q.contains(id.as_str()))
            })
        })
        .map(|r| format!("{} {} {:?}", r.method, r.path, r.query))
        .collect();
    assert!(polled_mail.is_empty(), "mail was polled: {polled_mail:?}");

    let overview = cache.store.call(|db| db.account_overview()).await.unwrap();
    assert_eq!(overview.not_messaging, 2);
    let channel_of = |name: &str| {
        overview
            .accounts
            .iter()
            .find(|s| s.account.name == name)
            .map(|s| s.account.channel.clone())
    };
    assert_eq!(channel_of(LINKEDIN_ACCOUNT_NAME), Some(Channel::LinkedIn));
    assert_eq!(channel_of(TELEGRAM_ACCOUNT_NAME), Some(Channel::Telegram));
    assert_eq!(
        channel_of("Maison Argile – Support"),
        Some(Channel::WhatsApp)
    );
    for name in &mail_names {
        assert_eq!(channel_of(name), None, "{name} is not shown");
    }
    // The LinkedIn chat was fetched like any other.
    let linkedin = account_ids_named(&server, &[LINKEDIN_ACCOUNT_NAME]);
    let chats = {
        let filter = unibox::store::ChatFilter {
            account: Some(linkedin[0].clone().into()),
            include_archived: true,
            ..Default::default()
        };
        cache
            .store
            .call(move |db| db.chat_window(&filter, 0, u32::MAX))
            .await
            .unwrap()
    };
    assert_eq!(chats.len(), 1);
}

#[tokio::test]
async fn unibox_accounts_names_each_channel_and_counts_the_mail_accounts_it_leaves_out() {
    let server = mixed_tenant().await;
    let home = Home::new();
    let synced = run(home.unibox_for(&server), &["sync"]).await;
    assert_success(&synced);
    let summary = stdout(&synced);
    assert!(
        summary.contains("2 mail accounts not read (unibox reads messaging accounts only)"),
        "{summary}"
    );

    let text = run(home.unibox(), &["accounts"]).await;
    assert_success(&text);
    let text = stdout(&text);
    assert!(
        text.lines().last().is_some_and(
            |line| line == "2 mail accounts not shown (unibox reads messaging accounts only)"
        ),
        "{text}"
    );
    let linkedin_line = text
        .lines()
        .find(|line| line.starts_with(LINKEDIN_ACCOUNT_NAME))
        .expect("the LinkedIn account is listed");
    assert!(linkedin_line.ends_with("  LinkedIn"), "{linkedin_line}");
    for (name, _) in MAIL_ACCOUNTS {
        assert!(!text.contains(name), "{name} is not listed: {text}");
    }

    let json = run(home.unibox(), &["accounts", "--json"]).await;
    assert_success(&json);
    let rows: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    let channels: Vec<(String, String)> = rows
        .as_array()
        .expect("an array")
        .iter()
        .map(|row| {
            (
                row["name"].as_str().unwrap_or_default().to_owned(),
                row["channel"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    assert!(channels.contains(&(LINKEDIN_ACCOUNT_NAME.into(), "LINKEDIN".into())));
    assert!(channels.contains(&(TELEGRAM_ACCOUNT_NAME.into(), "TELEGRAM".into())));
    assert!(channels.contains(&("Maison Argile – Support".into(), "WHATSAPP".into())));
    assert_eq!(channels.len(), 6, "{channels:?}");
}
