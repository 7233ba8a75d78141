//! The referee. For a card a player wants to send, it works out what a real stack would
//! send in that player's situation and compares them box by box, explaining each
//! difference in one sentence with its rule (DESIGN.md §3, "Validation with teaching
//! feedback"). It never guesses the rules itself: the expected segment comes from a copy
//! of the player's own [`Host`], and the expected routing decision from [`Router::forward`].
//! Each sentence is written in English and Italian right where its rule decides, from the
//! same numbers ([`crate::text`]); only a correct router's own reason, which `route.rs`
//! writes, is English alone.
//!
//! How the expected segment is found, by the card's [`Intent`]:
//! - A segment the stack already wants to send (in `host.outbox()`: SYN+ACK, the ACK of
//!   data or of a FIN, a RST for a closed port, a retransmission) is the answer whenever
//!   one with the same intent is pending for that peer.
//! - Otherwise Open, Data, Close and Abort are user calls (`connect`, `send`, `close`,
//!   `abort`) tried on a clone of the host; what the clone queues is the answer.
//! - Otherwise (OpenReply, Ack, or a user call that does not fit) any segment pending for
//!   that peer is the answer — the card probably has a wrong flag — and if nothing is
//!   pending, the card is impossible here and the verdict says why.
//!
//! What `HostCheck::after` means when the card has mistakes (real mode sends it as
//! written): `after` is the player's host *as if the correct segment had been sent*. The
//! player's intent took effect in their own stack; only what they wrote on the wire is
//! wrong, like a sloppy network card. The peer reacts to the card actually sent (`sent`),
//! and the host recovers as real TCP does — its retransmission timer resends the correct
//! segment if the peer ignored the wrong one. This keeps `after` a state a real stack can
//! be in, which a host built from the wrong numbers would not be.

use alloc::boxed::Box;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;
use core::cmp::Reverse;

use crate::addr::{Endpoint, Ipv4Addr};
use crate::card::{Field, Intent, RouterChoice, intent_of};
use crate::host::{ConnId, ConnView, Host, HostError};
use crate::route::{Forwarding, NextHop, Router};
use crate::segment::{TcpFlags, TcpSegment};
use crate::seq::SeqNumber;
use crate::sums::sum_words;
use crate::tcp::{IssMode, State};
use crate::text::{Text, text};
use crate::time::Instant;
use crate::wire::{IcmpMessage, Packet};

/// One box of a card that differs from what a real stack would write.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Mistake {
    pub field: Field,
    /// What the card should say and what it says, in both languages (values read the
    /// same in both, see [`Text::same`]).
    pub expected: Text,
    pub got: Text,
    /// One plain sentence a student understands, with the numbers that matter, in English
    /// and Italian (see [`crate::text`]).
    pub why: Text,
    /// The rule: an RFC section or a seed transcript.
    pub rfc: &'static str,
}

/// The referee's answer for one card or one routing decision.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Verdict {
    /// What the card was read as meaning (for a routing decision: the intent of the
    /// routed card, or `IcmpError` when that card is an ICMP message).
    pub intent: Intent,
    pub mistakes: Vec<Mistake>,
    /// Where the rules allow more than one right card, what this one chose and which real
    /// stacks send which (e.g. RST with or without ACK on an abort): said even when the
    /// card is right, so a class learns there is more than one answer.
    pub notes: Vec<Text>,
}

impl Verdict {
    pub fn ok(&self) -> bool {
        self.mistakes.is_empty()
    }

    /// Adds mistakes found after the rules (the round's); a card with any mistake keeps no
    /// note, since the notes describe which right card it was.
    pub fn add_mistakes(&mut self, more: impl IntoIterator<Item = Mistake>) {
        self.mistakes.extend(more);
        if !self.mistakes.is_empty() {
            self.notes.clear();
        }
    }

    fn impossible(intent: Intent, mistake: Mistake) -> Verdict {
        Verdict {
            intent,
            mistakes: vec![mistake],
            notes: Vec::new(),
        }
    }
}

/// The result of checking a card that makes sense in the player's situation.
#[derive(Clone, Debug)]
pub struct HostCheck {
    pub verdict: Verdict,
    /// The player's host after sending the correct segment (see the module docs). Its
    /// outbox holds what the stack still owes, oldest first: what was queued before, minus
    /// the segment this card stands for.
    pub after: Host,
    /// The player's card as a segment: what goes on the wire in real mode.
    pub sent: TcpSegment,
    /// What a real stack would have sent instead (the hint, and the card of coach mode).
    pub expected: TcpSegment,
}

/// Where the expected segment came from, with the clone it left behind.
struct Expectation {
    segment: TcpSegment,
    after: Host,
    pending: Vec<TcpSegment>,
}

/// Checks a TCP card a host player wants to send now, when everything their stack wants
/// to send is in `host.outbox()`. `Err` means the card's intent is impossible in this
/// situation (data before the handshake, nothing to acknowledge, a port already in use…),
/// with the reason as the verdict's only mistake.
pub fn check_host_card(host: &Host, card: &Packet, now: Instant) -> Result<HostCheck, Verdict> {
    let (meta, seg) = match card {
        Packet::Tcp { meta, seg } => (meta, seg),
        Packet::Icmp { msg, .. } => {
            return Err(Verdict::impossible(
                Intent::IcmpError,
                Mistake {
                    field: Field::IcmpType,
                    expected: text!("a TCP card", "una carta TCP"),
                    got: {
                        let t = msg.icmp_type();
                        text!("ICMP type {t}", "ICMP di tipo {t}")
                    },
                    why: text!(
                        "a host answers a TCP card with TCP: a port where nothing listens \
                         refuses with a RST. Hosts do send some ICMP errors (port unreachable \
                         for UDP, RFC 1122 §3.2.2.1), but not for TCP, and in this game only \
                         the routers write ICMP cards",
                        "un host risponde a una carta TCP con TCP: una porta dove nessuno è in \
                         ascolto rifiuta con un RST. Anche gli host mandano alcuni errori ICMP \
                         (porta irraggiungibile per UDP, RFC 1122 §3.2.2.1), ma non per TCP, e \
                         in questo gioco le carte ICMP le scrivono solo i router"
                    ),
                    rfc: "RFC 9293 §3.10.7.1",
                },
            ));
        }
    };
    let intent = intent_of(seg);
    let queued: Vec<TcpSegment> = host.outbox().to_vec();
    let exp =
        expect(host, &queued, seg, intent, now).map_err(|m| Verdict::impossible(intent, *m))?;
    // Explanations use the connection as it was before this card (for a new connection,
    // as the clone created it).
    let view = host
        .find(exp.segment.src, exp.segment.dst)
        .and_then(|id| host.connection(id))
        .or_else(|| {
            exp.after
                .find(exp.segment.src, exp.segment.dst)
                .and_then(|id| exp.after.connection(id))
        });
    let reset = Reset::of(host, &exp.segment);
    let mut notes = Vec::new();
    let mut expected = exp.segment.clone();
    if reset == Some(Reset::Abort) && seg.flags.rst() {
        abort_variant(&mut expected, seg, view.as_ref(), &mut notes);
    }
    let e = &expected;
    let ctx = Context {
        host,
        view: view.as_ref(),
        reset,
    };
    let mut mistakes = Vec::new();
    ctx.compare_addresses(e, seg, &mut mistakes);
    ctx.compare_flags(e, seg, &mut mistakes);
    ctx.compare_numbers(e, seg, &mut mistakes);
    compare_data(e, seg, &mut mistakes);
    if mistakes.is_empty() {
        notes.extend(alternatives(host, view.as_ref(), seg));
    }
    // RFC 791 §3.1: a datagram whose TTL is 0 must be destroyed. Any other TTL is fine:
    // the game teaches the TTL through routers, not through hosts' defaults.
    if meta.ttl == 0 {
        mistakes.push(Mistake {
            field: Field::Ttl,
            expected: text!("1 to 255 (64 is usual)", "da 1 a 255 (di solito 64)"),
            got: Text::same("0"),
            why: text!(
                "TTL 0 means the packet is already dead: the first router throws it away",
                "TTL 0 vuol dire che il pacchetto è già morto: il primo router lo butta via"
            ),
            rfc: "RFC 791 §3.1",
        });
    }
    // The window is never compared: cards have no window box, and any advertised window
    // is legal (RFC 9293 §3.8.6), so a difference there is never the player's mistake.
    let mut after = exp.after;
    after.requeue(exp.pending);
    Ok(HostCheck {
        verdict: {
            let mut verdict = Verdict {
                intent,
                mistakes: Vec::new(),
                notes,
            };
            verdict.add_mistakes(mistakes);
            verdict
        },
        after,
        sent: seg.clone(),
        expected,
    })
}

/// Finds the segment a real stack would send for this card; `Err` explains why nothing
/// fits (boxed: a mistake in two languages is large, and the `Ok` path is the common one).
fn expect(
    host: &Host,
    queued: &[TcpSegment],
    seg: &TcpSegment,
    intent: Intent,
    now: Instant,
) -> Result<Expectation, Box<Mistake>> {
    let pending =
        |want| best_pending(queued, seg, want).and_then(|i| from_pending(host, queued, i));
    if let Some(exp) = pending(Some(intent)) {
        return Ok(exp);
    }
    // A SYN+ACK when the stack owes this peer another answer (a RST from a port where
    // nothing listens, RFC 9293 §3.10.7.1) is a wrong answer to that card, never an open.
    if intent == Intent::OpenReply
        && let Some(exp) = pending(None)
    {
        return Ok(exp);
    }
    let local = Endpoint::new(host.addr(), seg.src.port);
    let user_call = match intent {
        Intent::Open => Some(open(host, queued, seg, now)),
        Intent::Data | Intent::Close | Intent::Abort => {
            find_conn(host, local, seg.dst).map(|conn| call(host, queued, conn, seg, intent, now))
        }
        // A SYN+ACK that answers nothing, from a port that could open a connection, is
        // most likely a SYN with a stray ACK tick: compare it with that SYN.
        Intent::OpenReply => open(host, queued, seg, now).ok().map(Ok),
        Intent::Ack | Intent::IcmpError => None,
    };
    match user_call {
        Some(Ok(exp)) => Ok(exp),
        Some(Err(why)) => pending(None).ok_or(why),
        None => pending(None)
            .ok_or_else(|| Box::new(nothing_to_send(host, local, seg.dst, intent, seg))),
    }
}

/// The pending segment this card most likely is: one to the same peer (address, or both
/// ports), scoring address, then destination port, then source port; the oldest wins a
/// tie, since a stack transmits in order.
fn best_pending(outbox: &[TcpSegment], seg: &TcpSegment, want: Option<Intent>) -> Option<usize> {
    outbox
        .iter()
        .enumerate()
        .filter(|(_, p)| want.is_none_or(|w| intent_of(p) == w))
        .filter_map(|(i, p)| {
            let addr = p.dst.addr == seg.dst.addr;
            let dst_port = p.dst.port == seg.dst.port;
            let src_port = p.src.port == seg.src.port;
            if !(addr || (dst_port && src_port)) {
                return None;
            }
            let score = 4 * u8::from(addr) + 2 * u8::from(dst_port) + u8::from(src_port);
            Some(((score, Reverse(i)), i))
        })
        .max_by_key(|(key, _)| *key)
        .map(|(_, i)| i)
}

/// A segment the stack queued earlier, as it goes out now: a stack writes the newest
/// RCV.NXT in the ack of every segment (RFC 9293 §3.4, §3.10.7.4 fifth step), so one ACK
/// covers every in-order byte received so far (RFC 1122 §4.2.3.2) and answers the ACKs
/// queued for earlier segments of the same connection, which leave the outbox with it.
fn from_pending(host: &Host, queued: &[TcpSegment], index: usize) -> Option<Expectation> {
    let mut after = host.clone();
    after.take_outbox();
    let mut pending = queued.to_vec();
    let mut segment = (index < pending.len()).then(|| pending.remove(index))?;
    if segment.flags.ack()
        && let Some(view) = host
            .find(segment.src, segment.dst)
            .and_then(|id| host.connection(id))
    {
        segment.ack = view.rcv_nxt;
        pending.retain(|p| !(is_pure_ack(p) && p.src == segment.src && p.dst == segment.dst));
    }
    Some(Expectation {
        segment,
        after,
        pending,
    })
}

