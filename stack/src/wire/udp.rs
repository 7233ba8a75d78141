//! The UDP header (RFC 768): a checked view over received bytes, the header fields the game
//! writes ([`UdpRepr`]), and a whole IPv4 datagram carrying UDP ([`UdpDatagram`]), which is
//! how a DNS message travels (RFC 1035 §4.2.1).

use alloc::format;
use alloc::vec::Vec;
use core::net::Ipv4Addr;

use super::checksum::Sum;
use super::ipv4::{self, Ipv4Packet, Ipv4Repr, protocol};
use super::{IpMeta, WireError, be16};
use crate::addr::Endpoint;

/// Source port, destination port, length, checksum: 8 bytes (RFC 768 "Format").
pub const HEADER_LEN: usize = 8;

/// The most data one datagram can carry inside an IPv4 datagram without options.
pub const MAX_PAYLOAD: usize = u16::MAX as usize - ipv4::HEADER_LEN - HEADER_LEN;

/// Received bytes known to hold a whole UDP header and the datagram its length announces.
#[derive(Clone, Copy, Debug)]
pub struct UdpPacket<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> UdpPacket<T> {
    /// Checks the lengths, not the checksum (that needs the IP addresses, see
    /// [`Self::verify_checksum`]).
    ///
    /// Bytes after the UDP length are not part of the datagram and are ignored, as Linux
    /// does; a length beyond the bytes that arrived is refused.
    pub fn new_checked(buffer: T) -> Result<Self, WireError> {
        let available = buffer.as_ref().len();
        if available < HEADER_LEN {
            return Err(WireError::new(
                "udp header",
                format!("needs {HEADER_LEN} bytes, only {available} arrived"),
            ));
        }
        let packet = UdpPacket { buffer };
        // RFC 768: "Length is the length in octets of this user datagram including this
        // header and the data. (This means the minimum value of the length is eight.)"
        let len = usize::from(packet.length());
        if len < HEADER_LEN {
            return Err(WireError::new(
                "udp length",
                format!("{len} is shorter than the {HEADER_LEN}-byte header"),
            ));
        }
        if len > available {
            return Err(WireError::new(
                "udp length",
                format!("says {len} bytes, only {available} arrived"),
            ));
        }
        Ok(packet)
    }

    fn bytes(&self) -> &[u8] {
        self.buffer.as_ref()
    }

    /// The header and the data, up to the UDP length.
    fn datagram(&self) -> &[u8] {
        self.bytes()
            .get(..usize::from(self.length()))
            .unwrap_or_default()
    }

    pub fn src_port(&self) -> u16 {
        be16(self.bytes(), 0)
    }
    pub fn dst_port(&self) -> u16 {
        be16(self.bytes(), 2)
    }
    /// The length field: header plus data, in bytes.
    pub fn length(&self) -> u16 {
        be16(self.bytes(), 4)
    }
    pub fn checksum(&self) -> u16 {
        be16(self.bytes(), 6)
    }
    pub fn payload(&self) -> &[u8] {
        self.datagram().get(HEADER_LEN..).unwrap_or_default()
    }

    /// RFC 768: the checksum covers a pseudo-header (source and destination address, zero,
    /// protocol 17, UDP length), the header and the data. "An all zero transmitted checksum
    /// value means that the transmitter generated no checksum", which IPv4 allows, so it is
    /// accepted unchecked.
    pub fn verify_checksum(&self, src: Ipv4Addr, dst: Ipv4Addr) -> Result<(), WireError> {
        if self.checksum() == 0 {
            return Ok(());
        }
        let bytes = self.datagram();
        let pseudo = Sum::default().add_pseudo_header(src, dst, protocol::UDP, self.length());
        if pseudo.add_bytes(bytes).verifies() {
            return Ok(());
        }
        let head = bytes.get(..6).unwrap_or_default();
        let tail = bytes.get(HEADER_LEN..).unwrap_or_default();
        Err(WireError::checksum(
            "udp checksum",
            UdpRepr::sent_checksum(pseudo.add_bytes(head).add_bytes(tail)),
            self.checksum(),
        ))
    }
}

/// The header fields of a datagram the engine sends; the length and checksum follow from
/// the data and the addresses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UdpRepr {
    pub src_port: u16,
    pub dst_port: u16,
}

