//! How cards move: sent on a link, arriving at a router or a host, decided by a bot or a
//! person, and what the hosts' TCP makes of them.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::addr::{Ipv4Addr, Prefix};
use crate::bot::{self, ClientContext, HostBot, Request};
use crate::card::{Card, RouterChoice};
use crate::check::{self, Verdict};
use crate::host::Host;
use crate::route::{Forwarding, NextHop, Route, Router};
use crate::segment::TcpSegment;
use crate::text::{Text, text};
use crate::time::Instant;
use crate::wire::{self, IcmpMessage, IpMeta, Packet};

use super::event::{Action, ActionError, EventKind, MistakeNote, RouteEdit};
use super::flight::{CardRecord, Leg, Place};
use super::topology::{CardId, NodeId, Role, Seat, server_endpoint};
use super::{INBOX_LIMIT, World};
use crate::route::{BACKBONE_IFACE, LAN_IFACE};

/// RFC 1812 §5.2.1 (forwarding walk-through) for the router decisions the world describes.
const RFC_FORWARD: &str = "RFC 1812 §5.2.1";

impl World {
    fn new_card_id(&mut self) -> CardId {
        let id = CardId(self.next_card);
        self.next_card = self.next_card.wrapping_add(1);
        id
    }

    pub(super) fn next_ident(&mut self) -> u16 {
        self.ip_ident = self.ip_ident.wrapping_add(1);
        self.ip_ident
    }

    /// Puts a new card on the link `from` → `to`.
    pub(super) fn send_new(
        &mut self,
        from: NodeId,
        to: NodeId,
        packet: Packet,
        forged: bool,
        fault: Option<crate::fault::FaultKind>,
    ) -> CardId {
        let id = self.new_card_id();
        let record = CardRecord {
            packet,
            place: Place::Inbox {
                node: from,
                arrived: self.now,
                bot_at: None,
            },
            forged,
            fault,
            lost: None,
        };
        self.cards.insert(id, record);
        self.depart(id, from, to);
        id
    }

    /// The card `id` (already in the map) leaves `from` for `to` now. Loss and the pending
    /// faults of the link are applied here, when the card enters the link.
    pub(super) fn depart(&mut self, id: CardId, from: NodeId, to: NodeId) {
        let delay = self.settings.link_delay;
        let leg = Leg {
            from,
            to,
            depart: self.now,
            arrive: self.now + delay,
        };
        let Some(record) = self.cards.get_mut(&id) else {
            return;
        };
        record.place = Place::Flying(leg);
        let packet = record.packet.clone();
        let forged = record.forged;
        let fault = record.fault.clone();
        self.emit(EventKind::CardSent {
            card: id,
            from,
            to,
            packet,
            arrive: leg.arrive,
            forged,
            fault,
        });
        self.release_held_by(id, from, to, leg.arrive);
        self.apply_link_faults(id, from, to);
        if self.settings.loss_percent > 0 {
            let roll = crate::rng::Rng::below(&mut self.rng, 100);
            if roll < u64::from(self.settings.loss_percent) {
                let percent = self.settings.loss_percent;
                let text = text!(
                    "lost on the link ({percent}% of cards are lost in this scenario)",
                    "persa sul collegamento (in questo scenario si perde il {percent}% delle carte)"
                );
                if let Some(r) = self.cards.get_mut(&id) {
                    r.lost.get_or_insert(text);
                }
            }
        }
    }

    /// A card reaches the end of its link.
    pub(super) fn arrive(&mut self, id: CardId) {
        let Some(record) = self.cards.get(&id) else {
            return;
        };
        let Place::Flying(leg) = record.place else {
            return;
        };
        if let Some(reason) = record.lost.clone() {
            self.cards.remove(&id);
            self.dropped(id, leg.to, reason);
            return;
        }
        let packet = record.packet.clone();
        let forged = record.forged;
        let Some(node) = self.node(leg.to) else {
            self.cards.remove(&id);
            return;
        };
        let is_router = matches!(node.role, Role::Router { .. });
        let seat = node.seat;
        self.emit(EventKind::CardArrived {
            card: id,
            node: leg.to,
            packet: packet.clone(),
        });
        if is_router {
            let bot_at = (seat == Seat::Bot).then(|| self.now + self.think());
            if let Some(r) = self.cards.get_mut(&id) {
                r.place = Place::Inbox {
                    node: leg.to,
                    arrived: self.now,
                    bot_at,
                };
            }
            return;
        }
        if seat == Seat::Human {
            if let Some(r) = self.cards.get_mut(&id) {
                r.place = Place::Inbox {
                    node: leg.to,
                    arrived: self.now,
                    bot_at: None,
                };
            }
            self.trim_inbox(leg.to);
        } else {
            self.cards.remove(&id);
        }
        self.deliver(leg.to, &packet, forged);
    }

    /// A human host's inbox keeps only the latest cards: its stack has read them all.
    fn trim_inbox(&mut self, node: NodeId) {
        let mine: Vec<CardId> = self.inbox_ids(node);
        let extra = mine.len().saturating_sub(INBOX_LIMIT);
        for id in mine.into_iter().take(extra) {
            self.cards.remove(&id);
        }
    }

