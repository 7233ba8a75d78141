//! The original game for a whole class: as many teams, and as many clients per team, as
//! the room has people, with the original scenario's shape (seed 000) — every team a LAN
//! `10.0.T.0/24` with its telnet server at `.1`, its clients at `.2`, `.3`, … and its
//! router/switch at `.254`; the routers linked in a ring on the backbone `192.168.0.0/24`
//! (team T's router is `192.168.0.T`); the same settings, goals and forged RSTs as the
//! original, on every team.

use alloc::format;
use alloc::vec::Vec;

use super::{Backbone, Scenario, ScenarioError, TELNET_PORT, TeamSpec};
use crate::addr::{Ipv4Addr, Prefix};
use crate::fault::{FaultTarget, ScriptedFault};

use super::validate::MAX_CLIENTS;

/// The most teams a class-sized game has: as many as any scenario may have (team T's LAN
/// is `10.0.T.0/24` and its router host T of the backbone /24, which would allow 254).
pub const MAX_CLASS_TEAMS: usize = super::validate::MAX_TEAMS;

impl Scenario {
    /// The original game (`scenarios/original.toml`) for `teams` teams of `clients` clients,
    /// a server and a router/switch each: `teams × (clients + 2)` seats. Teams are called
    /// `LAN 1`, `LAN 2`, … after their network, which reads the same in English and Italian.
    ///
    /// At least two teams (round 6 is a connection across LANs) and at most
    /// [`MAX_CLASS_TEAMS`]; at least one client per team and at most as many as a scenario
    /// file allows.
    pub fn class_sized(teams: usize, clients: usize) -> Result<Scenario, ScenarioError> {
        if !(2..=MAX_CLASS_TEAMS).contains(&teams) {
            return Err(ScenarioError::new(
                "teams",
                format!(
                    "a class-sized game has 2 to {MAX_CLASS_TEAMS} teams, not {teams}: one \
                     LAN has no other LAN to reach"
                ),
            ));
        }
        if !(1..=MAX_CLIENTS).contains(&clients) {
            return Err(ScenarioError::new(
                "clients",
                format!("a team has 1 to {MAX_CLIENTS} clients, not {clients}"),
            ));
        }
        let original = Scenario::original();
        let team_specs = (1..=teams)
            .map(|t| {
                let name = format!("LAN {t}");
                TeamSpec {
                    clients: (1..=clients)
                        .map(|c| format!("{name} client {c}"))
                        .collect(),
                    name,
                    // `t` is at most 254: it fits the third byte.
                    lan: Prefix::new(Ipv4Addr::new(10, 0, t as u8, 0), 24),
                    server_ports: alloc::vec![TELNET_PORT],
                    routes: Vec::new(),
                }
            })
            .collect::<Vec<_>>();
        // A ring, as the original's three routers are: every router has two neighbours,
        // and a lost link still leaves a way around (two teams: one link).
        let links = (0..teams)
            .map(|t| (t, (t + 1) % teams))
            .take(if teams == 2 { 1 } else { teams })
            .map(|(a, b)| (team_specs[a].name.clone(), team_specs[b].name.clone()))
            .collect();
        // The original's faults are scripted for each of its teams alike: those of its
        // first team, for every team here.
        let faults = original
            .faults
            .iter()
            .filter(|f| f.fault.target == FaultTarget::Team(0))
            .flat_map(|f| {
                (0..teams).map(move |t| {
                    let mut fault = f.clone();
                    fault.fault.target = FaultTarget::Team(t);
                    fault
                })
            })
            .collect::<Vec<ScriptedFault>>();
        let scenario = Scenario {
            name: format!("{} ({teams} × {})", original.name, clients + 2),
            description: format!(
                "{teams} LANs of {} players, seven rounds, from the handshake to TIME-WAIT.",
                clients + 2
            ),
            settings: original.settings,
            teams: team_specs,
            backbone: Some(Backbone {
                prefix: Prefix::new(Ipv4Addr::new(192, 168, 0, 0), 24),
                links,
            }),
            goals: original.goals,
            faults,
        };
        match scenario.validate().into_iter().next() {
            None => Ok(scenario),
            // Unreachable with the bounds above; reported rather than assumed.
            Some(problem) => Err(problem),
        }
    }

