//! The TCP connection state diagram of RFC 9293 §3.3.2 (Figure 5), drawn as SVG with the
//! connection's current state lit and its last transition highlighted. The layout follows
//! the RFC's figure so students can hold the two side by side: opening at the top, the two
//! closing paths below, and CLOSED drawn twice (top and bottom right) as the RFC does,
//! which keeps every arrow short. Only the top CLOSED is the state for assistive
//! technology; the bottom one is a visual copy.

use leptos::prelude::*;
use tcpip_stack::tcp::State;

use crate::board::layout::px;
use crate::derived::Derived;
use crate::i18n::{Key, Lang, t, use_locale};

/// Size of the drawing in user units; the SVG scales to its container.
const WIDTH: f32 = 560.0;
const HEIGHT: f32 = 450.0;
const BOX_W: f32 = 104.0;
const BOX_H: f32 = 28.0;

/// Where the copy of CLOSED sits (RFC Figure 5 ends at a second CLOSED box).
const CLOSED_COPY: (f32, f32) = (480.0, 430.0);

/// The centre of a state's box.
fn position(state: State) -> (f32, f32) {
    match state {
        State::Closed => (280.0, 24.0),
        State::Listen => (280.0, 92.0),
        State::SynReceived => (80.0, 164.0),
        State::SynSent => (480.0, 164.0),
        State::Established => (280.0, 232.0),
        State::FinWait1 => (80.0, 300.0),
        State::CloseWait => (480.0, 300.0),
        State::Closing => (280.0, 300.0),
        State::FinWait2 => (80.0, 372.0),
        State::TimeWait => (280.0, 372.0),
        State::LastAck => (480.0, 372.0),
    }
}

/// How a label sits relative to its anchor point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Place {
    /// Centred on a horizontal arrow: event above the line, action below (the RFC's style).
    Across,
    /// Left-aligned, to the right of the point; action on the next line.
    Right,
    /// Right-aligned, to the left of the point; action on the next line.
    Left,
}

/// One arrow of the diagram.
#[derive(Clone, Copy, Debug)]
pub struct Transition {
    pub from: State,
    pub to: State,
    /// What triggers it: a user call (`CLOSE`) or an arriving segment (`rcv SYN`).
    pub event: &'static str,
    /// What TCP sends in response, if anything.
    pub action: Option<&'static str>,
    points: &'static [(f32, f32)],
    label: (f32, f32),
    place: Place,
}

impl Transition {
    /// "event / action", the RFC's notation written on one line.
    pub fn label(&self) -> String {
        match self.action {
            Some(action) => format!("{} / {action}", self.event),
            None => self.event.to_string(),
        }
    }
}

const fn tr(
    from: State,
    to: State,
    event: &'static str,
    action: Option<&'static str>,
    points: &'static [(f32, f32)],
    label: (f32, f32),
    place: Place,
) -> Transition {
    Transition {
        from,
        to,
        event,
        action,
        points,
        label,
        place,
    }
}

