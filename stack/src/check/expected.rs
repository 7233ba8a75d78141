//! What a real stack would send in the player's situation: the segment its host already
//! owes, or what a user call tried on a clone of the host queues; and, when the card's
//! intent is impossible, why (the refusal, the reset the situation calls for).

use alloc::boxed::Box;
use alloc::string::ToString;
use alloc::vec::Vec;
use core::cmp::Reverse;

use crate::addr::Endpoint;
use crate::card::{Field, Intent, intent_of};
use crate::host::{ConnId, ConnView, Host, HostError};
use crate::segment::{TcpFlags, TcpSegment};
use crate::tcp::State;
use crate::text::{Text, text};
use crate::time::Instant;
use crate::wire::Packet;

use super::*;

/// Where the expected segment came from, with the clone it left behind.
pub(super) struct Expectation {
    pub(super) segment: TcpSegment,
    pub(super) after: Host,
    pub(super) pending: Vec<TcpSegment>,
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
        // DNS cards have their own referee (`check_dns_card`); no card a host writes is a
        // tunnel (only the balancer wraps).
        Packet::Udp { .. } | Packet::Ipip { .. } => {
            return Err(Verdict::impossible(
                Intent::Dns,
                Mistake {
                    field: Field::Flags,
                    expected: text!("a TCP card", "una carta TCP"),
                    got: text!("a UDP card", "una carta UDP"),
                    why: text!(
                        "a TCP connection is answered with TCP; UDP carries the DNS questions \
                         and answers",
                        "a una connessione TCP si risponde in TCP; UDP porta le domande e le \
                         risposte DNS"
                    ),
                    rfc: "RFC 768",
                },
            ));
        }
    };
    let intent = intent_of(seg);
    if let Some(mistake) = too_early(host, seg, now) {
        return Err(Verdict::impossible(intent, mistake));
    }
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
    compare_data(e, seg, host.resent_on(e).is_some(), &mut mistakes);
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

/// A card that sends again numbers still waiting for their ACK while the retransmission
/// timer runs: RFC 6298 §5 retransmits only when the timer expires (§5.4), so resending
/// sooner only puts a second copy on the network. Once it expired the stack owes the
/// retransmission, which the outbox holds.
pub(super) fn too_early(host: &Host, seg: &TcpSegment, now: Instant) -> Option<Mistake> {
    let view = host
        .find(seg.src, seg.dst)
        .and_then(|c| host.connection(c))
        .filter(|v| seg.seg_len() > 0 && seg.seq < v.snd_nxt)?;
    let deadline = view.rto_deadline.filter(|d| *d > now)?;
    let owed = host
        .outbox()
        .iter()
        .any(|p| p.src == seg.src && p.dst == seg.dst && p.seq == seg.seq && p.seg_len() > 0);
    if owed || seg.seq < view.snd_una {
        return None;
    }
    let left = deadline.since(now).secs_up();
    let rto = view.rto.secs_up();
    let seq = seg.seq;
    Some(Mistake {
        field: Field::Seq,
        expected: text!(
            "no card yet: the timer runs out in {left} s",
            "nessuna carta per ora: il timer scade tra {left} s"
        ),
        got: Text::same(seq.to_string()),
        why: text!(
            "seq {seq} was sent and is not acknowledged yet, but your retransmission timer still \
             has {left} s of its {rto} s: the card may only be late, so send it again when the \
             timer runs out, not before",
            "il seq {seq} è stato inviato e non è ancora confermato, ma il tuo timer di \
             ritrasmissione ha ancora {left} s dei suoi {rto} s: la carta potrebbe essere solo in \
             ritardo, quindi rimandala quando il timer scade, non prima"
        ),
        rfc: "RFC 6298 §5",
    })
}

/// Finds the segment a real stack would send for this card; `Err` explains why nothing
/// fits (boxed: a mistake in two languages is large, and the `Ok` path is the common one).
pub(super) fn expect(
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
    // A backend's connections through a balancer's tunnel are from the service address.
    let mine = if host.vip() == Some(seg.src.addr) {
        seg.src.addr
    } else {
        host.addr()
    };
    let local = Endpoint::new(mine, seg.src.port);
    let user_call = match intent {
        Intent::Open => Some(open(host, queued, seg, now)),
        Intent::Data | Intent::Close | Intent::Abort => {
            find_conn(host, local, seg.dst).map(|conn| call(host, queued, conn, seg, intent, now))
        }
        // A SYN+ACK that answers nothing, from a port that could open a connection, is
        // most likely a SYN with a stray ACK tick: compare it with that SYN.
        Intent::OpenReply => open(host, queued, seg, now).ok().map(Ok),
        Intent::Ack | Intent::IcmpError | Intent::Dns => None,
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
pub(super) fn best_pending(
    outbox: &[TcpSegment],
    seg: &TcpSegment,
    want: Option<Intent>,
) -> Option<usize> {
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
pub(super) fn from_pending(
    host: &Host,
    queued: &[TcpSegment],
    index: usize,
) -> Option<Expectation> {
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
pub(super) fn find_conn(host: &Host, local: Endpoint, remote: Endpoint) -> Option<ConnId> {
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
pub(super) fn open(
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
pub(super) fn call(
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
pub(super) fn take_new(
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
pub(super) fn alternatives(host: &Host, view: Option<&ConnView>, seg: &TcpSegment) -> Vec<Text> {
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
pub(super) fn is_pure_ack(p: &TcpSegment) -> bool {
    p.flags.without(TcpFlags::PSH) == TcpFlags::ACK && p.payload.is_empty()
}

/// Why the stack sends a RST, which decides the rule that explains it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Reset {
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
    pub(super) fn of(host: &Host, e: &TcpSegment) -> Option<Reset> {
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

    pub(super) fn rfc(self) -> &'static str {
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
pub(super) fn abort_variant(
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
pub(super) fn refused(e: HostError, intent: Intent) -> Mistake {
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
pub(super) fn nothing_to_send(
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
