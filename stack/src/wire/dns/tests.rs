use super::*;
use crate::rng::{Rng, SplitMix64};
use alloc::string::ToString;
use alloc::vec;

const WEB: Ipv4Addr = Ipv4Addr::new(10, 0, 2, 80);

fn name(text: &str) -> DnsName {
    DnsName::from_text(text).expect("a valid name")
}

fn www() -> DnsMessage {
    DnsMessage::query(0x1234, name("www.example.com"))
}

fn answer(text: &str, ttl: u32, addr: Ipv4Addr) -> ARecord {
    ARecord {
        name: name(text),
        ttl,
        addr,
    }
}

/// A query for the address of www.example.com, written byte by byte from RFC 1035 §4.1.1
/// (header: ID, QR=0 opcode=0 AA=0 TC=0 RD=1, RA=0 Z=0 RCODE=0, QDCOUNT 1, the rest 0) and
/// §4.1.2 (QNAME as length-prefixed labels ending in the root's zero, §3.1; QTYPE A = 1,
/// §3.2.2; QCLASS IN = 1, §3.2.4).
#[rustfmt::skip]
const QUERY: [u8; 33] = [
    0x12, 0x34,             // ID
    0x01, 0x00,             // RD
    0x00, 0x01, 0x00, 0x00, // QDCOUNT 1, ANCOUNT 0
    0x00, 0x00, 0x00, 0x00, // NSCOUNT 0, ARCOUNT 0
    3, b'w', b'w', b'w',
    7, b'e', b'x', b'a', b'm', b'p', b'l', b'e',
    3, b'c', b'o', b'm',
    0,                      // the root
    0x00, 0x01, 0x00, 0x01, // QTYPE A, QCLASS IN
];

/// The answer as a real server writes it: RFC 1035 §4.1.1 flags QR=1 AA=1 RD=1 (copied),
/// RCODE 0, ANCOUNT 1; the question copied; one RR (§4.1.3) whose NAME is a compression
/// pointer to offset 12, where the question's name begins (§4.1.4, 0xc00c), TYPE A, CLASS
/// IN, TTL 300, RDLENGTH 4, RDATA the address (§3.4.1).
#[rustfmt::skip]
const COMPRESSED_ANSWER: [u8; 49] = [
    0x12, 0x34, 0x85, 0x00, // ID, QR AA RD, RA=0 RCODE=0
    0x00, 0x01, 0x00, 0x01, // QDCOUNT 1, ANCOUNT 1
    0x00, 0x00, 0x00, 0x00, // NSCOUNT 0, ARCOUNT 0
    3, b'w', b'w', b'w',
    7, b'e', b'x', b'a', b'm', b'p', b'l', b'e',
    3, b'c', b'o', b'm', 0,
    0x00, 0x01, 0x00, 0x01, // QTYPE A, QCLASS IN
    0xc0, 0x0c,             // NAME: pointer to offset 12
    0x00, 0x01, 0x00, 0x01, // TYPE A, CLASS IN
    0x00, 0x00, 0x01, 0x2c, // TTL 300
    0x00, 0x04,             // RDLENGTH 4
    10, 0, 2, 80,           // RDATA
];

/// RFC 1035 §4.1.1: a query written by hand decodes to the query the engine makes, and
/// the engine writes exactly those bytes.
#[test]
fn query_from_rfc1035_section_4_1_bytes() {
    assert_eq!(DnsMessage::parse(&QUERY), Ok(www()));
    assert_eq!(www().encode(), Ok(QUERY.to_vec()));
    let h = www().header;
    assert!(!h.response && h.recursion_desired && !h.authoritative);
    assert_eq!((h.opcode, h.rcode), (opcode::QUERY, rcode::NO_ERROR));
}

