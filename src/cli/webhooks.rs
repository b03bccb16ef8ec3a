//! `unibox webhooks register --url URL | list | remove [ID]`: the providers' webhooks that post
//! to `unibox listen` (Unipile's to `/unipile`, Late's to `/late`, each provider configured).
//! Registering and removing are writes: asked first (y/N, unless `--yes`), never in read-only
//! mode.

use anyhow::{Context, anyhow};
use reqwest::Url;

use super::args::WebhooksCommand;
use super::ask::confirm;
use super::failure::{Classify, Failure};
use super::providers::Providers;
use super::startup;
use crate::config::Settings;
use crate::listen::{LATE_EVENTS, WebhookSecret, late_secret_path, secret_path};
use crate::provider::late::{Late, LateWebhook, LateWebhookRegistration};
use crate::provider::unipile::{Unipile, Webhook, WebhookRegistration};
use crate::text::sanitize_line;

/// The name unibox registers under, and recognises as its own when removing.
const WEBHOOK_NAME: &str = "unibox";

const MESSAGING_EVENTS: [&str; 6] = [
    "message_received",
    "message_reaction",
    "message_read",
    "message_edited",
    "message_deleted",
    "message_delivered",
];

const ACCOUNT_STATUS_EVENTS: [&str; 11] = [
    "creation_success",
    "creation_fail",
    "deleted",
    "reconnected",
    "sync_success",
    "stopped",
    "ok",
    "connecting",
    "error",
    "credentials",
    "permissions",
];

pub fn run(settings: &Settings, action: WebhooksCommand) -> Result<(), Failure> {
    match action {
        WebhooksCommand::Register { url, yes } => register(settings, &url, yes),
        WebhooksCommand::List => list(settings),
        WebhooksCommand::Remove { id, yes } => remove(settings, id, yes),
    }
}

fn refuse_in_read_only(settings: &Settings, what: &str) -> Result<(), Failure> {
    if settings.read_only {
        return Err(Failure::config(anyhow!(
            "read-only mode: unibox {what} no webhook"
        )));
    }
    Ok(())
}

fn register(settings: &Settings, url: &str, yes: bool) -> Result<(), Failure> {
    refuse_in_read_only(settings, "registers")?;
    let url = receiver_url(url).or_config()?;
    let providers = Providers::from_settings(settings, None)?;
    let unipile_url = route_url(&url, UNIPILE_ROUTE);
    let late_url = route_url(&url, LATE_ROUTE);
    let mut question = String::new();
    if let Some(unipile) = providers.unipile() {
        question.push_str(&format!(
            "Register two webhooks on {} posting to {unipile_url}\n  messaging: {}\n  account_status: {}\n",
            unipile.base_url(),
            MESSAGING_EVENTS.join(", "),
            ACCOUNT_STATUS_EVENTS.join(", "),
        ));
    }
    if let Some(late) = providers.late() {
        question.push_str(&format!(
            "Register one webhook on {} posting to {late_url}, signed\n  events: {}\n",
            late.base_url(),
            LATE_EVENTS.join(", "),
        ));
    }
    question.push_str("Register them?");
    if !yes && !confirm(&question) {
        println!("Nothing registered.");
        return Ok(());
    }
    let runtime = startup::runtime()?;
    if let Some(unipile) = providers.unipile() {
        let secret = WebhookSecret::load_or_create(&secret_path(&settings.cache)).or_config()?;
        runtime.block_on(register_unipile(unipile, unipile_url.as_str(), &secret))?;
    }
    if let Some(late) = providers.late() {
        let secret =
            WebhookSecret::load_or_create(&late_secret_path(&settings.cache)).or_config()?;
        let registration = LateWebhookRegistration {
            name: WEBHOOK_NAME,
            url: late_url.as_str(),
            secret: secret.expose(),
            events: &LATE_EVENTS,
        };
        let id = runtime
            .block_on(late.writer().register_webhook(&registration))
            .context("cannot register the Late webhook")
            .or_runtime()?;
        println!("Registered the Late webhook {}.", sanitize_line(&id));
    }
    Ok(())
}

async fn register_unipile(
    unipile: &Unipile,
    url: &str,
    secret: &WebhookSecret,
) -> Result<(), Failure> {
    let writer = unipile.writer();
    for (source, events) in [
        ("messaging", &MESSAGING_EVENTS[..]),
        ("account_status", &ACCOUNT_STATUS_EVENTS[..]),
    ] {
        let registration = WebhookRegistration {
            request_url: url,
            name: WEBHOOK_NAME,
            source,
            events,
            token: secret.expose(),
        };
        let id = writer
            .register_webhook(&registration)
            .await
            .with_context(|| format!("cannot register the {source} webhook"))
            .or_runtime()?;
        println!("Registered the {source} webhook {}.", sanitize_line(&id));
    }
    Ok(())
}

fn list(settings: &Settings) -> Result<(), Failure> {
    let providers = Providers::from_settings(settings, None)?;
    let runtime = startup::runtime()?;
    let mut lines = Vec::new();
    if let Some(unipile) = providers.unipile() {
        let hooks = runtime
            .block_on(unipile.reader().webhooks())
            .context("cannot list the webhooks")
            .or_runtime()?;
        lines.extend(hooks.iter().map(describe));
    }
    if let Some(late) = providers.late() {
        let hooks = runtime
            .block_on(late.reader().webhooks())
            .context("cannot list the Late webhooks")
            .or_runtime()?;
        lines.extend(hooks.iter().map(describe_late));
    }
    if lines.is_empty() {
        println!("No webhooks.");
    }
    for line in lines {
        println!("{line}");
    }
    Ok(())
}

/// A webhook to remove: whose, and its id.
enum Target {
    Unipile(String),
    Late(String),
}

