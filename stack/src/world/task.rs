//! What to do now, on every desk (game design §4, "the lesson runs itself"): the team's
//! round and its goal, and the player's situation in it — whose move it is and what the
//! move is, or what they are waiting for. Read from the same state the referee judges
//! (the host's connections and what its stack owes, the router's inbox and table), so the
//! banner and the verdict can never disagree: the banner names the move, never the
//! numbers, which are the game.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::addr::Endpoint;
use crate::host::{ConnView, Host};
use crate::score::{Destination, Goal};
use crate::tcp::State;
use crate::text::{Text, text};

use super::World;
use super::topology::{NodeId, NodeKind, Role, server_endpoint};

/// One desk's task right now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Task {
    /// The team's current round; `None` once the team finished every round.
    pub round: Option<Goal>,
    /// Whether the next move is this player's (else they wait for someone).
    pub your_move: bool,
    /// The situation in one sentence: "your move: open the connection to 10.0.1.1:23 with
    /// a SYN", "waiting for the server's SYN+ACK", in English and Italian.
    pub situation: Text,
}

impl World {
    /// The task of the player at `node` (see the module documentation).
    pub fn task(&self, node: NodeId) -> Option<Task> {
        let n = self.node(node)?;
        let round = self.current_goal(n.team);
        let (your_move, situation) = match (&n.role, n.kind) {
            (Role::Router { router, .. }, _) => {
                let inbox = self.inbox_ids(node);
                let first = inbox
                    .first()
                    .and_then(|id| self.cards.get(id))
                    .map(|r| r.packet.src());
                match first {
                    Some(src) => (
                        true,
                        text!(
                            "your move: decide where the card from {src} goes (deliver, \
                             forward, keep, ICMP or drop)",
                            "tocca a te: decidi dove va la carta da {src} (consegna, inoltra, \
                             tienila, ICMP o scarta)"
                        ),
                    ),
                    None if round.map(|g| g.destination()) == Some(Destination::OtherTeam) => {
                        let missing = self
                            .teams
                            .iter()
                            .filter(|t| t.index != n.team)
                            .filter(|t| router.table.lookup(t.lan.network()).is_none())
                            .map(|t| format!("{}", t.lan))
                            .collect::<Vec<String>>();
                        if missing.is_empty() {
                            (
                                false,
                                text!(
                                    "your table knows every LAN: wait for the cards that cross \
                                     your router",
                                    "la tua tabella conosce ogni LAN: aspetta le carte che \
                                     attraversano il tuo router"
                                ),
                            )
                        } else {
                            let nets = missing.join(", ");
                            (
                                true,
                                text!(
                                    "your move: add a route for {nets} to your routing table, \
                                     via the router that leads there",
                                    "tocca a te: aggiungi alla tua tabella di instradamento una \
                                     rotta per {nets}, via il router che porta lì"
                                ),
                            )
                        }
                    }
                    None => (
                        false,
                        text!(
                            "waiting for a card to route",
                            "in attesa di una carta da instradare"
                        ),
                    ),
                }
            }
            (Role::Host { host, .. }, kind) => {
                // RFC 6298 §5.4: the timer ran out, and the lost card goes again as it was.
                if host.outbox().iter().any(|s| host.resent_on(s).is_some()) {
                    (
                        true,
                        text!(
                            "your move: your retransmission timer ran out before the ACK came: \
                             send the unacknowledged card again, same seq and same bytes",
                            "tocca a te: il tuo timer di ritrasmissione è scaduto prima dell'ACK: \
                             rimanda la carta non confermata, stesso seq e stessi byte"
                        ),
                    )
                } else if !host.outbox().is_empty() {
                    (
                        true,
                        text!(
                            "your move: a card on your desk needs an answer",
                            "tocca a te: una carta sulla tua scrivania aspetta una risposta"
                        ),
                    )
                } else if kind == NodeKind::Server {
                    self.server_situation(host, round)
                } else if let Some(buffering) = self.nagle_task(node) {
                    buffering
                } else {
                    self.client_situation(n.team, &n.name, host, round)
                }
            }
        };
        Some(Task {
            round,
            your_move,
            situation,
        })
    }

