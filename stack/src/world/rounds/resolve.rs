//! Round 10, "resolve, then connect": the original session simulated "exchanges through
//! various protocols (DNS, TCP, IP)" (seeds 000 and 001). A client knows its team's
//! telnet server by its name (`red.game`); its stub resolver asks the game's DNS server
//! for the address (RFC 1034 §2, §5.3.1), and only then does the client open the TCP
//! connection to the address it got, port 23. The round is reached when a client of the
//! team had its server's name answered in the round, an answer its resolver accepted, and
//! then a connection it opened to that address is ESTABLISHED on both sides. A SYN written
//! before the answer is wrong in the round's words (`world/round.rs`, by
//! [`Destination::Named`]), and a connection opened before it does not count.
//!
//! The forged DNS answer of the instructor's faults plays here as the forged RST does in
//! round 4: with a guessed ID and port the resolver ignores it (RFC 5452 §9.1); with the
//! query's, the client believes the lie and its SYN goes to an address nobody answers
//! from, so the round waits until the client asks again and connects where the true
//! answer says.

use alloc::string::String;
use alloc::vec::Vec;

use crate::addr::{Endpoint, Ipv4Addr};
use crate::bot::Request;
use crate::host::{DnsEvent, HostEvent};
use crate::scenario::TELNET_PORT;
use crate::scenario::dns::team_server_name;
use crate::score::Goal;
use crate::tcp::State;
use crate::text::{Text, Words, text};
use crate::wire::{DnsName, Packet};

use super::super::World;
use super::super::topology::{NodeId, NodeKind, Role};
use super::desk::{OWN, open_or_wait};
use super::{At, Destination, Hooks, Round};

/// What the round remembers.
#[derive(Debug, Default)]
pub(super) struct Answers {
    /// The address each client's resolver believed for its team's server's name during
    /// the round, the newest answer only.
    believed: Vec<(NodeId, Ipv4Addr)>,
    /// Connections whose opening SYN left after that answer, to the address it gave:
    /// the client, its end and the server's.
    opened: Vec<(NodeId, Endpoint, Endpoint)>,
}

pub(super) static ROUND: Round = Round {
    key: "resolve",
    title: Words::new("Resolve, then connect", "Risolvi, poi connettiti"),
    explain: Words::new(
        "Ask the DNS server for the address of your team's server by its name (a UDP card \
         to port 53), then open the connection to the address it gave, port 23, so that \
         both ends reach ESTABLISHED.",
        "Chiedi al server DNS l'indirizzo del server della tua squadra dal suo nome (una \
         carta UDP alla porta 53), poi apri la connessione verso l'indirizzo che ti ha \
         dato, porta 23, così che entrambi i lati arrivino in ESTABLISHED.",
    ),
    destination: Destination::Named,
    desk: |w, d| w.resolve_desk(d.node, d.team),
    // The bot asks through its stack's resolver, waits for the answer, then connects to
    // the address it got; if that connection dies or its SYN goes unanswered (a forged
    // answer sent it nowhere), it asks again, as a user retries the lookup.
    bot: |bot, turn| {
        let Some((dns, name)) = turn.ctx.dns else {
            return;
        };
        // The DNS server stands on the first team's LAN: the other teams' questions and
        // answers cross the routers, so the bot asks the router bots for the routes between
        // the LANs, as round 6's does (a game without preset routes, like the original one).
        turn.moves.requests.push(Request::Routes);
        let named = bot.named.and_then(|c| turn.host.connection(c));
        match named {
            // No SYN+ACK within a retransmission timeout, as when a forged answer sent
            // the SYN where nobody answers: give up and ask again.
            Some(c)
                if c.state == State::SynSent
                    && c.retransmits > 0
                    && turn.host.abort(c.id, turn.now).is_ok() =>
            {
                let to = c.remote;
                turn.moves.done.push(alloc::format!(
                    "give up the connection to {to}: nobody answers"
                ));
            }
            Some(_) => return,
            None => {}
        }
        let failed = bot.named.take().is_some();
        let waiting = turn
            .host
            .open_queries()
            .iter()
            .any(|q| q.name.eq_ignore_ascii_case(name));
        if waiting {
            return;
        }
        match turn.host.address_of(name) {
            Some(addr) if bot.asked && !failed => {
                bot.named = bot.connect(turn, Endpoint::new(addr, TELNET_PORT));
            }
            _ => {
                let Ok(qname) = DnsName::from_text(name) else {
                    return;
                };
                let q = turn.host.resolve(dns, qname);
                bot.asked = true;
                let (id, port) = (q.id, q.port);
                turn.moves.done.push(alloc::format!(
                    "ask {dns} for the address of {name} (ID {id}, from port {port})"
                ));
            }
        }
    },
    hooks: Hooks {
        host_event: |w, at, event| w.resolve_event(at, event),
        sending: |w, from, packet, forged| {
            if let Packet::Tcp { seg, .. } = packet
                && !forged
                && seg.flags.syn()
                && !seg.flags.ack()
                && w.believed(from) == Some(seg.dst.addr)
                && seg.dst.port == TELNET_PORT
            {
                w.rounds.resolve.opened.push((from, seg.src, seg.dst));
            }
        },
        ..Hooks::NONE
    },
};

