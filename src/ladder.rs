//! The Ladder screen (game design, screen 4): per connection, the sequence diagram of every card,
//! like Wireshark's flow graph. Two vertical lines are the two endpoints; each card is an
//! arrow with its flags, seq, ack and length written on it, so nothing is told by colour
//! alone. Mistakes and faults get a written mark and a different stroke, and every arrow is
//! a focusable button that opens the card in a details panel.
//!
//! Everything comes from the engine's read-only views (`World::ladders`, `World::log`);
//! card data and names are untrusted text and are only ever rendered as text nodes.

use leptos::prelude::*;
use tcpip_stack::card::Card;
use tcpip_stack::fault::Mark;
use tcpip_stack::text::Text;
use tcpip_stack::world::{
    CardId, EventKind, Ladder as LadderData, LadderEntry, MistakeNote, NodeId,
};

use crate::board::layout::px;
use crate::derived::Derived;
use crate::game::use_game;
use crate::i18n::{
    Key, Lang, bytes, card_number, said, said_view, sequence_diagram_label, t, use_locale, words,
};
use crate::slot::Slot;

/// Where the left endpoint's line stands, in per cent of the diagram's width: room on its
/// left for the game time. The drawing has no `viewBox`: its x positions are fractions of
/// the width the page gives it and its text keeps its size, so on a phone the two
/// lifelines come closer instead of the whole drawing shrinking to unreadable text or
/// scrolling sideways in its box.
pub const LEFT_PCT: f64 = 22.0;
/// Where the right endpoint's line stands, in per cent of the width.
pub const RIGHT_PCT: f64 = 91.0;
/// Height of the endpoint labels above the first arrow, in pixels.
pub const HEADER_H: f64 = 44.0;
/// Vertical space per card: two lines of text above the arrow fit in it.
pub const ROW_H: f64 = 52.0;

/// Where one arrow is drawn: from `x1` to `x2` (per cent of the width) at height `y`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ArrowGeometry {
    pub x1: f64,
    pub x2: f64,
    pub y: f64,
}

/// The arrow of the `row`-th card (from 0). `a_to_b`: the card goes from the left endpoint
/// (the one that wrote first) to the right one.
pub fn arrow_geometry(row: usize, a_to_b: bool) -> ArrowGeometry {
    let y = HEADER_H + ROW_H * (row as f64) + ROW_H * 0.75;
    let (x1, x2) = if a_to_b {
        (LEFT_PCT, RIGHT_PCT)
    } else {
        (RIGHT_PCT, LEFT_PCT)
    };
    ArrowGeometry { x1, x2, y }
}

/// Total height of a diagram of `rows` cards.
pub fn diagram_height(rows: usize) -> f64 {
    HEADER_H + ROW_H * (rows as f64) + 12.0
}

/// An SVG length in per cent of the diagram's width, with one decimal as [`px`] writes
/// it (not `f64`'s `Display`, whose float formatter the page does not otherwise carry).
fn pct(v: f64) -> String {
    format!("{}%", px(v))
}

/// The written marks of a card: a mistake, a card sent back by the referee, and the
/// faults that touched it. Words, never colour alone; no mark is repeated.
pub fn entry_marks(e: &LadderEntry, lang: Lang) -> Vec<String> {
    let mut marks: Vec<String> = Vec::new();
    let mut add = |m: &str| {
        if !marks.iter().any(|x| x == m) {
            marks.push(m.to_string());
        }
    };
    if !e.mistakes.is_empty() {
        add(t(lang, Key::MarkMistake));
    }
    if e.card.is_none() {
        add(t(lang, Key::MarkSentBack));
    }
    let forged = e.forged.then_some(Mark::Forged);
    let fault = e.fault.as_ref().and_then(|k| k.spec().mark);
    let dropped = e.dropped.is_some().then_some(Mark::Dropped);
    for mark in [forged, fault, dropped].into_iter().flatten() {
        add(words(lang, mark.words()));
    }
    if e.resent {
        add(t(lang, Key::MarkSentAgain));
    }
    marks
}

/// The CSS class of an arrow: it picks the stroke (dashed for faults, thick vermillion for
/// mistakes); the marks above say the same in words.
fn arrow_class(e: &LadderEntry) -> &'static str {
    if !e.mistakes.is_empty() || e.card.is_none() {
        "ladder-arrow mistake"
    } else if e.forged || e.fault.is_some() || e.dropped.is_some() {
        "ladder-arrow fault"
    } else {
        "ladder-arrow"
    }
}

