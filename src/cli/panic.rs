//! A panic ends in one line on stderr and the details in the log, never a backtrace on the
//! screen. The terminal interface adds restoring the terminal on top of this hook.

use std::panic::{self, PanicHookInfo};
use std::path::PathBuf;

use crate::text::sanitize_line;

pub fn install(log_file: Option<PathBuf>) {
    panic::set_hook(Box::new(move |info| {
        let what = sanitize_line(&payload(info)).into_owned();
        let location = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        tracing::error!(%location, panic = %what, "unibox panicked");
        let details = match &log_file {
            Some(path) => format!("details in {}", path.display()),
            None => "this is a bug in unibox".to_owned(),
        };
        eprintln!("unibox: internal error: {what} ({details})");
    }));
}

fn payload(info: &PanicHookInfo<'_>) -> String {
    let payload = info.payload();
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_owned())
}
