//! The one interface every view uses to talk to the game: actions in, events and
//! read-only state out. Local mode runs the engine in this browser (a [`Session`]);
//! classroom mode follows a room on the classroom server ([`remote`]: a
//! [`tcpip_protocol::Replica`] fed by a WebSocket). Views call the same methods in both;
//! only what differs for the person (their [`Role`]) is theirs to read.

mod remote;
mod replay;
mod storage;

use leptos::prelude::*;
use tcpip_protocol::Info;
use tcpip_stack::scenario::Scenario;
use tcpip_stack::text::{Text, text};
use tcpip_stack::time::Instant;
use tcpip_stack::world::{Action, Event, NodeId, World};

use crate::i18n::Key;
use crate::slot::Slot;

pub use remote::{LinkState, RoomStatus, room_log_url, room_qr_url};
pub use storage::RoomKey;
pub use tcpip_protocol::{Clock, Logged, SavedGame, Session};

/// How often the world catches up with the clock (local mode). Cards are animated every
/// frame by the board from their departure and arrival times; this only decides when they
/// *arrive*.
const TICK_MS: u32 = 100;

/// What became of an action: the events it caused, or the sentence saying why not, in
/// English and Italian (the engine's, the room's or this page's own).
pub type Verdict = Result<Vec<Event>, Text>;

/// Said to a person who acts with no game on the page.
fn no_game() -> Text {
    text!(
        "no game is running: start one first",
        "nessuna partita in corso: prima avviane una"
    )
}

/// Said to a person who acts in the replay of a game that is over.
fn replayed() -> Text {
    text!(
        "this is a replay of a game that is over: nothing can change it",
        "questa è la replica di una partita finita: nulla può cambiarla"
    )
}

/// Who the person at this page is, for the views that differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// A game on this computer: every seat and every control (hot-seat).
    Local,
    /// The instructor of a classroom room: every control, through the server.
    Instructor,
    /// A student in a room, playing `seat` (`None`: watching).
    Student { seat: Option<NodeId> },
}

/// Where the game runs.
enum Backend {
    /// No game: the start screen.
    Idle,
    /// The engine in this browser.
    Local(Box<Session>),
    /// A classroom room on the server, being entered or followed.
    Room(Box<remote::Room>),
    /// A game that is over, shown as it was at some moment (the debrief's replay).
    Replay(Box<replay::Replay>),
}

impl Backend {
    fn world(&self) -> Option<&World> {
        match self {
            Backend::Idle => None,
            Backend::Local(s) => Some(s.world()),
            Backend::Room(r) => r.world(),
            Backend::Replay(r) => Some(r.world()),
        }
    }
}

/// The game as the views see it. Cheap to copy; get it with [`use_game`].
#[derive(Clone, Copy)]
pub struct GameCtx {
    backend: StoredValue<Backend, LocalStorage>,
    /// Bumped on every change of the world: views read the world inside a memo that
    /// tracks this, so they update exactly when something happened.
    version: Slot<u64>,
    clock: Slot<Clock>,
    /// What happened at the last change (for announcements and effects).
    last_events: Slot<Vec<Event>>,
    /// The classroom room as the views show it; `None` in local mode.
    room: Slot<Option<RoomStatus>>,
    /// The classroom server this page was loaded from; `None`: local mode only.
    info: Slot<Option<Info>>,
    /// The local game was ended by its players: the page shows its debrief.
    ended: Slot<bool>,
    /// How a local game is kept across a reload (`storage::store`), set by
    /// [`GameCtx::start`] and [`GameCtx::resume_saved`]: only the whole game's page reaches
    /// them, so the students' page carries neither the save's writer nor the scenario file
    /// writer it uses (the bundle budget, docs/bundle.md).
    keep_local: StoredValue<Option<fn(&SavedGame)>>,
}

/// The game of this page (provided by the app shell).
pub fn use_game() -> GameCtx {
    expect_context::<GameCtx>()
}

