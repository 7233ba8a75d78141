//! The Desk screen (game design, screen 3): the seat being played in hot-seat mode, its inbox of
//! paper cards, the card form or the router's decision slip, the referee's verdict, the
//! host's connections on the RFC 9293 state diagram, and hints.
//!
//! It only composes the desk components and reads the game through [`use_game`]: every
//! address, number and sentence shown comes from the engine's views and events. In a
//! classroom room a student sees only the seat the server gave them.

use leptos::prelude::*;
use tcpip_stack::card::{Card, CardKind};
use tcpip_stack::host::{ConnId, ConnView};
use tcpip_stack::tcp::TcpError;
use tcpip_stack::text::Text;
use tcpip_stack::wire::Packet;
use tcpip_stack::world::{Action, CardId, EventKind, NodeId, NodeKind, NodeView, Seat};
use wasm_bindgen::JsCast;

use super::balancer::BalancerDesk;
use super::held::{HeldSeat, OwnMoves, PlayedForYou, own_moves};
use super::paper::{HintBox, Outcome, OutcomeView, PaperCard, outcome_of};
use super::router::RouterDesk;
use super::verdict::use_announcer;
use super::{CardForm, StateDiagram};
use crate::derived::Derived;
use crate::game::{Role, use_game};
use crate::i18n::{Key, Lang, said, said_view, t, use_locale};
use crate::slot::Slot;

/// `sessionStorage` key of the seat this browser tab plays: a reload keeps the person at
/// their desk, while another tab (another hot-seat player) chooses its own.
const SEAT_KEY: &str = "tcpip.desk.seat";

/// What a screen reader says when a card lands on the played desk, e.g. "New card from
/// 10.0.1.1: SYN+ACK, seq 0, ack 1".
pub(crate) fn arrival_sentence(lang: Lang, packet: &Packet) -> String {
    let from = t(lang, Key::NewCardFrom);
    match packet {
        Packet::Tcp { seg, .. } => {
            let mut s = format!(
                "{from} {}: {}, seq {}",
                seg.src.addr,
                seg.flags.words(),
                seg.seq
            );
            if seg.flags.ack() {
                s.push_str(&format!(", ack {}", seg.ack));
            }
            if !seg.payload.is_empty() {
                s.push_str(&format!(
                    ", {} “{}”",
                    t(lang, Key::Data),
                    String::from_utf8_lossy(&seg.payload)
                ));
            }
            s
        }
        Packet::Icmp { src, msg, .. } => {
            format!("{from} {src}: ICMP {}", said(lang, &msg.meaning()).0)
        }
        Packet::Udp { src, .. } => match packet.dns() {
            Some(m) => format!("{from} {}: {}", src.addr, m.describe()),
            None => format!("{from} {}: UDP", src.addr),
        },
        // A tunnelled card is read for what it carries (RFC 2003 §3).
        Packet::Ipip { inner, .. } => arrival_sentence(lang, inner),
    }
}

/// How a node is named in the seat picker: "Red client 1 (client 10.0.1.2, Red)".
pub(crate) fn seat_label(lang: Lang, node: &NodeView, team: Option<&str>) -> String {
    let kind = t(lang, kind_key(node.kind));
    match team {
        Some(team) => format!("{} ({kind} {}, {team})", node.name, node.addr),
        None => format!("{} ({kind} {})", node.name, node.addr),
    }
}

fn kind_key(kind: NodeKind) -> Key {
    match kind {
        NodeKind::Client => Key::KindClient,
        NodeKind::Server => Key::KindServer,
        NodeKind::Router => Key::KindRouter,
        NodeKind::Dns => Key::KindDnsServer,
        NodeKind::Balancer => Key::KindBalancer,
    }
}

