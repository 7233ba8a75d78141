//! The paper card of seed 000: what a player writes, field by field, as text. A card may be
//! blank or full of nonsense; [`Card::parse`] turns it into a [`Packet`] or reports every
//! problem at once, each naming its field, so the desk can underline them all.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use crate::addr::{Endpoint, Ipv4Addr};
use crate::segment::{TcpFlags, TcpSegment};
use crate::seq::SeqNumber;
use crate::text::{Text, text};
use crate::wire::{self, IcmpMessage, IpMeta, Packet};

mod dns_boxes;
#[cfg(test)]
#[path = "../tests/common/dns_cards.rs"]
pub(crate) mod dns_cards;
mod slip;
mod tunnel;

pub use dns_boxes::MAX_TTL;
pub use slip::TunnelSlip;
pub use tunnel::Tunnel;

/// The most data bytes one card carries. A card holds a line of text, and 1000 bytes stay
/// below every MSS (1460 on Ethernet, RFC 9293 §3.7.1), so one card is one segment.
pub const MAX_DATA: usize = 1000;

/// The window a parsed card advertises. Cards have no window box (the game never teaches
/// flow control), so every card offers the full 16-bit window (RFC 9293 §3.1).
pub const CARD_WINDOW: u16 = 65535;

/// A box on the card (or, for routers, on the decision slip).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Field {
    SrcIp,
    DstIp,
    SrcPort,
    DstPort,
    Flags,
    Seq,
    Ack,
    Data,
    Ttl,
    IcmpType,
    IcmpCode,
    /// A router's decision (deliver, forward, ICMP, drop).
    Choice,
    /// The gateway a router forwards to.
    NextHop,
    /// The DNS boxes of a UDP card (RFC 1035 §4.1.1 header, §4.1.2 question, §4.1.3
    /// answers): the ID, the four flag ticks, opcode and RCODE.
    DnsId,
    DnsQr,
    DnsOpcode,
    DnsAa,
    DnsRd,
    DnsRa,
    DnsRcode,
    /// The question's name, type and class.
    DnsQname,
    DnsQtype,
    DnsQclass,
    /// The answer records, one per line: `name TTL address`.
    DnsAnswers,
    /// The balancer's slip (RFC 2003 §3.1): the outer header's protocol, and the inner
    /// datagram's destination and TTL, which must leave unchanged. The outer source,
    /// destination and TTL are the source IP, destination IP and TTL boxes.
    Protocol,
    InnerDstIp,
    InnerTtl,
}

impl Field {
    /// Every box, in the order the card prints them.
    pub const ALL: [Field; 27] = [
        Field::SrcIp,
        Field::DstIp,
        Field::SrcPort,
        Field::DstPort,
        Field::Flags,
        Field::Seq,
        Field::Ack,
        Field::Data,
        Field::Ttl,
        Field::IcmpType,
        Field::IcmpCode,
        Field::Choice,
        Field::NextHop,
        Field::DnsId,
        Field::DnsQr,
        Field::DnsOpcode,
        Field::DnsAa,
        Field::DnsRd,
        Field::DnsRa,
        Field::DnsRcode,
        Field::DnsQname,
        Field::DnsQtype,
        Field::DnsQclass,
        Field::DnsAnswers,
        Field::Protocol,
        Field::InnerDstIp,
        Field::InnerTtl,
    ];

    /// The box whose printed name is `label` (an event log keeps only the label).
    pub fn from_label(label: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.label() == label)
    }

    /// The name printed on the card, used at the start of every message about it.
    pub fn label(&self) -> &'static str {
        match self {
            Field::SrcIp => "source IP",
            Field::DstIp => "destination IP",
            Field::SrcPort => "source port",
            Field::DstPort => "destination port",
            Field::Flags => "flags",
            Field::Seq => "seq",
            Field::Ack => "ack",
            Field::Data => "data",
            Field::Ttl => "TTL",
            Field::IcmpType => "ICMP type",
            Field::IcmpCode => "ICMP code",
            Field::Choice => "choice",
            Field::NextHop => "next hop",
            Field::DnsId => "DNS ID",
            Field::DnsQr => "QR",
            Field::DnsOpcode => "opcode",
            Field::DnsAa => "AA",
            Field::DnsRd => "RD",
            Field::DnsRa => "RA",
            Field::DnsRcode => "RCODE",
            Field::DnsQname => "question name",
            Field::DnsQtype => "question type",
            Field::DnsQclass => "question class",
            Field::DnsAnswers => "answers",
            Field::Protocol => "protocol",
            Field::InnerDstIp => "inner destination IP",
            Field::InnerTtl => "inner TTL",
        }
    }

    /// The same name on the Italian card, used at the start of the Italian messages.
    pub fn label_it(&self) -> &'static str {
        match self {
            Field::SrcIp => "IP sorgente",
            Field::DstIp => "IP destinazione",
            Field::SrcPort => "porta sorgente",
            Field::DstPort => "porta destinazione",
            Field::Flags => "flag",
            Field::Seq => "seq",
            Field::Ack => "ack",
            Field::Data => "dati",
            Field::Ttl => "TTL",
            Field::IcmpType => "tipo ICMP",
            Field::IcmpCode => "codice ICMP",
            Field::Choice => "scelta",
            Field::NextHop => "prossimo salto",
            Field::DnsId => "ID DNS",
            Field::DnsQr => "QR",
            Field::DnsOpcode => "opcode",
            Field::DnsAa => "AA",
            Field::DnsRd => "RD",
            Field::DnsRa => "RA",
            Field::DnsRcode => "RCODE",
            Field::DnsQname => "nome nella domanda",
            Field::DnsQtype => "tipo nella domanda",
            Field::DnsQclass => "classe nella domanda",
            Field::DnsAnswers => "risposte",
            Field::Protocol => "protocollo",
            Field::InnerDstIp => "IP destinazione interno",
            Field::InnerTtl => "TTL interno",
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Which card a player picked up: hosts write TCP cards, routers write ICMP ones, and a
/// DNS question or answer travels on a UDP card.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum CardKind {
    #[default]
    Tcp,
    Icmp,
    Udp,
}

