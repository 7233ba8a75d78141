//! The balancer's referee: a card for the service address (VIP) is wrapped whole in a new
//! IP header to a backend (IP in IP, RFC 2003 §3.1), and every box of that header is
//! checked — the outer source is the balancer's own address, the outer destination a
//! backend (the same one for every card of a connection), protocol 4, a TTL a router will
//! pass, and the inner datagram untouched. Any other choice for a VIP card is wrong in the
//! role's words; a card that is not for the VIP is not balanced, and is dropped.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::addr::{Endpoint, Ipv4Addr};
use crate::card::{Field, RouterChoice, Tunnel};
use crate::text::{Text, text};
use crate::wire::ipv4::protocol;
use crate::wire::{IpMeta, Packet};

use super::router::intent_of_packet;
use super::{Mistake, Verdict};

/// RFC 2003 §3.1, the encapsulator's outer header.
const RFC_OUTER: &str = "RFC 2003 §3.1";
/// One connection stays on one server: only the backend that got its SYN holds its TCB,
/// and the other answers any segment of a connection it does not have with a RST (RFC
/// 9293 §3.10.7.1). Real balancers keep the choice in a connection table (LVS); chosen on
/// purpose over citing a load-balancing RFC, none of which makes it a rule for IPv4.
const RFC_FLOW: &str = "RFC 9293 §3.10.7.1";

/// What the referee knows of the balancer when a card is decided: its address, the VIP,
/// the backends by name and address, and where the card's connection went before.
#[derive(Clone, Debug)]
pub struct BalancerFacts {
    pub own: Ipv4Addr,
    pub vip: Ipv4Addr,
    pub backends: Vec<(String, Ipv4Addr)>,
    /// The backend the card's connection was sent to before, if any.
    pub flow: Option<Ipv4Addr>,
    /// The backend a new connection gets next in turn (what the bot would pick).
    pub next: Option<Ipv4Addr>,
}

impl BalancerFacts {
    /// The client endpoint of a card for the VIP: the connection's key in the table.
    pub fn client_of(&self, packet: &Packet) -> Option<Endpoint> {
        match packet {
            Packet::Tcp { seg, .. } if seg.dst.addr == self.vip => Some(seg.src),
            _ => None,
        }
    }

    fn backends_text(&self) -> String {
        let list: Vec<String> = self
            .backends
            .iter()
            .map(|(name, addr)| format!("{name} {addr}"))
            .collect();
        list.join(", ")
    }
}

/// Checks the balancer player's choice for `packet`.
pub fn check_balancer_choice(
    facts: &BalancerFacts,
    packet: &Packet,
    choice: &RouterChoice,
) -> Verdict {
    let intent = intent_of_packet(packet);
    let mut verdict = Verdict {
        intent,
        mistakes: Vec::new(),
        notes: Vec::new(),
    };
    let vip = facts.vip;
    let Some(client) = facts.client_of(packet) else {
        if *choice != RouterChoice::Drop {
            let dst = packet.dst();
            verdict.mistakes.push(choice_mistake(
                choice,
                text!("drop silently", "scarta in silenzio"),
                text!(
                    "the balancer balances only TCP cards for its service address {vip}; this \
                     card is for {dst}, there is nothing to serve, drop it",
                    "il bilanciatore distribuisce solo carte TCP per il suo indirizzo di \
                     servizio {vip}; questa carta è per {dst}, non c'è niente da servire: \
                     scartala"
                ),
            ));
        }
        return verdict;
    };
    let RouterChoice::Encapsulate(tunnel) = choice else {
        verdict.mistakes.push(choice_mistake(
            choice,
            encapsulate_text(),
            not_encapsulated(choice, vip),
        ));
        return verdict;
    };
    verdict.mistakes = tunnel_mistakes(facts, packet, client, tunnel);
    if verdict.ok() {
        verdict.notes = tunnel_notes(facts, tunnel);
    }
    verdict
}

fn encapsulate_text() -> Text {
    text!("encapsulate for a backend", "incapsula per un backend")
}

