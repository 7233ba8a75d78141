//! The debrief at the end of a game: the podium, and the class's mistakes grouped by rule,
//! each with how many cards and people made it and the first card that did. A read-only
//! summary of the race and the event log, so the classroom server, the browser and the
//! exports all tell the same story.
//!
//! A *rule* is a card field together with the RFC section its why cites (`ack` +
//! `RFC 9293 §3.4`): the field says where on the card the mistake is, the citation which
//! rule of TCP/IP it broke. The why sentence itself is not part of the key, because it
//! carries the card's own numbers ("ack should be 1001, not 1000"): keyed on it, the same
//! mistake made by two teams with different sequence numbers would be two rules. A mistake
//! with no citation (a field that is not a number at all) is grouped by its field alone.

use alloc::string::String;
use alloc::vec::Vec;

use crate::score::Standing;
use crate::sorted::SortedMap;
use crate::time::Instant;

use super::World;
use super::event::{EventKind, MistakeNote};
use super::export::{LadderEntry, ladder_entry};
use super::topology::{CardId, NodeId};

/// One team on the podium (and below it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodiumPlace {
    /// 1 for the winner: the team's position in [`crate::score::Race::leaderboard`], whose
    /// order is total (equal times fall back to the name, then the team index), so two
    /// teams never share a step and the podium matches every other screen's ranking.
    pub rank: usize,
    pub standing: Standing,
}

/// The first card that broke a rule, to show the class what the mistake looked like.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MistakeExample {
    pub at: Instant,
    /// Who wrote (or routed) the card.
    pub node: NodeId,
    pub team: usize,
    /// The mistake as the referee explained it to its writer (the why in both languages).
    pub note: MistakeNote,
    /// The card as the ladder drew it: addresses, flags, seq, ack and length. `None` for a
    /// card the referee could not read as a packet at all (a port that is not a number),
    /// and for a router's wrong choice, which is about a card someone else wrote; the
    /// balancer's wrong tunnel is its own card, drawn with both headers.
    pub card: Option<LadderEntry>,
}

/// Every card that broke one rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MistakeGroup {
    /// The card field, as printed on the card ("ack").
    pub field: String,
    /// The RFC section the why cites; empty when it cites none.
    pub rfc: String,
    /// How many cards broke the rule (a card that breaks it twice counts once).
    pub cards: usize,
    /// How many different seats wrote those cards.
    pub players: usize,
    /// How many different teams.
    pub teams: usize,
    pub example: MistakeExample,
}

impl MistakeGroup {
    /// The rule as one short line: "ack (RFC 9293 §3.4)", or the field alone.
    pub fn rule(&self) -> String {
        if self.rfc.is_empty() {
            self.field.clone()
        } else {
            alloc::format!("{} ({})", self.field, self.rfc)
        }
    }
}

/// What the class takes away from a game.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Debrief {
    /// Every team in leaderboard order: the first three are the podium.
    pub podium: Vec<PodiumPlace>,
    /// How many rounds the race has (what `goals_done` is out of).
    pub rounds: usize,
    /// Most common first: by cards, then by players, then by who made it first.
    pub mistakes: Vec<MistakeGroup>,
}

/// A group being counted: the seats and teams seen so far.
struct Tally {
    group: MistakeGroup,
    nodes: Vec<NodeId>,
    teams: Vec<usize>,
}

impl World {
    /// Every team in leaderboard order, ranked from 1: the first three are the podium.
    pub fn podium(&self) -> Vec<PodiumPlace> {
        self.race
            .leaderboard()
            .into_iter()
            .enumerate()
            .map(|(i, standing)| PodiumPlace {
                rank: i + 1,
                standing,
            })
            .collect()
    }

