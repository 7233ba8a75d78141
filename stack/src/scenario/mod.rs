//! A game as data: the file an instructor writes (topology, teams, addressing, goals,
//! scripted faults, settings). The format is TOML and is documented for instructors in
//! `docs/scenario-format.md`; [`Scenario::from_toml`] reads it and reports every problem
//! with its line and field, [`Scenario::validate`] checks a scenario however it was built.
//!
//! Addressing follows seed 000: in each team's LAN the router/switch is `.254` (the last
//! usable address, which is `.254` in a /24), the telnet server is `.1` and listens on
//! port 23, and the clients are `.2`, `.3`, …

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use crate::addr::{Ipv4Addr, Prefix};
use crate::fault::ScriptedFault;
use crate::score::Goal;
use crate::text::Text;
use crate::time::Duration;

pub mod balancer;
mod class_sized;
pub mod dns;
mod document;
mod parse;
mod rounds;
mod validate;

pub use validate::MAX_DELAY_FAULT;
mod write;

pub use balancer::BalancerSpec;
pub use class_sized::{ClassShape, MAX_CLASS_CLIENTS, MAX_CLASS_TEAMS};
pub use dns::DnsSpec;

/// How initial sequence numbers are chosen for the game.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Isn {
    /// Every connection starts at 0, as in the paper game (seed 000: "for now, we are
    /// going to start with zero clearly for the game").
    #[default]
    Zero,
    /// Random, as real TCP does so that injected packets are hard to forge (RFC 9293
    /// §3.4.1; seed 000, round 4).
    Random,
}

impl Isn {
    pub const ALL: [Isn; 2] = [Isn::Zero, Isn::Random];

    /// The word a scenario file uses for it (`isn = "zero"`).
    pub fn key(self) -> &'static str {
        match self {
            Isn::Zero => "zero",
            Isn::Random => "random",
        }
    }
}

/// What happens to a wrong card (see the game design, §3).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Referee {
    /// The card goes back to its writer with the explanation and counts as a mistake.
    #[default]
    Coach,
    /// The card goes out as written and the network reacts as a real stack would.
    Real,
}

impl Referee {
    pub const ALL: [Referee; 2] = [Referee::Coach, Referee::Real];

    /// The word a scenario file uses for it (`referee = "coach"`).
    pub fn key(self) -> &'static str {
        match self {
            Referee::Coach => "coach",
            Referee::Real => "real",
        }
    }
}

/// Game-wide settings. Every one has a default so a scenario file may omit them all.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Settings {
    pub isn: Isn,
    pub referee: Referee,
    /// Game speed: 100 is real time, 200 runs the virtual clock twice as fast.
    pub speed_percent: u32,
    /// Maximum Segment Lifetime, scaled to game time. RFC 9293 §3.4.2 suggests 2 minutes,
    /// so TIME-WAIT (2×MSL) would last 4 minutes: a classroom cannot wait that long, so the
    /// default is 5 s — long enough to see TIME-WAIT on the board, short enough to play on.
    pub msl: Duration,
    /// Seeds every random choice of the game (ISNs, bots, loss), so a game replays exactly.
    pub seed: u64,
    /// How long a card travels along one link, so the animation can be followed.
    pub link_delay: Duration,
    /// How long a bot "thinks" before playing its card.
    pub think_time: Duration,
    /// Chance, in percent, that a card is lost on a link (the retransmission lesson).
    pub loss_percent: u8,
    /// Bot teams wait for people: a bot team does not start a round that the slowest team
    /// played by people has not started, so it is never more than a round ahead. Off, bots
    /// race at their own pace (a demo, or a class that wants to be chased). A room record
    /// written before this setting existed reads as `false`, so its log replays as played.
    #[cfg_attr(feature = "serde", serde(default))]
    pub bots_wait: bool,
    /// TCP_NODELAY on every client: Nagle's algorithm off, so in the buffering round each
    /// byte the application writes may leave at once (RFC 1122 §4.2.3.4 lets an
    /// application turn the algorithm off). Off by default, as in real stacks; left out of
    /// a record when off, so records written before it read and write the same.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "is_false"))]
    pub nodelay: bool,
}

/// Whether a flag is off, so a record leaves it out.
#[cfg(feature = "serde")]
fn is_false(on: &bool) -> bool {
    !*on
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            isn: Isn::Zero,
            referee: Referee::Coach,
            speed_percent: 100,
            msl: Duration::from_secs(5),
            seed: 1,
            link_delay: Duration::from_millis(1_500),
            think_time: Duration::from_secs(2),
            loss_percent: 0,
            bots_wait: true,
            nodelay: false,
        }
    }
}

