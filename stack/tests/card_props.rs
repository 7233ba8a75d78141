//! Property tests of the paper card (DESIGN.md §3 "Cards", §6 "no input a player can send
//! makes the engine panic"): any text in any box is either read or refused with errors that
//! each point at a box that really is wrong, and every packet a card can express survives
//! `Card::from_packet` → `Card::parse` unchanged.

use proptest::prelude::*;
use tcpip_stack::addr::{Endpoint, Ipv4Addr};
use tcpip_stack::card::{Card, CardKind, Field, MAX_DATA};
use tcpip_stack::segment::{TcpFlags, TcpSegment};
use tcpip_stack::seq::SeqNumber;
use tcpip_stack::wire::{IcmpMessage, IpMeta, Packet};

/// Text a player might type: numbers, near-numbers, addresses, or anything at all.
fn scribble() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[0-9]{1,12}",
        " ?-?[0-9]{0,6}[. ]?[0-9]{0,4} ?",
        "[0-9]{1,3}\\.[0-9]{1,4}\\.[0-9]{1,3}\\.[0-9]{1,3}",
        "[0-9.]{0,20}",
        any::<String>(),
        "\\PC{0,8}",
    ]
}

prop_compose! {
    fn any_card()(
        kind in 0u8..3,
        texts in proptest::collection::vec(scribble(), 18),
        flags in any::<[bool; 5]>(),
        dns_flags in any::<[bool; 4]>(),
        long in proptest::option::weighted(0.05, 0usize..1500),
    ) -> Card {
        let [syn, ack_flag, fin, rst, psh] = flags;
        let [dns_qr, dns_aa, dns_rd, dns_ra] = dns_flags;
        let t = |i: usize| texts.get(i).cloned().unwrap_or_default();
        Card {
            kind: [CardKind::Tcp, CardKind::Icmp, CardKind::Udp][usize::from(kind)],
            src_ip: t(0),
            dst_ip: t(1),
            src_port: t(2),
            dst_port: t(3),
            syn,
            ack_flag,
            fin,
            rst,
            psh,
            seq: t(4),
            ack: t(5),
            data: long.map_or_else(|| t(6), |n| "x".repeat(n)),
            ttl: t(7),
            icmp_type: t(8),
            icmp_code: t(9),
            dns_id: t(10),
            dns_qr,
            dns_opcode: t(11),
            dns_aa,
            dns_rd,
            dns_ra,
            dns_rcode: t(12),
            dns_qname: t(13),
            dns_qtype: t(14),
            dns_qclass: t(15),
            dns_answers: t(16),
        }
    }
}

/// A card of the same kind and flags with every box correct.
fn good_like(card: &Card) -> Card {
    Card {
        kind: card.kind,
        src_ip: "10.0.1.2".into(),
        dst_ip: "10.0.1.1".into(),
        src_port: "40000".into(),
        dst_port: "23".into(),
        syn: card.syn,
        ack_flag: card.ack_flag,
        fin: card.fin,
        rst: card.rst,
        psh: card.psh,
        seq: "0".into(),
        ack: "1".into(),
        data: String::new(),
        ttl: String::new(),
        icmp_type: "3".into(),
        icmp_code: "1".into(),
        dns_id: "4660".into(),
        dns_qr: card.dns_qr,
        dns_opcode: String::new(),
        dns_aa: card.dns_aa,
        dns_rd: card.dns_rd,
        dns_ra: card.dns_ra,
        dns_rcode: "0".into(),
        dns_qname: "red.game".into(),
        dns_qtype: "A".into(),
        dns_qclass: "IN".into(),
        dns_answers: String::new(),
    }
}

