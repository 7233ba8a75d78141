//! The rooms of the server: join code → the queue of the room's task. Creating a room
//! writes its log before anyone is welcomed; at start-up every log on disk becomes a room
//! again. At most `max_rooms` rooms that have not ended run at once: each one ticks and
//! holds its game in memory, so a script opening rooms in a loop cannot exhaust the
//! machine the class depends on.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use tcpip_protocol::MemberId;
use tcpip_protocol::limits;
use tcpip_protocol::msg::normalize_code;
use tcpip_stack::scenario::Scenario;
use tcpip_stack::text::{Text, text};
use tokio::sync::{mpsc, oneshot};
use tokio::time::Instant;

use super::actor::{Actor, Command, Conn, Entry};
use super::secret;
use super::store::{self, Log};
use crate::room::{Outbox, Record, Room, Wall};

/// Commands a room's queue holds before senders wait (back-pressure on busy rooms).
const ROOM_QUEUE: usize = 1024;
/// Fresh codes tried before giving up (a collision among 25^6 codes is already rare).
const CODE_ATTEMPTS: usize = 16;

/// Rooms a server runs at once unless `serve --max-rooms` says otherwise: twice the 100
/// rooms of the load benchmark (README), which a 2-core machine serves with a third of one
/// core and 83 MB; far more than one school opens at once.
pub const DEFAULT_MAX_ROOMS: usize = 200;

/// The registry, shared by every connection and HTTP handler.
#[derive(Clone)]
pub struct Rooms {
    registry: Arc<Mutex<Registry>>,
    /// Rooms that have not ended allowed at once ([`DEFAULT_MAX_ROOMS`]).
    max_rooms: usize,
    /// A room without its instructor and without activity for this long is ended.
    idle_after: std::time::Duration,
    data: PathBuf,
    /// Time zero of the rooms' wall clock.
    started: Instant,
}

#[derive(Default)]
struct Registry {
    rooms: HashMap<String, Handle>,
    /// Rooms that ended: only their log on disk, for the instructor to download.
    archive: HashMap<String, Archived>,
    /// Rooms being created: they count against the cap before they are registered, so
    /// that instructors creating rooms at the same moment cannot overshoot it.
    creating: usize,
}

/// A running room, as the registry knows it.
struct Handle {
    queue: mpsc::Sender<Command>,
    /// Set by the room's task once the instructor ended it: it no longer counts against
    /// the cap (it stays, for its log to be downloaded).
    ended: Arc<AtomicBool>,
}

/// An ended room: where its log is and who may download it.
pub struct Archived {
    pub path: PathBuf,
    token: String,
}

impl Archived {
    pub fn opens(&self, token: &str) -> bool {
        crate::room::same_secret(&self.token, token)
    }
}

impl Registry {
    fn live(&self) -> usize {
        let ended = self
            .rooms
            .values()
            .filter(|h| h.ended.load(Ordering::Relaxed))
            .count();
        self.rooms.len() - ended + self.creating
    }
}

/// A place among the `max_rooms`, held while a room is being created.
struct Reservation {
    registry: Arc<Mutex<Registry>>,
}

impl Drop for Reservation {
    fn drop(&mut self) {
        lock(&self.registry).creating -= 1;
    }
}

fn lock(registry: &Mutex<Registry>) -> MutexGuard<'_, Registry> {
    // A panic elsewhere cannot leave the registry half-changed (every change is a single
    // insert, remove or count update), so a poisoned lock is still a good registry.
    registry.lock().unwrap_or_else(PoisonError::into_inner)
}

/// What start-up found on disk.
pub struct Restored {
    pub rooms: usize,
    /// Of those, rooms the instructor had ended (kept for their logs).
    pub ended: usize,
    pub actions: usize,
    /// One line per log that was not loaded, or loaded with a repair.
    pub problems: Vec<String>,
}

impl Rooms {
    /// Rooms kept in `data`, at most `max_rooms` of them running (not ended) at once.
    pub fn new(data: PathBuf, max_rooms: usize, idle_after: std::time::Duration) -> Rooms {
        Rooms {
            registry: Arc::default(),
            max_rooms,
            idle_after,
            data,
            started: Instant::now(),
        }
    }

