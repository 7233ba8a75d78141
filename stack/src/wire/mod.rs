//! Real bytes on the wire: a card becomes an IPv4 datagram carrying TCP or ICMP with correct
//! checksums, and any datagram (from a file, a player, the network) is decoded back without
//! panicking. [`pcap`] writes whole games for Wireshark. UDP ([`udp`]) and the DNS messages
//! it carries ([`dns`]) are read and written the same way, ahead of the cards that will use
//! them.
//!
//! Modelled on smoltcp: a *checked view* over bytes ([`ipv4::Ipv4Packet`],
//! [`tcp::TcpPacket`], [`icmp::IcmpPacket`], [`udp::UdpPacket`]) whose accessors cannot fail
//! once built, and plain values ([`Packet`], [`TcpSegment`], [`IcmpMessage`],
//! [`UdpDatagram`], [`DnsMessage`]) that the engine reasons about.

pub mod checksum;
pub mod dns;
pub mod icmp;
pub mod ipv4;
pub mod pcap;
pub mod tcp;
pub mod udp;

use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use core::net::Ipv4Addr;

pub use dns::{ARecord, DnsHeader, DnsMessage, DnsName, Question};
pub use icmp::{IcmpMessage, unreach};
pub use pcap::{PcapWriter, pcap_records};
pub use udp::{UdpDatagram, UdpRepr};

use crate::addr::Endpoint;
use crate::segment::TcpSegment;
use crate::seq::SeqNumber;
use ipv4::{Ipv4Packet, Ipv4Repr, protocol};

/// The IP header fields a card carries besides the addresses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct IpMeta {
    /// Hops left before a router drops the packet (RFC 791 §3.1, RFC 1812 §5.3.1).
    pub ttl: u8,
    pub ident: u16,
}

impl Default for IpMeta {
    /// TTL 64, the default RFC 1700 recommends and Linux uses; identification 0, which is
    /// allowed for DF datagrams that are never fragmented (RFC 6864 §4.1).
    fn default() -> Self {
        IpMeta { ttl: 64, ident: 0 }
    }
}

/// One IPv4 datagram of the game.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Packet {
    /// A TCP segment; its addresses and ports live in `seg.src` / `seg.dst`.
    Tcp { meta: IpMeta, seg: TcpSegment },
    Icmp {
        src: Ipv4Addr,
        dst: Ipv4Addr,
        meta: IpMeta,
        msg: IcmpMessage,
    },
    /// A UDP datagram (RFC 768); in the game its payload is a DNS message (RFC 1035
    /// §4.2.1), read with [`Packet::dns`]. The payload is kept as bytes, not as a parsed
    /// message, so a datagram that is not DNS still travels and is ignored where it lands.
    Udp {
        src: Endpoint,
        dst: Endpoint,
        meta: IpMeta,
        payload: Vec<u8>,
    },
    /// A whole datagram wrapped in a new IP header, IP in IP (RFC 2003 §3): the balancer's
    /// tunnel to a backend. The outer header's protocol is 4, implied by the variant; the
    /// inner datagram travels unchanged.
    Ipip { outer: Outer, inner: Box<Packet> },
}

/// The outer IP header of an IP-in-IP datagram (RFC 2003 §3.1): the tunnel's two ends and
/// the outer TTL and identification. Its protocol is always 4 ([`protocol::IPIP`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Outer {
    pub src: Ipv4Addr,
    pub dst: Ipv4Addr,
    pub meta: IpMeta,
}

/// How many IP headers deep a received datagram may nest: a tunnel in a tunnel is legal
/// (RFC 2003 §4) but the game builds one level, and the bound keeps a hostile file from
/// recursing thousands of levels.
const MAX_NESTING: usize = 4;

/// What was wrong with some bytes: the field and the reason, in words for a student.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WireError {
    pub field: &'static str,
    pub reason: String,
}

impl WireError {
    pub fn new(field: &'static str, reason: String) -> WireError {
        WireError { field, reason }
    }

    fn checksum(field: &'static str, expected: u16, found: u16) -> WireError {
        WireError::new(
            field,
            format!("expected 0x{expected:04x}, found 0x{found:04x}"),
        )
    }
}

impl fmt::Display for WireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.reason)
    }
}

impl core::error::Error for WireError {}

impl Packet {
    pub fn src(&self) -> Ipv4Addr {
        match self {
            Packet::Tcp { seg, .. } => seg.src.addr,
            Packet::Icmp { src, .. } => *src,
            Packet::Udp { src, .. } => src.addr,
            Packet::Ipip { outer, .. } => outer.src,
        }
    }

    pub fn dst(&self) -> Ipv4Addr {
        match self {
            Packet::Tcp { seg, .. } => seg.dst.addr,
            Packet::Icmp { dst, .. } => *dst,
            Packet::Udp { dst, .. } => dst.addr,
            Packet::Ipip { outer, .. } => outer.dst,
        }
    }

