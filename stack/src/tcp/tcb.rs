//! One connection's Transmission Control Block and its state machine (RFC 9293 §3.3.1,
//! event processing §3.10). Every transition names the rule that caused it, so the game can
//! show students *why* a connection moved.

use crate::sorted::SortedMap;
use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use super::icmp::{Severity, TIME_EXCEEDED};
use super::window::{AckCheck, check_ack, segment_acceptable, syn_sent_ack_acceptable};
use super::{Config, State, TcpError};
use crate::addr::Endpoint;
use crate::host::event::{ConnId, ConnView, HostError, HostEvent, Reason};
use crate::segment::{TcpFlags, TcpSegment};
use crate::seq::SeqNumber;
use crate::time::{Duration, Instant};

/// The most bytes a connection keeps queued for sending (unsent plus unacknowledged): a
/// bound so a player cannot make the host grow without limit; 64 KiB like a small socket
/// buffer.
const SEND_BUFFER: usize = 65535;

/// Where a TCB's reactions go: the host's outbox, event list and SO_ERROR table.
pub(crate) struct Out<'a> {
    pub segments: &'a mut Vec<TcpSegment>,
    pub events: &'a mut Vec<HostEvent>,
    pub errors: &'a mut SortedMap<ConnId, TcpError>,
}

impl Out<'_> {
    /// A segment sent *because of* an incoming one (RST, challenge ACK, ACK-and-drop):
    /// it goes out and is explained.
    pub(crate) fn reply(&mut self, segment: TcpSegment, reason: Reason) {
        self.segments.push(segment.clone());
        self.events.push(HostEvent::Replied { segment, reason });
    }

    pub(crate) fn ignore(&mut self, segment: &TcpSegment, reason: Reason) {
        self.events.push(HostEvent::SegmentIgnored {
            segment: segment.clone(),
            reason,
        });
    }
}

/// A RST answering `seg`, built as RFC 9293 §3.10.7.1 says: when the offending segment
/// carries an ACK, `<SEQ=SEG.ACK><CTL=RST>`; otherwise `<SEQ=0><ACK=SEG.SEQ+SEG.LEN>
/// <CTL=RST,ACK>`. Used for closed ports, LISTEN, SYN-SENT and SYN-RECEIVED.
pub(crate) fn reset_for(seg: &TcpSegment) -> TcpSegment {
    let (seq, ack, flags) = if seg.flags.ack() {
        (seg.ack, SeqNumber(0), TcpFlags::RST)
    } else {
        (
            SeqNumber(0),
            seg.seq + seg.seg_len(),
            TcpFlags::RST | TcpFlags::ACK,
        )
    };
    TcpSegment {
        src: seg.dst,
        dst: seg.src,
        seq,
        ack,
        flags,
        window: 0,
        payload: Vec::new(),
    }
}

/// The text and FIN of a SYN, as the segment that starts just after the SYN's sequence
/// number; `None` when the SYN carries neither.
fn text_after_syn(syn: &TcpSegment) -> Option<TcpSegment> {
    if syn.payload.is_empty() && !syn.flags.fin() {
        return None;
    }
    let mut rest = syn.clone();
    rest.seq = syn.seq + 1u32;
    rest.flags = syn.flags.without(TcpFlags::SYN);
    Some(rest)
}

/// The Transmission Control Block of one connection (RFC 9293 §3.3.1).
#[derive(Clone, Debug)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub(crate) struct Tcb {
    pub(crate) id: ConnId,
    pub(crate) local: Endpoint,
    pub(crate) remote: Endpoint,
    pub(crate) state: State,
    /// The listening port this connection was born from (passive OPEN): RFC 9293 treats a
    /// RST in SYN-RECEIVED differently for passive and active opens.
    pub(crate) listen_port: Option<u16>,
    /// Already handed to the application by `accept`.
    pub(crate) accepted: bool,
    config: Config,
    iss: SeqNumber,
    irs: SeqNumber,
    snd_una: SeqNumber,
    snd_nxt: SeqNumber,
    snd_wnd: u32,
    /// The largest window the peer ever offered: RFC 5961 §5.2 accepts ACKs this far back.
    max_snd_wnd: u32,
    snd_wl1: SeqNumber,
    snd_wl2: SeqNumber,
    rcv_nxt: SeqNumber,
    /// Bytes the application sent that are not yet in a segment (held by the peer's window).
    unsent: Vec<u8>,
    /// The application called CLOSE: a FIN follows the unsent bytes.
    fin_queued: bool,
    /// The sequence number our FIN took, once sent.
    fin_seq: Option<SeqNumber>,
    /// Segments sent but not yet acknowledged, oldest first (the retransmission queue).
    unacked: Vec<TcpSegment>,
    rto: Duration,
    retransmits: u32,
    /// The retransmission timer (RFC 6298 §5), which doubles as the persist timer that
    /// probes a zero window (RFC 9293 §3.8.6.1).
    rto_deadline: Option<Instant>,
    time_wait_until: Option<Instant>,
    /// In-order bytes received and not yet read by the application.
    pub(crate) received: Vec<u8>,
    /// Text (and FIN) that came on the peer's SYN, kept until ESTABLISHED: "any other
    /// control or text should be queued for processing later" (RFC 9293 §3.10.7.2, and
    /// §3.10.7.3 for a SYN crossing ours). Stored as the segment after the SYN.
    #[cfg_attr(feature = "serde", serde(default))]
    early_text: Option<TcpSegment>,
    /// The last ICMP soft error, reported if the connection times out (RFC 1122 §4.2.3.9).
    pub(crate) soft_error: Option<TcpError>,
    last_transition: Option<(State, State)>,
}

