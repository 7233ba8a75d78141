//! Unit tests of the world: the whole original game autoplayed, determinism, the
//! "every card goes first to the router" rule, and refused actions.

use super::*;
use crate::card::Card;
use crate::wire::{Packet, pcap_records};
use alloc::boxed::Box;
use alloc::string::ToString;

/// Runs the bots until every goal is reached or `limit` passes.
fn autoplay(world: &mut World, limit: Instant) {
    while let Some(t) = world.next_due() {
        if t > limit || world.finished() {
            break;
        }
        world.advance(t);
    }
}

fn original() -> World {
    World::new(&Scenario::original()).expect("the shipped scenario builds")
}

/// Seed 000: the bots play all seven rounds of the original game, in order, per team.
#[test]
fn bots_play_the_seven_rounds_of_seed_000() {
    let mut w = original();
    autoplay(&mut w, Instant::from_secs(600));
    assert!(w.finished(), "not finished at {}", w.now());
    for team in 0..w.teams().len() {
        let times: Vec<Instant> = w
            .goals()
            .iter()
            .map(|g| w.race().reached(team, *g).expect("reached"))
            .collect();
        assert!(
            times.windows(2).all(|p| p[0] <= p[1]),
            "rounds out of order: {times:?}"
        );
    }
    assert!(w.race().leaderboard().iter().all(|s| s.mistakes == 0));
}

/// Game design §3: same scenario and same actions at the same times ⇒ identical events.
#[test]
fn replay_gives_identical_events() {
    let mut a = original();
    let mut b = original();
    autoplay(&mut a, Instant::from_secs(200));
    autoplay(&mut b, Instant::from_secs(200));
    assert!(!a.log().is_empty());
    assert_eq!(a.log(), b.log());
    assert_eq!(a.pcap(PcapFilter::All), b.pcap(PcapFilter::All));
}

/// Seed 000: "every packet must go firstly to the router switch".
#[test]
fn every_host_card_goes_first_to_its_router_seed_000() {
    let mut w = original();
    autoplay(&mut w, Instant::from_secs(600));
    let mut checked = 0;
    for e in w.log() {
        if let EventKind::CardSent { from, to, .. } = &e.kind {
            let from = w.node_view(*from).expect("node");
            if from.kind != NodeKind::Router {
                let router = w.teams()[from.team].router;
                assert_eq!(*to, router, "{} sent a card past its router", from.name);
                checked += 1;
            }
        }
    }
    assert!(checked > 20);
}

/// The pcap holds every delivered packet once, readable back (libpcap, link type 101).
#[test]
fn pcap_of_the_game_reads_back() {
    let mut w = original();
    autoplay(&mut w, Instant::from_secs(600));
    let all = pcap_records(&w.pcap(PcapFilter::All)).expect("valid pcap");
    let router = pcap_records(&w.pcap(PcapFilter::Node(NodeId(0)))).expect("valid pcap");
    let team = pcap_records(&w.pcap(PcapFilter::Team(0))).expect("valid pcap");
    assert!(all.len() > 30);
    assert!(team.len() < all.len() && !team.is_empty());
    // A router sees each card it forwards twice: in, and out with the TTL one lower.
    assert!(router.len() > team.len());
    assert!(
        all.windows(2).all(|p| p[0].0 <= p[1].0),
        "records in time order"
    );
}

