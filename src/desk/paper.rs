//! What every desk shows of a move and a card: the paper card as it lies on the desk, the
//! outcome of the last action (the referee's verdict, a refusal, what a router did) and the
//! hint box. The host desk and the router desk both use them.

use leptos::prelude::*;
use tcpip_stack::score::HINT_PENALTY;
use tcpip_stack::text::Text;
use tcpip_stack::time::Instant;
use tcpip_stack::wire::{IcmpMessage, Packet, quoted_tcp};
use tcpip_stack::world::{Action, Event, EventKind, InboxCard, MistakeNote, NodeId};

use super::held::own_moves;
use super::verdict::NotesVerdictView;
use crate::derived::Derived;
use crate::game::{Role, Verdict, use_game};
use crate::i18n::{Key, said, said_view, t, use_locale};
use crate::slot::Slot;

/// What came of an action on a desk, read from the events it produced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// The game refused the action; the sentence says why, in English and Italian (the
    /// engine's, the classroom room's or this page's refusal).
    Refused(Text),
    /// The referee looked at the card or decision. `returned`: coach mode sent it back.
    /// `said`: what the router did, in the engine's words with the rule (router desks only).
    Judged {
        returned: bool,
        mistakes: Vec<MistakeNote<Text>>,
        /// Which of several right answers the card was, and who sends which.
        notes: Vec<Text>,
        said: Vec<Text>,
    },
}

/// The outcome for `node` of an action's result: the card's rejection or verdict (and the
/// router's decisions), or the refusal. `None` when the events say nothing about it.
pub(crate) fn outcome_of(node: NodeId, result: &Verdict) -> Option<Outcome> {
    let events = match result {
        Ok(events) => events,
        Err(sentence) => return Some(Outcome::Refused(sentence.clone())),
    };
    let said: Vec<Text> = events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::RouterDecision {
                node: n,
                decision,
                rfc,
                ..
            } if *n == node => Some(if rfc.is_empty() {
                decision.clone()
            } else {
                decision.map(|d| format!("{d} ({rfc})"))
            }),
            _ => None,
        })
        .collect();
    events.iter().find_map(|e| match &e.kind {
        EventKind::CardRejected {
            node: n, mistakes, ..
        } if *n == node => Some(Outcome::Judged {
            returned: true,
            mistakes: mistakes.clone(),
            notes: Vec::new(),
            said: said.clone(),
        }),
        EventKind::Verdict {
            node: n,
            mistakes,
            notes,
            ..
        } if *n == node => Some(Outcome::Judged {
            returned: false,
            mistakes: mistakes.clone(),
            notes: notes.clone(),
            said: said.clone(),
        }),
        _ => None,
    })
}

/// The hint's text for `node` among an action's events.
pub(crate) fn hint_of(node: NodeId, events: &[Event]) -> Option<Text> {
    events.iter().find_map(|e| match &e.kind {
        EventKind::Hint { node: n, text } if *n == node => Some(text.clone()),
        _ => None,
    })
}

/// Game time as m:ss, the clock the top bar shows.
fn at_text(at: Instant) -> String {
    crate::app::clock_text(at)
}

/// A card on the desk, readable in full: every box as text, "forged" written out, and for
/// ICMP the type, code, meaning and the card it quotes.
#[component]
pub(crate) fn PaperCard(
    card: InboxCard,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let locale = use_locale();
    let packet = card.packet.clone();
    // A desk is a player's: only the instructor's says a card is forged (see
    // `GameCtx::sees_forgeries`; in a game on one computer the desk is a student's too).
    let forged = card.forged && matches!(use_game().role(), Role::Instructor);
    let arrived = at_text(card.arrived);
    let title = {
        let src = packet.src();
        move || format!("{} {src}", t(locale.get(), Key::CardFrom))
    };
    let body = fields(&packet);
    let kind_class = if matches!(packet, Packet::Icmp { .. }) {
        "paper-card inbox-card icmp"
    } else {
        "paper-card inbox-card tcp"
    };
    view! {
        <article class=kind_class class:forged=forged data-card=card.card.0.to_string()>
            <header class="pc-head">
                <h4>{title}</h4>
                {forged
                    .then(|| {
                        view! {
                            <strong class="pc-forged">
                                <span aria-hidden="true">"⚠ "</span>
                                {locale.text(Key::Forged)}
                            </strong>
                        }
                    })}
                <span class="pc-time">{locale.text(Key::ArrivedAt)} " " {arrived.clone()}</span>
            </header>
            <dl class="pc-fields">{body}</dl>
            {children.map(|c| c())}
        </article>
    }
}

