//! The routers of the world: round 6's routes for the router bots, a router bot's
//! decision, and carrying out any router's decision (deliver, forward, keep, answer with an
//! ICMP error, discard), with the sentence and the rule of each.

/// RFC 1812 §5.2.1 (forwarding walk-through) for the router decisions the world describes.
pub(super) const RFC_FORWARD: &str = "RFC 1812 §5.2.1";

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::addr::{Ipv4Addr, Prefix};
use crate::route::{Forwarding, NextHop, Route};
use crate::text::{Text, text};
use crate::wire::{self, IcmpMessage, IpMeta, Packet};

use super::World;
use super::event::{EventKind, RouteEdit};
use super::flight::Place;
use super::topology::{CardId, NodeId, Role, Seat};
use crate::route::BACKBONE_IFACE;

impl World {
    pub(super) fn has_backbone(&self) -> bool {
        self.nodes.iter().any(|n| {
            matches!(
                n.role,
                Role::Router {
                    backbone_addr: Some(_),
                    ..
                }
            )
        })
    }

    /// Round 6: every router bot learns a route to every other team's LAN.
    ///
    /// Deliberate choice: the routes are added for *all* router bots the first time any
    /// team starts the round, not team by team, because an answer must find its way back:
    /// a SYN/ACK needs the other team's router to know our LAN. The next hop follows the
    /// backbone links (shortest path, so a chain A–B–C sends C's traffic through B); with
    /// no links drawn the backbone is one shared network and the next hop is the router
    /// itself. Routers played by people are left alone: writing the table is their round.
    pub(super) fn open_routes(&mut self) {
        if self.routes_opened {
            return;
        }
        self.routes_opened = true;
        let lans: Vec<(usize, Prefix)> = self.teams.iter().map(|t| (t.index, t.lan)).collect();
        for from in 0..self.teams.len() {
            let Some(router_id) = self.teams.get(from).map(|t| t.router) else {
                continue;
            };
            let mut added = Vec::new();
            for (to, lan) in &lans {
                if *to == from {
                    continue;
                }
                let Some(gateway) = self.next_router_addr(from, *to) else {
                    continue;
                };
                let Some(n) = self.node_mut(router_id) else {
                    continue;
                };
                if n.seat != Seat::Bot {
                    continue;
                }
                let Role::Router { router, .. } = &mut n.role else {
                    continue;
                };
                if router.table.routes().iter().any(|r| r.prefix == *lan) {
                    continue;
                }
                let route = Route {
                    prefix: *lan,
                    next_hop: NextHop::Gateway(gateway),
                    iface: BACKBONE_IFACE,
                };
                router.table.add(route);
                added.push(route);
            }
            for route in added {
                self.emit(EventKind::BotMove {
                    node: router_id,
                    text: format!("add route {} via {}", route.prefix, gateway_text(&route)),
                });
                self.emit(EventKind::RouteChanged {
                    node: router_id,
                    edit: RouteEdit::Add(route),
                });
            }
        }
    }

    /// The backbone address of the first router on the way from team `from` to team `to`:
    /// breadth-first along the backbone links; directly when no path is drawn.
    pub(super) fn next_router_addr(&self, from: usize, to: usize) -> Option<Ipv4Addr> {
        let router_of = |t: usize| self.teams.get(t).map(|v| v.router);
        let (start, goal) = (router_of(from)?, router_of(to)?);
        let mut first_hop: crate::sorted::SortedMap<NodeId, NodeId> = Default::default();
        let mut queue = alloc::collections::VecDeque::new();
        queue.push_back(start);
        first_hop.insert(start, start);
        while let Some(at) = queue.pop_front() {
            if at == goal {
                break;
            }
            for l in self.links.iter().filter(|l| l.backbone) {
                let next = if l.a == at {
                    l.b
                } else if l.b == at {
                    l.a
                } else {
                    continue;
                };
                if first_hop.contains_key(&next) {
                    continue;
                }
                let hop = if at == start {
                    next
                } else {
                    first_hop.get(&at).copied().unwrap_or(next)
                };
                first_hop.insert(next, hop);
                queue.push_back(next);
            }
        }
        let hop = first_hop.get(&goal).copied().unwrap_or(goal);
        let hop = if hop == start { goal } else { hop };
        match self.node(hop)?.role {
            Role::Router { backbone_addr, .. } => backbone_addr,
            Role::Host { .. } | Role::Balancer { .. } => None,
        }
    }

    /// The neighbour of router `router` that owns `addr`: a host of its LAN, or another
    /// router on the backbone.
    pub(super) fn neighbour(&self, router: NodeId, addr: Ipv4Addr) -> Option<NodeId> {
        let r = self.node(router)?;
        let team = self.teams.get(r.team)?;
        if team.lan.contains(addr) {
            return self
                .nodes
                .iter()
                .find(|n| n.team == r.team && n.answers_to(addr))
                .map(|n| n.id);
        }
        if !matches!(
            r.role,
            Role::Router {
                backbone_addr: Some(_),
                ..
            }
        ) {
            return None;
        }
        self.nodes
            .iter()
            .find(|n| matches!(n.role, Role::Router { backbone_addr: Some(b), .. } if b == addr))
            .map(|n| n.id)
    }

