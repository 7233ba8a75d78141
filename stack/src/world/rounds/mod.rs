//! The rounds of the game, one module each: seed 000's seven, in the order they were
//! played, then the steps the original session named next (seed 001). A round's module
//! holds everything particular to it — its words in English and Italian, its key, where a
//! client's opening SYN goes, how it is reached, what a client's desk says, how a client
//! bot plays it and any rule of its own the referee adds — as one [`Round`] value. The
//! world calls the hooks of every round from its event points ([`Hooks`]), so it names no
//! round; [`Goal::round`] is the one place that ties a goal to its module.
//!
//! What several rounds share stays shared: the desk's sentences for opening and waiting
//! (`desk.rs`), the bot's connections (`crate::bot`), the referee's checks of where an
//! opening SYN goes (`world/round.rs`, by [`Destination`]), and the engine a round may
//! drive (the retransmission timer of the host, the application and send buffer of `world/send_buffer.rs`).

mod across_lans;
mod balance;
mod data;
mod desk;
mod forged_rst;
mod goodbye;
mod handshake;
mod hooks;
mod nagle;
mod no_route;
mod refused;
mod resolve;
mod retransmit;

pub(super) use desk::{Desk, finished};
pub(super) use hooks::{At, Hooks, Round};

use crate::text::Words;

/// The rounds of the game: seed 000's seven in the order they were played, then the next
/// steps.
///
/// Everything particular to a round lives in its module under `world/rounds/`. To add a
/// round:
/// 1. its module, `world/rounds/<key>.rs`: a `static ROUND: Round` with its key, title and
///    explanation (both in English and Italian), its [`Destination`], what a client's desk
///    says and how a client bot plays it, and the [`Hooks`] by which it is reached (and
///    any rule of its own the referee adds), with its tests;
/// 2. here, in `world/rounds/mod.rs`: its `mod` line, the variant, its place in
///    [`Goal::ALL`] (the original seven) or [`Goal::NEXT`] (which numbers it), its arm in
///    [`Goal::round`], and its field in [`State`] if it keeps any;
/// 3. `docs/scenario-format.md` (its key among the goals) and `CHANGELOG.md`; and, for a
///    round of [`Goal::ALL`], a section of the teacher's lesson guide (`src/guide.rs`),
///    whose test wants every one of them.
///
/// A round whose opening SYN goes to a new kind of place adds a [`Destination`] too, which
/// the referee (`world/round.rs`) and the server's desk (`world/task.rs`) then learn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Goal {
    Handshake,
    Data,
    Refused,
    ForgedRst,
    NoRoute,
    AcrossLans,
    Goodbye,
    /// The step the original session named next (seed 001): a card is lost on the way
    /// and its writer sends it again when the retransmission timer runs out.
    Retransmit,
    /// The step the original session named next (seeds 000, 001: "Nagle algorithm and
    /// caching, buffering"): the application writes a byte at a time over a slow path,
    /// and small cards wait while data is unacknowledged (RFC 896).
    Nagle,
    /// The DNS exchange the original session simulated (seeds 000, 001: "exchanges through
    /// various protocols (DNS, TCP, IP)"): the client asks the DNS server for its server's
    /// name, then connects to the address it got (RFC 1034 §5.3.1).
    Resolve,
    /// The load balancer the original session named (seeds 000, 001: "a Load Balancer
    /// re-encapsulates IP datagram"): the client connects to a service address, and the
    /// balancer tunnels its cards to one of two backends (RFC 2003 §3).
    Balance,
}

impl Goal {
    /// Every goal in seed 000 order.
    pub const ALL: [Goal; 7] = [
        Goal::Handshake,
        Goal::Data,
        Goal::Refused,
        Goal::ForgedRst,
        Goal::NoRoute,
        Goal::AcrossLans,
        Goal::Goodbye,
    ];

    /// Rounds beyond the original seven, which a scenario file names by key: the next
    /// steps the original session named (seed 001).
    pub const NEXT: [Goal; 4] = [Goal::Retransmit, Goal::Nagle, Goal::Resolve, Goal::Balance];

