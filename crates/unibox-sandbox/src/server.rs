//! The listening socket. An own accept loop (rather than `axum::serve`) so that "going down"
//! closes the port and every open connection at once, and "coming back" listens on the same
//! port with the same world.

use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Mutex, PoisonError};

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::{JoinHandle, JoinSet};

/// A running accept loop and the way to stop it.
struct Running {
    stop: oneshot::Sender<()>,
    task: JoinHandle<()>,
}

pub(crate) struct Listener {
    addr: SocketAddr,
    router: Router,
    running: Mutex<Option<Running>>,
}

impl Listener {
    /// Listens on 127.0.0.1 only.
    pub async fn bind(port: u16, router: Router) -> io::Result<Self> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port)).await?;
        let addr = listener.local_addr()?;
        let this = Self {
            addr,
            router,
            running: Mutex::new(None),
        };
        this.run(listener);
        Ok(this)
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Closes the port and every connection; returns when they are closed.
    pub async fn stop(&self) {
        let running = self
            .running
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(running) = running {
            // The loop may already be gone; either way it ends.
            let _ = running.stop.send(());
            let _ = running.task.await;
        }
    }

    /// Listens again on the same port (no-op when already listening).
    pub async fn resume(&self) -> io::Result<()> {
        if self.is_listening() {
            return Ok(());
        }
        let listener = TcpListener::bind(self.addr).await?;
        self.run(listener);
        Ok(())
    }

    fn is_listening(&self) -> bool {
        self.running
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .is_some()
    }

    fn run(&self, listener: TcpListener) {
        let (stop, stopped) = oneshot::channel();
        let task = tokio::spawn(accept_loop(listener, self.router.clone(), stopped));
        *self.running.lock().unwrap_or_else(PoisonError::into_inner) = Some(Running { stop, task });
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        if let Some(running) = self
            .running
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
        {
            running.task.abort();
        }
    }
}

async fn accept_loop(listener: TcpListener, router: Router, mut stopped: oneshot::Receiver<()>) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = &mut stopped => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    let service = TowerToHyperService::new(router.clone());
                    connections.spawn(async move {
                        let connection = http1::Builder::new()
                            .serve_connection(TokioIo::new(stream), service);
                        if let Err(error) = connection.await {
                            tracing::debug!(%error, "sandbox connection ended with an error");
                        }
                    });
                }
                Err(error) => {
                    // Out of file descriptors and the like: wait a little rather than spin.
                    tracing::warn!(%error, "sandbox could not accept a connection");
                    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                }
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    drop(listener);
    connections.shutdown().await;
}
