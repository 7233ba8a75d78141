//! ICMP messages (RFC 792): the routers' voice in the game — "no route to host" (round 5)
//! and "TTL exceeded" — plus ping.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::checksum::{Sum, checksum};
use super::{WireError, be16};
use crate::text::{Text, text};

/// ICMP header length: type, code, checksum and the 4-byte "rest of header".
pub const HEADER_LEN: usize = 8;

/// The most quoted or echo data one message can carry inside an IPv4 datagram.
pub const MAX_DATA: usize = u16::MAX as usize - super::ipv4::HEADER_LEN - HEADER_LEN;

const ECHO_REPLY: u8 = 0;
const DEST_UNREACHABLE: u8 = 3;
const ECHO_REQUEST: u8 = 8;
const TIME_EXCEEDED: u8 = 11;

/// Destination-unreachable codes the game uses (RFC 792; 13 from RFC 1812 §5.2.7.1).
pub mod unreach {
    /// No route to the destination network (seed 000/001, round 5).
    pub const NET: u8 = 0;
    /// The network is known but the host does not answer (RFC 1812 §5.2.7.1).
    pub const HOST: u8 = 1;
    pub const PROTOCOL: u8 = 2;
    pub const PORT: u8 = 3;
    /// "Fragmentation needed and DF set" (RFC 792; path MTU discovery, RFC 1191).
    pub const FRAG_NEEDED: u8 = 4;
    /// A filter dropped the packet on purpose (RFC 1812 §5.2.7.1).
    pub const ADMIN_PROHIBITED: u8 = 13;

    /// The name of every destination-unreachable code: RFC 792 (0–5), RFC 1122 §3.2.2.1
    /// (6–12), RFC 1812 §5.2.7.1 (13–15).
    pub fn name(code: u8) -> &'static str {
        names(code).0
    }

    /// The name of a code in English and in Italian (the board and the desk show an ICMP
    /// card's meaning in the reader's language; see [`crate::text`]).
    pub fn names(code: u8) -> (&'static str, &'static str) {
        match code {
            0 => ("net unreachable", "rete irraggiungibile"),
            1 => ("host unreachable", "host irraggiungibile"),
            2 => ("protocol unreachable", "protocollo irraggiungibile"),
            3 => ("port unreachable", "porta irraggiungibile"),
            4 => (
                "fragmentation needed and DF set",
                "frammentazione necessaria ma DF impostato",
            ),
            5 => (
                "source route failed",
                "instradamento dalla sorgente fallito",
            ),
            6 => (
                "destination network unknown",
                "rete di destinazione sconosciuta",
            ),
            7 => (
                "destination host unknown",
                "host di destinazione sconosciuto",
            ),
            8 => ("source host isolated", "host sorgente isolato"),
            9 => (
                "network administratively prohibited",
                "rete vietata dall'amministratore",
            ),
            10 => (
                "host administratively prohibited",
                "host vietato dall'amministratore",
            ),
            11 => (
                "network unreachable for type of service",
                "rete irraggiungibile per il tipo di servizio",
            ),
            12 => (
                "host unreachable for type of service",
                "host irraggiungibile per il tipo di servizio",
            ),
            13 => (
                "communication administratively prohibited",
                "comunicazione vietata dall'amministratore",
            ),
            14 => (
                "host precedence violation",
                "violazione di precedenza dell'host",
            ),
            15 => (
                "precedence cutoff in effect",
                "soglia di precedenza in vigore",
            ),
            _ => ("unknown code", "codice sconosciuto"),
        }
    }
}

/// An ICMP message. The errors carry the quoted start of the datagram that caused them
/// (see [`super::quote`]), which is how the sender finds the connection to blame.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum IcmpMessage {
    DestUnreachable { code: u8, quoted: Vec<u8> },
    TimeExceeded { code: u8, quoted: Vec<u8> },
    EchoRequest { ident: u16, seq: u16, data: Vec<u8> },
    EchoReply { ident: u16, seq: u16, data: Vec<u8> },
}

