//! The instructor's faults (game design §3): forged cards, and cards delayed, dropped,
//! duplicated or overtaken on their link; a server port closed; a route removed.

use alloc::format;
use alloc::vec::Vec;

use crate::addr::Endpoint;
use crate::fault::{Fault, FaultKind, FaultTarget};
use crate::host::{ConnView, Host};
use crate::segment::{TcpFlags, TcpSegment};
use crate::tcp::State;
use crate::text::{Text, text};
use crate::time::Duration;
use crate::wire::{self, IcmpMessage, IpMeta, Packet};

use super::World;
use super::event::{ActionError, Event, EventKind};
use super::flight::{Leg, Place};
use super::topology::{CardId, NodeId, Role};

/// A held card (reorder fault) waits at most this long for a card to overtake it.
const HOLD_AT_MOST: Duration = Duration::from_secs(10);

impl World {
    pub(super) fn validate_target(&self, target: &FaultTarget) -> Result<(), ActionError> {
        let team_ok = |t: usize| {
            self.teams.get(t).map(|_| ()).ok_or_else(|| {
                let last = self.teams.len().saturating_sub(1);
                ActionError::new(text!(
                    "there is no team {t}: the teams are numbered 0 to {last}",
                    "non c'è nessuna squadra {t}: le squadre sono numerate da 0 a {last}"
                ))
            })
        };
        match target {
            FaultTarget::Team(t) => team_ok(*t),
            FaultTarget::Connection { team, client } => {
                team_ok(*team)?;
                let clients = self.teams.get(*team).map_or(0, |t| t.clients.len());
                if *client >= clients {
                    return Err(ActionError::new(text!(
                        "team {team} has {clients} clients: there is no client {client}",
                        "la squadra {team} ha {clients} client: non c'è nessun client {client}"
                    )));
                }
                Ok(())
            }
            FaultTarget::Link { team_a, team_b } => {
                team_ok(*team_a)?;
                team_ok(*team_b)
            }
        }
    }

    /// The teams a target concerns.
    fn target_teams(target: &FaultTarget) -> Vec<usize> {
        match target {
            FaultTarget::Team(t) | FaultTarget::Connection { team: t, .. } => alloc::vec![*t],
            FaultTarget::Link { team_a, team_b } => alloc::vec![*team_a, *team_b],
        }
    }

    /// Whether a card on the link `from` → `to` is one the target aims at.
    fn on_target(&self, target: &FaultTarget, from: NodeId, to: NodeId) -> bool {
        let team_of = |n: NodeId| self.node(n).map(|n| n.team);
        match target {
            FaultTarget::Team(t) => team_of(from) == Some(*t) || team_of(to) == Some(*t),
            FaultTarget::Connection { team, client } => {
                let c = self
                    .teams
                    .get(*team)
                    .and_then(|t| t.clients.get(*client))
                    .copied();
                c.is_some() && (c == Some(from) || c == Some(to))
            }
            FaultTarget::Link { team_a, team_b } => {
                let r = |t: usize| self.teams.get(t).map(|v| v.router);
                let (a, b) = (r(*team_a), r(*team_b));
                (Some(from) == a && Some(to) == b) || (Some(from) == b && Some(to) == a)
            }
        }
    }

    /// Applies a fault now. Its `FaultInjected` event comes before the events it causes.
    pub(super) fn inject(&mut self, fault: Fault) {
        let first = self.out.len();
        let kind = fault.kind.clone();
        let effect = match &fault.kind {
            FaultKind::ForgedRst { matching } => self.forge_rst(&fault, *matching),
            FaultKind::IcmpUnreachable { code } => self.forge_icmp(&fault, *code, false),
            FaultKind::ForgedIcmp { code } => self.forge_icmp(&fault, *code, true),
            FaultKind::ForgedDns { matching } => self.forge_dns(&fault, *matching),
            FaultKind::Delay { .. }
            | FaultKind::Drop
            | FaultKind::Duplicate
            | FaultKind::Reorder => {
                self.pending.push(fault.clone());
                text!(
                    "waits for the next card on its target",
                    "aspetta la prossima carta sul suo bersaglio"
                )
            }
            FaultKind::ServerPortClosed => {
                let mut closed = Vec::new();
                for t in Self::target_teams(&fault.target) {
                    let Some(team) = self.teams.get(t) else {
                        continue;
                    };
                    let (server, ports) = (team.server, team.server_ports.clone());
                    if let Some(Role::Host { host, .. }) =
                        self.node_mut(server).map(|n| &mut n.role)
                    {
                        for p in &ports {
                            host.unlisten(*p);
                            closed.push(format!("{p}"));
                        }
                    }
                }
                let closed = closed.join(", ");
                text!(
                    "the server stopped listening on port {closed}",
                    "il server ha smesso di ascoltare sulla porta {closed}"
                )
            }
            FaultKind::RouteRemoved { prefix } => {
                let mut removed = 0;
                for t in Self::target_teams(&fault.target) {
                    let Some(router) = self.teams.get(t).map(|v| v.router) else {
                        continue;
                    };
                    if let Some(Role::Router { router: r, .. }) =
                        self.node_mut(router).map(|n| &mut n.role)
                        && r.table.remove(*prefix).is_some()
                    {
                        removed += 1;
                    }
                }
                text!(
                    "{removed} router(s) forgot the route to {prefix}",
                    "router che hanno dimenticato la rotta verso {prefix}: {removed}"
                )
            }
        };
        let event = Event {
            at: self.now,
            kind: EventKind::FaultInjected {
                fault,
                kind,
                effect,
            },
        };
        self.out.insert(first.min(self.out.len()), event);
    }

