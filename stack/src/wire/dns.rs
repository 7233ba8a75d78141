//! DNS messages (RFC 1035 §4.1) in the simplified but true form of the game: a header, one
//! question, and answers that are IPv4 addresses (type A, class IN). The bytes are the real
//! format, so Wireshark decodes a game's DNS as DNS.
//!
//! Parsing takes any bytes and never panics: compression pointers (RFC 1035 §4.1.4) are
//! followed only backwards, so they cannot loop; counts must match the records that follow.
//! Writing never compresses: every name is spelled out, which RFC 1035 §4.1.4 allows
//! ("programs are free to avoid using pointers in messages they generate").

use alloc::format;
use alloc::vec::Vec;
use core::fmt;
use core::net::Ipv4Addr;

use super::{WireError, be16, be32};

/// RFC 1035 §4.2.1: name servers answer datagrams on UDP port 53.
pub const PORT: u16 = 53;

/// ID, flags and four counts, two bytes each (RFC 1035 §4.1.1).
pub const HEADER_LEN: usize = 12;

/// RFC 1035 §2.3.4 and §4.2.1: a DNS message carried by UDP is at most 512 bytes (longer
/// answers set TC and the client retries over TCP; EDNS, RFC 6891, is not in the game).
pub const MAX_UDP_LEN: usize = 512;

/// RFC 1035 §2.3.4: "labels 63 octets or less".
pub const MAX_LABEL_LEN: usize = 63;

/// RFC 1035 §2.3.4 and §3.1: "names 255 octets or less", counting the wire form (every label
/// with its length byte, and the final zero byte of the root).
pub const MAX_NAME_LEN: usize = 255;

/// TYPE values (RFC 1035 §3.2.2).
pub mod rtype {
    /// A host address.
    pub const A: u16 = 1;
}

/// CLASS values (RFC 1035 §3.2.4).
pub mod class {
    /// The Internet.
    pub const IN: u16 = 1;
}

/// OPCODE values (RFC 1035 §4.1.1).
pub mod opcode {
    /// A standard query.
    pub const QUERY: u8 = 0;
}

/// RCODE values (RFC 1035 §4.1.1).
pub mod rcode {
    pub const NO_ERROR: u8 = 0;
    pub const FORMAT_ERROR: u8 = 1;
    pub const SERVER_FAILURE: u8 = 2;
    /// NXDOMAIN: "the domain name referenced in the query does not exist", meaningful
    /// only from an authoritative name server.
    pub const NAME_ERROR: u8 = 3;
    pub const NOT_IMPLEMENTED: u8 = 4;
    pub const REFUSED: u8 = 5;
}

/// QTYPE and QCLASS: what follows a question's name (RFC 1035 §4.1.2).
const QUESTION_TAIL: usize = 4;

/// TYPE, CLASS, TTL, RDLENGTH and the 4-byte address: what follows an A record's name
/// (RFC 1035 §4.1.3).
const A_RECORD_TAIL: usize = 14;

/// The two top bits of a length byte that mark a compression pointer (RFC 1035 §4.1.4).
const POINTER: u8 = 0xc0;

/// A domain name as its labels, e.g. `www`, `example`, `com`; the root has none.
///
/// Every label is 1 to [`MAX_LABEL_LEN`] bytes and the wire form is at most
/// [`MAX_NAME_LEN`] bytes; both are checked when a name is made, so emitting cannot fail.
/// Labels read from the wire may hold any byte (RFC 2181 §11); labels typed by a person
/// follow the host name syntax ([`DnsName::from_text`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct DnsName {
    labels: Vec<Vec<u8>>,
}

impl DnsName {
    /// Reads a name as a person writes it, `www.example.com` (a final dot, the absolute
    /// form, is allowed; `.` alone is the root). Labels use letters, digits and hyphens,
    /// starting and ending with a letter or digit (RFC 1035 §2.3.1, digits first allowed by
    /// RFC 1123 §2.1).
    pub fn from_text(text: &str) -> Result<DnsName, WireError> {
        const FIELD: &str = "dns name";
        if text == "." {
            return Ok(DnsName::default());
        }
        if text.is_empty() {
            return Err(WireError::new(
                FIELD,
                "is empty; write a name like www.example.com".into(),
            ));
        }
        let relative = text.strip_suffix('.').unwrap_or(text);
        let mut name = DnsName::default();
        for label in relative.split('.') {
            if label.is_empty() {
                return Err(WireError::new(
                    FIELD,
                    format!("{text:?} has an empty label: two dots in a row, or a dot first"),
                ));
            }
            if let Some(c) = label
                .chars()
                .find(|c| !c.is_ascii_alphanumeric() && *c != '-')
            {
                return Err(WireError::new(
                    FIELD,
                    format!(
                        "label {label:?} has {c:?}; names use letters, digits and hyphens \
                         (RFC 1035 §2.3.1)"
                    ),
                ));
            }
            if label.starts_with('-') || label.ends_with('-') {
                return Err(WireError::new(
                    FIELD,
                    format!(
                        "label {label:?} starts or ends with a hyphen (RFC 1035 §2.3.1, \
                         RFC 1123 §2.1)"
                    ),
                ));
            }
            name.push_label(label.as_bytes(), FIELD)?;
        }
        Ok(name)
    }

