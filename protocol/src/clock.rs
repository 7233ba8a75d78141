//! The game clock: game time runs with wall time, scaled by the speed, and stops when
//! paused. The engine never reads a clock; the browser gives it this one.

use tcpip_stack::text::{Text, text};
use tcpip_stack::time::Instant;

/// What a student is told while a room's clock is stopped: before the instructor starts it
/// (the lobby) or during a pause. The server refuses their moves with it, and their desk's
/// banner says it, so both read the same.
pub fn waiting_for_the_instructor(at: Instant) -> Text {
    if at == Instant::ZERO {
        text!(
            "the game has not started: wait for the instructor to start it",
            "la partita non è ancora cominciata: aspetta che l'insegnante la avvii"
        )
    } else {
        text!(
            "the game is paused: wait for the instructor to resume it",
            "la partita è in pausa: aspetta che l'insegnante la riprenda"
        )
    }
}

/// What a student is told when the instructor stops the clock to explain something: the
/// instructor's own words (as typed, in the language they chose) after the game's sentence.
pub fn frozen_to_explain(note: &str) -> Text {
    let note = note.trim();
    if note.is_empty() {
        text!(
            "the instructor froze the game to explain something: look up",
            "l'insegnante ha fermato la partita per spiegare qualcosa: alza lo sguardo"
        )
    } else {
        text!(
            "the instructor froze the game to explain: {note}",
            "l'insegnante ha fermato la partita per spiegare: {note}"
        )
    }
}

/// Said when the instructor asks for the next step and nothing is due: every card on the
/// board waits for a person to write it, so there is nothing to move yet.
pub fn nothing_to_step() -> Text {
    text!(
        "next: nothing is moving; the cards wait for people to write them",
        "avanti: non si muove nulla; le carte aspettano che qualcuno le scriva"
    )
}

/// The game clock. Besides running and paused it can be *held* (step mode, like a
/// network simulator's simulation mode): time runs up to the hold and waits there, and the
/// players may still write cards; the instructor moves the hold to the next thing the
/// engine has to do ([`tcpip_stack::world::World::next_due`]), so every card moves only
/// when the class is ready to watch it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Clock {
    /// Game time at the anchor.
    anchor_game: Instant,
    /// Wall time (ms, `performance.now()`) at the anchor.
    anchor_wall_ms: f64,
    speed_percent: u32,
    paused: bool,
    /// Step mode: game time never passes this instant.
    hold: Option<Instant>,
}

impl Clock {
    pub fn new(at: Instant, wall_ms: f64, speed_percent: u32, paused: bool) -> Clock {
        Clock {
            anchor_game: at,
            anchor_wall_ms: wall_ms,
            speed_percent: speed_percent.clamp(10, 1000),
            paused,
            hold: None,
        }
    }

    /// The same clock, held at `hold` (step mode) or free (`None`). A hold before the
    /// anchor holds the clock where it is: a step never moves time backwards.
    pub fn held(mut self, hold: Option<Instant>) -> Clock {
        self.hold = hold.map(|h| h.max(self.anchor_game));
        self
    }

    /// Where step mode holds the clock; `None` when it runs freely.
    pub fn hold(&self) -> Option<Instant> {
        self.hold
    }

    /// Whether the clock is in step mode and has reached its hold: nothing moves until the
    /// instructor lets the next card go.
    pub fn waiting_at_hold(&self, wall_ms: f64) -> bool {
        self.hold.is_some_and(|h| self.now(wall_ms) >= h)
    }

    /// Game time at wall time `wall_ms`; a wall clock going backwards never moves the game
    /// backwards.
    pub fn now(&self, wall_ms: f64) -> Instant {
        if self.paused {
            return self.anchor_game;
        }
        let elapsed_ms = (wall_ms - self.anchor_wall_ms).max(0.0);
        let game_us = elapsed_ms * 1_000.0 * f64::from(self.speed_percent) / 100.0;
        // `as` saturates for floats: a huge or NaN value cannot overflow.
        let running = self.anchor_game + tcpip_stack::time::Duration::from_micros(game_us as u64);
        match self.hold {
            Some(hold) => running.min(hold),
            None => running,
        }
    }

    pub fn paused(&self) -> bool {
        self.paused
    }

    pub fn speed_percent(&self) -> u32 {
        self.speed_percent
    }

    pub fn set_paused(&mut self, paused: bool, wall_ms: f64) {
        *self = Clock::new(self.now(wall_ms), wall_ms, self.speed_percent, paused).held(self.hold);
    }

    pub fn set_speed(&mut self, speed_percent: u32, wall_ms: f64) {
        *self = Clock::new(self.now(wall_ms), wall_ms, speed_percent, self.paused).held(self.hold);
    }

    /// Enters step mode held where the clock is now (`Some`), moves the hold on, or leaves
    /// step mode (`None`).
    pub fn set_hold(&mut self, hold: Option<Instant>, wall_ms: f64) {
        *self = Clock::new(self.now(wall_ms), wall_ms, self.speed_percent, self.paused).held(hold);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_scaled_and_stops_when_paused() {
        let mut c = Clock::new(Instant::ZERO, 1_000.0, 200, false);
        assert_eq!(c.now(2_000.0), Instant::from_secs(2));
        c.set_paused(true, 2_000.0);
        assert_eq!(c.now(9_000.0), Instant::from_secs(2));
        c.set_paused(false, 9_000.0);
        c.set_speed(50, 9_000.0);
        assert_eq!(c.now(11_000.0), Instant::from_secs(3));
    }

    #[test]
    fn a_held_clock_runs_to_its_hold_and_waits_there() {
        let mut c = Clock::new(Instant::ZERO, 0.0, 100, false);
        c.set_hold(Some(Instant::from_secs(1)), 500.0);
        // Held at 1 s: it runs on from 0.5 s, reaches 1 s, and stays.
        assert_eq!(c.now(700.0), Instant::from_millis(700));
        assert!(!c.waiting_at_hold(700.0));
        assert_eq!(c.now(5_000.0), Instant::from_secs(1));
        assert!(c.waiting_at_hold(5_000.0));
        // Pausing and a speed change keep the hold; a hold in the past holds where it is.
        c.set_speed(200, 5_000.0);
        assert_eq!(c.hold(), Some(Instant::from_secs(1)));
        c.set_hold(Some(Instant::ZERO), 6_000.0);
        assert_eq!(c.now(9_000.0), Instant::from_secs(1));
        // The next step moves the hold on; leaving step mode lets time run.
        c.set_hold(Some(Instant::from_secs(2)), 9_000.0);
        assert_eq!(c.now(9_250.0), Instant::from_millis(1_500));
        c.set_hold(None, 9_250.0);
        assert_eq!(c.now(10_250.0), Instant::from_millis(3_500));
    }

    #[test]
    fn a_freeze_note_is_quoted_after_the_games_sentence() {
        let t = frozen_to_explain("  why did Red's SYN come back?  ");
        assert_eq!(
            t.en,
            "the instructor froze the game to explain: why did Red's SYN come back?"
        );
        assert!(frozen_to_explain("").en.ends_with("look up"));
    }

    #[test]
    fn never_runs_backwards_or_overflows() {
        let c = Clock::new(Instant::from_secs(5), 1_000.0, 100, false);
        assert_eq!(c.now(0.0), Instant::from_secs(5));
        assert!(c.now(f64::MAX) >= Instant::from_secs(5));
        assert_eq!(c.now(f64::NAN), Instant::from_secs(5));
        assert_eq!(Clock::new(Instant::ZERO, 0.0, 0, false).speed_percent(), 10);
    }
}
