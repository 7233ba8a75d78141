//! A game in progress, independent of the browser and of the server: the scenario, the
//! world, and the log of every accepted action with its game time. The log *is* the saved game: replaying it on
//! a fresh world gives the same board, inboxes and ladder (the engine is deterministic), so
//! local mode saves it after every action and classroom mode can receive the same log from
//! the server.

use serde::{Deserialize, Serialize};
use tcpip_stack::scenario::Scenario;
use tcpip_stack::text::Text;
use tcpip_stack::time::Instant;
use tcpip_stack::world::{Action, Event, World};

/// One accepted action and the game time it was applied at.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Logged {
    pub at: Instant,
    pub action: Action,
}

/// Everything needed to rebuild a game exactly. Versioned so an old save in a student's
/// browser is refused with a message rather than misread.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedGame {
    pub version: u32,
    /// As its file ([`crate::scenario_text`]).
    #[serde(with = "crate::scenario_text")]
    pub scenario: Scenario,
    pub actions: Vec<Logged>,
    /// How far the game clock had run.
    pub game_time: Instant,
    pub speed_percent: u32,
    pub paused: bool,
}

impl SavedGame {
    /// 2: the scenario is its TOML text (1 had it field by field).
    pub const VERSION: u32 = 2;

    /// Whether a save of format `version` can be read by this version of the game.
    pub fn check_version(version: u32) -> Result<(), String> {
        if version == SavedGame::VERSION {
            return Ok(());
        }
        Err(format!(
            "this saved game was written by another version of TCP/IP Animated \
             (save format {version}, this one reads {})",
            SavedGame::VERSION
        ))
    }
}

/// Only the version of a saved game, read first so that a save of another version is
/// refused with [`SavedGame::check_version`]'s message rather than by whatever in it changed.
#[derive(Deserialize)]
pub struct SaveVersion {
    pub version: u32,
}

/// A running game.
pub struct Session {
    scenario: Scenario,
    world: World,
    actions: Vec<Logged>,
}

impl Session {
    /// A new game of `scenario` (already customised: team names, settings).
    pub fn new(scenario: Scenario) -> Result<Session, String> {
        let world = World::new(&scenario).map_err(|e| e.to_string())?;
        Ok(Session {
            scenario,
            world,
            actions: Vec::new(),
        })
    }

    /// Rebuilds a saved game by replaying its actions at their times.
    pub fn restore(saved: &SavedGame) -> Result<Session, String> {
        SavedGame::check_version(saved.version)?;
        let mut session = Session::replay(saved.scenario.clone(), &saved.actions)?;
        session.world.advance(saved.game_time);
        Ok(session)
    }

    /// A game rebuilt from its log (a saved game, or a classroom room's snapshot).
    pub fn replay(scenario: Scenario, actions: &[Logged]) -> Result<Session, String> {
        let mut session = Session::new(scenario)?;
        for logged in actions {
            session
                .apply(logged.clone())
                .map_err(|e| format!("the game does not replay: {e}"))?;
        }
        Ok(session)
    }

    /// Applies an action that was accepted elsewhere at its time (a classroom client
    /// follows the server this way). Refused if it is in this game's past: that would mean
    /// this copy is out of step and needs a fresh snapshot.
    pub fn apply(&mut self, logged: Logged) -> Result<Vec<Event>, String> {
        if logged.at < self.world.now() {
            return Err(format!(
                "an action at {} arrived after the game had run to {}",
                logged.at,
                self.world.now()
            ));
        }
        self.act(logged.action, logged.at)
            .map_err(|refused| refused.en)
    }

    /// Lets the game run up to `now`; the events are what happened meanwhile.
    pub fn advance(&mut self, now: Instant) -> Vec<Event> {
        self.world.advance(now)
    }

    /// Applies an action at `now` (after catching up to `now`, as the world requires),
    /// logging it if the world accepts it. A refusal comes in both languages, for the
    /// player who reads it.
    pub fn act(&mut self, action: Action, now: Instant) -> Result<Vec<Event>, Text> {
        let mut events = self.world.advance(now);
        let more = self.world.act(action.clone(), now).map_err(|e| e.text())?;
        events.extend(more);
        self.actions.push(Logged { at: now, action });
        Ok(events)
    }

    pub fn world(&self) -> &World {
        &self.world
    }

    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    pub fn actions(&self) -> &[Logged] {
        &self.actions
    }

    pub fn save(&self, game_time: Instant, speed_percent: u32, paused: bool) -> SavedGame {
        SavedGame {
            version: SavedGame::VERSION,
            scenario: self.scenario.clone(),
            actions: self.actions.clone(),
            game_time,
            speed_percent,
            paused,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tcpip_stack::card::Card;
    use tcpip_stack::world::Seat;

    fn original() -> Scenario {
        Scenario::original()
    }

    /// Design: "Nothing lost on reload: … restored exactly (same events replayed)".
    #[test]
    fn a_saved_game_replays_to_the_same_world() {
        let mut s = Session::new(original()).unwrap();
        let alice = s.world().teams()[0].clients[0];
        s.act(
            Action::SetSeat {
                node: alice,
                seat: Seat::Human,
            },
            Instant::ZERO,
        )
        .unwrap();
        let card = Card {
            src_ip: "10.0.1.2".into(),
            dst_ip: "10.0.1.1".into(),
            src_port: "40000".into(),
            dst_port: "23".into(),
            syn: true,
            seq: "0".into(),
            ..Card::default()
        };
        s.act(
            Action::WriteCard {
                node: alice,
                card: Box::new(card),
            },
            Instant::from_secs(3),
        )
        .unwrap();
        s.advance(Instant::from_secs(20));
        let saved = s.save(Instant::from_secs(20), 100, false);
        let json = serde_json::to_string(&saved).unwrap();
        let back: SavedGame = serde_json::from_str(&json).unwrap();
        let r = Session::restore(&back).unwrap();
        assert_eq!(r.world().log(), s.world().log());
        assert_eq!(r.world().ladder_text(), s.world().ladder_text());
        assert_eq!(r.world().inbox(alice), s.world().inbox(alice));
        assert!(!r.world().ladder_text().is_empty());
    }

    #[test]
    fn refused_actions_are_not_logged() {
        let mut s = Session::new(original()).unwrap();
        let nobody = tcpip_stack::world::NodeId(9_999);
        let err = s.act(
            Action::SetSeat {
                node: nobody,
                seat: Seat::Human,
            },
            Instant::ZERO,
        );
        let Err(refusal) = err else {
            panic!("a seat that does not exist is refused");
        };
        assert!(
            refusal.it.as_deref().is_some_and(|it| !it.is_empty()),
            "an Italian player reads the refusal in Italian: {refusal:?}"
        );
        assert!(s.actions().is_empty());
    }

    #[test]
    fn a_save_from_another_version_is_refused_with_a_message() {
        let s = Session::new(original()).unwrap();
        let mut saved = s.save(Instant::ZERO, 100, true);
        saved.version = 99;
        let err = Session::restore(&saved).err().unwrap();
        assert!(err.contains("another version"), "{err}");
    }
}
