//! The one interface every view uses to talk to the game: actions in, events and
//! read-only state out. Local mode runs the engine in this browser; classroom mode will put
//! a server connection behind the same methods.

mod clock;
mod session;
mod storage;

use leptos::prelude::*;
use tcpip_stack::scenario::Scenario;
use tcpip_stack::time::Instant;
use tcpip_stack::world::{Action, Event, World};

pub use clock::Clock;
pub use session::{Logged, SavedGame, Session};

/// How often the world catches up with the clock. Cards are animated every frame by the
/// board from their departure and arrival times; this only decides when they *arrive*.
const TICK_MS: u32 = 100;

/// The game as the views see it. Cheap to copy; get it with [`use_game`].
#[derive(Clone, Copy)]
pub struct GameCtx {
    session: StoredValue<Option<Session>, LocalStorage>,
    /// Bumped on every change of the world: views read the world inside a memo that
    /// tracks this, so they update exactly when something happened.
    version: RwSignal<u64>,
    clock: RwSignal<Clock>,
    /// What happened at the last change (for announcements and effects).
    last_events: RwSignal<Vec<Event>>,
}

/// The game of this page (provided by the app shell).
pub fn use_game() -> GameCtx {
    expect_context::<GameCtx>()
}

impl GameCtx {
    /// Creates the context, restoring a saved game if there is one, and starts the clock.
    pub fn provide() -> GameCtx {
        let ctx = GameCtx {
            session: StoredValue::new_local(None),
            version: RwSignal::new(0),
            clock: RwSignal::new(Clock::new(Instant::ZERO, wall_ms(), 100, true)),
            last_events: RwSignal::new(Vec::new()),
        };
        provide_context(ctx);
        ctx.start_ticking();
        ctx
    }

    /// Whether a game is being played (or was restored).
    pub fn is_playing(&self) -> bool {
        self.version.track();
        self.session.with_value(Option::is_some)
    }

    /// Reads the world; reactive: re-runs when the world changes. `None` without a game.
    pub fn with_world<R>(&self, f: impl FnOnce(&World) -> R) -> Option<R> {
        self.version.track();
        self.session
            .with_value(|s| s.as_ref().map(|s| f(s.world())))
    }

    /// Game time now. Not reactive: a view that shows a running clock refreshes it on its
    /// own timer, since the world only changes when something happens.
    pub fn now(&self) -> Instant {
        self.clock.with_untracked(|c| c.now(wall_ms()))
    }

    /// Game time at a wall-clock timestamp (for animation frames).
    pub fn now_at(&self, wall: f64) -> Instant {
        self.clock.with_untracked(|c| c.now(wall))
    }

    pub fn clock(&self) -> Clock {
        self.clock.get()
    }

    pub fn last_events(&self) -> Vec<Event> {
        self.last_events.get()
    }

    /// Starts a new game of `scenario`, discarding any other (the caller asks first).
    pub fn start(&self, scenario: Scenario) -> Result<(), String> {
        let speed = scenario.settings.speed_percent;
        let session = Session::new(scenario)?;
        self.session.set_value(Some(session));
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
        self.session.set_value(Some(session));
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

    /// Ends the game and forgets the save.
    pub fn discard(&self) {
        self.session.set_value(None);
        storage::clear();
        self.clock
            .set(Clock::new(Instant::ZERO, wall_ms(), 100, true));
        self.changed(Vec::new());
    }

    /// Sends an action to the game. `Err` is the sentence to show the person.
    pub fn submit(&self, action: Action) -> Result<Vec<Event>, String> {
        let now = self.now();
        let result = self
            .session
            .try_update_value(|s| match s {
                Some(s) => s.act(action, now),
                None => Err("no game is running: start one first".to_string()),
            })
            .unwrap_or_else(|| Err("the game is gone (the page is closing)".to_string()));
        if let Ok(events) = &result {
            self.changed(events.clone());
            self.save();
        }
        result
    }

    pub fn set_paused(&self, paused: bool) {
        self.catch_up();
        self.clock.update(|c| c.set_paused(paused, wall_ms()));
        self.save();
    }

    pub fn set_speed(&self, speed_percent: u32) {
        self.catch_up();
        self.clock.update(|c| c.set_speed(speed_percent, wall_ms()));
        self.save();
    }

    /// Lets the world run to the clock's time.
    fn catch_up(&self) {
        let now = self.now_at(wall_ms());
        let events = self
            .session
            .try_update_value(|s| s.as_mut().map(|s| s.advance(now)).unwrap_or_default())
            .unwrap_or_default();
        if !events.is_empty() {
            self.changed(events);
        }
    }

    fn changed(&self, events: Vec<Event>) {
        self.last_events.set(events);
        self.version.update(|v| *v += 1);
    }

    fn save(&self) {
        let clock = self.clock.get_untracked();
        let now = clock.now(wall_ms());
        let saved = self.session.with_value(|s| {
            s.as_ref()
                .map(|s| s.save(now, clock.speed_percent(), clock.paused()))
        });
        if let Some(saved) = saved {
            storage::store(&saved);
        }
    }

    fn start_ticking(&self) {
        let ctx = *self;
        let ticks = std::cell::Cell::new(0u32);
        let handle = set_interval_with_handle(
            move || {
                ctx.catch_up();
                // The clock is saved every few seconds so a reload lands where it was.
                ticks.set(ticks.get().wrapping_add(1));
                if ticks.get().is_multiple_of(30) && !ctx.clock.get_untracked().paused() {
                    ctx.save();
                }
            },
            std::time::Duration::from_millis(u64::from(TICK_MS)),
        );
        if let Ok(handle) = handle {
            on_cleanup(move || handle.clear());
        }
    }
}

/// Milliseconds from the page's monotonic clock.
pub fn wall_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}
