//! Wireshark is the reference reader of our bytes: a capture of a whole game round
//! (seed 001: handshake, "my name is …", goodbye; plus round 5's ICMP and a ping) must open
//! in tshark with no checksum error, no malformed packet and no TCP analysis warning
//! (retransmission, out-of-order, ACK of unseen data, …).
//!
//! A game with a loss is the exception that proves it: captured on the sender's host, the
//! card sent again is exactly what tshark flags as a retransmission, and nothing else.
//!
//! Skips, with a note, when tshark is not installed.

use std::path::PathBuf;
use std::process::Command;

use tcpip_stack::addr::{Endpoint, Ipv4Addr};
use tcpip_stack::card::{Card, CardKind};
use tcpip_stack::segment::{TcpFlags, TcpSegment};
use tcpip_stack::seq::SeqNumber;
use tcpip_stack::time::Instant;
use tcpip_stack::wire::{
    ARecord, DnsMessage, DnsName, IcmpMessage, IpMeta, Packet, PcapWriter, UdpDatagram, dns, quote,
    unreach,
};

/// Alice's DNS question, the card the engine's own tests write too.
#[path = "common/dns_cards.rs"]
#[expect(dead_code, reason = "the answer card serves the engine's unit tests")]
mod dns_cards;

const CLIENT: Ipv4Addr = Ipv4Addr::new(10, 0, 1, 2);
const SERVER: Ipv4Addr = Ipv4Addr::new(10, 0, 1, 1);
const ROUTER: Ipv4Addr = Ipv4Addr::new(10, 0, 1, 254);

fn tcp(from_client: bool, flags: TcpFlags, seq: u32, ack: u32, data: &[u8]) -> Packet {
    let (c, s) = (Endpoint::new(CLIENT, 40000), Endpoint::new(SERVER, 23));
    let (src, dst) = if from_client { (c, s) } else { (s, c) };
    let seg = TcpSegment {
        src,
        dst,
        seq: SeqNumber(seq),
        ack: SeqNumber(ack),
        flags,
        window: 65535,
        payload: data.to_vec(),
    };
    Packet::Tcp {
        meta: IpMeta::default(),
        seg,
    }
}

/// One round of the game with random-looking ISNs (RFC 9293 §3.4.1), so the numbers are
/// not all zero.
fn game_round() -> Vec<Packet> {
    let (c, s) = (1_000_000_u32, 3_000_000_000_u32);
    let name = b"my name is Danilo";
    let n = name.len() as u32;
    let (syn, ack, fin, psh) = (TcpFlags::SYN, TcpFlags::ACK, TcpFlags::FIN, TcpFlags::PSH);
    let to_nowhere = TcpSegment {
        src: Endpoint::new(CLIENT, 40001),
        dst: Endpoint::new(Ipv4Addr::new(10, 0, 9, 1), 23),
        seq: SeqNumber(77),
        ack: SeqNumber(0),
        flags: syn,
        window: 65535,
        payload: Vec::new(),
    };
    let lost = Packet::Tcp {
        meta: IpMeta::default(),
        seg: to_nowhere,
    }
    .encode();
    let no_route = IcmpMessage::DestUnreachable {
        code: unreach::NET,
        quoted: quote(&lost),
    };
    let ping = |msg, src, dst| Packet::Icmp {
        src,
        dst,
        meta: IpMeta::default(),
        msg,
    };
    vec![
        tcp(true, syn, c, 0, b""),
        tcp(false, syn | ack, s, c + 1, b""),
        tcp(true, ack, c + 1, s + 1, b""),
        tcp(true, psh | ack, c + 1, s + 1, name),
        tcp(false, ack, s + 1, c + 1 + n, b""),
        ping(no_route, ROUTER, CLIENT),
        ping(
            IcmpMessage::EchoRequest {
                ident: 1,
                seq: 1,
                data: b"ping".to_vec(),
            },
            CLIENT,
            SERVER,
        ),
        ping(
            IcmpMessage::EchoReply {
                ident: 1,
                seq: 1,
                data: b"ping".to_vec(),
            },
            SERVER,
            CLIENT,
        ),
        tcp(true, fin | ack, c + 1 + n, s + 1, b""),
        tcp(false, ack, s + 1, c + 2 + n, b""),
        tcp(false, fin | ack, s + 1, c + 2 + n, b""),
        tcp(true, ack, c + 2 + n, s + 2, b""),
    ]
}

