//! A seat a person holds, seen from someone else's desk. In a classroom room the instructor
//! can open the desk of any host; a card played there goes out as the student's, behind
//! their back (a card Eve was routing vanished from her desk). So the instructor's desk at
//! a seat a student holds (the room's roster, online or not) is read-only until they
//! confirm they play it for the student, and the student's desk says when a card was played
//! at their seat by someone else: a card judged for their node while their own page had
//! nothing in flight came from the instructor, the only other person the server lets act
//! there.

use leptos::prelude::*;
use tcpip_protocol::Member;
use tcpip_stack::wire::Packet;
use tcpip_stack::world::{Action, Event, EventKind, NodeId};

use crate::game::{GameCtx, Verdict, use_game};
use crate::i18n::{Key, play_for, playing_for, plays_this_seat, t, use_locale};
use crate::slot::Slot;

/// The student who holds `node` in the room, if one does (the instructor holds no seat).
pub(crate) fn holder(members: &[Member], node: NodeId) -> Option<&Member> {
    members
        .iter()
        .find(|m| !m.instructor && m.node == Some(node))
}

/// How many of this page's own desk actions are waiting for the game's answer: events for
/// the played node that arrive meanwhile are this page's; any other were someone else's.
#[derive(Clone, Copy)]
pub(crate) struct OwnMoves(Slot<u32>);

/// The desks' [`OwnMoves`] (a fresh one for a desk mounted alone, as in a test).
pub(crate) fn own_moves() -> OwnMoves {
    use_context::<OwnMoves>().unwrap_or_else(|| OwnMoves(Slot::new(0)))
}

impl OwnMoves {
    /// One count for every desk below the caller (the played seat changes, the count
    /// stays: an answer may come after the person switched seats).
    pub(crate) fn provide() {
        provide_context(OwnMoves(Slot::new(0)));
    }

    /// [`GameCtx::submit`], counted while it is in flight.
    pub(crate) fn submit(
        self,
        game: GameCtx,
        action: Action,
        done: impl FnOnce(Verdict) + 'static,
    ) {
        self.0.update(|n| *n = n.saturating_add(1));
        game.submit(action, move |verdict| {
            self.0.update(|n| *n = n.saturating_sub(1));
            done(verdict);
        });
    }

    fn in_flight(self) -> bool {
        self.0.get_untracked() > 0
    }
}

/// A card that `events` show was played at `node`: `Some(packet it sent)` when it went out
/// (a host's card, or a card a router handed on), `Some(None)` for a card judged there that
/// sent nothing new (sent back by the coach, or dropped by the router).
pub(crate) fn played_at(node: NodeId, events: &[Event]) -> Option<Option<Packet>> {
    let judged = events.iter().any(|e| {
        matches!(&e.kind,
            EventKind::Verdict { node: n, .. } | EventKind::CardRejected { node: n, .. } if *n == node)
    });
    judged.then(|| {
        events.iter().find_map(|e| match &e.kind {
            EventKind::CardSent {
                from,
                packet,
                forged: false,
                ..
            } if *from == node => Some(packet.clone()),
            _ => None,
        })
    })
}

/// The card in one line: "SYN to 10.0.1.1:23, seq 0".
fn card_line(packet: &Packet) -> String {
    match packet {
        Packet::Tcp { seg, .. } => {
            let mut s = format!("{} → {}, seq {}", seg.flags.words(), seg.dst, seg.seq);
            if seg.flags.ack() {
                s.push_str(&format!(", ack {}", seg.ack));
            }
            s
        }
        Packet::Icmp { dst, .. } => format!("ICMP → {dst}"),
        Packet::Udp { dst, .. } => match packet.dns() {
            Some(m) => format!("{} → {dst}", m.describe()),
            None => format!("UDP → {dst}"),
        },
        Packet::Ipip { outer, inner } => format!("IPIP → {} [{}]", outer.dst, card_line(inner)),
    }
}