/// The good card with only `field` (and what that box depends on) copied from `card`.
fn with_box_of(card: &Card, field: Field) -> Card {
    let mut g = good_like(card);
    match field {
        Field::SrcIp => g.src_ip = card.src_ip.clone(),
        Field::DstIp => g.dst_ip = card.dst_ip.clone(),
        Field::SrcPort => g.src_port = card.src_port.clone(),
        Field::DstPort => g.dst_port = card.dst_port.clone(),
        Field::Seq => g.seq = card.seq.clone(),
        Field::Ack => g.ack = card.ack.clone(),
        Field::Data => g.data = card.data.clone(),
        Field::Ttl => g.ttl = card.ttl.clone(),
        Field::IcmpType => g.icmp_type = card.icmp_type.clone(),
        // Which codes exist depends on the type (RFC 792).
        Field::IcmpCode => {
            g.icmp_type = card.icmp_type.clone();
            g.icmp_code = card.icmp_code.clone();
        }
        Field::DnsId => g.dns_id = card.dns_id.clone(),
        Field::DnsOpcode => g.dns_opcode = card.dns_opcode.clone(),
        Field::DnsRcode => g.dns_rcode = card.dns_rcode.clone(),
        Field::DnsQname => g.dns_qname = card.dns_qname.clone(),
        Field::DnsQtype => g.dns_qtype = card.dns_qtype.clone(),
        Field::DnsQclass => g.dns_qclass = card.dns_qclass.clone(),
        Field::DnsAnswers => g.dns_answers = card.dns_answers.clone(),
        Field::Flags
        | Field::Choice
        | Field::NextHop
        | Field::DnsQr
        | Field::DnsAa
        | Field::DnsRd
        | Field::DnsRa
        | Field::Protocol
        | Field::InnerDstIp
        | Field::InnerTtl => {}
    }
    g
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// DESIGN.md §6: arbitrary text never panics; each error names a box that is wrong on
    /// its own (a correct card with just that box copied is refused for that box), every
    /// message starts with the box's label, and an accepted card writes itself back the
    /// same way.
    #[test]
    fn any_text_parses_or_names_bad_boxes(card in any_card()) {
        match card.parse() {
            Ok(packet) => {
                prop_assert_eq!(Card::from_packet(&packet).parse(), Ok(packet));
            }
            Err(errors) => {
                prop_assert!(!errors.is_empty());
                for e in &errors {
                    let message_names_box = e.message.starts_with(e.field.label());
                    prop_assert!(message_names_box, "{:?}", e);
                    let alone = with_box_of(&card, e.field).parse();
                    let refused_for_it =
                        alone.as_ref().err().is_some_and(|v| v.iter().any(|x| x.field == e.field));
                    prop_assert!(refused_for_it, "{:?} blamed, but alone: {:?}", e, alone);
                }
            }
        }
    }
}

fn tcp_packet() -> impl Strategy<Value = Packet> {
    (
        (any::<[u8; 4]>(), any::<[u8; 4]>(), 1u16.., 1u16..),
        (any::<u32>(), any::<u32>(), 0u8..32, "\\PC{0,40}", 1u8..),
    )
        .prop_map(|((src, dst, sport, dport), (seq, ack, flags, data, ttl))| {
            let data: String = data.chars().take(MAX_DATA / 4).collect();
            Packet::Tcp {
                meta: IpMeta { ttl, ident: 0 },
                seg: TcpSegment {
                    src: Endpoint::new(Ipv4Addr::from(src), sport),
                    dst: Endpoint::new(Ipv4Addr::from(dst), dport),
                    seq: SeqNumber(seq),
                    ack: SeqNumber(ack),
                    // The five flags of the card: FIN SYN RST PSH ACK are the low five bits.
                    flags: TcpFlags(flags & 0x1f),
                    window: 65535,
                    payload: data.into_bytes(),
                },
            }
        })
}

fn icmp_packet() -> impl Strategy<Value = Packet> {
    let msg = prop_oneof![
        (0u8..16).prop_map(|code| IcmpMessage::DestUnreachable {
            code,
            quoted: vec![]
        }),
        (0u8..2).prop_map(|code| IcmpMessage::TimeExceeded {
            code,
            quoted: vec![]
        }),
        "\\PC{0,20}".prop_map(|d| IcmpMessage::EchoRequest {
            ident: 0,
            seq: 0,
            data: d.into_bytes()
        }),
        "\\PC{0,20}".prop_map(|d| IcmpMessage::EchoReply {
            ident: 0,
            seq: 0,
            data: d.into_bytes()
        }),
    ];
    (any::<[u8; 4]>(), any::<[u8; 4]>(), 1u8.., msg).prop_map(|(src, dst, ttl, msg)| Packet::Icmp {
        src: Ipv4Addr::from(src),
        dst: Ipv4Addr::from(dst),
        meta: IpMeta { ttl, ident: 0 },
        msg,
    })
}

proptest! {
    /// DESIGN.md §3 "Cards": every packet a card can hold (ports 1–65535, any numbers,
    /// UTF-8 data, TTL 1–255; the window, IP ident and ICMP quote are not on the card)
    /// is written by `from_packet` and read back unchanged by `parse`.
    #[test]
    fn from_packet_parses_back(packet in prop_oneof![tcp_packet(), icmp_packet()]) {
        prop_assert_eq!(Card::from_packet(&packet).parse(), Ok(packet));
    }
}
