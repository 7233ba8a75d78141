//! The plain HTTP side: what the page asks before it opens the WebSocket (`/api/info`), the
//! join QR code for the projector, and the instructor's download of a room's log.

use axum::Json;
use std::net::SocketAddr;
use std::path::PathBuf;

use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use qrcode::QrCode;
use qrcode::render::svg;
use serde::Deserialize;
use tcpip_protocol::Info;
use tcpip_protocol::msg::{join_link, normalize_code};
use tokio::io::AsyncReadExt;
use tokio::sync::oneshot;

use super::App;
use super::actor::Command;

/// `GET /api/info`.
pub async fn info(State(app): State<App>) -> Json<Info> {
    Json(Info {
        version: env!("CARGO_PKG_VERSION").to_string(),
        urls: app.urls.to_vec(),
    })
}

fn not_found(code: &str) -> Response {
    (
        StatusCode::NOT_FOUND,
        format!("code: no room with code {code} on this server"),
    )
        .into_response()
}

/// `GET /api/rooms/{code}/qr.svg`: the join link of the room as a QR code, to scan off the
/// projector.
pub async fn qr(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(code): Path<String>,
) -> Response {
    // A lookup like a join: guessing codes here waits as long.
    app.limits.before_lookup(peer.ip()).await;
    let Some(code) = normalize_code(&code)
        .ok()
        .filter(|c| app.rooms.get(c).is_ok())
    else {
        app.limits.wrong(peer.ip());
        return not_found(&code);
    };
    let base = app.urls.first().map_or("/", String::as_str);
    let link = join_link(base, &code);
    match QrCode::new(link.as_bytes()) {
        Ok(qr) => {
            let image = qr
                .render::<svg::Color<'_>>()
                .min_dimensions(240, 240)
                .quiet_zone(true)
                .build();
            ([(header::CONTENT_TYPE, "image/svg+xml")], image).into_response()
        }
        Err(e) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("cannot draw a QR code of {link}: {e}"),
        )
            .into_response(),
    }
}

/// Where a running room's log is and how much of it is durable: `None` when there is no
/// such room, `Some(None)` when `token` is not its instructor's.
async fn live_log_access(app: &App, code: &str, token: String) -> Option<Option<(PathBuf, u64)>> {
    let room = app.rooms.get(code).ok()?;
    let (reply, answer) = oneshot::channel();
    room.send(Command::LogAccess { token, reply }).await.ok()?;
    answer.await.ok()
}

#[derive(Deserialize)]
pub struct LogQuery {
    token: Option<String>,
}

/// `GET /api/rooms/{code}/log?token=T`: the room's log as it is on disk (every line that was
/// made durable), for the instructor only.
pub async fn log(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(code): Path<String>,
    Query(query): Query<LogQuery>,
) -> Response {
    app.limits.before_lookup(peer.ip()).await;
    let token = query.token.unwrap_or_default();
    // An ended room's log is read whole: nothing is appended to it any more.
    let access = match app.rooms.archived_log(&code, &token) {
        Some(access) => Some(access.map(|path| (path, u64::MAX))),
        None => live_log_access(&app, &code, token).await,
    };
    let Some(access) = access else {
        app.limits.wrong(peer.ip());
        return not_found(&code);
    };
    let Some((path, len)) = access else {
        app.limits.wrong(peer.ip());
        return (
            StatusCode::FORBIDDEN,
            "token: only the room's instructor can download its log",
        )
            .into_response();
    };
    let read = async {
        let file = tokio::fs::File::open(&path).await?;
        let mut bytes = Vec::new();
        file.take(len).read_to_end(&mut bytes).await?;
        Ok::<_, std::io::Error>(bytes)
    };
    match read.await {
        Ok(bytes) => {
            let code = normalize_code(&code).unwrap_or_default();
            let disposition = format!("attachment; filename=\"room-{code}.log\"");
            (
                [
                    (header::CONTENT_TYPE, "application/x-ndjson".to_string()),
                    (header::CONTENT_DISPOSITION, disposition),
                ],
                bytes,
            )
                .into_response()
        }
        Err(e) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("cannot read {}: {e}", path.display()),
        )
            .into_response(),
    }
}
