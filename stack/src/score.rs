//! The race: the rounds of the original game as goals, and a leaderboard.
//!
//! Seed 000: "The team which is faster in exchanging messages wins" — and in the paper
//! version teams cheated ("this is Frank, this is John") because nobody could check every
//! card. Here the engine checks every card, so a goal is only reached by cards that were
//! correct, and mistakes and hints cost time.

use alloc::string::String;
use alloc::vec::Vec;

use crate::time::{Duration, Instant};

/// The rounds, each with everything particular to it, live in the world's `rounds` module:
/// the race only counts them.
pub use crate::world::rounds::{Destination, Goal};

/// Time added to a team's race time for each hint it asked for: a hint gives away part of
/// the answer, so it must cost more than a mistake, or asking would beat thinking.
pub const HINT_PENALTY: Duration = Duration::from_secs(30);

/// Time added for each card the referee rejected: enough to make guessing slower than
/// reasoning, small enough that a beginner who errs twice can still win.
pub const MISTAKE_PENALTY: Duration = Duration::from_secs(10);

/// Points for each goal reached in [`Standing::score`].
pub const POINTS_PER_GOAL: i64 = 100;

/// One point is taken off [`Standing::score`] for every this-much penalty time.
pub const PENALTY_PER_POINT: Duration = Duration::from_secs(10);

/// One row of the leaderboard.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Standing {
    /// Index of the team in the race.
    pub team: usize,
    pub name: String,
    pub goals_done: usize,
    /// When the team reached its last goal, if it reached all of them.
    pub finished_at: Option<Instant>,
    /// From the start of the race to the latest goal the team reached (zero if none): a
    /// team that is not finished is compared on how fast it got as far as it did.
    pub elapsed: Duration,
    pub mistakes: u32,
    pub hints: u32,
    /// [`MISTAKE_PENALTY`] per mistake plus [`HINT_PENALTY`] per hint.
    pub penalty: Duration,
    /// [`POINTS_PER_GOAL`] per goal minus one point per [`PENALTY_PER_POINT`] of penalty.
    /// A figure to project, not the ranking: the ranking is the leaderboard order.
    pub score: i64,
    /// Whether a person has made a move for the team (see [`Race::played`]); a team of
    /// bots only is ranked after the teams of people.
    pub played: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
struct TeamRun {
    name: String,
    /// Parallel to `Race::goals`: when each goal was first reached.
    reached: Vec<Option<Instant>>,
    mistakes: u32,
    hints: u32,
    /// A person has made a move for the team at some point.
    #[cfg_attr(feature = "serde", serde(default))]
    played: bool,
}

/// The race between the teams of one game.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Race {
    goals: Vec<Goal>,
    teams: Vec<TeamRun>,
    started: Instant,
}

impl Race {
    /// A race over `goals` (a goal listed twice counts once) that started at `started`.
    pub fn new(teams: Vec<String>, goals: Vec<Goal>, started: Instant) -> Race {
        let mut unique: Vec<Goal> = Vec::with_capacity(goals.len());
        for g in goals {
            if !unique.contains(&g) {
                unique.push(g);
            }
        }
        let teams = teams
            .into_iter()
            .map(|name| TeamRun {
                name,
                reached: alloc::vec![None; unique.len()],
                mistakes: 0,
                hints: 0,
                played: false,
            })
            .collect();
        Race {
            goals: unique,
            teams,
            started,
        }
    }

    pub fn goals(&self) -> &[Goal] {
        &self.goals
    }

    pub fn started(&self) -> Instant {
        self.started
    }

    /// Records that `team` reached `goal` at `at`. Only the first time counts (a team that
    /// repeats a round cannot improve or spoil its time); an unknown team or a goal that is
    /// not part of this race changes nothing. Returns whether the goal was newly reached.
    pub fn reach(&mut self, team: usize, goal: Goal, at: Instant) -> bool {
        let Some(i) = self.goals.iter().position(|g| *g == goal) else {
            return false;
        };
        let Some(slot) = self.teams.get_mut(team).and_then(|t| t.reached.get_mut(i)) else {
            return false;
        };
        if slot.is_some() {
            return false;
        }
        *slot = Some(at);
        true
    }

    pub fn reached(&self, team: usize, goal: Goal) -> Option<Instant> {
        let i = self.goals.iter().position(|g| *g == goal)?;
        self.teams.get(team)?.reached.get(i).copied().flatten()
    }

    /// A card of `team` was rejected by the referee (coach mode).
    pub fn mistake(&mut self, team: usize) {
        if let Some(t) = self.teams.get_mut(team) {
            t.mistakes = t.mistakes.saturating_add(1);
        }
    }

