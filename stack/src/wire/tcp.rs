//! The TCP header (RFC 9293 §3.1): a checked view over received bytes, and the encoder for
//! a [`TcpSegment`].

use alloc::format;
use alloc::vec::Vec;
use core::net::Ipv4Addr;

use super::checksum::Sum;
use super::ipv4::protocol;
use super::{WireError, be16, be32};
use crate::addr::Endpoint;
use crate::segment::{TcpFlags, TcpSegment};
use crate::seq::SeqNumber;

/// The TCP header without options: the only size the engine emits.
pub const HEADER_LEN: usize = 20;

/// The most data one segment can carry inside an IPv4 datagram without options.
pub const MAX_PAYLOAD: usize = u16::MAX as usize - super::ipv4::HEADER_LEN - HEADER_LEN;

/// Received bytes known to hold a whole TCP header (options included).
#[derive(Clone, Copy, Debug)]
pub struct TcpPacket<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> TcpPacket<T> {
    /// Checks the lengths, not the checksum (that needs the IP addresses, see
    /// [`Self::verify_checksum`]).
    pub fn new_checked(buffer: T) -> Result<Self, WireError> {
        let len = buffer.as_ref().len();
        if len < HEADER_LEN {
            return Err(WireError::new(
                "tcp header",
                format!("needs {HEADER_LEN} bytes, only {len} arrived"),
            ));
        }
        let packet = TcpPacket { buffer };
        // RFC 9293 §3.1: the data offset counts 32-bit words; the header is at least 5.
        let offset = packet.data_offset();
        if offset < 5 {
            return Err(WireError::new(
                "tcp data offset",
                format!("must be at least 5 (20 bytes), found {offset}"),
            ));
        }
        if packet.header_len() > len {
            return Err(WireError::new(
                "tcp data offset",
                format!(
                    "{offset} means a {}-byte header, the segment has only {len} bytes",
                    packet.header_len()
                ),
            ));
        }
        Ok(packet)
    }

    fn bytes(&self) -> &[u8] {
        self.buffer.as_ref()
    }

    pub fn src_port(&self) -> u16 {
        be16(self.bytes(), 0)
    }
    pub fn dst_port(&self) -> u16 {
        be16(self.bytes(), 2)
    }
    pub fn seq(&self) -> SeqNumber {
        SeqNumber(be32(self.bytes(), 4))
    }
    pub fn ack(&self) -> SeqNumber {
        SeqNumber(be32(self.bytes(), 8))
    }
    /// Header length in 32-bit words.
    pub fn data_offset(&self) -> u8 {
        self.bytes().get(12).map_or(0, |b| b >> 4)
    }
    pub fn header_len(&self) -> usize {
        usize::from(self.data_offset()) * 4
    }
    /// All eight control bits of byte 13 (CWR ECE URG ACK PSH RST SYN FIN), kept as they
    /// are so a decoded segment re-encodes to the same bytes.
    pub fn flags(&self) -> TcpFlags {
        TcpFlags(self.bytes().get(13).copied().unwrap_or(0))
    }
    pub fn window(&self) -> u16 {
        be16(self.bytes(), 14)
    }
    pub fn checksum(&self) -> u16 {
        be16(self.bytes(), 16)
    }
    /// The data after the header; options (MSS, SACK, timestamps from packetdrill-like
    /// inputs) are skipped, the game does not negotiate any.
    pub fn payload(&self) -> &[u8] {
        self.bytes().get(self.header_len()..).unwrap_or_default()
    }

    /// RFC 9293 §3.1: the checksum covers a pseudo-header (source and destination address,
    /// zero, protocol 6, TCP length), the header and the data.
    pub fn verify_checksum(&self, src: Ipv4Addr, dst: Ipv4Addr) -> Result<(), WireError> {
        let bytes = self.bytes();
        let Ok(len) = u16::try_from(bytes.len()) else {
            return Err(WireError::new(
                "tcp length",
                "does not fit an IPv4 datagram".into(),
            ));
        };
        let pseudo = Sum::default().add_pseudo_header(src, dst, protocol::TCP, len);
        if pseudo.add_bytes(bytes).verifies() {
            return Ok(());
        }
        let head = bytes.get(..16).unwrap_or_default();
        let tail = bytes.get(18..).unwrap_or_default();
        let expected = pseudo.add_bytes(head).add_bytes(tail).checksum();
        Err(WireError::checksum(
            "tcp checksum",
            expected,
            self.checksum(),
        ))
    }

    /// The segment these bytes carry, between the addresses of the enclosing IP header.
    pub fn to_segment(&self, src: Ipv4Addr, dst: Ipv4Addr) -> TcpSegment {
        TcpSegment {
            src: Endpoint::new(src, self.src_port()),
            dst: Endpoint::new(dst, self.dst_port()),
            seq: self.seq(),
            ack: self.ack(),
            flags: self.flags(),
            window: self.window(),
            payload: self.payload().to_vec(),
        }
    }
}

/// Appends `seg` as a 20-byte TCP header plus its payload, with the RFC 9293 §3.1 checksum.
///
/// The acknowledgement number is written as it is even without ACK: RFC 9293 §3.1 only
/// says it is meaningful when ACK is set, and keeping it makes encode/decode exact.
/// Data beyond [`MAX_PAYLOAD`] is cut off, so the result always fits a datagram.
pub fn emit(seg: &TcpSegment, out: &mut Vec<u8>) {
    let start = out.len();
    out.extend_from_slice(&seg.src.port.to_be_bytes());
    out.extend_from_slice(&seg.dst.port.to_be_bytes());
    out.extend_from_slice(&seg.seq.0.to_be_bytes());
    out.extend_from_slice(&seg.ack.0.to_be_bytes());
    out.extend_from_slice(&[5 << 4, seg.flags.0]);
    out.extend_from_slice(&seg.window.to_be_bytes());
    // Checksum placeholder, then the urgent pointer: the game never sends urgent data.
    out.extend_from_slice(&[0, 0, 0, 0]);
    out.extend_from_slice(seg.payload.get(..MAX_PAYLOAD).unwrap_or(&seg.payload));
    let segment = out.get(start..).unwrap_or_default();
    let len = u16::try_from(segment.len()).unwrap_or(u16::MAX);
    let sum = Sum::default()
        .add_pseudo_header(seg.src.addr, seg.dst.addr, protocol::TCP, len)
        .add_bytes(segment)
        .checksum();
    if let Some(field) = out.get_mut(start + 16..start + 18) {
        field.copy_from_slice(&sum.to_be_bytes());
    }
}