    /// A person's card answers the cards of its own connection that wait on their desk
    /// (same two endpoints, reversed): those leave the desk. Cards of other connections
    /// stay — a server with two clients answers the second SYN after the first (seed 000:
    /// "Those are two different connections … every connection has its own stream").
    fn clear_answered(&mut self, node: NodeId, sent: &Packet) {
        let Packet::Tcp { seg: out, .. } = sent else {
            return;
        };
        for id in self.inbox_ids(node) {
            let same_connection = self.cards.get(&id).is_some_and(|r| match &r.packet {
                Packet::Tcp { seg, .. } => seg.src == out.dst && seg.dst == out.src,
                Packet::Icmp { .. } => false,
            });
            if same_connection {
                self.cards.remove(&id);
            }
        }
    }

    /// The cards in a node's inbox, oldest first.
    pub(super) fn inbox_ids(&self, node: NodeId) -> Vec<CardId> {
        let mut mine: Vec<(Instant, CardId)> = self
            .cards
            .iter()
            .filter_map(|(id, r)| match r.place {
                Place::Inbox {
                    node: n, arrived, ..
                } if n == node => Some((arrived, *id)),
                _ => None,
            })
            .collect();
        crate::sorted::sort_small_by(&mut mine, Ord::cmp);
        mine.into_iter().map(|(_, id)| id).collect()
    }

    pub(super) fn dropped(&mut self, id: CardId, node: NodeId, reason: Text) {
        self.emit(EventKind::CardDropped {
            card: id,
            node,
            reason,
        });
    }

    /// A packet reaches its host: TCP goes to the stack, ICMP errors to the connection they
    /// quote (RFC 1122 §4.2.3.9).
    fn deliver(&mut self, to: NodeId, packet: &Packet, forged: bool) {
        let now = self.now;
        let Some(Role::Host { host, .. }) = self.node_mut(to).map(|n| &mut n.role) else {
            return;
        };
        match packet {
            Packet::Tcp { seg, .. } => host.on_segment(seg, now),
            Packet::Icmp { msg, .. } => {
                if let Some(quoted) = msg.quoted() {
                    host.on_icmp_error(msg.icmp_type(), msg.code(), quoted, now);
                }
            }
        }
        self.drain_host(to);
        self.goals_after_delivery(to, packet, forged);
        self.wake_bot(to);
    }

    /// Reports a host's reactions as events and reads the goals in them.
    pub(super) fn drain_host(&mut self, node: NodeId) {
        let Some(Role::Host { host, .. }) = self.node_mut(node).map(|n| &mut n.role) else {
            return;
        };
        let events = host.take_events();
        for event in events {
            self.emit(EventKind::Host {
                node,
                event: event.clone(),
            });
            self.goals_from_host_event(node, &event);
        }
    }

    /// Schedules the node's bot a think-time from now, unless it plays sooner anyway.
    pub(super) fn wake_bot(&mut self, node: NodeId) {
        let at = self.now + self.think();
        if let Some(n) = self.node_mut(node)
            && n.seat == Seat::Bot
            && matches!(n.role, Role::Host { .. })
        {
            n.wake = Some(n.wake.map_or(at, |w| w.min(at)));
        }
    }

    /// A bot host hands everything its stack wants to transmit to its router.
    fn transmit(&mut self, node: NodeId) {
        let Some(n) = self.node_mut(node) else { return };
        if n.seat != Seat::Bot {
            return;
        }
        let Role::Host { host, router, .. } = &mut n.role else {
            return;
        };
        let router = *router;
        for seg in host.take_outbox() {
            let packet = Packet::Tcp {
                meta: IpMeta::default(),
                seg,
            };
            self.send_new(node, router, packet, false, None);
        }
    }

    /// TCP timers (retransmission, TIME-WAIT); a bot retransmits at once, as a kernel does.
    pub(super) fn timer(&mut self, node: NodeId) {
        let now = self.now;
        if let Some(Role::Host { host, .. }) = self.node_mut(node).map(|n| &mut n.role) {
            host.poll(now);
        }
        self.drain_host(node);
        self.transmit(node);
    }

    /// A host bot's turn: the round it plays, then what its stack transmits.
    pub(super) fn bot_turn(&mut self, node: NodeId) {
        let Some(n) = self.node_mut(node) else { return };
        n.wake = None;
        if n.seat != Seat::Bot {
            return;
        }
        let team = n.team;
        let context = self.client_context(node, team);
        let now = self.now;
        let ports = self
            .teams
            .get(team)
            .map(|t| t.server_ports.clone())
            .unwrap_or_default();
        let Some(Role::Host { host, bot, .. }) = self.node_mut(node).map(|n| &mut n.role) else {
            return;
        };
        let moves = match bot {
            HostBot::Server => bot::serve(host, &ports, now),
            HostBot::Client(client) => match &context {
                Some((name, ctx_parts)) => {
                    let ctx = ClientContext {
                        goal: ctx_parts.goal,
                        name,
                        own_server: ctx_parts.own_server,
                        across_server: ctx_parts.across_server,
                        unknown: ctx_parts.unknown,
                        server_ports: &ports,
                    };
                    client.play(host, &ctx, now)
                }
                None => bot::Moves::default(),
            },
        };
        for text in moves.done {
            self.emit(EventKind::BotMove { node, text });
        }
        for request in moves.requests {
            match request {
                Request::Forgery => {
                    if self.attacker && !self.attacks.contains_key(&team) {
                        self.attacks.insert(team, now + self.think());
                    }
                }
                Request::Routes => self.open_routes(),
            }
        }
        self.drain_host(node);
        self.transmit(node);
    }

