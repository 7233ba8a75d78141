//! The router's desk (rounds 5 and 6): each arriving card with the decisions a router can
//! take (deliver, forward to a neighbour, answer ICMP, drop), the referee's verdict, and the
//! routing table with its editor.

use std::str::FromStr;

use leptos::prelude::*;
use tcpip_stack::addr::{Ipv4Addr, Prefix, PrefixError};
use tcpip_stack::card::RouterChoice;
use tcpip_stack::route::{self, BACKBONE_IFACE, LAN_IFACE, NextHop, Route};
use tcpip_stack::text::Text;
use tcpip_stack::wire::unreach;
use tcpip_stack::world::{Action, CardId, InboxCard, NodeId, NodeKind, RouteEdit};

use super::paper::{HintBox, Outcome, OutcomeView, PaperCard, outcome_of};
use crate::derived::Derived;
use crate::game::use_game;
use crate::i18n::{Key, Lang, prefix_error, said_view, t, use_locale};
use crate::slot::Slot;

/// The destination-unreachable codes a router player picks from (RFC 792, RFC 1812
/// §5.2.7.1), with their labels.
const UNREACHABLE_CODES: [(u8, Key); 4] = [
    (unreach::NET, Key::CodeNet),
    (unreach::HOST, Key::CodeHost),
    (unreach::PORT, Key::CodePort),
    (unreach::ADMIN_PROHIBITED, Key::CodeAdmin),
];

/// What is wrong with a "prefix via gateway" line, box by box.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct RouteErrors {
    pub prefix: Option<PrefixError>,
    pub gateway: bool,
}

/// Reads a "prefix via gateway" line as typed. The interface is the engine's choice for the
/// gateway among the router's `routes` ([`route::iface_towards`]); a gateway on no attached
/// network is sent as is, for the engine to refuse with its reason.
pub(crate) fn parse_route(
    prefix: &str,
    gateway: &str,
    routes: &[Route],
) -> Result<Route, RouteErrors> {
    let p = Prefix::from_str(prefix);
    let g = Ipv4Addr::from_str(gateway.trim());
    match (p, g) {
        (Ok(prefix), Ok(gw)) => Ok(Route {
            prefix,
            next_hop: NextHop::Gateway(gw),
            iface: route::iface_towards(routes, gw).unwrap_or(BACKBONE_IFACE),
        }),
        (p, g) => Err(RouteErrors {
            prefix: p.err(),
            gateway: g.is_err(),
        }),
    }
}

/// A table line's interface as a student reads it.
fn iface_text(lang: Lang, iface: usize) -> String {
    match iface {
        LAN_IFACE => t(lang, Key::IfaceLan).to_string(),
        BACKBONE_IFACE => t(lang, Key::IfaceBackbone).to_string(),
        other => format!("{} {other}", t(lang, Key::Interface)),
    }
}