impl World {
    /// The game's DNS server's address and the name of `team`'s telnet server in its
    /// zone (the team's name under the zone, `red.game`), when the game has a zone.
    pub(in crate::world) fn server_name(&self, team: usize) -> Option<(Ipv4Addr, String)> {
        let dns = self.node(self.dns_server()?)?;
        let Role::Host { host, .. } = &dns.role else {
            return None;
        };
        let zone = host.zone()?;
        let name = team_server_name(&self.teams.get(team)?.name, &zone.origin)?;
        Some((dns.addr, name))
    }

    /// The address `client`'s resolver believed for its team's server's name in round 10.
    pub(in crate::world) fn believed(&self, client: NodeId) -> Option<Ipv4Addr> {
        self.rounds
            .resolve
            .believed
            .iter()
            .find(|(c, _)| *c == client)
            .map(|(_, a)| *a)
    }

    /// An answer a client of a team in the round believed is remembered; a handshake of
    /// a connection opened after it, to the team's server, reaches the round.
    fn resolve_event(&mut self, at: At, event: &HostEvent) {
        if self.current_goal(at.team) != Some(Goal::Resolve) {
            return;
        }
        match event {
            HostEvent::Dns(DnsEvent::Resolved { resolved }) if at.kind == NodeKind::Client => {
                let own = self.server_name(at.team).map(|(_, n)| n);
                if own.is_some_and(|n| n.eq_ignore_ascii_case(&resolved.name)) {
                    let believed = &mut self.rounds.resolve.believed;
                    believed.retain(|(c, _)| *c != at.node);
                    if let Some(addr) = resolved.addr {
                        believed.push((at.node, addr));
                    }
                }
            }
            HostEvent::StateChanged { conn, .. } => {
                let named = self
                    .host_view(at.node, *conn)
                    .is_some_and(|(local, remote)| {
                        self.rounds
                            .resolve
                            .opened
                            .iter()
                            .any(|(c, l, r)| match at.kind {
                                NodeKind::Client => *c == at.node && (*l, *r) == (local, remote),
                                _ => (*l, *r) == (remote, local),
                            })
                    });
                if named
                    && let Some((client, server)) = self.handshake_teams(at, event)
                    && client == server
                {
                    self.reach(client, Goal::Resolve);
                }
            }
            _ => {}
        }
    }

    /// A connection's two ends as `node` sees them: its own, then the peer's.
    fn host_view(&self, node: NodeId, conn: crate::host::ConnId) -> Option<(Endpoint, Endpoint)> {
        let Role::Host { host, .. } = &self.node(node)?.role else {
            return None;
        };
        let view = host.connection(conn)?;
        Some((view.local, view.remote))
    }

