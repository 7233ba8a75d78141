//! Round 3 (seed 000): the client sends a SYN to port 80 of its server, where nothing
//! listens, and the round is reached when the RST that refuses the connection comes back
//! (RFC 9293 §3.10.7.1).

use crate::addr::Endpoint;
use crate::host::HostEvent;
use crate::score::Goal;
use crate::tcp::{State, TcpError};
use crate::text::{Words, text};

use super::super::topology::NodeKind;
use super::{Destination, Hooks, Round};

/// The port the round aims at: the web server that is not there (seed 000).
const REFUSED_PORT: u16 = 80;

pub(super) static ROUND: Round = Round {
    key: "refused",
    title: Words::new("Connection refused", "Connessione rifiutata"),
    explain: Words::new(
        "Send a SYN to port 80 of the server, where nothing listens, and receive \
         the RST that refuses the connection.",
        "Invia un SYN alla porta 80 del server, dove nessuno è in ascolto, e ricevi \
         l'RST che rifiuta la connessione.",
    ),
    destination: Destination::ClosedPort,
    desk: |_, d| {
        let addr = d.server.addr;
        let probe = d
            .conns
            .iter()
            .find(|c| c.remote.addr == addr && c.remote.port != d.server.port);
        match probe {
            Some(c) if c.state == State::SynSent => {
                let port = c.remote.port;
                (
                    false,
                    text!(
                        "waiting: what will {addr} answer to your SYN for port {port}?",
                        "in attesa: cosa risponderà {addr} al tuo SYN per la porta {port}?"
                    ),
                )
            }
            _ => (
                true,
                text!(
                    "your move: send a SYN to a port of {addr} where nothing listens, e.g. 80",
                    "tocca a te: manda un SYN a una porta di {addr} dove nessuno ascolta, per \
                     esempio 80"
                ),
            ),
        }
    },
    // The bot probes port 80 of its server, or the first port above it the server does not
    // listen on, from a new port; the probe is given up when the round is over.
    bot: |bot, turn| {
        if bot.probe.is_some() {
            return;
        }
        let port = (REFUSED_PORT..u16::MAX)
            .find(|p| !turn.ctx.server_ports.contains(p))
            .unwrap_or(REFUSED_PORT);
        let remote = Endpoint::new(turn.ctx.own_server.addr, port);
        if let Some(conn) = bot.connect(turn, remote) {
            bot.probe = Some((Goal::Refused, conn));
        }
    },
    hooks: Hooks {
        host_event: |w, at, event| {
            if let HostEvent::Error {
                error: TcpError::ConnectionRefused,
                ..
            } = event
                && at.kind == NodeKind::Client
            {
                w.reach(at.team, Goal::Refused);
            }
        },
        ..Hooks::NONE
    },
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::world::fixtures::bot_turns;

    /// Seed 000, round 3: the probe goes to a port the server does not listen on, here 81
    /// because this server listens on 80 too; every connection takes a new client port.
    #[test]
    fn round_3_probes_a_closed_port_from_a_new_port_seed_000() {
        let (mut host, _) = bot_turns(&[Goal::Handshake, Goal::Refused]);
        let out = host.take_outbox();
        assert_eq!(out.len(), 2);
        assert_eq!(out[1].dst.port, 81);
        assert_ne!(out[0].src.port, out[1].src.port);
    }
}
