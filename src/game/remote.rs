//! Classroom mode: this page follows a room on the classroom server it was loaded from.
//!
//! The server is the authority: this page sends what the person does
//! ([`ToServer::Act`] and the instructor's commands) and replays on its own engine the
//! actions the server accepted ([`Replica`]), so its world moves only on the server's
//! messages, never on the local clock. The local clock only animates between them: it is
//! anchored on the server's time and re-anchored when it drifts (see [`needs_reanchor`]).
//!
//! The connection is a WebSocket to [`WS_PATH`]. When it drops, the page tries again
//! (see [`backoff_secs`]) with the token the welcome gave it, which gets the seat back;
//! the room and token are kept in `localStorage`, so a reload does the same.

use leptos::prelude::*;
use tcpip_protocol::limits;
use tcpip_protocol::msg::{MAX_FRAME_BYTES, WS_PATH};
use tcpip_protocol::{
    Info, Member, MemberId, Replica, RoomClock, Snapshot, ToClient, ToServer, You,
};
use tcpip_stack::scenario::Scenario;
use tcpip_stack::text::{Text, text};
use tcpip_stack::time::Instant;
use tcpip_stack::world::{Action, Event, NodeId, World};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{MessageEvent, WebSocket};

/// What the replica says changed (not Leptos' `Update` trait, which the prelude brings).
type Change = tcpip_protocol::Update;

use super::storage::{self, RoomKey};
use super::{Backend, Clock, GameCtx, Verdict, wall_ms};

/// How far (ms of game time) the local clock may run from the server's before it is
/// re-anchored. Smaller corrections are left alone so cards glide instead of jumping.
pub const DRIFT_MS: u64 = 250;

/// Said to whoever acts while the connection is down.
fn not_connected() -> Text {
    text!(
        "not connected to the room right now: this page is reconnecting, try again in a moment",
        "in questo momento non sei connesso alla stanza: la pagina si sta riconnettendo, \
         riprova tra poco"
    )
}

/// Said about an action whose answer was lost with the connection.
fn lost() -> Text {
    text!(
        "the connection dropped before the server answered: look at the desk to see whether \
         it went through",
        "la connessione è caduta prima che il server rispondesse: guarda il banco per vedere \
         se l'azione è andata a buon fine"
    )
}

/// Told when an action is answered (or cannot be sent).
pub(super) type Answer = Box<dyn FnOnce(Verdict)>;
/// Told when the server lets this page into the room, or refuses to.
pub(super) type Entered = Box<dyn FnOnce(Result<(), Text>)>;

/// How long to wait before reconnection attempt `attempt` (1 for the first): 1, 2, 4,
/// 8 seconds, then every 10 seconds, so a server restart is noticed within seconds and a
/// server that is gone is not hammered.
pub fn backoff_secs(attempt: u32) -> u32 {
    match attempt {
        0 | 1 => 1,
        2 => 2,
        3 => 4,
        4 => 8,
        _ => 10,
    }
}

/// Whether a clock showing `local` must be re-anchored on the server's `server` time.
pub fn needs_reanchor(local: Instant, server: Instant) -> bool {
    local.micros().abs_diff(server.micros()) > DRIFT_MS * 1_000
}

/// The WebSocket address of the server a page came from, given `location.protocol` and
/// `location.host`: a page over HTTPS must use `wss:` (browsers refuse mixed content).
pub fn ws_url(protocol: &str, host: &str) -> String {
    let scheme = if protocol == "https:" { "wss" } else { "ws" };
    format!("{scheme}://{host}{WS_PATH}")
}

