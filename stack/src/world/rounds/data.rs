//! Round 2 (seed 000): the client sends "my name is <name>" on its connection to the
//! team's telnet server, and the round is reached when the server acknowledged those bytes
//! (ack = seq + number of bytes, RFC 9293 §3.4).

use alloc::format;
use alloc::vec::Vec;

use crate::addr::Endpoint;
use crate::bot::Once;
use crate::host::HostEvent;
use crate::score::Goal;
use crate::seq::SeqNumber;
use crate::text::{Words, text};

use super::super::World;
use super::super::topology::{NodeId, NodeKind, Role};
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
        d.once_open(|c| {
            if c.snd_una != c.snd_nxt {
                (
                    false,
                    text!(
                        "waiting for the server's ACK of your data",
                        "in attesa dell'ACK del server per i tuoi dati"
                    ),
                )
            } else {
                (
                    true,
                    text!(
                        "your move: send \"my name is {name}\" to {server}",
                        "tocca a te: invia \"my name is {name}\" a {server}"
                    ),
                )
            }
        })
    },
    // The bot says its name once its connection is ESTABLISHED, again on a new connection if
    // the first one died.
    bot: |bot, turn| {
        let line = format!("my name is {}", turn.ctx.name);
        bot.say(turn, (Goal::Data, Once::PerConnection), &line);
    },
    hooks: Hooks {
        host_event: |w, at, event| {
            if let HostEvent::DataReceived { conn, data } = event
                && at.kind == NodeKind::Server
            {
                w.named(at.node, *conn, data);
            }
        },
        acknowledged: |w, at| w.bytes_acknowledged(at, Goal::Data, |s| &mut s.data),
        ..Hooks::NONE
    },
};

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

    /// Rounds 2 and 8: after a card reached client `at`, the bytes in `pending` that it now
    /// sees acknowledged leave it, and `goal` is reached if some of them went to its own
    /// team's server.
    pub(super) fn bytes_acknowledged(
        &mut self,
        at: At,
        goal: Goal,
        pending: fn(&mut super::State) -> &mut Named,
    ) {
        let named = core::mem::take(pending(&mut self.rounds));
        let (keep, done) = self.split_acknowledged(at, named);
        *pending(&mut self.rounds) = keep;
        if done {
            self.reach(at.team, goal);
        }
    }

    /// Splits bytes sent by clients into those still unacknowledged and whether one of
    /// client `at`'s was acknowledged by its own team's server.
    fn split_acknowledged(&self, at: At, named: Named) -> (Named, bool) {
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
