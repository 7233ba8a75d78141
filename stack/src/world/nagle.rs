//! The buffering round, "Nagle algorithm and caching, buffering", the step the original
//! session named next (seeds 000 and 001): the client's application writes "hello" a byte
//! at a time over a slow path. With Nagle's algorithm on, a segment smaller than the MSS
//! may leave only when nothing sent is unacknowledged, so the bytes written meanwhile wait
//! and go out together when the ACK comes (RFC 896; RFC 1122 §4.2.3.4). The scenario's
//! `nodelay` setting turns the algorithm off (TCP_NODELAY), and then every piece may go as
//! soon as it is written.
//!
//! The application is engine state: it writes "h" when the round starts and each next byte
//! a fixed time after the one before, once the first left, each write an event at a time
//! the world schedules, so a person and a bot see the same buffer at the same time, every
//! screen of a room updates with it, and a replay gives the same one.

use alloc::string::{String, ToString};

use crate::addr::Endpoint;
use crate::card::Field;
use crate::check::Mistake;
use crate::host::ConnView;
use crate::score::Goal;
use crate::segment::TcpSegment;
use crate::tcp::State;
use crate::text::{Text, text};
use crate::time::{Duration, Instant};
use crate::wire::Packet;

use super::World;
use super::topology::{NodeId, Role, Seat, server_endpoint};

/// What the client's application writes in the round, one byte per write (the "h", "e",
/// "l", "l", "o" of the round's description).
pub const APP_WRITES: &str = "hello";

/// Game time between two writes once the first byte left: shorter than any round trip of
/// the game (a card crosses two links each way, and the server takes its turn), so the
/// later bytes are written while the first is unacknowledged, when Nagle holds them.
const WRITE_GAP: Duration = Duration::from_secs(1);

/// The rule every verdict of the round cites.
const RULE: &str = "RFC 896, RFC 1122 §4.2.3.4";

/// A client's application in the round: the connection it writes on, where its bytes
/// start there, and when the first of them left.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct App {
    node: NodeId,
    local: Endpoint,
    remote: Endpoint,
    base: crate::seq::SeqNumber,
    first_sent: Option<Instant>,
    /// How many bytes of [`APP_WRITES`] the application wrote so far.
    written: usize,
}

/// A client's send buffer in the buffering round, as its desk shows it (read-only).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SendBuffer {
    /// Everything the application wrote so far, in order.
    pub written: String,
    /// How many bytes of `written` already left on cards.
    pub sent: usize,
    /// Bytes sent and not acknowledged yet.
    pub in_flight: u32,
    /// Whether Nagle's algorithm is on (the scenario did not set `nodelay`).
    pub nagle: bool,
    /// Writes the application still has to make.
    pub to_write: usize,
    /// The largest segment: a card this big never waits (RFC 1122 §4.2.3.4).
    pub mss: usize,
}

impl SendBuffer {
    /// The bytes written and not sent yet: what the next data card carries.
    pub fn buffered(&self) -> &str {
        self.written.get(self.sent..).unwrap_or("")
    }

    /// Whether the buffered bytes may leave now: always without Nagle; with it, when
    /// nothing is unacknowledged or a full segment is ready (RFC 1122 §4.2.3.4).
    pub fn may_send(&self) -> bool {
        !self.nagle || self.in_flight == 0 || self.buffered().len() >= self.mss
    }

    /// Whether the application wrote everything and all of it was acknowledged.
    pub fn done(&self) -> bool {
        self.to_write == 0 && self.buffered().is_empty() && self.in_flight == 0
    }
}

impl World {
    /// The application's connection of a client playing the round, if it has one.
    fn app_conn(&self, node: NodeId) -> Option<(&App, ConnView)> {
        let n = self.node(node)?;
        if self.current_goal(n.team) != Some(Goal::Nagle) {
            return None;
        }
        let app = self.apps.iter().find(|a| a.node == node)?;
        let Role::Host { host, .. } = &n.role else {
            return None;
        };
        let view = host
            .find(app.local, app.remote)
            .and_then(|c| host.connection(c))?;
        Some((app, view))
    }

