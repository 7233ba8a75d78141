//! Host and TCP state machine tests. Fixtures put a host in each RFC 9293 state; each test
//! names the rule it checks. Active fixtures: the host under test is the client
//! 10.0.1.2:40000 (ISS 0) talking to the server 10.0.1.1:23 whose ISS is 1000; the
//! passive fixture is the server, its peer's ISS being 5000.

use alloc::vec;
use alloc::vec::Vec;

use super::*;
use crate::segment::TcpFlags;
use crate::time::Duration;

const CLIENT_ADDR: Ipv4Addr = Ipv4Addr::new(10, 0, 1, 2);
const SERVER_ADDR: Ipv4Addr = Ipv4Addr::new(10, 0, 1, 1);
const CLIENT: Endpoint = Endpoint::new(CLIENT_ADDR, 40000);
const SERVER: Endpoint = Endpoint::new(SERVER_ADDR, 23);
const T0: Instant = Instant::ZERO;

const SYN: TcpFlags = TcpFlags::SYN;
const ACK: TcpFlags = TcpFlags::ACK;
const RST: TcpFlags = TcpFlags::RST;
const FIN: TcpFlags = TcpFlags::FIN;
const PSH: TcpFlags = TcpFlags::PSH;

fn seg(
    src: Endpoint,
    dst: Endpoint,
    flags: TcpFlags,
    seq: u32,
    ack: u32,
    data: &[u8],
) -> TcpSegment {
    TcpSegment {
        src,
        dst,
        seq: SeqNumber(seq),
        ack: SeqNumber(ack),
        flags,
        window: 65535,
        payload: data.to_vec(),
    }
}

/// A segment from the server to the client under test.
fn from_server(flags: TcpFlags, seq: u32, ack: u32, data: &[u8]) -> TcpSegment {
    seg(SERVER, CLIENT, flags, seq, ack, data)
}

/// A segment from the client to the server under test.
fn from_client(flags: TcpFlags, seq: u32, ack: u32, data: &[u8]) -> TcpSegment {
    seg(CLIENT, SERVER, flags, seq, ack, data)
}

/// Deliver a segment and return what the host transmits in answer.
fn deliver(host: &mut Host, s: TcpSegment) -> Vec<TcpSegment> {
    host.on_segment(&s, T0);
    host.take_outbox()
}

fn state(host: &Host, conn: ConnId) -> Option<State> {
    host.connection(conn).map(|v| v.state)
}

/// (flags, seq, ack) of a segment, for compact assertions.
fn fsa(s: &TcpSegment) -> (TcpFlags, u32, u32) {
    (s.flags, s.seq.0, s.ack.0)
}

fn fresh(host: &mut Host) {
    host.take_outbox();
    host.take_events();
}

fn socket_closed() -> Host {
    Host::new(SERVER_ADDR, Config::default())
}

fn socket_listen() -> Host {
    let mut host = socket_closed();
    assert_eq!(host.listen(23), Ok(()));
    host
}

fn socket_syn_sent_with(config: Config) -> (Host, ConnId) {
    let mut host = Host::new(CLIENT_ADDR, config);
    let conn = host.connect(40000, SERVER, T0).expect("port 40000 is free");
    fresh(&mut host);
    (host, conn)
}

fn socket_syn_sent() -> (Host, ConnId) {
    socket_syn_sent_with(Config::default())
}

/// Passive open: the server got a SYN (seq 5000) and answered SYN/ACK seq 0 ack 5001.
fn socket_syn_received() -> (Host, ConnId) {
    let mut host = socket_listen();
    deliver(&mut host, from_client(SYN, 5000, 0, b""));
    let conn = host.find(SERVER, CLIENT).expect("the SYN created a TCB");
    fresh(&mut host);
    (host, conn)
}

/// Active open turned simultaneous open: our SYN crossed theirs (seq 1000).
fn socket_syn_received_active() -> (Host, ConnId) {
    let (mut host, conn) = socket_syn_sent();
    deliver(&mut host, from_server(SYN, 1000, 0, b""));
    fresh(&mut host);
    (host, conn)
}

fn socket_established_with(config: Config, peer_window: u16) -> (Host, ConnId) {
    let (mut host, conn) = socket_syn_sent_with(config);
    let mut syn_ack = from_server(SYN | ACK, 1000, 1, b"");
    syn_ack.window = peer_window;
    deliver(&mut host, syn_ack);
    fresh(&mut host);
    (host, conn)
}

/// SND.NXT = 1, RCV.NXT = 1001.
fn socket_established() -> (Host, ConnId) {
    socket_established_with(Config::default(), 65535)
}

/// Our FIN (seq 1) is out: SND.NXT = 2.
fn socket_fin_wait_1() -> (Host, ConnId) {
    let (mut host, conn) = socket_established();
    assert_eq!(host.close(conn, T0), Ok(()));
    fresh(&mut host);
    (host, conn)
}

fn socket_fin_wait_2() -> (Host, ConnId) {
    let (mut host, conn) = socket_fin_wait_1();
    deliver(&mut host, from_server(ACK, 1001, 2, b""));
    fresh(&mut host);
    (host, conn)
}

/// Simultaneous close: their FIN (seq 1001) did not acknowledge ours. RCV.NXT = 1002.
fn socket_closing() -> (Host, ConnId) {
    let (mut host, conn) = socket_fin_wait_1();
    deliver(&mut host, from_server(FIN | ACK, 1001, 1, b""));
    fresh(&mut host);
    (host, conn)
}

/// RCV.NXT = 1002, SND.NXT = 2; TIME-WAIT ends at 2×MSL = 10 s.
fn socket_time_wait() -> (Host, ConnId) {
    let (mut host, conn) = socket_fin_wait_2();
    deliver(&mut host, from_server(FIN | ACK, 1001, 2, b""));
    fresh(&mut host);
    (host, conn)
}

fn socket_close_wait() -> (Host, ConnId) {
    let (mut host, conn) = socket_established();
    deliver(&mut host, from_server(FIN | ACK, 1001, 1, b""));
    fresh(&mut host);
    (host, conn)
}

fn socket_last_ack() -> (Host, ConnId) {
    let (mut host, conn) = socket_close_wait();
    assert_eq!(host.close(conn, T0), Ok(()));
    fresh(&mut host);
    (host, conn)
}

/// Every fixture with a TCB, with the state it must be in.
fn every_state() -> Vec<(State, (Host, ConnId))> {
    vec![
        (State::SynSent, socket_syn_sent()),
        (State::SynReceived, socket_syn_received()),
        (State::SynReceived, socket_syn_received_active()),
        (State::Established, socket_established()),
        (State::FinWait1, socket_fin_wait_1()),
        (State::FinWait2, socket_fin_wait_2()),
        (State::CloseWait, socket_close_wait()),
        (State::Closing, socket_closing()),
        (State::LastAck, socket_last_ack()),
        (State::TimeWait, socket_time_wait()),
    ]
}

/// RFC 9293 §3.3.2 (Figure 5): every state is reachable along the RFC's arrows.
#[test]
fn fixtures_reach_every_state_rfc_9293_figure_5() {
    for (want, (host, conn)) in every_state() {
        assert_eq!(state(&host, conn), Some(want));
    }
    assert!(socket_listen().is_listening(23));
    assert!(socket_closed().connections().is_empty());
    let (host, conn) = socket_time_wait();
    let v = host.connection(conn).expect("TIME-WAIT keeps the TCB");
    assert_eq!(
        (v.snd_una, v.snd_nxt, v.rcv_nxt),
        (SeqNumber(2), SeqNumber(2), SeqNumber(1002))
    );
    assert_eq!(v.last_transition, Some((State::FinWait2, State::TimeWait)));
}