/// `value` for a URL query: unreserved characters (RFC 3986 §2.3) as they are, every
/// other byte percent-encoded, so a token can never break out of its parameter.
pub fn token_query(value: &str) -> String {
    value
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The connection as the person sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkState {
    /// Opening the connection, or waiting for the server's welcome.
    Connecting,
    Online,
    /// The connection dropped; reconnection attempt `attempt` is under way or scheduled.
    Reconnecting {
        attempt: u32,
    },
}

/// A classroom room as the views show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoomStatus {
    pub code: String,
    /// Who this person is in the room; `None` until the server welcomed this page.
    pub you: Option<You>,
    pub members: Vec<Member>,
    pub link: LinkState,
    /// The room is over (the instructor ended it, or the server no longer knows it).
    pub ended: bool,
    /// The server's last complaint (or why the room is over), to show as text, in both
    /// languages.
    pub notice: Option<Text>,
    /// This page is coming back to a room it was in (after a reload or a lost connection).
    pub returning: bool,
    /// What the instructor froze the game to explain, while the freeze lasts.
    pub note: Option<String>,
}

/// The connection to the server.
enum Wire {
    /// No socket at all: a test drives the room with [`GameCtx::receive`], and what the
    /// page would send is kept here for it to read.
    Detached(Vec<ToServer>),
    /// A socket; `open` once the browser opened it.
    Socket { socket: Socket, open: bool },
    /// Between two sockets: a reconnection is scheduled.
    Down,
}

/// A WebSocket and the handlers it calls, which must live as long as it does.
struct Socket {
    ws: WebSocket,
    _on_open: Closure<dyn FnMut(web_sys::Event)>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_close: Closure<dyn FnMut(web_sys::Event)>,
}

impl Socket {
    /// Opens a socket whose events reach `ctx`, tagged with `generation` so the events of
    /// a socket that was replaced are ignored.
    fn open(ctx: GameCtx, url: &str, generation: u32) -> Result<Socket, String> {
        let ws = WebSocket::new(url)
            .map_err(|_| format!("the browser could not open a connection to {url}"))?;
        let on_open = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            ctx.socket_opened(generation);
        });
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
            // The protocol is JSON text frames; anything else is not for us.
            if let Some(text) = ev.data().as_string() {
                ctx.socket_message(generation, &text);
            }
        });
        let on_close = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            ctx.socket_closed(generation);
        });
        ws.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        ws.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        Ok(Socket {
            ws,
            _on_open: on_open,
            _on_message: on_message,
            _on_close: on_close,
        })
    }
}

impl Drop for Socket {
    /// Detaches the handlers before they are freed (a late event would otherwise call a
    /// dropped closure) and closes the socket.
    fn drop(&mut self) {
        self.ws.set_onopen(None);
        self.ws.set_onmessage(None);
        self.ws.set_onclose(None);
        let _ = self.ws.close();
    }
}

/// A room this page is in (or entering).
pub(super) struct Room {
    code: String,
    /// What (re)opens the connection: `Create`/`Join` at first, `Rejoin` once welcomed.
    hello: ToServer,
    replica: Option<Replica>,
    wire: Wire,
    /// Numbers the sockets; events of an older one are ignored.
    generation: u32,
    /// Reconnection attempts since the last welcome.
    attempts: u32,
    /// Whether the current socket was welcomed (before that, only `hello` may go out).
    welcomed_here: bool,
    next_req: u32,
    /// What to call back for each request in flight, by request number (a handful at most).
    pending: Vec<(u32, Answer)>,
    on_entered: Option<Entered>,
    ended: bool,
    notice: Option<Text>,
}

/// What the page does once the room's state is updated (outside its lock, since it
/// calls back into views and into the context).
#[derive(Default)]
pub(super) struct After {
    events: Option<Vec<Event>>,
    clock: Option<RoomClock>,
    tick: Option<Instant>,
    answers: Vec<(Answer, Verdict)>,
    entered: Option<(Entered, Result<(), Text>)>,
    remember: Option<RoomKey>,
    forget: bool,
    /// The room could not be entered: back to the start screen.
    drop_room: bool,
    /// Reconnect after this many seconds.
    retry_in: Option<u32>,
}

impl Room {
    fn new(code: String, hello: ToServer, wire: Wire, on_entered: Option<Entered>) -> Room {
        Room {
            code,
            hello,
            replica: None,
            wire,
            generation: 0,
            attempts: 0,
            welcomed_here: false,
            next_req: 1,
            pending: Vec::new(),
            on_entered,
            ended: false,
            notice: None,
        }
    }