/// The transitions of RFC 9293 Figure 5 (resets and retransmissions, which the figure
/// leaves to the text, are not drawn).
pub const TRANSITIONS: [Transition; 18] = {
    use Place::*;
    use State::*;
    [
        tr(
            Closed,
            Listen,
            "passive OPEN",
            None,
            &[(296.0, 38.0), (296.0, 78.0)],
            (302.0, 62.0),
            Right,
        ),
        tr(
            Listen,
            Closed,
            "CLOSE",
            None,
            &[(264.0, 78.0), (264.0, 38.0)],
            (258.0, 62.0),
            Left,
        ),
        tr(
            Closed,
            SynSent,
            "active OPEN",
            Some("snd SYN"),
            &[(332.0, 24.0), (500.0, 24.0), (500.0, 150.0)],
            (416.0, 24.0),
            Across,
        ),
        tr(
            Listen,
            SynSent,
            "SEND",
            Some("snd SYN"),
            &[(332.0, 92.0), (456.0, 92.0), (456.0, 150.0)],
            (394.0, 92.0),
            Across,
        ),
        tr(
            Listen,
            SynReceived,
            "rcv SYN",
            Some("snd SYN,ACK"),
            &[(228.0, 92.0), (80.0, 92.0), (80.0, 150.0)],
            (154.0, 92.0),
            Across,
        ),
        tr(
            SynSent,
            SynReceived,
            "rcv SYN",
            Some("snd ACK"),
            &[(428.0, 164.0), (132.0, 164.0)],
            (280.0, 164.0),
            Across,
        ),
        tr(
            SynReceived,
            Established,
            "rcv ACK of SYN",
            None,
            &[(132.0, 172.0), (228.0, 226.0)],
            (192.0, 194.0),
            Right,
        ),
        tr(
            SynSent,
            Established,
            "rcv SYN,ACK",
            Some("snd ACK"),
            &[(428.0, 172.0), (332.0, 226.0)],
            (356.0, 192.0),
            Left,
        ),
        tr(
            SynReceived,
            FinWait1,
            "CLOSE",
            Some("snd FIN"),
            &[(80.0, 178.0), (80.0, 286.0)],
            (74.0, 228.0),
            Left,
        ),
        tr(
            Established,
            FinWait1,
            "CLOSE",
            Some("snd FIN"),
            &[(228.0, 240.0), (112.0, 286.0)],
            (150.0, 252.0),
            Left,
        ),
        tr(
            Established,
            CloseWait,
            "rcv FIN",
            Some("snd ACK"),
            &[(332.0, 240.0), (448.0, 286.0)],
            (410.0, 252.0),
            Right,
        ),
        tr(
            FinWait1,
            Closing,
            "rcv FIN",
            Some("snd ACK"),
            &[(132.0, 300.0), (228.0, 300.0)],
            (180.0, 300.0),
            Across,
        ),
        tr(
            FinWait1,
            FinWait2,
            "rcv ACK of FIN",
            None,
            &[(80.0, 314.0), (80.0, 358.0)],
            (86.0, 340.0),
            Right,
        ),
        tr(
            Closing,
            TimeWait,
            "rcv ACK of FIN",
            None,
            &[(280.0, 314.0), (280.0, 358.0)],
            (286.0, 340.0),
            Right,
        ),
        tr(
            CloseWait,
            LastAck,
            "CLOSE",
            Some("snd FIN"),
            &[(480.0, 314.0), (480.0, 358.0)],
            (474.0, 334.0),
            Left,
        ),
        tr(
            FinWait2,
            TimeWait,
            "rcv FIN",
            Some("snd ACK"),
            &[(132.0, 372.0), (228.0, 372.0)],
            (180.0, 372.0),
            Across,
        ),
        tr(
            LastAck,
            Closed,
            "rcv ACK of FIN",
            None,
            &[(480.0, 386.0), (480.0, 416.0)],
            (474.0, 404.0),
            Left,
        ),
        tr(
            TimeWait,
            Closed,
            "Timeout=2MSL",
            Some("delete TCB"),
            &[(280.0, 386.0), (280.0, 430.0), (428.0, 430.0)],
            (354.0, 430.0),
            Across,
        ),
    ]
};

/// The label of the drawn arrow from `from` to `to`, if the figure has one.
pub fn transition_label(from: State, to: State) -> Option<String> {
    TRANSITIONS
        .iter()
        .find(|tr| tr.from == from && tr.to == to)
        .map(Transition::label)
}

/// The diagram in words, for `aria-label` and the caption: the current state and the last
/// transition, with its event and action when the figure draws it.
fn describe(lang: Lang, current: Option<State>, last: Option<(State, State)>) -> (String, String) {
    let now = match current {
        Some(s) => format!("{}: {}", t(lang, Key::CurrentState), s.name()),
        None => format!(
            "{}: {}",
            t(lang, Key::CurrentState),
            t(lang, Key::NoConnection)
        ),
    };
    let before = match last {
        Some((from, to)) => {
            let how = transition_label(from, to)
                .map(|l| format!(" ({l})"))
                .unwrap_or_default();
            format!(
                "{}: {} → {}{how}",
                t(lang, Key::LastTransition),
                from.name(),
                to.name()
            )
        }
        None => format!(
            "{}: {}",
            t(lang, Key::LastTransition),
            t(lang, Key::NoTransition)
        ),
    };
    (now, before)
}