fn choice_mistake(choice: &RouterChoice, expected: Text, why: Text) -> Mistake {
    Mistake {
        field: Field::Choice,
        expected,
        got: choice.text(),
        why,
        rfc: RFC_OUTER,
    }
}

/// Why a choice other than encapsulating is wrong for a card for the VIP.
fn not_encapsulated(choice: &RouterChoice, vip: Ipv4Addr) -> Text {
    match choice {
        RouterChoice::Deliver | RouterChoice::Forward { .. } => text!(
            "{vip} is the balancer's own service address: no host on the LAN has it, and \
             no router leads elsewhere for it. A balancer does not deliver or forward the \
             card, it wraps the whole datagram in a new IP header to a backend",
            "{vip} è l'indirizzo di servizio del bilanciatore stesso: nessun host della LAN \
             ce l'ha, e nessun router porta altrove. Un bilanciatore non consegna né inoltra \
             la carta: avvolge l'intero datagramma in una nuova intestazione IP verso un \
             backend"
        ),
        RouterChoice::Keep => text!(
            "the card is for {vip}, but the balancer runs no telnet server: the backends do. \
             Wrap it for one of them",
            "la carta è per {vip}, ma il bilanciatore non ha un server telnet: ce l'hanno i \
             backend. Incapsulala per uno di loro"
        ),
        _ => text!(
            "nothing is wrong with this card for {vip}: a backend can serve it, so wrap it \
             in a new IP header for one, instead of dropping it or answering with an error",
            "questa carta per {vip} non ha niente che non va: un backend può servirla, \
             quindi avvolgila in una nuova intestazione IP per uno di loro, invece di \
             scartarla o rispondere con un errore"
        ),
    }
}

