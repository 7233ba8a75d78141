//! The room's rules, without sockets: seats, permissions, durability by replay, and a
//! property test that random message streams neither panic the room nor desynchronise
//! the browsers following it.

use super::*;
use proptest::prelude::*;
use tcpip_protocol::{Replica, Update};
use tcpip_stack::card::{Card, RouterChoice};
use tcpip_stack::fault::{Fault, FaultKind, FaultTarget};
use tcpip_stack::time::Duration;
use tcpip_stack::world::{CardId, EventKind};

/// A room plus a browser copy per member, fed exactly what the room sends them.
struct Class {
    room: Room,
    records: Vec<Record>,
    browsers: Vec<Option<Replica>>,
    /// Every `Refused`/`Error` message each member was shown.
    told: Vec<Vec<Text>>,
}

impl Class {
    fn new() -> Class {
        let (room, me, out) =
            Room::create("ABCDEF".into(), "t0".into(), Scenario::original(), 0).unwrap();
        let mut class = Class {
            room,
            records: Vec::new(),
            browsers: vec![None],
            told: vec![Vec::new()],
        };
        assert_eq!(me, INSTRUCTOR);
        class.deliver(out);
        class
    }

    fn deliver(&mut self, out: Outbox) {
        self.records.extend(out.records);
        for (dest, msg) in out.sends {
            for member in 0..self.browsers.len() as MemberId {
                if !dest.includes(member) {
                    continue;
                }
                let m = member as usize;
                let updates = match (&mut self.browsers[m], msg.clone()) {
                    (slot @ None, ToClient::Welcome { you, snapshot }) => {
                        *slot = Some(Replica::welcome(you, *snapshot).expect("welcome replays"));
                        Vec::new()
                    }
                    (None, _) => Vec::new(),
                    (Some(r), msg) => r
                        .receive(msg)
                        .unwrap_or_else(|e| panic!("member {member} fell out of step: {e}")),
                };
                for u in updates {
                    match u {
                        Update::Refused { message, .. } => self.told[m].push(message),
                        Update::Error(message) => self.told[m].push(message),
                        _ => {}
                    }
                }
            }
        }
    }

    fn join(&mut self, name: &str, wall: Wall) -> MemberId {
        let token = format!("t{}", self.browsers.len());
        let (id, out) = self.room.join(name, token, wall).unwrap();
        self.browsers.push(None);
        self.told.push(Vec::new());
        self.deliver(out);
        id
    }

    fn send(&mut self, from: MemberId, msg: ToServer, wall: Wall) {
        let out = self.room.handle(from, msg, wall);
        self.deliver(out);
    }

    fn tick(&mut self, wall: Wall) {
        let out = self.room.tick(wall);
        self.deliver(out);
    }

    fn node_of(&self, member: MemberId) -> Option<NodeId> {
        self.browsers[member as usize].as_ref()?.you().node
    }

    fn last_told(&self, member: MemberId) -> &str {
        self.told[member as usize]
            .last()
            .map_or("(nothing)", |t| t.en.as_str())
    }

    /// What an Italian player read last ("(English only)" for a sentence without a twin).
    fn last_told_it(&self, member: MemberId) -> &str {
        self.told[member as usize]
            .last()
            .map_or("(nothing)", |t| t.it.as_deref().unwrap_or("(English only)"))
    }

    /// Every browser holds the server's game.
    fn assert_in_step(&self) {
        for (m, b) in self.browsers.iter().enumerate() {
            let Some(b) = b else { continue };
            assert_eq!(
                b.session().actions(),
                self.room.session.actions(),
                "member {m}'s actions"
            );
            assert_eq!(
                b.world().log(),
                self.room.world().log(),
                "member {m}'s events"
            );
        }
    }
}

fn syn_from(room: &Room, node: NodeId) -> Action {
    let me = room.world().node_view(node).unwrap();
    let team = &room.world().teams()[me.team];
    let server = room.world().node_view(team.server).unwrap();
    Action::WriteCard {
        node,
        card: Box::new(Card {
            src_ip: me.addr.to_string(),
            dst_ip: server.addr.to_string(),
            src_port: "40000".into(),
            dst_port: "23".into(),
            syn: true,
            seq: "0".into(),
            ..Card::default()
        }),
    }
}