    /// `team` asked for a hint.
    pub fn hint(&mut self, team: usize) {
        if let Some(t) = self.teams.get_mut(team) {
            t.hints = t.hints.saturating_add(1);
        }
    }

    /// A person made a move for `team` (wrote or routed a card, asked a hint). A move, not
    /// a seat: an instructor who seats students and then moves them to other teams leaves
    /// no mark behind. The mark stays when the person leaves (a seat goes back to its bot
    /// when a browser drops out): a team does not move down the leaderboard because its
    /// student's Wi-Fi blinked.
    /// Whether a person made a move for `team` (see [`Race::played`]).
    pub fn is_played(&self, team: usize) -> bool {
        self.teams.get(team).is_some_and(|t| t.played)
    }

    pub fn played(&mut self, team: usize) {
        if let Some(t) = self.teams.get_mut(team) {
            t.played = true;
        }
    }

    /// Teams played by people first, then ranked by goals done (most first), then by race
    /// time plus penalties (fastest first), then by name, then by team index so the order
    /// is total and deterministic.
    ///
    /// Seed 000's race is between people. In a classroom with fewer students than seats, a
    /// team nobody joined is played by bots, which never err nor hesitate: ranked with the
    /// others it would lead every time and the students' race would be for second place.
    /// When no team has a person (the autoplay demo) the bots race each other as usual.
    pub fn leaderboard(&self) -> Vec<Standing> {
        let mut rows: Vec<Standing> = self
            .teams
            .iter()
            .enumerate()
            .map(|(i, t)| self.standing(i, t))
            .collect();
        crate::sorted::sort_small_by(&mut rows, |a, b| {
            b.played
                .cmp(&a.played)
                .then(b.goals_done.cmp(&a.goals_done))
                .then((a.elapsed + a.penalty).cmp(&(b.elapsed + b.penalty)))
                .then_with(|| a.name.cmp(&b.name))
                .then(a.team.cmp(&b.team))
        });
        rows
    }