    pub fn data(&self) -> &Path {
        &self.data
    }

    fn wall(&self) -> Wall {
        u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    fn registry(&self) -> MutexGuard<'_, Registry> {
        lock(&self.registry)
    }

    /// The room with this code (as typed by a person, or from a URL).
    pub fn get(&self, code: &str) -> Result<mpsc::Sender<Command>, Text> {
        let code = normalize_code(code)?;
        let registry = self.registry();
        if let Some(h) = registry.rooms.get(&code) {
            return Ok(h.queue.clone());
        }
        if registry.archive.contains_key(&code) {
            return Err(text!(
                "the room {code} has ended",
                "la stanza {code} è terminata"
            ));
        }
        Err(text!(
            "code: no room with code {code} on this server",
            "codice: su questo server non c'è nessuna stanza con il codice {code}"
        ))
    }

    /// The log of the ended room `code`, if `token` is its instructor's.
    pub fn archived_log(&self, code: &str, token: &str) -> Option<Option<PathBuf>> {
        let code = normalize_code(code).ok()?;
        let registry = self.registry();
        let archived = registry.archive.get(&code)?;
        Some(archived.opens(token).then(|| archived.path.clone()))
    }

    /// A place for one more room, or why there is none.
    fn reserve(&self) -> Result<Reservation, Text> {
        let mut registry = self.registry();
        let max = self.max_rooms;
        if registry.live() >= max {
            return Err(text!(
                "rooms: this server already runs {max} rooms, as many as it allows; end a \
                 room that is over, or restart the server with a larger --max-rooms",
                "stanze: questo server ha già {max} stanze aperte, il massimo consentito; \
                 termina una stanza finita, o riavvia il server con un --max-rooms più alto"
            ));
        }
        registry.creating += 1;
        Ok(Reservation {
            registry: Arc::clone(&self.registry),
        })
    }

    /// Starts the task of `room` and registers it; `first` is committed before anything else.
    fn spawn(
        &self,
        room: Room,
        log: Log,
        member: Option<(MemberId, Conn)>,
        first: Outbox,
    ) -> mpsc::Sender<Command> {
        let code = room.code().to_string();
        let (tx, rx) = mpsc::channel(ROOM_QUEUE);
        let ended = Arc::new(AtomicBool::new(room.ended()));
        let path = log.path().to_path_buf();
        let mut actor =
            Actor::new(room, log, self.started, Arc::clone(&ended)).idle_after(self.idle_after);
        if let Some((member, conn)) = member {
            actor = actor.with_member(member, conn);
        }
        let handle = Handle {
            queue: tx.clone(),
            ended,
        };
        self.registry().rooms.insert(code.clone(), handle);
        let rooms = self.clone();
        tokio::spawn(async move {
            let outcome = actor.run(rx, first).await;
            let mut registry = rooms.registry();
            match outcome {
                // Ended: only its log stays, on disk.
                Ok(Some(token)) => {
                    registry.rooms.remove(&code);
                    registry.archive.insert(code, Archived { path, token });
                }
                Ok(None) => {}
                // A room that cannot write its log is gone; its log stays on disk.
                Err(_) => {
                    registry.rooms.remove(&code);
                }
            }
        });
        tx
    }

