//! One task per room: it owns the [`Room`], its log file and the sockets of its members.
//! Everything the room hears comes through one queue, so the room never needs a lock; the
//! task handles whatever is queued as one batch, makes the batch's records durable with one
//! write and one fdatasync (group commit), and only then sends what the batch produced.

use std::collections::{HashMap, VecDeque};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use axum::extract::ws::Utf8Bytes;
use tcpip_protocol::{MemberId, ToClient, ToServer};
use tcpip_stack::text::{Text, text};
use tokio::sync::{mpsc, oneshot};
use tokio::time::{Instant, MissedTickBehavior};

use super::secret;
use super::store::Log;
use crate::room::{Dest, Outbox, Room, Wall};

/// How often a running game moves on and everybody hears its time.
pub const TICK: Duration = Duration::from_millis(200);
/// The most commands one batch takes, so a busy room still ticks and sends regularly.
const MAX_BATCH: usize = 256;

/// A save slower than this is worth telling the operator: players feel it as lag.
const SLOW_DISK: Duration = Duration::from_millis(500);

/// Numbers every connection the server ever accepted.
pub type ConnId = u64;

/// Why the server hangs up on a connection: shown to the page as an error, and given (in
/// English) as the close frame's reason.
#[derive(Debug)]
pub struct Farewell {
    /// WebSocket close code (RFC 6455 §7.4).
    pub code: u16,
    pub message: Text,
}

/// Close code for a socket replaced by a newer one of the same person (RFC 6455 §7.4.2:
/// 4000–4999 are for applications): the page should not reconnect by itself.
pub const CLOSE_REPLACED: u16 = 4001;
/// Close code for a person the instructor removed (an application code, RFC 6455 §7.4.2).
pub const CLOSE_REMOVED: u16 = 4003;
/// Close code when the room can no longer save its log (RFC 6455 §7.4.1: 1011, the server
/// met an unexpected condition).
pub const CLOSE_ROOM_FAILED: u16 = 1011;

/// Close code for a connection too slow to follow its room (RFC 6455 §7.4.1: 1008, a
/// policy violation): the page reconnects and starts again from a fresh snapshot.
pub const CLOSE_TOO_SLOW: u16 = 1008;

/// Bytes of messages waiting for one browser before it is behind: then its queue is
/// thrown away and it gets one snapshot instead. A `Welcome` is always queued (it comes
/// when the queue is empty), so one connection holds at most this plus one snapshot.
pub const QUEUE_BYTES: usize = 1024 * 1024;
/// The least time between two snapshots for one connection, whether it asked (`resync`)
/// or fell behind: a request meanwhile is served once the time has come, so a flood of
/// them costs one snapshot per interval.
pub const SNAPSHOT_INTERVAL: Duration = Duration::from_secs(2);
/// A connection that falls behind this many times within [`FALLS_WINDOW`] is closed: it
/// cannot follow the room, and each snapshot costs the server.
pub const MAX_FALLS: usize = 3;
pub const FALLS_WINDOW: Duration = Duration::from_secs(60);

/// The room's end of one WebSocket.
pub struct Conn {
    id: ConnId,
    /// The connection's bounded outbound queue.
    tx: mpsc::Sender<Utf8Bytes>,
    kill: oneshot::Sender<Farewell>,
    /// Set while the connection must get a fresh `Welcome` before anything else: when it
    /// is new, and when it fell so far behind that its queue overflowed.
    stale: Arc<AtomicBool>,
    /// Bytes in the queue (the connection subtracts what it takes).
    queued: Arc<AtomicUsize>,
    /// When this connection last got a snapshot, and whether it waits for another.
    last_snapshot: Option<Instant>,
    snapshot_wanted: bool,
    /// When it fell behind, within the last [`FALLS_WINDOW`].
    falls: VecDeque<Instant>,
}