    pub(super) fn world(&self) -> Option<&World> {
        self.replica.as_ref().map(Replica::world)
    }

    /// The room's game as its log: what the debrief replays.
    pub(super) fn session(&self) -> Option<&tcpip_protocol::Session> {
        self.replica.as_ref().map(Replica::session)
    }

    fn is_instructor(&self) -> bool {
        self.replica.as_ref().is_some_and(|r| r.you().instructor)
    }

    /// The code and instructor token of a room this page runs and that goes on.
    fn running_key(&self) -> Option<RoomKey> {
        let you = self.replica.as_ref()?.you();
        (you.instructor && !self.ended).then(|| RoomKey {
            code: you.code.clone(),
            token: you.token.clone(),
        })
    }

    fn status(&self) -> RoomStatus {
        let link = match &self.wire {
            Wire::Detached(_) => LinkState::Online,
            Wire::Socket { .. } if self.welcomed_here => LinkState::Online,
            _ if self.attempts == 0 => LinkState::Connecting,
            _ => LinkState::Reconnecting {
                attempt: self.attempts,
            },
        };
        RoomStatus {
            code: self.code.clone(),
            you: self.replica.as_ref().map(|r| r.you().clone()),
            members: self
                .replica
                .as_ref()
                .map(|r| r.members().to_vec())
                .unwrap_or_default(),
            link,
            ended: self.ended,
            notice: self.notice.clone(),
            returning: matches!(self.hello, ToServer::Rejoin { .. }),
            note: self.replica.as_ref().and_then(|r| r.clock().note),
        }
    }

    /// Sends `msg` once the server welcomed this socket.
    fn send(&mut self, msg: &ToServer) -> Result<(), Text> {
        if !self.welcomed_here {
            return Err(not_connected());
        }
        self.transmit(msg)
    }

    fn transmit(&mut self, msg: &ToServer) -> Result<(), Text> {
        match &mut self.wire {
            Wire::Detached(outbox) => {
                outbox.push(msg.clone());
                Ok(())
            }
            Wire::Socket { socket, open: true } => socket
                .ws
                .send_with_str(&encode(msg)?)
                .map_err(|_| not_connected()),
            _ => Err(not_connected()),
        }
    }

    /// Sends an action; `Some` answers it at once (it could not be sent).
    pub(super) fn act(&mut self, action: Action, done: Answer) -> Option<(Answer, Verdict)> {
        if self.ended {
            let over = text!(
                "the room is over: nothing can be played",
                "la stanza è chiusa: non si può più giocare"
            );
            return Some((done, Err(over)));
        }
        let members = self.replica.as_ref().map_or(&[][..], Replica::members);
        let people = members.iter().map(|m| (m.name.as_str(), m.node));
        if let Some(why) = tcpip_protocol::seats::seat_taken(&action, people) {
            return Some((done, Err(why)));
        }
        // The server's limits, told at once instead of after a round trip.
        if let Some(replica) = &self.replica
            && let Err(why) = limits::check_action(replica.session().scenario(), &action)
        {
            return Some((done, Err(why)));
        }
        let req = self.next_req;
        self.next_req = self.next_req.wrapping_add(1);
        match self.send(&ToServer::Act { req, action }) {
            Ok(()) => {
                self.pending.push((req, done));
                None
            }
            Err(e) => Some((done, Err(e))),
        }
    }

    /// Sends an instructor's command, keeping the reason in the notice if it cannot go.
    fn command(&mut self, msg: &ToServer) {
        if let Err(e) = self.send(msg) {
            self.notice = Some(e);
        }
    }

    /// Closes the socket for good (no reconnection): the events of the old one are
    /// ignored from now on.
    fn hang_up(&mut self) {
        self.generation = self.generation.wrapping_add(1);
        self.wire = Wire::Down;
        self.welcomed_here = false;
    }

