//! The deterministic game (game design §3): the topology built from a [`Scenario`], the
//! nodes and their seats (a person or a bot), the cards in flight on a virtual clock, the
//! faults, and the race.
//!
//! The world changes in two ways only, both with the time passed in by the caller:
//! - [`World::act`]: a person's command. It is checked first against the current state
//!   without touching it — an invalid action is refused with an [`ActionError`] and changes
//!   nothing — then carried out; everything it changed is reported as [`Event`]s.
//! - [`World::advance`]: everything due up to a time (cards arriving, bots playing, TCP
//!   timers, scripted faults), in time order; ties are broken by a fixed order (scripted
//!   faults, then arrivals by card id, releases, router bots, timers and host bots by node
//!   id), so the same scenario and the same actions at the same times give the same events.
//!
//! `act` does not run what is due: callers `advance(now)` first, then `act(…, now)`.
//! Every event is also kept in the log ([`World::log`]), the world's one history: the
//! exports ([`World::pcap`], [`World::ladder_text`]) are folded from it, and the views are
//! read-only.

mod actions;
mod balancer;
mod bots;
mod debrief;
mod dns;
mod event;
mod export;
mod faults;
#[cfg(test)]
mod fixtures;
mod flight;
mod goals;
mod movement;
mod round;
pub(crate) mod rounds;
mod routing;
mod send_buffer;
mod task;
mod topology;
mod view;

use crate::sorted::SortedMap;
use alloc::string::String;
use alloc::vec::Vec;

pub use balancer::{Backend, BalancerView, Flow};
pub use debrief::{Debrief, MistakeExample, MistakeGroup, PodiumPlace};
pub use dns::DnsView;
pub use event::{Action, ActionError, Event, EventKind, MistakeNote, RouteEdit};
pub use export::{Ladder, LadderEntry, PcapFilter};
pub use flight::Flight;
pub use send_buffer::{APP_WRITES, SendBuffer};
pub use task::Task;
pub use topology::{CardId, Link, NodeId, NodeKind, Seat, TeamView, WorldError};
pub use view::{InboxCard, NodeView};

use crate::addr::Ipv4Addr;
use crate::fault::{Fault, FaultTarget, ScriptedFault};
use crate::rng::SplitMix64;
use crate::scenario::{Referee, Scenario, Settings};
use crate::score::{Goal, Race};
use crate::text::text;
use crate::time::{Duration, Instant};

use flight::{CardRecord, Place};
use topology::{Node, Role};

/// At most this many steps per `advance` call: a guard so that a bug can never hang the
/// browser tab; a real game does a few per second.
const MAX_STEPS: usize = 1_000_000;

/// A human host's inbox keeps at most this many cards that were already read by its stack.
const INBOX_LIMIT: usize = 32;

/// Something due at a time, in the tie-breaking order of the module comment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Due {
    Fault,
    Arrival(CardId),
    Release(CardId),
    RouterBot(CardId),
    Attack(usize),
    Timer(NodeId),
    /// A client's application writes its next byte (the buffering round).
    App(NodeId),
    Bot(NodeId),
}

/// The game. See the module documentation.
#[derive(Debug)]
pub struct World {
    name: String,
    settings: Settings,
    nodes: Vec<Node>,
    links: Vec<Link>,
    teams: Vec<TeamView>,
    /// The address of round 5: no route leads there.
    unknown: Ipv4Addr,
    goals: Vec<Goal>,
    race: Race,
    cards: SortedMap<CardId, CardRecord>,
    next_card: u32,
    rng: SplitMix64,
    scripted: Vec<ScriptedFault>,
    next_scripted: usize,
    /// Faults waiting for the next card on their target (delay, drop, duplicate, reorder).
    pending: Vec<Fault>,
    /// Cards held by the reorder fault, with the target whose next card releases them.
    held: Vec<(FaultTarget, CardId)>,
    /// Whether the built-in attacker plays round 4 when a team waits for it.
    attacker: bool,
    /// Teams waiting for the attacker's forged RST, and when it comes.
    attacks: SortedMap<usize, Instant>,
    /// Router bots added the LAN-to-LAN routes (round 6).
    routes_opened: bool,
    /// What the rounds remember between events.
    rounds: rounds::State,
    /// The applications of the clients playing the buffering round.
    apps: Vec<send_buffer::App>,
    now: Instant,
    ip_ident: u16,
    log: Vec<Event>,
    /// Events of the call in progress.
    out: Vec<Event>,
}

impl World {
    /// Builds the board of a scenario, every seat played by a bot, at time 0.
    pub fn new(scenario: &Scenario) -> Result<World, WorldError> {
        let layout = topology::build(scenario)?;
        let mut scripted = scenario.faults.clone();
        crate::sorted::sort_small_by(&mut scripted, |a, b| a.at.cmp(&b.at));
        let names = scenario.teams.iter().map(|t| t.name.clone()).collect();
        let mut world = World {
            name: scenario.name.clone(),
            settings: scenario.settings.clone(),
            nodes: layout.nodes,
            links: layout.links,
            teams: layout.teams,
            unknown: layout.unknown,
            goals: scenario.goals.clone(),
            race: Race::new(names, scenario.goals.clone(), Instant::ZERO),
            cards: SortedMap::new(),
            next_card: 1,
            rng: SplitMix64::new(scenario.settings.seed),
            scripted,
            next_scripted: 0,
            pending: Vec::new(),
            held: Vec::new(),
            attacker: true,
            attacks: SortedMap::new(),
            routes_opened: false,
            rounds: rounds::State::default(),
            apps: Vec::new(),
            now: Instant::ZERO,
            ip_ident: 0,
            log: Vec::new(),
            out: Vec::new(),
        };
        let first = Instant::ZERO + world.settings.think_time;
        for node in &mut world.nodes {
            if matches!(node.role, Role::Host { .. }) {
                node.wake = Some(first);
            }
        }
        Ok(world)
    }

