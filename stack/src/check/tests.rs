//! The referee's table tests: a card in a situation, and the verdict a person reads.

use super::*;
use alloc::format;
use alloc::string::ToString;
use alloc::vec;
use alloc::vec::Vec;

use crate::addr::{Endpoint, Ipv4Addr};
use crate::card::{Field, Intent, RouterChoice};
use crate::host::Host;
use crate::route::{Interface, NextHop, Route, Router};
use crate::segment::{TcpFlags, TcpSegment};
use crate::seq::SeqNumber;
use crate::tcp::{Config, IssMode, State};
use crate::text::twin_with_same_numbers;
use crate::time::Instant;
use crate::wire::{IcmpMessage, IpMeta, Packet};

const CLIENT: Ipv4Addr = Ipv4Addr::new(10, 0, 1, 2);
const SERVER: Ipv4Addr = Ipv4Addr::new(10, 0, 1, 1);
const T0: Instant = Instant::ZERO;
const S: TcpFlags = TcpFlags::SYN;
const A: TcpFlags = TcpFlags::ACK;
const F: TcpFlags = TcpFlags::FIN;
const R: TcpFlags = TcpFlags::RST;
const P: TcpFlags = TcpFlags::PSH;

fn c() -> Endpoint {
    Endpoint::new(CLIENT, 40000)
}
fn s() -> Endpoint {
    Endpoint::new(SERVER, 23)
}

fn card(from: Endpoint, to: Endpoint, flags: TcpFlags, seq: u32, ack: u32, data: &str) -> Packet {
    Packet::Tcp {
        meta: IpMeta::default(),
        seg: TcpSegment {
            src: from,
            dst: to,
            seq: SeqNumber(seq),
            ack: SeqNumber(ack),
            flags,
            window: 65535,
            payload: data.as_bytes().to_vec(),
        },
    }
}

/// The LAN of round 1 (seed 000): a client .2 and a telnet server .1 on port 23.
fn lan(config: Config) -> (Host, Host) {
    let client = Host::new(CLIENT, config);
    let mut server = Host::new(SERVER, config);
    server.listen(23).unwrap();
    (client, server)
}

/// Checks a card that must be possible, sends it as written and returns the verdict.
fn play(from: &mut Host, to: &mut Host, card: Packet) -> Verdict {
    let checked = check_host_card(from, &card, T0).expect("the card is possible here");
    *from = checked.after;
    to.on_segment(&checked.sent, T0);
    checked.verdict
}

fn established(config: Config) -> (Host, Host) {
    let (mut client, mut server) = lan(config);
    assert!(play(&mut client, &mut server, card(c(), s(), S, 0, 0, "")).ok());
    assert!(play(&mut server, &mut client, card(s(), c(), S | A, 0, 1, "")).ok());
    assert!(play(&mut client, &mut server, card(c(), s(), A, 1, 1, "")).ok());
    (client, server)
}

fn only(verdict: &Verdict) -> &Mistake {
    assert_eq!(verdict.mistakes.len(), 1, "{:#?}", verdict.mistakes);
    &verdict.mistakes[0]
}

/// Round 1, seed 000 / RFC 9293 §3.5: SYN, SYN+ACK, ACK written correctly give no
/// mistake, and both hosts end up ESTABLISHED.
#[test]
fn correct_handshake_has_no_mistakes_rfc9293_3_5() {
    let (client, server) = established(Config::default());
    assert_eq!(client.connections()[0].state, State::Established);
    assert_eq!(server.connections()[0].state, State::Established);
}

/// Round 1: "ack should be 1: their SYN had seq 0 and a SYN counts as one" (RFC 9293
/// §3.4).
#[test]
fn wrong_ack_on_syn_ack_rfc9293_3_4() {
    let (mut client, mut server) = lan(Config::default());
    play(&mut client, &mut server, card(c(), s(), S, 0, 0, ""));
    let checked = check_host_card(&server, &card(s(), c(), S | A, 0, 0, ""), T0).unwrap();
    let m = only(&checked.verdict);
    assert_eq!(
        (m.field, m.expected.en.as_str(), m.got.en.as_str()),
        (Field::Ack, "1", "0")
    );
    assert_eq!(
        m.why.en,
        "ack should be 1: their SYN had seq 0 and a SYN counts as one"
    );
    // An Italian student reads the same rule with the same numbers.
    assert_eq!(
        m.why.it.as_deref(),
        Some("ack deve essere 1: il SYN dell'altro lato aveva seq 0 e un SYN conta uno")
    );
    assert_eq!(m.rfc, "RFC 9293 §3.4");
    assert_eq!(checked.verdict.intent, Intent::OpenReply);
    assert!(checked.after.outbox().is_empty());
}

/// Round 1: answering a SYN with only SYN is a missing ACK flag, not a new connection.
#[test]
fn forgot_ack_flag_on_syn_ack_rfc9293_3_5() {
    let (mut client, mut server) = lan(Config::default());
    play(&mut client, &mut server, card(c(), s(), S, 0, 0, ""));
    let checked = check_host_card(&server, &card(s(), c(), S, 0, 1, ""), T0).unwrap();
    let m = only(&checked.verdict);
    assert_eq!(m.field, Field::Flags);
    assert_eq!(
        (m.expected.en.as_str(), m.got.en.as_str()),
        ("SYN+ACK", "SYN")
    );
    assert!(m.why.en.starts_with("ACK flag missing"), "{}", m.why);
    assert_eq!(m.rfc, "RFC 9293 §3.5");
}

