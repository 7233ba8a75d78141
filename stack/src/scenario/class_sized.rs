//! The original game for a whole class: as many teams, and as many clients per team, as
//! the room has people, with the original scenario's shape (seed 000) — every team a LAN
//! `10.0.T.0/24` with its telnet server at `.1`, its clients at `.2`, `.3`, … and its
//! router/switch at `.254`; the routers linked in a ring on the backbone `192.168.0.0/24`
//! (team T's router is `192.168.0.T`); the same settings, goals and forged RSTs as the
//! original, on every team.
//!
//! The set-up page sizes such a game for the class in front of the teacher
//! ([`ClassShape::propose_for`]), and a classroom room that fills up in its lobby grows by
//! one team of the same shape ([`Scenario::with_another_team`]).

use alloc::format;
use alloc::vec::Vec;

use super::{Backbone, Scenario, ScenarioError, TELNET_PORT, TeamSpec};
use crate::addr::{Ipv4Addr, Prefix};
use crate::fault::{FaultTarget, ScriptedFault};
use crate::text::{Text, text};

use super::validate::MAX_CLIENTS;

/// The most teams a class-sized game has: as many as any scenario may have (team T's LAN
/// is `10.0.T.0/24` and its router host T of the backbone /24, which would allow 254).
pub const MAX_CLASS_TEAMS: usize = super::validate::MAX_TEAMS;

/// The most clients a team of a class-sized game has: as many as any scenario allows.
pub const MAX_CLASS_CLIENTS: usize = MAX_CLIENTS;

/// People in the largest team the class-size proposal makes: two clients, the server
/// and the router, as in the original game (seed 000: "teams of four").
const PROPOSED_TEAM: usize = 4;

/// The shape of a class-sized game: `teams` teams of `clients` clients, a server and a
/// router/switch each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClassShape {
    pub teams: usize,
    pub clients: usize,
}

impl ClassShape {
    /// Seats of the game: every client, server and router.
    pub fn seats(self) -> usize {
        self.teams * (self.clients + 2)
    }

    /// The largest class the proposal sizes: every team of the largest game has four.
    pub const MAX_STUDENTS: usize = MAX_CLASS_TEAMS * PROPOSED_TEAM;

    /// The game proposed for a class of `students`, so that every team has 3 or 4 people:
    /// the fewest teams of four seats (two clients, the server, the router) that seat
    /// everybody, `⌈students / 4⌉`, and at least two (round 6 crosses LANs). When those
    /// teams can all have exactly three people, one client each suffices and no seat is
    /// left to a bot. A room seats newcomers in the team with the fewest people, so the
    /// class spreads evenly: teams differ by one person at most. Below six students two
    /// teams of three seats are the smallest game, and bots play the seats nobody takes.
    pub fn propose_for(students: usize) -> Result<ClassShape, ScenarioError> {
        if !(1..=ClassShape::MAX_STUDENTS).contains(&students) {
            return Err(ScenarioError::new("students", {
                let most = ClassShape::MAX_STUDENTS;
                text!(
                    "a class of 1 to {most} students can be sized ({MAX_CLASS_TEAMS} teams of {PROPOSED_TEAM}), not {students}",
                    "si può dimensionare una classe da 1 a {most} studenti ({MAX_CLASS_TEAMS} squadre da {PROPOSED_TEAM}), non {students}"
                )
            }));
        }
        let teams = students.div_ceil(PROPOSED_TEAM).max(2);
        let clients = if students <= 3 * teams { 1 } else { 2 };
        Ok(ClassShape { teams, clients })
    }

    /// How `students` spread over this game's teams, the room's way (the team with the
    /// fewest people first): `(teams with more people, people in them, teams with one
    /// fewer, people in those)`. Past the seats, everybody else watches.
    fn spread(self, students: usize) -> (usize, usize, usize, usize) {
        let seated = students.min(self.seats());
        let (each, more) = (seated / self.teams, seated % self.teams);
        (more, each + 1, self.teams - more, each)
    }

