//! What a host tells the world: the handle of a connection, the events of its TCP (with
//! the reason and rule of each), its refusals, and a snapshot of one TCB. The TCP state
//! machine writes them and the host hands them on, so they sit below both.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::addr::Endpoint;
use crate::segment::TcpSegment;
use crate::seq::SeqNumber;
use crate::tcp::{State, TcpError};
use crate::text::{Text, text};
use crate::time::{Duration, Instant};

/// A connection's handle, unique within its host (a socket's file descriptor).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ConnId(pub u32);

impl fmt::Display for ConnId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// Why a user call (listen, connect, send, close…) was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum HostError {
    PortInUse(u16),
    NoSuchConnection(ConnId),
    /// The handshake has not completed yet.
    NotConnected {
        state: State,
    },
    /// We already closed our side (or the connection is ending).
    Closing {
        state: State,
    },
}

impl fmt::Display for HostError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HostError::PortInUse(port) => {
                write!(
                    f,
                    "port {port} is already in use on this host: pick another port"
                )
            }
            HostError::NoSuchConnection(id) => {
                write!(
                    f,
                    "there is no connection {id} (it never existed or is already closed)"
                )
            }
            HostError::NotConnected { state } => write!(
                f,
                "the connection is in {state}, not connected yet: wait for ESTABLISHED"
            ),
            HostError::Closing { state } => write!(
                f,
                "the connection is in {state}: our side is already closed or closing"
            ),
        }
    }
}

/// Why the host did something: one sentence for a student, and the rule it follows.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Reason {
    pub text: String,
    /// e.g. "RFC 5961 §3.2".
    pub rfc: &'static str,
}

impl Reason {
    pub fn new(text: impl Into<String>, rfc: &'static str) -> Reason {
        Reason {
            text: text.into(),
            rfc,
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.text, self.rfc)
    }
}

/// Something that happened inside the host, for the ladder diagram and the explanations.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum HostEvent {
    StateChanged {
        conn: ConnId,
        from: State,
        to: State,
        reason: Reason,
    },
    /// A passive connection finished its handshake and waits for `accept`.
    Accepted {
        conn: ConnId,
        listen_port: u16,
    },
    DataReceived {
        conn: ConnId,
        data: Vec<u8>,
    },
    Error {
        conn: ConnId,
        error: TcpError,
        reason: Reason,
    },
    SegmentIgnored {
        segment: TcpSegment,
        reason: Reason,
    },
    /// A segment sent *because of* an arriving one: RST for a closed port, challenge ACK,
    /// ACK-and-drop. It is also in the outbox.
    Replied {
        segment: TcpSegment,
        reason: Reason,
    },
    /// DNS over UDP: a query asked or answered, an answer believed or ignored.
    Dns(super::dns::DnsEvent),
}

/// A snapshot of one connection's TCB (RFC 9293 §3.3.1 variables), for display and checks.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ConnView {
    pub id: ConnId,
    pub local: Endpoint,
    pub remote: Endpoint,
    pub state: State,
    pub iss: SeqNumber,
    pub irs: SeqNumber,
    pub snd_una: SeqNumber,
    pub snd_nxt: SeqNumber,
    pub snd_wnd: u32,
    pub rcv_nxt: SeqNumber,
    pub rcv_wnd: u32,
    pub last_transition: Option<(State, State)>,
    /// The retransmission timer (RFC 6298 §5), read-only for the desk and the referee:
    /// when it runs out (`None` while nothing waits for an ACK), the timeout it was started
    /// with (doubled at every expiry, §5.5), and how often the oldest unacknowledged
    /// segment went again.
    pub rto_deadline: Option<Instant>,
    pub rto: Duration,
    pub retransmits: u32,
}

impl ConnView {
    /// The retransmission timer in one sentence for the desk, or `None` while it does not
    /// run (nothing waits for an ACK). Whole seconds, rounded up: the desk shows no
    /// fractions, and a timer that still runs never reads "0 s".
    pub fn timer_text(&self, now: Instant) -> Option<Text> {
        let deadline = self.rto_deadline?;
        let (left, rto, again) = (
            deadline.since(now).secs_up(),
            self.rto.secs_up(),
            self.retransmits,
        );
        let remote = self.remote;
        // RFC 6298 §5.5: every expiry doubles the timeout.
        Some(if again == 0 {
            text!(
                "retransmission timer for {remote}: {left} s left of {rto} s",
                "timer di ritrasmissione verso {remote}: mancano {left} s su {rto} s"
            )
        } else {
            text!(
                "retransmission timer for {remote}: {left} s left of {rto} s (ran out {again}× \
                 already: it doubles every time)",
                "timer di ritrasmissione verso {remote}: mancano {left} s su {rto} s (già \
                 scaduto {again}×: raddoppia ogni volta)"
            )
        })
    }
}