impl GameCtx {
    /// Creates the context with no game and starts the clock.
    pub fn provide() -> GameCtx {
        let ctx = GameCtx {
            backend: StoredValue::new_local(Backend::Idle),
            version: Slot::new(0),
            clock: Slot::new(Clock::new(Instant::ZERO, wall_ms(), 100, true)),
            last_events: Slot::new(Vec::new()),
            room: Slot::new(None),
            info: Slot::new(None),
            ended: Slot::new(storage::ended()),
            keep_local: StoredValue::new(None),
        };
        provide_context(ctx);
        ctx.start_ticking();
        ctx
    }

    /// A context of its own for a replay of this page's game, shown at 0:00 on a paused
    /// clock that never ticks: the views under it (the board, the ladder) show the game as
    /// it was at the time [`GameCtx::seek`] chose. Not provided: the caller provides it to
    /// the views that show the past. `None` without a game.
    pub fn replay(&self) -> Option<Result<GameCtx, String>> {
        let log = untrack(|| {
            self.backend.try_with_value(|b| {
                let session = match b {
                    Backend::Local(s) => s.as_ref(),
                    Backend::Room(r) => r.session()?,
                    Backend::Idle | Backend::Replay(_) => return None,
                };
                Some((
                    session.scenario().clone(),
                    session.actions().to_vec(),
                    session.world().now(),
                ))
            })
        })
        .flatten()?;
        let (scenario, actions, end) = log;
        Some(
            replay::Replay::new(scenario, actions, end).map(|r| GameCtx {
                backend: StoredValue::new_local(Backend::Replay(Box::new(r))),
                version: Slot::new(0),
                clock: Slot::new(Clock::new(Instant::ZERO, wall_ms(), 100, true)),
                last_events: Slot::new(Vec::new()),
                room: Slot::new(None),
                info: Slot::new(None),
                ended: Slot::new(true),
                // A replay is shown, never kept.
                keep_local: StoredValue::new(None),
            }),
        )
    }

    /// The last moment of a replay (zero for any other game); reactive.
    pub fn replay_end(&self) -> Instant {
        self.version.track();
        self.backend
            .try_with_value(|b| match b {
                Backend::Replay(r) => r.end(),
                _ => Instant::ZERO,
            })
            .unwrap_or(Instant::ZERO)
    }

    /// Shows a replay as it was at `at` (at most its end); does nothing to a live game.
    pub fn seek(&self, at: Instant) -> Result<(), String> {
        let moved = self.backend.try_update_value(|b| match b {
            Backend::Replay(r) => Some(r.seek(at)),
            _ => None,
        });
        let Some(Some(moved)) = moved else {
            return Ok(());
        };
        let at = moved?;
        self.clock.set(Clock::new(at, wall_ms(), 100, true));
        self.changed(Vec::new());
        Ok(())
    }

    /// Whether the game on the page is over: a room its instructor ended, or a local game
    /// its players ended. Reactive.
    pub fn is_over(&self) -> bool {
        // In a room, only the room's end counts: a local game ended earlier in this browser
        // is not the room's.
        self.room.with(|r| match r {
            Some(r) => r.ended,
            None => self.ended.get(),
        })
    }

    /// Ends the local game: the clock stops and the page shows the debrief, also after a
    /// reload. A room is ended by its instructor through the server instead.
    pub fn end_game(&self) {
        if !matches!(untrack(|| self.role()), Role::Local) {
            return;
        }
        self.catch_up();
        self.clock.update(|c| c.set_paused(true, wall_ms()));
        self.save();
        storage::mark_ended(true);
        self.ended.set(true);
    }

    /// Whether a game is on screen: a local one, or a room this browser was welcomed in.
    pub fn is_playing(&self) -> bool {
        self.version.track();
        self.backend
            .try_with_value(|b| b.world().is_some())
            .unwrap_or(false)
    }

    /// Reads the world; reactive: re-runs when the world changes. `None` without a game.
    pub fn with_world<R>(&self, f: impl FnOnce(&World) -> R) -> Option<R> {
        self.version.track();
        self.backend.try_with_value(|b| b.world().map(f)).flatten()
    }

    /// Game time now. Not reactive: a view that shows a running clock refreshes it on its
    /// own timer, since the world only changes when something happens.
    pub fn now(&self) -> Instant {
        self.now_at(wall_ms())
    }

