//! A person's actions (game design §3): checked against the current state without changing
//! it, then carried out — seats, cards written and refereed, router choices, routes edited,
//! hints.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::addr::Ipv4Addr;
use crate::card::{Card, RouterChoice};
use crate::check::{self, Verdict};
use crate::host::Host;
use crate::route::{Forwarding, NextHop, Route, Router};
use crate::segment::TcpSegment;
use crate::text::{Text, text};
use crate::wire::{IpMeta, Packet};

use super::World;
use super::event::{Action, ActionError, EventKind, MistakeNote, RouteEdit};
use super::flight::Place;
use super::routing::{dest_unreachable, time_exceeded};
use super::topology::{CardId, NodeId, Role, Seat};
use crate::route::{BACKBONE_IFACE, LAN_IFACE};

impl World {
    pub(super) fn validate(&self, action: &Action) -> Result<(), ActionError> {
        let node_of = |id: NodeId| {
            self.node(id).ok_or_else(|| {
                let n = id.0;
                ActionError::new(text!(
                    "there is no node {n} in this game",
                    "in questa partita non c'è nessun nodo {n}"
                ))
            })
        };
        match action {
            Action::SetSeat { node, .. } | Action::RequestHint { node } => {
                node_of(*node)?;
            }
            Action::WriteCard { node, .. } => {
                let n = node_of(*node)?;
                let name = &n.name;
                if !matches!(n.role, Role::Host { .. }) {
                    return Err(ActionError::new(text!(
                        "{name} is a router: a router does not write cards, it routes them",
                        "{name} è un router: un router non scrive carte, le instrada"
                    )));
                }
                human(n)?;
            }
            Action::RouteCard { node, card, .. } => {
                let n = node_of(*node)?;
                let name = &n.name;
                if !matches!(n.role, Role::Router { .. } | Role::Balancer { .. }) {
                    return Err(ActionError::new(text!(
                        "{name} is not a router: only routers and the balancer route cards",
                        "{name} non è un router: solo i router e il bilanciatore instradano le \
                         carte"
                    )));
                }
                human(n)?;
                if !self.inbox_ids(*node).contains(card) {
                    let c = card.0;
                    return Err(ActionError::new(text!(
                        "card {c} is not in the inbox of {name}",
                        "la carta {c} non è tra le carte arrivate a {name}"
                    )));
                }
            }
            Action::EditRoute { node, edit } => {
                let n = node_of(*node)?;
                let name = &n.name;
                let Role::Router { router, .. } = &n.role else {
                    return Err(ActionError::new(text!(
                        "{name} is not a router: only routers have a routing table",
                        "{name} non è un router: solo i router hanno una tabella di \
                         instradamento"
                    )));
                };
                match edit {
                    RouteEdit::Add(route) if route.iface >= router.interfaces.len() => {
                        let (iface, count) = (route.iface, router.interfaces.len());
                        return Err(ActionError::new(text!(
                            "{name} has no interface {iface}: it has {count}",
                            "{name} non ha l'interfaccia {iface}: ne ha {count}"
                        )));
                    }
                    // A next hop must be a neighbour: on the network of the interface the
                    // route sends cards out of, and not the router itself (RFC 1812
                    // §5.2.4.3 forwards to a gateway "on a directly connected network";
                    // RFC 1122 §3.3.1.1).
                    RouteEdit::Add(Route {
                        next_hop: NextHop::Gateway(gw),
                        iface,
                        ..
                    }) if router.owns(*gw)
                        || !router
                            .interfaces
                            .get(*iface)
                            .is_some_and(|i| i.prefix.contains(*gw)) =>
                    {
                        let nets: Vec<String> = router
                            .interfaces
                            .iter()
                            .map(|i| format!("{}", i.prefix))
                            .collect();
                        let nets = nets.join(", ");
                        return Err(ActionError::new(if router.owns(*gw) {
                            text!(
                                "{gw} is {name} itself: a route's gateway is the next router, \
                                 a neighbour",
                                "{gw} è {name} stesso: il gateway di una rotta è il prossimo \
                                 router, un vicino"
                            )
                        } else {
                            text!(
                                "{name} cannot reach the gateway {gw}: a next hop must be a \
                                 neighbour on a network {name} is attached to ({nets})",
                                "{name} non può raggiungere il gateway {gw}: il prossimo salto \
                                 deve essere un vicino su una rete a cui {name} è collegato \
                                 ({nets})"
                            )
                        }));
                    }
                    RouteEdit::Remove(prefix)
                        if !router.table.routes().iter().any(|r| r.prefix == *prefix) =>
                    {
                        return Err(ActionError::new(text!(
                            "{name} has no route for {prefix} to remove",
                            "{name} non ha nessuna rotta per {prefix} da rimuovere"
                        )));
                    }
                    _ => {}
                }
            }
            Action::InjectFault(fault) => self.validate_target(&fault.target)?,
        }
        Ok(())
    }