/// The seat this tab plays: the remembered one while a person still holds it, else the
/// first human seat of the game.
pub(crate) fn played_seat(nodes: &[NodeView], chosen: Option<NodeId>) -> Option<NodeId> {
    let human = |id: NodeId| nodes.iter().any(|n| n.id == id && n.seat == Seat::Human);
    chosen
        .filter(|id| human(*id))
        .or_else(|| nodes.iter().find(|n| n.seat == Seat::Human).map(|n| n.id))
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

fn stored_seat() -> Option<NodeId> {
    let text = session_storage()?.get_item(SEAT_KEY).ok()??;
    text.parse::<u16>().ok().map(NodeId)
}

fn store_seat(id: NodeId) {
    if let Some(s) = session_storage() {
        // Without storage the choice only lasts until the page reloads.
        let _ = s.set_item(SEAT_KEY, &id.0.to_string());
    }
}

/// Moves keyboard focus to the first control matching `selector` (after a reply is
/// pre-filled, the player continues on the form).
pub(crate) fn focus_first(selector: &str) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(selector).ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// The Desk screen of the seat being played. Takes nothing: it reads the game from context.
#[component]
pub fn DeskScreen() -> impl IntoView {
    let game = use_game();
    let locale = use_locale();
    let announce = use_announcer();
    let nodes = Derived::new(move || game.with_world(|w| w.nodes()).unwrap_or_default());
    let chosen = Slot::new(stored_seat());
    let role = Derived::new(move || game.role());
    // A student plays the seat the server gave them; everyone else picks one.
    let played = Derived::new(move || {
        nodes.with(|ns| {
            let seat = match role.get() {
                Role::Student { seat } => seat,
                Role::Local | Role::Instructor => played_seat(ns, chosen.get()),
            };
            seat.and_then(|id| ns.iter().find(|n| n.id == id).map(|n| (id, n.kind)))
        })
    });

    // Screen readers hear every card that lands on the played desk.
    Effect::new(move |_| {
        let events = game.last_events();
        let Some((me, _)) = played.get_untracked() else {
            return;
        };
        let lang = locale.signal().get_untracked();
        for e in &events {
            if let EventKind::CardArrived { node, packet, .. } = &e.kind
                && *node == me
                && let Some(a) = announce
            {
                a.say(arrival_sentence(lang, packet));
            }
        }
    });

    OwnMoves::provide();
    let desk = move || {
        let (id, kind) = played.get()?;
        let one = move || match kind {
            NodeKind::Router => view! { <RouterDesk node=id /> }.into_any(),
            NodeKind::Balancer => view! { <BalancerDesk node=id /> }.into_any(),
            _ => view! { <HostDesk node=id /> }.into_any(),
        };
        // The instructor watches a student's seat unless they choose to play it; a student
        // hears of a card someone else played at theirs (see `held`).
        Some(match role.get() {
            Role::Instructor => view! { <HeldSeat node=id>{one()}</HeldSeat> }.into_any(),
            Role::Student { .. } => view! { <PlayedForYou node=id /> {one()} }.into_any(),
            Role::Local => one(),
        })
    };
    view! {
        <section class="desk-screen" aria-labelledby="desk-screen-title">
            <h2 id="desk-screen-title" class="sr-only">
                {locale.text(Key::DeskHeading)}
            </h2>
            {crate::shown::shown_or(
                move || game.is_playing(),
                move || view! {
                    {move || match role.get() {
                        Role::Student { seat } => view! { <StudentSeat seat nodes /> }.into_any(),
                        Role::Local | Role::Instructor => {
                            view! {
                                <SeatPicker nodes=nodes chosen=chosen played=Derived::new(move || played.get().map(|p| p.0)) />
                            }
                                .into_any()
                        }
                    }}
                    {desk}
                },
                move || view! { <p>{locale.text(Key::NoGame)}</p> },
            )}
        </section>
    }
}

/// A student's seat, as the server gave it: "You are Alice (client 10.0.1.2, Red)", or
/// that they are watching. Only the instructor moves people, so there is nothing to pick.
#[component]
fn StudentSeat(seat: Option<NodeId>, nodes: Derived<Vec<NodeView>>) -> impl IntoView {
    let game = use_game();
    let locale = use_locale();
    let text = move || {
        let lang = locale.get();
        let Some(node) =
            seat.and_then(|id| nodes.with(|ns| ns.iter().find(|n| n.id == id).cloned()))
        else {
            return t(lang, Key::YouAreWatching).to_string();
        };
        let team = game
            .with_world(|w| w.teams().get(node.team).map(|t| t.name.clone()))
            .flatten();
        format!(
            "{} {}",
            t(lang, Key::YouAre),
            seat_label(lang, &node, team.as_deref())
        )
    };
    view! {
        <div class="seat-picker">
            <p class="seat-current student-seat">{text}</p>
        </div>
    }
}

/// "You are playing: …" with the other human seats to switch to, the way to give the seat
/// back to its bot, and the seats still played by bots to take.
#[component]
fn SeatPicker(
    nodes: Derived<Vec<NodeView>>,
    chosen: Slot<Option<NodeId>>,
    played: Derived<Option<NodeId>>,
) -> impl IntoView {
    let game = use_game();
    let locale = use_locale();
    let error = Slot::new(None::<Text>);
    let teams = Derived::new(move || {
        game.with_world(|w| w.teams().iter().map(|t| t.name.clone()).collect::<Vec<_>>())
            .unwrap_or_default()
    });
    let label = move |n: &NodeView| {
        let teams = teams.get();
        seat_label(locale.get(), n, teams.get(n.team).map(String::as_str))
    };
    let set_seat = move |node: NodeId, seat: Seat| {
        game.submit(
            Action::SetSeat { node, seat },
            move |verdict| match verdict {
                Ok(_) => {
                    error.set(None);
                    if seat == Seat::Human {
                        chosen.set(Some(node));
                        store_seat(node);
                    }
                }
                Err(e) => error.set(Some(e)),
            },
        );
    };
    let humans = move || {
        nodes.with(|ns| {
            ns.iter()
                .filter(|n| n.seat == Seat::Human)
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let bots = move || {
        nodes.with(|ns| {
            ns.iter()
                .filter(|n| n.seat == Seat::Bot)
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let select_id = format!("desk-seat-{}", super::next_id());

    let picker = {
        let select_id = select_id.clone();
        move || {
            let list = humans();
            (!list.is_empty()).then(|| {
                let options = list
                    .iter()
                    .map(|n| {
                        let id = n.id;
                        view! {
                            <option value=id.0.to_string() selected=move || played.get() == Some(id)>
                                {label(n)}
                            </option>
                        }
                    })
                    .collect_view();
                view! {
                    <div class="seat-current">
                        <label for=select_id.clone()>{locale.text(Key::YouArePlaying)} ": "</label>
                        <select
                            id=select_id.clone()
                            class="seat-select"
                            on:change=move |ev| {
                                if let Ok(v) = event_target_value(&ev).parse::<u16>() {
                                    chosen.set(Some(NodeId(v)));
                                    store_seat(NodeId(v));
                                }
                            }
                        >
                            {options}
                        </select>
                        <button
                            type="button"
                            class="seat-give-back"
                            on:click=move |_| {
                                if let Some(id) = played.get_untracked() {
                                    set_seat(id, Seat::Bot);
                                }
                            }
                        >
                            {locale.text(Key::GiveBack)}
                        </button>
                    </div>
                }
            })
        }
    };
    let take_list = move || {
        let list = bots();
        let items = list
            .iter()
            .map(|n| {
                let id = n.id;
                let text = label(n);
                let aria = format!("{}: {text}", t(locale.get(), Key::TakeSeat));
                view! {
                    <li>
                        <span class="seat-name">{text}</span>
                        " "
                        <button
                            type="button"
                            class="seat-take"
                            data-node=id.0.to_string()
                            aria-label=aria
                            on:click=move |_| set_seat(id, Seat::Human)
                        >
                            {t(locale.get(), Key::TakeSeat)}
                        </button>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="seat-list">{items}</ul> }
    };
    let none_human = move || nodes.with(|ns| !ns.iter().any(|n| n.seat == Seat::Human));
    view! {
        <div class="seat-picker">
            {picker}
            {crate::shown::shown_or(
                none_human,
                move || view! {
                    <p class="seat-none">{locale.text(Key::NoHumanSeat)}</p>
                    {take_list}
                },
                move || {
                    view! {
                        <details class="seat-others">
                            <summary>{locale.text(Key::OtherSeats)}</summary>
                            {take_list}
                        </details>
                    }
                },
            )}
            {move || {
                error
                    .get()
                    .map(|e| {
                        view! {
                            <p class="desk-error" role="alert">
                                {said_view(locale.get(), &e, "")}
                            </p>
                        }
                    })
            }}
        </div>
    }
}

/// Why a connection reached CLOSED, as its row says it.
fn ended_key(e: &tcpip_stack::host::Ended) -> Key {
    match e.error {
        Some(TcpError::ConnectionReset) => Key::EndedReset,
        Some(TcpError::ConnectionRefused) => Key::EndedRefused,
        Some(TcpError::TimedOut) => Key::EndedTimedOut,
        Some(TcpError::Unreachable { .. }) => Key::EndedUnreachable,
        None if e
            .reason
            .as_ref()
            .is_some_and(|r| r.rfc == "RFC 9293 §3.10.5") =>
        {
            Key::EndedAborted
        }
        None => Key::EndedClosed,
    }
}

/// Whether a card on a desk is one to answer. A RST is never answered (RFC 9293
/// §3.10.7.1), an ICMP error is read by the stack, and a DNS answer is only read: a DNS
/// question is answered by the server.
fn answerable(packet: &Packet) -> bool {
    match packet {
        Packet::Tcp { seg, .. } => !seg.flags.rst(),
        Packet::Udp { .. } => packet.dns().is_some_and(|m| !m.header.response),
        Packet::Icmp { .. } => false,
        Packet::Ipip { inner, .. } => answerable(inner),
    }
}

/// A client's or server's desk: inbox, card form with its verdict, connections and hints.
#[component]
fn HostDesk(node: NodeId) -> impl IntoView {
    let game = use_game();
    let locale = use_locale();
    let me = Derived::new(move || game.with_world(|w| w.node_view(node)).flatten());
    let inbox = Derived::new(move || game.with_world(|w| w.inbox(node)).unwrap_or_default());
    // Ended connections first, then the live ones: the table reads oldest to newest, and
    // a connection that was reset or refused stays listed as CLOSED with why.
    let conns = Derived::new(move || {
        game.with_world(|w| {
            let mut all: Vec<ConnView> = w
                .ended_connections(node)
                .into_iter()
                .map(|e| e.view)
                .collect();
            all.extend(w.connections(node));
            all
        })
        .unwrap_or_default()
    });
    let ended = Derived::new(move || {
        game.with_world(|w| {
            w.ended_connections(node)
                .iter()
                .map(|e| (e.view.id, ended_key(e)))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
    });
    // In a game with a DNS server a host may write UDP cards, and the DNS server starts
    // each card as one (it answers questions).
    // The DNS server answers on UDP only: it has no TCP card to pick and no connections.
    let (udp, kind) = game
        .with_world(|w| match w.dns_server() {
            Some(server) if server == node => (false, CardKind::Udp),
            Some(_) => (true, CardKind::Tcp),
            None => (false, CardKind::Tcp),
        })
        .unwrap_or_default();
    let tcp = kind == CardKind::Tcp;
    let blank = move || Card {
        kind,
        ..Card::default()
    };
    let card = Slot::new(blank());
    // The card in the player's hand: the one they chose to reply to, else the newest.
    let hand = Slot::new(None::<Packet>);
    let outcome = Slot::new(None::<Outcome>);
    let form_id = format!("desk-form-{}", super::next_id());

    let in_hand = Derived::new(move || {
        hand.get()
            .or_else(|| inbox.with(|i| i.last().map(|c| c.packet.clone()).filter(answerable)))
    });
    let own = own_moves();
    let on_send = Callback::new(move |written: Card| {
        let action = Action::WriteCard {
            node,
            card: Box::new(written),
        };
        own.submit(game, action, move |verdict| {
            let judged = outcome_of(node, &verdict);
            // A card that went out leaves the hand; a returned one stays to be corrected.
            if matches!(
                judged,
                Some(Outcome::Judged {
                    returned: false,
                    ..
                })
            ) {
                card.set(blank());
                hand.set(None);
            }
            outcome.set(judged);
        });
    });

    let reply_selector = format!("#{form_id} input");
    // Cards the player put aside (a bare ACK, a RST: nothing to answer), on this page only;
    // the stack has read them anyway.
    let aside = Slot::new(Vec::<CardId>::new());
    let shown_inbox = Derived::new(move || {
        let hidden = aside.get();
        inbox.with(|i| {
            i.iter()
                .filter(|c| !hidden.contains(&c.card))
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let inbox_view = move || {
        let lang = locale.get();
        let cards = shown_inbox.get();
        if cards.is_empty() {
            return view! { <li class="inbox-empty">{t(lang, Key::InboxEmpty)}</li> }.into_any();
        }
        cards
            .into_iter()
            .map(|c| {
                let packet = c.packet.clone();
                let id = c.card;
                let selector = reply_selector.clone();
                let sentence = arrival_sentence(lang, &packet);
                let aria = format!("{}: {sentence}", t(lang, Key::ReplyTo));
                let aside_aria = format!("{}: {sentence}", t(lang, Key::PutAside));
                // A card that is not answered only goes aside.
                let answerable = answerable(&packet);
                let reply = answerable.then(|| {
                    view! {
                        <button
                            type="button"
                            class="inbox-reply"
                            aria-label=aria
                            on:click=move |_| {
                                card.set(Card::reply_to(&packet));
                                hand.set(Some(packet.clone()));
                                focus_first(&selector);
                            }
                        >
                            {t(lang, Key::ReplyTo)}
                        </button>
                    }
                });
                view! {
                    <li>
                        <PaperCard card=c>
                            {reply}
                            <button
                                type="button"
                                class="inbox-aside"
                                aria-label=aside_aria
                                on:click=move |_| aside.update(|a| a.push(id))
                            >
                                {t(lang, Key::PutAside)}
                            </button>
                        </PaperCard>
                    </li>
                }
            })
            .collect_view()
            .into_any()
    };

    let selected = Slot::new(None::<ConnId>);
    let shown_conn = Derived::new(move || {
        conns.with(|cs| {
            selected
                .get()
                .and_then(|id| cs.iter().find(|c| c.id == id))
                .or_else(|| cs.last())
                .map(|c| (c.id, c.state, c.last_transition))
        })
    });
    let conn_rows = move || {
        let lang = locale.get();
        conns
            .get()
            .into_iter()
            .map(|c| {
                let id = c.id;
                let pressed = move || shown_conn.get().map(|s| s.0) == Some(id);
                let aria = format!(
                    "{}: {} – {}",
                    t(lang, Key::ShowOnDiagram),
                    c.local,
                    c.remote
                );
                view! {
                    <tr class:shown=pressed>
                        <td>{c.local.to_string()}</td>
                        <td>{c.remote.to_string()}</td>
                        <td>
                            <span class="conn-state">{c.state.name()}</span>
                            {ended
                                .with(|e| e.iter().find(|(i, _)| *i == id).map(|(_, k)| *k))
                                .map(|k| view! { <span class="conn-why">" — " {t(lang, k)}</span> })}
                        </td>
                        <td>{c.snd_nxt.to_string()}</td>
                        <td>{c.rcv_nxt.to_string()}</td>
                        <td>
                            <button
                                type="button"
                                class="conn-show"
                                aria-label=aria
                                aria-pressed=move || pressed().to_string()
                                on:click=move |_| selected.set(Some(id))
                            >
                                {t(lang, Key::ShowOnDiagram)}
                            </button>
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    let title = move || {
        let lang = locale.get();
        me.get()
            .map(|n| format!("{} — {} {}", n.name, t(lang, Key::YourAddress), n.addr))
            .unwrap_or_default()
    };

    view! {
        <div class="desk host-desk" data-node=node.0.to_string()>
            <h3 class="desk-title">{title}</h3>
            <super::task::TaskBanner node=node />
            <super::send_buffer::SendBufferStrip node=node />
            <super::dns::DnsPanel node=node />
            <div class="desk-columns">
                <section class="desk-inbox" aria-labelledby=format!("{form_id}-inbox")>
                    <h3 id=format!("{form_id}-inbox")>
                        {locale.text(Key::Inbox)} " (" {move || shown_inbox.with(Vec::len)} ")"
                    </h3>
                    <ol class="inbox-list">{inbox_view}</ol>
                </section>
                <section class="desk-write" aria-labelledby=format!("{form_id}-write")>
                    <h3 id=format!("{form_id}-write")>{locale.text(Key::WriteNext)}</h3>
                    // The card being answered, in one line that stays in view while the
                    // boxes below are filled in (on a phone it has scrolled away).
                    {move || {
                        in_hand
                            .get()
                            .map(|packet| {
                                let lang = locale.get();
                                view! {
                                    <p class="in-hand">
                                        <strong>{t(lang, Key::Answering)}</strong>
                                        " "
                                        {arrival_sentence(lang, &packet)}
                                    </p>
                                }
                            })
                    }}
                    <super::timer::RetransmitTimers conns=conns />
                    <div id=form_id.clone() class="desk-form">
                        <CardForm card=card reply_to=in_hand udp on_send=on_send />
                    </div>
                    <OutcomeView outcome=outcome />
                    <HintBox node=node />
                </section>
            </div>
            {tcp.then(|| view! {
            <section class="desk-conns" aria-labelledby=format!("{form_id}-conns")>
                <h3 id=format!("{form_id}-conns")>{locale.text(Key::Connections)}</h3>
                {crate::shown::shown_or(
                    move || conns.with(|c| !c.is_empty()),
                    move || view! {
                        <div class="table-scroll">
                            <table class="conn-table">
                                <thead>
                                    <tr>
                                        <th scope="col">{locale.text(Key::Local)}</th>
                                        <th scope="col">{locale.text(Key::Remote)}</th>
                                        <th scope="col">{locale.text(Key::StateCol)}</th>
                                        <th scope="col">"SND.NXT"</th>
                                        <th scope="col">"RCV.NXT"</th>
                                        <th scope="col">
                                            <span class="sr-only">{locale.text(Key::ShowOnDiagram)}</span>
                                        </th>
                                    </tr>
                                </thead>
                                <tbody>{conn_rows}</tbody>
                            </table>
                        </div>
                    },
                    move || view! { <p>{locale.text(Key::NoConnections)}</p> },
                )}
                <StateDiagram
                    current=Derived::new(move || shown_conn.get().map(|c| c.1))
                    last=Derived::new(move || shown_conn.get().and_then(|c| c.2))
                />
            </section>
            })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tcpip_stack::addr::{Endpoint, Ipv4Addr};
    use tcpip_stack::segment::{TcpFlags, TcpSegment};
    use tcpip_stack::seq::SeqNumber;
    use tcpip_stack::wire::IpMeta;

    fn synack() -> Packet {
        Packet::Tcp {
            meta: IpMeta::default(),
            seg: TcpSegment {
                src: Endpoint::new(Ipv4Addr::new(10, 0, 1, 1), 23),
                dst: Endpoint::new(Ipv4Addr::new(10, 0, 1, 2), 40000),
                seq: SeqNumber(0),
                ack: SeqNumber(1),
                flags: TcpFlags::SYN | TcpFlags::ACK,
                window: 65535,
                payload: Vec::new(),
            },
        }
    }

    #[test]
    fn arrivals_are_announced_with_flags_and_numbers() {
        assert_eq!(
            arrival_sentence(Lang::En, &synack()),
            "New card from 10.0.1.1: SYN+ACK, seq 0, ack 1"
        );
        assert!(arrival_sentence(Lang::It, &synack()).starts_with("Nuova carta da 10.0.1.1"));
    }

    #[test]
    fn the_played_seat_must_still_be_human() {
        let view = |id: u16, seat: Seat| NodeView {
            id: NodeId(id),
            kind: NodeKind::Client,
            name: format!("n{id}"),
            team: 0,
            seat,
            addr: Ipv4Addr::new(10, 0, 1, 2),
            backbone_addr: None,
            inbox: 0,
        };
        let nodes = vec![
            view(0, Seat::Bot),
            view(1, Seat::Human),
            view(2, Seat::Human),
        ];
        assert_eq!(played_seat(&nodes, Some(NodeId(2))), Some(NodeId(2)));
        assert_eq!(played_seat(&nodes, Some(NodeId(0))), Some(NodeId(1)));
        assert_eq!(played_seat(&nodes, None), Some(NodeId(1)));
        assert_eq!(played_seat(&nodes[..1], None), None);
        assert_eq!(
            seat_label(Lang::En, &nodes[1], Some("Red")),
            "n1 (client 10.0.1.2, Red)"
        );
    }
}
