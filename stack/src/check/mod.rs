//! The referee. For a card a player wants to send, it works out what a real stack would
//! send in that player's situation and compares them box by box, explaining each
//! difference in one sentence with its rule (DESIGN.md §3, "Validation with teaching
//! feedback"). It never guesses the rules itself: the expected segment comes from a copy
//! of the player's own [`Host`], and the expected routing decision from [`Router::forward`].
//! Each sentence is written in English and Italian right where its rule decides, from the
//! same numbers ([`crate::text`]); only a correct router's own reason, which `route.rs`
//! writes, is English alone.
//!
//! How the expected segment is found, by the card's [`Intent`]:
//! - A segment the stack already wants to send (in `host.outbox()`: SYN+ACK, the ACK of
//!   data or of a FIN, a RST for a closed port, a retransmission) is the answer whenever
//!   one with the same intent is pending for that peer.
//! - Otherwise Open, Data, Close and Abort are user calls (`connect`, `send`, `close`,
//!   `abort`) tried on a clone of the host; what the clone queues is the answer.
//! - Otherwise (OpenReply, Ack, or a user call that does not fit) any segment pending for
//!   that peer is the answer — the card probably has a wrong flag — and if nothing is
//!   pending, the card is impossible here and the verdict says why.
//!
//! What `HostCheck::after` means when the card has mistakes (real mode sends it as
//! written): `after` is the player's host *as if the correct segment had been sent*. The
//! player's intent took effect in their own stack; only what they wrote on the wire is
//! wrong, like a sloppy network card. The peer reacts to the card actually sent (`sent`),
//! and the host recovers as real TCP does — its retransmission timer resends the correct
//! segment if the peer ignored the wrong one. This keeps `after` a state a real stack can
//! be in, which a host built from the wrong numbers would not be.

mod balancer;
mod dns;
mod expected;
mod explain;
mod router;
#[cfg(test)]
mod tests;

use alloc::vec;
use alloc::vec::Vec;

use crate::card::{Field, Intent};
use crate::host::Host;
use crate::segment::TcpSegment;
use crate::text::Text;

pub use balancer::{BalancerFacts, check_balancer_choice};
pub use dns::{DnsCheck, check_dns_card};
pub use expected::check_host_card;
use expected::*;
use explain::*;
pub use router::{check_router_choice, choice_for};

/// One box of a card that differs from what a real stack would write.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Mistake {
    pub field: Field,
    /// What the card should say and what it says, in both languages (values read the
    /// same in both, see [`Text::same`]).
    pub expected: Text,
    pub got: Text,
    /// One plain sentence a student understands, with the numbers that matter, in English
    /// and Italian (see [`crate::text`]).
    pub why: Text,
    /// The rule: an RFC section or a seed transcript.
    pub rfc: &'static str,
}

impl Mistake {
    /// A box whose values (a number, an address, the data) read the same in both languages,
    /// as most boxes of a card do.
    pub(crate) fn values(
        field: Field,
        expected: impl alloc::string::ToString,
        got: impl alloc::string::ToString,
        why: Text,
        rfc: &'static str,
    ) -> Mistake {
        Mistake {
            field,
            expected: Text::same(expected.to_string()),
            got: Text::same(got.to_string()),
            why,
            rfc,
        }
    }
}

/// The referee's answer for one card or one routing decision.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Verdict {
    /// What the card was read as meaning (for a routing decision: the intent of the
    /// routed card, or `IcmpError` when that card is an ICMP message).
    pub intent: Intent,
    pub mistakes: Vec<Mistake>,
    /// Where the rules allow more than one right card, what this one chose and which real
    /// stacks send which (e.g. RST with or without ACK on an abort): said even when the
    /// card is right, so a class learns there is more than one answer.
    pub notes: Vec<Text>,
}

impl Verdict {
    pub fn ok(&self) -> bool {
        self.mistakes.is_empty()
    }

    /// Adds mistakes found after the rules (the round's); a card with any mistake keeps no
    /// note, since the notes describe which right card it was.
    pub fn add_mistakes(&mut self, more: impl IntoIterator<Item = Mistake>) {
        self.mistakes.extend(more);
        if !self.mistakes.is_empty() {
            self.notes.clear();
        }
    }

    fn impossible(intent: Intent, mistake: Mistake) -> Verdict {
        Verdict {
            intent,
            mistakes: vec![mistake],
            notes: Vec::new(),
        }
    }
}

/// The result of checking a card that makes sense in the player's situation.
#[derive(Clone, Debug)]
pub struct HostCheck {
    pub verdict: Verdict,
    /// The player's host after sending the correct segment (see the module docs). Its
    /// outbox holds what the stack still owes, oldest first: what was queued before, minus
    /// the segment this card stands for.
    pub after: Host,
    /// The player's card as a segment: what goes on the wire in real mode.
    pub sent: TcpSegment,
    /// What a real stack would have sent instead (the hint, and the card of coach mode).
    pub expected: TcpSegment,
}