    /// What the round is and how it is played: its module's [`Round`].
    pub(super) fn round(&self) -> &'static Round {
        match self {
            Goal::Handshake => &handshake::ROUND,
            Goal::Data => &data::ROUND,
            Goal::Refused => &refused::ROUND,
            Goal::ForgedRst => &forged_rst::ROUND,
            Goal::NoRoute => &no_route::ROUND,
            Goal::AcrossLans => &across_lans::ROUND,
            Goal::Goodbye => &goodbye::ROUND,
            Goal::Retransmit => &retransmit::ROUND,
            Goal::Nagle => &nagle::ROUND,
            Goal::Resolve => &resolve::ROUND,
            Goal::Balance => &balance::ROUND,
        }
    }

    /// Every round in the order it is numbered: [`Goal::ALL`], then [`Goal::NEXT`]. The
    /// world hands an event to the rounds in this order.
    pub(super) fn every() -> impl Iterator<Item = Goal> {
        Goal::ALL.into_iter().chain(Goal::NEXT)
    }

    /// The round number as the instructor announces it (1 to 7, then the next steps): its
    /// place in [`Goal::ALL`] and then [`Goal::NEXT`].
    pub fn number(&self) -> u8 {
        let place = Goal::every().position(|g| g == *self).unwrap_or(0);
        u8::try_from(place).unwrap_or(u8::MAX).saturating_add(1)
    }

    /// Where a client's opening SYN goes in this round.
    pub fn destination(&self) -> Destination {
        self.round().destination
    }

    /// The round's name, as the desk, the referee and the round list say it.
    pub fn title(&self) -> Words {
        self.round().title
    }

    /// What a team must do to reach the goal, in one sentence a student can act on. The
    /// engine's hints quote it and the browser's round list shows it, so the two read the
    /// same sentence.
    pub fn explain(&self) -> Words {
        self.round().explain
    }

    /// The name a scenario file uses for the goal, e.g. `forged_rst`.
    pub fn key(&self) -> &'static str {
        self.round().key
    }

    /// The goal a scenario file names; case and `-`/`_` are forgiven.
    pub fn from_key(key: &str) -> Option<Goal> {
        let wanted = key.trim().replace('-', "_").to_ascii_lowercase();
        Goal::every().find(|g| g.key() == wanted)
    }
}

/// Where a round sends a client's opening SYN (seed 000): the referee holds a SYN sent
/// elsewhere against the round, and the server's desk is told what comes to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Destination {
    /// The team's telnet server, on a port where it listens.
    OwnServer,
    /// The team's server, on a port where nothing listens (round 3).
    ClosedPort,
    /// An address no router knows (round 5).
    Unknown,
    /// The telnet server of another team, across the routers (round 6).
    OtherTeam,
    /// The address the client's resolver got for its team's server's name, port 23
    /// (round 10): the team's server, once the DNS server was asked.
    Named,
    /// The service address of the game's load balancer, port 23 (round 11).
    Vip,
}

/// What the rounds remember between events, a field for each round that keeps something.
#[derive(Debug, Default)]
pub(super) struct State {
    /// Round 2.
    data: data::Named,
    /// Round 8.
    retransmit: retransmit::Lost,
    /// Round 10.
    resolve: resolve::Answers,
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;
    use alloc::vec::Vec;

    /// Seed 000: the rounds were played handshake, data, refused, forged RST, no route,
    /// across LANs, goodbye; then come the next steps, numbered after them.
    #[test]
    fn goals_follow_seed_000_order() {
        let numbers: Vec<u8> = Goal::every().map(|g| g.number()).collect();
        assert_eq!(numbers[..7], [1, 2, 3, 4, 5, 6, 7]);
        assert!(numbers.windows(2).all(|n| n[1] == n[0] + 1), "{numbers:?}");
        // Round 3 knocks on a closed port, round 5 on an address no router knows, round 6
        // on another team's server, round 10 on the address the DNS server gave; the others
        // on the team's own telnet server.
        let aimed: Vec<(u8, Destination)> = Goal::every()
            .filter(|g| g.destination() != Destination::OwnServer)
            .map(|g| (g.number(), g.destination()))
            .collect();
        assert_eq!(
            aimed,
            vec![
                (3, Destination::ClosedPort),
                (5, Destination::Unknown),
                (6, Destination::OtherTeam),
                (10, Destination::Named),
                (11, Destination::Vip)
            ]
        );
        assert_eq!(Goal::ALL[3].title().en, "Forged RST");
        assert_eq!(Goal::ALL[3].title().it, "RST falsificato");
        let data = Goal::Data.explain();
        assert!(data.en.contains("ack = seq + the number of bytes"));
        assert!(data.it.contains("ack = seq + il numero di byte"));
        for g in Goal::every() {
            assert_eq!(Goal::from_key(g.key()), Some(g));
            let explain = g.explain();
            assert!(explain.en.ends_with('.') && explain.it.ends_with('.'));
            assert_ne!(explain.en, explain.it, "{g:?} has its Italian twin");
        }
        assert_eq!(Goal::from_key(" Across-LANs "), Some(Goal::AcrossLans));
        assert_eq!(Goal::from_key("lunch"), None);
    }

    /// A scenario file names a round by its key, and a saved game by its serde name: the
    /// two are one word, so a file and a save read alike.
    #[cfg(feature = "serde")]
    #[test]
    fn a_rounds_key_is_its_saved_name() {
        for g in Goal::every() {
            let saved = serde_json::to_string(&g).expect("serialises");
            assert_eq!(saved, alloc::format!("\"{}\"", g.key()));
        }
    }
}