    /// The connection an attacker aims at: an established one of a targeted client (the
    /// first, by node order), else any synchronized one.
    fn victim(&self, target: &FaultTarget) -> Option<(NodeId, NodeId, ConnView)> {
        let mut fallback = None;
        for (c, router, host) in self.targeted_hosts(target)? {
            for view in host.connections() {
                if view.state == State::Established {
                    return Some((c, router, view));
                }
                if view.state.is_synchronized() && fallback.is_none() {
                    fallback = Some((c, router, view));
                }
            }
        }
        fallback
    }

    /// A RST "from the server" to the victim client, put on the client's LAN by the
    /// attacker. Matching: its seq is exactly RCV.NXT, so RFC 5961 §3.2 tears the
    /// connection down; not matching: far outside the window, so it is silently dropped.
    fn forge_rst(&mut self, fault: &Fault, matching: bool) -> Text {
        let Some((client, router, view)) = self.victim(&fault.target) else {
            return text!(
                "no established connection to attack: nothing forged",
                "nessuna connessione stabilita da attaccare: non è stato falsificato niente"
            );
        };
        let seg = crate::fault::forged_rst(&view, matching, &mut self.rng);
        let seq = seg.seq;
        let ident = self.next_ident();
        let packet = Packet::Tcp {
            meta: IpMeta { ttl: 64, ident },
            seg,
        };
        self.send_new(router, client, packet, true, Some(fault.kind.clone()));
        let (remote, local) = (view.remote, view.local);
        let (how, come) = if matching {
            (
                "exactly what it expects",
                "esattamente quello che si aspetta",
            )
        } else {
            (
                "outside its receive window",
                "fuori dalla sua finestra di ricezione",
            )
        };
        text!(
            "a RST claiming to come from {remote} was sent to {local} with seq {seq} ({how})",
            "un RST che finge di venire da {remote} è stato inviato a {local} con seq {seq} \
             ({come})"
        )
    }

    /// An ICMP destination unreachable "from the router" to the victim client. Genuine, it
    /// quotes the client's oldest unacknowledged segment so that RFC 5927 §4.1 accepts it;
    /// `guessed` (an attacker off the path), it quotes a sequence number the client never
    /// has in flight, which the same rule makes it ignore.
    fn forge_icmp(&mut self, fault: &Fault, code: u8, guessed: bool) -> Text {
        let Some((client, router, view)) = self
            .victim(&fault.target)
            .or_else(|| self.victim_any(&fault.target))
        else {
            return text!(
                "no connection to disturb: nothing sent",
                "nessuna connessione da disturbare: non è stato inviato niente"
            );
        };
        let seq = if guessed {
            crate::fault::guessed_quote(&view, &mut self.rng)
        } else {
            view.snd_una
        };
        let original = Packet::Tcp {
            meta: IpMeta::default(),
            seg: TcpSegment {
                src: view.local,
                dst: view.remote,
                seq,
                ack: view.rcv_nxt,
                flags: TcpFlags::ACK,
                window: 0,
                payload: Vec::new(),
            },
        };
        let Some(router_addr) = self.node(router).map(|n| n.addr) else {
            return text!(
                "the client has no router: nothing sent",
                "il client non ha un router: non è stato inviato niente"
            );
        };
        let ident = self.next_ident();
        let packet = Packet::Icmp {
            src: router_addr,
            dst: view.local.addr,
            meta: IpMeta { ttl: 64, ident },
            msg: IcmpMessage::DestUnreachable {
                code,
                quoted: wire::quote(&original.encode()),
            },
        };
        self.send_new(router, client, packet, true, Some(fault.kind.clone()));
        let (local, remote, to) = (view.local, view.remote, view.local.addr);
        if guessed {
            let (una, nxt) = (view.snd_una, view.snd_nxt);
            return text!(
                "a forged ICMP destination unreachable (code {code}) about {local} → {remote} \
                 was sent to {to}, quoting the guessed seq {seq}: it is not in {una}..{nxt} \
                 (SND.UNA..SND.NXT), so the host ignores it",
                "un ICMP destinazione irraggiungibile falsificato (codice {code}) su {local} → \
                 {remote} è stato inviato a {to}, citando il seq indovinato {seq}: non è in \
                 {una}..{nxt} (SND.UNA..SND.NXT), quindi l'host lo ignora"
            );
        }
        text!(
            "an ICMP destination unreachable (code {code}) about {local} → {remote} was sent to \
             {to}",
            "un ICMP destinazione irraggiungibile (codice {code}) su {local} → {remote} è stato \
             inviato a {to}"
        )
    }