    /// Whether both are the same name: RFC 1035 §2.3.3 compares names "in a
    /// case-insensitive manner" for ASCII letters (RFC 4343 §3), so `WWW.Example.com` is
    /// `www.example.com`. Equality (`==`) stays exact, byte for byte, as the wire is.
    pub fn same_name(&self, other: &DnsName) -> bool {
        self.labels.len() == other.labels.len()
            && self
                .labels
                .iter()
                .zip(&other.labels)
                .all(|(a, b)| a.eq_ignore_ascii_case(b))
    }

    /// The bytes the name takes uncompressed on the wire: each label with its length byte,
    /// then the root's zero byte.
    pub fn wire_len(&self) -> usize {
        self.labels.iter().map(|l| 1 + l.len()).sum::<usize>() + 1
    }

    /// Adds a label on the right, refusing one that breaks a length limit of RFC 1035
    /// §2.3.4.
    fn push_label(&mut self, label: &[u8], field: &'static str) -> Result<(), WireError> {
        if label.len() > MAX_LABEL_LEN {
            return Err(WireError::new(
                field,
                format!(
                    "a label of {} bytes is longer than {MAX_LABEL_LEN} (RFC 1035 §2.3.4)",
                    label.len()
                ),
            ));
        }
        let len = self.wire_len() + 1 + label.len();
        if len > MAX_NAME_LEN {
            return Err(WireError::new(
                field,
                format!(
                    "the name reaches {len} bytes, longer than {MAX_NAME_LEN} \
                     (RFC 1035 §2.3.4)"
                ),
            ));
        }
        self.labels.push(label.to_vec());
        Ok(())
    }

    /// RFC 1035 §3.1: each label as a length byte and its bytes, ended by the zero-length
    /// label of the root.
    fn emit(&self, out: &mut Vec<u8>) {
        for label in &self.labels {
            // A label is at most 63 bytes, see `push_label`.
            out.push(label.len() as u8);
            out.extend_from_slice(label);
        }
        out.push(0);
    }
}

impl fmt::Display for DnsName {
    /// `www.example.com`, the root as `.`; a byte that is not a printable character, or a
    /// dot or backslash inside a label, is written `\DDD` (RFC 1035 §5.1).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.labels.is_empty() {
            return f.write_str(".");
        }
        for (i, label) in self.labels.iter().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            for &b in label {
                if b.is_ascii_graphic() && b != b'.' && b != b'\\' {
                    write!(f, "{}", char::from(b))?;
                } else {
                    write!(f, "\\{b:03}")?;
                }
            }
        }
        Ok(())
    }
}

/// The ID and the flags of a message (RFC 1035 §4.1.1); the counts follow from the
/// sections and are not kept.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DnsHeader {
    /// Chosen by the asker, "copied [into] the corresponding reply" to match them.
    pub id: u16,
    /// QR: a response (true) or a query (false).
    pub response: bool,
    /// 4 bits; [`opcode::QUERY`] in the game.
    pub opcode: u8,
    /// AA: the answering server is an authority for the name.
    pub authoritative: bool,
    /// TC: the message was cut to fit the 512 bytes of UDP.
    pub truncated: bool,
    /// RD: the asker wants the server to resolve the name recursively.
    pub recursion_desired: bool,
    /// RA: the server offers recursion.
    pub recursion_available: bool,
    /// 4 bits, see [`rcode`].
    pub rcode: u8,
}

/// Flag bits of the header's third and fourth bytes (RFC 1035 §4.1.1).
const QR: u8 = 0x80;
const AA: u8 = 0x04;
const TC: u8 = 0x02;
const RD: u8 = 0x01;
const RA: u8 = 0x80;