/// The connection this card belongs to: the exact four-tuple, or else the only
/// connection with that peer address (the player got a port wrong, which the comparison
/// will point out).
fn find_conn(host: &Host, local: Endpoint, remote: Endpoint) -> Option<ConnId> {
    host.find(local, remote).or_else(|| {
        let same_peer: Vec<ConnView> = host
            .connections()
            .into_iter()
            .filter(|c| c.remote.addr == remote.addr)
            .collect();
        match same_peer.as_slice() {
            [only] => Some(only.id),
            _ => None,
        }
    })
}

/// Active OPEN on a clone, from the card's source port (the player picks it; any free
/// one is right).
fn open(
    host: &Host,
    queued: &[TcpSegment],
    seg: &TcpSegment,
    now: Instant,
) -> Result<Expectation, Box<Mistake>> {
    let port = seg.src.port;
    if port == 0 {
        return Err(Box::new(Mistake {
            field: Field::SrcPort,
            expected: text!(
                "any free port from 1 to 65535, e.g. 40000",
                "una porta libera qualsiasi da 1 a 65535, per esempio 40000"
            ),
            got: Text::same("0"),
            why: text!(
                "port 0 is reserved and never used on the wire: pick another source port",
                "la porta 0 è riservata e non si usa mai sulla rete: scegli un'altra porta \
                 sorgente"
            ),
            rfc: "RFC 6335 §6",
        }));
    }
    let mut after = host.clone();
    after.take_outbox();
    match after.connect(port, seg.dst, now) {
        Ok(_) => take_new(after, queued, |_| true).ok_or_else(|| {
            Box::new(Mistake {
                field: Field::Flags,
                expected: no_card(),
                got: flags_text(seg.flags),
                why: text!(
                    "your host would not send a SYN for this connection now",
                    "adesso il tuo host non manderebbe un SYN per questa connessione"
                ),
                rfc: "RFC 9293 §3.10.1",
            })
        }),
        Err(_) => {
            let user = host
                .connections()
                .into_iter()
                .find(|c| c.local.port == port && c.remote == seg.dst);
            let why = match user {
                Some(c) => {
                    let (remote, state) = (c.remote, c.state);
                    text!(
                        "source port {port} is already used by your connection to {remote} \
                         ({state}): pick another source port for a new connection",
                        "la porta sorgente {port} è già usata dalla tua connessione verso \
                         {remote} ({state}): per una nuova connessione scegli un'altra porta \
                         sorgente"
                    )
                }
                None => text!(
                    "source port {port} is already in use on this host (a server listens on \
                     it): pick another source port",
                    "la porta sorgente {port} è già in uso su questo host (c'è un server in \
                     ascolto): scegli un'altra porta sorgente"
                ),
            };
            Err(Box::new(Mistake {
                field: Field::SrcPort,
                expected: text!("a free port", "una porta libera"),
                got: Text::same(port.to_string()),
                why,
                rfc: "RFC 9293 §3.3.2",
            }))
        }
    }
}

/// SEND, CLOSE or ABORT on a clone of the host.
fn call(
    host: &Host,
    queued: &[TcpSegment],
    conn: ConnId,
    seg: &TcpSegment,
    intent: Intent,
    now: Instant,
) -> Result<Expectation, Box<Mistake>> {
    let mut after = host.clone();
    after.take_outbox();
    let view = host.connection(conn);
    let result = match intent {
        Intent::Data => after.send(conn, &seg.payload, now).map(|_| ()),
        Intent::Close if !seg.payload.is_empty() => after
            .send(conn, &seg.payload, now)
            .and_then(|_| after.close(conn, now)),
        Intent::Close => after.close(conn, now),
        _ => after.abort(conn, now),
    };
    if let Err(e) = result {
        return Err(Box::new(refused(e, intent)));
    }
    let Some(view) = view else {
        return Err(Box::new(refused(HostError::NoSuchConnection(conn), intent)));
    };
    let (local, remote) = (view.local, view.remote);
    let exp = take_new(after, queued, |s| s.src == local && s.dst == remote);
    exp.ok_or_else(|| {
        let state = view.state;
        let why = match intent {
            Intent::Abort => text!(
                "in {state} the other side has no connection yet, so there is nothing to \
                 reset: your host just forgets the attempt",
                "in {state} l'altro lato non ha ancora una connessione, quindi non c'è niente \
                 da azzerare: il tuo host lascia semplicemente perdere il tentativo"
            ),
            _ => text!(
                "in {state} your host would send nothing for this card right now",
                "in {state} adesso il tuo host non manderebbe niente per questa carta"
            ),
        };
        let rfc = match intent {
            Intent::Data => "RFC 9293 §3.10.2",
            Intent::Close => "RFC 9293 §3.10.4",
            _ => "RFC 9293 §3.10.5",
        };
        Box::new(Mistake {
            field: Field::Flags,
            expected: no_card(),
            got: flags_text(seg.flags),
            why,
            rfc,
        })
    })
}

/// The segments a user call on the drained clone queued that match `mine`, merged into
/// one card (data and FIN written together go on one card); what was already `queued`
/// stays pending, except pure ACKs of the same connection, since the new card carries the
/// newest ack ("piggybacked", RFC 9293 §3.10.7.4).
fn take_new(
    mut after: Host,
    queued: &[TcpSegment],
    mine: impl Fn(&TcpSegment) -> bool,
) -> Option<Expectation> {
    let mut merged: Option<TcpSegment> = None;
    let mut pending = Vec::new();
    for s in after.take_outbox() {
        if mine(&s) {
            merged = Some(match merged {
                None => s,
                Some(mut m) => {
                    m.flags = m.flags | s.flags;
                    m.ack = s.ack;
                    m.payload.extend_from_slice(&s.payload);
                    m
                }
            });
        } else {
            pending.push(s);
        }
    }
    let segment = merged?;
    let superseded =
        |p: &TcpSegment| is_pure_ack(p) && p.src == segment.src && p.dst == segment.dst;
    let pending = queued
        .iter()
        .filter(|p| !superseded(p))
        .cloned()
        .chain(pending)
        .collect();
    Some(Expectation {
        segment,
        after,
        pending,
    })
}

/// The other right cards a correct stack could have sent instead of this right one, for
/// the verdict's notes: one ACK for several cards, and the goodbye in three or four cards.
fn alternatives(host: &Host, view: Option<&ConnView>, seg: &TcpSegment) -> Vec<Text> {
    let mut notes = Vec::new();
    let owed = host
        .outbox()
        .iter()
        .filter(|p| is_pure_ack(p) && p.src == seg.src && p.dst == seg.dst)
        .count();
    if seg.flags.ack() && owed >= 2 {
        let ack = seg.ack;
        notes.push(text!(
            "one ACK answers all {owed} cards that were waiting: ack {ack} covers every byte \
             received in order (RFC 1122 §4.2.3.2). An ACK for each card as it arrives is right \
             too; Linux often waits a moment (delayed ACK) and sends just one",
            "un solo ACK risponde a tutte le {owed} carte che aspettavano: ack {ack} copre ogni \
             byte ricevuto in ordine (RFC 1122 §4.2.3.2). Anche un ACK per ogni carta appena \
             arriva va bene; Linux spesso aspetta un attimo (ACK ritardato) e ne manda uno solo"
        ));
    }
    let Some(v) = view.filter(|v| v.state == State::CloseWait) else {
        return notes;
    };
    if seg.flags.fin() {
        notes.push(text!(
            "your FIN carries the ACK of theirs: a goodbye in three cards (FIN, FIN+ACK, ACK), \
             as a stack sends when its application closes at once. ACK now and your FIN later \
             is right too (RFC 9293 §3.6)",
            "il tuo FIN porta l'ACK del loro: un saluto in tre carte (FIN, FIN+ACK, ACK), come \
             manda uno stack quando la sua applicazione chiude subito. Anche ACK adesso e il tuo \
             FIN più tardi va bene (RFC 9293 §3.6)"
        ));
    } else if is_pure_ack(seg) && seg.ack == v.rcv_nxt && owed >= 1 {
        notes.push(text!(
            "ACK now, and your FIN when your side has finished: the goodbye in four cards. A \
             FIN+ACK in one card is right too (RFC 9293 §3.6)",
            "ACK adesso, e il tuo FIN quando il tuo lato ha finito: il saluto in quattro carte. \
             Anche un FIN+ACK in una carta sola va bene (RFC 9293 §3.6)"
        ));
    }
    notes
}

/// An ACK with nothing else in it: what a newer card of the same connection makes unneeded.
fn is_pure_ack(p: &TcpSegment) -> bool {
    p.flags.without(TcpFlags::PSH) == TcpFlags::ACK && p.payload.is_empty()
}

/// Why the stack sends a RST, which decides the rule that explains it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reset {
    /// The user aborts a connection: `<SEQ=SND.NXT><CTL=RST>` (RFC 9293 §3.10.5).
    Abort,
    /// A card reached a port where nothing listens (RFC 9293 §3.10.7.1).
    ClosedPort,
    /// A card other than a SYN reached a listening port with no connection (§3.10.7.2).
    Listen,
    /// In SYN-SENT, their card acknowledged something our SYN never sent (§3.10.7.3).
    SynSent,
    /// A synchronizing connection got an ACK of something never sent (§3.10.7.4).
    Unacceptable,
}

impl Reset {
    /// The kind of the RST `e` that `host` owes, or `None` when `e` is no RST.
    fn of(host: &Host, e: &TcpSegment) -> Option<Reset> {
        if !e.flags.rst() {
            return None;
        }
        let conn = host.find(e.src, e.dst).and_then(|id| host.connection(id));
        Some(match conn {
            Some(v) if v.state == State::SynSent => Reset::SynSent,
            Some(v) if v.snd_nxt == e.seq => Reset::Abort,
            Some(_) => Reset::Unacceptable,
            None if host.is_listening(e.src.port) => Reset::Listen,
            None => Reset::ClosedPort,
        })
    }

    fn rfc(self) -> &'static str {
        match self {
            Reset::Abort => "RFC 9293 §3.10.5",
            Reset::ClosedPort => "RFC 9293 §3.10.7.1",
            Reset::Listen => "RFC 9293 §3.10.7.2",
            Reset::SynSent => "RFC 9293 §3.10.7.3",
            Reset::Unacceptable => "RFC 9293 §3.10.7.4",
        }
    }
}

/// An abort may go out as a bare RST, as RFC 9293 §3.10.5 writes it, or as RST+ACK, as
/// Linux and Windows send it; the receiver checks only the seq (RFC 5961 §3.2), so both
/// are right. With the ACK bit on, the ack is RCV.NXT like on every other card. The
/// expected card follows the player's choice, and a note says who sends which.
fn abort_variant(
    expected: &mut TcpSegment,
    seg: &TcpSegment,
    view: Option<&ConnView>,
    notes: &mut Vec<Text>,
) {
    let Some(v) = view else { return };
    if seg.flags.ack() {
        let ack = v.rcv_nxt;
        expected.flags = expected.flags | TcpFlags::ACK;
        expected.ack = ack;
        notes.push(text!(
            "RST+ACK (ack {ack}) is how Linux and Windows abort; RFC 9293 §3.10.5 writes a bare \
             RST. Both are right: the other side checks only the seq (RFC 5961 §3.2)",
            "RST+ACK (ack {ack}) è come interrompono Linux e Windows; la RFC 9293 §3.10.5 scrive \
             un RST semplice. Vanno bene entrambi: l'altro lato controlla solo il seq (RFC 5961 \
             §3.2)"
        ));
    } else {
        expected.flags = expected.flags.without(TcpFlags::ACK);
        notes.push(text!(
            "a bare RST, as RFC 9293 §3.10.5 writes the abort; Linux and Windows add ACK, with \
             ack = the next byte you expect from the other side. Both are right: the other \
             side checks only the seq (RFC 5961 §3.2)",
            "un RST semplice, come la RFC 9293 §3.10.5 scrive l'interruzione; Linux e Windows \
             aggiungono ACK, con ack = il prossimo byte che ti aspetti dall'altro lato. Vanno \
             bene entrambi: l'altro lato controlla solo il seq (RFC 5961 §3.2)"
        ));
    }
}

