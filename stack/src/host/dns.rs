//! DNS over UDP in the reference host: a stub resolver that asks one server and remembers
//! its open queries until the answer (RFC 1034 §5.3.1), and an authoritative server that
//! answers for its zone from a table (RFC 1034 §4.3.2). UDP keeps no connection, so what
//! ties an answer to its question is only what the answer repeats: the server's address and
//! port 53, our port, the ID and the question (RFC 5452 §3, §9.1). A forged answer that
//! guesses all of them is believed — that is why the ID and the port must be unpredictable
//! (RFC 5452 §9.2), and the lesson of the forged-answer fault.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::Host;
use crate::addr::{Endpoint, Ipv4Addr};
use crate::rng::Rng;
use crate::text::{Text, text};
use crate::wire::dns::{self, ARecord, DnsMessage, DnsName, rcode};
use crate::wire::{IpMeta, Packet};

/// The lowest source port a query uses: ports below 1024 are the well-known ones (RFC 6335
/// §6), which a resolver never picks for itself.
pub const FIRST_QUERY_PORT: u16 = 1024;

/// How many answers a host remembers (the newest), enough for a desk.
pub const RESOLVED_LIMIT: usize = 8;

/// One name of a zone and its address (an A record of class IN, RFC 1035 §3.4.1).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ZoneRecord {
    /// As written, e.g. `red.game`; compared without regard to case (RFC 4343).
    pub name: String,
    pub addr: Ipv4Addr,
    /// Seconds an asker may keep the answer (RFC 1035 §3.2.1).
    pub ttl: u32,
}

/// The table an authoritative server answers from: the zone's origin (`game`) and its
/// records. A name under the origin that is not in the table does not exist (NXDOMAIN);
/// a name outside the origin is not this server's to answer (REFUSED).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Zone {
    pub origin: String,
    pub records: Vec<ZoneRecord>,
}

/// Whether `name` is `origin` or below it, by labels and without regard to case.
pub fn in_zone(name: &str, origin: &str) -> bool {
    let (name, origin) = (name.trim_end_matches('.'), origin.trim_end_matches('.'));
    if origin.is_empty() {
        return true;
    }
    name.eq_ignore_ascii_case(origin)
        || name.len() > origin.len()
            && name
                .get(name.len() - origin.len()..)
                .is_some_and(|tail| tail.eq_ignore_ascii_case(origin))
            && name.as_bytes().get(name.len() - origin.len() - 1) == Some(&b'.')
}

impl Zone {
    /// The answer the zone's authoritative server gives to `query` (RFC 1034 §4.3.2): the
    /// records of the name with AA set and RCODE 0; NXDOMAIN (RCODE 3, no answer) for a
    /// name of the zone that does not exist; REFUSED for a name outside the zone, or a
    /// question that is not type A class IN (the only records the game has: NOTIMP).
    pub fn answer(&self, query: &DnsMessage) -> DnsMessage {
        let q = &query.question;
        let asked = q.name.to_string();
        if q.qtype != dns::rtype::A || q.qclass != dns::class::IN {
            return query.response(rcode::NOT_IMPLEMENTED, Vec::new());
        }
        if !in_zone(&asked, &self.origin) {
            return query.response(rcode::REFUSED, Vec::new());
        }
        let answers: Vec<ARecord> = self
            .records
            .iter()
            .filter(|r| r.name.trim_end_matches('.').eq_ignore_ascii_case(&asked))
            .map(|r| ARecord {
                name: q.name.clone(),
                ttl: r.ttl,
                addr: r.addr,
            })
            .collect();
        if answers.is_empty() {
            query.response(rcode::NAME_ERROR, Vec::new())
        } else {
            query.response(rcode::NO_ERROR, answers)
        }
    }
}

/// A query this host sent and whose answer it waits for.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct OpenQuery {
    pub id: u16,
    /// Our source port, where the answer must come back.
    pub port: u16,
    /// The server asked; the answer must come from its port 53.
    pub server: Ipv4Addr,
    /// The question's name, as asked.
    pub name: String,
}

/// What an answer said about a name.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Resolved {
    pub name: String,
    /// The first address of the answer; `None` when the name does not exist (or the
    /// server said another RCODE, kept in `rcode`).
    pub addr: Option<Ipv4Addr>,
    pub ttl: u32,
    pub rcode: u8,
    pub server: Ipv4Addr,
}

