//! Round 2 (seed 000): the client sends "my name is <name>" on its connection to the
//! team's telnet server, and the round is reached when the server acknowledged those bytes
//! (ack = seq + number of bytes, RFC 9293 §3.4).

use alloc::format;
use alloc::vec::Vec;

use crate::addr::Endpoint;
use crate::bot::{ClientBot, ClientContext, Moves, Once};
use crate::host::{Host, HostEvent};
use crate::score::Goal;
use crate::seq::SeqNumber;
use crate::tcp::State;
use crate::text::{Words, text};
use crate::time::Instant;

use super::super::World;
use super::super::topology::{NodeId, NodeKind, Role};
use super::desk::{OWN, open_or_wait};
use super::{At, Destination, Hooks, Round};

/// Round 2's line (seed 000: "my name is …").
const NAME_LINE: &[u8] = b"my name is";

/// Bytes a client sent that the round waits to see acknowledged: (client, server, end of
/// the bytes).
pub(super) type Named = Vec<(Endpoint, Endpoint, SeqNumber)>;

pub(super) static ROUND: Round = Round {
    key: "data",
    title: Words::new("Data", "Dati"),
    explain: Words::new(
        "Send \"my name is <your name>\" to the server and get it acknowledged \
         with ack = seq + the number of bytes sent.",
        "Invia \"my name is <il tuo nome>\" al server e fattelo confermare con \
         ack = seq + il numero di byte inviati.",
    ),
    destination: Destination::OwnServer,
    desk: |_, d| {
        let (name, server) = (d.name, d.server);
        match &d.own {
            Some(c) if c.state == State::Established && c.snd_una != c.snd_nxt => (
                false,
                text!(
                    "waiting for the server's ACK of your data",
                    "in attesa dell'ACK del server per i tuoi dati"
                ),
            ),
            Some(c) if c.state == State::Established => (
                true,
                text!(
                    "your move: send \"my name is {name}\" to {server}",
                    "tocca a te: invia \"my name is {name}\" a {server}"
                ),
            ),
            other => open_or_wait(other.as_ref(), server, OWN),
        }
    },
    bot: play,
    hooks: Hooks {
        host_event: |w, at, event| {
            if let HostEvent::DataReceived { conn, data } = event
                && at.kind == NodeKind::Server
            {
                w.named(at.node, *conn, data);
            }
        },
        acknowledged: |w, at| {
            let named = core::mem::take(&mut w.rounds.data);
            let (keep, done) = w.split_acknowledged(at, named);
            w.rounds.data = keep;
            if done {
                w.reach(at.team, Goal::Data);
            }
        },
        ..Hooks::NONE
    },
};

/// The bot says its name once its connection is ESTABLISHED, again on a new connection if
/// the first one died.
fn play(
    bot: &mut ClientBot,
    host: &mut Host,
    ctx: &ClientContext,
    now: Instant,
    moves: &mut Moves,
) {
    let line = format!("my name is {}", ctx.name);
    bot.say(
        host,
        ctx,
        now,
        moves,
        (Goal::Data, Once::PerConnection),
        &line,
    );
}

impl World {
    /// A server received `data` on `conn`: if it starts with the round's line, the round
    /// waits to see it acknowledged.
    fn named(&mut self, server: NodeId, conn: crate::host::ConnId, data: &[u8]) {
        let named = data
            .get(..NAME_LINE.len())
            .is_some_and(|d| d.eq_ignore_ascii_case(NAME_LINE));
        if let (true, Some(Role::Host { host, .. })) = (named, self.node(server).map(|n| &n.role))
            && let Some(view) = host.connection(conn)
        {
            self.rounds
                .data
                .push((view.remote, view.local, view.rcv_nxt));
        }
    }

    /// Splits bytes sent by clients into those still unacknowledged and whether one of
    /// client `at`'s was acknowledged by its own team's server (rounds 2 and 8).
    pub(super) fn split_acknowledged(&self, at: At, named: Named) -> (Named, bool) {
        let Some(Role::Host { host, .. }) = self.node(at.node).map(|n| &n.role) else {
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
            } else if self.is_server_of(at.team, server) {
                done = true;
            }
        }
        (keep, done)
    }
}