    /// The proposal for `students` in one sentence the teacher reads before starting:
    /// the game, how the class spreads over it, and what bots play.
    pub fn explain(self, students: usize) -> Text {
        let (teams, clients, seats) = (self.teams, self.clients, self.seats());
        let (big, big_people, small, small_people) = self.spread(students);
        let spread = match (big, small) {
            (0, _) => text!(
                "every team gets {small_people} people",
                "ogni squadra ha {small_people} persone"
            ),
            (_, 0) => text!(
                "every team gets {big_people} people",
                "ogni squadra ha {big_people} persone"
            ),
            _ => text!(
                "{big} teams get {big_people} people and {small} get {small_people}",
                "{big} squadre hanno {big_people} persone e {small} ne hanno {small_people}"
            ),
        };
        let bots = seats.saturating_sub(students);
        let rest = if bots == 0 {
            text!("; nobody plays a bot", "; nessuno gioca contro un bot")
        } else {
            text!(
                "; bots play the {bots} seats nobody takes",
                "; i bot giocano i {bots} posti che nessuno prende"
            )
        };
        text!(
            "{students} students: {teams} teams of {clients} client(s), a server and a router \
             ({seats} seats): ",
            "{students} studenti: {teams} squadre di {clients} client, un server e un router \
             ({seats} posti): "
        )
        .then(spread)
        .then(rest)
    }

