//! Round 4 (seed 000): the client keeps its connection open while an attacker forges RSTs
//! against it; the round is reached when a forged RST whose numbers do not match was
//! ignored and the connection is still ESTABLISHED (RFC 5961 §3.2). The attacker is the
//! world's (`World::attack`), asked for by the bot or sent by the instructor.

use crate::bot::Request;
use crate::score::Goal;
use crate::tcp::State;
use crate::text::{Words, text};
use crate::wire::Packet;

use super::super::topology::Role;
use super::{Destination, Hooks, Round};

pub(super) static ROUND: Round = Round {
    key: "forged_rst",
    title: Words::new("Forged RST", "RST falsificato"),
    explain: Words::new(
        "Ignore a forged RST whose numbers do not match your connection, then see \
         one that matches tear the connection down.",
        "Ignora un RST falsificato i cui numeri non corrispondono alla tua \
         connessione, poi guarda uno che corrisponde abbatterla.",
    ),
    destination: Destination::OwnServer,
    desk: |_, d| {
        let server = d.server;
        d.once_open(|_| {
            (
                false,
                text!(
                    "keep your connection to {server} open and watch: a forged RST is \
                     coming, and only the exact next seq may tear it down",
                    "tieni aperta la tua connessione verso {server} e osserva: sta \
                     arrivando un RST falsificato, e solo il seq esatto atteso può \
                     abbatterla"
                ),
            )
        })
    },
    // The bot keeps its connection open and, once it is ESTABLISHED, asks the world for the
    // attacker's forged RST.
    bot: |bot, turn| {
        if bot.ensure_main(turn) == Some(State::Established) {
            turn.moves.requests.push(Request::Forgery);
        }
    },
    hooks: Hooks {
        delivered: |w, at, packet, forged| {
            let Packet::Tcp { seg, .. } = packet else {
                return;
            };
            if !forged || !seg.flags.rst() {
                return;
            }
            let alive = match w.node(at.node).map(|n| &n.role) {
                Some(Role::Host { host, .. }) => host
                    .find(seg.dst, seg.src)
                    .and_then(|c| host.connection(c))
                    .is_some_and(|v| v.state == State::Established),
                _ => false,
            };
            if alive {
                w.reach(at.team, Goal::ForgedRst);
            }
        },
        ..Hooks::NONE
    },
};
