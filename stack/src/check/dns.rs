//! The referee of UDP cards carrying DNS. A question is checked against the rules a stub
//! resolver follows (port 53 of the DNS server, a fresh unpredictable source port, a
//! standard query for an A record of class IN, RFC 1035 §4.1, RFC 5452 §9.2); an answer is
//! compared box by box with the one the server's own reference host queued for the query
//! that arrived (RFC 1034 §4.3.2): ports and addresses swapped, ID and question copied,
//! AA set, and the zone's RCODE, TTL and address.
//!
//! Where a correct stack may write either value, both are right: RD in a question is the
//! asker's wish, RA in an answer says whether the server recurses (the game's does not, a
//! real one might), and the TTL (the card may not say how it was computed) is compared
//! only against the zone's, which the table shows.

use alloc::string::{String, ToString};

use crate::text::Text;
use alloc::vec::Vec;

use super::{Mistake, Verdict};
use crate::addr::{Endpoint, Ipv4Addr};
use crate::card::{Field, Intent};
use crate::host::Host;
use crate::text::text;
use crate::wire::Packet;
use crate::wire::dns::{self, DnsMessage, rcode};

/// The result of checking a DNS card that makes sense in the player's situation.
#[derive(Clone, Debug)]
pub struct DnsCheck {
    pub verdict: Verdict,
    /// The player's host after the card: a question remembered as open (as written, so its
    /// answer is recognised), or the answer owed taken from the queue.
    pub after: Host,
}

/// Checks a UDP card `host` wants to send. `dns_server` is the address of the game's DNS
/// server, where questions go. `Err` means the card is impossible here (an answer when no
/// question waits, or a card that is not DNS).
pub fn check_dns_card(
    host: &Host,
    card: &Packet,
    dns_server: Option<Ipv4Addr>,
) -> Result<DnsCheck, Verdict> {
    let (Packet::Udp { src, dst, .. }, Some(m)) = (card, card.dns()) else {
        return Err(not_dns());
    };
    let mut mistakes = Vec::new();
    if src.addr != host.addr() {
        let why = text!(
            "the source IP is this host's own address",
            "l'IP sorgente è l'indirizzo di questo host"
        );
        mistakes.push(Mistake::values(
            Field::SrcIp,
            host.addr(),
            src.addr,
            why,
            "RFC 791 §3.2",
        ));
    }
    if m.header.response {
        return check_answer(host, *src, *dst, &m, mistakes);
    }
    check_query(host, *src, *dst, &m, dns_server, &mut mistakes);
    let mut after = host.clone();
    after.remember_query(card);
    Ok(DnsCheck {
        verdict: verdict(mistakes),
        after,
    })
}

fn verdict(mistakes: Vec<Mistake>) -> Verdict {
    let mut v = Verdict {
        intent: Intent::Dns,
        mistakes: Vec::new(),
        notes: Vec::new(),
    };
    v.add_mistakes(mistakes);
    v
}

fn not_dns() -> Verdict {
    Verdict::impossible(
        Intent::Dns,
        Mistake::values(
            Field::DnsQname,
            "a DNS message",
            "something else",
            text!(
                "in the game a UDP card carries a DNS question or answer",
                "nel gioco una carta UDP porta una domanda o una risposta DNS"
            ),
            "RFC 1035 §4.2.1",
        ),
    )
}

