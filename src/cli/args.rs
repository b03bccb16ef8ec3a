//! The command line, as clap reads it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::config::Flags;

pub use super::cache::ExportFormat;

#[derive(Debug, Parser)]
#[command(
    name = "unibox",
    version,
    about = "A terminal unified inbox for WhatsApp business messaging",
    long_about = "A terminal unified inbox for WhatsApp business messaging.\n\n\
        Without a subcommand, unibox opens the inbox. Settings come from the flags below, \
        then UNIBOX_* variables, then config.toml. The API key is never a flag: set \
        UNIBOX_API_KEY, or api_key_cmd / api_key_file in config.toml."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    /// Open the inbox on a built-in sandbox with made-up data and a throw-away cache.
    #[arg(long)]
    pub demo: bool,

    /// With --demo: the sandboxes post their events as webhooks to a receiver inside the
    /// demo (the one `unibox listen` runs), which writes them into the demo's cache; the inbox
    /// then polls only every listen_sync_interval_secs unless --poll-interval-secs says.
    #[arg(long, requires = "demo")]
    pub live: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Settings every subcommand accepts.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// config.toml to read instead of the usual one.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// The server: a DSN like api1.unipile.com:13111, or a URL.
    #[arg(long, global = true, value_name = "DSN")]
    pub dsn: Option<String>,

    /// The cache file to use instead of the usual one.
    #[arg(long, global = true, value_name = "FILE")]
    pub cache: Option<PathBuf>,

    /// Monitoring mode: nothing but reads ever leaves unibox.
    #[arg(long, global = true)]
    pub read_only: bool,

    /// Seconds between background syncs.
    #[arg(long, global = true, value_name = "SECS")]
    pub poll_interval_secs: Option<u64>,

    /// Seconds a request to the server may take.
    #[arg(long, global = true, value_name = "SECS")]
    pub request_timeout_secs: Option<u64>,

    /// Allow plain http:// to a host that is not this machine (the API key then travels
    /// unencrypted).
    #[arg(long, global = true)]
    pub allow_insecure_http: bool,
    /// Where `o` saves attachments.
    #[arg(long, global = true, value_name = "FOLDER")]
    pub download_dir: Option<PathBuf>,
}

