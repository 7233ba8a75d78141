//! Reading the race from what happens: the world's event points, handed to every round's
//! hooks (`world/rounds/`), which recognise their goal in the host events and deliveries,
//! never from what a player claims; and reaching a goal.

use crate::host::HostEvent;
use crate::score::Goal;
use crate::wire::Packet;

use super::World;
use super::event::EventKind;
use super::rounds::At;
use super::topology::{NodeId, NodeKind};

impl World {
    pub(super) fn reach(&mut self, team: usize, goal: Goal) {
        if !self.goals.contains(&goal) || !self.race.reach(team, goal, self.now) {
            return;
        }
        self.emit(EventKind::GoalReached { team, goal });
        // The team's bots move on to the next round.
        let members: alloc::vec::Vec<NodeId> = self
            .nodes
            .iter()
            .filter(|n| n.team == team)
            .map(|n| n.id)
            .collect();
        for m in members {
            self.wake_bot(m);
        }
        if let Some(next) = self.current_goal(team) {
            (next.round().hooks.started)(self, team);
        }
        // Bot teams that waited for this team of people may play their next round now.
        if self.settings.bots_wait && self.race.is_played(team) {
            let waiting: alloc::vec::Vec<NodeId> = self
                .nodes
                .iter()
                .filter(|n| n.team != team && n.kind == NodeKind::Client)
                .map(|n| n.id)
                .collect();
            for m in waiting {
                self.wake_bot(m);
            }
        }
    }

    fn at(&self, node: NodeId) -> Option<At> {
        self.node(node).map(|n| At {
            node,
            kind: n.kind,
            team: n.team,
        })
    }

    pub(super) fn goals_from_host_event(&mut self, node: NodeId, event: &HostEvent) {
        let Some(at) = self.at(node) else { return };
        for goal in Goal::every() {
            (goal.round().hooks.host_event)(self, at, event);
        }
    }

    pub(super) fn goals_after_delivery(&mut self, node: NodeId, packet: &Packet, forged: bool) {
        let Some(at) = self.at(node).filter(|at| at.kind == NodeKind::Client) else {
            return;
        };
        for goal in Goal::every() {
            (goal.round().hooks.delivered)(self, at, packet, forged);
        }
        if matches!(packet, Packet::Tcp { seg, .. } if !(forged && seg.flags.rst())) {
            for goal in Goal::every() {
                (goal.round().hooks.acknowledged)(self, at);
            }
        }
    }

    /// Before a new card leaves `from`.
    pub(super) fn goals_before_sending(&mut self, from: NodeId, packet: &Packet, forged: bool) {
        for goal in Goal::every() {
            (goal.round().hooks.sending)(self, from, packet, forged);
        }
    }
}
