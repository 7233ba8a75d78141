//! What a card on the board says and where it is: pure functions of the engine's
//! [`Flight`] view and the game time, so the animation maths and the wording are tested
//! natively; the browser only copies the results into the SVG.

use tcpip_stack::fault::FaultKind;
use tcpip_stack::segment::TcpFlags;
use tcpip_stack::time::{Duration, Instant};
use tcpip_stack::wire::Packet;
use tcpip_stack::world::{Flight, NodeId};

/// Cards written so far never need more; longer text (data, names) is cut for the glyph
/// and the aria label, never for the flipped side, which shows the data in full.
const DATA_PREVIEW: usize = 40;

/// A card on a link, as the board draws it. Computed once per change of the world; the
/// position at any moment comes from [`CardInfo::progress`].
#[derive(Clone, Debug, PartialEq)]
pub struct CardInfo {
    pub id: u32,
    pub from: NodeId,
    pub to: NodeId,
    pub depart: Instant,
    pub arrive: Instant,
    /// A delay fault: the card stops in the middle of the link for this long.
    pub wait: Duration,
    /// Held back by the reorder fault: it stays near its sender until released.
    pub held: bool,
    /// It will fall off the link on arrival (not shown before: the players must notice
    /// the loss from their timers).
    pub doomed: bool,
    pub forged: bool,
    pub icmp: bool,
    /// The short text on the glyph: tcpdump flags ("S", "S.", "P.") or "ICMP".
    pub badge: String,
    /// What a screen reader says: "SYN card from 10.0.1.2 to 10.0.1.1, seq 0".
    pub label: String,
    /// The flipped side: field name and value.
    pub fields: Vec<(&'static str, String)>,
}

/// Where a card is at some moment.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Progress {
    /// 0 at the sender, 1 at the receiver.
    pub fraction: f64,
    /// Whole seconds (rounded up) until a delayed card moves on, while it waits.
    pub countdown: Option<u64>,
}

/// Flag names in words, in the order a card prints them ("SYN+ACK").
pub fn flag_words(flags: TcpFlags) -> String {
    let words: Vec<&str> = TcpFlags::ALL
        .iter()
        .filter(|(f, _)| flags.contains(*f))
        .map(|(_, name)| *name)
        .collect();
    if words.is_empty() {
        "no-flag".to_string()
    } else {
        words.join("+")
    }
}

/// At most `max` characters, with an ellipsis when cut (names and data are player text).
pub fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

impl CardInfo {
    /// `link_delay` is the scenario's normal time on a link: anything longer on a delayed
    /// card is the time it waits.
    pub fn from_flight(f: &Flight, link_delay: Duration) -> CardInfo {
        let travel = f.arrive.since(f.depart);
        let wait = match f.fault {
            Some(FaultKind::Delay { .. }) if !f.held => {
                Duration::from_micros(travel.micros().saturating_sub(link_delay.micros()))
            }
            _ => Duration::ZERO,
        };
        let ttl = f.packet.ttl().to_string();
        let (badge, label, mut fields) = match &f.packet {
            Packet::Tcp { seg, .. } => {
                let data = String::from_utf8_lossy(&seg.payload).into_owned();
                let mut label = format!(
                    "{} card from {} to {}, seq {}",
                    flag_words(seg.flags),
                    seg.src.addr,
                    seg.dst.addr,
                    seg.seq
                );
                if seg.flags.ack() {
                    label.push_str(&format!(", ack {}", seg.ack));
                }
                if !data.is_empty() {
                    label.push_str(&format!(", data \"{}\"", clip(&data, DATA_PREVIEW)));
                }
                let badge = match seg.flags.tcpdump() {
                    b if b.is_empty() => "none".to_string(),
                    b => b,
                };
                let fields = vec![
                    ("from", seg.src.to_string()),
                    ("to", seg.dst.to_string()),
                    ("flags", format!("{} ({})", flag_words(seg.flags), badge)),
                    ("seq", seg.seq.to_string()),
                    (
                        "ack",
                        if seg.flags.ack() {
                            seg.ack.to_string()
                        } else {
                            "— (no ACK flag)".to_string()
                        },
                    ),
                    ("len", seg.payload.len().to_string()),
                    (
                        "data",
                        if data.is_empty() {
                            "—".to_string()
                        } else {
                            data
                        },
                    ),
                    ("TTL", ttl),
                ];
                (badge, label, fields)
            }
            Packet::Icmp { src, dst, msg, .. } => {
                let what = msg.describe();
                let label = format!("ICMP card from {src} to {dst}, {what}");
                let fields = vec![
                    ("from", src.to_string()),
                    ("to", dst.to_string()),
                    ("ICMP", what),
                    ("type", msg.icmp_type().to_string()),
                    ("code", msg.code().to_string()),
                    ("TTL", ttl),
                ];
                ("ICMP".to_string(), label, fields)
            }
        };
        let mut label = label;
        if f.forged {
            label.push_str(", forged");
            fields.push((
                "forged",
                "yes: written by the attacker, not by its sender".into(),
            ));
        }
        if f.held {
            label.push_str(", held back on the link");
            fields.push(("fault", "held back (reorder)".into()));
        } else if wait > Duration::ZERO {
            label.push_str(&format!(", delayed by {wait}"));
            fields.push(("fault", format!("delayed by {wait}")));
        }
        CardInfo {
            id: f.card.0,
            from: f.from,
            to: f.to,
            depart: f.depart,
            arrive: f.arrive,
            wait,
            held: f.held,
            doomed: f.doomed,
            forged: f.forged,
            icmp: matches!(f.packet, Packet::Icmp { .. }),
            badge,
            label,
            fields,
        }
    }