    /// How many people can play this scenario: every client, server and router.
    pub fn seats(&self) -> usize {
        self.teams.iter().map(|t| t.clients.len() + 2).sum()
    }
}

#[cfg(test)]
mod tests {
    use alloc::string::ToString;

    use super::*;
    use crate::world::{NodeKind, World};

    #[test]
    fn three_teams_of_two_clients_are_the_original_game_renamed() {
        let original = Scenario::original();
        let class = Scenario::class_sized(3, 2).unwrap();
        assert_eq!(class.seats(), 12);
        assert_eq!(class.settings, original.settings);
        assert_eq!(class.goals, original.goals);
        assert_eq!(class.faults, original.faults);
        for (c, o) in class.teams.iter().zip(&original.teams) {
            assert_eq!(c.lan, o.lan);
            assert_eq!(c.server_ports, o.server_ports);
            assert_eq!(c.clients.len(), o.clients.len());
            assert_eq!(c.router_addr(), o.router_addr());
        }
        let (b, o) = (class.backbone.unwrap(), original.backbone.unwrap());
        assert_eq!(b.prefix, o.prefix);
        assert_eq!(b.links.len(), o.links.len());
        assert_eq!(
            b.links[0],
            ("LAN 1".into(), "LAN 2".into()),
            "named like the original's first link, Red-Green"
        );
    }

    #[test]
    fn a_room_of_two_hundred_has_fifty_lans_in_a_ring() {
        let class = Scenario::class_sized(50, 2).unwrap();
        assert_eq!(class.seats(), 200);
        let world = World::new(&class).expect("the game builds");
        assert_eq!(world.teams().len(), 50);
        let last = &class.teams[49];
        assert_eq!(last.name, "LAN 50");
        assert_eq!(last.lan.to_string(), "10.0.50.0/24");
        assert_eq!(last.server_addr().to_string(), "10.0.50.1");
        assert_eq!(last.client_addr(1).unwrap().to_string(), "10.0.50.3");
        assert_eq!(last.router_addr().to_string(), "10.0.50.254");
        let backbone = class.backbone.as_ref().unwrap();
        assert_eq!(
            backbone.router_addr(49).unwrap().to_string(),
            "192.168.0.50"
        );
        assert_eq!(backbone.links.len(), 50);
        assert!(backbone.linked("LAN 50", "LAN 1"), "the ring closes");
        assert!(backbone.linked("LAN 7", "LAN 8"));
        // Two forged RSTs per team, as in the original.
        assert_eq!(class.faults.len(), 100);
        let routers = world
            .nodes()
            .iter()
            .filter(|v| v.kind == NodeKind::Router)
            .count();
        assert_eq!(routers, 50);
    }

    #[test]
    fn the_extremes_build_and_two_teams_have_one_link() {
        let two = Scenario::class_sized(2, 1).unwrap();
        assert_eq!(two.backbone.unwrap().links.len(), 1);
        let most = Scenario::class_sized(MAX_CLASS_TEAMS, MAX_CLIENTS).unwrap();
        assert_eq!(
            most.teams[MAX_CLASS_TEAMS - 1].lan.to_string(),
            format!("10.0.{MAX_CLASS_TEAMS}.0/24")
        );
        // A class-sized game is a scenario like any other: it reads back from its file.
        let back = Scenario::from_toml(&Scenario::class_sized(25, 2).unwrap().to_toml());
        assert_eq!(back.unwrap(), Scenario::class_sized(25, 2).unwrap());
    }

    #[test]
    fn sizes_out_of_range_are_refused_with_the_field() {
        for (teams, clients, field) in [
            (0, 2, "teams"),
            (1, 2, "teams"),
            (MAX_CLASS_TEAMS + 1, 2, "teams"),
            (3, 0, "clients"),
            (3, MAX_CLIENTS + 1, "clients"),
        ] {
            let err = Scenario::class_sized(teams, clients).unwrap_err();
            assert_eq!(err.field, field, "{teams} × {clients}: {err}");
        }
    }
}
