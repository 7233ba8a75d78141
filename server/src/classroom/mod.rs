//! The classroom server (issue 5): serves the built game, and rooms over a WebSocket.
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

use axum::Router;
use axum::middleware;
use axum::routing::get;
use axum::serve::ListenerExt;
use tcpip_protocol::msg::WS_PATH;

pub use rooms::DEFAULT_MAX_ROOMS;
use rooms::Rooms;

/// What `tcpip-classroom serve` was asked to do.
pub struct Config {
    /// The built game (may lack `index.html`: the API still works).
    pub dir: PathBuf,
    pub addr: SocketAddr,
    /// Where room logs are kept.
    pub data: PathBuf,
    /// Rooms that have not ended allowed at once (creating one more is refused).
    pub max_rooms: usize,
}

/// What every handler shares.
#[derive(Clone)]
pub struct App {
    rooms: Rooms,
    /// Where students can reach this server ([`net::student_urls`]).
    urls: Arc<[String]>,
}

/// Restores the rooms on disk, then serves until Ctrl-C.
pub async fn run(config: Config) -> Result<(), String> {
    let rooms = Rooms::new(config.data.clone(), config.max_rooms);
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
    let app = App {
        rooms,
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
    // Small messages (a card, an event) go out at once instead of waiting for more
    // (Nagle's algorithm, RFC 896): the game's latency is the point.
    let listener = listener.tap_io(|tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            eprintln!("serve: cannot set TCP_NODELAY: {e}");
        }
    });
    axum::serve(listener, router)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| format!("server error: {e}"))
}