/// A question from a resolver (RFC 1035 §4.1.1, §4.1.2; RFC 5452 §9.2).
fn check_query(
    host: &Host,
    src: Endpoint,
    dst: Endpoint,
    m: &DnsMessage,
    dns_server: Option<Ipv4Addr>,
    mistakes: &mut Vec<Mistake>,
) {
    if let Some(server) = dns_server.filter(|s| *s != dst.addr) {
        mistakes.push(Mistake::values(
            Field::DstIp,
            server,
            dst.addr,
            text!(
                "a question goes to the DNS server, {server}",
                "una domanda va al server DNS, {server}"
            ),
            "RFC 1034 §5.3.1",
        ));
    }
    if dst.port != dns::PORT {
        mistakes.push(Mistake::values(
            Field::DstPort,
            dns::PORT,
            dst.port,
            text!(
                "DNS servers listen on UDP port 53",
                "i server DNS ascoltano sulla porta UDP 53"
            ),
            "RFC 1035 §4.2.1",
        ));
    }
    if !host.query_port_free(src.port) {
        let port = src.port;
        let why = if port < crate::host::dns::FIRST_QUERY_PORT {
            text!(
                "a question leaves from a port of 1024 or more, picked at random: {port} is a \
                 well-known port",
                "una domanda parte da una porta da 1024 in su, scelta a caso: {port} è una \
                 porta nota"
            )
        } else {
            text!(
                "port {port} is already in use on this host: every question needs a fresh, \
                 unpredictable port, or a forger guesses where the answer goes",
                "la porta {port} è già usata su questo host: ogni domanda vuole una porta \
                 nuova e imprevedibile, se no chi falsifica indovina dove va la risposta"
            )
        };
        mistakes.push(Mistake {
            field: Field::SrcPort,
            expected: text!("a fresh port ≥ 1024", "una porta nuova ≥ 1024"),
            got: Text::same(port.to_string()),
            why,
            rfc: "RFC 5452 §9.2",
        });
    }
    if m.header.opcode != dns::opcode::QUERY {
        mistakes.push(Mistake::values(
            Field::DnsOpcode,
            0,
            m.header.opcode,
            text!(
                "opcode 0 is the standard query, the one that asks an address",
                "l'opcode 0 è la richiesta standard, quella che chiede un indirizzo"
            ),
            "RFC 1035 §4.1.1",
        ));
    }
    for (field, on, name) in [
        (Field::DnsAa, m.header.authoritative, "AA"),
        (Field::DnsRa, m.header.recursion_available, "RA"),
    ] {
        if on {
            mistakes.push(Mistake::values(
                field,
                0,
                1,
                text!(
                    "{name} is said by an answer, never by a question",
                    "{name} lo dice una risposta, mai una domanda"
                ),
                "RFC 1035 §4.1.1",
            ));
        }
    }
    if m.header.rcode != rcode::NO_ERROR {
        mistakes.push(Mistake::values(
            Field::DnsRcode,
            0,
            m.header.rcode,
            text!(
                "a question has RCODE 0: the RCODE is the server's verdict",
                "una domanda ha RCODE 0: l'RCODE è il verdetto del server"
            ),
            "RFC 1035 §4.1.1",
        ));
    }
    check_question_kind(m, mistakes);
    if !m.answers.is_empty() {
        let n = m.answers.len();
        mistakes.push(Mistake::values(
            Field::DnsAnswers,
            "",
            n,
            text!(
                "a question carries no answers: the server writes them",
                "una domanda non porta risposte: le scrive il server"
            ),
            "RFC 1035 §4.1.1",
        ));
    }
}

/// Type A and class IN: the only question the game's servers answer.
fn check_question_kind(m: &DnsMessage, mistakes: &mut Vec<Mistake>) {
    let q = &m.question;
    if q.qtype != dns::rtype::A {
        mistakes.push(Mistake::values(
            Field::DnsQtype,
            "A",
            q.qtype,
            text!(
                "an address is asked with type A (1)",
                "un indirizzo si chiede con il tipo A (1)"
            ),
            "RFC 1035 §3.2.2",
        ));
    }
    if q.qclass != dns::class::IN {
        mistakes.push(Mistake::values(
            Field::DnsQclass,
            "IN",
            q.qclass,
            text!(
                "the Internet's class is IN (1)",
                "la classe di Internet è IN (1)"
            ),
            "RFC 1035 §3.2.4",
        ));
    }
}

/// An answer from the DNS server: compared with the one its reference host queued.
fn check_answer(
    host: &Host,
    src: Endpoint,
    dst: Endpoint,
    m: &DnsMessage,
    mut mistakes: Vec<Mistake>,
) -> Result<DnsCheck, Verdict> {
    let queued = host.udp_outbox();
    let owed = queued
        .iter()
        .find(|p| matches!(p, Packet::Udp { dst: d, .. } if *d == dst))
        .or_else(|| queued.iter().find(|p| p.dst() == dst.addr))
        .or_else(|| queued.first());
    let Some(owed) = owed.cloned() else {
        return Err(Verdict::impossible(
            Intent::Dns,
            Mistake::values(
                Field::DnsQr,
                0,
                1,
                text!(
                    "no question waits for an answer here: a server answers only what it was \
                     asked",
                    "qui nessuna domanda aspetta risposta: un server risponde solo a ciò che \
                     gli chiedono"
                ),
                "RFC 1034 §4.3.2",
            ),
        ));
    };
    let (
        Packet::Udp {
            src: es, dst: ed, ..
        },
        Some(e),
    ) = (&owed, owed.dns())
    else {
        return Err(not_dns());
    };
    compare_endpoints(*es, *ed, src, dst, &mut mistakes);
    compare_header(&e, m, &mut mistakes);
    compare_question(&e, m, &mut mistakes);
    compare_answers(&e, m, &mut mistakes);
    let mut after = host.clone();
    after.take_udp(*es, *ed);
    Ok(DnsCheck {
        verdict: verdict(mistakes),
        after,
    })
}

fn compare_endpoints(
    es: Endpoint,
    ed: Endpoint,
    src: Endpoint,
    dst: Endpoint,
    mistakes: &mut Vec<Mistake>,
) {
    if dst.addr != ed.addr {
        let client = ed.addr;
        mistakes.push(Mistake::values(
            Field::DstIp,
            ed.addr,
            dst.addr,
            text!(
                "the answer goes back to the asker, {client}: the question's source IP",
                "la risposta torna a chi ha chiesto, {client}: l'IP sorgente della domanda"
            ),
            "RFC 1035 §4.2.1",
        ));
    }
    if src.port != es.port {
        mistakes.push(Mistake::values(
            Field::SrcPort,
            es.port,
            src.port,
            text!(
                "the answer leaves from port 53, where the question arrived",
                "la risposta parte dalla porta 53, dove è arrivata la domanda"
            ),
            "RFC 1035 §4.2.1",
        ));
    }
    if dst.port != ed.port {
        let port = ed.port;
        mistakes.push(Mistake::values(
            Field::DstPort,
            ed.port,
            dst.port,
            text!(
                "the answer goes to the question's source port, {port}: the resolver takes \
                 answers only there",
                "la risposta va alla porta sorgente della domanda, {port}: il resolver accetta \
                 risposte solo lì"
            ),
            "RFC 5452 §9.1",
        ));
    }
}