/// The port every team's telnet server listens on unless the scenario says otherwise
/// (seed 000: "the server are listening on the port 23").
pub const TELNET_PORT: u16 = 23;

/// One team: a LAN behind its router/switch, a telnet server and clients.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct TeamSpec {
    pub name: String,
    pub lan: Prefix,
    /// The names of the client players (or bots), in address order: `.2`, `.3`, …
    pub clients: Vec<String>,
    pub server_ports: Vec<u16>,
    /// Routes preset in the team's router; empty when the router player writes them.
    pub routes: Vec<RouteSpec>,
}

impl TeamSpec {
    /// The team's router/switch: the last usable address of the LAN, `.254` in a /24
    /// (seed 000: "the router have … the two, five, four").
    pub fn router_addr(&self) -> Ipv4Addr {
        let size = lan_size(self.lan);
        self.lan.host(size.saturating_sub(2))
    }

    /// The team's telnet server, `.1` (seed 000: "in every subnet, there are the dot one").
    pub fn server_addr(&self) -> Ipv4Addr {
        self.lan.host(1)
    }

    /// Client `index` (0-based) is host `.index+2`; `None` past the last client.
    pub fn client_addr(&self, index: usize) -> Option<Ipv4Addr> {
        if index >= self.clients.len() {
            return None;
        }
        let host = u32::try_from(index).ok()?.checked_add(2)?;
        Some(self.lan.host(host))
    }
}

/// The number of addresses in a prefix, network and broadcast included (saturating at
/// `u32::MAX` for /0, which no LAN can be).
fn lan_size(p: Prefix) -> u32 {
    1u32.checked_shl(32 - u32::from(p.len()))
        .unwrap_or(u32::MAX)
}

/// A route preset in a team's router: packets for `prefix` go to the router of team `via`
/// on the backbone.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct RouteSpec {
    pub prefix: Prefix,
    pub via: String,
}

/// The separate network the routers speak on (seed 000: "there can be a separate network
/// where you route packets … a 198 network").
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Backbone {
    pub prefix: Prefix,
    /// Pairs of team names whose routers are directly linked.
    pub links: Vec<(String, String)>,
}

impl Backbone {
    /// The backbone address of team `team`'s router: host `team + 1`, so team 0 is `.1`.
    pub fn router_addr(&self, team: usize) -> Option<Ipv4Addr> {
        let host = u32::try_from(team).ok()?.checked_add(1)?;
        (host < lan_size(self.prefix).saturating_sub(1)).then(|| self.prefix.host(host))
    }

    /// Whether the routers of teams `a` and `b` (by name) are linked, in either direction.
    pub fn linked(&self, a: &str, b: &str) -> bool {
        self.links
            .iter()
            .any(|(x, y)| (x == a && y == b) || (x == b && y == a))
    }
}

/// A whole game.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Scenario {
    pub name: String,
    pub description: String,
    pub settings: Settings,
    pub teams: Vec<TeamSpec>,
    pub backbone: Option<Backbone>,
    pub goals: Vec<Goal>,
    pub faults: Vec<ScriptedFault>,
    /// The DNS zone and its server, when the file has a `[dns]` table (see [`dns`]). Left
    /// out of a record while absent, so a scenario without DNS saves as before; boxed, so a
    /// scenario without DNS stays as small as before.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub dns: Option<alloc::boxed::Box<DnsSpec>>,
    /// The load balancer and the service address it serves, when the file has a
    /// `[balancer]` table (see [`balancer`]); left out of a record while absent, like `dns`.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub balancer: Option<alloc::boxed::Box<BalancerSpec>>,
}

/// One problem in a scenario, where it is and why it is wrong.
///
/// The English `message` is what the command line, the server and the tests read; `it` is
/// its Italian twin for a teacher whose page is in Italian (the pattern of
/// [`crate::world::ActionError`]). Every problem is made by [`ScenarioError::new`] from a
/// [`Text`], so a new sentence is written with [`crate::text::text!`] and its Italian right
/// under it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ScenarioError {
    /// 1-based line in the file, when the scenario came from a file and the place is known.
    pub line: Option<usize>,
    /// Where the problem is, as a path into the file: `teams[1].lan` (indices from 0).
    pub field: String,
    pub message: String,
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub it: Option<String>,
}