    /// What a client bot needs to know, if it is the one that plays its team's rounds:
    /// the first client, and only when no person plays a client of the team.
    fn client_context(&self, node: NodeId, team: usize) -> Option<(String, ContextParts)> {
        let t = self.teams.get(team)?;
        let humans = t
            .clients
            .iter()
            .any(|c| self.node(*c).is_some_and(|n| n.seat == Seat::Human));
        if humans || t.clients.first() != Some(&node) {
            return None;
        }
        let goal = self.current_goal(team);
        if goal.is_some_and(|g| self.ahead_of_people(team, g)) {
            return None;
        }
        let own_server = server_endpoint(t, &self.nodes)?;
        let across_server = if self.teams.len() > 1 && self.has_backbone() {
            self.teams
                .get((team + 1) % self.teams.len())
                .and_then(|next| server_endpoint(next, &self.nodes))
        } else {
            None
        };
        Some((
            self.node(node)?.name.clone(),
            ContextParts {
                goal,
                own_server,
                across_server,
                unknown: self.unknown,
            },
        ))
    }

    /// With `bots_wait` (a scenario setting), whether bot team `team` should hold back
    /// from `goal`: it would start a round the slowest team played by people has not
    /// started, and so run more than a round ahead of the class.
    fn ahead_of_people(&self, team: usize, goal: crate::score::Goal) -> bool {
        if !self.settings.bots_wait {
            return false;
        }
        let index = |g: Option<crate::score::Goal>| {
            g.and_then(|g| self.goals.iter().position(|x| *x == g))
                .unwrap_or(usize::MAX)
        };
        let slowest = (0..self.teams.len())
            .filter(|t| *t != team && self.race.is_played(*t))
            .map(|t| index(self.current_goal(t)))
            .min();
        slowest.is_some_and(|s| index(Some(goal)) > s)
    }

