//! Round 7 (seed 000): the client closes its connection with FIN and ACK in both
//! directions, and the round is reached when the connection lived through TIME-WAIT
//! (RFC 9293 §3.10.7.4).

use crate::bot::ClientBot;
use crate::host::{ConnView, HostEvent};
use crate::score::Goal;
use crate::tcp::State;
use crate::text::{Text, Words, text};

use super::desk::{OWN, open_or_wait};
use super::{Destination, Hooks, Round};

pub(super) static ROUND: Round = Round {
    key: "goodbye",
    title: Words::new("Goodbye", "Arrivederci"),
    explain: Words::new(
        "Close a connection with FIN and ACK in both directions, passing through \
         TIME-WAIT.",
        "Chiudi una connessione con FIN e ACK in entrambe le direzioni, passando per \
         TIME-WAIT.",
    ),
    destination: Destination::OwnServer,
    desk: |_, d| match d.own.as_ref().or(d.conns.last()) {
        Some(c) => closing(c),
        None => open_or_wait(None, d.server, OWN),
    },
    // The bot closes every connection it keeps open (to its own server and across) and lives
    // through TIME-WAIT.
    bot: |bot, turn| {
        let state = bot.ensure_main(turn);
        if matches!(state, Some(State::Established | State::CloseWait)) {
            bot.close(turn, bot.main);
        }
        if matches!(
            ClientBot::state(turn.host, bot.across),
            Some(State::Established | State::CloseWait)
        ) {
            bot.close(turn, bot.across);
        }
    },
    hooks: Hooks {
        host_event: |w, at, event| {
            if let HostEvent::StateChanged {
                from: State::TimeWait,
                to: State::Closed,
                ..
            } = event
            {
                w.reach(at.team, Goal::Goodbye);
            }
        },
        ..Hooks::NONE
    },
};

/// The client's side of the connection it closes.
fn closing(c: &ConnView) -> (bool, Text) {
    let peer = c.remote;
    match c.state {
        State::Established => (
            true,
            text!(
                "your move: close your connection to {peer} with FIN",
                "tocca a te: chiudi la tua connessione verso {peer} con FIN"
            ),
        ),
        State::FinWait1 => (
            false,
            text!(
                "waiting for the ACK of your FIN",
                "in attesa dell'ACK del tuo FIN"
            ),
        ),
        State::FinWait2 => (
            false,
            text!(
                "waiting for {peer}'s FIN: their side is still open",
                "in attesa del FIN di {peer}: il suo lato è ancora aperto"
            ),
        ),
        State::TimeWait => (
            false,
            text!(
                "TIME-WAIT: the connection waits 2×MSL for late cards before it is gone",
                "TIME-WAIT: la connessione aspetta 2×MSL le carte in ritardo prima di sparire"
            ),
        ),
        State::CloseWait => (
            true,
            text!(
                "your move: {peer} closed its side; close yours with FIN",
                "tocca a te: {peer} ha chiuso il suo lato; chiudi il tuo con FIN"
            ),
        ),
        s => (
            false,
            text!(
                "your connection to {peer} is {s}: wait for the next card",
                "la tua connessione verso {peer} è in {s}: aspetta la prossima carta"
            ),
        ),
    }
}