/// A card as written: every box is text, exactly as typed. `Default` is a blank TCP card.
///
/// The DNS boxes of a UDP card are left out of the JSON while blank, so a saved game of
/// TCP and ICMP cards reads and writes the same bytes as before they existed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Card {
    pub kind: CardKind,
    pub src_ip: String,
    pub dst_ip: String,
    pub src_port: String,
    pub dst_port: String,
    pub syn: bool,
    pub ack_flag: bool,
    pub fin: bool,
    pub rst: bool,
    pub psh: bool,
    pub seq: String,
    pub ack: String,
    pub data: String,
    pub ttl: String,
    pub icmp_type: String,
    pub icmp_code: String,
    /// DNS ID, 0–65535 (RFC 1035 §4.1.1).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "String::is_empty")
    )]
    pub dns_id: String,
    /// QR ticked: an answer; blank: a question.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "is_false"))]
    pub dns_qr: bool,
    /// OPCODE, 0–15; blank is 0, the standard query.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "String::is_empty")
    )]
    pub dns_opcode: String,
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "is_false"))]
    pub dns_aa: bool,
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "is_false"))]
    pub dns_rd: bool,
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "is_false"))]
    pub dns_ra: bool,
    /// RCODE, 0–15; blank is 0 on a question, and must be written on an answer.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "String::is_empty")
    )]
    pub dns_rcode: String,
    /// The question: a name (`red.game`), a type (`A` or 1) and a class (`IN` or 1).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "String::is_empty")
    )]
    pub dns_qname: String,
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "String::is_empty")
    )]
    pub dns_qtype: String,
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "String::is_empty")
    )]
    pub dns_qclass: String,
    /// The answers, one A record per line as `name TTL address` (`red.game 300 10.0.1.1`):
    /// type A and class IN are the only ones in the game, so they are not written.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "String::is_empty")
    )]
    pub dns_answers: String,
}

/// Whether a tick is off, so the JSON leaves it out.
#[cfg(feature = "serde")]
fn is_false(on: &bool) -> bool {
    !*on
}

/// One problem with one box of a card.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct FieldError {
    pub field: Field,
    /// What the player wrote, so the message can be shown next to it.
    pub got: String,
    /// A whole sentence that starts with the field's label.
    pub message: String,
    /// The same sentence in Italian (see [`crate::text`]); every message of the card has
    /// one, `Option` as for every plain-`String` sentence with a twin.
    pub it: Option<String>,
}

impl FieldError {
    /// The message in both languages.
    pub fn text(&self) -> Text {
        Text {
            en: self.message.clone(),
            it: self.it.clone(),
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// What the player means to do with a TCP card, read from its flags.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Intent {
    /// SYN: open a connection.
    Open,
    /// SYN+ACK: accept a connection someone opened.
    OpenReply,
    /// Data on an open connection.
    Data,
    /// A bare ACK: acknowledge what arrived.
    Ack,
    /// FIN: no more data from this side.
    Close,
    /// RST: tear the connection down (or refuse one).
    Abort,
    /// An ICMP error card.
    IcmpError,
    /// A UDP card carrying a DNS question or answer.
    Dns,
}

impl Intent {
    /// A few words for "you wanted to …" sentences.
    pub fn describe(&self) -> &'static str {
        match self {
            Intent::Open => "open a connection (SYN)",
            Intent::OpenReply => "answer a connection request (SYN+ACK)",
            Intent::Data => "send data",
            Intent::Ack => "acknowledge (ACK)",
            Intent::Close => "close your side (FIN)",
            Intent::Abort => "reset a connection (RST)",
            Intent::IcmpError => "report an error (ICMP)",
            Intent::Dns => "ask or answer a name (DNS over UDP)",
        }
    }

    /// The same words in Italian, for the referee's Italian sentences ("puoi … solo su …").
    pub fn describe_it(&self) -> &'static str {
        match self {
            Intent::Open => "aprire una connessione (SYN)",
            Intent::OpenReply => "rispondere a una richiesta di connessione (SYN+ACK)",
            Intent::Data => "inviare dati",
            Intent::Ack => "confermare (ACK)",
            Intent::Close => "chiudere il tuo lato (FIN)",
            Intent::Abort => "azzerare una connessione (RST)",
            Intent::IcmpError => "segnalare un errore (ICMP)",
            Intent::Dns => "chiedere o rispondere un nome (DNS su UDP)",
        }
    }
}

/// Reads the intent from the flags, most decisive flag first: a RST aborts whatever else
/// is ticked; SYN+ACK answers an open; SYN opens; FIN closes (even with data on it); data
/// sends; anything else acknowledges.
pub fn intent_of(seg: &TcpSegment) -> Intent {
    let f = seg.flags;
    if f.rst() {
        Intent::Abort
    } else if f.syn() && f.ack() {
        Intent::OpenReply
    } else if f.syn() {
        Intent::Open
    } else if f.fin() {
        Intent::Close
    } else if !seg.payload.is_empty() {
        Intent::Data
    } else {
        Intent::Ack
    }
}

