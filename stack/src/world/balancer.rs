//! The load balancer in the world (see [`crate::scenario::balancer`] for where it sits):
//! what its desk shows, how its bot picks a backend, and a decision carried out — the card
//! for the service address wrapped in a new IP header to a backend (IP in IP, RFC 2003 §3)
//! and sent to its router.

use alloc::string::String;
use alloc::vec::Vec;

use crate::addr::Ipv4Addr;
use crate::balancer::Balancer;
pub use crate::balancer::Flow;
use crate::card::{RouterChoice, Tunnel};
use crate::check::{self, BalancerFacts};
use crate::text::{Text, text};
use crate::wire::{IcmpMessage, Packet};

use super::World;
use super::flight::Place;
use super::routing::{dest_unreachable, time_exceeded};
use super::topology::{CardId, NodeId, NodeKind, Role};

/// RFC 2003 §3.1: how an encapsulator writes the outer header.
pub(super) const RFC_ENCAPSULATE: &str = "RFC 2003 §3.1";
/// A backend of the balancer, for its desk.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Backend {
    pub node: NodeId,
    pub name: String,
    pub addr: Ipv4Addr,
}

/// What the balancer's desk shows, read-only: the VIP, its own address, the backends and
/// the connection table.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct BalancerView {
    pub vip: Option<Ipv4Addr>,
    pub addr: Option<Ipv4Addr>,
    pub backends: Vec<Backend>,
    pub flows: Vec<Flow>,
}

impl World {
    /// The game's load balancer, when the scenario has one.
    pub fn balancer(&self) -> Option<NodeId> {
        self.nodes
            .iter()
            .find(|n| n.kind == NodeKind::Balancer)
            .map(|n| n.id)
    }

    /// The balancer's desk; empty for any other node.
    pub fn balancer_view(&self, node: NodeId) -> BalancerView {
        let Some((n, lb)) = self.lb(node) else {
            return BalancerView::default();
        };
        BalancerView {
            vip: Some(lb.vip),
            addr: Some(n.addr),
            backends: lb
                .backends
                .iter()
                .filter_map(|a| self.host_at(*a))
                .map(|b| Backend {
                    node: b.id,
                    name: b.name.clone(),
                    addr: b.addr,
                })
                .collect(),
            flows: lb.flows.clone(),
        }
    }

    /// The host whose address is `addr` (a backend's server).
    pub(in crate::world) fn host_at(&self, addr: Ipv4Addr) -> Option<&super::topology::Node> {
        self.nodes
            .iter()
            .find(|n| n.addr == addr && matches!(n.role, Role::Host { .. }))
    }

    /// The balancer node `node` with its state.
    pub(in crate::world) fn lb(&self, node: NodeId) -> Option<(&super::topology::Node, &Balancer)> {
        let n = self.node(node)?;
        match &n.role {
            Role::Balancer { lb, .. } => Some((n, lb)),
            _ => None,
        }
    }

    /// The service address of the game, when it has a balancer.
    pub(in crate::world) fn vip(&self) -> Option<Ipv4Addr> {
        self.balancer()
            .and_then(|b| self.lb(b))
            .map(|(_, lb)| lb.vip)
    }

    /// The tunnel a correct balancer writes for `packet`: to the backend its connection
    /// went to, or for a new connection the next backend in turn (round robin). `None` for
    /// a card that is not a TCP segment for the VIP.
    pub(super) fn tunnel_for(&self, node: NodeId, packet: &Packet) -> Option<Tunnel> {
        let (n, lb) = self.lb(node)?;
        let Packet::Tcp { seg, .. } = packet else {
            return None;
        };
        if seg.dst.addr != lb.vip {
            return None;
        }
        Some(Tunnel::wrapping(n.addr, lb.pick(seg.src)?, packet))
    }