/// What DNS did in a host, for the desk and the ladder, each with its rule.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum DnsEvent {
    /// A query went out (or a person's query card was accepted).
    Asked { query: OpenQuery },
    /// The server answered a query for `name` with `rcode`.
    Answered {
        client: Endpoint,
        name: String,
        rcode: u8,
    },
    /// A client believed an answer.
    Resolved { resolved: Resolved },
    /// An arriving datagram was not taken, and why.
    Ignored {
        from: Endpoint,
        why: Text,
        rfc: &'static str,
    },
}

impl DnsEvent {
    /// The event in one sentence, both languages.
    pub fn text(&self) -> Text {
        match self {
            DnsEvent::Asked { query } => {
                let (name, server, id, port) = (&query.name, query.server, query.id, query.port);
                text!(
                    "asked {server} for the address of {name} (ID {id}, from port {port})",
                    "chiesto a {server} l'indirizzo di {name} (ID {id}, dalla porta {port})"
                )
            }
            DnsEvent::Answered {
                client,
                name,
                rcode,
            } => text!(
                "answered {client} about {name} with RCODE {rcode}",
                "risposto a {client} su {name} con RCODE {rcode}"
            ),
            DnsEvent::Resolved { resolved: r } => {
                let name = &r.name;
                match r.addr {
                    Some(addr) => {
                        let ttl = r.ttl;
                        text!(
                            "{name} is {addr} (keep it {ttl} s)",
                            "{name} è {addr} (valido per {ttl} s)"
                        )
                    }
                    None => {
                        let code = r.rcode;
                        text!(
                            "{name} has no address: RCODE {code}",
                            "{name} non ha indirizzo: RCODE {code}"
                        )
                    }
                }
            }
            DnsEvent::Ignored { from, why, .. } => why.map(|s| format!("{s} (from {from})")),
        }
    }

    /// The RFC section the event follows.
    pub fn rfc(&self) -> &'static str {
        match self {
            DnsEvent::Asked { .. } => "RFC 5452 §9.2",
            DnsEvent::Answered { .. } => "RFC 1034 §4.3.2",
            DnsEvent::Resolved { .. } => "RFC 1035 §4.1.1",
            DnsEvent::Ignored { rfc, .. } => rfc,
        }
    }
}

/// What DNS keeps in a host: the zone a DNS server answers for, a resolver's open queries
/// and the answers it believed, and the datagrams waiting to go.
#[derive(Clone, Debug, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct DnsState {
    zone: Option<Zone>,
    queries: Vec<OpenQuery>,
    resolved: Vec<Resolved>,
    udp_out: Vec<Packet>,
}

impl Host {
    fn dns_state(&self) -> Option<&DnsState> {
        self.dns.as_deref()
    }

    fn dns_mut(&mut self) -> &mut DnsState {
        self.dns.get_or_insert_with(Default::default)
    }

    /// Makes this host the authoritative server of `zone`, listening on UDP port 53.
    pub fn serve_zone(&mut self, zone: Zone) {
        self.dns_mut().zone = Some(zone);
    }

    /// The zone this host answers for, if it is a DNS server (read-only, for the desk).
    pub fn zone(&self) -> Option<&Zone> {
        self.dns_state().and_then(|d| d.zone.as_ref())
    }

    /// The queries waiting for their answer, oldest first.
    pub fn open_queries(&self) -> &[OpenQuery] {
        self.dns_state().map_or(&[], |d| &d.queries)
    }

    /// The answers believed, oldest first (at most [`RESOLVED_LIMIT`]).
    pub fn resolved(&self) -> &[Resolved] {
        self.dns_state().map_or(&[], |d| &d.resolved)
    }

    /// The newest address believed for `name`, if any.
    pub fn address_of(&self, name: &str) -> Option<Ipv4Addr> {
        self.resolved()
            .iter()
            .rev()
            .find(|r| r.name.eq_ignore_ascii_case(name))
            .and_then(|r| r.addr)
    }

    /// Datagrams a real stack would transmit now, oldest first.
    pub fn udp_outbox(&self) -> &[Packet] {
        self.dns_state().map_or(&[], |d| &d.udp_out)
    }

