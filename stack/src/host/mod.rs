//! The reference host: the part of an operating system that owns TCP connections. It
//! keeps the listeners and the TCBs, demultiplexes each arriving segment to its connection
//! by the four-tuple (RFC 9293 §3.3.2), answers closed ports with RST, and queues what a
//! real stack would transmit. Bots play it, the checker compares players' cards against a
//! copy of it, and the packetdrill runner drives it like a kernel.
//!
//! ACKs are immediate (no delayed ACK): in the game every data card is acknowledged by its
//! own card. Everything is deterministic and `Host` is `Clone`, so the checker can try a
//! player's action on a copy.

use crate::sorted::SortedMap;
use alloc::vec::Vec;

use crate::addr::{Endpoint, Ipv4Addr};
use crate::rng::{Rng, SplitMix64};
use crate::segment::TcpSegment;
use crate::seq::SeqNumber;
use crate::tcp::icmp::{parse_quote, severity};
use crate::tcp::tcb::{Out, Tcb, reset_for};
use crate::tcp::{Config, IssMode, State, TcpError};
use crate::time::Instant;

pub mod dns;
pub(crate) mod event;
mod tunnel;

pub use dns::{DnsEvent, OpenQuery, Resolved, Zone, ZoneRecord};
pub use event::{ConnId, ConnView, HostError, HostEvent, Reason};

/// A connection that reached CLOSED: its last snapshot (state CLOSED, with the transition
/// that closed it), what the application was told, and the host's reason. A desk keeps
/// showing it, because the moment ESTABLISHED or SYN-SENT → CLOSED is the lesson of rounds
/// 3, 4 and 7.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Ended {
    pub view: ConnView,
    /// `None` for a graceful close (TIME-WAIT over, LAST-ACK acknowledged).
    pub error: Option<TcpError>,
    pub reason: Option<Reason>,
}

/// How many ended connections a host remembers (the newest): enough for every round of a
/// game, small enough for a phone's desk.
pub const ENDED_LIMIT: usize = 8;

/// First port tried when `connect` is given local port 0 (the IANA dynamic range, RFC 6335).
const EPHEMERAL_FIRST: u16 = 49152;

/// The reference host: listeners, TCBs, and what it wants to transmit.
#[derive(Clone, Debug)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Host {
    addr: Ipv4Addr,
    config: Config,
    /// Draws ISNs in `IssMode::Seeded`; owned by the host so each host is reproducible.
    rng: SplitMix64,
    next_id: u32,
    listeners: SortedMap<u16, ()>,
    conns: SortedMap<ConnId, Tcb>,
    /// SO_ERROR of connections, kept after their TCB is gone until taken.
    errors: SortedMap<ConnId, TcpError>,
    outbox: Vec<TcpSegment>,
    /// The newest connections that reached CLOSED, oldest first (at most `ENDED_LIMIT`);
    /// like the explanations, for the live game: a saved host starts with none.
    #[cfg_attr(feature = "serde", serde(skip))]
    ended: Vec<Ended>,
    /// Explanations are for the live game; a saved host starts with none.
    #[cfg_attr(feature = "serde", serde(skip))]
    events: Vec<HostEvent>,
    /// DNS (see [`dns`]), made the first time the host uses it: boxed so a host without
    /// DNS stays as small as before, and left out of a saved host while absent, so hosts
    /// without DNS save as before.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    dns: Option<alloc::boxed::Box<dns::DnsState>>,
    /// The service address this host serves behind a load balancer, accepted only inside
    /// a tunnel (see [`tunnel`]); left out of a saved host while absent.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    vip: Option<Ipv4Addr>,
}

impl Host {
    pub fn new(addr: Ipv4Addr, config: Config) -> Host {
        // With ISNs of 0 the generator draws only a resolver's DNS IDs and ports: seeded
        // by the address, two hosts do not ask with the same ID from the same port (RFC
        // 5452 §9.2 wants them unpredictable; in that game nothing is).
        let seed = match config.iss {
            IssMode::Zero => u64::from(u32::from(addr)),
            IssMode::Seeded(seed) => seed,
        };
        Host {
            addr,
            config,
            rng: SplitMix64::new(seed),
            next_id: 1,
            listeners: SortedMap::new(),
            conns: SortedMap::new(),
            errors: SortedMap::new(),
            outbox: Vec::new(),
            ended: Vec::new(),
            events: Vec::new(),
            dns: None,
            vip: None,
        }
    }

