//! A room's durable log: one JSON [`Record`] per line, appended (and fsync'd) before anything
//! it caused is sent to anybody. Replaying the records rebuilds the room exactly — its
//! people, their seats and, through the engine's determinism, every card.

use serde::{Deserialize, Serialize};
use tcpip_protocol::MemberId;
use tcpip_stack::scenario::Scenario;
use tcpip_stack::time::Instant;
use tcpip_stack::world::{Action, NodeId};

/// The log format's version, written in every room's first record.
pub const LOG_VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "record", rename_all = "snake_case")]
pub enum Record {
    /// Always the first line: the room, its instructor (member 0) and the game.
    Created {
        version: u32,
        code: String,
        instructor_token: String,
        scenario: Box<Scenario>,
    },
    /// A student came in (members are numbered in order, the instructor being 0).
    Joined {
        member: MemberId,
        name: String,
        token: String,
        node: Option<NodeId>,
    },
    /// A person was moved to a seat, or to watching.
    Seated {
        member: MemberId,
        node: Option<NodeId>,
    },
    /// The `seq`-th accepted action, at game time `at`.
    Acted {
        seq: u64,
        at: Instant,
        action: Action,
    },
    /// The game clock: a pause, a resume, a speed change, or a periodic checkpoint of how
    /// far the game had run (so a restart resumes close to where it stopped).
    Clock {
        at: Instant,
        speed_percent: u32,
        paused: bool,
        /// Step mode's hold (absent in logs written before step mode).
        #[serde(default)]
        hold: Option<Instant>,
        /// A freeze's note.
        #[serde(default)]
        note: Option<String>,
    },
    Ended {
        at: Instant,
    },
    /// The instructor locked or unlocked the room.
    Locked {
        locked: bool,
    },
    /// The instructor added a team before the game started: from here on the room plays
    /// this scenario, the actions so far replayed on it (they all happened at time 0, and
    /// the teams already there keep their node numbers).
    Grown {
        scenario: Box<Scenario>,
    },
    /// The instructor removed a person (their seat was given back in the records before).
    Removed {
        member: MemberId,
    },
}