/// Round 1: the first SYN has no ACK flag, and starts at the ISN (0 in the classroom
/// setting, random in the real one: RFC 9293 §3.4.1).
#[test]
fn first_syn_rules_rfc9293_3_4_1() {
    let (client, _) = lan(Config::default());
    let checked = check_host_card(&client, &card(c(), s(), S | A, 5, 0, ""), T0).unwrap();
    let fields: Vec<Field> = checked.verdict.mistakes.iter().map(|m| m.field).collect();
    assert_eq!(fields, [Field::Flags, Field::Seq]);
    assert!(
        checked.verdict.mistakes[0]
            .why
            .en
            .contains("nothing to acknowledge yet")
    );
    assert!(
        checked.verdict.mistakes[1]
            .why
            .en
            .contains("0 in this game")
    );
    let random = Config {
        iss: IssMode::Seeded(7),
        ..Config::default()
    };
    let (client, _) = lan(random);
    let checked = check_host_card(&client, &card(c(), s(), S, 0, 0, ""), T0).unwrap();
    let m = only(&checked.verdict);
    assert_eq!(m.field, Field::Seq);
    assert!(m.why.en.contains(&checked.expected.seq.to_string()));
    assert!(m.why.en.contains("at random"), "{}", m.why);
    // The player's SYN went out with the wrong number, but their host is SYN-SENT with
    // its own ISN: the state a real stack is in.
    assert_eq!(checked.after.connections()[0].state, State::SynSent);
    assert_eq!(checked.sent.seq, SeqNumber(0));
}

/// Round 2, seed 001: "my name is Danilo" is 17 bytes, so the server's ack is
/// 1 + 17 = 18, not the data's seq 1 (RFC 9293 §3.4).
#[test]
fn ack_is_seq_plus_len_not_seq_seed_001() {
    let (mut client, mut server) = established(Config::default());
    let data = card(c(), s(), P | A, 1, 1, "my name is Danilo");
    assert!(play(&mut client, &mut server, data).ok());
    let checked = check_host_card(&server, &card(s(), c(), A, 1, 1, ""), T0).unwrap();
    let m = only(&checked.verdict);
    assert_eq!(
        (m.field, m.expected.en.as_str(), m.got.en.as_str()),
        (Field::Ack, "18", "1")
    );
    assert!(m.why.en.starts_with("ack should be 18"), "{}", m.why);
    assert!(m.why.en.contains("+17 data bytes"), "{}", m.why);
    let right = check_host_card(&server, &card(s(), c(), A, 1, 18, ""), T0).unwrap();
    assert!(right.verdict.ok(), "{:?}", right.verdict.mistakes);
    assert_eq!(right.verdict.intent, Intent::Ack);
}

/// RFC 9293 §3.4: seq continues after the bytes already sent; PSH is never a mistake.
#[test]
fn second_data_card_continues_the_sequence_rfc9293_3_4() {
    let (mut client, mut server) = established(Config::default());
    play(
        &mut client,
        &mut server,
        card(c(), s(), A, 1, 1, "my name is Danilo"),
    );
    play(&mut server, &mut client, card(s(), c(), A, 1, 18, ""));
    let checked = check_host_card(&client, &card(c(), s(), A, 1, 1, "hi"), T0).unwrap();
    let m = only(&checked.verdict);
    assert_eq!((m.field, m.expected.en.as_str()), (Field::Seq, "18"));
    assert!(
        m.why
            .en
            .contains("your ISN was 0, +1 for your SYN, +17 data bytes"),
        "{}",
        m.why
    );
    // Real mode: the card goes out as written; the host still counts the 2 bytes.
    let view = checked.after.connections()[0].clone();
    assert_eq!(view.snd_nxt, SeqNumber(20));
    assert_eq!(checked.sent.seq, SeqNumber(1));
}

/// Round 2: data before the handshake is impossible (RFC 9293 §3.10.2).
#[test]
fn data_before_handshake_is_refused_rfc9293_3_10_2() {
    let (mut client, mut server) = lan(Config::default());
    play(&mut client, &mut server, card(c(), s(), S, 0, 0, ""));
    let verdict = check_host_card(&client, &card(c(), s(), P | A, 1, 1, "hi"), T0)
        .expect_err("data in SYN-SENT");
    let m = only(&verdict);
    assert_eq!(
        m.why.en,
        "you can only send data on an ESTABLISHED connection; this one is SYN-SENT"
    );
    assert_eq!(m.rfc, "RFC 9293 §3.10.2");
    let (client, _) = lan(Config::default());
    let verdict = check_host_card(&client, &card(c(), s(), P | A, 1, 1, "hi"), T0)
        .expect_err("no connection");
    assert!(only(&verdict).why.en.contains("open one with a SYN first"));
}

/// RFC 9293 §3.10.7.4: an ACK answers something; with nothing new, there is nothing to
/// acknowledge.
#[test]
fn nothing_to_acknowledge_rfc9293_3_10_7_4() {
    let (client, _) = established(Config::default());
    let verdict =
        check_host_card(&client, &card(c(), s(), A, 1, 1, ""), T0).expect_err("no card arrived");
    let m = only(&verdict);
    assert!(
        m.why.en.starts_with("there is nothing to acknowledge"),
        "{}",
        m.why
    );
    assert_eq!(verdict.intent, Intent::Ack);
}

/// Round 3 (seed 000) and RFC 9293 §3.10.7.1: a SYN to port 80 gets RST+ACK with seq 0
/// and ack = their seq + 1; a RST without the ACK flag is a mistake.
#[test]
fn refused_connection_rst_rfc9293_3_10_7_1() {
    let (mut client, mut server) = lan(Config::default());
    let web = Endpoint::new(SERVER, 80);
    play(&mut client, &mut server, card(c(), web, S, 0, 0, ""));
    let right = check_host_card(&server, &card(web, c(), R | A, 0, 1, ""), T0).unwrap();
    assert!(right.verdict.ok(), "{:?}", right.verdict.mistakes);
    assert_eq!(right.verdict.intent, Intent::Abort);
    let wrong = check_host_card(&server, &card(web, c(), R, 0, 0, ""), T0).unwrap();
    let m = only(&wrong.verdict);
    assert_eq!(m.field, Field::Flags);
    assert!(
        m.why
            .en
            .starts_with("ACK flag missing: their card carried no ACK"),
        "{}",
        m.why
    );
    assert_eq!(m.rfc, "RFC 9293 §3.10.7.1");
    let bad_ack = check_host_card(&server, &card(web, c(), R | A, 0, 0, ""), T0).unwrap();
    let m = only(&bad_ack.verdict);
    assert_eq!((m.field, m.expected.en.as_str()), (Field::Ack, "1"));
}

