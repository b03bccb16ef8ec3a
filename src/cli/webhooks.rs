//! `unibox webhooks register --url URL | list | remove [ID]`: the provider's webhooks that post
//! to `unibox listen`. Registering and removing are writes: asked first (y/N, unless `--yes`),
//! never in read-only mode.

use std::io::{self, BufRead, Read, Write};

use anyhow::{Context, anyhow};
use reqwest::Url;

use super::args::WebhooksCommand;
use super::failure::{Classify, Failure};
use super::startup;
use crate::config::Settings;
use crate::listen::{WebhookSecret, secret_path};
use crate::provider::unipile::{Webhook, WebhookRegistration};
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
    let unipile = super::providers::unipile(settings)?;
    let question = format!(
        "Register two webhooks on {} posting to {url}\n  messaging: {}\n  account_status: {}\n\
         Register them?",
        unipile.base_url(),
        MESSAGING_EVENTS.join(", "),
        ACCOUNT_STATUS_EVENTS.join(", "),
    );
    if !yes && !confirm(&question) {
        println!("Nothing registered.");
        return Ok(());
    }
    let secret = WebhookSecret::load_or_create(&secret_path(&settings.cache)).or_config()?;
    let writer = unipile.writer();
    let url = url.as_str();
    startup::runtime()?.block_on(async {
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
    })
}

fn list(settings: &Settings) -> Result<(), Failure> {
    let unipile = super::providers::unipile(settings)?;
    let reader = unipile.reader();
    let hooks = startup::runtime()?
        .block_on(reader.webhooks())
        .context("cannot list the webhooks")
        .or_runtime()?;
    if hooks.is_empty() {
        println!("No webhooks.");
    }
    for hook in &hooks {
        println!("{}", describe(hook));
    }
    Ok(())
}

fn remove(settings: &Settings, id: Option<String>, yes: bool) -> Result<(), Failure> {
    refuse_in_read_only(settings, "removes")?;
    let unipile = super::providers::unipile(settings)?;
    let runtime = startup::runtime()?;
    let targets: Vec<String> = match id {
        Some(id) => vec![id],
        None => runtime
            .block_on(unipile.reader().webhooks())
            .context("cannot list the webhooks")
            .or_runtime()?
            .into_iter()
            .filter(|hook| hook.name.as_deref() == Some(WEBHOOK_NAME))
            .map(|hook| hook.id)
            .collect(),
    };
    if targets.is_empty() {
        println!("No webhook of unibox's to remove.");
        return Ok(());
    }
    let shown: Vec<String> = targets
        .iter()
        .map(|id| sanitize_line(id).into_owned())
        .collect();
    let question = format!(
        "Remove {} webhook(s) from {}: {}?",
        targets.len(),
        unipile.base_url(),
        shown.join(", ")
    );
    if !yes && !confirm(&question) {
        println!("Nothing removed.");
        return Ok(());
    }
    let writer = unipile.writer();
    runtime.block_on(async {
        for (id, shown) in targets.iter().zip(&shown) {
            writer
                .remove_webhook(id)
                .await
                .with_context(|| format!("cannot remove the webhook {shown}"))
                .or_runtime()?;
            println!("Removed the webhook {shown}.");
        }
        Ok(())
    })
}

/// The URL to register: http(s) only; a URL without a path gets `/unipile`, the route
/// `unibox listen` serves.
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

/// Asks on stderr and reads one line of stdin: only `y` or `yes` agrees; anything else, an
/// empty line or no input at all, does not.
fn confirm(question: &str) -> bool {
    eprint!("{question} [y/N] ");
    let _ = io::stderr().flush();
    let mut answer = String::new();
    let mut input = io::stdin().lock().take(64);
    if input.read_line(&mut answer).is_err() {
        return false;
    }
    matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes")
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
        assert!(receiver_url("not a url").is_err());
    }
}