/// (incoming flags, seq, ack, payload) ⇒ the expected reply's (flags, seq, ack), if any.
type ClosedPortRow = (
    TcpFlags,
    u32,
    u32,
    &'static [u8],
    Option<(TcpFlags, u32, u32)>,
);

/// RFC 9293 §3.10.7.1: a closed port answers RST — `<SEQ=SEG.ACK><CTL=RST>` when the
/// segment had an ACK, `<SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>` otherwise — and never
/// answers a RST.
#[test]
fn closed_port_rst_table_rfc_9293_section_3_10_7_1() {
    let table: [ClosedPortRow; 8] = [
        (SYN, 100, 0, b"", Some((RST | ACK, 0, 101))),
        (SYN, 100, 0, b"abc", Some((RST | ACK, 0, 104))),
        (FIN, 10, 0, b"", Some((RST | ACK, 0, 11))),
        (SYN | FIN, u32::MAX, 0, b"", Some((RST | ACK, 0, 1))),
        (ACK, 7, 9, b"", Some((RST, 9, 0))),
        (PSH | ACK, 1, 18, b"my name is Danilo", Some((RST, 18, 0))),
        (RST, 5, 0, b"", None),
        (RST | ACK, 5, 6, b"", None),
    ];
    for (flags, seq, ack, data, want) in table {
        let mut host = socket_closed();
        let out = deliver(&mut host, from_client(flags, seq, ack, data));
        assert_eq!(
            out.iter().map(fsa).collect::<Vec<_>>(),
            want.into_iter().collect::<Vec<_>>()
        );
        if let Some(first) = out.first() {
            assert_eq!((first.src, first.dst), (SERVER, CLIENT));
        }
        let events = host.take_events();
        let rfc = match events.as_slice() {
            [HostEvent::Replied { reason, .. }] | [HostEvent::SegmentIgnored { reason, .. }] => {
                reason.rfc
            }
            other => panic!("one explained event expected, got {other:?}"),
        };
        assert_eq!(rfc, "RFC 9293 §3.10.7.1");
    }
}

/// Seed 001, round 3 / RFC 9293 §3.10.7.1: a SYN to port 80 where nothing listens is
/// refused, and the client reports "connection refused" (RFC 9293 §3.10.7.3).
#[test]
fn connection_refused_between_two_hosts_seed_001_round_3() {
    let mut client = Host::new(CLIENT_ADDR, Config::default());
    let mut server = socket_listen();
    let conn = client
        .connect(40000, Endpoint::new(SERVER_ADDR, 80), T0)
        .expect("free");
    exchange(&mut client, &mut server, T0);
    assert_eq!(client.connection(conn), None);
    assert_eq!(client.take_error(conn), Some(TcpError::ConnectionRefused));
    assert_eq!(
        client.take_error(conn),
        None,
        "SO_ERROR is cleared once read"
    );
}

/// RFC 9293 §3.10.7.2: in LISTEN a RST is ignored, an ACK gets `<SEQ=SEG.ACK><CTL=RST>`,
/// a SYN creates a TCB in SYN-RECEIVED answered by `<SEQ=ISS><ACK=SEG.SEQ+1><CTL=SYN,ACK>`,
/// anything else is dropped.
#[test]
fn listen_rules_rfc_9293_section_3_10_7_2() {
    let mut host = socket_listen();
    assert!(deliver(&mut host, from_client(RST, 5, 0, b"")).is_empty());
    assert_eq!(
        deliver(&mut host, from_client(ACK, 5, 77, b""))
            .iter()
            .map(fsa)
            .collect::<Vec<_>>(),
        [(RST, 77, 0)]
    );
    assert!(deliver(&mut host, from_client(FIN, 5, 0, b"")).is_empty());
    assert!(host.connections().is_empty());
    host.take_events();

    // Data on a SYN is ignored: the SYN/ACK only acknowledges the SYN.
    let out = deliver(&mut host, from_client(SYN, 5000, 0, b"early"));
    assert_eq!(
        out.iter().map(fsa).collect::<Vec<_>>(),
        [(SYN | ACK, 0, 5001)]
    );
    let conn = host.find(SERVER, CLIENT).expect("a TCB");
    assert_eq!(state(&host, conn), Some(State::SynReceived));
    assert!(host.is_listening(23), "the listener stays");
    assert!(matches!(
        host.take_events().as_slice(),
        [HostEvent::StateChanged {
            from: State::Listen,
            to: State::SynReceived,
            ..
        }]
    ));
}

/// RFC 9293 §3.10.7.3: in SYN-SENT an ACK outside ISS < SEG.ACK =< SND.NXT gets a RST
/// `<SEQ=SEG.ACK>` (or is dropped if it is itself a RST).
#[test]
fn syn_sent_bad_ack_gets_rst_rfc_9293_section_3_10_7_3() {
    let (mut host, conn) = socket_syn_sent();
    let out = deliver(&mut host, from_server(SYN | ACK, 1000, 5, b""));
    assert_eq!(out.iter().map(fsa).collect::<Vec<_>>(), [(RST, 5, 0)]);
    assert!(deliver(&mut host, from_server(RST | ACK, 1000, 5, b"")).is_empty());
    assert!(
        deliver(&mut host, from_server(ACK, 1000, 0, b""))
            .iter()
            .all(|s| s.flags.rst())
    );
    assert_eq!(state(&host, conn), Some(State::SynSent));
}

/// RFC 9293 §3.10.7.3: a RST in SYN-SENT counts only if its ACK acknowledges our SYN;
/// then the connection is refused (ECONNREFUSED) and closed.
#[test]
fn syn_sent_rst_rfc_9293_section_3_10_7_3() {
    let (mut host, conn) = socket_syn_sent();
    assert!(deliver(&mut host, from_server(RST, 0, 0, b"")).is_empty());
    assert_eq!(state(&host, conn), Some(State::SynSent));
    assert!(deliver(&mut host, from_server(RST | ACK, 0, 1, b"")).is_empty());
    assert_eq!(state(&host, conn), None);
    assert_eq!(host.take_error(conn), Some(TcpError::ConnectionRefused));
    let events = host.take_events();
    assert!(events.iter().any(|e| matches!(
        e,
        HostEvent::Error {
            error: TcpError::ConnectionRefused,
            ..
        }
    )));
    assert!(events.iter().any(|e| matches!(
        e,
        HostEvent::StateChanged {
            to: State::Closed,
            ..
        }
    )));
}

/// RFC 9293 §3.10.7.3: SYN/ACK acknowledging our SYN ⇒ ESTABLISHED and
/// `<SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>`.
#[test]
fn syn_sent_syn_ack_establishes_rfc_9293_section_3_10_7_3() {
    let (mut host, conn) = socket_syn_sent();
    let out = deliver(&mut host, from_server(SYN | ACK, 1000, 1, b""));
    assert_eq!(out.iter().map(fsa).collect::<Vec<_>>(), [(ACK, 1, 1001)]);
    let v = host.connection(conn).expect("established");
    assert_eq!(v.state, State::Established);
    assert_eq!(
        (v.irs, v.snd_una, v.rcv_nxt),
        (SeqNumber(1000), SeqNumber(1), SeqNumber(1001))
    );
    assert_eq!(host.next_timer(), None, "nothing left to retransmit");
}