    /// A client's desk in round 10: ask, wait for the answer, then open the connection to
    /// the address it gave and wait for the handshake as round 1 does.
    fn resolve_desk(&self, node: NodeId, team: usize) -> (bool, Text) {
        let Some((dns, name)) = self.server_name(team) else {
            return (
                false,
                text!(
                    "this game has no DNS server to ask",
                    "questa partita non ha un server DNS a cui chiedere"
                ),
            );
        };
        let Some(Role::Host { host, .. }) = self.node(node).map(|n| &n.role) else {
            return (false, Text::same(String::new()));
        };
        let Some(addr) = self.believed(node) else {
            let asked = host
                .open_queries()
                .iter()
                .any(|q| q.name.eq_ignore_ascii_case(&name));
            return if asked {
                (
                    false,
                    text!(
                        "waiting for the DNS server's answer: where is {name}?",
                        "in attesa della risposta del server DNS: dov'è {name}?"
                    ),
                )
            } else {
                (
                    true,
                    text!(
                        "your move: ask the DNS server ({dns}) for the address of {name} — a \
                         UDP card from a fresh port of yours to port 53",
                        "tocca a te: chiedi al server DNS ({dns}) l'indirizzo di {name} — una \
                         carta UDP da una tua porta nuova alla porta 53"
                    ),
                )
            };
        };
        let to = Endpoint::new(addr, TELNET_PORT);
        let opened = &self.rounds.resolve.opened;
        let conn = host
            .connections()
            .into_iter()
            .filter(|c| c.remote == to)
            .filter(|c| opened.iter().any(|(n, l, _)| *n == node && *l == c.local))
            .max_by_key(|c| c.id);
        match conn {
            Some(c) if c.state != State::TimeWait => open_or_wait(Some(&c), to, OWN),
            _ => (
                true,
                text!(
                    "your move: open the connection to {to}, the address the DNS server gave \
                     for {name}",
                    "tocca a te: apri la connessione verso {to}, l'indirizzo che il server DNS \
                     ha dato per {name}"
                ),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::card::Card;
    use crate::fault::{Fault, FaultKind, FaultTarget};
    use crate::scenario::Scenario;
    use crate::world::fixtures::{
        alice_card, alice_query, red_alone, run_until, says, seat_alice, write_card,
    };
    use crate::world::{Action, Seat};
    use alloc::boxed::Box;

    /// Red alone with a zone, ISN 0, Alice played by a person, playing only round 10.
    fn red_named(referee: &str) -> (World, NodeId) {
        let settings = alloc::format!("referee = \"{referee}\"\nlink_delay = 0.5\n[dns]");
        let mut w = red_alone(r#""resolve""#, &settings);
        w.set_attacker(false);
        let alice = seat_alice(&mut w);
        (w, alice)
    }

    fn rules(w: &mut World, node: NodeId, card: Box<Card>) -> Vec<String> {
        write_card(w, node, card)
            .into_iter()
            .map(|(r, _)| r)
            .collect()
    }

    /// A SYN+ACK lies on the desk (the DNS answer may lie there too).
    fn syn_ack_in(w: &World, node: NodeId) -> bool {
        w.inbox(node)
            .iter()
            .any(|c| matches!(&c.packet, Packet::Tcp { seg, .. } if seg.flags.syn()))
    }

    fn host(w: &World, node: NodeId) -> &crate::host::Host {
        match w.node(node).map(|n| &n.role) {
            Some(Role::Host { host, .. }) => host,
            _ => panic!("a host"),
        }
    }

    /// Alice opens a connection from `port` to 10.0.1.1:23 with ISN 0, every card right,
    /// and the round is reached.
    fn connect(w: &mut World, alice: NodeId, port: &str) {
        let card = |flags, seq: &str, ack: &str| {
            Box::new(Card {
                src_port: port.into(),
                ..*alice_card(flags, seq, ack, "")
            })
        };
        assert!(rules(w, alice, card((true, false), "0", "")).is_empty());
        run_until(w, |w| syn_ack_in(w, alice));
        assert!(rules(w, alice, card((false, true), "1", "1")).is_empty());
        run_until(w, |w| w.current_goal(0).is_none());
        assert!(w.race().reached(0, Goal::Resolve).is_some());
    }

    /// Alice asks, and the DNS server's bot answers: her desk walks her through it.
    fn resolve(w: &mut World, alice: NodeId) {
        assert!(rules(w, alice, alice_query(41000, 53, 4660)).is_empty());
        let t = w.task(alice).expect("task");
        assert!(
            !t.your_move && says(&t, "waiting for the DNS server's answer"),
            "{t:?}"
        );
        run_until(w, |w| w.believed(alice).is_some());
    }

    /// RFC 1034 §5.3.1: the desk names the DNS server and the name; a SYN before the answer
    /// is sent back in the round's words, the same SYN after it goes, and the handshake to
    /// the address the DNS server gave reaches the round.
    #[test]
    fn a_person_resolves_then_connects_rfc1034_5_3_1() {
        let (mut w, alice) = red_named("coach");
        let t = w.task(alice).expect("task");
        assert_eq!(t.round, Some(Goal::Resolve));
        assert!(
            t.your_move
                && says(
                    &t,
                    "your move: ask the DNS server (10.0.1.53) for the address of red.game — a \
                     UDP card from a fresh port of yours to port 53"
                ),
            "{t:?}"
        );
        let early = write_card(&mut w, alice, alice_card((true, false), "0", "", ""));
        assert_eq!(early.len(), 1, "{early:?}");
        assert_eq!(early[0].0, "RFC 1034 §5.3.1, seed 001");
        assert!(
            early[0].1.starts_with(
                "round 10 (Resolve, then connect): ask the DNS server (10.0.1.53) for the \
                 address of red.game first"
            ),
            "{early:?}"
        );
        resolve(&mut w, alice);
        let t = w.task(alice).expect("task");
        assert!(
            t.your_move
                && says(
                    &t,
                    "open the connection to 10.0.1.1:23, the address the DNS server gave for \
                     red.game"
                ),
            "{t:?}"
        );
        connect(&mut w, alice, "40000");
    }

    /// Seed 000's referee knows the round: after the answer, a SYN to another address than
    /// the one the DNS server gave is wrong, and so is another port than telnet's.
    #[test]
    fn the_syn_goes_to_the_address_the_answer_gave_rfc1034_5_3_1() {
        let (mut w, alice) = red_named("coach");
        resolve(&mut w, alice);
        let card = Box::new(Card {
            dst_ip: "10.0.1.254".into(),
            dst_port: "80".into(),
            ..*alice_card((true, false), "0", "", "")
        });
        let wrong = write_card(&mut w, alice, card);
        assert_eq!(wrong.len(), 2, "{wrong:?}");
        assert!(
            wrong[0]
                .1
                .contains("the DNS server said red.game is 10.0.1.1")
        );
        assert!(wrong[1].1.contains("port 23"), "{wrong:?}");
    }

    /// Real mode: a connection opened before asking goes out and is ESTABLISHED, but the
    /// round wants the address from the DNS server, so it is not reached; resolving and
    /// connecting again is.
    #[test]
    fn real_mode_a_connection_without_resolving_does_not_reach_the_round_rfc1034_5_3_1() {
        let (mut w, alice) = red_named("real");
        assert_eq!(
            rules(&mut w, alice, alice_card((true, false), "0", "", "")),
            ["RFC 1034 §5.3.1, seed 001"]
        );
        run_until(&mut w, |w| syn_ack_in(w, alice));
        assert!(rules(&mut w, alice, alice_card((false, true), "1", "1", "")).is_empty());
        run_until(&mut w, |w| {
            w.connections(alice)
                .first()
                .is_some_and(|c| c.state == State::Established)
        });
        w.advance(w.now() + crate::time::Duration::from_secs(5));
        assert_eq!(w.current_goal(0), Some(Goal::Resolve), "not reached");
        let t = w.task(alice).expect("task");
        assert!(t.your_move && says(&t, "ask the DNS server"), "{t:?}");
    }

    /// RFC 5452 §9.1, §9.2: a forged answer with a guessed ID and port is ignored and the
    /// true one is believed; one with the query's ID and port is believed, the SYN goes to
    /// the lie where nobody answers, and the round waits until the client asks again.
    #[test]
    fn a_forged_answer_misleads_only_with_the_querys_id_and_port_rfc5452_9_1() {
        let (mut w, alice) = red_named("coach");
        let forge = |w: &mut World, matching| {
            let fault = Fault {
                kind: FaultKind::ForgedDns { matching },
                target: FaultTarget::Team(0),
            };
            w.act(Action::InjectFault(fault), w.now()).expect("acted");
        };
        assert!(rules(&mut w, alice, alice_query(41000, 53, 4660)).is_empty());
        forge(&mut w, false);
        run_until(&mut w, |w| w.believed(alice).is_some());
        assert_eq!(w.believed(alice), Some(Ipv4Addr::new(10, 0, 1, 1)));
        // A second question, and this time the forgery matches.
        assert!(rules(&mut w, alice, alice_query(41001, 53, 4661)).is_empty());
        forge(&mut w, true);
        let lie = w.unknown;
        run_until(&mut w, |w| w.believed(alice) == Some(lie));
        let t = w.task(alice).expect("task");
        let to = alloc::format!("open the connection to {lie}:23");
        assert!(t.your_move && says(&t, &to), "{t:?}");
        // The client follows its resolver: the referee lets the SYN go, and nobody answers.
        let card = Box::new(Card {
            dst_ip: alloc::format!("{lie}"),
            ..*alice_card((true, false), "0", "", "")
        });
        assert!(rules(&mut w, alice, card).is_empty());
        w.advance(w.now() + crate::time::Duration::from_secs(20));
        assert_eq!(w.current_goal(0), Some(Goal::Resolve), "not reached");
        // Asked again, the true answer comes and the connection reaches the round.
        assert!(rules(&mut w, alice, alice_query(41002, 53, 4662)).is_empty());
        run_until(&mut w, |w| {
            w.believed(alice) == Some(Ipv4Addr::new(10, 0, 1, 1))
        });
        connect(&mut w, alice, "40001");
    }

    /// The round asks a DNS server (RFC 1034 §5.3.1): a scenario without a zone is refused,
    /// naming the goals and what to add.
    #[test]
    fn the_round_needs_a_zone_rfc1034_5_3_1() {
        let mut scenario = Scenario::original();
        scenario.goals = alloc::vec![Goal::Handshake, Goal::Resolve];
        let problems = scenario.validate();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].field, "goals");
        assert!(
            problems[0]
                .message
                .starts_with("resolve needs a DNS server to ask: add a [dns] zone"),
            "{problems:?}"
        );
        scenario.dns = Some(Box::default());
        assert!(scenario.validate().is_empty());
        // The DNS server stands on the first team's LAN: the other teams' questions cross
        // the backbone, so a game of several LANs without one is refused, naming it.
        scenario.backbone = None;
        let problems = scenario.validate();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].field, "backbone");
        assert!(
            problems[0]
                .message
                .starts_with("the goal resolve needs the routers to be linked"),
            "{problems:?}"
        );
        scenario.teams.truncate(1);
        scenario.faults.clear();
        let problems = scenario.validate();
        assert!(
            problems.is_empty(),
            "one LAN has nothing to cross: {problems:?}"
        );
    }