/// Students get a team and a seat, balanced across teams, client first.
#[test]
fn newcomers_are_spread_over_the_teams_client_first() {
    let mut c = Class::new();
    let a = c.join("Ada", 10);
    let b = c.join("Bob", 20);
    let w = c.room.world();
    let (na, nb) = (c.node_of(a).unwrap(), c.node_of(b).unwrap());
    assert_eq!(na, w.teams()[0].clients[0]);
    assert_eq!(nb, w.teams()[1].clients[0]);
    assert_eq!(w.node_view(na).unwrap().seat, Seat::Human);
    // The instructor's copy saw the seats change; so did Ada's when Bob came.
    c.assert_in_step();
}

/// "late joiners take a bot's seat"; when none is left they watch.
#[test]
fn when_every_seat_is_taken_newcomers_watch() {
    let mut c = Class::new();
    let seats = c.room.world().nodes().len();
    for i in 0..seats {
        let m = c.join(&format!("P{i}"), i as u64);
        assert!(c.node_of(m).is_some(), "person {i} has no seat");
    }
    let late = c.join("Late", 999);
    assert_eq!(c.node_of(late), None);
    c.send(
        late,
        ToServer::Act {
            req: 1,
            action: Action::RequestHint { node: NodeId(0) },
        },
        1000,
    );
    assert!(
        c.last_told(late).contains("watching"),
        "{}",
        c.last_told(late)
    );
    assert_eq!(
        c.last_told_it(late),
        "stai guardando: è l'insegnante ad assegnare i posti"
    );
}

/// Game design §5: a seat whose person is gone goes back to its bot after a grace (a
/// reload keeps it), so the game never waits for nobody; it stays theirs, and is theirs
/// again when they come back with their token.
#[test]
fn a_gone_persons_seat_is_played_by_its_bot_until_they_come_back() {
    let mut c = Class::new();
    let ada = c.join("Ada", 0);
    let node = c.node_of(ada).unwrap();
    let seat = |c: &Class| c.room.world().node_view(node).unwrap().seat;
    let out = c.room.disconnected(ada, 1_000);
    c.deliver(out);
    c.tick(1_000 + SEAT_GRACE - 1);
    assert_eq!(seat(&c), Seat::Human, "a reload keeps the seat");
    c.tick(1_000 + SEAT_GRACE);
    assert_eq!(seat(&c), Seat::Bot, "the bot plays while Ada is away");
    // Nobody new gets it: it is still Ada's.
    let bob = c.join("Bob", 7_000);
    assert_ne!(c.node_of(bob), Some(node));
    let (back, out) = c.room.rejoin(&format!("t{ada}"), 8_000).unwrap();
    assert_eq!(back, ada);
    c.deliver(out);
    assert_eq!(seat(&c), Seat::Human, "Ada plays her seat again");
}

/// Game design §4 (the lobby, freeze and explain): until the instructor starts the clock,
/// and while it is paused, a student's card is refused with why; once it runs, it plays.
#[test]
fn students_wait_for_the_instructor_to_start_and_while_paused() {
    let mut c = Class::new();
    let ada = c.join("Ada", 0);
    let adas = c.node_of(ada).unwrap();
    let syn = syn_from(&c.room, adas);
    let act = |req| ToServer::Act {
        req,
        action: syn.clone(),
    };
    c.send(ada, act(1), 100);
    assert!(
        c.last_told(ada).contains("has not started"),
        "{}",
        c.last_told(ada)
    );
    assert!(c.last_told_it(ada).contains("non è ancora cominciata"));
    let clock = |paused| ToServer::SetClock {
        paused,
        speed_percent: 100,
    };
    c.send(INSTRUCTOR, clock(false), 200);
    c.send(INSTRUCTOR, clock(true), 2_000);
    c.send(ada, act(2), 3_000);
    assert!(
        c.last_told(ada).contains("is paused"),
        "{}",
        c.last_told(ada)
    );
    c.send(INSTRUCTOR, clock(false), 4_000);
    let (told, acted) = (c.told[ada as usize].len(), c.room.session.actions().len());
    c.send(ada, act(3), 4_100);
    assert_eq!(c.told[ada as usize].len(), told, "{}", c.last_told(ada));
    assert_eq!(
        c.room.session.actions().len(),
        acted + 1,
        "Ada's SYN is played"
    );
    c.assert_in_step();
}

