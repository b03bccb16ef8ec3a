//! The log holds server words, never server escapes: an error answer whose title carries a
//! window-title sequence (`ESC ] 0 ; … BEL`) and whose detail a clipboard write
//! (`ESC ] 52 ; …`) reaches the log as inert marks, so `tail -f unibox.log` obeys nothing.

use crate::cli_support;
use crate::sync_support;

use cli_support::{Home, run};
use sync_support::sandbox_with;

#[tokio::test]
async fn server_error_text_reaches_the_log_without_escape_bytes() {
    let server = sandbox_with(|config| config.hostile = true).await;
    server.faults().update(|faults| faults.unavailable = 1000);
    let home = Home::new();
    let mut command = home.unibox_for(&server);
    command.env("UNIBOX_LOG", "debug");
    let output = run(command, &["sync"]).await;
    assert_eq!(output.status.code(), Some(1), "{output:?}");

    let log = std::fs::read(home.log()).expect("the log");
    let text = String::from_utf8_lossy(&log);
    assert!(
        text.contains("pwned"),
        "the server's title is not in the log:\n{text}"
    );
    assert!(
        text.contains("cm0gLXJmIH4="),
        "the server's detail is not in the log:\n{text}"
    );
    for forbidden in [0x1b_u8, 0x07, 0x08, b'\r'] {
        assert!(
            !log.contains(&forbidden),
            "byte {forbidden:#04x} in the log:\n{text:?}"
        );
    }
    assert!(
        !text.contains('\u{9b}') && !text.contains('\u{202e}'),
        "{text:?}"
    );
    // A forged line ("\r\nunibox: all good") stays inside its own log line.
    assert!(
        text.lines()
            .all(|line| !line.starts_with("unibox: all good")),
        "{text}"
    );
}
