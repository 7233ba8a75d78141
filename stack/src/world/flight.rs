//! Where every card is. A card has exactly one [`Place`] — on a link or in one inbox — so it
//! can never be in two places; it leaves the map when it is consumed.

use crate::fault::FaultKind;
use crate::text::Text;
use crate::time::Instant;
use crate::wire::Packet;

use super::topology::{CardId, NodeId};

/// A card on a link, from `from` to `to`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Leg {
    pub from: NodeId,
    pub to: NodeId,
    pub depart: Instant,
    pub arrive: Instant,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Place {
    Flying(Leg),
    /// Held back by the reorder fault: it leaves when the next card overtook it, or at
    /// `until` if no card comes.
    Held {
        leg: Leg,
        until: Instant,
    },
    /// In a node's inbox. `bot_at` is when the router bot decides about it.
    Inbox {
        node: NodeId,
        arrived: Instant,
        bot_at: Option<Instant>,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct CardRecord {
    pub packet: Packet,
    pub place: Place,
    /// Written by the instructor's attacker rather than by the node it claims to be from.
    pub forged: bool,
    /// The fault that touched this card, if any (the UI shows it).
    pub fault: Option<FaultKind>,
    /// Set when the card is doomed: it falls off its link on arrival, for this reason.
    pub lost: Option<Text>,
}

/// A card on a link, for the animation: where it is at the time asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Flight {
    pub card: CardId,
    pub packet: Packet,
    pub from: NodeId,
    pub to: NodeId,
    pub depart: Instant,
    pub arrive: Instant,
    /// How far along the link, 0 at `from` and 1000 at `to`.
    pub permille: u16,
    pub forged: bool,
    pub fault: Option<FaultKind>,
    /// Waiting on the link (reorder fault): the card does not move.
    pub held: bool,
    /// It will fall off the link (loss or drop fault); only the UI may show it early.
    pub doomed: bool,
}

impl Flight {
    /// The position as a fraction, for drawing.
    pub fn position(&self) -> f32 {
        f32::from(self.permille) / 1000.0
    }
}

/// Progress along a leg at `now`, clamped to the link.
pub(crate) fn permille(leg: &Leg, now: Instant) -> u16 {
    let total = leg.arrive.since(leg.depart).micros();
    if total == 0 {
        return 1000;
    }
    let done = now.since(leg.depart).micros().min(total);
    // done ≤ total, so the quotient is at most 1000; u128 avoids overflow of done × 1000.
    let p = u128::from(done) * 1000 / u128::from(total);
    u16::try_from(p).unwrap_or(1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The animation needs a position for any time, before, during and after the flight.
    #[test]
    fn position_is_clamped_to_the_link() {
        let leg = Leg {
            from: NodeId(0),
            to: NodeId(1),
            depart: Instant::from_secs(10),
            arrive: Instant::from_secs(12),
        };
        assert_eq!(permille(&leg, Instant::from_secs(9)), 0);
        assert_eq!(permille(&leg, Instant::from_secs(11)), 500);
        assert_eq!(permille(&leg, Instant::from_secs(99)), 1000);
        let instant = Leg {
            arrive: leg.depart,
            ..leg
        };
        assert_eq!(permille(&instant, Instant::ZERO), 1000);
        let far = Leg {
            from: NodeId(0),
            to: NodeId(1),
            depart: Instant::ZERO,
            arrive: Instant(u64::MAX),
        };
        assert_eq!(permille(&far, Instant(u64::MAX - 1)), 999);
    }
}