    /// Bots play the round in a game with a zone: each team's client asks, then connects,
    /// with no mistake; the Blue client's question crosses the routers.
    #[test]
    fn bots_resolve_then_connect_rfc1034_5_3_1() {
        let toml = include_str!("../../../../scenarios/dns.toml");
        let mut scenario = Scenario::from_toml(toml).expect("valid");
        scenario.goals = alloc::vec![Goal::Handshake, Goal::Resolve];
        let mut w = World::new(&scenario).expect("builds");
        w.set_attacker(false);
        run_until(&mut w, World::finished);
        assert!(w.race().leaderboard().iter().all(|s| s.mistakes == 0));
        let asked = w
            .log()
            .iter()
            .filter(|e| {
                matches!(&e.kind, crate::world::EventKind::BotMove { text, .. }
                    if text.starts_with("ask 10.0.1.53 for the address of"))
            })
            .count();
        assert_eq!(asked, w.teams().len());
    }

    /// RFC 5452 §9.2 with a bot: the forged answer with the query's ID and port is
    /// believed and the bot's SYN goes to the lie; when even the SYN sent again is not
    /// answered it gives up, asks again, and the true answer reaches the round.
    #[test]
    fn a_poisoned_bot_asks_again_and_reaches_the_round_rfc5452_9_2() {
        let toml = include_str!("../../../../scenarios/dns.toml");
        let mut scenario = Scenario::from_toml(toml).expect("valid");
        scenario.goals = alloc::vec![Goal::Resolve];
        let mut w = World::new(&scenario).expect("builds");
        w.set_attacker(false);
        let bob = w.teams()[0].clients[0];
        let mut forged = false;
        while let Some(t) = w.next_due() {
            assert!(t < crate::time::Instant::from_secs(120), "never finished");
            if w.finished() {
                break;
            }
            w.advance(t);
            let asking = !host(&w, bob).open_queries().is_empty();
            if asking && !forged {
                let fault = Fault {
                    kind: FaultKind::ForgedDns { matching: true },
                    target: FaultTarget::Team(0),
                };
                w.act(Action::InjectFault(fault), w.now()).expect("acted");
                forged = true;
            }
        }
        let asked = w
            .log()
            .iter()
            .filter(|e| {
                matches!(&e.kind, crate::world::EventKind::BotMove { node, text }
                    if *node == bob && text.starts_with("ask "))
            })
            .count();
        assert_eq!(asked, 2, "asked again after the lie: {}", w.ladder_text());
        let syn_to_lie = w.log().iter().any(|e| {
            matches!(&e.kind, crate::world::EventKind::BotMove { node, text }
                if *node == bob && text.contains("to 10.0.99.1:23"))
        });
        assert!(syn_to_lie, "the poisoned bot connected to the lie first");
        assert!(w.race().reached(0, Goal::Resolve).is_some());
    }

    /// The server's desk says a client connects after asking the DNS server; the DNS
    /// server's own desk says it answers queries (RFC 1034 §4.3.2).
    #[test]
    fn the_servers_desks_name_the_dns_exchange_rfc1034_4_3_2() {
        let (mut w, alice) = red_named("coach");
        let server = w.teams()[0].server;
        let t = w.task(server).expect("task");
        assert!(
            !t.your_move && says(&t, "asks the DNS server for your name"),
            "{t:?}"
        );
        let dns = w.dns_server().expect("a DNS server");
        w.act(
            Action::SetSeat {
                node: dns,
                seat: Seat::Human,
            },
            w.now(),
        )
        .expect("seat");
        let t = w.task(dns).expect("task");
        assert!(!t.your_move && says(&t, "waiting for DNS queries"), "{t:?}");
        assert!(rules(&mut w, alice, alice_query(41000, 53, 4660)).is_empty());
        run_until(&mut w, |w| !host(w, dns).udp_outbox().is_empty());
        let t = w.task(dns).expect("task");
        assert!(
            t.your_move && says(&t, "answer the DNS query from 10.0.1.2:41000"),
            "{t:?}"
        );
    }
}
