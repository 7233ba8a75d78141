//! Round 9, buffering: "Nagle algorithm and caching, buffering", the step the original
//! session named next (seeds 000 and 001). The client's application writes "hello" a byte
//! at a time over a slow path. With Nagle's algorithm on, a segment smaller than the MSS
//! may leave only when nothing sent is unacknowledged, so the bytes written meanwhile wait
//! and go out together when the ACK comes (RFC 896; RFC 1122 §4.2.3.4). The scenario's
//! `nodelay` setting turns the algorithm off (TCP_NODELAY), and then every piece may go as
//! soon as it is written. The application and the send buffer are the engine's
//! (`world/send_buffer.rs`); the round is reached when the application wrote everything
//! and all of it was acknowledged.

use alloc::string::String;

use crate::card::Field;
use crate::check::Mistake;
use crate::host::HostEvent;
use crate::score::Goal;
use crate::segment::TcpSegment;
use crate::tcp::State;
use crate::text::{Text, Words, text};

use super::super::World;
use super::super::topology::{NodeId, Role};
use super::desk::{OWN, open_or_wait};
use super::{Destination, Hooks, Round};

/// The rule every verdict of the round cites.
const RULE: &str = "RFC 896, RFC 1122 §4.2.3.4";

pub(super) static ROUND: Round = Round {
    key: "nagle",
    title: Words::new("Buffering (Nagle)", "Buffering (Nagle)"),
    explain: Words::new(
        "Your application writes \"hello\" a byte at a time over a slow path: with \
         Nagle's algorithm a small card waits while data is unacknowledged, then \
         everything buffered goes in one card; get it all acknowledged.",
        "La tua applicazione scrive \"hello\" un byte alla volta su un percorso lento: \
         con l'algoritmo di Nagle una carta piccola aspetta finché ci sono dati non \
         confermati, poi tutto il buffer parte in una carta; fattelo confermare tutto.",
    ),
    destination: Destination::OwnServer,
    // The desk's send buffer takes over once the connection is open.
    desk: |w, d| {
        w.nagle_task(d.node)
            .unwrap_or_else(|| open_or_wait(d.own.as_ref(), d.server, OWN))
    },
    // The round's bytes come from the application, which the world keeps: it sends them
    // through this connection (`bot_moved`).
    bot: |bot, turn| {
        bot.ensure_main(turn);
    },
    hooks: Hooks {
        host_event: |w, at, event| {
            if let HostEvent::StateChanged {
                to: State::Established,
                ..
            } = event
            {
                w.app_start(at.team);
            }
        },
        acknowledged: |w, at| {
            if w.send_buffer(at.node).is_some_and(|b| b.done()) {
                w.reach(at.team, Goal::Nagle);
            }
        },
        sending: |w, from, packet, _| w.app_sent(from, packet),
        started: |w, team| w.app_start(team),
        mistake: |w, node, seg| w.nagle_mistake(node, seg),
        bot_moved: |w, node| w.nagle_bot(node),
        ..Hooks::NONE
    },
};

impl World {
    /// The referee's rule of the round for a data card of `node`: the card carries the
    /// bytes the application wrote and not yet sent, and with Nagle on a small card waits
    /// while data is unacknowledged, then takes everything buffered (RFC 1122 §4.2.3.4).
    fn nagle_mistake(&self, node: NodeId, seg: &TcpSegment) -> Option<Mistake> {
        let (_, conn) = self.app_conn(node)?;
        if seg.payload.is_empty() || seg.src != conn.local || seg.dst != conn.remote {
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

    /// A bot client's turn in the round: the buffered bytes leave when the algorithm lets
    /// them, all of them at once (the application's next write wakes it again).
    fn nagle_bot(&mut self, node: NodeId) {
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
            self.emit(super::super::EventKind::BotMove { node, text });
        }
    }

    /// What the desk of a client in the round says: open the connection, wait for the
    /// application or for the ACK, or send what is buffered.
    fn nagle_task(&self, node: NodeId) -> Option<(bool, Text)> {
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

    use crate::scenario::Scenario;
    use crate::world::APP_WRITES;
    use crate::world::EventKind;
    use crate::world::fixtures::{alice_card, red_alone, run_until, seat_alice, write_card};

    use alloc::vec::Vec;

    /// Red alone, coach mode, ISN 0, the slow path of `scenarios/nagle.toml`, Alice played
    /// by a person; the handshake then the buffering round.
    fn red_lan(nodelay: bool) -> (World, NodeId) {
        let settings = alloc::format!("link_delay = 2.5\nnodelay = {nodelay}");
        let mut w = red_alone(r#""handshake", "nagle""#, &settings);
        let alice = seat_alice(&mut w);
        (w, alice)
    }

    /// Alice opens her connection; the round starts with "h" in her send buffer.
    fn to_the_round(w: &mut World, alice: NodeId) {
        assert!(write_card(w, alice, alice_card((true, false), "0", "", "")).is_empty());
        run_until(w, |w| !w.inbox(alice).is_empty());
        assert!(write_card(w, alice, alice_card((false, true), "1", "1", "")).is_empty());
        run_until(w, |w| w.send_buffer(alice).is_some());
        let buf = w.send_buffer(alice).expect("buffer");
        assert_eq!(
            (buf.buffered(), buf.in_flight, buf.nagle),
            ("h", 0, !w.settings().nodelay)
        );
    }

    /// Alice sends "h" at once; her application writes "e" while it is unacknowledged.
    fn h_then_e(w: &mut World, alice: NodeId) {
        to_the_round(w, alice);
        assert!(write_card(w, alice, alice_card((false, true), "1", "1", "h")).is_empty());
        run_until(w, |w| {
            w.send_buffer(alice).is_some_and(|b| b.buffered() == "e")
        });
    }

    /// With Nagle on, "h" goes at once; "e", written while "h" is unacknowledged, should
    /// have waited; when the ACK comes, a piece of the buffer is not enough, "ello" in one
    /// card is right, and its ACK reaches the round (RFC 896, RFC 1122 §4.2.3.4).
    #[test]
    fn small_cards_wait_for_the_ack_then_go_together_rfc896() {
        let (mut w, alice) = red_lan(false);
        h_then_e(&mut w, alice);
        let task = w.task(alice).expect("task");
        assert!(!task.your_move && task.situation.en.contains("Nagle's algorithm holds"));
        let wrong = write_card(&mut w, alice, alice_card((false, true), "2", "1", "e"));
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
        let piece = write_card(&mut w, alice, alice_card((false, true), "2", "1", "el"));
        assert_eq!(piece.len(), 1);
        assert!(piece[0].1.contains("go out together"), "{}", piece[0].1);
        let other = write_card(&mut w, alice, alice_card((false, true), "2", "1", "olle"));
        assert_eq!(other[0].0, "RFC 9293 §3.10.2");
        assert!(write_card(&mut w, alice, alice_card((false, true), "2", "1", "ello")).is_empty());
        run_until(&mut w, |w| w.current_goal(0).is_none());
        assert_eq!(w.race().leaderboard()[0].mistakes, 3);
    }

    /// TCP_NODELAY: the same "e" while "h" is unacknowledged is right.
    #[test]
    fn with_nodelay_each_byte_goes_at_once_rfc1122_4_2_3_4() {
        let (mut w, alice) = red_lan(true);
        h_then_e(&mut w, alice);
        assert!(w.task(alice).expect("task").your_move);
        assert!(write_card(&mut w, alice, alice_card((false, true), "2", "1", "e")).is_empty());
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
