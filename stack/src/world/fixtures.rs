//! Test fixtures shared by the world's round tests: Red's LAN alone (Alice and the telnet
//! server) and the cards Alice writes to it; Red's seats in the original scenario and what
//! their desks say; what a client bot of Red is told.

use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::addr::{Endpoint, Ipv4Addr};
use crate::bot::{ClientBot, ClientContext, Moves};
use crate::card::Card;
use crate::fault::{Fault, FaultKind, FaultTarget};
use crate::host::Host;
use crate::scenario::Scenario;
use crate::score::Goal;
use crate::tcp::Config;
use crate::text::{Text, twin_with_same_numbers};
use crate::time::Instant;
use crate::world::{Action, EventKind, NodeId, Seat, Task, World};

use super::bots::client_turn;

/// Red alone, ISN 0, half a second of think time: `goals` (a TOML list, e.g.
/// `"handshake", "data"`) and `settings` (the other lines of `[settings]`: the link's delay,
/// the referee, …).
pub(crate) fn red_alone(goals: &str, settings: &str) -> World {
    let toml = format!(
        r#"
name = "One LAN"
description = "Red alone."
goals = [{goals}]

[settings]
isn = "zero"
think_time = 0.5
{settings}

[[teams]]
name = "Red"
lan = "10.0.1.0/24"
clients = ["Alice"]
"#
    );
    World::new(&Scenario::from_toml(&toml).expect("valid scenario")).expect("builds")
}

/// Alice's seat given to a person at the start; her node.
pub(crate) fn seat_alice(w: &mut World) -> NodeId {
    let alice = w.teams()[0].clients[0];
    let seat = Action::SetSeat {
        node: alice,
        seat: Seat::Human,
    };
    w.act(seat, Instant::ZERO).expect("seat");
    alice
}

/// The hint `node`'s desk gets when its player asks for one now.
pub(crate) fn hint(w: &mut World, node: NodeId) -> Text {
    let events = w.act(Action::RequestHint { node }, w.now()).expect("hint");
    events
        .into_iter()
        .find_map(|e| match e.kind {
            EventKind::Hint { text, .. } => Some(text),
            _ => None,
        })
        .expect("a hint event")
}

/// What a fault of this kind, aimed at the first team, did now, as the teacher reads it.
pub(crate) fn effect_of(w: &mut World, kind: FaultKind) -> Text {
    let fault = Fault {
        kind,
        target: FaultTarget::Team(0),
    };
    let events = w
        .act(Action::InjectFault(fault), w.now())
        .expect("a valid fault");
    events
        .into_iter()
        .find_map(|e| match e.kind {
            EventKind::FaultInjected { effect, .. } => Some(effect),
            _ => None,
        })
        .expect("the fault is reported")
}

/// A card of Alice (10.0.1.2:40000) to the telnet server (10.0.1.1:23): `(SYN, ACK)`
/// flags, seq, ack and data as typed.
pub(crate) fn alice_card(flags: (bool, bool), seq: &str, ack: &str, data: &str) -> Box<Card> {
    Box::new(Card {
        src_ip: "10.0.1.2".into(),
        dst_ip: "10.0.1.1".into(),
        src_port: "40000".into(),
        dst_port: "23".into(),
        syn: flags.0,
        ack_flag: flags.1,
        seq: seq.into(),
        ack: ack.into(),
        data: data.into(),
        ..Card::default()
    })
}

/// Alice's DNS question (ID `id`, RD set) for the address of red.game, from her port
/// `src_port` to port `dst_port` of the DNS server at 10.0.1.53.
pub(crate) fn alice_query(src_port: u16, dst_port: u16, id: u16) -> Box<Card> {
    Box::new(Card {
        kind: crate::card::CardKind::Udp,
        src_ip: "10.0.1.2".into(),
        dst_ip: "10.0.1.53".into(),
        src_port: format!("{src_port}"),
        dst_port: format!("{dst_port}"),
        dns_id: format!("{id}"),
        dns_rd: true,
        dns_qname: "red.game".into(),
        dns_qtype: "A".into(),
        dns_qclass: "IN".into(),
        ..Card::default()
    })
}

/// The original scenario with `goals`, no attacker, and team Red's first client, server
/// and router played by people: (world, client, server, router).
pub(crate) fn red_seats(goals: &[Goal]) -> (World, NodeId, NodeId, NodeId) {
    let mut scenario = Scenario::original();
    scenario.goals = goals.to_vec();
    let mut w = World::new(&scenario).expect("builds");
    w.set_attacker(false);
    let team = w.teams()[0].clone();
    for node in [team.clients[0], team.server, team.router] {
        w.act(
            Action::SetSeat {
                node,
                seat: Seat::Human,
            },
            Instant::ZERO,
        )
        .expect("seat");
    }
    (w, team.clients[0], team.server, team.router)
}

/// The desk's situation says `en`, in one clean line in both languages (a sentence split
/// across source lines must not carry the indentation into the banner).
pub(crate) fn says(task: &Task, en: &str) -> bool {
    let s = &task.situation;
    let clean = |t: &str| !t.contains("  ") && !t.contains('\n');
    s.en.contains(en)
        && twin_with_same_numbers(s)
        && clean(&s.en)
        && s.it.as_deref().is_some_and(clean)
}

/// A fresh client bot of Red (10.0.1.2) plays one turn in each of `rounds` in turn, at
/// time 0, told what a bot is told: its server 10.0.1.1:23, which listens on 23 and 80,
/// the next team's 10.0.2.1:23, the unknown 10.0.99.1. Its host, and each turn's moves.
pub(crate) fn bot_turns(rounds: &[Goal]) -> (Host, Vec<Moves>) {
    let mut bot = ClientBot::new();
    let mut host = Host::new(Ipv4Addr::new(10, 0, 1, 2), Config::default());
    let moves = rounds
        .iter()
        .map(|goal| {
            let ctx = ClientContext {
                goal: Some(*goal),
                name: "Alice",
                own_server: Endpoint::new(Ipv4Addr::new(10, 0, 1, 1), 23),
                across_server: Some(Endpoint::new(Ipv4Addr::new(10, 0, 2, 1), 23)),
                unknown: Ipv4Addr::new(10, 0, 99, 1),
                server_ports: &[23, 80],
                dns: None,
                vip: None,
            };
            client_turn(&mut bot, &mut host, ctx, Instant::ZERO)
        })
        .collect();
    (host, moves)
}

/// Plays `card` of `node` now: the referee's mistakes as (rule, why in English), empty
/// when the card was right.
pub(crate) fn write_card(w: &mut World, node: NodeId, card: Box<Card>) -> Vec<(String, String)> {
    let events = w
        .act(Action::WriteCard { node, card }, w.now())
        .expect("act");
    events
        .iter()
        .flat_map(|e| match &e.kind {
            EventKind::CardRejected { mistakes, .. } | EventKind::Verdict { mistakes, .. } => {
                mistakes
                    .iter()
                    .map(|m| (m.rfc.clone(), m.why.en.clone()))
                    .collect()
            }
            _ => Vec::new(),
        })
        .collect()
}

/// Advances `w` to what is due next until `done`, within two minutes of game time.
pub(crate) fn run_until(w: &mut World, done: impl Fn(&World) -> bool) {
    while !done(w) {
        let t = w.next_due().expect("something is due");
        assert!(t < Instant::from_secs(120), "never happened");
        w.advance(t);
    }
}