/// What a router player decides for one arriving card.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum RouterChoice {
    /// Hand it to the destination on one of my own networks.
    Deliver,
    /// Pass it to this neighbour router.
    Forward { gateway: Ipv4Addr },
    /// Send the source an ICMP destination unreachable with this code.
    IcmpUnreachable { code: u8 },
    /// Send the source an ICMP time exceeded (the TTL ran out).
    IcmpTimeExceeded,
    /// Throw it away without a word.
    Drop,
    /// Keep it: it is addressed to the router itself, whose own stack answers it as any
    /// host does (RFC 1812 §4.2.2.1: a router is a host for its own addresses).
    Keep,
    /// The load balancer's choice: wrap the card for a backend (IP in IP, RFC 2003 §3).
    Encapsulate(Tunnel),
}

impl RouterChoice {
    /// The choice in both languages, as a verdict shows what was expected and what was
    /// chosen (the English is the `Display`).
    pub fn text(&self) -> Text {
        match *self {
            RouterChoice::Deliver => text!("deliver on the LAN", "consegna sulla LAN"),
            RouterChoice::Forward { gateway } => {
                text!("forward to {gateway}", "inoltra a {gateway}")
            }
            RouterChoice::IcmpUnreachable { code } => text!(
                "ICMP destination unreachable code {code}",
                "ICMP destinazione irraggiungibile codice {code}"
            ),
            RouterChoice::IcmpTimeExceeded => text!("ICMP time exceeded", "ICMP tempo scaduto"),
            RouterChoice::Drop => text!("drop silently", "scarta in silenzio"),
            RouterChoice::Keep => text!("keep it: it is for me", "tienila: è per me"),
            RouterChoice::Encapsulate(tunnel) => tunnel.text(),
        }
    }
}

impl fmt::Display for RouterChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RouterChoice::Deliver => f.write_str("deliver on the LAN"),
            RouterChoice::Forward { gateway } => write!(f, "forward to {gateway}"),
            RouterChoice::IcmpUnreachable { code } => {
                write!(f, "ICMP destination unreachable code {code}")
            }
            RouterChoice::IcmpTimeExceeded => f.write_str("ICMP time exceeded"),
            RouterChoice::Drop => f.write_str("drop silently"),
            RouterChoice::Keep => f.write_str("keep it: it is for me"),
            RouterChoice::Encapsulate(tunnel) => tunnel.fmt(f),
        }
    }
}

/// Why a number box could not be read.
enum NumberProblem {
    Blank,
    /// Starts with a minus sign followed by digits.
    Negative,
    NotANumber,
    /// Digits only, but more than `u64` holds.
    Huge,
}

/// Reads a decimal number the way a person writes it: surrounding spaces are fine, only
/// the ASCII digits 0–9 count (no signs, no hex, no other scripts' digits).
fn read_number(text: &str) -> Result<u64, NumberProblem> {
    let t = text.trim();
    if t.is_empty() {
        return Err(NumberProblem::Blank);
    }
    let digits = match t.strip_prefix('-') {
        Some(rest) if !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()) => {
            return Err(NumberProblem::Negative);
        }
        _ => t,
    };
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(NumberProblem::NotANumber);
    }
    digits.bytes().try_fold(0u64, |acc, b| {
        acc.checked_mul(10)
            .and_then(|n| n.checked_add(u64::from(b - b'0')))
            .ok_or(NumberProblem::Huge)
    })
}

/// Collects the problems of one card, field by field.
struct Problems(Vec<FieldError>);

impl Problems {
    fn push(&mut self, field: Field, got: &str, message: Text) {
        self.0.push(FieldError {
            field,
            got: got.to_string(),
            message: message.en,
            it: message.it,
        });
    }

    /// A number from `min` to `max`; `blank` is the whole message for an empty box.
    fn number(&mut self, field: Field, text: &str, min: u64, max: u64, blank: Text) -> Option<u64> {
        let (label, nome) = (field.label(), field.label_it());
        let range = format!("a whole number from {min} to {max}");
        let serve = format!("serve un numero intero da {min} a {max}");
        let message = match read_number(text) {
            Ok(n) if (min..=max).contains(&n) => return Some(n),
            Ok(n) if n < min => text!(
                "{label} {n} is too small: it must be {range}",
                "{nome}: {n} è troppo piccolo, {serve}"
            ),
            Ok(n) => text!(
                "{label} {n} is too big: it must be {range}",
                "{nome}: {n} è troppo grande, {serve}"
            ),
            Err(NumberProblem::Blank) => blank,
            Err(NumberProblem::Negative) => text!(
                "{label} cannot be negative: it must be {range}",
                "{nome}: niente numeri negativi, {serve}"
            ),
            Err(NumberProblem::Huge) => text!(
                "{label} is far too big: it must be {range}",
                "{nome}: il numero è decisamente troppo grande, {serve}"
            ),
            Err(NumberProblem::NotANumber) => text!(
                "{label} must be {range}, written with the digits 0-9",
                "{nome}: {serve}, scritto con le cifre 0-9"
            ),
        };
        self.push(field, text, message);
        None
    }