impl Tcb {
    fn blank(id: ConnId, local: Endpoint, remote: Endpoint, iss: SeqNumber, config: Config) -> Tcb {
        Tcb {
            id,
            local,
            remote,
            state: State::Closed,
            listen_port: None,
            accepted: false,
            config,
            iss,
            irs: SeqNumber(0),
            snd_una: iss,
            snd_nxt: iss + 1u32,
            snd_wnd: 0,
            max_snd_wnd: 0,
            snd_wl1: SeqNumber(0),
            snd_wl2: SeqNumber(0),
            rcv_nxt: SeqNumber(0),
            unsent: Vec::new(),
            fin_queued: false,
            fin_seq: None,
            unacked: Vec::new(),
            rto: config.rto_initial,
            retransmits: 0,
            rto_deadline: None,
            time_wait_until: None,
            received: Vec::new(),
            early_text: None,
            soft_error: None,
            last_transition: None,
        }
    }

    /// Active OPEN (RFC 9293 §3.10.1): send `<SEQ=ISS><CTL=SYN>` and enter SYN-SENT.
    pub(crate) fn connect(
        id: ConnId,
        local: Endpoint,
        remote: Endpoint,
        iss: SeqNumber,
        config: Config,
        now: Instant,
        out: &mut Out,
    ) -> Tcb {
        let mut tcb = Tcb::blank(id, local, remote, iss, config);
        let text = format!("active OPEN: SYN sent with seq {iss} (the SYN takes one number)");
        tcb.transition(State::SynSent, Reason::new(text, "RFC 9293 §3.10.1"), out);
        let syn = tcb.make(iss, TcpFlags::SYN, Vec::new());
        tcb.emit_new(syn, now, out);
        tcb
    }

    /// A SYN reached a listener (RFC 9293 §3.10.7.2): remember IRS, answer
    /// `<SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>` and enter SYN-RECEIVED. Text and FIN on the
    /// SYN are queued and delivered once the handshake completes; the SYN/ACK covers the
    /// SYN only, and the ACK that follows ESTABLISHED covers the text.
    pub(crate) fn accept_syn(
        id: ConnId,
        syn: &TcpSegment,
        iss: SeqNumber,
        config: Config,
        now: Instant,
        out: &mut Out,
    ) -> Tcb {
        let mut tcb = Tcb::blank(id, syn.dst, syn.src, iss, config);
        tcb.state = State::Listen;
        tcb.listen_port = Some(syn.dst.port);
        tcb.irs = syn.seq;
        tcb.rcv_nxt = syn.seq + 1u32;
        tcb.update_window(syn);
        tcb.early_text = text_after_syn(syn);
        let queued = match &tcb.early_text {
            Some(early) if !early.payload.is_empty() => format!(
                " (its {} data bytes wait for the handshake to complete)",
                early.payload.len()
            ),
            _ => String::new(),
        };
        let text = format!(
            "SYN with seq {} arrived on listening port {}: answer SYN/ACK seq {iss} ack {}{queued}",
            syn.seq, syn.dst.port, tcb.rcv_nxt
        );
        tcb.transition(
            State::SynReceived,
            Reason::new(text, "RFC 9293 §3.10.7.2"),
            out,
        );
        let syn_ack = tcb.make(iss, TcpFlags::SYN | TcpFlags::ACK, Vec::new());
        tcb.emit_new(syn_ack, now, out);
        tcb
    }

    pub(crate) fn view(&self) -> ConnView {
        ConnView {
            id: self.id,
            local: self.local,
            remote: self.remote,
            state: self.state,
            iss: self.iss,
            irs: self.irs,
            snd_una: self.snd_una,
            snd_nxt: self.snd_nxt,
            snd_wnd: self.snd_wnd,
            rcv_nxt: self.rcv_nxt,
            rcv_wnd: self.rcv_window(),
            last_transition: self.last_transition,
            rto_deadline: self.rto_deadline,
            rto: self.rto,
            retransmits: self.retransmits,
        }
    }