/// The question: what name, what type, what class (RFC 1035 §4.1.2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Question {
    pub name: DnsName,
    /// [`rtype::A`] in the game's queries; another type is kept as read, so a server can
    /// answer that it does not implement it.
    pub qtype: u16,
    pub qclass: u16,
}

/// An answer: a resource record of type A, class IN (RFC 1035 §4.1.3, §3.4.1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ARecord {
    pub name: DnsName,
    /// Seconds the answer may be cached (RFC 1035 §3.2.1; RFC 2181 §8 keeps it below 2^31).
    pub ttl: u32,
    pub addr: Ipv4Addr,
}

/// One DNS message of the game: a header, exactly one question, and answers of type A.
/// Authority and additional sections are always empty.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DnsMessage {
    pub header: DnsHeader,
    pub question: Question,
    pub answers: Vec<ARecord>,
}

impl DnsMessage {
    /// The message in a few words, as the ladder and the summary line show it:
    /// `DNS query A red.game? id 4660`, `DNS answer red.game A 10.0.1.1 TTL 300 id 4660`,
    /// `DNS answer red.game NXDOMAIN id 4660` (the rcode names of RFC 1035 §4.1.1).
    pub fn describe(&self) -> alloc::string::String {
        let id = self.header.id;
        let q = &self.question;
        if !self.header.response {
            let t = match q.qtype {
                rtype::A => alloc::string::String::from("A"),
                other => format!("type {other}"),
            };
            return format!("DNS query {t} {}? id {id}", q.name);
        }
        let mut line = format!("DNS answer {}", q.name);
        match self.header.rcode {
            rcode::NO_ERROR if self.answers.is_empty() => line.push_str(" no address"),
            rcode::NO_ERROR => {
                for (i, a) in self.answers.iter().enumerate() {
                    if i > 0 {
                        line.push(',');
                    }
                    if !a.name.same_name(&q.name) {
                        line.push_str(&format!(" {}", a.name));
                    }
                    line.push_str(&format!(" A {} TTL {}", a.addr, a.ttl));
                }
            }
            rcode::NAME_ERROR => line.push_str(" NXDOMAIN"),
            rcode::REFUSED => line.push_str(" REFUSED"),
            other => line.push_str(&format!(" RCODE {other}")),
        }
        line.push_str(&format!(" id {id}"));
        line
    }

    /// A standard query for the address of `name` (type A, class IN), with RD set as a
    /// stub resolver does (RFC 1034 §5.3.1).
    pub fn query(id: u16, name: DnsName) -> DnsMessage {
        DnsMessage {
            header: DnsHeader {
                id,
                opcode: opcode::QUERY,
                recursion_desired: true,
                ..DnsHeader::default()
            },
            question: Question {
                name,
                qtype: rtype::A,
                qclass: class::IN,
            },
            answers: Vec::new(),
        }
    }

    /// The answer of an authoritative server without recursion (AA set, RA clear) to this
    /// query: ID, opcode, RD and the question are copied into the response (RFC 1035
    /// §4.1.1), with `rcode` ([`rcode::NAME_ERROR`] for a name that does not exist).
    pub fn response(&self, rcode: u8, answers: Vec<ARecord>) -> DnsMessage {
        DnsMessage {
            header: DnsHeader {
                response: true,
                authoritative: true,
                truncated: false,
                recursion_available: false,
                rcode,
                ..self.header
            },
            question: self.question.clone(),
            answers,
        }
    }