impl ScenarioError {
    pub(crate) fn new(field: impl Into<String>, message: Text) -> Self {
        let Text { en, it } = message;
        ScenarioError {
            line: None,
            field: field.into(),
            message: en,
            it,
        }
    }

    /// The whole line, "line 3, teams[0].lan: …", in both languages.
    pub fn text(&self) -> Text {
        let en = self.to_string();
        let it = self.it.as_ref().map(|it| {
            let at = self.line.map(|l| format!("riga {l}, ")).unwrap_or_default();
            format!("{at}{}: {it}", self.field)
        });
        Text { en, it }
    }

    /// Every problem, one a line, in both languages (Italian only when every line has it).
    pub fn listed(errors: &[ScenarioError]) -> Text {
        let mut lines = errors.iter().map(ScenarioError::text);
        let first = lines.next().unwrap_or_else(|| Text::same(""));
        lines.fold(first, |all, line| all.then(Text::same("\n")).then(line))
    }
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(line) = self.line {
            write!(f, "line {line}, ")?;
        }
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// The scenarios shipped with the game, as (file name, text).
const SHIPPED: [(&str, &str); 7] = [
    (
        "original.toml",
        include_str!("../../../scenarios/original.toml"),
    ),
    (
        "three-lans-chain.toml",
        include_str!("../../../scenarios/three-lans-chain.toml"),
    ),
    ("lossy.toml", include_str!("../../../scenarios/lossy.toml")),
    (
        "retransmit.toml",
        include_str!("../../../scenarios/retransmit.toml"),
    ),
    ("nagle.toml", include_str!("../../../scenarios/nagle.toml")),
    ("dns.toml", include_str!("../../../scenarios/dns.toml")),
    (
        "balancer.toml",
        include_str!("../../../scenarios/balancer.toml"),
    ),
];

impl Scenario {
    /// The scenario files shipped with the game, as (file name, TOML text).
    pub fn shipped() -> Vec<(&'static str, &'static str)> {
        SHIPPED.to_vec()
    }

    /// The index of the team called `name`.
    pub fn team_index(&self, name: &str) -> Option<usize> {
        self.teams.iter().position(|t| t.name == name)
    }

    /// Every problem that makes this scenario unplayable, each naming its field. An empty
    /// list means the game can be built from it.
    pub fn validate(&self) -> Vec<ScenarioError> {
        validate::validate(self)
    }
}

/// The field of the last problem of a reading that stopped listing them: its message
/// starts with how many more there are ("1234 more problems not shown: …").
pub const MORE_PROBLEMS: &str = "more";

/// How many problems a reading found: one per entry, and for the last entry, when it is
/// the [`MORE_PROBLEMS`] one, the number it gives.
pub fn problem_count(errors: &[ScenarioError]) -> usize {
    errors
        .iter()
        .map(|e| match e.field.as_str() {
            MORE_PROBLEMS => e
                .message
                .split(' ')
                .next()
                .and_then(|n| n.parse().ok())
                .unwrap_or(1),
            _ => 1,
        })
        .sum()
}

impl Scenario {
    /// Reads a scenario file. Syntax errors, unknown keys, bad values and the problems
    /// [`Scenario::validate`] finds all come back together, each with its line when known.
    pub fn from_toml(text: &str) -> Result<Scenario, Vec<ScenarioError>> {
        parse::from_toml(text)
    }

    /// The EuroPython 2017 game, `scenarios/original.toml`.
    pub fn original() -> Scenario {
        // The shipped file is checked by a test; should it ever be broken anyway, the
        // game still starts with a one-team scenario instead of panicking.
        Scenario::from_toml(SHIPPED[0].1).unwrap_or_else(|_| Scenario::fallback())
    }

    fn fallback() -> Scenario {
        Scenario {
            name: String::from("One LAN"),
            description: String::new(),
            settings: Settings::default(),
            teams: alloc::vec![TeamSpec {
                name: String::from("Red"),
                lan: Prefix::new(Ipv4Addr::new(10, 0, 1, 0), 24),
                clients: alloc::vec![String::from("Client 1")],
                server_ports: alloc::vec![TELNET_PORT],
                routes: Vec::new(),
            }],
            backbone: None,
            goals: alloc::vec![Goal::Handshake, Goal::Data, Goal::Refused, Goal::Goodbye],
            faults: Vec::new(),
            dns: None,
            balancer: None,
        }
    }
}

#[cfg(test)]
mod tests;
