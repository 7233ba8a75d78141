//! Reading the race from what happens (seed 000's seven rounds): each goal is recognised in
//! the host events and deliveries, never from what a player claims.

use crate::host::HostEvent;
use crate::score::Goal;
use crate::tcp::{State, TcpError};
use crate::wire::{IcmpMessage, Packet};

use super::World;
use super::event::EventKind;
use super::topology::{NodeId, NodeKind, Role};

/// Round 2's line (seed 000: "my name is …").
const NAME_LINE: &[u8] = b"my name is";

impl World {
    pub(super) fn reach(&mut self, team: usize, goal: Goal) {
        if !self.goals.contains(&goal) || !self.race.reach(team, goal, self.now) {
            return;
        }
        self.emit(EventKind::GoalReached { team, goal });
        // The team's bots move on to the next round.
        let members: alloc::vec::Vec<NodeId> = self
            .nodes
            .iter()
            .filter(|n| n.team == team)
            .map(|n| n.id)
            .collect();
        for m in members {
            self.wake_bot(m);
        }
        self.app_start(team);
        // Bot teams that waited for this team of people may play their next round now.
        if self.settings.bots_wait && self.race.is_played(team) {
            let waiting: alloc::vec::Vec<NodeId> = self
                .nodes
                .iter()
                .filter(|n| n.team != team && n.kind == NodeKind::Client)
                .map(|n| n.id)
                .collect();
            for m in waiting {
                self.wake_bot(m);
            }
        }
    }

    fn kind_team(&self, node: NodeId) -> Option<(NodeKind, usize)> {
        self.node(node).map(|n| (n.kind, n.team))
    }

    pub(super) fn goals_from_host_event(&mut self, node: NodeId, event: &HostEvent) {
        let Some((kind, team)) = self.kind_team(node) else {
            return;
        };
        match event {
            HostEvent::StateChanged {
                conn,
                to: State::Established,
                ..
            } => {
                self.handshake_done(node, *conn);
                self.app_start(team);
            }
            // Round 7: the connection lived through TIME-WAIT (RFC 9293 §3.10.7.4).
            HostEvent::StateChanged {
                from: State::TimeWait,
                to: State::Closed,
                ..
            } => self.reach(team, Goal::Goodbye),
            // Round 3: the SYN to a closed port was answered by a RST (RFC 9293 §3.10.7.1).
            HostEvent::Error {
                error: TcpError::ConnectionRefused,
                ..
            } if kind == NodeKind::Client => self.reach(team, Goal::Refused),
            HostEvent::DataReceived { conn, data } if kind == NodeKind::Server => {
                let named = data
                    .get(..NAME_LINE.len())
                    .is_some_and(|d| d.eq_ignore_ascii_case(NAME_LINE));
                if let (true, Some(Role::Host { host, .. })) =
                    (named, self.node(node).map(|n| &n.role))
                    && let Some(view) = host.connection(*conn)
                {
                    self.named.push((view.remote, view.local, view.rcv_nxt));
                }
            }
            _ => {}
        }
    }

    /// Rounds 1 and 6: a client's connection is ESTABLISHED on both sides; it is round 1
    /// with the own server and round 6 with another team's (RFC 9293 §3.5, figure 6).
    fn handshake_done(&mut self, node: NodeId, conn: crate::host::ConnId) {
        let Some(Role::Host { host, .. }) = self.node(node).map(|n| &n.role) else {
            return;
        };
        let Some(view) = host.connection(conn) else {
            return;
        };
        let Some(peer) = self
            .nodes
            .iter()
            .find(|n| n.addr == view.remote.addr && matches!(n.role, Role::Host { .. }))
        else {
            return;
        };
        let Role::Host {
            host: peer_host, ..
        } = &peer.role
        else {
            return;
        };
        let peer_ok = peer_host
            .find(view.remote, view.local)
            .and_then(|c| peer_host.connection(c))
            .is_some_and(|v| v.state.is_synchronized());
        let Some(me) = self.node(node) else { return };
        if !peer_ok {
            return;
        }
        let (client, server, server_ep) = match (me.kind, peer.kind) {
            (NodeKind::Client, NodeKind::Server) => (me, peer, view.remote),
            (NodeKind::Server, NodeKind::Client) => (peer, me, view.local),
            _ => return,
        };
        if !self.is_server_of(server.team, server_ep) {
            return;
        }
        let goal = if client.team == server.team {
            Goal::Handshake
        } else {
            Goal::AcrossLans
        };
        let team = client.team;
        self.reach(team, goal);
    }

    pub(super) fn goals_after_delivery(&mut self, node: NodeId, packet: &Packet, forged: bool) {
        let Some((kind, team)) = self.kind_team(node) else {
            return;
        };
        if kind != NodeKind::Client {
            return;
        }
        match packet {
            // Round 5: the router answered with ICMP destination unreachable (RFC 792).
            Packet::Icmp {
                msg: IcmpMessage::DestUnreachable { .. },
                ..
            } if !forged => self.reach(team, Goal::NoRoute),
            // Round 4: a forged RST that does not match was ignored and the connection
            // is still ESTABLISHED (RFC 5961 §3.2).
            Packet::Tcp { seg, .. } if forged && seg.flags.rst() => {
                let alive = match self.node(node).map(|n| &n.role) {
                    Some(Role::Host { host, .. }) => host
                        .find(seg.dst, seg.src)
                        .and_then(|c| host.connection(c))
                        .is_some_and(|v| v.state == State::Established),
                    _ => false,
                };
                if alive {
                    self.reach(team, Goal::ForgedRst);
                }
            }
            Packet::Tcp { .. } => {
                self.data_acknowledged(node, team);
                self.lost_acknowledged(node, team);
                self.app_acknowledged(node, team);
            }
            Packet::Icmp { .. } | Packet::Udp { .. } => {}
        }
    }

    /// Round 2: the server acknowledged the "my name is …" bytes of a client of its team
    /// (ack = seq + number of bytes, RFC 9293 §3.4).
    fn data_acknowledged(&mut self, node: NodeId, team: usize) {
        let named = core::mem::take(&mut self.named);
        let (keep, done) = self.split_named(node, team, named);
        self.named = keep;
        if done {
            self.reach(team, Goal::Data);
        }
    }

    /// Splits the pending "my name is" lines into those still unacknowledged and whether
    /// one of this client's was acknowledged by its own team's server.
    pub(super) fn split_named(&self, node: NodeId, team: usize, named: Named) -> (Named, bool) {
        let Some(Role::Host { host, .. }) = self.node(node).map(|n| &n.role) else {
            return (named, false);
        };
        let mut done = false;
        let mut keep = Named::with_capacity(named.len());
        for (client, server, end) in named {
            let acked = client.addr == host.addr()
                && host
                    .find(client, server)
                    .and_then(|c| host.connection(c))
                    .is_some_and(|v| v.snd_una >= end);
            if !acked {
                keep.push((client, server, end));
            } else if self.is_server_of(team, server) {
                done = true;
            }
        }
        (keep, done)
    }
}

type Named = alloc::vec::Vec<(
    crate::addr::Endpoint,
    crate::addr::Endpoint,
    crate::seq::SeqNumber,
)>;