    /// The send buffer of `node` while its team plays the buffering round with a
    /// connection open to its server; `None` otherwise.
    pub fn send_buffer(&self, node: NodeId) -> Option<SendBuffer> {
        let (app, view) = self.app_conn(node)?;
        let written = app.written;
        let sent = usize::try_from(view.snd_nxt - app.base).unwrap_or(usize::MAX);
        let mss = self.node(node).and_then(|n| match &n.role {
            Role::Host { host, .. } => Some(usize::from(host.config().mss)),
            Role::Router { .. } => None,
        })?;
        Some(SendBuffer {
            written: APP_WRITES.get(..written).unwrap_or("").to_string(),
            sent: sent.min(written),
            in_flight: view.snd_nxt - view.snd_una,
            nagle: !self.settings.nodelay,
            to_write: APP_WRITES.len() - written,
            mss,
        })
    }

    /// The application of each client of `team` that plays the round starts writing once
    /// the client's connection to its own server is ESTABLISHED (a new one replaces one
    /// that ended).
    pub(super) fn app_start(&mut self, team: usize) {
        if self.current_goal(team) != Some(Goal::Nagle) {
            return;
        }
        let clients = self
            .teams
            .get(team)
            .map(|t| t.clients.clone())
            .unwrap_or_default();
        let Some(server) = self
            .teams
            .get(team)
            .and_then(|t| server_endpoint(t, &self.nodes))
        else {
            return;
        };
        for node in clients {
            if self.app_conn(node).is_some() {
                continue;
            }
            let Some(Role::Host { host, .. }) = self.node(node).map(|n| &n.role) else {
                continue;
            };
            let open = host
                .connections()
                .into_iter()
                .filter(|c| c.remote == server && c.state == State::Established)
                .max_by_key(|c| c.id);
            if let Some(c) = open {
                self.apps.retain(|a| a.node != node);
                self.apps.push(App {
                    node,
                    local: c.local,
                    remote: c.remote,
                    base: c.snd_nxt,
                    first_sent: None,
                    written: 1,
                });
                self.emit(super::EventKind::AppWrote {
                    node,
                    data: APP_WRITES.get(..1).unwrap_or("").to_string(),
                });
                self.wake_bot(node);
            }
        }
    }

    /// A card left `from`: the first one with the application's bytes starts its clock.
    pub(super) fn app_sent(&mut self, from: NodeId, packet: &Packet) {
        let now = self.now;
        if let Packet::Tcp { seg, .. } = packet
            && !seg.payload.is_empty()
            && let Some(app) = self
                .apps
                .iter_mut()
                .find(|a| a.node == from && a.local == seg.src && a.remote == seg.dst)
            && app.first_sent.is_none()
        {
            app.first_sent = Some(now);
        }
    }