    /// An IPv4 address in dotted-decimal notation (RFC 791 §2.3 addresses, written the
    /// usual way). Leading zeros are read as decimal: a paper card knows no octal.
    fn ip(&mut self, field: Field, text: &str, blank: Text) -> Option<Ipv4Addr> {
        let (label, nome) = (field.label(), field.label_it());
        let t = text.trim();
        if t.is_empty() {
            self.push(field, text, blank);
            return None;
        }
        let parts: Vec<&str> = t.split('.').collect();
        let four = text!(
            "{label} must have four numbers 0–255 separated by dots, e.g. 10.0.1.2",
            "{nome}: servono quattro numeri da 0 a 255 separati da punti, es. 10.0.1.2"
        );
        if parts.len() != 4 {
            self.push(field, text, four);
            return None;
        }
        let mut octets = [0u8; 4];
        for (slot, part) in octets.iter_mut().zip(&parts) {
            match read_number(part) {
                Ok(n) => match u8::try_from(n) {
                    Ok(b) => *slot = b,
                    Err(_) => {
                        let message = text!(
                            "{label}: {n} is too big, each number is 0–255",
                            "{nome}: {n} è troppo grande, ogni numero va da 0 a 255"
                        );
                        self.push(field, text, message);
                        return None;
                    }
                },
                Err(NumberProblem::Huge) => {
                    let message = text!(
                        "{label}: each number is 0–255, {part} is too big",
                        "{nome}: ogni numero va da 0 a 255, {part} è troppo grande"
                    );
                    self.push(field, text, message);
                    return None;
                }
                Err(_) => {
                    self.push(field, text, four);
                    return None;
                }
            }
        }
        Some(Ipv4Addr::from(octets))
    }
}

impl Card {
    /// Reads the card. Every box is checked and every problem reported, so a student sees
    /// all of them at once; the order of the errors is the order of the boxes on the card.
    /// An ICMP error card gets an empty quote (see [`Card::parse_answering`]).
    pub fn parse(&self) -> Result<Packet, Vec<FieldError>> {
        self.parse_quoting(Vec::new())
    }

    /// Reads an ICMP error card written about `original`: the quote (its IP header and
    /// first 8 bytes, RFC 792) is copied by the engine, not by hand.
    pub fn parse_answering(&self, original: &Packet) -> Result<Packet, Vec<FieldError>> {
        self.parse_quoting(wire::quote(&original.encode()))
    }

    fn parse_quoting(&self, quoted: Vec<u8>) -> Result<Packet, Vec<FieldError>> {
        let mut p = Problems(Vec::new());
        let src = p.ip(
            Field::SrcIp,
            &self.src_ip,
            text!(
                "source IP is blank: write this host's address, e.g. 10.0.1.2",
                "l'IP sorgente è vuoto: scrivi l'indirizzo di questo host, es. 10.0.1.2"
            ),
        );
        let dst = p.ip(
            Field::DstIp,
            &self.dst_ip,
            text!(
                "destination IP is blank: write the address you are sending to, e.g. 10.0.1.1",
                "l'IP destinazione è vuoto: scrivi l'indirizzo a cui stai inviando, es. 10.0.1.1"
            ),
        );
        let packet = match self.kind {
            CardKind::Tcp => self.parse_tcp(&mut p),
            CardKind::Icmp => self.parse_icmp(&mut p, quoted),
            CardKind::Udp => self.parse_udp(&mut p),
        };
        // RFC 791 §3.1: TTL is 8 bits; 0 would be dead on arrival. Blank means the usual 64
        // (RFC 1700's default, the one `IpMeta::default` uses).
        let ttl = if self.ttl.trim().is_empty() {
            Some(IpMeta::default().ttl)
        } else {
            let blank = text!(
                "TTL is blank: leave it empty for 64, or write 1 to 255",
                "il TTL è vuoto: lascialo vuoto per avere 64, oppure scrivi da 1 a 255"
            );
            p.number(Field::Ttl, &self.ttl, 1, 255, blank)
                .and_then(|n| u8::try_from(n).ok())
        };
        match (src, dst, packet, ttl, p.0.is_empty()) {
            (Some(src), Some(dst), Some(body), Some(ttl), true) => {
                let meta = IpMeta {
                    ttl,
                    ..IpMeta::default()
                };
                Ok(match body {
                    Body::Tcp(mut seg) => {
                        seg.src.addr = src;
                        seg.dst.addr = dst;
                        Packet::Tcp { meta, seg }
                    }
                    Body::Icmp(msg) => Packet::Icmp {
                        src,
                        dst,
                        meta,
                        msg,
                    },
                    Body::Udp {
                        src_port,
                        dst_port,
                        payload,
                    } => Packet::Udp {
                        src: Endpoint::new(src, src_port),
                        dst: Endpoint::new(dst, dst_port),
                        meta,
                        payload,
                    },
                })
            }
            _ => Err(p.0),
        }
    }

    /// The two port boxes of a TCP or UDP card. Port 0 is reserved and never appears on
    /// the wire (RFC 6335 §6), so cards use 1–65535.
    fn ports(&self, p: &mut Problems) -> (Option<u16>, Option<u16>) {
        let src_port = p.number(
            Field::SrcPort,
            &self.src_port,
            1,
            65535,
            text!(
                "source port is blank: pick any free number, e.g. 40000",
                "la porta sorgente è vuota: scegli un numero libero qualsiasi, es. 40000"
            ),
        );
        let dst_port = p.number(
            Field::DstPort,
            &self.dst_port,
            1,
            65535,
            text!(
                "destination port is blank: write the port you talk to, 23 for telnet",
                "la porta destinazione è vuota: scrivi la porta con cui parli, 23 per telnet"
            ),
        );
        let port = |n: Option<u64>| n.and_then(|n| u16::try_from(n).ok());
        (port(src_port), port(dst_port))
    }