    /// Where the card is at `now`. A delayed card travels half the link, waits there with
    /// a countdown, then goes on; a held card waits just off its sender. With
    /// `reduced_motion` the card jumps between quarter points instead of gliding.
    pub fn progress(&self, now: Instant, reduced_motion: bool) -> Progress {
        if self.held {
            return Progress {
                fraction: HELD_AT,
                countdown: None,
            };
        }
        let total = self.arrive.since(self.depart).micros();
        let travel = total.saturating_sub(self.wait.micros());
        let elapsed = now.since(self.depart).micros();
        let (fraction, countdown) = if travel == 0 {
            (1.0, None)
        } else if self.wait == Duration::ZERO {
            (elapsed as f64 / travel as f64, None)
        } else {
            let half = travel / 2;
            let resume = half.saturating_add(self.wait.micros());
            if elapsed < half {
                (elapsed as f64 / travel as f64, None)
            } else if elapsed < resume {
                let left = resume - elapsed;
                (0.5, Some(left.div_ceil(1_000_000)))
            } else {
                ((elapsed - self.wait.micros()) as f64 / travel as f64, None)
            }
        };
        let fraction = fraction.clamp(0.0, 1.0);
        let fraction = if reduced_motion && fraction < 1.0 {
            (fraction * 4.0).floor() / 4.0
        } else {
            fraction
        };
        Progress {
            fraction,
            countdown,
        }
    }
}

/// How far along its link a held card waits (just off the sender, so it is visible).
pub const HELD_AT: f64 = 0.15;

