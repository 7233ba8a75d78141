//! One WebSocket: JSON text frames in, checked and rate-limited, passed to the room; the
//! room's messages out, in order, through a bounded queue. Nothing a browser (or anything
//! else) sends can panic the server: every frame is either understood or answered with an
//! error that says what was wrong.

use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::extract::ws::{CloseFrame, Message, Utf8Bytes, WebSocket, WebSocketUpgrade, close_code};
use axum::extract::{ConnectInfo, State};
use axum::response::Response;
use tcpip_protocol::msg::MAX_FRAME_BYTES;
use tcpip_protocol::{MemberId, ToClient, ToServer};
use tcpip_stack::text::{Text, text};
use tokio::sync::mpsc;
use tokio::time::Instant;

use super::App;
use super::actor::{self, Command, ConnId, Entry, Farewell, Wire};
use super::limits::Verdict;

/// Messages waiting for one slow browser before it is considered behind (it then gets a
/// snapshot instead of the backlog).
pub const QUEUE: usize = 1024;

/// Bytes a connection reads from its socket at once. tungstenite zeroes this much of its
/// read buffer every time the socket is polled, even when nothing arrived, and a room's
/// connection is polled for every message it sends: with the default (128 KiB) that
/// `memset` was 38% of the server's CPU under the classroom load. A player's message is a
/// few hundred bytes; a larger frame (up to [`MAX_FRAME_BYTES`]) still arrives whole, in
/// several reads.
const READ_CHUNK: usize = 4 * 1024;

/// How long one message may take to leave: a browser whose socket takes nothing for this
/// long (a frozen tab, a dead network) is disconnected, and its seat goes back to its bot.
const SEND_WAIT: Duration = Duration::from_secs(10);

/// How long a new WebSocket may stay silent before saying which room it enters.
pub const FIRST_WAIT: Duration = Duration::from_secs(10);
/// How often the server pings a connection in a room (RFC 6455 §5.5.2; a browser answers
/// by itself), and how long without hearing anything (a frame or a pong) before the
/// connection counts as dead — a laptop closed, a phone out of the Wi-Fi — and its seat
/// goes back to its bot.
pub const PING_EVERY: Duration = Duration::from_secs(5);
pub const DEAD_AFTER: Duration = Duration::from_secs(25);

/// How long a closing connection waits for the other side's close frame.
const CLOSE_WAIT: Duration = Duration::from_secs(2);

static NEXT_CONN: AtomicU64 = AtomicU64::new(1);

/// `GET /ws`: frames are limited to [`MAX_FRAME_BYTES`] (a larger one closes the
/// connection with 1009, "message too big", RFC 6455 §7.4.1).
pub async fn upgrade(
    ws: WebSocketUpgrade,
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
) -> Response {
    ws.max_message_size(MAX_FRAME_BYTES)
        .max_frame_size(MAX_FRAME_BYTES)
        .read_buffer_size(READ_CHUNK)
        .on_upgrade(move |socket| serve(socket, app, peer.ip()))
}

/// The room this connection speaks in, once it entered one.
struct Seat {
    room: mpsc::Sender<Command>,
    code: String,
    member: MemberId,
    wire: Wire,
}

/// What woke the connection up.
enum Wake {
    Frame(Option<Result<Message, axum::Error>>),
    Out(Option<Utf8Bytes>),
    Farewell(Farewell),
    /// Time to ping, or to give up on a connection that went silent.
    Ping,
    /// Nothing said within [`FIRST_WAIT`].
    Silent,
}

