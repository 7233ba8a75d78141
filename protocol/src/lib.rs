//! What the browser and the classroom server share: a game as the log of its accepted
//! actions ([`session`]), the game clock ([`clock`]) and the WebSocket messages between
//! them ([`msg`]).
//!
//! Classroom mode replicates the *log*, not the state: the server is the authority that
//! accepts actions and stamps them with its game time; every browser replays the same
//! actions at the same times on its own copy of the engine (which is deterministic), so its
//! board, desks and ladder are the server's without the server sending any of them.

pub mod clock;
pub mod limits;
pub mod msg;
pub mod replica;
pub mod scenario_text;
pub mod seats;
pub mod session;

pub use clock::Clock;
pub use msg::{Info, Member, MemberId, RoomClock, Snapshot, ToClient, ToServer, You};
pub use replica::{Replica, Update};
pub use session::{Logged, SaveVersion, SavedGame, Session};