/// Round 4: a RST must carry exactly SND.NXT or the peer ignores it (RFC 5961 §3.2).
#[test]
fn rst_with_wrong_seq_rfc5961_3_2() {
    let (mut client, mut server) = established(Config::default());
    play(
        &mut client,
        &mut server,
        card(c(), s(), P | A, 1, 1, "my name is Danilo"),
    );
    let checked = check_host_card(&client, &card(c(), s(), R, 1, 0, ""), T0).unwrap();
    let m = only(&checked.verdict);
    assert_eq!(
        (m.field, m.expected.en.as_str(), m.got.en.as_str()),
        (Field::Seq, "18", "1")
    );
    assert!(
        m.why.en.contains("forged") && m.why.en.contains("+17 data bytes"),
        "{}",
        m.why
    );
    assert_eq!(m.rfc, "RFC 5961 §3.2");
    assert!(
        checked.after.connections().is_empty(),
        "ABORT forgets the connection"
    );
}

/// Round 7 (seed 000, RFC 9293 §3.6): FIN without ACK is a missing ACK flag; the full
/// FIN, ACK, FIN, ACK goodbye written correctly has no mistakes and ends in TIME-WAIT.
#[test]
fn goodbye_and_fin_without_ack_rfc9293_3_6() {
    let (mut client, mut server) = established(Config::default());
    let checked = check_host_card(&client, &card(c(), s(), F, 1, 0, ""), T0).unwrap();
    let m = only(&checked.verdict);
    assert_eq!(
        (m.field, m.expected.en.as_str(), m.got.en.as_str()),
        (Field::Flags, "ACK+FIN", "FIN")
    );
    assert!(
        m.why
            .en
            .starts_with("ACK flag missing: after the handshake"),
        "{}",
        m.why
    );
    assert!(play(&mut client, &mut server, card(c(), s(), F | A, 1, 1, "")).ok());
    assert!(play(&mut server, &mut client, card(s(), c(), A, 1, 2, "")).ok());
    assert!(play(&mut server, &mut client, card(s(), c(), F | A, 1, 2, "")).ok());
    let last = check_host_card(&client, &card(c(), s(), A, 2, 1, ""), T0).unwrap();
    let m = only(&last.verdict);
    assert_eq!((m.field, m.expected.en.as_str()), (Field::Ack, "2"));
    assert!(m.why.en.contains("+1 for their FIN"), "{}", m.why);
    assert!(play(&mut client, &mut server, card(c(), s(), A, 2, 2, "")).ok());
    assert_eq!(client.connections()[0].state, State::TimeWait);
    assert!(server.connections().is_empty());
}

/// Round 7, three-card variant: the FIN+ACK answering a FIN carries the pending ACK
/// (piggybacked, RFC 9293 §3.10.7.4), which is then no longer pending.
#[test]
fn fin_ack_answers_a_fin_in_one_card_rfc9293_3_10_7_4() {
    let (mut client, mut server) = established(Config::default());
    play(&mut client, &mut server, card(c(), s(), F | A, 1, 1, ""));
    let checked = check_host_card(&server, &card(s(), c(), F | A, 1, 2, ""), T0).unwrap();
    assert!(checked.verdict.ok(), "{:?}", checked.verdict.mistakes);
    assert_eq!(checked.verdict.intent, Intent::Close);
    assert!(checked.after.outbox().is_empty());
    assert_eq!(checked.after.connections()[0].state, State::LastAck);
}

/// RFC 9293 §3.3.2: the four-tuple names the connection; a port already used by a
/// connection cannot open another one to the same peer.
#[test]
fn busy_port_and_wrong_ports_rfc9293_3_3_2() {
    let (mut client, mut server) = lan(Config::default());
    play(&mut client, &mut server, card(c(), s(), S, 0, 0, ""));
    let verdict = check_host_card(
        &server,
        &card(s(), Endpoint::new(CLIENT, 40001), S | A, 0, 1, ""),
        T0,
    )
    .unwrap()
    .verdict;
    let m = only(&verdict);
    assert_eq!((m.field, m.expected.en.as_str()), (Field::DstPort, "40000"));
    let (client, _) = established(Config::default());
    let verdict =
        check_host_card(&client, &card(c(), s(), S, 0, 0, ""), T0).expect_err("port in use");
    let m = only(&verdict);
    assert_eq!(m.field, Field::SrcPort);
    assert!(m.why.en.contains("ESTABLISHED"), "{}", m.why);
}

/// RFC 791 §3.1: the source is the sender's own address; TTL 0 is dead. Seed 000: no
/// data on the handshake.
#[test]
fn address_ttl_and_data_rfc791_3_1() {
    let (client, _) = lan(Config::default());
    let mut bad = card(Endpoint::new(SERVER, 40000), s(), S, 0, 0, "hello");
    bad.set_ttl(0);
    let checked = check_host_card(&client, &bad, T0).unwrap();
    let fields: Vec<Field> = checked.verdict.mistakes.iter().map(|m| m.field).collect();
    assert_eq!(fields, [Field::SrcIp, Field::Data, Field::Ttl]);
    assert_eq!(
        checked.verdict.mistakes[0].why.en,
        "source IP must be your own address 10.0.1.2"
    );
    assert!(checked.verdict.mistakes[1].why.en.contains("handshake"));
}

/// RFC 9293 §3.10.7.1: TCP errors are answered with RST, not by hosts writing ICMP.
#[test]
fn hosts_do_not_write_icmp_rfc9293_3_10_7_1() {
    let (client, _) = lan(Config::default());
    let icmp = Packet::Icmp {
        src: CLIENT,
        dst: SERVER,
        meta: IpMeta::default(),
        msg: IcmpMessage::DestUnreachable {
            code: 3,
            quoted: Vec::new(),
        },
    };
    let verdict = check_host_card(&client, &icmp, T0).expect_err("hosts write TCP");
    assert_eq!(only(&verdict).field, Field::IcmpType);
}

