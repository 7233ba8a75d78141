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

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Clock {
    /// Game time at the anchor.
    anchor_game: Instant,
    /// Wall time (ms, `performance.now()`) at the anchor.
    anchor_wall_ms: f64,
    speed_percent: u32,
    paused: bool,
}

impl Clock {
    pub fn new(at: Instant, wall_ms: f64, speed_percent: u32, paused: bool) -> Clock {
        Clock {
            anchor_game: at,
            anchor_wall_ms: wall_ms,
            speed_percent: speed_percent.clamp(10, 1000),
            paused,
        }
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
        self.anchor_game + tcpip_stack::time::Duration::from_micros(game_us as u64)
    }

    pub fn paused(&self) -> bool {
        self.paused
    }

    pub fn speed_percent(&self) -> u32 {
        self.speed_percent
    }

    pub fn set_paused(&mut self, paused: bool, wall_ms: f64) {
        *self = Clock::new(self.now(wall_ms), wall_ms, self.speed_percent, paused);
    }

    pub fn set_speed(&mut self, speed_percent: u32, wall_ms: f64) {
        *self = Clock::new(self.now(wall_ms), wall_ms, speed_percent, self.paused);
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
    fn never_runs_backwards_or_overflows() {
        let c = Clock::new(Instant::from_secs(5), 1_000.0, 100, false);
        assert_eq!(c.now(0.0), Instant::from_secs(5));
        assert!(c.now(f64::MAX) >= Instant::from_secs(5));
        assert_eq!(c.now(f64::NAN), Instant::from_secs(5));
        assert_eq!(Clock::new(Instant::ZERO, 0.0, 0, false).speed_percent(), 10);
    }
}
