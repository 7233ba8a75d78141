//! The eleven connection states of RFC 9293 §3.3.2 (Figure 5), named as the RFC writes them
//! so the state-machine picture and the engine's messages use the same words.

use core::fmt;

/// Where a connection is in its life (RFC 9293 §3.3.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum State {
    Closed,
    Listen,
    SynSent,
    SynReceived,
    Established,
    FinWait1,
    FinWait2,
    CloseWait,
    Closing,
    LastAck,
    TimeWait,
}

impl State {
    /// Every state, in the order of RFC 9293 §3.3.2; handy for pictures and table tests.
    pub const ALL: [State; 11] = [
        State::Closed,
        State::Listen,
        State::SynSent,
        State::SynReceived,
        State::Established,
        State::FinWait1,
        State::FinWait2,
        State::CloseWait,
        State::Closing,
        State::LastAck,
        State::TimeWait,
    ];

    /// The name exactly as RFC 9293 spells it, e.g. `SYN-SENT`.
    pub fn name(&self) -> &'static str {
        match self {
            State::Closed => "CLOSED",
            State::Listen => "LISTEN",
            State::SynSent => "SYN-SENT",
            State::SynReceived => "SYN-RECEIVED",
            State::Established => "ESTABLISHED",
            State::FinWait1 => "FIN-WAIT-1",
            State::FinWait2 => "FIN-WAIT-2",
            State::CloseWait => "CLOSE-WAIT",
            State::Closing => "CLOSING",
            State::LastAck => "LAST-ACK",
            State::TimeWait => "TIME-WAIT",
        }
    }

    /// Whether both sides' sequence numbers are known, i.e. the handshake completed: the
    /// "synchronized states" of RFC 9293 §3.5.2 and RFC 5961 (ESTABLISHED and later).
    pub fn is_synchronized(&self) -> bool {
        !matches!(
            self,
            State::Closed | State::Listen | State::SynSent | State::SynReceived
        )
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 9293 §3.3.2: the state names as the RFC writes them.
    #[test]
    fn names_follow_rfc_9293_section_3_3_2() {
        let names: alloc::vec::Vec<&str> = State::ALL.iter().map(State::name).collect();
        assert_eq!(
            names,
            [
                "CLOSED",
                "LISTEN",
                "SYN-SENT",
                "SYN-RECEIVED",
                "ESTABLISHED",
                "FIN-WAIT-1",
                "FIN-WAIT-2",
                "CLOSE-WAIT",
                "CLOSING",
                "LAST-ACK",
                "TIME-WAIT"
            ]
        );
    }

    /// RFC 9293 §3.5.2: the synchronized states are ESTABLISHED and every closing state.
    #[test]
    fn synchronized_states_per_rfc_9293_section_3_5_2() {
        let sync: alloc::vec::Vec<State> = State::ALL
            .iter()
            .copied()
            .filter(State::is_synchronized)
            .collect();
        assert_eq!(sync.first(), Some(&State::Established));
        assert_eq!(sync.len(), 7);
        assert!(!State::SynReceived.is_synchronized());
    }
}