    pub(super) fn perform(&mut self, action: Action) {
        // A person's own move (only a person's seat writes or routes cards, and hints are
        // asked at a person's desk) makes their team one played by people in the race.
        if let Action::WriteCard { node, .. }
        | Action::RouteCard { node, .. }
        | Action::RequestHint { node } = &action
            && let Some(team) = self.node(*node).map(|n| n.team)
        {
            self.race.played(team);
        }
        match action {
            Action::SetSeat { node, seat } => self.set_seat(node, seat),
            Action::WriteCard { node, card } => self.write_card(node, &card),
            Action::RouteCard { node, card, choice } => self.route_card(node, card, &choice),
            Action::EditRoute { node, edit } => {
                if let Some(Role::Router { router, .. }) = self.node_mut(node).map(|n| &mut n.role)
                {
                    match &edit {
                        RouteEdit::Add(route) => router.table.add(*route),
                        RouteEdit::Remove(prefix) => {
                            router.table.remove(*prefix);
                        }
                    }
                }
                self.emit(EventKind::RouteChanged { node, edit });
            }
            Action::RequestHint { node } => self.hint(node),
            Action::InjectFault(fault) => self.inject(fault),
        }
    }

    pub(super) fn set_seat(&mut self, node: NodeId, seat: Seat) {
        let bot_at = (seat == Seat::Bot).then(|| self.now + self.think());
        let ids = self.inbox_ids(node);
        let is_router = self
            .node(node)
            .is_some_and(|n| matches!(n.role, Role::Router { .. } | Role::Balancer { .. }));
        for id in ids {
            if let Some(r) = self.cards.get_mut(&id) {
                if is_router {
                    if let Place::Inbox { bot_at: b, .. } = &mut r.place {
                        *b = bot_at;
                    }
                } else if seat == Seat::Bot {
                    // A bot's stack already read these cards; they leave the desk.
                    self.cards.remove(&id);
                }
            }
        }
        if let Some(n) = self.node_mut(node) {
            n.seat = seat;
            n.wake = None;
        }
        self.emit(EventKind::SeatChanged { node, seat });
        self.wake_bot(node);
        // The team's client bots step aside (or back in) when a person takes a client.
        if let Some(team) = self.node(node).map(|n| n.team) {
            let clients = self
                .teams
                .get(team)
                .map(|t| t.clients.clone())
                .unwrap_or_default();
            for c in clients {
                self.wake_bot(c);
            }
        }
    }

    /// A person's card: parsed, refereed, and sent (or returned in coach mode).
    pub(super) fn write_card(&mut self, node: NodeId, card: &Card) {
        let packet = match card.parse() {
            Ok(p) => p,
            Err(errors) => {
                let mistakes = errors
                    .iter()
                    .map(|e| MistakeNote {
                        field: String::from(e.field.label()),
                        expected: Text::same(String::new()),
                        got: Text::same(e.got.clone()),
                        why: e.text(),
                        rfc: String::new(),
                    })
                    .collect();
                self.reject(node, None, mistakes);
                return;
            }
        };
        if let Packet::Udp { .. } = packet {
            self.write_dns_card(node, packet);
            return;
        }
        let now = self.now;
        let Some(Role::Host { host, router, .. }) = self.node(node).map(|n| &n.role) else {
            return;
        };
        let router = *router;
        let result = check::check_host_card(host, &packet, now);
        let (verdict, after, sent): (Verdict, Option<Host>, Packet) = match result {
            Ok(hc) => {
                let meta = match &packet {
                    Packet::Tcp { meta, .. } => *meta,
                    Packet::Icmp { .. } | Packet::Udp { .. } | Packet::Ipip { .. } => {
                        IpMeta::default()
                    }
                };
                let sent = Packet::Tcp { meta, seg: hc.sent };
                (hc.verdict, Some(hc.after), sent)
            }
            Err(verdict) => (verdict, None, packet),
        };
        let mut verdict = verdict;
        if after.is_some()
            && let Packet::Tcp { seg, .. } = &sent
        {
            verdict.add_mistakes(self.round_mistakes(node, seg));
            verdict.add_mistakes(self.round_rule(node, seg));
        }
        self.send_refereed(node, router, sent, verdict, after);
    }

