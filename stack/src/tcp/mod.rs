//! The reference TCP: one state machine per connection (RFC 9293), hardened against blind
//! attacks (RFC 5961), with RFC 1337's TIME-WAIT protection, RFC 6298 retransmission
//! backoff and RFC 1122 ICMP handling. [`crate::host::Host`] owns the connections and
//! demultiplexes segments to them; this module holds what one connection knows.
//!
//! Deliberate choices where the sources leave room (each is repeated where it is coded):
//! - No delayed ACK: every segment that carries data or a FIN is acknowledged at once,
//!   because in the game every data card is answered by its own ACK card (seed 001).
//! - Out-of-order data is dropped and answered with a duplicate ACK instead of being
//!   queued (RFC 9293 §3.10.7.4 allows either); the sender retransmits it.
//! - Data or a FIN carried on a SYN is queued and delivered once ESTABLISHED (RFC 9293
//!   §3.10.7.2, §3.10.7.3), as the RFC says; Linux without TCP Fast Open drops it instead.
//! - A RST in CLOSING or LAST-ACK reports "connection reset" (ECONNRESET, as Linux does);
//!   RFC 9293 only says to close.
//! - A RST in TIME-WAIT is ignored (RFC 1337), not obeyed as RFC 9293 says.
//! - A SYN in any synchronized state, TIME-WAIT included, gets a challenge ACK (RFC 5961
//!   §4.2); TIME-WAIT reuse for a new connection (RFC 6191) is not offered.
//! - No RTT measurement: the timeout starts at `rto_initial`, doubles on each expiry and
//!   comes back to `rto_initial` when new data is acknowledged (RFC 6298 §5). The game's
//!   links have no queues to estimate, and a fixed RTO keeps the ladder diagram readable.
//! - An ACK outside SND.UNA−MAX.SND.WND..SND.NXT is answered with an ACK in both
//!   directions (too old, or not yet sent), as RFC 5961 §5.2 says; no challenge-ACK rate
//!   limit (RFC 5961 §7), the game's rates are tiny.
//! - A duplicate SYN in SYN-RECEIVED gets the SYN/ACK again (BSD, Linux) rather than the
//!   bare ACK of the acceptability test, so a lost SYN/ACK does not stall the handshake.
//! - A hard ICMP error (unreachable codes 2–4) aborts only a connection in SYN-SENT; later
//!   it is kept as a soft error (RFC 5927 §5.2, Linux): RFC 1122 §4.2.3.9 says SHOULD
//!   abort, but a forged ICMP could then tear down any connection whose addresses it guesses.
//! - ABORT sends `<SEQ=SND.NXT><CTL=RST>` exactly as RFC 9293 §3.10.5 writes it (Linux
//!   adds an ACK).

mod config;
pub mod icmp;
mod state;
pub(crate) mod tcb;
pub mod window;

use core::fmt;

pub use config::{Config, IssMode};
pub use state::State;

/// What a failed connection reports to its application (the `SO_ERROR` of a socket).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum TcpError {
    /// The peer sent an acceptable RST on an established connection (ECONNRESET).
    ConnectionReset,
    /// Our SYN was answered by a RST: nobody listens on that port (ECONNREFUSED).
    ConnectionRefused,
    /// Retransmissions ran out without an answer (ETIMEDOUT, RFC 1122 §4.2.3.5).
    TimedOut,
    /// An ICMP destination unreachable with this code ended the connection, or was the
    /// last soft error seen before it timed out (RFC 1122 §4.2.3.9). Time exceeded is
    /// reported as code 1 (host unreachable), as Linux reports it (EHOSTUNREACH).
    Unreachable { code: u8 },
}

impl fmt::Display for TcpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TcpError::ConnectionReset => {
                f.write_str("connection reset by the peer (a RST arrived)")
            }
            TcpError::ConnectionRefused => {
                f.write_str("connection refused: nothing listens on that port (the SYN got a RST)")
            }
            TcpError::TimedOut => {
                f.write_str("connection timed out: nobody answered our retransmissions")
            }
            TcpError::Unreachable { code } => write!(
                f,
                "{} (ICMP destination unreachable, code {code})",
                crate::wire::unreach::name(*code)
            ),
        }
    }
}