/// Freeze and explain (game design §4): the instructor stops the clock with a sentence for
/// the class; every browser holds it, a student's card is refused with it, resuming clears
/// it, and a restart of the server keeps a freeze that was on.
#[test]
fn a_freeze_shows_the_instructors_note_everywhere_until_the_game_resumes() {
    let mut c = Class::new();
    let ada = c.join("Ada", 0);
    let syn = syn_from(&c.room, c.node_of(ada).unwrap());
    let run = ToServer::SetClock {
        paused: false,
        speed_percent: 100,
    };
    c.send(INSTRUCTOR, run.clone(), 100);
    let note = "Why did Red's SYN come back?";
    c.send(
        INSTRUCTOR,
        ToServer::Freeze {
            note: format!("  {note} "),
        },
        2_000,
    );
    for b in c.browsers.iter().flatten() {
        assert!(b.clock().paused);
        assert_eq!(b.clock().note.as_deref(), Some(note));
    }
    c.send(
        ada,
        ToServer::Act {
            req: 1,
            action: syn.clone(),
        },
        2_500,
    );
    assert_eq!(
        c.last_told(ada),
        "the instructor froze the game to explain: Why did Red's SYN come back?"
    );
    let back = Room::restore(c.records.clone(), 0).unwrap();
    assert_eq!(
        back.room_clock().note.as_deref(),
        Some(note),
        "restored frozen"
    );
    assert!(back.room_clock().paused);
    // A note that would break the projector's line is refused, and the freeze stays.
    c.send(
        INSTRUCTOR,
        ToServer::Freeze {
            note: "a\nb".into(),
        },
        2_600,
    );
    assert!(c.last_told(INSTRUCTOR).starts_with("note: no line breaks"));
    c.send(INSTRUCTOR, run, 3_000);
    for b in c.browsers.iter().flatten() {
        assert!(!b.clock().paused);
        assert_eq!(b.clock().note, None, "resuming clears the note");
    }
    c.assert_in_step();
}

/// Step mode (game design §4, "step card by card"): the clock waits where it is, people
/// still write cards, and each Next lets the game run only to the next thing it has to do
/// — here Ada's SYN reaching her router, then the router passing it on.
#[test]
fn in_step_mode_a_card_moves_only_when_the_instructor_says_next() {
    let mut c = Class::new();
    let ada = c.join("Ada", 0);
    let adas = c.node_of(ada).unwrap();
    c.send(
        INSTRUCTOR,
        ToServer::SetClock {
            paused: false,
            speed_percent: 100,
        },
        0,
    );
    c.send(INSTRUCTOR, ToServer::StepMode { on: true }, 1_000);
    let held = c.room.world().now();
    assert_eq!(
        c.browsers[ada as usize].as_ref().unwrap().clock().hold,
        Some(held)
    );
    c.send(
        ada,
        ToServer::Act {
            req: 1,
            action: syn_from(&c.room, adas),
        },
        1_100,
    );
    assert_eq!(c.told[ada as usize].len(), 0, "{}", c.last_told(ada));
    let arrivals = |c: &Class| {
        c.room
            .world()
            .log()
            .iter()
            .filter(|e| matches!(e.kind, EventKind::CardArrived { .. }))
            .count()
    };
    let before = arrivals(&c);
    // A minute of wall time: nothing arrives while the clock waits at its hold.
    c.tick(61_000);
    assert_eq!(arrivals(&c), before, "no card moves without Next");
    assert_eq!(c.room.world().now(), held);
    // Each Next runs the game exactly to the next thing due (another team's bot may come
    // first), however long the class then looks at it; Ada's SYN arrives within a few.
    let mut wall = 61_000;
    let mut presses = 0;
    while arrivals(&c) == before {
        let due = c.room.world().next_due().expect("Ada's SYN is on its way");
        c.send(INSTRUCTOR, ToServer::Next, wall);
        wall += 60_000;
        c.tick(wall);
        assert_eq!(
            c.room.world().now(),
            due,
            "the game ran exactly to the next step"
        );
        presses += 1;
        assert!(presses < 20, "Ada's SYN never arrived");
    }
    // Step mode off: the game runs freely again.
    let stopped = c.room.world().now();
    c.send(INSTRUCTOR, ToServer::StepMode { on: false }, wall);
    c.tick(wall + 10_000);
    assert!(c.room.world().now() > stopped);
    c.send(INSTRUCTOR, ToServer::Next, wall + 10_000);
    assert!(
        c.last_told(INSTRUCTOR)
            .starts_with("next: step mode is off")
    );
    c.assert_in_step();
}

