//! Scenario transcripts: for each of seed 000's seven rounds, the events of a small game
//! contain the expected sequence; plus a coach-mode human card with a wrong ack, and the
//! forged RSTs of round 4 in real mode (RFC 5961 §3.2).

use tcpip_stack::card::Card;
use tcpip_stack::fault::{Fault, FaultKind, FaultTarget};
use tcpip_stack::host::HostEvent;
use tcpip_stack::scenario::Scenario;
use tcpip_stack::score::Goal;
use tcpip_stack::tcp::{State, TcpError};
use tcpip_stack::time::{Duration, Instant};
use tcpip_stack::wire::Packet;
use tcpip_stack::world::{Action, Event, EventKind, Seat, World};

const TWO_LANS: &str = r#"
name = "Two LANs"
description = "Red and Blue, one client each, all seven rounds."
goals = ["handshake", "data", "refused", "forged_rst", "no_route", "across_lans", "goodbye"]

[settings]
link_delay = 0.5
think_time = 0.5

[[teams]]
name = "Red"
lan = "10.0.1.0/24"
clients = ["Alice"]

[[teams]]
name = "Blue"
lan = "10.0.2.0/24"
clients = ["Bob"]

[backbone]
prefix = "192.168.0.0/24"
links = [["Red", "Blue"]]
"#;

fn one_lan(referee: &str, isn: &str, goals: &str) -> Scenario {
    let text = format!(
        r#"
name = "One LAN"
description = "Red alone."
goals = [{goals}]

[settings]
referee = "{referee}"
isn = "{isn}"
link_delay = 0.5
think_time = 0.5

[[teams]]
name = "Red"
lan = "10.0.1.0/24"
clients = ["Alice"]
"#
    );
    Scenario::from_toml(&text).expect("valid scenario")
}

/// A short line per event, the way the transcript assertions are written.
fn label(w: &World, e: &Event) -> String {
    let name = |n| w.node_view(n).map(|v| v.name).unwrap_or_default();
    match &e.kind {
        EventKind::CardSent {
            from,
            packet: Packet::Tcp { seg, .. },
            forged,
            ..
        } => format!(
            "sent {} {}{}",
            name(*from),
            seg.flags.tcpdump(),
            if *forged { " forged" } else { "" }
        ),
        EventKind::RouterDecision { node, decision, .. } => {
            format!("router {}: {decision}", name(*node))
        }
        EventKind::IcmpSent { node, .. } => format!("icmp from {}", name(*node)),
        EventKind::Host {
            node,
            event: HostEvent::StateChanged { from, to, .. },
        } => format!("{} {}->{}", name(*node), from.name(), to.name()),
        EventKind::Host {
            node,
            event: HostEvent::Error { error, .. },
        } => format!("{} error {error:?}", name(*node)),
        EventKind::Host {
            node,
            event: HostEvent::SegmentIgnored { .. },
        } => format!("{} ignored", name(*node)),
        EventKind::Host {
            node,
            event: HostEvent::Replied { .. },
        } => format!("{} replied", name(*node)),
        EventKind::GoalReached { team, goal } => {
            format!("goal {} {}", w.teams()[*team].name, goal.key())
        }
        EventKind::BotMove { node, text } => format!("bot {}: {text}", name(*node)),
        EventKind::CardRejected { node, mistakes, .. } => {
            let fields: Vec<&str> = mistakes.iter().map(|m| m.field.as_str()).collect();
            format!("rejected {} [{}]", name(*node), fields.join(","))
        }
        EventKind::FaultInjected { kind, .. } => format!("fault {kind}"),
        other => format!("{other:?}").chars().take(40).collect(),
    }
}

/// Asserts that `wanted` appear in `labels` in this order (each a prefix of a label).
fn assert_in_order(labels: &[String], wanted: &[&str]) {
    let mut at = 0;
    for w in wanted {
        match labels[at..].iter().position(|l| l.starts_with(w)) {
            Some(i) => at += i + 1,
            None => panic!(
                "missing \"{w}\" after position {at} in the transcript:\n{}",
                labels.join("\n")
            ),
        }
    }
}

fn autoplay(w: &mut World, limit: Instant) {
    while let Some(t) = w.next_due() {
        if t > limit || w.finished() {
            break;
        }
        w.advance(t);
    }
}

fn two_lans_transcript() -> Vec<String> {
    let scenario = Scenario::from_toml(TWO_LANS).expect("valid scenario");
    let mut w = World::new(&scenario).expect("builds");
    autoplay(&mut w, Instant::from_secs(600));
    assert!(w.finished(), "not finished at {}", w.now());
    w.log().iter().map(|e| label(&w, e)).collect()
}