impl IcmpMessage {
    pub fn icmp_type(&self) -> u8 {
        match self {
            IcmpMessage::DestUnreachable { .. } => DEST_UNREACHABLE,
            IcmpMessage::TimeExceeded { .. } => TIME_EXCEEDED,
            IcmpMessage::EchoRequest { .. } => ECHO_REQUEST,
            IcmpMessage::EchoReply { .. } => ECHO_REPLY,
        }
    }

    /// The code; echo messages always have code 0 (RFC 792).
    pub fn code(&self) -> u8 {
        match self {
            IcmpMessage::DestUnreachable { code, .. } | IcmpMessage::TimeExceeded { code, .. } => {
                *code
            }
            IcmpMessage::EchoRequest { .. } | IcmpMessage::EchoReply { .. } => 0,
        }
    }

    /// Error messages (as opposed to queries) must never be answered with another ICMP
    /// error (RFC 1122 §3.2.2), which is why routers need to tell them apart.
    pub fn is_error(&self) -> bool {
        self.quoted().is_some()
    }

    pub fn quoted(&self) -> Option<&[u8]> {
        match self {
            IcmpMessage::DestUnreachable { quoted, .. }
            | IcmpMessage::TimeExceeded { quoted, .. } => Some(quoted),
            IcmpMessage::EchoRequest { .. } | IcmpMessage::EchoReply { .. } => None,
        }
    }

    /// Plain words for a card, e.g. "destination unreachable: host unreachable (type 3
    /// code 1)".
    pub fn describe(&self) -> String {
        self.meaning().en
    }

    /// What the message means, in English ([`IcmpMessage::describe`]) and Italian.
    pub fn meaning(&self) -> Text {
        let (t, c) = (self.icmp_type(), self.code());
        match self {
            IcmpMessage::DestUnreachable { code, .. } => {
                let (en, it) = unreach::names(*code);
                text!(
                    "destination unreachable: {en} (type {t} code {c})",
                    "destinazione irraggiungibile: {it} (tipo {t} codice {c})"
                )
            }
            IcmpMessage::TimeExceeded { code: 0, .. } => text!(
                "time exceeded: TTL exceeded in transit (type {t} code {c})",
                "tempo scaduto: TTL esaurito in transito (tipo {t} codice {c})"
            ),
            IcmpMessage::TimeExceeded { code: 1, .. } => text!(
                "time exceeded: fragment reassembly time exceeded (type {t} code {c})",
                "tempo scaduto: tempo di riassemblaggio dei frammenti esaurito (tipo {t} codice {c})"
            ),
            IcmpMessage::TimeExceeded { .. } => text!(
                "time exceeded: code {c} (type {t} code {c})",
                "tempo scaduto: codice {c} (tipo {t} codice {c})"
            ),
            IcmpMessage::EchoRequest { .. } => text!(
                "echo request (type {t} code {c})",
                "richiesta di eco (tipo {t} codice {c})"
            ),
            IcmpMessage::EchoReply { .. } => text!(
                "echo reply (type {t} code {c})",
                "risposta di eco (tipo {t} codice {c})"
            ),
        }
    }

    /// Appends the message with its RFC 792 checksum (over the whole ICMP message). Data
    /// beyond [`MAX_DATA`] is cut off, so the result always fits a datagram.
    ///
    /// For errors the 4 "unused" bytes are zero; for "fragmentation needed" that means "next
    /// hop MTU unknown" (RFC 1191 §4), since the game has no MTUs.
    pub fn emit(&self, out: &mut Vec<u8>) {
        let start = out.len();
        out.extend_from_slice(&[self.icmp_type(), self.code(), 0, 0]);
        match self {
            IcmpMessage::DestUnreachable { quoted, .. }
            | IcmpMessage::TimeExceeded { quoted, .. } => {
                out.extend_from_slice(&[0, 0, 0, 0]);
                out.extend_from_slice(quoted.get(..MAX_DATA).unwrap_or(quoted));
            }
            IcmpMessage::EchoRequest { ident, seq, data }
            | IcmpMessage::EchoReply { ident, seq, data } => {
                out.extend_from_slice(&ident.to_be_bytes());
                out.extend_from_slice(&seq.to_be_bytes());
                out.extend_from_slice(data.get(..MAX_DATA).unwrap_or(data));
            }
        }
        let sum = checksum(out.get(start..).unwrap_or_default());
        if let Some(field) = out.get_mut(start + 2..start + 4) {
            field.copy_from_slice(&sum.to_be_bytes());
        }
    }