    /// The shape of `scenario` when it is the original game's for some size (the shipped
    /// original is 3 × 2): every team's LAN is `10.0.T.0/24` with the telnet port only and
    /// no preset routes, every team has the same number of clients, and the routers share
    /// the backbone `192.168.0.0/24`. Team names, rounds, settings and faults may differ.
    pub fn of(scenario: &Scenario) -> Option<ClassShape> {
        let clients = scenario.teams.first()?.clients.len();
        let model = Scenario::class_sized(scenario.teams.len(), clients).ok()?;
        let teams_match = scenario.teams.iter().zip(&model.teams).all(|(a, b)| {
            a.lan == b.lan
                && a.clients.len() == clients
                && a.server_ports == b.server_ports
                && a.routes.is_empty()
        });
        let prefix = |s: &Scenario| s.backbone.as_ref().map(|b| b.prefix);
        (teams_match && prefix(scenario) == prefix(&model)).then_some(ClassShape {
            teams: scenario.teams.len(),
            clients,
        })
    }
}

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
                text!(
                    "a class-sized game has 2 to {MAX_CLASS_TEAMS} teams, not {teams}: one \
                     LAN has no other LAN to reach",
                    "una partita su misura ha da 2 a {MAX_CLASS_TEAMS} squadre, non {teams}: \
                     con una LAN sola non c'è un'altra LAN da raggiungere"
                ),
            ));
        }
        if !(1..=MAX_CLIENTS).contains(&clients) {
            return Err(ScenarioError::new(
                "clients",
                text!(
                    "a team has 1 to {MAX_CLIENTS} clients, not {clients}",
                    "una squadra ha da 1 a {MAX_CLIENTS} client, non {clients}"
                ),
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
            dns: None,
            balancer: None,
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

    /// This game with one more team of the same shape ([`ClassShape::of`]), as a full
    /// classroom room grows in its lobby: the new team has the next LAN, as many clients
    /// as the others, its router joins the backbone ring between the last team and the
    /// first, and it gets the first team's scripted faults. The teams already there keep
    /// their names, addresses and node numbers (the world numbers nodes team by team), so
    /// the seats people sit in stay theirs.
    pub fn with_another_team(&self) -> Result<Scenario, ScenarioError> {
        let Some(shape) = ClassShape::of(self) else {
            return Err(ScenarioError::new(
                "teams",
                text!(
                    "only a game shaped like the original (LANs 10.0.1.0/24, 10.0.2.0/24, … of \
                     as many clients each, on the backbone 192.168.0.0/24, no preset routes) can \
                     grow by a team",
                    "solo una partita fatta come l'originale (LAN 10.0.1.0/24, 10.0.2.0/24, … \
                     con gli stessi client ciascuna, sulla dorsale 192.168.0.0/24, senza rotte \
                     preimpostate) può crescere di una squadra"
                ),
            ));
        };
        let grown = ClassShape {
            teams: shape.teams + 1,
            ..shape
        };
        let model = Scenario::class_sized(grown.teams, grown.clients)?;
        let mut team = model.teams[shape.teams].clone();
        // A teacher may have named a team after the LAN the new one gets.
        let mut n = 1;
        while self.team_index(&team.name).is_some() {
            n += 1;
            team.name = format!("{} ({n})", model.teams[shape.teams].name);
        }
        team.clients = (1..=grown.clients)
            .map(|c| format!("{} client {c}", team.name))
            .collect();
        let mut scenario = self.clone();
        if let Some(backbone) = &mut scenario.backbone {
            let first = self.teams[0].name.clone();
            let last = self.teams[shape.teams - 1].name.clone();
            // The ring closes through the new team: last – new – first (two teams have one
            // link, which stays).
            if shape.teams > 2 {
                backbone
                    .links
                    .retain(|(a, b)| !((*a == last && *b == first) || (*a == first && *b == last)));
            }
            backbone.links.push((last, team.name.clone()));
            backbone.links.push((team.name.clone(), first));
        }
        let new = FaultTarget::Team(shape.teams);
        let faults: Vec<ScriptedFault> = self
            .faults
            .iter()
            .filter(|f| f.fault.target == FaultTarget::Team(0))
            .map(|f| {
                let mut fault = f.clone();
                fault.fault.target = new;
                fault
            })
            .collect();
        scenario.faults.extend(faults);
        // A generated name and description follow the size; a teacher's own stay.
        let before = Scenario::class_sized(shape.teams, shape.clients)?;
        if scenario.name == before.name {
            scenario.name = model.name;
        }
        if scenario.description == before.description {
            scenario.description = model.description;
        }
        scenario.teams.push(team);
        match scenario.validate().into_iter().next() {
            None => Ok(scenario),
            Some(problem) => Err(problem),
        }
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
    fn a_class_is_proposed_teams_of_three_or_four() {
        let shape = |teams, clients| ClassShape { teams, clients };
        // 30 students: the fewest teams of four that seat everybody; two teams get three.
        assert_eq!(ClassShape::propose_for(30).unwrap(), shape(8, 2));
        assert_eq!(ClassShape::propose_for(12).unwrap(), shape(3, 2));
        // Nine fit three teams of three exactly: one client each, no bot.
        assert_eq!(ClassShape::propose_for(9).unwrap(), shape(3, 1));
        assert_eq!(ClassShape::propose_for(200).unwrap(), shape(50, 2));
        // Fewer than two teams of three: the smallest game, bots fill in.
        assert_eq!(ClassShape::propose_for(1).unwrap(), shape(2, 1));
        assert_eq!(ClassShape::propose_for(5).unwrap(), shape(2, 1));
        for students in 6..=ClassShape::MAX_STUDENTS {
            let s = ClassShape::propose_for(students).unwrap();
            assert!(s.seats() >= students, "{students}: everybody sits");
            let (big, big_people, small, small_people) = s.spread(students);
            assert_eq!(big + small, s.teams);
            assert_eq!(big * big_people + small * small_people, students);
            for (n, people) in [(big, big_people), (small, small_people)] {
                assert!(n == 0 || (3..=4).contains(&people), "{students}: {s:?}");
            }
            // The fewest such teams: one fewer could not seat everybody four to a team.
            assert!((s.teams - 1) * PROPOSED_TEAM < students || s.teams == 2);
            assert!(Scenario::class_sized(s.teams, s.clients).is_ok());
        }
        for students in [0, ClassShape::MAX_STUDENTS + 1] {
            let err = ClassShape::propose_for(students).unwrap_err();
            assert_eq!(err.field, "students", "{err}");
        }
    }

    #[test]
    fn the_proposal_is_explained_in_both_languages() {
        let why = ClassShape::propose_for(30).unwrap().explain(30);
        assert_eq!(
            why.en,
            "30 students: 8 teams of 2 client(s), a server and a router (32 seats): 6 teams \
             get 4 people and 2 get 3; bots play the 2 seats nobody takes"
        );
        assert_eq!(
            why.it.as_deref(),
            Some(
                "30 studenti: 8 squadre di 2 client, un server e un router (32 posti): 6 \
                 squadre hanno 4 persone e 2 ne hanno 3; i bot giocano i 2 posti che nessuno \
                 prende"
            )
        );
        let exact = ClassShape::propose_for(9).unwrap().explain(9);
        assert!(
            exact
                .en
                .ends_with("every team gets 3 people; nobody plays a bot"),
            "{}",
            exact.en
        );
    }

    #[test]
    fn the_original_and_class_sized_games_have_a_shape_others_not() {
        let shape = ClassShape::of(&Scenario::original()).unwrap();
        assert_eq!(
            shape,
            ClassShape {
                teams: 3,
                clients: 2
            }
        );
        let class = Scenario::class_sized(7, 3).unwrap();
        assert_eq!(ClassShape::of(&class).unwrap().seats(), 35);
        for (file, toml) in Scenario::shipped() {
            let s = Scenario::from_toml(toml).unwrap();
            let shaped = ClassShape::of(&s).is_some();
            assert_eq!(shaped, file.contains("original"), "{file}");
        }
    }

    #[test]
    fn a_game_grows_by_a_team_of_the_same_shape() {
        let mut original = Scenario::original();
        original.teams[0].name = "LAN 4".into();
        for (a, b) in &mut original.backbone.as_mut().unwrap().links {
            for end in [a, b] {
                if end == "Red" {
                    *end = "LAN 4".into();
                }
            }
        }
        let grown = original.with_another_team().unwrap();
        assert_eq!(grown.teams.len(), 4);
        let new = &grown.teams[3];
        assert_eq!(
            new.name, "LAN 4 (2)",
            "a unique name next to the teacher's LAN 4"
        );
        assert_eq!(new.lan.to_string(), "10.0.4.0/24");
        assert_eq!(new.clients, ["LAN 4 (2) client 1", "LAN 4 (2) client 2"]);
        let backbone = grown.backbone.as_ref().unwrap();
        assert!(backbone.linked("Blue", "LAN 4 (2)") && backbone.linked("LAN 4 (2)", "LAN 4"));
        assert!(
            !backbone.linked("Blue", "LAN 4"),
            "the ring closes through the new team"
        );
        assert_eq!(
            grown.faults.len(),
            8,
            "two forged RSTs for the new team too"
        );
        assert_eq!(grown.name, original.name, "a teacher's name stays");
        // The nodes already there keep their numbers: the seats people sit in stay theirs.
        let (before, after) = (World::new(&original).unwrap(), World::new(&grown).unwrap());
        for (a, b) in before.nodes().iter().zip(after.nodes()) {
            assert_eq!((a.id, &a.name), (b.id, &b.name));
        }
        assert_eq!(after.teams().len(), 4);

        // A generated game is renamed for its new size.
        for teams in [2, 5] {
            let mut grown = Scenario::class_sized(teams, 1)
                .unwrap()
                .with_another_team()
                .unwrap();
            let mut sized = Scenario::class_sized(teams + 1, 1).unwrap();
            // The same faults, listed in another order.
            assert!(grown.faults.iter().all(|f| sized.faults.contains(f)));
            assert_eq!(grown.faults.len(), sized.faults.len());
            grown.faults.clear();
            sized.faults.clear();
            assert_eq!(grown, sized, "{teams} teams and one more");
        }

        let most = Scenario::class_sized(MAX_CLASS_TEAMS, 1).unwrap();
        assert_eq!(most.with_another_team().unwrap_err().field, "teams");
        let chain = Scenario::shipped()
            .into_iter()
            .find(|(f, _)| f.contains("chain"))
            .and_then(|(_, t)| Scenario::from_toml(t).ok())
            .unwrap();
        let err = chain.with_another_team().unwrap_err();
        assert!(err.message.contains("shaped like the original"), "{err}");
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
