//! Round 6 (seed 000): the client completes a handshake with the telnet server of another
//! team, across the routers and their routing tables; reached as round 1 is, with a server
//! of another team (RFC 9293 §3.5). The routers' part is the router desk's and the router
//! bots' (`World::open_routes`).

use crate::bot::{ClientBot, Request};
use crate::score::Goal;
use crate::text::Words;

use super::super::topology::server_endpoint;
use super::desk::{finished, open_or_wait};
use super::{Destination, Hooks, Round};

/// Whose SYN+ACK a client waits for, in English and in Italian (with its preposition).
const ACROSS: (&str, &str) = ("other team's server", "del server dell'altra squadra");

pub(super) static ROUND: Round = Round {
    key: "across_lans",
    title: Words::new("Across LANs", "Tra LAN diverse"),
    explain: Words::new(
        "Complete a handshake with the telnet server of another team, across the \
         routers and their routing tables.",
        "Completa un handshake con il server telnet di un'altra squadra, attraverso \
         i router e le loro tabelle di instradamento.",
    ),
    destination: Destination::OtherTeam,
    desk: |w, d| {
        let other = w
            .teams
            .get((d.team + 1) % w.teams.len().max(1))
            .filter(|t| t.index != d.team)
            .and_then(|t| server_endpoint(t, &w.nodes));
        match other {
            Some(far) => open_or_wait(d.with(far.addr).as_ref(), far, ACROSS),
            None => finished(),
        }
    },
    // The bot asks the router bots for the routes between the LANs and connects to the next
    // team's server, when there is a backbone to cross.
    bot: |bot, turn| {
        if let Some(remote) = turn.ctx.across_server {
            turn.moves.requests.push(Request::Routes);
            if ClientBot::state(turn.host, bot.across).is_none() {
                bot.across = bot.connect(turn, remote);
            }
        }
    },
    hooks: Hooks {
        host_event: |w, at, event| {
            if let Some((client, server)) = w.handshake_teams(at, event)
                && client != server
            {
                w.reach(client, Goal::AcrossLans);
            }
        },
        ..Hooks::NONE
    },
};