    fn receive(&mut self, msg: ToClient) -> After {
        let mut after = After::default();
        match msg {
            ToClient::Welcome { you, snapshot } => self.welcome(you, *snapshot, &mut after),
            ToClient::Error { message } if !self.welcomed_here => {
                self.not_let_in(message, &mut after);
            }
            msg => {
                let tick = match &msg {
                    ToClient::Tick { at } => Some(*at),
                    _ => None,
                };
                let Some(replica) = self.replica.as_mut() else {
                    return after;
                };
                match replica.receive(msg) {
                    Ok(updates) => {
                        for update in updates {
                            self.update(update, &mut after);
                        }
                        after.tick = tick;
                    }
                    // This copy fell out of step: a fresh snapshot puts it back.
                    Err(_) => {
                        if let Err(e) = self.send(&ToServer::Resync) {
                            self.notice = Some(e);
                        }
                    }
                }
            }
        }
        after
    }

    fn welcome(&mut self, you: You, snapshot: Snapshot, after: &mut After) {
        match Replica::welcome(you, snapshot) {
            Ok(replica) => {
                let you = replica.you();
                self.code = you.code.clone();
                self.hello = ToServer::Rejoin {
                    code: you.code.clone(),
                    token: you.token.clone(),
                };
                self.ended = replica.ended();
                if self.ended {
                    after.forget = true;
                } else {
                    after.remember = Some(RoomKey {
                        code: you.code.clone(),
                        token: you.token.clone(),
                    });
                }
                after.clock = Some(replica.clock());
                after.events = Some(Vec::new());
                self.replica = Some(replica);
                self.welcomed_here = true;
                self.attempts = 0;
                after.entered = self.on_entered.take().map(|f| (f, Ok(())));
            }
            Err(e) => {
                let message = text!(
                    "this page could not replay the room: {e}",
                    "questa pagina non riesce a ripercorrere la stanza: {e}"
                );
                if self.replica.is_none() {
                    self.not_let_in(message, after);
                } else {
                    self.notice = Some(message);
                }
            }
        }
    }

    /// The server refused the hello (or its welcome could not be followed).
    fn not_let_in(&mut self, message: Text, after: &mut After) {
        self.hang_up();
        if matches!(self.hello, ToServer::Rejoin { .. }) {
            after.forget = true;
        }
        if self.replica.is_none() {
            after.entered = self.on_entered.take().map(|f| (f, Err(message)));
            after.drop_room = true;
        } else {
            // Welcomed before, refused now: the server no longer has this room or seat.
            self.ended = true;
            self.notice = Some(message);
        }
    }

    /// The answer waiting for request `req`, taken out of the pending ones (in the order they
    /// were sent: request numbers only grow).
    fn answer_for(&mut self, req: u32) -> Option<Answer> {
        let i = self.pending.iter().position(|(r, _)| *r == req)?;
        Some(self.pending.remove(i).1)
    }

    fn update(&mut self, update: Change, after: &mut After) {
        match update {
            Change::Events(events) => after.events.get_or_insert_default().extend(events),
            Change::Done { req, events } => {
                if let Some(done) = self.answer_for(req) {
                    after.answers.push((done, Ok(events)));
                }
            }
            Change::Refused { req, message } => {
                if let Some(done) = self.answer_for(req) {
                    after.answers.push((done, Err(message)));
                }
            }
            Change::Clock(clock) => after.clock = Some(clock),
            // Who sits where is read from the replica when the status is published.
            Change::Roster => {}
            // A student whose seat the instructor changed is told, wherever they look.
            Change::Seat(node) => {
                let name = node.and_then(|n| {
                    let replica = self.replica.as_ref()?;
                    replica.world().node_view(n).map(|v| v.name)
                });
                self.notice = Some(match name {
                    Some(name) => text!(
                        "the instructor moved you: you now play {name}",
                        "l'insegnante ti ha spostato: ora giochi come {name}"
                    ),
                    None => text!(
                        "the instructor gave your seat to someone else: you are watching",
                        "l'insegnante ha dato il tuo posto a qualcun altro: stai guardando"
                    ),
                });
            }
            Change::Ended => {
                self.ended = true;
                self.hang_up();
                after.forget = true;
            }
            Change::Error(message) => self.notice = Some(message),
        }
    }