/// Every box of a card as the desk shows it, in the page's language.
fn fields(packet: &Packet) -> AnyView {
    let locale = use_locale();
    let row = move |key: Key, value: String| {
        view! {
            <div class="pc-field">
                <dt>{locale.text(key)}</dt>
                <dd>{value}</dd>
            </div>
        }
    };
    match packet {
        Packet::Tcp { seg, meta } => {
            let ack = if seg.flags.ack() {
                seg.ack.to_string()
            } else {
                // Without the ACK flag the box stays empty on paper (seed 000).
                t(locale.signal().get_untracked(), Key::NoneWritten).to_string()
            };
            let data = String::from_utf8_lossy(&seg.payload).into_owned();
            view! {
                {row(Key::SrcIp, seg.src.addr.to_string())}
                {row(Key::DstIp, seg.dst.addr.to_string())}
                {row(Key::SrcPort, seg.src.port.to_string())}
                {row(Key::DstPort, seg.dst.port.to_string())}
                {row(Key::Flags, seg.flags.words())}
                {row(Key::Seq, seg.seq.to_string())}
                {row(Key::Ack, ack)}
                {row(Key::Data, data)}
                {row(Key::Ttl, meta.ttl.to_string())}
            }
            .into_any()
        }
        Packet::Icmp {
            src,
            dst,
            meta,
            msg,
        } => {
            let quote = msg.quoted().map(|q| match quoted_tcp(q) {
                Some(qt) => (
                    Key::Quotes,
                    format!("{} > {} seq {}", qt.src, qt.dst, qt.seq),
                ),
                None => (Key::QuotesBytes, q.len().to_string()),
            });
            let data = match msg {
                IcmpMessage::EchoRequest { data, .. } | IcmpMessage::EchoReply { data, .. } => {
                    Some(String::from_utf8_lossy(data).into_owned())
                }
                _ => None,
            };
            view! {
                {row(Key::SrcIp, src.to_string())}
                {row(Key::DstIp, dst.to_string())}
                {row(Key::IcmpType, msg.icmp_type().to_string())}
                {row(Key::IcmpCode, msg.code().to_string())}
                {row(
                    Key::IcmpMeaning,
                    said(locale.signal().get_untracked(), &msg.meaning()).0.to_string(),
                )}
                {quote.map(|(k, v)| row(k, v))}
                {data.map(|d| row(Key::Data, d))}
                {row(Key::Ttl, meta.ttl.to_string())}
            }
            .into_any()
        }
        // A tunnelled card (RFC 2003 §3.1): the outer header's boxes, then the whole card
        // it carries, every box of it, as a backend must answer it.
        Packet::Ipip { outer, inner } => view! {
            {row(Key::SrcIp, outer.src.to_string())}
            {row(Key::DstIp, outer.dst.to_string())}
            {row(Key::Protocol, "4 (IP in IP)".to_string())}
            {row(Key::Ttl, outer.meta.ttl.to_string())}
            <div class="pc-inner">
                <dt>{locale.text(Key::InsideTheTunnel)}</dt>
                <dd>
                    <dl class="pc-fields">{fields(inner)}</dl>
                </dd>
            </div>
        }
        .into_any(),
        // Every box of a DNS card, read back from its bytes as the writer filled them.
        Packet::Udp { meta, .. } => {
            let c = tcpip_stack::card::Card::from_packet(packet);
            let tick = |on: bool| if on { "1" } else { "0" }.to_string();
            view! {
                {row(Key::SrcIp, c.src_ip)}
                {row(Key::DstIp, c.dst_ip)}
                {row(Key::SrcPort, c.src_port)}
                {row(Key::DstPort, c.dst_port)}
                {row(Key::DnsId, c.dns_id)}
                {row(Key::DnsQr, tick(c.dns_qr))}
                {row(Key::DnsOpcode, c.dns_opcode)}
                {row(Key::DnsAa, tick(c.dns_aa))}
                {row(Key::DnsRd, tick(c.dns_rd))}
                {row(Key::DnsRa, tick(c.dns_ra))}
                {row(Key::DnsRcode, c.dns_rcode)}
                {row(Key::DnsQname, c.dns_qname)}
                {row(Key::DnsQtype, c.dns_qtype)}
                {row(Key::DnsQclass, c.dns_qclass)}
                {row(Key::DnsAnswers, c.dns_answers)}
                {row(Key::Ttl, meta.ttl.to_string())}
            }
            .into_any()
        }
    }
}

