//! Test fixtures shared by the world's round tests: Red's LAN alone (Alice and the telnet
//! server) and the cards Alice writes to it.

use alloc::boxed::Box;
use alloc::format;

use crate::card::Card;
use crate::scenario::Scenario;
use crate::time::Instant;
use crate::world::{Action, NodeId, Seat, World};

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