/// A class of 200: the class-sized game of 50 teams seats every student, each
/// in a team of their own LAN, and the room refuses the 201st with a reason.
#[test]
fn a_class_of_two_hundred_is_seated_and_the_next_one_is_told_the_room_is_full() {
    let scenario = Scenario::class_sized(50, 2).unwrap();
    let (mut room, _, _) = Room::create("ABCDEF".into(), "t0".into(), scenario, 0).unwrap();
    let mut per_team = [0; 50];
    for i in 0..MAX_STUDENTS {
        let (member, _) = room
            .join(&format!("P{i}"), format!("t{}", i + 1), i as u64)
            .unwrap();
        let node = room.people[member as usize]
            .node
            .unwrap_or_else(|| panic!("student {i} has no seat"));
        per_team[room.world().node_view(node).unwrap().team] += 1;
    }
    assert_eq!(per_team, [4; 50], "every seat of every team has a person");
    let Err(full) = room.join("Late", "late".into(), 999) else {
        panic!("a 201st student got in")
    };
    assert_eq!(full.en, "the room ABCDEF is full (200 students)");
    assert_eq!(
        full.it.as_deref(),
        Some("la stanza ABCDEF è piena (200 studenti)")
    );
}

/// "a player acts only as their own host; instructor actions need the token".
#[test]
fn students_act_only_for_their_own_seat() {
    let mut c = Class::new();
    let ada = c.join("Ada", 0);
    let bob = c.join("Bob", 0);
    let bobs = c.node_of(bob).unwrap();
    let syn = syn_from(&c.room, bobs);
    c.send(
        ada,
        ToServer::Act {
            req: 1,
            action: syn.clone(),
        },
        100,
    );
    assert!(
        c.last_told(ada).contains("cannot act for"),
        "{}",
        c.last_told(ada)
    );
    // In Italian, with the same two seat names.
    let name = |m| {
        c.room
            .world()
            .node_view(c.node_of(m).unwrap())
            .unwrap()
            .name
    };
    assert_eq!(
        c.last_told_it(ada),
        format!(
            "tu giochi come {}: non puoi agire per {}",
            name(ada),
            name(bob)
        )
    );
    let fault = Action::InjectFault(Fault {
        kind: FaultKind::Drop,
        target: FaultTarget::Team(0),
    });
    c.send(
        ada,
        ToServer::Act {
            req: 2,
            action: fault.clone(),
        },
        100,
    );
    assert!(c.last_told(ada).contains("only the instructor"));
    assert_eq!(
        c.last_told_it(ada),
        "solo l'insegnante può guastare la rete"
    );
    c.send(
        ada,
        ToServer::SetClock {
            paused: false,
            speed_percent: 100,
        },
        100,
    );
    assert!(c.last_told(ada).contains("only the instructor"));
    // An `Error` (not an action's refusal) is in Italian too.
    assert_eq!(c.last_told_it(ada), "solo l'insegnante può farlo");
    assert!(
        c.room.session.actions().len() == 2,
        "only the two seats were logged"
    );
    // The instructor may; once the game runs, Bob may write his own card.
    c.send(
        INSTRUCTOR,
        ToServer::Act {
            req: 3,
            action: fault,
        },
        200,
    );
    c.send(
        INSTRUCTOR,
        ToServer::SetClock {
            paused: false,
            speed_percent: 100,
        },
        250,
    );
    c.send(
        bob,
        ToServer::Act {
            req: 1,
            action: syn,
        },
        300,
    );
    assert_eq!(c.room.session.actions().len(), 4);
    assert!(
        c.told[bob as usize].is_empty(),
        "{:?}",
        c.told[bob as usize]
    );
    c.assert_in_step();
}

/// The roster and the seats never disagree: the instructor cannot give a student's seat
/// to its bot (or to anyone) behind the roster's back.
#[test]
fn a_students_seat_changes_hands_only_through_the_roster() {
    let mut c = Class::new();
    let ada = c.join("Ada", 0);
    let node = c.node_of(ada).unwrap();
    let give_back = Action::SetSeat {
        node,
        seat: Seat::Bot,
    };
    c.send(
        INSTRUCTOR,
        ToServer::Act {
            req: 1,
            action: give_back,
        },
        10,
    );
    assert!(c.last_told(INSTRUCTOR).contains("Ada sits at this seat"));
    assert!(c.last_told_it(INSTRUCTOR).contains("qui siede Ada"));
    assert_eq!(c.room.world().node_view(node).unwrap().seat, Seat::Human);
}