    fn standing(&self, index: usize, t: &TeamRun) -> Standing {
        let goals_done = t.reached.iter().flatten().count();
        let last = t.reached.iter().flatten().max().copied();
        let finished_at = if goals_done == self.goals.len() {
            last
        } else {
            None
        };
        let elapsed = last.map_or(Duration::ZERO, |at| at.since(self.started));
        let penalty = MISTAKE_PENALTY.saturating_mul(u64::from(t.mistakes))
            + HINT_PENALTY.saturating_mul(u64::from(t.hints));
        let goal_points = i64::try_from(goals_done)
            .unwrap_or(i64::MAX)
            .saturating_mul(POINTS_PER_GOAL);
        let penalty_points =
            i64::try_from(penalty.micros() / PENALTY_PER_POINT.micros()).unwrap_or(i64::MAX);
        Standing {
            team: index,
            name: t.name.clone(),
            goals_done,
            finished_at,
            elapsed,
            mistakes: t.mistakes,
            hints: t.hints,
            penalty,
            // A score is what a team earned, never a debt: a beginner who asked many hints
            // stands at 0, not below the teams that have not started.
            score: goal_points.saturating_sub(penalty_points).max(0),
            played: t.played,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;
    use alloc::vec;

    fn race(names: &[&str], goals: &[Goal]) -> Race {
        Race::new(
            names.iter().map(|n| n.to_string()).collect(),
            goals.to_vec(),
            Instant::ZERO,
        )
    }

    fn secs(s: u64) -> Instant {
        Instant::from_secs(s)
    }

    /// Seed 000: "the team which is faster … wins" — more goals first, then time.
    #[test]
    fn more_goals_beat_faster_time() {
        let mut r = race(&["Red", "Blue"], &[Goal::Handshake, Goal::Data]);
        assert!(r.reach(0, Goal::Handshake, secs(100)));
        assert!(r.reach(1, Goal::Handshake, secs(10)));
        assert!(r.reach(0, Goal::Data, secs(500)));
        let board = r.leaderboard();
        assert_eq!(board[0].name, "Red");
        assert_eq!(board[0].goals_done, 2);
        assert_eq!(board[0].finished_at, Some(secs(500)));
        assert_eq!(board[1].finished_at, None);
        assert_eq!(board[1].elapsed, Duration::from_secs(10));
    }

    #[test]
    fn same_goals_faster_team_first() {
        let mut r = race(&["Red", "Blue"], &[Goal::Handshake]);
        r.reach(0, Goal::Handshake, secs(60));
        r.reach(1, Goal::Handshake, secs(50));
        let names: Vec<String> = r.leaderboard().into_iter().map(|s| s.name).collect();
        assert_eq!(names, vec!["Blue", "Red"]);
    }

    #[test]
    fn penalties_can_turn_the_order() {
        let mut r = race(&["Red", "Blue"], &[Goal::Handshake]);
        r.reach(0, Goal::Handshake, secs(60));
        r.reach(1, Goal::Handshake, secs(50));
        r.hint(1); // Blue: 50 + 30 = 80 s > Red's 60 s
        let board = r.leaderboard();
        assert_eq!(board[0].name, "Red");
        assert_eq!(board[1].penalty, HINT_PENALTY);
        r.mistake(0);
        r.mistake(0);
        r.mistake(0); // Red: 60 + 30 = 90 s > Blue's 80 s
        let board = r.leaderboard();
        assert_eq!(board[0].name, "Blue");
        assert_eq!(board[1].mistakes, 3);
        assert_eq!(board[1].penalty, Duration::from_secs(30));
    }

    #[test]
    fn ties_are_broken_by_name_then_index() {
        let mut r = race(&["Red", "Blue", "Blue"], &[Goal::Handshake]);
        for t in 0..3 {
            r.reach(t, Goal::Handshake, secs(42));
        }
        let order: Vec<(String, usize)> = r
            .leaderboard()
            .into_iter()
            .map(|s| (s.name, s.team))
            .collect();
        assert_eq!(
            order,
            vec![("Blue".into(), 1), ("Blue".into(), 2), ("Red".into(), 0)]
        );
    }

    /// A bot-only team that finished everything still ranks after a team of people that
    /// reached one goal, and keeps its place among the bots; a person who leaves does not
    /// unmark the team.
    #[test]
    fn teams_of_people_rank_before_teams_of_bots() {
        let mut r = race(
            &["Bots A", "People", "Bots B"],
            &[Goal::Handshake, Goal::Data],
        );
        r.reach(0, Goal::Handshake, secs(5));
        r.reach(0, Goal::Data, secs(9));
        r.reach(2, Goal::Handshake, secs(6));
        r.reach(1, Goal::Handshake, secs(70));
        let names =
            |r: &Race| -> Vec<String> { r.leaderboard().into_iter().map(|s| s.name).collect() };
        assert_eq!(
            names(&r),
            vec!["Bots A", "Bots B", "People"],
            "nobody played: bots race"
        );
        r.played(1);
        r.played(1);
        r.played(9);
        assert_eq!(names(&r), vec!["People", "Bots A", "Bots B"]);
        let board = r.leaderboard();
        assert!(board[0].played);
        assert!(!board[1].played && !board[2].played);
    }

    #[test]
    fn only_the_first_time_counts() {
        let mut r = race(&["Red"], &[Goal::Handshake]);
        assert!(r.reach(0, Goal::Handshake, secs(30)));
        assert!(!r.reach(0, Goal::Handshake, secs(5)));
        assert_eq!(r.reached(0, Goal::Handshake), Some(secs(30)));
    }

    #[test]
    fn unknown_teams_and_goals_change_nothing() {
        let mut r = race(&["Red"], &[Goal::Handshake, Goal::Handshake]);
        assert_eq!(r.goals(), &[Goal::Handshake]);
        assert!(!r.reach(0, Goal::Goodbye, secs(1)));
        assert!(!r.reach(7, Goal::Handshake, secs(1)));
        r.mistake(7);
        r.hint(7);
        assert_eq!(r.reached(0, Goal::Goodbye), None);
        assert_eq!(r.reached(7, Goal::Handshake), None);
        assert_eq!(r.leaderboard().len(), 1);
    }

    #[test]
    fn score_is_goal_points_minus_penalty_points() {
        let mut r = race(&["Red"], &Goal::ALL);
        r.reach(0, Goal::Handshake, secs(10));
        r.reach(0, Goal::Data, secs(20));
        r.hint(0);
        r.mistake(0);
        // 2 goals × 100 − (30 s + 10 s) / 10 s.
        assert_eq!(r.leaderboard()[0].score, 196);
    }

    #[test]
    fn elapsed_counts_from_the_start_of_the_race() {
        let mut r = Race::new(vec!["Red".into()], vec![Goal::Handshake], secs(100));
        r.reach(0, Goal::Handshake, secs(130));
        assert_eq!(r.leaderboard()[0].elapsed, Duration::from_secs(30));
        assert_eq!(r.started(), secs(100));
    }

    #[test]
    fn many_hints_bring_the_score_to_zero_not_below() {
        let mut r = race(&["Red"], &[Goal::Handshake]);
        for _ in 0..1000 {
            r.hint(0);
        }
        let s = &r.leaderboard()[0];
        assert_eq!(s.score, 0);
        assert_eq!(
            s.penalty,
            HINT_PENALTY.saturating_mul(1000),
            "the time still counts"
        );
    }
}