    pub fn take_udp_outbox(&mut self) -> Vec<Packet> {
        self.dns
            .as_mut()
            .map(|d| core::mem::take(&mut d.udp_out))
            .unwrap_or_default()
    }

    /// Takes the queued datagram `sent` stands for (same two endpoints), when there is
    /// one: a person wrote the card the stack owed.
    pub fn take_udp(&mut self, src: Endpoint, dst: Endpoint) -> Option<Packet> {
        let out = &mut self.dns.as_mut()?.udp_out;
        let at = out.iter().position(
            |p| matches!(p, Packet::Udp { src: s, dst: d, .. } if *s == src && *d == dst),
        )?;
        Some(out.remove(at))
    }

    /// A port for a new query: unpredictable, at least [`FIRST_QUERY_PORT`], and used by
    /// no other open query nor TCP connection (RFC 5452 §9.2, §10).
    pub fn fresh_query_port(&mut self) -> u16 {
        let span = u32::from(u16::MAX - FIRST_QUERY_PORT) + 1;
        loop {
            let offset = u16::try_from(self.rng.next_u32() % span).unwrap_or(0);
            let port = FIRST_QUERY_PORT + offset;
            if self.query_port_free(port) {
                return port;
            }
        }
    }

    /// Whether `port` may carry a new query: not below 1024, and not used by an open query
    /// or a TCP connection or listener of this host.
    pub fn query_port_free(&self, port: u16) -> bool {
        port >= FIRST_QUERY_PORT
            && !self.open_queries().iter().any(|q| q.port == port)
            && !self.listeners.contains_key(&port)
            && !self.conns.values().any(|t| t.local.port == port)
    }

    /// Asks `server` for the address of `name` (type A, class IN, RD set as a stub resolver
    /// does, RFC 1034 §5.3.1) from a fresh port with an unpredictable ID (RFC 5452 §9.2),
    /// and queues the query.
    pub fn resolve(&mut self, server: Ipv4Addr, name: DnsName) -> OpenQuery {
        let port = self.fresh_query_port();
        let id = u16::try_from(self.rng.next_u32() >> 16).unwrap_or(0);
        let query = DnsMessage::query(id, name);
        let packet = self.udp_packet(port, Endpoint::new(server, dns::PORT), &query);
        self.dns_mut().udp_out.push(packet.clone());
        self.remember_query(&packet).unwrap_or(OpenQuery {
            id,
            port,
            server,
            name: String::new(),
        })
    }

    /// Records the query `packet` carries as open (the host's own, or a person's card the
    /// referee let go), so its answer is recognised. `None` if it is not a DNS query.
    pub fn remember_query(&mut self, packet: &Packet) -> Option<OpenQuery> {
        let Packet::Udp { src, dst, .. } = packet else {
            return None;
        };
        let m = packet.dns().filter(|m| !m.header.response)?;
        let query = OpenQuery {
            id: m.header.id,
            port: src.port,
            server: dst.addr,
            name: m.question.name.to_string(),
        };
        let queries = &mut self.dns_mut().queries;
        queries.retain(|q| q.port != query.port);
        queries.push(query.clone());
        self.events.push(super::HostEvent::Dns(DnsEvent::Asked {
            query: query.clone(),
        }));
        Some(query)
    }

    fn udp_packet(&self, port: u16, dst: Endpoint, m: &DnsMessage) -> Packet {
        Packet::Udp {
            src: Endpoint::new(self.addr, port),
            dst,
            meta: IpMeta::default(),
            // Messages made here have one question and at most a zone's records.
            payload: m.encode().unwrap_or_default(),
        }
    }

    /// A UDP datagram addressed to this host: a query for the server, an answer for the
    /// resolver; anything else is ignored with the reason.
    pub fn on_udp(&mut self, src: Endpoint, dst: Endpoint, payload: &[u8]) {
        let message = match DnsMessage::parse(payload) {
            Ok(m) => m,
            Err(e) => {
                let reason = e.to_string();
                self.ignore(
                    src,
                    text!(
                        "datagram ignored: it is not a DNS message ({reason})",
                        "datagramma ignorato: non è un messaggio DNS ({reason})"
                    ),
                    "RFC 1035 §4.1",
                );
                return;
            }
        };
        if !message.header.response {
            self.on_query(src, dst, &message);
        } else {
            self.on_answer(src, dst, &message);
        }
    }