    pub(crate) fn next_timer(&self) -> Option<Instant> {
        match (self.rto_deadline, self.time_wait_until) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// The window we advertise: the receive buffer minus what the application has not
    /// read yet, so a slow reader pushes back on the sender (RFC 9293 §3.8.6).
    pub(crate) fn rcv_window(&self) -> u32 {
        let unread = u32::try_from(self.received.len()).unwrap_or(u32::MAX);
        u32::from(self.config.rcv_wnd).saturating_sub(unread)
    }

    /// A segment from us to the peer; the ACK field is filled in only when the ACK flag
    /// is set, since it is meaningless otherwise (RFC 9293 §3.1).
    fn make(&self, seq: SeqNumber, flags: TcpFlags, payload: Vec<u8>) -> TcpSegment {
        TcpSegment {
            src: self.local,
            dst: self.remote,
            seq,
            ack: if flags.ack() {
                self.rcv_nxt
            } else {
                SeqNumber(0)
            },
            flags,
            window: u16::try_from(self.rcv_window()).unwrap_or(u16::MAX),
            payload,
        }
    }

    /// `<SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>`: the plain ACK, also used as RFC 5961's
    /// challenge ACK.
    fn ack_segment(&self) -> TcpSegment {
        self.make(self.snd_nxt, TcpFlags::ACK, Vec::new())
    }

    /// Send a segment that takes sequence numbers: it joins the retransmission queue and
    /// starts the timer if it is not running (RFC 6298 §5.1).
    fn emit_new(&mut self, seg: TcpSegment, now: Instant, out: &mut Out) {
        out.segments.push(seg.clone());
        self.unacked.push(seg);
        if self.rto_deadline.is_none() {
            self.rto_deadline = Some(now + self.rto);
        }
    }

    fn transition(&mut self, to: State, reason: Reason, out: &mut Out) {
        let from = self.state;
        if from == to {
            return;
        }
        self.state = to;
        self.last_transition = Some((from, to));
        if matches!(to, State::Closed | State::Listen | State::TimeWait) {
            self.unacked.clear();
            self.unsent.clear();
            self.rto_deadline = None;
        }
        out.events.push(HostEvent::StateChanged {
            conn: self.id,
            from,
            to,
            reason,
        });
        if let (State::SynReceived, State::Established, Some(listen_port)) =
            (from, to, self.listen_port)
        {
            out.events.push(HostEvent::Accepted {
                conn: self.id,
                listen_port,
            });
        }
    }

    /// The connection ends with an error the application will see in SO_ERROR.
    fn fail(&mut self, error: TcpError, reason: Reason, out: &mut Out) {
        out.errors.insert(self.id, error);
        out.events.push(HostEvent::Error {
            conn: self.id,
            error,
            reason: reason.clone(),
        });
        self.transition(State::Closed, reason, out);
    }

    /// TIME-WAIT lasts 2×MSL so that late duplicates of this connection die out before the
    /// same four-tuple can be reused (RFC 9293 §3.4.2, §3.10.7.4).
    fn enter_time_wait(&mut self, text: String, now: Instant, out: &mut Out) {
        self.time_wait_until = Some(now + self.config.msl.saturating_mul(2));
        self.transition(
            State::TimeWait,
            Reason::new(text, "RFC 9293 §3.10.7.4"),
            out,
        );
    }

    fn update_window(&mut self, seg: &TcpSegment) {
        self.snd_wnd = u32::from(seg.window);
        self.max_snd_wnd = self.max_snd_wnd.max(self.snd_wnd);
        self.snd_wl1 = seg.seq;
        self.snd_wl2 = seg.ack;
    }

    fn fin_acked(&self) -> bool {
        self.fin_seq.is_some_and(|fin| self.snd_una > fin)
    }

    /// Incoming segment for this connection (RFC 9293 §3.10.7.3 and §3.10.7.4).
    pub(crate) fn on_segment(&mut self, seg: &TcpSegment, now: Instant, out: &mut Out) {
        match self.state {
            State::Closed | State::Listen => {
                let text = "segment ignored: the connection is already closed";
                out.ignore(seg, Reason::new(text, "RFC 9293 §3.10.7.1"));
            }
            State::SynSent => self.on_segment_syn_sent(seg, now, out),
            _ => self.on_segment_synchronizing(seg, now, out),
        }
    }

    /// SYN-SENT (RFC 9293 §3.10.7.3).
    fn on_segment_syn_sent(&mut self, seg: &TcpSegment, now: Instant, out: &mut Out) {
        let f = seg.flags;
        const RFC: &str = "RFC 9293 §3.10.7.3";
        if f.ack() && !syn_sent_ack_acceptable(seg.ack, self.iss, self.snd_nxt) {
            if f.rst() {
                let text = format!(
                    "RST ignored: its ack {} does not acknowledge our SYN (that would be ack {})",
                    seg.ack, self.snd_nxt
                );
                out.ignore(seg, Reason::new(text, RFC));
            } else {
                let text = format!(
                    "ack {} does not acknowledge our SYN (expected {}): answered with RST seq {}",
                    seg.ack, self.snd_nxt, seg.ack
                );
                out.reply(reset_for(seg), Reason::new(text, RFC));
            }
            return;
        }
        if f.rst() {
            if f.ack() {
                let text = format!(
                    "connection refused: the RST acknowledges our SYN, so nothing listens on port {}",
                    self.remote.port
                );
                self.fail(TcpError::ConnectionRefused, Reason::new(text, RFC), out);
            } else {
                let text =
                    "RST ignored: in SYN-SENT a RST counts only if its ACK acknowledges our SYN";
                out.ignore(seg, Reason::new(text, RFC));
            }
            return;
        }
        if !f.syn() {
            let text = "segment ignored: in SYN-SENT only a SYN (or a RST) can arrive";
            out.ignore(seg, Reason::new(text, RFC));
            return;
        }
        self.irs = seg.seq;
        self.rcv_nxt = seg.seq + 1u32;
        self.update_window(seg);
        if f.ack() {
            self.snd_una = seg.ack;
            self.drop_acked(now);
            let text = format!(
                "SYN/ACK received: ack {} acknowledges our SYN, and we acknowledge theirs with ack {}",
                seg.ack, self.rcv_nxt
            );
            self.transition(State::Established, Reason::new(text, RFC), out);
            // "If there are other controls or text in the segment, then continue
            // processing at the sixth step": the text is delivered, and the one ACK we
            // send covers it.
            if let Some(early) = text_after_syn(seg) {
                let wnd = self.rcv_window();
                self.take_text(&early, wnd, now, out);
            }
            out.segments.push(self.ack_segment());
            self.transmit(now, out);
        } else {
            let text = format!(
                "simultaneous open: their SYN (seq {}) crossed ours; answer SYN/ACK",
                seg.seq
            );
            self.transition(
                State::SynReceived,
                Reason::new(text, "RFC 9293 §3.5 (Figure 8)"),
                out,
            );
            // "queue them for processing after the ESTABLISHED state has been reached"
            // (RFC 9293 §3.10.7.3).
            self.early_text = text_after_syn(seg);
            let syn_ack = self.make(self.iss, TcpFlags::SYN | TcpFlags::ACK, Vec::new());
            out.segments.push(syn_ack.clone());
            // The SYN/ACK replaces our SYN in the retransmission queue: it carries the
            // same sequence number and now also the acknowledgement.
            self.unacked = vec![syn_ack];
        }
    }

    /// SYN-RECEIVED and every synchronized state (RFC 9293 §3.10.7.4, with RFC 5961 and
    /// RFC 1337).
    fn on_segment_synchronizing(&mut self, seg: &TcpSegment, now: Instant, out: &mut Out) {
        let f = seg.flags;
        if self.fin_received() && f.fin() && !f.rst() && seg.seq_end() == self.rcv_nxt {
            // The peer did not get our ACK of its FIN and sent the FIN again. Strictly, the
            // acceptability test fails for it (it is old, and would get a bare ACK), but
            // §3.10.7.4 "eighth" says what to do with a FIN here: acknowledge it, and in
            // TIME-WAIT restart the 2 MSL timeout.
            self.on_repeated_fin(seg, now, out);
            return;
        }
        if self.state == State::SynReceived
            && f.syn()
            && !f.ack()
            && !f.rst()
            && seg.seq == self.irs
        {
            // A duplicate of the SYN we answered: our SYN/ACK was probably lost. The RFC's
            // acceptability test would answer with a bare ACK; like BSD and Linux we send
            // the SYN/ACK again, which lets the handshake finish at once.
            let syn_ack = self.make(self.iss, TcpFlags::SYN | TcpFlags::ACK, Vec::new());
            let text = format!(
                "their SYN (seq {}) arrived again, so our SYN/ACK was lost: send the SYN/ACK again",
                seg.seq
            );
            out.reply(syn_ack, Reason::new(text, "RFC 9293 §3.8.1"));
            return;
        }

        // First: the acceptability test.
        let wnd = self.rcv_window();
        if !segment_acceptable(seg.seq, seg.seg_len(), self.rcv_nxt, wnd) {
            let window = format!("{}..{}", self.rcv_nxt, self.rcv_nxt + wnd);
            if f.rst() {
                let text = format!(
                    "RST ignored: seq {} is not in the window {window} (a forged RST must guess the sequence number)",
                    seg.seq
                );
                out.ignore(seg, Reason::new(text, "RFC 5961 §3.2"));
            } else if wnd == 0 && seg.seq == self.rcv_nxt && !f.syn() {
                // "If the RCV.WND is zero, no segments will be acceptable, but special
                // allowance should be made to accept valid ACKs" (RFC 9293 §3.10.7.4):
                // drop the text, keep using the acknowledgement and the window.
                let text = format!(
                    "our receive window is 0: the {} bytes at seq {} are dropped, but the ACK they carry is used",
                    seg.payload.len(),
                    seg.seq
                );
                out.reply(self.ack_segment(), Reason::new(text, "RFC 9293 §3.10.7.4"));
                let mut head = seg.clone();
                head.payload.clear();
                head.flags = head.flags.without(TcpFlags::FIN);
                // Length 0 at RCV.NXT is acceptable, so this recursion goes one level deep.
                self.on_segment_synchronizing(&head, now, out);
            } else {
                let text = format!(
                    "seq {} (length {}) is outside the receive window {window}: dropped, and an ACK says we expect {}",
                    seg.seq,
                    seg.seg_len(),
                    self.rcv_nxt
                );
                out.reply(self.ack_segment(), Reason::new(text, "RFC 9293 §3.10.7.4"));
            }
            return;
        }

        // Second: the RST bit.
        if f.rst() {
            self.on_acceptable_rst(seg, out);
            return;
        }

        // Fourth: the SYN bit (third, security, is not part of the game).
        if f.syn() {
            let text = format!(
                "SYN on a connection in {}: it may be forged, so send a challenge ACK instead of resetting",
                self.state
            );
            out.reply(self.ack_segment(), Reason::new(text, "RFC 5961 §4.2"));
            return;
        }

        // Fifth: the ACK field.
        let mut early_delivered = false;
        if !f.ack() {
            let text = "segment ignored: once SYN-RECEIVED, every segment must carry an ACK";
            out.ignore(seg, Reason::new(text, "RFC 9293 §3.10.7.4"));
            return;
        }
        if self.state == State::SynReceived {
            if seg.ack > self.snd_una && seg.ack <= self.snd_nxt {
                self.update_window(seg);
                let text = format!(
                    "ack {} acknowledges our SYN/ACK: the handshake is complete",
                    seg.ack
                );
                self.transition(
                    State::Established,
                    Reason::new(text, "RFC 9293 §3.10.7.4"),
                    out,
                );
                if let Some(early) = self.early_text.take() {
                    // The text queued from the SYN is in order now (RFC 9293 §3.10.7.2).
                    self.take_text(&early, wnd, now, out);
                    early_delivered = true;
                }
            } else {
                let text = format!(
                    "ack {} does not acknowledge our SYN/ACK (expected {}): answered with RST seq {}",
                    seg.ack, self.snd_nxt, seg.ack
                );
                out.reply(reset_for(seg), Reason::new(text, "RFC 9293 §3.10.7.4"));
                return;
            }
        }
        match check_ack(seg.ack, self.snd_una, self.snd_nxt, self.max_snd_wnd) {
            AckCheck::NotYetSent => {
                let text = format!(
                    "ack {} acknowledges data we never sent (we sent up to {}): dropped, ACK sent",
                    seg.ack, self.snd_nxt
                );
                out.reply(self.ack_segment(), Reason::new(text, "RFC 9293 §3.10.7.4"));
                return;
            }
            AckCheck::TooOld => {
                let text = format!(
                    "ack {} is older than anything still in flight (oldest unacknowledged {}): dropped, ACK sent",
                    seg.ack, self.snd_una
                );
                out.reply(self.ack_segment(), Reason::new(text, "RFC 5961 §5.2"));
                return;
            }
            AckCheck::New => {
                self.snd_una = seg.ack;
                self.drop_acked(now);
            }
            AckCheck::Duplicate => {}
        }
        // Window update, only from a segment at least as recent as the last one used
        // (SND.WL1/SND.WL2, RFC 9293 §3.10.7.4).
        let newer = self.snd_wl1 < seg.seq || (self.snd_wl1 == seg.seq && self.snd_wl2 <= seg.ack);
        if seg.ack >= self.snd_una && newer {
            self.update_window(seg);
        }
        if self.fin_acked() {
            match self.state {
                State::FinWait1 => {
                    let text = format!("ack {} acknowledges our FIN: our side is closed", seg.ack);
                    self.transition(
                        State::FinWait2,
                        Reason::new(text, "RFC 9293 §3.10.7.4"),
                        out,
                    );
                }
                State::Closing => {
                    let text = format!(
                        "ack {} acknowledges our FIN: both sides are closed",
                        seg.ack
                    );
                    self.enter_time_wait(text, now, out);
                }
                State::LastAck => {
                    let text = format!(
                        "ack {} acknowledges our FIN: the connection is closed and forgotten",
                        seg.ack
                    );
                    self.transition(State::Closed, Reason::new(text, "RFC 9293 §3.10.7.4"), out);
                    return;
                }
                _ => {}
            }
        }

        // Seventh and eighth: the text and the FIN.
        let mut need_ack = early_delivered;
        if !seg.payload.is_empty() || f.fin() {
            match self.state {
                State::Established | State::FinWait1 | State::FinWait2 => {
                    if !self.take_text(seg, wnd, now, out) {
                        return;
                    }
                    need_ack = true;
                }
                _ if f.fin() => {
                    // Eighth step: CLOSE-WAIT, CLOSING and LAST-ACK "remain", TIME-WAIT
                    // restarts its timer; each FIN is acknowledged.
                    self.on_repeated_fin(seg, now, out);
                }
                _ => {
                    let text = format!(
                        "data ignored: the peer already closed its side (we are in {})",
                        self.state
                    );
                    out.ignore(seg, Reason::new(text, "RFC 9293 §3.10.7.4"));
                }
            }
        }
        if need_ack && self.state != State::Closed {
            out.segments.push(self.ack_segment());
        }
        self.transmit(now, out);
    }

    /// The second step of §3.10.7.4 for an acceptable RST, as hardened by RFC 5961 §3.2.
    fn on_acceptable_rst(&mut self, seg: &TcpSegment, out: &mut Out) {
        if seg.seq != self.rcv_nxt {
            let text = format!(
                "RST with seq {} is in the window but is not exactly {} (RCV.NXT): answered with a challenge ACK, no reset",
                seg.seq, self.rcv_nxt
            );
            out.reply(self.ack_segment(), Reason::new(text, "RFC 5961 §3.2"));
            return;
        }
        match self.state {
            State::TimeWait => {
                // RFC 9293 would close here; RFC 1337 §4 shows that a stray RST then lets
                // an old duplicate corrupt a new incarnation ("TIME-WAIT assassination").
                let text = "RST ignored in TIME-WAIT: it would cut TIME-WAIT short and let old duplicates into a new connection";
                out.ignore(seg, Reason::new(text, "RFC 1337 §4"));
            }
            State::SynReceived if self.listen_port.is_some() => {
                let text = "RST in SYN-RECEIVED of a passive open: the half-open connection is dropped and the port keeps listening";
                self.transition(State::Listen, Reason::new(text, "RFC 9293 §3.10.7.4"), out);
            }
            State::SynReceived => {
                let text = "RST in SYN-RECEIVED of an active open: connection refused";
                self.fail(
                    TcpError::ConnectionRefused,
                    Reason::new(text, "RFC 9293 §3.10.7.4"),
                    out,
                );
            }
            State::Closing | State::LastAck => {
                // RFC 9293 only says "enter the CLOSED state" here, but our FIN is not
                // acknowledged, so the application may lose data it believes sent: it is
                // told "connection reset", as Linux's tcp_reset does in every state but
                // SYN-SENT and CLOSE.
                let text = format!(
                    "RST in {} before our FIN was acknowledged: the connection is reset",
                    self.state
                );
                self.fail(
                    TcpError::ConnectionReset,
                    Reason::new(text, "RFC 9293 §3.10.7.4"),
                    out,
                );
            }
            _ => {
                let text = format!(
                    "RST with seq {} = RCV.NXT: the connection is reset",
                    seg.seq
                );
                self.fail(
                    TcpError::ConnectionReset,
                    Reason::new(text, "RFC 5961 §3.2"),
                    out,
                );
            }
        }
    }

    /// Deliver in-order text and process the FIN (§3.10.7.4 "seventh" and "eighth").
    /// Returns false when the segment was dropped as out of order.
    fn take_text(&mut self, seg: &TcpSegment, wnd: u32, now: Instant, out: &mut Out) -> bool {
        if seg.seq > self.rcv_nxt {
            // A deliberate simplification: real stacks queue out-of-order data; we drop it
            // and send a duplicate ACK, and the sender retransmits (RFC 9293 §3.10.7.4
            // only requires in-order delivery).
            let text = format!(
                "out of order: seq {} but we expect {}; dropped, and a duplicate ACK asks for {}",
                seg.seq, self.rcv_nxt, self.rcv_nxt
            );
            out.reply(self.ack_segment(), Reason::new(text, "RFC 9293 §3.10.7.4"));
            return false;
        }
        // Trim what we already have (a retransmission overlapping delivered data) and what
        // does not fit in the window (RFC 9293 §3.10.7.4 "first", trimming).
        let old = usize::try_from(self.rcv_nxt - seg.seq).unwrap_or(usize::MAX);
        let fresh = seg.payload.get(old..).unwrap_or(&[]);
        let room = usize::try_from(wnd).unwrap_or(usize::MAX);
        let data = fresh.get(..room).unwrap_or(fresh);
        let fin_in_order = seg.flags.fin() && old <= seg.payload.len() && data.len() == fresh.len();
        if !data.is_empty() {
            self.rcv_nxt = self.rcv_nxt + data.len();
            self.received.extend_from_slice(data);
            out.events.push(HostEvent::DataReceived {
                conn: self.id,
                data: data.to_vec(),
            });
        }
        if fin_in_order {
            self.rcv_nxt += 1;
            self.on_fin(now, out);
        }
        true
    }

    /// Their FIN has been received (RCV.NXT is past it).
    fn fin_received(&self) -> bool {
        matches!(
            self.state,
            State::CloseWait | State::Closing | State::LastAck | State::TimeWait
        )
    }

    /// A FIN after theirs was already received: acknowledged again, and in TIME-WAIT the
    /// 2 MSL timer restarts (RFC 9293 §3.10.7.4, eighth step).
    fn on_repeated_fin(&mut self, seg: &TcpSegment, now: Instant, out: &mut Out) {
        let text = if self.state == State::TimeWait {
            self.time_wait_until = Some(now + self.config.msl.saturating_mul(2));
            format!(
                "their FIN (seq {}) arrived again, so our last ACK was lost: ACK it again and restart the 2×MSL timer",
                seg.seq
            )
        } else {
            format!(
                "their FIN (seq {}) arrived again in {}: our ACK of it was lost, so ACK it again",
                seg.seq, self.state
            )
        };
        out.reply(self.ack_segment(), Reason::new(text, "RFC 9293 §3.10.7.4"));
    }

    fn on_fin(&mut self, now: Instant, out: &mut Out) {
        const RFC: &str = "RFC 9293 §3.10.7.4";
        match self.state {
            State::Established => {
                let text =
                    "their FIN arrived: they will send no more; we ACK it and may still send";
                self.transition(State::CloseWait, Reason::new(text, RFC), out);
            }
            State::FinWait1 if self.fin_acked() => {
                let text = String::from("their FIN acknowledges ours: wait 2×MSL in TIME-WAIT");
                self.enter_time_wait(text, now, out);
            }
            State::FinWait1 => {
                let text = "simultaneous close: their FIN arrived before the ACK of ours";
                self.transition(State::Closing, Reason::new(text, RFC), out);
            }
            State::FinWait2 => {
                let text = String::from(
                    "their FIN arrived after ours was acknowledged: wait 2×MSL in TIME-WAIT",
                );
                self.enter_time_wait(text, now, out);
            }
            _ => {}
        }
    }

    /// Remove fully acknowledged segments from the retransmission queue and manage the
    /// timer: stop it when nothing is outstanding (RFC 6298 §5.2), restart it otherwise
    /// (§5.3). Without RTT measurement the backed-off RTO returns to `rto_initial` here.
    fn drop_acked(&mut self, now: Instant) {
        let una = self.snd_una;
        let before = self.unacked.len();
        self.unacked.retain(|s| s.seq_end() > una);
        if let Some(first) = self.unacked.first_mut() {
            // Partially acknowledged data: keep only the unacknowledged tail.
            if !first.flags.syn() && first.seq < una {
                let cut = usize::try_from(una - first.seq).unwrap_or(usize::MAX);
                first.payload.drain(..cut.min(first.payload.len()));
                first.seq = una;
            }
        }
        if self.unacked.len() < before {
            self.retransmits = 0;
            self.rto = self.config.rto_initial;
            self.rto_deadline = if self.unacked.is_empty() {
                None
            } else {
                Some(now + self.rto)
            };
        }
    }

    /// Put queued data (and then the FIN) on the wire as far as the peer's window allows:
    /// segments of at most `min(MSS, usable window)`, each with PSH (no Nagle: a card is a
    /// message, RFC 9293 §3.7.4 allows disabling it).
    fn transmit(&mut self, now: Instant, out: &mut Out) {
        if !matches!(
            self.state,
            State::Established | State::CloseWait | State::FinWait1 | State::LastAck
        ) {
            return;
        }
        while !self.unsent.is_empty() {
            let in_flight = self.snd_nxt - self.snd_una;
            let usable = self.snd_wnd.saturating_sub(in_flight);
            let n = usize::try_from(usable.min(u32::from(self.config.mss)))
                .unwrap_or(usize::MAX)
                .min(self.unsent.len());
            if n == 0 {
                // Zero window: the persist timer will probe it (RFC 9293 §3.8.6.1).
                if self.rto_deadline.is_none() {
                    self.rto_deadline = Some(now + self.rto);
                }
                return;
            }
            let payload: Vec<u8> = self.unsent.drain(..n).collect();
            let seg = self.make(self.snd_nxt, TcpFlags::PSH | TcpFlags::ACK, payload);
            self.snd_nxt = self.snd_nxt + n;
            self.emit_new(seg, now, out);
        }
        if self.fin_queued && self.fin_seq.is_none() {
            let fin = self.make(self.snd_nxt, TcpFlags::FIN | TcpFlags::ACK, Vec::new());
            self.fin_seq = Some(self.snd_nxt);
            self.snd_nxt += 1;
            self.emit_new(fin, now, out);
        }
    }

    /// Timers: TIME-WAIT expiry and the retransmission/persist timer (RFC 6298 §5.4–5.6).
    pub(crate) fn poll(&mut self, now: Instant, out: &mut Out) {
        if self.time_wait_until.is_some_and(|t| now >= t) {
            self.time_wait_until = None;
            let text = "2×MSL passed in TIME-WAIT: late duplicates have died out, the connection is forgotten";
            self.transition(State::Closed, Reason::new(text, "RFC 9293 §3.10.7.4"), out);
            return;
        }
        if self.rto_deadline.is_none_or(|t| now < t) {
            return;
        }
        let Some(oldest) = self.unacked.first() else {
            self.rto_deadline = None;
            if !self.unsent.is_empty() && self.snd_wnd == 0 {
                // Window probe: an old sequence number forces the peer to answer with an
                // ACK carrying its current window (RFC 9293 §3.8.6.1; Linux does the same).
                out.segments
                    .push(self.make(self.snd_una - 1u32, TcpFlags::ACK, Vec::new()));
                self.back_off(now);
            }
            return;
        };
        if self.retransmits >= self.config.max_retransmits {
            if self.state == State::SynReceived && self.listen_port.is_some() {
                // Nobody holds this socket yet, so there is nobody to tell: a half-open
                // connection from a listener just disappears (as in Linux).
                let text =
                    "our SYN/ACK was never acknowledged: the half-open connection is dropped";
                self.transition(State::Closed, Reason::new(text, "RFC 1122 §4.2.3.5"), out);
                return;
            }
            let error = self.soft_error.take().unwrap_or(TcpError::TimedOut);
            let text = format!(
                "no answer after {} retransmissions: giving up ({error})",
                self.retransmits
            );
            let rfc = if error == TcpError::TimedOut {
                "RFC 1122 §4.2.3.5"
            } else {
                "RFC 1122 §4.2.3.9"
            };
            self.fail(error, Reason::new(text, rfc), out);
            return;
        }
        // Retransmit the oldest unacknowledged segment, with up-to-date ACK and window.
        let mut again = self.make(oldest.seq, oldest.flags, oldest.payload.clone());
        if !oldest.flags.ack() {
            again.ack = SeqNumber(0);
        }
        out.segments.push(again);
        self.retransmits += 1;
        self.back_off(now);
    }

    /// RFC 6298 §5.5–5.6: double the RTO (up to the maximum) and restart the timer.
    fn back_off(&mut self, now: Instant) {
        self.rto = self.rto.saturating_mul(2).min(self.config.rto_max);
        self.rto_deadline = Some(now + self.rto);
    }

    /// SEND (RFC 9293 §3.10.2): allowed in ESTABLISHED and CLOSE-WAIT.
    pub(crate) fn send(
        &mut self,
        data: &[u8],
        now: Instant,
        out: &mut Out,
    ) -> Result<usize, HostError> {
        match self.state {
            State::Established | State::CloseWait => {}
            State::Closed | State::Listen | State::SynSent | State::SynReceived => {
                return Err(HostError::NotConnected { state: self.state });
            }
            _ => return Err(HostError::Closing { state: self.state }),
        }
        let queued = self
            .unsent
            .len()
            .saturating_add(usize::try_from(self.snd_nxt - self.snd_una).unwrap_or(usize::MAX));
        let n = data.len().min(SEND_BUFFER.saturating_sub(queued));
        self.unsent.extend_from_slice(data.get(..n).unwrap_or(&[]));
        self.transmit(now, out);
        Ok(n)
    }

    /// CLOSE (RFC 9293 §3.10.4): a FIN after the queued data.
    pub(crate) fn close(&mut self, now: Instant, out: &mut Out) -> Result<(), HostError> {
        const RFC: &str = "RFC 9293 §3.10.4";
        match self.state {
            State::SynSent | State::Listen | State::Closed => {
                let text = "close before the handshake finished: the attempt is abandoned";
                self.transition(State::Closed, Reason::new(text, RFC), out);
            }
            State::SynReceived | State::Established => {
                self.fin_queued = true;
                let text = "close: we send a FIN (after any queued data) and wait for its ACK";
                self.transition(State::FinWait1, Reason::new(text, RFC), out);
                self.transmit(now, out);
            }
            State::CloseWait => {
                self.fin_queued = true;
                let text = "close after their FIN: we send our FIN and wait for its ACK";
                self.transition(State::LastAck, Reason::new(text, RFC), out);
                self.transmit(now, out);
            }
            _ => return Err(HostError::Closing { state: self.state }),
        }
        Ok(())
    }

    /// ABORT (RFC 9293 §3.10.5): `<SEQ=SND.NXT><CTL=RST>` where the peer has a TCB,
    /// then forget the connection.
    pub(crate) fn abort(&mut self, out: &mut Out) {
        if matches!(
            self.state,
            State::SynReceived
                | State::Established
                | State::FinWait1
                | State::FinWait2
                | State::CloseWait
        ) {
            out.segments
                .push(self.make(self.snd_nxt, TcpFlags::RST, Vec::new()));
        }
        let text = "abort: the connection is dropped at once (a RST tells the peer)";
        self.transition(State::Closed, Reason::new(text, "RFC 9293 §3.10.5"), out);
    }

    /// RECEIVE: take the in-order data. When this reopens a zero window, tell the peer at
    /// once with a window update rather than wait for its probe (RFC 9293 §3.8.6.2.2).
    pub(crate) fn recv(&mut self, out: &mut Out) -> Vec<u8> {
        let was_closed = self.rcv_window() == 0;
        let data = core::mem::take(&mut self.received);
        if was_closed && !data.is_empty() && self.state.is_synchronized() {
            out.segments.push(self.ack_segment());
        }
        data
    }

    /// An ICMP error about one of our segments (RFC 1122 §4.2.3.9; RFC 5927 §5.2 for the synchronized states). The
    /// quoted sequence number must be one we have sent and not seen acknowledged, so a
    /// forged ICMP cannot kill the connection blindly (RFC 5927 §4.1).
    pub(crate) fn on_icmp(
        &mut self,
        severity: Severity,
        icmp_type: u8,
        code: u8,
        quoted_seq: SeqNumber,
        out: &mut Out,
    ) -> bool {
        if !(quoted_seq >= self.snd_una && quoted_seq < self.snd_nxt) {
            return false;
        }
        let code = if icmp_type == TIME_EXCEEDED { 1 } else { code };
        let error = TcpError::Unreachable { code };
        if severity == Severity::Hard && self.state == State::SynSent {
            let text = format!("{error} in answer to our SYN: the connection attempt is aborted");
            self.fail(error, Reason::new(text, "RFC 1122 §4.2.3.9"), out);
        } else {
            self.soft_error = Some(error);
        }
        true
    }
}