/// RFC 9293 §3.5 (Figure 8) and §3.10.7.3: simultaneous open — a bare SYN in SYN-SENT
/// ⇒ SYN-RECEIVED and SYN/ACK; its ACK ⇒ ESTABLISHED.
#[test]
fn simultaneous_open_rfc_9293_section_3_5_figure_8() {
    let (mut host, conn) = socket_syn_sent();
    let out = deliver(&mut host, from_server(SYN, 1000, 0, b""));
    assert_eq!(
        out.iter().map(fsa).collect::<Vec<_>>(),
        [(SYN | ACK, 0, 1001)]
    );
    assert_eq!(state(&host, conn), Some(State::SynReceived));
    let out = deliver(&mut host, from_server(SYN | ACK, 1000, 1, b""));
    // Their SYN/ACK repeats the SYN we already have: a challenge-style ACK would be wrong
    // here only if it reset; what matters is that its ACK completes our side.
    assert!(out.iter().all(|s| !s.flags.rst()));
    let out = deliver(&mut host, from_server(ACK, 1001, 1, b""));
    assert!(out.is_empty());
    assert_eq!(state(&host, conn), Some(State::Established));

    // Two real hosts opening to each other at the same moment.
    let mut a = Host::new(CLIENT_ADDR, Config::default());
    let mut b = Host::new(SERVER_ADDR, Config::default());
    let ca = a
        .connect(40000, Endpoint::new(SERVER_ADDR, 5000), T0)
        .expect("free");
    let cb = b.connect(5000, CLIENT, T0).expect("free");
    exchange(&mut a, &mut b, T0);
    assert_eq!(state(&a, ca), Some(State::Established));
    assert_eq!(state(&b, cb), Some(State::Established));
}

/// RFC 9293 §3.10.7.4 (SYN-RECEIVED): an acceptable ACK ⇒ ESTABLISHED, and a passive
/// connection is then ready for accept.
#[test]
fn syn_received_ack_establishes_rfc_9293_section_3_10_7_4() {
    let (mut host, conn) = socket_syn_received();
    assert_eq!(host.accept(23), None, "not before the handshake completes");
    assert!(deliver(&mut host, from_client(ACK, 5001, 1, b"")).is_empty());
    assert_eq!(state(&host, conn), Some(State::Established));
    assert!(host.take_events().contains(&HostEvent::Accepted {
        conn,
        listen_port: 23
    }));
    assert_eq!(host.accept(23), Some(conn));
    assert_eq!(host.accept(23), None, "accepted once");
}

/// RFC 9293 §3.10.7.4 (SYN-RECEIVED): an unacceptable ACK gets `<SEQ=SEG.ACK><CTL=RST>`.
#[test]
fn syn_received_bad_ack_gets_rst_rfc_9293_section_3_10_7_4() {
    let (mut host, conn) = socket_syn_received();
    let out = deliver(&mut host, from_client(ACK, 5001, 9, b""));
    assert_eq!(out.iter().map(fsa).collect::<Vec<_>>(), [(RST, 9, 0)]);
    assert_eq!(state(&host, conn), Some(State::SynReceived));
}

/// RFC 9293 §3.10.7.4 (SYN-RECEIVED, RST): a passive open returns to LISTEN (the TCB is
/// deleted, the port keeps listening); an active open is refused.
#[test]
fn syn_received_rst_rfc_9293_section_3_10_7_4() {
    let (mut host, conn) = socket_syn_received();
    assert!(deliver(&mut host, from_client(RST, 5001, 0, b"")).is_empty());
    assert_eq!(state(&host, conn), None);
    assert!(host.is_listening(23));
    assert_eq!(host.take_error(conn), None);

    let (mut host, conn) = socket_syn_received_active();
    assert!(deliver(&mut host, from_server(RST, 1001, 0, b"")).is_empty());
    assert_eq!(state(&host, conn), None);
    assert_eq!(host.take_error(conn), Some(TcpError::ConnectionRefused));
}

/// RFC 9293 §3.8.1 (retransmission) as real stacks apply it: a duplicate SYN in
/// SYN-RECEIVED means our SYN/ACK was lost, so it is sent again.
#[test]
fn duplicate_syn_resends_syn_ack_rfc_9293_section_3_8_1() {
    let (mut host, conn) = socket_syn_received();
    let out = deliver(&mut host, from_client(SYN, 5000, 0, b""));
    assert_eq!(
        out.iter().map(fsa).collect::<Vec<_>>(),
        [(SYN | ACK, 0, 5001)]
    );
    assert_eq!(state(&host, conn), Some(State::SynReceived));
}

/// RFC 9293 §3.10.7.4: the acceptability test, all four cases, through the host; an
/// unacceptable segment gets `<SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>` and is dropped.
#[test]
fn acceptability_four_cases_rfc_9293_section_3_10_7_4() {
    let config = Config {
        rcv_wnd: 4,
        ..Config::default()
    };
    let (mut host, conn) = socket_established_with(config, 65535);
    // len > 0, window > 0: in the window ⇒ accepted.
    assert_eq!(
        deliver(&mut host, from_server(ACK, 1001, 1, b"ab"))
            .iter()
            .map(fsa)
            .collect::<Vec<_>>(),
        [(ACK, 1, 1003)]
    );
    // len > 0, window > 0: beyond the window ⇒ ACK and drop.
    assert_eq!(
        deliver(&mut host, from_server(ACK, 1005, 1, b"zz"))
            .iter()
            .map(fsa)
            .collect::<Vec<_>>(),
        [(ACK, 1, 1003)]
    );
    // len 0, window > 0: RCV.NXT =< SEG.SEQ < RCV.NXT+RCV.WND.
    assert!(deliver(&mut host, from_server(ACK, 1004, 1, b"")).is_empty());
    assert_eq!(deliver(&mut host, from_server(ACK, 1005, 1, b"")).len(), 1);
    // Fill the window: now RCV.WND = 0.
    let out = deliver(&mut host, from_server(ACK, 1003, 1, b"cd"));
    assert_eq!(out.first().map(|s| s.window), Some(0));
    // len > 0, window 0: never acceptable.
    let out = deliver(&mut host, from_server(ACK, 1005, 1, b"e"));
    assert_eq!(
        out.iter().map(|s| (fsa(s), s.window)).collect::<Vec<_>>(),
        [((ACK, 1, 1005), 0)]
    );
    // len 0, window 0: only SEG.SEQ = RCV.NXT.
    assert!(deliver(&mut host, from_server(ACK, 1005, 1, b"")).is_empty());
    assert_eq!(deliver(&mut host, from_server(ACK, 1006, 1, b"")).len(), 1);
    assert_eq!(host.recv(conn), b"abcd");
}

/// RFC 5961 §3.2: an out-of-window RST is dropped silently, an in-window RST that is not
/// exactly RCV.NXT gets a challenge ACK, and only an exact RST resets the connection.
#[test]
fn rst_in_synchronized_states_rfc_5961_section_3_2() {
    let (mut host, conn) = socket_established();
    assert!(deliver(&mut host, from_server(RST, 100_000, 0, b"")).is_empty());
    let events = host.take_events();
    let [HostEvent::SegmentIgnored { reason, .. }] = events.as_slice() else {
        panic!("one ignored segment expected, got {events:?}");
    };
    assert_eq!(reason.rfc, "RFC 5961 §3.2");
    assert!(
        reason.text.contains("not in the window 1001..66536"),
        "{}",
        reason.text
    );

    let out = deliver(&mut host, from_server(RST, 1500, 0, b""));
    assert_eq!(out.iter().map(fsa).collect::<Vec<_>>(), [(ACK, 1, 1001)]);
    assert_eq!(state(&host, conn), Some(State::Established));

    assert!(deliver(&mut host, from_server(RST, 1001, 0, b"")).is_empty());
    assert_eq!(state(&host, conn), None);
    assert_eq!(host.take_error(conn), Some(TcpError::ConnectionReset));
}