/// The connection's end of the same pair.
pub struct Wire {
    pub id: ConnId,
    pub rx: mpsc::Receiver<Utf8Bytes>,
    pub kill: oneshot::Receiver<Farewell>,
    pub stale: Arc<AtomicBool>,
    queued: Arc<AtomicUsize>,
}

impl Wire {
    /// The next message is out of the queue: its bytes no longer count.
    pub fn taken(&self, text: &Utf8Bytes) {
        self.queued.fetch_sub(text.len(), Ordering::SeqCst);
    }
}

/// A connection's two ends, with an outbound queue of `queue` messages.
pub fn pair(id: ConnId, queue: usize) -> (Conn, Wire) {
    let (tx, rx) = mpsc::channel(queue);
    let (kill_tx, kill_rx) = oneshot::channel();
    let stale = Arc::new(AtomicBool::new(true));
    let queued = Arc::new(AtomicUsize::new(0));
    (
        Conn {
            id,
            tx,
            kill: kill_tx,
            stale: Arc::clone(&stale),
            queued: Arc::clone(&queued),
            last_snapshot: None,
            snapshot_wanted: false,
            falls: VecDeque::new(),
        },
        Wire {
            id,
            rx,
            kill: kill_rx,
            stale,
            queued,
        },
    )
}

/// How a connection enters a room it did not create.
pub enum Entry {
    Join { name: String },
    Rejoin { token: String },
}

/// What a room's task is asked to do.
pub enum Command {
    /// A connection enters; the answer is the member it now speaks for, or the sentence
    /// to show.
    Enter {
        entry: Entry,
        conn: Conn,
        reply: oneshot::Sender<Result<MemberId, Text>>,
    },
    /// A message from a member's connection.
    Msg {
        member: MemberId,
        conn: ConnId,
        msg: ToServer,
    },
    /// The connection closed.
    Left { member: MemberId, conn: ConnId },
    /// The connection threw away its overflowed queue: it needs a snapshot.
    CaughtUp { member: MemberId, conn: ConnId },
    /// Where the log is and how much of it is durable, if `token` is the instructor's.
    LogAccess {
        token: String,
        reply: oneshot::Sender<Option<(PathBuf, u64)>>,
    },
}

pub struct Actor {
    room: Room,
    log: Log,
    conns: HashMap<MemberId, Conn>,
    started: Instant,
    /// Set once the room has ended (before anyone hears it did), for the registry's count
    /// of running rooms.
    ended: Arc<AtomicBool>,
    /// A room without its instructor where nothing happened for this long is ended.
    idle_after: Duration,
    last_activity: Instant,
    /// The last tick took longer than [`HEAVY_TICK`].
    heavy: bool,
}

/// A tick longer than this is heavy work for a cooperative task: a tenth of the time
/// between ticks.
const HEAVY_TICK: Duration = Duration::from_millis(20);

/// Close code for the connections of a room that ended (RFC 6455 §7.4.1: 1000, the purpose
/// of the connection is fulfilled).
pub const CLOSE_ENDED: u16 = 1000;

impl Actor {
    /// A room's task; `started` is the instant the server's wall clock counts from; `ended`
    /// is set once the room has ended.
    pub fn new(room: Room, log: Log, started: Instant, ended: Arc<AtomicBool>) -> Actor {
        Actor {
            room,
            log,
            conns: HashMap::new(),
            started,
            ended,
            idle_after: Duration::MAX,
            last_activity: Instant::now(),
            heavy: false,
        }
    }

    /// Ends the room once it was left without its instructor and without activity for
    /// `idle`.
    pub fn idle_after(mut self, idle: Duration) -> Actor {
        self.idle_after = idle;
        self
    }

    /// The creator's connection, whose welcome is in the first batch.
    pub fn with_member(mut self, member: MemberId, conn: Conn) -> Actor {
        self.conns.insert(member, conn);
        self
    }