    fn server_situation(&self, host: &Host, round: Option<Goal>) -> (bool, Text) {
        let closing = host
            .connections()
            .into_iter()
            .find(|c| c.state == State::CloseWait);
        if let Some(c) = closing {
            let peer = c.remote;
            return (
                true,
                text!(
                    "your move: {peer} closed its side; close yours with FIN when you are done",
                    "tocca a te: {peer} ha chiuso il suo lato; chiudi il tuo con FIN quando hai \
                     finito"
                ),
            );
        }
        let Some(goal) = round else {
            return finished();
        };
        let situation = match goal.destination() {
            // Seed 000, round 3: the SYN goes to a port where nothing listens, and the
            // host answers it with a RST (RFC 9293 §3.10.7.1), which the server's desk owes
            // as soon as the SYN lands.
            Destination::ClosedPort => text!(
                "waiting: a client will knock on a port of yours where nothing listens; only port 23 has your telnet server",
                "in attesa: un client busserà a una tua porta dove nessuno ascolta; solo la porta 23 ha il tuo server telnet"
            ),
            // Round 5: the card is for an address no router knows, so it never reaches the
            // server; the router answers it (RFC 1812 §5.2.7.1).
            Destination::Unknown => text!(
                "nothing comes to you this round: the client's card is for an address no router knows, and its router answers it",
                "in questa manche non ti arriva niente: la carta del client è per un indirizzo che nessun router conosce, e risponde il suo router"
            ),
            // Round 6: the clients of another team connect across the routers.
            Destination::OtherTeam => text!(
                "waiting for a client of another team: its SYN crosses the routers to your port 23",
                "in attesa di un client di un'altra squadra: il suo SYN attraversa i router fino alla tua porta 23"
            ),
            Destination::OwnServer => text!(
                "waiting for a client's card: your telnet server listens on port 23",
                "in attesa della carta di un client: il tuo server telnet ascolta sulla porta 23"
            ),
        };
        (false, situation)
    }