impl UdpRepr {
    /// The ports of a received datagram, once its checksum verifies.
    pub fn parse<T: AsRef<[u8]>>(
        packet: &UdpPacket<T>,
        src: Ipv4Addr,
        dst: Ipv4Addr,
    ) -> Result<UdpRepr, WireError> {
        packet.verify_checksum(src, dst)?;
        Ok(UdpRepr {
            src_port: packet.src_port(),
            dst_port: packet.dst_port(),
        })
    }

    /// Appends the 8-byte header and `payload` with the RFC 768 checksum, always computed
    /// (the engine never sends the "no checksum" zero). Data beyond [`MAX_PAYLOAD`] is cut
    /// off, so the result always fits a datagram.
    pub fn emit(&self, src: Ipv4Addr, dst: Ipv4Addr, payload: &[u8], out: &mut Vec<u8>) {
        let payload = payload.get(..MAX_PAYLOAD).unwrap_or(payload);
        let len = u16::try_from(HEADER_LEN + payload.len()).unwrap_or(u16::MAX);
        let start = out.len();
        out.extend_from_slice(&self.src_port.to_be_bytes());
        out.extend_from_slice(&self.dst_port.to_be_bytes());
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(&[0, 0]); // checksum placeholder
        out.extend_from_slice(payload);
        let sum = Sum::default()
            .add_pseudo_header(src, dst, protocol::UDP, len)
            .add_bytes(out.get(start..).unwrap_or_default());
        if let Some(field) = out.get_mut(start + 6..start + 8) {
            field.copy_from_slice(&Self::sent_checksum(sum).to_be_bytes());
        }
    }

    /// RFC 768: "If the computed checksum is zero, it is transmitted as all ones (the
    /// equivalent in one's complement arithmetic)", because zero means "no checksum".
    fn sent_checksum(sum: Sum) -> u16 {
        match sum.checksum() {
            0 => 0xffff,
            other => other,
        }
    }
}

/// One IPv4 datagram carrying UDP: what a DNS query or answer is on the wire.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UdpDatagram {
    pub src: Endpoint,
    pub dst: Endpoint,
    pub meta: IpMeta,
    pub payload: Vec<u8>,
}

impl UdpDatagram {
    /// The datagram as real bytes: a 20-byte IPv4 header (DF set, as on every packet of
    /// the game) and the UDP datagram, both checksums filled in.
    pub fn encode(&self) -> Vec<u8> {
        let mut body = Vec::with_capacity(HEADER_LEN + self.payload.len());
        let repr = UdpRepr {
            src_port: self.src.port,
            dst_port: self.dst.port,
        };
        repr.emit(self.src.addr, self.dst.addr, &self.payload, &mut body);
        let ip = Ipv4Repr {
            src: self.src.addr,
            dst: self.dst.addr,
            protocol: protocol::UDP,
            meta: self.meta,
            payload_len: u16::try_from(body.len()).unwrap_or(u16::MAX),
        };
        let mut out = Vec::with_capacity(ipv4::HEADER_LEN + body.len());
        ip.emit(&mut out);
        out.extend_from_slice(&body);
        out
    }