/// The header boxes an answer echoes or sets (RFC 1035 §4.1.1): each box that differs from
/// the expected answer is one mistake, with why the expected value is right.
fn compare_header(e: &DnsMessage, m: &DnsMessage, mistakes: &mut Vec<Mistake>) {
    let (eh, h) = (&e.header, &m.header);
    let id = eh.id;
    let rcode_why = match eh.rcode {
        rcode::NAME_ERROR => text!(
            "the name is not in the zone: RCODE 3, NXDOMAIN, the name does not exist",
            "il nome non è nella zona: RCODE 3, NXDOMAIN, il nome non esiste"
        ),
        rcode::NO_ERROR => text!(
            "the name is in the zone: RCODE 0, no error",
            "il nome è nella zona: RCODE 0, nessun errore"
        ),
        _ => text!(
            "the name is not in this server's zone, or not type A class IN",
            "il nome non è nella zona di questo server, o non è tipo A classe IN"
        ),
    };
    let boxes = [
        (
            Field::DnsId,
            eh.id,
            h.id,
            text!(
                "the answer copies the question's ID, {id}: the asker matches them by it",
                "la risposta copia l'ID della domanda, {id}: chi chiede le abbina con quello"
            ),
        ),
        (
            Field::DnsOpcode,
            eh.opcode.into(),
            h.opcode.into(),
            text!(
                "the answer copies the question's opcode",
                "la risposta copia l'opcode della domanda"
            ),
        ),
        (
            Field::DnsAa,
            eh.authoritative.into(),
            h.authoritative.into(),
            text!(
                "this server holds the zone: its answers are authoritative, AA 1",
                "questo server ha la zona: le sue risposte sono autorevoli, AA 1"
            ),
        ),
        (
            Field::DnsRd,
            eh.recursion_desired.into(),
            h.recursion_desired.into(),
            text!(
                "RD is copied from the question into the answer",
                "RD si copia dalla domanda nella risposta"
            ),
        ),
        (Field::DnsRcode, eh.rcode.into(), h.rcode.into(), rcode_why),
    ];
    for (field, expected, got, why) in boxes {
        if got != expected {
            mistakes.push(Mistake::values(
                field,
                expected,
                got,
                why,
                "RFC 1035 §4.1.1",
            ));
        }
    }
}

fn compare_question(e: &DnsMessage, m: &DnsMessage, mistakes: &mut Vec<Mistake>) {
    let (eq, q) = (&e.question, &m.question);
    if !q.name.same_name(&eq.name) {
        let asked = eq.name.to_string();
        mistakes.push(Mistake::values(
            Field::DnsQname,
            &asked,
            q.name.to_string(),
            text!(
                "the answer copies the question, {asked}, so the asker knows what it answers",
                "la risposta copia la domanda, {asked}, così chi chiede sa a cosa risponde"
            ),
            "RFC 1035 §4.1.1",
        ));
    }
    if q.qtype != eq.qtype || q.qclass != eq.qclass {
        check_question_kind(m, mistakes);
    }
}

/// One record as the card's answers box writes it.
fn record_line(name: &str, ttl: u32, addr: Ipv4Addr) -> String {
    alloc::format!("{name} {ttl} {addr}")
}

fn compare_answers(e: &DnsMessage, m: &DnsMessage, mistakes: &mut Vec<Mistake>) {
    let lines = |x: &DnsMessage| -> Vec<String> {
        let mut v: Vec<String> = x
            .answers
            .iter()
            .map(|a| record_line(&a.name.to_string().to_ascii_lowercase(), a.ttl, a.addr))
            .collect();
        v.sort();
        v
    };
    let (want, got) = (lines(e), lines(m));
    if want == got {
        return;
    }
    let shown = |v: &[String]| {
        if v.is_empty() {
            String::from("(none)")
        } else {
            v.join(", ")
        }
    };
    let why = if want.is_empty() {
        text!(
            "no address goes with this RCODE: the name has none to give",
            "con questo RCODE non va nessun indirizzo: il nome non ne ha"
        )
    } else {
        text!(
            "the answer gives the zone's record: the name, its TTL and its address",
            "la risposta dà il record della zona: il nome, il suo TTL e il suo indirizzo"
        )
    };
    mistakes.push(Mistake::values(
        Field::DnsAnswers,
        shown(&want),
        shown(&got),
        why,
        "RFC 1035 §4.1.3",
    ));
}

#[cfg(test)]
mod tests;