/// Whether a connection concerns `team`: one of its endpoints is in the team's LAN.
fn in_team(l: &LadderData, lan: Option<tcpip_stack::addr::Prefix>) -> bool {
    lan.is_some_and(|p| p.contains(l.a.addr) || p.contains(l.b.addr))
}

/// A student's ladder does not say which card was forged (see `GameCtx::sees_forgeries`):
/// the card is drawn as the host it claims to come from would have sent it.
fn hide_forgeries(ladder: &mut tcpip_stack::world::Ladder) {
    for e in &mut ladder.entries {
        e.forged = false;
        if e.fault.as_ref().and_then(|k| k.spec().mark) == Some(Mark::Forged) {
            e.fault = None;
        }
    }
}

/// The ladder of every connection, each under its own heading. With `team`, only the
/// connections with an endpoint in that team's LAN.
#[component]
pub fn Ladder(#[prop(optional)] team: Option<usize>) -> impl IntoView {
    let game = use_game();
    let ladders = Derived::new(move || {
        let mut ladders = game
            .with_world(|w| {
                let all = w.ladders();
                match team {
                    None => all,
                    Some(t) => {
                        let lan = w.teams().get(t).map(|v| v.lan);
                        all.into_iter().filter(|l| in_team(l, lan)).collect()
                    }
                }
            })
            .unwrap_or_default();
        if !game.sees_forgeries() {
            ladders.iter_mut().for_each(hide_forgeries);
        }
        ladders
    });
    let names = Derived::new(move || {
        game.with_world(|w| {
            w.nodes()
                .into_iter()
                .map(|n| (n.id, n.name))
                .collect::<Vec<(NodeId, String)>>()
        })
        .unwrap_or_default()
    });
    let locale = use_locale();

    view! {
        <section class="ladders" aria-label=locale.text(Key::LaddersLabel)>
            {crate::shown::shown_or(
                move || !ladders.with(Vec::is_empty),
                move || view! {
                    {crate::keyed::keyed(move || {
                        ladders.with(|ls| {
                            ls.iter()
                                .enumerate()
                                .map(|(i, l)| {
                                    crate::keyed::Row::new(format!("{i} {} {}", l.a, l.b), move || {
                                        let ladder = Derived::new(move || ladders.with(|ls| ls.get(i).cloned()));
                                        view! { <ConnectionLadder ladder=ladder names=names /> }
                                    })
                                })
                                .collect()
                        })
                    })}
                },
                move || {
                    view! { <p class="ladder-empty">{locale.text(Key::NoCardYet)}</p> }
                },
            )}
        </section>
    }
}

/// One connection: heading, diagram and the details of the chosen card.
#[component]
fn ConnectionLadder(
    ladder: Derived<Option<LadderData>>,
    names: Derived<Vec<(NodeId, String)>>,
) -> impl IntoView {
    let selected: Slot<Option<usize>> = Slot::new(None);
    let uid = crate::desk::next_id();
    let details_id = format!("ladder-details-{uid}");
    let heading_id = format!("ladder-heading-{uid}");

    let heading = move || {
        ladder.with(|l| {
            l.as_ref()
                .map(|l| format!("{}  ↔  {}", l.a, l.b))
                .unwrap_or_default()
        })
    };
    let entries =
        move || ladder.with(|l| l.as_ref().map(|l| l.entries.clone()).unwrap_or_default());
    let rows = move || ladder.with(|l| l.as_ref().map_or(0, |l| l.entries.len()));
    let height = move || diagram_height(rows());
    let line_bottom = move || px(height() - 6.0);
    let a_label = move || ladder.with(|l| l.as_ref().map(|l| l.a.to_string()).unwrap_or_default());
    let b_label = move || ladder.with(|l| l.as_ref().map(|l| l.b.to_string()).unwrap_or_default());
    let details_ref = details_id.clone();
    let locale = use_locale();

    view! {
        <article class="ladder" aria-labelledby=heading_id.clone()>
            <h3 id=heading_id.clone() class="ladder-heading">{heading}</h3>
            <div class="ladder-body">
                <svg
                    class="ladder-diagram"
                    height=move || px(height())
                    role="group"
                    aria-label=move || sequence_diagram_label(locale.get(), rows())
                >
                    <text class="ladder-endpoint" x=pct(LEFT_PCT) y="18" text-anchor="middle">{a_label}</text>
                    // Ends at the right edge, above its lifeline: centred, a long address
                    // would leave a phone's narrow drawing.
                    <text class="ladder-endpoint" x="99%" y="18" text-anchor="end">{b_label}</text>
                    // Under the endpoints' row: on a phone the left address reaches over
                    // the time column.
                    <text class="ladder-time-head" x="8" y="40">
                        {locale.text(Key::LadderGameTime)}
                    </text>
                    <line class="ladder-lifeline" x1=pct(LEFT_PCT) x2=pct(LEFT_PCT) y1="28" y2=line_bottom />
                    <line class="ladder-lifeline" x1=pct(RIGHT_PCT) x2=pct(RIGHT_PCT) y1="28" y2=line_bottom />
                    {move || {
                        // Rebuilt in a new language too: the arrows' marks are words.
                        locale.signal().track();
                        let a = ladder.with(|l| l.as_ref().map(|l| l.a));
                        entries()
                            .into_iter()
                            .enumerate()
                            .map(|(row, e)| {
                                let a_to_b = Some(e.src) == a;
                                view! {
                                    <LadderArrow
                                        row=row
                                        entry=e
                                        a_to_b=a_to_b
                                        selected=selected
                                        details_id=details_ref.clone()
                                    />
                                }
                            })
                            .collect_view()
                    }}
                </svg>
                <aside class="ladder-details" id=details_id aria-live="polite">
                    {move || {
                        locale.signal().track();
                        let chosen = selected
                            .get()
                            .and_then(|i| ladder.with(|l| l.as_ref().and_then(|l| l.entries.get(i).cloned())));
                        match chosen {
                            Some(e) => view! { <CardDetails entry=e names=names /> }.into_any(),
                            None => {
                                view! {
                                    <p class="ladder-hint">{locale.text(Key::LadderHint)}</p>
                                }
                                    .into_any()
                            }
                        }
                    }}
                </aside>
            </div>
        </article>
    }
}

