//! Round 11, "two servers, one address": the original session's "a Load Balancer
//! re-encapsulates IP datagram" (seeds 000 and 001). A service address (the VIP) is
//! served by the telnet servers of two or more teams behind the game's load balancer. The
//! client connects to the VIP, port 23; the balancer wraps each of its cards in a new IP
//! header to one backend (IP in IP, RFC 2003 §3), the same backend for every card of the
//! connection; the backend unwraps it and answers from the VIP straight to the client. The
//! round is reached when a client of the team has a connection to the VIP that is
//! ESTABLISHED on its side and on the side of the backend the balancer's table sent it to.
//! A SYN to a backend's own address instead of the VIP is wrong in the round's words
//! (`world/round.rs`, by [`Destination::Vip`]).

use crate::addr::Endpoint;
use crate::host::HostEvent;
use crate::scenario::TELNET_PORT;
use crate::score::Goal;
use crate::tcp::State;
use crate::text::{Text, Words, text};

use super::super::World;
use super::super::topology::{NodeKind, Role};
use super::desk::open_or_wait;
use super::{At, Destination, Hooks, Round};

/// Whose SYN+ACK a client waits for, in English and in Italian (with its preposition).
const BALANCED: (&str, &str) = ("balanced server", "del server dietro il bilanciatore");

pub(super) static ROUND: Round = Round {
    key: "balance",
    title: Words::new("Two servers, one address", "Due server, un indirizzo"),
    explain: Words::new(
        "Open a connection to the service address behind the load balancer, port 23: the \
         balancer wraps each card for one backend, which answers from that address, until \
         both ends reach ESTABLISHED.",
        "Apri una connessione verso l'indirizzo di servizio dietro il bilanciatore, porta \
         23: il bilanciatore incapsula ogni carta per un backend, che risponde da \
         quell'indirizzo, finché entrambi i lati arrivano in ESTABLISHED.",
    ),
    destination: Destination::Vip,
    desk: |w, d| match w.vip() {
        Some(vip) => open_or_wait(
            d.with(vip).as_ref(),
            Endpoint::new(vip, TELNET_PORT),
            BALANCED,
        ),
        None => (
            false,
            text!(
                "this game has no load balancer",
                "questa partita non ha un bilanciatore"
            ),
        ),
    },
    // The bot opens one connection to the VIP's telnet port, and opens another if it died.
    bot: |bot, turn| {
        if let Some(vip) = turn.ctx.vip
            && crate::bot::ClientBot::state(turn.host, bot.balanced).is_none()
        {
            bot.balanced = bot.connect(turn, Endpoint::new(vip, TELNET_PORT));
        }
    },
    hooks: Hooks {
        host_event: |w, at, event| w.balance_event(at, event),
        ..Hooks::NONE
    },
};

impl World {
    /// A connection to the VIP became ESTABLISHED on one side: the round is reached for the
    /// client's team when the other side, the backend the balancer's table names, holds
    /// it synchronized too.
    fn balance_event(&mut self, at: At, event: &HostEvent) {
        let HostEvent::StateChanged {
            conn,
            to: State::Established,
            ..
        } = event
        else {
            return;
        };
        let Some(vip) = self.vip() else { return };
        let Some(Role::Host { host, .. }) = self.node(at.node).map(|n| &n.role) else {
            return;
        };
        let Some(view) = host.connection(*conn) else {
            return;
        };
        // The client's end of the connection, as the balancer's table keys it, and the
        // service's.
        let (client, service) = match at.kind {
            NodeKind::Client if view.remote.addr == vip => (view.local, view.remote),
            NodeKind::Server if view.local.addr == vip => (view.remote, view.local),
            _ => return,
        };
        let Some(team) = self
            .nodes
            .iter()
            .find(|n| n.kind == NodeKind::Client && n.addr == client.addr)
            .map(|n| n.team)
        else {
            return;
        };
        if self.current_goal(team) != Some(Goal::Balance)
            || !self.balanced_both_ends(client, service)
        {
            return;
        }
        self.reach(team, Goal::Balance);
    }

    /// Whether the connection `client` → `service` is synchronized at the client and at
    /// the backend the balancer's table sent it to.
    fn balanced_both_ends(&self, client: Endpoint, service: Endpoint) -> bool {
        let Some(backend) = self
            .balancer()
            .and_then(|b| self.lb(b))
            .and_then(|(_, lb)| lb.backend_of(client))
        else {
            return false;
        };
        let synced = |addr, local: Endpoint, remote: Endpoint| {
            self.nodes.iter().any(|n| match &n.role {
                Role::Host { host, .. } if n.addr == addr => host
                    .find(local, remote)
                    .and_then(|c| host.connection(c))
                    .is_some_and(|v| v.state.is_synchronized()),
                _ => false,
            })
        };
        synced(client.addr, client, service) && synced(backend, service, client)
    }

    /// A backend server's wait in round 11.
    pub(in crate::world) fn backend_waits() -> Text {
        text!(
            "waiting: a client connects to the service address; the balancer wraps its SYN \
             for you or another backend, and you answer from the service address, straight \
             to the client",
            "in attesa: un client si connette all'indirizzo di servizio; il bilanciatore \
             incapsula il suo SYN per te o per un altro backend, e tu rispondi \
             dall'indirizzo di servizio, direttamente al client"
        )
    }
}

#[cfg(test)]
mod tests;