async fn serve(mut socket: WebSocket, app: App, peer: IpAddr) {
    let mut seat: Option<Seat> = None;
    let mut heard = Instant::now();
    let mut ping = tokio::time::interval_at(heard + PING_EVERY, PING_EVERY);
    loop {
        let wake = match seat.as_mut() {
            None => tokio::time::timeout_at(heard + FIRST_WAIT, socket.recv())
                .await
                .map_or(Wake::Silent, Wake::Frame),
            // A farewell first: the room drops the queue along with it.
            Some(s) => tokio::select! {
                biased;
                farewell = &mut s.wire.kill => Wake::Farewell(farewell.unwrap_or(Farewell {
                    code: close_code::AWAY,
                    message: room_closed(),
                })),
                frame = socket.recv() => Wake::Frame(frame),
                out = s.wire.rx.recv() => Wake::Out(out),
                _ = ping.tick() => Wake::Ping,
            },
        };
        let go_on = match wake {
            Wake::Frame(frame) => {
                heard = Instant::now();
                frame_in(&mut socket, &app, peer, &mut seat, frame).await
            }
            // Dead: nobody is there to read a farewell.
            Wake::Ping if heard.elapsed() > DEAD_AFTER => false,
            Wake::Ping => send(&mut socket, Message::Ping(Default::default())).await,
            Wake::Silent => {
                let silent = text!(
                    "say which room to enter within {FIRST_WAIT:?}",
                    "di' in quale stanza entrare entro {FIRST_WAIT:?}"
                );
                farewell(&mut socket, close_code::POLICY, &silent).await;
                false
            }
            Wake::Out(Some(text)) => match seat.as_mut() {
                Some(s) => out(&mut socket, s, text).await,
                None => false,
            },
            // The room dropped this connection without a word: it is gone.
            Wake::Out(None) => {
                farewell(&mut socket, close_code::AWAY, &room_closed()).await;
                false
            }
            Wake::Farewell(f) => {
                // What the room said before (its end, typically) goes out first.
                if let Some(s) = seat.as_mut() {
                    while let Ok(text) = s.wire.rx.try_recv() {
                        s.wire.taken(&text);
                        if !send(&mut socket, Message::Text(text)).await {
                            break;
                        }
                    }
                }
                farewell(&mut socket, f.code, &f.message).await;
                false
            }
        };
        if !go_on {
            break;
        }
    }
    if let Some(s) = seat {
        let _ = s
            .room
            .send(Command::Left {
                member: s.member,
                conn: s.wire.id,
            })
            .await;
    }
}

fn room_closed() -> Text {
    text!("the room has closed", "la stanza è stata chiusa")
}

/// Sends one of the room's messages. A connection that fell behind (its queue overflowed)
/// throws the backlog away and asks for a snapshot instead. A browser that does not take
/// one message within [`SEND_WAIT`] is gone or cannot keep up: the connection ends.
async fn out(socket: &mut WebSocket, seat: &mut Seat, text: Utf8Bytes) -> bool {
    seat.wire.taken(&text);
    if seat.wire.stale.load(Ordering::SeqCst) {
        while let Ok(text) = seat.wire.rx.try_recv() {
            seat.wire.taken(&text);
        }
        return seat
            .room
            .send(Command::CaughtUp {
                member: seat.member,
                conn: seat.wire.id,
            })
            .await
            .is_ok();
    }
    send(socket, Message::Text(text)).await
}

/// Sends one frame; `false` if the socket is gone or took nothing for [`SEND_WAIT`].
async fn send(socket: &mut WebSocket, frame: Message) -> bool {
    matches!(
        tokio::time::timeout(SEND_WAIT, socket.send(frame)).await,
        Ok(Ok(()))
    )
}

/// Handles one incoming frame; `false` when the connection is over.
async fn frame_in(
    socket: &mut WebSocket,
    app: &App,
    peer: IpAddr,
    seat: &mut Option<Seat>,
    frame: Option<Result<Message, axum::Error>>,
) -> bool {
    // Every frame counts, pings too: they cost the server an answer.
    let by = seat.as_ref().map(|s| (s.code.as_str(), s.member));
    let verdict = app.limits.frame(peer, by, Instant::now());
    let text = match frame {
        None | Some(Ok(Message::Close(_))) => return false,
        Some(Err(e)) => {
            // Too big, not UTF-8, or not WebSocket at all: say why in the close frame.
            let (code, reason) = match e.into_inner().downcast::<tungstenite::Error>() {
                Ok(e) if matches!(*e, tungstenite::Error::Capacity(_)) => (
                    close_code::SIZE,
                    format!("message too big: at most {MAX_FRAME_BYTES} bytes"),
                ),
                // RFC 6455 §8.1: a text frame that is not UTF-8 fails the connection with
                // 1007, "invalid frame payload data" (§7.4.1).
                Ok(e) if matches!(*e, tungstenite::Error::Utf8(_)) => (
                    close_code::INVALID,
                    "a text frame must be valid UTF-8 (RFC 6455 §8.1)".to_string(),
                ),
                _ => (
                    close_code::PROTOCOL,
                    "not a valid WebSocket frame".to_string(),
                ),
            };
            close(socket, code, &reason).await;
            return false;
        }
        Some(Ok(Message::Ping(_) | Message::Pong(_))) => None,
        Some(Ok(Message::Text(text))) => Some(Some(text)),
        Some(Ok(Message::Binary(_))) => Some(None),
    };
    match verdict {
        Verdict::Accept => {}
        Verdict::Drop => {
            let slow_down = text!("too many messages: slow down", "troppi messaggi: rallenta");
            return tell(socket, &slow_down).await;
        }
        Verdict::Close => {
            let closed = text!(
                "too many messages: this connection is closed",
                "troppi messaggi: questa connessione è chiusa"
            );
            farewell(socket, close_code::POLICY, &closed).await;
            return false;
        }
    }
    // A ping or a pong within the limits: tungstenite answered it already.
    let Some(text) = text else {
        return true;
    };
    let entering = seat.is_none();
    let msg = match text.map(|t| serde_json::from_str::<ToServer>(t.as_str())) {
        Some(Ok(msg)) => msg,
        Some(Err(e)) => {
            let not_understood =
                text!("message not understood: {e}", "messaggio non compreso: {e}");
            return refuse(socket, entering, &not_understood).await;
        }
        None => {
            let binary = text!("send JSON text frames", "invia frame di testo JSON");
            return refuse(socket, entering, &binary).await;
        }
    };
    match seat {
        Some(s) => s
            .room
            .send(Command::Msg {
                member: s.member,
                conn: s.wire.id,
                msg,
            })
            .await
            .is_ok(),
        None => match enter(app, peer, msg).await {
            Ok(s) => {
                *seat = Some(s);
                true
            }
            Err(message) => refuse(socket, true, &message).await,
        },
    }
}

