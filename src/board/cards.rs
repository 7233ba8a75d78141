//! What a card on the board says and where it is: pure functions of the engine's
//! [`Flight`] view and the game time, so the animation maths and the wording are tested
//! natively; the browser only copies the results into the SVG.

use tcpip_stack::fault::FaultKind;
use tcpip_stack::segment::TcpFlags;
use tcpip_stack::time::{Duration, Instant};
use tcpip_stack::wire::Packet;
use tcpip_stack::world::{Flight, NodeId};

use crate::i18n::{Key, Lang, said, t};

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
    /// What a screen reader says: "S — SYN card from 10.0.1.2 to 10.0.1.1, seq 0".
    pub label: String,
    /// The flipped side: field name and value.
    pub fields: Vec<(&'static str, String)>,
    /// The language of `label` and `fields` (and of the glyph's notes and countdown).
    pub lang: Lang,
}

/// Where a card is at some moment.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Progress {
    /// 0 at the sender, 1 at the receiver.
    pub fraction: f64,
    /// Whole seconds (rounded up) until a delayed card moves on, while it waits.
    pub countdown: Option<u64>,
}

/// Flag names in words, in the order a card prints them ("SYN+ACK"); flag names are the
/// same in every language, "no flag" is not.
pub fn flag_words(lang: Lang, flags: TcpFlags) -> String {
    let words: Vec<&str> = TcpFlags::ALL
        .iter()
        .filter(|(f, _)| flags.contains(*f))
        .map(|(_, name)| *name)
        .collect();
    if words.is_empty() {
        t(lang, Key::CardNoFlag).to_string()
    } else {
        words.join("+")
    }
}

