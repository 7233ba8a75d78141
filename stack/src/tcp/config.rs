//! The knobs of the reference TCP, with defaults chosen for a classroom game.

use crate::time::Duration;

/// How initial sequence numbers are chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum IssMode {
    /// Every connection starts at 0, as in the paper game (seed 001, round 2), so students
    /// can do the arithmetic in their heads.
    Zero,
    /// Numbers drawn from a `SplitMix64` seeded with this value: the "real TCP" setting of
    /// round 4, where a forged RST has to guess the sequence number (RFC 9293 §3.4.1).
    Seeded(u64),
}

/// Per-host TCP parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Config {
    /// The receive buffer; the advertised window is this minus the bytes not yet read.
    /// 65535 is the largest window without window scaling (RFC 9293 §3.1, RFC 7323).
    pub rcv_wnd: u16,
    /// Maximum Segment Lifetime. RFC 9293 §3.4.2 suggests 2 minutes; the game default is
    /// 5 s of game time so that TIME-WAIT (2×MSL, §3.10.7.4) is visible but short.
    pub msl: Duration,
    /// The first retransmission timeout: 1 s (RFC 6298 §2.1).
    pub rto_initial: Duration,
    /// The ceiling of the exponential backoff: 60 s (RFC 6298 §2.5).
    pub rto_max: Duration,
    /// Retransmissions of one segment before the connection gives up with "timed out"
    /// (RFC 1122 §4.2.3.5 R2; Linux's `tcp_syn_retries` is 6, the game default too).
    pub max_retransmits: u32,
    /// Largest payload per segment: 1460 = Ethernet MTU 1500 − 20 (IP) − 20 (TCP), the
    /// value a host announces on Ethernet (RFC 9293 §3.7.1). Cards carry no options, so
    /// the peer's MSS is assumed to be the same.
    pub mss: u16,
    pub iss: IssMode,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            rcv_wnd: 65535,
            msl: Duration::from_secs(5),
            rto_initial: Duration::from_secs(1),
            rto_max: Duration::from_secs(60),
            max_retransmits: 6,
            mss: 1460,
            iss: IssMode::Zero,
        }
    }
}