/// One card's arrow, a focusable button in the SVG.
#[component]
fn LadderArrow(
    row: usize,
    entry: LadderEntry,
    a_to_b: bool,
    selected: Slot<Option<usize>>,
    details_id: String,
) -> impl IntoView {
    let g = arrow_geometry(row, a_to_b);
    let label = entry.label();
    // Read once: the diagram is rebuilt when the ladder changes; a new language re-reads it
    // through the enclosing view.
    let marks = entry_marks(&entry, use_locale().signal().get_untracked());
    let marks_text = marks.join(" · ");
    let time = entry.at.to_string();
    let mid = f64::midpoint(g.x1, g.x2);
    // The arrowhead: a small triangle pointing where the card goes, drawn in pixels in an
    // inner `<svg>` placed at the arrow's end (a polygon's points cannot be per cent).
    let head = if a_to_b {
        "0,0 -11,-6 -11,6"
    } else {
        "0,0 11,-6 11,6"
    };
    let class = arrow_class(&entry);
    let choose = move || {
        selected.update(|s| *s = if *s == Some(row) { None } else { Some(row) });
    };
    let text_y = g.y - 8.0;
    let marks_y = g.y - 24.0;
    let hit_y = g.y - 36.0;
    let hit_w = RIGHT_PCT - LEFT_PCT;
    let has_marks = !marks.is_empty();

    // No aria-label: the button's name is its visible text (time, flags and numbers,
    // marks), so what a voice-control user reads is what they can say (WCAG 2.5.3).
    view! {
        <g
            class=class
            role="button"
            tabindex="0"
            data-row=row
            aria-controls=details_id
            aria-pressed=move || if selected.get() == Some(row) { "true" } else { "false" }
            on:click=move |_| choose()
            on:keydown=move |ev: web_sys::KeyboardEvent| {
                let key = ev.key();
                if key == "Enter" || key == " " {
                    ev.prevent_default();
                    choose();
                }
            }
        >
            <rect class="ladder-hit" x=pct(LEFT_PCT) y=px(hit_y) width=pct(hit_w) height=px(ROW_H - 4.0) rx="4" />
            <text class="ladder-time" x="8" y=px(g.y)>{time}</text>
            <line class="ladder-line" x1=pct(g.x1) x2=pct(g.x2) y1=px(g.y) y2=px(g.y) />
            <svg x=pct(g.x2) y=px(g.y) overflow="visible">
                <polygon class="ladder-head" points=head />
            </svg>
            <text class="ladder-label" x=pct(mid) y=px(text_y) text-anchor="middle">{label}</text>
            {has_marks
                .then(|| {
                    view! {
                        <text class="ladder-marks" x=pct(mid) y=px(marks_y) text-anchor="middle">{marks_text}</text>
                    }
                })}
        </g>
    }
}

/// The card as its writer handed it over, from the log's first `CardSent` of that card
/// (the later hops are the same card with a lower TTL).
fn written_card(card: CardId) -> Option<Card> {
    let game = use_game();
    untrack(|| {
        game.with_world(|w| {
            w.log().iter().find_map(|ev| match &ev.kind {
                EventKind::CardSent {
                    card: c, packet, ..
                } if *c == card => Some(Card::from_packet(packet)),
                _ => None,
            })
        })
    })
    .flatten()
}