/// RFC 5961 §4.2: a SYN in any synchronized state gets a challenge ACK, never a reset.
#[test]
fn syn_in_synchronized_states_gets_challenge_ack_rfc_5961_section_4_2() {
    for (want, (mut host, conn)) in every_state() {
        if !want.is_synchronized() {
            continue;
        }
        let v = host.connection(conn).expect("fixture");
        for seq in [1001, 1500, 7] {
            let out = deliver(&mut host, from_server(SYN, seq, 0, b""));
            assert_eq!(
                out.iter().map(fsa).collect::<Vec<_>>(),
                [(ACK, v.snd_nxt.0, v.rcv_nxt.0)],
                "{want} seq {seq}"
            );
            assert_eq!(state(&host, conn), Some(want));
        }
    }
}

/// RFC 5961 §5.2 and RFC 9293 §3.10.7.4: an ACK outside SND.UNA−MAX.SND.WND..SND.NXT is
/// dropped (its data too) and answered with an ACK.
#[test]
fn ack_acceptability_rfc_5961_section_5_2() {
    let (mut host, conn) = socket_established();
    let too_old = 1u32.wrapping_sub(70_000);
    for ack in [too_old, 50] {
        let out = deliver(&mut host, from_server(ACK, 1001, ack, b"data"));
        assert_eq!(
            out.iter().map(fsa).collect::<Vec<_>>(),
            [(ACK, 1, 1001)],
            "ack {ack}"
        );
        assert!(host.recv(conn).is_empty());
    }
    let rfcs: Vec<&str> = host
        .take_events()
        .iter()
        .filter_map(|e| match e {
            HostEvent::Replied { reason, .. } => Some(reason.rfc),
            _ => None,
        })
        .collect();
    assert_eq!(rfcs, ["RFC 5961 §5.2", "RFC 9293 §3.10.7.4"]);
}

/// RFC 9293 §3.10.7.4 "seventh": in-order data is delivered and acknowledged at once
/// (no delayed ACK); out-of-order data is dropped with a duplicate ACK (our choice);
/// a retransmission overlapping delivered data is trimmed.
#[test]
fn data_in_order_out_of_order_and_overlap_rfc_9293_section_3_10_7_4() {
    let (mut host, conn) = socket_established();
    let out = deliver(&mut host, from_server(PSH | ACK, 1001, 1, b"hello"));
    assert_eq!(
        out.iter().map(|s| (fsa(s), s.window)).collect::<Vec<_>>(),
        [((ACK, 1, 1006), 65530)]
    );
    assert!(host.take_events().contains(&HostEvent::DataReceived {
        conn,
        data: b"hello".to_vec()
    }));
    let out = deliver(&mut host, from_server(PSH | ACK, 1010, 1, b"x"));
    assert_eq!(out.iter().map(fsa).collect::<Vec<_>>(), [(ACK, 1, 1006)]);
    let out = deliver(&mut host, from_server(PSH | ACK, 1003, 1, b"llo world"));
    assert_eq!(out.iter().map(fsa).collect::<Vec<_>>(), [(ACK, 1, 1012)]);
    assert_eq!(host.recv(conn), b"hello world");
    assert!(host.recv(conn).is_empty());
}

/// RFC 9293 §3.10.7.4: ESTABLISHED → FIN-WAIT-1 (FIN sent) → FIN-WAIT-2 (FIN acked) →
/// TIME-WAIT (their FIN) → CLOSED after 2×MSL.
#[test]
fn active_close_through_time_wait_rfc_9293_section_3_10_7_4() {
    let (mut host, conn) = socket_established();
    assert_eq!(host.close(conn, T0), Ok(()));
    assert_eq!(
        host.take_outbox().iter().map(fsa).collect::<Vec<_>>(),
        [(FIN | ACK, 1, 1001)]
    );
    assert_eq!(state(&host, conn), Some(State::FinWait1));
    assert!(deliver(&mut host, from_server(ACK, 1001, 2, b"")).is_empty());
    assert_eq!(state(&host, conn), Some(State::FinWait2));
    // Data may still arrive in FIN-WAIT-2: their side is open.
    deliver(&mut host, from_server(PSH | ACK, 1001, 2, b"bye"));
    let out = deliver(&mut host, from_server(FIN | ACK, 1004, 2, b""));
    assert_eq!(out.iter().map(fsa).collect::<Vec<_>>(), [(ACK, 2, 1005)]);
    assert_eq!(state(&host, conn), Some(State::TimeWait));
    let msl = Config::default().msl;
    assert_eq!(host.next_timer(), Some(T0 + msl.saturating_mul(2)));
    host.poll(T0 + msl);
    assert_eq!(state(&host, conn), Some(State::TimeWait));
    host.poll(T0 + msl.saturating_mul(2));
    assert_eq!(state(&host, conn), None);
    assert_eq!(
        host.take_error(conn),
        None,
        "a graceful close is not an error"
    );
}

/// RFC 9293 §3.10.7.4: ESTABLISHED → CLOSE-WAIT (their FIN, ACKed) → LAST-ACK (our FIN)
/// → CLOSED (ACKed); sending is still allowed in CLOSE-WAIT.
#[test]
fn passive_close_rfc_9293_section_3_10_7_4() {
    let (mut host, conn) = socket_established();
    let out = deliver(&mut host, from_server(FIN | ACK, 1001, 1, b""));
    assert_eq!(out.iter().map(fsa).collect::<Vec<_>>(), [(ACK, 1, 1002)]);
    assert_eq!(state(&host, conn), Some(State::CloseWait));
    assert_eq!(host.send(conn, b"ok", T0), Ok(2));
    assert_eq!(host.close(conn, T0), Ok(()));
    assert_eq!(
        host.take_outbox().iter().map(fsa).collect::<Vec<_>>(),
        [(PSH | ACK, 1, 1002), (FIN | ACK, 3, 1002)]
    );
    assert_eq!(state(&host, conn), Some(State::LastAck));
    assert!(deliver(&mut host, from_server(ACK, 1002, 4, b"")).is_empty());
    assert_eq!(state(&host, conn), None);
}

/// RFC 9293 §3.10.7.4: FIN-WAIT-1 + a FIN that does not ACK ours ⇒ CLOSING ⇒ TIME-WAIT
/// when ours is ACKed; a FIN that does ACK ours ⇒ TIME-WAIT directly.
#[test]
fn closing_and_fin_ack_rfc_9293_section_3_10_7_4() {
    let (mut host, conn) = socket_fin_wait_1();
    let out = deliver(&mut host, from_server(FIN | ACK, 1001, 1, b""));
    assert_eq!(out.iter().map(fsa).collect::<Vec<_>>(), [(ACK, 2, 1002)]);
    assert_eq!(state(&host, conn), Some(State::Closing));
    assert!(deliver(&mut host, from_server(ACK, 1002, 2, b"")).is_empty());
    assert_eq!(state(&host, conn), Some(State::TimeWait));

    let (mut host, conn) = socket_fin_wait_1();
    let out = deliver(&mut host, from_server(FIN | ACK, 1001, 2, b""));
    assert_eq!(out.iter().map(fsa).collect::<Vec<_>>(), [(ACK, 2, 1002)]);
    assert_eq!(state(&host, conn), Some(State::TimeWait));
}

/// RFC 9293 §3.10.7.4: simultaneous close between two hosts — both FINs cross, both go
/// through CLOSING to TIME-WAIT.
#[test]
fn simultaneous_close_rfc_9293_section_3_10_7_4() {
    let (mut client, mut server, c, s) = connected_pair();
    assert_eq!(client.close(c, T0), Ok(()));
    assert_eq!(server.close(s, T0), Ok(()));
    let to_server = client.take_outbox();
    let to_client = server.take_outbox();
    for seg in &to_server {
        server.on_segment(seg, T0);
    }
    for seg in &to_client {
        client.on_segment(seg, T0);
    }
    assert_eq!(state(&client, c), Some(State::Closing));
    assert_eq!(state(&server, s), Some(State::Closing));
    exchange(&mut client, &mut server, T0);
    assert_eq!(state(&client, c), Some(State::TimeWait));
    assert_eq!(state(&server, s), Some(State::TimeWait));
}