    fn client_situation(
        &self,
        team: usize,
        name: &str,
        host: &Host,
        round: Option<Goal>,
    ) -> (bool, Text) {
        let Some(goal) = round else {
            return finished();
        };
        let Some(server) = self
            .teams
            .get(team)
            .and_then(|t| server_endpoint(t, &self.nodes))
        else {
            return finished();
        };
        let conns = host.connections();
        let with = |addr| {
            conns
                .iter()
                .filter(|c| c.remote.addr == addr)
                .max_by_key(|c| c.id)
                .cloned()
        };
        let own = conns
            .iter()
            .filter(|c| c.remote == server)
            .max_by_key(|c| c.id)
            .cloned();
        match goal {
            Goal::Handshake => open_or_wait(own.as_ref(), server, OWN),
            Goal::Data => match own {
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
            },
            Goal::Refused => {
                let addr = server.addr;
                let probe = conns
                    .iter()
                    .find(|c| c.remote.addr == addr && c.remote.port != server.port);
                match probe {
                    Some(c) if c.state == State::SynSent => {
                        let port = c.remote.port;
                        (
                            false,
                            text!(
                                "waiting: what will {addr} answer to your SYN for port {port}?",
                                "in attesa: cosa risponderà {addr} al tuo SYN per la porta \
                                 {port}?"
                            ),
                        )
                    }
                    _ => (
                        true,
                        text!(
                            "your move: send a SYN to a port of {addr} where nothing listens, \
                             e.g. 80",
                            "tocca a te: manda un SYN a una porta di {addr} dove nessuno \
                             ascolta, per esempio 80"
                        ),
                    ),
                }
            }
            Goal::ForgedRst => match own {
                Some(c) if c.state == State::Established => (
                    false,
                    text!(
                        "keep your connection to {server} open and watch: a forged RST is \
                         coming, and only the exact next seq may tear it down",
                        "tieni aperta la tua connessione verso {server} e osserva: sta \
                         arrivando un RST falsificato, e solo il seq esatto atteso può \
                         abbatterla"
                    ),
                ),
                other => open_or_wait(other.as_ref(), server, OWN),
            },
            Goal::NoRoute => {
                let unknown = self.unknown;
                match with(unknown) {
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
            }
            Goal::AcrossLans => {
                let other = self
                    .teams
                    .get((team + 1) % self.teams.len().max(1))
                    .filter(|t| t.index != team)
                    .and_then(|t| server_endpoint(t, &self.nodes));
                match other {
                    Some(far) => open_or_wait(with(far.addr).as_ref(), far, ACROSS),
                    None => finished(),
                }
            }
            // The round's loss comes on the data card; the timer then puts the
            // retransmission in the outbox, which the banner above names.
            Goal::Retransmit => match own {
                Some(c) if c.state == State::Established && c.snd_una != c.snd_nxt => (
                    false,
                    text!(
                        "waiting for the server's ACK: if your retransmission timer runs out \
                         first, the card was lost",
                        "in attesa dell'ACK del server: se il tuo timer di ritrasmissione scade \
                         prima, la carta si è persa"
                    ),
                ),
                Some(c) if c.state == State::Established => (
                    true,
                    text!(
                        "your move: send a line of data to {server}, and watch your \
                         retransmission timer",
                        "tocca a te: invia una riga di dati a {server}, e tieni d'occhio il tuo \
                         timer di ritrasmissione"
                    ),
                ),
                other => open_or_wait(other.as_ref(), server, OWN),
            },
            // The desk's send buffer takes over once the connection is open.
            Goal::Nagle => open_or_wait(own.as_ref(), server, OWN),
            Goal::Goodbye => match own.or_else(|| conns.last().cloned()) {
                Some(c) => goodbye(&c),
                None => open_or_wait(None, server, OWN),
            },
        }
    }
}

/// The round is over for this team.
fn finished() -> (bool, Text) {
    (
        false,
        text!(
            "your team finished every round",
            "la tua squadra ha finito tutte le manche"
        ),
    )
}

/// Opening a connection to `to`: the SYN to write, the SYN+ACK to wait for, or done.
/// Whose SYN+ACK a client waits for, in English and in Italian (with its preposition).
const OWN: (&str, &str) = ("server", "del server");
const ACROSS: (&str, &str) = ("other team's server", "del server dell'altra squadra");

fn open_or_wait(conn: Option<&ConnView>, to: Endpoint, (who, chi): (&str, &str)) -> (bool, Text) {
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

/// Round 7, from the client's side of a connection.
fn goodbye(c: &ConnView) -> (bool, Text) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Scenario;
    use crate::text::twin_with_same_numbers;
    use crate::time::Instant;
    use crate::world::{Action, Seat};
    use alloc::boxed::Box;

    fn game(goals: &[Goal]) -> (World, NodeId, NodeId, NodeId) {
        let mut scenario = Scenario::original();
        scenario.goals = goals.to_vec();
        let mut w = World::new(&scenario).expect("builds");
        w.set_attacker(false);
        let team = w.teams()[0].clone();
        for node in [team.clients[0], team.server, team.router] {
            w.act(
                Action::SetSeat {
                    node,
                    seat: Seat::Human,
                },
                Instant::ZERO,
            )
            .expect("seat");
        }
        (w, team.clients[0], team.server, team.router)
    }

    /// The situation says `en`, in one clean line in both languages (a sentence split
    /// across source lines must not carry the indentation into the banner).
    fn says(task: &Task, en: &str) -> bool {
        let s = &task.situation;
        let clean = |t: &str| !t.contains("  ") && !t.contains('\n');
        s.en.contains(en)
            && twin_with_same_numbers(s)
            && clean(&s.en)
            && s.it.as_deref().is_some_and(clean)
    }

    /// Seed 000, round 1: the client opens, the server and router wait; after the SYN the
    /// router decides and the client waits for the SYN+ACK.
    #[test]
    fn round_1_tells_each_seat_whose_move_it_is_seed_000() {
        let (mut w, client, server, router) = game(&Goal::ALL);
        let t = w.task(client).expect("task");
        assert_eq!(t.round, Some(Goal::Handshake));
        assert!(
            t.your_move && says(&t, "open the connection to 10.0.1.1:23 with a SYN"),
            "{t:?}"
        );
        assert!(!w.task(server).expect("task").your_move);
        assert!(!w.task(router).expect("task").your_move);
        w.act(
            Action::WriteCard {
                node: client,
                card: Box::new(crate::world::syn_card("10.0.1.2", 40000, "10.0.1.1", 23)),
            },
            Instant::ZERO,
        )
        .expect("sent");
        let t = w.task(client).expect("task");
        assert!(
            !t.your_move && says(&t, "waiting for the server's SYN+ACK"),
            "{t:?}"
        );
        w.advance(Instant::from_secs(5));
        let r = w.task(router).expect("task");
        assert!(r.your_move && says(&r, "the card from 10.0.1.2"), "{r:?}");
    }

    /// Rounds 3, 5 and 7 name their move in the round's words (seed 000).
    #[test]
    fn later_rounds_name_their_move_seed_000() {
        let (w, client, _, _) = game(&[Goal::Refused]);
        assert!(says(
            &w.task(client).expect("task"),
            "where nothing listens, e.g. 80"
        ));
        let (w, client, _, _) = game(&[Goal::NoRoute]);
        assert!(says(
            &w.task(client).expect("task"),
            "no router knows, e.g. 10.0.99.1:23"
        ));
        let (w, client, _, router) = game(&[Goal::AcrossLans]);
        assert!(says(&w.task(client).expect("task"), "10.0.2.1:23"));
        let r = w.task(router).expect("task");
        assert!(
            r.your_move && says(&r, "add a route for 10.0.2.0/24, 10.0.3.0/24"),
            "{r:?}"
        );
        let (w, client, server, _) = game(&[Goal::Goodbye]);
        assert!(says(&w.task(client).expect("task"), "open the connection"));
        assert!(says(&w.task(server).expect("task"), "listens on port 23"));
    }

    /// The server's wait is the round's: in round 3 a SYN comes to a closed port (RFC 9293
    /// §3.10.7.1), in round 5 nothing comes at all because the router answers (RFC 1812
    /// §5.2.7.1), in round 6 the SYN is another team's. Before, every round said the same
    /// "listens on port 23", which sent round 5's server looking for a card that never comes.
    #[test]
    fn the_server_waits_for_what_its_round_sends_it_seed_000() {
        for (goal, en) in [
            (Goal::Handshake, "listens on port 23"),
            (Goal::Refused, "a port of yours where nothing listens"),
            (Goal::NoRoute, "nothing comes to you this round"),
            (Goal::AcrossLans, "a client of another team"),
        ] {
            let (w, _, server, _) = game(&[goal]);
            let t = w.task(server).expect("task");
            assert!(!t.your_move && says(&t, en), "{goal:?}: {t:?}");
        }
    }
}