    fn parse_tcp(&self, p: &mut Problems) -> Option<Body> {
        let (src_port, dst_port) = self.ports(p);
        let max = u64::from(u32::MAX);
        let seq = p.number(
            Field::Seq,
            &self.seq,
            0,
            max,
            text!(
                "seq is blank: write your sequence number (your first card starts at your ISN)",
                "seq è vuoto: scrivi il tuo numero di sequenza (la tua prima carta parte dal tuo \
                 ISN)"
            ),
        );
        // Seed 000: "In the first packet, there is no ack, it's empty" — without the ACK
        // flag the box may stay blank and the field is sent as 0 (RFC 9293 §3.1: the
        // acknowledgment number is only meaningful when ACK is set).
        let ack = if !self.ack_flag && self.ack.trim().is_empty() {
            Some(0)
        } else {
            p.number(
                Field::Ack,
                &self.ack,
                0,
                max,
                text!(
                    "ack is blank but the ACK flag is ticked: write the next number you expect \
                     from the other side",
                    "ack è vuoto ma il flag ACK è spuntato: scrivi il prossimo numero che ti \
                     aspetti dall'altro lato"
                ),
            )
        };
        let payload = self.data_bytes(p);
        let flags = [
            (self.syn, TcpFlags::SYN),
            (self.ack_flag, TcpFlags::ACK),
            (self.fin, TcpFlags::FIN),
            (self.rst, TcpFlags::RST),
            (self.psh, TcpFlags::PSH),
        ]
        .into_iter()
        .filter(|(on, _)| *on)
        .fold(TcpFlags::NONE, |acc, (_, f)| acc | f);
        let unknown = Ipv4Addr::UNSPECIFIED;
        Some(Body::Tcp(TcpSegment {
            src: Endpoint::new(unknown, src_port?),
            dst: Endpoint::new(unknown, dst_port?),
            seq: SeqNumber(u32::try_from(seq?).ok()?),
            ack: SeqNumber(u32::try_from(ack?).ok()?),
            flags,
            window: CARD_WINDOW,
            payload: payload?,
        }))
    }

    fn data_bytes(&self, p: &mut Problems) -> Option<Vec<u8>> {
        let len = self.data.len();
        if len > MAX_DATA {
            let message = text!(
                "data is {len} bytes long, but a card holds at most {MAX_DATA}: send the rest \
                 on another card",
                "i dati sono lunghi {len} byte, ma una carta ne contiene al massimo {MAX_DATA}: \
                 manda il resto su un'altra carta"
            );
            // The whole text would make a huge error; the start is enough to recognise it.
            let start: String = self.data.chars().take(40).collect();
            p.push(Field::Data, &start, message);
            return None;
        }
        Some(self.data.as_bytes().to_vec())
    }

    /// The ICMP messages of the game (RFC 792): destination unreachable (type 3, codes
    /// 0–15 as listed in RFC 1812 §5.2.7.1), time exceeded (type 11, codes 0–1) and the
    /// echo pair (types 8 and 0, code 0), whose data box is the echo data.
    fn parse_icmp(&self, p: &mut Problems, quoted: Vec<u8>) -> Option<Body> {
        let icmp_type = p.number(
            Field::IcmpType,
            &self.icmp_type,
            0,
            255,
            text!(
                "ICMP type is blank: 3 = destination unreachable, 11 = time exceeded",
                "il tipo ICMP è vuoto: 3 = destinazione irraggiungibile, 11 = tempo scaduto"
            ),
        );
        let code = p.number(
            Field::IcmpCode,
            &self.icmp_code,
            0,
            255,
            text!(
                "ICMP code is blank: for type 3, 0 = network, 1 = host, 3 = port unreachable",
                "il codice ICMP è vuoto: per il tipo 3, 0 = rete, 1 = host, 3 = porta \
                 irraggiungibile"
            ),
        );
        let data = self.data_bytes(p);
        let (icmp_type, code) = (icmp_type?, u8::try_from(code?).ok()?);
        let max_code = match icmp_type {
            3 => 15,
            11 => 1,
            0 | 8 => 0,
            other => {
                let message = text!(
                    "ICMP type {other} is not part of the game: use 3 (destination \
                     unreachable), 11 (time exceeded), 8 (echo request) or 0 (echo reply)",
                    "il tipo ICMP {other} non fa parte del gioco: usa 3 (destinazione \
                     irraggiungibile), 11 (tempo scaduto), 8 (echo request) o 0 (echo reply)"
                );
                p.push(Field::IcmpType, &self.icmp_type, message);
                return None;
            }
        };
        if code > max_code {
            let message = text!(
                "ICMP code {code} does not exist for type {icmp_type}: use 0 to {max_code}",
                "il codice ICMP {code} non esiste per il tipo {icmp_type}: usa da 0 a {max_code}"
            );
            p.push(Field::IcmpCode, &self.icmp_code, message);
            return None;
        }
        let data = data?;
        Some(Body::Icmp(match icmp_type {
            3 => IcmpMessage::DestUnreachable { code, quoted },
            11 => IcmpMessage::TimeExceeded { code, quoted },
            8 => IcmpMessage::EchoRequest {
                ident: 0,
                seq: 0,
                data,
            },
            _ => IcmpMessage::EchoReply {
                ident: 0,
                seq: 0,
                data,
            },
        }))
    }

