//! The key never crosses the network in clear: plain http:// to another host is refused
//! before any connection (exit 2, saying why), and a loopback server is reached directly, so
//! an `HTTP_PROXY` never sees the key.

use crate::cli_support;
use crate::sync_support;

use std::io::ErrorKind;
use std::net::TcpListener;

use cli_support::{Home, assert_success, one_line_failure, run};
use sync_support::sandbox;

const USAGE: i32 = 2;

/// A proxy that accepts connections and never answers; `connections` counts who came.
struct Proxy(TcpListener);

impl Proxy {
    fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a local listener");
        listener.set_nonblocking(true).expect("non-blocking");
        Self(listener)
    }

    fn url(&self) -> String {
        format!("http://{}", self.0.local_addr().expect("its address"))
    }

    /// Connections that reached it (the kernel queues them even though nobody accepts).
    fn connections(&self) -> usize {
        let mut count = 0;
        loop {
            match self.0.accept() {
                Ok(_) => count += 1,
                Err(error) if error.kind() == ErrorKind::WouldBlock => return count,
                Err(error) => panic!("accept: {error}"),
            }
        }
    }

    fn set_on(&self, command: &mut tokio::process::Command) {
        for name in [
            "HTTP_PROXY",
            "http_proxy",
            "HTTPS_PROXY",
            "https_proxy",
            "ALL_PROXY",
        ] {
            command.env(name, self.url());
        }
    }
}

#[tokio::test]
async fn plain_http_to_another_host_is_refused_before_any_connection() {
    let home = Home::new();
    let proxy = Proxy::start();
    let mut command = home.unibox();
    proxy.set_on(&mut command);
    command
        .env("UNIBOX_DSN", "http://api1.unipile.com:13111")
        .env("UNIBOX_API_KEY", "sk_live_cleartext_3c9e")
        .env("UNIBOX_REQUEST_TIMEOUT_SECS", "2");
    let output = run(command, &["sync"]).await;
    let line = one_line_failure(&output, USAGE);
    assert!(
        line.contains("https") && line.contains("unencrypted"),
        "{line}"
    );
    assert!(line.contains("allow_insecure_http"), "{line}");
    assert_eq!(proxy.connections(), 0, "a connection was attempted");
}

#[tokio::test]
async fn plain_http_to_another_host_is_accepted_when_explicitly_allowed() {
    let home = Home::new();
    let proxy = Proxy::start();
    let mut command = home.unibox();
    proxy.set_on(&mut command);
    command
        .env("UNIBOX_DSN", "http://api1.unipile.com:13111")
        .env("UNIBOX_API_KEY", "k")
        .env("UNIBOX_REQUEST_TIMEOUT_SECS", "1");
    let output = run(command, &["sync", "--allow-insecure-http"]).await;
    // Allowed, the request goes out (here to the proxy, which never answers).
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert!(proxy.connections() > 0, "the allowed request never left");
}

#[tokio::test]
async fn a_loopback_server_is_reached_directly_even_with_a_proxy_set() {
    let server = sandbox().await;
    let home = Home::new();
    let proxy = Proxy::start();
    let mut command = home.unibox_for(&server);
    proxy.set_on(&mut command);
    command.env("UNIBOX_REQUEST_TIMEOUT_SECS", "2");
    let output = run(command, &["sync"]).await;
    assert_success(&output);
    assert_eq!(
        proxy.connections(),
        0,
        "the proxy saw a request (and the key)"
    );
    assert!(!server.requests().is_empty());
}