    /// Game time at a wall-clock timestamp (for animation frames).
    pub fn now_at(&self, wall: f64) -> Instant {
        self.clock
            .try_with_untracked(|c| c.now(wall))
            .unwrap_or(Instant::ZERO)
    }

    pub fn clock(&self) -> Clock {
        self.clock.get()
    }

    pub fn last_events(&self) -> Vec<Event> {
        self.last_events.get()
    }

    /// The label of the clock's button, from the two words of the place that shows it
    /// (the top bar's "Pause"/"Resume", the Instructor tab's longer ones); reactive. A
    /// classroom room opens paused at 0:00 and its first press starts the game for the
    /// whole class, so it says "Start the game" rather than "Resume".
    pub fn clock_button(&self, pause: Key, resume: Key) -> Key {
        let clock = self.clock();
        if !clock.paused() {
            pause
        } else if !matches!(self.role(), Role::Local) && clock.now(0.0) == Instant::ZERO {
            Key::StartRoomClock
        } else {
            resume
        }
    }

    /// Who the person at this page is; reactive.
    pub fn role(&self) -> Role {
        self.room
            .with(|r| match r.as_ref().and_then(|r| r.you.as_ref()) {
                None => Role::Local,
                Some(you) if you.instructor => Role::Instructor,
                Some(you) => Role::Student { seat: you.node },
            })
    }

    /// Whether this page may mark a card as forged. A student who saw the mark would be
    /// told round 4's answer (which RST to ignore) before working it out; the instructor,
    /// the projector and a game on one computer (run by whoever injects the faults) see it.
    /// Reactive.
    pub fn sees_forgeries(&self) -> bool {
        !matches!(self.role(), Role::Student { .. })
    }

    /// Starts a new game of `scenario` on this computer, replacing whatever was on the
    /// page (the caller asks first), including a classroom room being rejoined: the person
    /// chose to play here, so a reload brings this game back, not the room.
    pub fn start(&self, scenario: Scenario) -> Result<(), String> {
        let speed = scenario.settings.speed_percent;
        let session = Session::new(scenario)?;
        self.backend.set_value(Backend::Local(Box::new(session)));
        self.keep_local.set_value(Some(storage::store));
        storage::forget_room();
        storage::mark_ended(false);
        self.ended.set(false);
        self.room.set(None);
        self.clock
            .set(Clock::new(Instant::ZERO, wall_ms(), speed, false));
        self.changed(Vec::new());
        self.save();
        Ok(())
    }

    /// Restores the game saved in this browser, if any. An unreadable save is reported,
    /// not silently dropped, and stays in storage until a new game replaces it.
    pub fn resume_saved(&self) -> Result<bool, String> {
        let Some(saved) = storage::load()? else {
            return Ok(false);
        };
        let session = Session::restore(&saved)?;
        self.backend.set_value(Backend::Local(Box::new(session)));
        self.keep_local.set_value(Some(storage::store));
        self.clock.set(Clock::new(
            saved.game_time,
            wall_ms(),
            saved.speed_percent,
            saved.paused,
        ));
        self.changed(Vec::new());
        Ok(true)
    }

    /// Whether this browser holds a saved game.
    pub fn has_saved() -> bool {
        storage::exists()
    }

    /// Ends the local game and forgets its save.
    pub fn discard(&self) {
        self.backend.set_value(Backend::Idle);
        self.room.set(None);
        storage::clear();
        storage::mark_ended(false);
        self.ended.set(false);
        self.clock
            .set(Clock::new(Instant::ZERO, wall_ms(), 100, true));
        self.changed(Vec::new());
    }

    /// Plays an action; `done` hears what became of it: at once in local mode, when the
    /// server answers in a classroom room. `Err` is the sentence to show the person.
    pub fn submit(&self, action: Action, done: impl FnOnce(Verdict) + 'static) {
        let now = self.now();
        let done: remote::Answer = Box::new(done);
        let answered = self.backend.try_update_value(move |b| match b {
            Backend::Idle => Some((done, Err(no_game()), false)),
            Backend::Local(s) => Some((done, s.act(action, now), true)),
            Backend::Room(room) => room.act(action, done).map(|(d, v)| (d, v, false)),
            Backend::Replay(_) => Some((done, Err(replayed()), false)),
        });
        // `None` outside: the page is closing and nobody is left to tell.
        let Some(Some((done, verdict, local))) = answered else {
            return;
        };
        if local && let Ok(events) = &verdict {
            self.changed(events.clone());
            self.save();
        }
        done(verdict);
    }