impl Target {
    fn id(&self) -> &str {
        match self {
            Self::Unipile(id) | Self::Late(id) => id,
        }
    }
}

fn remove(settings: &Settings, id: Option<String>, yes: bool) -> Result<(), Failure> {
    refuse_in_read_only(settings, "removes")?;
    let providers = Providers::from_settings(settings, None)?;
    let runtime = startup::runtime()?;
    let mut targets = Vec::new();
    if let Some(unipile) = providers.unipile() {
        let hooks = runtime
            .block_on(unipile.reader().webhooks())
            .context("cannot list the webhooks")
            .or_runtime()?;
        targets.extend(
            hooks
                .into_iter()
                .filter(|hook| wanted(id.as_deref(), &hook.id, hook.name.as_deref()))
                .map(|hook| Target::Unipile(hook.id)),
        );
    }
    if let Some(late) = providers.late() {
        let hooks = runtime
            .block_on(late.reader().webhooks())
            .context("cannot list the Late webhooks")
            .or_runtime()?;
        targets.extend(
            hooks
                .into_iter()
                .filter(|hook| wanted(id.as_deref(), &hook.id, hook.name.as_deref()))
                .map(|hook| Target::Late(hook.id)),
        );
    }
    if targets.is_empty() {
        match &id {
            Some(id) => println!("No webhook {}.", sanitize_line(id)),
            None => println!("No webhook of unibox's to remove."),
        }
        return Ok(());
    }
    let shown: Vec<String> = targets
        .iter()
        .map(|target| sanitize_line(target.id()).into_owned())
        .collect();
    let question = format!("Remove {} webhook(s): {}?", targets.len(), shown.join(", "));
    if !yes && !confirm(&question) {
        println!("Nothing removed.");
        return Ok(());
    }
    runtime.block_on(async {
        for (target, shown) in targets.iter().zip(&shown) {
            match target {
                Target::Unipile(id) => {
                    let unipile = providers.unipile().ok_or_else(unconfigured)?;
                    unipile.writer().remove_webhook(id).await
                }
                Target::Late(id) => {
                    let late: &Late = providers.late().ok_or_else(unconfigured)?;
                    late.writer().remove_webhook(id).await
                }
            }
            .with_context(|| format!("cannot remove the webhook {shown}"))
            .or_runtime()?;
            println!("Removed the webhook {shown}.");
        }
        Ok(())
    })
}

/// A target was listed from a provider, so it is configured; said plainly were it not.
fn unconfigured() -> Failure {
    Failure::config(anyhow!("the webhook's provider is not configured"))
}

/// With an id, that webhook; without, every webhook unibox registered (named "unibox").
fn wanted(id: Option<&str>, hook_id: &str, name: Option<&str>) -> bool {
    match id {
        Some(id) => id == hook_id,
        None => name == Some(WEBHOOK_NAME),
    }
}

const UNIPILE_ROUTE: &str = "unipile";
const LATE_ROUTE: &str = "late";

/// `url` for the route `unibox listen` serves a provider on: a URL ending in the other
/// provider's route gets this one's instead, any other URL keeps its path.
fn route_url(url: &Url, route: &str) -> Url {
    let mut url = url.clone();
    let path = url.path().to_owned();
    let swapped = [UNIPILE_ROUTE, LATE_ROUTE].iter().find_map(|known| {
        path.strip_suffix(known)
            .filter(|stem| stem.ends_with('/'))
            .map(|stem| format!("{stem}{route}"))
    });
    if let Some(path) = swapped {
        url.set_path(&path);
    }
    url
}

/// The URL to register: http(s) only; a URL without a path gets `/unipile`, the route
/// `unibox listen` serves (Late's gets `/late`, see `route_url`).
fn receiver_url(text: &str) -> anyhow::Result<Url> {
    let mut url = Url::parse(text.trim()).with_context(|| format!("{text:?} is not a URL"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(anyhow!(
            "the webhook URL must be http:// or https://, not {text:?}"
        ));
    }
    if url.path() == "/" {
        url.set_path("/unipile");
    }
    Ok(url)
}

fn describe_late(hook: &LateWebhook) -> String {
    let line = format!(
        "{}  late  {}  {}",
        hook.id,
        hook.url.as_deref().unwrap_or("-"),
        hook.name.as_deref().unwrap_or(""),
    );
    sanitize_line(line.trim_end()).into_owned()
}

fn describe(hook: &Webhook) -> String {
    let line = format!(
        "{}  {}  {}  {}",
        hook.id,
        hook.source.as_deref().unwrap_or("-"),
        hook.request_url.as_deref().unwrap_or("-"),
        hook.name.as_deref().unwrap_or(""),
    );
    sanitize_line(line.trim_end()).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_url_gets_the_route_and_other_schemes_are_refused() {
        assert_eq!(
            receiver_url("https://hooks.example.com").unwrap().as_str(),
            "https://hooks.example.com/unipile"
        );
        assert_eq!(
            receiver_url("https://example.com/unibox/unipile")
                .unwrap()
                .as_str(),
            "https://example.com/unibox/unipile"
        );
        assert!(receiver_url("ftp://example.com").is_err());
        let bare = receiver_url("https://hooks.example.com").unwrap();
        assert_eq!(
            route_url(&bare, LATE_ROUTE).as_str(),
            "https://hooks.example.com/late"
        );
        let late = receiver_url("https://example.com/x/late").unwrap();
        assert_eq!(
            route_url(&late, UNIPILE_ROUTE).as_str(),
            "https://example.com/x/unipile"
        );
        let other = receiver_url("https://example.com/hook").unwrap();
        assert_eq!(
            route_url(&other, LATE_ROUTE).as_str(),
            "https://example.com/hook"
        );
        assert!(receiver_url("not a url").is_err());
    }
}