    /// The end of every person's card, TCP or DNS: in coach mode a card with a mistake, or
    /// one its host cannot take, goes back to the desk; otherwise the host takes the state
    /// the card leaves it in (when there is one), the card leaves for the router, and the
    /// verdict is shown with its mistakes counted.
    pub(super) fn send_refereed(
        &mut self,
        node: NodeId,
        router: NodeId,
        sent: Packet,
        verdict: Verdict,
        after: Option<Host>,
    ) {
        let ok = verdict.ok() && after.is_some();
        if self.coach() && !ok {
            self.reject(node, Some(sent), MistakeNote::all(&verdict));
            return;
        }
        if let Some(after) = after
            && let Some(Role::Host { host, .. }) = self.node_mut(node).map(|n| &mut n.role)
        {
            *host = after;
        }
        self.clear_answered(node, &sent);
        let card_id = self.send_new(node, router, sent, false, None);
        let mistakes = MistakeNote::all(&verdict);
        if !mistakes.is_empty() {
            self.mistake(node);
        }
        self.emit(EventKind::Verdict {
            node,
            card: card_id,
            mistakes,
            notes: verdict.notes,
        });
        self.drain_host(node);
    }

    /// Coach mode sends a card back; `packet` is the card as written, when it made one.
    pub(super) fn reject(
        &mut self,
        node: NodeId,
        packet: Option<Packet>,
        mistakes: Vec<MistakeNote<Text>>,
    ) {
        self.emit(EventKind::CardRejected {
            node,
            packet,
            mistakes,
        });
        self.mistake(node);
    }

    pub(super) fn mistake(&mut self, node: NodeId) {
        if let Some(team) = self.node(node).map(|n| n.team) {
            self.race.mistake(team);
            self.emit(EventKind::Mistake { team, node });
        }
    }

    /// A router player's choice for a card of its inbox.
    pub(super) fn route_card(&mut self, node: NodeId, id: CardId, choice: &RouterChoice) {
        if self.lb(node).is_some() {
            self.balancer_card(node, id, choice);
            return;
        }
        let Some(packet) = self.cards.get(&id).map(|r| r.packet.clone()) else {
            return;
        };
        let Some(Role::Router { router, .. }) = self.node(node).map(|n| &n.role) else {
            return;
        };
        let verdict = check::check_router_choice(router, &packet, choice, |a| self.host_exists(a));
        // Inside one LAN the card is switched, not routed: its TTL stays (Router::switches).
        let switched = router.switches(&packet).is_some();
        if self.coach_rejects(node, &verdict, None) {
            return;
        }
        self.announce(node, id, verdict);
        let mut forwarded = packet.clone();
        if !switched {
            forwarded.set_ttl(packet.ttl().saturating_sub(1));
        }
        match choice {
            RouterChoice::Deliver => {
                let decision = Forwarding::Deliver {
                    iface: LAN_IFACE,
                    to: packet.dst(),
                    packet: forwarded,
                };
                self.carry_out(node, id, decision);
            }
            RouterChoice::Forward { gateway } => {
                let decision = Forwarding::Forward {
                    iface: BACKBONE_IFACE,
                    gateway: *gateway,
                    packet: forwarded,
                };
                self.carry_out(node, id, decision);
            }
            RouterChoice::IcmpUnreachable { code } => {
                let code = *code;
                match self.icmp_about(node, &packet, dest_unreachable, code) {
                    Some(icmp) => {
                        let why = text!(
                            "the router answered destination unreachable (code {code})",
                            "il router ha risposto con destinazione irraggiungibile \
                             (codice {code})"
                        );
                        self.answer(node, id, icmp, why, "RFC 792");
                    }
                    None => self.discard_by_player(node, id),
                }
            }
            RouterChoice::IcmpTimeExceeded => {
                match self.icmp_about(node, &packet, time_exceeded, 0) {
                    Some(icmp) => {
                        let why = text!(
                            "the router answered time exceeded",
                            "il router ha risposto con tempo scaduto"
                        );
                        self.answer(node, id, icmp, why, "RFC 792");
                    }
                    None => self.discard_by_player(node, id),
                }
            }
            RouterChoice::Drop => self.discard_by_player(node, id),
            RouterChoice::Keep => self.keep(node, id, &packet),
            // A router has no tunnel to a backend; the referee said so, and in real mode
            // the card is lost as a router without the tunnel would lose it.
            RouterChoice::Encapsulate(_) => self.discard_by_player(node, id),
        }
    }

