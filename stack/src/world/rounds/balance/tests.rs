use super::*;
use crate::card::Card;
use crate::scenario::Scenario;
use crate::time::Instant;
use crate::wire::Packet;
use crate::world::fixtures::{run_until, says, write_card};
use crate::world::{Action, NodeId, Seat};
use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;

/// The shipped balancer game playing only round 11 in coach mode, with Bob (Blue's
/// client) and, when asked, Blue's server played by people.
fn bob_plays(server_too: bool) -> (World, NodeId, NodeId) {
    let text = Scenario::shipped()
        .into_iter()
        .find(|(f, _)| *f == "balancer.toml")
        .map(|(_, t)| t)
        .expect("shipped")
        .replace(
            "goals = [\"handshake\", \"data\", \"balance\"]",
            "goals = [\"balance\"]",
        );
    let mut w = World::new(&Scenario::from_toml(&text).expect("valid")).expect("builds");
    let (bob, server) = (w.teams()[1].clients[0], w.teams()[1].server);
    let mut seats = alloc::vec![bob];
    if server_too {
        seats.push(server);
    }
    for node in seats {
        let seat = Action::SetSeat {
            node,
            seat: Seat::Human,
        };
        w.act(seat, Instant::ZERO).expect("seat");
    }
    (w, bob, server)
}

fn bob_syn(dst: &str) -> Box<Card> {
    Box::new(crate::world::syn_card("10.0.2.2", 40001, dst, 23))
}

/// Seeds 000/001, round 11: Bob's desk names the VIP; a SYN to a backend's own address is
/// wrong in the round's words, naming the backend; the SYN to the VIP is right.
#[test]
fn a_syn_to_a_backend_instead_of_the_vip_is_wrong_in_the_rounds_words() {
    let (mut w, bob, _) = bob_plays(false);
    let t = w.task(bob).expect("task");
    assert_eq!(t.round, Some(Goal::Balance));
    assert!(
        t.your_move && says(&t, "open the connection to 10.0.1.100:23 with a SYN"),
        "{t:?}"
    );
    let mistakes = write_card(&mut w, bob, bob_syn("10.0.2.1"));
    assert_eq!(mistakes.len(), 1, "{mistakes:?}");
    let (rule, why) = &mistakes[0];
    assert_eq!(rule, "RFC 2003 §3, seeds 000/001");
    assert!(
        why.contains("10.0.2.1 is Blue server, one of the backends behind the balancer"),
        "{why}"
    );
    assert!(write_card(&mut w, bob, bob_syn("10.0.1.100")).is_empty());
}

/// The person at Blue's server sees the tunnelled SYN as it arrived, and answers it from
/// the VIP: a SYN+ACK from the server's own address is wrong because the client knows
/// only the VIP (RFC 9293 §3.10.7.3); from the VIP it is right, and the round is reached.
#[test]
fn the_backend_answers_from_the_vip_rfc9293() {
    let (mut w, bob, server) = bob_plays(true);
    assert!(write_card(&mut w, bob, bob_syn("10.0.1.100")).is_empty());
    // Alice's bot connects too and reaches the balancer first (on its LAN): her
    // connection takes Red, the first in turn, and Bob's takes Blue, the next.
    run_until(&mut w, |w| {
        w.inbox(server)
            .iter()
            .any(|c| matches!(c.packet, Packet::Ipip { .. }))
    });
    let tunnelled = w.inbox(server)[0].packet.clone();
    let Packet::Ipip { outer, inner } = &tunnelled else {
        panic!("a tunnel: {tunnelled:?}");
    };
    assert_eq!(
        (outer.src, outer.dst),
        ("10.0.1.80".parse().unwrap(), "10.0.2.1".parse().unwrap())
    );
    let reply = |src: &str| {
        let mut card = Card::reply_to(&tunnelled);
        card.src_ip = String::from(src);
        card.syn = true;
        card.ack_flag = true;
        card.seq = "0".into();
        card.ack = "1".into();
        Box::new(card)
    };
    assert_eq!(Card::reply_to(&tunnelled).src_ip, "10.0.1.100");
    assert_eq!(
        inner.dst(),
        "10.0.1.100".parse::<crate::addr::Ipv4Addr>().unwrap()
    );
    let mistakes: Vec<(String, String)> = write_card(&mut w, server, reply("10.0.2.1"));
    assert_eq!(mistakes.len(), 1, "{mistakes:?}");
    assert_eq!(mistakes[0].0, "RFC 9293 §3.10.7.3");
    assert!(
        mistakes[0].1.contains("it knows only that address"),
        "{}",
        mistakes[0].1
    );
    assert!(write_card(&mut w, server, reply("10.0.1.100")).is_empty());
    assert!(
        w.inbox(server).is_empty(),
        "the answered tunnel leaves the desk"
    );
    run_until(&mut w, |w| !w.inbox(bob).is_empty());
    let ack = Box::new(Card {
        syn: false,
        ack_flag: true,
        seq: "1".into(),
        ack: "1".into(),
        ..*bob_syn("10.0.1.100")
    });
    assert!(write_card(&mut w, bob, ack).is_empty());
    run_until(&mut w, |w| w.race().reached(1, Goal::Balance).is_some());
}