    /// The balancer's bot decides about card `id`: a card for the VIP goes to its
    /// connection's backend (or the next one, for a new connection); anything else is
    /// not the balancer's to serve, and is dropped.
    pub(super) fn balancer_bot(&mut self, node: NodeId, id: CardId) {
        let Some(packet) = self.cards.get(&id).map(|r| r.packet.clone()) else {
            return;
        };
        match self.tunnel_for(node, &packet) {
            Some(tunnel) => self.encapsulate(node, id, &tunnel),
            None => {
                let dst = packet.dst();
                let why = text!(
                    "the balancer serves only TCP cards for its service address; this one \
                     is for {dst}, and it drops it",
                    "il bilanciatore serve solo carte TCP per il suo indirizzo di servizio; \
                     questa è per {dst}, e la scarta"
                );
                self.discard(node, id, why, RFC_ENCAPSULATE);
            }
        }
    }

    /// Carries out an encapsulation of card `id` at balancer `node`, as written: the
    /// connection is remembered on the outer destination, the card leaves wrapped for the
    /// balancer's router.
    ///
    /// Deliberate choice, for a protocol box that is not 4: the bytes would leave with an
    /// outer header saying e.g. 6 (TCP) over an inner IP header; the backend would read
    /// that IP header as a TCP header, its checksum would fail and the datagram would be
    /// dropped there (RFC 9293 §3.1). The game drops it at the balancer with that
    /// sentence, since such a card cannot be drawn as IP in IP.
    pub(super) fn encapsulate(&mut self, node: NodeId, id: CardId, tunnel: &Tunnel) {
        let Some(packet) = self.cards.get(&id).map(|r| r.packet.clone()) else {
            return;
        };
        let Some(router) = self.node(node).and_then(|n| match n.role {
            Role::Balancer { router, .. } => Some(router),
            _ => None,
        }) else {
            return;
        };
        let ident = self.next_ident();
        let Some(wrapped) = tunnel.wrap(&packet, ident) else {
            let p = tunnel.protocol;
            let why = text!(
                "an outer header with protocol {p} does not carry IP in IP: the backend \
                 reads the inner IP header as protocol {p}, its checksum fails and the \
                 datagram is dropped",
                "un'intestazione esterna con protocollo {p} non trasporta IP in IP: il \
                 backend legge l'intestazione IP interna come protocollo {p}, il checksum \
                 non torna e il datagramma viene scartato"
            );
            self.discard(node, id, why, RFC_ENCAPSULATE);
            return;
        };
        if let (Packet::Tcp { seg, .. }, Some(Role::Balancer { lb, .. })) =
            (&packet, self.node_mut(node).map(|n| &mut n.role))
        {
            lb.remember(seg.src, tunnel.dst);
        }
        let (src, dst, ttl) = (tunnel.src, tunnel.dst, tunnel.ttl);
        let why = text!(
            "wrap it in a new IP header {src} → {dst} (protocol 4, TTL {ttl}) for the backend",
            "incapsulala in una nuova intestazione IP {src} → {dst} (protocollo 4, TTL {ttl}) \
             per il backend"
        );
        self.decided(node, id, why, RFC_ENCAPSULATE);
        if let Some(r) = self.cards.get_mut(&id) {
            r.packet = wrapped;
            r.place = Place::Inbox {
                node,
                arrived: self.now,
                bot_at: None,
            };
        }
        self.depart(id, node, router);
    }
}

impl World {
    /// What the referee knows of balancer `node` when it decides about `packet`.
    pub(super) fn balancer_facts(&self, node: NodeId, packet: &Packet) -> Option<BalancerFacts> {
        let (n, lb) = self.lb(node)?;
        let backends: Vec<(String, Ipv4Addr)> = lb
            .backends
            .iter()
            .map(|a| {
                let name = self
                    .host_at(*a)
                    .map_or_else(String::new, |b| b.name.clone());
                (name, *a)
            })
            .collect();
        let mut facts = BalancerFacts {
            own: n.addr,
            vip: lb.vip,
            backends,
            flow: None,
            next: lb.next_backend(),
        };
        facts.flow = facts.client_of(packet).and_then(|c| lb.backend_of(c));
        Some(facts)
    }