/// RFC 9293 §3.10.7.4 (eighth, TIME-WAIT): a retransmitted FIN is ACKed again and
/// restarts the 2×MSL timer.
#[test]
fn time_wait_reacks_fin_and_restarts_timer_rfc_9293_section_3_10_7_4() {
    let (mut host, conn) = socket_time_wait();
    let later = T0 + Duration::from_secs(3);
    host.on_segment(&from_server(FIN | ACK, 1001, 2, b""), later);
    assert_eq!(
        host.take_outbox().iter().map(fsa).collect::<Vec<_>>(),
        [(ACK, 2, 1002)]
    );
    assert_eq!(
        host.next_timer(),
        Some(later + Config::default().msl.saturating_mul(2))
    );
    host.poll(T0 + Config::default().msl.saturating_mul(2));
    assert_eq!(state(&host, conn), Some(State::TimeWait));
}

/// RFC 1337 §4: a RST in TIME-WAIT is ignored even with the exact sequence number — a
/// deliberate deviation from RFC 9293, which would close the connection.
#[test]
fn rst_in_time_wait_ignored_rfc_1337() {
    let (mut host, conn) = socket_time_wait();
    assert!(deliver(&mut host, from_server(RST, 1002, 0, b"")).is_empty());
    assert_eq!(state(&host, conn), Some(State::TimeWait));
    let events = host.take_events();
    assert!(matches!(
        events.as_slice(),
        [HostEvent::SegmentIgnored {
            reason: Reason {
                rfc: "RFC 1337 §4",
                ..
            },
            ..
        }]
    ));
}

/// RFC 9293 §3.10.7.4: a RST in CLOSING or LAST-ACK closes the connection; our FIN was
/// not acknowledged, so the application hears "connection reset" (ECONNRESET, as Linux's
/// `tcp_reset` reports it).
#[test]
fn rst_while_closing_rfc_9293_section_3_10_7_4() {
    for (mut host, conn) in [socket_closing(), socket_last_ack()] {
        assert!(deliver(&mut host, from_server(RST, 1002, 0, b"")).is_empty());
        assert_eq!(state(&host, conn), None);
        assert_eq!(host.take_error(conn), Some(TcpError::ConnectionReset));
        assert_eq!(host.take_error(conn), None, "reported once");
    }
}

/// RFC 9293 §3.10.7.2: text on a SYN in LISTEN is "queued for processing later"; the
/// SYN/ACK acknowledges the SYN only, and once the handshake completes the text is
/// delivered and acknowledged.
#[test]
fn data_on_syn_delivered_once_established_rfc_9293_section_3_10_7_2() {
    let mut host = socket_listen();
    let out = deliver(&mut host, from_client(SYN, 5000, 0, b"hello"));
    assert_eq!(
        out.iter().map(fsa).collect::<Vec<_>>(),
        [(SYN | ACK, 0, 5001)]
    );
    let conn = host.find(SERVER, CLIENT).expect("a TCB");
    assert!(host.recv(conn).is_empty(), "not before ESTABLISHED");
    let out = deliver(&mut host, from_client(ACK, 5001, 1, b""));
    assert_eq!(out.iter().map(fsa).collect::<Vec<_>>(), [(ACK, 1, 5006)]);
    assert_eq!(state(&host, conn), Some(State::Established));
    assert_eq!(host.recv(conn), b"hello");

    // The peer may send the text again with its ACK (it saw only the SYN acknowledged):
    // the copy is trimmed, the new bytes after it delivered, one ACK covers all.
    let mut host = socket_listen();
    deliver(&mut host, from_client(SYN | FIN, 5000, 0, b"hi"));
    let conn = host.find(SERVER, CLIENT).expect("a TCB");
    let out = deliver(&mut host, from_client(ACK | PSH, 5001, 1, b"hi!"));
    assert_eq!(out.iter().map(fsa).collect::<Vec<_>>(), [(ACK, 1, 5004)]);
    assert_eq!(host.recv(conn), b"hi");
    assert_eq!(
        state(&host, conn),
        Some(State::CloseWait),
        "the SYN's FIN counts"
    );
}

/// RFC 9293 §3.10.7.3: text on the SYN/ACK "continue[s] processing at the sixth step":
/// delivered at once, and the ACK of the SYN/ACK covers it too. A FIN on it closes their
/// side (CLOSE-WAIT).
#[test]
fn data_on_syn_ack_delivered_rfc_9293_section_3_10_7_3() {
    let (mut host, conn) = socket_syn_sent();
    let out = deliver(&mut host, from_server(SYN | ACK, 1000, 1, b"welcome"));
    assert_eq!(out.iter().map(fsa).collect::<Vec<_>>(), [(ACK, 1, 1008)]);
    assert_eq!(state(&host, conn), Some(State::Established));
    assert_eq!(host.recv(conn), b"welcome");

    let (mut host, conn) = socket_syn_sent();
    let out = deliver(&mut host, from_server(SYN | ACK | FIN, 1000, 1, b"bye"));
    assert_eq!(out.iter().map(fsa).collect::<Vec<_>>(), [(ACK, 1, 1005)]);
    assert_eq!(state(&host, conn), Some(State::CloseWait));

    // A SYN crossing ours (simultaneous open) keeps its text until ESTABLISHED.
    let (mut host, conn) = socket_syn_sent();
    deliver(&mut host, from_server(SYN, 1000, 0, b"abc"));
    assert!(host.recv(conn).is_empty());
    let out = deliver(&mut host, from_server(ACK, 1001, 1, b""));
    assert_eq!(out.iter().map(fsa).collect::<Vec<_>>(), [(ACK, 1, 1004)]);
    assert_eq!(host.recv(conn), b"abc");
}

/// RFC 9293 §3.10.7.4, eighth step: a FIN in CLOSE-WAIT, CLOSING or LAST-ACK "remains"
/// and is acknowledged — whether it is the old FIN again (our ACK was lost) or an
/// acceptable one at RCV.NXT; in TIME-WAIT the 2 MSL timer restarts as well.
#[test]
fn repeated_fin_is_acknowledged_rfc_9293_section_3_10_7_4() {
    for (expected, (mut host, conn)) in [
        (State::CloseWait, socket_close_wait()),
        (State::Closing, socket_closing()),
        (State::LastAck, socket_last_ack()),
    ] {
        let snd_nxt = host.connection(conn).expect("open").snd_nxt.0;
        for seq in [1001, 1002] {
            let out = deliver(&mut host, from_server(FIN | ACK, seq, 1, b""));
            assert_eq!(
                out.iter().map(fsa).collect::<Vec<_>>(),
                [(ACK, snd_nxt, 1002)],
                "{expected} seq {seq}"
            );
            assert_eq!(state(&host, conn), Some(expected));
            assert!(host.take_events().iter().any(|e| matches!(
                e,
                HostEvent::Replied { reason, .. } if reason.rfc == "RFC 9293 §3.10.7.4"
            )));
        }
    }
    let (mut host, conn) = socket_time_wait();
    let later = T0 + Duration::from_secs(4);
    host.on_segment(&from_server(FIN | ACK, 1002, 2, b""), later);
    assert_eq!(
        host.take_outbox().iter().map(fsa).collect::<Vec<_>>(),
        [(ACK, 2, 1002)]
    );
    assert_eq!(
        host.next_timer(),
        Some(later + Config::default().msl.saturating_mul(2))
    );
    assert_eq!(state(&host, conn), Some(State::TimeWait));
}

