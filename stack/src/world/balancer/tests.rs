use super::*;
use crate::addr::Endpoint;
use crate::scenario::Scenario;
use crate::time::Instant;
use crate::world::{Action, Event, EventKind, Seat};
use alloc::format;

const OWN: Ipv4Addr = Ipv4Addr::new(10, 0, 1, 80);
const RED_SERVER: Ipv4Addr = Ipv4Addr::new(10, 0, 1, 1);
const BLUE_SERVER: Ipv4Addr = Ipv4Addr::new(10, 0, 2, 1);

/// The shipped balancer game playing only round 11, with `referee`.
fn balanced(referee: &str) -> World {
    let text = Scenario::shipped()
        .into_iter()
        .find(|(f, _)| *f == "balancer.toml")
        .map(|(_, t)| t)
        .expect("shipped");
    let text = text
        .replace(
            "goals = [\"handshake\", \"data\", \"balance\"]",
            "goals = [\"balance\"]",
        )
        .replace("referee = \"coach\"", &format!("referee = \"{referee}\""));
    World::new(&Scenario::from_toml(&text).expect("valid")).expect("builds")
}

/// Every tunnel the balancer sent, as (client endpoint, the wrapped packet).
fn tunnels(w: &World) -> Vec<(Endpoint, Packet)> {
    w.log()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::CardSent { from, packet, .. } if Some(*from) == w.balancer() => match packet
            {
                Packet::Ipip { inner, .. } => match inner.as_ref() {
                    Packet::Tcp { seg, .. } => Some((seg.src, packet.clone())),
                    _ => None,
                },
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// RFC 2003 §3.1 and the LVS connection table: the bot wraps every card of a connection
/// for the same backend, takes the backends in turn for new connections, writes its own
/// address as the outer source, and leaves the inner datagram as it came.
#[test]
fn the_bot_takes_backends_in_turn_and_keeps_each_connection_on_one_rfc2003() {
    let mut w = balanced("coach");
    let arrived: Vec<Packet> = {
        run_until(&mut w, World::finished);
        w.log()
            .iter()
            .filter_map(|e| match &e.kind {
                EventKind::CardArrived { node, packet, .. } if Some(*node) == w.balancer() => {
                    Some(packet.clone())
                }
                _ => None,
            })
            .collect()
    };
    let sent = tunnels(&w);
    assert_eq!(
        sent.len(),
        arrived.len(),
        "every card for the VIP is wrapped"
    );
    for ((client, wrapped), came) in sent.iter().zip(&arrived) {
        let Packet::Ipip { outer, inner } = wrapped else {
            unreachable!()
        };
        assert_eq!(outer.src, OWN);
        assert_eq!(outer.meta.ttl, 64);
        assert_eq!(inner.as_ref(), came, "the inner datagram is untouched");
        let first = sent.iter().find(|(c, _)| c == client).map(|(_, p)| p.dst());
        assert_eq!(Some(outer.dst), first, "{client} stays on one backend");
    }
    let view = w.balancer_view(w.balancer().expect("a balancer"));
    let backends: Vec<Ipv4Addr> = view.flows.iter().map(|f| f.backend).collect();
    assert_eq!(backends, [RED_SERVER, BLUE_SERVER], "round robin");
}

/// The person at the balancer, with the first card for the VIP in the inbox.
fn at_the_balancer(referee: &str) -> (World, NodeId, CardId) {
    let mut w = balanced(referee);
    let lb = w.balancer().expect("a balancer");
    w.act(
        Action::SetSeat {
            node: lb,
            seat: Seat::Human,
        },
        Instant::ZERO,
    )
    .expect("seat");
    run_until(&mut w, |w| !w.inbox(lb).is_empty());
    let card = w.inbox(lb)[0].card;
    (w, lb, card)
}

fn choose(w: &mut World, lb: NodeId, card: CardId, choice: RouterChoice) -> Vec<Event> {
    w.act(
        Action::RouteCard {
            node: lb,
            card,
            choice,
        },
        w.now(),
    )
    .expect("act")
}

fn tunnel_of(w: &World, lb: NodeId, card: CardId, backend: Ipv4Addr) -> Tunnel {
    let inbox = w.inbox(lb);
    let packet = &inbox
        .iter()
        .find(|c| c.card == card)
        .expect("in the inbox")
        .packet;
    Tunnel::wrapping(OWN, backend, packet)
}

/// Coach mode: a tunnel with protocol 6 goes back to the desk, naming the protocol box;
/// the right one leaves wrapped for the router, and the balancer remembers the connection.
#[test]
fn coach_mode_sends_a_wrong_tunnel_back_and_lets_the_right_one_go() {
    let (mut w, lb, card) = at_the_balancer("coach");
    let right = tunnel_of(&w, lb, card, BLUE_SERVER);
    let wrong = Tunnel {
        protocol: 6,
        ..right
    };
    let events = choose(&mut w, lb, card, RouterChoice::Encapsulate(wrong));
    let fields: Vec<String> = events
        .iter()
        .flat_map(|e| match &e.kind {
            EventKind::CardRejected { mistakes, .. } => {
                mistakes.iter().map(|m| m.field.clone()).collect()
            }
            _ => Vec::new(),
        })
        .collect();
    assert_eq!(fields, ["protocol"]);
    assert_eq!(w.inbox(lb).len(), 1, "the card stays on the desk");
    let events = choose(&mut w, lb, card, RouterChoice::Encapsulate(right));
    assert!(events.iter().any(|e| matches!(
        &e.kind,
        EventKind::CardSent { packet: Packet::Ipip { outer, .. }, .. } if outer.dst == BLUE_SERVER
    )));
    let flows = w.balancer_view(lb).flows;
    assert_eq!(flows.len(), 1);
    assert_eq!(flows[0].backend, BLUE_SERVER);
}

/// Real mode lets a NAT'ed tunnel travel: the backend answers from its own address, which
/// the client's connection (to the VIP) does not know, and the client's stack answers
/// that SYN+ACK with a RST (RFC 9293 §3.10.7.1).
#[test]
fn real_mode_a_natted_tunnel_meets_the_clients_rst_rfc9293() {
    let (mut w, lb, card) = at_the_balancer("real");
    let right = tunnel_of(&w, lb, card, BLUE_SERVER);
    let natted = Tunnel {
        inner_dst: BLUE_SERVER,
        ..right
    };
    let events = choose(&mut w, lb, card, RouterChoice::Encapsulate(natted));
    assert!(events.iter().any(|e| matches!(
        &e.kind,
        EventKind::Verdict { mistakes, .. } if mistakes.iter().any(|m| m.field == "inner destination IP")
    )));
    assert!(w.inbox(lb).is_empty(), "the card left");
    let client = right_client(&w);
    run_until(&mut w, |w| {
        w.log().iter().any(|e| {
            matches!(
                &e.kind,
                EventKind::CardSent { from, packet: Packet::Tcp { seg, .. }, .. }
                    if *from == client && seg.flags.rst() && seg.dst.addr == BLUE_SERVER
            )
        })
    });
}

/// The client whose card the balancer wrapped first.
fn right_client(w: &World) -> NodeId {
    let (client, _) = tunnels(w)[0];
    w.nodes()
        .into_iter()
        .find(|n| n.addr == client.addr)
        .map(|n| n.id)
        .expect("a client")
}

/// Delivering a card for the VIP is not the balancer's move: the referee says why, in
/// the role's words, and real mode loses the card.
#[test]
fn delivering_a_vip_card_is_wrong_in_the_balancers_words() {
    let (mut w, lb, card) = at_the_balancer("real");
    let events = choose(&mut w, lb, card, RouterChoice::Deliver);
    let why: Vec<&str> = events
        .iter()
        .flat_map(|e| match &e.kind {
            EventKind::Verdict { mistakes, .. } => {
                mistakes.iter().map(|m| m.why.en.as_str()).collect()
            }
            _ => Vec::new(),
        })
        .collect();
    assert_eq!(why.len(), 1);
    assert!(
        why[0].contains("A balancer does not deliver or forward the card"),
        "{why:?}"
    );
    assert!(
        events
            .iter()
            .any(|e| matches!(e.kind, EventKind::CardDropped { .. }))
    );
}

/// The balancer's desk says whose move it is, and its hint is the bot's tunnel.
#[test]
fn the_balancers_desk_and_hint_name_the_tunnel() {
    let (mut w, lb, _) = at_the_balancer("coach");
    let task = w.task(lb).expect("a task");
    assert!(task.your_move && task.situation.en.contains("wrap the card from 10.0.1.2"));
    let hint = crate::world::fixtures::hint(&mut w, lb);
    assert_eq!(
        hint.en,
        "encapsulate: outer 10.0.1.80 → 10.0.1.1 protocol 4 TTL 64, inner to 10.0.1.100 TTL 64"
    );
    assert!(
        hint.it
            .is_some_and(|it| it.starts_with("incapsula: esterno 10.0.1.80"))
    );
}

use crate::world::fixtures::run_until;

/// A wrong tunnel is the balancer's own card: coach mode's ladder draws the one sent back
/// and real mode's debrief shows the one that left, both with the outer and the inner
/// header (RFC 2003 §3).
#[test]
fn the_ladder_and_the_debrief_show_a_wrong_tunnel_with_both_headers() {
    let (mut w, lb, card) = at_the_balancer("coach");
    let wrong = Tunnel {
        inner_ttl: 63,
        ..tunnel_of(&w, lb, card, RED_SERVER)
    };
    choose(&mut w, lb, card, RouterChoice::Encapsulate(wrong));
    let ladder = w.ladder_text();
    assert!(
        ladder.contains("10.0.1.80 → 10.0.1.1 IPIP [S seq 0 len 0]"),
        "{ladder}"
    );

    let (mut w, lb, card) = at_the_balancer("real");
    choose(&mut w, lb, card, RouterChoice::Encapsulate(wrong));
    let debrief = w.debrief();
    let group = debrief
        .mistakes
        .iter()
        .find(|g| g.field == "inner TTL")
        .expect("the inner TTL counted");
    let example = group
        .example
        .card
        .as_ref()
        .expect("the tunnel as its example");
    assert_eq!(example.from, lb);
    assert_eq!(example.label(), "10.0.1.80 → 10.0.1.1 IPIP [S seq 0 len 0]");
}

/// The instructor's faults work on a tunnelled card as on any card: duplicated on its way
/// out of the balancer (the balancer is Red's), both copies reach the backend wrapped.
#[test]
fn a_fault_duplicates_a_tunnelled_card_like_any_card() {
    use crate::fault::{Fault, FaultKind, FaultTarget};
    let (mut w, lb, card) = at_the_balancer("coach");
    let fault = Fault {
        kind: FaultKind::Duplicate,
        target: FaultTarget::Team(0),
    };
    w.act(Action::InjectFault(fault), w.now()).expect("fault");
    let right = tunnel_of(&w, lb, card, RED_SERVER);
    let events = choose(&mut w, lb, card, RouterChoice::Encapsulate(right));
    let copy = events
        .iter()
        .find_map(|e| match e.kind {
            EventKind::CardDuplicated { card: c, copy } if c == card => Some(copy),
            _ => None,
        })
        .expect("the tunnel was duplicated");
    let server = w.teams()[0].server;
    run_until(&mut w, |w| {
        let arrived = |id| {
            w.log().iter().any(|e| {
                matches!(
                    &e.kind,
                    EventKind::CardArrived { card, node, packet: Packet::Ipip { .. } }
                        if *card == id && *node == server
                )
            })
        };
        arrived(card) && arrived(copy)
    });
}

/// Real mode: the balancer answers a card for the VIP with an ICMP error as a router
/// answers one (RFC 792): from its own address, quoting the card, back to the client
/// through its router/switch — wrong in the role's words, but carried out.
#[test]
fn real_mode_the_balancers_icmp_error_goes_back_to_the_client_rfc792() {
    let (mut w, lb, card) = at_the_balancer("real");
    let client = w.inbox(lb)[0].packet.src();
    let events = choose(&mut w, lb, card, RouterChoice::IcmpUnreachable { code: 1 });
    let sent = events.iter().find_map(|e| match &e.kind {
        EventKind::IcmpSent { node, packet, .. } if *node == lb => Some(packet.clone()),
        _ => None,
    });
    let Some(Packet::Icmp { src, dst, msg, .. }) = sent else {
        panic!("no ICMP error from the balancer: {events:?}");
    };
    assert_eq!((src, dst), (OWN, client));
    assert_eq!(msg.code(), 1);
    assert!(w.inbox(lb).is_empty(), "the card was answered");
}
