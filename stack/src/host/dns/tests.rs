use super::*;
use crate::host::HostEvent;
use crate::tcp::{Config, IssMode};
use alloc::vec;

const CLIENT: Ipv4Addr = Ipv4Addr::new(10, 0, 1, 2);
const SERVER: Ipv4Addr = Ipv4Addr::new(10, 0, 1, 53);
const FORGER: Ipv4Addr = Ipv4Addr::new(10, 0, 2, 66);

fn zone() -> Zone {
    Zone {
        origin: "game".into(),
        records: vec![ZoneRecord {
            name: "red.game".into(),
            addr: Ipv4Addr::new(10, 0, 1, 1),
            ttl: 300,
        }],
    }
}

fn host(addr: Ipv4Addr, seed: u64) -> Host {
    let config = Config {
        iss: IssMode::Seeded(seed),
        ..Config::default()
    };
    Host::new(addr, config)
}

fn name(text: &str) -> DnsName {
    DnsName::from_text(text).expect("a name")
}

fn dns_events(h: &mut Host) -> Vec<DnsEvent> {
    h.take_events()
        .into_iter()
        .filter_map(|e| match e {
            HostEvent::Dns(d) => Some(d),
            _ => None,
        })
        .collect()
}

/// Carries the one datagram `from` queued to `to`; returns it.
fn carry(from: &mut Host, to: &mut Host) -> Packet {
    let mut out = from.take_udp_outbox();
    assert_eq!(out.len(), 1, "one datagram queued");
    let p = out.remove(0);
    deliver(to, &p);
    p
}

/// Hands a UDP datagram to `to`, as its LAN would; shared with the DNS checker's tests.
pub(crate) fn deliver(to: &mut Host, p: &Packet) {
    let Packet::Udp {
        src, dst, payload, ..
    } = p
    else {
        panic!("a UDP packet, got {p:?}");
    };
    to.on_udp(*src, *dst, payload);
}

/// RFC 1034 §4.3.2, RFC 1035 §4.1.1: the query leaves from a fresh port ≥ 1024 to port
/// 53; the server answers with the ID and question copied, AA set, the zone's TTL and
/// address; the client believes it and forgets the query.
#[test]
fn a_query_is_answered_from_the_zone_rfc1034_4_3_2() {
    let (mut client, mut server) = (host(CLIENT, 7), host(SERVER, 8));
    server.serve_zone(zone());
    let q = client.resolve(SERVER, name("Red.Game"));
    assert!(q.port >= FIRST_QUERY_PORT);
    assert_eq!(client.open_queries(), core::slice::from_ref(&q));
    let query = carry(&mut client, &mut server);
    assert_eq!(query.dns().map(|m| m.header.id), Some(q.id));
    let answer = carry(&mut server, &mut client);
    let Packet::Udp { src, dst, .. } = &answer else {
        panic!("UDP");
    };
    assert_eq!(
        (*src, *dst),
        (Endpoint::new(SERVER, 53), Endpoint::new(CLIENT, q.port))
    );
    let m = answer.dns().expect("DNS");
    assert_eq!(m.header.id, q.id);
    assert!(m.header.response && m.header.authoritative);
    assert_eq!(m.question, query.dns().expect("DNS").question);
    assert_eq!(
        client.address_of("red.game"),
        Some(Ipv4Addr::new(10, 0, 1, 1))
    );
    assert_eq!(client.resolved()[0].ttl, 300);
    assert!(client.open_queries().is_empty());
    assert!(matches!(
        dns_events(&mut client)[..],
        [DnsEvent::Asked { .. }, DnsEvent::Resolved { .. }]
    ));
}

/// RFC 1035 §4.1.1, RFC 1034 §4.3.2: a name of the zone not in the table is NXDOMAIN
/// (RCODE 3) with no answer; a name outside the zone is refused.
#[test]
fn unknown_names_get_nxdomain_rfc1035_4_1_1() {
    let (mut client, mut server) = (host(CLIENT, 1), host(SERVER, 2));
    server.serve_zone(zone());
    client.resolve(SERVER, name("green.game"));
    carry(&mut client, &mut server);
    let m = carry(&mut server, &mut client).dns().expect("DNS");
    assert_eq!((m.header.rcode, m.answers.len()), (rcode::NAME_ERROR, 0));
    assert_eq!(client.resolved()[0].addr, None);
    assert_eq!(client.resolved()[0].rcode, 3);
    client.resolve(SERVER, name("example.com"));
    carry(&mut client, &mut server);
    let m = carry(&mut server, &mut client).dns().expect("DNS");
    assert_eq!(m.header.rcode, rcode::REFUSED);
}

/// RFC 5452 §3, §9.1: a forged answer with a wrong ID, port or source is ignored with the
/// reason; one that matches them all is believed (cache poisoning).
#[test]
fn forged_answers_are_ignored_unless_they_match_rfc5452_9_1() {
    let mut client = host(CLIENT, 3);
    let q = client.resolve(SERVER, name("red.game"));
    let query = client.take_udp_outbox().remove(0).dns().expect("DNS");
    let lie = query.response(
        rcode::NO_ERROR,
        vec![ARecord {
            name: name("red.game"),
            ttl: 300,
            addr: FORGER,
        }],
    );
    let bytes = |m: &DnsMessage| m.encode().expect("bytes");
    let server = Endpoint::new(SERVER, 53);
    let mine = Endpoint::new(CLIENT, q.port);
    let mut wrong_id = lie.clone();
    wrong_id.header.id = q.id.wrapping_add(1);
    client.on_udp(server, mine, &bytes(&wrong_id));
    client.on_udp(server, Endpoint::new(CLIENT, q.port ^ 1), &bytes(&lie));
    client.on_udp(Endpoint::new(FORGER, 53), mine, &bytes(&lie));
    client.on_udp(server, mine, b"not dns");
    let ignored = dns_events(&mut client);
    assert_eq!(ignored.len(), 5, "{ignored:?}");
    for e in &ignored[1..] {
        assert!(matches!(e, DnsEvent::Ignored { .. }), "{e:?}");
        assert!(crate::text::twin_with_same_numbers(&e.text()), "{e:?}");
    }
    assert_eq!(client.open_queries().len(), 1, "still waiting");
    client.on_udp(server, mine, &bytes(&lie));
    assert_eq!(client.address_of("red.game"), Some(FORGER));
}

/// RFC 5452 §9.2: IDs and ports of successive queries are not a counter, and a port in use
/// is never taken twice.
#[test]
fn ids_and_ports_are_unpredictable_and_fresh_rfc5452_9_2() {
    let mut client = host(CLIENT, 9);
    let queries: Vec<OpenQuery> = (0..20)
        .map(|i| client.resolve(SERVER, name(&alloc::format!("h{i}.game"))))
        .collect();
    let mut ports: Vec<u16> = queries.iter().map(|q| q.port).collect();
    ports.sort_unstable();
    ports.dedup();
    assert_eq!(ports.len(), 20);
    let steps = queries
        .windows(2)
        .filter(|w| w[1].id == w[0].id.wrapping_add(1));
    assert_eq!(steps.count(), 0);
    assert!(!client.query_port_free(queries[0].port));
    assert!(!client.query_port_free(53));
}

#[test]
fn zone_names_match_by_labels_rfc4343() {
    assert!(in_zone("red.game", "game"));
    assert!(in_zone("RED.GAME.", "game"));
    assert!(in_zone("game", "game"));
    assert!(!in_zone("redgame", "game"));
    assert!(!in_zone("red.games", "game"));
}