    /// Any connection of a targeted client, handshake or not (an ICMP error also hits
    /// connections still in SYN-SENT).
    fn victim_any(&self, target: &FaultTarget) -> Option<(NodeId, NodeId, ConnView)> {
        self.targeted_hosts(target)?
            .into_iter()
            .find_map(|(c, router, host)| {
                host.connections()
                    .into_iter()
                    .next()
                    .map(|v| (c, router, v))
            })
    }

    /// The clients a fault aims at, in node order, each with its router and its host: the
    /// whole team, or the one client named; none for a link fault. Shared by the forged
    /// RST, the ICMP error and the forged DNS answer, which all hit a client.
    pub(super) fn targeted_hosts(
        &self,
        target: &FaultTarget,
    ) -> Option<Vec<(NodeId, NodeId, &Host)>> {
        let clients: Vec<NodeId> = match target {
            FaultTarget::Team(t) => self.teams.get(*t)?.clients.clone(),
            FaultTarget::Connection { team, client } => {
                alloc::vec![*self.teams.get(*team)?.clients.get(*client)?]
            }
            FaultTarget::Link { .. } => return None,
        };
        Some(
            clients
                .into_iter()
                .filter_map(|c| match self.node(c).map(|n| &n.role) {
                    Some(Role::Host { host, router, .. }) => Some((c, *router, host)),
                    _ => None,
                })
                .collect(),
        )
    }

    /// The first pending link fault whose target this card is on takes effect.
    pub(super) fn apply_link_faults(&mut self, id: CardId, from: NodeId, to: NodeId) {
        let Some(i) = self
            .pending
            .iter()
            .position(|f| self.on_target(&f.target, from, to))
        else {
            return;
        };
        let fault = self.pending.remove(i);
        let Some(record) = self.cards.get_mut(&id) else {
            return;
        };
        record.fault = Some(fault.kind.clone());
        let Place::Flying(leg) = record.place else {
            return;
        };
        match fault.kind {
            FaultKind::Delay { by } => {
                record.place = Place::Flying(Leg {
                    arrive: leg.arrive + by,
                    ..leg
                });
                self.emit(EventKind::CardDelayed { card: id, by });
            }
            FaultKind::Drop => {
                record.lost = Some(text!(
                    "dropped on the link by the instructor's fault",
                    "scartata sul collegamento dal guasto dell'insegnante"
                ));
            }
            FaultKind::Duplicate => {
                let mut copy = record.clone();
                copy.place = Place::Flying(Leg {
                    arrive: leg.arrive + Duration::from_millis(1),
                    ..leg
                });
                let copy_id = CardId(self.next_card);
                self.next_card = self.next_card.wrapping_add(1);
                self.cards.insert(copy_id, copy);
                self.emit(EventKind::CardDuplicated {
                    card: id,
                    copy: copy_id,
                });
            }
            FaultKind::Reorder => {
                record.place = Place::Held {
                    leg,
                    until: self.now + HOLD_AT_MOST,
                };
                self.held.push((fault.target, id));
                self.emit(EventKind::CardHeld { card: id });
            }
            _ => {}
        }
    }

    /// The card `id` just entered the link `from` → `to` and arrives at `arrive`: held
    /// cards of the same target leave right behind it, so it overtakes them.
    pub(super) fn release_held_by(
        &mut self,
        id: CardId,
        from: NodeId,
        to: NodeId,
        arrive: crate::time::Instant,
    ) {
        let mut i = 0;
        while let Some((target, held)) = self.held.get(i).cloned() {
            if held != id && self.on_target(&target, from, to) {
                self.held.remove(i);
                if let Some(r) = self.cards.get_mut(&held)
                    && let Place::Held { leg, .. } = r.place
                {
                    r.place = Place::Flying(Leg {
                        depart: self.now,
                        arrive: arrive + Duration::from_millis(1),
                        ..leg
                    });
                }
            } else {
                i += 1;
            }
        }
    }