/// A user call the host refused, in the player's words.
fn refused(e: HostError, intent: Intent) -> Mistake {
    let (field, why, rfc) = match (e, intent) {
        (HostError::NotConnected { state }, _) => {
            let (what, cosa) = (intent.describe(), intent.describe_it());
            (
                Field::Flags,
                text!(
                    "you can only {what} on an ESTABLISHED connection; this one is {state}",
                    "puoi {cosa} solo su una connessione ESTABLISHED; questa è in {state}"
                ),
                "RFC 9293 §3.10.2",
            )
        }
        (HostError::Closing { state }, Intent::Data) => (
            Field::Data,
            text!(
                "you already closed your side with FIN (the connection is {state}): no more \
                 data can be sent",
                "hai già chiuso il tuo lato con FIN (la connessione è in {state}): non si \
                 possono più inviare dati"
            ),
            "RFC 9293 §3.10.2",
        ),
        (HostError::Closing { state }, _) => (
            Field::Flags,
            text!(
                "you already sent your FIN (the connection is {state}): one FIN per side",
                "hai già mandato il tuo FIN (la connessione è in {state}): un solo FIN per lato"
            ),
            "RFC 9293 §3.10.4",
        ),
        // Only a connection that vanished gets here (the host's own English sentence):
        // `call` looks the connection up first, so no student meets it.
        (other, _) => (
            Field::Flags,
            Text::from(other.to_string()),
            "RFC 9293 §3.10",
        ),
    };
    Mistake {
        field,
        expected: text!("a different card", "una carta diversa"),
        got: Text::new(intent.describe().into(), intent.describe_it().into()),
        why,
        rfc,
    }
}

/// Nothing pending and no user call fits: say what is missing.
fn nothing_to_send(
    host: &Host,
    local: Endpoint,
    remote: Endpoint,
    intent: Intent,
    seg: &TcpSegment,
) -> Mistake {
    let conn = find_conn(host, local, remote).and_then(|id| host.connection(id));
    let port = local.port;
    if seg.flags.without(TcpFlags::PSH) == TcpFlags::NONE {
        return Mistake {
            field: Field::Flags,
            expected: text!(
                "a flag that says what the card does (SYN, ACK, FIN or RST)",
                "un flag che dica cosa fa la carta (SYN, ACK, FIN o RST)"
            ),
            got: flags_text(seg.flags),
            why: text!(
                "a card with no flag means nothing to TCP: before a connection exists only a \
                 SYN opens one, and on a connection a card without ACK is thrown away",
                "una carta senza flag per TCP non vuol dire niente: prima che una connessione \
                 esista solo un SYN ne apre una, e su una connessione una carta senza ACK viene \
                 buttata via"
            ),
            rfc: "RFC 9293 §3.10.7.4",
        };
    }
    let (why, rfc) = match (intent, conn) {
        (Intent::Ack, Some(c)) => {
            let state = c.state;
            (
                text!(
                    "there is nothing to acknowledge: no card arrived on this connection \
                     ({state}) since your last ACK",
                    "non c'è niente da confermare: su questa connessione ({state}) non è \
                     arrivata nessuna carta dal tuo ultimo ACK"
                ),
                "RFC 9293 §3.10.7.4",
            )
        }
        (Intent::OpenReply, Some(c)) => {
            let (peer, state) = (c.remote, c.state);
            (
                text!(
                    "there is no SYN to answer: your connection with {peer} is already {state}",
                    "non c'è nessun SYN a cui rispondere: la tua connessione con {peer} è già \
                     in {state}"
                ),
                "RFC 9293 §3.5",
            )
        }
        (Intent::OpenReply, None) => (
            text!(
                "there is no SYN to answer: nobody at {remote} asked to open a connection to \
                 your port {port}",
                "non c'è nessun SYN a cui rispondere: nessuno da {remote} ha chiesto di aprire \
                 una connessione verso la tua porta {port}"
            ),
            "RFC 9293 §3.5",
        ),
        (_, None) => (
            text!(
                "you have no connection from port {port} to {remote}: open one with a SYN first",
                "non hai nessuna connessione dalla porta {port} verso {remote}: prima aprine una \
                 con un SYN"
            ),
            "RFC 9293 §3.5",
        ),
        (_, Some(c)) => {
            let (peer, state) = (c.remote, c.state);
            (
                text!(
                    "your connection with {peer} is {state}: there is nothing to send for this \
                     card",
                    "la tua connessione con {peer} è in {state}: non c'è niente da inviare per \
                     questa carta"
                ),
                "RFC 9293 §3.10",
            )
        }
    };
    Mistake {
        field: Field::Flags,
        expected: no_card(),
        got: flags_text(seg.flags),
        why,
        rfc,
    }
}

/// What the explanations need to know about the player's situation.
struct Context<'a> {
    host: &'a Host,
    view: Option<&'a ConnView>,
    /// Why the expected card is a RST, if it is one.
    reset: Option<Reset>,
}

/// The flags a referee compares. PSH is left out on purpose: it only asks the receiver to
/// deliver promptly, and a receiver may ignore it (RFC 1122 §4.2.2.2), so a card with or
/// without PSH behaves the same.
const COMPARED_FLAGS: [(TcpFlags, &str); 4] = [
    (TcpFlags::SYN, "SYN"),
    (TcpFlags::ACK, "ACK"),
    (TcpFlags::FIN, "FIN"),
    (TcpFlags::RST, "RST"),
];

/// "SYN+ACK" as the card shows flags, the same in both languages; no flag at all is a word.
fn flags_text(flags: TcpFlags) -> Text {
    if flags == TcpFlags::NONE {
        text!("no flag", "nessun flag")
    } else {
        Text::same(flags.words())
    }
}

/// What a player should have written when the host would send nothing now.
fn no_card() -> Text {
    text!("no card", "nessuna carta")
}

