//! TCP/IP Animated, the browser game (Leptos, client-side rendered).
//!
//! Views render read-only state from `tcpip-stack` through the game context
//! ([`game::GameCtx`]), never engine internals, so the same screens show a game on this
//! computer and a classroom room followed from the server.

use tcpip_stack::scenario::Scenario;
use tcpip_stack::score::Goal;

pub mod app;
pub mod board;
pub mod debrief;
pub mod derived;
pub mod desk;
mod dom;
pub mod game;
pub mod guide;
pub mod i18n;
pub mod instructor;
mod keyed;
pub mod ladder;
pub mod pacing;
pub mod print;
pub mod setup;
mod shown;
pub mod slot;
mod start;
pub mod teacher;

pub use app::{App, StudentApp};
pub use start::StartScreen;

/// A shipped scenario as the start screen lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct ScenarioSummary {
    pub file: &'static str,
    pub name: String,
    pub description: String,
    pub teams: Vec<String>,
    pub goals: Vec<Goal>,
}

/// Every shipped scenario, parsed. A shipped file that fails to parse is a bug the engine's
/// own tests catch; here it is skipped rather than breaking the page.
pub fn shipped_scenarios() -> Vec<ScenarioSummary> {
    Scenario::shipped()
        .into_iter()
        .filter_map(|(file, text)| {
            let s = Scenario::from_toml(text).ok()?;
            Some(ScenarioSummary {
                file,
                name: s.name.clone(),
                description: s.description.clone(),
                teams: s.teams.iter().map(|t| t.name.clone()).collect(),
                goals: s.goals.clone(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_scenario_is_listed_with_teams_and_goals() {
        let list = shipped_scenarios();
        assert_eq!(list.len(), Scenario::shipped().len());
        let original = list
            .iter()
            .find(|s| s.file.contains("original"))
            .expect("original game");
        assert!(original.teams.len() >= 2);
        assert_eq!(original.goals.len(), Goal::ALL.len());
    }
}