/// RFC 5927 §4.1: an ICMP error is believed only if the TCP sequence number it quotes
/// lies in SND.UNA..SND.NXT (sent and not yet acknowledged); anything else may be forged
/// by someone guessing, and is ignored.
#[test]
fn icmp_quote_must_lie_between_snd_una_and_snd_nxt_rfc_5927_section_4_1() {
    let (mut host, conn) = socket_established();
    assert_eq!(host.send(conn, b"0123456789", T0), Ok(10));
    let data = host.take_outbox().pop().expect("data");
    let view = host.connection(conn).expect("open");
    assert_eq!((view.snd_una.0, view.snd_nxt.0), (1, 11));
    for seq in [0, 11, 12, 5000, u32::MAX] {
        let mut forged = data.clone();
        forged.seq = SeqNumber(seq);
        host.on_icmp_error(3, 1, &quote_of(&forged), T0);
        assert_eq!(host.take_error(conn), None, "seq {seq} is outside");
    }
    for seq in [1, 10] {
        let mut genuine = data.clone();
        genuine.seq = SeqNumber(seq);
        host.on_icmp_error(3, 1, &quote_of(&genuine), T0);
        assert_eq!(
            host.take_error(conn),
            Some(TcpError::Unreachable { code: 1 }),
            "seq {seq} is inside"
        );
    }
    // In SYN-SENT the window is just the SYN: a forged hard error cannot abort it.
    let (mut host, conn) = socket_syn_sent();
    let mut forged = from_client(SYN, 1, 0, b"");
    forged.src = CLIENT;
    forged.dst = SERVER;
    host.on_icmp_error(3, 3, &quote_of(&forged), T0);
    assert_eq!(state(&host, conn), Some(State::SynSent));
}

/// RFC 6298 §5.4–5.6 and RFC 1122 §4.2.3.5: the SYN is retransmitted after 1 s, then
/// with the timeout doubling up to `rto_max`; after `max_retransmits` the connection
/// gives up with "timed out".
#[test]
fn retransmission_backoff_rfc_6298_section_5() {
    let config = Config {
        rto_max: Duration::from_secs(5),
        max_retransmits: 4,
        ..Config::default()
    };
    let (mut host, conn) = socket_syn_sent_with(config);
    let mut deadlines = Vec::new();
    while let Some(at) = host.next_timer() {
        deadlines.push(at.millis() / 1000);
        host.poll(at);
        if let Some(v) = host.connection(conn) {
            assert_eq!(
                host.take_outbox().iter().map(fsa).collect::<Vec<_>>(),
                [(SYN, 0, 0)]
            );
            assert_eq!(v.state, State::SynSent);
        }
    }
    // RTO 1, 2, 4, 5 (capped), 5: four retransmissions, then give up.
    assert_eq!(deadlines, [1, 3, 7, 12, 17]);
    assert_eq!(state(&host, conn), None);
    assert_eq!(host.take_error(conn), Some(TcpError::TimedOut));
}

/// RFC 6298 §5.1–5.3: data is retransmitted (oldest first, with the current ACK) until
/// acknowledged; the ACK stops the timer.
#[test]
fn data_retransmission_rfc_6298_section_5() {
    let (mut host, conn) = socket_established();
    assert_eq!(host.send(conn, b"hi", T0), Ok(2));
    assert_eq!(host.send(conn, b"!", T0), Ok(1));
    assert_eq!(host.take_outbox().len(), 2);
    let rto = Config::default().rto_initial;
    assert_eq!(host.next_timer(), Some(T0 + rto));
    deliver(&mut host, from_server(PSH | ACK, 1001, 1, b"yo"));
    host.poll(T0 + rto);
    let out = host.take_outbox();
    assert_eq!(
        out.iter().map(fsa).collect::<Vec<_>>(),
        [(PSH | ACK, 1, 1003)]
    );
    assert_eq!(out.first().map(|s| s.payload.as_slice()), Some(&b"hi"[..]));
    assert!(deliver(&mut host, from_server(ACK, 1003, 3, b"")).is_empty());
    assert_eq!(
        host.next_timer(),
        Some(T0 + rto),
        "the timer restarts for the last byte"
    );
    assert!(deliver(&mut host, from_server(ACK, 1003, 4, b"")).is_empty());
    assert_eq!(host.next_timer(), None);
}

/// The IPv4 header + 8 bytes an ICMP error quotes (RFC 792), for one of our segments.
fn quote_of(s: &TcpSegment) -> Vec<u8> {
    let mut q = vec![0x45, 0, 0, 40, 0, 0, 0, 0, 64, 6, 0, 0];
    q.extend_from_slice(&s.src.addr.octets());
    q.extend_from_slice(&s.dst.addr.octets());
    q.extend_from_slice(&s.src.port.to_be_bytes());
    q.extend_from_slice(&s.dst.port.to_be_bytes());
    q.extend_from_slice(&s.seq.0.to_be_bytes());
    q
}

/// RFC 1122 §4.2.3.9: port unreachable (hard) aborts a connection in
/// SYN-SENT; net unreachable (soft) does not, but is reported when the connection times
/// out; a quote whose seq was never sent or which is garbled is ignored.
#[test]
fn icmp_hard_and_soft_errors_rfc_1122_section_4_2_3_9() {
    let mut host = Host::new(
        CLIENT_ADDR,
        Config {
            max_retransmits: 1,
            ..Config::default()
        },
    );
    let conn = host.connect(40000, SERVER, T0).expect("free");
    let syn = host.take_outbox().pop().expect("the SYN");
    host.on_icmp_error(3, 0, &quote_of(&syn), T0);
    assert_eq!(
        state(&host, conn),
        Some(State::SynSent),
        "soft error: keep trying"
    );
    host.on_icmp_error(3, 3, &[0x45, 1, 2], T0);
    let mut stale = syn.clone();
    stale.seq = SeqNumber(777);
    host.on_icmp_error(3, 3, &quote_of(&stale), T0);
    assert_eq!(
        state(&host, conn),
        Some(State::SynSent),
        "garbled or stale quotes are ignored"
    );
    while let Some(at) = host.next_timer() {
        host.poll(at);
    }
    assert_eq!(
        host.take_error(conn),
        Some(TcpError::Unreachable { code: 0 })
    );

    let conn = host.connect(40001, SERVER, T0).expect("free");
    let syn = host.take_outbox().pop().expect("the SYN");
    host.on_icmp_error(3, 3, &quote_of(&syn), T0);
    assert_eq!(state(&host, conn), None);
    assert_eq!(
        host.take_error(conn),
        Some(TcpError::Unreachable { code: 3 })
    );
}

/// RFC 5927 §5.2: a hard ICMP error does not kill an established connection; it is kept as
/// a soft error (reported by SO_ERROR).
#[test]
fn icmp_hard_error_on_established_is_soft_rfc_5927_section_5_2() {
    let (mut host, conn) = socket_established();
    assert_eq!(host.send(conn, b"x", T0), Ok(1));
    let data = host.take_outbox().pop().expect("data");
    host.on_icmp_error(3, 3, &quote_of(&data), T0);
    assert_eq!(state(&host, conn), Some(State::Established));
    assert_eq!(
        host.take_error(conn),
        Some(TcpError::Unreachable { code: 3 })
    );
    host.on_icmp_error(11, 0, &quote_of(&data), T0);
    assert_eq!(
        host.take_error(conn),
        Some(TcpError::Unreachable { code: 1 })
    );
}