    fn ignore(&mut self, from: Endpoint, why: Text, rfc: &'static str) {
        self.events
            .push(super::HostEvent::Dns(DnsEvent::Ignored { from, why, rfc }));
    }

    /// RFC 1034 §4.3.2: an authoritative server answers from its zone, to the port the
    /// query came from (RFC 1035 §4.2.1).
    fn on_query(&mut self, src: Endpoint, dst: Endpoint, query: &DnsMessage) {
        let Some(zone) = self.zone() else {
            let port = dst.port;
            self.ignore(
                src,
                text!(
                    "DNS query ignored: this host runs no DNS server on port {port}",
                    "richiesta DNS ignorata: questo host non ha un server DNS sulla porta {port}"
                ),
                "RFC 1035 §4.2.1",
            );
            return;
        };
        if dst.port != dns::PORT {
            let port = dst.port;
            self.ignore(
                src,
                text!(
                    "DNS query ignored: the server listens on port 53, not {port}",
                    "richiesta DNS ignorata: il server ascolta sulla porta 53, non sulla {port}"
                ),
                "RFC 1035 §4.2.1",
            );
            return;
        }
        let answer = zone.answer(query);
        self.events.push(super::HostEvent::Dns(DnsEvent::Answered {
            client: src,
            name: query.question.name.to_string(),
            rcode: answer.header.rcode,
        }));
        let packet = self.udp_packet(dns::PORT, src, &answer);
        self.dns_mut().udp_out.push(packet);
    }

    /// RFC 5452 §3 and §9.1: an answer is accepted only from the server asked, from its
    /// port 53, to the port the query left from, with the query's ID and question. Any
    /// mismatch is ignored: that is all that stops a forged answer.
    fn on_answer(&mut self, src: Endpoint, dst: Endpoint, answer: &DnsMessage) {
        const RFC: &str = "RFC 5452 §9.1";
        let Some(at) = self.open_queries().iter().position(|q| q.port == dst.port) else {
            let port = dst.port;
            self.ignore(
                src,
                text!(
                    "DNS answer ignored: no query of ours waits on port {port}",
                    "risposta DNS ignorata: nessuna nostra domanda aspetta sulla porta {port}"
                ),
                RFC,
            );
            return;
        };
        let Some(q) = self.open_queries().get(at).cloned() else {
            return;
        };
        let asked = Endpoint::new(q.server, dns::PORT);
        let got_name = answer.question.name.to_string();
        let why = if src != asked {
            Some(text!(
                "DNS answer ignored: it comes from {src}, and we asked {asked}",
                "risposta DNS ignorata: arriva da {src}, e noi abbiamo chiesto a {asked}"
            ))
        } else if answer.header.id != q.id {
            let (got, want) = (answer.header.id, q.id);
            Some(text!(
                "DNS answer ignored: its ID is {got}, our query's is {want}",
                "risposta DNS ignorata: il suo ID è {got}, quello della nostra domanda è {want}"
            ))
        } else if !got_name.eq_ignore_ascii_case(&q.name)
            || answer.question.qtype != dns::rtype::A
            || answer.question.qclass != dns::class::IN
        {
            let want = &q.name;
            Some(text!(
                "DNS answer ignored: its question is {got_name}, we asked {want} A IN",
                "risposta DNS ignorata: la sua domanda è {got_name}, noi abbiamo chiesto \
                 {want} A IN"
            ))
        } else {
            None
        };
        if let Some(why) = why {
            self.ignore(src, why, RFC);
            return;
        }
        let state = self.dns_mut();
        state.queries.remove(at);
        let first = answer
            .answers
            .iter()
            .find(|a| a.name.to_string().eq_ignore_ascii_case(&q.name));
        let resolved = Resolved {
            name: q.name,
            addr: first
                .filter(|_| answer.header.rcode == rcode::NO_ERROR)
                .map(|a| a.addr),
            ttl: first.map_or(0, |a| a.ttl),
            rcode: answer.header.rcode,
            server: q.server,
        };
        if state.resolved.len() >= RESOLVED_LIMIT {
            state.resolved.remove(0);
        }
        state.resolved.push(resolved.clone());
        self.events
            .push(super::HostEvent::Dns(DnsEvent::Resolved { resolved }));
    }
}

#[cfg(test)]
pub(crate) mod tests;