    pub fn addr(&self) -> Ipv4Addr {
        self.addr
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Passive OPEN (RFC 9293 §3.10.1).
    pub fn listen(&mut self, port: u16) -> Result<(), HostError> {
        if self.listeners.insert(port, ()).is_some() {
            return Err(HostError::PortInUse(port));
        }
        Ok(())
    }

    /// Stop listening (the "server port closed" fault): new SYNs get a RST; connections
    /// already made are kept.
    pub fn unlisten(&mut self, port: u16) {
        self.listeners.remove(&port);
    }

    pub fn is_listening(&self, port: u16) -> bool {
        self.listeners.contains_key(&port)
    }

    /// The initial send sequence number (RFC 9293 §3.4.1): 0 in the classroom setting,
    /// otherwise unpredictable to the players.
    fn next_iss(&mut self) -> SeqNumber {
        match self.config.iss {
            IssMode::Zero => SeqNumber(0),
            IssMode::Seeded(_) => SeqNumber(self.rng.next_u32()),
        }
    }

    fn new_id(&mut self) -> ConnId {
        let id = ConnId(self.next_id);
        self.next_id = self.next_id.wrapping_add(1);
        id
    }

    fn port_busy(&self, port: u16, remote: Endpoint) -> bool {
        self.listeners.contains_key(&port)
            || self
                .conns
                .values()
                .any(|t| t.local.port == port && t.remote == remote)
    }

    /// Active OPEN (RFC 9293 §3.10.1): queues the SYN. Local port 0 picks the first free
    /// port from 49152 (deterministic, unlike a kernel). A four-tuple still in TIME-WAIT
    /// is busy: that is the point of TIME-WAIT.
    pub fn connect(
        &mut self,
        local_port: u16,
        remote: Endpoint,
        now: Instant,
    ) -> Result<ConnId, HostError> {
        let port = if local_port == 0 {
            (EPHEMERAL_FIRST..=u16::MAX)
                .find(|p| !self.port_busy(*p, remote))
                .ok_or(HostError::PortInUse(0))?
        } else {
            local_port
        };
        if self.port_busy(port, remote) {
            return Err(HostError::PortInUse(port));
        }
        let id = self.new_id();
        let iss = self.next_iss();
        let local = Endpoint::new(self.addr, port);
        let config = self.config;
        let mut out = Out {
            segments: &mut self.outbox,
            events: &mut self.events,
            errors: &mut self.errors,
        };
        let tcb = Tcb::connect(id, local, remote, iss, config, now, &mut out);
        self.conns.insert(id, tcb);
        Ok(id)
    }

    /// The oldest connection of this listener that finished its handshake and was not yet
    /// accepted (the accept queue).
    pub fn accept(&mut self, port: u16) -> Option<ConnId> {
        let tcb = self
            .conns
            .values_mut()
            .find(|t| t.listen_port == Some(port) && !t.accepted && t.state.is_synchronized())?;
        tcb.accepted = true;
        Some(tcb.id)
    }

    /// Run a user call on one TCB, with the host's sinks, then forget it if it closed.
    fn with_tcb<R>(
        &mut self,
        conn: ConnId,
        call: impl FnOnce(&mut Tcb, &mut Out) -> R,
    ) -> Result<R, HostError> {
        let tcb = self
            .conns
            .get_mut(&conn)
            .ok_or(HostError::NoSuchConnection(conn))?;
        let mut out = Out {
            segments: &mut self.outbox,
            events: &mut self.events,
            errors: &mut self.errors,
        };
        let result = call(tcb, &mut out);
        if matches!(tcb.state, State::Closed | State::Listen) {
            let view = tcb.view();
            self.conns.remove(&conn);
            if view.state == State::Closed {
                self.remember_ended(view);
            }
        }
        Ok(result)
    }

    /// SEND: queues data segments (PSH|ACK) as the peer's window allows. Returns how many
    /// bytes were taken (less than asked only when the 64 KiB send buffer is full).
    pub fn send(&mut self, conn: ConnId, data: &[u8], now: Instant) -> Result<usize, HostError> {
        self.with_tcb(conn, |tcb, out| tcb.send(data, now, out))?
    }

    /// RECEIVE: takes the in-order data received so far (empty for unknown connections).
    pub fn recv(&mut self, conn: ConnId) -> Vec<u8> {
        self.with_tcb(conn, |tcb, out| tcb.recv(out))
            .unwrap_or_default()
    }

    /// CLOSE, i.e. `shutdown(SHUT_WR)`: queues a FIN after the data.
    pub fn close(&mut self, conn: ConnId, now: Instant) -> Result<(), HostError> {
        self.with_tcb(conn, |tcb, out| tcb.close(now, out))?
    }

    /// ABORT: queues a RST (when the peer has state to reset) and forgets the connection.
    pub fn abort(&mut self, conn: ConnId, _now: Instant) -> Result<(), HostError> {
        self.with_tcb(conn, |tcb, out| tcb.abort(out))
    }

    /// An inbound segment addressed to this host.
    pub fn on_segment(&mut self, seg: &TcpSegment, now: Instant) {
        if seg.dst.addr != self.addr {
            let text = alloc::format!(
                "segment ignored: it is addressed to {}, and this host is {}",
                seg.dst.addr,
                self.addr
            );
            self.events.push(HostEvent::SegmentIgnored {
                segment: seg.clone(),
                reason: Reason::new(text, "RFC 1122 §3.3.4"),
            });
            return;
        }
        self.take_segment(seg, now);
    }

    /// A segment for one of this host's addresses, already checked by the caller.
    fn take_segment(&mut self, seg: &TcpSegment, now: Instant) {
        if let Some(conn) = self.find(seg.dst, seg.src) {
            // `find` just returned it, so the connection exists.
            let _ = self.with_tcb(conn, |tcb, out| tcb.on_segment(seg, now, out));
        } else if self.listeners.contains_key(&seg.dst.port) {
            self.on_listen_segment(seg, now);
        } else {
            self.on_closed_port_segment(seg);
        }
    }

    /// LISTEN (RFC 9293 §3.10.7.2): RST ignored, ACK refused with a RST, SYN starts a
    /// connection, anything else dropped — in that order, as the RFC checks them.
    fn on_listen_segment(&mut self, seg: &TcpSegment, now: Instant) {
        const RFC: &str = "RFC 9293 §3.10.7.2";
        let f = seg.flags;
        let port = seg.dst.port;
        if f.syn() && !f.rst() && !f.ack() {
            let id = self.new_id();
            let iss = self.next_iss();
            let config = self.config;
            let mut out = Out {
                segments: &mut self.outbox,
                events: &mut self.events,
                errors: &mut self.errors,
            };
            let tcb = Tcb::accept_syn(id, seg, iss, config, now, &mut out);
            self.conns.insert(id, tcb);
            return;
        }
        let mut out = Out {
            segments: &mut self.outbox,
            events: &mut self.events,
            errors: &mut self.errors,
        };
        if f.rst() {
            let text = alloc::format!(
                "RST ignored: port {port} is only listening, there is no connection to reset"
            );
            out.ignore(seg, Reason::new(text, RFC));
        } else if f.ack() {
            let text = alloc::format!(
                "an ACK reached listening port {port}, but no connection exists: answered with RST seq {}",
                seg.ack
            );
            out.reply(reset_for(seg), Reason::new(text, RFC));
        } else {
            let text = alloc::format!(
                "segment ignored: listening port {port} only reacts to a SYN (its flags are {f})"
            );
            out.ignore(seg, Reason::new(text, RFC));
        }
    }

    /// No listener and no connection: RFC 9293 §3.10.7.1 (the "connection refused" of
    /// round 3). An incoming RST is never answered, or two hosts could ping-pong RSTs.
    fn on_closed_port_segment(&mut self, seg: &TcpSegment) {
        const RFC: &str = "RFC 9293 §3.10.7.1";
        let port = seg.dst.port;
        let mut out = Out {
            segments: &mut self.outbox,
            events: &mut self.events,
            errors: &mut self.errors,
        };
        if seg.flags.rst() {
            let text = alloc::format!("RST to closed port {port} ignored: a RST is never answered");
            out.ignore(seg, Reason::new(text, RFC));
            return;
        }
        let rst = reset_for(seg);
        let text = if seg.flags.ack() {
            alloc::format!(
                "nothing listens on port {port}: answered with RST seq {} (their ack)",
                rst.seq
            )
        } else {
            alloc::format!(
                "nothing listens on port {port}: answered with RST+ACK seq 0 ack {} (their seq + length)",
                rst.ack
            )
        };
        out.reply(rst, Reason::new(text, RFC));
    }

    /// An ICMP error quoting one of our segments: `icmp_type` 3 (destination unreachable)
    /// or 11 (time exceeded), and `quoted` = the original IP header + at least 8 bytes.
    /// Anything unparsable, unrelated or stale is ignored (RFC 5927 §4.1).
    pub fn on_icmp_error(&mut self, icmp_type: u8, code: u8, quoted: &[u8], _now: Instant) {
        let Some(sev) = severity(icmp_type, code) else {
            return;
        };
        let Some(q) = parse_quote(quoted) else { return };
        if q.local.addr != self.addr && Some(q.local.addr) != self.vip {
            return;
        }
        if let Some(conn) = self.find(q.local, q.remote) {
            let _ = self.with_tcb(conn, |tcb, out| {
                tcb.on_icmp(sev, icmp_type, code, q.seq, out)
            });
        }
    }

    /// Timers: retransmission (RFC 6298) and TIME-WAIT expiry (2×MSL).
    pub fn poll(&mut self, now: Instant) {
        let due: Vec<ConnId> = self
            .conns
            .values()
            .filter(|t| t.next_timer().is_some_and(|at| at <= now))
            .map(|t| t.id)
            .collect();
        for conn in due {
            let before = self.outbox.len();
            let _ = self.with_tcb(conn, |tcb, out| tcb.poll(now, out));
            // A person who has not written the previous retransmission yet still owes one
            // card, not two: the fresh copy (with the current ack) replaces the stale one
            // (RFC 6298 §5.4 retransmits the earliest unacknowledged segment, once).
            let fresh: Vec<TcpSegment> = self.outbox.get(before..).unwrap_or_default().to_vec();
            let mut index = 0;
            self.outbox.retain(|old| {
                index += 1;
                index > before || !fresh.iter().any(|f| same_card(f, old))
            });
        }
    }

    /// When `poll` next has something to do.
    pub fn next_timer(&self) -> Option<Instant> {
        self.conns.values().filter_map(Tcb::next_timer).min()
    }

    /// Segments a real stack would transmit now, oldest first.
    pub fn outbox(&self) -> &[TcpSegment] {
        &self.outbox
    }

    pub fn take_outbox(&mut self) -> Vec<TcpSegment> {
        core::mem::take(&mut self.outbox)
    }

    /// Puts segments taken from the outbox back in front of it, oldest first. The referee
    /// takes out the one segment a player's card stands for; what the stack still owes
    /// (a second client's SYN+ACK, say) must stay queued for the player's next card.
    pub fn requeue(&mut self, segments: Vec<TcpSegment>) {
        let newer = core::mem::replace(&mut self.outbox, segments);
        self.outbox.extend(newer);
    }

    pub fn take_events(&mut self) -> Vec<HostEvent> {
        core::mem::take(&mut self.events)
    }

    /// SO_ERROR: the error that ended the connection, or else the last ICMP soft error of
    /// a live one (RFC 1122 §4.2.3.9 asks that soft errors be reported); reading clears it.
    pub fn take_error(&mut self, conn: ConnId) -> Option<TcpError> {
        self.errors
            .remove(&conn)
            .or_else(|| self.conns.get_mut(&conn).and_then(|t| t.soft_error.take()))
    }

    /// Keeps `view` among the ended connections, with the error and the reason the host
    /// gave when it closed.
    fn remember_ended(&mut self, view: ConnView) {
        let id = view.id;
        let reason = self.events.iter().rev().find_map(|e| match e {
            HostEvent::StateChanged {
                conn,
                to: State::Closed,
                reason,
                ..
            } if *conn == id => Some(reason.clone()),
            _ => None,
        });
        let error = self.errors.get(&id).copied();
        if self.ended.len() >= ENDED_LIMIT {
            self.ended.remove(0);
        }
        self.ended.push(Ended {
            view,
            error,
            reason,
        });
    }

    /// The connections that reached CLOSED, oldest first (see [`Ended`]).
    pub fn ended(&self) -> &[Ended] {
        &self.ended
    }

    pub fn connection(&self, conn: ConnId) -> Option<ConnView> {
        self.conns.get(&conn).map(Tcb::view)
    }

    /// Every TCB, TIME-WAIT included, oldest first; closed ones are gone.
    pub fn connections(&self) -> Vec<ConnView> {
        self.conns.values().map(Tcb::view).collect()
    }

    /// The connection `seg` (one of ours) belongs to, when `seg` is the retransmission the
    /// timer asked for: the oldest unacknowledged segment (SND.UNA) of a connection whose
    /// timer ran out since its last ACK (RFC 6298 §5.4). A first transmission waiting in the
    /// outbox (a SYN+ACK) is not one, though its numbers are already below SND.NXT; a bare
    /// ACK takes no numbers, so it is never one.
    pub fn resent_on(&self, seg: &TcpSegment) -> Option<ConnView> {
        if seg.seg_len() == 0 {
            return None;
        }
        self.find(seg.src, seg.dst)
            .and_then(|c| self.connection(c))
            .filter(|v| v.retransmits > 0 && seg.seq == v.snd_una)
    }

    /// The connection with this four-tuple (RFC 9293 §3.3.2 demultiplexing).
    pub fn find(&self, local: Endpoint, remote: Endpoint) -> Option<ConnId> {
        self.conns
            .values()
            .find(|t| t.local == local && t.remote == remote)
            .map(|t| t.id)
    }
}

#[cfg(test)]
mod tests;

/// The same segment sent again: same connection, sequence number, flags and bytes (the
/// ack and window may have moved on since).
fn same_card(a: &TcpSegment, b: &TcpSegment) -> bool {
    a.src == b.src
        && a.dst == b.dst
        && a.seq == b.seq
        && a.flags == b.flags
        && a.payload == b.payload
}
