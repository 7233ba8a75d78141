//! The browser writes and reads JSON with `tcpip_json`, the classroom server with serde: both
//! must give the same text, and each must read the other's, or a classroom breaks and saved
//! games stop loading. Checked on a whole played game: every action kind, every fault kind
//! on every target kind, the event log it makes, and every message of the protocol.

#![cfg(feature = "serde")]

use std::fmt::Debug;
use std::net::Ipv4Addr;

use serde::Serialize;
use serde::de::DeserializeOwned;
use tcpip_json::{FromJson, ToJson};
use tcpip_protocol::{
    Info, Logged, Member, RoomClock, SaveVersion, SavedGame, Snapshot, ToClient, ToServer, You,
};
use tcpip_stack::addr::Prefix;
use tcpip_stack::card::{Card, CardKind, RouterChoice};
use tcpip_stack::fault::{Fault, FaultKind, FaultTarget};
use tcpip_stack::route::{NextHop, Route};
use tcpip_stack::scenario::Scenario;
use tcpip_stack::text::Text;
use tcpip_stack::time::{Duration, Instant};
use tcpip_stack::world::{Action, CardId, NodeId, RouteEdit, Seat, World};

/// Both writers give the same text, and both readers read it back to `value`.
#[track_caller]
fn same<T>(value: &T) -> String
where
    T: Serialize + DeserializeOwned + ToJson + FromJson + PartialEq + Debug,
{
    let ours = tcpip_json::to_string(value);
    let serde = serde_json::to_string(value).expect("serde writes it");
    assert_eq!(ours, serde, "the two writers differ");
    assert_eq!(
        &tcpip_json::from_str::<T>(&serde).expect("we read serde's"),
        value
    );
    assert_eq!(
        &serde_json::from_str::<T>(&ours).expect("serde reads ours"),
        value
    );
    ours
}

/// A card with everything a student can type in it: quotes, backslashes, control
/// characters, non-ASCII letters and emoji.
fn odd_card() -> Card {
    Card {
        kind: CardKind::Tcp,
        src_ip: "10.0.1.2".into(),
        dst_ip: " 10.0.1.1\t".into(),
        src_port: "1025".into(),
        dst_port: "\"23\"".into(),
        syn: true,
        ack_flag: false,
        fin: true,
        rst: false,
        psh: true,
        seq: "0\\1".into(),
        ack: "\u{0}\u{1f}\u{7f}".into(),
        data: "my name is Zoë 😀\r\n/\u{2028}".into(),
        ttl: "64".into(),
        icmp_type: String::new(),
        icmp_code: "é".into(),
    }
}

fn every_fault() -> Vec<Fault> {
    let kinds = [
        FaultKind::ForgedRst { matching: true },
        FaultKind::ForgedRst { matching: false },
        FaultKind::IcmpUnreachable { code: 3 },
        FaultKind::ForgedIcmp { code: 3 },
        FaultKind::Delay {
            by: Duration::from_secs(2),
        },
        FaultKind::Drop,
        FaultKind::Duplicate,
        FaultKind::Reorder,
        FaultKind::ServerPortClosed,
        FaultKind::RouteRemoved {
            prefix: Prefix::new(Ipv4Addr::new(10, 0, 2, 0), 24),
        },
    ];
    let targets = [
        FaultTarget::Team(0),
        FaultTarget::Connection { team: 1, client: 0 },
        FaultTarget::Link {
            team_a: 0,
            team_b: 1,
        },
    ];
    kinds
        .iter()
        .flat_map(|kind| {
            targets.iter().map(|target| Fault {
                kind: kind.clone(),
                target: *target,
            })
        })
        .collect()
}

