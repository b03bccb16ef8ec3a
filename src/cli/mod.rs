//! The program's edge: arguments, start-up in order (paths → logging → config → store →
//! provider → interface), the subcommands, and the way out (one line on stderr, an exit code
//! per kind of failure).

mod args;
mod ask;
mod cache;
#[cfg(feature = "sandbox")]
mod demo;
mod failure;
mod launch;
mod listen;
mod output;
mod panic;
mod process;
mod providers;
mod sandbox;
mod scripts;
mod search;
mod send;
mod startup;
mod sync;
mod views;
mod webhooks;

use std::process::ExitCode;

use clap::Parser;

use crate::config::Env;

pub use args::{Cli, Command, GlobalArgs, WebhooksCommand};
pub use failure::{
    EXIT_CONFIG, EXIT_NOT_CONFIRMED, EXIT_REFUSED, EXIT_RUNTIME, EXIT_SEND_FAILED,
    EXIT_SEND_UNKNOWN,
};

use failure::{Classify, Failure};
use providers::Providers;

pub fn main() -> ExitCode {
    let env = process::harden();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // Help and version are printed the same way and succeed.
            let _ = error.print();
            return ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(EXIT_CONFIG));
        }
    };
    match run(cli, &env) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            tracing::error!(error = %failure.log_line(), "unibox stopped");
            eprintln!("unibox: {}", failure.one_line());
            failure.exit_code()
        }
    }
}

fn run(cli: Cli, env: &Env) -> Result<(), Failure> {
    if cli.demo && cli.command.is_some() {
        return Err(Failure::config(anyhow::anyhow!(
            "--demo opens the inbox on the sandbox; it takes no subcommand"
        )));
    }
    let paths = startup::paths()?;
    let log_file = startup::logging(&paths);
    panic::install(log_file);
    let global = &cli.global;
    match cli.command {
        Some(Command::Sandbox {
            port,
            seed,
            inbound_every,
        }) => sandbox::serve(port, seed, inbound_every),
        Some(Command::Sync { resync }) => {
            let settings = startup::settings(global, &paths, env)?;
            startup::warn_if_exposed(&settings.cache);
            let store = startup::open_store(&settings.cache)?;
            let providers = Providers::from_settings(&settings, Some(sync::rate_limit_notice()))?;
            sync::run(&settings, &store, &providers, resync)
        }
        Some(Command::Listen { bind }) => {
            let settings = startup::settings(global, &paths, env)?;
            listen::run(&settings, bind)
        }
        Some(Command::Webhooks { action }) => {
            let settings = startup::settings(global, &paths, env)?;
            webhooks::run(&settings, action)
        }
        Some(Command::Accounts { json }) => {
            let store = cache_store(global, &paths, env)?;
            cache::accounts(&store, json)
        }
        Some(Command::Chats {
            account,
            unread,
            json,
        }) => {
            let store = cache_store(global, &paths, env)?;
            cache::chats(&store, account, unread, json)
        }
        Some(Command::Messages { chat, limit, json }) => {
            let store = cache_store(global, &paths, env)?;
            cache::messages(&store, chat, limit, json)
        }
        Some(Command::Export { chat, format }) => {
            let store = cache_store(global, &paths, env)?;
            cache::export(&store, chat, format)
        }
        Some(Command::Send {
            chat,
            text,
            file,
            account,
            yes,
        }) => {
            let settings = startup::settings(global, &paths, env)?;
            let args = send::SendArgs {
                chat,
                text,
                file,
                account,
                yes,
            };
            send::send(&settings, args)
        }
        Some(Command::Completions { shell }) => scripts::completions(shell),
        Some(Command::Man) => scripts::man(),
        Some(Command::Search {
            query,
            account,
            chat,
            limit,
            json,
        }) => {
            let store = cache_store(global, &paths, env)?;
            let args = search::SearchArgs {
                query: query.join(" "),
                account,
                chat,
                limit,
                json,
            };
            search::search(&store, args)
        }
        Some(Command::Audit { json, limit }) => {
            let store = cache_store(global, &paths, env)?;
            cache::audit(&store, limit, json)
        }
        None => {
            let mut settings = startup::settings(global, &paths, env)?;
            // Live, the news comes by webhook: polling is only the healing pass.
            if cli.live && global.poll_interval_secs.is_none() {
                settings.poll_interval = settings.listen_sync_interval;
            }
            // A demo's sandboxes live until the interface has ended: the session is dropped at
            // the end of this block, after the run.
            let (launch, _demo_session) = launch::prepare(settings, cli.demo, cli.live)?;
            crate::runtime::run(launch).or_runtime()
        }
    }
}

fn cache_store(
    global: &GlobalArgs,
    paths: &crate::config::Paths,
    env: &Env,
) -> Result<crate::store::Store, Failure> {
    let settings = startup::settings(global, paths, env)?;
    startup::warn_if_exposed(&settings.cache);
    startup::open_existing_store(&settings.cache)
}