/// Round 1 with a team of three (seed 000): two clients open at once; the server may
/// answer them in any order, and what it still owes stays pending for its next card.
#[test]
fn two_clients_answered_in_any_order_seed_000() {
    let (mut alice, mut server) = lan(Config::default());
    let mut bob = Host::new(Ipv4Addr::new(10, 0, 1, 3), Config::default());
    let b = Endpoint::new(Ipv4Addr::new(10, 0, 1, 3), 41000);
    play(&mut alice, &mut server, card(c(), s(), S, 0, 0, ""));
    play(&mut bob, &mut server, card(b, s(), S, 0, 0, ""));
    let to_bob = check_host_card(&server, &card(s(), b, S | A, 0, 1, ""), T0).unwrap();
    assert!(to_bob.verdict.ok(), "{:?}", to_bob.verdict.mistakes);
    // The SYN+ACK still owed to Alice stays queued on the host after Bob's.
    assert_eq!(to_bob.after.outbox().len(), 1);
    assert_eq!(to_bob.after.outbox()[0].dst, c());
    let to_alice = card(s(), c(), S | A, 0, 1, "");
    let again = check_host_card(&to_bob.after, &to_alice, T0).unwrap();
    assert!(again.verdict.ok(), "{:?}", again.verdict.mistakes);
    assert!(again.after.outbox().is_empty());
    // Once both are answered, a third SYN+ACK sends Alice's again before its timer ran
    // out (RFC 6298 §5).
    let extra = check_host_card(&again.after, &to_alice, T0).expect_err("nothing owed");
    assert_eq!(only(&extra).rfc, "RFC 6298 §5");
}

/// Real mode (DESIGN.md §3): a wrong card goes out as written while the writer's host
/// moves on as if the right one was sent, and recovers as TCP does. A SYN-SENT client
/// answers a SYN+ACK with a bad ack by RST seq = that ack (RFC 9293 §3.10.7.3); the
/// server, in SYN-RECEIVED, gets a RST that is in its window but not at RCV.NXT and
/// only sends a challenge ACK (RFC 5961 §3.2); its retransmission timer then resends
/// the correct SYN+ACK (RFC 6298 §5), and the handshake completes.
#[test]
fn real_mode_wrong_card_recovers_rfc6298_5() {
    let (mut client, mut server) = lan(Config::default());
    play(&mut client, &mut server, card(c(), s(), S, 0, 0, ""));
    let verdict = play(&mut server, &mut client, card(s(), c(), S | A, 0, 5, ""));
    assert_eq!(only(&verdict).field, Field::Ack);
    let rst = client.take_outbox();
    assert_eq!(rst.len(), 1);
    assert_eq!((rst[0].flags, rst[0].seq), (R, SeqNumber(5)));
    server.on_segment(&rst[0], T0);
    assert_eq!(server.connections()[0].state, State::SynReceived);
    server.take_outbox();
    let later = Instant::from_secs(1);
    server.poll(later);
    let again = server.take_outbox();
    assert_eq!(again.len(), 1);
    assert_eq!((again[0].flags, again[0].ack), (S | A, SeqNumber(1)));
    client.on_segment(&again[0], later);
    assert_eq!(client.connections()[0].state, State::Established);
}

/// RFC 9293 §3.4.1 with random ISNs: the explanation uses this connection's numbers.
#[test]
fn random_isn_explanations_use_the_numbers_rfc9293_3_4_1() {
    let (mut client, mut server) = lan(Config {
        iss: IssMode::Seeded(42),
        ..Config::default()
    });
    let isn = check_host_card(&client, &card(c(), s(), S, 0, 0, ""), T0)
        .unwrap()
        .expected
        .seq;
    play(&mut client, &mut server, card(c(), s(), S, isn.0, 0, ""));
    let answer = check_host_card(&server, &card(s(), c(), S | A, 0, isn.0, ""), T0).unwrap();
    let fields: Vec<Field> = answer.verdict.mistakes.iter().map(|m| m.field).collect();
    assert_eq!(fields, [Field::Seq, Field::Ack]);
    let ack = &answer.verdict.mistakes[1];
    assert_eq!(ack.expected.en, (isn + 1u32).to_string());
    assert!(
        ack.why.en.contains(&format!("their SYN had seq {isn}")),
        "{}",
        ack.why
    );
}

fn server_received(
    server: &mut Host,
    from: Endpoint,
    flags: TcpFlags,
    seq: u32,
    ack: u32,
    data: &str,
) {
    let Packet::Tcp { seg, .. } = card(from, s(), flags, seq, ack, data) else {
        unreachable!("card() writes TCP")
    };
    server.on_segment(&seg, T0);
}

/// Round 3 (seed 000): a SYN+ACK from port 80, where nothing listens, is a wrong answer
/// to that SYN, not an active open: a closed port answers RST+ACK seq 0 ack 1 (RFC 9293
/// §3.10.7.1), and the server's host keeps no connection from port 80.
#[test]
fn syn_ack_from_a_closed_port_is_a_wrong_refusal_rfc9293_3_10_7_1() {
    let (mut client, mut server) = lan(Config::default());
    let web = Endpoint::new(SERVER, 80);
    play(&mut client, &mut server, card(c(), web, S, 0, 0, ""));
    let checked = check_host_card(&server, &card(web, c(), S | A, 0, 1, ""), T0).unwrap();
    let fields: Vec<(Field, &str)> = checked
        .verdict
        .mistakes
        .iter()
        .map(|m| (m.field, m.expected.en.as_str()))
        .collect();
    assert_eq!(
        fields,
        vec![(Field::Flags, "ACK+RST"), (Field::Flags, "ACK+RST")]
    );
    assert!(
        checked
            .verdict
            .mistakes
            .iter()
            .all(|m| m.rfc == "RFC 9293 §3.10.7.1"
                && m.why.en.contains("nothing listens on port 80")),
        "{:#?}",
        checked.verdict.mistakes
    );
    assert!(checked.after.connections().is_empty());
    assert!(
        checked.after.outbox().is_empty(),
        "the refusal was this card"
    );
}