fn every_action(world: &World) -> Vec<Action> {
    let team = &world.teams()[0];
    let mut actions = vec![
        Action::SetSeat {
            node: team.clients[0],
            seat: Seat::Human,
        },
        Action::SetSeat {
            node: team.server,
            seat: Seat::Bot,
        },
        Action::WriteCard {
            node: team.clients[0],
            card: Box::new(odd_card()),
        },
        // Seed 000, round 1: the client's SYN to its server, which the referee judges.
        Action::WriteCard {
            node: team.clients[0],
            card: Box::new(Card {
                src_ip: "10.0.1.2".into(),
                dst_ip: "10.0.1.1".into(),
                src_port: "1025".into(),
                dst_port: "23".into(),
                syn: true,
                seq: "0".into(),
                ttl: "64".into(),
                ..Card::default()
            }),
        },
        Action::WriteCard {
            node: team.server,
            card: Box::new(Card {
                kind: CardKind::Icmp,
                ..Card::default()
            }),
        },
        Action::RequestHint {
            node: team.clients[0],
        },
        Action::EditRoute {
            node: team.router,
            edit: RouteEdit::Add(Route {
                prefix: Prefix::new(Ipv4Addr::new(10, 0, 3, 0), 24),
                next_hop: NextHop::Gateway(Ipv4Addr::new(192, 168, 0, 3)),
                iface: 1,
            }),
        },
        Action::EditRoute {
            node: team.router,
            edit: RouteEdit::Add(Route {
                prefix: Prefix::new(Ipv4Addr::new(10, 0, 1, 0), 24),
                next_hop: NextHop::Direct,
                iface: 0,
            }),
        },
        Action::EditRoute {
            node: team.router,
            edit: RouteEdit::Remove(Prefix::new(Ipv4Addr::new(10, 0, 3, 0), 24)),
        },
    ];
    for choice in [
        RouterChoice::Deliver,
        RouterChoice::Forward {
            gateway: Ipv4Addr::new(192, 168, 0, 2),
        },
        RouterChoice::IcmpUnreachable { code: 1 },
        RouterChoice::IcmpTimeExceeded,
        RouterChoice::Drop,
        RouterChoice::Keep,
    ] {
        actions.push(Action::RouteCard {
            node: team.router,
            card: CardId(7),
            choice,
        });
    }
    actions.extend(every_fault().into_iter().map(Action::InjectFault));
    actions
}

/// Plays the original game: every action kind at the start, then the bots, with every
/// fault injected along the way. Returns the world and the log of accepted actions.
fn played() -> (World, Vec<Logged>) {
    // The actions above give seats to people; the bots race anyway, so the log holds a
    // whole game's worth of events.
    let mut scenario = Scenario::original();
    scenario.settings.bots_wait = false;
    let mut world = World::new(&scenario).expect("the shipped scenario builds");
    let mut log = Vec::new();
    let mut faults = every_fault().into_iter();
    for action in every_action(&world) {
        if !matches!(action, Action::InjectFault(_)) {
            let at = world.now();
            if world.act(action.clone(), at).is_ok() {
                log.push(Logged { at, action });
            }
        }
    }
    let mut next_fault = Instant::from_secs(5);
    while let Some(t) = world.next_due() {
        if t > Instant::from_secs(400) || world.finished() {
            break;
        }
        if t >= next_fault
            && let Some(fault) = faults.next()
        {
            let action = Action::InjectFault(fault);
            if world.act(action.clone(), t).is_ok() {
                log.push(Logged { at: t, action });
            }
            next_fault = t + Duration::from_secs(3);
        }
        world.advance(t);
    }
    (world, log)
}

#[test]
fn every_action_is_written_and_read_alike() {
    let world = World::new(&Scenario::original()).expect("builds");
    for action in every_action(&world) {
        same(&action);
        same(&Logged {
            at: Instant::from_secs(3),
            action,
        });
    }
}

/// The exported game log (written only): the same text as serde's on a whole game.
#[test]
fn the_event_log_of_a_played_game_is_written_alike() {
    let (world, log) = played();
    assert!(
        log.len() > 20,
        "the game played too few actions: {}",
        log.len()
    );
    assert!(
        world.log().len() > 200,
        "the game made too few events: {}",
        world.log().len()
    );
    let ours = tcpip_json::to_string(world.log());
    let serde = serde_json::to_string(world.log()).expect("serde writes it");
    assert_eq!(ours.len(), serde.len());
    assert!(ours == serde, "the event logs differ");
    // Every kind of event but CardHeld (a card waiting for a human router, who never acts
    // here): the test covers what it says.
    let kinds = [
        "CardSent",
        "CardArrived",
        "CardDropped",
        "CardDelayed",
        "CardDuplicated",
        "CardRejected",
        "Verdict",
        "Host",
        "RouterDecision",
        "IcmpSent",
        "BotMove",
        "GoalReached",
        "FaultInjected",
        "Mistake",
        "Hint",
        "SeatChanged",
        "RouteChanged",
    ];
    let missing: Vec<_> = kinds
        .iter()
        .filter(|k| !ours.contains(&format!("\"{k}\"")))
        .collect();
    assert!(missing.is_empty(), "no event of kinds {missing:?}");
}

