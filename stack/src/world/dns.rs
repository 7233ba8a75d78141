//! DNS in the world: where the game's DNS server is, and a person's UDP card refereed by
//! the DNS rules ([`crate::check::check_dns_card`]) and sent, or sent back in coach mode,
//! as a TCP card is.

use alloc::vec::Vec;

use crate::addr::{Endpoint, Ipv4Addr};
use crate::check;
use crate::fault::{Fault, FaultTarget};
use crate::host::dns::FIRST_QUERY_PORT;
use crate::host::{OpenQuery, Resolved, Zone};
use crate::rng::Rng;
use crate::text::{Text, text};
use crate::wire::dns::{self, ARecord, DnsMessage, DnsName};
use crate::wire::{IpMeta, Packet};

use super::World;
use super::topology::{NodeId, NodeKind, Role};

/// What a host's desk shows of DNS, read-only: the zone a DNS server answers from, the
/// questions a client waits on and the answers it believed, and the answers the server's
/// stack owes (what a person at the DNS server must write).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct DnsView {
    pub zone: Option<Zone>,
    pub open_queries: Vec<OpenQuery>,
    pub resolved: Vec<Resolved>,
    pub owed: Vec<Packet>,
}

impl World {
    /// The DNS of a host for its desk; empty for routers and for hosts that never used
    /// DNS.
    pub fn dns_view(&self, node: NodeId) -> DnsView {
        match self.node(node).map(|n| &n.role) {
            Some(Role::Host { host, .. }) => DnsView {
                zone: host.zone().cloned(),
                open_queries: host.open_queries().to_vec(),
                resolved: host.resolved().to_vec(),
                owed: host.udp_outbox().to_vec(),
            },
            _ => DnsView::default(),
        }
    }

    /// The game's DNS server, when the scenario has a zone.
    pub fn dns_server(&self) -> Option<NodeId> {
        self.nodes
            .iter()
            .find(|n| n.kind == NodeKind::Dns)
            .map(|n| n.id)
    }

    fn dns_server_addr(&self) -> Option<Ipv4Addr> {
        self.dns_server()
            .and_then(|id| self.node(id))
            .map(|n| n.addr)
    }

    /// The client a forged answer aims at: the first targeted client with an open query,
    /// with its router and that query.
    fn dns_victim(&self, target: &FaultTarget) -> Option<(NodeId, NodeId, OpenQuery)> {
        self.targeted_hosts(target)?
            .into_iter()
            .find_map(|(c, router, host)| Some((c, router, host.open_queries().first()?.clone())))
    }

    /// The DNS twin of the forged RST: an answer "from the DNS server" to a client's open
    /// query, saying the name is at an address nobody can reach (the game's unknown
    /// address). Matching, its ID and port are the query's and the client believes it;
    /// guessed, both are wrong and RFC 5452 §9.1 makes the client ignore it.
    pub(super) fn forge_dns(&mut self, fault: &Fault, matching: bool) -> Text {
        let Some((client, router, q)) = self.dns_victim(&fault.target) else {
            return text!(
                "no DNS query waits for its answer: nothing forged",
                "nessuna domanda DNS aspetta la risposta: non è stato falsificato niente"
            );
        };
        let (id, port) = if matching {
            (q.id, q.port)
        } else {
            // Any other ID and port: what an attacker off the path tries (RFC 5452 §4).
            let id = q.id ^ u16::try_from(self.rng.next_u32() % 0xffff + 1).unwrap_or(1);
            let span = u32::from(u16::MAX - FIRST_QUERY_PORT);
            let mut port =
                FIRST_QUERY_PORT + u16::try_from(self.rng.next_u32() % span).unwrap_or(0);
            if port == q.port {
                port = port.wrapping_add(1).max(FIRST_QUERY_PORT);
            }
            (id, port)
        };
        let Ok(name) = DnsName::from_text(&q.name) else {
            return text!(
                "the query's name cannot be written back: nothing forged",
                "il nome della domanda non si può riscrivere: non è stato falsificato niente"
            );
        };
        let lie = self.unknown;
        let answer = DnsMessage::query(id, name.clone()).response(
            dns::rcode::NO_ERROR,
            alloc::vec![ARecord {
                name,
                ttl: crate::scenario::dns::DEFAULT_TTL,
                addr: lie,
            }],
        );
        let Some(client_addr) = self.node(client).map(|n| n.addr) else {
            return text!(
                "no such client: nothing forged",
                "nessun client: niente falsificato"
            );
        };
        let ident = self.next_ident();
        let packet = Packet::Udp {
            src: Endpoint::new(q.server, dns::PORT),
            dst: Endpoint::new(client_addr, port),
            meta: IpMeta { ttl: 64, ident },
            payload: answer.encode().unwrap_or_default(),
        };
        self.send_new(router, client, packet, true, Some(fault.kind.clone()));
        let (server, name) = (q.server, q.name);
        if matching {
            text!(
                "a DNS answer claiming to come from {server}:53 was sent to {client_addr}:{port} \
                 with ID {id}, exactly the query's: {name} is now {lie} for that client",
                "una risposta DNS che finge di venire da {server}:53 è stata inviata a \
                 {client_addr}:{port} con ID {id}, esattamente quello della domanda: per quel \
                 client {name} ora è {lie}"
            )
        } else {
            let (want_id, want_port) = (q.id, q.port);
            text!(
                "a DNS answer claiming to come from {server}:53 was sent to {client_addr}:{port} \
                 with ID {id}; the query is ID {want_id} on port {want_port}, so the client \
                 ignores it",
                "una risposta DNS che finge di venire da {server}:53 è stata inviata a \
                 {client_addr}:{port} con ID {id}; la domanda ha ID {want_id} sulla porta \
                 {want_port}, quindi il client la ignora"
            )
        }
    }