    fn meta(&self) -> &IpMeta {
        match self {
            Packet::Tcp { meta, .. } | Packet::Icmp { meta, .. } | Packet::Udp { meta, .. } => meta,
            Packet::Ipip { outer, .. } => &outer.meta,
        }
    }

    /// The innermost datagram: the one a tunnel carries, or the datagram itself. A view
    /// shows the connection a card belongs to from it.
    pub fn inner(&self) -> &Packet {
        match self {
            Packet::Ipip { inner, .. } => inner.inner(),
            other => other,
        }
    }

    pub fn ttl(&self) -> u8 {
        self.meta().ttl
    }

    pub fn set_ttl(&mut self, ttl: u8) {
        match self {
            Packet::Tcp { meta, .. } | Packet::Icmp { meta, .. } | Packet::Udp { meta, .. } => {
                meta.ttl = ttl
            }
            Packet::Ipip { outer, .. } => outer.meta.ttl = ttl,
        }
    }

    /// Rewrites the destination address, as NAT does (and only a mistaken balancer does in
    /// the game).
    pub fn set_dst(&mut self, addr: Ipv4Addr) {
        match self {
            Packet::Tcp { seg, .. } => seg.dst.addr = addr,
            Packet::Icmp { dst, .. } => *dst = addr,
            Packet::Udp { dst, .. } => dst.addr = addr,
            Packet::Ipip { outer, .. } => outer.dst = addr,
        }
    }

    /// ICMP errors are never answered with another ICMP error (RFC 1122 §3.2.2,
    /// RFC 1812 §4.3.2.7), so a router must know.
    pub fn is_icmp_error(&self) -> bool {
        matches!(self, Packet::Icmp { msg, .. } if msg.is_error())
    }

    /// The DNS message a UDP datagram carries, when it is one that parses (RFC 1035 §4.1).
    pub fn dns(&self) -> Option<DnsMessage> {
        match self {
            Packet::Udp { payload, .. } => DnsMessage::parse(payload).ok(),
            _ => None,
        }
    }

    /// The datagram as real bytes: a 20-byte IPv4 header (DF set) and a 20-byte TCP header,
    /// an ICMP message or a UDP datagram, all checksums filled in.
    ///
    /// A payload too long for one datagram (over 65,495 TCP bytes) is cut to fit: cards
    /// hold a line of text, so this only guards against nonsense input.
    pub fn encode(&self) -> Vec<u8> {
        if let Packet::Udp {
            src,
            dst,
            meta,
            payload,
        } = self
        {
            let datagram = UdpDatagram {
                src: *src,
                dst: *dst,
                meta: *meta,
                payload: payload.clone(),
            };
            return datagram.encode();
        }
        let mut body = Vec::new();
        let (src, dst, proto) = match self {
            Packet::Tcp { seg, .. } => {
                tcp::emit(seg, &mut body);
                (seg.src.addr, seg.dst.addr, protocol::TCP)
            }
            Packet::Icmp { src, dst, msg, .. } => {
                msg.emit(&mut body);
                (*src, *dst, protocol::ICMP)
            }
            // RFC 2003 §3: the outer header, then the inner datagram's bytes unchanged.
            Packet::Ipip { outer, inner } => {
                body = inner.encode();
                // An inner datagram of 65,516 bytes or more has no room for a second
                // header (RFC 791 §3.1: 16-bit total length); cut, as the payloads are.
                body.truncate(usize::from(u16::MAX) - ipv4::HEADER_LEN);
                (outer.src, outer.dst, protocol::IPIP)
            }
            // Encoded whole above.
            Packet::Udp { src, dst, .. } => (src.addr, dst.addr, protocol::UDP),
        };
        let payload_len = u16::try_from(body.len()).unwrap_or(u16::MAX);
        let repr = Ipv4Repr {
            src,
            dst,
            protocol: proto,
            meta: *self.meta(),
            payload_len,
        };
        let mut out = Vec::with_capacity(ipv4::HEADER_LEN + body.len());
        repr.emit(&mut out);
        out.extend_from_slice(&body);
        out
    }

    /// Reads a datagram, verifying every checksum (RFC 791 §3.1, RFC 9293 §3.1, RFC 792).
    ///
    /// IP and TCP options are skipped (packetdrill-like inputs carry them); bytes after the
    /// IP total length (link-layer padding) are ignored. Fragments are rejected: the game
    /// always sets DF and never reassembles.
    pub fn decode(bytes: &[u8]) -> Result<Packet, WireError> {
        Packet::decode_nested(bytes, 0)
    }