#[test]
fn a_saved_game_is_written_and_read_alike() {
    let (world, actions) = played();
    let saved = SavedGame {
        version: SavedGame::VERSION,
        scenario: Scenario::original(),
        actions,
        game_time: world.now(),
        speed_percent: 150,
        paused: true,
    };
    let text = same(&saved);
    let version: SaveVersion = tcpip_json::from_str(&text).expect("the version is read");
    assert_eq!(version.version, SavedGame::VERSION);
}

#[test]
fn every_message_is_written_and_read_alike() {
    let (world, actions) = played();
    let clock = RoomClock {
        at: world.now(),
        speed_percent: 100,
        paused: false,
        hold: None,
        note: None,
    };
    let members = vec![
        Member {
            id: 1,
            name: "Prof. Rossi".into(),
            instructor: true,
            node: None,
            online: true,
        },
        Member {
            id: 2,
            name: "Zoë \"the router\"".into(),
            instructor: false,
            node: Some(NodeId(3)),
            online: false,
        },
    ];
    let you = You {
        code: "ACD347".into(),
        token: "t0k3n".into(),
        member: 2,
        name: "Zoë".into(),
        instructor: false,
        node: Some(NodeId(3)),
    };
    let action = actions[0].action.clone();
    for msg in [
        ToServer::Create {
            scenario: Scenario::original(),
        },
        ToServer::Join {
            code: "ACD347".into(),
            name: "Zoë".into(),
        },
        ToServer::Rejoin {
            code: "ACD347".into(),
            token: "t0k3n".into(),
        },
        ToServer::Act { req: 9, action },
        ToServer::SetClock {
            paused: true,
            speed_percent: 50,
        },
        ToServer::Assign {
            member: 2,
            node: Some(NodeId(4)),
        },
        ToServer::Assign {
            member: 2,
            node: None,
        },
        ToServer::End,
        ToServer::Resync,
        ToServer::Freeze {
            note: "Perché è tornato il SYN?".into(),
        },
        ToServer::StepMode { on: true },
        ToServer::Next,
    ] {
        same(&msg);
    }
    let refusal = Text::new("not your seat".into(), "non è il tuo posto".into());
    for msg in [
        ToClient::Welcome {
            you,
            snapshot: Box::new(Snapshot {
                scenario: Scenario::original(),
                actions: actions.clone(),
                clock: clock.clone(),
                members: members.clone(),
                ended: false,
            }),
        },
        ToClient::Applied {
            seq: u64::MAX,
            logged: actions[actions.len() - 1].clone(),
        },
        ToClient::Done { req: 9, seq: 12 },
        ToClient::Refused {
            req: 9,
            message: refusal.clone(),
        },
        ToClient::Tick { at: world.now() },
        ToClient::Clock {
            clock: clock.clone(),
        },
        ToClient::Clock {
            clock: RoomClock {
                paused: true,
                hold: Some(world.now()),
                note: Some("look up".into()),
                ..clock
            },
        },
        ToClient::Roster { members },
        ToClient::Seat { node: None },
        ToClient::Error {
            message: Text::from("English only".to_string()),
        },
        ToClient::Ended,
    ] {
        same(&msg);
    }
    same(&Info {
        version: "0.1.0".into(),
        urls: vec!["http://192.168.1.20:8080/".into()],
    });
}

/// A wrong message names what is wrong, and where, in words a person can act on.
#[test]
fn a_wrong_message_names_the_field() {
    let e = tcpip_json::from_str::<ToServer>(
        r#"{"act":{"req":1,"action":{"RequestHint":{"node":"x"}}}}"#,
    )
    .expect_err("a node is a number");
    assert_eq!(
        e.to_string(),
        "expected an integer, found a string (at `act.action.RequestHint.node`)"
    );
    let e = tcpip_json::from_str::<ToServer>(r#"{"shout":{}}"#).expect_err("no such message");
    assert!(
        e.to_string()
            .starts_with("unknown variant `shout`, expected one of `create`, `join`"),
        "{e}"
    );
    let e = tcpip_json::from_str::<ToClient>(r#"{"done":{"req":1}}"#).expect_err("no seq");
    assert_eq!(e.to_string(), "missing field `seq` (at `done`)");
}
