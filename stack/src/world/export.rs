//! What a game leaves behind: a pcap for Wireshark and a ladder diagram per connection.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;

use crate::addr::Endpoint;
use crate::fault::FaultKind;
use crate::text::Text;
use crate::time::Instant;
use crate::wire::{self, Packet, PcapWriter};

use crate::sorted::SortedMap;

use super::World;
use super::event::{EventKind, MistakeNote};
use super::topology::{CardId, NodeId};

/// Which packets a pcap holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum PcapFilter {
    /// Every packet once, as delivered to its host (lost cards are not in it).
    All,
    /// What one node sent and received, as tcpdump on it would see it (a router sees each
    /// card twice: in, and out with its TTL one lower).
    Node(NodeId),
    /// The packets delivered to a host of this team or sent from its LAN.
    Team(usize),
}

/// One card of a connection's ladder diagram.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct LadderEntry {
    pub at: Instant,
    /// `None` for a card the referee sent back (coach mode): it never left the desk.
    pub card: Option<CardId>,
    pub from: NodeId,
    pub src: Endpoint,
    pub dst: Endpoint,
    /// "S", "S.", "P.", "R." as tcpdump writes TCP flags, or the ICMP message.
    pub what: String,
    /// Whether the card has sequence numbers: its own (TCP) or the quoted segment's (an
    /// ICMP error). A UDP card has none (RFC 768), and `seq`/`len` are then 0.
    pub numbered: bool,
    pub seq: u32,
    pub ack: Option<u32>,
    pub len: usize,
    pub forged: bool,
    pub fault: Option<FaultKind>,
    pub dropped: Option<Text>,
    pub mistakes: Vec<MistakeNote<Text>>,
    /// The card repeats one sent before on its connection (same direction, seq, flags and
    /// length): a retransmission (RFC 6298 §5.4), as Wireshark's flow graph marks it.
    pub resent: bool,
}

impl LadderEntry {
    /// What is written on the card's arrow: what it is, then its seq, ack (when the ACK
    /// flag is set) and data length, e.g. `S. seq 0 ack 1 len 0`; a UDP card has no
    /// numbers, only what it says (`DNS query A red.game? id 4660`).
    pub fn label(&self) -> String {
        let mut label = self.what.clone();
        if self.numbered {
            let _ = write!(label, " seq {}", self.seq);
            if let Some(ack) = self.ack {
                let _ = write!(label, " ack {ack}");
            }
            let _ = write!(label, " len {}", self.len);
        }
        label
    }
}

/// Every card between two endpoints, in time order. `a` is the end that wrote first.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Ladder {
    pub a: Endpoint,
    pub b: Endpoint,
    pub entries: Vec<LadderEntry>,
}

/// The ladder line of a card as `from` writes it now: which connection it belongs to and
/// what it says. An ICMP error is drawn on the connection it quotes (RFC 792); `None` for
/// a card that belongs to no connection (an ICMP quoting something other than TCP).
pub(super) fn ladder_entry(at: Instant, from: NodeId, packet: &Packet) -> Option<LadderEntry> {
    // A tunnelled card is drawn on the connection it carries, with both headers: the
    // outer one, then the inner card's whole label (RFC 2003 §3).
    if let Packet::Ipip { outer, inner } = packet {
        let mut entry = ladder_entry(at, from, inner)?;
        entry.what = format!("{} → {} IPIP [{}]", outer.src, outer.dst, entry.label());
        entry.numbered = false;
        return Some(entry);
    }
    let (src, dst, what, seq, ack, len) = match packet {
        Packet::Tcp { seg, .. } => (
            seg.src,
            seg.dst,
            seg.flags.tcpdump(),
            seg.seq.0,
            seg.flags.ack().then_some(seg.ack.0),
            seg.payload.len(),
        ),
        // A DNS exchange is drawn between its two endpoints, as a connection is.
        Packet::Udp { src, dst, .. } => (
            *src,
            *dst,
            packet
                .dns()
                .map_or_else(|| String::from("UDP"), |m| m.describe()),
            0,
            None,
            0,
        ),
        Packet::Ipip { .. } => return None,
        Packet::Icmp { msg, .. } => {
            let q = wire::quoted_tcp(msg.quoted()?)?;
            (
                q.dst,
                q.src,
                format!("ICMP {}", msg.describe()),
                q.seq.0,
                None,
                0,
            )
        }
    };
    Some(LadderEntry {
        at,
        card: None,
        from,
        src,
        dst,
        numbered: !matches!(packet, Packet::Udp { .. }),
        what,
        seq,
        ack,
        len,
        forged: false,
        fault: None,
        dropped: None,
        mistakes: Vec::new(),
        resent: false,
    })
}

