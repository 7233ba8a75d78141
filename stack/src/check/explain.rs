//! How a card is compared with the expected one, box by box, and how each difference is
//! explained: one sentence in English and Italian with the numbers that matter and the
//! rule it follows.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::card::{Field, Intent, intent_of};
use crate::host::{ConnView, Host};
use crate::segment::{TcpFlags, TcpSegment};
use crate::seq::SeqNumber;
use crate::sums::sum_words;
use crate::tcp::{IssMode, State};
use crate::text::{Text, text};

use super::*;

/// What the explanations need to know about the player's situation.
pub(super) struct Context<'a> {
    pub(super) host: &'a Host,
    pub(super) view: Option<&'a ConnView>,
    /// Why the expected card is a RST, if it is one.
    pub(super) reset: Option<Reset>,
}

/// The flags a referee compares. PSH is left out on purpose: it only asks the receiver to
/// deliver promptly, and a receiver may ignore it (RFC 1122 §4.2.2.2), so a card with or
/// without PSH behaves the same.
pub(super) const COMPARED_FLAGS: [(TcpFlags, &str); 4] = [
    (TcpFlags::SYN, "SYN"),
    (TcpFlags::ACK, "ACK"),
    (TcpFlags::FIN, "FIN"),
    (TcpFlags::RST, "RST"),
];

/// "SYN+ACK" as the card shows flags, the same in both languages; no flag at all is a word.
pub(super) fn flags_text(flags: TcpFlags) -> Text {
    if flags == TcpFlags::NONE {
        text!("no flag", "nessun flag")
    } else {
        Text::same(flags.words())
    }
}

/// What a player should have written when the host would send nothing now.
pub(super) fn no_card() -> Text {
    text!("no card", "nessuna carta")
}