impl Context<'_> {
    fn compare_addresses(&self, e: &TcpSegment, s: &TcpSegment, out: &mut Vec<Mistake>) {
        let me = self.host.addr();
        if s.src.addr != me {
            out.push(Mistake {
                field: Field::SrcIp,
                expected: Text::same(me.to_string()),
                got: Text::same(s.src.addr.to_string()),
                why: text!(
                    "source IP must be your own address {me}",
                    "l'IP sorgente deve essere il tuo indirizzo, {me}"
                ),
                rfc: "RFC 791 §3.1",
            });
        }
        let (dst, src_port, dst_port) = (e.dst.addr, e.src.port, e.dst.port);
        if s.dst.addr != dst {
            out.push(Mistake {
                field: Field::DstIp,
                expected: Text::same(dst.to_string()),
                got: Text::same(s.dst.addr.to_string()),
                why: text!(
                    "destination IP should be {dst}: the host at the other end of this connection",
                    "l'IP destinazione deve essere {dst}: l'host all'altro capo di questa \
                     connessione"
                ),
                rfc: "RFC 791 §3.1",
            });
        }
        if s.src.port != src_port {
            out.push(Mistake {
                field: Field::SrcPort,
                expected: Text::same(src_port.to_string()),
                got: Text::same(s.src.port.to_string()),
                why: text!(
                    "source port should be {src_port}: a connection is known by both addresses \
                     and both ports, and your side of this one is port {src_port}",
                    "la porta sorgente deve essere {src_port}: una connessione si riconosce da \
                     entrambi gli indirizzi e da entrambe le porte, e il tuo lato di questa è la \
                     porta {src_port}"
                ),
                rfc: "RFC 9293 §3.3.2",
            });
        }
        if s.dst.port != dst_port {
            out.push(Mistake {
                field: Field::DstPort,
                expected: Text::same(dst_port.to_string()),
                got: Text::same(s.dst.port.to_string()),
                why: text!(
                    "destination port should be {dst_port}: the port the other side uses on this \
                     connection (copy it from the source port of their card)",
                    "la porta destinazione deve essere {dst_port}: la porta che l'altro lato usa \
                     su questa connessione (copiala dalla porta sorgente della sua carta)"
                ),
                rfc: "RFC 9293 §3.3.2",
            });
        }
    }

    /// One mistake per flag that is missing or extra, each with its reason.
    fn compare_flags(&self, e: &TcpSegment, s: &TcpSegment, out: &mut Vec<Mistake>) {
        for (flag, name) in COMPARED_FLAGS {
            let (want, have) = (e.flags.contains(flag), s.flags.contains(flag));
            if want == have {
                continue;
            }
            let (why, rfc) = self.flag_reason(e, name, want);
            out.push(Mistake {
                field: Field::Flags,
                expected: flags_text(e.flags.without(TcpFlags::PSH)),
                got: flags_text(s.flags.without(TcpFlags::PSH)),
                why,
                rfc,
            });
        }
    }

    /// Why flag `name` should be on (`want`) or off on the expected card `e`.
    fn flag_reason(&self, e: &TcpSegment, name: &str, want: bool) -> (Text, &'static str) {
        let port = e.src.port;
        if let Some(reset) = self.reset {
            let rfc = reset.rfc();
            // The number a reply RST takes from the card it answers: their ack.
            let their_ack = e.seq;
            match (name, want, reset) {
                ("RST", true, Reset::ClosedPort) => {
                    return (
                        text!(
                            "RST flag missing: nothing listens on port {port} of your host, so \
                             the card is refused with a RST (connection refused)",
                            "manca il flag RST: sulla porta {port} del tuo host nessuno è in \
                             ascolto, quindi la carta viene rifiutata con un RST (connessione \
                             rifiutata)"
                        ),
                        rfc,
                    );
                }
                ("RST", true, Reset::Listen) => {
                    return (
                        text!(
                            "RST flag missing: port {port} listens, but a card with ACK can only \
                             belong to a connection, and there is none: answer with RST, seq = \
                             their ack ({their_ack})",
                            "manca il flag RST: la porta {port} è in ascolto, ma una carta con ACK \
                             può appartenere solo a una connessione, e non ce n'è nessuna: \
                             rispondi con RST, seq = il loro ack ({their_ack})"
                        ),
                        rfc,
                    );
                }
                ("RST", true, Reset::SynSent) => {
                    let ok = self.view.map_or(SeqNumber(0), |v| v.snd_nxt);
                    return (
                        text!(
                            "RST flag missing: their card acknowledges {their_ack}, a number your \
                             SYN never sent (only ack {ok} is acceptable): answer with RST seq \
                             {their_ack} to reset their side; your connection stays SYN-SENT \
                             and waits for a right answer",
                            "manca il flag RST: la loro carta conferma {their_ack}, un numero che \
                             il tuo SYN non ha mai inviato (solo ack {ok} è accettabile): \
                             rispondi con RST seq {their_ack} per azzerare il loro lato; la tua \
                             connessione resta in SYN-SENT e aspetta una risposta giusta"
                        ),
                        rfc,
                    );
                }
                ("RST", true, Reset::Unacceptable) => {
                    return (
                        text!(
                            "RST flag missing: their card acknowledges {their_ack}, which you \
                             never sent: answer with RST seq {their_ack}",
                            "manca il flag RST: la loro carta conferma {their_ack}, che tu non hai \
                             mai inviato: rispondi con RST seq {their_ack}"
                        ),
                        rfc,
                    );
                }
                ("ACK", false, _) => {
                    return (
                        text!(
                            "ACK flag must be off: their card carried ACK, so the RST takes their \
                             ack ({their_ack}) as its seq and carries no ACK itself",
                            "il flag ACK deve essere spento: la loro carta portava ACK, quindi il \
                             RST prende il loro ack ({their_ack}) come seq e non porta ACK"
                        ),
                        rfc,
                    );
                }
                ("ACK", true, Reset::ClosedPort) => {
                    return (
                        text!(
                            "ACK flag missing: their card carried no ACK, so the RST that refuses \
                             it acknowledges it: RST+ACK, seq 0",
                            "manca il flag ACK: la loro carta non portava ACK, quindi il RST che \
                             la rifiuta la conferma: RST+ACK, seq 0"
                        ),
                        rfc,
                    );
                }
                ("SYN", false, Reset::ClosedPort) => {
                    return (
                        text!(
                            "SYN flag must be off: nothing listens on port {port} of your host, \
                             so there is no connection to accept: a closed port refuses the SYN \
                             with RST+ACK",
                            "il flag SYN deve essere spento: sulla porta {port} del tuo host \
                             nessuno è in ascolto, quindi non c'è nessuna connessione da \
                             accettare: una porta chiusa rifiuta il SYN con RST+ACK"
                        ),
                        rfc,
                    );
                }
                ("SYN" | "FIN", false, _) => {
                    return (
                        text!(
                            "{name} flag must be off: this card is a RST, and a RST carries no \
                             SYN or FIN",
                            "il flag {name} deve essere spento: questa carta è un RST, e un RST \
                             non porta né SYN né FIN"
                        ),
                        rfc,
                    );
                }
                _ => {}
            }
        }
        let (en, it, rfc) = match (name, want) {
            ("ACK", true) if e.flags.syn() => (
                "ACK flag missing: the answer to a SYN is SYN+ACK, which acknowledges \
                 their SYN",
                "manca il flag ACK: la risposta a un SYN è SYN+ACK, che conferma il SYN \
                 dell'altro lato",
                "RFC 9293 §3.5",
            ),
            ("ACK", true) => (
                "ACK flag missing: after the handshake every card carries ACK",
                "manca il flag ACK: dopo l'handshake ogni carta porta ACK",
                "RFC 9293 §3.10.7.4",
            ),
            ("ACK", false) => (
                "ACK flag must be off on the first SYN: there is nothing to acknowledge yet",
                "il flag ACK deve essere spento sul primo SYN: non c'è ancora niente da \
                 confermare",
                "RFC 9293 §3.5",
            ),
            ("SYN", true) if e.flags.ack() => (
                "SYN flag missing: the answer to a SYN is SYN+ACK, which also sends your \
                 own first sequence number",
                "manca il flag SYN: la risposta a un SYN è SYN+ACK, che manda anche il tuo \
                 primo numero di sequenza",
                "RFC 9293 §3.5",
            ),
            ("SYN", true) => (
                "SYN flag missing: a connection opens with a SYN",
                "manca il flag SYN: una connessione si apre con un SYN",
                "RFC 9293 §3.5",
            ),
            ("SYN", false) => (
                "SYN flag must be off: SYN is only on the first card of each side",
                "il flag SYN deve essere spento: SYN c'è solo sulla prima carta di ciascun \
                 lato",
                "RFC 9293 §3.5",
            ),
            ("FIN", true) => (
                "FIN flag missing: you close your side by sending FIN",
                "manca il flag FIN: chiudi il tuo lato mandando FIN",
                "RFC 9293 §3.6",
            ),
            ("FIN", false) => (
                "FIN flag must be off: FIN means you have nothing more to send; tick it \
                 only to close",
                "il flag FIN deve essere spento: FIN vuol dire che non hai più niente da \
                 inviare; spuntalo solo per chiudere",
                "RFC 9293 §3.6",
            ),
            ("RST", true) => (
                "RST flag missing: to abort a connection you send RST",
                "manca il flag RST: per interrompere una connessione si manda RST",
                "RFC 9293 §3.10.5",
            ),
            _ => (
                "RST flag must be off: RST tears the connection down",
                "il flag RST deve essere spento: RST abbatte la connessione",
                "RFC 9293 §3.5.2",
            ),
        };
        (Text::new(en.into(), it.into()), rfc)
    }

    fn compare_numbers(&self, e: &TcpSegment, s: &TcpSegment, out: &mut Vec<Mistake>) {
        if s.seq != e.seq {
            let (why, rfc) = self.explain_seq(e);
            out.push(Mistake {
                field: Field::Seq,
                expected: Text::same(e.seq.to_string()),
                got: Text::same(s.seq.to_string()),
                why,
                rfc,
            });
        }
        // The ack box only matters with the ACK flag (RFC 9293 §3.1). A player who forgot
        // the flag and left the box empty already has the flag mistake.
        let blank_without_flag = !s.flags.ack() && s.ack.0 == 0;
        if e.flags.ack() && s.ack != e.ack && !blank_without_flag {
            let (why, rfc) = self.explain_ack(e);
            out.push(Mistake {
                field: Field::Ack,
                expected: Text::same(e.ack.to_string()),
                got: Text::same(s.ack.to_string()),
                why,
                rfc,
            });
        }
    }

    fn explain_seq(&self, e: &TcpSegment) -> (Text, &'static str) {
        let s = e.seq;
        if e.flags.syn() {
            let (isn, isn_it) = match self.host.config().iss {
                IssMode::Zero => (
                    "0 in this game".to_string(),
                    "0 in questo gioco".to_string(),
                ),
                IssMode::Seeded(_) => (
                    format!("{s}, which your host picked at random"),
                    format!("{s}, che il tuo host ha scelto a caso"),
                ),
            };
            return (
                text!(
                    "seq should be {s}: a SYN carries your initial sequence number (ISN), {isn}",
                    "seq deve essere {s}: un SYN porta il tuo numero di sequenza iniziale (ISN), \
                     {isn_it}"
                ),
                "RFC 9293 §3.4.1",
            );
        }
        // A RST that is not an abort is a reply built from the card it answers.
        if let Some(reset) = self.reset.filter(|r| *r != Reset::Abort) {
            let rfc = reset.rfc();
            return if e.flags.ack() {
                (
                    text!(
                        "seq should be 0: a RST answering a card without ACK uses seq 0",
                        "seq deve essere 0: un RST che risponde a una carta senza ACK usa seq 0"
                    ),
                    rfc,
                )
            } else {
                (
                    text!(
                        "seq should be {s}: a RST takes its seq from the ack number of the card \
                         it answers",
                        "seq deve essere {s}: un RST prende il suo seq dal numero di ack della \
                         carta a cui risponde"
                    ),
                    rfc,
                )
            };
        }
        let Some(v) = self.view else {
            return (
                text!(
                    "seq should be {s}: your host has sent nothing on this connection yet",
                    "seq deve essere {s}: il tuo host non ha ancora inviato niente su questa \
                     connessione"
                ),
                "RFC 9293 §3.4",
            );
        };
        // Every number the sum below adds, from what this side really sent: its ISN, one
        // for its SYN, its data bytes, and one for its FIN only when `s` comes after it.
        let iss = v.iss;
        let fin_sent = matches!(
            v.state,
            State::FinWait1 | State::FinWait2 | State::Closing | State::TimeWait | State::LastAck
        );
        let fin = u32::from(fin_sent && s == v.snd_nxt);
        let bytes = (s - (iss + 1u32)).wrapping_sub(fin);
        let (count, conta) = sum_words(
            ("your ISN was", "il tuo ISN era"),
            iss,
            ("your SYN", "il tuo SYN"),
            bytes,
            fin == 1,
            ("your FIN", "il tuo FIN"),
        );
        if e.flags.rst() {
            (
                text!(
                    "seq should be {s}: a RST must carry exactly your next sequence number or \
                     the other side ignores it as forged: {count}",
                    "seq deve essere {s}: un RST deve portare esattamente il tuo prossimo numero \
                     di sequenza, altrimenti l'altro lato lo ignora come falsificato: {conta}"
                ),
                "RFC 5961 §3.2",
            )
        } else {
            (
                text!(
                    "seq should be {s}: it continues where your last card ended: {count}",
                    "seq deve essere {s}: riprende da dove è finita la tua ultima carta: {conta}"
                ),
                "RFC 9293 §3.4",
            )
        }
    }

    fn explain_ack(&self, e: &TcpSegment) -> (Text, &'static str) {
        let a = e.ack;
        // A RST that carries ACK and is not an abort answers a card that had none.
        let reply = self.reset.is_some_and(|r| r != Reset::Abort);
        let Some(v) = self.view.filter(|_| !reply) else {
            let rfc = self.reset.map_or("RFC 9293 §3.10.7.1", Reset::rfc);
            return (
                text!(
                    "ack should be {a}: a RST answering a card without ACK acknowledges it: \
                     their seq plus its length, a SYN counting as one",
                    "ack deve essere {a}: un RST che risponde a una carta senza ACK la conferma: \
                     il suo seq più la sua lunghezza, e un SYN conta uno"
                ),
                rfc,
            );
        };
        let irs = v.irs;
        if a == irs + 1u32 {
            return (
                text!(
                    "ack should be {a}: their SYN had seq {irs} and a SYN counts as one",
                    "ack deve essere {a}: il SYN dell'altro lato aveva seq {irs} e un SYN conta \
                     uno"
                ),
                "RFC 9293 §3.4",
            );
        }
        // Their FIN is counted only when the expected ack covers it (it is the last number
        // received, RCV.NXT − 1, once the connection has seen it).
        let fin_received = matches!(
            v.state,
            State::CloseWait | State::Closing | State::LastAck | State::TimeWait
        );
        let fin = u32::from(fin_received && a == v.rcv_nxt);
        let bytes = (a - (irs + 1u32)).wrapping_sub(fin);
        let (count, conta) = sum_words(
            ("their ISN", "il suo ISN"),
            irs,
            ("their SYN", "il suo SYN"),
            bytes,
            fin == 1,
            ("their FIN", "il suo FIN"),
        );
        (
            text!(
                "ack should be {a}: the next number you expect from them, every byte received \
                 in order: {count} (ack is their seq plus the length of their data, not their \
                 seq)",
                "ack deve essere {a}: il prossimo numero che ti aspetti dall'altro lato, ogni \
                 byte ricevuto in ordine: {conta} (ack è il suo seq più la lunghezza dei suoi \
                 dati, non il suo seq)"
            ),
            "RFC 9293 §3.4",
        )
    }
}

fn compare_data(e: &TcpSegment, s: &TcpSegment, out: &mut Vec<Mistake>) {
    if s.payload == e.payload {
        return;
    }
    let utf8 = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    let (why, rfc) = if e.payload.is_empty() {
        let (what, cosa) = match intent_of(e) {
            Intent::Open | Intent::OpenReply => (
                "a handshake card carries no data in this game",
                "una carta dell'handshake non porta dati in questo gioco",
            ),
            Intent::Abort => ("a RST carries no data", "un RST non porta dati"),
            _ => ("this card carries no data", "questa carta non porta dati"),
        };
        (
            text!(
                "data should be empty: {what}; send data on its own card",
                "i dati devono essere vuoti: {cosa}; manda i dati su una carta a parte"
            ),
            "seed 000",
        )
    } else {
        let data = utf8(&e.payload);
        (
            text!(
                "data should be \"{data}\": these are the bytes your host has to send now",
                "i dati devono essere \"{data}\": sono i byte che il tuo host deve inviare adesso"
            ),
            "RFC 9293 §3.10.2",
        )
    };
    out.push(Mistake {
        field: Field::Data,
        expected: Text::same(utf8(&e.payload)),
        got: Text::same(utf8(&s.payload)),
        why,
        rfc,
    });
}

/// The decision a correct router makes, as a router player would write it. A packet for
/// the router itself counts as "deliver" (to itself).
pub fn choice_for(forwarding: &Forwarding) -> RouterChoice {
    match forwarding {
        Forwarding::Deliver { .. } => RouterChoice::Deliver,
        Forwarding::ForMe { .. } => RouterChoice::Keep,
        Forwarding::Forward { gateway, .. } => RouterChoice::Forward { gateway: *gateway },
        Forwarding::Reply { icmp, .. } => match icmp {
            Packet::Icmp {
                msg: IcmpMessage::TimeExceeded { .. },
                ..
            } => RouterChoice::IcmpTimeExceeded,
            Packet::Icmp { msg, .. } => RouterChoice::IcmpUnreachable { code: msg.code() },
            Packet::Tcp { .. } => RouterChoice::Drop,
        },
        Forwarding::Discard { .. } => RouterChoice::Drop,
    }
}