/// The verdict or refusal of the last action on a desk.
#[component]
pub(crate) fn OutcomeView(outcome: Slot<Option<Outcome>>) -> impl IntoView {
    let locale = use_locale();
    move || match outcome.get() {
        None => None,
        Some(Outcome::Refused(sentence)) => Some(
            view! {
                <p class="desk-error" role="alert">
                    <strong>{locale.text(Key::Refused)} ": "</strong>
                    {locale.said(sentence, "")}
                </p>
            }
            .into_any(),
        ),
        Some(Outcome::Judged {
            returned,
            mistakes,
            notes,
            said,
        }) => Some(
            view! {
                <div class="desk-outcome">
                    <NotesVerdictView mistakes=mistakes notes=notes returned=returned />
                    {(!said.is_empty())
                        .then(|| {
                            let sentences = move || {
                                let lang = locale.get();
                                said.iter()
                                    .enumerate()
                                    .map(|(i, s)| {
                                        view! {
                                            {(i > 0).then_some("; ")}
                                            {said_view(lang, s, "router-decision")}
                                        }
                                    })
                                    .collect_view()
                            };
                            view! {
                                <p class="router-said">
                                    <strong>{locale.text(Key::RouterDid)} ": "</strong>
                                    {sentences}
                                </p>
                            }
                        })}
                </div>
            }
            .into_any(),
        ),
    }
}

/// What a desk's hint depends on: the cards on the desk and each connection's state and
/// numbers. A hint answers one such moment; once a card arrives, leaves or is accepted, it
/// would advise on a situation that is gone, so it is no longer shown.
fn desk_moment(w: &tcpip_stack::world::World, node: NodeId) -> Vec<u32> {
    let mut moment: Vec<u32> = w.inbox(node).iter().map(|c| c.card.0).collect();
    moment.push(u32::MAX);
    for c in w.connections(node) {
        moment.extend([
            c.id.0,
            c.state as u32,
            c.snd_nxt.0,
            c.snd_una.0,
            c.rcv_nxt.0,
        ]);
    }
    moment
}

