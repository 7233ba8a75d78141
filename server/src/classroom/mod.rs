//! The classroom server: serves the built game, and rooms over a WebSocket.
//!
//! Each room is a task ([`actor`]) that owns a [`Room`](crate::room::Room) state machine and
//! its log file ([`store`]); connections ([`ws`]) only parse, rate-limit ([`limits`]) and
//! pass messages. The room decides, the log is fsync'd, then everybody is told — so a
//! crash never loses what anyone saw, and a restart replays every log ([`rooms`]).

mod actor;
mod assets;
mod http;
mod limits;
mod net;
mod rooms;
mod secret;
mod store;
mod ws;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use std::convert::Infallible;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::middleware;
use axum::routing::get;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tcpip_protocol::msg::WS_PATH;
use tower_service::Service;

pub use limits::Rate;
pub use rooms::DEFAULT_MAX_ROOMS;
use rooms::Rooms;

/// How long a client may take to send a request's headers, and how long an idle
/// keep-alive connection stays open: a page sends its headers at once, while a connection
/// held open by a trickle of bytes (slowloris) or by nothing would hold a file descriptor
/// of the few a process has (1024 by default) for ever.
pub const HEADER_WAIT: Duration = Duration::from_secs(10);
/// After a failed `accept` (out of file descriptors), the pause before the next.
const ACCEPT_PAUSE: Duration = Duration::from_millis(100);

/// How long a room with no instructor connected and no activity lives on: a lesson's
/// pause (lunch) is shorter, a room forgotten overnight is over.
pub const DEFAULT_IDLE_ROOM: Duration = Duration::from_secs(2 * 60 * 60);

/// What `tcpip-classroom serve` was asked to do.
pub struct Config {
    /// The built game (may lack `index.html`: the API still works).
    pub dir: PathBuf,
    pub addr: SocketAddr,
    /// Where room logs are kept.
    pub data: PathBuf,
    /// Rooms that have not ended allowed at once (creating one more is refused).
    pub max_rooms: usize,
    /// A room without its instructor and without activity for this long is ended.
    pub idle_room: Duration,
    /// How fast each person may send messages.
    pub seat_rate: Rate,
}

/// What every handler shares.
#[derive(Clone)]
pub struct App {
    rooms: Rooms,
    limits: Arc<limits::Limits>,
    /// Where students can reach this server ([`net::student_urls`]).
    urls: Arc<[String]>,
}

/// Restores the rooms on disk, then serves until Ctrl-C.
pub async fn run(config: Config) -> Result<(), String> {
    let rooms = Rooms::new(config.data.clone(), config.max_rooms, config.idle_room);
    let restored = rooms.restore();
    for problem in &restored.problems {
        eprintln!("serve: {problem}");
    }
    println!(
        "restored {} room(s) ({} ended) with {} action(s) from {}",
        restored.rooms,
        restored.ended,
        restored.actions,
        rooms.data().display()
    );
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.addr))?;
    let local = listener
        .local_addr()
        .map_err(|e| format!("cannot read the address listened on: {e}"))?;
    let urls = net::student_urls(local);
    println!("listening on http://{local}/");
    println!("Students can open:");
    for url in &urls {
        println!("  {url}");
    }
    let limits = Arc::new(limits::Limits::new(config.seat_rate));
    let app = App {
        rooms,
        limits: Arc::clone(&limits),
        urls: urls.into(),
    };
    let router = Router::new()
        .route("/api/info", get(http::info))
        .route("/api/rooms/{code}/qr.svg", get(http::qr))
        .route("/api/rooms/{code}/log", get(http::log))
        .route(WS_PATH, get(ws::upgrade))
        .fallback_service(assets::files(&config.dir))
        .layer(middleware::from_fn_with_state(
            assets::Page::new(&config.dir),
            assets::headers,
        ))
        .with_state(app);
    let shutdown = tokio::signal::ctrl_c();
    tokio::pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = &mut shutdown => return Ok(()),
        };
        let (tcp, peer) = match accepted {
            Ok(a) => a,
            Err(e) => {
                // Out of file descriptors, typically: wait for some to close.
                eprintln!("serve: cannot accept a connection: {e}");
                tokio::time::sleep(ACCEPT_PAUSE).await;
                continue;
            }
        };
        // Over its address's limits: closed before any work is spent on it.
        let Some(open) = limits.connect(peer.ip()) else {
            continue;
        };
        // Small messages (a card, an event) go out at once instead of waiting for more
        // (Nagle's algorithm, RFC 896): the game's latency is the point.
        if let Err(e) = tcp.set_nodelay(true) {
            eprintln!("serve: cannot set TCP_NODELAY: {e}");
        }
        let router = router.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |req: hyper::Request<Incoming>| {
                let mut req = req.map(Body::new);
                req.extensions_mut().insert(ConnectInfo(peer));
                let mut router = router.clone();
                async move { Ok::<_, Infallible>(router.call(req).await.unwrap_or_else(|e| match e {})) }
            });
            let served = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_WAIT)
                .serve_connection(TokioIo::new(tcp), service)
                .with_upgrades();
            // A peer that hung up or timed out: nothing to tell anybody.
            let _ = served.await;
            drop(open);
        });
    }
}
