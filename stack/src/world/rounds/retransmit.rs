//! Round 8, retransmission (seed 001 names it as the next step): the round loses the
//! first data card a client of the team sends, as the instructor's drop fault would, and
//! is reached when those bytes are acknowledged, which only a copy sent again can bring
//! about, since the original never arrived (RFC 6298 §5.4; cumulative ACKs, RFC 9293 §3.4,
//! never cover a hole). A copy sent too early in real mode counts too: the referee has
//! already charged it as a mistake, and the network reacts to it as a real one would. The
//! timer is the host's, and the desk's banner for a card to send again is every round's
//! (`world/task.rs`).

use crate::bot::Once;
use crate::fault::{Fault, FaultKind, FaultTarget};
use crate::score::Goal;
use crate::text::{Words, text};
use crate::wire::Packet;

use super::super::World;
use super::super::topology::{NodeId, NodeKind};
use super::data::Named;
use super::{Destination, Hooks, Round};

/// What the round remembers.
#[derive(Debug, Default)]
pub(super) struct Lost {
    /// Teams whose data card the round already lost (one loss a team).
    teams: alloc::vec::Vec<usize>,
    /// Cards the round lost, not yet acknowledged.
    cards: Named,
}

pub(super) static ROUND: Round = Round {
    key: "retransmit",
    title: Words::new("Retransmission", "Ritrasmissione"),
    explain: Words::new(
        "Send data to your team's server: the card is lost on the way, so when your \
         retransmission timer runs out send it again, same seq and same bytes, until \
         it is acknowledged.",
        "Invia dei dati al server della tua squadra: la carta si perde per strada, \
         quindi quando il tuo timer di ritrasmissione scade rimandala, stesso seq e \
         stessi byte, finché non viene confermata.",
    ),
    destination: Destination::OwnServer,
    // The round's loss comes on the data card; the timer then puts the retransmission in
    // the outbox, which the desk's banner for every round names.
    desk: |_, d| {
        let server = d.server;
        d.once_open(|c| {
            if c.snd_una != c.snd_nxt {
                (
                    false,
                    text!(
                        "waiting for the server's ACK: if your retransmission timer runs out \
                         first, the card was lost",
                        "in attesa dell'ACK del server: se il tuo timer di ritrasmissione \
                         scade prima, la carta si è persa"
                    ),
                )
            } else {
                (
                    true,
                    text!(
                        "your move: send a line of data to {server}, and watch your \
                         retransmission timer",
                        "tocca a te: invia una riga di dati a {server}, e tieni d'occhio il \
                         tuo timer di ritrasmissione"
                    ),
                )
            }
        })
    },
    // The bot sends a line once; the round loses that card on the way, and the stack's timer
    // sends it again by itself, as a kernel does (RFC 6298 §5.4).
    bot: |bot, turn| {
        bot.say(turn, (Goal::Retransmit, Once::PerRound), "are you there?");
    },
    hooks: Hooks {
        sending: |w, from, packet, forged| {
            if !forged {
                w.round_loss(from, packet);
            }
        },
        acknowledged: |w, at| {
            w.bytes_acknowledged(at, Goal::Retransmit, |s| &mut s.retransmit.cards);
        },
        ..Hooks::NONE
    },
};

