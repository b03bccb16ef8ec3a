//! The HTTP side of `unibox listen`: one route per provider with a secret (`POST /unipile`,
//! `POST /late`). A post is proven genuine before it is parsed (Unipile's header before the
//! body is even read), its body is bounded, and the answer comes as soon as the hint is
//! queued, so a running sync never delays it past the provider's deadline.

use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
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
use super::late_event::read_late;
use super::secret::WebhookSecret;
use super::seen::SeenEvents;
use super::signature::{LATE_EVENT_ID_HEADER, LATE_SIGNATURE_HEADER, late_signature_holds};
use crate::provider::ProviderRead;
use crate::provider::unipile::WEBHOOK_TOKEN_HEADER;
use crate::store::Store;
use crate::sync::SyncOptions;

/// The most a post may carry; larger is refused with 413, unread.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// How many Late event ids are remembered to drop redeliveries.
const REMEMBERED_EVENTS: usize = 16 * 1024;

pub struct ListenConfig {
    pub bind: SocketAddr,
    /// Unipile's token; `None`: `/unipile` is not served.
    pub secret: Option<WebhookSecret>,
    /// Late's signing key; `None`: `/late` is not served.
    pub late_secret: Option<WebhookSecret>,
    pub sync_interval: Duration,
    pub sync: SyncOptions,
}

struct Shared {
    secret: Option<WebhookSecret>,
    late_secret: Option<WebhookSecret>,
    seen: Mutex<SeenEvents>,
    redeliveries: AtomicU64,
    hints: mpsc::UnboundedSender<Hint>,
}

/// A running receiver. Dropping it stops nothing; `shutdown` does.
pub struct Listener {
    addr: SocketAddr,
    shared: Arc<Shared>,
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
    let mut router = Router::new();
    if config.secret.is_some() {
        router = router.route("/unipile", post(unipile));
    }
    if config.late_secret.is_some() {
        router = router.route("/late", post(late));
    }
    let shared = Arc::new(Shared {
        secret: config.secret,
        late_secret: config.late_secret,
        seen: Mutex::new(SeenEvents::new(REMEMBERED_EVENTS)),
        redeliveries: AtomicU64::new(0),
        hints,
    });
    let router = router.with_state(shared.clone());
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
        shared,
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

    /// Genuine posts dropped as a redelivery of an event already taken.
    pub fn redeliveries(&self) -> u64 {
        self.shared.redeliveries.load(Ordering::Relaxed)
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
        (Some(token), None) => shared
            .secret
            .as_ref()
            .is_some_and(|secret| secret.accepts(token.as_bytes())),
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

async fn late(State(shared): State<Arc<Shared>>, request: Request) -> StatusCode {
    let (parts, body) = request.into_parts();
    let mut signatures = parts.headers.get_all(LATE_SIGNATURE_HEADER).iter();
    let signature = match (signatures.next(), signatures.next()) {
        (Some(signature), None) => signature.as_bytes().to_vec(),
        _ => {
            tracing::warn!("late webhook refused (401): missing {LATE_SIGNATURE_HEADER}");
            return StatusCode::UNAUTHORIZED;
        }
    };
    let Some(body) = bounded(body).await else {
        tracing::warn!("late webhook refused (413): body over {MAX_BODY_BYTES} bytes");
        return StatusCode::PAYLOAD_TOO_LARGE;
    };
    let genuine = shared
        .late_secret
        .as_ref()
        .is_some_and(|secret| late_signature_holds(secret, &body, &signature));
    if !genuine {
        tracing::warn!("late webhook refused (401): wrong {LATE_SIGNATURE_HEADER}");
        return StatusCode::UNAUTHORIZED;
    }
    let event = match read_late(&body) {
        Ok(event) => event,
        Err(error) => {
            tracing::warn!(%error, "late webhook refused (400)");
            return StatusCode::BAD_REQUEST;
        }
    };
    let header_id = parts
        .headers
        .get(LATE_EVENT_ID_HEADER)
        .and_then(|value| value.to_str().ok())
        .filter(|id| !id.is_empty())
        .map(str::to_owned);
    if let Some(id) = header_id.or(event.id) {
        let first_time = shared
            .seen
            .lock()
            .map(|mut seen| seen.first_time(&id))
            // A poisoned set only loses the dedupe; the write stays idempotent.
            .unwrap_or(true);
        if !first_time {
            shared.redeliveries.fetch_add(1, Ordering::Relaxed);
            tracing::info!("late webhook: a redelivered event, ignored");
            return StatusCode::OK;
        }
    }
    match event.hint {
        Some(hint) => {
            let _ = shared.hints.send(hint);
        }
        None => tracing::info!("late webhook: an event unibox does not use, ignored"),
    }
    StatusCode::OK
}

/// The body, or `None` when it is longer than `MAX_BODY_BYTES` (or breaks off).
async fn bounded(body: Body) -> Option<bytes::Bytes> {
    axum::body::to_bytes(body, MAX_BODY_BYTES).await.ok()
}