    /// Coach mode sends a router's or the balancer's wrong choice back to the desk
    /// (`true`: nothing more happens), with the card it would have made, if any.
    pub(super) fn coach_rejects(
        &mut self,
        node: NodeId,
        verdict: &Verdict,
        made: Option<Packet>,
    ) -> bool {
        let wrong = self.coach() && !verdict.ok();
        if wrong {
            self.reject(node, made, MistakeNote::all(verdict));
        }
        wrong
    }

    /// The verdict on a choice carried out for card `id`: shown, its mistakes counted.
    pub(super) fn announce(&mut self, node: NodeId, id: CardId, verdict: Verdict) {
        let mistakes = MistakeNote::all(&verdict);
        if !mistakes.is_empty() {
            self.mistake(node);
        }
        self.emit(EventKind::Verdict {
            node,
            card: id,
            mistakes,
            notes: verdict.notes,
        });
    }

    /// The router player threw the card away (or chose an ICMP error with no way back).
    pub(super) fn discard_by_player(&mut self, node: NodeId, id: CardId) {
        let why = text!(
            "the router player dropped the card",
            "chi gioca il router ha scartato la carta"
        );
        self.discard(node, id, why, "RFC 1812 §5.2.1");
    }

    /// The card the reference stack would write now, or the next move of the round.
    pub(super) fn hint(&mut self, node: NodeId) {
        let Some(n) = self.node(node) else { return };
        let team = n.team;
        let text = match &n.role {
            Role::Host { host, .. } => match (host.outbox().first(), host.udp_outbox().first()) {
                (Some(seg), _) => {
                    let (card, carta) = describe_segment(seg);
                    text!("write this card: {card}", "scrivi questa carta: {carta}")
                }
                // The DNS answer a person at the DNS server owes (RFC 1034 §4.3.2).
                (None, Some(answer)) => {
                    let card = answer.summary();
                    text!("write this card: {card}", "scrivi questa carta: {card}")
                }
                // Nothing the stack owes: the desk's task says what the round wants now
                // (open a connection, send what the application buffered, wait for an ACK
                // while Nagle holds the buffer, …), as the banner does.
                (None, None) => match self.task(node).filter(|t| t.round.is_some()) {
                    Some(task) => {
                        let now = &task.situation.en;
                        let ora = task.situation.it.as_deref().unwrap_or(now);
                        text!("nothing to answer; {now}", "niente a cui rispondere; {ora}")
                    }
                    None => text!(
                        "nothing to answer, and your team finished the race",
                        "niente a cui rispondere, e la tua squadra ha finito la gara"
                    ),
                },
            },
            Role::Balancer { .. } => self.balancer_hint(node),
            Role::Router { router, .. } => match self.inbox_ids(node).first() {
                Some(id) => match self.cards.get(id) {
                    Some(r) => router_hint(router, &r.packet, |a| self.host_exists(a)),
                    None => text!("your inbox is empty", "non ti è arrivata nessuna carta"),
                },
                None => text!(
                    "your inbox is empty: wait for a card",
                    "non ti è arrivata nessuna carta: aspettane una"
                ),
            },
        };
        self.race.hint(team);
        self.emit(EventKind::Hint { node, text });
    }
}

pub(super) fn human(n: &super::topology::Node) -> Result<(), ActionError> {
    if n.seat == Seat::Bot {
        let name = &n.name;
        return Err(ActionError::new(text!(
            "{name} is played by a bot: take the seat first",
            "{name} è giocato da un bot: prima prendi tu il posto"
        )));
    }
    Ok(())
}

/// A card written out for a hint: the fields a player copies, in English and in Italian.
pub(super) fn describe_segment(seg: &TcpSegment) -> (String, String) {
    let (src, dst, flags, seq) = (seg.src, seg.dst, seg.flags, seg.seq);
    let mut en = format!("from {src} to {dst}, flags {flags}, seq {seq}");
    let mut it = format!("da {src} a {dst}, flag {flags}, seq {seq}");
    if seg.flags.ack() {
        let ack = format!(", ack {}", seg.ack);
        en.push_str(&ack);
        it.push_str(&ack);
    }
    if !seg.payload.is_empty() {
        let data = String::from_utf8_lossy(&seg.payload);
        en.push_str(&format!(", data \"{data}\""));
        it.push_str(&format!(", dati \"{data}\""));
    }
    (en, it)
}