    /// Reads a message the game knows; other types (redirect, timestamp…) are reported as
    /// such rather than guessed at.
    pub fn parse<T: AsRef<[u8]>>(packet: &IcmpPacket<T>) -> Result<IcmpMessage, WireError> {
        let rest = packet.data().to_vec();
        let code = packet.code();
        // RFC 792: echo messages have code 0; a non-zero code is ignored rather than
        // rejected, as real stacks (Linux `icmp_echo`) do.
        let (ident, seq) = (packet.echo_ident(), packet.echo_seq());
        match packet.icmp_type() {
            DEST_UNREACHABLE => Ok(IcmpMessage::DestUnreachable { code, quoted: rest }),
            TIME_EXCEEDED => Ok(IcmpMessage::TimeExceeded { code, quoted: rest }),
            ECHO_REQUEST => Ok(IcmpMessage::EchoRequest {
                ident,
                seq,
                data: rest,
            }),
            ECHO_REPLY => Ok(IcmpMessage::EchoReply {
                ident,
                seq,
                data: rest,
            }),
            other => Err(WireError::new(
                "icmp type",
                format!(
                    "type {other} is not one the game uses (0 echo reply, 3 destination \
                     unreachable, 8 echo request, 11 time exceeded)"
                ),
            )),
        }
    }
}

/// Received bytes known to hold a whole ICMP header.
#[derive(Clone, Copy, Debug)]
pub struct IcmpPacket<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> IcmpPacket<T> {
    pub fn new_checked(buffer: T) -> Result<Self, WireError> {
        let len = buffer.as_ref().len();
        if len < HEADER_LEN {
            return Err(WireError::new(
                "icmp header",
                format!("needs {HEADER_LEN} bytes, only {len} arrived"),
            ));
        }
        Ok(IcmpPacket { buffer })
    }

    fn bytes(&self) -> &[u8] {
        self.buffer.as_ref()
    }

    pub fn icmp_type(&self) -> u8 {
        self.bytes().first().copied().unwrap_or(0)
    }
    pub fn code(&self) -> u8 {
        self.bytes().get(1).copied().unwrap_or(0)
    }
    pub fn checksum(&self) -> u16 {
        be16(self.bytes(), 2)
    }
    pub fn echo_ident(&self) -> u16 {
        be16(self.bytes(), 4)
    }
    pub fn echo_seq(&self) -> u16 {
        be16(self.bytes(), 6)
    }
    /// Everything after the 8-byte header: the quote of an error, the data of an echo.
    pub fn data(&self) -> &[u8] {
        self.bytes().get(HEADER_LEN..).unwrap_or_default()
    }

    /// RFC 792: "the 16-bit one's complement of the one's complement sum of the ICMP
    /// message starting with the ICMP Type".
    pub fn verify_checksum(&self) -> Result<(), WireError> {
        let bytes = self.bytes();
        if Sum::default().add_bytes(bytes).verifies() {
            return Ok(());
        }
        let head = bytes.get(..2).unwrap_or_default();
        let tail = bytes.get(4..).unwrap_or_default();
        let expected = Sum::default().add_bytes(head).add_bytes(tail).checksum();
        Err(WireError::checksum(
            "icmp checksum",
            expected,
            self.checksum(),
        ))
    }
}