/// RFC 1035 §4.1.4: a compressed answer reads to the same record as the uncompressed one
/// the engine writes; the ID, RD and question are copied from the query (§4.1.1).
#[test]
fn compressed_answer_from_rfc1035_section_4_1_4_bytes() {
    let expected = www().response(rcode::NO_ERROR, vec![answer("www.example.com", 300, WEB)]);
    assert_eq!(DnsMessage::parse(&COMPRESSED_ANSWER), Ok(expected.clone()));
    let written = expected.encode().expect("fits");
    // The same message with the name spelled out: 17 bytes instead of the 2 of a pointer.
    let mut uncompressed = COMPRESSED_ANSWER[..33].to_vec();
    uncompressed.extend_from_slice(&QUERY[12..29]);
    uncompressed.extend_from_slice(&COMPRESSED_ANSWER[35..]);
    assert_eq!(written, uncompressed);
    assert_eq!(DnsMessage::parse(&written), Ok(expected));
}

/// RFC 1035 §4.1.1 RCODE 3, "Name Error": an authoritative server says the name does not
/// exist, with no answer and the question copied.
#[test]
fn nxdomain_from_rfc1035_section_4_1_1_bytes() {
    #[rustfmt::skip]
    let bytes = [
        0xbe, 0xef, 0x85, 0x03, // ID, QR AA RD, RCODE 3
        0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        4, b'n', b'o', b'p', b'e', 7, b'e', b'x', b'a', b'm', b'p', b'l', b'e',
        3, b'c', b'o', b'm', 0,
        0x00, 0x01, 0x00, 0x01,
    ];
    let query = DnsMessage::query(0xbeef, name("nope.example.com"));
    let nxdomain = query.response(rcode::NAME_ERROR, vec![]);
    assert_eq!(DnsMessage::parse(&bytes), Ok(nxdomain.clone()));
    assert_eq!(nxdomain.encode(), Ok(bytes.to_vec()));
    assert_eq!(nxdomain.header.rcode, 3);
}

/// The example of RFC 1035 §4.1.4: F.ISI.ARPA at offset 20, FOO.F.ISI.ARPA at 40 as FOO
/// and a pointer to 20, ARPA at 64 as a pointer to 26, the root at 92.
#[test]
fn pointer_example_of_rfc1035_section_4_1_4() {
    let mut msg = vec![0u8; 93];
    msg[20..32].copy_from_slice(b"\x01F\x03ISI\x04ARPA\x00");
    msg[40..46].copy_from_slice(b"\x03FOO\xc0\x14");
    msg[64..66].copy_from_slice(&[0xc0, 26]);
    msg[92] = 0;
    let read = |at: usize| {
        let mut r = Reader { msg: &msg, at };
        let n = r.name("dns question name").map(|n| n.to_string());
        (n, r.at)
    };
    assert_eq!(read(20), (Ok("F.ISI.ARPA".into()), 32));
    assert_eq!(read(40), (Ok("FOO.F.ISI.ARPA".into()), 46));
    assert_eq!(read(64), (Ok("ARPA".into()), 66));
    assert_eq!(read(92), (Ok(".".into()), 93));
}

/// RFC 1035 §4.1.4 only defines pointers to "a prior occurance of the same name": a
/// pointer to itself, forward, or into the labels it continues is refused instead of
/// followed, so no message can make the reader loop.
#[test]
fn pointers_that_loop_or_point_forward_are_refused() {
    let with_qname = |qname: &[u8]| {
        let mut m = QUERY[..12].to_vec();
        m.extend_from_slice(qname);
        m.extend_from_slice(&[0, 1, 0, 1]);
        m
    };
    let refused = |m: &[u8]| {
        let e = DnsMessage::parse(m).unwrap_err();
        assert_eq!(e.field, "dns question name", "{e}");
        e.reason
    };
    // To itself.
    let reason = refused(&with_qname(&[0xc0, 12]));
    assert!(reason.contains("points to offset 12"), "{reason}");
    // Forward, to a name after it.
    refused(&with_qname(&[0xc0, 14, 0]));
    // Backward, but into the labels it continues: "a", then back to "a", forever.
    let reason = refused(&with_qname(&[1, b'a', 0xc0, 12]));
    assert!(reason.contains("not before offset 12"), "{reason}");
    // Two names pointing at each other: the question's end points forward to the answer's
    // name, which points back to the question.
    let mut looping = COMPRESSED_ANSWER.to_vec();
    looping[28] = 0xc0; // the question's root byte becomes a pointer …
    looping.insert(29, 34); // … to the answer's name, now at offset 34
    assert_eq!(looping[34..36], [0xc0, 12]);
    refused(&looping);
    // The reserved label types 01 and 10.
    assert!(refused(&with_qname(&[0x40, 0])).contains("bits 01"));
    assert!(refused(&with_qname(&[0x80, 0])).contains("bits 10"));
}