/// What a correct router would do with the first card of the inbox. The reasons of an ICMP
/// error or a drop are [`Router::forward`]'s, in English only (`route.rs` writes a `String`).
pub(super) fn router_hint(
    router: &Router,
    packet: &Packet,
    exists: impl Fn(Ipv4Addr) -> bool,
) -> Text {
    match router.forward(packet, exists, 0) {
        Forwarding::Deliver { to, .. } => text!(
            "deliver it on your LAN to {to}",
            "consegnala sulla tua LAN a {to}"
        ),
        Forwarding::Forward { gateway, .. } => text!(
            "forward it to the router {gateway}",
            "inoltrala al router {gateway}"
        ),
        Forwarding::ForMe { .. } => text!(
            "it is addressed to you: keep it, and your own TCP answers (nothing listens on a \
             router, so a TCP card gets a RST)",
            "è indirizzata a te: tienila, e risponde il tuo TCP (su un router nessuno è in \
             ascolto, quindi una carta TCP riceve un RST)"
        ),
        Forwarding::Reply { reason, rfc, .. } => text!("answer with ICMP: ", "rispondi con ICMP: ")
            .then(reason)
            .then(text!(" ({rfc})", " ({rfc})")),
        Forwarding::Discard { reason, rfc } => text!("drop it: ", "scartala: ")
            .then(reason)
            .then(text!(" ({rfc})", " ({rfc})")),
    }
}

#[cfg(test)]
/// A student playing in Italian reads the engine's sentences in Italian, with the
/// numbers of the English.
#[cfg(test)]
mod tests {
    use super::super::routing::RFC_FORWARD;
    use super::*;
    use crate::scenario::Scenario;
    use crate::text::twin_with_same_numbers;
    use crate::time::Instant;
    use crate::world::fixtures::{alice_card, hint, red_alone};
    use crate::world::{Event, Seat};
    use alloc::string::ToString;
    use alloc::vec;

    /// Red alone, coach mode, ISN 0: Alice and the telnet server.
    fn red_lan() -> World {
        red_alone(
            r#""handshake", "data""#,
            "referee = \"coach\"\nlink_delay = 0.5",
        )
    }

    /// Waits for a card on `node`'s desk.
    fn wait_for_card(w: &mut World, node: NodeId) {
        while w.inbox(node).is_empty() {
            let t = w.next_due().expect("something is due");
            assert!(t < Instant::from_secs(60), "no card came");
            w.advance(t);
        }
    }