/// Seed 000 round 1 / RFC 9293 §3.5: SYN → SYN/ACK → ACK, through the router/switch.
#[test]
fn round_1_handshake_rfc_9293_3_5() {
    assert_in_order(
        &two_lans_transcript(),
        &[
            "bot Alice: connect",
            "Alice CLOSED->SYN-SENT",
            "sent Alice S",
            "router Red router: hand over inside the LAN to 10.0.1.1, as a switch does (TTL stays 64)",
            "Red server LISTEN->SYN-RECEIVED",
            "sent Red server S.",
            "Alice SYN-SENT->ESTABLISHED",
            "sent Alice .",
            "Red server SYN-RECEIVED->ESTABLISHED",
            "goal Red handshake",
        ],
    );
}

/// Seed 000 round 2 / RFC 9293 §3.4: "my name is …", acknowledged with seq + bytes.
#[test]
fn round_2_data_is_acknowledged_rfc_9293_3_4() {
    assert_in_order(
        &two_lans_transcript(),
        &[
            "goal Red handshake",
            "bot Alice: send \"my name is Alice\"",
            "sent Alice P.",
            "sent Red server .",
            "goal Red data",
        ],
    );
}

/// Seed 000 round 3 / RFC 9293 §3.10.7.1: a SYN to a closed port gets a RST.
#[test]
fn round_3_connection_refused_rfc_9293_3_10_7_1() {
    assert_in_order(
        &two_lans_transcript(),
        &[
            "goal Red data",
            "bot Alice: connect from port 40001 to 10.0.1.1:80",
            "sent Alice S",
            "sent Red server R.",
            "Alice error ConnectionRefused",
            "goal Red refused",
        ],
    );
}

/// Seed 000 round 4 / RFC 5961 §3.2: the attacker's RST misses the window and is ignored.
#[test]
fn round_4_forged_rst_is_ignored_rfc_5961_3_2() {
    assert_in_order(
        &two_lans_transcript(),
        &[
            "goal Red refused",
            "fault forged RST (numbers not matching)",
            "sent Red router R. forged",
            "goal Red forged_rst",
        ],
    );
}

/// Seed 000 round 5 / RFC 1812 §5.2.7.1: no route ⇒ ICMP network unreachable.
#[test]
fn round_5_no_route_gives_icmp_rfc_1812_5_2_7_1() {
    assert_in_order(
        &two_lans_transcript(),
        &[
            "goal Red forged_rst",
            "bot Alice: connect from port 40002 to 10.0.99.1:23",
            "router Red router: no line of the routing table matches 10.0.99.1",
            "icmp from Red router",
            "goal Red no_route",
        ],
    );
}

/// Seed 000 round 6: routes on the backbone, then a handshake with the other team.
#[test]
fn round_6_handshake_across_lans_seed_000() {
    assert_in_order(
        &two_lans_transcript(),
        &[
            "goal Red no_route",
            "bot Alice: connect from port 40003 to 10.0.2.1:23",
            "bot Red router: add route 10.0.2.0/24 via 192.168.0.2",
            "router Red router: forward to the router 192.168.0.2",
            "router Blue router: deliver on the LAN to 10.0.2.1 (TTL now 62)",
            "Blue server SYN-RECEIVED->ESTABLISHED",
            "goal Red across_lans",
        ],
    );
}

/// Seed 000 round 7 / RFC 9293 §3.6: FIN, ACK, FIN, ACK and 2×MSL of TIME-WAIT.
#[test]
fn round_7_goodbye_through_time_wait_rfc_9293_3_6() {
    assert_in_order(
        &two_lans_transcript(),
        &[
            "goal Red across_lans",
            "Alice ESTABLISHED->FIN-WAIT-1",
            "sent Alice F.",
            "Red server ESTABLISHED->CLOSE-WAIT",
            "Red server CLOSE-WAIT->LAST-ACK",
            "Alice FIN-WAIT-1->FIN-WAIT-2",
            "Alice FIN-WAIT-2->TIME-WAIT",
            "Red server LAST-ACK->CLOSED",
            "Alice TIME-WAIT->CLOSED",
            "goal Red goodbye",
        ],
    );
}