/// Every box of the tunnel that a correct balancer would write otherwise.
fn tunnel_mistakes(
    facts: &BalancerFacts,
    packet: &Packet,
    client: Endpoint,
    t: &Tunnel,
) -> Vec<Mistake> {
    let mut out = Vec::new();
    let (own, vip) = (facts.own, facts.vip);
    if t.src != own {
        let got = t.src;
        out.push(Mistake::values(
            Field::SrcIp,
            own,
            got,
            text!(
                "the outer source is the encapsulator's own address, {own}, not {got}: the \
                 tunnel starts at the balancer, and an ICMP error about it must come back there",
                "la sorgente esterna è l'indirizzo di chi incapsula, {own}, non {got}: il \
                 tunnel parte dal bilanciatore, e un errore ICMP che lo riguarda deve \
                 tornare lì"
            ),
            RFC_OUTER,
        ));
    }
    let is_backend = facts.backends.iter().any(|(_, a)| *a == t.dst);
    let dst = t.dst;
    if !is_backend {
        let list = facts.backends_text();
        let why = if dst == vip {
            text!(
                "{vip} is the balancer's own address: wrapped to it, the card comes back to \
                 you. The outer destination is a backend: {list}",
                "{vip} è l'indirizzo del bilanciatore stesso: incapsulata verso di lui, la \
                 carta torna a te. La destinazione esterna è un backend: {list}"
            )
        } else {
            text!(
                "{dst} is not a backend of this balancer, and it does not serve {vip}; the \
                 outer destination is one of: {list}",
                "{dst} non è un backend di questo bilanciatore, e non serve {vip}; la \
                 destinazione esterna è uno di questi: {list}"
            )
        };
        out.push(Mistake {
            field: Field::DstIp,
            expected: text!("a backend", "un backend"),
            got: Text::same(dst.to_string()),
            why,
            rfc: RFC_OUTER,
        });
    } else if let Some(kept) = facts.flow.filter(|f| *f != dst) {
        out.push(Mistake::values(
            Field::DstIp,
            kept,
            dst,
            text!(
                "the connection from {client} already goes to {kept}, which holds its TCB \
                 since its SYN; {dst} never saw that SYN and would answer with a RST. One \
                 connection stays on one backend: look it up in your connection table",
                "la connessione da {client} va già a {kept}, che ne ha il TCB dal suo SYN; \
                 {dst} quel SYN non l'ha mai visto e risponderebbe con un RST. Una \
                 connessione resta su un backend: cercala nella tua tabella delle connessioni"
            ),
            RFC_FLOW,
        ));
    }
    if t.protocol != protocol::IPIP {
        let p = t.protocol;
        out.push(Mistake::values(
            Field::Protocol,
            protocol::IPIP,
            p,
            text!(
                "the protocol box says what follows the outer header: here a whole IP \
                 datagram, protocol 4 (IP in IP; 1 is ICMP, 6 TCP, 17 UDP). With {p} the \
                 backend would read the inner IP header as protocol {p} and drop it",
                "la casella protocollo dice cosa segue l'intestazione esterna: qui un intero \
                 datagramma IP, protocollo 4 (IP in IP; 1 è ICMP, 6 TCP, 17 UDP). Con {p} il \
                 backend leggerebbe l'intestazione IP interna come protocollo {p} e la \
                 scarterebbe"
            ),
            RFC_OUTER,
        ));
    }
    if t.ttl == 0 {
        out.push(Mistake::values(
            Field::Ttl,
            IpMeta::default().ttl,
            0,
            text!(
                "the outer header is a new datagram and gets a fresh TTL, from 1 to 255 (64 is \
                 usual); with 0 the first router must drop it",
                "l'intestazione esterna è un datagramma nuovo e ha un TTL nuovo, da 1 a 255 \
                 (di solito 64); con 0 il primo router deve scartarla"
            ),
            "RFC 1812 §5.3.1",
        ));
    }
    let (inner_dst, inner_ttl) = (packet.dst(), packet.ttl());
    if t.inner_dst != inner_dst {
        let got = t.inner_dst;
        out.push(Mistake::values(
            Field::InnerDstIp,
            inner_dst,
            got,
            text!(
                "writing {got} into the inner destination is NAT, not encapsulation: the \
                 inner datagram travels unchanged, still for {inner_dst}. The client's \
                 connection is to {inner_dst}, and the backend answers from it",
                "scrivere {got} nella destinazione interna è NAT, non incapsulamento: il \
                 datagramma interno viaggia invariato, sempre per {inner_dst}. La connessione \
                 del client è verso {inner_dst}, e il backend risponde da lì"
            ),
            RFC_OUTER,
        ));
    }
    if t.inner_ttl != inner_ttl {
        let got = t.inner_ttl;
        out.push(Mistake::values(
            Field::InnerTtl,
            inner_ttl,
            got,
            text!(
                "the inner TTL stays {inner_ttl}: {vip} is the balancer's own address, so it \
                 is not forwarding the datagram, and an encapsulator that is not forwarding \
                 leaves the inner header as it came",
                "il TTL interno resta {inner_ttl}: {vip} è l'indirizzo del bilanciatore \
                 stesso, quindi non sta inoltrando il datagramma, e chi incapsula senza \
                 inoltrare lascia l'intestazione interna com'è arrivata"
            ),
            RFC_OUTER,
        ));
    }
    out
}

/// What a right tunnel chose where more than one is right: another TTL than 64, another
/// backend than the next in turn for a new connection.
fn tunnel_notes(facts: &BalancerFacts, t: &Tunnel) -> Vec<Text> {
    let mut notes = Vec::new();
    if t.ttl != IpMeta::default().ttl {
        let ttl = t.ttl;
        notes.push(text!(
            "outer TTL {ttl}: any TTL from 1 to 255 is right for the new header; Linux \
             writes 64",
            "TTL esterno {ttl}: per la nuova intestazione va bene qualsiasi TTL da 1 a 255; \
             Linux scrive 64"
        ));
    }
    if facts.flow.is_none()
        && let Some(next) = facts.next.filter(|n| *n != t.dst)
    {
        let dst = t.dst;
        notes.push(text!(
            "a new connection may go to any backend: you picked {dst}, the bot would take \
             {next}, the next in turn (round robin)",
            "una connessione nuova può andare a qualsiasi backend: hai scelto {dst}, il bot \
             prenderebbe {next}, il prossimo a turno (round robin)"
        ));
    }
    notes
}

#[cfg(test)]
mod tests;
