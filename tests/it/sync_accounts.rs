//! One account's trouble stays that account's: a 401 about a linked account (a checkpoint,
//! expired credentials...) skips it with the fix in words, and the others keep syncing; a 401
//! on the list of accounts is the key's and stops the run.

use crate::sync_support;

use unibox::domain::{AccountId, AccountTrouble};
use unibox::provider::ProviderError;
use unibox::store::AccountOverview;
use unibox::sync::SyncError;
use unibox_sandbox::{AccountRefusal, SandboxServer};

use sync_support::{Cache, client, options, sandbox, sync};

fn account_named(server: &SandboxServer, name: &str) -> AccountId {
    server
        .state()
        .accounts()
        .into_iter()
        .find(|a| a.name.contains(name))
        .map(|a| a.id)
        .expect("account")
}

async fn overview(cache: &Cache) -> AccountOverview {
    cache.store.call(|db| db.account_overview()).await.unwrap()
}

async fn cached_chats_of(cache: &Cache, account: &AccountId) -> usize {
    let account = account.clone();
    cache
        .store
        .call(move |db| {
            let filter = unibox::store::ChatFilter {
                account: Some(account),
                include_archived: true,
                ..Default::default()
            };
            db.chat_window(&filter, 0, u32::MAX).map(|rows| rows.len())
        })
        .await
        .unwrap()
}

#[tokio::test]
async fn a_checkpoint_on_one_account_skips_it_in_words_and_the_others_sync() {
    let server = sandbox().await;
    let client = client(&server);
    let cache = Cache::new();
    let sales = account_named(&server, "Ventes");
    let support = account_named(&server, "Support");
    server.faults().update(|f| {
        f.account_refusals
            .insert(sales.0.clone(), AccountRefusal::CheckpointError);
    });

    let (outcome, _) = sync(&cache, &client.reader, &options()).await;
    let report = outcome.expect("the other accounts sync");
    assert!(report.accounts_skipped >= 1, "{report:?}");
    assert!(cached_chats_of(&cache, &support).await > 0);
    assert_eq!(cached_chats_of(&cache, &sales).await, 0);
    let trouble = |overview: &AccountOverview, id: &AccountId| {
        overview
            .accounts
            .iter()
            .find(|a| &a.account.id == id)
            .and_then(|a| a.trouble.clone())
    };
    let seen = overview(&cache).await;
    assert_eq!(trouble(&seen, &sales), Some(AccountTrouble::Checkpoint));
    assert_eq!(trouble(&seen, &support), None);

    // Confirmed on the phone: the next run syncs it and the words go.
    server.faults().reset();
    sync(&cache, &client.reader, &options()).await.0.unwrap();
    assert!(cached_chats_of(&cache, &sales).await > 0);
    assert_eq!(trouble(&overview(&cache).await, &sales), None);
}

#[tokio::test]
async fn every_account_401_of_the_contract_is_that_accounts_trouble() {
    let server = sandbox().await;
    let client = client(&server);
    let sales = account_named(&server, "Ventes");
    for (refusal, trouble) in [
        (
            AccountRefusal::DisconnectedAccount,
            AccountTrouble::SignInAgain,
        ),
        (
            AccountRefusal::ExpiredCredentials,
            AccountTrouble::SignInAgain,
        ),
        (
            AccountRefusal::InvalidCredentials,
            AccountTrouble::SignInAgain,
        ),
        (AccountRefusal::WrongAccount, AccountTrouble::SignInAgain),
        (
            AccountRefusal::DisconnectedFeature,
            AccountTrouble::FeatureDisconnected,
        ),
        (AccountRefusal::CaptchaNotSupported, AccountTrouble::Captcha),
    ] {
        let cache = Cache::new();
        server.faults().update(|f| {
            f.account_refusals.insert(sales.0.clone(), refusal);
        });
        let (outcome, _) = sync(&cache, &client.reader, &options()).await;
        assert!(outcome.is_ok(), "{refusal:?}: {outcome:?}");
        let seen = overview(&cache).await;
        let found = seen.accounts.iter().find(|a| a.account.id == sales);
        assert_eq!(found.and_then(|a| a.trouble.clone()), Some(trouble));
    }
}

#[tokio::test]
async fn a_refused_key_still_stops_the_whole_run() {
    let server = sandbox().await;
    let client = sync_support::client_with(&server, |config| {
        config.api_key = unibox::secret::ApiKey::new("not-the-key").unwrap();
    });
    let cache = Cache::new();
    let (outcome, _) = sync(&cache, &client.reader, &options()).await;
    assert!(
        matches!(
            outcome,
            Err(SyncError::Provider(ProviderError::Unauthorized(_)))
        ),
        "{outcome:?}"
    );
}