    /// The message as bytes, names uncompressed.
    ///
    /// Refused, naming the field: an opcode or rcode that does not fit its 4 bits, and a
    /// message over the [`MAX_UDP_LEN`] bytes DNS may send over UDP.
    pub fn encode(&self) -> Result<Vec<u8>, WireError> {
        let h = &self.header;
        for (field, value) in [("dns opcode", h.opcode), ("dns rcode", h.rcode)] {
            if value > 0x0f {
                return Err(WireError::new(
                    field,
                    format!("{value} does not fit in 4 bits (0 to 15, RFC 1035 §4.1.1)"),
                ));
            }
        }
        let len = HEADER_LEN
            + self.question.name.wire_len()
            + QUESTION_TAIL
            + self
                .answers
                .iter()
                .map(|a| a.name.wire_len() + A_RECORD_TAIL)
                .sum::<usize>();
        if len > MAX_UDP_LEN {
            return Err(too_long(len));
        }
        let mut out = Vec::with_capacity(len);
        out.extend_from_slice(&h.id.to_be_bytes());
        let flag = |on: bool, bit: u8| if on { bit } else { 0 };
        out.push(
            flag(h.response, QR)
                | h.opcode << 3
                | flag(h.authoritative, AA)
                | flag(h.truncated, TC)
                | flag(h.recursion_desired, RD),
        );
        // Z, the three bits between RA and RCODE, "must be zero" (RFC 1035 §4.1.1).
        out.push(flag(h.recursion_available, RA) | h.rcode);
        // Fewer than 512 bytes hold fewer than 65536 answers.
        let ancount = self.answers.len() as u16;
        for count in [1, ancount, 0, 0] {
            out.extend_from_slice(&u16::to_be_bytes(count));
        }
        self.question.name.emit(&mut out);
        out.extend_from_slice(&self.question.qtype.to_be_bytes());
        out.extend_from_slice(&self.question.qclass.to_be_bytes());
        for answer in &self.answers {
            answer.name.emit(&mut out);
            out.extend_from_slice(&rtype::A.to_be_bytes());
            out.extend_from_slice(&class::IN.to_be_bytes());
            out.extend_from_slice(&answer.ttl.to_be_bytes());
            out.extend_from_slice(&4u16.to_be_bytes()); // RDLENGTH of an IPv4 address
            out.extend_from_slice(&answer.addr.octets());
        }
        Ok(out)
    }

    /// Reads a message of the game's form from the payload of a UDP datagram.
    ///
    /// Refused, naming the field: more than [`MAX_UDP_LEN`] bytes; a header, name or record
    /// cut short; a question count other than 1; authority or additional records; an
    /// answer not of type A class IN with a 4-byte address; a label type other than
    /// length or pointer; a pointer that does not point back; a name over the limits of
    /// RFC 1035 §2.3.4; bytes left after the records the counts announce. The three Z
    /// bits are ignored: RFC 1035 §4.1.1 reserves them, later RFCs (4035 §3.2) use two of
    /// them for DNSSEC, which the game does not model.
    pub fn parse(bytes: &[u8]) -> Result<DnsMessage, WireError> {
        if bytes.len() > MAX_UDP_LEN {
            return Err(too_long(bytes.len()));
        }
        let mut r = Reader { msg: bytes, at: 0 };
        r.take(HEADER_LEN, "dns header")?;
        let [b2, b3] = [2, 3].map(|at| bytes.get(at).copied().unwrap_or(0));
        let header = DnsHeader {
            id: be16(bytes, 0),
            response: b2 & QR != 0,
            opcode: (b2 >> 3) & 0x0f,
            authoritative: b2 & AA != 0,
            truncated: b2 & TC != 0,
            recursion_desired: b2 & RD != 0,
            recursion_available: b3 & RA != 0,
            rcode: b3 & 0x0f,
        };
        let [qdcount, ancount, nscount, arcount] = [4, 6, 8, 10].map(|at| be16(bytes, at));
        if qdcount != 1 {
            return Err(WireError::new(
                "dns question count",
                format!("QDCOUNT is {qdcount}; a message of the game asks exactly 1 question"),
            ));
        }
        for (field, count) in [
            ("dns authority count", nscount),
            ("dns additional count", arcount),
        ] {
            if count != 0 {
                return Err(WireError::new(
                    field,
                    format!("is {count}; the game's DNS sends no authority or additional records"),
                ));
            }
        }
        let question = Question {
            name: r.name("dns question name")?,
            qtype: r.u16("dns question type")?,
            qclass: r.u16("dns question class")?,
        };
        let mut answers = Vec::new();
        for i in 1..=ancount {
            let answer = r.a_record().map_err(|e| {
                WireError::new(e.field, format!("answer {i} of {ancount}: {}", e.reason))
            })?;
            answers.push(answer);
        }
        if r.at < bytes.len() {
            return Err(WireError::new(
                "dns message length",
                format!(
                    "{} bytes follow the records the counts announce (1 question, {ancount} \
                     answers)",
                    bytes.len() - r.at
                ),
            ));
        }
        Ok(DnsMessage {
            header,
            question,
            answers,
        })
    }
}

