//! The router's checks: the decision a correct router takes for a card (RFC 1812), and a
//! router player's choice compared with it.

use alloc::format;
use alloc::string::ToString;
use alloc::vec;
use alloc::vec::Vec;

use crate::addr::Ipv4Addr;
use crate::card::{Field, Intent, RouterChoice, intent_of};
use crate::route::{Forwarding, NextHop, Router};
use crate::text::{Text, text};
use crate::wire::{IcmpMessage, Packet};

use super::*;

/// The decision a correct router makes, as a router player would write it. A packet for
/// the router itself counts as "deliver" (to itself).
pub fn choice_for(forwarding: &Forwarding) -> RouterChoice {
    match forwarding {
        Forwarding::Deliver { .. } => RouterChoice::Deliver,
        Forwarding::ForMe { .. } => RouterChoice::Keep,
        Forwarding::Forward { gateway, .. } => RouterChoice::Forward { gateway: *gateway },
        Forwarding::Reply { icmp, .. } => match icmp {
            Packet::Icmp {
                msg: IcmpMessage::TimeExceeded { .. },
                ..
            } => RouterChoice::IcmpTimeExceeded,
            Packet::Icmp { msg, .. } => RouterChoice::IcmpUnreachable { code: msg.code() },
            Packet::Tcp { .. } | Packet::Udp { .. } | Packet::Ipip { .. } => RouterChoice::Drop,
        },
        Forwarding::Discard { .. } => RouterChoice::Drop,
    }
}

/// What a card is for, read from what it carries: a tunnelled card is its inner one.
pub(crate) fn intent_of_packet(packet: &Packet) -> Intent {
    match packet.inner() {
        Packet::Tcp { seg, .. } => intent_of(seg),
        Packet::Udp { .. } => Intent::Dns,
        Packet::Icmp { .. } | Packet::Ipip { .. } => Intent::IcmpError,
    }
}

/// Checks a router player's decision for one arriving packet against [`Router::forward`].
pub fn check_router_choice(
    router: &Router,
    packet: &Packet,
    choice: &RouterChoice,
    host_exists: impl Fn(Ipv4Addr) -> bool,
) -> Verdict {
    let intent = intent_of_packet(packet);
    let forwarding = router.forward(packet, host_exists, 0);
    let correct = choice_for(&forwarding);
    if correct == *choice {
        return Verdict {
            intent,
            mistakes: Vec::new(),
            notes: Vec::new(),
        };
    }
    let dst = packet.dst();
    let switched = router.switches(packet).is_some();
    let (field, why, rfc): (Field, Text, &'static str) = match (&forwarding, choice) {
        (Forwarding::Deliver { .. }, _) if switched => {
            let (src, ttl) = (packet.src(), packet.ttl());
            (
                Field::Choice,
                text!(
                    "{src} and {dst} are both on your LAN: you hand the card over as a switch \
                     does, and its TTL stays {ttl}; only routing between networks decrements \
                     the TTL, so there is no time exceeded inside a LAN",
                    "{src} e {dst} sono entrambi sulla tua LAN: consegni la carta come fa uno \
                     switch, e il suo TTL resta {ttl}; solo l'instradamento tra reti diverse \
                     decrementa il TTL, quindi dentro una LAN non esiste il tempo scaduto"
                ),
                "RFC 1812 §5.3.1",
            )
        }
        (Forwarding::Forward { .. }, RouterChoice::Forward { .. }) => (
            Field::NextHop,
            route_reason(router, dst),
            "RFC 1812 §5.2.4.3",
        ),
        (Forwarding::Reply { .. }, RouterChoice::IcmpUnreachable { .. })
            if matches!(correct, RouterChoice::IcmpUnreachable { .. }) =>
        {
            let (reason, rfc) = reason_of(&forwarding);
            (Field::IcmpCode, reason, rfc)
        }
        (Forwarding::Deliver { .. } | Forwarding::Forward { .. }, _) => (
            Field::Choice,
            route_reason(router, dst),
            "RFC 1812 §5.2.4.3",
        ),
        (Forwarding::ForMe { .. }, _) => (
            Field::Choice,
            text!(
                "{dst} is your own address: the card is for you, keep it",
                "{dst} è il tuo indirizzo: la carta è per te, tienila"
            ),
            "RFC 1812 §5.2.1",
        ),
        _ => {
            let (reason, rfc) = reason_of(&forwarding);
            (Field::Choice, reason, rfc)
        }
    };
    Verdict {
        intent,
        mistakes: vec![Mistake {
            field,
            expected: correct.text(),
            got: choice.text(),
            why,
            rfc,
        }],
        notes: Vec::new(),
    }
}

/// "10.0.2.7 matches 10.0.2.0/24 via 192.168.0.2 — the longest prefix that matches wins".
pub(super) fn route_reason(router: &Router, dst: Ipv4Addr) -> Text {
    let Some(route) = router.table.lookup(dst) else {
        return text!(
            "no line of your routing table matches {dst}",
            "nessuna riga della tua tabella di instradamento corrisponde a {dst}"
        );
    };
    let prefix = route.prefix;
    // The English names the route as the route prints itself ("… directly connected").
    let (then, route_it, poi) = match route.next_hop {
        NextHop::Direct => (
            "so you hand it to the host yourself".to_string(),
            format!("{prefix}, connessa direttamente"),
            "quindi la consegni tu all'host".to_string(),
        ),
        NextHop::Gateway(gw) => (
            format!("so it goes to the router {gw}"),
            format!("{prefix} via {gw}"),
            format!("quindi va al router {gw}"),
        ),
    };
    text!(
        "{dst} matches {route}, {then} — the longest prefix that matches wins",
        "{dst} corrisponde a {route_it}, {poi} — vince il prefisso più lungo che corrisponde"
    )
}

/// A correct router's own reason, from [`Router::forward`], in both languages as
/// `route.rs` writes it.
pub(super) fn reason_of(forwarding: &Forwarding) -> (Text, &'static str) {
    match forwarding {
        Forwarding::Reply { reason, rfc, .. } | Forwarding::Discard { reason, rfc } => {
            (reason.clone(), rfc)
        }
        _ => (text!("", ""), "RFC 1812 §5.2.1"),
    }
}
