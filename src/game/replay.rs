//! A game that is over, rebuilt at any moment of it for the debrief's replay.
//!
//! The world is deterministic and the action log is the save, so the game at time `t` is
//! the scenario with the actions logged up to `t` replayed, run to `t`. That is the
//! cheapest correct way to get *every* view of the past (the board with its cards in
//! flight, the ladder, the desks): the views render a `World`, and this is one. Moving
//! forward applies only the actions in between; moving back starts again from the
//! scenario (a whole game replays in milliseconds, and a world cannot be run backwards).

use tcpip_protocol::{Logged, Session};
use tcpip_stack::scenario::Scenario;
use tcpip_stack::time::Instant;
use tcpip_stack::world::World;

pub struct Replay {
    scenario: Scenario,
    actions: Vec<Logged>,
    /// The game's last moment: the replay never runs past what really happened.
    end: Instant,
    session: Session,
    /// How many of `actions` the session has applied.
    applied: usize,
}

impl Replay {
    /// The game of `scenario` whose actions were `actions`, ending at `end`, shown at 0:00.
    pub fn new(scenario: Scenario, actions: Vec<Logged>, end: Instant) -> Result<Replay, String> {
        let session = Session::new(scenario.clone())?;
        Ok(Replay {
            scenario,
            actions,
            end,
            session,
            applied: 0,
        })
    }

    pub fn world(&self) -> &World {
        self.session.world()
    }

    pub fn end(&self) -> Instant {
        self.end
    }

    /// Shows the game as it was at `at` (at most its end). `Err` if the log does not replay,
    /// which would mean the save was not this scenario's.
    pub fn seek(&mut self, at: Instant) -> Result<Instant, String> {
        let at = at.min(self.end);
        if at < self.session.world().now() {
            self.session = Session::new(self.scenario.clone())?;
            self.applied = 0;
        }
        while let Some(logged) = self.actions.get(self.applied).filter(|l| l.at <= at) {
            self.session
                .apply(logged.clone())
                .map_err(|e| format!("the game does not replay: {e}"))?;
            self.applied += 1;
        }
        self.session.advance(at);
        Ok(at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tcpip_stack::world::{Action, Seat};

    /// A game with a person's move at 5 s, played by bots to 40 s.
    fn game() -> (Scenario, Session) {
        let scenario = Scenario::original();
        let mut s = Session::new(scenario.clone()).expect("builds");
        let server = s.world().teams()[0].server;
        s.act(
            Action::SetSeat {
                node: server,
                seat: Seat::Human,
            },
            Instant::from_secs(5),
        )
        .expect("seat");
        s.advance(Instant::from_secs(40));
        (scenario, s)
    }

    /// Design §3 (the action log is the save): the replay at any time, reached forwards or
    /// backwards, is the game as it was then, and it stops at the game's end.
    #[test]
    fn a_replay_shows_the_game_as_it_was() {
        let (scenario, real) = game();
        let end = real.world().now();
        let mut replay = Replay::new(scenario, real.actions().to_vec(), end).expect("replays");
        let until = |t: Instant| -> Vec<_> {
            real.world()
                .log()
                .iter()
                .filter(|e| e.at <= t)
                .cloned()
                .collect()
        };
        replay.seek(Instant::from_secs(30)).expect("forward");
        assert_eq!(replay.world().log(), until(Instant::from_secs(30)));
        replay.seek(Instant::from_secs(8)).expect("back");
        assert_eq!(replay.world().log(), until(Instant::from_secs(8)));
        assert!(!replay.world().log().is_empty());
        assert_eq!(replay.seek(Instant::from_secs(999)), Ok(end));
        assert_eq!(replay.world().log(), real.world().log());
    }
}