/// RFC 9293 §3.10.2–3.10.4: user calls in the wrong state are refused with a sentence;
/// CLOSE in SYN-SENT deletes the TCB.
#[test]
fn user_calls_in_wrong_states_rfc_9293_section_3_10() {
    let (mut host, conn) = socket_syn_sent();
    let err = host.send(conn, b"x", T0).expect_err("not connected");
    assert_eq!(
        err,
        HostError::NotConnected {
            state: State::SynSent
        }
    );
    assert_eq!(
        alloc::format!("{err}"),
        "the connection is in SYN-SENT, not connected yet: wait for ESTABLISHED"
    );
    assert_eq!(
        host.connect(40000, SERVER, T0),
        Err(HostError::PortInUse(40000))
    );
    assert_eq!(host.close(conn, T0), Ok(()));
    assert!(host.take_outbox().is_empty());
    assert_eq!(host.connection(conn), None);
    assert_eq!(
        host.send(conn, b"x", T0),
        Err(HostError::NoSuchConnection(conn))
    );

    let (mut host, conn) = socket_fin_wait_1();
    assert_eq!(
        host.send(conn, b"x", T0),
        Err(HostError::Closing {
            state: State::FinWait1
        })
    );
    assert_eq!(
        host.close(conn, T0),
        Err(HostError::Closing {
            state: State::FinWait1
        })
    );
    assert_eq!(socket_listen().listen(23), Err(HostError::PortInUse(23)));

    let (mut host, conn) = socket_time_wait();
    assert_eq!(
        host.connect(40000, SERVER, T0),
        Err(HostError::PortInUse(40000)),
        "TIME-WAIT holds the 4-tuple"
    );
    assert_eq!(host.abort(conn, T0), Ok(()));
    assert!(host.take_outbox().is_empty());
}

/// RFC 9293 §3.10.5: ABORT sends `<SEQ=SND.NXT><CTL=RST>` and forgets the connection.
#[test]
fn abort_sends_rst_rfc_9293_section_3_10_5() {
    let (mut host, conn) = socket_established();
    assert_eq!(host.abort(conn, T0), Ok(()));
    assert_eq!(
        host.take_outbox().iter().map(fsa).collect::<Vec<_>>(),
        [(RST, 1, 0)]
    );
    assert_eq!(host.connection(conn), None);
}

/// RFC 9293 §3.8.6 and §3.7.1: we send at most min(MSS, usable window) per segment, hold
/// data on a zero window, probe it when the timer fires, and resume on a window update.
#[test]
fn send_respects_window_and_mss_rfc_9293_section_3_8_6() {
    let config = Config {
        mss: 4,
        ..Config::default()
    };
    let (mut host, conn) = socket_established_with(config, 6);
    assert_eq!(host.send(conn, b"0123456789", T0), Ok(10));
    let out = host.take_outbox();
    let sizes: Vec<(u32, usize)> = out.iter().map(|s| (s.seq.0, s.payload.len())).collect();
    assert_eq!(
        sizes,
        [(1, 4), (5, 2)],
        "MSS 4, then the window of 6 is full"
    );
    let mut ack = from_server(ACK, 1001, 7, b"");
    ack.window = 0;
    assert!(
        deliver(&mut host, ack).is_empty(),
        "zero window: hold the data"
    );
    let probe_at = host.next_timer().expect("persist timer");
    host.poll(probe_at);
    assert_eq!(
        host.take_outbox().iter().map(fsa).collect::<Vec<_>>(),
        [(ACK, 6, 1001)],
        "window probe"
    );
    let out = deliver(&mut host, from_server(ACK, 1001, 7, b""));
    let sizes: Vec<(u32, usize)> = out.iter().map(|s| (s.seq.0, s.payload.len())).collect();
    assert_eq!(sizes, [(7, 4)]);
    assert_eq!(
        host.connection(conn).map(|v| v.snd_nxt),
        Some(SeqNumber(11))
    );
}

/// RFC 9293 §3.8.6.2.2: the advertised window shrinks by unread bytes; reading a full
/// buffer sends a window update.
#[test]
fn advertised_window_tracks_unread_bytes_rfc_9293_section_3_8_6() {
    let config = Config {
        rcv_wnd: 3,
        ..Config::default()
    };
    let (mut host, conn) = socket_established_with(config, 65535);
    let out = deliver(&mut host, from_server(PSH | ACK, 1001, 1, b"abc"));
    assert_eq!(out.first().map(|s| s.window), Some(0));
    assert_eq!(host.connection(conn).map(|v| v.rcv_wnd), Some(0));
    assert_eq!(host.recv(conn), b"abc");
    let update = host.take_outbox();
    assert_eq!(
        update
            .iter()
            .map(|s| (fsa(s), s.window))
            .collect::<Vec<_>>(),
        [((ACK, 1, 1004), 3)]
    );
}

/// RFC 9293 §3.4.1: ISNs are 0 in the classroom mode and unpredictable but reproducible
/// with a seed.
#[test]
fn iss_modes_rfc_9293_section_3_4_1() {
    let seeded = Config {
        iss: IssMode::Seeded(42),
        ..Config::default()
    };
    let iss = |config: Config| {
        let mut host = Host::new(CLIENT_ADDR, config);
        let a = host.connect(40000, SERVER, T0).expect("free");
        let b = host.connect(40001, SERVER, T0).expect("free");
        (
            host.connection(a).map(|v| v.iss),
            host.connection(b).map(|v| v.iss),
        )
    };
    assert_eq!(
        iss(Config::default()),
        (Some(SeqNumber(0)), Some(SeqNumber(0)))
    );
    assert_eq!(iss(seeded), iss(seeded));
    let (a, b) = iss(seeded);
    assert_ne!(a, b);
    assert_ne!(a, Some(SeqNumber(0)));
}

/// RFC 9293 §3.10.7.4: with a zero receive window, data is dropped but the ACK it
/// carries is still used ("special allowance should be made to accept valid ACKs").
#[test]
fn zero_window_still_accepts_acks_rfc_9293_section_3_10_7_4() {
    let config = Config {
        rcv_wnd: 2,
        ..Config::default()
    };
    let (mut host, conn) = socket_established_with(config, 65535);
    deliver(&mut host, from_server(PSH | ACK, 1001, 1, b"ab"));
    assert_eq!(host.send(conn, b"q", T0), Ok(1));
    host.take_outbox();
    let out = deliver(&mut host, from_server(PSH | ACK, 1003, 2, b"c"));
    assert_eq!(
        out.iter().map(|s| (fsa(s), s.window)).collect::<Vec<_>>(),
        [((ACK, 2, 1003), 0)]
    );
    assert_eq!(host.connection(conn).map(|v| v.snd_una), Some(SeqNumber(2)));
    assert_eq!(
        host.next_timer(),
        None,
        "the ACK stopped the retransmission timer"
    );
}

/// RFC 1122 §4.2.3.5: a half-open passive connection whose SYN/ACK is never answered
/// retransmits it, then disappears without leaving an error nobody would read.
#[test]
fn half_open_passive_connection_times_out_rfc_1122_section_4_2_3_5() {
    let (mut host, conn) = socket_syn_received();
    let mut retransmitted = 0;
    while let Some(at) = host.next_timer() {
        host.poll(at);
        retransmitted += host
            .take_outbox()
            .iter()
            .filter(|s| s.flags == SYN | ACK)
            .count();
    }
    assert_eq!(retransmitted, 6);
    assert_eq!(state(&host, conn), None);
    assert_eq!(host.take_error(conn), None);
    assert!(host.is_listening(23));
}