    /// A new room for `scenario`, its creator (on `conn`) its instructor; refused when the
    /// server already runs `max_rooms` rooms.
    pub async fn create(
        &self,
        scenario: Scenario,
        conn: Conn,
    ) -> Result<(mpsc::Sender<Command>, MemberId, String), Text> {
        limits::check_scenario(&scenario)?;
        let _place = self.reserve()?;
        let token = secret::token()?;
        for _ in 0..CODE_ATTEMPTS {
            let code = secret::code()?;
            // The scenario's own check (the page checked it before sending): English only.
            let (room, member, out) =
                Room::create(code.clone(), token.clone(), scenario.clone(), self.wall())
                    .map_err(Text::from)?;
            let data = self.data.clone();
            let name = code.clone();
            let created = tokio::task::spawn_blocking(move || Log::create(&data, &name))
                .await
                .map_err(|e| {
                    text!(
                        "the server could not create the room's log: {e}",
                        "il server non è riuscito a creare il registro della stanza: {e}"
                    )
                })?;
            let log = match created {
                Ok(log) => log,
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => {
                    let dir = self.data.display();
                    return Err(text!(
                        "the server cannot save rooms in {dir}: {e}",
                        "il server non riesce a salvare le stanze in {dir}: {e}"
                    ));
                }
            };
            let tx = self.spawn(room, log, Some((member, conn)), out);
            return Ok((tx, member, code));
        }
        Err(text!(
            "the server found no free room code: try again",
            "il server non ha trovato un codice libero per la stanza: riprova"
        ))
    }

    /// Enters the room `code` on `conn`.
    pub async fn enter(
        &self,
        code: &str,
        entry: Entry,
        conn: Conn,
    ) -> Result<(mpsc::Sender<Command>, MemberId, String), Text> {
        let code = normalize_code(code)?;
        let room = self.get(&code)?;
        let (reply, answer) = oneshot::channel();
        let gone = || {
            text!(
                "the room has just closed",
                "la stanza è stata appena chiusa"
            )
        };
        room.send(Command::Enter { entry, conn, reply })
            .await
            .map_err(|_| gone())?;
        let member = answer.await.map_err(|_| gone())??;
        Ok((room, member, code))
    }

    /// Every room whose log is in the data directory, as it was when the server stopped.
    pub fn restore(&self) -> Restored {
        let mut restored = Restored {
            rooms: 0,
            ended: 0,
            actions: 0,
            problems: Vec::new(),
        };
        for loaded in store::load_all(&self.data) {
            let mut loaded = match loaded {
                Ok(store::Found::Live(l)) => l,
                Ok(store::Found::Ended { path, code, token }) => {
                    restored.rooms += 1;
                    restored.ended += 1;
                    self.registry()
                        .archive
                        .insert(code, Archived { path, token });
                    continue;
                }
                Err(e) => {
                    restored.problems.push(format!("{e}: room not loaded"));
                    continue;
                }
            };
            restored.problems.extend(loaded.warning.take());
            // A record the room cannot replay ends what can be trusted, as a line that is
            // not a record does: the rest is set aside and the room loads without it.
            let room = match Room::restore(loaded.records.clone(), self.wall()) {
                Err(broken) if broken.record > 0 => {
                    match loaded.set_aside(broken.record, &broken.to_string()) {
                        Ok(warning) => {
                            restored.problems.push(warning);
                            Room::restore(loaded.records.clone(), self.wall())
                                .map_err(|e| e.to_string())
                        }
                        Err(e) => Err(e),
                    }
                }
                other => other.map_err(|e| e.to_string()),
            };
            let actions = loaded
                .records
                .iter()
                .filter(|r| matches!(r, Record::Acted { .. }))
                .count();
            match room {
                Ok(room) if self.registry().rooms.contains_key(room.code()) => {
                    restored.problems.push(format!(
                        "{}: room {} is already loaded from another file: room not loaded",
                        loaded.path.display(),
                        room.code()
                    ));
                }
                Ok(mut room) => {
                    if let Some((file, lines)) = &loaded.aside {
                        room.set_aside_notice(file, *lines);
                    }
                    restored.rooms += 1;
                    restored.actions += actions;
                    if room.ended() {
                        // An ended room whose log needed repair: archived like the others.
                        restored.ended += 1;
                        let (code, token) =
                            (room.code().to_string(), room.instructor_token().to_string());
                        let path = loaded.path.clone();
                        self.registry()
                            .archive
                            .insert(code, Archived { path, token });
                    } else {
                        self.spawn(room, loaded.log, None, Outbox::default());
                    }
                }
                Err(e) => restored
                    .problems
                    .push(format!("{}: {e}: room not loaded", loaded.path.display())),
            }
        }
        restored
    }
}
