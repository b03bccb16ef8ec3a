//! The HTTP side of `unibox listen`: one route per provider (`POST /unipile`; `/late` comes
//! with the Late client). A post is proven genuine before its body is read, its body is
//! bounded, and the answer comes as soon as the hint is queued, so a running sync never
//! delays it past the provider's deadline.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::routing::post;
use tokio::sync::{mpsc, oneshot, watch};
use tokio::task::JoinHandle;

use super::apply::{Applier, Progress};
use super::event::{Hint, read_unipile};
use super::secret::WebhookSecret;
use crate::provider::ProviderRead;
use crate::provider::unipile::WEBHOOK_TOKEN_HEADER;
use crate::store::Store;
use crate::sync::SyncOptions;

/// The most a post may carry; larger is refused with 413, unread.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

pub struct ListenConfig {
    pub bind: SocketAddr,
    pub secret: WebhookSecret,
    pub sync_interval: Duration,
    pub sync: SyncOptions,
}

struct Shared {
    secret: WebhookSecret,
    hints: mpsc::UnboundedSender<Hint>,
}

/// A running receiver. Dropping it stops nothing; `shutdown` does.
pub struct Listener {
    addr: SocketAddr,
    progress: watch::Receiver<Progress>,
    stop: oneshot::Sender<()>,
    server: JoinHandle<()>,
    applier: JoinHandle<()>,
}

/// Binds `config.bind` and serves until `shutdown`.
pub async fn start(
    config: ListenConfig,
    store: Store,
    reader: Arc<dyn ProviderRead>,
) -> io::Result<Listener> {
    let socket = tokio::net::TcpListener::bind(config.bind).await?;
    let addr = socket.local_addr()?;
    let (hints, queued) = mpsc::unbounded_channel();
    let (progress_sender, progress) = watch::channel(Progress::default());
    let applier = Applier {
        store,
        reader,
        options: config.sync,
        sync_interval: config.sync_interval,
        progress: progress_sender,
    };
    let applier = tokio::spawn(applier.run(queued));
    let shared = Arc::new(Shared {
        secret: config.secret,
        hints,
    });
    let router = Router::new()
        .route("/unipile", post(unipile))
        .with_state(shared);
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        let serving = axum::serve(socket, router).with_graceful_shutdown(async {
            let _ = stopped.await;
        });
        if let Err(error) = serving.await {
            tracing::error!(%error, "listen: the server stopped");
        }
    });
    Ok(Listener {
        addr,
        progress,
        stop,
        server,
        applier,
    })
}

impl Listener {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// What the writing task has done so far.
    pub fn progress(&self) -> watch::Receiver<Progress> {
        self.progress.clone()
    }

    pub async fn shutdown(self) {
        let _ = self.stop.send(());
        let _ = self.server.await;
        self.applier.abort();
        let _ = self.applier.await;
    }
}

async fn unipile(State(shared): State<Arc<Shared>>, request: Request) -> StatusCode {
    let (parts, body) = request.into_parts();
    let mut tokens = parts.headers.get_all(WEBHOOK_TOKEN_HEADER).iter();
    let genuine = match (tokens.next(), tokens.next()) {
        (Some(token), None) => shared.secret.accepts(token.as_bytes()),
        _ => false,
    };
    if !genuine {
        tracing::warn!("webhook refused (401): missing or wrong {WEBHOOK_TOKEN_HEADER}");
        return StatusCode::UNAUTHORIZED;
    }
    let Some(body) = bounded(body).await else {
        tracing::warn!("webhook refused (413): body over {MAX_BODY_BYTES} bytes");
        return StatusCode::PAYLOAD_TOO_LARGE;
    };
    match read_unipile(&body) {
        Ok(Some(hint)) => {
            // The applier lives as long as the server; a post after it ended is moot.
            let _ = shared.hints.send(hint);
            StatusCode::OK
        }
        Ok(None) => {
            tracing::info!("webhook: an event unibox does not use, ignored");
            StatusCode::OK
        }
        Err(error) => {
            tracing::warn!(%error, "webhook refused (400)");
            StatusCode::BAD_REQUEST
        }
    }
}

/// The body, or `None` when it is longer than `MAX_BODY_BYTES` (or breaks off).
async fn bounded(body: Body) -> Option<bytes::Bytes> {
    axum::body::to_bytes(body, MAX_BODY_BYTES).await.ok()
}