/// The full card and its marks, as a definition list.
#[component]
fn CardDetails(entry: LadderEntry, names: Derived<Vec<(NodeId, String)>>) -> impl IntoView {
    // Read once: the panel is rebuilt whenever the ladder, the choice or the language changes.
    let lang = use_locale().signal().get_untracked();
    let tr = move |key| t(lang, key);
    let writer = names
        .with_untracked(|n| {
            n.iter()
                .find(|(id, _)| *id == entry.from)
                .map(|(_, name)| name.clone())
        })
        .unwrap_or_else(|| format!("node {}", entry.from.0));
    let written = entry.card.and_then(written_card);
    let flags = if entry.what.is_empty() {
        tr(Key::NoneWord).to_string()
    } else {
        entry.what.clone()
    };
    let ack = entry
        .ack
        .map_or_else(|| tr(Key::NoAckFlag).to_string(), |a| a.to_string());
    let card_no = entry.card.map_or_else(
        || tr(Key::NeverLeftDesk).to_string(),
        |c| format!("#{}", c.0),
    );
    let data = written.as_ref().map(|c| c.data.clone()).unwrap_or_default();
    let ttl = written.as_ref().map(|c| c.ttl.clone());
    let fault = entry
        .fault
        .as_ref()
        .map(|f| (said(lang, &f.name()).0.to_string(), f.explain()));
    let dropped = entry.dropped.clone();
    let marks = entry_marks(&entry, lang).join(" · ");
    let mistakes = entry.mistakes.clone();

    view! {
        <div class="ladder-card">
            <h4>{card_number(lang, &card_no)}</h4>
            <dl>
                <dt>{tr(Key::LTime)}</dt>
                <dd>{entry.at.to_string()}</dd>
                <dt>{tr(Key::WrittenBy)}</dt>
                <dd>{writer}</dd>
                <dt>{tr(Key::Source)}</dt>
                <dd>{entry.src.to_string()}</dd>
                <dt>{tr(Key::Destination)}</dt>
                <dd>{entry.dst.to_string()}</dd>
                <dt>{tr(Key::Flags)}</dt>
                <dd class="ladder-flags">{flags}</dd>
                // A UDP card has no sequence numbers (RFC 768).
                {entry.numbered.then(|| view! {
                    <dt>"seq"</dt>
                    <dd class="ladder-seq">{entry.seq}</dd>
                    <dt>"ack"</dt>
                    <dd>{ack}</dd>
                    <dt>{tr(Key::Length)}</dt>
                    <dd>{bytes(lang, entry.len)}</dd>
                })}
                <dt>{tr(Key::Data)}</dt>
                <dd class="ladder-data">
                    {if data.is_empty() { tr(Key::Blank).to_string() } else { data }}
                </dd>
                {ttl.map(|ttl| view! { <dt>"TTL"</dt><dd>{ttl}</dd> })}
                {(!marks.is_empty()).then(|| view! { <dt>{tr(Key::Marks)}</dt><dd>{marks}</dd> })}
                // The fault, what it does and why the card was dropped, in the reader's
                // language.
                {fault
                    .map(|(name, why)| {
                        view! {
                            <dt>{tr(Key::FeedFault)}</dt>
                            <dd>
                                {name}
                                " — "
                                {said_view(lang, &why, "ladder-fault-why")}
                            </dd>
                        }
                    })}
                {dropped
                    .map(|d| {
                        view! {
                            <dt>{tr(Key::Dropped)}</dt>
                            <dd>{said_view(lang, &d, "ladder-dropped")}</dd>
                        }
                    })}
            </dl>
            {(!mistakes.is_empty())
                .then(|| {
                    view! {
                        <h5>{tr(Key::Mistakes)}</h5>
                        <ul class="ladder-mistakes">
                            {mistakes.into_iter().map(|m| view! { <MistakeLine m=m lang /> }).collect_view()}
                        </ul>
                    }
                })}
        </div>
    }
}