impl Context<'_> {
    pub(super) fn compare_addresses(&self, e: &TcpSegment, s: &TcpSegment, out: &mut Vec<Mistake>) {
        // The expected source is the host's address, or the service address for a
        // connection that came through a balancer's tunnel.
        let me = e.src.addr;
        if s.src.addr != me {
            let got = s.src.addr;
            let (why, rfc) = if Some(me) == self.host.vip() && me != self.host.addr() {
                (
                    text!(
                        "the client's connection is to the service address {me}: it knows only \
                         that address, and a reply from {got} belongs to no connection of its \
                         own, so its stack answers it with a RST. Answer from {me}",
                        "la connessione del client è verso l'indirizzo di servizio {me}: conosce \
                         solo quell'indirizzo, e una risposta da {got} non appartiene a nessuna \
                         sua connessione, quindi il suo stack risponde con un RST. Rispondi da \
                         {me}"
                    ),
                    "RFC 9293 §3.10.7.3",
                )
            } else {
                (
                    text!(
                        "source IP must be your own address {me}",
                        "l'IP sorgente deve essere il tuo indirizzo, {me}"
                    ),
                    "RFC 791 §3.1",
                )
            };
            out.push(Mistake::values(Field::SrcIp, me, got, why, rfc));
        }
        let (dst, src_port, dst_port) = (e.dst.addr, e.src.port, e.dst.port);
        if s.dst.addr != dst {
            out.push(Mistake::values(
                Field::DstIp,
                dst,
                s.dst.addr,
                text!(
                    "destination IP should be {dst}: the host at the other end of this connection",
                    "l'IP destinazione deve essere {dst}: l'host all'altro capo di questa \
                     connessione"
                ),
                "RFC 791 §3.1",
            ));
        }
        if s.src.port != src_port {
            out.push(Mistake::values(
                Field::SrcPort,
                src_port,
                s.src.port,
                text!(
                    "source port should be {src_port}: a connection is known by both addresses \
                     and both ports, and your side of this one is port {src_port}",
                    "la porta sorgente deve essere {src_port}: una connessione si riconosce da \
                     entrambi gli indirizzi e da entrambe le porte, e il tuo lato di questa è la \
                     porta {src_port}"
                ),
                "RFC 9293 §3.3.2",
            ));
        }
        if s.dst.port != dst_port {
            out.push(Mistake::values(
                Field::DstPort,
                dst_port,
                s.dst.port,
                text!(
                    "destination port should be {dst_port}: the port the other side uses on this \
                     connection (copy it from the source port of their card)",
                    "la porta destinazione deve essere {dst_port}: la porta che l'altro lato usa \
                     su questa connessione (copiala dalla porta sorgente della sua carta)"
                ),
                "RFC 9293 §3.3.2",
            ));
        }
    }

    /// One mistake per flag that is missing or extra, each with its reason.
    pub(super) fn compare_flags(&self, e: &TcpSegment, s: &TcpSegment, out: &mut Vec<Mistake>) {
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
    pub(super) fn flag_reason(
        &self,
        e: &TcpSegment,
        name: &str,
        want: bool,
    ) -> (Text, &'static str) {
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

    pub(super) fn compare_numbers(&self, e: &TcpSegment, s: &TcpSegment, out: &mut Vec<Mistake>) {
        if s.seq != e.seq {
            let (why, rfc) = self.explain_seq(e);
            out.push(Mistake::values(Field::Seq, e.seq, s.seq, why, rfc));
        }
        // The ack box only matters with the ACK flag (RFC 9293 §3.1). A player who forgot
        // the flag and left the box empty already has the flag mistake.
        let blank_without_flag = !s.flags.ack() && s.ack.0 == 0;
        if e.flags.ack() && s.ack != e.ack && !blank_without_flag {
            let (why, rfc) = self.explain_ack(e);
            out.push(Mistake::values(Field::Ack, e.ack, s.ack, why, rfc));
        }
    }

    pub(super) fn explain_seq(&self, e: &TcpSegment) -> (Text, &'static str) {
        let s = e.seq;
        // The stack owes a retransmission: the lost card goes again as it was, with its
        // own sequence number, not the next new one (RFC 6298 §5.4); had it arrived after
        // all, the receiver drops the copy and acknowledges again (RFC 9293 §3.10.7.4).
        if let Some(v) = self.host.resent_on(e) {
            let next = v.snd_nxt;
            return (
                text!(
                    "seq should be {s}: your retransmission timer ran out, so the lost card \
                     goes again with the seq it had, {s}, not the next new number {next}; a \
                     receiver that already has it just acknowledges again",
                    "seq deve essere {s}: il tuo timer di ritrasmissione è scaduto, quindi la \
                     carta persa riparte con il seq che aveva, {s}, non con il prossimo numero \
                     nuovo {next}; un destinatario che ce l'ha già conferma di nuovo e basta"
                ),
                "RFC 6298 §5.4, RFC 9293 §3.10.7.4",
            );
        }
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

    pub(super) fn explain_ack(&self, e: &TcpSegment) -> (Text, &'static str) {
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

/// `resent`: the expected card is a retransmission, whose bytes are fixed by the card that
/// was lost.
pub(super) fn compare_data(e: &TcpSegment, s: &TcpSegment, resent: bool, out: &mut Vec<Mistake>) {
    if s.payload == e.payload {
        return;
    }
    let utf8 = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    let (why, rfc) = if resent && !e.payload.is_empty() {
        let (data, seq) = (utf8(&e.payload), e.seq);
        // RFC 9293 §3.4: the receiver places bytes by their sequence numbers, so the same
        // numbers must carry the same bytes, or two copies would disagree.
        (
            text!(
                "data should be \"{data}\": a retransmission carries exactly the bytes of the \
                 lost card; seq {seq} already stands for them, and the receiver may have them",
                "i dati devono essere \"{data}\": una ritrasmissione porta esattamente i byte \
                 della carta persa; il seq {seq} indica già quelli, e il destinatario potrebbe \
                 averli"
            ),
            "RFC 6298 §5.4, RFC 9293 §3.4",
        )
    } else if e.payload.is_empty() {
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
    out.push(Mistake::values(
        Field::Data,
        utf8(&e.payload),
        utf8(&s.payload),
        why,
        rfc,
    ));
}