    /// The socket closed (or never opened): answer what was waiting, then try again or
    /// give up on entering.
    fn closed(&mut self, after: &mut After) {
        self.wire = Wire::Down;
        self.welcomed_here = false;
        for (_, done) in std::mem::take(&mut self.pending) {
            after.answers.push((done, Err(lost())));
        }
        if self.ended {
            return;
        }
        if self.replica.is_none() && !matches!(self.hello, ToServer::Rejoin { .. }) {
            let message = text!(
                "could not reach the classroom server: is it still running?",
                "impossibile raggiungere il server della classe: è ancora in funzione?"
            );
            after.entered = self.on_entered.take().map(|f| (f, Err(message)));
            after.drop_room = true;
            return;
        }
        self.attempts = self.attempts.saturating_add(1);
        after.retry_in = Some(backoff_secs(self.attempts));
    }
}

/// A message as the server reads it, refused here if the server would refuse its size.
fn encode(msg: &ToServer) -> Result<String, Text> {
    let text = serde_json::to_string(msg).map_err(|e| {
        text!(
            "the message cannot be written: {e}",
            "il messaggio non può essere scritto: {e}"
        )
    })?;
    if text.len() > MAX_FRAME_BYTES {
        let (size, max) = (text.len().div_ceil(1024), MAX_FRAME_BYTES / 1024);
        return Err(text!(
            "the message is {size} KB, more than the {max} KB the server accepts: \
             use a smaller scenario",
            "il messaggio è di {size} KB, più dei {max} KB che il server accetta: \
             usa uno scenario più piccolo"
        ));
    }
    Ok(text)
}

/// The WebSocket address of the server this page was loaded from.
fn page_ws_url() -> Option<String> {
    let location = web_sys::window()?.location();
    Some(ws_url(&location.protocol().ok()?, &location.host().ok()?))
}

/// `GET /api/info` of the server this page came from; `None` when it is not a classroom
/// server (no such path, or an answer that is not the expected JSON).
async fn fetch_info() -> Option<Info> {
    use wasm_bindgen_futures::JsFuture;
    let window = web_sys::window()?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str("/api/info"))
        .await
        .ok()?
        .dyn_into()
        .ok()?;
    if !response.ok() {
        return None;
    }
    let text = JsFuture::from(response.text().ok()?)
        .await
        .ok()?
        .as_string()?;
    serde_json::from_str(&text).ok()
}

/// The path of a room's QR code (of its join link), served by the classroom server.
pub fn room_qr_url(code: &str) -> String {
    format!("/api/rooms/{}/qr.svg", token_query(code))
}

/// The path that downloads a room's durable log; it needs the instructor's token.
pub fn room_log_url(code: &str, token: &str) -> String {
    format!(
        "/api/rooms/{}/log?token={}",
        token_query(code),
        token_query(token)
    )
}

impl GameCtx {
    /// The classroom server this page came from; reactive. `None`: local mode only.
    pub fn server_info(&self) -> Option<Info> {
        self.info.get()
    }

    /// Records what the server said about itself (tests set it without a server).
    pub fn set_server_info(&self, info: Option<Info>) {
        self.info.set(info);
    }

    /// Asks the page's server whether it runs classrooms, and remembers the answer.
    pub async fn discover_server(&self) -> Option<Info> {
        let info = fetch_info().await;
        self.info.set(info.clone());
        info
    }

    /// The room this browser was in when the page was last open, if any.
    pub fn remembered_room() -> Option<RoomKey> {
        storage::load_room()
    }

    /// The classroom room as the views show it; reactive. `None` in local mode.
    pub fn room(&self) -> Option<RoomStatus> {
        self.room.get()
    }

