//! Round 5 (seed 000): the client connects to an address no router knows, and the round is
//! reached when the ICMP destination unreachable its router sends back arrives (RFC 792,
//! RFC 1812 §5.2.7.1).

use crate::addr::Endpoint;
use crate::score::Goal;
use crate::tcp::State;
use crate::text::{Words, text};
use crate::wire::{IcmpMessage, Packet};

use super::{Destination, Hooks, Round};

pub(super) static ROUND: Round = Round {
    key: "no_route",
    title: Words::new("No route to host", "Nessuna rotta verso l'host"),
    explain: Words::new(
        "Connect to an address no router knows and receive the ICMP destination \
         unreachable that the router sends back.",
        "Connettiti a un indirizzo che nessun router conosce e ricevi l'ICMP \
         destinazione irraggiungibile che il router rimanda indietro.",
    ),
    destination: Destination::Unknown,
    desk: |w, d| {
        let unknown = w.unknown;
        match d.with(unknown) {
            Some(c) if c.state == State::SynSent => (
                false,
                text!(
                    "waiting: what will the router answer about {unknown}?",
                    "in attesa: cosa risponderà il router su {unknown}?"
                ),
            ),
            _ => (
                true,
                text!(
                    "your move: open a connection to an address no router knows, e.g. \
                     {unknown}:23",
                    "tocca a te: apri una connessione verso un indirizzo che nessun \
                     router conosce, per esempio {unknown}:23"
                ),
            ),
        }
    },
    // The bot connects to the unknown address from a new port; once the round is over it
    // gives up on the hung connect as a user would (Ctrl-C), so it does not retransmit for
    // minutes.
    bot: |bot, turn| {
        if bot.probe.is_some() {
            return;
        }
        let remote = Endpoint::new(turn.ctx.unknown, turn.ctx.own_server.port);
        if let Some(conn) = bot.connect(turn, remote) {
            bot.probe = Some((Goal::NoRoute, conn));
        }
    },
    hooks: Hooks {
        delivered: |w, at, packet, forged| {
            if let Packet::Icmp {
                msg: IcmpMessage::DestUnreachable { .. },
                ..
            } = packet
                && !forged
            {
                w.reach(at.team, Goal::NoRoute);
            }
        },
        ..Hooks::NONE
    },
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::addr::Ipv4Addr;
    use crate::bot::Request;
    use crate::world::fixtures::bot_turns;

    /// Seed 000, round 5: after the round the hung connect is abandoned (no RST is sent,
    /// nobody has state for it — RFC 9293 §3.10.5).
    #[test]
    fn round_5_probe_is_abandoned_when_the_round_is_over_seed_000() {
        let unknown = Ipv4Addr::new(10, 0, 99, 1);
        let (mut host, moves) = bot_turns(&[Goal::NoRoute, Goal::AcrossLans]);
        assert!(moves[1].done.iter().any(|m| m.contains("give up")));
        assert!(moves[1].requests.contains(&Request::Routes));
        assert!(host.connections().iter().all(|c| c.remote.addr != unknown));
        let out = host.take_outbox();
        assert_eq!(out[0].dst.addr, unknown);
        assert!(out.iter().all(|s| !s.flags.rst()));
    }
}