/// Writes `pcap` to a temporary file named after `what`, for tshark to read.
fn temp_pcap(what: &str, pcap: &[u8]) -> PathBuf {
    let path: PathBuf = std::env::temp_dir().join(format!(
        "tcpip-wire-tshark-{what}-{}.pcap",
        std::process::id()
    ));
    std::fs::write(&path, pcap).expect("temp file");
    path
}

/// The display filter of every complaint: TCP analysis, malformed packets, bad checksums.
const PROBLEMS: &str = "tcp.analysis.flags || _ws.malformed || ip.checksum.status == \"Bad\" \
                        || tcp.checksum.status == \"Bad\" || icmp.checksum.status == \"Bad\"";

fn checked(file: &str, filter: &str) -> String {
    checked_fields(file, filter, &[])
}

/// The packets of `file` that `filter` shows, checksums checked, with tshark's `more`
/// arguments (the fields to print).
fn checked_fields(file: &str, filter: &str, more: &[&str]) -> String {
    let mut args = vec![
        "-r",
        file,
        "-o",
        "ip.check_checksum:TRUE",
        "-o",
        "tcp.check_checksum:TRUE",
        "-Y",
        filter,
    ];
    args.extend_from_slice(more);
    tshark(&args)
}

/// The DNS packets of `file` as tshark decodes them: one line each, `columns` joined by
/// commas.
fn dns_fields(file: &str, columns: &[&str]) -> String {
    let mut args = vec!["-r", file, "-Y", "dns", "-T", "fields", "-E", "separator=,"];
    for column in columns {
        args.extend(["-e", *column]);
    }
    tshark(&args)
}

/// What tshark thinks of the DNS packets of `file`: the lines of those whose IP and UDP
/// checksums verify, and the lines of every malformed packet or warning (empty when none).
fn dns_checks(file: &str) -> (String, String) {
    let verified = tshark(&[
        "-r",
        file,
        "-o",
        "ip.check_checksum:TRUE",
        "-o",
        "udp.check_checksum:TRUE",
        "-Y",
        "dns && ip.checksum.status == \"Good\" && udp.checksum.status == \"Good\"",
    ]);
    let problems = tshark(&[
        "-r",
        file,
        "-Y",
        "_ws.malformed || _ws.expert.severity >= warning",
    ]);
    (verified, problems)
}

/// Whether tshark is absent, saying so: each cross-check then skips.
fn tshark_missing() -> bool {
    let missing = Command::new("tshark").arg("--version").output().is_err();
    if missing {
        println!("note: tshark is not installed; skipping the Wireshark cross-check");
    }
    missing
}

/// A new game of the scenario shipped as `file`.
fn shipped_world(file: &str) -> tcpip_stack::world::World {
    let text = tcpip_stack::scenario::Scenario::shipped()
        .into_iter()
        .find(|(name, _)| *name == file)
        .unwrap_or_else(|| panic!("{file} is shipped"))
        .1;
    let scenario = tcpip_stack::scenario::Scenario::from_toml(text).expect("it reads");
    tcpip_stack::world::World::new(&scenario).expect("it builds")
}

/// The shipped scenario `file` played by the bots until every team finished the race.
fn played_to_the_end(file: &str) -> tcpip_stack::world::World {
    let mut world = shipped_world(file);
    while let Some(t) = world.next_due() {
        if world.finished() || t > Instant::from_secs(1_800) {
            break;
        }
        world.advance(t);
    }
    assert!(world.finished(), "the bots finish the race of {file}");
    world
}

