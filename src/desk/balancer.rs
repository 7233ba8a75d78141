//! The load balancer's desk (round 11, seeds 000/001: "a Load Balancer re-encapsulates IP
//! datagram"): each card for the service address with the tunnel slip under it — the new
//! outer header the balancer writes around the whole datagram for one backend (IP in IP,
//! RFC 2003 §3.1), the inner header copied as it came — the referee's verdict, and beside
//! them the backends and the connection table the balancer keeps.

use leptos::prelude::*;
use tcpip_stack::card::{Field, FieldError, RouterChoice, TunnelSlip};
use tcpip_stack::world::{BalancerView, InboxCard, NodeId};

use super::router::{Decide, DecisionInbox, SlipBox};
use crate::derived::Derived;
use crate::game::use_game;
use crate::i18n::{Key, Lang, field_key, said, t, use_locale};
use crate::slot::Slot;

/// The desk of the load balancer's seat.
#[component]
pub fn BalancerDesk(node: NodeId) -> impl IntoView {
    let game = use_game();
    let locale = use_locale();
    let lb = Derived::new(move || {
        game.with_world(|w| w.balancer_view(node))
            .unwrap_or_default()
    });
    let name = Derived::new(move || {
        game.with_world(|w| w.node_view(node).map(|n| n.name))
            .flatten()
            .unwrap_or_default()
    });
    let title = move || {
        let lang = locale.get();
        lb.with(|v| {
            let addr = v.addr.map(|a| a.to_string()).unwrap_or_default();
            let vip = v.vip.map(|a| a.to_string()).unwrap_or_default();
            format!(
                "{} — {} {addr}, {} {vip}",
                name.get(),
                t(lang, Key::YourAddress),
                t(lang, Key::ServiceAddress)
            )
        })
    };
    view! {
        <div class="desk balancer-desk" data-node=node.0.to_string()>
            <h3 class="desk-title">{title}</h3>
            <super::task::TaskBanner node=node />
            <div class="desk-columns">
                <DecisionInbox
                    node=node
                    heading=Key::CardsForVip
                    empty=Key::BalancerInboxEmpty
                    controls=|prefix, card, lang, decide| tunnel_slip(prefix, card, lang, decide).into_any()
                />
                <BalancerTables lb=lb />
            </div>
        </div>
    }
}