/// A cursor over a whole message: names may point anywhere before themselves in it.
struct Reader<'a> {
    msg: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    /// The next `n` bytes, or an error saying the message ends too soon.
    fn take(&mut self, n: usize, field: &'static str) -> Result<&'a [u8], WireError> {
        let bytes = slice(self.msg, self.at, n, field)?;
        self.at += n;
        Ok(bytes)
    }

    fn u16(&mut self, field: &'static str) -> Result<u16, WireError> {
        Ok(be16(self.take(2, field)?, 0))
    }

    fn u32(&mut self, field: &'static str) -> Result<u32, WireError> {
        Ok(be32(self.take(4, field)?, 0))
    }

    /// A name, following compression pointers (RFC 1035 §4.1.4).
    ///
    /// A pointer must point before the start of the labels it continues (the name itself
    /// at first, then the target of the previous pointer): the start strictly decreases at
    /// every jump, so no chain of pointers can loop or point forward, and reading ends
    /// after at most as many jumps as the message has bytes.
    fn name(&mut self, field: &'static str) -> Result<DnsName, WireError> {
        let mut name = DnsName::default();
        let mut pos = self.at;
        let mut run_start = self.at;
        // Where the caller resumes: after the first pointer, or after the final zero byte.
        let mut resume = None;
        loop {
            let len = slice(self.msg, pos, 1, field)?
                .first()
                .copied()
                .unwrap_or(0);
            match len & POINTER {
                0 if len == 0 => {
                    self.at = resume.unwrap_or(pos + 1);
                    return Ok(name);
                }
                0 => {
                    let label = slice(self.msg, pos + 1, usize::from(len), field)?;
                    name.push_label(label, field)?;
                    pos += 1 + usize::from(len);
                }
                POINTER => {
                    let low = slice(self.msg, pos + 1, 1, field)?.first().copied();
                    let target = usize::from(len & !POINTER) << 8 | usize::from(low.unwrap_or(0));
                    if target >= run_start {
                        return Err(WireError::new(
                            field,
                            format!(
                                "the compression pointer at offset {pos} points to offset \
                                 {target}, not before offset {run_start} where the labels \
                                 it continues begin: it would point forward or loop \
                                 (RFC 1035 §4.1.4)"
                            ),
                        ));
                    }
                    resume.get_or_insert(pos + 2);
                    run_start = target;
                    pos = target;
                }
                other => {
                    return Err(WireError::new(
                        field,
                        format!(
                            "the byte 0x{len:02x} at offset {pos} starts with bits {:02b}, \
                             neither a label length (00) nor a pointer (11) \
                             (RFC 1035 §4.1.4)",
                            other >> 6
                        ),
                    ));
                }
            }
        }
    }

    /// A resource record that must be an address: type A, class IN, 4 bytes of data
    /// (RFC 1035 §4.1.3, §3.4.1).
    fn a_record(&mut self) -> Result<ARecord, WireError> {
        let name = self.name("dns answer name")?;
        let rtype = self.u16("dns answer type")?;
        if rtype != rtype::A {
            return Err(WireError::new(
                "dns answer type",
                format!("is {rtype}; the game's answers are addresses, type A (1)"),
            ));
        }
        let class = self.u16("dns answer class")?;
        if class != class::IN {
            return Err(WireError::new(
                "dns answer class",
                format!("is {class}; the game's answers are of class IN (1), the Internet"),
            ));
        }
        let ttl = self.u32("dns answer ttl")?;
        let rdlength = self.u16("dns answer length")?;
        if rdlength != 4 {
            return Err(WireError::new(
                "dns answer length",
                format!("RDLENGTH is {rdlength}; an IPv4 address is 4 bytes (RFC 1035 §3.4.1)"),
            ));
        }
        let addr = Ipv4Addr::from(be32(self.take(4, "dns answer address")?, 0));
        Ok(ARecord { name, ttl, addr })
    }
}

/// The refusal of a message of `len` bytes, over what UDP may carry.
fn too_long(len: usize) -> WireError {
    WireError::new(
        "dns message length",
        format!(
            "{len} bytes is over the {MAX_UDP_LEN} a DNS message may have over UDP \
             (RFC 1035 §4.2.1)"
        ),
    )
}

/// `n` bytes of `msg` from `at`, or an error naming `field` and where the message ends.
fn slice<'a>(
    msg: &'a [u8],
    at: usize,
    n: usize,
    field: &'static str,
) -> Result<&'a [u8], WireError> {
    msg.get(at..at.saturating_add(n)).ok_or_else(|| {
        WireError::new(
            field,
            format!(
                "needs {n} byte(s) at offset {at}, the message ends after {} bytes",
                msg.len()
            ),
        )
    })
}

#[cfg(test)]
mod tests;