/// Refused actions change nothing and say why in a sentence.
#[test]
fn invalid_actions_are_refused_without_a_change() {
    let mut w = original();
    autoplay(&mut w, Instant::from_secs(10));
    let before = w.log().len();
    let alice = w.node_by_name("Red client 1").expect("client");
    let err = w
        .act(
            Action::WriteCard {
                node: alice,
                card: alloc::boxed::Box::default(),
            },
            w.now(),
        )
        .expect_err("bot seat");
    assert!(err.message.contains("bot"), "{err}");
    let err = w
        .act(Action::RequestHint { node: NodeId(999) }, w.now())
        .expect_err("no node");
    assert!(err.message.contains("no node"), "{err}");
    let err = w
        .act(Action::RequestHint { node: alice }, Instant::ZERO)
        .expect_err("time went back");
    assert!(err.message.contains("earlier"), "{err}");
    let err = w
        .act(
            Action::InjectFault(Fault {
                kind: crate::fault::FaultKind::Drop,
                target: FaultTarget::Team(7),
            }),
            w.now(),
        )
        .expect_err("no team 7");
    assert!(err.message.contains("no team 7"), "{err}");
    assert_eq!(w.log().len(), before);
}

/// Round 6 over a chain (seed 000: "one connected with two, and two connected with
/// three"): the router bots route along the backbone links, so a card between the ends
/// of the chain crosses the middle router.
#[test]
fn routes_follow_the_backbone_chain_seed_000() {
    let (_, text) = Scenario::shipped()
        .into_iter()
        .find(|(name, _)| name.contains("chain"))
        .expect("chain scenario shipped");
    let scenario = Scenario::from_toml(text).expect("valid");
    let mut w = World::new(&scenario).expect("builds");
    autoplay(&mut w, Instant::from_secs(900));
    assert!(w.finished(), "not finished at {}", w.now());
    let routers: Vec<NodeId> = w.teams().iter().map(|t| t.router).collect();
    let router_to_router = w.log().iter().any(|e| {
        matches!(&e.kind, EventKind::CardSent { from, to, .. }
            if routers.contains(from) && routers.contains(to))
    });
    assert!(router_to_router);
}

/// RFC 6298 §2.1 scaled to the board (see `topology::host_config`): no bot retransmits
/// in a loss-free game, while the lossy scenario repairs its losses by retransmitting.
#[test]
fn retransmissions_only_repair_losses_rfc_6298() {
    let mut w = original();
    autoplay(&mut w, Instant::from_secs(600));
    let mut seen = alloc::collections::BTreeSet::new();
    for e in w.log() {
        if let EventKind::CardSent {
            from,
            packet: crate::wire::Packet::Tcp { seg, .. },
            ..
        } = &e.kind
        {
            // A pure ACK takes no sequence number: repeating one is not a retransmission.
            let host = w
                .node_view(*from)
                .is_some_and(|n| n.kind != NodeKind::Router);
            if host && seg.seg_len() > 0 {
                let key = (seg.src, seg.dst, seg.seq, seg.flags.0, seg.payload.len());
                assert!(seen.insert(key), "retransmitted without a loss: {seg}");
            }
        }
    }
    let lossy = Scenario::shipped()
        .into_iter()
        .find(|(name, _)| name.contains("lossy"))
        .map(|(_, text)| Scenario::from_toml(text).expect("valid"))
        .expect("lossy scenario shipped");
    let mut w = World::new(&lossy).expect("builds");
    autoplay(&mut w, Instant::from_secs(3600));
    assert!(w.finished(), "lossy game not finished at {}", w.now());
    let lost = w
        .log()
        .iter()
        .filter(
            |e| matches!(&e.kind, EventKind::CardDropped { reason, .. } if reason.en.contains("lost")),
        )
        .count();
    assert!(lost > 0, "the lossy scenario lost nothing");
}

/// A TCP card as a person writes it.
fn written(src: &str, sport: u16, dst: &str, dport: u16, syn: bool, ack: Option<u32>) -> Card {
    Card {
        src_ip: src.into(),
        dst_ip: dst.into(),
        src_port: sport.to_string(),
        dst_port: dport.to_string(),
        syn,
        ack_flag: ack.is_some(),
        seq: "0".into(),
        ack: ack.map(|a| a.to_string()).unwrap_or_default(),
        ..Card::default()
    }
}