/// Moving a student frees their seat for its bot and seats them elsewhere;
/// whoever sat there watches.
#[test]
fn the_instructor_moves_people_between_seats() {
    let mut c = Class::new();
    let ada = c.join("Ada", 0);
    let bob = c.join("Bob", 0);
    let (na, nb) = (c.node_of(ada).unwrap(), c.node_of(bob).unwrap());
    c.send(
        INSTRUCTOR,
        ToServer::Assign {
            member: ada,
            node: Some(nb),
        },
        50,
    );
    assert_eq!(c.node_of(ada), Some(nb));
    assert_eq!(c.node_of(bob), None);
    let w = c.room.world();
    assert_eq!(w.node_view(na).unwrap().seat, Seat::Bot);
    assert_eq!(w.node_view(nb).unwrap().seat, Seat::Human);
    c.send(
        INSTRUCTOR,
        ToServer::Assign {
            member: 99,
            node: None,
        },
        60,
    );
    assert!(c.last_told(INSTRUCTOR).starts_with("member:"));
    c.assert_in_step();
}

/// "on restart the server replays the logs and every room, seat and card is
/// back", and "a browser that reconnects gets its seat back".
#[test]
fn a_room_restored_from_its_log_is_the_same_room() {
    let mut c = Class::new();
    let ada = c.join("Ada", 0);
    c.send(
        INSTRUCTOR,
        ToServer::SetClock {
            paused: false,
            speed_percent: 100,
        },
        0,
    );
    for wall in (200..4_000).step_by(200) {
        c.tick(wall);
    }
    let syn = syn_from(&c.room, c.node_of(ada).unwrap());
    c.send(
        ada,
        ToServer::Act {
            req: 1,
            action: syn,
        },
        4_100,
    );
    for wall in (4_200..30_000).step_by(200) {
        c.tick(wall);
    }
    let mut back = Room::restore(c.records.clone(), 0).unwrap();
    // The log knows the game up to its last checkpoint; the rest is replayed by time.
    assert!(back.world().now() <= c.room.world().now());
    assert!(back.world().now() + CHECKPOINT >= c.room.world().now());
    back.session.advance(c.room.world().now());
    assert_eq!(back.world().log(), c.room.world().log());
    assert_eq!(back.session.actions(), c.room.session.actions());
    let (again, out) = back.rejoin("t1", 0).unwrap();
    assert_eq!(again, ada);
    let Some((_, ToClient::Welcome { you, .. })) = out.sends.first() else {
        panic!("no welcome: {:?}", out.sends);
    };
    assert_eq!((you.name.as_str(), you.node), ("Ada", c.node_of(ada)));
    assert!(back.rejoin("nope", 0).unwrap_err().en.starts_with("token:"));
}

#[test]
fn an_ended_room_refuses_everything_but_keeps_its_log() {
    let mut c = Class::new();
    let ada = c.join("Ada", 0);
    c.send(INSTRUCTOR, ToServer::End, 10);
    assert!(c.browsers[ada as usize].as_ref().unwrap().ended());
    assert!(
        c.room
            .join("Late", "tx".into(), 20)
            .unwrap_err()
            .en
            .contains("ended")
    );
    let syn = syn_from(&c.room, c.node_of(ada).unwrap());
    c.send(
        ada,
        ToServer::Act {
            req: 5,
            action: syn,
        },
        30,
    );
    assert!(c.last_told(ada).contains("ended"));
    assert!(c.last_told_it(ada).contains("è terminata"));
    assert!(Room::restore(c.records.clone(), 0).unwrap().ended());
}

#[test]
fn broken_logs_are_refused_with_the_record_that_is_wrong() {
    let c = Class::new();
    let mut records = c.records.clone();
    records.push(Record::Acted {
        seq: 7,
        at: Instant::ZERO,
        action: Action::RequestHint { node: NodeId(0) },
    });
    let err = Room::restore(records, 0).err().unwrap();
    assert_eq!(err.record, 1);
    assert!(err.to_string().starts_with("record 2:"), "{err}");
    assert!(Room::restore(Vec::new(), 0).is_err());
    assert!(Room::restore(c.records[..0].to_vec(), 0).is_err());
}

