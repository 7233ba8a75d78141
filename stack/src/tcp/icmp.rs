//! What TCP makes of an ICMP error: which connection it is about (from the quoted header)
//! and whether it is hard (abort) or soft (remember) per RFC 1122 §4.2.3.9 and RFC 5927 §5.2.

use crate::addr::{Endpoint, Ipv4Addr};
use crate::seq::SeqNumber;

/// ICMP type "destination unreachable" (RFC 792).
pub const DEST_UNREACHABLE: u8 = 3;
/// ICMP type "time exceeded" (RFC 792).
pub const TIME_EXCEEDED: u8 = 11;

/// The part of our own segment that an ICMP error quotes back: enough to find the TCB.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QuotedTcp {
    /// Our end (the quoted datagram's source).
    pub local: Endpoint,
    /// Their end (the quoted datagram's destination).
    pub remote: Endpoint,
    pub seq: SeqNumber,
}

/// Read the quoted "original IP header + first 8 bytes" (RFC 792) defensively: `None` for
/// anything short, not IPv4, or not TCP.
pub fn parse_quote(quoted: &[u8]) -> Option<QuotedTcp> {
    let first = *quoted.first()?;
    if first >> 4 != 4 {
        return None;
    }
    let ihl = usize::from(first & 0x0f) * 4;
    if ihl < 20 || *quoted.get(9)? != 6 {
        return None;
    }
    let addr = |at: usize| -> Option<Ipv4Addr> {
        let b = quoted.get(at..at + 4)?;
        Some(Ipv4Addr::new(
            *b.first()?,
            *b.get(1)?,
            *b.get(2)?,
            *b.get(3)?,
        ))
    };
    let tcp = quoted.get(ihl..ihl + 8)?;
    let u16_at =
        |i: usize| -> Option<u16> { Some(u16::from_be_bytes([*tcp.get(i)?, *tcp.get(i + 1)?])) };
    let seq = u32::from_be_bytes([*tcp.get(4)?, *tcp.get(5)?, *tcp.get(6)?, *tcp.get(7)?]);
    Some(QuotedTcp {
        local: Endpoint::new(addr(12)?, u16_at(0)?),
        remote: Endpoint::new(addr(16)?, u16_at(2)?),
        seq: SeqNumber(seq),
    })
}

/// How serious an ICMP error is for a TCP connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    /// Destination unreachable codes 2 (protocol), 3 (port), 4 (fragmentation needed):
    /// the peer will never answer (RFC 1122 §4.2.3.9). Following RFC 5927 §5.2 (and Linux),
    /// a hard error aborts only a connection still in SYN-SENT; an established one keeps
    /// it as a soft error, because a forged or transient error must not kill it.
    Hard,
    /// Net/host unreachable, other unreachable codes, time exceeded: may be transient, so
    /// remember it and report it only if the connection later times out (RFC 1122
    /// §4.2.3.9: "MUST NOT abort the connection").
    Soft,
}

/// Classify an ICMP (type, code) pair; `None` for messages TCP does not act on
/// (e.g. source quench, deprecated by RFC 6633).
pub fn severity(icmp_type: u8, code: u8) -> Option<Severity> {
    match (icmp_type, code) {
        (DEST_UNREACHABLE, 2..=4) => Some(Severity::Hard),
        (DEST_UNREACHABLE, _) | (TIME_EXCEEDED, _) => Some(Severity::Soft),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quote(ihl_words: u8, proto: u8, tail: usize) -> alloc::vec::Vec<u8> {
        let mut q = alloc::vec![0u8; usize::from(ihl_words) * 4];
        if let Some(b) = q.first_mut() {
            *b = 0x40 | ihl_words;
        }
        if let Some(b) = q.get_mut(9) {
            *b = proto;
        }
        for (i, v) in [10, 0, 1, 2, 10, 0, 1, 1].into_iter().enumerate() {
            if let Some(b) = q.get_mut(12 + i) {
                *b = v;
            }
        }
        q.extend_from_slice(&[0x9c, 0x40, 0x00, 0x17, 0, 0, 0x01, 0x00][..tail]);
        q
    }

    /// RFC 792: the error quotes the IP header + 8 bytes (ports and sequence number).
    #[test]
    fn parses_the_quoted_header_rfc_792() {
        let q = parse_quote(&quote(5, 6, 8));
        assert_eq!(
            q,
            Some(QuotedTcp {
                local: Endpoint::new(Ipv4Addr::new(10, 0, 1, 2), 40000),
                remote: Endpoint::new(Ipv4Addr::new(10, 0, 1, 1), 23),
                seq: SeqNumber(256),
            })
        );
        // IP options: the TCP header starts after IHL×4 bytes.
        assert_eq!(
            parse_quote(&quote(6, 6, 8)).map(|q| q.seq),
            Some(SeqNumber(256))
        );
    }

    #[test]
    fn garbled_quotes_are_rejected_not_panicked_on() {
        assert_eq!(parse_quote(&[]), None);
        assert_eq!(parse_quote(&quote(5, 6, 7)), None); // one byte short
        assert_eq!(parse_quote(&quote(5, 17, 8)), None); // UDP
        assert_eq!(parse_quote(&quote(4, 6, 8)), None); // IHL below 5
        assert_eq!(parse_quote(&[0x6f; 40]), None); // IPv6 version
        assert_eq!(parse_quote(&[0x4f; 30]), None); // IHL 60 but only 30 bytes
    }

    /// RFC 1122 §4.2.3.9: unreachable codes 2, 3, 4 are hard, 0, 1 and time exceeded soft.
    #[test]
    fn hard_and_soft_errors_rfc_1122_section_4_2_3_9() {
        for code in 2..=4 {
            assert_eq!(severity(3, code), Some(Severity::Hard));
        }
        for code in [0, 1, 5, 13] {
            assert_eq!(severity(3, code), Some(Severity::Soft));
        }
        assert_eq!(severity(11, 0), Some(Severity::Soft));
        assert_eq!(severity(4, 0), None);
        assert_eq!(severity(0, 0), None);
    }
}