    /// The card a player would write to send `p`. What a card cannot hold is left out:
    /// the window, the IP identification, the echo identifier and sequence, and the ICMP
    /// quote (the engine adds it); bytes that are not UTF-8 text become `�`.
    pub fn from_packet(p: &Packet) -> Card {
        let ttl = p.ttl().to_string();
        match p {
            Packet::Tcp { seg, .. } => Card {
                kind: CardKind::Tcp,
                src_ip: seg.src.addr.to_string(),
                dst_ip: seg.dst.addr.to_string(),
                src_port: seg.src.port.to_string(),
                dst_port: seg.dst.port.to_string(),
                syn: seg.flags.syn(),
                ack_flag: seg.flags.ack(),
                fin: seg.flags.fin(),
                rst: seg.flags.rst(),
                psh: seg.flags.psh(),
                seq: seg.seq.to_string(),
                // Seed 000: the first SYN's ack box stays empty.
                ack: if seg.flags.ack() || seg.ack != SeqNumber(0) {
                    seg.ack.to_string()
                } else {
                    String::new()
                },
                data: String::from_utf8_lossy(&seg.payload).into_owned(),
                ttl,
                ..Card::default()
            },
            Packet::Icmp { src, dst, msg, .. } => Card {
                kind: CardKind::Icmp,
                src_ip: src.to_string(),
                dst_ip: dst.to_string(),
                icmp_type: msg.icmp_type().to_string(),
                icmp_code: msg.code().to_string(),
                data: match msg {
                    IcmpMessage::EchoRequest { data, .. } | IcmpMessage::EchoReply { data, .. } => {
                        String::from_utf8_lossy(data).into_owned()
                    }
                    _ => String::new(),
                },
                ttl,
                ..Card::default()
            },
            Packet::Udp { src, dst, .. } => {
                let card = Card {
                    kind: CardKind::Udp,
                    src_ip: src.addr.to_string(),
                    dst_ip: dst.addr.to_string(),
                    src_port: src.port.to_string(),
                    dst_port: dst.port.to_string(),
                    ttl,
                    ..Card::default()
                };
                match p.dns() {
                    Some(m) => card.with_dns(&m),
                    None => card,
                }
            }
            // A tunnelled card is read for what it carries: the outer header is the
            // tunnel's, and the backend answers the inner datagram (RFC 2003 §3.1).
            Packet::Ipip { inner, .. } => Card::from_packet(inner),
        }
    }

    /// A fresh card answering `p` (a UDP card for a DNS datagram, a TCP card otherwise),
    /// pre-filled with only what a person copies from the card in their hand: the addresses
    /// and ports, swapped. Never the numbers, flags or DNS boxes — working those out is the
    /// game.
    pub fn reply_to(p: &Packet) -> Card {
        // A backend answers what the tunnel carried, from the VIP the client wrote to.
        if let Packet::Ipip { inner, .. } = p {
            return Card::reply_to(inner);
        }
        let mut card = Card {
            src_ip: p.dst().to_string(),
            dst_ip: p.src().to_string(),
            ..Card::default()
        };
        match p {
            Packet::Tcp { seg, .. } => {
                card.src_port = seg.dst.port.to_string();
                card.dst_port = seg.src.port.to_string();
            }
            // A DNS answer travels back on UDP between the same two ports (RFC 1035
            // §4.2.1); the ID and the question are the player's to copy.
            Packet::Udp { src, dst, .. } => {
                card.kind = CardKind::Udp;
                card.src_port = dst.port.to_string();
                card.dst_port = src.port.to_string();
            }
            Packet::Icmp { .. } | Packet::Ipip { .. } => {}
        }
        card
    }
}