    fn wall(&self) -> Wall {
        u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    /// Runs the room until it ends (`Ok(Some(instructor's token))`: everybody heard it and
    /// was disconnected, the log is complete), the server drops its queue (`Ok(None)`), or
    /// its log cannot be written (`Err`: the members were told and disconnected). `first`
    /// is committed first.
    pub async fn run(
        mut self,
        mut rx: mpsc::Receiver<Command>,
        first: Outbox,
    ) -> Result<Option<String>, String> {
        let mut ticker = tokio::time::interval(TICK);
        ticker.set_missed_tick_behavior(MissedTickBehavior::Skip);
        let mut batch = first;
        loop {
            if let Err(e) = self.commit(std::mem::take(&mut batch)).await {
                self.fail(&e);
                return Err(e);
            }
            if self.room.ended() {
                self.close_all(CLOSE_ENDED, self.has_ended());
                return Ok(Some(self.room.instructor_token().to_string()));
            }
            tokio::select! {
                cmd = rx.recv() => match cmd {
                    Some(cmd) => {
                        self.last_activity = Instant::now();
                        self.command(cmd, &mut batch);
                    }
                    None => return Ok(None),
                },
                _ = ticker.tick() => {
                    let out = self.tick();
                    absorb(&mut batch, out);
                    self.wanted_snapshots(&mut batch);
                    if !self.room.instructor_online()
                        && self.last_activity.elapsed() >= self.idle_after
                    {
                        eprintln!(
                            "room {}: no instructor and nothing happened for {} s: the room ends",
                            self.room.code(),
                            self.idle_after.as_secs()
                        );
                        let out = self.room.end(self.wall());
                        absorb(&mut batch, out);
                    }
                }
            }
            // Group commit: whatever queued up meanwhile (typically during the last
            // fsync) joins this batch and shares its fsync.
            for _ in 1..MAX_BATCH {
                match rx.try_recv() {
                    Ok(cmd) => {
                        self.last_activity = Instant::now();
                        self.command(cmd, &mut batch);
                    }
                    Err(_) => break,
                }
            }
        }
    }

    fn command(&mut self, cmd: Command, batch: &mut Outbox) {
        let wall = self.wall();
        match cmd {
            Command::Enter { entry, conn, reply } => {
                let entered = match entry {
                    Entry::Join { name } => {
                        secret::token().and_then(|token| self.room.join(&name, token, wall))
                    }
                    Entry::Rejoin { token } => self.room.rejoin(&token, wall),
                };
                match entered {
                    Ok((member, out)) => {
                        self.attach(member, conn);
                        absorb(batch, out);
                        if reply.send(Ok(member)).is_err() {
                            // The connection is gone without having entered: no `Left`
                            // will come for it.
                            self.conns.remove(&member);
                            let out = self.room.disconnected(member, wall);
                            absorb(batch, out);
                        }
                    }
                    Err(message) => {
                        let _ = reply.send(Err(message));
                    }
                }
            }
            Command::Msg {
                member,
                conn,
                msg: ToServer::Resync,
            } => {
                if self.is_current(member, conn) {
                    self.snapshot(member, batch);
                }
            }
            Command::Msg { member, conn, msg } => {
                if self.is_current(member, conn) {
                    let out = self.room.handle(member, msg, wall);
                    absorb(batch, out);
                }
            }
            Command::Left { member, conn } => {
                if self.is_current(member, conn) {
                    self.conns.remove(&member);
                    let out = self.room.disconnected(member, wall);
                    absorb(batch, out);
                }
            }
            Command::CaughtUp { member, conn } => {
                if let Some(c) = self.conns.get(&member).filter(|c| c.id == conn) {
                    c.stale.store(true, Ordering::SeqCst);
                    self.snapshot(member, batch);
                }
            }
            Command::LogAccess { token, reply } => {
                let _ = reply.send(
                    self.room
                        .is_instructor(&token)
                        .then(|| (self.log.path().to_path_buf(), self.log.durable_len())),
                );
            }
        }
    }

    /// The game runs on. A room whose last tick was heavy (many teams of bots at full
    /// speed) runs its next one off the runtime's worker ([`tokio::task::block_in_place`]
    /// hands the worker's other tasks to another thread meanwhile), so its engine work
    /// shares the cores with the other rooms and the HTTP side instead of holding up
    /// every task queued behind it.
    fn tick(&mut self) -> Outbox {
        let wall = self.wall();
        let started = std::time::Instant::now();
        let multi_thread = tokio::runtime::Handle::current().runtime_flavor()
            == tokio::runtime::RuntimeFlavor::MultiThread;
        let out = if self.heavy && multi_thread {
            tokio::task::block_in_place(|| self.room.tick(wall))
        } else {
            self.room.tick(wall)
        };
        self.heavy = started.elapsed() > HEAVY_TICK;
        out
    }

    /// A fresh snapshot for `member`, now or once [`SNAPSHOT_INTERVAL`] has passed since
    /// their last one.
    fn snapshot(&mut self, member: MemberId, batch: &mut Outbox) {
        let Some(conn) = self.conns.get_mut(&member) else {
            return;
        };
        let now = Instant::now();
        if conn
            .last_snapshot
            .is_some_and(|last| now < last + SNAPSHOT_INTERVAL)
        {
            conn.snapshot_wanted = true;
            return;
        }
        conn.last_snapshot = Some(now);
        conn.snapshot_wanted = false;
        let out = self.room.handle(member, ToServer::Resync, self.wall());
        absorb(batch, out);
    }

    /// The snapshots asked for too soon whose time has come.
    fn wanted_snapshots(&mut self, batch: &mut Outbox) {
        let now = Instant::now();
        let due: Vec<MemberId> = self
            .conns
            .iter()
            .filter(|(_, c)| {
                c.snapshot_wanted
                    && c.last_snapshot
                        .is_none_or(|last| now >= last + SNAPSHOT_INTERVAL)
            })
            .map(|(m, _)| *m)
            .collect();
        for member in due {
            self.snapshot(member, batch);
        }
    }

    fn is_current(&self, member: MemberId, conn: ConnId) -> bool {
        self.conns.get(&member).is_some_and(|c| c.id == conn)
    }

    /// `conn` now speaks for `member`; an older socket of the same person is closed
    /// (a person's messages come from one socket at most).
    fn attach(&mut self, member: MemberId, mut conn: Conn) {
        conn.last_snapshot = Some(Instant::now());
        if let Some(old) = self.conns.insert(member, conn) {
            let _ = old.kill.send(Farewell {
                code: CLOSE_REPLACED,
                message: text!(
                    "this seat was opened on another page; this one is disconnected",
                    "questo posto è stato aperto in un'altra pagina; questa è scollegata"
                ),
            });
        }
    }

    /// Makes the batch's records durable, then sends its messages (an `Ended` among them is
    /// heard only once the registry no longer counts the room as running).
    async fn commit(&mut self, batch: Outbox) -> Result<(), String> {
        if !batch.records.is_empty() {
            let took = self.log.append(&batch.records).await?;
            if took > SLOW_DISK {
                eprintln!(
                    "room {}: the disk took {} ms to save {} record(s): everybody waited for it",
                    self.room.code(),
                    took.as_millis(),
                    batch.records.len()
                );
            }
        }
        self.ended.store(self.room.ended(), Ordering::Relaxed);
        for (dest, msg) in batch.sends {
            self.send(dest, &msg);
        }
        for member in batch.removed {
            if let Some(conn) = self.conns.remove(&member) {
                let _ = conn.kill.send(Farewell {
                    code: CLOSE_REMOVED,
                    message: text!(
                        "the instructor removed you from this room",
                        "l'insegnante ti ha tolto da questa stanza"
                    ),
                });
            }
        }
        Ok(())
    }

    /// Queues `msg` for every connection `dest` names. A connection that is stale skips
    /// everything until its `Welcome`; one whose queue is full (in messages or in
    /// [`QUEUE_BYTES`]) becomes stale: it will throw its queue away and ask for a snapshot
    /// rather than miss events silently. One that falls behind too often is closed.
    fn send(&mut self, dest: Dest, msg: &ToClient) {
        let text = match serde_json::to_string(msg) {
            Ok(text) => Utf8Bytes::from(text),
            Err(e) => {
                eprintln!("room {}: cannot encode a message: {e}", self.room.code());
                return;
            }
        };
        let welcome = matches!(msg, ToClient::Welcome { .. });
        let now = Instant::now();
        let mut too_slow = Vec::new();
        for (member, conn) in &mut self.conns {
            if !dest.includes(*member) {
                continue;
            }
            if conn.stale.load(Ordering::SeqCst) {
                if !welcome {
                    continue;
                }
                conn.stale.store(false, Ordering::SeqCst);
            }
            let queued = conn.queued.load(Ordering::SeqCst);
            let fits = queued + text.len() <= QUEUE_BYTES || (welcome && queued == 0);
            let sent = fits && {
                conn.queued.fetch_add(text.len(), Ordering::SeqCst);
                let sent = conn.tx.try_send(text.clone());
                if sent.is_err() {
                    conn.queued.fetch_sub(text.len(), Ordering::SeqCst);
                }
                !matches!(sent, Err(mpsc::error::TrySendError::Full(_)))
            };
            if !sent {
                conn.stale.store(true, Ordering::SeqCst);
                conn.falls.retain(|t| now < *t + FALLS_WINDOW);
                conn.falls.push_back(now);
                if conn.falls.len() > MAX_FALLS {
                    too_slow.push(*member);
                }
            }
        }
        for member in too_slow {
            self.close_too_slow(member);
        }
    }

    /// Closes the connection of `member`, which cannot follow the room; everybody else
    /// hears they are offline.
    fn close_too_slow(&mut self, member: MemberId) {
        let Some(conn) = self.conns.remove(&member) else {
            return;
        };
        let _ = conn.kill.send(Farewell {
            code: CLOSE_TOO_SLOW,
            message: text!(
                "this connection is too slow to follow the room: reconnect on a better network",
                "questa connessione è troppo lenta per seguire la stanza: riconnettiti da una \
                 rete migliore"
            ),
        });
        let out = self.room.disconnected(member, self.wall());
        for (dest, msg) in out.sends {
            self.send(dest, &msg);
        }
    }

    /// The log cannot be written: the room stops rather than run ahead of its log.
    fn fail(&mut self, error: &str) {
        let code = self.room.code().to_string();
        eprintln!("room {code}: {error}; the room is closed");
        self.close_all(
            CLOSE_ROOM_FAILED,
            text!(
                "the server could not save room {code} ({error}): the room is closed",
                "il server non è riuscito a salvare la stanza {code} ({error}): la stanza è \
                 chiusa"
            ),
        );
    }

    fn has_ended(&self) -> Text {
        let code = self.room.code();
        text!("the room {code} has ended", "la stanza {code} è terminata")
    }

    /// Disconnects everybody, saying why (after what was already queued for them).
    fn close_all(&mut self, code: u16, message: Text) {
        for (_, conn) in self.conns.drain() {
            let _ = conn.kill.send(Farewell {
                code,
                message: message.clone(),
            });
        }
    }
}

fn absorb(batch: &mut Outbox, out: Outbox) {
    batch.records.extend(out.records);
    batch.sends.extend(out.sends);
    batch.removed.extend(out.removed);
}

#[cfg(test)]
mod tests {
    use super::*;
    use tcpip_stack::scenario::Scenario;

