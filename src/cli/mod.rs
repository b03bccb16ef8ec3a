//! The program's edge: arguments, start-up in order (paths → logging → config → store →
//! provider → interface), the subcommands, and the way out (one line on stderr, an exit code
//! per kind of failure).

mod args;
mod cache;
mod failure;
mod launch;
mod output;
mod panic;
mod search;
mod startup;
mod sync;
mod views;

use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;

pub use args::{Cli, Command, GlobalArgs};
pub use failure::{EXIT_CONFIG, EXIT_RUNTIME};
pub use launch::Launch;

use failure::{Classify, Failure};

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // Help and version are printed the same way and succeed.
            let _ = error.print();
            return ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(EXIT_CONFIG));
        }
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            let line = failure.one_line();
            tracing::error!(error = %line, "unibox stopped");
            eprintln!("unibox: {line}");
            failure.exit_code()
        }
    }
}

fn run(cli: Cli) -> Result<(), Failure> {
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
        }) => serve_sandbox(port, seed, inbound_every),
        Some(Command::Sync { resync }) => {
            let settings = startup::settings(global, &paths)?;
            let store = startup::open_store(&settings.cache)?;
            let unipile = startup::provider(&settings)?;
            sync::run(&settings, &store, &unipile, resync)
        }
        Some(Command::Accounts { json }) => {
            let store = cache_store(global, &paths)?;
            cache::accounts(&store, json)
        }
        Some(Command::Chats {
            account,
            unread,
            json,
        }) => {
            let store = cache_store(global, &paths)?;
            cache::chats(&store, account, unread, json)
        }
        Some(Command::Messages { chat, limit, json }) => {
            let store = cache_store(global, &paths)?;
            cache::messages(&store, chat, limit, json)
        }
        Some(Command::Search {
            query,
            account,
            chat,
            limit,
            json,
        }) => {
            let store = cache_store(global, &paths)?;
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
            let store = cache_store(global, &paths)?;
            cache::audit(&store, limit, json)
        }
        None => {
            let settings = startup::settings(global, &paths)?;
            let (launch, demo_session) = launch::prepare(settings, cli.demo)?;
            let outcome = crate::app::run(launch).or_runtime();
            drop(demo_session);
            outcome
        }
    }
}

fn cache_store(
    global: &GlobalArgs,
    paths: &crate::config::Paths,
) -> Result<crate::store::Store, Failure> {
    let settings = startup::settings(global, paths)?;
    startup::open_existing_store(&settings.cache)
}

fn serve_sandbox(port: u16, seed: u64, inbound_every: u64) -> Result<(), Failure> {
    let config = crate::sandbox::SandboxConfig {
        port,
        seed,
        inbound_every: (inbound_every > 0).then(|| Duration::from_secs(inbound_every)),
        ..crate::sandbox::SandboxConfig::default()
    };
    startup::runtime()?
        .block_on(crate::sandbox::run_standalone(config))
        .map_err(|error| error.context(format!("cannot serve the sandbox on 127.0.0.1:{port}")))
        .or_runtime()
}
