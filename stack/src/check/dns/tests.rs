use super::*;
use crate::card::Card;
use crate::card::dns_cards::{answer_card, query_card};
use crate::host::dns::tests::deliver;
use crate::host::{Zone, ZoneRecord};
use crate::tcp::Config;
use crate::text::twin_with_same_numbers;
use alloc::vec;

const CLIENT: Ipv4Addr = Ipv4Addr::new(10, 0, 1, 2);
const SERVER: Ipv4Addr = Ipv4Addr::new(10, 0, 1, 53);

fn server_asked(name: &str) -> Host {
    let mut server = Host::new(SERVER, Config::default());
    server.serve_zone(Zone {
        origin: "game".into(),
        records: vec![ZoneRecord {
            name: "red.game".into(),
            addr: Ipv4Addr::new(10, 0, 1, 1),
            ttl: 300,
        }],
    });
    let query = Card {
        dns_qname: name.into(),
        ..query_card()
    }
    .parse()
    .expect("a query");
    deliver(&mut server, &query);
    server
}

fn check(host: &Host, card: &Card) -> Result<DnsCheck, Verdict> {
    check_dns_card(host, &card.parse().expect("the card parses"), Some(SERVER))
}

/// The boxes a verdict names, checking every mistake reads in both languages.
fn wrong(host: &Host, card: &Card) -> Vec<Field> {
    let v = check(host, card).expect("a possible card").verdict;
    for m in &v.mistakes {
        assert!(twin_with_same_numbers(&m.why), "{m:?}");
        assert!(m.rfc.starts_with("RFC"), "{m:?}");
    }
    v.mistakes.iter().map(|m| m.field).collect()
}

/// RFC 1035 §4.2.1, RFC 5452 §9.2: a question goes to port 53 of the DNS server, from a
/// fresh port of 1024 or more; RD is the asker's wish, either is right.
#[test]
fn query_ports_and_server_rfc1035_4_2_1_rfc5452_9_2() {
    let client = Host::new(CLIENT, Config::default());
    assert_eq!(wrong(&client, &query_card()), []);
    let no_rd = Card {
        dns_rd: false,
        ..query_card()
    };
    assert_eq!(wrong(&client, &no_rd), []);
    for (card, field) in [
        (
            Card {
                dst_port: "54".into(),
                ..query_card()
            },
            Field::DstPort,
        ),
        (
            Card {
                dst_ip: "10.0.1.1".into(),
                ..query_card()
            },
            Field::DstIp,
        ),
        (
            Card {
                src_port: "53".into(),
                ..query_card()
            },
            Field::SrcPort,
        ),
    ] {
        assert_eq!(wrong(&client, &card), [field], "{card:?}");
    }
    // A port that carries an open query is not fresh.
    let after = check(&client, &query_card()).expect("ok").after;
    assert_eq!(after.open_queries().len(), 1);
    assert_eq!(wrong(&after, &query_card()), [Field::SrcPort]);
}

/// RFC 1035 §4.1.1, §3.2.2: a question is a standard query of type A class IN, RCODE 0,
/// with no answers and no AA.
#[test]
fn query_header_and_question_rfc1035_4_1_1() {
    let client = Host::new(CLIENT, Config::default());
    let card = Card {
        dns_opcode: "2".into(),
        dns_aa: true,
        dns_rcode: "3".into(),
        dns_qtype: "28".into(),
        dns_qclass: "3".into(),
        dns_answers: "red.game 300 10.0.1.1".into(),
        ..query_card()
    };
    assert_eq!(
        wrong(&client, &card),
        [
            Field::DnsOpcode,
            Field::DnsAa,
            Field::DnsRcode,
            Field::DnsQtype,
            Field::DnsQclass,
            Field::DnsAnswers
        ]
    );
}

/// RFC 1034 §4.3.2: the right answer for a name of the zone, and for one that is not
/// (NXDOMAIN, no address); RA 0 or 1 are both right.
#[test]
fn right_answers_pass_rfc1034_4_3_2() {
    let server = server_asked("red.game");
    let good = answer_card("red.game", "0", "red.game 300 10.0.1.1");
    assert_eq!(wrong(&server, &good), []);
    let ra = Card {
        dns_ra: true,
        ..good.clone()
    };
    assert_eq!(wrong(&server, &ra), []);
    let after = check(&server, &good).expect("ok").after;
    assert!(after.udp_outbox().is_empty(), "the answer owed was written");
    let server = server_asked("green.game");
    assert_eq!(wrong(&server, &answer_card("green.game", "3", "")), []);
}

/// RFC 1035 §4.1.1: the ID is echoed, the question copied, RD copied, AA set.
#[test]
fn id_echoed_and_question_copied_rfc1035_4_1_1() {
    let server = server_asked("red.game");
    let good = answer_card("red.game", "0", "red.game 300 10.0.1.1");
    for (card, field) in [
        (
            Card {
                dns_id: "1".into(),
                ..good.clone()
            },
            Field::DnsId,
        ),
        (
            Card {
                dns_qname: "blue.game".into(),
                dns_answers: "red.game 300 10.0.1.1".into(),
                ..good.clone()
            },
            Field::DnsQname,
        ),
        (
            Card {
                dns_rd: false,
                ..good.clone()
            },
            Field::DnsRd,
        ),
        (
            Card {
                dns_aa: false,
                ..good.clone()
            },
            Field::DnsAa,
        ),
    ] {
        assert_eq!(wrong(&server, &card), [field], "{card:?}");
    }
}

/// RFC 1035 §4.2.1, RFC 5452 §9.1: the answer swaps the ports and addresses.
#[test]
fn answer_ports_swapped_rfc5452_9_1() {
    let server = server_asked("red.game");
    let good = answer_card("red.game", "0", "red.game 300 10.0.1.1");
    let swapped_wrong = Card {
        src_port: "40000".into(),
        dst_port: "53".into(),
        ..good
    };
    assert_eq!(
        wrong(&server, &swapped_wrong),
        [Field::SrcPort, Field::DstPort]
    );
}

/// RFC 1035 §4.1.1, §4.1.3: NXDOMAIN carries no address; a known name carries the zone's.
#[test]
fn rcode_and_records_rfc1035_4_1_3() {
    let server = server_asked("green.game");
    let with_address = answer_card("green.game", "3", "green.game 300 10.0.1.1");
    assert_eq!(wrong(&server, &with_address), [Field::DnsAnswers]);
    let zero = answer_card("green.game", "0", "green.game 300 10.0.1.1");
    assert_eq!(wrong(&server, &zero), [Field::DnsRcode, Field::DnsAnswers]);
    let server = server_asked("red.game");
    let bad_ttl = answer_card("red.game", "0", "red.game 60 10.0.1.1");
    assert_eq!(wrong(&server, &bad_ttl), [Field::DnsAnswers]);
}

/// RFC 1034 §4.3.2: a server answers only what it was asked.
#[test]
fn an_answer_nobody_asked_for_is_impossible_rfc1034_4_3_2() {
    let server = Host::new(SERVER, Config::default());
    let card = answer_card("red.game", "0", "red.game 300 10.0.1.1");
    let v = check(&server, &card).expect_err("impossible");
    assert_eq!(v.mistakes[0].field, Field::DnsQr);
}