    /// A room whose log lives in a scratch directory, with its instructor connected.
    async fn room(name: &str, queue: usize) -> (mpsc::Sender<Command>, Wire, std::path::PathBuf) {
        let data = std::env::temp_dir().join(format!("tcpip-actor-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&data);
        let log = Log::create(&data, "ABCDEF").unwrap();
        let (room, me, out) =
            Room::create("ABCDEF".into(), "secret".into(), Scenario::original(), 0).unwrap();
        let (conn, wire) = pair(1, queue);
        let ended = Arc::new(AtomicBool::new(false));
        let actor = Actor::new(room, log, Instant::now(), ended).with_member(me, conn);
        let (tx, rx) = mpsc::channel(64);
        tokio::spawn(actor.run(rx, out));
        (tx, wire, data)
    }

    /// A message from the instructor's connection (member 0, connection 1).
    async fn instruct(room: &mpsc::Sender<Command>, msg: ToServer) {
        let cmd = Command::Msg {
            member: 0,
            conn: 1,
            msg,
        };
        room.send(cmd).await.unwrap();
    }

    fn decode(text: &Utf8Bytes) -> ToClient {
        serde_json::from_str(text.as_str()).unwrap()
    }

    /// "a client that falls behind gets a fresh snapshot rather than losing
    /// events": its queue overflows, it throws it away, and the next thing it gets is a
    /// Welcome that holds everything it missed.
    #[tokio::test]
    async fn a_client_that_falls_behind_gets_a_snapshot() {
        let (room, mut wire, data) = room("lag", 4).await;
        let ToClient::Welcome { .. } = decode(&wire.rx.recv().await.unwrap()) else {
            panic!("no welcome first");
        };
        // Ten clock changes make ten broadcasts, more than the queue of 4 holds.
        for i in 0..10 {
            let msg = ToServer::SetClock {
                paused: i % 2 == 0,
                speed_percent: 100 + i,
            };
            instruct(&room, msg).await;
        }
        for _ in 0..500 {
            if wire.stale.load(Ordering::SeqCst) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        assert!(
            wire.stale.load(Ordering::SeqCst),
            "the overflow was not noticed"
        );
        while wire.rx.try_recv().is_ok() {}
        room.send(Command::CaughtUp { member: 0, conn: 1 })
            .await
            .unwrap();
        let ToClient::Welcome { snapshot, .. } = decode(&wire.rx.recv().await.unwrap()) else {
            panic!("the next message after catching up is not a snapshot");
        };
        assert_eq!(
            snapshot.clock.speed_percent, 109,
            "the snapshot has the last change"
        );
        std::fs::remove_dir_all(&data).unwrap();
    }

    /// "every accepted action is appended to a per-room log on disk (fsync'd)
    /// before it is broadcast": by the time a change is heard, the log holds it.
    #[tokio::test]
    async fn what_is_heard_is_already_in_the_log() {
        let (room, mut wire, data) = room("durable", 64).await;
        let _welcome = wire.rx.recv().await.unwrap();
        let msg = ToServer::SetClock {
            paused: true,
            speed_percent: 250,
        };
        instruct(&room, msg).await;
        let ToClient::Clock { .. } = decode(&wire.rx.recv().await.unwrap()) else {
            panic!("no clock change heard");
        };
        let log = std::fs::read_to_string(data.join("ABCDEF.log")).unwrap();
        assert!(
            log.lines()
                .last()
                .unwrap()
                .contains("\"speed_percent\":250"),
            "{log}"
        );
        // The instructor's token opens the log, up to what is durable; a guess does not.
        let path = data.join("ABCDEF.log");
        for (token, expected) in [("secret", Some((path, log.len() as u64))), ("guess", None)] {
            let (reply, answer) = oneshot::channel();
            let token = token.to_string();
            room.send(Command::LogAccess { token, reply })
                .await
                .unwrap();
            assert_eq!(answer.await.unwrap(), expected);
        }
        std::fs::remove_dir_all(&data).unwrap();
    }
}