/// The slip under one card: the outer header's four boxes to write, the inner header's two
/// copied from the card, and the two decisions a balancer takes (wrap it, or drop it).
fn tunnel_slip(
    prefix: &str,
    card: &InboxCard,
    lang: Lang,
    decide: Decide,
) -> impl IntoView + use<> {
    let id = card.card;
    let base = format!("{prefix}-card-{}", id.0);
    let slip = TunnelSlip::under(&card.packet);
    // No example in the boxes: what to write there is the round's lesson (a blank TTL is
    // the usual 64, as on a card).
    let boxes: [(Field, &'static str, Slot<String>); 6] = [
        (Field::SrcIp, "decimal", Slot::new(slip.src_ip)),
        (Field::DstIp, "decimal", Slot::new(slip.dst_ip)),
        (Field::Protocol, "numeric", Slot::new(slip.protocol)),
        (Field::Ttl, "numeric", Slot::new(slip.ttl)),
        (Field::InnerDstIp, "decimal", Slot::new(slip.inner_dst_ip)),
        (Field::InnerTtl, "numeric", Slot::new(slip.inner_ttl)),
    ];
    let errors = Slot::new(Vec::<FieldError>::new());
    let locale = use_locale();
    let read = move || {
        let [src, dst, protocol, ttl, inner_dst, inner_ttl] = boxes.map(|b| b.2.get_untracked());
        TunnelSlip {
            src_ip: src,
            dst_ip: dst,
            protocol,
            ttl,
            inner_dst_ip: inner_dst,
            inner_ttl,
        }
        .parse()
    };
    let wrap = move |_| match read() {
        Ok(tunnel) => {
            errors.set(Vec::new());
            decide.run(id, RouterChoice::Encapsulate(tunnel));
        }
        Err(e) => errors.set(e),
    };
    let slip_box = move |(field, inputmode, text): (Field, &'static str, Slot<String>)| {
        let error = Derived::new(move || {
            errors.with(|es| {
                es.iter()
                    .find(|e| e.field == field)
                    .map(|e| format!("✗ {}", said(locale.get(), &e.text()).0))
            })
        });
        view! {
            <SlipBox
                id=format!("{base}-{}", slug(field))
                slug=slug(field)
                label=field_key(field)
                placeholder=""
                inputmode=inputmode
                text=text
                error=error
            />
        }
    };
    let [src, dst, protocol, ttl, inner_dst, inner_ttl] = boxes;
    view! {
        <fieldset class="router-decision tunnel-slip">
            <legend>{t(lang, Key::TunnelLegend)}</legend>
            <p class="slip-part">{t(lang, Key::OuterHeader)}</p>
            <div class="slip-boxes">
                {slip_box(src)} {slip_box(dst)} {slip_box(protocol)} {slip_box(ttl)}
            </div>
            <p class="slip-part">{t(lang, Key::InnerHeader)}</p>
            <div class="slip-boxes">{slip_box(inner_dst)} {slip_box(inner_ttl)}</div>
            <div class="decision-row">
                <button type="button" class="primary" data-choice="encapsulate" on:click=wrap>
                    {t(lang, Key::WrapAndSend)}
                </button>
                <button type="button" data-choice="drop" on:click=move |_| decide.run(id, RouterChoice::Drop)>
                    {t(lang, Key::DropCard)}
                </button>
            </div>
        </fieldset>
    }
}

/// The box's name in ids and `data-field`, as the card form names its boxes.
fn slug(field: Field) -> &'static str {
    match field {
        Field::SrcIp => "tunnel-src",
        Field::DstIp => "tunnel-dst",
        Field::Protocol => "tunnel-protocol",
        Field::Ttl => "tunnel-ttl",
        Field::InnerDstIp => "tunnel-inner-dst",
        _ => "tunnel-inner-ttl",
    }
}

/// The backends behind the service address and the connection table: which backend each
/// client's connection went to, so every later card of it goes there too (one connection,
/// one backend — RFC 2003 §3 carries it, the balancer's table keeps it).
#[component]
fn BalancerTables(lb: Derived<BalancerView>) -> impl IntoView {
    let locale = use_locale();
    let backends = move || {
        lb.with(|v| {
            v.backends
                .iter()
                .map(|b| view! { <li><span class="backend-name">{b.name.clone()}</span> " " <code>{b.addr.to_string()}</code></li> })
                .collect_view()
        })
    };
    let flows = move || {
        lb.with(|v| {
            v.flows
                .iter()
                .map(|f| view! { <tr><td>{f.client.to_string()}</td><td>{f.backend.to_string()}</td></tr> })
                .collect_view()
        })
    };
    view! {
        <section class="route-table balancer-tables">
            <h3>{locale.text(Key::Backends)}</h3>
            <ul class="backend-list">{backends}</ul>
            <h3>{locale.text(Key::ConnectionTable)}</h3>
            {crate::shown::shown_or(
                move || lb.with(|v| !v.flows.is_empty()),
                move || view! {
                    <div class="table-scroll">
                        <table class="flow-table">
                            <thead>
                                <tr>
                                    <th scope="col">{locale.text(Key::ClientCol)}</th>
                                    <th scope="col">{locale.text(Key::BackendCol)}</th>
                                </tr>
                            </thead>
                            <tbody>{flows}</tbody>
                        </table>
                    </div>
                },
                move || view! { <p>{locale.text(Key::NoFlows)}</p> },
            )}
        </section>
    }
}