    pub(super) fn host_exists(&self, addr: Ipv4Addr) -> bool {
        self.nodes.iter().any(|n| n.answers_to(addr))
    }

    /// A router bot decides about a card of its inbox, as RFC 1812 says.
    pub(super) fn router_bot(&mut self, id: CardId) {
        let Some(record) = self.cards.get(&id) else {
            return;
        };
        let Place::Inbox { node, .. } = record.place else {
            return;
        };
        if self.lb(node).is_some() {
            self.balancer_bot(node, id);
            return;
        }
        let packet = record.packet.clone();
        let ident = self.next_ident();
        let Some(Role::Router { router, .. }) = self.node(node).map(|n| &n.role) else {
            return;
        };
        let decision = router.forward(&packet, |a| self.host_exists(a), ident);
        self.carry_out(node, id, decision);
    }

    /// Applies a router's decision to card `id` in its inbox. A decision of
    /// [`Router::forward`] (a bot's) explains an ICMP error or a drop with its own reason,
    /// which `route.rs` writes in English only.
    pub(super) fn carry_out(&mut self, node: NodeId, id: CardId, decision: Forwarding) {
        match decision {
            Forwarding::Deliver { to, packet, .. } => {
                let ttl = packet.ttl();
                let switched = match self.node(node).map(|n| &n.role) {
                    Some(Role::Router { router, .. }) => router.switches(&packet).is_some(),
                    _ => false,
                };
                let text = if switched {
                    text!(
                        "hand over inside the LAN to {to}, as a switch does (TTL stays {ttl})",
                        "consegna dentro la LAN a {to}, come fa uno switch (il TTL resta {ttl})"
                    )
                } else {
                    text!(
                        "deliver on the LAN to {to} (TTL now {ttl})",
                        "consegna sulla LAN a {to} (ora il TTL è {ttl})"
                    )
                };
                self.pass_on(node, id, to, packet, text);
            }
            Forwarding::Forward {
                gateway, packet, ..
            } => {
                let (dst, ttl) = (packet.dst(), packet.ttl());
                let text = text!(
                    "forward to the router {gateway} for {dst} (TTL now {ttl})",
                    "inoltro al router {gateway} per {dst} (ora il TTL è {ttl})"
                );
                self.pass_on(node, id, gateway, packet, text);
            }
            Forwarding::ForMe { packet } => self.keep(node, id, &packet),
            Forwarding::Reply { icmp, reason, rfc } => {
                self.answer(node, id, icmp, reason, rfc);
            }
            Forwarding::Discard { reason, rfc } => self.discard(node, id, reason, rfc),
        }
    }

    /// Card `id` is addressed to the router itself. A router is a host for its own
    /// addresses (RFC 1812 §4.2.2.1) and runs no TCP service in the game, so a TCP card
    /// gets what any host answers on a closed port: a RST (RFC 9293 §3.10.7.1), never
    /// silence that would leave its sender retransmitting. A RST or an ICMP message is
    /// read and not answered (a RST is never answered; RFC 1122 §3.2.2: no error about
    /// an error).
    pub(super) fn keep(&mut self, node: NodeId, id: CardId, packet: &Packet) {
        self.cards.remove(&id);
        let seg = match packet {
            Packet::Tcp { seg, .. } if !seg.flags.rst() => seg,
            _ => {
                let text = text!(
                    "addressed to the router itself: it reads it, and there is nothing to \
                     answer",
                    "indirizzata al router stesso: la legge, e non c'è niente a cui rispondere"
                );
                self.decided(node, id, text.clone(), "RFC 9293 §3.10.7.1");
                self.dropped(id, node, text);
                return;
            }
        };
        let rst = crate::tcp::tcb::reset_for(seg);
        let port = seg.dst.port;
        let (seq, ack) = (rst.seq, rst.ack);
        let text = if rst.flags.ack() {
            text!(
                "addressed to the router itself, where nothing listens on port {port}: its \
                 own TCP answers RST+ACK seq {seq} ack {ack}",
                "indirizzata al router stesso, dove nessuno è in ascolto sulla porta {port}: \
                 il suo TCP risponde RST+ACK seq {seq} ack {ack}"
            )
        } else {
            text!(
                "addressed to the router itself, where nothing listens on port {port}: its \
                 own TCP answers RST seq {seq} (their ack)",
                "indirizzata al router stesso, dove nessuno è in ascolto sulla porta {port}: \
                 il suo TCP risponde RST seq {seq} (il loro ack)"
            )
        };
        self.decided(node, id, text.clone(), "RFC 9293 §3.10.7.1");
        let ident = self.next_ident();
        let reply = Packet::Tcp {
            meta: IpMeta { ttl: 64, ident },
            seg: rst,
        };
        self.originate(node, reply, text);
    }

