//! The application and the send buffer of round 9, buffering (`world/rounds/nagle.rs`):
//! the client's application writes "hello" a byte at a time over a slow path, and the
//! bytes written wait in the send buffer until they leave on a card (RFC 896; RFC 1122
//! §4.2.3.4).
//!
//! The application is engine state: it writes "h" when the round starts and each next byte
//! a fixed time after the one before, once the first left, each write an event at a time
//! the world schedules, so a person and a bot see the same buffer at the same time, every
//! screen of a room updates with it, and a replay gives the same one.

use alloc::string::{String, ToString};

use crate::addr::Endpoint;
use crate::host::ConnView;
use crate::score::Goal;
use crate::tcp::State;
use crate::time::{Duration, Instant};
use crate::wire::Packet;

use super::World;
use super::topology::{NodeId, Role, Seat, server_endpoint};

/// What the client's application writes in the round, one byte per write (the "h", "e",
/// "l", "l", "o" of the round's description).
pub const APP_WRITES: &str = "hello";

/// Game time between two writes once the first byte left: shorter than any round trip of
/// the game (a card crosses two links each way, and the server takes its turn), so the
/// later bytes are written while the first is unacknowledged, when Nagle holds them.
const WRITE_GAP: Duration = Duration::from_secs(1);

/// A client's application in the round: the connection it writes on, where its bytes
/// start there, and when the first of them left.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct App {
    node: NodeId,
    local: Endpoint,
    remote: Endpoint,
    base: crate::seq::SeqNumber,
    first_sent: Option<Instant>,
    /// How many bytes of [`APP_WRITES`] the application wrote so far.
    written: usize,
}

/// A client's send buffer in the buffering round, as its desk shows it (read-only).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SendBuffer {
    /// Everything the application wrote so far, in order.
    pub written: String,
    /// How many bytes of `written` already left on cards.
    pub sent: usize,
    /// Bytes sent and not acknowledged yet.
    pub in_flight: u32,
    /// Whether Nagle's algorithm is on (the scenario did not set `nodelay`).
    pub nagle: bool,
    /// Writes the application still has to make.
    pub to_write: usize,
    /// The largest segment: a card this big never waits (RFC 1122 §4.2.3.4).
    pub mss: usize,
}

impl SendBuffer {
    /// The bytes written and not sent yet: what the next data card carries.
    pub fn buffered(&self) -> &str {
        self.written.get(self.sent..).unwrap_or("")
    }

    /// Whether the buffered bytes may leave now: always without Nagle; with it, when
    /// nothing is unacknowledged or a full segment is ready (RFC 1122 §4.2.3.4).
    pub fn may_send(&self) -> bool {
        !self.nagle || self.in_flight == 0 || self.buffered().len() >= self.mss
    }

    /// Whether the application wrote everything and all of it was acknowledged.
    pub fn done(&self) -> bool {
        self.to_write == 0 && self.buffered().is_empty() && self.in_flight == 0
    }
}

impl World {
    /// The application's connection of a client playing the round, if it has one.
    pub(super) fn app_conn(&self, node: NodeId) -> Option<(&App, ConnView)> {
        let n = self.node(node)?;
        if self.current_goal(n.team) != Some(Goal::Nagle) {
            return None;
        }
        let app = self.apps.iter().find(|a| a.node == node)?;
        let Role::Host { host, .. } = &n.role else {
            return None;
        };
        let view = host
            .find(app.local, app.remote)
            .and_then(|c| host.connection(c))?;
        Some((app, view))
    }

    /// The send buffer of `node` while its team plays the buffering round with a
    /// connection open to its server; `None` otherwise.
    pub fn send_buffer(&self, node: NodeId) -> Option<SendBuffer> {
        let (app, view) = self.app_conn(node)?;
        let written = app.written;
        let sent = usize::try_from(view.snd_nxt - app.base).unwrap_or(usize::MAX);
        let mss = self.node(node).and_then(|n| match &n.role {
            Role::Host { host, .. } => Some(usize::from(host.config().mss)),
            Role::Router { .. } | Role::Balancer { .. } => None,
        })?;
        Some(SendBuffer {
            written: APP_WRITES.get(..written).unwrap_or("").to_string(),
            sent: sent.min(written),
            in_flight: view.snd_nxt - view.snd_una,
            nagle: !self.settings.nodelay,
            to_write: APP_WRITES.len() - written,
            mss,
        })
    }

    /// The application of each client of `team` that plays the round starts writing once
    /// the client's connection to its own server is ESTABLISHED (a new one replaces one
    /// that ended).
    pub(super) fn app_start(&mut self, team: usize) {
        if self.current_goal(team) != Some(Goal::Nagle) {
            return;
        }
        let clients = self
            .teams
            .get(team)
            .map(|t| t.clients.clone())
            .unwrap_or_default();
        let Some(server) = self
            .teams
            .get(team)
            .and_then(|t| server_endpoint(t, &self.nodes))
        else {
            return;
        };
        for node in clients {
            if self.app_conn(node).is_some() {
                continue;
            }
            let Some(Role::Host { host, .. }) = self.node(node).map(|n| &n.role) else {
                continue;
            };
            let open = host
                .connections()
                .into_iter()
                .filter(|c| c.remote == server && c.state == State::Established)
                .max_by_key(|c| c.id);
            if let Some(c) = open {
                self.apps.retain(|a| a.node != node);
                self.apps.push(App {
                    node,
                    local: c.local,
                    remote: c.remote,
                    base: c.snd_nxt,
                    first_sent: None,
                    written: 1,
                });
                self.emit(super::EventKind::AppWrote {
                    node,
                    data: APP_WRITES.get(..1).unwrap_or("").to_string(),
                });
                self.wake_bot(node);
            }
        }
    }

    /// A card left `from`: the first one with the application's bytes starts its clock.
    pub(super) fn app_sent(&mut self, from: NodeId, packet: &Packet) {
        let now = self.now;
        if let Packet::Tcp { seg, .. } = packet
            && !seg.payload.is_empty()
            && let Some(app) = self
                .apps
                .iter_mut()
                .find(|a| a.node == from && a.local == seg.src && a.remote == seg.dst)
            && app.first_sent.is_none()
        {
            app.first_sent = Some(now);
        }
    }

    /// When each application writes next: a write gap after its previous write, once its
    /// first byte left (before that, the application waits for the card of its "h").
    pub(super) fn app_writes_due(&self) -> impl Iterator<Item = (Instant, NodeId)> + '_ {
        self.apps.iter().filter_map(|a| {
            let first = a.first_sent.filter(|_| a.written < APP_WRITES.len())?;
            let gaps = u64::try_from(a.written).unwrap_or(u64::MAX);
            Some((first + WRITE_GAP.saturating_mul(gaps), a.node))
        })
    }

    /// The application of `node` writes its next byte; a bot client looks at its buffer.
    pub(super) fn app_write(&mut self, node: NodeId) {
        let Some(app) = self.apps.iter_mut().find(|a| a.node == node) else {
            return;
        };
        let Some(data) = APP_WRITES.get(app.written..=app.written) else {
            return;
        };
        app.written += 1;
        let data = data.to_string();
        self.emit(super::EventKind::AppWrote { node, data });
        // A bot's stack sees the write at once, as a kernel's does: no thinking.
        let now = self.now;
        if let Some(n) = self.node_mut(node)
            && n.seat == Seat::Bot
        {
            n.wake = Some(n.wake.map_or(now, |w| w.min(now)));
        }
    }
}
