//! What a round is made of: its words and its hooks, the small functions the world calls
//! from its event points. A round fills the hooks it needs and leaves the others to
//! [`Hooks::NONE`], which does nothing.

use crate::bot::{ClientBot, Turn};
use crate::check::Mistake;
use crate::host::HostEvent;
use crate::segment::TcpSegment;
use crate::text::{Text, Words};
use crate::wire::Packet;

use super::super::World;
use super::super::topology::{NodeId, NodeKind};
use super::Destination;
use super::desk::Desk;

/// One round: see [`super::Goal`] for how a round is added.
pub(in crate::world) struct Round {
    /// The name a scenario file uses for it, e.g. `forged_rst`; also its saved name.
    pub key: &'static str,
    /// Its name, as the desk, the referee and the round list say it.
    pub title: Words,
    /// What a team must do to reach it, in one sentence a student can act on.
    pub explain: Words,
    /// Where a client's opening SYN goes.
    pub destination: Destination,
    /// What the desk of a client whose team plays the round says: whether the move is the
    /// player's, and the move or what they wait for.
    pub desk: fn(&World, &Desk) -> (bool, Text),
    /// One turn of the client bot that plays the round for its team (after it gave up a
    /// connection of an earlier round that was meant to fail).
    pub bot: fn(&mut ClientBot, &mut Turn),
    /// How the round is reached, and what else it does at the world's event points.
    pub hooks: Hooks,
}

/// Where something happened: the node, what it is, and its team.
#[derive(Clone, Copy, Debug)]
pub(in crate::world) struct At {
    pub node: NodeId,
    pub kind: NodeKind,
    pub team: usize,
}

/// A round's part in the world's event points. The first four are called for every round,
/// in round order ([`super::Goal::every`]), whether or not the team plays it: a hook checks
/// what it needs (the world reaches only goals of the game, once a team). The last three
/// are called for the team's current round only.
pub(in crate::world) struct Hooks {
    /// A host reported `event` (connections opening, closing, refused; data received).
    pub host_event: fn(&mut World, At, &HostEvent),
    /// A card reached a client's stack, `forged` if no host of the game wrote it.
    pub delivered: fn(&mut World, At, &Packet, bool),
    /// After `delivered`, when the card was TCP that may acknowledge the client's data: any
    /// but a forged RST, which is round 4's and is not read as an acknowledgement.
    pub acknowledged: fn(&mut World, At),
    /// A card is about to leave `from` on its first link, `forged` if no host wrote it.
    pub sending: fn(&mut World, NodeId, &Packet, bool),
    /// The team just reached the round before this one.
    pub started: fn(&mut World, usize),
    /// The rule of its own the referee adds for a card a player of the team wrote, besides
    /// TCP's and where an opening SYN goes.
    pub mistake: fn(&World, NodeId, &TcpSegment) -> Option<Mistake>,
    /// What the client bot that plays the round does in the world after its stack's turn.
    pub bot_moved: fn(&mut World, NodeId),
}

impl Hooks {
    /// A round that reaches nothing and adds nothing: fill only what a round needs with
    /// `..Hooks::NONE`.
    pub const NONE: Hooks = Hooks {
        host_event: |_, _, _| {},
        delivered: |_, _, _, _| {},
        acknowledged: |_, _| {},
        sending: |_, _, _, _| {},
        started: |_, _| {},
        mistake: |_, _, _| None,
        bot_moved: |_, _| {},
    };
}