/// Checks a router player's decision for one arriving packet against [`Router::forward`].
pub fn check_router_choice(
    router: &Router,
    packet: &Packet,
    choice: &RouterChoice,
    host_exists: impl Fn(Ipv4Addr) -> bool,
) -> Verdict {
    let intent = match packet {
        Packet::Tcp { seg, .. } => intent_of(seg),
        Packet::Icmp { .. } => Intent::IcmpError,
    };
    let forwarding = router.forward(packet, host_exists, 0);
    let correct = choice_for(&forwarding);
    if correct == *choice {
        return Verdict {
            intent,
            mistakes: Vec::new(),
            notes: Vec::new(),
        };
    }
    let dst = packet.dst();
    let switched = router.switches(packet).is_some();
    let (field, why, rfc): (Field, Text, &'static str) = match (&forwarding, choice) {
        (Forwarding::Deliver { .. }, _) if switched => {
            let (src, ttl) = (packet.src(), packet.ttl());
            (
                Field::Choice,
                text!(
                    "{src} and {dst} are both on your LAN: you hand the card over as a switch \
                     does, and its TTL stays {ttl}; only routing between networks decrements \
                     the TTL, so there is no time exceeded inside a LAN",
                    "{src} e {dst} sono entrambi sulla tua LAN: consegni la carta come fa uno \
                     switch, e il suo TTL resta {ttl}; solo l'instradamento tra reti diverse \
                     decrementa il TTL, quindi dentro una LAN non esiste il tempo scaduto"
                ),
                "RFC 1812 §5.3.1",
            )
        }
        (Forwarding::Forward { .. }, RouterChoice::Forward { .. }) => (
            Field::NextHop,
            route_reason(router, dst),
            "RFC 1812 §5.2.4.3",
        ),
        (Forwarding::Reply { .. }, RouterChoice::IcmpUnreachable { .. })
            if matches!(correct, RouterChoice::IcmpUnreachable { .. }) =>
        {
            let (reason, rfc) = reason_of(&forwarding);
            (Field::IcmpCode, reason, rfc)
        }
        (Forwarding::Deliver { .. } | Forwarding::Forward { .. }, _) => (
            Field::Choice,
            route_reason(router, dst),
            "RFC 1812 §5.2.4.3",
        ),
        (Forwarding::ForMe { .. }, _) => (
            Field::Choice,
            text!(
                "{dst} is your own address: the card is for you, keep it",
                "{dst} è il tuo indirizzo: la carta è per te, tienila"
            ),
            "RFC 1812 §5.2.1",
        ),
        _ => {
            let (reason, rfc) = reason_of(&forwarding);
            (Field::Choice, reason, rfc)
        }
    };
    Verdict {
        intent,
        mistakes: vec![Mistake {
            field,
            expected: correct.text(),
            got: choice.text(),
            why,
            rfc,
        }],
        notes: Vec::new(),
    }
}

/// "10.0.2.7 matches 10.0.2.0/24 via 192.168.0.2 — the longest prefix that matches wins".
fn route_reason(router: &Router, dst: Ipv4Addr) -> Text {
    let Some(route) = router.table.lookup(dst) else {
        return text!(
            "no line of your routing table matches {dst}",
            "nessuna riga della tua tabella di instradamento corrisponde a {dst}"
        );
    };
    let prefix = route.prefix;
    // The English names the route as the route prints itself ("… directly connected").
    let (then, route_it, poi) = match route.next_hop {
        NextHop::Direct => (
            "so you hand it to the host yourself".to_string(),
            format!("{prefix}, connessa direttamente"),
            "quindi la consegni tu all'host".to_string(),
        ),
        NextHop::Gateway(gw) => (
            format!("so it goes to the router {gw}"),
            format!("{prefix} via {gw}"),
            format!("quindi va al router {gw}"),
        ),
    };
    text!(
        "{dst} matches {route}, {then} — the longest prefix that matches wins",
        "{dst} corrisponde a {route_it}, {poi} — vince il prefisso più lungo che corrisponde"
    )
}