impl World {
    /// Every ladder line of the game, folded from the event log: a card's line when it is
    /// first sent (a router passing it on sends the same card again) and again when the
    /// balancer wraps it, with both headers, a card coach mode
    /// sent back where its boxes made one, a host card's mistakes from its verdict (a
    /// router's verdict is about the routing, not the card as written), and the loss of a
    /// card.
    fn ladder_lines(&self) -> Vec<LadderEntry> {
        let mut lines: Vec<LadderEntry> = Vec::new();
        // Each card seen sent, with its line (none for a card on no connection).
        let mut line_of: SortedMap<CardId, Option<usize>> = SortedMap::new();
        for event in &self.log {
            match &event.kind {
                EventKind::CardSent {
                    card,
                    from,
                    packet,
                    forged,
                    fault,
                    ..
                } if !line_of.contains_key(card) || self.wraps(*from, packet) => {
                    let entry = ladder_entry(event.at, *from, packet);
                    line_of.insert(*card, entry.as_ref().map(|_| lines.len()));
                    if let Some(entry) = entry {
                        lines.push(LadderEntry {
                            card: Some(*card),
                            forged: *forged,
                            fault: fault.clone(),
                            ..entry
                        });
                    }
                }
                EventKind::CardRejected {
                    node,
                    packet: Some(packet),
                    mistakes,
                } => {
                    if let Some(entry) = ladder_entry(event.at, *node, packet) {
                        lines.push(LadderEntry {
                            mistakes: mistakes.clone(),
                            ..entry
                        });
                    }
                }
                EventKind::Verdict {
                    node,
                    card,
                    mistakes,
                    ..
                } if !mistakes.is_empty() && !self.is_router(*node) => {
                    if let Some(Some(i)) = line_of.get(card).copied() {
                        lines[i].mistakes = mistakes.clone();
                    }
                }
                EventKind::CardDropped { card, reason, .. } => {
                    if let Some(Some(i)) = line_of.get(card).copied() {
                        lines[i].dropped = Some(reason.clone());
                    }
                }
                _ => {}
            }
        }
        lines
    }

    /// Whether `node` passes cards on rather than ending their journey: a router, or the
    /// balancer, whose tunnel ends at a backend.
    fn is_router(&self, node: NodeId) -> bool {
        self.node(node).is_some_and(|n| {
            matches!(
                n.role,
                super::Role::Router { .. } | super::Role::Balancer { .. }
            )
        })
    }

    /// Whether `packet` leaving `from` is the balancer's tunnel: a card drawn anew.
    pub(super) fn wraps(&self, from: NodeId, packet: &Packet) -> bool {
        matches!(packet, Packet::Ipip { .. }) && self.lb(from).is_some()
    }

    /// The ladder of every connection, in the order the connections started.
    pub fn ladders(&self) -> Vec<Ladder> {
        let mut out: Vec<Ladder> = Vec::new();
        for mut e in self.ladder_lines() {
            let found = out
                .iter_mut()
                .find(|l| (l.a == e.src && l.b == e.dst) || (l.a == e.dst && l.b == e.src));
            match found {
                Some(l) => {
                    // Only a card that takes sequence numbers is ever sent again.
                    let numbered = e.numbered
                        && (e.len > 0
                            || (!e.what.starts_with("ICMP") && e.what.contains(['S', 'F'])));
                    e.resent = numbered
                        && e.card.is_some()
                        && l.entries.iter().any(|p| {
                            p.card.is_some()
                                && (p.src, p.seq, p.len, &p.what) == (e.src, e.seq, e.len, &e.what)
                        });
                    l.entries.push(e);
                }
                None => out.push(Ladder {
                    a: e.src,
                    b: e.dst,
                    entries: alloc::vec![e],
                }),
            }
        }
        out
    }

    /// A text ladder per connection, like Wireshark's flow graph: one line per card with
    /// an arrow in its direction, and the faults and mistakes written beside it.
    pub fn ladder_text(&self) -> String {
        let mut text = String::new();
        for l in self.ladders() {
            let _ = writeln!(text, "{}  <->  {}", l.a, l.b);
            for e in &l.entries {
                let arrow = if e.src == l.a { "------>" } else { "<------" };
                let line = e.label();
                let _ = write!(text, "  {:>10}  {arrow}  {line}", format!("{}", e.at));
                if e.forged {
                    text.push_str("  [forged]");
                }
                if let Some(f) = &e.fault {
                    let _ = write!(text, "  [fault: {f}]");
                }
                if e.card.is_none() {
                    text.push_str("  [rejected]");
                }
                if e.resent {
                    text.push_str("  [sent again]");
                }
                if let Some(d) = &e.dropped {
                    let _ = write!(text, "  [dropped: {d}]");
                }
                for m in &e.mistakes {
                    let _ = write!(text, "\n  {:>10}  ! {m}", "");
                }
                text.push('\n');
            }
            text.push('\n');
        }
        text
    }

    /// The game as a pcap file (link type 101, raw IPv4), for Wireshark or tshark, folded
    /// from the event log: a card is captured where it leaves a node (`CardSent`) and where
    /// it reaches one (`CardArrived`); the end of its journey is its arrival at a host.
    pub fn pcap(&self, filter: PcapFilter) -> Vec<u8> {
        let mut writer = PcapWriter::new();
        for event in &self.log {
            let (node, final_hop, packet) = match &event.kind {
                EventKind::CardSent { from, packet, .. } => (*from, false, packet),
                EventKind::CardArrived { node, packet, .. } => {
                    (*node, !self.is_router(*node), packet)
                }
                _ => continue,
            };
            let keep = match filter {
                PcapFilter::All => final_hop,
                PcapFilter::Node(n) => node == n,
                PcapFilter::Team(t) => {
                    let lan = self.teams.get(t).map(|v| v.lan);
                    final_hop
                        && (self.node(node).is_some_and(|n| n.team == t)
                            || lan.is_some_and(|l| l.contains(packet.src())))
                }
            };
            if keep {
                writer.push(event.at, &packet.encode());
            }
        }
        writer.into_bytes()
    }
}