/// The first message: create a room, or join or rejoin one. Creating is limited per
/// address; a code or token that leads nowhere makes the address's next lookup wait longer.
async fn enter(app: &App, peer: IpAddr, msg: ToServer) -> Result<Seat, Text> {
    let id: ConnId = NEXT_CONN.fetch_add(1, Ordering::Relaxed);
    let (conn, wire) = actor::pair(id, QUEUE);
    let lookup = async |code: String, entry: Entry, conn| {
        app.limits.before_lookup(peer).await;
        let entered = app.rooms.enter(&code, entry, conn).await;
        if let Err(e) = &entered
            && (e.en.starts_with("code:") || e.en.starts_with("token:"))
        {
            app.limits.wrong(peer);
        }
        entered
    };
    let (room, member, code) = match msg {
        ToServer::Create { scenario } => {
            app.limits.create(peer, Instant::now())?;
            app.rooms.create(scenario, conn).await?
        }
        ToServer::Join { code, name } => lookup(code, Entry::Join { name }, conn).await?,
        ToServer::Rejoin { code, token } => lookup(code, Entry::Rejoin { token }, conn).await?,
        _ => {
            return Err(text!(
                "the first message must create, join or rejoin a room",
                "il primo messaggio deve creare una stanza, entrarci o rientrarci"
            ));
        }
    };
    Ok(Seat {
        room,
        code,
        member,
        wire,
    })
}

/// Answers a message that was not accepted. Before the connection is in a room, that ends
/// it (the page shows the error and starts again); afterwards it stays open.
async fn refuse(socket: &mut WebSocket, entering: bool, message: &Text) -> bool {
    if entering {
        farewell(socket, close_code::POLICY, message).await;
        false
    } else {
        tell(socket, message).await
    }
}

/// Sends an `Error`; `false` if the socket is gone.
async fn tell(socket: &mut WebSocket, message: &Text) -> bool {
    let error = ToClient::Error {
        message: message.clone(),
    };
    match serde_json::to_string(&error) {
        Ok(text) => send(socket, Message::Text(text.into())).await,
        Err(_) => false,
    }
}

/// Says why in an `Error`, then closes with `code` (the close frame's reason in English:
/// it is for logs and tools, the page shows the `Error`).
async fn farewell(socket: &mut WebSocket, code: u16, message: &Text) {
    if tell(socket, message).await {
        close(socket, code, &message.en).await;
    }
}

/// Closes with `code` and as much of `reason` as a close frame holds (123 bytes, RFC 6455
/// §5.5: control frames carry at most 125 bytes, two of them the code).
async fn close(socket: &mut WebSocket, code: u16, reason: &str) {
    let mut end = reason.len().min(123);
    while !reason.is_char_boundary(end) {
        end -= 1;
    }
    let frame = CloseFrame {
        code,
        reason: Utf8Bytes::from(&reason[..end]),
    };
    if send(socket, Message::Close(Some(frame))).await {
        // RFC 6455 §7.1.1: wait for the other side's close before the TCP connection goes.
        // Closing with unread data would reset it, and the close frame could be lost.
        let drain = async { while let Some(Ok(_)) = socket.recv().await {} };
        let _ = tokio::time::timeout(CLOSE_WAIT, drain).await;
    }
}