/// A point `fraction` of the way from `a` to `b`, moved sideways by `offset` so that cards
/// going opposite ways on one link pass each other instead of overlapping.
pub fn along(a: (f64, f64), b: (f64, f64), fraction: f64, offset: f64) -> (f64, f64) {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len = dx.hypot(dy);
    let (nx, ny) = if len > 0.0 {
        (-dy / len, dx / len)
    } else {
        (0.0, 0.0)
    };
    (
        a.0 + dx * fraction + nx * offset,
        a.1 + dy * fraction + ny * offset,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use tcpip_stack::addr::Endpoint;
    use tcpip_stack::segment::TcpSegment;
    use tcpip_stack::seq::SeqNumber;
    use tcpip_stack::wire::{IcmpMessage, IpMeta};
    use tcpip_stack::world::CardId;

    fn syn() -> Packet {
        Packet::Tcp {
            meta: IpMeta::default(),
            seg: TcpSegment {
                src: Endpoint::new([10, 0, 1, 2].into(), 40000),
                dst: Endpoint::new([10, 0, 1, 1].into(), 23),
                seq: SeqNumber(0),
                ack: SeqNumber(0),
                flags: TcpFlags::SYN,
                window: 1024,
                payload: Vec::new(),
            },
        }
    }

    fn flight(packet: Packet) -> Flight {
        Flight {
            card: CardId(7),
            packet,
            from: NodeId(3),
            to: NodeId(0),
            depart: Instant::from_secs(10),
            arrive: Instant::from_secs(12),
            permille: 0,
            forged: false,
            fault: None,
            held: false,
            doomed: false,
        }
    }

    const DELAY: Duration = Duration::from_secs(2);

    #[test]
    fn a_syn_card_reads_as_the_brief_says() {
        let c = CardInfo::from_flight(&flight(syn()), DELAY);
        assert_eq!(c.badge, "S");
        assert_eq!(c.label, "SYN card from 10.0.1.2 to 10.0.1.1, seq 0");
        assert!(!c.icmp && !c.forged);
        assert!(c.fields.contains(&("from", "10.0.1.2:40000".to_string())));
        assert!(c.fields.contains(&("seq", "0".to_string())));
        assert!(c.fields.contains(&("TTL", "64".to_string())));
    }

    #[test]
    fn flags_are_words_and_tcpdump_letters() {
        let mut p = syn();
        if let Packet::Tcp { seg, .. } = &mut p {
            seg.flags = TcpFlags::SYN | TcpFlags::ACK;
            seg.ack = SeqNumber(1);
            seg.payload = b"my name is Alice".to_vec();
        }
        let c = CardInfo::from_flight(&flight(p), DELAY);
        assert_eq!(c.badge, "S.");
        assert!(c.label.starts_with("SYN+ACK card"), "{}", c.label);
        assert!(c.label.contains("ack 1") && c.label.contains("my name is Alice"));
        assert!(c.fields.contains(&("len", "16".to_string())));
        assert_eq!(flag_words(TcpFlags::NONE), "no-flag");
    }

    #[test]
    fn icmp_and_forged_cards_say_so() {
        let icmp = Packet::Icmp {
            src: [10, 0, 1, 254].into(),
            dst: [10, 0, 1, 2].into(),
            meta: IpMeta::default(),
            msg: IcmpMessage::DestUnreachable {
                code: 1,
                quoted: Vec::new(),
            },
        };
        let c = CardInfo::from_flight(&flight(icmp), DELAY);
        assert!(c.icmp);
        assert_eq!(c.badge, "ICMP");
        assert!(c.fields.contains(&("type", "3".to_string())));
        assert!(c.fields.contains(&("code", "1".to_string())));
        let mut f = flight(syn());
        f.forged = true;
        let c = CardInfo::from_flight(&f, DELAY);
        assert!(c.forged && c.label.ends_with(", forged"));
    }

    #[test]
    fn a_card_glides_along_its_link() {
        let c = CardInfo::from_flight(&flight(syn()), DELAY);
        let at = |ms| c.progress(Instant::from_millis(ms), false).fraction;
        assert_eq!(at(9_000), 0.0);
        assert_eq!(at(10_500), 0.25);
        assert_eq!(at(11_000), 0.5);
        assert_eq!(at(20_000), 1.0);
        // Reduced motion: jumps between quarter points.
        assert_eq!(
            c.progress(Instant::from_millis(10_900), true).fraction,
            0.25
        );
        assert_eq!(c.progress(Instant::from_millis(11_100), true).fraction, 0.5);
    }

    /// A delay fault lengthens the leg; the board shows the extra time as a stop mid-link
    /// with a countdown, then the card goes on.
    #[test]
    fn a_delayed_card_waits_in_the_middle_with_a_countdown() {
        let mut f = flight(syn());
        f.fault = Some(FaultKind::Delay {
            by: Duration::from_secs(5),
        });
        f.arrive = Instant::from_secs(17);
        let c = CardInfo::from_flight(&f, DELAY);
        assert_eq!(c.wait, Duration::from_secs(5));
        let p = |ms| c.progress(Instant::from_millis(ms), false);
        assert_eq!(p(10_500).fraction, 0.25);
        assert_eq!(p(10_500).countdown, None);
        assert_eq!(p(11_000).countdown, Some(5));
        assert_eq!(p(13_500).fraction, 0.5);
        assert_eq!(p(13_500).countdown, Some(3));
        assert_eq!(p(15_900).countdown, Some(1));
        assert_eq!(p(16_000).countdown, None);
        assert_eq!(p(16_500).fraction, 0.75);
        assert!(c.label.contains("delayed by 5.000s"));
        // On its next leg (same card, same fault, normal length) it no longer waits.
        f.arrive = Instant::from_secs(12);
        assert_eq!(CardInfo::from_flight(&f, DELAY).wait, Duration::ZERO);
    }

    #[test]
    fn a_held_card_stays_off_its_sender_and_instant_legs_end_at_once() {
        let mut f = flight(syn());
        f.held = true;
        let c = CardInfo::from_flight(&f, DELAY);
        assert_eq!(c.progress(Instant::from_secs(11), false).fraction, HELD_AT);
        assert!(c.label.contains("held"));
        let mut f = flight(syn());
        f.arrive = f.depart;
        let c = CardInfo::from_flight(&f, DELAY);
        assert_eq!(c.progress(Instant::ZERO, false).fraction, 1.0);
    }

    #[test]
    fn along_moves_sideways_by_the_offset() {
        assert_eq!(along((0.0, 0.0), (10.0, 0.0), 0.5, 2.0), (5.0, 2.0));
        assert_eq!(along((0.0, 0.0), (0.0, 0.0), 0.5, 2.0), (0.0, 0.0));
        assert_eq!(clip("abcdef", 4), "abc…");
        assert_eq!(clip("abc", 4), "abc");
    }
}
