//! Property tests of the world (game design §6): arbitrary action sequences — garbage
//! cards, wrong nodes, faults — at increasing times never panic, a card is never in two
//! places, and replaying the same actions gives identical events.

use std::collections::BTreeSet;

use proptest::prelude::*;
use tcpip_stack::addr::{Ipv4Addr, Prefix};
use tcpip_stack::card::{Card, CardKind, RouterChoice};
use tcpip_stack::fault::{Fault, FaultKind, FaultTarget};
use tcpip_stack::route::{NextHop, Route};
use tcpip_stack::scenario::Scenario;
use tcpip_stack::time::{Duration, Instant};
use tcpip_stack::world::{Action, CardId, Event, EventKind, NodeId, RouteEdit, Seat, World};

fn scenario(referee: &str, isn: &str, loss: u8) -> Scenario {
    let text = format!(
        r#"
name = "Props"
description = "Two small LANs."

[settings]
referee = "{referee}"
isn = "{isn}"
loss = {loss}
link_delay = 0.5
think_time = 0.7

[[teams]]
name = "Red"
lan = "10.0.1.0/24"
clients = ["Alice", "Ann"]

[[teams]]
name = "Blue"
lan = "10.0.2.0/24"
clients = ["Bob"]

[backbone]
prefix = "192.168.0.0/24"
links = [["Red", "Blue"]]
"#
    );
    Scenario::from_toml(&text).expect("valid scenario")
}

fn text() -> BoxedStrategy<String> {
    prop_oneof![
        Just(String::new()),
        Just("10.0.1.2".to_string()),
        Just("10.0.1.1".to_string()),
        Just("10.0.2.1".to_string()),
        Just("23".to_string()),
        Just("0".to_string()),
        Just("1".to_string()),
        Just("4294967295".to_string()),
        Just("-1".to_string()),
        ".{0,12}",
    ]
    .boxed()
}

fn card() -> BoxedStrategy<Card> {
    (
        (any::<bool>(), text(), text(), text(), text()),
        (
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
        ),
        (text(), text(), text(), text(), text(), text()),
    )
        .prop_map(
            |((icmp, src_ip, dst_ip, src_port, dst_port), (syn, ack_flag, fin, rst, psh), f)| {
                Card {
                    kind: if icmp { CardKind::Icmp } else { CardKind::Tcp },
                    src_ip,
                    dst_ip,
                    src_port,
                    dst_port,
                    syn,
                    ack_flag,
                    fin,
                    rst,
                    psh,
                    seq: f.0,
                    ack: f.1,
                    data: f.2,
                    ttl: f.3,
                    icmp_type: f.4,
                    icmp_code: f.5,
                    ..Card::default()
                }
            },
        )
        .boxed()
}

fn target() -> BoxedStrategy<FaultTarget> {
    prop_oneof![
        (0usize..3).prop_map(FaultTarget::Team),
        (0usize..3, 0usize..3).prop_map(|(team, client)| FaultTarget::Connection { team, client }),
        (0usize..3, 0usize..3).prop_map(|(team_a, team_b)| FaultTarget::Link { team_a, team_b }),
    ]
    .boxed()
}

fn fault_kind() -> BoxedStrategy<FaultKind> {
    prop_oneof![
        any::<bool>().prop_map(|matching| FaultKind::ForgedRst { matching }),
        any::<u8>().prop_map(|code| FaultKind::IcmpUnreachable { code }),
        (0u64..20).prop_map(|s| FaultKind::Delay {
            by: Duration::from_secs(s)
        }),
        Just(FaultKind::Drop),
        Just(FaultKind::Duplicate),
        Just(FaultKind::Reorder),
        Just(FaultKind::ServerPortClosed),
        Just(FaultKind::RouteRemoved {
            prefix: "10.0.2.0/24".parse().expect("prefix")
        }),
    ]
    .boxed()
}

fn choice() -> BoxedStrategy<RouterChoice> {
    prop_oneof![
        Just(RouterChoice::Deliver),
        any::<u32>().prop_map(|g| RouterChoice::Forward {
            gateway: Ipv4Addr::from(g)
        }),
        Just(RouterChoice::Forward {
            gateway: Ipv4Addr::new(192, 168, 0, 2)
        }),
        any::<u8>().prop_map(|code| RouterChoice::IcmpUnreachable { code }),
        Just(RouterChoice::IcmpTimeExceeded),
        Just(RouterChoice::Drop),
        Just(RouterChoice::Keep),
    ]
    .boxed()
}

