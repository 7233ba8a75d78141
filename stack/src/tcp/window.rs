//! The arithmetic tests that decide whether a segment's numbers make sense: pure functions
//! so they can be table-tested and reused by the card checker to explain a verdict.

use crate::seq::SeqNumber;

/// The segment acceptability test of RFC 9293 §3.10.7.4 ("first, check sequence number"),
/// all four cases:
///
/// | SEG.LEN | RCV.WND | acceptable when |
/// |---|---|---|
/// | 0 | 0 | SEG.SEQ = RCV.NXT |
/// | 0 | >0 | RCV.NXT =< SEG.SEQ < RCV.NXT+RCV.WND |
/// | >0 | 0 | never |
/// | >0 | >0 | the first or the last octet is inside the window |
pub fn segment_acceptable(
    seg_seq: SeqNumber,
    seg_len: u32,
    rcv_nxt: SeqNumber,
    rcv_wnd: u32,
) -> bool {
    match (seg_len, rcv_wnd) {
        (0, 0) => seg_seq == rcv_nxt,
        (0, _) => seg_seq.in_window(rcv_nxt, rcv_wnd),
        (_, 0) => false,
        (len, wnd) => {
            seg_seq.in_window(rcv_nxt, wnd) || (seg_seq + (len - 1)).in_window(rcv_nxt, wnd)
        }
    }
}

/// How an incoming acknowledgement number relates to what we sent, in a synchronized
/// state (RFC 9293 §3.10.7.4 "fifth, check the ACK field", hardened by RFC 5961 §5.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AckCheck {
    /// SND.UNA < SEG.ACK =< SND.NXT: acknowledges new data.
    New,
    /// SND.UNA − MAX.SND.WND =< SEG.ACK =< SND.UNA: a duplicate, harmless.
    Duplicate,
    /// Older than anything the peer may still be acknowledging: RFC 5961 §5.2 says drop it
    /// and send an ACK (it is how blind data injection is detected).
    TooOld,
    /// Acknowledges something we never sent: RFC 9293 §3.10.7.4 says send an ACK and drop.
    NotYetSent,
}

/// Classify SEG.ACK against SND.UNA, SND.NXT and MAX.SND.WND (RFC 5961 §5.2).
pub fn check_ack(
    seg_ack: SeqNumber,
    snd_una: SeqNumber,
    snd_nxt: SeqNumber,
    max_snd_wnd: u32,
) -> AckCheck {
    if seg_ack > snd_nxt {
        AckCheck::NotYetSent
    } else if seg_ack > snd_una {
        AckCheck::New
    } else if snd_una - seg_ack <= max_snd_wnd {
        AckCheck::Duplicate
    } else {
        AckCheck::TooOld
    }
}

/// In SYN-SENT an ACK is acceptable only if ISS < SEG.ACK =< SND.NXT, i.e. it acknowledges
/// our SYN (RFC 9293 §3.10.7.3 "first, check the ACK bit").
pub fn syn_sent_ack_acceptable(seg_ack: SeqNumber, iss: SeqNumber, snd_nxt: SeqNumber) -> bool {
    seg_ack > iss && seg_ack <= snd_nxt
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 9293 §3.10.7.4: the four cases of the acceptability test, as a table.
    #[test]
    fn acceptability_table_rfc_9293_section_3_10_7_4() {
        let s = SeqNumber;
        // (SEG.SEQ, SEG.LEN, RCV.NXT, RCV.WND, acceptable)
        let table = [
            // len 0, window 0: only exactly RCV.NXT
            (s(100), 0, s(100), 0, true),
            (s(101), 0, s(100), 0, false),
            (s(99), 0, s(100), 0, false),
            // len 0, window > 0: RCV.NXT =< SEG.SEQ < RCV.NXT + RCV.WND
            (s(100), 0, s(100), 10, true),
            (s(109), 0, s(100), 10, true),
            (s(110), 0, s(100), 10, false),
            (s(99), 0, s(100), 10, false),
            // len > 0, window 0: never
            (s(100), 1, s(100), 0, false),
            (s(100), 17, s(100), 0, false),
            // len > 0, window > 0: first or last octet in the window
            (s(100), 17, s(100), 10, true),
            (s(95), 10, s(100), 10, true), // starts before, ends inside: overlap
            (s(90), 10, s(100), 10, false), // ends at 99: entirely old
            (s(109), 5, s(100), 10, true),
            (s(110), 5, s(100), 10, false),
            // across the 2^32 wrap
            (s(u32::MAX), 2, s(u32::MAX), 10, true),
            (s(3), 1, s(u32::MAX - 1), 10, true),
            (s(u32::MAX - 20), 5, s(u32::MAX - 1), 10, false),
        ];
        for (seq, len, nxt, wnd, want) in table {
            assert_eq!(
                segment_acceptable(seq, len, nxt, wnd),
                want,
                "seq {seq} len {len} rcv.nxt {nxt} rcv.wnd {wnd}"
            );
        }
    }

    /// RFC 5961 §5.2: SND.UNA − MAX.SND.WND =< SEG.ACK =< SND.NXT, else drop and ACK.
    #[test]
    fn ack_classification_rfc_5961_section_5_2() {
        let s = SeqNumber;
        assert_eq!(check_ack(s(150), s(100), s(200), 1000), AckCheck::New);
        assert_eq!(check_ack(s(200), s(100), s(200), 1000), AckCheck::New);
        assert_eq!(check_ack(s(100), s(100), s(200), 1000), AckCheck::Duplicate);
        assert_eq!(check_ack(s(0), s(1000), s(2000), 1000), AckCheck::Duplicate);
        assert_eq!(check_ack(s(0), s(1001), s(2000), 1000), AckCheck::TooOld);
        assert_eq!(
            check_ack(s(201), s(100), s(200), 1000),
            AckCheck::NotYetSent
        );
        assert_eq!(check_ack(s(2), s(u32::MAX), s(5), 10), AckCheck::New);
    }

    /// RFC 9293 §3.10.7.3: in SYN-SENT the ACK must acknowledge our SYN.
    #[test]
    fn syn_sent_ack_rfc_9293_section_3_10_7_3() {
        let s = SeqNumber;
        assert!(syn_sent_ack_acceptable(s(1), s(0), s(1)));
        assert!(!syn_sent_ack_acceptable(s(0), s(0), s(1)));
        assert!(!syn_sent_ack_acceptable(s(2), s(0), s(1)));
        assert!(syn_sent_ack_acceptable(s(0), s(u32::MAX), s(0)));
    }
}