    fn decode_nested(bytes: &[u8], depth: usize) -> Result<Packet, WireError> {
        let ip = Ipv4Packet::new_verified(bytes)?;
        let meta = IpMeta {
            ttl: ip.ttl(),
            ident: ip.ident(),
        };
        let (src, dst) = (ip.src(), ip.dst());
        match ip.protocol() {
            protocol::TCP => {
                let tcp = tcp::TcpPacket::new_checked(ip.payload())?;
                tcp.verify_checksum(src, dst)?;
                Ok(Packet::Tcp {
                    meta,
                    seg: tcp.to_segment(src, dst),
                })
            }
            protocol::ICMP => {
                let icmp = icmp::IcmpPacket::new_checked(ip.payload())?;
                icmp.verify_checksum()?;
                Ok(Packet::Icmp {
                    src,
                    dst,
                    meta,
                    msg: IcmpMessage::parse(&icmp)?,
                })
            }
            protocol::UDP => {
                let d = UdpDatagram::decode(bytes)?;
                Ok(Packet::Udp {
                    src: d.src,
                    dst: d.dst,
                    meta: d.meta,
                    payload: d.payload,
                })
            }
            // RFC 2003 §3.1: the payload is a whole IP datagram, read as any other.
            protocol::IPIP if depth < MAX_NESTING => Ok(Packet::Ipip {
                outer: Outer { src, dst, meta },
                inner: Box::new(Packet::decode_nested(ip.payload(), depth + 1)?),
            }),
            protocol::IPIP => Err(WireError::new(
                "ipv4 protocol",
                format!("more than {MAX_NESTING} IP headers inside one another"),
            )),
            other => Err(WireError::new(
                "ipv4 protocol",
                format!(
                    "{other} is neither TCP (6), UDP (17), ICMP (1) nor IP in IP (4), the \
                     only ones in the game"
                ),
            )),
        }
    }

    /// A tcpdump-like one-liner, e.g. `10.0.1.2:40000 > 10.0.1.1:23 S seq 0 win 65535 len 0
    /// ttl 64`.
    pub fn summary(&self) -> String {
        match self {
            Packet::Tcp { meta, seg } => format!("{seg} ttl {}", meta.ttl),
            Packet::Icmp {
                src,
                dst,
                meta,
                msg,
            } => {
                let mut line = format!("{src} > {dst} ICMP {}", msg.describe());
                if let IcmpMessage::EchoRequest { ident, seq, data }
                | IcmpMessage::EchoReply { ident, seq, data } = msg
                {
                    line.push_str(&format!(" id {ident} seq {seq} len {}", data.len()));
                }
                line.push_str(&format!(" ttl {}", meta.ttl));
                line
            }
            Packet::Udp {
                src,
                dst,
                meta,
                payload,
            } => {
                let what = match DnsMessage::parse(payload) {
                    Ok(m) => m.describe(),
                    Err(_) => format!("UDP len {}", payload.len()),
                };
                format!("{src} > {dst} {what} ttl {}", meta.ttl)
            }
            Packet::Ipip { outer, inner } => format!(
                "{} > {} IPIP ttl {} [{}]",
                outer.src,
                outer.dst,
                outer.meta.ttl,
                inner.summary()
            ),
        }
    }
}

/// The part of `original_ip_packet` an ICMP error quotes: its IP header (options included)
/// and the first 8 bytes of its payload — RFC 792 ("Internet Header + 64 bits of Original
/// Data Datagram") and seed 004 ("the header of the IP packet that generated the error, as
/// well as the first 8 bytes of its payload").
///
/// Deliberate choice: RFC 1812 §4.3.2.3 says routers SHOULD quote as much as fits in 576
/// bytes (and Linux does), but the game quotes the RFC 792 minimum. It is what the students
/// learn and what fits on a card; the 8 bytes hold the TCP ports and sequence number, all
/// that RFC 5927 matching needs; every receiver must accept it (RFC 1122 §3.2.2); and the
/// player's own data ("my name is …") is not copied onto someone else's card.
///
/// Never fails: a malformed original is quoted as far as it goes.
pub fn quote(original_ip_packet: &[u8]) -> Vec<u8> {
    let bytes = original_ip_packet;
    let header_len = bytes
        .first()
        .map_or(ipv4::HEADER_LEN, |b| usize::from(b & 0x0f) * 4)
        .max(ipv4::HEADER_LEN);
    // Padding after the datagram is not part of it; a nonsense total length is ignored.
    let total = usize::from(be16(bytes, 2));
    let datagram_len = if total >= header_len {
        total.min(bytes.len())
    } else {
        bytes.len()
    };
    let len = (header_len + 8).min(datagram_len);
    bytes.get(..len).unwrap_or(bytes).to_vec()
}

/// The connection a quoted TCP segment belonged to, as seen by its sender.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QuotedTcp {
    pub src: Endpoint,
    pub dst: Endpoint,
    pub seq: SeqNumber,
}

