//! How cards move: a new card is written onto a link, it arrives at a router's inbox or a
//! host, it is dropped, and what reaches a host goes to its TCP. Cards are numbered here.

use alloc::vec::Vec;

use crate::addr::Endpoint;
use crate::text::{Text, text};
use crate::time::Instant;
use crate::wire::Packet;

use super::event::EventKind;
use super::flight::{CardRecord, Leg, Place};
use super::topology::{CardId, NodeId, Role, Seat};
use super::{INBOX_LIMIT, World};

impl World {
    pub(super) fn new_card_id(&mut self) -> CardId {
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
        self.goals_before_sending(from, &packet, forged);
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
        let is_router = matches!(node.role, Role::Router { .. } | Role::Balancer { .. });
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
    pub(super) fn trim_inbox(&mut self, node: NodeId) {
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
    /// A DNS answer likewise answers the question it is for (same two endpoints), and a
    /// backend's answer the tunnelled card it unwrapped (read by what it carries).
    pub(super) fn clear_answered(&mut self, node: NodeId, sent: &Packet) {
        let Some((out_src, out_dst)) = endpoints(sent) else {
            return;
        };
        for id in self.inbox_ids(node) {
            let same_connection = self.cards.get(&id).is_some_and(|r| {
                let got = r.packet.inner();
                core::mem::discriminant(got) == core::mem::discriminant(sent)
                    && endpoints(got) == Some((out_dst, out_src))
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
    pub(super) fn deliver(&mut self, to: NodeId, packet: &Packet, forged: bool) {
        let now = self.now;
        let Some(Role::Host { host, .. }) = self.node_mut(to).map(|n| &mut n.role) else {
            return;
        };
        match packet {
            Packet::Tcp { seg, .. } => host.on_segment(seg, now),
            Packet::Udp {
                src, dst, payload, ..
            } => host.on_udp(*src, *dst, payload),
            Packet::Icmp { msg, .. } => {
                if let Some(quoted) = msg.quoted() {
                    host.on_icmp_error(msg.icmp_type(), msg.code(), quoted, now);
                }
            }
            Packet::Ipip { outer, inner } => host.on_tunnelled(outer, inner, now),
        }
        self.drain_host(to);
        self.goals_after_delivery(to, packet, forged);
        self.wake_bot(to);
    }
}

/// The two endpoints of a TCP segment or a UDP datagram; `None` for ICMP, which has no ports.
fn endpoints(p: &Packet) -> Option<(Endpoint, Endpoint)> {
    match p {
        Packet::Tcp { seg, .. } => Some((seg.src, seg.dst)),
        Packet::Udp { src, dst, .. } => Some((*src, *dst)),
        Packet::Icmp { .. } | Packet::Ipip { .. } => None,
    }
}
