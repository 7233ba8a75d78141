//! Property tests of the wire formats: no bytes from a file, a player or the network make
//! the decoder panic, and every packet the engine can build survives encode → decode
//! (RFC 791 §3.1, RFC 9293 §3.1, RFC 792, pcap-savefile(5)).

use proptest::prelude::*;
use tcpip_stack::addr::{Endpoint, Ipv4Addr};
use tcpip_stack::segment::{TcpFlags, TcpSegment};
use tcpip_stack::seq::SeqNumber;
use tcpip_stack::time::Instant;
use tcpip_stack::wire::{IcmpMessage, IpMeta, Packet, PcapWriter, pcap_records, quote, quoted_tcp};

fn addr() -> impl Strategy<Value = Ipv4Addr> {
    any::<u32>().prop_map(Ipv4Addr::from)
}

fn meta() -> impl Strategy<Value = IpMeta> {
    (any::<u8>(), any::<u16>()).prop_map(|(ttl, ident)| IpMeta { ttl, ident })
}

fn bytes(max: usize) -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(any::<u8>(), 0..max)
}

fn segment() -> impl Strategy<Value = TcpSegment> {
    (
        (addr(), any::<u16>(), addr(), any::<u16>()),
        (any::<u32>(), any::<u32>(), any::<u8>(), any::<u16>()),
        bytes(1500),
    )
        .prop_map(
            |((sa, sp, da, dp), (seq, ack, flags, window), payload)| TcpSegment {
                src: Endpoint::new(sa, sp),
                dst: Endpoint::new(da, dp),
                seq: SeqNumber(seq),
                ack: SeqNumber(ack),
                flags: TcpFlags(flags),
                window,
                payload,
            },
        )
}

fn icmp_message() -> impl Strategy<Value = IcmpMessage> {
    prop_oneof![
        (any::<u8>(), bytes(600))
            .prop_map(|(code, quoted)| IcmpMessage::DestUnreachable { code, quoted }),
        (any::<u8>(), bytes(600))
            .prop_map(|(code, quoted)| IcmpMessage::TimeExceeded { code, quoted }),
        (any::<u16>(), any::<u16>(), bytes(600))
            .prop_map(|(ident, seq, data)| IcmpMessage::EchoRequest { ident, seq, data }),
        (any::<u16>(), any::<u16>(), bytes(600))
            .prop_map(|(ident, seq, data)| IcmpMessage::EchoReply { ident, seq, data }),
    ]
}

fn packet() -> impl Strategy<Value = Packet> {
    prop_oneof![
        (meta(), segment()).prop_map(|(meta, seg)| Packet::Tcp { meta, seg }),
        (addr(), addr(), meta(), icmp_message()).prop_map(|(src, dst, meta, msg)| Packet::Icmp {
            src,
            dst,
            meta,
            msg
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Arbitrary bytes never panic the decoder; they decode or name a field.
    #[test]
    fn decode_never_panics(data in bytes(200)) {
        if let Err(e) = Packet::decode(&data) {
            prop_assert!(!e.field.is_empty() && !e.reason.is_empty());
        }
        let _ = quote(&data);
        let _ = quoted_tcp(&data);
    }

    /// Near-valid bytes (a real packet with one byte changed or cut short) reach the deep
    /// paths of the decoder; they still never panic, and the one-byte change is caught.
    #[test]
    fn damaged_packets_never_panic(
        p in packet(),
        at in any::<prop::sample::Index>(),
        xor in 1u8..,
        cut in any::<prop::sample::Index>(),
    ) {
        let mut data = p.encode();
        let i = at.index(data.len());
        data[i] ^= xor;
        prop_assert_ne!(Packet::decode(&data), Ok(p.clone()));
        let good = p.encode();
        let _ = Packet::decode(&good[..cut.index(good.len())]);
    }

    /// Every valid packet round-trips exactly (RFC 791 §3.1, RFC 9293 §3.1, RFC 792).
    #[test]
    fn encode_then_decode_is_identity(p in packet()) {
        let data = p.encode();
        prop_assert_eq!(Packet::decode(&data), Ok(p));
    }

    /// An ICMP error's quote always leads back to the TCP segment it quotes (RFC 5927).
    #[test]
    fn quote_of_tcp_finds_the_segment(meta in meta(), seg in segment()) {
        let q = quote(&Packet::Tcp { meta, seg: seg.clone() }.encode());
        prop_assert_eq!(q.len(), 28);
        let found = quoted_tcp(&q).expect("a TCP quote");
        prop_assert_eq!((found.src, found.dst, found.seq), (seg.src, seg.dst, seg.seq));
    }

    /// Arbitrary bytes never panic the pcap reader.
    #[test]
    fn pcap_reader_never_panics(data in bytes(300), header in any::<bool>()) {
        let mut file = if header { PcapWriter::new().into_bytes() } else { Vec::new() };
        file.extend_from_slice(&data);
        if let Err(e) = pcap_records(&file) {
            prop_assert!(!e.field.is_empty());
        }
    }

    /// What the writer writes, the reader reads back (pcap-savefile(5)).
    #[test]
    fn pcap_round_trips(records in proptest::collection::vec((any::<u32>(), bytes(100)), 0..20)) {
        let mut w = PcapWriter::new();
        for (us, data) in &records {
            w.push(Instant::from_micros(u64::from(*us)), data);
        }
        prop_assert_eq!(w.len(), records.len());
        let read = pcap_records(w.as_bytes()).expect("our own file");
        let expected: Vec<_> =
            records.into_iter().map(|(us, d)| (Instant::from_micros(u64::from(us)), d)).collect();
        prop_assert_eq!(read, expected);
    }
}