/// Every explanation is a sentence with a source, so the game can always say why.
#[test]
fn every_event_names_its_source() {
    let (mut client, mut server, c, s) = connected_pair();
    client.send(c, b"hello", T0).expect("established");
    exchange(&mut client, &mut server, T0);
    deliver(&mut client, from_server(RST, 9, 0, b""));
    deliver(&mut client, from_server(SYN, 1, 0, b""));
    server.close(s, T0).expect("established");
    client.close(c, T0).expect("established");
    exchange(&mut client, &mut server, T0);
    let events: Vec<HostEvent> = client
        .take_events()
        .into_iter()
        .chain(server.take_events())
        .collect();
    assert!(events.len() >= 8);
    for e in events {
        let reason = match &e {
            HostEvent::StateChanged { reason, .. }
            | HostEvent::Error { reason, .. }
            | HostEvent::SegmentIgnored { reason, .. }
            | HostEvent::Replied { reason, .. } => reason,
            HostEvent::Accepted { .. } | HostEvent::DataReceived { .. } => continue,
            HostEvent::Dns(d) => {
                assert!(d.rfc().starts_with("RFC "), "{e:?}");
                continue;
            }
        };
        assert!(reason.rfc.starts_with("RFC "), "{e:?}");
        assert!(reason.text.len() > 20, "{e:?}");
    }
}

/// Move segments between two hosts until both are quiet (a lossless wire).
fn exchange(a: &mut Host, b: &mut Host, now: Instant) {
    for _ in 0..100 {
        let to_b = a.take_outbox();
        let to_a = b.take_outbox();
        if to_a.is_empty() && to_b.is_empty() {
            return;
        }
        for s in &to_b {
            b.on_segment(s, now);
        }
        for s in &to_a {
            a.on_segment(s, now);
        }
    }
    panic!("the hosts never went quiet");
}

fn connected_pair() -> (Host, Host, ConnId, ConnId) {
    let mut client = Host::new(CLIENT_ADDR, Config::default());
    let mut server = socket_listen();
    let c = client.connect(40000, SERVER, T0).expect("free");
    exchange(&mut client, &mut server, T0);
    let s = server.accept(23).expect("handshake done");
    (client, server, c, s)
}

/// Seed 001, rounds 1, 2 and 7, with RFC 9293 §3.4 arithmetic: SYN seq 0 → SYN/ACK
/// seq 0 ack 1 → ACK; "my name is Danilo" (17 bytes) at seq 1 is acknowledged with
/// ack 18; then FIN → ACK → FIN → ACK, the client waiting in TIME-WAIT.
#[test]
fn handshake_data_and_goodbye_seed_001() {
    let mut client = Host::new(CLIENT_ADDR, Config::default());
    let mut server = socket_listen();
    let c = client.connect(40000, SERVER, T0).expect("free");
    let mut ladder = Vec::new();
    let step = |from: &mut Host, to: &mut Host, ladder: &mut Vec<(TcpFlags, u32, u32, usize)>| {
        for s in from.take_outbox() {
            ladder.push((s.flags, s.seq.0, s.ack.0, s.payload.len()));
            to.on_segment(&s, T0);
        }
    };
    step(&mut client, &mut server, &mut ladder);
    step(&mut server, &mut client, &mut ladder);
    step(&mut client, &mut server, &mut ladder);
    let s = server.accept(23).expect("established");
    assert_eq!(client.send(c, b"my name is Danilo", T0), Ok(17));
    step(&mut client, &mut server, &mut ladder);
    step(&mut server, &mut client, &mut ladder);
    assert_eq!(server.recv(s), b"my name is Danilo");
    assert_eq!(client.close(c, T0), Ok(()));
    step(&mut client, &mut server, &mut ladder);
    step(&mut server, &mut client, &mut ladder);
    assert_eq!(state(&client, c), Some(State::FinWait2));
    assert_eq!(state(&server, s), Some(State::CloseWait));
    assert_eq!(server.close(s, T0), Ok(()));
    step(&mut server, &mut client, &mut ladder);
    step(&mut client, &mut server, &mut ladder);
    assert_eq!(
        ladder,
        [
            (SYN, 0, 0, 0),
            (SYN | ACK, 0, 1, 0),
            (ACK, 1, 1, 0),
            (PSH | ACK, 1, 1, 17),
            (ACK, 1, 18, 0),
            (FIN | ACK, 18, 1, 0),
            (ACK, 1, 19, 0),
            (FIN | ACK, 1, 19, 0),
            (ACK, 19, 2, 0),
        ]
    );
    assert_eq!(state(&client, c), Some(State::TimeWait));
    assert_eq!(state(&server, s), None);
    client.poll(T0 + Config::default().msl.saturating_mul(2));
    assert!(client.connections().is_empty());
    assert!(server.connections().is_empty());
}

/// A copy of a host is independent: the checker tries actions on clones.
#[test]
fn cloned_host_is_independent() {
    let (host, conn) = socket_established();
    let mut copy = host.clone();
    deliver(&mut copy, from_server(RST, 1001, 0, b""));
    assert_eq!(state(&copy, conn), None);
    assert_eq!(state(&host, conn), Some(State::Established));
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn seq_near() -> impl Strategy<Value = u32> {
        prop_oneof![
            any::<u32>(),
            (0u32..8).prop_map(|d| d.wrapping_sub(2)),
            (0u32..8).prop_map(|d| 998 + d),
            (0u32..8).prop_map(|d| 4998 + d),
        ]
    }

    #[derive(Debug, Clone)]
    enum Action {
        Segment {
            flags: u8,
            seq: u32,
            ack: u32,
            len: usize,
            window: u16,
        },
        Poll(u64),
        Send(usize),
        Close,
        Recv,
    }

    fn action() -> impl Strategy<Value = Action> {
        prop_oneof![
            6 => (any::<u8>(), seq_near(), seq_near(), 0usize..20, any::<u16>())
                .prop_map(|(flags, seq, ack, len, window)| Action::Segment { flags: flags & 0x1f, seq, ack, len, window }),
            1 => (0u64..200_000_000).prop_map(Action::Poll),
            1 => (0usize..3000).prop_map(Action::Send),
            1 => Just(Action::Close),
            1 => Just(Action::Recv),
        ]
    }

    proptest! {
        /// No input panics the host, and the RFC 9293 §3.3.1 invariants hold:
        /// SND.UNA =< SND.NXT, and no removed (CLOSED/LISTEN) state lingers.
        #[test]
        fn arbitrary_segments_never_break_invariants(
            fixture in 0usize..11,
            actions in proptest::collection::vec(action(), 1..25),
        ) {
            let (mut host, conn) = match every_state().into_iter().nth(fixture) {
                Some((_, pair)) => pair,
                None => (socket_listen(), ConnId(0)),
            };
            let mut now = T0;
            for a in actions {
                match a {
                    Action::Segment { flags, seq, ack, len, window } => {
                        let payload = vec![b'x'; len];
                        let (src, dst) = if host.addr() == SERVER_ADDR { (CLIENT, SERVER) } else { (SERVER, CLIENT) };
                        let mut s = seg(src, dst, TcpFlags(flags), seq, ack, &payload);
                        s.window = window;
                        host.on_segment(&s, now);
                    }
                    Action::Poll(us) => {
                        now += Duration::from_micros(us);
                        host.poll(now);
                    }
                    Action::Send(n) => { let _ = host.send(conn, &vec![b'y'; n], now); }
                    Action::Close => { let _ = host.close(conn, now); }
                    Action::Recv => { host.recv(conn); }
                }
                for v in host.connections() {
                    prop_assert!(v.snd_una <= v.snd_nxt, "{v:?}");
                    prop_assert!(!matches!(v.state, State::Closed | State::Listen), "{v:?}");
                    prop_assert!(v.rcv_wnd <= 65535);
                }
                for s in host.take_outbox() {
                    prop_assert_eq!(s.src.addr, host.addr());
                    prop_assert!(s.payload.len() <= 1460);
                }
                host.take_events();
            }
        }
    }
}