    /// Reads an IPv4 datagram carrying UDP, verifying both checksums (RFC 791 §3.1,
    /// RFC 768) and refusing fragments as [`super::Packet::decode`] does.
    pub fn decode(bytes: &[u8]) -> Result<UdpDatagram, WireError> {
        let ip = Ipv4Packet::new_verified(bytes)?;
        if ip.protocol() != protocol::UDP {
            return Err(WireError::new(
                "ipv4 protocol",
                format!("{} is not UDP (17)", ip.protocol()),
            ));
        }
        let (src, dst) = (ip.src(), ip.dst());
        let udp = UdpPacket::new_checked(ip.payload())?;
        let repr = UdpRepr::parse(&udp, src, dst)?;
        Ok(UdpDatagram {
            src: Endpoint::new(src, repr.src_port),
            dst: Endpoint::new(dst, repr.dst_port),
            meta: IpMeta {
                ttl: ip.ttl(),
                ident: ip.ident(),
            },
            payload: udp.payload().to_vec(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::Packet;
    use alloc::vec;

    const CLIENT: Ipv4Addr = Ipv4Addr::new(10, 0, 1, 2);
    const RESOLVER: Ipv4Addr = Ipv4Addr::new(10, 0, 1, 53);

    fn datagram(payload: &[u8]) -> UdpDatagram {
        UdpDatagram {
            src: Endpoint::new(CLIENT, 40000),
            dst: Endpoint::new(RESOLVER, 53),
            meta: IpMeta::default(),
            payload: payload.to_vec(),
        }
    }

    /// Golden bytes of a 3-byte UDP datagram, header laid out as RFC 768 "Format" draws it.
    /// The checksum, worked by hand over the pseudo-header (RFC 768 "Fields": source,
    /// destination, zero, protocol 17, UDP length) and the datagram, with the odd last byte
    /// padded (RFC 1071 §1): the pseudo-header words 0x0a00 0x0102 0x0a00 0x0135 0x0011
    /// 0x000b and the datagram words 0x9c40 0x0035 0x000b 0x6869 0x2100 add up to 0x1_3c3c,
    /// folded 0x3c3d, complemented 0xc3c2.
    #[test]
    fn golden_datagram_rfc768() {
        let bytes = datagram(b"hi!").encode();
        assert_eq!(bytes.len(), 20 + 8 + 3);
        assert_eq!(bytes[9], 17, "IPv4 protocol field is UDP (RFC 768)");
        #[rustfmt::skip]
        let udp: [u8; 11] = [
            0x9c, 0x40, 0x00, 0x35, // ports 40000 -> 53
            0x00, 0x0b, 0xc3, 0xc2, // length 11, checksum
            b'h', b'i', b'!',
        ];
        assert_eq!(&bytes[20..], udp);
        assert_eq!(UdpDatagram::decode(&bytes), Ok(datagram(b"hi!")));
    }

    /// RFC 768: a computed checksum of zero is sent as all ones; zero on the wire means "no
    /// checksum" and is accepted as such.
    #[test]
    fn zero_checksum_means_none_and_is_never_sent_rfc768() {
        // Search the 16-bit source port for the one that makes the sum come out zero.
        let zero_sum = (0..=u16::MAX)
            .map(|port| UdpDatagram {
                src: Endpoint::new(CLIENT, port),
                ..datagram(b"")
            })
            .find(|d| {
                let udp = &d.encode()[20..];
                let pseudo = Sum::default().add_pseudo_header(CLIENT, RESOLVER, 17, 8);
                pseudo.add_bytes(&udp[..6]).add_bytes(&udp[8..]).checksum() == 0
            })
            .expect("some port sums to zero");
        let bytes = zero_sum.encode();
        assert_eq!(&bytes[26..28], [0xff, 0xff]);
        assert_eq!(UdpDatagram::decode(&bytes), Ok(zero_sum.clone()));

        let mut unchecked = datagram(b"no sum").encode();
        unchecked[26..28].fill(0);
        assert_eq!(UdpDatagram::decode(&unchecked), Ok(datagram(b"no sum")));
        // Any other wrong value is an error that says what was expected.
        unchecked[27] = 1;
        let err = UdpDatagram::decode(&unchecked).unwrap_err();
        assert_eq!(err.field, "udp checksum");
        assert!(err.reason.ends_with("found 0x0001"), "{err}");
        let good = datagram(b"no sum").encode();
        let expected = u16::from_be_bytes([good[26], good[27]]);
        assert!(
            err.reason
                .starts_with(&format!("expected 0x{expected:04x}"))
        );
    }

    /// Round trips over payload lengths (empty, odd, even) and ports at both ends.
    #[test]
    fn round_trips() {
        for (payload, src_port, dst_port) in [
            (&b""[..], 0, 53),
            (b"x", 65535, 1),
            (b"even", 53, 40000),
            (&[0u8; 512][..], 5353, 53),
        ] {
            let d = UdpDatagram {
                src: Endpoint::new(CLIENT, src_port),
                dst: Endpoint::new(RESOLVER, dst_port),
                meta: IpMeta {
                    ttl: 7,
                    ident: 0x1234,
                },
                payload: payload.to_vec(),
            };
            assert_eq!(UdpDatagram::decode(&d.encode()), Ok(d));
        }
    }

    /// RFC 768 "Length" (at least 8, within what arrived) and the IPv4 layer's checks; every
    /// refusal names the field.
    #[test]
    fn malformed_datagrams_name_the_field() {
        let good = datagram(b"abcd").encode();
        let field = |bytes: &[u8]| UdpDatagram::decode(bytes).unwrap_err().field;
        let udp_len = |len: u16| {
            let mut b = good.clone();
            b[24..26].copy_from_slice(&len.to_be_bytes());
            b
        };
        assert_eq!(field(&udp_len(7)), "udp length");
        assert_eq!(field(&udp_len(13)), "udp length");
        // A shorter length leaves trailing bytes outside the datagram; the checksum then
        // covers fewer bytes and no longer matches.
        assert_eq!(field(&udp_len(11)), "udp checksum");
        let mut short = good[..27].to_vec();
        short[2..4].copy_from_slice(&27u16.to_be_bytes());
        short[10..12].fill(0);
        let sum = crate::wire::checksum::checksum(&short[..20]);
        short[10..12].copy_from_slice(&sum.to_be_bytes());
        assert_eq!(field(&short), "udp header");
        let mut corrupt_ip = good.clone();
        corrupt_ip[8] ^= 1;
        assert_eq!(field(&corrupt_ip), "ipv4 header checksum");
        let ping = Packet::Icmp {
            src: CLIENT,
            dst: RESOLVER,
            meta: IpMeta::default(),
            msg: crate::wire::IcmpMessage::EchoRequest {
                ident: 1,
                seq: 1,
                data: vec![],
            },
        };
        let err = UdpDatagram::decode(&ping.encode()).unwrap_err();
        assert_eq!(
            (err.field, &*err.reason),
            ("ipv4 protocol", "1 is not UDP (17)")
        );
    }

    /// The game's card decoder reads a UDP datagram as the same bytes `UdpDatagram` writes,
    /// and writes it back byte for byte (RFC 768).
    #[test]
    fn card_decoder_reads_udp_rfc768() {
        let d = datagram(b"www.example.com");
        let bytes = d.encode();
        let p = Packet::decode(&bytes).expect("a UDP datagram decodes");
        assert_eq!(
            p,
            Packet::Udp {
                src: d.src,
                dst: d.dst,
                meta: d.meta,
                payload: d.payload.clone(),
            }
        );
        assert_eq!(p.encode(), bytes);
    }

    /// No bytes make the decoder panic: random bytes, and good datagrams with bytes of the
    /// UDP part changed or cut (the IPv4 header kept valid, so UDP's own checks are reached).
    #[test]
    fn decode_never_panics_on_random_or_damaged_bytes() {
        use crate::rng::{Rng, SplitMix64};
        let mut rng = SplitMix64::new(768);
        let good = datagram(b"www.example.com").encode();
        let (mut accepted, mut refused) = (0, 0);
        for round in 0..20_000u32 {
            let mut bytes: Vec<u8> = if round % 2 == 0 {
                let len = rng.below(80) as usize;
                (0..len).map(|_| rng.next_u32() as u8).collect()
            } else {
                let mut b = good.clone();
                for _ in 0..rng.below(3) {
                    let at = 20 + rng.below(b.len() as u64 - 20) as usize;
                    b[at] = rng.next_u32() as u8;
                }
                if rng.below(2) == 0 {
                    b.truncate(20 + rng.below(b.len() as u64 - 19) as usize);
                }
                let len = b.len();
                b[2..4].copy_from_slice(&(len as u16).to_be_bytes());
                b[10..12].fill(0);
                let sum = crate::wire::checksum::checksum(&b[..20]);
                b[10..12].copy_from_slice(&sum.to_be_bytes());
                b
            };
            if rng.below(8) == 0 {
                bytes.truncate(rng.below(bytes.len() as u64 + 1) as usize);
            }
            match UdpDatagram::decode(&bytes) {
                Ok(d) => {
                    accepted += 1;
                    assert_eq!(UdpDatagram::decode(&d.encode()), Ok(d));
                }
                Err(e) => {
                    refused += 1;
                    assert!(!e.field.is_empty() && !e.reason.is_empty());
                }
            }
        }
        assert!(
            accepted > 1_000 && refused > 1_000,
            "{accepted} / {refused}"
        );
    }

    /// Data beyond what a datagram holds is cut, as for TCP and ICMP.
    #[test]
    fn oversized_payload_is_cut_to_fit() {
        let bytes = datagram(&vec![b'x'; 70_000]).encode();
        assert_eq!(bytes.len(), 65_535);
        let decoded = UdpDatagram::decode(&bytes).expect("the cut datagram decodes");
        assert_eq!(decoded.payload.len(), MAX_PAYLOAD);
    }
}