/// The RFC 9293 state diagram.
///
/// - `current`: the connection's state, lit (filled, bold, outlined and
///   `aria-current="true"`); `None` when the seat has no connection.
/// - `last`: the last transition `(from, to)`; its arrow is drawn thick and marked.
#[component]
pub fn StateDiagram(
    current: Derived<Option<State>>,
    last: Derived<Option<(State, State)>>,
) -> impl IntoView {
    let locale = use_locale();
    let id = format!("tcp-diagram-{}", super::next_id());
    let arrow_id = format!("{id}-arrow");
    let arrow_last_id = format!("{id}-arrow-last");
    let words = Derived::new(move || describe(locale.get(), current.get(), last.get()));
    let aria_label = move || {
        let (now, before) = words.get();
        format!("{}. {now}. {before}.", t(locale.get(), Key::DiagramTitle))
    };

    let arrows = TRANSITIONS
        .iter()
        .map(|tr| {
            let tr = *tr;
            let is_last = move || last.get() == Some((tr.from, tr.to));
            let points = tr
                .points
                .iter()
                .map(|&(x, y)| format!("{},{}", px(x), px(y)))
                .collect::<Vec<_>>()
                .join(" ");
            let (normal, lit) = (
                format!("url(#{arrow_id})"),
                format!("url(#{arrow_last_id})"),
            );
            let (x, y) = tr.label;
            let (anchor, event_y, action_y) = match tr.place {
                Place::Across => ("middle", y - 5.0, y + 11.0),
                Place::Right => ("start", y, y + 11.0),
                Place::Left => ("end", y, y + 11.0),
            };
            view! {
                <g
                    class="tcp-transition"
                    class:last=is_last
                    data-from=tr.from.name()
                    data-to=tr.to.name()
                >
                    <polyline
                        points=points
                        fill="none"
                        marker-end=move || if is_last() { lit.clone() } else { normal.clone() }
                    />
                    <text class="transition-label" x=px(x) y=px(event_y) text-anchor=anchor>
                        {tr.event}
                    </text>
                    {tr
                        .action
                        .map(|a| {
                            view! {
                                <text class="transition-label action" x=px(x) y=px(action_y) text-anchor=anchor>
                                    {a}
                                </text>
                            }
                        })}
                </g>
            }
        })
        .collect_view();

    let node = move |state: State, (cx, cy): (f32, f32), copy: bool| {
        let lit = move || current.get() == Some(state);
        let (x, y) = (cx - BOX_W / 2.0, cy - BOX_H / 2.0);
        view! {
            <g
                class="tcp-state"
                class:current=lit
                class:copy=copy
                data-state=state.name()
                aria-current=move || (!copy && lit()).then_some("true")
                aria-hidden=copy.then_some("true")
            >
                <rect
                    class="state-ring"
                    x=px(x - 4.0)
                    y=px(y - 4.0)
                    width=px(BOX_W + 8.0)
                    height=px(BOX_H + 8.0)
                    rx="9"
                />
                <rect class="state-box" x=px(x) y=px(y) width=px(BOX_W) height=px(BOX_H) rx="6" />
                <text class="state-name" x=px(cx) y=px(cy + 4.0) text-anchor="middle">
                    {state.name()}
                </text>
            </g>
        }
    };
    let nodes = State::ALL
        .into_iter()
        .map(|s| node(s, position(s), false))
        .chain(std::iter::once(node(State::Closed, CLOSED_COPY, true)))
        .collect_view();

    let labelled_by = id.clone();
    view! {
        // On a phone the drawing scrolls sideways in its box: the box takes the keyboard's
        // focus so it can be scrolled without a pointer (WCAG 2.1.1), named by the drawing.
        <figure class="state-diagram" tabindex="0" role="group" aria-labelledby=labelled_by>
            <svg
                id=id
                role="img"
                aria-label=aria_label
                viewBox=format!("0 0 {} {}", px(WIDTH), px(HEIGHT))
                preserveAspectRatio="xMidYMid meet"
            >
                <defs>
                    <marker
                        id=arrow_id.clone()
                        class="arrowhead"
                        viewBox="0 0 10 10"
                        refX="10"
                        refY="5"
                        markerUnits="userSpaceOnUse"
                        markerWidth="9"
                        markerHeight="9"
                        orient="auto-start-reverse"
                    >
                        <path d="M0,0 L10,5 L0,10 z" />
                    </marker>
                    <marker
                        id=arrow_last_id.clone()
                        class="arrowhead last"
                        viewBox="0 0 10 10"
                        refX="10"
                        refY="5"
                        markerUnits="userSpaceOnUse"
                        markerWidth="13"
                        markerHeight="13"
                        orient="auto-start-reverse"
                    >
                        <path d="M0,0 L10,5 L0,10 z" />
                    </marker>
                </defs>
                {arrows}
                {nodes}
            </svg>
            <figcaption aria-hidden="true">
                {move || {
                    let (now, before) = words.get();
                    format!("{now} · {before}")
                }}
            </figcaption>
        </figure>
    }
}