#[component]
fn MistakeLine(m: MistakeNote<Text>, lang: Lang) -> impl IntoView {
    let rfc = (!m.rfc.is_empty()).then(|| format!(" — {}", m.rfc));
    view! {
        <li>
            <strong>{format!("✗ {}", m.field)}</strong>
            {format!(
                ": {} {}, {} {}. ",
                t(lang, Key::Expected),
                said(lang, &m.expected).0,
                t(lang, Key::Got),
                said(lang, &m.got).0,
            )}
            {said_view(lang, &m.why, "ladder-why")}
            {rfc}
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tcpip_stack::addr::{Endpoint, Ipv4Addr};
    use tcpip_stack::fault::FaultKind;
    use tcpip_stack::time::{Duration, Instant};

    fn entry() -> LadderEntry {
        LadderEntry {
            at: Instant::from_secs(2),
            card: Some(CardId(1)),
            from: NodeId(2),
            src: Endpoint::new(Ipv4Addr::new(10, 0, 1, 2), 40000),
            dst: Endpoint::new(Ipv4Addr::new(10, 0, 1, 1), 23),
            what: "S".into(),
            numbered: true,
            seq: 0,
            ack: None,
            len: 0,
            forged: false,
            fault: None,
            dropped: None,
            mistakes: Vec::new(),
            resent: false,
        }
    }

    #[test]
    fn labels_write_flags_seq_ack_and_length() {
        assert_eq!(entry().label(), "S seq 0 len 0");
        let e = LadderEntry {
            what: "S.".into(),
            ack: Some(1),
            ..entry()
        };
        assert_eq!(e.label(), "S. seq 0 ack 1 len 0");
        // RFC 768: a UDP card has no sequence numbers to write.
        let dns = LadderEntry {
            what: "DNS query A red.game? id 4660".into(),
            numbered: false,
            ..entry()
        };
        assert_eq!(dns.label(), "DNS query A red.game? id 4660");
    }

    #[test]
    fn a_clean_card_has_no_marks_and_faults_are_written_once() {
        assert!(entry_marks(&entry(), Lang::En).is_empty());
        let e = LadderEntry {
            forged: true,
            fault: Some(FaultKind::ForgedRst { matching: false }),
            ..entry()
        };
        assert_eq!(entry_marks(&e, Lang::En), vec!["forged".to_string()]);
        let e = LadderEntry {
            fault: Some(FaultKind::Drop),
            dropped: Some("lost".into()),
            ..entry()
        };
        assert_eq!(entry_marks(&e, Lang::En), vec!["dropped".to_string()]);
        let e = LadderEntry {
            fault: Some(FaultKind::Delay {
                by: Duration::from_secs(3),
            }),
            ..entry()
        };
        assert_eq!(entry_marks(&e, Lang::En), vec!["delayed".to_string()]);
        let e = LadderEntry {
            resent: true,
            ..entry()
        };
        assert_eq!(entry_marks(&e, Lang::It), vec!["rimandata".to_string()]);
    }

    /// A student's ladder shows no forgery as such, the forged ICMP error no more than
    /// the forged RST; what the link did to a card stays written.
    #[test]
    fn a_students_ladder_hides_every_forgery() {
        let with = |fault| LadderEntry {
            forged: true,
            fault: Some(fault),
            ..entry()
        };
        let ep = Endpoint::new(Ipv4Addr::new(10, 0, 1, 2), 40000);
        let mut ladder = tcpip_stack::world::Ladder {
            a: ep,
            b: ep,
            entries: vec![
                with(FaultKind::ForgedRst { matching: true }),
                with(FaultKind::ForgedIcmp { code: 3 }),
                LadderEntry {
                    fault: Some(FaultKind::Duplicate),
                    ..entry()
                },
            ],
        };
        hide_forgeries(&mut ladder);
        let marks: Vec<Vec<String>> = ladder
            .entries
            .iter()
            .map(|e| entry_marks(e, Lang::En))
            .collect();
        assert_eq!(marks, [vec![], vec![], vec!["duplicated".to_string()]]);
    }

    #[test]
    fn a_card_sent_back_is_a_mistake() {
        let e = LadderEntry {
            card: None,
            mistakes: vec![MistakeNote {
                field: "ack".into(),
                expected: "1".into(),
                got: "0".into(),
                why: "a SYN counts as one byte".into(),
                rfc: "RFC 9293 §3.4".into(),
            }],
            ..entry()
        };
        assert_eq!(
            entry_marks(&e, Lang::En),
            vec!["✗ mistake".to_string(), "sent back".into()]
        );
        assert_eq!(arrow_class(&e), "ladder-arrow mistake");
    }

    #[test]
    fn arrows_go_both_ways_one_row_below_the_other() {
        let first = arrow_geometry(0, true);
        let second = arrow_geometry(1, false);
        assert_eq!((first.x1, first.x2), (LEFT_PCT, RIGHT_PCT));
        assert_eq!((second.x1, second.x2), (RIGHT_PCT, LEFT_PCT));
        assert!(second.y - first.y >= ROW_H - f64::EPSILON);
        assert!(diagram_height(2) > second.y);
    }
}