fn card(flags: &str, seq: &str, ack: &str) -> Card {
    Card {
        src_ip: "10.0.1.2".into(),
        dst_ip: "10.0.1.1".into(),
        src_port: "40000".into(),
        dst_port: "23".into(),
        syn: flags.contains('S'),
        ack_flag: flags.contains('A'),
        seq: seq.into(),
        ack: ack.into(),
        ..Card::default()
    }
}

/// Game design §3, coach mode: a card with a wrong ack goes back to its writer with the
/// `ack` mistake (RFC 9293 §3.4: ack = their seq + 1 for a SYN) and counts in the race.
#[test]
fn coach_mode_returns_a_wrong_ack_rfc_9293_3_4() {
    let mut w = World::new(&one_lan("coach", "zero", r#""handshake""#)).expect("builds");
    let alice = w.node_by_name("Alice").expect("Alice");
    w.act(
        Action::SetSeat {
            node: alice,
            seat: Seat::Human,
        },
        Instant::ZERO,
    )
    .expect("seat");
    let sent = w.act(
        Action::WriteCard {
            node: alice,
            card: Box::new(card("S", "0", "")),
        },
        Instant::ZERO,
    );
    assert!(
        sent.expect("valid action")
            .iter()
            .any(|e| matches!(e.kind, EventKind::CardSent { .. }))
    );
    // Wait for the SYN/ACK on Alice's desk.
    let mut t = Instant::ZERO;
    while w.inbox(alice).is_empty() {
        t = w.next_due().expect("something is due");
        w.advance(t);
        assert!(t < Instant::from_secs(60), "no SYN/ACK came");
    }
    let wrong = w
        .act(
            Action::WriteCard {
                node: alice,
                card: Box::new(card("A", "1", "5")),
            },
            t,
        )
        .expect("valid action");
    let rejected = wrong.iter().find_map(|e| match &e.kind {
        EventKind::CardRejected { mistakes, .. } => Some(mistakes.clone()),
        _ => None,
    });
    let mistakes = rejected.expect("the card is returned");
    assert!(mistakes.iter().any(|m| m.field == "ack"), "{mistakes:?}");
    assert!(
        !wrong
            .iter()
            .any(|e| matches!(e.kind, EventKind::CardSent { .. }))
    );
    assert_eq!(w.race().leaderboard()[0].mistakes, 1);
    let right = w
        .act(
            Action::WriteCard {
                node: alice,
                card: Box::new(card("A", "1", "1")),
            },
            t,
        )
        .expect("valid action");
    assert!(
        right
            .iter()
            .any(|e| matches!(e.kind, EventKind::CardSent { .. }))
    );
    autoplay(&mut w, t + Duration::from_secs(30));
    assert!(w.race().reached(0, Goal::Handshake).is_some());
}

/// Seed 000 round 4 in real mode with random ISNs (RFC 9293 §3.4.1): a RST that does not
/// match is ignored and the connection stays ESTABLISHED; one that matches RCV.NXT
/// exactly resets it (RFC 5961 §3.2).
#[test]
fn real_mode_forged_rst_ignored_then_reset_rfc_5961_3_2() {
    let mut w =
        World::new(&one_lan("real", "random", r#""handshake", "forged_rst""#)).expect("builds");
    w.set_attacker(false);
    let alice = w.node_by_name("Alice").expect("Alice");
    while w.race().reached(0, Goal::Handshake).is_none() {
        let t = w.next_due().expect("due");
        assert!(t < Instant::from_secs(60), "no handshake");
        w.advance(t);
    }
    let now = w.now();
    let forge = |matching| {
        Action::InjectFault(Fault {
            kind: FaultKind::ForgedRst { matching },
            target: FaultTarget::Team(0),
        })
    };
    let mut events = w.act(forge(false), now).expect("valid fault");
    events.extend(w.advance(now + Duration::from_secs(2)));
    let labels: Vec<String> = events.iter().map(|e| label(&w, e)).collect();
    assert_in_order(
        &labels,
        &["sent Red router R. forged", "goal Red forged_rst"],
    );
    assert_eq!(w.connections(alice)[0].state, State::Established);

    let now = w.now();
    let mut events = w.act(forge(true), now).expect("valid fault");
    events.extend(w.advance(now + Duration::from_secs(2)));
    let reset = events.iter().any(|e| {
        matches!(&e.kind, EventKind::Host { node, event: HostEvent::Error { error: TcpError::ConnectionReset, .. } } if *node == alice)
    });
    assert!(reset, "the matching RST must reset the connection");
    assert!(
        w.connections(alice)
            .iter()
            .all(|c| c.state != State::Established)
    );
}