/// RFC 9293 §3.4, §3.10.7.4 and RFC 1122 §4.2.3.2: after two data cards, one ACK covers
/// both (ack = RCV.NXT = 20); the ack of the first alone (18) is stale, and its why adds
/// up to 20.
#[test]
fn one_ack_covers_every_byte_received_rfc1122_4_2_3_2() {
    let (mut client, mut server) = established(Config::default());
    play(
        &mut client,
        &mut server,
        card(c(), s(), A, 1, 1, "my name is Danilo"),
    );
    play(&mut client, &mut server, card(c(), s(), A, 18, 1, "hi"));
    assert_eq!(server.outbox().len(), 2, "the stack acknowledged each card");
    let right = check_host_card(&server, &card(s(), c(), A, 1, 20, ""), T0).unwrap();
    assert!(right.verdict.ok(), "{:#?}", right.verdict.mistakes);
    assert!(right.after.outbox().is_empty(), "one ACK answers both");
    assert!(
        right.verdict.notes[0]
            .en
            .contains("one ACK answers all 2 cards")
    );
    assert!(twin_with_same_numbers(&right.verdict.notes[0]));
    let stale = check_host_card(&server, &card(s(), c(), A, 1, 18, ""), T0).unwrap();
    let m = only(&stale.verdict);
    assert_eq!((m.field, m.expected.en.as_str()), (Field::Ack, "20"));
    assert!(m.why.en.contains("+19 data bytes"), "{}", m.why);
    assert_eq!(crate::sums::adds_up(&m.why, &m.expected.en), Ok(()));
    assert!(twin_with_same_numbers(&m.why));
}

/// RFC 9293 §3.4: after 17 data bytes and a FIN, ack = 0 + 1 + 17 + 1 = 19, and the why
/// says exactly those numbers (the FIN counted because the ack covers it).
#[test]
fn ack_after_data_and_fin_adds_up_rfc9293_3_4() {
    let (mut client, mut server) = established(Config::default());
    play(
        &mut client,
        &mut server,
        card(c(), s(), A, 1, 1, "my name is Danilo"),
    );
    play(&mut client, &mut server, card(c(), s(), F | A, 18, 1, ""));
    for wrong in [17, 18, 20] {
        let checked = check_host_card(&server, &card(s(), c(), A, 1, wrong, ""), T0).unwrap();
        let m = only(&checked.verdict);
        assert_eq!((m.field, m.expected.en.as_str()), (Field::Ack, "19"));
        assert!(
            m.why
                .en
                .contains("their ISN 0, +1 for their SYN, +17 data bytes, +1 for their FIN"),
            "{}",
            m.why
        );
        assert_eq!(crate::sums::adds_up(&m.why, &m.expected.en), Ok(()));
    }
    let right = check_host_card(&server, &card(s(), c(), A, 1, 19, ""), T0).unwrap();
    assert!(right.verdict.ok(), "{:#?}", right.verdict.mistakes);
    // RFC 9293 §3.6: the FIN may go with the ACK of theirs (three cards) or after it.
    let notes: Vec<&str> = right.verdict.notes.iter().map(|n| n.en.as_str()).collect();
    assert!(notes.iter().any(|n| n.contains("four cards")), "{notes:?}");
    let three = check_host_card(&server, &card(s(), c(), F | A, 1, 19, ""), T0).unwrap();
    assert!(three.verdict.ok(), "{:#?}", three.verdict.mistakes);
    assert!(
        three
            .verdict
            .notes
            .iter()
            .any(|n| n.en.contains("three cards")),
        "{:?}",
        three.verdict.notes
    );
}

/// RFC 9293 §3.10.5 writes the abort as a bare RST; Linux and Windows send RST+ACK; the
/// receiver checks only the seq (RFC 5961 §3.2). Both are right, each with a note; with
/// ACK, the ack is RCV.NXT like on every card.
#[test]
fn abort_with_or_without_ack_rfc9293_3_10_5() {
    let (client, _) = established(Config::default());
    let with_ack = check_host_card(&client, &card(c(), s(), R | A, 1, 1, ""), T0).unwrap();
    assert!(with_ack.verdict.ok(), "{:#?}", with_ack.verdict.mistakes);
    assert!(with_ack.verdict.notes[0].en.contains("Linux"));
    assert!(with_ack.after.connections().is_empty());
    let bare = check_host_card(&client, &card(c(), s(), R, 1, 0, ""), T0).unwrap();
    assert!(bare.verdict.ok(), "{:#?}", bare.verdict.mistakes);
    assert!(bare.verdict.notes[0].en.contains("bare RST"));
    let bad = check_host_card(&client, &card(c(), s(), R | A, 1, 5, ""), T0).unwrap();
    let m = only(&bad.verdict);
    assert_eq!((m.field, m.expected.en.as_str()), (Field::Ack, "1"));
    assert!(bad.verdict.notes.is_empty(), "a wrong card gets no note");
    for n in with_ack.verdict.notes.iter().chain(&bare.verdict.notes) {
        assert!(twin_with_same_numbers(n), "{n}");
    }
}

/// RFC 9293 §3.10.7.3: in SYN-SENT, a SYN+ACK acknowledging 0 (only 1 is acceptable) is
/// answered by RST seq 0 (their ack), and the connection stays SYN-SENT; an ACK there is
/// a missing RST with that reason, not an abort.
#[test]
fn unacceptable_syn_ack_gets_a_reset_rfc9293_3_10_7_3() {
    let (mut client, mut server) = lan(Config::default());
    play(&mut client, &mut server, card(c(), s(), S, 0, 0, ""));
    let bad = check_host_card(&server, &card(s(), c(), S | A, 0, 0, ""), T0).unwrap();
    client.on_segment(&bad.sent, T0);
    assert_eq!(client.connections()[0].state, State::SynSent);
    let checked = check_host_card(&client, &card(c(), s(), A, 1, 1, ""), T0).unwrap();
    let rst = checked
        .verdict
        .mistakes
        .iter()
        .find(|m| m.field == Field::Flags && m.why.en.starts_with("RST flag missing"))
        .expect("RST missing");
    assert_eq!(rst.rfc, "RFC 9293 §3.10.7.3");
    assert!(rst.why.en.contains("stays SYN-SENT"), "{}", rst.why);
    assert!(!rst.why.en.contains("abort"), "{}", rst.why);
    let right = check_host_card(&client, &card(c(), s(), R, 0, 0, ""), T0).unwrap();
    assert!(right.verdict.ok(), "{:#?}", right.verdict.mistakes);
    assert_eq!(right.after.connections()[0].state, State::SynSent);
}

