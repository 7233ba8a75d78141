use super::*;
use crate::scenario::ScenarioError;
use crate::world::{NodeKind, World};

const TWO_LANS: &str = r#"name = "DNS"
goals = ["handshake"]

[[teams]]
name = "Red"
lan = "10.0.1.0/24"
clients = ["Alice"]

[[teams]]
name = "Blue Team"
lan = "10.0.2.0/24"
clients = ["Bob"]

[backbone]
prefix = "192.168.0.0/24"
links = [["Red", "Blue Team"]]
"#;

fn with_dns(table: &str) -> String {
    format!("{TWO_LANS}\n[dns]\n{table}")
}

fn errors(text: &str) -> Vec<ScenarioError> {
    let refused = Scenario::from_toml(text).expect_err("the file must be refused");
    crate::scenario::tests::in_italian_too(refused)
}

/// `[dns]` alone is a zone `game` with TTL 300 and a name for every team's server.
#[test]
fn an_empty_dns_table_names_every_server() {
    let s = Scenario::from_toml(&with_dns("")).expect("valid");
    let dns = s.dns.clone().expect("a zone");
    assert_eq!(*dns, DnsSpec::default());
    let zone = dns.table(&s.teams);
    let names: Vec<(&str, Ipv4Addr)> = zone
        .records
        .iter()
        .map(|r| (r.name.as_str(), r.addr))
        .collect();
    assert_eq!(
        names,
        [
            ("red.game", Ipv4Addr::new(10, 0, 1, 1)),
            ("blue-team.game", Ipv4Addr::new(10, 0, 2, 1))
        ]
    );
    assert_eq!(
        DnsSpec::server_addr(&s.teams),
        Some(Ipv4Addr::new(10, 0, 1, 53))
    );
}

/// A zone reads, writes and reads back equal; a scenario without one writes no `[dns]`.
#[test]
fn a_zone_round_trips_and_none_writes_nothing() {
    let text = with_dns(
        "zone = \"school.example\"\nttl = 60\nrecords = [[\"www.school.example\", \"10.0.2.80\"], \
         [\"bb.school.example\", \"192.168.0.9\"]]\n",
    );
    let s = Scenario::from_toml(&text).expect("valid");
    let written = s.to_toml();
    assert!(written.contains("\n[dns]\nzone = \"school.example\"\nttl = 60\n"));
    assert_eq!(Scenario::from_toml(&written), Ok(s));
    let plain = Scenario::from_toml(TWO_LANS).expect("valid");
    assert!(!plain.to_toml().contains("[dns]"));
}

/// RFC 1035 §2.3.4 limits, the zone, duplicates and reachable addresses: each problem names
/// its field and line.
#[test]
fn bad_records_name_their_field_and_line_rfc1035_2_3_4() {
    let long = "a".repeat(64);
    let text = with_dns(&format!(
        "records = [\n  [\"{long}.game\", \"10.0.1.9\"],\n  [\"www.other\", \"10.0.1.9\"],\n  \
         [\"Red.game\", \"10.0.1.9\"],\n  [\"far.game\", \"172.16.0.1\"],\n  [\"x.game\", \
         \"10.0.1\"],\n  [\"y.game\"],\n]\nttl = 4294967295\n"
    ));
    let e = errors(&text);
    let got: Vec<(Option<usize>, &str)> = e.iter().map(|e| (e.line, e.field.as_str())).collect();
    assert_eq!(
        got,
        [
            (Some(20), "dns.records[0]"),
            (Some(21), "dns.records[1]"),
            (Some(22), "dns.records[2]"),
            (Some(23), "dns.records[3]"),
            (Some(24), "dns.records[4]"),
            (Some(25), "dns.records[5]"),
            (Some(27), "dns.ttl"),
        ],
        "{e:#?}"
    );
    assert!(e[0].message.contains("63"), "{}", e[0]);
    assert!(e[1].message.contains("not in the zone"), "{}", e[1]);
    assert!(e[2].message.contains("already in the zone"), "{}", e[2]);
    assert!(e[3].message.contains("nobody could reach it"), "{}", e[3]);
    assert!(e[4].message.contains("not an IPv4 address"), "{}", e[4]);
    assert!(e[5].message.contains("not 1 values"), "{}", e[5]);
    assert!(e[6].message.contains("RFC 2181 §8"), "{}", e[6]);
}

/// The server needs `.53` of the first LAN: a /27 has no room, and 52 clients take it.
#[test]
fn the_server_needs_its_address() {
    let small = with_dns("").replace("10.0.1.0/24", "10.0.1.0/27");
    assert!(errors(&small)[0].message.contains("/26 or larger"));
    let clients: Vec<String> = (0..52).map(|i| format!("\"c{i}\"")).collect();
    let crowded = with_dns("").replace("[\"Alice\"]", &format!("[{}]", clients.join(", ")));
    assert!(
        errors(&crowded)[0]
            .message
            .contains("fewer than 52 clients")
    );
}

/// The DNS server is one node after all the others: the other ids do not move.
#[test]
fn the_dns_server_is_the_last_node() {
    let plain = World::new(&Scenario::from_toml(TWO_LANS).expect("valid")).expect("world");
    let dns = World::new(&Scenario::from_toml(&with_dns("")).expect("valid")).expect("world");
    let kinds = |w: &World| -> Vec<(String, NodeKind)> {
        w.nodes().iter().map(|n| (n.name.clone(), n.kind)).collect()
    };
    let mut expected = kinds(&plain);
    expected.push((String::from("DNS server"), NodeKind::Dns));
    assert_eq!(kinds(&dns), expected);
    assert!(dns.dns_server().is_some());
    assert_eq!(plain.dns_server(), None);
}
