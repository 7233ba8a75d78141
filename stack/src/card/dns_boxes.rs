//! The DNS boxes of a UDP card: what a person writes of a DNS message (RFC 1035 §4.1) and
//! how it is read. Length and checksum are never written: the engine computes them, as it
//! does for a TCP card. Answers are one per line, `name TTL address`, so a phone keyboard
//! can write them; type A and class IN are implied, being the only ones in the game.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::{Body, Card, Field, Problems, read_number};
use crate::addr::Ipv4Addr;
use crate::text::text;
use crate::wire::dns::{self, ARecord, DnsHeader, DnsMessage, DnsName, Question};

/// RFC 2181 §8: a TTL is "an unsigned number, with a minimum value of 0, and a maximum
/// value of 2147483647".
pub const MAX_TTL: u32 = (1 << 31) - 1;

impl Card {
    /// A UDP card: two ports and a DNS message, every box checked and every problem
    /// reported with its box.
    pub(super) fn parse_udp(&self, p: &mut Problems) -> Option<Body> {
        let (src_port, dst_port) = self.ports(p);
        let id = p.number(
            Field::DnsId,
            &self.dns_id,
            0,
            u64::from(u16::MAX),
            text!(
                "DNS ID is blank: a question picks a number 0-65535, an answer copies it",
                "l'ID DNS è vuoto: una domanda sceglie un numero 0-65535, una risposta lo copia"
            ),
        );
        let opcode = if self.dns_opcode.trim().is_empty() {
            Some(dns::opcode::QUERY)
        } else {
            let blank = text!("opcode is blank", "l'opcode è vuoto");
            p.number(Field::DnsOpcode, &self.dns_opcode, 0, 15, blank)
                .and_then(|n| u8::try_from(n).ok())
        };
        let rcode = if self.dns_rcode.trim().is_empty() && !self.dns_qr {
            Some(dns::rcode::NO_ERROR)
        } else {
            let blank = text!(
                "RCODE is blank: an answer says 0 (no error) or 3 (no such name)",
                "RCODE è vuoto: una risposta dice 0 (nessun errore) o 3 (nome inesistente)"
            );
            p.number(Field::DnsRcode, &self.dns_rcode, 0, 15, blank)
                .and_then(|n| u8::try_from(n).ok())
        };
        let name = read_name(p, Field::DnsQname, &self.dns_qname);
        let qtype = read_symbol(p, Field::DnsQtype, &self.dns_qtype, "A", dns::rtype::A);
        let qclass = read_symbol(p, Field::DnsQclass, &self.dns_qclass, "IN", dns::class::IN);
        let answers = read_answers(p, &self.dns_answers);
        let message = DnsMessage {
            header: DnsHeader {
                id: u16::try_from(id?).ok()?,
                response: self.dns_qr,
                opcode: opcode?,
                authoritative: self.dns_aa,
                truncated: false,
                recursion_desired: self.dns_rd,
                recursion_available: self.dns_ra,
                rcode: rcode?,
            },
            question: Question {
                name: name?,
                qtype: qtype?,
                qclass: qclass?,
            },
            answers: answers?,
        };
        match message.encode() {
            Ok(payload) => Some(Body::Udp {
                src_port: src_port?,
                dst_port: dst_port?,
                payload,
            }),
            Err(e) => {
                let reason = e.reason;
                p.push(
                    Field::DnsAnswers,
                    "",
                    text!(
                        "answers do not fit one UDP message: {reason}",
                        "le risposte non stanno in un messaggio UDP: {reason}"
                    ),
                );
                None
            }
        }
    }

    /// Fills the DNS boxes from a message, as its writer would have written them.
    pub(super) fn with_dns(mut self, m: &DnsMessage) -> Card {
        let h = &m.header;
        self.dns_id = h.id.to_string();
        self.dns_qr = h.response;
        self.dns_opcode = h.opcode.to_string();
        self.dns_aa = h.authoritative;
        self.dns_rd = h.recursion_desired;
        self.dns_ra = h.recursion_available;
        self.dns_rcode = h.rcode.to_string();
        self.dns_qname = m.question.name.to_string();
        self.dns_qtype = symbol(m.question.qtype, "A", dns::rtype::A);
        self.dns_qclass = symbol(m.question.qclass, "IN", dns::class::IN);
        self.dns_answers = m
            .answers
            .iter()
            .map(|a| alloc::format!("{} {} {}", a.name, a.ttl, a.addr))
            .collect::<Vec<_>>()
            .join("\n");
        self
    }
}