    /// Turns the built-in attacker of round 4 on or off (on by default). Without it, the
    /// forged RST of round 4 only comes from scripted or injected faults.
    pub fn set_attacker(&mut self, on: bool) {
        self.attacker = on;
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The virtual clock: the time of the last `act` or `advance`.
    pub fn now(&self) -> Instant {
        self.now
    }

    pub fn goals(&self) -> &[Goal] {
        &self.goals
    }

    pub fn race(&self) -> &Race {
        &self.race
    }

    /// Every event so far, oldest first.
    pub fn log(&self) -> &[Event] {
        &self.log
    }

    /// The first goal of the team not reached yet: the round its bots play.
    pub fn current_goal(&self, team: usize) -> Option<Goal> {
        self.goals
            .iter()
            .copied()
            .find(|g| self.race.reached(team, *g).is_none())
    }

    /// Whether every team reached every goal.
    pub fn finished(&self) -> bool {
        (0..self.teams.len()).all(|t| self.current_goal(t).is_none())
    }

    /// A person's command at `now`. See the module documentation.
    pub fn act(&mut self, action: Action, now: Instant) -> Result<Vec<Event>, ActionError> {
        if now < self.now {
            let at = self.now;
            return Err(ActionError::new(text!(
                "the game is already at {at}: an action cannot happen earlier, at {now}",
                "la partita è già a {at}: un'azione non può avvenire prima, a {now}"
            )));
        }
        self.validate(&action)?;
        self.now = now;
        self.perform(action);
        Ok(self.flush())
    }

    /// Processes everything due up to `now`, in time order. Time never goes back: an
    /// earlier `now` does nothing.
    pub fn advance(&mut self, now: Instant) -> Vec<Event> {
        for _ in 0..MAX_STEPS {
            match self.earliest() {
                Some((at, due)) if at <= now => {
                    self.now = self.now.max(at);
                    self.step(due);
                }
                _ => break,
            }
        }
        self.now = self.now.max(now);
        self.flush()
    }

    /// When `advance` next has something to do.
    pub fn next_due(&self) -> Option<Instant> {
        self.earliest().map(|(at, _)| at)
    }

    fn flush(&mut self) -> Vec<Event> {
        let events = core::mem::take(&mut self.out);
        self.log.extend(events.iter().cloned());
        events
    }

    fn emit(&mut self, kind: EventKind) {
        self.out.push(Event { at: self.now, kind });
    }

    fn node(&self, id: NodeId) -> Option<&Node> {
        self.nodes.get(usize::from(id.0))
    }

    fn node_mut(&mut self, id: NodeId) -> Option<&mut Node> {
        self.nodes.get_mut(usize::from(id.0))
    }

    fn think(&self) -> Duration {
        self.settings.think_time
    }

    fn coach(&self) -> bool {
        self.settings.referee == Referee::Coach
    }

    /// The earliest thing due, with the fixed tie-break order.
    fn earliest(&self) -> Option<(Instant, Due)> {
        let mut best: Option<(Instant, Due)> = None;
        let mut consider = |at: Instant, due: Due| {
            if best.is_none_or(|b| (at, due) < b) {
                best = Some((at, due));
            }
        };
        if let Some(f) = self.scripted.get(self.next_scripted) {
            consider(Instant::ZERO + f.at, Due::Fault);
        }
        for (id, card) in self.cards.iter() {
            match &card.place {
                Place::Flying(leg) => consider(leg.arrive, Due::Arrival(*id)),
                Place::Held { until, .. } => consider(*until, Due::Release(*id)),
                Place::Inbox {
                    bot_at: Some(at), ..
                } => consider(*at, Due::RouterBot(*id)),
                Place::Inbox { .. } => {}
            }
        }
        for (team, at) in self.attacks.iter() {
            consider(*at, Due::Attack(*team));
        }
        for node in &self.nodes {
            if let Role::Host { host, .. } = &node.role
                && let Some(at) = host.next_timer()
            {
                consider(at, Due::Timer(node.id));
            }
            if let Some(at) = node.wake {
                consider(at, Due::Bot(node.id));
            }
        }
        for (at, node) in self.app_writes_due() {
            consider(at, Due::App(node));
        }
        best
    }

    fn step(&mut self, due: Due) {
        match due {
            Due::Fault => {
                if let Some(f) = self.scripted.get(self.next_scripted).cloned() {
                    self.next_scripted += 1;
                    self.inject(f.fault);
                }
            }
            Due::Arrival(card) => self.arrive(card),
            Due::Release(card) => self.release(card),
            Due::RouterBot(card) => self.router_bot(card),
            Due::Attack(team) => self.attack(team),
            Due::Timer(node) => self.timer(node),
            Due::App(node) => self.app_write(node),
            Due::Bot(node) => self.bot_turn(node),
        }
    }
}

/// The opening SYN card a person writes, seq 0, for the world's tests.
#[cfg(test)]
pub(crate) fn syn_card(src: &str, src_port: u16, dst: &str, dst_port: u16) -> crate::card::Card {
    use alloc::string::ToString;
    crate::card::Card {
        src_ip: src.into(),
        dst_ip: dst.into(),
        src_port: src_port.to_string(),
        dst_port: dst_port.to_string(),
        syn: true,
        seq: "0".into(),
        ..crate::card::Card::default()
    }
}

#[cfg(test)]
mod tests;
