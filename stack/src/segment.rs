//! A TCP segment as the engine reasons about it: the fields of the paper card that TCP
//! cares about, already parsed. The wire module turns it into real bytes and back.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::addr::Endpoint;
use crate::seq::SeqNumber;

/// The TCP control bits of the game (RFC 9293 §3.1). URG, ECE and CWR are not part of the
/// paper game and are never set by the engine.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct TcpFlags(pub u8);

impl TcpFlags {
    pub const FIN: TcpFlags = TcpFlags(0x01);
    pub const SYN: TcpFlags = TcpFlags(0x02);
    pub const RST: TcpFlags = TcpFlags(0x04);
    pub const PSH: TcpFlags = TcpFlags(0x08);
    pub const ACK: TcpFlags = TcpFlags(0x10);
    pub const NONE: TcpFlags = TcpFlags(0);

    /// Every flag the game knows, in the order a card prints them.
    pub const ALL: [(TcpFlags, &'static str); 5] = [
        (TcpFlags::SYN, "SYN"),
        (TcpFlags::ACK, "ACK"),
        (TcpFlags::FIN, "FIN"),
        (TcpFlags::RST, "RST"),
        (TcpFlags::PSH, "PSH"),
    ];

    pub const fn contains(self, other: TcpFlags) -> bool {
        self.0 & other.0 == other.0
    }
    pub const fn union(self, other: TcpFlags) -> TcpFlags {
        TcpFlags(self.0 | other.0)
    }
    pub const fn without(self, other: TcpFlags) -> TcpFlags {
        TcpFlags(self.0 & !other.0)
    }
    pub const fn syn(self) -> bool {
        self.contains(TcpFlags::SYN)
    }
    pub const fn ack(self) -> bool {
        self.contains(TcpFlags::ACK)
    }
    pub const fn fin(self) -> bool {
        self.contains(TcpFlags::FIN)
    }
    pub const fn rst(self) -> bool {
        self.contains(TcpFlags::RST)
    }
    pub const fn psh(self) -> bool {
        self.contains(TcpFlags::PSH)
    }

    /// Flags as words, e.g. `SYN+ACK` (never colour alone: the text is the truth).
    pub fn words(self) -> String {
        let mut out = String::new();
        for (flag, name) in TcpFlags::ALL {
            if self.contains(flag) {
                if !out.is_empty() {
                    out.push('+');
                }
                out.push_str(name);
            }
        }
        if out.is_empty() {
            out.push_str("none");
        }
        out
    }

    /// Flags in tcpdump/packetdrill notation: `S`, `S.`, `P.`, `F.`, `R`, `R.`, `.`.
    pub fn tcpdump(self) -> String {
        let mut out = String::new();
        for (flag, c) in [
            (TcpFlags::SYN, 'S'),
            (TcpFlags::FIN, 'F'),
            (TcpFlags::RST, 'R'),
            (TcpFlags::PSH, 'P'),
        ] {
            if self.contains(flag) {
                out.push(c);
            }
        }
        if self.ack() {
            out.push('.');
        }
        out
    }
}

impl core::ops::BitOr for TcpFlags {
    type Output = TcpFlags;
    fn bitor(self, rhs: TcpFlags) -> TcpFlags {
        self.union(rhs)
    }
}

impl fmt::Display for TcpFlags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.words())
    }
}

/// A TCP segment between two endpoints (the IP addresses are part of the endpoints, since
/// a connection is identified by the 4-tuple, RFC 9293 §3.3.2).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct TcpSegment {
    pub src: Endpoint,
    pub dst: Endpoint,
    pub seq: SeqNumber,
    pub ack: SeqNumber,
    pub flags: TcpFlags,
    pub window: u16,
    pub payload: Vec<u8>,
}

impl TcpSegment {
    /// SEG.LEN of RFC 9293 §3.4: payload bytes plus one for SYN and one for FIN, because
    /// "SYN and FIN take one number" (seed 001, round 2; RFC 9293 §3.4).
    pub fn seg_len(&self) -> u32 {
        // A card's payload is far below 4 GiB; saturate rather than wrap if it were not.
        let data = u32::try_from(self.payload.len()).unwrap_or(u32::MAX);
        data.saturating_add(u32::from(self.flags.syn()) + u32::from(self.flags.fin()))
    }

    /// The sequence number just after this segment: what the peer should acknowledge.
    pub fn seq_end(&self) -> SeqNumber {
        self.seq + self.seg_len()
    }
}

impl fmt::Display for TcpSegment {
    /// tcpdump-like one-liner: `10.0.1.2:40000 > 10.0.1.1:23 S. seq 0 ack 1 len 0`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} > {} {} seq {}",
            self.src,
            self.dst,
            self.flags.tcpdump(),
            self.seq
        )?;
        if self.flags.ack() {
            write!(f, " ack {}", self.ack)?;
        }
        write!(f, " win {} len {}", self.window, self.payload.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::addr::Ipv4Addr;

    fn seg(flags: TcpFlags, payload: &[u8]) -> TcpSegment {
        TcpSegment {
            src: Endpoint::new(Ipv4Addr::new(10, 0, 1, 2), 40000),
            dst: Endpoint::new(Ipv4Addr::new(10, 0, 1, 1), 23),
            seq: SeqNumber(0),
            ack: SeqNumber(0),
            flags,
            window: 65535,
            payload: payload.to_vec(),
        }
    }

    /// RFC 9293 §3.4: SEG.LEN counts SYN and FIN as one each; seed 001: "my name is
    /// Danilo" is 17 bytes so the server acknowledges 17 more.
    #[test]
    fn syn_and_fin_take_one_number() {
        assert_eq!(seg(TcpFlags::SYN, b"").seg_len(), 1);
        assert_eq!(seg(TcpFlags::FIN | TcpFlags::ACK, b"").seg_len(), 1);
        assert_eq!(seg(TcpFlags::ACK, b"").seg_len(), 0);
        assert_eq!(
            seg(TcpFlags::PSH | TcpFlags::ACK, b"my name is Danilo").seg_len(),
            17
        );
        assert_eq!(
            seg(TcpFlags::SYN | TcpFlags::FIN, b"ab").seq_end(),
            SeqNumber(4)
        );
    }

    #[test]
    fn flags_print_as_words_and_tcpdump() {
        let sa = TcpFlags::SYN | TcpFlags::ACK;
        assert_eq!(sa.words(), "SYN+ACK");
        assert_eq!(sa.tcpdump(), "S.");
        assert_eq!(TcpFlags::RST.tcpdump(), "R");
        assert_eq!((TcpFlags::PSH | TcpFlags::ACK).tcpdump(), "P.");
        assert_eq!(TcpFlags::NONE.words(), "none");
    }
}