/// `A` for type 1, `IN` for class 1, otherwise the number.
fn symbol(value: u16, word: &str, known: u16) -> String {
    if value == known {
        String::from(word)
    } else {
        value.to_string()
    }
}

/// A domain name as a person writes it (RFC 1035 §2.3.1, limits of §2.3.4).
fn read_name(p: &mut Problems, field: Field, text: &str) -> Option<DnsName> {
    let (label, nome) = (field.label(), field.label_it());
    let t = text.trim();
    if t.is_empty() {
        p.push(
            field,
            text,
            text!(
                "{label} is blank: write the name you ask for, e.g. red.game",
                "{nome}: è vuoto, scrivi il nome che chiedi, es. red.game"
            ),
        );
        return None;
    }
    match DnsName::from_text(t) {
        Ok(name) => Some(name),
        Err(e) => {
            let reason = e.reason;
            p.push(
                field,
                text,
                text!(
                    "{label} is not a domain name: {reason}",
                    "{nome}: non è un nome di dominio: {reason}"
                ),
            );
            None
        }
    }
}

/// A type or class box: its mnemonic (`A`, `IN`, any case) or its number (RFC 1035
/// §3.2.2, §3.2.4). Any 16-bit number is accepted, so a card may ask what the server
/// does not answer.
fn read_symbol(p: &mut Problems, field: Field, text: &str, word: &str, known: u16) -> Option<u16> {
    if text.trim().eq_ignore_ascii_case(word) {
        return Some(known);
    }
    let (label, nome) = (field.label(), field.label_it());
    let blank = text!(
        "{label} is blank: write {word}",
        "{nome}: è vuoto, scrivi {word}"
    );
    let n = p.number(field, text, 0, u64::from(u16::MAX), blank)?;
    u16::try_from(n).ok()
}

/// The answers box: one `name TTL address` record per line, blank lines skipped.
fn read_answers(p: &mut Problems, text: &str) -> Option<Vec<ARecord>> {
    let field = Field::DnsAnswers;
    let mut answers = Vec::new();
    let mut ok = true;
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        let words: Vec<&str> = line.split_whitespace().collect();
        let [name, ttl, addr] = words.as_slice() else {
            if !words.is_empty() {
                p.push(
                    field,
                    line,
                    text!(
                        "answers line {n}: write three things, name TTL address, e.g. \
                         red.game 300 10.0.1.1",
                        "risposte riga {n}: scrivi tre cose, nome TTL indirizzo, es. \
                         red.game 300 10.0.1.1"
                    ),
                );
                ok = false;
            }
            continue;
        };
        let name = DnsName::from_text(name);
        let ttl = read_number(ttl)
            .ok()
            .and_then(|t| u32::try_from(t).ok())
            .filter(|t| *t <= MAX_TTL);
        let addr = read_address(addr);
        let why = match (name, ttl, addr) {
            (Ok(name), Some(ttl), Some(addr)) => {
                answers.push(ARecord { name, ttl, addr });
                continue;
            }
            (Err(e), _, _) => {
                let reason = e.reason;
                text!(
                    "answers line {n}: the name is wrong: {reason}",
                    "risposte riga {n}: il nome è sbagliato: {reason}"
                )
            }
            (_, None, _) => text!(
                "answers line {n}: the TTL must be seconds from 0 to {MAX_TTL} (RFC 2181 §8)",
                "risposte riga {n}: il TTL sono secondi da 0 a {MAX_TTL} (RFC 2181 §8)"
            ),
            (_, _, None) => text!(
                "answers line {n}: the address must be four numbers 0–255 separated by dots, \
                 e.g. 10.0.1.1",
                "risposte riga {n}: l'indirizzo sono quattro numeri da 0 a 255 separati da \
                 punti, es. 10.0.1.1"
            ),
        };
        p.push(field, line, why);
        ok = false;
    }
    ok.then_some(answers)
}