    /// Opens a room for `scenario`; this person becomes its instructor. `entered` hears
    /// when the server let this page in, or why not (at once when the scenario is beyond
    /// a classroom room's limits).
    pub fn create_room(
        &self,
        scenario: Scenario,
        entered: impl FnOnce(Result<(), Text>) + 'static,
    ) {
        // What the server would refuse is said before anything is sent.
        if let Err(why) = limits::check_scenario(&scenario) {
            entered(Err(why));
            return;
        }
        self.connect(
            String::new(),
            ToServer::Create { scenario },
            Box::new(entered),
        );
    }

    /// Enters room `code` (already normalised) as `name` (already checked).
    pub fn join_room(
        &self,
        code: String,
        name: String,
        entered: impl FnOnce(Result<(), Text>) + 'static,
    ) {
        let hello = ToServer::Join {
            code: code.clone(),
            name,
        };
        self.connect(code, hello, Box::new(entered));
    }

    /// The rooms this browser's instructor left without ending them, newest first.
    pub fn rooms_you_run() -> Vec<RoomKey> {
        storage::load_run_rooms()
    }

    /// Forgets a room among [`GameCtx::rooms_you_run`] (the room itself goes on).
    pub fn forget_run_room(code: &str) {
        storage::drop_run_room(code);
    }

    /// Goes back into a room among [`GameCtx::rooms_you_run`]; once the server answers
    /// (let in, or the room is gone) it leaves that list.
    pub fn return_to_room(&self, key: RoomKey, entered: impl FnOnce(Result<(), Text>) + 'static) {
        let code = key.code.clone();
        self.rejoin_room(key, move |result| {
            storage::drop_run_room(&code);
            entered(result);
        });
    }

    /// Comes back to a room with the token it gave this browser.
    pub fn rejoin_room(&self, key: RoomKey, entered: impl FnOnce(Result<(), Text>) + 'static) {
        let hello = ToServer::Rejoin {
            code: key.code.clone(),
            token: key.token,
        };
        self.connect(key.code, hello, Box::new(entered));
    }

    fn connect(&self, code: String, hello: ToServer, entered: Entered) {
        // A scenario too large for the server is refused here, where the person acted.
        if let Err(e) = encode(&hello) {
            entered(Err(e));
            return;
        }
        let room = Room::new(code, hello, Wire::Down, Some(entered));
        self.backend.set_value(Backend::Room(Box::new(room)));
        self.changed(Vec::new());
        self.open_socket();
    }

    /// Opens a new socket for the room (the first one, or after a drop).
    fn open_socket(&self) {
        let ctx = *self;
        let failed = self.backend.try_update_value(|b| {
            let Backend::Room(room) = b else {
                return None;
            };
            if room.ended || !matches!(room.wire, Wire::Down) {
                return None;
            }
            room.generation = room.generation.wrapping_add(1);
            let generation = room.generation;
            let opened = page_ws_url()
                .ok_or_else(|| "this page has no address to connect to".to_string())
                .and_then(|url| Socket::open(ctx, &url, generation));
            match opened {
                Ok(socket) => {
                    room.wire = Wire::Socket {
                        socket,
                        open: false,
                    };
                    None
                }
                Err(_) => Some(generation),
            }
        });
        self.publish();
        // A socket that could not even be created counts as one that closed at once.
        if let Some(Some(generation)) = failed {
            self.socket_closed(generation);
        }
    }

    fn socket_opened(&self, generation: u32) {
        self.with_room(generation, |room, after| {
            if let Wire::Socket { open, .. } = &mut room.wire {
                *open = true;
            }
            let hello = room.hello.clone();
            if room.transmit(&hello).is_err() {
                room.closed(after);
            }
        });
    }

    fn socket_message(&self, generation: u32, text: &str) {
        let current = self
            .backend
            .try_with_value(|b| matches!(b, Backend::Room(r) if r.generation == generation))
            .unwrap_or(false);
        if !current {
            return;
        }
        match serde_json::from_str::<ToClient>(text) {
            Ok(msg) => self.receive(msg),
            Err(e) => self.with_room(generation, |room, _| {
                room.notice = Some(Text::from(format!(
                    "the server sent a message this page does not understand ({e})"
                )));
            }),
        }
    }

    fn socket_closed(&self, generation: u32) {
        self.with_room(generation, |room, after| room.closed(after));
    }