    /// In the buffering round, while "h" is unacknowledged and "e" waits, a hint says to
    /// wait for the ACK (Nagle's algorithm, RFC 896), not the round's whole goal; once the
    /// ACK came, it names the card that carries everything buffered.
    #[test]
    fn a_hint_in_the_buffering_round_says_wait_then_send_the_buffer_rfc896() {
        let mut w = red_alone(r#""handshake", "nagle""#, "link_delay = 2.5");
        let alice = crate::world::fixtures::seat_alice(&mut w);
        let write = |w: &mut World, card| {
            w.act(Action::WriteCard { node: alice, card }, w.now())
                .expect("written");
        };
        write(&mut w, alice_card((true, false), "0", "", ""));
        wait_for_card(&mut w, alice);
        write(&mut w, alice_card((false, true), "1", "1", ""));
        let until = |w: &mut World, done: &dyn Fn(&World) -> bool| {
            while !done(w) {
                let t = w.next_due().expect("something is due");
                assert!(t < Instant::from_secs(120), "never happened");
                w.advance(t);
            }
        };
        until(&mut w, &|w| w.send_buffer(alice).is_some());
        write(&mut w, alice_card((false, true), "1", "1", "h"));
        until(&mut w, &|w| {
            w.send_buffer(alice).is_some_and(|b| b.buffered() == "e")
        });
        let waiting = hint(&mut w, alice);
        assert!(
            waiting.en.starts_with("nothing to answer; ")
                && waiting.en.contains("Nagle's algorithm holds small cards"),
            "{}",
            waiting.en
        );
        until(&mut w, &|w| {
            w.send_buffer(alice).is_some_and(|b| b.in_flight == 0)
        });
        let send = hint(&mut w, alice);
        assert!(
            send.en
                .starts_with("nothing to answer; your move: send \"ello\""),
            "{}",
            send.en
        );
    }

    #[test]
    fn refusal_hints_and_verdict_have_their_italian_twin_rfc9293_3_4() {
        let mut w = red_lan();
        let alice = w.node_by_name("Alice").expect("Alice");
        let refused = w
            .act(
                Action::WriteCard {
                    node: alice,
                    card: alice_card((true, false), "0", "", ""),
                },
                Instant::ZERO,
            )
            .expect_err("a bot's seat");
        assert_eq!(
            refused.message,
            "Alice is played by a bot: take the seat first"
        );
        assert_eq!(
            refused.it.as_deref(),
            Some("Alice è giocato da un bot: prima prendi tu il posto")
        );
        assert_eq!(refused.text().to_string(), refused.message);
        w.act(
            Action::SetSeat {
                node: alice,
                seat: Seat::Human,
            },
            Instant::ZERO,
        )
        .expect("seat");
        // Nothing to answer yet: the hint says the desk's task — open the connection — in
        // Italian too.
        let first = hint(&mut w, alice);
        let task = w.task(alice).expect("a task").situation;
        assert_eq!(first.en, alloc::format!("nothing to answer; {}", task.en));
        assert!(
            first.en.contains("your move: open the connection"),
            "{}",
            first.en
        );
        assert_eq!(
            first.it,
            Some(alloc::format!(
                "niente a cui rispondere; {}",
                task.it.as_deref().expect("Italian")
            ))
        );
        w.act(
            Action::WriteCard {
                node: alice,
                card: alice_card((true, false), "0", "", ""),
            },
            Instant::ZERO,
        )
        .expect("the SYN goes out");
        wait_for_card(&mut w, alice);
        // RFC 9293 §3.4: the SYN+ACK (seq 0) is acknowledged with ack 1.
        let written = hint(&mut w, alice);
        assert_eq!(
            written.en,
            "write this card: from 10.0.1.2:40000 to 10.0.1.1:23, flags ACK, seq 1, ack 1"
        );
        assert_eq!(
            written.it.as_deref(),
            Some("scrivi questa carta: da 10.0.1.2:40000 a 10.0.1.1:23, flag ACK, seq 1, ack 1")
        );
        let wrong = w
            .act(
                Action::WriteCard {
                    node: alice,
                    card: alice_card((false, true), "1", "5", ""),
                },
                w.now(),
            )
            .expect("refereed");
        let mistakes = wrong
            .iter()
            .find_map(|e| match &e.kind {
                EventKind::CardRejected { mistakes, .. } => Some(mistakes.clone()),
                _ => None,
            })
            .expect("coach mode returns the card");
        let ack = mistakes.iter().find(|m| m.field == "ack").expect("ack");
        assert!(ack.why.en.starts_with("ack should be 1:"), "{}", ack.why);
        assert!(
            ack.why
                .it
                .as_deref()
                .is_some_and(|it| it.starts_with("ack deve essere 1:")),
            "{:?}",
            ack.why
        );
        // The ladder keeps the note in both languages.
        let ladder = w.ladders();
        let noted = ladder
            .iter()
            .flat_map(|l| l.entries.iter())
            .flat_map(|e| e.mistakes.iter())
            .find(|m| m.field == "ack")
            .expect("the returned card is on the ladder");
        assert_eq!(noted.why, ack.why);
    }

    /// RFC 1812 §5.2.1: every forwarding decision the engine writes itself (deliver,
    /// forward, keep) reads in Italian too, with the same addresses and TTL.
    #[test]
    fn router_decisions_have_their_italian_twin_rfc1812_5_2_1() {
        let mut w = World::new(&Scenario::original()).expect("the shipped scenario builds");
        while let Some(t) = w.next_due() {
            if t > Instant::from_secs(120) {
                break;
            }
            w.advance(t);
        }
        let decisions: vec::Vec<&Event> = w
            .log()
            .iter()
            .filter(
                |e| matches!(&e.kind, EventKind::RouterDecision { rfc, .. } if rfc == RFC_FORWARD),
            )
            .collect();
        assert!(decisions.len() > 10, "{} decisions", decisions.len());
        for e in decisions {
            if let EventKind::RouterDecision { decision, .. } = &e.kind {
                assert!(twin_with_same_numbers(decision), "{decision:?}");
            }
        }
    }
}
