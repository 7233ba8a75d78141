//! The rooms of the server: join code → the queue of the room's task. Creating a room
//! writes its log before anyone is welcomed; at start-up every log on disk becomes a room
//! again.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use tcpip_protocol::MemberId;
use tcpip_protocol::msg::normalize_code;
use tcpip_stack::scenario::Scenario;
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

/// The registry, shared by every connection and HTTP handler.
#[derive(Clone)]
pub struct Rooms {
    map: Arc<Mutex<HashMap<String, mpsc::Sender<Command>>>>,
    data: PathBuf,
    /// Time zero of the rooms' wall clock.
    started: Instant,
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
    pub fn new(data: PathBuf) -> Rooms {
        Rooms {
            map: Arc::default(),
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

    fn map(&self) -> std::sync::MutexGuard<'_, HashMap<String, mpsc::Sender<Command>>> {
        // A panic elsewhere cannot leave the map half-changed (inserts and removes are
        // single calls), so a poisoned lock is still a good map.
        self.map.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The room with this code (as typed by a person, or from a URL).
    pub fn get(&self, code: &str) -> Result<mpsc::Sender<Command>, String> {
        let code = normalize_code(code)?;
        self.map()
            .get(&code)
            .cloned()
            .ok_or_else(|| format!("code: no room with code {code} on this server"))
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
        let mut actor = Actor::new(room, log, self.started);
        if let Some((member, conn)) = member {
            actor = actor.with_member(member, conn);
        }
        self.map().insert(code.clone(), tx.clone());
        let rooms = self.clone();
        tokio::spawn(async move {
            // A room that cannot write its log is gone; its log stays on disk.
            if actor.run(rx, first).await.is_err() {
                rooms.map().remove(&code);
            }
        });
        tx
    }

    /// A new room for `scenario`, its creator (on `conn`) its instructor.
    pub async fn create(
        &self,
        scenario: Scenario,
        conn: Conn,
    ) -> Result<(mpsc::Sender<Command>, MemberId), String> {
        let token = secret::token()?;
        for _ in 0..CODE_ATTEMPTS {
            let code = secret::code()?;
            let (room, member, out) =
                Room::create(code.clone(), token.clone(), scenario.clone(), self.wall())?;
            let data = self.data.clone();
            let created = tokio::task::spawn_blocking(move || Log::create(&data, &code))
                .await
                .map_err(|e| format!("the disk writer stopped: {e}"))?;
            let log = match created {
                Ok(log) => log,
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => {
                    return Err(format!(
                        "the server cannot save rooms in {}: {e}",
                        self.data.display()
                    ));
                }
            };
            let tx = self.spawn(room, log, Some((member, conn)), out);
            return Ok((tx, member));
        }
        Err("the server found no free room code: try again".into())
    }

    /// Enters the room `code` on `conn`.
    pub async fn enter(
        &self,
        code: &str,
        entry: Entry,
        conn: Conn,
    ) -> Result<(mpsc::Sender<Command>, MemberId), String> {
        let room = self.get(code)?;
        let (reply, answer) = oneshot::channel();
        let gone = || "the room has just closed".to_string();
        room.send(Command::Enter { entry, conn, reply })
            .await
            .map_err(|_| gone())?;
        let member = answer.await.map_err(|_| gone())??;
        Ok((room, member))
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
            let loaded = match loaded {
                Ok(l) => l,
                Err(e) => {
                    restored.problems.push(format!("{e}: room not loaded"));
                    continue;
                }
            };
            restored.problems.extend(loaded.warning);
            let actions = loaded
                .records
                .iter()
                .filter(|r| matches!(r, Record::Acted { .. }))
                .count();
            match Room::restore(loaded.records, self.wall()) {
                Ok(room) if self.map().contains_key(room.code()) => {
                    restored.problems.push(format!(
                        "{}: room {} is already loaded from another file: room not loaded",
                        loaded.path.display(),
                        room.code()
                    ));
                }
                Ok(room) => {
                    restored.rooms += 1;
                    restored.ended += usize::from(room.ended());
                    restored.actions += actions;
                    self.spawn(room, loaded.log, None, Outbox::default());
                }
                Err(e) => restored
                    .problems
                    .push(format!("{}: {e}: room not loaded", loaded.path.display())),
            }
        }
        restored
    }
}
