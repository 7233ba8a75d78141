//! Which rounds a game plays, and in which order: the set-up page's choice (or
//! `autoplay --rounds`), applied to a scenario just before it is played.

use alloc::boxed::Box;

use super::{BalancerSpec, DnsSpec, Scenario};
use crate::fault::FaultKind;
use crate::score::Goal;
use crate::world::rounds::Destination;

impl Scenario {
    /// This game racing through `rounds`, in that order. A game without round 4 also
    /// loses its scripted forged RSTs: they are round 4's (seed 000 fires them a quarter
    /// of an hour in), and a matching one would tear down whatever connection another
    /// round had open. A game with "resolve, then connect" gets the game's DNS server
    /// when the scenario has no zone: the default zone, which names every team's telnet
    /// server (`red.game`), so the original game can go on to the DNS round the session
    /// simulated (seeds 000, 001: "exchanges through various protocols (DNS, TCP, IP)")
    /// with one more seat; likewise "two servers, one address" gets the game's load balancer
    /// ([`BalancerSpec::for_teams`]: every team's server behind `.100` of the first LAN).
    /// Whether the order is playable is [`Scenario::validate`]'s to say.
    pub fn with_rounds(&self, rounds: &[Goal]) -> Scenario {
        let mut scenario = self.clone();
        scenario.goals = rounds.to_vec();
        if !rounds.contains(&Goal::ForgedRst) {
            scenario
                .faults
                .retain(|f| !matches!(f.fault.kind, FaultKind::ForgedRst { .. }));
        }
        if scenario.dns.is_none() && rounds.iter().any(|g| g.destination() == Destination::Named) {
            scenario.dns = Some(Box::new(DnsSpec::default()));
        }
        if scenario.balancer.is_none() && rounds.iter().any(|g| g.destination() == Destination::Vip)
        {
            scenario.balancer = BalancerSpec::for_teams(&scenario.teams).map(Box::new);
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

    /// The original game (no zone) with round 10 after its seven: the DNS server joins
    /// as a thirteenth seat, every team's server has its name, and the bots play the whole
    /// race, resolving before they connect (RFC 1034 §5.3.1).
    #[test]
    fn the_original_game_goes_on_to_resolve_with_a_dns_server_of_its_own() {
        let original = Scenario::original();
        assert!(original.dns.is_none());
        let rounds = [Goal::ALL.as_slice(), &[Goal::Resolve]].concat();
        let s = original.with_rounds(&rounds);
        assert_eq!(s.dns.as_deref(), Some(&DnsSpec::default()));
        assert!(s.validate().is_empty(), "{:?}", s.validate());
        let mut world = crate::world::World::new(&s).unwrap();
        let before = crate::world::World::new(&original).unwrap().nodes().len();
        assert_eq!(
            world.nodes().len(),
            before + 1,
            "one more seat: the DNS server"
        );
        assert!(world.dns_server().is_some());
        while let Some(t) = world.next_due() {
            if world.finished() || t > crate::time::Instant::from_secs(3600) {
                break;
            }
            world.advance(t);
        }
        assert!(world.finished(), "the bots play all eight rounds");
        // Without round 10 the original game stays as it was: no zone, no thirteenth seat.
        assert!(original.with_rounds(&Goal::ALL).dns.is_none());
        // A zone of the scenario's own is kept as written.
        let mut named = original.clone();
        named.dns = Some(Box::new(DnsSpec {
            zone: "lab".into(),
            ..DnsSpec::default()
        }));
        assert_eq!(named.with_rounds(&rounds).dns.unwrap().zone, "lab");
    }

    /// The original game with round 11 after its seven: the load balancer joins with
    /// every team's server behind 10.0.1.100, and the bots play the whole race, each
    /// team's connection to the VIP tunnelled to one backend (RFC 2003 §3).
    #[test]
    fn the_original_game_goes_on_to_balance_with_a_balancer_of_its_own() {
        let original = Scenario::original();
        let rounds = [Goal::ALL.as_slice(), &[Goal::Balance]].concat();
        let s = original.with_rounds(&rounds);
        let lb = s.balancer.as_deref().expect("a balancer");
        assert_eq!(lb.vip, crate::addr::Ipv4Addr::new(10, 0, 1, 100));
        assert_eq!(lb.backends, ["Red", "Green", "Blue"]);
        assert!(s.validate().is_empty(), "{:?}", s.validate());
        let mut world = crate::world::World::new(&s).unwrap();
        assert!(world.balancer().is_some());
        while let Some(t) = world.next_due() {
            if world.finished() || t > crate::time::Instant::from_secs(3600) {
                break;
            }
            world.advance(t);
        }
        assert!(world.finished(), "the bots play all eight rounds");
        assert!(original.with_rounds(&Goal::ALL).balancer.is_none());
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