    /// A person's choice at the balancer, refereed ([`check::check_balancer_choice`]) and
    /// carried out as written in real mode: a wrong tunnel travels and fails where the
    /// network makes it fail (a NAT'ed inner datagram is answered from the backend's own
    /// address and the client's stack refuses it with a RST; a connection moved to the
    /// other backend meets a RST there).
    pub(super) fn balancer_card(&mut self, node: NodeId, id: CardId, choice: &RouterChoice) {
        let Some(packet) = self.cards.get(&id).map(|r| r.packet.clone()) else {
            return;
        };
        let Some(facts) = self.balancer_facts(node, &packet) else {
            return;
        };
        let verdict = check::check_balancer_choice(&facts, &packet, choice);
        // A wrong tunnel goes back as the card it would have made, both headers shown.
        let made = match choice {
            RouterChoice::Encapsulate(t) => t.wrap(&packet, 0),
            _ => None,
        };
        if self.coach_rejects(node, &verdict, made) {
            return;
        }
        // The verdict follows the card out, so the debrief finds the tunnel it judged.
        match choice {
            RouterChoice::Encapsulate(tunnel) => self.encapsulate(node, id, tunnel),
            RouterChoice::IcmpUnreachable { code } => {
                self.balancer_icmp(node, id, &packet, dest_unreachable, *code);
            }
            RouterChoice::IcmpTimeExceeded => {
                self.balancer_icmp(node, id, &packet, time_exceeded, 0);
            }
            RouterChoice::Drop => self.discard_by_player(node, id),
            RouterChoice::Deliver | RouterChoice::Forward { .. } | RouterChoice::Keep => {
                let vip = facts.vip;
                let why = text!(
                    "nobody else has {vip}, and the balancer serves no telnet itself: the \
                     card is lost",
                    "nessun altro ha {vip}, e il bilanciatore non ha un telnet suo: la carta \
                     è persa"
                );
                self.discard(node, id, why, RFC_ENCAPSULATE);
            }
        }
        self.announce(node, id, verdict);
    }

    /// The balancer answers card `id` with an ICMP error from its own address, quoting it
    /// (RFC 792), as a router answers one ([`World::icmp_about`], [`World::answer`]).
    fn balancer_icmp(
        &mut self,
        node: NodeId,
        id: CardId,
        packet: &Packet,
        msg_of: fn(u8, Vec<u8>) -> IcmpMessage,
        code: u8,
    ) {
        match self.icmp_about(node, packet, msg_of, code) {
            Some(icmp) => {
                let why = text!(
                    "the balancer answered with an ICMP error",
                    "il bilanciatore ha risposto con un errore ICMP"
                );
                self.answer(node, id, icmp, why, "RFC 792");
            }
            None => self.discard_by_player(node, id),
        }
    }

    /// What the balancer's desk says: a card to wrap, or waiting for one.
    pub(super) fn balancer_task(&self, node: NodeId) -> (bool, Text) {
        match self.first_sender(node) {
            Some(src) => (
                true,
                text!(
                    "your move: wrap the card from {src} in a new IP header for a backend \
                     (the same one for every card of its connection)",
                    "tocca a te: avvolgi la carta da {src} in una nuova intestazione IP per un \
                     backend (lo stesso per ogni carta della sua connessione)"
                ),
            ),
            None => (
                false,
                text!(
                    "waiting for a card for the service address",
                    "in attesa di una carta per l'indirizzo di servizio"
                ),
            ),
        }
    }

    /// The balancer's hint: the tunnel its bot would write for the first card.
    pub(super) fn balancer_hint(&self, node: NodeId) -> Text {
        let Some(packet) = self
            .inbox_ids(node)
            .first()
            .and_then(|id| self.cards.get(id))
            .map(|r| r.packet.clone())
        else {
            return text!(
                "your inbox is empty: wait for a card",
                "non ti è arrivata nessuna carta: aspettane una"
            );
        };
        match self.tunnel_for(node, &packet) {
            Some(tunnel) => {
                let t = tunnel.text();
                let (en, it) = (&t.en, t.it.as_deref().unwrap_or(&t.en));
                text!("{en}", "{it}")
            }
            None => text!(
                "this card is not for the service address: drop it",
                "questa carta non è per l'indirizzo di servizio: scartala"
            ),
        }
    }
}

#[cfg(test)]
mod tests;