/// Seed 000/001: two clients open connections to the same server ("two different
/// connections … every connection has its own stream"); the person playing the server
/// answers one, and the other client's SYN is still on the desk to answer next.
#[test]
fn answering_one_client_leaves_the_other_clients_card_on_the_desk() {
    let mut w = original();
    let red = w.teams()[0].clone();
    let (alice, bob, server) = (red.clients[0], red.clients[1], red.server);
    let mut now = Instant::ZERO;
    for node in [alice, bob, server] {
        w.act(
            Action::SetSeat {
                node,
                seat: Seat::Human,
            },
            now,
        )
        .expect("seat");
    }
    for (node, ip) in [(alice, "10.0.1.2"), (bob, "10.0.1.3")] {
        let syn = written(ip, 40000, "10.0.1.1", 23, true, None);
        w.act(
            Action::WriteCard {
                node,
                card: Box::new(syn),
            },
            now,
        )
        .expect("SYN");
    }
    while w.inbox(server).len() < 2 {
        now = w.next_due().expect("the SYNs are on their way");
        w.advance(now);
    }
    let reply = written("10.0.1.1", 23, "10.0.1.2", 40000, true, Some(1));
    let events = w.act(
        Action::WriteCard {
            node: server,
            card: Box::new(reply),
        },
        now,
    );
    let events = events.expect("the SYN+ACK to Alice is accepted");
    assert!(
        events
            .iter()
            .any(|e| matches!(&e.kind, EventKind::Verdict { mistakes, .. } if mistakes.is_empty())),
        "{events:?}"
    );
    let left: Vec<Packet> = w.inbox(server).into_iter().map(|c| c.packet).collect();
    assert_eq!(left.len(), 1, "{left:?}");
    assert!(
        matches!(&left[0], Packet::Tcp { seg, .. } if seg.src.addr == Ipv4Addr::new(10, 0, 1, 3))
    );
}

/// Seed 000's race is between people: a seat taken and given back leaves no mark (an
/// instructor moving students around), but once a person makes a move for the last team on
/// the leaderboard (here: asks a hint), it ranks first although the bot teams are ahead, and
/// it stays marked after the person hands the seat back to a bot.
#[test]
fn a_team_with_a_person_leads_the_bot_teams() {
    let mut w = original();
    autoplay(&mut w, Instant::from_secs(30));
    let before = w.race().leaderboard();
    let last = before.last().expect("teams").team;
    assert_ne!(before[0].team, last);
    let server = w.teams()[last].server;
    let now = w.now();
    let seat = |w: &mut World, seat| {
        w.act(Action::SetSeat { node: server, seat }, now)
            .expect("seat");
    };
    seat(&mut w, Seat::Human);
    seat(&mut w, Seat::Bot);
    assert_eq!(w.race().leaderboard(), before, "a seat alone is not a move");
    seat(&mut w, Seat::Human);
    w.act(Action::RequestHint { node: server }, now)
        .expect("hint");
    seat(&mut w, Seat::Bot);
    let board = w.race().leaderboard();
    assert_eq!(board[0].team, last);
    assert!(board[0].played);
    assert!(board[1..].iter().all(|s| !s.played));
}

/// Seed 000 rounds 3, 5 and 7: a connection that is refused, given up or closed stays on the
/// desk as CLOSED with why, and with the transition that closed it (RFC 9293 §3.10.7.1,
/// §3.10.7.4, §3.6), instead of vanishing.
#[test]
fn ended_connections_stay_listed_with_why_rfc9293_3_10_7_1() {
    let mut w = original();
    autoplay(&mut w, Instant::from_secs(600));
    let alice = w.teams()[0].clients[0];
    let ended = w.ended_connections(alice);
    assert!(!ended.is_empty() && ended.len() <= crate::host::ENDED_LIMIT);
    assert!(
        ended
            .iter()
            .all(|e| e.view.state == crate::tcp::State::Closed)
    );
    let refused = ended
        .iter()
        .find(|e| e.error == Some(crate::tcp::TcpError::ConnectionRefused))
        .expect("round 3's refused connection is listed");
    assert_eq!(refused.view.remote.port, 80);
    assert_eq!(
        refused.view.last_transition,
        Some((crate::tcp::State::SynSent, crate::tcp::State::Closed))
    );
    // Round 5's probe is given up by its user (the bot), which is an abort.
    let aborted = ended
        .iter()
        .find(|e| e.view.remote.addr == w.unknown)
        .expect("round 5's probe is listed");
    assert_eq!(
        aborted.reason.as_ref().map(|r| r.rfc),
        Some("RFC 9293 §3.10.5")
    );
    assert!(
        ended.iter().any(|e| e.error.is_none()
            && e.view.last_transition.map(|t| t.0) == Some(crate::tcp::State::TimeWait)),
        "round 7's goodbye ends through TIME-WAIT: {ended:#?}"
    );
}