    /// Pauses or resumes the game (in a room: the instructor, for everybody).
    pub fn set_paused(&self, paused: bool) {
        if self.room_clock(|c, wall| c.set_paused(paused, wall)) {
            return;
        }
        self.catch_up();
        self.clock.update(|c| c.set_paused(paused, wall_ms()));
        self.save();
    }

    /// In a room: stops the clock to explain `note`, on every screen until the game
    /// resumes. (On one computer everyone sees the same page: the pause is enough, and the
    /// controls offer no freeze.)
    pub fn freeze(&self, note: &str) {
        self.command(tcpip_protocol::ToServer::Freeze {
            note: note.to_string(),
        });
    }

    /// What the instructor froze the game to explain, while the freeze lasts; reactive.
    pub fn freeze_note(&self) -> Option<String> {
        self.room.with(|r| r.as_ref().and_then(|r| r.note.clone()))
    }

    /// Step mode on (the clock waits where it is, people still write cards) or off.
    pub fn set_step_mode(&self, on: bool) {
        if matches!(self.role(), Role::Instructor) {
            self.command(tcpip_protocol::ToServer::StepMode { on });
            return;
        }
        self.catch_up();
        let hold = on.then(|| self.now());
        self.clock.update(|c| c.set_hold(hold, wall_ms()));
    }

    /// In step mode: lets the game run to the next thing it has to do, and wait there.
    /// `Err`: nothing is due (every card waits for a person), said in both languages.
    pub fn next_step(&self) -> Result<(), Text> {
        if matches!(self.role(), Role::Instructor) {
            self.command(tcpip_protocol::ToServer::Next);
            return Ok(());
        }
        self.catch_up();
        let due = untrack(|| self.with_world(World::next_due)).flatten();
        let Some(due) = due else {
            return Err(tcpip_protocol::clock::nothing_to_step());
        };
        self.clock.update(|c| c.set_hold(Some(due), wall_ms()));
        Ok(())
    }

    /// Changes the game's speed (in a room: the instructor, for everybody).
    pub fn set_speed(&self, speed_percent: u32) {
        if self.room_clock(|c, wall| c.set_speed(speed_percent, wall)) {
            return;
        }
        self.catch_up();
        self.clock.update(|c| c.set_speed(speed_percent, wall_ms()));
        self.save();
    }

    /// Lets a local world run to the clock's time. A room's world only moves when the
    /// server says so.
    fn catch_up(&self) {
        let now = self.now();
        let events = self
            .backend
            .try_update_value(|b| match b {
                Backend::Local(s) => s.advance(now),
                _ => Vec::new(),
            })
            .unwrap_or_default();
        if !events.is_empty() {
            self.changed(events);
        }
    }

    fn changed(&self, events: Vec<Event>) {
        self.last_events.set(events);
        self.version.update(|v| *v += 1);
    }

    /// Saves a local game (a room lives on the server).
    fn save(&self) {
        let Some(clock) = self.clock.try_get_untracked() else {
            return;
        };
        let now = clock.now(wall_ms());
        let saved = self.backend.try_with_value(|b| match b {
            Backend::Local(s) => Some(s.save(now, clock.speed_percent(), clock.paused())),
            _ => None,
        });
        if let (Some(Some(saved)), Some(keep)) = (saved, self.keep_local.get_value()) {
            keep(&saved);
        }
    }

    fn start_ticking(&self) {
        let ctx = *self;
        let mut ticks = 0u32;
        crate::dom::every(TICK_MS, move || {
            ctx.catch_up();
            // The clock is saved every few seconds so a reload lands where it was.
            ticks = ticks.wrapping_add(1);
            if ticks.is_multiple_of(30)
                && ctx.clock.try_with_untracked(|c| !c.paused()) == Some(true)
            {
                ctx.save();
            }
        });
    }
}

/// Milliseconds from the page's monotonic clock.
pub fn wall_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}