/// RFC 1035 §2.3.4: labels of at most 63 bytes, names of at most 255 on the wire; the
/// limits hold for typed names and for names read from the wire, pointers included.
#[test]
fn length_limits_rfc1035_section_2_3_4() {
    let label = |n: usize| "a".repeat(n);
    assert!(DnsName::from_text(&label(63)).is_ok());
    let e = DnsName::from_text(&label(64)).unwrap_err();
    assert_eq!(e.field, "dns name");
    assert!(e.reason.contains("64 bytes is longer than 63"), "{e}");
    // 3 labels of 63 and one of 61: 3 × 64 + 62 + 1 (root) = 255 bytes.
    let longest = [label(63), label(63), label(63), label(61)].join(".");
    assert_eq!(name(&longest).wire_len(), MAX_NAME_LEN);
    let e = DnsName::from_text(&[longest.as_str(), "b"].join("")).unwrap_err();
    assert!(e.reason.contains("256 bytes"), "{e}");

    // On the wire, a name of 256 bytes made with a pointer is refused too.
    let mut m = QUERY[..12].to_vec();
    for _ in 0..3 {
        m.push(63);
        m.extend_from_slice(label(63).as_bytes());
    }
    m.push(0);
    m.extend_from_slice(&[0, 1, 0, 1]);
    let at = m.len();
    m.extend_from_slice(&[62]);
    m.extend_from_slice(label(62).as_bytes());
    m.extend_from_slice(&[0xc0, 12]);
    let mut r = Reader { msg: &m, at };
    let e = r.name("dns answer name").unwrap_err();
    assert!(e.reason.contains("256 bytes"), "{e}");
}

/// Names typed by a person follow RFC 1035 §2.3.1 / RFC 1123 §2.1; every refusal says why.
#[test]
fn typed_names_follow_the_host_name_syntax() {
    assert_eq!(name("WWW.Example.com.").to_string(), "WWW.Example.com");
    assert_eq!(name("3com.example").to_string(), "3com.example");
    assert_eq!(name(".").to_string(), ".");
    assert_eq!(name(".").wire_len(), 1);
    for (bad, why) in [
        ("", "is empty"),
        ("www..example", "empty label"),
        (".example", "empty label"),
        ("w_w.example", "'_'"),
        ("-www.example", "hyphen"),
        ("www-.example", "hyphen"),
        ("caffè.example", "'è'"),
    ] {
        let e = DnsName::from_text(bad).unwrap_err();
        assert_eq!(e.field, "dns name");
        assert!(e.reason.contains(why), "{bad:?}: {e}");
    }
}