impl GlobalArgs {
    pub fn flags(&self) -> Flags {
        Flags {
            config_file: self.config.clone(),
            dsn: self.dsn.clone(),
            cache: self.cache.clone(),
            read_only: self.read_only.then_some(true),
            poll_interval_secs: self.poll_interval_secs,
            request_timeout_secs: self.request_timeout_secs,
            allow_insecure_http: self.allow_insecure_http.then_some(true),
            download_dir: self.download_dir.clone(),
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Fetch what is new on the server into the cache, then exit.
    Sync {
        /// First ask the server to resync every account, or only ACCOUNT (an account id), and
        /// fetch the newest messages of all their chats again.
        /// An id that begins with `-` is written `--resync=-ID` (the value is optional, so a
        /// separate `-…` would be read as a flag).
        #[arg(long, value_name = "ACCOUNT", num_args = 0..=1)]
        resync: Option<Option<String>>,
    },
    /// List the cached accounts with their unread counts.
    Accounts {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// List the cached chats, most recent first (archived ones included).
    Chats {
        /// Only the chats of this account (an account id).
        #[arg(long, value_name = "ID", allow_hyphen_values = true)]
        account: Option<String>,
        /// Only chats with unread messages.
        #[arg(long)]
        unread: bool,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Print the newest cached messages of a chat, oldest first.
    Messages {
        /// The chat's id, as `unibox chats` shows it.
        // Provider ids may begin with `-`: taken as the id, not as a flag, without `--`.
        #[arg(value_name = "CHAT_ID", allow_hyphen_values = true)]
        chat: String,
        /// How many messages.
        #[arg(long, value_name = "N", default_value_t = 50)]
        limit: u32,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Search the cached messages, newest first: words (the last one also as a beginning),
    /// "quoted phrases", word*, and the filters from:me from:NAME in:CHAT account:NAME
    /// has:file before:YYYY-MM-DD after:YYYY-MM-DD.
    Search {
        /// What to look for (quote it for the shell when it has spaces).
        #[arg(value_name = "QUERY", required = true, num_args = 1..)]
        query: Vec<String>,
        /// Only this account's messages (an account id).
        #[arg(long, value_name = "ID")]
        account: Option<String>,
        /// Only this chat's messages (a chat id).
        #[arg(long, value_name = "ID")]
        chat: Option<String>,
        /// How many hits at most.
        #[arg(long, value_name = "N", default_value_t = 20)]
        limit: u32,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Write every cached message of a chat, oldest first, to stdout.
    Export {
        /// The chat's id, as `unibox chats` shows it.
        #[arg(value_name = "CHAT_ID", allow_hyphen_values = true)]
        chat: String,
        /// jsonl: one JSON object per message (raw data, as `messages --json`); txt: the
        /// thread as text, sanitised.
        #[arg(long, value_enum, default_value_t = ExportFormat::Txt)]
        format: ExportFormat,
    },
    /// Send a message into a cached chat, through the outbox, once confirmed: `y` at the
    /// `Send? [y/N]` prompt on a terminal, or --yes. Refused in read-only mode.
    #[command(
        group(clap::ArgGroup::new("content").required(true).args(["text", "file"])),
        after_help = "Exit status: 0 sent; 3 the provider refused it (not sent); 4 unknown \
            whether it arrived (the next `unibox sync` looks for it); 5 not confirmed (no at the \
            prompt, or no terminal and no --yes); 6 refused before any request (read-only mode, \
            the account's rules, the file); 1 and 2 as for every command."
    )]
    Send {
        /// The chat's id, as `unibox chats` shows it.
        #[arg(value_name = "CHAT_ID", allow_hyphen_values = true)]
        chat: String,
        /// The message's text; `-` reads it from stdin.
        #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
        text: Option<String>,
        /// A file to send instead of text.
        #[arg(long, value_name = "PATH")]
        file: Option<PathBuf>,
        /// Refuse unless the chat belongs to this account (an account id).
        #[arg(long, value_name = "ID", allow_hyphen_values = true)]
        account: Option<String>,
        /// Send without asking (for scripts: nothing asks without a terminal).
        #[arg(long)]
        yes: bool,
    },
    /// Print a completion script for the shell (e.g. `unibox completions bash >
    /// ~/.local/share/bash-completion/completions/unibox`).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `unibox man | man -l -`.
    Man,
    /// Print the audit log: every outbound action and how it ended, newest first.
    Audit {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
        /// How many lines.
        #[arg(long, value_name = "N", default_value_t = 100)]
        limit: u32,
    },
    /// Receive the provider's webhooks and write what they announce into the cache, with a
    /// slower sync beside them (listen_sync_interval_secs), until ctrl-c.
    Listen {
        /// Address and port to listen on; put an HTTPS reverse proxy or an ssh tunnel in front.
        #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:8787")]
        bind: std::net::SocketAddr,
    },
    /// Register, list or remove the provider's webhooks that post to `unibox listen`.
    Webhooks {
        #[command(subcommand)]
        action: WebhooksCommand,
    },
    /// Serve the built-in sandbox (the contract with made-up data) until ctrl-c.
    Sandbox {
        /// Port on 127.0.0.1; 0 picks a free one.
        #[arg(long, value_name = "N", default_value_t = 8484)]
        port: u16,
        /// Same seed, same data.
        #[arg(long, value_name = "N", default_value_t = 7)]
        seed: u64,
        /// A customer writes in every SECS seconds (0: nobody does).
        #[arg(long, value_name = "SECS", default_value_t = 0)]
        inbound_every: u64,
    },
}

#[derive(Debug, Subcommand)]
pub enum WebhooksCommand {
    /// Ask the provider to post messaging and account-status events to URL, with a secret
    /// header `unibox listen` checks (created once, owner-only, beside the cache).
    Register {
        /// The public URL of `unibox listen`'s `/unipile` route (a URL without a path gets it).
        #[arg(long, value_name = "PUBLIC_URL")]
        url: String,
        /// Register without asking.
        #[arg(long)]
        yes: bool,
    },
    /// List the webhooks the provider holds.
    List,
    /// Remove the webhooks unibox registered (named "unibox"), or only ID.
    Remove {
        /// One webhook's id, as `unibox webhooks list` shows it.
        #[arg(value_name = "ID", allow_hyphen_values = true)]
        id: Option<String>,
        /// Remove without asking.
        #[arg(long)]
        yes: bool,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn ids_that_begin_with_a_hyphen_are_ids_without_a_double_dash() {
        let parse = |line: &[&str]| Cli::try_parse_from(line).map(|cli| cli.command);
        assert!(matches!(
            parse(&["unibox", "messages", "-PPLUEh9x", "--json"]),
            Ok(Some(Command::Messages { ref chat, json: true, .. })) if chat == "-PPLUEh9x"
        ));
        assert!(matches!(
            parse(&["unibox", "chats", "--account", "-Xy_1", "--unread"]),
            Ok(Some(Command::Chats { account: Some(ref id), unread: true, .. })) if id == "-Xy_1"
        ));
        assert!(matches!(
            parse(&["unibox", "send", "-Xy_1", "--text", "-5% today", "--yes"]),
            Ok(Some(Command::Send { ref chat, text: Some(ref text), yes: true, .. }))
                if chat == "-Xy_1" && text == "-5% today"
        ));
        assert!(matches!(
            parse(&["unibox", "sync", "--resync=-Xy_1"]),
            Ok(Some(Command::Sync { resync: Some(Some(ref id)) })) if id == "-Xy_1"
        ));
        // A flag after a bare --resync is still a flag.
        let cli = Cli::try_parse_from(["unibox", "sync", "--resync", "--read-only"]).unwrap();
        assert!(cli.global.read_only);
        assert!(matches!(
            cli.command,
            Some(Command::Sync { resync: Some(None) })
        ));
    }

    #[test]
    fn send_takes_text_or_a_file_never_both_nor_neither() {
        let parse = |line: &[&str]| Cli::try_parse_from(line).map(|cli| cli.command);
        assert!(matches!(
            parse(&["unibox", "send", "c1", "--file", "menu.pdf"]),
            Ok(Some(Command::Send {
                file: Some(_),
                text: None,
                yes: false,
                ..
            }))
        ));
        assert!(matches!(
            parse(&["unibox", "send", "c1", "--text", "-"]),
            Ok(Some(Command::Send { text: Some(ref t), .. })) if t == "-"
        ));
        assert!(parse(&["unibox", "send", "c1"]).is_err());
        assert!(parse(&["unibox", "send", "c1", "--text", "hi", "--file", "a.pdf"]).is_err());
    }

    #[test]
    fn resync_takes_an_optional_account_and_globals_go_anywhere() {
        let parse = |line: &[&str]| Cli::try_parse_from(line).unwrap();
        let cli = parse(&["unibox", "sync", "--resync"]);
        assert!(matches!(
            cli.command,
            Some(Command::Sync { resync: Some(None) })
        ));
        let cli = parse(&["unibox", "sync", "--resync", "acc_1", "--dsn", "h:1"]);
        assert!(matches!(
            cli.command,
            Some(Command::Sync { resync: Some(Some(ref id)) }) if id == "acc_1"
        ));
        assert_eq!(cli.global.flags().dsn.as_deref(), Some("h:1"));
        let cli = parse(&["unibox", "--read-only", "chats"]);
        assert_eq!(cli.global.flags().read_only, Some(true));
        let cli = parse(&["unibox", "chats"]);
        assert_eq!(cli.global.flags().read_only, None);
    }
}