    /// A held card nobody overtook goes on after all.
    pub(super) fn release(&mut self, id: CardId) {
        self.held.retain(|(_, h)| *h != id);
        let delay = self.settings.link_delay;
        let now = self.now;
        if let Some(r) = self.cards.get_mut(&id)
            && let Place::Held { leg, .. } = r.place
        {
            r.place = Place::Flying(Leg {
                depart: now,
                arrive: now + delay,
                ..leg
            });
        }
    }

    /// The built-in attacker of round 4: a forged RST that does *not* match, again after a
    /// while if it was lost, until the team saw one ignored.
    pub(super) fn attack(&mut self, team: usize) {
        self.attacks.remove(&team);
        if !self.attacker || self.current_goal(team) != Some(crate::score::Goal::ForgedRst) {
            return;
        }
        self.inject(Fault {
            kind: FaultKind::ForgedRst { matching: false },
            target: FaultTarget::Team(team),
        });
        let retry = self.settings.link_delay.saturating_mul(4) + self.think().saturating_mul(2);
        self.attacks
            .insert(team, self.now + retry + Duration::from_secs(1));
    }

    /// Whether `ep` is the server end of a connection of team `team`.
    pub(super) fn is_server_of(&self, team: usize, ep: Endpoint) -> bool {
        self.teams.get(team).is_some_and(|t| {
            self.node(t.server).is_some_and(|n| n.addr == ep.addr)
                && t.server_ports.contains(&ep.port)
        })
    }
}

/// What a fault did reads in Italian too, with the same ports and numbers.
#[cfg(test)]
mod tests {
    use crate::fault::FaultKind;
    use crate::scenario::Scenario;
    use crate::text::twin_with_same_numbers;
    use crate::time::Instant;
    use crate::world::World;
    use crate::world::fixtures::effect_of;

    /// Seed 000, round 4 (RFC 5961 §3.2) and round 3 (RFC 9293 §3.10.7.1).
    #[test]
    fn fault_effects_have_their_italian_twin_rfc5961_3_2() {
        let mut w = World::new(&Scenario::original()).expect("the shipped scenario builds");
        let none = effect_of(&mut w, FaultKind::ForgedRst { matching: false });
        assert_eq!(
            none.it.as_deref(),
            Some("nessuna connessione stabilita da attaccare: non è stato falsificato niente")
        );
        // Once Red's handshake is done, the forged RST names the connection it hits.
        let alice = w.teams().first().and_then(|t| t.clients.first().copied());
        let alice = alice.expect("Red has a client");
        while let Some(t) = w.next_due() {
            let established = w
                .connections(alice)
                .iter()
                .any(|c| c.state == crate::tcp::State::Established);
            if established || t > Instant::from_secs(60) {
                break;
            }
            w.advance(t);
        }
        let forged = effect_of(&mut w, FaultKind::ForgedRst { matching: true });
        assert!(
            forged
                .en
                .starts_with("a RST claiming to come from 10.0.1.1:23"),
            "{forged}"
        );
        assert!(twin_with_same_numbers(&forged), "{forged:?}");
        // RFC 5927 §4.1: the forged ICMP quotes a guess, and the connection lives on.
        let icmp = effect_of(&mut w, FaultKind::ForgedIcmp { code: 3 });
        assert!(
            icmp.en
                .starts_with("a forged ICMP destination unreachable (code 3) about 10.0.1.2:"),
            "{icmp}"
        );
        assert!(icmp.en.ends_with("so the host ignores it"), "{icmp}");
        assert!(twin_with_same_numbers(&icmp), "{icmp:?}");
        let later = w.now() + crate::time::Duration::from_secs(30);
        while let Some(t) = w.next_due().filter(|&t| t <= later) {
            w.advance(t);
        }
        assert!(
            w.connections(alice)
                .iter()
                .any(|c| c.state == crate::tcp::State::Established),
            "the forged ICMP changed nothing"
        );
        let waiting = effect_of(&mut w, FaultKind::Drop);
        assert!(twin_with_same_numbers(&waiting), "{waiting:?}");
        let closed = effect_of(&mut w, FaultKind::ServerPortClosed);
        assert_eq!(closed.en, "the server stopped listening on port 23");
        assert_eq!(
            closed.it.as_deref(),
            Some("il server ha smesso di ascoltare sulla porta 23")
        );
    }
}