/// The part of a packet below IP, while the addresses are checked separately.
enum Body {
    Tcp(TcpSegment),
    Icmp(IcmpMessage),
    Udp {
        src_port: u16,
        dst_port: u16,
        payload: Vec<u8>,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::twin_with_same_numbers;
    use alloc::vec;

    fn syn_card() -> Card {
        Card {
            src_ip: "10.0.1.2".into(),
            dst_ip: "10.0.1.1".into(),
            src_port: "40000".into(),
            dst_port: "23".into(),
            syn: true,
            seq: "0".into(),
            ..Card::default()
        }
    }

    fn fields(errors: &[FieldError]) -> Vec<Field> {
        errors.iter().map(|e| e.field).collect()
    }

    /// RFC 1812 §5.2.1: a router's verdict shows the expected and the chosen decision in
    /// the player's language; the English stays the `Display` the command line prints.
    #[test]
    fn every_router_choice_reads_in_italian_with_its_numbers_rfc1812_5_2_1() {
        let gateway = crate::addr::Ipv4Addr::new(192, 168, 0, 2);
        for choice in [
            RouterChoice::Deliver,
            RouterChoice::Forward { gateway },
            RouterChoice::IcmpUnreachable { code: 1 },
            RouterChoice::IcmpTimeExceeded,
            RouterChoice::Drop,
            RouterChoice::Keep,
        ] {
            let t = choice.text();
            assert_eq!(t.en, choice.to_string());
            assert!(twin_with_same_numbers(&t), "{t:?}");
            assert_ne!(t.it.as_deref(), Some(t.en.as_str()), "{t:?}");
        }
    }

    fn errors(card: &Card) -> Vec<FieldError> {
        card.parse().expect_err("the card must be refused")
    }

    /// Seed 000, round 1: the first SYN has an empty ack box, read as 0; blank TTL is 64.
    /// The event log keeps a mistake's box by its printed name; every name reads back.
    #[test]
    fn every_field_reads_back_from_its_label() {
        for field in Field::ALL {
            assert_eq!(Field::from_label(field.label()), Some(field));
        }
        assert_eq!(Field::from_label("window"), None);
    }

    #[test]
    fn first_syn_with_empty_ack_seed_000() {
        let Ok(Packet::Tcp { meta, seg }) = syn_card().parse() else {
            panic!("a correct SYN card parses");
        };
        assert_eq!(meta.ttl, 64);
        assert_eq!(seg.src, Endpoint::new(Ipv4Addr::new(10, 0, 1, 2), 40000));
        assert_eq!(seg.dst, Endpoint::new(Ipv4Addr::new(10, 0, 1, 1), 23));
        assert_eq!(
            (seg.seq, seg.ack, seg.flags),
            (SeqNumber(0), SeqNumber(0), TcpFlags::SYN)
        );
        assert_eq!(seg.window, CARD_WINDOW);
    }

    /// Every problem is reported, each on its own field, in card order.
    #[test]
    fn every_problem_is_reported_at_once() {
        let card = Card {
            ack_flag: true,
            ttl: "0".into(),
            ..Card::default()
        };
        let e = errors(&card);
        assert_eq!(
            fields(&e),
            [
                Field::SrcIp,
                Field::DstIp,
                Field::SrcPort,
                Field::DstPort,
                Field::Seq,
                Field::Ack,
                Field::Ttl
            ]
        );
        assert_eq!(
            e[0].message,
            "source IP is blank: write this host's address, e.g. 10.0.1.2"
        );
        assert!(
            e[5].message
                .starts_with("ack is blank but the ACK flag is ticked")
        );
        assert_eq!(
            e[6].message,
            "TTL 0 is too small: it must be a whole number from 1 to 255"
        );
        // Each message has its Italian twin, with the same numbers.
        assert_eq!(
            e[6].it.as_deref(),
            Some("TTL: 0 è troppo piccolo, serve un numero intero da 1 a 255")
        );
        assert_eq!(
            e[0].it.as_deref(),
            Some("l'IP sorgente è vuoto: scrivi l'indirizzo di questo host, es. 10.0.1.2")
        );
        for e in &e {
            assert!(twin_with_same_numbers(&e.text()), "{e:?}");
        }
    }

    /// RFC 791 §2.3: dotted-decimal addresses, four numbers 0–255.
    #[test]
    fn addresses_must_be_four_numbers_rfc791() {
        for (bad, expect) in [
            (
                "10.0.1",
                "destination IP must have four numbers 0–255 separated by dots",
            ),
            ("10.0.1.2.3", "destination IP must have four numbers"),
            ("10.0.1.x", "destination IP must have four numbers"),
            ("10.0.1.-1", "destination IP must have four numbers"),
            ("10.0..1", "destination IP must have four numbers"),
            (
                "10.0.1.256",
                "destination IP: 256 is too big, each number is 0–255",
            ),
            (
                "10.0.1.99999999999999999999999",
                "destination IP: each number is 0–255",
            ),
            ("１０.0.1.1", "destination IP must have four numbers"),
        ] {
            let card = Card {
                dst_ip: bad.into(),
                ..syn_card()
            };
            let e = errors(&card);
            assert_eq!(fields(&e), [Field::DstIp], "{bad}");
            assert!(e[0].message.starts_with(expect), "{bad}: {}", e[0].message);
            assert!(twin_with_same_numbers(&e[0].text()), "{:?}", e[0]);
            assert_eq!(e[0].got, bad);
        }
        let spaced = Card {
            dst_ip: "  10.0.1.001 ".into(),
            ..syn_card()
        };
        assert_eq!(
            spaced.parse().map(|p| p.dst()),
            Ok(Ipv4Addr::new(10, 0, 1, 1))
        );
    }

    /// RFC 9293 §3.1: ports are 16 bits; RFC 6335 §6: port 0 is reserved.
    #[test]
    fn ports_are_1_to_65535_rfc9293_3_1() {
        for (bad, expect) in [
            (
                "65536",
                "source port 65536 is too big: it must be a whole number from 1 to 65535",
            ),
            ("0", "source port 0 is too small"),
            ("-5", "source port cannot be negative"),
            (
                "forty",
                "source port must be a whole number from 1 to 65535, written with",
            ),
            ("4 0", "source port must be a whole number"),
            ("+40", "source port must be a whole number"),
            ("٤٠", "source port must be a whole number"),
            (
                "123456789012345678901234567890",
                "source port is far too big",
            ),
            ("", "source port is blank: pick any free number"),
        ] {
            let card = Card {
                src_port: bad.into(),
                ..syn_card()
            };
            let e = errors(&card);
            assert_eq!(fields(&e), [Field::SrcPort], "{bad}");
            assert!(e[0].message.starts_with(expect), "{bad}: {}", e[0].message);
            let it = e[0].it.as_deref().unwrap_or_default();
            assert!(it.contains("porta sorgente"), "{bad}: {it}");
        }
        let spaced = Card {
            src_port: " 40001\t".into(),
            ..syn_card()
        };
        assert!(spaced.parse().is_ok());
    }

    /// RFC 9293 §3.1 / §3.4: seq and ack are 32-bit numbers, 0…4294967295.
    #[test]
    fn seq_and_ack_are_32_bit_rfc9293_3_4() {
        let max = Card {
            seq: "4294967295".into(),
            ack_flag: true,
            ack: "4294967295".into(),
            ..syn_card()
        };
        let Ok(Packet::Tcp { seg, .. }) = max.parse() else {
            panic!("the largest numbers are fine");
        };
        assert_eq!(
            (seg.seq, seg.ack),
            (SeqNumber(u32::MAX), SeqNumber(u32::MAX))
        );
        let over = Card {
            seq: "4294967296".into(),
            ..syn_card()
        };
        assert!(errors(&over)[0].message.contains("0 to 4294967295"));
        let blank = Card {
            seq: " ".into(),
            ..syn_card()
        };
        assert_eq!(fields(&errors(&blank)), [Field::Seq]);
        // An ack written without the flag is still read (and sent) as written.
        let stray = Card {
            ack: "5".into(),
            ..syn_card()
        };
        assert!(matches!(stray.parse(), Ok(Packet::Tcp { seg, .. }) if seg.ack == SeqNumber(5)));
    }

    /// RFC 791 §3.1: TTL is 1–255 on a live packet; blank means 64.
    #[test]
    fn ttl_rules_rfc791_3_1() {
        let card = Card {
            ttl: "300".into(),
            ..syn_card()
        };
        assert_eq!(fields(&errors(&card)), [Field::Ttl]);
        let card = Card {
            ttl: " 1 ".into(),
            ..syn_card()
        };
        assert_eq!(card.parse().map(|p| p.ttl()), Ok(1));
    }

    /// Data is text sent as its UTF-8 bytes (seed 001: "my name is Danilo" is 17 bytes);
    /// a card has room for 1000.
    #[test]
    fn data_is_utf8_text_with_a_limit_seed_001() {
        let card = Card {
            data: "my name is Danilo".into(),
            ..syn_card()
        };
        let Ok(Packet::Tcp { seg, .. }) = card.parse() else {
            panic!("data parses");
        };
        assert_eq!(seg.payload.len(), 17);
        let card = Card {
            data: "è".repeat(501),
            ..syn_card()
        };
        let e = errors(&card);
        assert_eq!(fields(&e), [Field::Data]);
        assert!(
            e[0].message.starts_with("data is 1002 bytes long"),
            "{}",
            e[0].message
        );
    }

    /// RFC 792: type/code of the game's ICMP messages; the quote comes from the engine.
    #[test]
    fn icmp_cards_rfc792() {
        let card = Card {
            kind: CardKind::Icmp,
            src_ip: "10.0.1.254".into(),
            dst_ip: "10.0.1.2".into(),
            icmp_type: "3".into(),
            icmp_code: "0".into(),
            ..Card::default()
        };
        let original = syn_card().parse().unwrap();
        let Ok(Packet::Icmp { msg, .. }) = card.parse_answering(&original) else {
            panic!("a net unreachable card parses");
        };
        assert_eq!(msg.quoted(), Some(&wire::quote(&original.encode())[..]));
        assert!(
            matches!(card.parse(), Ok(Packet::Icmp { msg, .. }) if msg.quoted() == Some(&[][..]))
        );
        for (t, c, field) in [
            ("5", "0", Field::IcmpType),
            ("11", "2", Field::IcmpCode),
            ("3", "16", Field::IcmpCode),
            ("8", "1", Field::IcmpCode),
            ("", "0", Field::IcmpType),
            ("3", "", Field::IcmpCode),
            ("3", "256", Field::IcmpCode),
        ] {
            let bad = Card {
                icmp_type: t.into(),
                icmp_code: c.into(),
                ..card.clone()
            };
            assert_eq!(fields(&errors(&bad)), [field], "type {t:?} code {c:?}");
        }
        let ping = Card {
            icmp_type: "8".into(),
            data: "ping".into(),
            ..card
        };
        assert!(matches!(
            ping.parse(),
            Ok(Packet::Icmp { msg: IcmpMessage::EchoRequest { data, .. }, .. }) if data == b"ping"
        ));
    }

    /// Seed 000: the reply card copies addresses and ports (swapped), nothing else.
    #[test]
    fn reply_copies_only_addresses_and_ports_seed_000() {
        let mut syn = syn_card().parse().unwrap();
        if let Packet::Tcp { seg, .. } = &mut syn {
            seg.seq = SeqNumber(1234);
        }
        let reply = Card::reply_to(&syn);
        assert_eq!(
            reply,
            Card {
                src_ip: "10.0.1.1".into(),
                dst_ip: "10.0.1.2".into(),
                src_port: "23".into(),
                dst_port: "40000".into(),
                ..Card::default()
            }
        );
    }

    /// `from_packet` writes what parse reads, the first SYN's ack box left empty.
    #[test]
    fn from_packet_round_trips_seed_000() {
        let syn = syn_card().parse().unwrap();
        let card = Card::from_packet(&syn);
        assert_eq!(card.ack, "");
        assert_eq!(card.parse(), Ok(syn));
        let unreachable = Packet::Icmp {
            src: Ipv4Addr::new(10, 0, 1, 254),
            dst: Ipv4Addr::new(10, 0, 1, 2),
            meta: IpMeta { ttl: 9, ident: 0 },
            msg: IcmpMessage::DestUnreachable {
                code: 1,
                quoted: vec![],
            },
        };
        assert_eq!(Card::from_packet(&unreachable).parse(), Ok(unreachable));
    }

    /// The intent follows the most decisive flag (RFC 9293 §3.5, §3.6).
    #[test]
    fn intent_from_flags_rfc9293() {
        let seg = |flags: TcpFlags, data: &[u8]| TcpSegment {
            src: Endpoint::new(Ipv4Addr::UNSPECIFIED, 1),
            dst: Endpoint::new(Ipv4Addr::UNSPECIFIED, 2),
            seq: SeqNumber(0),
            ack: SeqNumber(0),
            flags,
            window: 0,
            payload: data.to_vec(),
        };
        let (s, a, f, r, p) = (
            TcpFlags::SYN,
            TcpFlags::ACK,
            TcpFlags::FIN,
            TcpFlags::RST,
            TcpFlags::PSH,
        );
        assert_eq!(intent_of(&seg(s, b"")), Intent::Open);
        assert_eq!(intent_of(&seg(s | a, b"")), Intent::OpenReply);
        assert_eq!(intent_of(&seg(r | a, b"")), Intent::Abort);
        assert_eq!(intent_of(&seg(r | s, b"")), Intent::Abort);
        assert_eq!(intent_of(&seg(f | a, b"bye")), Intent::Close);
        assert_eq!(intent_of(&seg(p | a, b"hi")), Intent::Data);
        assert_eq!(intent_of(&seg(a, b"")), Intent::Ack);
        assert_eq!(intent_of(&seg(TcpFlags::NONE, b"")), Intent::Ack);
    }
}