/// RFC 9293 §3.10.7.4 (SYN-RECEIVED): an ACK of something never sent (5, where only 1
/// is acceptable) is answered by RST seq = SEG.ACK, and an ACK instead is explained by
/// that rule, not as an abort.
#[test]
fn unacceptable_ack_in_syn_received_gets_a_reset_rfc9293_3_10_7_4() {
    let (mut client, mut server) = lan(Config::default());
    play(&mut client, &mut server, card(c(), s(), S, 0, 0, ""));
    play(&mut server, &mut client, card(s(), c(), S | A, 0, 1, ""));
    server_received(&mut server, c(), A, 1, 5, "");
    let checked = check_host_card(&server, &card(s(), c(), A, 1, 1, ""), T0).unwrap();
    let rst = checked
        .verdict
        .mistakes
        .iter()
        .find(|m| m.why.en.starts_with("RST flag missing"))
        .expect("RST missing");
    assert_eq!(rst.rfc, "RFC 9293 §3.10.7.4");
    assert!(
        rst.why.en.contains("acknowledges 5, which you never sent"),
        "{}",
        rst.why
    );
    assert!(twin_with_same_numbers(&rst.why));
    let right = check_host_card(&server, &card(s(), c(), R, 5, 0, ""), T0).unwrap();
    assert!(right.verdict.ok(), "{:#?}", right.verdict.mistakes);
}

/// RFC 9293 §3.10.7.2: a stray ACK to the listening port 23 gets RST seq = SEG.ACK, and
/// the why says the port listens (not that nothing listens there).
#[test]
fn stray_ack_to_a_listening_port_rfc9293_3_10_7_2() {
    let (_, mut server) = lan(Config::default());
    server_received(&mut server, c(), A, 5, 7, "");
    let checked = check_host_card(&server, &card(s(), c(), A, 7, 6, ""), T0).unwrap();
    let rst = checked
        .verdict
        .mistakes
        .iter()
        .find(|m| m.why.en.starts_with("RST flag missing"))
        .expect("RST missing");
    assert_eq!(rst.rfc, "RFC 9293 §3.10.7.2");
    assert!(rst.why.en.contains("port 23 listens"), "{}", rst.why);
    let right = check_host_card(&server, &card(s(), c(), R, 7, 0, ""), T0).unwrap();
    assert!(right.verdict.ok(), "{:#?}", right.verdict.mistakes);
}

fn situations() -> Vec<(Host, Host)> {
    let (fresh_client, listening_server) = lan(Config::default());
    let (mut c1, mut s1) = lan(Config::default());
    play(&mut c1, &mut s1, card(c(), s(), S, 0, 0, ""));
    let (mut c2, mut s2) = established(Config::default());
    play(
        &mut c2,
        &mut s2,
        card(c(), s(), A, 1, 1, "my name is Danilo"),
    );
    let (mut c3, mut s3) = established(Config::default());
    play(&mut c3, &mut s3, card(c(), s(), F | A, 1, 1, ""));
    let mut refused = listening_server.clone();
    refused.on_segment(
        &TcpSegment {
            src: c(),
            dst: Endpoint::new(SERVER, 80),
            seq: SeqNumber(0),
            ack: SeqNumber(0),
            flags: S,
            window: 0,
            payload: Vec::new(),
        },
        T0,
    );
    Vec::from([
        (fresh_client, listening_server),
        (c1, s1),
        (c2, s2),
        (c3, s3),
        (refused.clone(), refused),
    ])
}

proptest::proptest! {
    /// DESIGN.md §6: no card makes the referee panic; a card judged correct is the
    /// segment a real stack would send (up to the window and PSH, which are never
    /// mistakes), and `after` still owes only what the host owed before (its outbox is
    /// an in-order subsequence of the host's: the card takes segments out, never adds).
    #[test]
    fn any_card_is_judged_without_panic(
        who in 0usize..10,
        src in proptest::sample::select(Vec::from([CLIENT, SERVER, Ipv4Addr::new(10, 0, 1, 3)])),
        dst in proptest::sample::select(Vec::from([CLIENT, SERVER, Ipv4Addr::new(10, 0, 9, 9)])),
        sport in proptest::sample::select(Vec::from([0u16, 23, 80, 40000, 40001])),
        dport in proptest::sample::select(Vec::from([0u16, 23, 80, 40000])),
        flags in 0u8..32,
        seq in proptest::prop_oneof![0u32..20, proptest::num::u32::ANY],
        ack in proptest::prop_oneof![0u32..20, proptest::num::u32::ANY],
        data in proptest::prop_oneof![proptest::strategy::Just(""), proptest::strategy::Just("my name is Danilo"), proptest::strategy::Just("x")],
        ttl in 0u8..3,
    ) {
        let all = situations();
        let Some(pair) = all.get(who / 2) else { return Ok(()) };
        let host = if who % 2 == 0 { &pair.0 } else { &pair.1 };
        let mut p = card(Endpoint::new(src, sport), Endpoint::new(dst, dport), TcpFlags(flags), seq, ack, data);
        p.set_ttl(ttl);
        let judged = check_host_card(host, &p, T0);
        // Every explanation has its Italian twin with the same numbers.
        let verdict = judged.as_ref().map_or_else(|v| v, |c| &c.verdict);
        for m in &verdict.mistakes {
            proptest::prop_assert!(twin_with_same_numbers(&m.why), "{:?}", m.why);
        }
        if let Ok(checked) = judged {
            let mut owed = host.outbox().iter();
            proptest::prop_assert!(
                checked.after.outbox().iter().all(|seg| owed.any(|o| o == seg)),
                "after owes {:?}, host owed {:?}", checked.after.outbox(), host.outbox()
            );
            if checked.verdict.ok() {
                let mut want = checked.expected.clone();
                let mut got = checked.sent.clone();
                for seg in [&mut want, &mut got] {
                    seg.window = 0;
                    seg.flags = seg.flags.without(P);
                    if !seg.flags.ack() {
                        seg.ack = SeqNumber(0);
                    }
                }
                proptest::prop_assert_eq!(want, got);
            }
        }
    }
}