/// Dotted decimal, read as the address boxes read it (leading zeros are decimal).
fn read_address(text: &str) -> Option<Ipv4Addr> {
    let mut octets = [0u8; 4];
    let mut parts = text.split('.');
    for slot in &mut octets {
        *slot = u8::try_from(read_number(parts.next()?).ok()?).ok()?;
    }
    parts.next().is_none().then(|| Ipv4Addr::from(octets))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::card::dns_cards::query_card;
    use crate::card::{CardKind, FieldError};
    use crate::text::twin_with_same_numbers;
    use crate::wire::Packet;

    fn errors(card: &Card) -> Vec<FieldError> {
        card.parse().expect_err("the card must be refused")
    }

    /// RFC 1035 §4.1: a question card is a real DNS query in a UDP datagram.
    #[test]
    fn a_query_card_is_a_dns_query_rfc1035_4_1() {
        // The type and class read in any case.
        let card = Card {
            dns_qclass: "in".into(),
            ..query_card()
        };
        let packet = card.parse().expect("a good query card");
        let Packet::Udp { src, dst, .. } = &packet else {
            panic!("a UDP packet, got {packet:?}");
        };
        assert_eq!((src.port, dst.port), (40000, 53));
        let m = packet.dns().expect("a DNS message");
        let name = DnsName::from_text("red.game").expect("a name");
        assert_eq!(m, DnsMessage::query(4660, name));
        // The card a packet makes reads back as the same packet.
        assert_eq!(Card::from_packet(&packet).parse(), Ok(packet));
    }

    /// RFC 1035 §4.1.3: answers one per line, name TTL address; read back the same.
    #[test]
    fn an_answer_card_carries_its_records_rfc1035_4_1_3() {
        let card = Card {
            dns_qr: true,
            dns_aa: true,
            dns_rcode: "0".into(),
            dns_answers: "red.game 300 10.0.1.1\n\n  red.game 60 10.0.1.9 ".into(),
            ..query_card()
        };
        let packet = card.parse().expect("a good answer card");
        let m = packet.dns().expect("a DNS message");
        assert!(m.header.response && m.header.authoritative);
        let got: Vec<(u32, Ipv4Addr)> = m.answers.iter().map(|a| (a.ttl, a.addr)).collect();
        assert_eq!(
            got,
            [
                (300, Ipv4Addr::new(10, 0, 1, 1)),
                (60, Ipv4Addr::new(10, 0, 1, 9))
            ]
        );
        assert_eq!(Card::from_packet(&packet).parse(), Ok(packet));
    }

    /// Every wrong DNS box is named, in card order, with an Italian twin; nothing panics.
    #[test]
    fn every_wrong_dns_box_is_named_rfc1035_2_3_4() {
        let card = Card {
            dns_id: "70000".into(),
            dns_qr: true,
            dns_opcode: "16".into(),
            dns_rcode: String::new(),
            dns_qname: "red..game".into(),
            dns_qtype: "AAAA".into(),
            dns_qclass: String::new(),
            dns_answers: "red.game 300\nred.game -1 10.0.1.1\nred.game 3 10.0.1.300".into(),
            ..query_card()
        };
        let e = errors(&card);
        let fields: Vec<Field> = e.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                Field::DnsId,
                Field::DnsOpcode,
                Field::DnsRcode,
                Field::DnsQname,
                Field::DnsQtype,
                Field::DnsQclass,
                Field::DnsAnswers,
                Field::DnsAnswers,
                Field::DnsAnswers,
            ]
        );
        for e in &e {
            assert!(twin_with_same_numbers(&e.text()), "{e:?}");
        }
        let long = Card {
            dns_qname: alloc::format!("{}.game", "a".repeat(64)),
            ..query_card()
        };
        assert_eq!(errors(&long)[0].field, Field::DnsQname);
    }

    /// RFC 1035 §4.2.1: the reply to a DNS datagram is a UDP card between the same two
    /// ports, swapped; the ID and the question are left for the player.
    #[test]
    fn a_reply_to_a_query_is_a_udp_card_with_the_ports_swapped_rfc1035_4_2_1() {
        let query = query_card().parse().expect("a query");
        let reply = Card::reply_to(&query);
        assert_eq!(reply.kind, CardKind::Udp);
        assert_eq!(
            (reply.src_port.as_str(), reply.dst_port.as_str()),
            ("53", "40000")
        );
        assert_eq!((reply.dns_id.as_str(), reply.dns_qname.as_str()), ("", ""));
    }

    /// A message over 512 bytes cannot travel on UDP (RFC 1035 §4.2.1): the answers box
    /// says so instead of the card being cut.
    #[test]
    fn too_many_answers_are_refused_rfc1035_4_2_1() {
        let line = "a-rather-long-name-for-a-host.red.game 300 10.0.1.1\n";
        let card = Card {
            dns_qr: true,
            dns_rcode: "0".into(),
            dns_answers: line.repeat(20),
            ..query_card()
        };
        assert_eq!(errors(&card)[0].field, Field::DnsAnswers);
    }
}