/// A correct router's own reason, from [`Router::forward`], in both languages as
/// `route.rs` writes it.
fn reason_of(forwarding: &Forwarding) -> (Text, &'static str) {
    match forwarding {
        Forwarding::Reply { reason, rfc, .. } | Forwarding::Discard { reason, rfc } => {
            (reason.clone(), rfc)
        }
        _ => (text!("", ""), "RFC 1812 §5.2.1"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::route::{Interface, Route};
    use crate::seq::SeqNumber;
    use crate::tcp::Config;
    use crate::text::twin_with_same_numbers;
    use crate::wire::IpMeta;

    const CLIENT: Ipv4Addr = Ipv4Addr::new(10, 0, 1, 2);
    const SERVER: Ipv4Addr = Ipv4Addr::new(10, 0, 1, 1);
    const T0: Instant = Instant::ZERO;
    const S: TcpFlags = TcpFlags::SYN;
    const A: TcpFlags = TcpFlags::ACK;
    const F: TcpFlags = TcpFlags::FIN;
    const R: TcpFlags = TcpFlags::RST;
    const P: TcpFlags = TcpFlags::PSH;

    fn c() -> Endpoint {
        Endpoint::new(CLIENT, 40000)
    }
    fn s() -> Endpoint {
        Endpoint::new(SERVER, 23)
    }

    fn card(
        from: Endpoint,
        to: Endpoint,
        flags: TcpFlags,
        seq: u32,
        ack: u32,
        data: &str,
    ) -> Packet {
        Packet::Tcp {
            meta: IpMeta::default(),
            seg: TcpSegment {
                src: from,
                dst: to,
                seq: SeqNumber(seq),
                ack: SeqNumber(ack),
                flags,
                window: 65535,
                payload: data.as_bytes().to_vec(),
            },
        }
    }

    /// The LAN of round 1 (seed 000): a client .2 and a telnet server .1 on port 23.
    fn lan(config: Config) -> (Host, Host) {
        let client = Host::new(CLIENT, config);
        let mut server = Host::new(SERVER, config);
        server.listen(23).unwrap();
        (client, server)
    }

    /// Checks a card that must be possible, sends it as written and returns the verdict.
    fn play(from: &mut Host, to: &mut Host, card: Packet) -> Verdict {
        let checked = check_host_card(from, &card, T0).expect("the card is possible here");
        *from = checked.after;
        to.on_segment(&checked.sent, T0);
        checked.verdict
    }

    fn established(config: Config) -> (Host, Host) {
        let (mut client, mut server) = lan(config);
        assert!(play(&mut client, &mut server, card(c(), s(), S, 0, 0, "")).ok());
        assert!(play(&mut server, &mut client, card(s(), c(), S | A, 0, 1, "")).ok());
        assert!(play(&mut client, &mut server, card(c(), s(), A, 1, 1, "")).ok());
        (client, server)
    }

    fn only(verdict: &Verdict) -> &Mistake {
        assert_eq!(verdict.mistakes.len(), 1, "{:#?}", verdict.mistakes);
        &verdict.mistakes[0]
    }

    /// Round 1, seed 000 / RFC 9293 §3.5: SYN, SYN+ACK, ACK written correctly give no
    /// mistake, and both hosts end up ESTABLISHED.
    #[test]
    fn correct_handshake_has_no_mistakes_rfc9293_3_5() {
        let (client, server) = established(Config::default());
        assert_eq!(client.connections()[0].state, State::Established);
        assert_eq!(server.connections()[0].state, State::Established);
    }

    /// Round 1: "ack should be 1: their SYN had seq 0 and a SYN counts as one" (RFC 9293
    /// §3.4).
    #[test]
    fn wrong_ack_on_syn_ack_rfc9293_3_4() {
        let (mut client, mut server) = lan(Config::default());
        play(&mut client, &mut server, card(c(), s(), S, 0, 0, ""));
        let checked = check_host_card(&server, &card(s(), c(), S | A, 0, 0, ""), T0).unwrap();
        let m = only(&checked.verdict);
        assert_eq!(
            (m.field, m.expected.en.as_str(), m.got.en.as_str()),
            (Field::Ack, "1", "0")
        );
        assert_eq!(
            m.why.en,
            "ack should be 1: their SYN had seq 0 and a SYN counts as one"
        );
        // An Italian student reads the same rule with the same numbers.
        assert_eq!(
            m.why.it.as_deref(),
            Some("ack deve essere 1: il SYN dell'altro lato aveva seq 0 e un SYN conta uno")
        );
        assert_eq!(m.rfc, "RFC 9293 §3.4");
        assert_eq!(checked.verdict.intent, Intent::OpenReply);
        assert!(checked.after.outbox().is_empty());
    }

    /// Round 1: answering a SYN with only SYN is a missing ACK flag, not a new connection.
    #[test]
    fn forgot_ack_flag_on_syn_ack_rfc9293_3_5() {
        let (mut client, mut server) = lan(Config::default());
        play(&mut client, &mut server, card(c(), s(), S, 0, 0, ""));
        let checked = check_host_card(&server, &card(s(), c(), S, 0, 1, ""), T0).unwrap();
        let m = only(&checked.verdict);
        assert_eq!(m.field, Field::Flags);
        assert_eq!(
            (m.expected.en.as_str(), m.got.en.as_str()),
            ("SYN+ACK", "SYN")
        );
        assert!(m.why.en.starts_with("ACK flag missing"), "{}", m.why);
        assert_eq!(m.rfc, "RFC 9293 §3.5");
    }

    /// Round 1: the first SYN has no ACK flag, and starts at the ISN (0 in the classroom
    /// setting, random in the real one: RFC 9293 §3.4.1).
    #[test]
    fn first_syn_rules_rfc9293_3_4_1() {
        let (client, _) = lan(Config::default());
        let checked = check_host_card(&client, &card(c(), s(), S | A, 5, 0, ""), T0).unwrap();
        let fields: Vec<Field> = checked.verdict.mistakes.iter().map(|m| m.field).collect();
        assert_eq!(fields, [Field::Flags, Field::Seq]);
        assert!(
            checked.verdict.mistakes[0]
                .why
                .en
                .contains("nothing to acknowledge yet")
        );
        assert!(
            checked.verdict.mistakes[1]
                .why
                .en
                .contains("0 in this game")
        );
        let random = Config {
            iss: IssMode::Seeded(7),
            ..Config::default()
        };
        let (client, _) = lan(random);
        let checked = check_host_card(&client, &card(c(), s(), S, 0, 0, ""), T0).unwrap();
        let m = only(&checked.verdict);
        assert_eq!(m.field, Field::Seq);
        assert!(m.why.en.contains(&checked.expected.seq.to_string()));
        assert!(m.why.en.contains("at random"), "{}", m.why);
        // The player's SYN went out with the wrong number, but their host is SYN-SENT with
        // its own ISN: the state a real stack is in.
        assert_eq!(checked.after.connections()[0].state, State::SynSent);
        assert_eq!(checked.sent.seq, SeqNumber(0));
    }

    /// Round 2, seed 001: "my name is Danilo" is 17 bytes, so the server's ack is
    /// 1 + 17 = 18, not the data's seq 1 (RFC 9293 §3.4).
    #[test]
    fn ack_is_seq_plus_len_not_seq_seed_001() {
        let (mut client, mut server) = established(Config::default());
        let data = card(c(), s(), P | A, 1, 1, "my name is Danilo");
        assert!(play(&mut client, &mut server, data).ok());
        let checked = check_host_card(&server, &card(s(), c(), A, 1, 1, ""), T0).unwrap();
        let m = only(&checked.verdict);
        assert_eq!(
            (m.field, m.expected.en.as_str(), m.got.en.as_str()),
            (Field::Ack, "18", "1")
        );
        assert!(m.why.en.starts_with("ack should be 18"), "{}", m.why);
        assert!(m.why.en.contains("+17 data bytes"), "{}", m.why);
        let right = check_host_card(&server, &card(s(), c(), A, 1, 18, ""), T0).unwrap();
        assert!(right.verdict.ok(), "{:?}", right.verdict.mistakes);
        assert_eq!(right.verdict.intent, Intent::Ack);
    }

    /// RFC 9293 §3.4: seq continues after the bytes already sent; PSH is never a mistake.
    #[test]
    fn second_data_card_continues_the_sequence_rfc9293_3_4() {
        let (mut client, mut server) = established(Config::default());
        play(
            &mut client,
            &mut server,
            card(c(), s(), A, 1, 1, "my name is Danilo"),
        );
        play(&mut server, &mut client, card(s(), c(), A, 1, 18, ""));
        let checked = check_host_card(&client, &card(c(), s(), A, 1, 1, "hi"), T0).unwrap();
        let m = only(&checked.verdict);
        assert_eq!((m.field, m.expected.en.as_str()), (Field::Seq, "18"));
        assert!(
            m.why
                .en
                .contains("your ISN was 0, +1 for your SYN, +17 data bytes"),
            "{}",
            m.why
        );
        // Real mode: the card goes out as written; the host still counts the 2 bytes.
        let view = checked.after.connections()[0].clone();
        assert_eq!(view.snd_nxt, SeqNumber(20));
        assert_eq!(checked.sent.seq, SeqNumber(1));
    }

    /// Round 2: data before the handshake is impossible (RFC 9293 §3.10.2).
    #[test]
    fn data_before_handshake_is_refused_rfc9293_3_10_2() {
        let (mut client, mut server) = lan(Config::default());
        play(&mut client, &mut server, card(c(), s(), S, 0, 0, ""));
        let verdict = check_host_card(&client, &card(c(), s(), P | A, 1, 1, "hi"), T0)
            .expect_err("data in SYN-SENT");
        let m = only(&verdict);
        assert_eq!(
            m.why.en,
            "you can only send data on an ESTABLISHED connection; this one is SYN-SENT"
        );
        assert_eq!(m.rfc, "RFC 9293 §3.10.2");
        let (client, _) = lan(Config::default());
        let verdict = check_host_card(&client, &card(c(), s(), P | A, 1, 1, "hi"), T0)
            .expect_err("no connection");
        assert!(only(&verdict).why.en.contains("open one with a SYN first"));
    }

    /// RFC 9293 §3.10.7.4: an ACK answers something; with nothing new, there is nothing to
    /// acknowledge.
    #[test]
    fn nothing_to_acknowledge_rfc9293_3_10_7_4() {
        let (client, _) = established(Config::default());
        let verdict = check_host_card(&client, &card(c(), s(), A, 1, 1, ""), T0)
            .expect_err("no card arrived");
        let m = only(&verdict);
        assert!(
            m.why.en.starts_with("there is nothing to acknowledge"),
            "{}",
            m.why
        );
        assert_eq!(verdict.intent, Intent::Ack);
    }

    /// Round 3 (seed 000) and RFC 9293 §3.10.7.1: a SYN to port 80 gets RST+ACK with seq 0
    /// and ack = their seq + 1; a RST without the ACK flag is a mistake.
    #[test]
    fn refused_connection_rst_rfc9293_3_10_7_1() {
        let (mut client, mut server) = lan(Config::default());
        let web = Endpoint::new(SERVER, 80);
        play(&mut client, &mut server, card(c(), web, S, 0, 0, ""));
        let right = check_host_card(&server, &card(web, c(), R | A, 0, 1, ""), T0).unwrap();
        assert!(right.verdict.ok(), "{:?}", right.verdict.mistakes);
        assert_eq!(right.verdict.intent, Intent::Abort);
        let wrong = check_host_card(&server, &card(web, c(), R, 0, 0, ""), T0).unwrap();
        let m = only(&wrong.verdict);
        assert_eq!(m.field, Field::Flags);
        assert!(
            m.why
                .en
                .starts_with("ACK flag missing: their card carried no ACK"),
            "{}",
            m.why
        );
        assert_eq!(m.rfc, "RFC 9293 §3.10.7.1");
        let bad_ack = check_host_card(&server, &card(web, c(), R | A, 0, 0, ""), T0).unwrap();
        let m = only(&bad_ack.verdict);
        assert_eq!((m.field, m.expected.en.as_str()), (Field::Ack, "1"));
    }

    /// Round 4: a RST must carry exactly SND.NXT or the peer ignores it (RFC 5961 §3.2).
    #[test]
    fn rst_with_wrong_seq_rfc5961_3_2() {
        let (mut client, mut server) = established(Config::default());
        play(
            &mut client,
            &mut server,
            card(c(), s(), P | A, 1, 1, "my name is Danilo"),
        );
        let checked = check_host_card(&client, &card(c(), s(), R, 1, 0, ""), T0).unwrap();
        let m = only(&checked.verdict);
        assert_eq!(
            (m.field, m.expected.en.as_str(), m.got.en.as_str()),
            (Field::Seq, "18", "1")
        );
        assert!(
            m.why.en.contains("forged") && m.why.en.contains("+17 data bytes"),
            "{}",
            m.why
        );
        assert_eq!(m.rfc, "RFC 5961 §3.2");
        assert!(
            checked.after.connections().is_empty(),
            "ABORT forgets the connection"
        );
    }

    /// Round 7 (seed 000, RFC 9293 §3.6): FIN without ACK is a missing ACK flag; the full
    /// FIN, ACK, FIN, ACK goodbye written correctly has no mistakes and ends in TIME-WAIT.
    #[test]
    fn goodbye_and_fin_without_ack_rfc9293_3_6() {
        let (mut client, mut server) = established(Config::default());
        let checked = check_host_card(&client, &card(c(), s(), F, 1, 0, ""), T0).unwrap();
        let m = only(&checked.verdict);
        assert_eq!(
            (m.field, m.expected.en.as_str(), m.got.en.as_str()),
            (Field::Flags, "ACK+FIN", "FIN")
        );
        assert!(
            m.why
                .en
                .starts_with("ACK flag missing: after the handshake"),
            "{}",
            m.why
        );
        assert!(play(&mut client, &mut server, card(c(), s(), F | A, 1, 1, "")).ok());
        assert!(play(&mut server, &mut client, card(s(), c(), A, 1, 2, "")).ok());
        assert!(play(&mut server, &mut client, card(s(), c(), F | A, 1, 2, "")).ok());
        let last = check_host_card(&client, &card(c(), s(), A, 2, 1, ""), T0).unwrap();
        let m = only(&last.verdict);
        assert_eq!((m.field, m.expected.en.as_str()), (Field::Ack, "2"));
        assert!(m.why.en.contains("+1 for their FIN"), "{}", m.why);
        assert!(play(&mut client, &mut server, card(c(), s(), A, 2, 2, "")).ok());
        assert_eq!(client.connections()[0].state, State::TimeWait);
        assert!(server.connections().is_empty());
    }

    /// Round 7, three-card variant: the FIN+ACK answering a FIN carries the pending ACK
    /// (piggybacked, RFC 9293 §3.10.7.4), which is then no longer pending.
    #[test]
    fn fin_ack_answers_a_fin_in_one_card_rfc9293_3_10_7_4() {
        let (mut client, mut server) = established(Config::default());
        play(&mut client, &mut server, card(c(), s(), F | A, 1, 1, ""));
        let checked = check_host_card(&server, &card(s(), c(), F | A, 1, 2, ""), T0).unwrap();
        assert!(checked.verdict.ok(), "{:?}", checked.verdict.mistakes);
        assert_eq!(checked.verdict.intent, Intent::Close);
        assert!(checked.after.outbox().is_empty());
        assert_eq!(checked.after.connections()[0].state, State::LastAck);
    }

    /// RFC 9293 §3.3.2: the four-tuple names the connection; a port already used by a
    /// connection cannot open another one to the same peer.
    #[test]
    fn busy_port_and_wrong_ports_rfc9293_3_3_2() {
        let (mut client, mut server) = lan(Config::default());
        play(&mut client, &mut server, card(c(), s(), S, 0, 0, ""));
        let verdict = check_host_card(
            &server,
            &card(s(), Endpoint::new(CLIENT, 40001), S | A, 0, 1, ""),
            T0,
        )
        .unwrap()
        .verdict;
        let m = only(&verdict);
        assert_eq!((m.field, m.expected.en.as_str()), (Field::DstPort, "40000"));
        let (client, _) = established(Config::default());
        let verdict =
            check_host_card(&client, &card(c(), s(), S, 0, 0, ""), T0).expect_err("port in use");
        let m = only(&verdict);
        assert_eq!(m.field, Field::SrcPort);
        assert!(m.why.en.contains("ESTABLISHED"), "{}", m.why);
    }

    /// RFC 791 §3.1: the source is the sender's own address; TTL 0 is dead. Seed 000: no
    /// data on the handshake.
    #[test]
    fn address_ttl_and_data_rfc791_3_1() {
        let (client, _) = lan(Config::default());
        let mut bad = card(Endpoint::new(SERVER, 40000), s(), S, 0, 0, "hello");
        bad.set_ttl(0);
        let checked = check_host_card(&client, &bad, T0).unwrap();
        let fields: Vec<Field> = checked.verdict.mistakes.iter().map(|m| m.field).collect();
        assert_eq!(fields, [Field::SrcIp, Field::Data, Field::Ttl]);
        assert_eq!(
            checked.verdict.mistakes[0].why.en,
            "source IP must be your own address 10.0.1.2"
        );
        assert!(checked.verdict.mistakes[1].why.en.contains("handshake"));
    }

    /// RFC 9293 §3.10.7.1: TCP errors are answered with RST, not by hosts writing ICMP.
    #[test]
    fn hosts_do_not_write_icmp_rfc9293_3_10_7_1() {
        let (client, _) = lan(Config::default());
        let icmp = Packet::Icmp {
            src: CLIENT,
            dst: SERVER,
            meta: IpMeta::default(),
            msg: IcmpMessage::DestUnreachable {
                code: 3,
                quoted: Vec::new(),
            },
        };
        let verdict = check_host_card(&client, &icmp, T0).expect_err("hosts write TCP");
        assert_eq!(only(&verdict).field, Field::IcmpType);
    }

    /// Round 1 with a team of three (seed 000): two clients open at once; the server may
    /// answer them in any order, and what it still owes stays pending for its next card.
    #[test]
    fn two_clients_answered_in_any_order_seed_000() {
        let (mut alice, mut server) = lan(Config::default());
        let mut bob = Host::new(Ipv4Addr::new(10, 0, 1, 3), Config::default());
        let b = Endpoint::new(Ipv4Addr::new(10, 0, 1, 3), 41000);
        play(&mut alice, &mut server, card(c(), s(), S, 0, 0, ""));
        play(&mut bob, &mut server, card(b, s(), S, 0, 0, ""));
        let to_bob = check_host_card(&server, &card(s(), b, S | A, 0, 1, ""), T0).unwrap();
        assert!(to_bob.verdict.ok(), "{:?}", to_bob.verdict.mistakes);
        // The SYN+ACK still owed to Alice stays queued on the host after Bob's.
        assert_eq!(to_bob.after.outbox().len(), 1);
        assert_eq!(to_bob.after.outbox()[0].dst, c());
        let to_alice = card(s(), c(), S | A, 0, 1, "");
        let again = check_host_card(&to_bob.after, &to_alice, T0).unwrap();
        assert!(again.verdict.ok(), "{:?}", again.verdict.mistakes);
        assert!(again.after.outbox().is_empty());
        // Once both are answered, a third SYN+ACK answers nothing.
        let extra = check_host_card(&again.after, &to_alice, T0).expect_err("nothing owed");
        assert!(only(&extra).why.en.starts_with("there is no SYN to answer"));
    }

    /// Real mode (DESIGN.md §3): a wrong card goes out as written while the writer's host
    /// moves on as if the right one was sent, and recovers as TCP does. A SYN-SENT client
    /// answers a SYN+ACK with a bad ack by RST seq = that ack (RFC 9293 §3.10.7.3); the
    /// server, in SYN-RECEIVED, gets a RST that is in its window but not at RCV.NXT and
    /// only sends a challenge ACK (RFC 5961 §3.2); its retransmission timer then resends
    /// the correct SYN+ACK (RFC 6298 §5), and the handshake completes.
    #[test]
    fn real_mode_wrong_card_recovers_rfc6298_5() {
        let (mut client, mut server) = lan(Config::default());
        play(&mut client, &mut server, card(c(), s(), S, 0, 0, ""));
        let verdict = play(&mut server, &mut client, card(s(), c(), S | A, 0, 5, ""));
        assert_eq!(only(&verdict).field, Field::Ack);
        let rst = client.take_outbox();
        assert_eq!(rst.len(), 1);
        assert_eq!((rst[0].flags, rst[0].seq), (R, SeqNumber(5)));
        server.on_segment(&rst[0], T0);
        assert_eq!(server.connections()[0].state, State::SynReceived);
        server.take_outbox();
        let later = Instant::from_secs(1);
        server.poll(later);
        let again = server.take_outbox();
        assert_eq!(again.len(), 1);
        assert_eq!((again[0].flags, again[0].ack), (S | A, SeqNumber(1)));
        client.on_segment(&again[0], later);
        assert_eq!(client.connections()[0].state, State::Established);
    }

    /// RFC 9293 §3.4.1 with random ISNs: the explanation uses this connection's numbers.
    #[test]
    fn random_isn_explanations_use_the_numbers_rfc9293_3_4_1() {
        let (mut client, mut server) = lan(Config {
            iss: IssMode::Seeded(42),
            ..Config::default()
        });
        let isn = check_host_card(&client, &card(c(), s(), S, 0, 0, ""), T0)
            .unwrap()
            .expected
            .seq;
        play(&mut client, &mut server, card(c(), s(), S, isn.0, 0, ""));
        let answer = check_host_card(&server, &card(s(), c(), S | A, 0, isn.0, ""), T0).unwrap();
        let fields: Vec<Field> = answer.verdict.mistakes.iter().map(|m| m.field).collect();
        assert_eq!(fields, [Field::Seq, Field::Ack]);
        let ack = &answer.verdict.mistakes[1];
        assert_eq!(ack.expected.en, (isn + 1u32).to_string());
        assert!(
            ack.why.en.contains(&format!("their SYN had seq {isn}")),
            "{}",
            ack.why
        );
    }

    fn server_received(
        server: &mut Host,
        from: Endpoint,
        flags: TcpFlags,
        seq: u32,
        ack: u32,
        data: &str,
    ) {
        let Packet::Tcp { seg, .. } = card(from, s(), flags, seq, ack, data) else {
            unreachable!("card() writes TCP")
        };
        server.on_segment(&seg, T0);
    }

    /// Round 3 (seed 000): a SYN+ACK from port 80, where nothing listens, is a wrong answer
    /// to that SYN, not an active open: a closed port answers RST+ACK seq 0 ack 1 (RFC 9293
    /// §3.10.7.1), and the server's host keeps no connection from port 80.
    #[test]
    fn syn_ack_from_a_closed_port_is_a_wrong_refusal_rfc9293_3_10_7_1() {
        let (mut client, mut server) = lan(Config::default());
        let web = Endpoint::new(SERVER, 80);
        play(&mut client, &mut server, card(c(), web, S, 0, 0, ""));
        let checked = check_host_card(&server, &card(web, c(), S | A, 0, 1, ""), T0).unwrap();
        let fields: Vec<(Field, &str)> = checked
            .verdict
            .mistakes
            .iter()
            .map(|m| (m.field, m.expected.en.as_str()))
            .collect();
        assert_eq!(
            fields,
            vec![(Field::Flags, "ACK+RST"), (Field::Flags, "ACK+RST")]
        );
        assert!(
            checked
                .verdict
                .mistakes
                .iter()
                .all(|m| m.rfc == "RFC 9293 §3.10.7.1"
                    && m.why.en.contains("nothing listens on port 80")),
            "{:#?}",
            checked.verdict.mistakes
        );
        assert!(checked.after.connections().is_empty());
        assert!(
            checked.after.outbox().is_empty(),
            "the refusal was this card"
        );
    }

    /// RFC 9293 §3.4, §3.10.7.4 and RFC 1122 §4.2.3.2: after two data cards, one ACK covers
    /// both (ack = RCV.NXT = 20); the ack of the first alone (18) is stale, and its why adds
    /// up to 20.
    #[test]
    fn one_ack_covers_every_byte_received_rfc1122_4_2_3_2() {
        let (mut client, mut server) = established(Config::default());
        play(
            &mut client,
            &mut server,
            card(c(), s(), A, 1, 1, "my name is Danilo"),
        );
        play(&mut client, &mut server, card(c(), s(), A, 18, 1, "hi"));
        assert_eq!(server.outbox().len(), 2, "the stack acknowledged each card");
        let right = check_host_card(&server, &card(s(), c(), A, 1, 20, ""), T0).unwrap();
        assert!(right.verdict.ok(), "{:#?}", right.verdict.mistakes);
        assert!(right.after.outbox().is_empty(), "one ACK answers both");
        assert!(
            right.verdict.notes[0]
                .en
                .contains("one ACK answers all 2 cards")
        );
        assert!(twin_with_same_numbers(&right.verdict.notes[0]));
        let stale = check_host_card(&server, &card(s(), c(), A, 1, 18, ""), T0).unwrap();
        let m = only(&stale.verdict);
        assert_eq!((m.field, m.expected.en.as_str()), (Field::Ack, "20"));
        assert!(m.why.en.contains("+19 data bytes"), "{}", m.why);
        assert_eq!(crate::sums::adds_up(&m.why, &m.expected.en), Ok(()));
        assert!(twin_with_same_numbers(&m.why));
    }

    /// RFC 9293 §3.4: after 17 data bytes and a FIN, ack = 0 + 1 + 17 + 1 = 19, and the why
    /// says exactly those numbers (the FIN counted because the ack covers it).
    #[test]
    fn ack_after_data_and_fin_adds_up_rfc9293_3_4() {
        let (mut client, mut server) = established(Config::default());
        play(
            &mut client,
            &mut server,
            card(c(), s(), A, 1, 1, "my name is Danilo"),
        );
        play(&mut client, &mut server, card(c(), s(), F | A, 18, 1, ""));
        for wrong in [17, 18, 20] {
            let checked = check_host_card(&server, &card(s(), c(), A, 1, wrong, ""), T0).unwrap();
            let m = only(&checked.verdict);
            assert_eq!((m.field, m.expected.en.as_str()), (Field::Ack, "19"));
            assert!(
                m.why
                    .en
                    .contains("their ISN 0, +1 for their SYN, +17 data bytes, +1 for their FIN"),
                "{}",
                m.why
            );
            assert_eq!(crate::sums::adds_up(&m.why, &m.expected.en), Ok(()));
        }
        let right = check_host_card(&server, &card(s(), c(), A, 1, 19, ""), T0).unwrap();
        assert!(right.verdict.ok(), "{:#?}", right.verdict.mistakes);
        // RFC 9293 §3.6: the FIN may go with the ACK of theirs (three cards) or after it.
        let notes: Vec<&str> = right.verdict.notes.iter().map(|n| n.en.as_str()).collect();
        assert!(notes.iter().any(|n| n.contains("four cards")), "{notes:?}");
        let three = check_host_card(&server, &card(s(), c(), F | A, 1, 19, ""), T0).unwrap();
        assert!(three.verdict.ok(), "{:#?}", three.verdict.mistakes);
        assert!(
            three
                .verdict
                .notes
                .iter()
                .any(|n| n.en.contains("three cards")),
            "{:?}",
            three.verdict.notes
        );
    }

    /// RFC 9293 §3.10.5 writes the abort as a bare RST; Linux and Windows send RST+ACK; the
    /// receiver checks only the seq (RFC 5961 §3.2). Both are right, each with a note; with
    /// ACK, the ack is RCV.NXT like on every card.
    #[test]
    fn abort_with_or_without_ack_rfc9293_3_10_5() {
        let (client, _) = established(Config::default());
        let with_ack = check_host_card(&client, &card(c(), s(), R | A, 1, 1, ""), T0).unwrap();
        assert!(with_ack.verdict.ok(), "{:#?}", with_ack.verdict.mistakes);
        assert!(with_ack.verdict.notes[0].en.contains("Linux"));
        assert!(with_ack.after.connections().is_empty());
        let bare = check_host_card(&client, &card(c(), s(), R, 1, 0, ""), T0).unwrap();
        assert!(bare.verdict.ok(), "{:#?}", bare.verdict.mistakes);
        assert!(bare.verdict.notes[0].en.contains("bare RST"));
        let bad = check_host_card(&client, &card(c(), s(), R | A, 1, 5, ""), T0).unwrap();
        let m = only(&bad.verdict);
        assert_eq!((m.field, m.expected.en.as_str()), (Field::Ack, "1"));
        assert!(bad.verdict.notes.is_empty(), "a wrong card gets no note");
        for n in with_ack.verdict.notes.iter().chain(&bare.verdict.notes) {
            assert!(twin_with_same_numbers(n), "{n}");
        }
    }

    /// RFC 9293 §3.10.7.3: in SYN-SENT, a SYN+ACK acknowledging 0 (only 1 is acceptable) is
    /// answered by RST seq 0 (their ack), and the connection stays SYN-SENT; an ACK there is
    /// a missing RST with that reason, not an abort.
    #[test]
    fn unacceptable_syn_ack_gets_a_reset_rfc9293_3_10_7_3() {
        let (mut client, mut server) = lan(Config::default());
        play(&mut client, &mut server, card(c(), s(), S, 0, 0, ""));
        let bad = check_host_card(&server, &card(s(), c(), S | A, 0, 0, ""), T0).unwrap();
        client.on_segment(&bad.sent, T0);
        assert_eq!(client.connections()[0].state, State::SynSent);
        let checked = check_host_card(&client, &card(c(), s(), A, 1, 1, ""), T0).unwrap();
        let rst = checked
            .verdict
            .mistakes
            .iter()
            .find(|m| m.field == Field::Flags && m.why.en.starts_with("RST flag missing"))
            .expect("RST missing");
        assert_eq!(rst.rfc, "RFC 9293 §3.10.7.3");
        assert!(rst.why.en.contains("stays SYN-SENT"), "{}", rst.why);
        assert!(!rst.why.en.contains("abort"), "{}", rst.why);
        let right = check_host_card(&client, &card(c(), s(), R, 0, 0, ""), T0).unwrap();
        assert!(right.verdict.ok(), "{:#?}", right.verdict.mistakes);
        assert_eq!(right.after.connections()[0].state, State::SynSent);
    }

    /// RFC 9293 §3.10.7.4 (SYN-RECEIVED): an ACK of something never sent (5, where only 1
    /// is acceptable) is answered by RST seq = SEG.ACK, and an ACK instead is explained by
    /// that rule, not as an abort.
    #[test]
    fn unacceptable_ack_in_syn_received_gets_a_reset_rfc9293_3_10_7_4() {
        let (mut client, mut server) = lan(Config::default());
        play(&mut client, &mut server, card(c(), s(), S, 0, 0, ""));
        play(&mut server, &mut client, card(s(), c(), S | A, 0, 1, ""));
        server_received(&mut server, c(), A, 1, 5, "");
        let checked = check_host_card(&server, &card(s(), c(), A, 1, 1, ""), T0).unwrap();
        let rst = checked
            .verdict
            .mistakes
            .iter()
            .find(|m| m.why.en.starts_with("RST flag missing"))
            .expect("RST missing");
        assert_eq!(rst.rfc, "RFC 9293 §3.10.7.4");
        assert!(
            rst.why.en.contains("acknowledges 5, which you never sent"),
            "{}",
            rst.why
        );
        assert!(twin_with_same_numbers(&rst.why));
        let right = check_host_card(&server, &card(s(), c(), R, 5, 0, ""), T0).unwrap();
        assert!(right.verdict.ok(), "{:#?}", right.verdict.mistakes);
    }

    /// RFC 9293 §3.10.7.2: a stray ACK to the listening port 23 gets RST seq = SEG.ACK, and
    /// the why says the port listens (not that nothing listens there).
    #[test]
    fn stray_ack_to_a_listening_port_rfc9293_3_10_7_2() {
        let (_, mut server) = lan(Config::default());
        server_received(&mut server, c(), A, 5, 7, "");
        let checked = check_host_card(&server, &card(s(), c(), A, 7, 6, ""), T0).unwrap();
        let rst = checked
            .verdict
            .mistakes
            .iter()
            .find(|m| m.why.en.starts_with("RST flag missing"))
            .expect("RST missing");
        assert_eq!(rst.rfc, "RFC 9293 §3.10.7.2");
        assert!(rst.why.en.contains("port 23 listens"), "{}", rst.why);
        let right = check_host_card(&server, &card(s(), c(), R, 7, 0, ""), T0).unwrap();
        assert!(right.verdict.ok(), "{:#?}", right.verdict.mistakes);
    }

    fn situations() -> Vec<(Host, Host)> {
        let (fresh_client, listening_server) = lan(Config::default());
        let (mut c1, mut s1) = lan(Config::default());
        play(&mut c1, &mut s1, card(c(), s(), S, 0, 0, ""));
        let (mut c2, mut s2) = established(Config::default());
        play(
            &mut c2,
            &mut s2,
            card(c(), s(), A, 1, 1, "my name is Danilo"),
        );
        let (mut c3, mut s3) = established(Config::default());
        play(&mut c3, &mut s3, card(c(), s(), F | A, 1, 1, ""));
        let mut refused = listening_server.clone();
        refused.on_segment(
            &TcpSegment {
                src: c(),
                dst: Endpoint::new(SERVER, 80),
                seq: SeqNumber(0),
                ack: SeqNumber(0),
                flags: S,
                window: 0,
                payload: Vec::new(),
            },
            T0,
        );
        Vec::from([
            (fresh_client, listening_server),
            (c1, s1),
            (c2, s2),
            (c3, s3),
            (refused.clone(), refused),
        ])
    }

    proptest::proptest! {
        /// DESIGN.md §6: no card makes the referee panic; a card judged correct is the
        /// segment a real stack would send (up to the window and PSH, which are never
        /// mistakes), and `after` still owes only what the host owed before (its outbox is
        /// an in-order subsequence of the host's: the card takes segments out, never adds).
        #[test]
        fn any_card_is_judged_without_panic(
            who in 0usize..10,
            src in proptest::sample::select(Vec::from([CLIENT, SERVER, Ipv4Addr::new(10, 0, 1, 3)])),
            dst in proptest::sample::select(Vec::from([CLIENT, SERVER, Ipv4Addr::new(10, 0, 9, 9)])),
            sport in proptest::sample::select(Vec::from([0u16, 23, 80, 40000, 40001])),
            dport in proptest::sample::select(Vec::from([0u16, 23, 80, 40000])),
            flags in 0u8..32,
            seq in proptest::prop_oneof![0u32..20, proptest::num::u32::ANY],
            ack in proptest::prop_oneof![0u32..20, proptest::num::u32::ANY],
            data in proptest::prop_oneof![proptest::strategy::Just(""), proptest::strategy::Just("my name is Danilo"), proptest::strategy::Just("x")],
            ttl in 0u8..3,
        ) {
            let all = situations();
            let Some(pair) = all.get(who / 2) else { return Ok(()) };
            let host = if who % 2 == 0 { &pair.0 } else { &pair.1 };
            let mut p = card(Endpoint::new(src, sport), Endpoint::new(dst, dport), TcpFlags(flags), seq, ack, data);
            p.set_ttl(ttl);
            let judged = check_host_card(host, &p, T0);
            // Every explanation has its Italian twin with the same numbers.
            let verdict = judged.as_ref().map_or_else(|v| v, |c| &c.verdict);
            for m in &verdict.mistakes {
                proptest::prop_assert!(twin_with_same_numbers(&m.why), "{:?}", m.why);
            }
            if let Ok(checked) = judged {
                let mut owed = host.outbox().iter();
                proptest::prop_assert!(
                    checked.after.outbox().iter().all(|seg| owed.any(|o| o == seg)),
                    "after owes {:?}, host owed {:?}", checked.after.outbox(), host.outbox()
                );
                if checked.verdict.ok() {
                    let mut want = checked.expected.clone();
                    let mut got = checked.sent.clone();
                    for seg in [&mut want, &mut got] {
                        seg.window = 0;
                        seg.flags = seg.flags.without(P);
                        if !seg.flags.ack() {
                            seg.ack = SeqNumber(0);
                        }
                    }
                    proptest::prop_assert_eq!(want, got);
                }
            }
        }
    }

    fn router() -> Router {
        let lan = |name: &str, a: [u8; 4], p: &str| Interface {
            name: name.into(),
            addr: Ipv4Addr::from(a),
            prefix: p.parse().unwrap(),
        };
        let mut r = Router::new(
            "Red router",
            Vec::from([
                lan("lan", [10, 0, 1, 254], "10.0.1.0/24"),
                lan("bb", [192, 168, 0, 1], "192.168.0.0/24"),
            ]),
        );
        r.table.add(Route {
            prefix: "10.0.2.0/24".parse().unwrap(),
            next_hop: NextHop::Gateway(Ipv4Addr::new(192, 168, 0, 2)),
            iface: 1,
        });
        r
    }

    fn to(dst: [u8; 4], ttl: u8) -> Packet {
        let mut p = card(c(), Endpoint::new(Ipv4Addr::from(dst), 23), S, 0, 0, "");
        p.set_ttl(ttl);
        p
    }

    /// Seed 000 and RFC 1812 §5.3.1: a card inside the LAN with TTL 1 is handed over, not
    /// answered with time exceeded; choosing time exceeded is the mistake, in the switch's
    /// words.
    #[test]
    fn no_time_exceeded_inside_a_lan_rfc1812_5_3_1() {
        let r = router();
        let last_hop = to([10, 0, 1, 1], 1);
        assert!(check_router_choice(&r, &last_hop, &RouterChoice::Deliver, |_| true).ok());
        let v = check_router_choice(&r, &last_hop, &RouterChoice::IcmpTimeExceeded, |_| true);
        let m = only(&v);
        assert_eq!(m.rfc, "RFC 1812 §5.3.1");
        assert!(m.why.en.contains("TTL stays 1"), "{}", m.why);
        assert!(twin_with_same_numbers(&m.why));
    }

    /// Round 6 (seed 003, RFC 1812 §5.2.4.3): a card for another LAN is forwarded to the
    /// gateway of the longest matching prefix, not delivered.
    #[test]
    fn router_delivering_for_another_lan_rfc1812_5_2_4_3() {
        let r = router();
        let v = check_router_choice(&r, &to([10, 0, 2, 7], 64), &RouterChoice::Deliver, |_| true);
        let m = only(&v);
        assert_eq!(m.field, Field::Choice);
        assert_eq!(m.expected.en, "forward to 192.168.0.2");
        assert_eq!(m.expected.it.as_deref(), Some("inoltra a 192.168.0.2"));
        assert_eq!(
            m.why.en,
            "10.0.2.7 matches 10.0.2.0/24 via 192.168.0.2, so it goes to the router \
             192.168.0.2 — the longest prefix that matches wins"
        );
        assert_eq!(
            m.why.it.as_deref(),
            Some(
                "10.0.2.7 corrisponde a 10.0.2.0/24 via 192.168.0.2, quindi va al router \
                 192.168.0.2 — vince il prefisso più lungo che corrisponde"
            )
        );
        assert_eq!(m.rfc, "RFC 1812 §5.2.4.3");
        let wrong_gw = RouterChoice::Forward {
            gateway: Ipv4Addr::new(192, 168, 0, 3),
        };
        let v = check_router_choice(&r, &to([10, 0, 2, 7], 64), &wrong_gw, |_| true);
        assert_eq!(only(&v).field, Field::NextHop);
        let right = RouterChoice::Forward {
            gateway: Ipv4Addr::new(192, 168, 0, 2),
        };
        assert!(check_router_choice(&r, &to([10, 0, 2, 7], 64), &right, |_| true).ok());
        assert!(
            check_router_choice(&r, &to([10, 0, 1, 1], 64), &RouterChoice::Deliver, |_| true).ok()
        );
        let v = check_router_choice(&r, &to([10, 0, 1, 1], 64), &right, |_| true);
        assert!(
            only(&v).why.en.contains("both on your LAN"),
            "{}",
            only(&v).why
        );
        let mut from_green = to([10, 0, 1, 1], 64);
        if let Packet::Tcp { seg, .. } = &mut from_green {
            seg.src.addr = Ipv4Addr::new(10, 0, 2, 7);
        }
        let v = check_router_choice(&r, &from_green, &right, |_| true);
        assert!(
            only(&v).why.en.contains("directly connected"),
            "{}",
            only(&v).why
        );
        let it = only(&v).why.it.clone().unwrap_or_default();
        assert!(it.contains("10.0.1.0/24, connessa direttamente"), "{it}");
    }

    /// Round 5 (seed 000, RFC 1812 §5.2.7.1): no route ⇒ ICMP net unreachable (code 0);
    /// dropping silently or the wrong code is a mistake.
    #[test]
    fn router_forgetting_icmp_for_no_route_rfc1812_5_2_7_1() {
        let r = router();
        let lost = to([10, 0, 99, 1], 64);
        let v = check_router_choice(&r, &lost, &RouterChoice::Drop, |_| true);
        let m = only(&v);
        assert_eq!(m.field, Field::Choice);
        assert_eq!(m.expected.en, "ICMP destination unreachable code 0");
        assert!(
            m.why.en.contains("10.0.99.1") && m.why.en.contains("network unreachable"),
            "{}",
            m.why
        );
        assert_eq!(m.rfc, "RFC 1812 §5.2.7.1");
        let host_code = RouterChoice::IcmpUnreachable { code: 1 };
        assert_eq!(
            only(&check_router_choice(&r, &lost, &host_code, |_| true)).field,
            Field::IcmpCode
        );
        let net = RouterChoice::IcmpUnreachable { code: 0 };
        assert!(check_router_choice(&r, &lost, &net, |_| true).ok());
    }

    /// RFC 1812 §5.3.1: TTL 1 dies at this router with time exceeded; RFC 1122 §3.2.2: an
    /// ICMP error is dropped instead of answered.
    #[test]
    fn router_ttl_and_icmp_about_icmp_rfc1812_5_3_1() {
        let r = router();
        let dying = to([10, 0, 2, 7], 1);
        let forward = RouterChoice::Forward {
            gateway: Ipv4Addr::new(192, 168, 0, 2),
        };
        let v = check_router_choice(&r, &dying, &forward, |_| true);
        let m = only(&v);
        assert_eq!((m.field, m.rfc), (Field::Choice, "RFC 1812 §5.3.1"));
        assert!(m.why.en.contains("TTL was 1"), "{}", m.why);
        assert!(check_router_choice(&r, &dying, &RouterChoice::IcmpTimeExceeded, |_| true).ok());
        let error = Packet::Icmp {
            src: Ipv4Addr::new(10, 0, 2, 254),
            dst: Ipv4Addr::new(10, 0, 99, 1),
            meta: IpMeta::default(),
            msg: IcmpMessage::DestUnreachable {
                code: 0,
                quoted: Vec::new(),
            },
        };
        let v = check_router_choice(
            &r,
            &error,
            &RouterChoice::IcmpUnreachable { code: 0 },
            |_| true,
        );
        assert_eq!(v.intent, Intent::IcmpError);
        assert_eq!(only(&v).rfc, "RFC 1122 §3.2.2");
        assert!(check_router_choice(&r, &error, &RouterChoice::Drop, |_| true).ok());
    }
}
