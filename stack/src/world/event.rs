//! What players and the instructor ask of the world ([`Action`]) and what the world tells
//! everybody afterwards ([`Event`]). A game is the list of actions with their times: replaying
//! it gives the same events, which is how the server recovers a room and how tests compare.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::addr::Prefix;
use crate::card::{Card, RouterChoice};
use crate::check::{Mistake, Verdict};
use crate::fault::{Fault, FaultKind};
use crate::host::HostEvent;
use crate::route::Route;
use crate::score::Goal;
use crate::text::Text;
use crate::time::{Duration, Instant};
use crate::wire::Packet;

use super::topology::{CardId, NodeId, Seat};

/// A change to a router's table, made by its player or its bot.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum RouteEdit {
    Add(Route),
    Remove(Prefix),
}

/// Something a person asks the world to do. Invalid actions are refused with an
/// [`ActionError`] and change nothing; a *wrong card* is not invalid: it is refereed.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Action {
    /// Give a node to a person or back to its bot.
    SetSeat {
        node: NodeId,
        seat: Seat,
    },
    /// A host player hands a card to its router (boxed: a card is much larger than the
    /// other actions).
    WriteCard {
        node: NodeId,
        card: Box<Card>,
    },
    /// A router player decides what happens to a card of its inbox.
    RouteCard {
        node: NodeId,
        card: CardId,
        choice: RouterChoice,
    },
    EditRoute {
        node: NodeId,
        edit: RouteEdit,
    },
    /// Show the card the reference stack would write now (costs a hint in the race).
    RequestHint {
        node: NodeId,
    },
    /// The instructor breaks something on purpose.
    InjectFault(Fault),
}

/// Why an action was refused, in one sentence for the person who tried it.
///
/// The English stays a plain `message` (what the game log, the server and the tests read);
/// `it` is its Italian twin (see [`crate::text`]), `None` for the few refusals that exist
/// in English only.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ActionError {
    pub message: String,
    pub it: Option<String>,
}

impl ActionError {
    pub(crate) fn new(message: impl Into<Text>) -> ActionError {
        let Text { en, it } = message.into();
        ActionError { message: en, it }
    }

    /// The refusal in both languages.
    pub fn text(&self) -> Text {
        Text {
            en: self.message.clone(),
            it: self.it.clone(),
        }
    }
}

impl fmt::Display for ActionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// One mistake on a card, copied out of the referee's verdict so that the event log owns
/// plain text.
///
/// Every sentence in it is a [`Text`] (English and Italian): the events and the ladder of
/// [`super::LadderEntry`] both keep it, and the browser shows it in the player's language.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct MistakeNote<Why = Text> {
    /// The card field, as printed on the card ("ack").
    pub field: String,
    pub expected: Text,
    pub got: Text,
    pub why: Why,
    pub rfc: String,
}

impl MistakeNote<Text> {
    pub(crate) fn from_mistake(m: &Mistake) -> MistakeNote<Text> {
        MistakeNote {
            field: String::from(m.field.label()),
            expected: m.expected.clone(),
            got: m.got.clone(),
            why: m.why.clone(),
            rfc: String::from(m.rfc),
        }
    }

    pub(crate) fn all(verdict: &Verdict) -> Vec<MistakeNote<Text>> {
        verdict
            .mistakes
            .iter()
            .map(MistakeNote::from_mistake)
            .collect()
    }
}

/// "ack: ack should be 1: … (RFC 9293 §3.4)", in English.
impl<Why: fmt::Display> fmt::Display for MistakeNote<Why> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.why)?;
        if !self.rfc.is_empty() {
            write!(f, " ({})", self.rfc)?;
        }
        Ok(())
    }
}

/// Something that happened, at `at`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Event {
    pub at: Instant,
    pub kind: EventKind,
}

/// What happened. Router decisions, host reactions and verdicts carry the sentence and the
/// RFC that explain them, because the event log is what students read; the sentences the
/// referee, the routers, the faults and the hints write are [`Text`]s, in English and
/// Italian.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum EventKind {
    /// A card left `from` on the link to `to`. `forged` cards were written by the
    /// instructor's attacker (the UI paints them red); `fault` is the instructor's fault
    /// that wrote the card, if one did. The first `CardSent` of a card is its writing.
    CardSent {
        card: CardId,
        from: NodeId,
        to: NodeId,
        packet: Packet,
        arrive: Instant,
        forged: bool,
        fault: Option<FaultKind>,
    },
    CardArrived {
        card: CardId,
        node: NodeId,
        packet: Packet,
    },
    /// The card is gone: lost on the link, dropped by a fault or by a router.
    CardDropped {
        card: CardId,
        node: NodeId,
        reason: Text,
    },
    CardDelayed {
        card: CardId,
        by: Duration,
    },
    /// The duplicate fault made `copy` out of `card`.
    CardDuplicated {
        card: CardId,
        copy: CardId,
    },
    /// The reorder fault holds `card` on its link until the next card overtakes it.
    CardHeld {
        card: CardId,
    },
    /// Coach mode: the card goes back to its writer with the explanation. `packet` is the
    /// card as written, when its boxes made one (the ladder shows it, marked rejected).
    CardRejected {
        node: NodeId,
        packet: Option<Packet>,
        mistakes: Vec<MistakeNote<Text>>,
    },
    /// The referee's opinion of a card that went out (in real mode it may be wrong).
    /// `notes` say which of several right answers the card was (see `check::Verdict`).
    Verdict {
        node: NodeId,
        card: CardId,
        mistakes: Vec<MistakeNote<Text>>,
        notes: Vec<Text>,
    },
    /// A reaction of a host's TCP (state change, ignored segment, reply…).
    Host {
        node: NodeId,
        event: HostEvent,
    },
    /// What a router did with a card, and why.
    RouterDecision {
        node: NodeId,
        card: CardId,
        decision: Text,
        rfc: String,
    },
    IcmpSent {
        node: NodeId,
        card: CardId,
        packet: Packet,
        reason: Text,
    },
    /// A bot did something a player would do (connect, send, close, add a route).
    BotMove {
        node: NodeId,
        text: String,
    },
    /// The application of a client in the buffering round wrote into its send buffer.
    AppWrote {
        node: NodeId,
        data: String,
    },
    GoalReached {
        team: usize,
        goal: Goal,
    },
    FaultInjected {
        fault: Fault,
        kind: FaultKind,
        /// What the fault did, e.g. "no established connection to attack".
        effect: Text,
    },
    /// A wrong card or wrong routing choice counted against the team.
    Mistake {
        team: usize,
        node: NodeId,
    },
    Hint {
        node: NodeId,
        text: Text,
    },
    SeatChanged {
        node: NodeId,
        seat: Seat,
    },
    RouteChanged {
        node: NodeId,
        edit: RouteEdit,
    },
}
