//! Round 5 (seed 000): the client connects to an address no router knows, and the round is
//! reached when the ICMP destination unreachable its router sends back arrives (RFC 792,
//! RFC 1812 §5.2.7.1).

use crate::addr::Endpoint;
use crate::bot::{ClientBot, ClientContext, Moves};
use crate::host::Host;
use crate::score::Goal;
use crate::tcp::State;
use crate::text::{Words, text};
use crate::time::Instant;
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
    bot: play,
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

/// The bot connects to the unknown address from a new port; once the round is over it
/// gives up on the hung connect as a user would (Ctrl-C), so it does not retransmit for
/// minutes.
fn play(
    bot: &mut ClientBot,
    host: &mut Host,
    ctx: &ClientContext,
    now: Instant,
    moves: &mut Moves,
) {
    if bot.probe.is_some() {
        return;
    }
    let remote = Endpoint::new(ctx.unknown, ctx.own_server.port);
    if let Some(conn) = bot.connect(host, remote, now, moves) {
        bot.probe = Some((Goal::NoRoute, conn));
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::bots::client_turn;
    use super::*;
    use crate::addr::Ipv4Addr;
    use crate::bot::Request;
    use crate::world::fixtures::{bot_context, bot_host};

    /// Seed 000, round 5: after the round the hung connect is abandoned (no RST is sent,
    /// nobody has state for it — RFC 9293 §3.10.5).
    #[test]
    fn round_5_probe_is_abandoned_when_the_round_is_over_seed_000() {
        let mut bot = ClientBot::new();
        let mut host = bot_host();
        let t = Instant::ZERO;
        client_turn(&mut bot, &mut host, &bot_context(Some(Goal::NoRoute)), t);
        assert_eq!(host.take_outbox()[0].dst.addr, Ipv4Addr::new(10, 0, 99, 1));
        let moves = client_turn(&mut bot, &mut host, &bot_context(Some(Goal::AcrossLans)), t);
        assert!(moves.done.iter().any(|m| m.contains("give up")));
        assert!(moves.requests.contains(&Request::Routes));
        assert!(
            host.connections()
                .iter()
                .all(|c| c.remote.addr != Ipv4Addr::new(10, 0, 99, 1))
        );
        assert!(host.take_outbox().iter().all(|s| !s.flags.rst()));
    }
}