fn tshark(args: &[&str]) -> String {
    let out = Command::new("tshark")
        .args(args)
        .output()
        .expect("tshark runs");
    assert!(
        out.status.success(),
        "tshark failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn wireshark_reads_a_whole_round_without_complaint() {
    if tshark_missing() {
        return;
    }
    let packets = game_round();
    let mut w = PcapWriter::new();
    for (i, p) in packets.iter().enumerate() {
        w.push(Instant::from_millis(500 * i as u64), &p.encode());
    }
    let path = temp_pcap("round", w.as_bytes());
    let file = path.to_str().expect("utf-8 temp path");

    let all = tshark(&["-r", file]);
    let problems = checked(file, PROBLEMS);
    let _ = std::fs::remove_file(&path);
    assert_eq!(
        all.lines().count(),
        packets.len(),
        "every packet is listed:\n{all}"
    );
    assert!(
        all.contains("Destination unreachable (Network unreachable)"),
        "{all}"
    );
    assert!(all.contains("Echo (ping) request"), "{all}");
    assert_eq!(
        problems, "",
        "Wireshark complains about:\n{problems}\nin:\n{all}"
    );
}

/// The retransmission round of `scenarios/retransmit.toml`, played by the bots: captured at
/// Red's client, the data card the round lost and the copy its timer sent (RFC 6298 §5.4)
/// carry the same seq and bytes, and tshark flags the copy, and only it, as a
/// retransmission; checksums and formats are clean throughout.
#[test]
fn wireshark_flags_the_card_sent_again_and_nothing_else() {
    if tshark_missing() {
        return;
    }
    let world = played_to_the_end("retransmit.toml");
    let red_client = world.teams()[0].clients[0];
    let pcap = world.pcap(tcpip_stack::world::PcapFilter::Node(red_client));
    let path = temp_pcap("retransmit", &pcap);
    let file = path.to_str().expect("utf-8 temp path");
    let flagged = checked(file, PROBLEMS);
    let resent = checked(file, "tcp.analysis.retransmission && tcp.len > 0");
    let _ = std::fs::remove_file(&path);
    assert_eq!(
        resent.lines().count(),
        1,
        "one data card sent again:\n{flagged}"
    );
    assert_eq!(flagged, resent, "only the retransmission is flagged");
}

/// The DNS of the game as Wireshark reads it (RFC 768, RFC 1035 §4.1): a query for a name
/// of the zone and its answer, a query for a name outside it and its NXDOMAIN (RCODE 3),
/// all over UDP port 53 with checksums that verify.
#[test]
fn wireshark_decodes_the_game_dns_over_udp() {
    if tshark_missing() {
        return;
    }
    let resolver = Ipv4Addr::new(10, 0, 1, 53);
    let web = Ipv4Addr::new(10, 0, 2, 80);
    let name = |text: &str| DnsName::from_text(text).expect("a valid name");
    let found = DnsMessage::query(0x1234, name("www.example.com"));
    let address = found.response(
        dns::rcode::NO_ERROR,
        vec![ARecord {
            name: name("www.example.com"),
            ttl: 300,
            addr: web,
        }],
    );
    let missing = DnsMessage::query(0x1235, name("nope.example.com"));
    let nxdomain = missing.response(dns::rcode::NAME_ERROR, vec![]);
    let client = Endpoint::new(CLIENT, 40000);
    let server = Endpoint::new(resolver, dns::PORT);
    let mut w = PcapWriter::new();
    for (i, (message, asking)) in [
        (found, true),
        (address, false),
        (missing, true),
        (nxdomain, false),
    ]
    .into_iter()
    .enumerate()
    {
        let (src, dst) = if asking {
            (client, server)
        } else {
            (server, client)
        };
        let datagram = UdpDatagram {
            src,
            dst,
            meta: IpMeta::default(),
            payload: message.encode().expect("fits in 512 bytes"),
        };
        w.push(Instant::from_millis(100 * i as u64), &datagram.encode());
    }
    let path = temp_pcap("dns", w.as_bytes());
    let file = path.to_str().expect("utf-8 temp path");
    // Source port, destination port, ID, QR, AA (empty in a query), RCODE (idem), the
    // question's name, the answer's address.
    let columns = [
        "udp.srcport",
        "udp.dstport",
        "dns.id",
        "dns.flags.response",
        "dns.flags.authoritative",
        "dns.flags.rcode",
        "dns.qry.name",
        "dns.a",
    ];
    let fields = dns_fields(file, &columns);
    let (verified, problems) = dns_checks(file);
    let _ = std::fs::remove_file(&path);
    assert_eq!(
        fields,
        "40000,53,0x1234,0,,,www.example.com,\n\
         53,40000,0x1234,1,1,0,www.example.com,10.0.2.80\n\
         40000,53,0x1235,0,,,nope.example.com,\n\
         53,40000,0x1235,1,1,3,nope.example.com,\n"
    );
    assert_eq!(verified.lines().count(), 4, "checksums verify:\n{verified}");
    assert_eq!(problems, "", "Wireshark complains about:\n{problems}");
}

/// A game's DNS exchange as Wireshark reads it from the game's own capture (RFC 768,
/// RFC 1035 §4.1): in `scenarios/dns.toml`, Alice writes a question for red.game and the
/// DNS server's bot answers it. Captured at Alice's host, both decode as DNS with the ID
/// echoed and the address of the zone, checksums verify, and tshark warns about nothing.
#[test]
fn wireshark_decodes_a_dns_exchange_of_a_game() {
    if tshark_missing() {
        return;
    }
    use tcpip_stack::world::{Action, PcapFilter, Seat};
    let mut world = shipped_world("dns.toml");
    let alice = world.teams()[0].clients[0];
    let seat = Action::SetSeat {
        node: alice,
        seat: Seat::Human,
    };
    world.act(seat, Instant::ZERO).expect("a seat");
    let write = Action::WriteCard {
        node: alice,
        card: Box::new(dns_cards::query_card()),
    };
    world.act(write, Instant::ZERO).expect("a card");
    while let Some(t) = world.next_due().filter(|t| *t <= Instant::from_secs(30)) {
        world.advance(t);
    }
    let path = temp_pcap("game-dns", &world.pcap(PcapFilter::Node(alice)));
    let file = path.to_str().expect("utf-8 temp path");
    let fields = dns_fields(
        file,
        &[
            "udp.srcport",
            "udp.dstport",
            "dns.id",
            "dns.flags.rcode",
            "dns.qry.name",
            "dns.a",
        ],
    );
    let (verified, problems) = dns_checks(file);
    let _ = std::fs::remove_file(&path);
    assert_eq!(
        fields,
        "40000,53,0x1234,,red.game,\n53,40000,0x1234,0,red.game,10.0.1.1\n"
    );
    assert_eq!(verified.lines().count(), 2, "checksums verify:\n{verified}");
    assert_eq!(problems, "", "Wireshark complains about:\n{problems}");
}

/// `scenarios/balancer.toml`, played by the bots without faults: tshark decodes every
/// tunnelled card as IP in IP (RFC 2003 §3: outer protocol 4 from the balancer to a
/// backend, then the untouched inner datagram to the VIP), both IP headers and the TCP
/// checksum verify, and nothing is flagged.
///
/// The capture of the whole game keeps each card where its journey ends (a host), so a
/// card for the VIP is captured once, wrapped, at its backend. A capture at the balancer
/// itself holds each such card twice, plain as it came and wrapped as it left: tshark,
/// which follows the inner TCP, rightly calls the second a retransmission, so the per-node
/// captures checked here are the backends' and the clients'.
#[test]
fn wireshark_reads_the_balancers_tunnels_as_ip_in_ip() {
    if tshark_missing() {
        return;
    }
    let world = played_to_the_end("balancer.toml");
    let mut filters = vec![tcpip_stack::world::PcapFilter::All];
    for team in world.teams() {
        filters.push(tcpip_stack::world::PcapFilter::Node(team.server));
        filters.push(tcpip_stack::world::PcapFilter::Node(team.clients[0]));
    }
    let mut tunnels_seen = 0;
    for (i, filter) in filters.into_iter().enumerate() {
        let path = temp_pcap(&format!("balancer-{i}"), &world.pcap(filter));
        let file = path.to_str().expect("utf-8 temp path");
        let problems = checked(
            file,
            &format!("{PROBLEMS} || _ws.expert.severity >= warning"),
        );
        let tunnels = checked_fields(
            file,
            "ip.proto == 4",
            &[
                "-T",
                "fields",
                "-E",
                "separator=,",
                "-E",
                "aggregator=;",
                "-e",
                "ip.proto",
                "-e",
                "ip.src",
                "-e",
                "ip.dst",
                "-e",
                "ip.checksum.status",
                "-e",
                "tcp.checksum.status",
            ],
        );
        let _ = std::fs::remove_file(&path);
        assert_eq!(
            problems, "",
            "{filter:?}: Wireshark complains about:\n{problems}"
        );
        for line in tunnels.lines() {
            tunnels_seen += 1;
            let fields: Vec<&str> = line.split(',').collect();
            assert_eq!(fields[0], "4;6", "outer IP in IP, inner TCP: {line}");
            let (src, dst) = (fields[1], fields[2]);
            assert!(
                src.starts_with("10.0.1.80;10.0.1.2") || src.starts_with("10.0.1.80;10.0.2.2"),
                "{line}"
            );
            assert!(
                dst == "10.0.1.1;10.0.1.100" || dst == "10.0.2.1;10.0.1.100",
                "a backend outside, the VIP inside: {line}"
            );
            // 1 is "Good": both IP headers and the TCP checksum verify.
            assert_eq!(&fields[3..], ["1;1", "1"], "{line}");
        }
    }
    assert!(
        tunnels_seen >= 4,
        "the tunnels were captured: {tunnels_seen}"
    );
}