    fn has_backbone(&self) -> bool {
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
    fn next_router_addr(&self, from: usize, to: usize) -> Option<Ipv4Addr> {
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
            Role::Host { .. } => None,
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
                .find(|n| n.team == r.team && n.addr == addr && matches!(n.role, Role::Host { .. }))
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

    fn host_exists(&self, addr: Ipv4Addr) -> bool {
        self.nodes
            .iter()
            .any(|n| n.addr == addr && matches!(n.role, Role::Host { .. }))
    }

    /// A router bot decides about a card of its inbox, as RFC 1812 says.
    pub(super) fn router_bot(&mut self, id: CardId) {
        let Some(record) = self.cards.get(&id) else {
            return;
        };
        let Place::Inbox { node, .. } = record.place else {
            return;
        };
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
    fn carry_out(&mut self, node: NodeId, id: CardId, decision: Forwarding) {
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
    fn keep(&mut self, node: NodeId, id: CardId, packet: &Packet) {
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

    /// The router answers card `id` with an ICMP error instead of passing it on.
    fn answer(&mut self, node: NodeId, id: CardId, icmp: Packet, why: Text, rfc: &str) {
        self.cards.remove(&id);
        self.decided(node, id, why.clone(), rfc);
        self.originate(node, icmp, why);
    }

    /// The router throws card `id` away.
    fn discard(&mut self, node: NodeId, id: CardId, why: Text, rfc: &str) {
        self.cards.remove(&id);
        self.decided(node, id, why.clone(), rfc);
        self.dropped(id, node, why);
    }

    fn decided(&mut self, node: NodeId, card: CardId, decision: Text, rfc: &str) {
        self.emit(EventKind::RouterDecision {
            node,
            card,
            decision,
            rfc: String::from(rfc),
        });
    }

    /// The card goes on towards `addr` with its new TTL.
    fn pass_on(&mut self, node: NodeId, id: CardId, addr: Ipv4Addr, packet: Packet, text: Text) {
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

    /// A router sends a packet of its own (an ICMP error), routed by its table.
    pub(super) fn originate(&mut self, node: NodeId, packet: Packet, reason: Text) {
        let dst = packet.dst();
        let Some(Role::Router { router, .. }) = self.node(node).map(|n| &n.role) else {
            return;
        };
        let hop = router.table.lookup(dst).map(|r| match r.next_hop {
            NextHop::Direct => dst,
            NextHop::Gateway(g) => g,
        });
        match hop.and_then(|h| self.neighbour(node, h)) {
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

    /// The router's own address on the side of `addr`.
    fn router_addr_towards(&self, router: NodeId, addr: Ipv4Addr) -> Option<Ipv4Addr> {
        let n = self.node(router)?;
        let lan = self.teams.get(n.team)?.lan;
        match n.role {
            Role::Router {
                backbone_addr: Some(b),
                ..
            } if !lan.contains(addr) => Some(b),
            Role::Router { .. } => Some(n.addr),
            Role::Host { .. } => None,
        }
    }

    // ----- actions -----

    pub(super) fn validate(&self, action: &Action) -> Result<(), ActionError> {
        let node_of = |id: NodeId| {
            self.node(id).ok_or_else(|| {
                let n = id.0;
                ActionError::new(text!(
                    "there is no node {n} in this game",
                    "in questa partita non c'è nessun nodo {n}"
                ))
            })
        };
        match action {
            Action::SetSeat { node, .. } | Action::RequestHint { node } => {
                node_of(*node)?;
            }
            Action::WriteCard { node, .. } => {
                let n = node_of(*node)?;
                let name = &n.name;
                if !matches!(n.role, Role::Host { .. }) {
                    return Err(ActionError::new(text!(
                        "{name} is a router: a router does not write cards, it routes them",
                        "{name} è un router: un router non scrive carte, le instrada"
                    )));
                }
                human(n)?;
            }
            Action::RouteCard { node, card, .. } => {
                let n = node_of(*node)?;
                let name = &n.name;
                if !matches!(n.role, Role::Router { .. }) {
                    return Err(ActionError::new(text!(
                        "{name} is not a router: only routers route cards",
                        "{name} non è un router: solo i router instradano le carte"
                    )));
                }
                human(n)?;
                if !self.inbox_ids(*node).contains(card) {
                    let c = card.0;
                    return Err(ActionError::new(text!(
                        "card {c} is not in the inbox of {name}",
                        "la carta {c} non è tra le carte arrivate a {name}"
                    )));
                }
            }
            Action::EditRoute { node, edit } => {
                let n = node_of(*node)?;
                let name = &n.name;
                let Role::Router { router, .. } = &n.role else {
                    return Err(ActionError::new(text!(
                        "{name} is not a router: only routers have a routing table",
                        "{name} non è un router: solo i router hanno una tabella di \
                         instradamento"
                    )));
                };
                match edit {
                    RouteEdit::Add(route) if route.iface >= router.interfaces.len() => {
                        let (iface, count) = (route.iface, router.interfaces.len());
                        return Err(ActionError::new(text!(
                            "{name} has no interface {iface}: it has {count}",
                            "{name} non ha l'interfaccia {iface}: ne ha {count}"
                        )));
                    }
                    // A next hop must be a neighbour: on the network of the interface the
                    // route sends cards out of, and not the router itself (RFC 1812
                    // §5.2.4.3 forwards to a gateway "on a directly connected network";
                    // RFC 1122 §3.3.1.1).
                    RouteEdit::Add(Route {
                        next_hop: NextHop::Gateway(gw),
                        iface,
                        ..
                    }) if router.owns(*gw)
                        || !router
                            .interfaces
                            .get(*iface)
                            .is_some_and(|i| i.prefix.contains(*gw)) =>
                    {
                        let nets: Vec<String> = router
                            .interfaces
                            .iter()
                            .map(|i| format!("{}", i.prefix))
                            .collect();
                        let nets = nets.join(", ");
                        return Err(ActionError::new(if router.owns(*gw) {
                            text!(
                                "{gw} is {name} itself: a route's gateway is the next router, \
                                 a neighbour",
                                "{gw} è {name} stesso: il gateway di una rotta è il prossimo \
                                 router, un vicino"
                            )
                        } else {
                            text!(
                                "{name} cannot reach the gateway {gw}: a next hop must be a \
                                 neighbour on a network {name} is attached to ({nets})",
                                "{name} non può raggiungere il gateway {gw}: il prossimo salto \
                                 deve essere un vicino su una rete a cui {name} è collegato \
                                 ({nets})"
                            )
                        }));
                    }
                    RouteEdit::Remove(prefix)
                        if !router.table.routes().iter().any(|r| r.prefix == *prefix) =>
                    {
                        return Err(ActionError::new(text!(
                            "{name} has no route for {prefix} to remove",
                            "{name} non ha nessuna rotta per {prefix} da rimuovere"
                        )));
                    }
                    _ => {}
                }
            }
            Action::InjectFault(fault) => self.validate_target(&fault.target)?,
        }
        Ok(())
    }

    pub(super) fn perform(&mut self, action: Action) {
        // A person's own move (only a person's seat writes or routes cards, and hints are
        // asked at a person's desk) makes their team one played by people in the race.
        if let Action::WriteCard { node, .. }
        | Action::RouteCard { node, .. }
        | Action::RequestHint { node } = &action
            && let Some(team) = self.node(*node).map(|n| n.team)
        {
            self.race.played(team);
        }
        match action {
            Action::SetSeat { node, seat } => self.set_seat(node, seat),
            Action::WriteCard { node, card } => self.write_card(node, &card),
            Action::RouteCard { node, card, choice } => self.route_card(node, card, &choice),
            Action::EditRoute { node, edit } => {
                if let Some(Role::Router { router, .. }) = self.node_mut(node).map(|n| &mut n.role)
                {
                    match &edit {
                        RouteEdit::Add(route) => router.table.add(*route),
                        RouteEdit::Remove(prefix) => {
                            router.table.remove(*prefix);
                        }
                    }
                }
                self.emit(EventKind::RouteChanged { node, edit });
            }
            Action::RequestHint { node } => self.hint(node),
            Action::InjectFault(fault) => self.inject(fault),
        }
    }

    fn set_seat(&mut self, node: NodeId, seat: Seat) {
        let bot_at = (seat == Seat::Bot).then(|| self.now + self.think());
        let ids = self.inbox_ids(node);
        let is_router = self
            .node(node)
            .is_some_and(|n| matches!(n.role, Role::Router { .. }));
        for id in ids {
            if let Some(r) = self.cards.get_mut(&id) {
                if is_router {
                    if let Place::Inbox { bot_at: b, .. } = &mut r.place {
                        *b = bot_at;
                    }
                } else if seat == Seat::Bot {
                    // A bot's stack already read these cards; they leave the desk.
                    self.cards.remove(&id);
                }
            }
        }
        if let Some(n) = self.node_mut(node) {
            n.seat = seat;
            n.wake = None;
        }
        self.emit(EventKind::SeatChanged { node, seat });
        self.wake_bot(node);
        // The team's client bots step aside (or back in) when a person takes a client.
        if let Some(team) = self.node(node).map(|n| n.team) {
            let clients = self
                .teams
                .get(team)
                .map(|t| t.clients.clone())
                .unwrap_or_default();
            for c in clients {
                self.wake_bot(c);
            }
        }
    }

    /// A person's card: parsed, refereed, and sent (or returned in coach mode).
    fn write_card(&mut self, node: NodeId, card: &Card) {
        let packet = match card.parse() {
            Ok(p) => p,
            Err(errors) => {
                let mistakes = errors
                    .iter()
                    .map(|e| MistakeNote {
                        field: String::from(e.field.label()),
                        expected: Text::same(String::new()),
                        got: Text::same(e.got.clone()),
                        why: e.text(),
                        rfc: String::new(),
                    })
                    .collect();
                self.reject(node, None, mistakes);
                return;
            }
        };
        let now = self.now;
        let Some(Role::Host { host, router, .. }) = self.node(node).map(|n| &n.role) else {
            return;
        };
        let router = *router;
        let result = check::check_host_card(host, &packet, now);
        let coach = self.coach();
        let (verdict, after, sent): (Verdict, Option<Host>, Packet) = match result {
            Ok(hc) => {
                let meta = match &packet {
                    Packet::Tcp { meta, .. } => *meta,
                    Packet::Icmp { .. } => IpMeta::default(),
                };
                let sent = Packet::Tcp { meta, seg: hc.sent };
                (hc.verdict, Some(hc.after), sent)
            }
            Err(verdict) => (verdict, None, packet),
        };
        let mut verdict = verdict;
        if after.is_some()
            && let Packet::Tcp { seg, .. } = &sent
        {
            verdict.add_mistakes(self.round_mistakes(node, seg));
        }
        let ok = verdict.ok() && after.is_some();
        if coach && !ok {
            self.reject(node, Some(sent), MistakeNote::all(&verdict));
            return;
        }
        if let Some(after) = after
            && let Some(Role::Host { host, .. }) = self.node_mut(node).map(|n| &mut n.role)
        {
            *host = after;
        }
        self.clear_answered(node, &sent);
        let card_id = self.send_new(node, router, sent, false, None);
        let mistakes = MistakeNote::all(&verdict);
        if !mistakes.is_empty() {
            self.mistake(node);
        }
        self.emit(EventKind::Verdict {
            node,
            card: card_id,
            mistakes,
            notes: verdict.notes,
        });
        self.drain_host(node);
    }

    /// Coach mode sends a card back; `packet` is the card as written, when it made one.
    fn reject(&mut self, node: NodeId, packet: Option<Packet>, mistakes: Vec<MistakeNote<Text>>) {
        self.emit(EventKind::CardRejected {
            node,
            packet,
            mistakes,
        });
        self.mistake(node);
    }

    pub(super) fn mistake(&mut self, node: NodeId) {
        if let Some(team) = self.node(node).map(|n| n.team) {
            self.race.mistake(team);
            self.emit(EventKind::Mistake { team, node });
        }
    }

    /// A router player's choice for a card of its inbox.
    fn route_card(&mut self, node: NodeId, id: CardId, choice: &RouterChoice) {
        let Some(packet) = self.cards.get(&id).map(|r| r.packet.clone()) else {
            return;
        };
        let Some(Role::Router { router, .. }) = self.node(node).map(|n| &n.role) else {
            return;
        };
        let verdict = check::check_router_choice(router, &packet, choice, |a| self.host_exists(a));
        // Inside one LAN the card is switched, not routed: its TTL stays (Router::switches).
        let switched = router.switches(&packet).is_some();
        let mistakes = MistakeNote::all(&verdict);
        if self.coach() && !verdict.ok() {
            self.reject(node, None, mistakes);
            return;
        }
        if !mistakes.is_empty() {
            self.mistake(node);
        }
        self.emit(EventKind::Verdict {
            node,
            card: id,
            mistakes,
            notes: verdict.notes,
        });
        let mut forwarded = packet.clone();
        if !switched {
            forwarded.set_ttl(packet.ttl().saturating_sub(1));
        }
        match choice {
            RouterChoice::Deliver => {
                let decision = Forwarding::Deliver {
                    iface: LAN_IFACE,
                    to: packet.dst(),
                    packet: forwarded,
                };
                self.carry_out(node, id, decision);
            }
            RouterChoice::Forward { gateway } => {
                let decision = Forwarding::Forward {
                    iface: BACKBONE_IFACE,
                    gateway: *gateway,
                    packet: forwarded,
                };
                self.carry_out(node, id, decision);
            }
            RouterChoice::IcmpUnreachable { code } => {
                let code = *code;
                match self.icmp_about(node, &packet, dest_unreachable, code) {
                    Some(icmp) => {
                        let why = text!(
                            "the router answered destination unreachable (code {code})",
                            "il router ha risposto con destinazione irraggiungibile \
                             (codice {code})"
                        );
                        self.answer(node, id, icmp, why, "RFC 792");
                    }
                    None => self.discard_by_player(node, id),
                }
            }
            RouterChoice::IcmpTimeExceeded => {
                match self.icmp_about(node, &packet, time_exceeded, 0) {
                    Some(icmp) => {
                        let why = text!(
                            "the router answered time exceeded",
                            "il router ha risposto con tempo scaduto"
                        );
                        self.answer(node, id, icmp, why, "RFC 792");
                    }
                    None => self.discard_by_player(node, id),
                }
            }
            RouterChoice::Drop => self.discard_by_player(node, id),
            RouterChoice::Keep => self.keep(node, id, &packet),
        }
    }

    /// The router player threw the card away (or chose an ICMP error with no way back).
    fn discard_by_player(&mut self, node: NodeId, id: CardId) {
        let why = text!(
            "the router player dropped the card",
            "chi gioca il router ha scartato la carta"
        );
        self.discard(node, id, why, "RFC 1812 §5.2.1");
    }

    /// The card the reference stack would write now, or the next move of the round.
    fn hint(&mut self, node: NodeId) {
        let Some(n) = self.node(node) else { return };
        let team = n.team;
        let text = match &n.role {
            Role::Host { host, .. } => match host.outbox().first() {
                Some(seg) => {
                    let (card, carta) = describe_segment(seg);
                    text!("write this card: {card}", "scrivi questa carta: {carta}")
                }
                None => match self.current_goal(team) {
                    Some(goal) => {
                        let crate::text::Words {
                            en: round,
                            it: manche,
                        } = goal.explain();
                        text!(
                            "nothing to answer; this round: {round}",
                            "niente a cui rispondere; in questa manche: {manche}"
                        )
                    }
                    None => text!(
                        "nothing to answer, and your team finished the race",
                        "niente a cui rispondere, e la tua squadra ha finito la gara"
                    ),
                },
            },
            Role::Router { router, .. } => match self.inbox_ids(node).first() {
                Some(id) => match self.cards.get(id) {
                    Some(r) => router_hint(router, &r.packet, |a| self.host_exists(a)),
                    None => text!("your inbox is empty", "non ti è arrivata nessuna carta"),
                },
                None => text!(
                    "your inbox is empty: wait for a card",
                    "non ti è arrivata nessuna carta: aspettane una"
                ),
            },
        };
        self.race.hint(team);
        self.emit(EventKind::Hint { node, text });
    }
}

/// What a client bot is told, gathered before its host is borrowed.
pub(super) struct ContextParts {
    goal: Option<crate::score::Goal>,
    own_server: crate::addr::Endpoint,
    across_server: Option<crate::addr::Endpoint>,
    unknown: Ipv4Addr,
}

fn human(n: &super::topology::Node) -> Result<(), ActionError> {
    if n.seat == Seat::Bot {
        let name = &n.name;
        return Err(ActionError::new(text!(
            "{name} is played by a bot: take the seat first",
            "{name} è giocato da un bot: prima prendi tu il posto"
        )));
    }
    Ok(())
}

fn gateway_text(route: &Route) -> String {
    match route.next_hop {
        NextHop::Direct => String::from("the LAN"),
        NextHop::Gateway(g) => format!("{g}"),
    }
}

fn dest_unreachable(code: u8, quoted: Vec<u8>) -> IcmpMessage {
    IcmpMessage::DestUnreachable { code, quoted }
}

fn time_exceeded(code: u8, quoted: Vec<u8>) -> IcmpMessage {
    IcmpMessage::TimeExceeded { code, quoted }
}

/// A card written out for a hint: the fields a player copies, in English and in Italian.
fn describe_segment(seg: &TcpSegment) -> (String, String) {
    let (src, dst, flags, seq) = (seg.src, seg.dst, seg.flags, seg.seq);
    let mut en = format!("from {src} to {dst}, flags {flags}, seq {seq}");
    let mut it = format!("da {src} a {dst}, flag {flags}, seq {seq}");
    if seg.flags.ack() {
        let ack = format!(", ack {}", seg.ack);
        en.push_str(&ack);
        it.push_str(&ack);
    }
    if !seg.payload.is_empty() {
        let data = String::from_utf8_lossy(&seg.payload);
        en.push_str(&format!(", data \"{data}\""));
        it.push_str(&format!(", dati \"{data}\""));
    }
    (en, it)
}

/// What a correct router would do with the first card of the inbox. The reasons of an ICMP
/// error or a drop are [`Router::forward`]'s, in English only (`route.rs` writes a `String`).
fn router_hint(router: &Router, packet: &Packet, exists: impl Fn(Ipv4Addr) -> bool) -> Text {
    match router.forward(packet, exists, 0) {
        Forwarding::Deliver { to, .. } => text!(
            "deliver it on your LAN to {to}",
            "consegnala sulla tua LAN a {to}"
        ),
        Forwarding::Forward { gateway, .. } => text!(
            "forward it to the router {gateway}",
            "inoltrala al router {gateway}"
        ),
        Forwarding::ForMe { .. } => text!(
            "it is addressed to you: keep it, and your own TCP answers (nothing listens on a \
             router, so a TCP card gets a RST)",
            "è indirizzata a te: tienila, e risponde il tuo TCP (su un router nessuno è in \
             ascolto, quindi una carta TCP riceve un RST)"
        ),
        Forwarding::Reply { reason, rfc, .. } => text!("answer with ICMP: ", "rispondi con ICMP: ")
            .then(reason)
            .then(text!(" ({rfc})", " ({rfc})")),
        Forwarding::Discard { reason, rfc } => text!("drop it: ", "scartala: ")
            .then(reason)
            .then(text!(" ({rfc})", " ({rfc})")),
    }
}

/// Issue 4: a student playing in Italian reads the engine's sentences in Italian, with the
/// numbers of the English.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Scenario;
    use crate::text::twin_with_same_numbers;
    use crate::world::{Event, Seat};
    use alloc::boxed::Box;
    use alloc::string::ToString;
    use alloc::vec;

    /// Red alone, coach mode, ISN 0: Alice and the telnet server.
    fn red_lan() -> World {
        let toml = r#"
name = "One LAN"
description = "Red alone."
goals = ["handshake", "data"]

[settings]
referee = "coach"
isn = "zero"
link_delay = 0.5
think_time = 0.5

[[teams]]
name = "Red"
lan = "10.0.1.0/24"
clients = ["Alice"]
"#;
        World::new(&Scenario::from_toml(toml).expect("valid scenario")).expect("builds")
    }

    fn alice_card(syn: bool, ack_flag: bool, seq: &str, ack: &str) -> Box<Card> {
        Box::new(Card {
            src_ip: "10.0.1.2".into(),
            dst_ip: "10.0.1.1".into(),
            src_port: "40000".into(),
            dst_port: "23".into(),
            syn,
            ack_flag,
            seq: seq.into(),
            ack: ack.into(),
            ..Card::default()
        })
    }

    fn hint(w: &mut World, node: NodeId) -> Text {
        let events = w.act(Action::RequestHint { node }, w.now()).expect("hint");
        events
            .into_iter()
            .find_map(|e| match e.kind {
                EventKind::Hint { text, .. } => Some(text),
                _ => None,
            })
            .expect("a hint event")
    }

    /// Waits for a card on `node`'s desk.
    fn wait_for_card(w: &mut World, node: NodeId) {
        while w.inbox(node).is_empty() {
            let t = w.next_due().expect("something is due");
            assert!(t < Instant::from_secs(60), "no card came");
            w.advance(t);
        }
    }

    #[test]
    fn refusal_hints_and_verdict_have_their_italian_twin_rfc9293_3_4() {
        let mut w = red_lan();
        let alice = w.node_by_name("Alice").expect("Alice");
        let refused = w
            .act(
                Action::WriteCard {
                    node: alice,
                    card: alice_card(true, false, "0", ""),
                },
                Instant::ZERO,
            )
            .expect_err("a bot's seat");
        assert_eq!(
            refused.message,
            "Alice is played by a bot: take the seat first"
        );
        assert_eq!(
            refused.it.as_deref(),
            Some("Alice è giocato da un bot: prima prendi tu il posto")
        );
        assert_eq!(refused.text().to_string(), refused.message);
        w.act(
            Action::SetSeat {
                node: alice,
                seat: Seat::Human,
            },
            Instant::ZERO,
        )
        .expect("seat");
        // Nothing to answer yet: the hint quotes the round, in Italian from the same table
        // the round list uses.
        let first = hint(&mut w, alice);
        assert_eq!(
            first.it.as_deref(),
            Some(
                alloc::format!(
                    "niente a cui rispondere; in questa manche: {}",
                    crate::score::Goal::Handshake.explain().it
                )
                .as_str()
            )
        );
        w.act(
            Action::WriteCard {
                node: alice,
                card: alice_card(true, false, "0", ""),
            },
            Instant::ZERO,
        )
        .expect("the SYN goes out");
        wait_for_card(&mut w, alice);
        // RFC 9293 §3.4: the SYN+ACK (seq 0) is acknowledged with ack 1.
        let written = hint(&mut w, alice);
        assert_eq!(
            written.en,
            "write this card: from 10.0.1.2:40000 to 10.0.1.1:23, flags ACK, seq 1, ack 1"
        );
        assert_eq!(
            written.it.as_deref(),
            Some("scrivi questa carta: da 10.0.1.2:40000 a 10.0.1.1:23, flag ACK, seq 1, ack 1")
        );
        let wrong = w
            .act(
                Action::WriteCard {
                    node: alice,
                    card: alice_card(false, true, "1", "5"),
                },
                w.now(),
            )
            .expect("refereed");
        let mistakes = wrong
            .iter()
            .find_map(|e| match &e.kind {
                EventKind::CardRejected { mistakes, .. } => Some(mistakes.clone()),
                _ => None,
            })
            .expect("coach mode returns the card");
        let ack = mistakes.iter().find(|m| m.field == "ack").expect("ack");
        assert!(ack.why.en.starts_with("ack should be 1:"), "{}", ack.why);
        assert!(
            ack.why
                .it
                .as_deref()
                .is_some_and(|it| it.starts_with("ack deve essere 1:")),
            "{:?}",
            ack.why
        );
        // The ladder keeps the note in both languages.
        let ladder = w.ladders();
        let noted = ladder
            .iter()
            .flat_map(|l| l.entries.iter())
            .flat_map(|e| e.mistakes.iter())
            .find(|m| m.field == "ack")
            .expect("the returned card is on the ladder");
        assert_eq!(noted.why, ack.why);
    }

    /// RFC 1812 §5.2.1: every forwarding decision the engine writes itself (deliver,
    /// forward, keep) reads in Italian too, with the same addresses and TTL.
    #[test]
    fn router_decisions_have_their_italian_twin_rfc1812_5_2_1() {
        let mut w = World::new(&Scenario::original()).expect("the shipped scenario builds");
        while let Some(t) = w.next_due() {
            if t > Instant::from_secs(120) {
                break;
            }
            w.advance(t);
        }
        let decisions: vec::Vec<&Event> = w
            .log()
            .iter()
            .filter(
                |e| matches!(&e.kind, EventKind::RouterDecision { rfc, .. } if rfc == RFC_FORWARD),
            )
            .collect();
        assert!(decisions.len() > 10, "{} decisions", decisions.len());
        for e in decisions {
            if let EventKind::RouterDecision { decision, .. } = &e.kind {
                assert!(twin_with_same_numbers(decision), "{decision:?}");
            }
        }
    }
}

/// The referee knows the round (game design §3, seed 000): a legal opening SYN that is not
/// what the round asks is wrong in the round's words; routes must name a neighbour.
#[cfg(test)]
mod round_tests {
    use super::*;
    use crate::scenario::Scenario;
    use crate::text::twin_with_same_numbers;
    use crate::world::{Event, Seat};
    use alloc::boxed::Box;

    fn original(goals: &str) -> (World, NodeId) {
        let mut scenario = Scenario::original();
        scenario.goals = goals
            .split(',')
            .filter_map(crate::score::Goal::from_key)
            .collect();
        let mut w = World::new(&scenario).expect("builds");
        w.set_attacker(false);
        let ada = w.node_by_name("Red client 1").expect("client");
        w.act(
            Action::SetSeat {
                node: ada,
                seat: Seat::Human,
            },
            Instant::ZERO,
        )
        .expect("seat");
        (w, ada)
    }

    fn syn(w: &mut World, node: NodeId, from: u16, to: &str, port: u16) -> Vec<MistakeNote> {
        let card = crate::world::syn_card("10.0.1.2", from, to, port);
        let events: Vec<Event> = w
            .act(
                Action::WriteCard {
                    node,
                    card: Box::new(card),
                },
                w.now(),
            )
            .expect("a card is refereed");
        events
            .into_iter()
            .find_map(|e| match e.kind {
                EventKind::CardRejected { mistakes, .. } | EventKind::Verdict { mistakes, .. } => {
                    Some(mistakes)
                }
                _ => None,
            })
            .expect("a verdict")
    }

    #[test]
    fn round_1_wants_the_own_server_on_port_23_seed_000() {
        let (mut w, ada) = original("handshake");
        let to_router = syn(&mut w, ada, 40000, "10.0.1.254", 23);
        assert_eq!(to_router.len(), 1, "{to_router:#?}");
        assert_eq!(to_router[0].field, "destination IP");
        assert!(
            to_router[0]
                .why
                .en
                .starts_with("round 1 (Handshake): your team's telnet server is 10.0.1.1, port 23")
        );
        assert!(to_router[0].why.en.contains("a router"));
        assert!(twin_with_same_numbers(&to_router[0].why));
        let swapped = syn(&mut w, ada, 23, "10.0.1.1", 40000);
        let fields: Vec<&str> = swapped.iter().map(|m| m.field.as_str()).collect();
        assert_eq!(fields, ["source port", "destination port"], "{swapped:#?}");
        assert!(syn(&mut w, ada, 40000, "10.0.1.1", 23).is_empty());
    }

    #[test]
    fn round_3_wants_a_closed_port_and_round_5_an_unknown_address_seed_000() {
        let (mut w, ada) = original("refused");
        let telnet = syn(&mut w, ada, 40000, "10.0.1.1", 23);
        assert_eq!(telnet.len(), 1, "{telnet:#?}");
        assert!(telnet[0].why.en.contains("where nothing listens"));
        assert!(syn(&mut w, ada, 40001, "10.0.1.1", 80).is_empty());
        let (mut w, ada) = original("no_route");
        let known = syn(&mut w, ada, 40000, "10.0.2.1", 23);
        assert_eq!(known.len(), 1, "{known:#?}");
        assert!(
            known[0]
                .why
                .en
                .contains("10.0.2.0/24, which the routers know")
        );
        assert!(syn(&mut w, ada, 40001, "10.0.99.1", 23).is_empty());
    }

    #[test]
    fn round_6_wants_another_team_seed_000() {
        let (mut w, ada) = original("across_lans");
        let own = syn(&mut w, ada, 40000, "10.0.1.1", 23);
        assert!(own[0].why.en.contains("another team"), "{own:#?}");
        assert!(syn(&mut w, ada, 40001, "10.0.3.1", 23).is_empty());
    }

    /// RFC 1812 §5.2.4.3: a gateway the router cannot reach is refused when written.
    #[test]
    fn a_route_via_an_unreachable_gateway_is_refused_rfc1812_5_2_4_3() {
        let (mut w, _) = original("across_lans");
        let red = w.node_by_name("Red router").expect("router");
        let route = |gw: [u8; 4]| Action::EditRoute {
            node: red,
            edit: RouteEdit::Add(Route {
                prefix: "10.0.3.0/24".parse().expect("prefix"),
                next_hop: NextHop::Gateway(Ipv4Addr::from(gw)),
                iface: BACKBONE_IFACE,
            }),
        };
        let err = w
            .act(route([10, 0, 3, 254]), w.now())
            .expect_err("unreachable");
        assert!(
            err.message.contains("cannot reach the gateway 10.0.3.254"),
            "{err}"
        );
        let err = w.act(route([192, 168, 0, 1]), w.now()).expect_err("itself");
        assert!(err.message.contains("itself"), "{err}");
        assert!(w.act(route([192, 168, 0, 3]), w.now()).is_ok());
    }
}