/// The desk of `node` as the instructor sees it: read-only, with who plays it and the way to
/// play it for them, when a student holds it; as it is otherwise. Leaving the seat (another
/// seat picked) locks it again.
#[component]
pub(crate) fn HeldSeat(node: NodeId, children: ChildrenFn) -> impl IntoView {
    let game = use_game();
    let locale = use_locale();
    let student = move || {
        game.room()
            .and_then(|r| holder(&r.members, node).map(|m| (m.name.clone(), m.online)))
    };
    let unlocked = Slot::new(false);
    let asking = Slot::new(false);
    let locked = move || student().is_some() && !unlocked.get();
    let question_id = format!("held-question-{}", super::next_id());
    let banner = move || {
        let lang = locale.get();
        let (name, online) = student()?;
        Some(if unlocked.get() {
            view! {
                <div class="held-seat playing-for" role="status">
                    <p>{playing_for(lang, &name)}</p>
                    <button type="button" class="held-watch" on:click=move |_| unlocked.set(false)>
                        {t(lang, Key::StopPlayingForThem)}
                    </button>
                </div>
            }
            .into_any()
        } else {
            let question_id = question_id.clone();
            view! {
                <div class="held-seat" role="status">
                    <p class="held-by">{plays_this_seat(lang, &name, online)}</p>
                    <button
                        type="button"
                        class="held-play danger"
                        aria-expanded=move || asking.get().to_string()
                        on:click=move |_| asking.set(true)
                    >
                        {play_for(lang, &name)}
                    </button>
                    {move || {
                        asking.get().then(|| {
                            view! {
                                <div class="confirm" role="alertdialog" aria-labelledby=question_id.clone()>
                                    <p id=question_id.clone()>{t(lang, Key::PlayForThemQuestion)}</p>
                                    <button
                                        type="button"
                                        class="danger held-confirm"
                                        on:click=move |_| {
                                            asking.set(false);
                                            unlocked.set(true);
                                        }
                                    >
                                        {t(lang, Key::PlayForThemConfirm)}
                                    </button>
                                    <button type="button" on:click=move |_| asking.set(false)>
                                        {t(lang, Key::KeepReadOnly)}
                                    </button>
                                </div>
                            }
                        })
                    }}
                </div>
            }
            .into_any()
        })
    };
    view! {
        {banner}
        <fieldset class="desk-lock" disabled=locked>
            {children()}
        </fieldset>
    }
}

/// On a student's desk: the last card someone else (the instructor) played at their seat,
/// until they dismiss it.
#[component]
pub(crate) fn PlayedForYou(node: NodeId) -> impl IntoView {
    let game = use_game();
    let locale = use_locale();
    let own = own_moves();
    let notice = Slot::new(None::<Option<Packet>>);
    Effect::new(move |_| {
        let events = game.last_events();
        if own.in_flight() {
            return;
        }
        if let Some(played) = played_at(node, &events) {
            notice.set(Some(played));
        }
    });
    move || {
        let lang = locale.get();
        notice.get().map(|played| {
            let line = played.as_ref().map(card_line).unwrap_or_default();
            view! {
                <div class="played-for-you" role="alert">
                    <p>
                        <strong>{t(lang, Key::InstructorPlayedForYou)}</strong>
                        " "
                        <span class="played-card">{line}</span>
                    </p>
                    <button type="button" on:click=move |_| notice.set(None)>
                        {t(lang, Key::Dismiss)}
                    </button>
                </div>
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tcpip_stack::scenario::Scenario;
    use tcpip_stack::time::Instant;
    use tcpip_stack::world::{Seat, World};

    fn member(id: u32, instructor: bool, node: Option<NodeId>) -> Member {
        Member {
            id,
            name: format!("m{id}"),
            instructor,
            node,
            online: id.is_multiple_of(2),
        }
    }

    #[test]
    fn a_seat_is_held_by_the_student_at_it_online_or_not() {
        let members = [
            member(1, true, None),
            member(2, false, Some(NodeId(3))),
            member(3, false, Some(NodeId(4))),
        ];
        assert_eq!(holder(&members, NodeId(3)).map(|m| m.id), Some(2));
        assert_eq!(holder(&members, NodeId(4)).map(|m| m.id), Some(3));
        assert_eq!(holder(&members, NodeId(5)), None);
    }

    /// The events of a card written at a seat name it as played there, with the card that
    /// went out; the events of another seat's card do not.
    #[test]
    fn a_card_written_at_a_seat_is_found_in_its_events() {
        let mut w = World::new(&Scenario::original()).expect("builds");
        let team = w.teams()[0].clone();
        let client = team.clients[0];
        w.act(
            Action::SetSeat {
                node: client,
                seat: Seat::Human,
            },
            Instant::ZERO,
        )
        .expect("seat");
        let card = tcpip_stack::card::Card {
            src_ip: "10.0.1.2".into(),
            dst_ip: "10.0.1.1".into(),
            src_port: "40000".into(),
            dst_port: "23".into(),
            syn: true,
            seq: "0".into(),
            ..Default::default()
        };
        let events = w
            .act(
                Action::WriteCard {
                    node: client,
                    card: Box::new(card),
                },
                Instant::ZERO,
            )
            .expect("sent");
        let packet = played_at(client, &events)
            .expect("played there")
            .expect("a card went out");
        assert_eq!(card_line(&packet), "SYN → 10.0.1.1:23, seq 0");
        assert_eq!(played_at(team.server, &events), None);
    }
}