    /// The debrief of the game so far (see the module documentation).
    pub fn debrief(&self) -> Debrief {
        let podium = self.podium();
        let mut tallies: Vec<Tally> = Vec::new();
        // Each card's first departure, from the desk that wrote it: the card as written;
        // a tunnel is written anew by the balancer, both headers.
        let mut written: SortedMap<CardId, LadderEntry> = SortedMap::new();
        for event in &self.log {
            let (node, mistakes, card) = match &event.kind {
                EventKind::CardSent {
                    card, from, packet, ..
                } => {
                    if (!written.contains_key(card) || self.wraps(*from, packet))
                        && let Some(line) = ladder_entry(event.at, *from, packet)
                    {
                        written.insert(
                            *card,
                            LadderEntry {
                                card: Some(*card),
                                ..line
                            },
                        );
                    }
                    continue;
                }
                EventKind::CardRejected {
                    node,
                    packet,
                    mistakes,
                } => (
                    *node,
                    mistakes,
                    packet
                        .as_ref()
                        .and_then(|p| ladder_entry(event.at, *node, p)),
                ),
                EventKind::Verdict {
                    node,
                    card,
                    mistakes,
                    ..
                } => (
                    *node,
                    mistakes,
                    written.get(card).filter(|e| e.from == *node).cloned(),
                ),
                _ => continue,
            };
            let Some(team) = self.node(node).map(|n| n.team) else {
                continue;
            };
            for (i, note) in mistakes.iter().enumerate() {
                // A verdict may name one rule twice (a SYN+ACK where RST+ACK was due: the SYN
                // flag set and the RST flag missing, both `flags`); the card counts once.
                let repeated = mistakes[..i]
                    .iter()
                    .any(|m| m.field == note.field && m.rfc == note.rfc);
                if repeated {
                    continue;
                }
                let found = tallies
                    .iter_mut()
                    .find(|t| t.group.field == note.field && t.group.rfc == note.rfc);
                let tally = match found {
                    Some(t) => t,
                    None => {
                        tallies.push(Tally {
                            group: MistakeGroup {
                                field: note.field.clone(),
                                rfc: note.rfc.clone(),
                                cards: 0,
                                players: 0,
                                teams: 0,
                                example: MistakeExample {
                                    at: event.at,
                                    node,
                                    team,
                                    note: note.clone(),
                                    card: card.clone(),
                                },
                            },
                            nodes: Vec::new(),
                            teams: Vec::new(),
                        });
                        let last = tallies.len() - 1;
                        &mut tallies[last]
                    }
                };
                tally.group.cards += 1;
                if !tally.nodes.contains(&node) {
                    tally.nodes.push(node);
                }
                if !tally.teams.contains(&team) {
                    tally.teams.push(team);
                }
            }
        }
        let mut mistakes: Vec<MistakeGroup> = tallies
            .into_iter()
            .map(|t| MistakeGroup {
                players: t.nodes.len(),
                teams: t.teams.len(),
                ..t.group
            })
            .collect();
        // Insertion sort is stable: equal groups stay in the order they were first made.
        crate::sorted::sort_small_by(&mut mistakes, |a, b| {
            b.cards.cmp(&a.cards).then(b.players.cmp(&a.players))
        });
        Debrief {
            podium,
            rounds: self.race.goals().len(),
            mistakes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::card::Card;
    use crate::scenario::{Referee, Scenario};
    use crate::world::{Action, Seat};
    use alloc::boxed::Box;
    use alloc::string::ToString;

    fn world(referee: Referee) -> World {
        let mut scenario = Scenario::original();
        scenario.settings.referee = referee;
        World::new(&scenario).expect("the shipped scenario builds")
    }

    fn seat(w: &mut World, name: &str) -> NodeId {
        let node = w.node_by_name(name).expect("a seat of the original game");
        let now = w.now();
        w.act(
            Action::SetSeat {
                node,
                seat: Seat::Human,
            },
            now,
        )
        .expect("seat");
        node
    }

    /// An opening SYN to the team's telnet server, with `ack` written in its ack field
    /// although the ACK flag is off.
    fn syn(src: &str, port: u16, dst: &str, ack: &str) -> Card {
        Card {
            ack: ack.to_string(),
            ..crate::world::syn_card(src, port, dst, 23)
        }
    }

    fn write(w: &mut World, node: NodeId, card: Card, at: u64) {
        w.advance(Instant::from_secs(at));
        w.act(
            Action::WriteCard {
                node,
                card: Box::new(card),
            },
            Instant::from_secs(at),
        )
        .expect("a wrong card is refereed, not refused");
    }

    /// The rules every test card of `w` broke, as the referee cited them.
    fn rules(w: &World) -> Vec<(String, String)> {
        w.debrief()
            .mistakes
            .iter()
            .map(|g| (g.field.clone(), g.rfc.clone()))
            .collect()
    }

    /// Seed 000 round 1: three cards from two players of two teams open the connection to
    /// the router's address instead of the server's (the round's rule), and one writes a
    /// port that is no number. The round's rule comes first with 3 cards, 2 players and 2
    /// teams, and its example is the first card, as the ladder drew it.
    #[test]
    fn mistakes_are_grouped_by_field_and_rfc_most_common_first() {
        let mut w = world(Referee::Coach);
        let red = seat(&mut w, "Red client 1");
        let blue = seat(&mut w, "Blue client 1");
        write(&mut w, red, syn("10.0.1.2", 40000, "10.0.1.254", ""), 1);
        write(&mut w, red, syn("10.0.1.2", 40001, "10.0.1.254", ""), 2);
        let blue_ip = w.node_view(blue).expect("node").addr.to_string();
        let blue_router = w.node_view(w.teams()[1].router).expect("router").addr;
        write(
            &mut w,
            blue,
            syn(&blue_ip, 40000, &blue_router.to_string(), ""),
            3,
        );
        let mut unreadable = syn("10.0.1.2", 40002, "10.0.1.1", "");
        unreadable.src_port = "forty".into();
        write(&mut w, red, unreadable, 4);

        let debrief = w.debrief();
        let first = &debrief.mistakes[0];
        assert_eq!(first.cards, 3, "{:?}", rules(&w));
        assert_eq!((first.players, first.teams), (2, 2));
        assert_eq!(first.example.node, red);
        assert_eq!(first.example.at, Instant::from_secs(1));
        assert!(!first.example.note.why.en.is_empty());
        assert!(
            first.example.note.why.it.is_some(),
            "the why in Italian too"
        );
        let card = first.example.card.as_ref().expect("the card as written");
        assert_eq!(card.dst.to_string(), "10.0.1.254:23");
        assert_eq!(card.what, "S");

        let unreadable = debrief
            .mistakes
            .iter()
            .find(|g| g.field == "source port")
            .expect("the port that is no number");
        assert_eq!((unreadable.cards, unreadable.players), (1, 1));
        assert_eq!(unreadable.example.card, None, "no packet to draw");
        assert!(
            debrief
                .mistakes
                .windows(2)
                .all(|p| p[0].cards >= p[1].cards),
            "most common first: {:?}",
            rules(&w)
        );
    }

    /// Real mode: a wrong card goes out and the referee's verdict names the mistakes; the
    /// debrief finds them in the `Verdict` events and the card on the ladder by its id.
    #[test]
    fn real_mode_mistakes_come_from_the_verdicts() {
        let mut w = world(Referee::Real);
        let red = seat(&mut w, "Red client 1");
        write(&mut w, red, syn("10.0.1.2", 40000, "10.0.1.254", ""), 1);
        let debrief = w.debrief();
        assert!(!debrief.mistakes.is_empty());
        let example = &debrief.mistakes[0].example;
        let card = example.card.as_ref().expect("a card that went out");
        assert!(card.card.is_some(), "it left the desk");
        assert_eq!(card.from, red);
    }

    /// The podium is the leaderboard with ranks from 1: a team whose person made a move
    /// leads the teams of bots, and a game with no mistakes has none to show.
    #[test]
    fn podium_follows_the_leaderboard() {
        let mut w = world(Referee::Coach);
        let last = w.teams().len() - 1;
        let server = w.teams()[last].server;
        w.act(
            Action::SetSeat {
                node: server,
                seat: Seat::Human,
            },
            Instant::ZERO,
        )
        .expect("seat");
        w.act(Action::RequestHint { node: server }, Instant::ZERO)
            .expect("hint");
        let debrief = w.debrief();
        let ranks: Vec<usize> = debrief.podium.iter().map(|p| p.rank).collect();
        assert_eq!(ranks, (1..=w.teams().len()).collect::<Vec<_>>());
        assert_eq!(debrief.podium[0].standing.team, last);
        assert_eq!(debrief.podium[0].standing.hints, 1);
        assert_eq!(
            debrief
                .podium
                .iter()
                .map(|p| p.standing.clone())
                .collect::<Vec<_>>(),
            w.race().leaderboard()
        );
        assert!(debrief.mistakes.is_empty());
    }
}
