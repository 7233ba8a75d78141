//! What a client's desk knows when its round says what to do (game design §4), and the
//! sentences several rounds share: opening a connection, and being done.

use alloc::vec::Vec;

use crate::addr::{Endpoint, Ipv4Addr};
use crate::host::ConnView;
use crate::tcp::State;
use crate::text::{Text, text};

use super::super::topology::NodeId;

/// A client's desk, read from its host: see [`super::Round::desk`].
pub(in crate::world) struct Desk<'a> {
    pub node: NodeId,
    pub team: usize,
    /// The player's name, e.g. for round 2's line.
    pub name: &'a str,
    /// The team's telnet server.
    pub server: Endpoint,
    /// Every connection of the client.
    pub conns: Vec<ConnView>,
    /// The newest connection to the team's telnet server.
    pub own: Option<ConnView>,
}

impl Desk<'_> {
    /// The round's own situation once the connection to the team's server is ESTABLISHED;
    /// before that, opening it.
    pub fn once_open(&self, open: impl FnOnce(&ConnView) -> (bool, Text)) -> (bool, Text) {
        match &self.own {
            Some(c) if c.state == State::Established => open(c),
            other => open_or_wait(other.as_ref(), self.server, OWN),
        }
    }

    /// The newest connection to any port of `addr`.
    pub fn with(&self, addr: Ipv4Addr) -> Option<ConnView> {
        self.conns
            .iter()
            .filter(|c| c.remote.addr == addr)
            .max_by_key(|c| c.id)
            .cloned()
    }
}

/// The round is over for this team.
pub(in crate::world) fn finished() -> (bool, Text) {
    (
        false,
        text!(
            "your team finished every round",
            "la tua squadra ha finito tutte le manche"
        ),
    )
}

/// Whose SYN+ACK a client waits for, in English and in Italian (with its preposition):
/// its own team's server.
pub(super) const OWN: (&str, &str) = ("server", "del server");

/// Opening a connection to `to`: the SYN to write, the SYN+ACK to wait for, or done.
pub(super) fn open_or_wait(
    conn: Option<&ConnView>,
    to: Endpoint,
    (who, chi): (&str, &str),
) -> (bool, Text) {
    match conn.map(|c| c.state) {
        Some(State::SynSent) => (
            false,
            text!(
                "waiting for the {who}'s SYN+ACK",
                "in attesa del SYN+ACK {chi}"
            ),
        ),
        Some(s) if s.is_synchronized() && s != State::TimeWait => (
            false,
            text!(
                "done: your connection to {to} is {s}; waiting for the rest of your team",
                "fatto: la tua connessione verso {to} è {s}; in attesa del resto della squadra"
            ),
        ),
        _ => (
            true,
            text!(
                "your move: open the connection to {to} with a SYN",
                "tocca a te: apri la connessione verso {to} con un SYN"
            ),
        ),
    }
}