/// Finds the TCP connection an ICMP error is about, from its quote: the 4-tuple identifies
/// the connection, and the sequence number lets the host check that the error is about data
/// it actually sent (RFC 1122 §4.2.3.9, RFC 5927 §4.1) rather than a forged one.
///
/// `None` if the quote is not the start of an IPv4 datagram carrying TCP.
pub fn quoted_tcp(quoted: &[u8]) -> Option<QuotedTcp> {
    let first = *quoted.first()?;
    let header_len = usize::from(first & 0x0f) * 4;
    if first >> 4 != 4 || header_len < ipv4::HEADER_LEN || *quoted.get(9)? != protocol::TCP {
        return None;
    }
    // The 8 quoted TCP bytes: source port, destination port, sequence number.
    let tcp = quoted.get(header_len..header_len.checked_add(8)?)?;
    let addr = |at: usize| Ipv4Addr::from(be32(quoted, at));
    Some(QuotedTcp {
        src: Endpoint::new(addr(12), be16(tcp, 0)),
        dst: Endpoint::new(addr(16), be16(tcp, 2)),
        seq: SeqNumber(be32(tcp, 4)),
    })
}

/// The big-endian ("network byte order", RFC 791 appendix B) 16-bit word at `at`, or 0
/// past the end. Views check lengths first, so the 0 is never seen there.
fn be16(bytes: &[u8], at: usize) -> u16 {
    match bytes.get(at..at.saturating_add(2)) {
        Some(&[a, b]) => u16::from_be_bytes([a, b]),
        _ => 0,
    }
}