/// RFC 1035 §2.3.3 and RFC 4343 §3: names match whatever the case of their ASCII letters,
/// so a zone's table finds `WWW.Example.COM`; other bytes and label boundaries count.
#[test]
fn names_match_ignoring_ascii_case() {
    let zone = name("www.example.com");
    assert!(zone.same_name(&name("WWW.Example.COM.")));
    assert_ne!(
        zone,
        name("WWW.Example.COM"),
        "equality stays byte for byte"
    );
    assert!(!zone.same_name(&name("www.example.co")));
    assert!(!zone.same_name(&name("www.example.com.it")));
    assert!(!zone.same_name(&name("wwwexample.com")));
    let mut accented = DnsName::default();
    accented.push_label(b"caf\xc3\xa8", "dns name").unwrap();
    let mut upper = DnsName::default();
    upper.push_label(b"CAF\xc3\x88", "dns name").unwrap();
    assert!(
        !accented.same_name(&upper),
        "only ASCII letters fold (RFC 4343 §3)"
    );
}

/// RFC 1035 §5.1: bytes that are not printable, and dots inside a label, are shown as
/// `\DDD`, so a strange name read from the wire is shown without ambiguity.
#[test]
fn strange_wire_labels_are_escaped() {
    let mut n = DnsName::default();
    n.push_label(b"a.b", "dns name").unwrap();
    n.push_label(b"\x00\\ z", "dns name").unwrap();
    assert_eq!(n.to_string(), "a\\046b.\\000\\092\\032z");
}

/// Round trips of the header flags (RFC 1035 §4.1.1) and sections.
#[test]
fn round_trips() {
    let every_flag = DnsHeader {
        id: 0xffff,
        response: true,
        opcode: 15,
        authoritative: true,
        truncated: true,
        recursion_desired: true,
        recursion_available: true,
        rcode: 15,
    };
    let messages = [
        www(),
        DnsMessage::query(0, DnsName::default()),
        www().response(rcode::NAME_ERROR, vec![]),
        www().response(
            rcode::NO_ERROR,
            vec![
                answer("www.example.com", 0, WEB),
                answer(
                    "www.example.com",
                    u32::MAX,
                    Ipv4Addr::new(255, 255, 255, 255),
                ),
                answer("other.example", 60, Ipv4Addr::UNSPECIFIED),
            ],
        ),
        DnsMessage {
            header: every_flag,
            question: Question {
                name: name("x"),
                qtype: 28,
                qclass: 3,
            },
            answers: vec![],
        },
    ];
    for m in messages {
        let bytes = m.encode().expect("fits");
        assert_eq!(DnsMessage::parse(&bytes), Ok(m.clone()), "{bytes:02x?}");
    }
    let bytes = DnsMessage {
        header: every_flag,
        ..www()
    }
    .encode()
    .unwrap();
    assert_eq!(bytes[2..4], [0xff, 0x8f], "Z stays zero (RFC 1035 §4.1.1)");
}

/// RFC 1035 §4.1.1: opcode and rcode are 4 bits; §4.2.1: 512 bytes over UDP.
#[test]
fn encode_refuses_what_does_not_fit() {
    let mut m = www();
    m.header.opcode = 16;
    assert_eq!(m.encode().unwrap_err().field, "dns opcode");
    let mut m = www();
    m.header.rcode = 16;
    assert_eq!(m.encode().unwrap_err().field, "dns rcode");
    // 12 + 21 header and question, then answers of 17 + 14 = 31 bytes: 15 fit (498), 16 not.
    let fill = |n: usize| www().response(0, vec![answer("www.example.com", 1, WEB); n]);
    assert_eq!(fill(15).encode().map(|b| b.len()), Ok(498));
    let e = fill(16).encode().unwrap_err();
    assert_eq!(e.field, "dns message length");
    assert!(e.reason.starts_with("529 bytes is over the 512"), "{e}");
}

