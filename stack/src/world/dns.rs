//! DNS in the world: where the game's DNS server is, and a person's UDP card refereed by
//! the DNS rules ([`crate::check::check_dns_card`]) and sent, or sent back in coach mode,
//! as a TCP card is.

use crate::addr::Ipv4Addr;
use crate::check;
use crate::wire::Packet;

use super::World;
use super::event::{EventKind, MistakeNote};
use super::topology::{NodeId, NodeKind, Role};

impl World {
    /// The game's DNS server, when the scenario has a zone.
    pub fn dns_server(&self) -> Option<NodeId> {
        self.nodes
            .iter()
            .find(|n| n.kind == NodeKind::Dns)
            .map(|n| n.id)
    }

    fn dns_server_addr(&self) -> Option<Ipv4Addr> {
        self.nodes
            .iter()
            .find(|n| n.kind == NodeKind::Dns)
            .map(|n| n.addr)
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
        let ok = verdict.ok() && after.is_some();
        if self.coach() && !ok {
            self.reject(node, Some(packet), MistakeNote::all(&verdict));
            return;
        }
        if let Some(after) = after
            && let Some(Role::Host { host, .. }) = self.node_mut(node).map(|n| &mut n.role)
        {
            *host = after;
        }
        self.clear_answered(node, &packet);
        let card = self.send_new(node, router, packet, false, None);
        let mistakes = MistakeNote::all(&verdict);
        if !mistakes.is_empty() {
            self.mistake(node);
        }
        self.emit(EventKind::Verdict {
            node,
            card,
            mistakes,
            notes: verdict.notes,
        });
        self.drain_host(node);
    }
}

#[cfg(test)]
mod tests {
    use alloc::boxed::Box;
    use alloc::vec::Vec;

    use super::*;
    use crate::card::{Card, CardKind, Field};
    use crate::time::Instant;
    use crate::world::fixtures::{red_alone, seat_alice};
    use crate::world::{Action, Event, Seat};

    /// Alice's question for red.game, from port 40000 to the DNS server.
    fn query(dst_port: &str) -> Box<Card> {
        Box::new(Card {
            kind: CardKind::Udp,
            src_ip: "10.0.1.2".into(),
            dst_ip: "10.0.1.53".into(),
            src_port: "40000".into(),
            dst_port: dst_port.into(),
            dns_id: "4660".into(),
            dns_rd: true,
            dns_qname: "red.game".into(),
            dns_qtype: "A".into(),
            dns_qclass: "IN".into(),
            ..Card::default()
        })
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

    fn rejected(events: &[Event]) -> Vec<Field> {
        events
            .iter()
            .filter_map(|e| match &e.kind {
                EventKind::CardRejected { mistakes, .. } => Some(mistakes),
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
        let events = w.act(
            Action::WriteCard {
                node: alice,
                card: query("54"),
            },
            now,
        );
        assert_eq!(rejected(&events.expect("acted")), [Field::DstPort]);
        w.act(
            Action::WriteCard {
                node: alice,
                card: query("53"),
            },
            now,
        )
        .expect("acted");
        assert_eq!(host_of(&w, alice).open_queries().len(), 1);
        run(&mut w, Instant::from_secs(30));
        let alice_host = host_of(&w, alice);
        assert_eq!(
            alice_host.address_of("red.game"),
            Some(crate::addr::Ipv4Addr::new(10, 0, 1, 1))
        );
        assert!(alice_host.open_queries().is_empty());
        let ladder = w.ladder_text();
        assert!(ladder.contains("DNS query A red.game? id 4660"), "{ladder}");
        assert!(
            ladder.contains("DNS answer red.game A 10.0.1.1 TTL 300 id 4660"),
            "{ladder}"
        );
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
        w.act(
            Action::WriteCard {
                node: alice,
                card: query("53"),
            },
            now,
        )
        .expect("acted");
        run(&mut w, Instant::from_secs(20));
        assert_eq!(host_of(&w, dns).udp_outbox().len(), 1, "the answer owed");
        let answer = Box::new(Card {
            src_ip: "10.0.1.53".into(),
            dst_ip: "10.0.1.2".into(),
            src_port: "53".into(),
            dst_port: "40000".into(),
            dns_id: "1".into(),
            dns_qr: true,
            dns_aa: true,
            dns_rcode: "0".into(),
            dns_answers: "red.game 300 10.0.1.1".into(),
            ..*query("53")
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
        let verdict_fields: Vec<Field> = events
            .iter()
            .filter_map(|e| match &e.kind {
                EventKind::Verdict { mistakes, .. } => Some(mistakes),
                _ => None,
            })
            .flatten()
            .filter_map(|m| Field::from_label(&m.field))
            .collect();
        assert_eq!(verdict_fields, [Field::DnsId]);
        run(&mut w, Instant::from_secs(40));
        assert_eq!(host_of(&w, alice).address_of("red.game"), None);
        assert_eq!(host_of(&w, alice).open_queries().len(), 1);
    }
}
