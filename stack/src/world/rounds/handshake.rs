//! Round 1 (seed 000): a client opens a connection to its team's telnet server with SYN,
//! SYN+ACK and ACK, and the round is reached when both ends are ESTABLISHED (RFC 9293 §3.5,
//! figure 6). Round 6 is the same handshake with another team's server, read here too.

use crate::host::{ConnId, HostEvent};
use crate::score::Goal;
use crate::tcp::State;
use crate::text::Words;

use super::super::World;
use super::super::topology::{NodeId, NodeKind, Role};
use super::desk::{OWN, open_or_wait};
use super::{At, Destination, Hooks, Round};

pub(super) static ROUND: Round = Round {
    key: "handshake",
    title: Words::new("Handshake", "Handshake"),
    explain: Words::new(
        "Open a connection to your team's telnet server with SYN, SYN+ACK and ACK, \
         so that both ends reach ESTABLISHED.",
        "Apri una connessione verso il server telnet della tua squadra con SYN, \
         SYN+ACK e ACK, così che entrambi i lati arrivino in ESTABLISHED.",
    ),
    destination: Destination::OwnServer,
    desk: |_, d| open_or_wait(d.own.as_ref(), d.server, OWN),
    // The bot opens a connection from a new port to its server's telnet port.
    bot: |bot, turn| {
        bot.ensure_main(turn);
    },
    hooks: Hooks {
        host_event: |w, at, event| {
            if let Some((client, server)) = w.handshake_teams(at, event)
                && client == server
            {
                w.reach(client, Goal::Handshake);
            }
        },
        ..Hooks::NONE
    },
};

impl World {
    /// Rounds 1 and 6: when `event` made a connection between a client and a team's telnet
    /// server ESTABLISHED on both sides, the client's team and the server's.
    pub(super) fn handshake_teams(&self, at: At, event: &HostEvent) -> Option<(usize, usize)> {
        let HostEvent::StateChanged {
            conn,
            to: State::Established,
            ..
        } = event
        else {
            return None;
        };
        self.both_ends(at.node, *conn)
    }

    fn both_ends(&self, node: NodeId, conn: ConnId) -> Option<(usize, usize)> {
        let Some(Role::Host { host, .. }) = self.node(node).map(|n| &n.role) else {
            return None;
        };
        let view = host.connection(conn)?;
        let peer = self
            .nodes
            .iter()
            .find(|n| n.addr == view.remote.addr && matches!(n.role, Role::Host { .. }))?;
        let Role::Host {
            host: peer_host, ..
        } = &peer.role
        else {
            return None;
        };
        let peer_ok = peer_host
            .find(view.remote, view.local)
            .and_then(|c| peer_host.connection(c))
            .is_some_and(|v| v.state.is_synchronized());
        let me = self.node(node)?;
        if !peer_ok {
            return None;
        }
        let (client, server, server_ep) = match (me.kind, peer.kind) {
            (NodeKind::Client, NodeKind::Server) => (me, peer, view.remote),
            (NodeKind::Server, NodeKind::Client) => (peer, me, view.local),
            _ => return None,
        };
        self.is_server_of(server.team, server_ep)
            .then_some((client.team, server.team))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::Instant;
    use crate::world::Action;
    use crate::world::fixtures::{bot_turns, red_seats, says};
    use alloc::boxed::Box;

    /// Seed 000, round 1: the client opens with a SYN to the telnet port.
    #[test]
    fn round_1_handshake_opens_a_connection_to_port_23_seed_000() {
        let (mut host, moves) = bot_turns(&[Goal::Handshake, Goal::Handshake]);
        assert_eq!(moves[0].done.len(), 1);
        let syn = host.take_outbox();
        assert_eq!(syn.len(), 1);
        assert!(syn[0].flags.syn());
        assert_eq!(syn[0].dst.port, 23);
        // Playing again while SYN-SENT does not open a second connection.
        assert!(moves[1].done.is_empty());
    }

    /// Seed 000, round 1: the client opens, the server and router wait; after the SYN the
    /// router decides and the client waits for the SYN+ACK.
    #[test]
    fn round_1_tells_each_seat_whose_move_it_is_seed_000() {
        let (mut w, client, server, router) = red_seats(&Goal::ALL);
        let t = w.task(client).expect("task");
        assert_eq!(t.round, Some(Goal::Handshake));
        assert!(
            t.your_move && says(&t, "open the connection to 10.0.1.1:23 with a SYN"),
            "{t:?}"
        );
        assert!(!w.task(server).expect("task").your_move);
        assert!(!w.task(router).expect("task").your_move);
        w.act(
            Action::WriteCard {
                node: client,
                card: Box::new(crate::world::syn_card("10.0.1.2", 40000, "10.0.1.1", 23)),
            },
            Instant::ZERO,
        )
        .expect("sent");
        let t = w.task(client).expect("task");
        assert!(
            !t.your_move && says(&t, "waiting for the server's SYN+ACK"),
            "{t:?}"
        );
        w.advance(Instant::from_secs(5));
        let r = w.task(router).expect("task");
        assert!(r.your_move && says(&r, "the card from 10.0.1.2"), "{r:?}");
    }
}