/// The desk of a router seat.
#[component]
pub fn RouterDesk(node: NodeId) -> impl IntoView {
    let game = use_game();
    let locale = use_locale();
    let me = Derived::new(move || game.with_world(|w| w.node_view(node)).flatten());
    // The neighbours a card can be forwarded to: the other routers' backbone addresses.
    let gateways = Derived::new(move || {
        game.with_world(|w| {
            w.nodes()
                .into_iter()
                .filter(|n| n.kind == NodeKind::Router && n.id != node)
                .filter_map(|n| n.backbone_addr.map(|a| (a, n.name)))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
    });
    let title = move || {
        let lang = locale.get();
        me.get()
            .map(|n| {
                let mut s = format!("{} — {} {}", n.name, t(lang, Key::YourAddress), n.addr);
                if let Some(b) = n.backbone_addr {
                    s.push_str(&format!(", {} {b}", t(lang, Key::IfaceBackbone)));
                }
                s
            })
            .unwrap_or_default()
    };
    view! {
        <div class="desk router-desk" data-node=node.0.to_string()>
            <h3 class="desk-title">{title}</h3>
            <super::task::TaskBanner node=node />
            <div class="desk-columns">
                <DecisionInbox
                    node=node
                    heading=Key::CardsToRoute
                    empty=Key::RouterInboxEmpty
                    controls=move |prefix, card, lang, decide| {
                        decision_controls(prefix, card, lang, gateways, decide).into_any()
                    }
                />
                <RouteTable node=node />
            </div>
        </div>
    }
}

/// The cards waiting at a desk that decides what becomes of each (a router's, a load
/// balancer's): each card with the slip `controls` draws under it, and the referee's
/// verdict of the last decision — under its card while the card is still on the desk (a
/// decision the coach sent back), above the list once it has gone on, never under another.
#[component]
pub(crate) fn DecisionInbox<C>(node: NodeId, heading: Key, empty: Key, controls: C) -> impl IntoView
where
    C: Fn(&str, &InboxCard, Lang, Decide) -> AnyView + Copy + Send + Sync + 'static,
{
    let game = use_game();
    let locale = use_locale();
    let inbox = Derived::new(move || game.with_world(|w| w.inbox(node)).unwrap_or_default());
    let outcome = Slot::new(None::<Outcome>);
    let decided = Slot::new(None::<CardId>);
    let own = super::held::own_moves();
    let decide = Decide(Callback::new(
        move |(card, choice): (CardId, RouterChoice)| {
            own.submit(
                game,
                Action::RouteCard { node, card, choice },
                move |verdict| {
                    decided.set(Some(card));
                    outcome.set(outcome_of(node, &verdict));
                },
            );
        },
    ));
    let gone = move || {
        decided
            .get()
            .is_some_and(|d| inbox.with(|i| !i.iter().any(|c| c.card == d)))
    };
    let prefix = format!("decide-{}", super::next_id());
    let cards_prefix = prefix.clone();
    // Keyed by card (and language): a card that stays on the desk keeps its slip as the
    // person filled it while other cards come and go.
    let cards = crate::keyed::keyed(move || {
        let lang = locale.get();
        inbox
            .get()
            .into_iter()
            .map(|c| {
                let id = c.card;
                let prefix = cards_prefix.clone();
                crate::keyed::Row::new(format!("{}-{}", lang.code(), id.0), move || {
                    let slip = controls(&prefix, &c, lang, decide);
                    let verdict = move || {
                        (decided.get() == Some(id))
                            .then(|| view! { <OutcomeView outcome=outcome /> })
                    };
                    view! {
                        <li data-card=id.0.to_string()>
                            <PaperCard card=c.clone()>{slip}</PaperCard>
                            {verdict}
                        </li>
                    }
                })
            })
            .collect()
    });
    let nothing = move || {
        inbox
            .with(Vec::is_empty)
            .then(|| view! { <li class="inbox-empty">{locale.text(empty)}</li> })
    };
    view! {
        <section class="desk-inbox" aria-labelledby=format!("{prefix}-inbox")>
            <h3 id=format!("{prefix}-inbox")>
                {locale.text(heading)} " (" {move || inbox.with(Vec::len)} ")"
            </h3>
            {move || gone().then(|| view! { <OutcomeView outcome=outcome /> })}
            <ol class="inbox-list">{nothing} {cards}</ol>
            <HintBox node=node />
        </section>
    }
}

/// Hands one decision about one card to the game (and its verdict to the inbox's view).
#[derive(Clone, Copy)]
pub(crate) struct Decide(Callback<(CardId, RouterChoice)>);

impl Decide {
    pub(crate) fn run(self, card: CardId, choice: RouterChoice) {
        self.0.run((card, choice));
    }
}

/// The decision slip under one card.
fn decision_controls(
    prefix: &str,
    card: &InboxCard,
    lang: Lang,
    gateways: Derived<Vec<(Ipv4Addr, String)>>,
    decide: Decide,
) -> impl IntoView + use<> {
    let id = card.card;
    let base = format!("{prefix}-card-{}", id.0);
    let gw_id = format!("{base}-gw");
    let code_id = format!("{base}-code");
    let gateway = Slot::new(gateways.with_untracked(|g| g.first().map(|(a, _)| *a)));
    let code = Slot::new(unreach::NET);
    let gw_options = gateways
        .get_untracked()
        .into_iter()
        .map(|(a, name)| view! { <option value=a.to_string()>{format!("{a} ({name})")}</option> })
        .collect_view();
    let no_gateway = gateways.with_untracked(Vec::is_empty);
    let code_options = UNREACHABLE_CODES
        .into_iter()
        .map(|(c, k)| view! { <option value=c.to_string()>{t(lang, k)}</option> })
        .collect_view();
    view! {
        <fieldset class="router-decision">
            <legend>{t(lang, Key::Decide)}</legend>
            <div class="decision-row">
                <button
                    type="button"
                    data-choice="deliver"
                    on:click=move |_| decide.run(id, RouterChoice::Deliver)
                >
                    {t(lang, Key::Deliver)}
                </button>
            </div>
            <div class="decision-row">
                <label for=gw_id.clone()>{t(lang, Key::Gateway)}</label>
                <select
                    id=gw_id.clone()
                    disabled=no_gateway
                    on:change=move |ev| {
                        gateway.set(Ipv4Addr::from_str(&event_target_value(&ev)).ok());
                    }
                >
                    {gw_options}
                </select>
                {no_gateway.then(|| view! { <span class="decision-note">{t(lang, Key::NoGateway)}</span> })}
                <button
                    type="button"
                    data-choice="forward"
                    disabled=no_gateway
                    on:click=move |_| {
                        if let Some(gw) = gateway.get_untracked() {
                            decide.run(id, RouterChoice::Forward { gateway: gw });
                        }
                    }
                >
                    {t(lang, Key::ForwardTo)}
                </button>
            </div>
            <div class="decision-row">
                <label for=code_id.clone()>{t(lang, Key::IcmpCode)}</label>
                <select
                    id=code_id.clone()
                    on:change=move |ev| {
                        if let Ok(c) = event_target_value(&ev).parse::<u8>() {
                            code.set(c);
                        }
                    }
                >
                    {code_options}
                </select>
                <button
                    type="button"
                    data-choice="unreachable"
                    on:click=move |_| decide.run(id, RouterChoice::IcmpUnreachable { code: code.get_untracked() })
                >
                    {t(lang, Key::AnswerUnreachable)}
                </button>
            </div>
            <div class="decision-row">
                <button
                    type="button"
                    data-choice="time-exceeded"
                    on:click=move |_| decide.run(id, RouterChoice::IcmpTimeExceeded)
                >
                    {t(lang, Key::AnswerTimeExceeded)}
                </button>
                <button type="button" data-choice="drop" on:click=move |_| decide.run(id, RouterChoice::Drop)>
                    {t(lang, Key::DropCard)}
                </button>
                <button type="button" data-choice="keep" on:click=move |_| decide.run(id, RouterChoice::Keep)>
                    {t(lang, Key::KeepCard)}
                </button>
            </div>
        </fieldset>
    }
}

/// The routing table, each line removable, and the "prefix via gateway" editor.
#[component]
fn RouteTable(node: NodeId) -> impl IntoView {
    let game = use_game();
    let locale = use_locale();
    let routes = Derived::new(move || game.with_world(|w| w.routes(node)).unwrap_or_default());
    let prefix_text = Slot::new(String::new());
    let gateway_text = Slot::new(String::new());
    let errors = Slot::new(RouteErrors::default());
    let refused = Slot::new(None::<Text>);
    let base = format!("routes-{}", super::next_id());
    let (prefix_id, gateway_id) = (format!("{base}-prefix"), format!("{base}-gateway"));

    // `clear`: empty the editor's boxes once the game took the edit (in a classroom, when
    // the server says so); a refused route stays in them to be fixed.
    let own = super::held::own_moves();
    let edit = move |e: RouteEdit, clear: bool| {
        own.submit(
            game,
            Action::EditRoute { node, edit: e },
            move |verdict| match verdict {
                Ok(_) => {
                    refused.set(None);
                    if clear {
                        prefix_text.set(String::new());
                        gateway_text.set(String::new());
                    }
                }
                Err(sentence) => refused.set(Some(sentence)),
            },
        );
    };
    let add = move |_| match parse_route(
        &prefix_text.get_untracked(),
        &gateway_text.get_untracked(),
        &routes.get_untracked(),
    ) {
        Ok(route) => {
            errors.set(RouteErrors::default());
            edit(RouteEdit::Add(route), true);
        }
        Err(e) => errors.set(e),
    };
    let rows = move || {
        let lang = locale.get();
        routes
            .get()
            .into_iter()
            .map(|r| {
                let hop = match r.next_hop {
                    NextHop::Direct => t(lang, Key::Direct).to_string(),
                    NextHop::Gateway(g) => g.to_string(),
                };
                let p = r.prefix;
                let aria = format!("{}: {p}", t(lang, Key::RemoveRoute));
                view! {
                    <tr>
                        <td>{p.to_string()}</td>
                        <td>{hop}</td>
                        <td>{iface_text(lang, r.iface)}</td>
                        <td>
                            <button
                                type="button"
                                class="route-remove"
                                aria-label=aria
                                on:click=move |_| {
                                    edit(RouteEdit::Remove(p), false);
                                }
                            >
                                {t(lang, Key::RemoveRoute)}
                            </button>
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <section class="route-table" aria-labelledby=format!("{base}-title")>
            <h3 id=format!("{base}-title")>{locale.text(Key::RoutingTable)}</h3>
            {crate::shown::shown_or(
                move || routes.with(|r| !r.is_empty()),
                move || view! {
                    <div class="table-scroll">
                        <table>
                            <thead>
                                <tr>
                                    <th scope="col">{locale.text(Key::Prefix)}</th>
                                    <th scope="col">{locale.text(Key::NextHop)}</th>
                                    <th scope="col">{locale.text(Key::Interface)}</th>
                                    <th scope="col">
                                        <span class="sr-only">{locale.text(Key::RemoveRoute)}</span>
                                    </th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                },
                move || view! { <p>{locale.text(Key::TableEmpty)}</p> },
            )}
            <form class="route-add" novalidate=true on:submit=|ev| ev.prevent_default()>
                <SlipBox
                    id=prefix_id
                    slug="route-prefix"
                    label=Key::Prefix
                    placeholder="10.0.2.0/24"
                    inputmode="text"
                    text=prefix_text
                    error=Derived::new(move || {
                        errors.get().prefix.map(|e| format!("✗ {}", prefix_error(locale.get(), e)))
                    })
                />
                <SlipBox
                    id=gateway_id
                    slug="route-gateway"
                    label=Key::Gateway
                    placeholder="192.168.0.2"
                    inputmode="decimal"
                    text=gateway_text
                    error=Derived::new(move || {
                        errors
                            .with(|e| e.gateway)
                            .then(|| format!("✗ {}", t(locale.get(), Key::GatewayInvalid)))
                    })
                />
                <button type="button" class="route-add-button" on:click=add>
                    {locale.text(Key::AddRoute)}
                </button>
            </form>
            {move || {
                refused
                    .get()
                    .map(|e| {
                        view! {
                            <p class="desk-error" role="alert">
                                <strong>{locale.text(Key::Refused)} ": "</strong>
                                {said_view(locale.get(), &e, "")}
                            </p>
                        }
                    })
            }}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Red router's attached networks, as its table lists them.
    fn attached() -> Vec<Route> {
        let line = |prefix: &str, iface| Route {
            prefix: Prefix::from_str(prefix).expect("a prefix"),
            next_hop: NextHop::Direct,
            iface,
        };
        vec![
            line("10.0.1.0/24", LAN_IFACE),
            line("192.168.0.0/24", BACKBONE_IFACE),
        ]
    }

    #[test]
    fn a_route_via_a_backbone_router_leaves_by_the_backbone() {
        let r = parse_route(" 10.0.2.0/24 ", "192.168.0.2", &attached()).expect("valid");
        assert_eq!(r.prefix.to_string(), "10.0.2.0/24");
        assert_eq!(r.next_hop, NextHop::Gateway(Ipv4Addr::new(192, 168, 0, 2)));
        assert_eq!(r.iface, BACKBONE_IFACE);
        let local = parse_route("10.9.0.0/16", "10.0.1.7", &attached()).expect("valid");
        assert_eq!(local.iface, LAN_IFACE);
    }

    #[test]
    fn each_box_gets_its_own_error() {
        assert_eq!(
            parse_route("10.0.2.0", "192.168.0.2", &attached()),
            Err(RouteErrors {
                prefix: Some(PrefixError::MissingSlash),
                gateway: false
            })
        );
        assert_eq!(
            parse_route("10.0.2.0/24", "192.168.0", &attached()),
            Err(RouteErrors {
                prefix: None,
                gateway: true
            })
        );
        assert_eq!(
            parse_route("10.0.2.0/99", "", &[]),
            Err(RouteErrors {
                prefix: Some(PrefixError::BadLength),
                gateway: true
            })
        );
    }

    #[test]
    fn interfaces_are_named() {
        assert_eq!(iface_text(Lang::En, 0), "LAN");
        assert_eq!(iface_text(Lang::En, 1), "backbone");
        assert_eq!(iface_text(Lang::En, 4), "interface 4");
    }
}

/// One box of a slip (the "add a route" line, the balancer's tunnel): its label, the text, and the error next to it
/// (`aria-invalid` + `aria-describedby`, as on the paper card). The error text is in the
/// page's language (`prefix_error`, `Key::GatewayInvalid`).
#[component]
pub(crate) fn SlipBox(
    id: String,
    slug: &'static str,
    label: Key,
    placeholder: &'static str,
    inputmode: &'static str,
    text: Slot<String>,
    error: Derived<Option<String>>,
) -> impl IntoView {
    let locale = use_locale();
    let err_id = format!("{id}-err");
    let described_by = err_id.clone();
    let label_for = id.clone();
    let invalid = move || error.with(Option::is_some);
    view! {
        <div class="card-box" class:invalid=invalid data-field=slug>
            <label for=label_for>{locale.text(label)}</label>
            <input
                type="text"
                id=id
                autocomplete="off"
                spellcheck="false"
                inputmode=inputmode
                placeholder=placeholder
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))
                aria-invalid=move || invalid().then_some("true")
                aria-describedby=described_by
            />
            <span class="field-error" id=err_id>
                {move || error.get().map(|e| view! { <span>{e}</span> })}
            </span>
        </div>
    }
}