/// Counts that do not match the records (RFC 1035 §4.1.1), sections the game does not
/// send, answers that are not addresses, and truncated bytes: each names its field.
#[test]
fn malformed_messages_name_the_field() {
    let field = |m: &[u8]| DnsMessage::parse(m).unwrap_err().field;
    let with = |at: usize, value: u8| {
        let mut m = COMPRESSED_ANSWER.to_vec();
        m[at] = value;
        m
    };
    assert_eq!(field(&[]), "dns header");
    assert_eq!(field(&QUERY[..11]), "dns header");
    assert_eq!(field(&with(5, 0)), "dns question count");
    assert_eq!(field(&with(5, 2)), "dns question count");
    assert_eq!(field(&with(9, 1)), "dns authority count");
    assert_eq!(field(&with(11, 1)), "dns additional count");
    // ANCOUNT 2 with one answer: the second is missing.
    let e = DnsMessage::parse(&with(7, 2)).unwrap_err();
    assert_eq!(e.field, "dns answer name");
    assert!(
        e.reason
            .starts_with("answer 2 of 2: needs 1 byte(s) at offset 49"),
        "{e}"
    );
    // ANCOUNT 0 with one answer: bytes are left over.
    let e = DnsMessage::parse(&with(7, 0)).unwrap_err();
    assert_eq!(e.field, "dns message length");
    assert!(e.reason.starts_with("16 bytes follow"), "{e}");
    assert_eq!(field(&with(36, 5)), "dns answer type");
    assert_eq!(field(&with(38, 3)), "dns answer class");
    assert_eq!(field(&with(44, 16)), "dns answer length");
    assert_eq!(field(&vec![0; 513]), "dns message length");
    // Every cut of a good message is refused, naming where it fell short.
    let fields: Vec<&str> = (0..COMPRESSED_ANSWER.len())
        .map(|n| field(&COMPRESSED_ANSWER[..n]))
        .collect();
    for expected in [
        "dns header",
        "dns question name",
        "dns question type",
        "dns question class",
        "dns answer name",
        "dns answer type",
        "dns answer class",
        "dns answer ttl",
        "dns answer length",
        "dns answer address",
    ] {
        assert!(fields.contains(&expected), "{expected} in {fields:?}");
    }
}

/// No bytes make the parser panic or loop: random bytes, random bytes after a plausible
/// header, and good messages with random bytes changed or cut. Whatever parses writes
/// back to bytes that parse to the same message.
#[test]
fn parse_never_panics_on_random_or_damaged_bytes() {
    let mut rng = SplitMix64::new(0x0D45_0053);
    let good = [
        QUERY.to_vec(),
        COMPRESSED_ANSWER.to_vec(),
        www()
            .response(0, vec![answer("a.example", 9, WEB); 3])
            .encode()
            .unwrap(),
    ];
    let (mut accepted, mut refused) = (0, 0);
    for round in 0..30_000u32 {
        let mut bytes = match round % 3 {
            0 => {
                let len = rng.below(600) as usize;
                (0..len).map(|_| rng.next_u32() as u8).collect()
            }
            1 => {
                let mut b = vec![0, 0, 0, 0, 0, 1, 0, rng.below(4) as u8, 0, 0, 0, 0];
                let len = rng.below(120) as usize;
                b.extend((0..len).map(|_| match rng.below(4) {
                    0 => 0xc0,
                    1 => rng.below(20) as u8,
                    _ => rng.next_u32() as u8,
                }));
                b
            }
            _ => good[rng.below(3) as usize].clone(),
        };
        for _ in 0..rng.below(4) {
            let at = rng.below(bytes.len() as u64) as usize;
            if let Some(b) = bytes.get_mut(at) {
                *b = rng.next_u32() as u8;
            }
        }
        if rng.below(3) == 0 {
            bytes.truncate(rng.below(bytes.len() as u64 + 1) as usize);
        }
        match DnsMessage::parse(&bytes) {
            Ok(m) => {
                accepted += 1;
                if let Ok(again) = m.encode() {
                    assert_eq!(DnsMessage::parse(&again), Ok(m), "from {bytes:02x?}");
                }
            }
            Err(e) => {
                refused += 1;
                assert!(e.field.starts_with("dns "), "{e}");
            }
        }
    }
    // Both outcomes were exercised, so the loop did test something.
    assert!(
        accepted > 1_000 && refused > 1_000,
        "{accepted} / {refused}"
    );
}
