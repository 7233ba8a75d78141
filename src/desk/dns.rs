//! What a desk shows of DNS, read-only from the engine's [`tcpip_stack::world::DnsView`]:
//! on the DNS server, the zone it answers from (RFC 1034 §4.3.2: an authoritative server
//! answers from its table); on a client, where to ask, the questions it waits on and the
//! answers it believed — so a player sees what the referee judges against.

use leptos::prelude::*;
use tcpip_stack::host::Resolved;
use tcpip_stack::wire::dns::{PORT, rcode};
use tcpip_stack::world::{DnsView, NodeId};

use crate::derived::Derived;
use crate::game::use_game;
use crate::i18n::{Key, Lang, t, use_locale};

/// The DNS panel of host `node`, in a game that has a DNS server; nothing otherwise.
#[component]
pub(crate) fn DnsPanel(node: NodeId) -> impl IntoView {
    let game = use_game();
    let locale = use_locale();
    let shown = Derived::new(move || {
        game.with_world(|w| {
            let server = w.dns_server()?;
            let addr = w.node_view(server)?.addr;
            Some((server == node, addr, w.dns_view(node)))
        })
        .flatten()
    });
    let heading = format!("dns-{}", super::next_id());
    move || {
        let lang = locale.get();
        shown.get().map(|(serving, server, view)| {
            let body = if serving {
                zone_table(lang, &view).into_any()
            } else {
                asker(lang, server, &view).into_any()
            };
            view! {
                <section class="dns-panel" aria-labelledby=heading.clone()>
                    <h4 id=heading.clone()>{t(lang, Key::DnsPanel)}</h4>
                    {body}
                </section>
            }
        })
    }
}

/// The DNS server's zone: each name it answers for, its address and TTL; any other name
/// of the zone gets NXDOMAIN (RFC 1035 §4.1.1, RCODE 3).
fn zone_table(lang: Lang, view: &DnsView) -> impl IntoView + use<> {
    let Some(zone) = view.zone.clone() else {
        return view! { <p>{t(lang, Key::DnsNoZone)}</p> }.into_any();
    };
    let rows = zone
        .records
        .into_iter()
        .map(|r| {
            view! {
                <tr>
                    <td>{r.name}</td>
                    <td>{r.addr.to_string()}</td>
                    <td>{r.ttl.to_string()}</td>
                </tr>
            }
        })
        .collect_view();
    let owed = view.owed.len();
    view! {
        <p class="dns-zone-lead">
            {format!("{} {} — {}", t(lang, Key::DnsZone), zone.origin, t(lang, Key::DnsZoneRule))}
        </p>
        <div class="table-scroll">
            <table class="dns-zone">
                <thead>
                    <tr>
                        <th scope="col">{t(lang, Key::DnsName)}</th>
                        <th scope="col">{t(lang, Key::DnsAddress)}</th>
                        <th scope="col">"TTL"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        {(owed > 0).then(|| view! { <p class="dns-owed">{format!("{} {owed}", t(lang, Key::DnsOwed))}</p> })}
    }
    .into_any()
}

/// A client's side: where to ask, what it waits for, what it learned.
fn asker(lang: Lang, server: tcpip_stack::addr::Ipv4Addr, view: &DnsView) -> impl IntoView + use<> {
    let waiting = view
        .open_queries
        .iter()
        .map(|q| {
            let line = format!(
                "{}? — {} {}, {} {}",
                q.name,
                t(lang, Key::DnsId),
                q.id,
                t(lang, Key::DnsFromPort),
                q.port
            );
            view! { <li class="dns-waiting">{line}</li> }
        })
        .collect_view();
    let learned = view
        .resolved
        .iter()
        .map(|r| view! { <li class="dns-resolved">{resolved_line(lang, r)}</li> })
        .collect_view();
    view! {
        <p class="dns-ask">{format!("{} {server}:{PORT}", t(lang, Key::DnsAskAt))}</p>
        {(!view.open_queries.is_empty()).then(|| view! {
            <p class="dns-sub">{t(lang, Key::DnsWaiting)}</p>
            <ul class="dns-list">{waiting}</ul>
        })}
        {(!view.resolved.is_empty()).then(|| view! {
            <p class="dns-sub">{t(lang, Key::DnsLearned)}</p>
            <ul class="dns-list">{learned}</ul>
        })}
    }
}

/// `red.game → 10.0.1.1 (TTL 300 s)`, or that the name does not exist.
fn resolved_line(lang: Lang, r: &Resolved) -> String {
    match r.addr {
        Some(addr) => format!("{} → {addr} (TTL {} s)", r.name, r.ttl),
        None if r.rcode == rcode::NAME_ERROR => {
            format!("{}: {}", r.name, t(lang, Key::DnsNxdomain))
        }
        None => format!("{}: RCODE {}", r.name, r.rcode),
    }
}