    /// Runs `f` on the room if `generation` is its current socket's, then does what it
    /// asked for.
    fn with_room(&self, generation: u32, f: impl FnOnce(&mut Room, &mut After)) {
        let after = self.backend.try_update_value(|b| match b {
            Backend::Room(room) if room.generation == generation => {
                let mut after = After::default();
                f(room, &mut after);
                Some(after)
            }
            _ => None,
        });
        if let Some(Some(after)) = after {
            self.apply(after);
        }
    }

    /// Follows one message from the server (the socket's handler calls this; tests call it
    /// directly). A welcome on a page without a room enters it with no socket: what the page
    /// sends then is kept for [`GameCtx::take_sent`].
    pub fn receive(&self, msg: ToClient) {
        let after = self.backend.try_update_value(|b| {
            if let ToClient::Welcome { you, .. } = &msg
                && !matches!(b, Backend::Room(_))
            {
                let hello = ToServer::Rejoin {
                    code: you.code.clone(),
                    token: you.token.clone(),
                };
                let room = Room::new(you.code.clone(), hello, Wire::Detached(Vec::new()), None);
                *b = Backend::Room(Box::new(room));
            }
            match b {
                Backend::Room(room) => Some(room.receive(msg)),
                _ => None,
            }
        });
        if let Some(Some(after)) = after {
            self.apply(after);
        }
    }

    /// What this page sent while no socket was attached (a test driving the room).
    pub fn take_sent(&self) -> Vec<ToServer> {
        self.backend
            .try_update_value(|b| match b {
                Backend::Room(room) => match &mut room.wire {
                    Wire::Detached(outbox) => std::mem::take(outbox),
                    _ => Vec::new(),
                },
                _ => Vec::new(),
            })
            .unwrap_or_default()
    }

    /// Instructor: moves a person to a seat (`None`: to watch).
    pub fn assign(&self, member: MemberId, node: Option<NodeId>) {
        self.command(ToServer::Assign { member, node });
    }

    /// Instructor: ends the room for everybody.
    pub fn end_room(&self) {
        self.command(ToServer::End);
    }

    /// Instructor: locks the room (nobody new joins) or opens it again.
    pub fn lock_room(&self, locked: bool) {
        self.command(ToServer::Lock { locked });
    }

    /// Instructor: removes a person from the room for good.
    pub fn remove(&self, member: MemberId) {
        self.command(ToServer::Remove { member });
    }

    /// Instructor: adds a team of the same shape to a room whose game has not started; the
    /// server seats the people watching in it and welcomes everybody to the grown game.
    pub fn add_team(&self) {
        self.command(ToServer::AddTeam);
    }

    /// Forgets the server's last complaint.
    pub fn dismiss_notice(&self) {
        self.backend.update_value(|b| {
            if let Backend::Room(room) = b {
                room.notice = None;
            }
        });
        self.publish();
    }

    /// Leaves the room: closes the connection and forgets the room in this browser (the
    /// seat stays in the room; the instructor can give it to someone else). A room this
    /// page runs goes on, and is kept among [`GameCtx::rooms_you_run`] so its instructor
    /// can come back to it.
    pub fn leave_room(&self) {
        let running = self.backend.with_value(|b| match b {
            Backend::Room(room) => room.running_key(),
            _ => None,
        });
        if let Some(key) = running {
            storage::keep_run_room(&key);
        }
        self.backend.set_value(Backend::Idle);
        storage::forget_room();
        self.publish();
        self.changed(Vec::new());
    }

    pub(super) fn command(&self, msg: ToServer) {
        self.backend.update_value(|b| {
            if let Backend::Room(room) = b {
                room.command(&msg);
            }
        });
        self.publish();
    }

