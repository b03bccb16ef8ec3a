//! `unibox completions SHELL` and `unibox man`: generated from the command line's definition,
//! so they never fall behind it.

use std::io::{self, Write};

use clap::CommandFactory;
use clap_complete::Shell;

use super::args::Cli;
use super::failure::{Classify, Failure};

pub fn completions(shell: Shell) -> Result<(), Failure> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "unibox", &mut script);
    write_all(&script)
}

pub fn man() -> Result<(), Failure> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut page)
        .or_runtime()?;
    write_all(&page)
}

/// Writes `bytes` to stdout; a reader that went away is not an error.
fn write_all(bytes: &[u8]) -> Result<(), Failure> {
    let mut out = io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other.or_runtime(),
    }
}