/// One step of a random class.
#[derive(Clone, Debug)]
enum Step {
    Join(u8),
    Leave(u8),
    Rejoin(u8),
    Tick(u16),
    Clock(bool, u16),
    Freeze(u8),
    Stepping(bool),
    Next,
    Assign(u8, Option<u8>),
    Hint(u8, u8),
    Syn(u8),
    Route(u8, u8, u8),
    Fault(u8, u8),
    Resync(u8),
    AddTeam,
    End,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => any::<u8>().prop_map(Step::Join),
        1 => any::<u8>().prop_map(Step::Leave),
        1 => any::<u8>().prop_map(Step::Rejoin),
        6 => (1u16..3_000).prop_map(Step::Tick),
        1 => (any::<bool>(), 0u16..2_000).prop_map(|(p, s)| Step::Clock(p, s)),
        1 => any::<u8>().prop_map(Step::Freeze),
        1 => any::<bool>().prop_map(Step::Stepping),
        2 => Just(Step::Next),
        2 => (any::<u8>(), proptest::option::of(any::<u8>())).prop_map(|(m, n)| Step::Assign(m, n)),
        2 => (any::<u8>(), any::<u8>()).prop_map(|(m, n)| Step::Hint(m, n)),
        4 => any::<u8>().prop_map(Step::Syn),
        3 => (any::<u8>(), any::<u8>(), 0u8..3).prop_map(|(m, c, k)| Step::Route(m, c, k)),
        1 => (any::<u8>(), any::<u8>()).prop_map(|(t, k)| Step::Fault(t, k)),
        1 => any::<u8>().prop_map(Step::Resync),
        1 => Just(Step::AddTeam),
        1 => Just(Step::End),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// "random action streams from random clients never panic the server and
    /// never desynchronise clients from the server".
    #[test]
    fn random_classes_stay_in_step(steps in proptest::collection::vec(step(), 1..120)) {
        let mut c = Class::new();
        let mut wall: Wall = 0;
        let pick = |c: &Class, m: u8| m as MemberId % c.browsers.len() as MemberId;
        for s in steps {
            match s {
                Step::Join(n) => {
                    if let Ok((_, out)) = c.room.join(&format!("P{n}"), format!("tok{}", c.browsers.len()), wall) {
                        c.browsers.push(None);
                        c.told.push(Vec::new());
                        c.deliver(out);
                    }
                }
                Step::Leave(m) => {
                    let m = pick(&c, m);
                    let out = c.room.disconnected(m, 0);
                    c.browsers[m as usize] = None;
                    c.deliver(out);
                }
                Step::Rejoin(m) => {
                    let m = pick(&c, m);
                    let token = c.room.people[m as usize].token.clone();
                    let (again, out) = c.room.rejoin(&token, wall).unwrap();
                    prop_assert_eq!(again, m);
                    c.browsers[m as usize] = None;
                    c.deliver(out);
                }
                Step::Tick(ms) => {
                    wall += u64::from(ms);
                    c.tick(wall);
                }
                Step::Clock(paused, speed) => c.send(INSTRUCTOR, ToServer::SetClock { paused, speed_percent: u32::from(speed) }, wall),
                Step::Freeze(n) => c.send(INSTRUCTOR, ToServer::Freeze { note: "?".repeat(usize::from(n)) }, wall),
                Step::Stepping(on) => c.send(INSTRUCTOR, ToServer::StepMode { on }, wall),
                Step::Next => c.send(INSTRUCTOR, ToServer::Next, wall),
                Step::Assign(m, n) => {
                    let m = pick(&c, m);
                    c.send(INSTRUCTOR, ToServer::Assign { member: m, node: n.map(|n| NodeId(u16::from(n % 16))) }, wall);
                }
                Step::Hint(m, n) => {
                    let m = pick(&c, m);
                    c.send(m, ToServer::Act { req: 1, action: Action::RequestHint { node: NodeId(u16::from(n % 16)) } }, wall);
                }
                Step::Syn(m) => {
                    let m = pick(&c, m);
                    if let Some(node) = c.room.people[m as usize].node.or(Some(NodeId(1))) {
                        let action = syn_from(&c.room, node);
                        c.send(m, ToServer::Act { req: 2, action }, wall);
                    }
                }
                Step::Route(m, card, kind) => {
                    let m = pick(&c, m);
                    let node = c.room.people[m as usize].node.unwrap_or(NodeId(0));
                    let first = c.room.world().inbox(node).first().map(|i| i.card);
                    let choice = match kind {
                        0 => RouterChoice::Deliver,
                        1 => RouterChoice::Drop,
                        _ => RouterChoice::IcmpUnreachable { code: card % 20 },
                    };
                    let card = first.unwrap_or(CardId(u32::from(card)));
                    c.send(m, ToServer::Act { req: 3, action: Action::RouteCard { node, card, choice } }, wall);
                }
                Step::Fault(team, kind) => {
                    let kind = match kind % 4 {
                        0 => FaultKind::ForgedRst { matching: kind % 8 < 4 },
                        1 => FaultKind::Delay { by: Duration::from_secs(u64::from(kind % 5)) },
                        2 => FaultKind::Drop,
                        _ => FaultKind::ServerPortClosed,
                    };
                    let fault = Fault { kind, target: FaultTarget::Team(usize::from(team % 4)) };
                    c.send(INSTRUCTOR, ToServer::Act { req: 4, action: Action::InjectFault(fault) }, wall);
                }
                Step::Resync(m) => {
                    let m = pick(&c, m);
                    c.browsers[m as usize] = None;
                    c.send(m, ToServer::Resync, wall);
                }
                Step::AddTeam => c.send(INSTRUCTOR, ToServer::AddTeam, wall),
                Step::End => c.send(INSTRUCTOR, ToServer::End, wall),
            }
        }
        c.assert_in_step();
        // And the log alone rebuilds the same game.
        let mut back = Room::restore(c.records.clone(), 0).map_err(|e| TestCaseError::fail(e.to_string()))?;
        back.session.advance(c.room.world().now());
        prop_assert_eq!(back.world().log(), c.room.world().log());
        let seated: Vec<_> = c.room.people.iter().map(|p| p.node).collect();
        prop_assert_eq!(back.people.iter().map(|p| p.node).collect::<Vec<_>>(), seated);
    }
}