    /// When each application writes next: a write gap after its previous write, once its
    /// first byte left (before that, the application waits for the card of its "h").
    pub(super) fn app_writes_due(&self) -> impl Iterator<Item = (Instant, NodeId)> + '_ {
        self.apps.iter().filter_map(|a| {
            let first = a.first_sent.filter(|_| a.written < APP_WRITES.len())?;
            let gaps = u64::try_from(a.written).unwrap_or(u64::MAX);
            Some((first + WRITE_GAP.saturating_mul(gaps), a.node))
        })
    }

    /// The application of `node` writes its next byte; a bot client looks at its buffer.
    pub(super) fn app_write(&mut self, node: NodeId) {
        let Some(app) = self.apps.iter_mut().find(|a| a.node == node) else {
            return;
        };
        let Some(data) = APP_WRITES.get(app.written..=app.written) else {
            return;
        };
        app.written += 1;
        let data = data.to_string();
        self.emit(super::EventKind::AppWrote { node, data });
        // A bot's stack sees the write at once, as a kernel's does: no thinking.
        let now = self.now;
        if let Some(n) = self.node_mut(node)
            && n.seat == Seat::Bot
        {
            n.wake = Some(n.wake.map_or(now, |w| w.min(now)));
        }
    }

    /// The referee's rule of the round for a data card of `node`: the card carries the
    /// bytes the application wrote and not yet sent, and with Nagle on a small card waits
    /// while data is unacknowledged, then takes everything buffered (RFC 1122 §4.2.3.4).
    pub(super) fn nagle_mistake(&self, node: NodeId, seg: &TcpSegment) -> Option<Mistake> {
        let (app, _) = self.app_conn(node)?;
        if seg.payload.is_empty() || seg.src != app.local || seg.dst != app.remote {
            return None;
        }
        let buf = self.send_buffer(node)?;
        let buffered = buf.buffered();
        let got = Text::same(String::from_utf8_lossy(&seg.payload).into_owned());
        let written = &buf.written;
        if buffered.is_empty() {
            return Some(Mistake {
                field: Field::Data,
                expected: text!(
                    "no card yet: the application has nothing new",
                    "nessuna carta per ora: l'applicazione non ha niente di nuovo"
                ),
                got,
                why: text!(
                    "your application wrote \"{written}\" and all of it already left: a data \
                     card carries only bytes the application wrote and not yet sent",
                    "la tua applicazione ha scritto \"{written}\" ed è già partito tutto: una \
                     carta dati porta solo byte che l'applicazione ha scritto e non ancora \
                     inviato"
                ),
                rfc: "RFC 9293 §3.10.2",
            });
        }
        if !buffered.as_bytes().starts_with(&seg.payload) {
            return Some(Mistake {
                field: Field::Data,
                expected: Text::same(alloc::format!("\"{buffered}\"")),
                got,
                why: text!(
                    "your application wrote \"{buffered}\" that has not left yet: a data card \
                     carries those bytes, in the order they were written",
                    "la tua applicazione ha scritto \"{buffered}\" che non è ancora partito: \
                     una carta dati porta quei byte, nell'ordine in cui sono stati scritti"
                ),
                rfc: "RFC 9293 §3.10.2",
            });
        }
        if !buf.nagle || seg.payload.len() >= buf.mss {
            return None;
        }
        let (n, mss) = (buf.in_flight, buf.mss);
        if n > 0 {
            return Some(Mistake {
                field: Field::Data,
                expected: text!(
                    "no card yet: wait for the ACK of the data in flight",
                    "nessuna carta per ora: aspetta l'ACK dei dati in volo"
                ),
                got,
                why: text!(
                    "this card should have waited: data you sent is not acknowledged yet \
                     (bytes in flight: {n}) and the card is smaller than a full segment ({mss} bytes), so with \
                     Nagle's algorithm it waits in the buffer; when the ACK comes, everything \
                     buffered goes out together in one card",
                    "questa carta doveva aspettare: dati che hai inviato non sono ancora \
                     confermati (byte in volo: {n}) e la carta è più piccola di un segmento pieno ({mss} byte), \
                     quindi con l'algoritmo di Nagle resta nel buffer; quando arriva l'ACK, \
                     tutto quello che è nel buffer parte insieme in una carta"
                ),
                rfc: RULE,
            });
        }
        if seg.payload.len() < buffered.len() {
            return Some(Mistake {
                field: Field::Data,
                expected: Text::same(alloc::format!("\"{buffered}\"")),
                got,
                why: text!(
                    "nothing is unacknowledged now, so the buffered bytes go out together: \
                     Nagle's algorithm sends everything waiting in the buffer, \"{buffered}\", \
                     in one card, not a piece of it",
                    "ora non c'è niente da confermare, quindi i byte nel buffer partono \
                     insieme: l'algoritmo di Nagle invia tutto quello che aspetta nel buffer, \
                     \"{buffered}\", in una carta sola, non un pezzo"
                ),
                rfc: RULE,
            });
        }
        None
    }

    /// After a card reached client `node`: the round is reached when the application wrote
    /// everything and the server acknowledged all of it.
    pub(super) fn app_acknowledged(&mut self, node: NodeId, team: usize) {
        if self.send_buffer(node).is_some_and(|b| b.done()) {
            self.reach(team, Goal::Nagle);
        }
    }

    /// A bot client's turn in the round: the buffered bytes leave when the algorithm lets
    /// them, all of them at once (the application's next write wakes it again).
    pub(super) fn nagle_bot(&mut self, node: NodeId) {
        let Some(buf) = self.send_buffer(node) else {
            return;
        };
        let Some(conn) = self.app_conn(node).map(|(_, v)| v.id) else {
            return;
        };
        let now = self.now;
        let line = buf.buffered();
        if line.is_empty() || !buf.may_send() {
            return;
        }
        if let Some(Role::Host { host, .. }) = self.node_mut(node).map(|n| &mut n.role)
            && host.send(conn, line.as_bytes(), now).is_ok()
        {
            let text = alloc::format!("send \"{line}\"");
            self.emit(super::EventKind::BotMove { node, text });
        }
    }

    /// What the desk of a client in the round says: open the connection, wait for the
    /// application or for the ACK, or send what is buffered.
    pub(super) fn nagle_task(&self, node: NodeId) -> Option<(bool, Text)> {
        let buf = self.send_buffer(node)?;
        let buffered = buf.buffered();
        let n = buf.in_flight;
        Some(if buffered.is_empty() && n > 0 {
            (
                false,
                text!(
                    "waiting for the server's ACK of your data (bytes in flight: {n})",
                    "in attesa dell'ACK del server per i tuoi dati (byte in volo: {n})"
                ),
            )
        } else if buffered.is_empty() {
            (
                false,
                text!(
                    "waiting for your application to write",
                    "in attesa che la tua applicazione scriva"
                ),
            )
        } else if !buf.may_send() {
            (
                false,
                text!(
                    "\"{buffered}\" waits in your send buffer: data is unacknowledged (bytes \
                     in flight: {n}), so Nagle's algorithm holds small cards until the ACK comes",
                    "\"{buffered}\" aspetta nel tuo buffer di invio: ci sono dati non \
                     confermati (byte in volo: {n}), quindi l'algoritmo di Nagle trattiene le \
                     carte piccole finché non arriva l'ACK"
                ),
            )
        } else {
            (
                true,
                text!(
                    "your move: send \"{buffered}\", what your application buffered, in one \
                     data card",
                    "tocca a te: invia \"{buffered}\", quello che la tua applicazione ha messo \
                     nel buffer, in una carta dati"
                ),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::card::Card;
    use crate::scenario::Scenario;
    use crate::world::fixtures::{alice_card, red_alone, seat_alice};
    use crate::world::{Action, EventKind};
    use alloc::boxed::Box;
    use alloc::vec::Vec;

    /// Red alone, coach mode, ISN 0, the slow path of `scenarios/nagle.toml`, Alice played
    /// by a person; the handshake then the buffering round.
    fn red_lan(nodelay: bool) -> (World, NodeId) {
        let settings = alloc::format!("link_delay = 2.5\nnodelay = {nodelay}");
        let mut w = red_alone(r#""handshake", "nagle""#, &settings);
        let alice = seat_alice(&mut w);
        (w, alice)
    }

    /// Plays `card` now: the referee's mistakes as (rule, why in English), empty when right.
    fn write(w: &mut World, node: NodeId, card: Box<Card>) -> Vec<(String, String)> {
        let events = w
            .act(Action::WriteCard { node, card }, w.now())
            .expect("act");
        events
            .iter()
            .flat_map(|e| match &e.kind {
                EventKind::CardRejected { mistakes, .. } | EventKind::Verdict { mistakes, .. } => {
                    mistakes
                        .iter()
                        .map(|m| (m.rfc.clone(), m.why.en.clone()))
                        .collect()
                }
                _ => Vec::new(),
            })
            .collect()
    }

    fn run_until(w: &mut World, done: impl Fn(&World) -> bool) {
        while !done(w) {
            let t = w.next_due().expect("something is due");
            assert!(t < Instant::from_secs(120), "never happened");
            w.advance(t);
        }
    }

    /// Alice opens her connection; the round starts with "h" in her send buffer.
    fn to_the_round(w: &mut World, alice: NodeId) {
        assert!(write(w, alice, alice_card((true, false), "0", "", "")).is_empty());
        run_until(w, |w| !w.inbox(alice).is_empty());
        assert!(write(w, alice, alice_card((false, true), "1", "1", "")).is_empty());
        run_until(w, |w| w.send_buffer(alice).is_some());
        let buf = w.send_buffer(alice).expect("buffer");
        assert_eq!(
            (buf.buffered(), buf.in_flight, buf.nagle),
            ("h", 0, !w.settings().nodelay)
        );
    }

    /// With Nagle on, "h" goes at once; "e", written while "h" is unacknowledged, should
    /// have waited; when the ACK comes, a piece of the buffer is not enough, "ello" in one
    /// card is right, and its ACK reaches the round (RFC 896, RFC 1122 §4.2.3.4).
    #[test]
    fn small_cards_wait_for_the_ack_then_go_together_rfc896() {
        let (mut w, alice) = red_lan(false);
        to_the_round(&mut w, alice);
        assert!(write(&mut w, alice, alice_card((false, true), "1", "1", "h")).is_empty());
        run_until(&mut w, |w| {
            w.send_buffer(alice).is_some_and(|b| b.buffered() == "e")
        });
        let task = w.task(alice).expect("task");
        assert!(!task.your_move && task.situation.en.contains("Nagle's algorithm holds"));
        let wrong = write(&mut w, alice, alice_card((false, true), "2", "1", "e"));
        assert_eq!(wrong.len(), 1);
        assert_eq!(wrong[0].0, RULE);
        assert!(wrong[0].1.contains("should have waited"), "{}", wrong[0].1);
        run_until(&mut w, |w| {
            w.send_buffer(alice).is_some_and(|b| b.in_flight == 0)
        });
        let buf = w.send_buffer(alice).expect("buffer");
        assert_eq!(
            buf.buffered(),
            "ello",
            "the ACK took longer than the writes"
        );
        assert!(w.task(alice).expect("task").your_move);
        let piece = write(&mut w, alice, alice_card((false, true), "2", "1", "el"));
        assert_eq!(piece.len(), 1);
        assert!(piece[0].1.contains("go out together"), "{}", piece[0].1);
        let other = write(&mut w, alice, alice_card((false, true), "2", "1", "olle"));
        assert_eq!(other[0].0, "RFC 9293 §3.10.2");
        assert!(write(&mut w, alice, alice_card((false, true), "2", "1", "ello")).is_empty());
        run_until(&mut w, |w| w.current_goal(0).is_none());
        assert_eq!(w.race().leaderboard()[0].mistakes, 3);
    }

    /// TCP_NODELAY: the same "e" while "h" is unacknowledged is right.
    #[test]
    fn with_nodelay_each_byte_goes_at_once_rfc1122_4_2_3_4() {
        let (mut w, alice) = red_lan(true);
        to_the_round(&mut w, alice);
        assert!(write(&mut w, alice, alice_card((false, true), "1", "1", "h")).is_empty());
        run_until(&mut w, |w| {
            w.send_buffer(alice).is_some_and(|b| b.buffered() == "e")
        });
        assert!(w.task(alice).expect("task").your_move);
        assert!(write(&mut w, alice, alice_card((false, true), "2", "1", "e")).is_empty());
        let buf = w.send_buffer(alice).expect("buffer");
        assert_eq!((buf.sent, buf.in_flight), (2, 2));
    }

    /// What each bot client sent in the round, in order, for every team.
    fn bot_lines(nodelay: bool) -> Vec<Vec<String>> {
        let (_, text) = Scenario::shipped()
            .into_iter()
            .find(|(f, _)| *f == "nagle.toml")
            .expect("shipped");
        let mut scenario = Scenario::from_toml(text).expect("valid");
        scenario.settings.nodelay = nodelay;
        let mut w = World::new(&scenario).expect("builds");
        run_until(&mut w, World::finished);
        assert!(w.race().leaderboard().iter().all(|s| s.mistakes == 0));
        w.teams()
            .iter()
            .map(|t| {
                w.log()
                    .iter()
                    .filter_map(|e| match &e.kind {
                        EventKind::BotMove { node, text }
                            if *node == t.clients[0] && text.starts_with("send \"") =>
                        {
                            Some(text.clone())
                        }
                        _ => None,
                    })
                    .collect()
            })
            .collect()
    }

    /// Bots play it right: with Nagle "h" then "ello"; with TCP_NODELAY five cards.
    #[test]
    fn bots_hold_small_cards_only_with_nagle_on_rfc896() {
        for lines in bot_lines(false) {
            assert_eq!(lines, ["send \"h\"", "send \"ello\""]);
        }
        for lines in bot_lines(true) {
            let want: Vec<String> = APP_WRITES
                .chars()
                .map(|c| alloc::format!("send \"{c}\""))
                .collect();
            assert_eq!(lines, want);
        }
    }
}
