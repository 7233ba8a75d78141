//! The DNS cards the tests write, in one place for the engine's own unit tests and the
//! integration tests alike: each includer brings `Card` and `CardKind` into the module
//! above this one, as `tcpip_stack::card` or `crate::card`.

use super::{Card, CardKind};

/// Alice's question (10.0.1.2, port 40000) to the DNS server (10.0.1.53, port 53): the A
/// record of red.game, class IN, ID 4660 (0x1234), recursion desired.
pub fn query_card() -> Card {
    Card {
        kind: CardKind::Udp,
        src_ip: "10.0.1.2".into(),
        dst_ip: "10.0.1.53".into(),
        src_port: "40000".into(),
        dst_port: "53".into(),
        dns_id: "4660".into(),
        dns_rd: true,
        dns_qname: "red.game".into(),
        dns_qtype: "A".into(),
        dns_qclass: "IN".into(),
        ..Card::default()
    }
}

/// The DNS server's answer to `query_card` about `name`: addresses swapped, QR and AA
/// ticked, with this RCODE and these answer lines.
pub fn answer_card(name: &str, rcode: &str, answers: &str) -> Card {
    Card {
        src_ip: "10.0.1.53".into(),
        dst_ip: "10.0.1.2".into(),
        src_port: "53".into(),
        dst_port: "40000".into(),
        dns_qr: true,
        dns_aa: true,
        dns_qname: name.into(),
        dns_rcode: rcode.into(),
        dns_answers: answers.into(),
        ..query_card()
    }
}