    /// A person's UDP card: a DNS question from a client or an answer from the server.
    pub(super) fn write_dns_card(&mut self, node: NodeId, packet: Packet) {
        let server = self.dns_server_addr();
        let Some(Role::Host { host, router, .. }) = self.node(node).map(|n| &n.role) else {
            return;
        };
        let router = *router;
        let (verdict, after) = match check::check_dns_card(host, &packet, server) {
            Ok(c) => (c.verdict, Some(c.after)),
            Err(v) => (v, None),
        };
        self.send_refereed(node, router, packet, verdict, after);
    }
}

#[cfg(test)]
mod tests {
    use alloc::boxed::Box;
    use alloc::string::String;
    use alloc::vec::Vec;

    use super::*;
    use crate::card::dns_cards::{answer_card, query_card};
    use crate::card::{Card, Field};
    use crate::time::Instant;
    use crate::world::event::EventKind;
    use crate::world::fixtures::{effect_of, hint, red_alone, seat_alice};
    use crate::world::{Action, Event, Seat};

    /// Alice writes her question for red.game, from port 40000 to this port of the DNS
    /// server, at `now`; the events it makes.
    fn ask(w: &mut World, alice: NodeId, dst_port: &str, now: Instant) -> Vec<Event> {
        let card = Box::new(Card {
            dst_port: dst_port.into(),
            ..query_card()
        });
        let write = Action::WriteCard { node: alice, card };
        w.act(write, now).expect("acted")
    }

    fn run(w: &mut World, until: Instant) {
        while let Some(t) = w.next_due().filter(|t| *t <= until) {
            w.advance(t);
        }
    }

    fn host_of(w: &World, node: NodeId) -> &crate::host::Host {
        match w.node(node).map(|n| &n.role) {
            Some(Role::Host { host, .. }) => host,
            _ => panic!("a host"),
        }
    }

    /// The boxes the referee marked wrong in these events, on a card returned (coach mode)
    /// or sent with its verdict (real mode).
    fn marked_wrong(events: &[Event]) -> Vec<Field> {
        events
            .iter()
            .filter_map(|e| match &e.kind {
                EventKind::CardRejected { mistakes, .. } | EventKind::Verdict { mistakes, .. } => {
                    Some(mistakes)
                }
                _ => None,
            })
            .flatten()
            .filter_map(|m| Field::from_label(&m.field))
            .collect()
    }