/// "delayed by 5.000s", for the label and the flipped side.
fn delayed_by(lang: Lang, wait: Duration) -> String {
    match lang {
        Lang::En => format!("delayed by {wait}"),
        Lang::It => format!("in ritardo di {wait}"),
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
    /// card is the time it waits. The words are in `lang`; the values (addresses, numbers,
    /// flag names, the data a player wrote) read the same in every language.
    pub fn from_flight(f: &Flight, link_delay: Duration, lang: Lang) -> CardInfo {
        let travel = f.arrive.since(f.depart);
        let wait = match f.fault {
            Some(FaultKind::Delay { .. }) if !f.held => {
                Duration::from_micros(travel.micros().saturating_sub(link_delay.micros()))
            }
            _ => Duration::ZERO,
        };
        let ttl = f.packet.ttl().to_string();
        let word = |key| t(lang, key);
        let (badge, label, mut fields) = match &f.packet {
            Packet::Tcp { seg, .. } => {
                let data = String::from_utf8_lossy(&seg.payload).into_owned();
                let flags = flag_words(lang, seg.flags);
                let badge = match seg.flags.tcpdump() {
                    b if b.is_empty() => word(Key::CardNoFlag).to_string(),
                    b => b,
                };
                let (src, dst, seq) = (seg.src.addr, seg.dst.addr, seg.seq);
                let sentence = match lang {
                    Lang::En => format!("{flags} card from {src} to {dst}, seq {seq}"),
                    Lang::It => format!("carta {flags} da {src} a {dst}, seq {seq}"),
                };
                // WCAG 2.5.3 (label in name): the name starts with what the glyph shows,
                // so a person who says "P." to their speech software finds the card.
                let mut label = if badge == flags {
                    sentence
                } else {
                    format!("{badge} — {sentence}")
                };
                if seg.flags.ack() {
                    label.push_str(&format!(", ack {}", seg.ack));
                }
                if !data.is_empty() {
                    label.push_str(&format!(
                        ", {} \"{}\"",
                        word(Key::Data),
                        clip(&data, DATA_PREVIEW)
                    ));
                }
                let fields = vec![
                    (word(Key::CardSender), seg.src.to_string()),
                    (word(Key::CardTo), seg.dst.to_string()),
                    (word(Key::Flags), format!("{flags} ({badge})")),
                    (word(Key::Seq), seg.seq.to_string()),
                    (
                        word(Key::Ack),
                        if seg.flags.ack() {
                            seg.ack.to_string()
                        } else {
                            format!("— ({})", word(Key::CardNoAckFlag))
                        },
                    ),
                    (word(Key::CardLen), seg.payload.len().to_string()),
                    (
                        word(Key::Data),
                        if data.is_empty() {
                            "—".to_string()
                        } else {
                            data
                        },
                    ),
                    (word(Key::Ttl), ttl),
                ];
                (badge, label, fields)
            }
            Packet::Icmp { src, dst, msg, .. } => {
                let what = said(lang, &msg.meaning()).0.to_string();
                let label = card_label(lang, "ICMP", src, dst, &what);
                let fields = vec![
                    (word(Key::CardSender), src.to_string()),
                    (word(Key::CardTo), dst.to_string()),
                    (word(Key::IcmpMeaning), what),
                    (word(Key::IcmpType), msg.icmp_type().to_string()),
                    (word(Key::IcmpCode), msg.code().to_string()),
                    (word(Key::Ttl), ttl),
                ];
                ("ICMP".to_string(), label, fields)
            }
            // A DNS card on the board: the message in the ladder's notation (RFC 1035
            // names: A, NXDOMAIN, TTL); the desk shows every box.
            Packet::Udp { src, dst, .. } => {
                let what = f
                    .packet
                    .dns()
                    .map_or_else(|| "UDP".to_string(), |m| m.describe());
                let label = card_label(lang, "UDP", src, dst, &what);
                let fields = vec![
                    (word(Key::CardSender), src.to_string()),
                    (word(Key::CardTo), dst.to_string()),
                    ("DNS", what),
                    (word(Key::Ttl), ttl),
                ];
                ("DNS".to_string(), label, fields)
            }
            // A tunnelled card travels by its outer addresses (RFC 2003 §3); what it
            // carries is the inner card's one-liner.
            Packet::Ipip { outer, inner } => {
                let what = inner.summary();
                let label = card_label(lang, "IPIP", outer.src, outer.dst, &what);
                let fields = vec![
                    (word(Key::CardSender), outer.src.to_string()),
                    (word(Key::CardTo), outer.dst.to_string()),
                    ("IP in IP", what),
                    (word(Key::Ttl), ttl),
                ];
                ("IPIP".to_string(), label, fields)
            }
        };
        let mut label = label;
        if f.forged {
            label.push_str(&format!(", {}", word(Key::CardForged)));
            fields.push((word(Key::CardForged), word(Key::CardForgedWhy).to_string()));
        }
        if f.held {
            label.push_str(&format!(", {}", word(Key::CardHeldBack)));
            fields.push((word(Key::CardFault), word(Key::CardHeldReorder).to_string()));
        } else if wait > Duration::ZERO {
            label.push_str(&format!(", {}", delayed_by(lang, wait)));
            fields.push((word(Key::CardFault), delayed_by(lang, wait)));
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
            lang,
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

/// A point `fraction` of the way along the line through `path` (by length), moved sideways
/// by `offset` from the segment it is on: a card on a link drawn with corners (the tiles'
/// trunks and gutters) follows the corners. A path of one point is that point.
pub fn along_path(path: &[(f64, f64)], fraction: f64, offset: f64) -> (f64, f64) {
    let segments = || path.windows(2).map(|w| (w[0], w[1]));
    let total: f64 = segments().map(|(a, b)| (b.0 - a.0).hypot(b.1 - a.1)).sum();
    let mut left = fraction.clamp(0.0, 1.0) * total;
    let mut last = None;
    for (a, b) in segments() {
        let len = (b.0 - a.0).hypot(b.1 - a.1);
        if left <= len && len > 0.0 {
            return along(a, b, left / len, offset);
        }
        left -= len;
        last = Some((a, b));
    }
    match (last, path.first()) {
        (Some((a, b)), _) => along(a, b, 1.0, offset),
        (None, Some(p)) => *p,
        (None, None) => (0.0, 0.0),
    }
}

/// How far a card must move on screen, in device pixels, before its glyph is redrawn.
///
/// Every redraw of one card makes the browser restyle it and raster again the tiles it
/// crosses: on a crowded board (200 cards on 20 LANs, each LAN drawn a few dozen pixels
/// large) redrawing every card every frame cost two frames' worth of raster. Half a device
/// pixel is a step nobody sees, so a card that drifts slowly (a long link on a small
/// board) is redrawn about once a second, while a card crossing a large board still moves
/// every frame. (Measured on the 200-card benchmark: a quarter pixel still dropped
/// frames; half a pixel halved the raster time again.)
pub const SNAP_DEVICE_PX: f64 = 0.5;

/// The finest step the board ever writes, in board units: the one decimal of `transform`.
pub const MIN_STEP: f64 = 0.1;

/// The snapping step, in board units, of a board whose `viewBox` is `view` units drawn in
/// a box of `client` CSS pixels at `device_pixel_ratio` (`preserveAspectRatio="xMidYMid
/// meet"`: the smaller of the two scales wins). A board not laid out (zero size, e.g.
/// while hidden) gets [`MIN_STEP`], so nothing is skipped when its size is unknown.
pub fn snap_step(client: (f64, f64), view: (f64, f64), device_pixel_ratio: f64) -> f64 {
    let scale = (client.0 / view.0).min(client.1 / view.1) * device_pixel_ratio;
    if scale.is_finite() && scale > 0.0 {
        (SNAP_DEVICE_PX / scale).max(MIN_STEP)
    } else {
        MIN_STEP
    }
}

/// The cell of the snapping grid (of `step` board units) that `at` falls in: a card is
/// redrawn only when its cell changes. (`as` saturates, so no position can overflow.)
pub fn snap(at: (f64, f64), step: f64) -> (i64, i64) {
    ((at.0 / step).round() as i64, (at.1 / step).round() as i64)
}

/// Where the glyph of a card in `cell` is drawn, in board units.
pub fn cell_point(cell: (i64, i64), step: f64) -> (f64, f64) {
    (cell.0 as f64 * step, cell.1 as f64 * step)
}

/// Slow cards are redrawn together, on every this many frames (30 times a second).
///
/// Each frame in which anything moves costs the browser a fixed amount (repaint, layers,
/// compositing) on top of each card's own cost, so on a crowded board of slow cards,
/// where a few cards change cell in almost every frame, moving them all in one frame out
/// of two halves that fixed cost. A slow card moves one cell (half a pixel) at a time,
/// so holding it back a frame shows nowhere.
pub const SLOW_REDRAW_FRAMES: u32 = 2;

/// Whether a glyph drawn in cell `drawn` must move to `now` in this frame: at once when it
/// jumped more than one cell (a fast card, or a jump between quarter points in reduced
/// motion), on the shared `beat` when it crept by one cell.
pub fn redraw_now(drawn: (i64, i64), now: (i64, i64), beat: bool) -> bool {
    let far = drawn.0.abs_diff(now.0).max(drawn.1.abs_diff(now.1));
    far > 1 || (far == 1 && beat)
}

/// "ICMP card from 10.0.1.254 to 10.0.1.2, …" in `lang`: a card that is not TCP, named by
/// its protocol, its ends and what it says.
fn card_label(
    lang: Lang,
    protocol: &str,
    src: impl std::fmt::Display,
    dst: impl std::fmt::Display,
    what: &str,
) -> String {
    match lang {
        Lang::En => format!("{protocol} card from {src} to {dst}, {what}"),
        Lang::It => format!("carta {protocol} da {src} a {dst}, {what}"),
    }
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

    /// Red's router tells Alice that her destination is unreachable (`code`).
    fn unreachable(code: u8) -> Packet {
        Packet::Icmp {
            src: [10, 0, 1, 254].into(),
            dst: [10, 0, 1, 2].into(),
            meta: IpMeta::default(),
            msg: IcmpMessage::DestUnreachable {
                code,
                quoted: Vec::new(),
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
        let c = CardInfo::from_flight(&flight(syn()), DELAY, Lang::En);
        assert_eq!(c.badge, "S");
        assert_eq!(c.label, "S — SYN card from 10.0.1.2 to 10.0.1.1, seq 0");
        assert!(!c.icmp && !c.forged);
        assert!(c.fields.contains(&("from", "10.0.1.2:40000".to_string())));
        assert!(c.fields.contains(&("seq", "0".to_string())));
        assert!(c.fields.contains(&("TTL", "64".to_string())));
    }

    /// English and Italian. A reader of Italian gets the card in Italian; the
    /// values (addresses, numbers, flag names) are the same.
    #[test]
    fn a_card_reads_in_italian_for_an_italian_reader() {
        let c = CardInfo::from_flight(&flight(syn()), DELAY, Lang::It);
        assert_eq!(c.label, "S — carta SYN da 10.0.1.2 a 10.0.1.1, seq 0");
        assert!(c.fields.contains(&("da", "10.0.1.2:40000".to_string())));
        assert!(
            c.fields
                .contains(&("ack", "— (nessun flag ACK)".to_string()))
        );
        let mut f = flight(unreachable(0));
        f.forged = true;
        let c = CardInfo::from_flight(&f, DELAY, Lang::It);
        assert_eq!(
            c.label,
            "carta ICMP da 10.0.1.254 a 10.0.1.2, destinazione irraggiungibile: rete \
             irraggiungibile (tipo 3 codice 0), falsa"
        );
        assert_eq!(c.lang, Lang::It);
    }

    #[test]
    fn flags_are_words_and_tcpdump_letters() {
        let mut p = syn();
        if let Packet::Tcp { seg, .. } = &mut p {
            seg.flags = TcpFlags::SYN | TcpFlags::ACK;
            seg.ack = SeqNumber(1);
            seg.payload = b"my name is Alice".to_vec();
        }
        let c = CardInfo::from_flight(&flight(p), DELAY, Lang::En);
        assert_eq!(c.badge, "S.");
        assert!(c.label.starts_with("S. — SYN+ACK card"), "{}", c.label);
        assert!(c.label.contains("ack 1") && c.label.contains("my name is Alice"));
        assert!(c.fields.contains(&("len", "16".to_string())));
        assert_eq!(flag_words(Lang::En, TcpFlags::NONE), "no-flag");
        // WCAG 2.5.3: whatever the glyph shows is in the card's name (first, when it is
        // not the flag words themselves), in both languages (axe flagged "P." on a data
        // card named "ACK+PSH card …").
        for flags in [
            TcpFlags::ACK | TcpFlags::PSH,
            TcpFlags::FIN | TcpFlags::ACK,
            TcpFlags::RST,
            TcpFlags::NONE,
        ] {
            let mut p = syn();
            if let Packet::Tcp { seg, .. } = &mut p {
                seg.flags = flags;
            }
            for lang in [Lang::En, Lang::It] {
                let c = CardInfo::from_flight(&flight(p.clone()), DELAY, lang);
                let flags = flag_words(lang, flags);
                let shown = if c.badge == flags {
                    c.label.contains(&flags)
                } else {
                    c.label.starts_with(&format!("{} — ", c.badge))
                };
                assert!(shown, "{} / {}", c.badge, c.label);
            }
        }
    }

    #[test]
    fn icmp_and_forged_cards_say_so() {
        let c = CardInfo::from_flight(&flight(unreachable(1)), DELAY, Lang::En);
        assert!(c.icmp);
        assert_eq!(c.badge, "ICMP");
        assert!(c.fields.contains(&("ICMP type", "3".to_string())));
        assert!(c.fields.contains(&("ICMP code", "1".to_string())));
        let mut f = flight(syn());
        f.forged = true;
        let c = CardInfo::from_flight(&f, DELAY, Lang::En);
        assert!(c.forged && c.label.ends_with(", forged"));
    }

    #[test]
    fn a_card_glides_along_its_link() {
        let c = CardInfo::from_flight(&flight(syn()), DELAY, Lang::En);
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
        let c = CardInfo::from_flight(&f, DELAY, Lang::En);
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
        assert_eq!(
            CardInfo::from_flight(&f, DELAY, Lang::En).wait,
            Duration::ZERO
        );
    }

    #[test]
    fn a_held_card_stays_off_its_sender_and_instant_legs_end_at_once() {
        let mut f = flight(syn());
        f.held = true;
        let c = CardInfo::from_flight(&f, DELAY, Lang::En);
        assert_eq!(c.progress(Instant::from_secs(11), false).fraction, HELD_AT);
        assert!(c.label.contains("held"));
        let mut f = flight(syn());
        f.arrive = f.depart;
        let c = CardInfo::from_flight(&f, DELAY, Lang::En);
        assert_eq!(c.progress(Instant::ZERO, false).fraction, 1.0);
    }

    /// A card on a link with corners follows them, at the same pace on every part.
    #[test]
    fn a_card_follows_a_link_with_corners() {
        let path = [(0.0, 0.0), (0.0, 10.0), (30.0, 10.0)];
        assert_eq!(along_path(&path, 0.0, 0.0), (0.0, 0.0));
        assert_eq!(along_path(&path, 0.25, 0.0), (0.0, 10.0));
        assert_eq!(along_path(&path, 0.5, 0.0), (10.0, 10.0));
        assert_eq!(along_path(&path, 1.0, 0.0), (30.0, 10.0));
        assert_eq!(along_path(&path, 7.0, 0.0), (30.0, 10.0), "clamped");
        // Sideways on the part it is on: left of a downward leg, below a rightward one.
        assert_eq!(along_path(&path, 0.1, 2.0), (-2.0, 4.0));
        assert_eq!(along_path(&path, 0.75, 2.0), (20.0, 12.0));
        assert_eq!(along_path(&[(5.0, 5.0)], 0.5, 2.0), (5.0, 5.0));
        assert_eq!(along_path(&[], 0.5, 2.0), (0.0, 0.0));
        // Two points: exactly `along`.
        assert_eq!(
            along_path(&[(0.0, 0.0), (10.0, 0.0)], 0.5, 2.0),
            along((0.0, 0.0), (10.0, 0.0), 0.5, 2.0)
        );
    }

    #[test]
    fn along_moves_sideways_by_the_offset() {
        assert_eq!(along((0.0, 0.0), (10.0, 0.0), 0.5, 2.0), (5.0, 2.0));
        assert_eq!(along((0.0, 0.0), (0.0, 0.0), 0.5, 2.0), (0.0, 0.0));
        assert_eq!(clip("abcdef", 4), "abc…");
        assert_eq!(clip("abc", 4), "abc");
    }

    /// The 20-team benchmark board (11627 × 11577 units in 1218 × 767 CSS pixels, so the
    /// height decides): a card must cross about 7.5 units before it moves half a pixel.
    /// A single LAN drawn larger than life snaps no coarser than the written precision,
    /// and a board not laid out yet skips nothing.
    #[test]
    fn the_snapping_step_is_half_a_device_pixel() {
        let step = snap_step((1218.0, 767.0), (11627.0, 11577.0), 1.0);
        assert!((step - 0.5 * 11577.0 / 767.0).abs() < 1e-9, "{step}");
        let retina = snap_step((1218.0, 767.0), (11627.0, 11577.0), 2.0);
        assert!((retina - step / 2.0).abs() < 1e-9);
        assert_eq!(snap_step((1200.0, 600.0), (100.0, 50.0), 1.0), MIN_STEP);
        assert_eq!(snap_step((0.0, 0.0), (300.0, 150.0), 1.0), MIN_STEP);
        assert_eq!(snap_step((100.0, 100.0), (0.0, 0.0), 1.0), MIN_STEP);
    }

    #[test]
    fn slow_cards_wait_for_the_beat_and_fast_ones_do_not() {
        assert!(!redraw_now((5, 5), (5, 5), true), "nothing moved");
        assert!(!redraw_now((5, 5), (6, 4), false), "crept one cell: wait");
        assert!(
            redraw_now((5, 5), (6, 4), true),
            "crept one cell: on the beat"
        );
        assert!(redraw_now((5, 5), (7, 5), false), "two cells: at once");
        assert!(redraw_now((i64::MIN, 0), (i64::MAX, 0), false));
    }

    #[test]
    fn a_card_is_redrawn_only_when_it_changes_cell() {
        let step = 2.5;
        assert_eq!(snap((100.0, 50.0), step), snap((100.9, 50.9), step));
        assert_ne!(snap((100.0, 50.0), step), snap((101.5, 50.0), step));
        assert_eq!(cell_point(snap((100.0, -50.0), step), step), (100.0, -50.0));
        assert_eq!(snap((f64::MAX, f64::NAN), step), (i64::MAX, 0));
    }
}