impl World {
    /// Before a client's card leaves: the first one carrying data in the round is lost
    /// on the link, once per team. A bare ACK is never chosen, since it is never
    /// retransmitted (RFC 9293 §3.10.7.4) and nothing would show the loss.
    fn round_loss(&mut self, from: NodeId, packet: &Packet) {
        let Some(n) = self.node(from) else { return };
        let team = n.team;
        let playing = n.kind == NodeKind::Client
            && self.current_goal(team) == Some(Goal::Retransmit)
            && !self.rounds.retransmit.teams.contains(&team);
        let Packet::Tcp { seg, .. } = packet else {
            return;
        };
        let client = self
            .teams
            .get(team)
            .and_then(|t| t.clients.iter().position(|c| *c == from));
        let Some(client) = client.filter(|_| playing && !seg.payload.is_empty()) else {
            return;
        };
        self.rounds.retransmit.teams.push(team);
        self.rounds
            .retransmit
            .cards
            .push((seg.src, seg.dst, seg.seq_end()));
        self.inject(Fault {
            kind: FaultKind::Drop,
            target: FaultTarget::Connection { team, client },
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::card::Card;
    use crate::scenario::Scenario;
    use crate::world::EventKind;
    use crate::world::fixtures::{alice_card, red_alone, run_until, seat_alice, write_card};
    use alloc::boxed::Box;
    use alloc::vec::Vec;

    /// Red alone, `referee` mode, ISN 0, Alice played by a person; the handshake then the
    /// retransmission round.
    fn red_lan(referee: &str) -> (World, NodeId) {
        let settings = alloc::format!("referee = \"{referee}\"\nlink_delay = 0.5");
        let mut w = red_alone(r#""handshake", "retransmit""#, &settings);
        let alice = seat_alice(&mut w);
        (w, alice)
    }

    /// Plays `card` at the world's time: the referee's mistakes, by rule (empty when the
    /// card was right).
    fn write(w: &mut World, node: NodeId, card: Box<Card>) -> Vec<&'static str> {
        write_card(w, node, card)
            .iter()
            .map(|(rfc, _)| rule(rfc))
            .collect()
    }

    fn rule(rfc: &str) -> &'static str {
        ["RFC 6298 §5.4, RFC 9293 §3.10.7.4", "RFC 6298 §5"]
            .into_iter()
            .find(|r| *r == rfc)
            .unwrap_or("other")
    }

    /// Alice opens her connection and, in the round, sends "hello", which the round loses.
    fn hello(w: &mut World, alice: NodeId) {
        assert!(write(w, alice, alice_card((true, false), "0", "", "")).is_empty());
        run_until(w, |w| !w.inbox(alice).is_empty());
        assert!(write(w, alice, alice_card((false, true), "1", "1", "")).is_empty());
        run_until(w, |w| w.current_goal(0) == Some(Goal::Retransmit));
        assert!(write(w, alice, alice_card((false, true), "1", "1", "hello")).is_empty());
    }

    /// The round loses Alice's data card; her desk says to wait, then that the timer ran
    /// out; resending before that is refused (RFC 6298 §5), a new seq too (§5.4), and the
    /// same card after it is acknowledged and reaches the round.
    #[test]
    fn a_person_resends_the_lost_card_when_the_timer_runs_out_rfc6298_5() {
        let (mut w, alice) = red_lan("coach");
        hello(&mut w, alice);
        let lost = w.log().iter().any(|e| {
            matches!(
                &e.kind,
                EventKind::FaultInjected { fault, .. } if fault.kind == FaultKind::Drop
            )
        });
        assert!(lost, "the round lost the data card");
        let conn = w.connections(alice)[0].clone();
        let deadline = conn.rto_deadline.expect("the timer runs");
        let task = w.task(alice).expect("task");
        assert!(!task.your_move && task.situation.en.contains("timer runs out first"));
        assert_eq!(
            write(&mut w, alice, alice_card((false, true), "1", "1", "hello")),
            ["RFC 6298 §5"],
            "too early"
        );
        run_until(&mut w, |w| w.now() >= deadline);
        let task = w.task(alice).expect("task");
        assert!(task.your_move && task.situation.en.contains("timer ran out"));
        assert_eq!(w.connections(alice)[0].retransmits, 1);
        assert_eq!(
            write(&mut w, alice, alice_card((false, true), "6", "1", "hello")),
            ["RFC 6298 §5.4, RFC 9293 §3.10.7.4"],
            "a new seq"
        );
        assert!(write(&mut w, alice, alice_card((false, true), "1", "1", "hello")).is_empty());
        run_until(&mut w, |w| w.current_goal(0).is_none());
        assert!(w.race().reached(0, Goal::Retransmit).is_some());
    }

    /// Real mode (game design §3): the copy sent too early goes out as written with its
    /// mistake, reaches the server in place of the lost card and is acknowledged, so the
    /// round is reached, one mistake dearer; the timer stops with the ACK.
    #[test]
    fn real_mode_an_early_copy_still_repairs_the_loss_rfc6298_5() {
        let (mut w, alice) = red_lan("real");
        hello(&mut w, alice);
        assert_eq!(
            write(&mut w, alice, alice_card((false, true), "1", "1", "hello")),
            ["RFC 6298 §5"]
        );
        run_until(&mut w, |w| w.current_goal(0).is_none());
        assert_eq!(w.race().leaderboard()[0].mistakes, 1);
        assert_eq!(w.connections(alice)[0].rto_deadline, None);
    }

    /// Bots play the round: the data card is lost once per team and the bot's timer sends
    /// it again (RFC 6298 §5.4); no mistake, every team reaches the round.
    #[test]
    fn bots_repair_the_rounds_loss_rfc6298_5_4() {
        let mut scenario = Scenario::original();
        scenario.goals = alloc::vec![Goal::Handshake, Goal::Retransmit];
        let mut w = World::new(&scenario).expect("builds");
        run_until(&mut w, World::finished);
        let drops = w
            .log()
            .iter()
            .filter(|e| matches!(&e.kind, EventKind::FaultInjected { .. }))
            .count();
        assert_eq!(drops, w.teams().len());
        assert!(w.race().leaderboard().iter().all(|s| s.mistakes == 0));
        // The ladder marks each copy, and only the copies, as sent again.
        let entries: Vec<_> = w.ladders().into_iter().flat_map(|l| l.entries).collect();
        let again = entries.iter().filter(|e| e.resent).count();
        let lost = entries.iter().filter(|e| e.dropped.is_some()).count();
        assert_eq!((again, lost), (w.teams().len(), w.teams().len()));
    }
}