/// The cards a student writes reach the other browsers as the same events.
#[test]
fn a_card_written_by_one_student_arrives_on_every_copy() {
    let mut c = Class::new();
    let ada = c.join("Ada", 0);
    let _watcher = c.join("Bob", 0);
    c.send(
        INSTRUCTOR,
        ToServer::SetClock {
            paused: false,
            speed_percent: 100,
        },
        0,
    );
    let syn = syn_from(&c.room, c.node_of(ada).unwrap());
    c.send(
        ada,
        ToServer::Act {
            req: 9,
            action: syn,
        },
        500,
    );
    for wall in (600..10_000).step_by(200) {
        c.tick(wall);
    }
    let sent = c
        .room
        .world()
        .log()
        .iter()
        .filter(|e| matches!(e.kind, EventKind::CardArrived { .. }))
        .count();
    assert!(sent > 0, "the SYN never arrived anywhere");
    c.assert_in_step();
}

/// The room is full when 200 students are connected or hold a seat; people who
/// watched and left do not count, so fake joins that go away cannot fill it. A removed
/// student's seat goes back to its bot and their token stops working, also after a
/// replay of the log; a locked room takes nobody new.
#[test]
fn only_people_present_count_and_the_instructor_controls_membership() {
    let mut c = Class::new();
    let mut members = Vec::new();
    for i in 0..MAX_STUDENTS {
        let (m, out) = c.room.join(&format!("P{i}"), format!("tok{i}"), 0).unwrap();
        members.push(m);
        c.records.extend(out.records);
    }
    let full = c.room.join("Late", "late".into(), 0).unwrap_err();
    assert!(full.en.contains("is full"), "{full:?}");
    let watchers: Vec<MemberId> = members
        .iter()
        .copied()
        .filter(|m| c.room.people[*m as usize].node.is_none())
        .collect();
    assert!(!watchers.is_empty());
    for m in &watchers {
        c.room.disconnected(*m, 0);
    }
    let (late, _) = c.room.join("Late", "late".into(), 0).unwrap();

    let seated = members[0];
    let node = c.room.people[seated as usize].node.expect("a seat");
    let out = c
        .room
        .handle(INSTRUCTOR, ToServer::Remove { member: seated }, 0);
    assert_eq!(out.removed, vec![seated]);
    c.records.extend(out.records);
    assert_eq!(c.room.world().node_view(node).unwrap().seat, Seat::Bot);
    let gone = c.room.rejoin("tok0", 0).unwrap_err();
    assert!(gone.en.contains("removed you"), "{gone:?}");
    assert!(c.room.members().iter().all(|m| m.id != seated));
    // Only the instructor removes, and only a student who is there.
    let out = c.room.handle(late, ToServer::Remove { member: 1 }, 0);
    assert!(out.removed.is_empty());
    let out = c
        .room
        .handle(INSTRUCTOR, ToServer::Remove { member: seated }, 0);
    assert!(out.removed.is_empty());

    let out = c
        .room
        .handle(INSTRUCTOR, ToServer::Lock { locked: true }, 0);
    c.records.extend(out.records);
    let locked = c.room.join("Another", "another".into(), 0).unwrap_err();
    assert!(locked.en.contains("is locked"), "{locked:?}");
    // A person already in comes back through the lock.
    assert!(c.room.rejoin("late", 0).is_ok());

    let mut back = Room::restore(c.records.clone(), 0).unwrap();
    assert!(back.rejoin("tok0", 0).is_err());
    assert!(back.join("Another", "another".into(), 0).is_err());
    assert_eq!(back.world().node_view(node).unwrap().seat, Seat::Bot);
}