    /// In a room, a clock change is the instructor's command to the server (shown at
    /// once, confirmed by the server's `Clock`). Whether the page is in a room.
    pub(super) fn room_clock(&self, change: impl FnOnce(&mut Clock, f64)) -> bool {
        let in_room = self.backend.try_with_value(|b| match b {
            Backend::Room(room) => Some(room.is_instructor()),
            _ => None,
        });
        let Some(Some(instructor)) = in_room else {
            return false;
        };
        if instructor {
            self.clock.update(|c| change(c, wall_ms()));
            let c = self.clock.get_untracked();
            self.command(ToServer::SetClock {
                paused: c.paused(),
                speed_percent: c.speed_percent(),
            });
        }
        true
    }

    fn apply(&self, after: After) {
        let After {
            events,
            clock,
            tick,
            answers,
            entered,
            remember,
            forget,
            drop_room,
            retry_in,
        } = after;
        if drop_room {
            self.backend.set_value(Backend::Idle);
        }
        if let Some(key) = remember {
            storage::store_room(&key);
        }
        if forget {
            storage::forget_room();
        }
        let wall = wall_ms();
        if let Some(c) = clock {
            self.clock
                .set(Clock::new(c.at, wall, c.speed_percent, c.paused).held(c.hold));
        }
        if let Some(at) = tick
            && let Some(c) = self.clock.try_get_untracked()
            && needs_reanchor(c.now(wall), at)
        {
            self.clock
                .set(Clock::new(at, wall, c.speed_percent(), c.paused()).held(c.hold()));
        }
        self.publish();
        if let Some(events) = events {
            self.changed(events);
        } else if drop_room {
            self.changed(Vec::new());
        }
        if let Some(secs) = retry_in {
            let ctx = *self;
            crate::dom::after(secs.saturating_mul(1000), move || ctx.open_socket());
        }
        for (done, verdict) in answers {
            done(verdict);
        }
        if let Some((entered, result)) = entered {
            entered(result);
        }
    }

    /// Shows the room's current state to the views (only when it changed).
    fn publish(&self) {
        let status = self
            .backend
            .try_with_value(|b| match b {
                Backend::Room(room) => Some(room.status()),
                _ => None,
            })
            .flatten();
        if self.room.try_with_untracked(|r| *r != status) == Some(true) {
            self.room.set(status);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reconnection_backs_off_to_ten_seconds() {
        let waits: Vec<u32> = (1..=7).map(backoff_secs).collect();
        assert_eq!(waits, vec![1, 2, 4, 8, 10, 10, 10]);
    }

    #[test]
    fn the_clock_is_reanchored_only_past_the_drift() {
        let server = Instant::from_secs(10);
        assert!(!needs_reanchor(Instant::from_millis(10_200), server));
        assert!(!needs_reanchor(Instant::from_millis(9_800), server));
        assert!(needs_reanchor(Instant::from_millis(10_300), server));
        assert!(needs_reanchor(Instant::from_millis(9_600), server));
    }

    #[test]
    fn the_socket_follows_the_page_scheme() {
        assert_eq!(
            ws_url("http:", "192.168.1.20:8080"),
            "ws://192.168.1.20:8080/ws"
        );
        assert_eq!(ws_url("https:", "class.example"), "wss://class.example/ws");
    }

    #[test]
    fn tokens_cannot_break_out_of_the_query() {
        assert_eq!(token_query("aZ09-._~"), "aZ09-._~");
        assert_eq!(token_query("a&b=c d"), "a%26b%3Dc%20d");
        assert_eq!(
            room_log_url("7KQ9AX", "t/k#"),
            "/api/rooms/7KQ9AX/log?token=t%2Fk%23"
        );
        assert_eq!(room_qr_url("7KQ9AX"), "/api/rooms/7KQ9AX/qr.svg");
    }

    #[test]
    fn an_oversized_message_is_refused_before_it_is_sent() {
        let mut scenario = Scenario::original();
        scenario.description = "x".repeat(MAX_FRAME_BYTES);
        let err = encode(&ToServer::Create { scenario }).unwrap_err();
        assert!(err.en.contains("KB"), "{err}");
        assert!(
            err.it
                .is_some_and(|it| it.contains("usa uno scenario più piccolo"))
        );
        assert!(encode(&ToServer::End).is_ok());
    }
}