/// The hint button and the hint's text. The race cost comes from the engine's penalty.
#[component]
pub(crate) fn HintBox(node: NodeId) -> impl IntoView {
    let game = use_game();
    let locale = use_locale();
    let moment = Derived::new(move || {
        game.with_world(|w| desk_moment(w, node))
            .unwrap_or_default()
    });
    // The hint, with the moment it answers (see `desk_moment`).
    let hint = Slot::new(None::<(Vec<u32>, Result<Text, Text>)>);
    let secs = HINT_PENALTY.millis() / 1000;
    let own = own_moves();
    let ask = move |_| {
        own.submit(game, Action::RequestHint { node }, move |verdict| {
            let now = moment.get_untracked();
            hint.set(match verdict {
                Ok(events) => hint_of(node, &events).map(|h| (now, Ok(h))),
                Err(e) => Some((now, Err(e))),
            });
        });
    };
    view! {
        <div class="desk-hint">
            <button type="button" class="hint-button" on:click=ask>
                {locale.text(Key::AskHint)}
            </button>
            " "
            <span class="hint-cost">
                {move || {
                    let lang = locale.get();
                    format!("({} {secs} s {})", t(lang, Key::HintCosts), t(lang, Key::HintCostsEnd))
                }}
            </span>
            {move || {
                hint.get()
                    .filter(|(at, _)| moment.with(|m| m == at))
                    .map(|(_, h)| match h {
                        Ok(text) => {
                            view! {
                                <p class="hint-text" role="status">
                                    <strong>{locale.text(Key::HintIs)} ": "</strong>
                                    {locale.said(text, "hint-said")}
                                </p>
                            }
                                .into_any()
                        }
                        Err(e) => {
                            view! {
                                <p class="desk-error" role="alert">
                                    {locale.said(e, "")}
                                </p>
                            }
                                .into_any()
                        }
                    })
            }}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tcpip_stack::world::CardId;

    fn note(field: &str) -> MistakeNote<Text> {
        MistakeNote {
            field: field.into(),
            expected: "1".into(),
            got: "0".into(),
            why: Text::new("why".into(), "perché".into()),
            rfc: "RFC 9293".into(),
        }
    }

    fn ev(kind: EventKind) -> Event {
        Event {
            at: Instant::ZERO,
            kind,
        }
    }

    #[test]
    fn a_rejection_for_this_node_is_a_returned_card() {
        let me = NodeId(3);
        let events = vec![
            ev(EventKind::CardRejected {
                node: NodeId(4),
                packet: None,
                mistakes: vec![note("seq")],
            }),
            ev(EventKind::CardRejected {
                node: me,
                packet: None,
                mistakes: vec![note("ack")],
            }),
        ];
        assert_eq!(
            outcome_of(me, &Ok(events)),
            Some(Outcome::Judged {
                returned: true,
                mistakes: vec![note("ack")],
                notes: vec![],
                said: vec![],
            })
        );
    }

    #[test]
    fn a_verdict_carries_the_router_decision_and_a_refusal_its_sentence() {
        let me = NodeId(0);
        let events = vec![
            ev(EventKind::Verdict {
                node: me,
                card: CardId(7),
                mistakes: vec![],
                notes: vec![],
            }),
            ev(EventKind::RouterDecision {
                node: me,
                card: CardId(7),
                decision: Text::new("delivered".into(), "consegnata".into()),
                rfc: "RFC 1812".into(),
            }),
        ];
        // The rule follows the decision in both languages.
        assert_eq!(
            outcome_of(me, &Ok(events)),
            Some(Outcome::Judged {
                returned: false,
                mistakes: vec![],
                notes: vec![],
                said: vec![Text::new(
                    "delivered (RFC 1812)".into(),
                    "consegnata (RFC 1812)".into()
                )],
            })
        );
        assert_eq!(outcome_of(me, &Ok(vec![])), None);
        assert_eq!(
            outcome_of(me, &Err("no".into())),
            Some(Outcome::Refused("no".into()))
        );
    }

    #[test]
    fn hints_are_found_by_node() {
        let write = Text::new("write SYN".into(), "scrivi SYN".into());
        let events = vec![ev(EventKind::Hint {
            node: NodeId(2),
            text: write.clone(),
        })];
        assert_eq!(hint_of(NodeId(2), &events), Some(write));
        assert_eq!(hint_of(NodeId(1), &events), None);
    }
}
