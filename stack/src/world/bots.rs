//! What the hosts do by themselves: a host's TCP output becomes cards, its timers fire,
//! and a host played by a bot takes its turn (answering, or opening the round's connection
//! when its team is not ahead of the people).

use alloc::string::String;

use crate::addr::Ipv4Addr;
use crate::bot::{self, ClientBot, ClientContext, HostBot, Moves, Request, Turn};
use crate::host::Host;
use crate::time::Instant;
use crate::wire::{IpMeta, Packet};

use super::World;
use super::event::EventKind;
use super::topology::{NodeId, NodeKind, Role, Seat, server_endpoint};

impl World {
    /// Reports a host's reactions as events and reads the goals in them.
    pub(super) fn drain_host(&mut self, node: NodeId) {
        let Some(Role::Host { host, .. }) = self.node_mut(node).map(|n| &mut n.role) else {
            return;
        };
        let events = host.take_events();
        for event in events {
            self.emit(EventKind::Host {
                node,
                event: event.clone(),
            });
            self.goals_from_host_event(node, &event);
        }
    }

    /// Schedules the node's bot a think-time from now, unless it plays sooner anyway.
    pub(super) fn wake_bot(&mut self, node: NodeId) {
        let at = self.now + self.think();
        if let Some(n) = self.node_mut(node)
            && n.seat == Seat::Bot
            && matches!(n.role, Role::Host { .. })
        {
            n.wake = Some(n.wake.map_or(at, |w| w.min(at)));
        }
    }

    /// A bot host hands everything its stack wants to transmit to its router: TCP segments,
    /// then DNS datagrams.
    pub(super) fn transmit(&mut self, node: NodeId) {
        let Some(n) = self.node_mut(node) else { return };
        if n.seat != Seat::Bot {
            return;
        }
        let Role::Host { host, router, .. } = &mut n.role else {
            return;
        };
        let router = *router;
        let datagrams = host.take_udp_outbox();
        for seg in host.take_outbox() {
            let packet = Packet::Tcp {
                meta: IpMeta::default(),
                seg,
            };
            self.send_new(node, router, packet, false, None);
        }
        for packet in datagrams {
            self.send_new(node, router, packet, false, None);
        }
    }

    /// TCP timers (retransmission, TIME-WAIT); a bot retransmits at once, as a kernel does.
    pub(super) fn timer(&mut self, node: NodeId) {
        let now = self.now;
        if let Some(Role::Host { host, .. }) = self.node_mut(node).map(|n| &mut n.role) {
            host.poll(now);
        }
        self.drain_host(node);
        self.transmit(node);
    }

    /// A host bot's turn: the round it plays, then what its stack transmits.
    pub(super) fn bot_turn(&mut self, node: NodeId) {
        let Some(n) = self.node_mut(node) else { return };
        n.wake = None;
        if n.seat != Seat::Bot {
            return;
        }
        let team = n.team;
        let dns = n.kind == NodeKind::Dns;
        let context = self.client_context(node, team);
        let now = self.now;
        let ports = self
            .teams
            .get(team)
            .map(|t| t.server_ports.clone())
            .unwrap_or_default();
        let Some(Role::Host { host, bot, .. }) = self.node_mut(node).map(|n| &mut n.role) else {
            return;
        };
        let moves = match bot {
            // The zone's server answers in its stack as a question arrives (a kernel
            // answers a SYN the same way); its bot only says what goes.
            HostBot::Server if dns => crate::dns_bot::serve(host),
            HostBot::Server => bot::serve(host, &ports, now),
            HostBot::Client(client) => match &context {
                Some((name, ctx_parts)) => {
                    let ctx = ClientContext {
                        goal: ctx_parts.goal,
                        name,
                        own_server: ctx_parts.own_server,
                        across_server: ctx_parts.across_server,
                        unknown: ctx_parts.unknown,
                        server_ports: &ports,
                        dns: ctx_parts.dns.as_ref().map(|(a, n)| (*a, n.as_str())),
                        vip: ctx_parts.vip,
                    };
                    client_turn(client, host, ctx, now)
                }
                None => Moves::default(),
            },
        };
        for text in moves.done {
            self.emit(EventKind::BotMove { node, text });
        }
        if let Some(goal) = context.as_ref().and_then(|(_, c)| c.goal) {
            (goal.round().hooks.bot_moved)(self, node);
        }
        for request in moves.requests {
            match request {
                Request::Forgery => {
                    if self.attacker && !self.attacks.contains_key(&team) {
                        self.attacks.insert(team, now + self.think());
                    }
                }
                Request::Routes => self.open_routes(),
            }
        }
        self.drain_host(node);
        self.transmit(node);
    }

    /// What a client bot needs to know, if it is the one that plays its team's rounds:
    /// the first client, and only when no person plays a client of the team.
    pub(super) fn client_context(
        &self,
        node: NodeId,
        team: usize,
    ) -> Option<(String, ContextParts)> {
        let t = self.teams.get(team)?;
        let humans = t
            .clients
            .iter()
            .any(|c| self.node(*c).is_some_and(|n| n.seat == Seat::Human));
        if humans || t.clients.first() != Some(&node) {
            return None;
        }
        let goal = self.current_goal(team);
        if goal.is_some_and(|g| self.ahead_of_people(team, g)) {
            return None;
        }
        let own_server = server_endpoint(t, &self.nodes)?;
        let across_server = if self.teams.len() > 1 && self.has_backbone() {
            self.teams
                .get((team + 1) % self.teams.len())
                .and_then(|next| server_endpoint(next, &self.nodes))
        } else {
            None
        };
        Some((
            self.node(node)?.name.clone(),
            ContextParts {
                goal,
                own_server,
                across_server,
                unknown: self.unknown,
                dns: self.server_name(team),
                vip: self.vip(),
            },
        ))
    }

    /// With `bots_wait` (a scenario setting), whether bot team `team` should hold back
    /// from `goal`: it would start a round the slowest team played by people has not
    /// started, and so run more than a round ahead of the class.
    pub(super) fn ahead_of_people(&self, team: usize, goal: crate::score::Goal) -> bool {
        if !self.settings.bots_wait {
            return false;
        }
        let index = |g: Option<crate::score::Goal>| {
            g.and_then(|g| self.goals.iter().position(|x| *x == g))
                .unwrap_or(usize::MAX)
        };
        let slowest = (0..self.teams.len())
            .filter(|t| *t != team && self.race.is_played(*t))
            .map(|t| index(self.current_goal(t)))
            .min();
        slowest.is_some_and(|s| index(Some(goal)) > s)
    }
}

/// One turn of the client bot that plays its team's rounds: it gives up a connection of
/// an earlier round that was meant to fail, then plays the current round as the round's
/// module says.
pub(super) fn client_turn(
    bot: &mut ClientBot,
    host: &mut Host,
    ctx: ClientContext,
    now: Instant,
) -> Moves {
    let mut turn = Turn {
        host,
        ctx,
        now,
        moves: Moves::default(),
    };
    bot.give_up(&mut turn);
    if let Some(goal) = ctx.goal {
        (goal.round().bot)(bot, &mut turn);
    }
    turn.moves
}

/// What a client bot is told, gathered before its host is borrowed.
pub(super) struct ContextParts {
    goal: Option<crate::score::Goal>,
    own_server: crate::addr::Endpoint,
    across_server: Option<crate::addr::Endpoint>,
    unknown: Ipv4Addr,
    dns: Option<(Ipv4Addr, String)>,
    vip: Option<Ipv4Addr>,
}