    /// The router (or the balancer) answers card `id` with an ICMP error instead of passing
    /// it on.
    pub(super) fn answer(&mut self, node: NodeId, id: CardId, icmp: Packet, why: Text, rfc: &str) {
        self.cards.remove(&id);
        self.decided(node, id, why.clone(), rfc);
        self.originate(node, icmp, why);
    }

    /// The router throws card `id` away.
    pub(super) fn discard(&mut self, node: NodeId, id: CardId, why: Text, rfc: &str) {
        self.cards.remove(&id);
        self.decided(node, id, why.clone(), rfc);
        self.dropped(id, node, why);
    }

    pub(super) fn decided(&mut self, node: NodeId, card: CardId, decision: Text, rfc: &str) {
        self.emit(EventKind::RouterDecision {
            node,
            card,
            decision,
            rfc: String::from(rfc),
        });
    }

    /// The card goes on towards `addr` with its new TTL.
    pub(super) fn pass_on(
        &mut self,
        node: NodeId,
        id: CardId,
        addr: Ipv4Addr,
        packet: Packet,
        text: Text,
    ) {
        self.decided(node, id, text, RFC_FORWARD);
        let Some(next) = self.neighbour(node, addr) else {
            self.cards.remove(&id);
            self.dropped(
                id,
                node,
                text!(
                    "nobody has the address {addr} on that network",
                    "nessuno ha l'indirizzo {addr} su quella rete"
                ),
            );
            return;
        };
        if let Some(r) = self.cards.get_mut(&id) {
            r.packet = packet;
        }
        self.depart(id, node, next);
    }

    /// A router or the balancer sends a packet of its own (an ICMP error).
    pub(super) fn originate(&mut self, node: NodeId, packet: Packet, reason: Text) {
        let dst = packet.dst();
        // A router looks the way back up in its table; the balancer, a host of its LAN,
        // hands everything to its router/switch.
        let next = match self.node(node).map(|n| &n.role) {
            Some(Role::Router { router, .. }) => router
                .table
                .lookup(dst)
                .map(|r| match r.next_hop {
                    NextHop::Direct => dst,
                    NextHop::Gateway(g) => g,
                })
                .and_then(|h| self.neighbour(node, h)),
            Some(Role::Balancer { router, .. }) => Some(*router),
            _ => return,
        };
        match next {
            Some(next) => {
                let card = self.send_new(node, next, packet.clone(), false, None);
                self.emit(EventKind::IcmpSent {
                    node,
                    card,
                    packet,
                    reason,
                });
            }
            None => {
                let text = text!(
                    "the ICMP error for {dst} cannot be sent: no route back",
                    "l'errore ICMP per {dst} non si può inviare: nessuna rotta per tornare \
                     indietro"
                );
                self.decided(node, CardId(0), text, "RFC 1812 §4.3.2.1");
            }
        }
    }

    /// The ICMP error a router writes about `packet` (RFC 792: it quotes the IP header and
    /// the first 8 bytes; RFC 1812 §4.3.2.4: from the interface facing the source).
    pub(super) fn icmp_about(
        &mut self,
        router: NodeId,
        packet: &Packet,
        msg_of: fn(u8, Vec<u8>) -> IcmpMessage,
        code: u8,
    ) -> Option<Packet> {
        let src_side = self.router_addr_towards(router, packet.src())?;
        let quoted = wire::quote(&packet.encode());
        let ident = self.next_ident();
        Some(Packet::Icmp {
            src: src_side,
            dst: packet.src(),
            meta: IpMeta { ttl: 64, ident },
            msg: msg_of(code, quoted),
        })
    }

    /// The router's own address on the side of `addr` (the balancer has one address).
    pub(super) fn router_addr_towards(&self, router: NodeId, addr: Ipv4Addr) -> Option<Ipv4Addr> {
        let n = self.node(router)?;
        let lan = self.teams.get(n.team)?.lan;
        match n.role {
            Role::Router {
                backbone_addr: Some(b),
                ..
            } if !lan.contains(addr) => Some(b),
            Role::Router { .. } | Role::Balancer { .. } => Some(n.addr),
            Role::Host { .. } => None,
        }
    }

    // ----- actions -----
}

pub(super) fn gateway_text(route: &Route) -> String {
    match route.next_hop {
        NextHop::Direct => String::from("the LAN"),
        NextHop::Gateway(g) => format!("{g}"),
    }
}

pub(super) fn dest_unreachable(code: u8, quoted: Vec<u8>) -> IcmpMessage {
    IcmpMessage::DestUnreachable { code, quoted }
}

pub(super) fn time_exceeded(code: u8, quoted: Vec<u8>) -> IcmpMessage {
    IcmpMessage::TimeExceeded { code, quoted }
}
