//! Read-only views for the board, the desks and the instructor: plain values, never the
//! world's insides, so the UI and the server cannot change the game behind its back.

use alloc::string::String;
use alloc::vec::Vec;

use crate::addr::Ipv4Addr;
use crate::host::{ConnView, Ended};
use crate::route::Route;
use crate::time::Instant;
use crate::wire::Packet;

use super::World;
use super::flight::{Flight, Place, permille};
use super::topology::{CardId, Link, NodeId, NodeKind, Role, Seat, TeamView};

/// A node of the board.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct NodeView {
    pub id: NodeId,
    pub kind: NodeKind,
    pub name: String,
    pub team: usize,
    pub seat: Seat,
    pub addr: Ipv4Addr,
    /// A router's address on the backbone, if there is one.
    pub backbone_addr: Option<Ipv4Addr>,
    pub inbox: usize,
}

/// A card waiting on a desk.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct InboxCard {
    pub card: CardId,
    pub packet: Packet,
    pub arrived: Instant,
    pub forged: bool,
}

impl World {
    pub fn nodes(&self) -> Vec<NodeView> {
        self.nodes
            .iter()
            .filter_map(|n| self.node_view(n.id))
            .collect()
    }

    pub fn node_view(&self, id: NodeId) -> Option<NodeView> {
        let n = self.node(id)?;
        Some(NodeView {
            id: n.id,
            kind: n.kind,
            name: n.name.clone(),
            team: n.team,
            seat: n.seat,
            addr: n.addr,
            backbone_addr: match n.role {
                Role::Router { backbone_addr, .. } => backbone_addr,
                Role::Host { .. } | Role::Balancer { .. } => None,
            },
            inbox: self.inbox_ids(id).len(),
        })
    }

    /// The node called `name` ("Alice", "Red server", "Red router").
    pub fn node_by_name(&self, name: &str) -> Option<NodeId> {
        self.nodes.iter().find(|n| n.name == name).map(|n| n.id)
    }

    pub fn teams(&self) -> &[TeamView] {
        &self.teams
    }

    pub fn links(&self) -> &[Link] {
        &self.links
    }

    /// Every card on a link, with its position at `now` (for the animation).
    pub fn flights_at(&self, now: Instant) -> Vec<Flight> {
        self.cards
            .iter()
            .filter_map(|(id, r)| {
                let (leg, held) = match &r.place {
                    Place::Flying(leg) => (leg, false),
                    Place::Held { leg, .. } => (leg, true),
                    Place::Inbox { .. } => return None,
                };
                Some(Flight {
                    card: *id,
                    packet: r.packet.clone(),
                    from: leg.from,
                    to: leg.to,
                    depart: leg.depart,
                    arrive: leg.arrive,
                    permille: if held { 0 } else { permille(leg, now) },
                    forged: r.forged,
                    fault: r.fault.clone(),
                    held,
                    doomed: r.lost.is_some(),
                })
            })
            .collect()
    }

    /// The cards on a node's desk, oldest first.
    pub fn inbox(&self, node: NodeId) -> Vec<InboxCard> {
        self.inbox_ids(node)
            .into_iter()
            .filter_map(|id| {
                let r = self.cards.get(&id)?;
                let Place::Inbox { arrived, .. } = r.place else {
                    return None;
                };
                Some(InboxCard {
                    card: id,
                    packet: r.packet.clone(),
                    arrived,
                    forged: r.forged,
                })
            })
            .collect()
    }

    /// A host's connections that reached CLOSED, oldest first (see [`Ended`]).
    pub fn ended_connections(&self, node: NodeId) -> Vec<Ended> {
        match self.node(node).map(|n| &n.role) {
            Some(Role::Host { host, .. }) => host.ended().to_vec(),
            _ => Vec::new(),
        }
    }

    /// A host's connections (its TCBs), empty for routers.
    pub fn connections(&self, node: NodeId) -> Vec<ConnView> {
        match self.node(node).map(|n| &n.role) {
            Some(Role::Host { host, .. }) => host.connections(),
            _ => Vec::new(),
        }
    }

    /// A router's table, empty for hosts.
    pub fn routes(&self, node: NodeId) -> Vec<Route> {
        match self.node(node).map(|n| &n.role) {
            Some(Role::Router { router, .. }) => router.table.routes().to_vec(),
            _ => Vec::new(),
        }
    }
}