fn action() -> BoxedStrategy<Action> {
    let node = (0u16..10).prop_map(NodeId);
    prop_oneof![
        (node.clone(), any::<bool>()).prop_map(|(node, human)| Action::SetSeat {
            node,
            seat: if human { Seat::Human } else { Seat::Bot },
        }),
        (node.clone(), card()).prop_map(|(node, card)| Action::WriteCard {
            node,
            card: Box::new(card),
        }),
        (node.clone(), 0u32..60, choice()).prop_map(|(node, c, choice)| Action::RouteCard {
            node,
            card: CardId(c),
            choice
        }),
        (
            node.clone(),
            any::<u32>(),
            0u8..=32,
            0usize..3,
            any::<bool>()
        )
            .prop_map(|(node, addr, len, iface, remove)| {
                let prefix = Prefix::new(Ipv4Addr::from(addr), len);
                let edit = if remove {
                    RouteEdit::Remove(prefix)
                } else {
                    RouteEdit::Add(Route {
                        prefix,
                        next_hop: NextHop::Gateway(Ipv4Addr::from(addr)),
                        iface,
                    })
                };
                Action::EditRoute { node, edit }
            }),
        node.prop_map(|node| Action::RequestHint { node }),
        (fault_kind(), target())
            .prop_map(|(kind, target)| Action::InjectFault(Fault { kind, target })),
    ]
    .boxed()
}

/// Plays the actions, each `dt` ms after the previous, then lets the game run a minute.
fn play(world: &mut World, ops: &[(u64, Action)]) -> Vec<Event> {
    let mut now = Instant::ZERO;
    let mut events = Vec::new();
    for (dt, action) in ops {
        now += Duration::from_millis(*dt);
        events.extend(world.advance(now));
        if let Ok(ev) = world.act(action.clone(), now) {
            events.extend(ev);
        }
    }
    events.extend(world.advance(now + Duration::from_secs(60)));
    events
}

/// Follows every card through the events: sent only when not on a link, arriving only
/// from a link. Then the views: each live card is in exactly one place.
fn check_one_place(world: &World, events: &[Event]) {
    let mut on_link = BTreeSet::new();
    for e in events {
        match &e.kind {
            EventKind::CardSent { card, .. } => {
                assert!(on_link.insert(*card), "card {card:?} sent while on a link");
            }
            EventKind::CardDuplicated { copy, .. } => {
                assert!(on_link.insert(*copy), "duplicate {copy:?} reuses a card id");
            }
            EventKind::CardArrived { card, .. } => {
                assert!(
                    on_link.remove(card),
                    "card {card:?} arrived without being sent"
                );
            }
            EventKind::CardDropped { card, .. } => {
                on_link.remove(card);
            }
            _ => {}
        }
    }
    let mut seen = BTreeSet::new();
    for f in world.flights_at(world.now()) {
        assert!(seen.insert(f.card), "card {:?} on two links", f.card);
        assert!(f.permille <= 1000);
    }
    for n in world.nodes() {
        for c in world.inbox(n.id) {
            assert!(seen.insert(c.card), "card {:?} in two places", c.card);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_actions_never_panic_and_replay_identically(
        ops in prop::collection::vec((0u64..4000, action()), 0..30),
        coach in any::<bool>(),
        random_isn in any::<bool>(),
        loss in prop_oneof![Just(0u8), Just(30u8)],
    ) {
        let s = scenario(
            if coach { "coach" } else { "real" },
            if random_isn { "random" } else { "zero" },
            loss,
        );
        let mut a = World::new(&s).expect("builds");
        let events = play(&mut a, &ops);
        check_one_place(&a, &events);
        let _ = a.pcap(tcpip_stack::world::PcapFilter::All);
        let _ = a.ladder_text();
        let mut b = World::new(&s).expect("builds");
        play(&mut b, &ops);
        prop_assert_eq!(a.log(), b.log());
    }
}