fn router() -> Router {
    let lan = |name: &str, a: [u8; 4], p: &str| Interface {
        name: name.into(),
        addr: Ipv4Addr::from(a),
        prefix: p.parse().unwrap(),
    };
    let mut r = Router::new(
        "Red router",
        Vec::from([
            lan("lan", [10, 0, 1, 254], "10.0.1.0/24"),
            lan("bb", [192, 168, 0, 1], "192.168.0.0/24"),
        ]),
    );
    r.table.add(Route {
        prefix: "10.0.2.0/24".parse().unwrap(),
        next_hop: NextHop::Gateway(Ipv4Addr::new(192, 168, 0, 2)),
        iface: 1,
    });
    r
}

fn to(dst: [u8; 4], ttl: u8) -> Packet {
    let mut p = card(c(), Endpoint::new(Ipv4Addr::from(dst), 23), S, 0, 0, "");
    p.set_ttl(ttl);
    p
}

/// Seed 000 and RFC 1812 §5.3.1: a card inside the LAN with TTL 1 is handed over, not
/// answered with time exceeded; choosing time exceeded is the mistake, in the switch's
/// words.
#[test]
fn no_time_exceeded_inside_a_lan_rfc1812_5_3_1() {
    let r = router();
    let last_hop = to([10, 0, 1, 1], 1);
    assert!(check_router_choice(&r, &last_hop, &RouterChoice::Deliver, |_| true).ok());
    let v = check_router_choice(&r, &last_hop, &RouterChoice::IcmpTimeExceeded, |_| true);
    let m = only(&v);
    assert_eq!(m.rfc, "RFC 1812 §5.3.1");
    assert!(m.why.en.contains("TTL stays 1"), "{}", m.why);
    assert!(twin_with_same_numbers(&m.why));
}

/// Round 6 (seed 003, RFC 1812 §5.2.4.3): a card for another LAN is forwarded to the
/// gateway of the longest matching prefix, not delivered.
#[test]
fn router_delivering_for_another_lan_rfc1812_5_2_4_3() {
    let r = router();
    let v = check_router_choice(&r, &to([10, 0, 2, 7], 64), &RouterChoice::Deliver, |_| true);
    let m = only(&v);
    assert_eq!(m.field, Field::Choice);
    assert_eq!(m.expected.en, "forward to 192.168.0.2");
    assert_eq!(m.expected.it.as_deref(), Some("inoltra a 192.168.0.2"));
    assert_eq!(
        m.why.en,
        "10.0.2.7 matches 10.0.2.0/24 via 192.168.0.2, so it goes to the router \
         192.168.0.2 — the longest prefix that matches wins"
    );
    assert_eq!(
        m.why.it.as_deref(),
        Some(
            "10.0.2.7 corrisponde a 10.0.2.0/24 via 192.168.0.2, quindi va al router \
             192.168.0.2 — vince il prefisso più lungo che corrisponde"
        )
    );
    assert_eq!(m.rfc, "RFC 1812 §5.2.4.3");
    let wrong_gw = RouterChoice::Forward {
        gateway: Ipv4Addr::new(192, 168, 0, 3),
    };
    let v = check_router_choice(&r, &to([10, 0, 2, 7], 64), &wrong_gw, |_| true);
    assert_eq!(only(&v).field, Field::NextHop);
    let right = RouterChoice::Forward {
        gateway: Ipv4Addr::new(192, 168, 0, 2),
    };
    assert!(check_router_choice(&r, &to([10, 0, 2, 7], 64), &right, |_| true).ok());
    assert!(check_router_choice(&r, &to([10, 0, 1, 1], 64), &RouterChoice::Deliver, |_| true).ok());
    let v = check_router_choice(&r, &to([10, 0, 1, 1], 64), &right, |_| true);
    assert!(
        only(&v).why.en.contains("both on your LAN"),
        "{}",
        only(&v).why
    );
    let mut from_green = to([10, 0, 1, 1], 64);
    if let Packet::Tcp { seg, .. } = &mut from_green {
        seg.src.addr = Ipv4Addr::new(10, 0, 2, 7);
    }
    let v = check_router_choice(&r, &from_green, &right, |_| true);
    assert!(
        only(&v).why.en.contains("directly connected"),
        "{}",
        only(&v).why
    );
    let it = only(&v).why.it.clone().unwrap_or_default();
    assert!(it.contains("10.0.1.0/24, connessa direttamente"), "{it}");
}

/// Round 5 (seed 000, RFC 1812 §5.2.7.1): no route ⇒ ICMP net unreachable (code 0);
/// dropping silently or the wrong code is a mistake.
#[test]
fn router_forgetting_icmp_for_no_route_rfc1812_5_2_7_1() {
    let r = router();
    let lost = to([10, 0, 99, 1], 64);
    let v = check_router_choice(&r, &lost, &RouterChoice::Drop, |_| true);
    let m = only(&v);
    assert_eq!(m.field, Field::Choice);
    assert_eq!(m.expected.en, "ICMP destination unreachable code 0");
    assert!(
        m.why.en.contains("10.0.99.1") && m.why.en.contains("network unreachable"),
        "{}",
        m.why
    );
    assert_eq!(m.rfc, "RFC 1812 §5.2.7.1");
    let host_code = RouterChoice::IcmpUnreachable { code: 1 };
    assert_eq!(
        only(&check_router_choice(&r, &lost, &host_code, |_| true)).field,
        Field::IcmpCode
    );
    let net = RouterChoice::IcmpUnreachable { code: 0 };
    assert!(check_router_choice(&r, &lost, &net, |_| true).ok());
}

