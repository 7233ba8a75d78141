//! The IPv4 header (RFC 791 §3.1): a checked view over received bytes, and the few fields
//! the game writes.

use alloc::format;
use alloc::vec::Vec;
use core::net::Ipv4Addr;

use super::checksum::{Sum, checksum};
use super::{IpMeta, WireError, be16, be32};

/// The IPv4 header without options: the only size the engine emits.
pub const HEADER_LEN: usize = 20;

/// Protocol numbers of the IPv4 "protocol" field (RFC 790, now the IANA registry).
pub mod protocol {
    pub const ICMP: u8 = 1;
    /// RFC 2003 §3.1: "IP in IP", an IP datagram inside another.
    pub const IPIP: u8 = 4;
    pub const TCP: u8 = 6;
    /// RFC 768: "Protocol Number 17 (21 octal) when this is used in the Internet Protocol".
    pub const UDP: u8 = 17;
}

/// The "don't fragment" flag (RFC 791 §3.1, bit 1 of the flags). The engine sets it on
/// every packet, as Linux does for TCP (path MTU discovery, RFC 1191): the game never
/// fragments, and a router with a small link answers "fragmentation needed" instead.
const FLAG_DF: u16 = 0x4000;
const FLAG_MF: u16 = 0x2000;
const FRAGMENT_OFFSET: u16 = 0x1fff;

/// Received bytes that are known to hold a whole IPv4 header and the datagram its total
/// length announces; every accessor is safe to call after [`Ipv4Packet::new_checked`].
#[derive(Clone, Copy, Debug)]
pub struct Ipv4Packet<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> Ipv4Packet<T> {
    /// Checks the lengths and the version, not the checksum (see [`Self::verify_checksum`]),
    /// so a caller can still show the fields of a corrupted packet.
    pub fn new_checked(buffer: T) -> Result<Self, WireError> {
        let b = buffer.as_ref();
        if b.len() < HEADER_LEN {
            return Err(WireError::new(
                "ipv4 header",
                format!("needs {HEADER_LEN} bytes, only {} arrived", b.len()),
            ));
        }
        let packet = Ipv4Packet { buffer };
        let version = packet.version();
        if version != 4 {
            return Err(WireError::new(
                "ipv4 version",
                format!("must be 4 for IPv4, found {version}"),
            ));
        }
        // RFC 791 §3.1: IHL counts 32-bit words and "the minimum value for a correct header
        // is 5".
        let ihl = packet.ihl();
        if ihl < 5 {
            return Err(WireError::new(
                "ipv4 header length",
                format!("IHL must be at least 5 (20 bytes), found {ihl}"),
            ));
        }
        let header_len = packet.header_len();
        let available = packet.buffer.as_ref().len();
        if header_len > available {
            return Err(WireError::new(
                "ipv4 header length",
                format!("IHL {ihl} means {header_len} bytes, only {available} arrived"),
            ));
        }
        let total = usize::from(packet.total_len());
        if total < header_len {
            return Err(WireError::new(
                "ipv4 total length",
                format!("{total} is shorter than the {header_len}-byte header"),
            ));
        }
        if total > available {
            return Err(WireError::new(
                "ipv4 total length",
                format!("says {total} bytes, only {available} arrived"),
            ));
        }
        Ok(packet)
    }

    fn bytes(&self) -> &[u8] {
        self.buffer.as_ref()
    }

    pub fn version(&self) -> u8 {
        self.bytes().first().map_or(0, |b| b >> 4)
    }
    /// Internet Header Length in 32-bit words.
    pub fn ihl(&self) -> u8 {
        self.bytes().first().map_or(0, |b| b & 0x0f)
    }
    pub fn header_len(&self) -> usize {
        usize::from(self.ihl()) * 4
    }
    pub fn total_len(&self) -> u16 {
        be16(self.bytes(), 2)
    }
    pub fn ident(&self) -> u16 {
        be16(self.bytes(), 4)
    }
    /// Whether this is a piece of a fragmented datagram (more fragments follow, or it is not
    /// the first piece).
    pub fn is_fragment(&self) -> bool {
        be16(self.bytes(), 6) & (FLAG_MF | FRAGMENT_OFFSET) != 0
    }
    pub fn ttl(&self) -> u8 {
        self.bytes().get(8).copied().unwrap_or(0)
    }
    pub fn protocol(&self) -> u8 {
        self.bytes().get(9).copied().unwrap_or(0)
    }
    pub fn checksum(&self) -> u16 {
        be16(self.bytes(), 10)
    }
    pub fn src(&self) -> Ipv4Addr {
        Ipv4Addr::from(be32(self.bytes(), 12))
    }
    pub fn dst(&self) -> Ipv4Addr {
        Ipv4Addr::from(be32(self.bytes(), 16))
    }
    pub fn header(&self) -> &[u8] {
        self.bytes().get(..self.header_len()).unwrap_or_default()
    }
    /// The bytes after the header up to the total length: link-layer padding after the
    /// datagram is not part of it.
    pub fn payload(&self) -> &[u8] {
        self.bytes()
            .get(self.header_len()..usize::from(self.total_len()))
            .unwrap_or_default()
    }

    /// A whole datagram as the game accepts it, whatever it carries: lengths and version
    /// ([`Self::new_checked`]), the header checksum, and not a fragment — the game always
    /// sets DF and never reassembles.
    pub fn new_verified(buffer: T) -> Result<Self, WireError> {
        let packet = Self::new_checked(buffer)?;
        packet.verify_checksum()?;
        if packet.is_fragment() {
            return Err(WireError::new(
                "ipv4 fragment offset",
                "this is a fragment of a bigger datagram; the game never fragments (DF)".into(),
            ));
        }
        Ok(packet)
    }

    /// RFC 791 §3.1: the header checksum covers the header only (options included).
    pub fn verify_checksum(&self) -> Result<(), WireError> {
        let header = self.header();
        if Sum::default().add_bytes(header).verifies() {
            return Ok(());
        }
        let mut zeroed = header.to_vec();
        if let Some(field) = zeroed.get_mut(10..12) {
            field.fill(0);
        }
        Err(WireError::checksum(
            "ipv4 header checksum",
            checksum(&zeroed),
            self.checksum(),
        ))
    }
}

/// The header fields of a datagram the engine sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ipv4Repr {
    pub src: Ipv4Addr,
    pub dst: Ipv4Addr,
    pub protocol: u8,
    pub meta: IpMeta,
    pub payload_len: u16,
}

impl Ipv4Repr {
    /// Appends a 20-byte header: version 4, IHL 5, DF, and the RFC 791 §3.1 checksum.
    ///
    /// The total length saturates at 65535; [`super::tcp::emit`],
    /// [`super::IcmpMessage::emit`] and [`super::udp::UdpRepr::emit`] cut their data so that
    /// never happens.
    pub fn emit(&self, out: &mut Vec<u8>) {
        let total = self.payload_len.saturating_add(HEADER_LEN as u16);
        let start = out.len();
        out.extend_from_slice(&[0x45, 0x00]);
        out.extend_from_slice(&total.to_be_bytes());
        out.extend_from_slice(&self.meta.ident.to_be_bytes());
        out.extend_from_slice(&FLAG_DF.to_be_bytes());
        out.extend_from_slice(&[self.meta.ttl, self.protocol, 0, 0]);
        out.extend_from_slice(&self.src.octets());
        out.extend_from_slice(&self.dst.octets());
        let sum = checksum(out.get(start..).unwrap_or_default());
        if let Some(field) = out.get_mut(start + 10..start + 12) {
            field.copy_from_slice(&sum.to_be_bytes());
        }
    }
}