/// The big-endian 32-bit word at `at`, or 0 past the end.
fn be32(bytes: &[u8], at: usize) -> u32 {
    match bytes.get(at..at.saturating_add(4)) {
        Some(&[a, b, c, d]) => u32::from_be_bytes([a, b, c, d]),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::TcpFlags;
    use alloc::string::ToString;
    use alloc::vec;

    const CLIENT: Ipv4Addr = Ipv4Addr::new(10, 0, 1, 2);
    const SERVER: Ipv4Addr = Ipv4Addr::new(10, 0, 1, 1);
    const ROUTER: Ipv4Addr = Ipv4Addr::new(10, 0, 1, 254);

    /// A reference RFC 1071 sum written independently of `checksum.rs`: add 16-bit words
    /// (odd byte padded right), fold carries, complement.
    fn reference_checksum(chunks: &[&[u8]]) -> u16 {
        let bytes: Vec<u8> = chunks.concat();
        let mut sum: u32 = 0;
        for pair in bytes.chunks(2) {
            let hi = u32::from(pair[0]) << 8;
            let lo = pair.get(1).map_or(0, |b| u32::from(*b));
            sum += hi | lo;
        }
        while sum > 0xffff {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        !(sum as u16)
    }

    fn seg(flags: TcpFlags, seq: u32, ack: u32, payload: &[u8]) -> TcpSegment {
        TcpSegment {
            src: Endpoint::new(CLIENT, 40000),
            dst: Endpoint::new(SERVER, 23),
            seq: SeqNumber(seq),
            ack: SeqNumber(ack),
            flags,
            window: 65535,
            payload: payload.to_vec(),
        }
    }

    fn tcp(flags: TcpFlags, seq: u32, ack: u32, payload: &[u8]) -> Packet {
        Packet::Tcp {
            meta: IpMeta::default(),
            seg: seg(flags, seq, ack, payload),
        }
    }

    fn set(bytes: &mut [u8], at: usize, value: u8) {
        if let Some(b) = bytes.get_mut(at) {
            *b = value;
        }
    }

    /// Recomputes the IPv4 header checksum of a hand-edited packet (RFC 791 §3.1).
    fn fix_ip_checksum(bytes: &mut [u8]) {
        let hl = (usize::from(bytes[0] & 0x0f) * 4).clamp(20, bytes.len());
        bytes[10..12].fill(0);
        let sum = reference_checksum(&[&bytes[..hl]]);
        bytes[10..12].copy_from_slice(&sum.to_be_bytes());
    }

    /// Golden bytes of the round-1 SYN (seed 001: client 10.0.1.2 port 40000 to the telnet
    /// server 10.0.1.1 port 23, seq 0). Header layouts from RFC 791 §3.1 and RFC 9293 §3.1;
    /// checksums (0x24ce, 0xfd88, computed by hand) cross-checked with an RFC 1071 reference.
    #[test]
    fn golden_syn_rfc791_rfc9293_rfc1071() {
        let bytes = tcp(TcpFlags::SYN, 0, 0, b"").encode();
        #[rustfmt::skip]
        let expected: [u8; 40] = [
            0x45, 0x00, 0x00, 0x28, // version 4, IHL 5, TOS 0, total length 40
            0x00, 0x00, 0x40, 0x00, // ident 0, DF, fragment offset 0
            0x40, 0x06, 0x24, 0xce, // TTL 64, protocol TCP, header checksum
            10, 0, 1, 2,            // source
            10, 0, 1, 1,            // destination
            0x9c, 0x40, 0x00, 0x17, // ports 40000 -> 23
            0, 0, 0, 0,             // seq 0
            0, 0, 0, 0,             // ack 0
            0x50, 0x02, 0xff, 0xff, // data offset 5, SYN, window 65535
            0xfd, 0x88, 0x00, 0x00, // checksum, urgent pointer 0
        ];
        assert_eq!(bytes, expected);
        let mut ip_header = expected[..20].to_vec();
        ip_header[10..12].fill(0);
        assert_eq!(reference_checksum(&[&ip_header]), 0x24ce);
        let mut tcp_header = expected[20..].to_vec();
        tcp_header[16..18].fill(0);
        let pseudo = [10, 0, 1, 2, 10, 0, 1, 1, 0, 6, 0, 20];
        assert_eq!(reference_checksum(&[&pseudo, &tcp_header]), 0xfd88);
    }

    /// Seed 001 round 2: data "my name is Danilo" survives encode/decode; the odd length
    /// exercises the RFC 1071 padding in the TCP checksum (RFC 9293 §3.1).
    #[test]
    fn tcp_with_payload_round_trips_rfc9293() {
        let packet = Packet::Tcp {
            meta: IpMeta {
                ttl: 3,
                ident: 0xbeef,
            },
            seg: seg(TcpFlags::PSH | TcpFlags::ACK, 1, 1, b"my name is Danilo"),
        };
        let bytes = packet.encode();
        assert_eq!(bytes.len(), 40 + 17);
        let tcp_part = &bytes[20..];
        let mut zeroed = tcp_part.to_vec();
        zeroed[16..18].fill(0);
        let pseudo = [10, 0, 1, 2, 10, 0, 1, 1, 0, 6, 0, 37];
        assert_eq!(
            u16::from_be_bytes([tcp_part[16], tcp_part[17]]),
            reference_checksum(&[&pseudo, &zeroed])
        );
        assert_eq!(Packet::decode(&bytes), Ok(packet));
    }

    /// RFC 2003 §3: the outer header (protocol 4, its own addresses, TTL and checksum),
    /// then the inner datagram's bytes unchanged; read back as the same tunnel.
    #[test]
    fn ip_in_ip_wraps_the_datagram_unchanged_rfc2003() {
        let inner = tcp(TcpFlags::SYN, 0, 0, b"");
        let wrapped = Packet::Ipip {
            outer: Outer {
                src: Ipv4Addr::new(10, 0, 1, 80),
                dst: Ipv4Addr::new(10, 0, 2, 1),
                meta: IpMeta { ttl: 63, ident: 7 },
            },
            inner: Box::new(inner.clone()),
        };
        let bytes = wrapped.encode();
        let inner_bytes = inner.encode();
        assert_eq!(bytes.len(), 20 + inner_bytes.len());
        assert_eq!(
            &bytes[20..],
            &inner_bytes[..],
            "the inner datagram is untouched"
        );
        assert_eq!((bytes[8], bytes[9]), (63, 4), "outer TTL and protocol 4");
        assert_eq!(u16::from_be_bytes([bytes[2], bytes[3]]), 60);
        let mut header = bytes[..20].to_vec();
        header[10..12].fill(0);
        assert_eq!(
            u16::from_be_bytes([bytes[10], bytes[11]]),
            reference_checksum(&[&header])
        );
        assert_eq!(Packet::decode(&bytes), Ok(wrapped.clone()));
        assert_eq!(
            (wrapped.src(), wrapped.dst(), wrapped.ttl()),
            (Ipv4Addr::new(10, 0, 1, 80), Ipv4Addr::new(10, 0, 2, 1), 63)
        );
        assert_eq!(wrapped.inner(), &inner);
        assert_eq!(
            wrapped.summary(),
            "10.0.1.80 > 10.0.2.1 IPIP ttl 63 [10.0.1.2:40000 > 10.0.1.1:23 S seq 0 win \
             65535 len 0 ttl 64]"
        );
        // A corrupted inner checksum is caught when the tunnel is read.
        let mut bad = bytes.clone();
        bad[20 + 20 + 4] ^= 1;
        assert_eq!(Packet::decode(&bad).unwrap_err().field, "tcp checksum");
    }

    /// Tunnels inside tunnels stop at a bound, so hostile bytes cannot recurse without end.
    #[test]
    fn nested_tunnels_are_bounded() {
        let mut p = tcp(TcpFlags::SYN, 0, 0, b"");
        for _ in 0..=MAX_NESTING {
            p = Packet::Ipip {
                outer: Outer {
                    src: ROUTER,
                    dst: SERVER,
                    meta: IpMeta::default(),
                },
                inner: Box::new(p),
            };
        }
        let err = Packet::decode(&p.encode()).unwrap_err();
        assert_eq!(err.field, "ipv4 protocol");
        assert!(err.reason.contains("more than 4 IP headers"), "{err}");
    }

    /// RFC 792: every message type the game uses round-trips, with the checksum over the
    /// whole ICMP message.
    #[test]
    fn icmp_messages_round_trip_rfc792() {
        let original = tcp(TcpFlags::SYN, 7, 0, b"").encode();
        let messages = [
            IcmpMessage::DestUnreachable {
                code: unreach::HOST,
                quoted: quote(&original),
            },
            IcmpMessage::DestUnreachable {
                code: unreach::ADMIN_PROHIBITED,
                quoted: vec![],
            },
            IcmpMessage::TimeExceeded {
                code: 0,
                quoted: quote(&original),
            },
            IcmpMessage::EchoRequest {
                ident: 1,
                seq: 2,
                data: b"ping!".to_vec(),
            },
            IcmpMessage::EchoReply {
                ident: 0xffff,
                seq: 0,
                data: vec![],
            },
        ];
        for msg in messages {
            let packet = Packet::Icmp {
                src: ROUTER,
                dst: CLIENT,
                meta: IpMeta::default(),
                msg,
            };
            let bytes = packet.encode();
            assert_eq!(bytes[9], 1, "protocol ICMP");
            let icmp_part = &bytes[20..];
            let mut zeroed = icmp_part.to_vec();
            zeroed[2..4].fill(0);
            assert_eq!(
                u16::from_be_bytes([icmp_part[2], icmp_part[3]]),
                reference_checksum(&[&zeroed])
            );
            assert_eq!(Packet::decode(&bytes).as_ref(), Ok(&packet));
        }
    }

    /// RFC 791 §3.1, RFC 9293 §3.1, RFC 792: a flipped byte is caught by the checksum of
    /// the header it lands in, and the error names that field with both values.
    #[test]
    fn corrupted_bytes_fail_the_right_checksum() {
        let mut bytes = tcp(TcpFlags::SYN, 0, 0, b"").encode();
        set(&mut bytes, 8, 63); // TTL
        let err = Packet::decode(&bytes).unwrap_err();
        assert_eq!(err.field, "ipv4 header checksum");
        assert_eq!(
            err.to_string(),
            "ipv4 header checksum: expected 0x25ce, found 0x24ce"
        );

        let mut bytes = tcp(TcpFlags::SYN, 0, 0, b"").encode();
        set(&mut bytes, 24, 1); // sequence number
        let err = Packet::decode(&bytes).unwrap_err();
        assert_eq!(err.field, "tcp checksum");
        assert_eq!(err.reason, "expected 0xfc88, found 0xfd88");

        let echo = IcmpMessage::EchoRequest {
            ident: 1,
            seq: 1,
            data: vec![],
        };
        let packet = Packet::Icmp {
            src: CLIENT,
            dst: SERVER,
            meta: IpMeta::default(),
            msg: echo,
        };
        let mut bytes = packet.encode();
        set(&mut bytes, 27, 2); // echo sequence number
        assert_eq!(Packet::decode(&bytes).unwrap_err().field, "icmp checksum");
    }

    /// RFC 791 §3.1 / RFC 9293 §3.1 length fields: each bad input is refused with the name
    /// of the field at fault.
    #[test]
    fn malformed_datagrams_name_the_field() {
        let good = tcp(TcpFlags::SYN, 0, 0, b"").encode();
        let field = |bytes: &[u8]| Packet::decode(bytes).unwrap_err().field;
        assert_eq!(field(&good[..19]), "ipv4 header");
        assert_eq!(field(&[]), "ipv4 header");

        let edited = |at: usize, value: u8| {
            let mut b = good.clone();
            set(&mut b, at, value);
            fix_ip_checksum(&mut b);
            b
        };
        assert_eq!(field(&edited(0, 0x65)), "ipv4 version");
        assert_eq!(field(&edited(0, 0x44)), "ipv4 header length");
        assert_eq!(field(&edited(0, 0x4f)), "ipv4 header length");
        assert_eq!(field(&edited(3, 41)), "ipv4 total length");
        assert_eq!(field(&edited(3, 19)), "ipv4 total length");
        assert_eq!(field(&edited(9, 2)), "ipv4 protocol");
        // IP in IP reads the payload as an IP header: a TCP header is not one.
        assert_eq!(field(&edited(9, 4)), "ipv4 version");
        assert_eq!(field(&edited(6, 0x20)), "ipv4 fragment offset");
        assert_eq!(field(&edited(7, 0x01)), "ipv4 fragment offset");
        assert_eq!(field(&edited(32, 0x40)), "tcp data offset");
        assert_eq!(field(&edited(32, 0x60)), "tcp data offset");
        assert_eq!(field(&edited(3, 39)), "tcp header");
        let redirect = IcmpMessage::EchoRequest {
            ident: 0,
            seq: 0,
            data: vec![],
        };
        let redirect = Packet::Icmp {
            src: ROUTER,
            dst: CLIENT,
            meta: IpMeta::default(),
            msg: redirect,
        };
        let mut redirect = redirect.encode();
        redirect[20] = 5; // type 5, redirect (RFC 792)
        redirect[22..24].fill(0);
        let sum = reference_checksum(&[&redirect[20..]]);
        redirect[22..24].copy_from_slice(&sum.to_be_bytes());
        assert_eq!(field(&redirect), "icmp type");

        let mut short_icmp = good[..27].to_vec();
        set(&mut short_icmp, 3, 27);
        set(&mut short_icmp, 9, 1);
        fix_ip_checksum(&mut short_icmp);
        assert_eq!(field(&short_icmp), "icmp header");
        let err = Packet::decode(&edited(0, 0x65)).unwrap_err();
        assert_eq!(err.to_string(), "ipv4 version: must be 4 for IPv4, found 6");
    }

    /// RFC 791 §3.1 (IHL > 5: options) and RFC 9293 §3.1 (data offset > 5: options, e.g.
    /// the MSS of packetdrill scripts) are skipped on decode; link-layer padding after the
    /// total length is not payload.
    #[test]
    fn options_and_padding_are_skipped() {
        let plain = tcp(TcpFlags::SYN, 5, 0, b"hi").encode();
        let mut bytes = plain[..20].to_vec();
        bytes[0] = 0x46; // IHL 6: one word of options
        bytes[3] = 20 + 4 + 24 + 2;
        bytes.extend_from_slice(&[1, 1, 1, 0]); // NOP NOP NOP EOL
        let mut tcp_part = plain[20..40].to_vec();
        tcp_part[12] = 0x60; // data offset 6
        tcp_part.extend_from_slice(&[2, 4, 0x05, 0xb4]); // MSS 1460
        tcp_part.extend_from_slice(b"hi");
        tcp_part[16..18].fill(0);
        let pseudo = [10, 0, 1, 2, 10, 0, 1, 1, 0, 6, 0, 26];
        let sum = reference_checksum(&[&pseudo, &tcp_part]);
        tcp_part[16..18].copy_from_slice(&sum.to_be_bytes());
        bytes.extend_from_slice(&tcp_part);
        fix_ip_checksum(&mut bytes);
        bytes.extend_from_slice(&[0, 0, 0, 0]); // Ethernet-style padding
        assert_eq!(Packet::decode(&bytes), Ok(tcp(TcpFlags::SYN, 5, 0, b"hi")));
    }

    /// RFC 792 and seed 004: the quote is the original IP header plus the first 8 bytes of
    /// its payload (the deliberate minimum, see [`quote`]), header options included.
    #[test]
    fn quote_is_header_plus_8_bytes_rfc792() {
        let original = tcp(TcpFlags::PSH | TcpFlags::ACK, 1, 1, b"my name is Danilo").encode();
        let q = quote(&original);
        assert_eq!(q.len(), 28);
        assert_eq!(q[..], original[..28]);

        let mut with_options = original.clone();
        with_options[0] = 0x47; // IHL 7: the header is 28 bytes
        assert_eq!(quote(&with_options).len(), 36);
        let mut padded = tcp(TcpFlags::SYN, 0, 0, b"").encode();
        padded[3] = 24; // the datagram is shorter than the buffer
        assert_eq!(quote(&padded).len(), 24);
        assert_eq!(quote(&original[..22]), original[..22]);
        assert_eq!(quote(&[]), Vec::<u8>::new());
    }

    /// RFC 1122 §4.2.3.9 / RFC 5927 §4.1: the quote identifies the connection (4-tuple)
    /// and the sequence number it was sent with; anything else is not TCP.
    #[test]
    fn quoted_tcp_finds_the_connection_rfc5927() {
        let original = tcp(TcpFlags::SYN, 123_456_789, 0, b"").encode();
        assert_eq!(
            quoted_tcp(&quote(&original)),
            Some(QuotedTcp {
                src: Endpoint::new(CLIENT, 40000),
                dst: Endpoint::new(SERVER, 23),
                seq: SeqNumber(123_456_789),
            })
        );
        assert_eq!(quoted_tcp(&original[..27]), None);
        let ping = IcmpMessage::EchoRequest {
            ident: 1,
            seq: 1,
            data: vec![0; 8],
        };
        let icmp = Packet::Icmp {
            src: CLIENT,
            dst: SERVER,
            meta: IpMeta::default(),
            msg: ping,
        };
        assert_eq!(quoted_tcp(&quote(&icmp.encode())), None);
        assert_eq!(quoted_tcp(&[0x44; 40]), None);
    }

    /// RFC 792 type/code names; RFC 1122 §3.2.2: errors are distinguishable from queries.
    #[test]
    fn icmp_describes_itself_rfc792() {
        let unreachable = IcmpMessage::DestUnreachable {
            code: unreach::HOST,
            quoted: vec![],
        };
        assert_eq!(
            unreachable.describe(),
            "destination unreachable: host unreachable (type 3 code 1)"
        );
        assert!(unreachable.is_error());
        let ttl = IcmpMessage::TimeExceeded {
            code: 0,
            quoted: vec![1],
        };
        assert_eq!(
            ttl.describe(),
            "time exceeded: TTL exceeded in transit (type 11 code 0)"
        );
        assert_eq!(ttl.quoted(), Some(&[1u8][..]));
        let net = IcmpMessage::DestUnreachable {
            code: unreach::NET,
            quoted: vec![],
        };
        assert_eq!(
            net.describe(),
            "destination unreachable: net unreachable (type 3 code 0)"
        );
        let odd = IcmpMessage::DestUnreachable {
            code: 99,
            quoted: vec![],
        };
        assert_eq!(
            odd.describe(),
            "destination unreachable: unknown code (type 3 code 99)"
        );
        // The Italian twin names the same code with the same numbers.
        assert_eq!(
            net.meaning().it.as_deref(),
            Some("destinazione irraggiungibile: rete irraggiungibile (tipo 3 codice 0)")
        );
        assert_eq!(
            ttl.meaning().it.as_deref(),
            Some("tempo scaduto: TTL esaurito in transito (tipo 11 codice 0)")
        );
        for code in 0..=16 {
            let (en, it) = unreach::names(code);
            assert!(!en.is_empty() && !it.is_empty() && en != it, "code {code}");
        }
        let ping = IcmpMessage::EchoRequest {
            ident: 1,
            seq: 1,
            data: vec![],
        };
        assert!(!ping.is_error());
        assert_eq!((ping.icmp_type(), ping.code(), ping.quoted()), (8, 0, None));
        assert_eq!(ping.describe(), "echo request (type 8 code 0)");
        assert_eq!(
            IcmpMessage::EchoReply {
                ident: 1,
                seq: 1,
                data: vec![]
            }
            .icmp_type(),
            0
        );
    }

    /// RFC 1812 §5.3.1: routers decrement the TTL; RFC 1122 §3.2.2: ICMP errors are flagged.
    #[test]
    fn packet_accessors_and_summary() {
        let mut syn = tcp(TcpFlags::SYN, 0, 0, b"");
        assert_eq!((syn.src(), syn.dst(), syn.ttl()), (CLIENT, SERVER, 64));
        syn.set_ttl(63);
        assert_eq!(syn.ttl(), 63);
        assert!(!syn.is_icmp_error());
        assert_eq!(
            syn.summary(),
            "10.0.1.2:40000 > 10.0.1.1:23 S seq 0 win 65535 len 0 ttl 63"
        );

        let quoted = quote(&syn.encode());
        let msg = IcmpMessage::DestUnreachable {
            code: unreach::NET,
            quoted,
        };
        let mut err = Packet::Icmp {
            src: ROUTER,
            dst: CLIENT,
            meta: IpMeta::default(),
            msg,
        };
        err.set_ttl(9);
        assert!(err.is_icmp_error());
        assert_eq!((err.src(), err.dst(), err.ttl()), (ROUTER, CLIENT, 9));
        assert_eq!(
            err.summary(),
            "10.0.1.254 > 10.0.1.2 ICMP destination unreachable: net unreachable (type 3 code 0) \
             ttl 9"
        );
        let ping = IcmpMessage::EchoReply {
            ident: 7,
            seq: 3,
            data: vec![0; 4],
        };
        let ping = Packet::Icmp {
            src: SERVER,
            dst: CLIENT,
            meta: IpMeta::default(),
            msg: ping,
        };
        assert_eq!(
            ping.summary(),
            "10.0.1.1 > 10.0.1.2 ICMP echo reply (type 0 code 0) id 7 seq 3 len 4 ttl 64"
        );
    }

    /// RFC 791 §3.1: total length is 16 bits, so a payload beyond 65,495 bytes cannot be
    /// sent in one datagram; encode cuts it and the result still decodes.
    #[test]
    fn oversized_payload_is_cut_to_fit_rfc791() {
        let big = tcp(TcpFlags::ACK, 0, 0, &vec![b'x'; 70_000]);
        let bytes = big.encode();
        assert_eq!(bytes.len(), 65_535);
        let Ok(Packet::Tcp { seg, .. }) = Packet::decode(&bytes) else {
            panic!("the cut packet must decode");
        };
        assert_eq!(seg.payload.len(), tcp::MAX_PAYLOAD);
        let msg = IcmpMessage::EchoRequest {
            ident: 0,
            seq: 0,
            data: vec![0; 70_000],
        };
        let ping = Packet::Icmp {
            src: CLIENT,
            dst: SERVER,
            meta: IpMeta::default(),
            msg,
        };
        assert_eq!(ping.encode().len(), 65_535);
        assert!(Packet::decode(&ping.encode()).is_ok());
    }
}
