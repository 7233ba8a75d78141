//! Which of the seven rounds a game plays, and in which order: the set-up page's choice,
//! applied to a scenario just before it is played.

use super::Scenario;
use crate::fault::FaultKind;
use crate::score::Goal;

impl Scenario {
    /// This game racing through `rounds`, in that order. A game without round 4 also
    /// loses its scripted forged RSTs: they are round 4's (seed 000 fires them a quarter
    /// of an hour in), and a matching one would tear down whatever connection another
    /// round had open. Whether the order is playable is [`Scenario::validate`]'s to say.
    pub fn with_rounds(&self, rounds: &[Goal]) -> Scenario {
        let mut scenario = self.clone();
        scenario.goals = rounds.to_vec();
        if !rounds.contains(&Goal::ForgedRst) {
            scenario
                .faults
                .retain(|f| !matches!(f.fault.kind, FaultKind::ForgedRst { .. }));
        }
        scenario
    }
}

#[cfg(test)]
mod tests {
    use alloc::vec::Vec;

    use super::*;

    #[test]
    fn rounds_are_played_in_the_order_chosen() {
        let original = Scenario::original();
        let order = [Goal::Goodbye, Goal::Handshake, Goal::ForgedRst];
        let s = original.with_rounds(&order);
        assert_eq!(s.goals, order);
        assert_eq!(s.faults, original.faults, "round 4 keeps its forged RSTs");
        assert!(s.validate().is_empty());
        let world = crate::world::World::new(&s).unwrap();
        assert_eq!(world.goals(), order);
        assert_eq!(world.current_goal(0), Some(Goal::Goodbye));
    }

    #[test]
    fn without_round_4_no_forged_rst_is_scripted() {
        let s = Scenario::original().with_rounds(&[Goal::Handshake, Goal::Data]);
        assert!(s.faults.is_empty());
    }

    #[test]
    fn the_validator_says_what_an_order_lacks() {
        let none = Scenario::original().with_rounds(&[]);
        let problems: Vec<_> = none.validate().into_iter().map(|p| p.message).collect();
        assert!(
            problems.iter().any(|m| m.contains("at least one goal")),
            "{problems:?}"
        );
        let twice = Scenario::original().with_rounds(&[Goal::Data, Goal::Data]);
        assert!(twice.validate().iter().any(|p| p.field == "goals[1]"));
    }
}