/// Game design §4 ("bots that wait for people"): with `bots_wait` (the default), bot teams
/// stay at most a round ahead of the slowest team played by people; without it they race.
#[test]
fn bot_teams_wait_for_the_people_seed_000() {
    for wait in [true, false] {
        let mut scenario = Scenario::original();
        scenario.settings.bots_wait = wait;
        let mut w = World::new(&scenario).expect("builds");
        let ada = w.teams()[0].clients[0];
        w.act(
            Action::SetSeat {
                node: ada,
                seat: Seat::Human,
            },
            Instant::ZERO,
        )
        .expect("seat");
        w.act(
            Action::WriteCard {
                node: ada,
                card: Box::new(syn_card("10.0.1.2", 40000, "10.0.1.1", 23)),
            },
            Instant::ZERO,
        )
        .expect("Ada's SYN");
        autoplay(&mut w, Instant::from_secs(600));
        for team in 1..w.teams().len() {
            let done = w
                .goals()
                .iter()
                .filter(|g| w.race().reached(team, **g).is_some())
                .count();
            if wait {
                assert_eq!(done, 1, "team {team} ran ahead of Red's round 1");
            } else {
                assert_eq!(done, w.goals().len(), "team {team} races on");
            }
        }
    }
}

/// RFC 2003 §3: a backend answers the card a tunnel carried; its SYN+ACK from the service
/// address takes the tunnelled SYN off its desk, as any answer takes its card.
#[test]
fn a_backends_answer_takes_the_tunnelled_card_off_its_desk() {
    let text = Scenario::shipped()
        .into_iter()
        .find(|(f, _)| *f == "balancer.toml")
        .map(|(_, t)| {
            t.replace(
                "goals = [\"handshake\", \"data\", \"balance\"]",
                "goals = [\"balance\"]",
            )
        })
        .expect("shipped");
    let mut w = World::new(&Scenario::from_toml(&text).expect("valid")).expect("builds");
    let red = w.teams()[0].server;
    let human = Action::SetSeat {
        node: red,
        seat: Seat::Human,
    };
    w.act(human, Instant::ZERO).expect("a seat");
    while w.inbox(red).is_empty() {
        let t = w.next_due().expect("the game goes on");
        w.advance(t);
    }
    let waiting = w.inbox(red);
    let Packet::Ipip { inner, .. } = &waiting[0].packet else {
        panic!("not tunnelled: {:?}", waiting[0].packet);
    };
    let client = match inner.as_ref() {
        Packet::Tcp { seg, .. } => seg.src,
        other => panic!("not TCP inside: {other:?}"),
    };
    let answer = Card {
        src_ip: "10.0.1.100".into(),
        dst_ip: client.addr.to_string(),
        src_port: "23".into(),
        dst_port: client.port.to_string(),
        syn: true,
        ack_flag: true,
        seq: "0".into(),
        ack: "1".into(),
        ..Card::default()
    };
    let now = w.now();
    w.act(
        Action::WriteCard {
            node: red,
            card: Box::new(answer),
        },
        now,
    )
    .expect("the answer is played");
    assert!(w.inbox(red).is_empty(), "{:?}", w.inbox(red));
}