    /// RFC 1035 §4.2.1 in coach mode: a question to port 54 comes back; the right one is
    /// answered by the DNS server's bot and Alice's stack believes it (RFC 1034 §4.3.2).
    #[test]
    fn a_person_resolves_a_name_through_the_dns_bot_rfc1034_4_3_2() {
        let mut w = red_alone("\"handshake\"", "[dns]");
        let alice = seat_alice(&mut w);
        let now = Instant::from_secs(1);
        run(&mut w, now);
        assert_eq!(
            marked_wrong(&ask(&mut w, alice, "54", now)),
            [Field::DstPort]
        );
        ask(&mut w, alice, "53", now);
        assert_eq!(host_of(&w, alice).open_queries().len(), 1);
        run(&mut w, Instant::from_secs(30));
        let alice_host = host_of(&w, alice);
        assert_eq!(
            alice_host.address_of("red.game"),
            Some(crate::addr::Ipv4Addr::new(10, 0, 1, 1))
        );
        assert!(alice_host.open_queries().is_empty());
        let view = w.dns_view(alice);
        assert_eq!(view.resolved.len(), 1);
        let zone = w.dns_view(w.dns_server().expect("a server")).zone;
        let names: Vec<String> = zone
            .expect("a zone")
            .records
            .into_iter()
            .map(|r| r.name)
            .collect();
        assert_eq!(names, ["red.game"]);
        let ladder = w.ladder_text();
        assert!(ladder.contains("DNS query A red.game? id 4660"), "{ladder}");
        assert!(
            ladder.contains("DNS answer red.game A 10.0.1.1 TTL 300 id 4660"),
            "{ladder}"
        );
    }

    /// RFC 5452 §9.1, §9.2: a forged answer with a guessed ID and port is ignored; one
    /// with the query's ID and port is believed (the DNS twin of the forged RST).
    #[test]
    fn forged_dns_answers_fool_only_a_matching_guess_rfc5452_9_1() {
        use crate::fault::FaultKind;
        use crate::text::twin_with_same_numbers;
        let mut w = red_alone("\"handshake\"", "[dns]");
        let alice = seat_alice(&mut w);
        let forge = |w: &mut World, matching| effect_of(w, FaultKind::ForgedDns { matching });
        let none = forge(&mut w, true);
        assert!(none.en.starts_with("no DNS query waits"), "{none}");
        let now = Instant::from_secs(1);
        run(&mut w, now);
        // Alice asks; the answer is still on its way when the forgeries arrive first.
        ask(&mut w, alice, "53", now);
        let guessed = forge(&mut w, false);
        assert!(
            guessed.en.ends_with("so the client ignores it"),
            "{guessed}"
        );
        assert!(twin_with_same_numbers(&guessed), "{guessed:?}");
        run(&mut w, Instant::from_secs(3));
        assert_eq!(host_of(&w, alice).open_queries().len(), 1, "still waiting");
        let poison = forge(&mut w, true);
        assert!(twin_with_same_numbers(&poison), "{poison:?}");
        run(&mut w, Instant::from_secs(5));
        let lie = host_of(&w, alice).address_of("red.game");
        assert_eq!(lie, Some(w.unknown), "{poison}");
        // The true answer comes later and finds no query waiting: it is ignored.
        run(&mut w, Instant::from_secs(30));
        assert_eq!(host_of(&w, alice).address_of("red.game"), Some(w.unknown));
    }

    /// RFC 1035 §4.1.1 in real mode: a person at the DNS server who forgets to echo the ID
    /// sends the answer anyway, with the verdict; the client ignores it (RFC 5452 §9.1).
    #[test]
    fn an_answer_with_the_wrong_id_goes_in_real_mode_and_is_ignored_rfc5452_9_1() {
        let mut w = red_alone("\"handshake\"", "referee = \"real\"\n[dns]");
        let alice = seat_alice(&mut w);
        let dns = w.dns_server().expect("a DNS server");
        let seat = Action::SetSeat {
            node: dns,
            seat: Seat::Human,
        };
        w.act(seat, Instant::ZERO).expect("seat");
        let now = Instant::from_secs(1);
        run(&mut w, now);
        ask(&mut w, alice, "53", now);
        run(&mut w, Instant::from_secs(20));
        assert_eq!(host_of(&w, dns).udp_outbox().len(), 1, "the answer owed");
        let hint = hint(&mut w, dns);
        assert_eq!(
            hint.en,
            "write this card: 10.0.1.53:53 > 10.0.1.2:40000 DNS answer red.game A 10.0.1.1 \
             TTL 300 id 4660 ttl 64"
        );
        let answer = Box::new(Card {
            dns_id: "1".into(),
            ..answer_card("red.game", "0", "red.game 300 10.0.1.1")
        });
        let now = Instant::from_secs(20);
        let events = w
            .act(
                Action::WriteCard {
                    node: dns,
                    card: answer,
                },
                now,
            )
            .expect("acted");
        assert_eq!(marked_wrong(&events), [Field::DnsId]);
        run(&mut w, Instant::from_secs(40));
        assert_eq!(host_of(&w, alice).address_of("red.game"), None);
        assert_eq!(host_of(&w, alice).open_queries().len(), 1);
    }
}