/// A class of fourteen in the original game's twelve seats: two watch until the instructor
/// adds a team in the lobby; then they sit in it, every browser follows the grown game,
/// and the log alone (as the server writes and reads it) rebuilds it.
#[test]
fn a_full_lobby_grows_by_a_team_and_seats_the_people_watching() {
    let mut c = Class::new();
    let people: Vec<MemberId> = (0..14).map(|i| c.join(&format!("P{i}"), i)).collect();
    let seated_before: Vec<_> = people.iter().map(|m| c.node_of(*m)).collect();
    let watching: Vec<MemberId> = people
        .iter()
        .copied()
        .filter(|m| c.node_of(*m).is_none())
        .collect();
    assert_eq!(watching.len(), 2, "every seat is taken, two people watch");

    c.send(INSTRUCTOR, ToServer::AddTeam, 20);
    let world = c.room.world();
    assert_eq!(world.teams().len(), 4);
    assert_eq!(world.teams()[3].lan.to_string(), "10.0.4.0/24");
    for m in &watching {
        let node = c.node_of(*m).expect("a watcher is seated in the new team");
        let view = world.node_view(node).unwrap();
        assert_eq!((view.team, view.seat), (3, Seat::Human));
    }
    // Nobody else moved.
    for (m, before) in people.iter().zip(&seated_before) {
        if before.is_some() {
            assert_eq!(c.node_of(*m), *before);
        }
    }
    c.assert_in_step();

    // The records go through their JSON lines, as the log on disk does, and come back.
    let lines: Vec<String> = c
        .records
        .iter()
        .map(|r| serde_json::to_string(r).unwrap())
        .collect();
    let records: Vec<Record> = lines
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let back = Room::restore(records, 0).unwrap();
    assert_eq!(back.world().teams().len(), 4);
    assert_eq!(back.session.actions(), c.room.session.actions());
    let seats = |r: &Room| r.people.iter().map(|p| p.node).collect::<Vec<_>>();
    assert_eq!(seats(&back), seats(&c.room));

    // The game goes on from there: a student of the new team plays.
    c.send(
        INSTRUCTOR,
        ToServer::SetClock {
            paused: false,
            speed_percent: 100,
        },
        30,
    );
    let newcomer = watching[0];
    let node = c.node_of(newcomer).unwrap();
    let syn = syn_from(&c.room, node);
    c.send(
        newcomer,
        ToServer::Act {
            req: 1,
            action: syn,
        },
        40,
    );
    assert_eq!(c.last_told(newcomer), "(nothing)");
    c.assert_in_step();
}

/// Once the clock has run, a team is refused with why, in both languages; only the
/// instructor may ask, and only a game shaped like the original grows.
#[test]
fn a_team_is_added_only_by_the_instructor_in_the_lobby() {
    let mut c = Class::new();
    let ada = c.join("Ada", 0);
    c.send(ada, ToServer::AddTeam, 0);
    assert_eq!(c.last_told(ada), "only the instructor can do that");
    c.send(
        INSTRUCTOR,
        ToServer::SetClock {
            paused: false,
            speed_percent: 100,
        },
        0,
    );
    c.tick(1_000);
    c.send(
        INSTRUCTOR,
        ToServer::SetClock {
            paused: true,
            speed_percent: 100,
        },
        1_000,
    );
    let records = c.records.len();
    c.send(INSTRUCTOR, ToServer::AddTeam, 1_000);
    assert!(
        c.last_told(INSTRUCTOR)
            .contains("only before the game starts"),
        "{}",
        c.last_told(INSTRUCTOR)
    );
    assert!(
        c.last_told_it(INSTRUCTOR)
            .contains("prima che la partita cominci")
    );
    assert_eq!(c.room.world().teams().len(), 3);
    assert_eq!(c.records.len(), records, "nothing was logged");

    let chain = Scenario::shipped()
        .into_iter()
        .find(|(f, _)| f.contains("chain"))
        .and_then(|(_, t)| Scenario::from_toml(t).ok())
        .unwrap();
    let (mut room, _, _) = Room::create("CHAINS".into(), "t".into(), chain, 0).unwrap();
    let out = room.handle(INSTRUCTOR, ToServer::AddTeam, 0);
    let Some((_, ToClient::Error { message })) = out.sends.first() else {
        panic!("{:?}", out.sends);
    };
    assert!(message.en.contains("shaped like the original"), "{message}");
    assert!(out.records.is_empty());
}