/// RFC 1812 §5.3.1: TTL 1 dies at this router with time exceeded; RFC 1122 §3.2.2: an
/// ICMP error is dropped instead of answered.
#[test]
fn router_ttl_and_icmp_about_icmp_rfc1812_5_3_1() {
    let r = router();
    let dying = to([10, 0, 2, 7], 1);
    let forward = RouterChoice::Forward {
        gateway: Ipv4Addr::new(192, 168, 0, 2),
    };
    let v = check_router_choice(&r, &dying, &forward, |_| true);
    let m = only(&v);
    assert_eq!((m.field, m.rfc), (Field::Choice, "RFC 1812 §5.3.1"));
    assert!(m.why.en.contains("TTL was 1"), "{}", m.why);
    assert!(check_router_choice(&r, &dying, &RouterChoice::IcmpTimeExceeded, |_| true).ok());
    let error = Packet::Icmp {
        src: Ipv4Addr::new(10, 0, 2, 254),
        dst: Ipv4Addr::new(10, 0, 99, 1),
        meta: IpMeta::default(),
        msg: IcmpMessage::DestUnreachable {
            code: 0,
            quoted: Vec::new(),
        },
    };
    let v = check_router_choice(
        &r,
        &error,
        &RouterChoice::IcmpUnreachable { code: 0 },
        |_| true,
    );
    assert_eq!(v.intent, Intent::IcmpError);
    assert_eq!(only(&v).rfc, "RFC 1122 §3.2.2");
    assert!(check_router_choice(&r, &error, &RouterChoice::Drop, |_| true).ok());
}

/// Checks a card, lets the sender's host move on, and loses the card on the way (the
/// instructor's drop fault): the peer never sees it.
fn lost(from: &mut Host, card: Packet, now: Instant) {
    let checked = check_host_card(from, &card, now).expect("the card is possible here");
    assert!(checked.verdict.ok(), "{:?}", checked.verdict.mistakes);
    *from = checked.after;
}

/// A wrong card of a table: the field, what it should say, and the rule its why cites.
type Wrong = (Field, &'static str, &'static str);

/// Retransmission by hand (seed 001 names it as the next step): the lost card goes again
/// only when the timer ran out (RFC 6298 §5.4), with the seq and the bytes it had, and the
/// timer doubles at each expiry (§5.5). Each wrong card of the table says why, in both
/// languages, under its rule.
#[test]
fn retransmission_same_seq_same_bytes_after_the_timer_rfc6298_5() {
    let name = "my name is Alice";
    let (mut client, _) = established(Config::default());
    lost(&mut client, card(c(), s(), A, 1, 1, name), T0);
    let half = Instant::from_millis(500);
    // Before the 1 s timer ran out: the card may only be late.
    let early = check_host_card(&client, &card(c(), s(), A, 1, 1, name), half)
        .expect_err("the timer still runs");
    let m = only(&early);
    assert_eq!((m.field, m.rfc), (Field::Seq, "RFC 6298 §5"));
    assert!(m.why.en.contains("still has 1 s of its 1 s"), "{}", m.why);
    assert!(twin_with_same_numbers(&m.why));
    let expired = Instant::from_secs(1);
    client.poll(expired);
    assert_eq!(
        client.outbox().len(),
        1,
        "the stack owes the retransmission"
    );
    // Once owed, the card with the same seq and bytes is right: a new seq or other bytes
    // are not.
    let table: [(u32, &str, Option<Wrong>); 3] = [
        (1, name, None),
        (
            18,
            name,
            Some((Field::Seq, "1", "RFC 6298 §5.4, RFC 9293 §3.10.7.4")),
        ),
        (
            1,
            "my name is Bob",
            Some((Field::Data, name, "RFC 6298 §5.4, RFC 9293 §3.4")),
        ),
    ];
    for (seq, data, wrong) in table {
        let checked = check_host_card(&client, &card(c(), s(), A, seq, 1, data), expired)
            .expect("a retransmission is owed");
        match wrong {
            None => {
                assert!(checked.verdict.ok(), "{:?}", checked.verdict.mistakes);
                let v = checked.after.connections()[0].clone();
                assert_eq!(v.retransmits, 1);
                assert_eq!(v.rto, crate::time::Duration::from_secs(2), "doubled");
                assert_eq!(v.rto_deadline, Some(Instant::from_secs(3)));
                assert!(checked.after.outbox().is_empty());
            }
            Some((field, expected, rfc)) => {
                let m = only(&checked.verdict);
                assert_eq!(
                    (m.field, m.expected.en.as_str(), m.rfc),
                    (field, expected, rfc)
                );
                assert!(twin_with_same_numbers(&m.why), "{}", m.why);
            }
        }
    }
    // A player who waits through a second expiry still owes one card, not two, and the
    // timer has doubled again.
    client.poll(Instant::from_secs(3));
    assert_eq!(client.outbox().len(), 1);
    assert_eq!(
        client.connections()[0].rto,
        crate::time::Duration::from_secs(4)
    );
}

/// RFC 9293 §3.10.7.4: a receiver that already has the bytes (its ACK was lost) drops the
/// copy and acknowledges again with the current ack, not one counting the bytes twice.
#[test]
fn duplicate_is_acknowledged_with_the_current_ack_rfc9293_3_10_7_4() {
    let (mut client, mut server) = established(Config::default());
    play(
        &mut client,
        &mut server,
        card(c(), s(), A, 1, 1, "my name is Alice"),
    );
    lost(&mut server, card(s(), c(), A, 1, 17, ""), T0);
    let later = Instant::from_secs(1);
    client.poll(later);
    let again = client.take_outbox();
    assert_eq!(again.len(), 1);
    server.on_segment(&again[0], later);
    let right = check_host_card(&server, &card(s(), c(), A, 1, 17, ""), later).unwrap();
    assert!(right.verdict.ok(), "{:?}", right.verdict.mistakes);
    let twice = check_host_card(&server, &card(s(), c(), A, 1, 33, ""), later).unwrap();
    let m = only(&twice.verdict);
    assert_eq!((m.field, m.expected.en.as_str()), (Field::Ack, "17"));
}

/// RFC 6298 §5.4: only what the timer asked for is a retransmission. A SYN+ACK waiting for
/// its first sending has numbers below SND.NXT already, yet it is not one; once the timer
/// ran out, the same SYN+ACK is.
#[test]
fn a_first_syn_ack_is_no_retransmission_rfc6298_5_4() {
    let (mut client, mut server) = lan(Config::default());
    play(&mut client, &mut server, card(c(), s(), S, 0, 0, ""));
    let owed = server.outbox()[0].clone();
    assert!(server.resent_on(&owed).is_none());
    lost(&mut server, card(s(), c(), S | A, 0, 1, ""), T0);
    server.poll(Instant::from_secs(1));
    let again = server.outbox()[0].clone();
    assert!(server.resent_on(&again).is_some());
}
